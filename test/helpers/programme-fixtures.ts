/**
 * A province's certified-product list imported as api.md describes, for the reports, targets
 * and dashboards tests: `importCertifiedList(ctx, rows)` writes the CSV and runs the real import
 * (all-or-nothing; throws with the first row errors when it fails).
 */
import type { Ctx } from '../../src/context';
import { runImport } from '../../src/modules/imports/import.service';

export interface ListRow {
  product: string;
  producer: string;
  /** enterprise | cooperative | cooperative_group | household, or the Vietnamese names. */
  kind: string;
  commune: string;
  stars: 3 | 4 | 5;
  decisionNumber: string;
  /** YYYY-MM-DD or dd/mm/yyyy. */
  decisionDate: string;
  productSet?: string;
  potentialFiveStar?: boolean;
  oldDistrict?: string;
  certificateNumber?: string;
}

const HEADER = 'product_name,product_set,producer_name,producer_kind,commune_code,stars,decision_number,decision_date,certificate_number,potential_five_star,old_district';
const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function certifiedListCsv(rows: readonly ListRow[]): Buffer {
  const lines = rows.map((r) => [
    r.product, r.productSet ?? '4', r.producer, r.kind, r.commune, String(r.stars), r.decisionNumber, r.decisionDate,
    r.certificateNumber ?? '', r.potentialFiveStar ? 'có' : 'không', r.oldDistrict ?? '',
  ].map(cell).join(','));
  return Buffer.from(`${[HEADER, ...lines].join('\n')}\n`, 'utf8');
}

export async function importCertifiedList(ctx: Ctx, rows: readonly ListRow[], name = 'danh-sach-ocop.csv'): Promise<void> {
  const outcome = await runImport(ctx, 'certified-products', { name, data: certifiedListCsv(rows) });
  if (!outcome.ok) throw new Error(`certified list import failed: ${JSON.stringify(outcome.errors.slice(0, 3))}`);
}
