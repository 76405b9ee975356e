/**
 * Exports of producers, products and certified products in the import formats (same columns,
 * so an export re-imports), as CSV (UTF-8 with BOM) or XLSX, limited to the actor's area.
 */
import type { Actor, Ctx } from '../../context';
import { AppError } from '../../errors';
import { todayInVietnam } from '../../domain/dates';
import { beforeReform } from '../../domain/admin-units';
import { canListRegistry, registryScope } from '../registry/registry.policy';
import { COLUMNS, headerLabel, type ColumnKey, type ExportKind } from './columns';
import * as repo from './export.repository';
import { CSV_TYPE, toCsv, toXlsx, XLSX_TYPE, type Cell, type FileDownload } from '../../files/spreadsheet';
import type { DownloadFormat } from './templates';

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

type Row = Partial<Record<ColumnKey, Cell>>;

async function* pages<T>(fetch: (offset: number) => Promise<T[]>): AsyncGenerator<T> {
  for (let offset = 0; ; offset += repo.EXPORT_PAGE) {
    const page = await fetch(offset);
    yield* page;
    if (page.length < repo.EXPORT_PAGE) return;
  }
}

function source(ctx: Ctx, actor: Actor, kind: ExportKind): AsyncGenerator<Row> {
  const scope = registryScope(actor);
  switch (kind) {
    case 'producers': {
      return (async function* () {
        for await (const p of pages((o) => repo.producerPage(ctx, scope, o))) {
          yield {
            name: p.name, kind: p.kind, tax_code: p.taxCode, commune_code: p.communeCode, address: p.address,
            representative: p.representative, phone: p.phone, email: p.email, founded_year: p.foundedYear,
            members: p.members, women_led: yesNo(p.womenLed), ethnic_minority_led: yesNo(p.ethnicMinorityLed),
          };
        }
      })();
    }
    case 'products': {
      return (async function* () {
        for await (const p of pages((o) => repo.productPage(ctx, scope, o))) {
          yield {
            producer_tax_code: p.producerTaxCode, producer_name: p.producerName, commune_code: p.communeCode,
            product_name: p.name, product_set: p.productSetCode, description: p.description, gtin: p.gtin,
          };
        }
      })();
    }
    case 'certified-products': {
      return (async function* () {
        for await (const c of pages((o) => repo.certifiedPage(ctx, scope, o))) {
          // A record of before July 2025 is written with its commune of that date, and today's beside it.
          const old = c.communeCodeThen && beforeReform(c.decisionDate) ? c.communeCodeThen : null;
          yield {
            product_name: c.productName, product_set: c.productSetCode, producer_name: c.producerName,
            producer_kind: c.producerKind, tax_code: c.taxCode, commune_code: old ?? c.communeCode, address: c.address,
            stars: c.stars, decision_number: c.decisionNumber, decision_date: { date: c.decisionDate },
            certificate_number: c.certificateNumber, potential_five_star: yesNo(c.potentialFiveStar),
            old_district: c.oldDistrict ?? '', decision_level: c.decisionLevel, issuer: c.issuer,
            commune_code_now: old ? c.communeCode : '',
          };
        }
      })();
    }
  }
}

export async function exportData(ctx: Ctx, kind: ExportKind, format: DownloadFormat): Promise<FileDownload> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('unauthenticated', 'authentication required');
  if (!canListRegistry(actor)) throw new AppError('forbidden', 'not allowed');
  const specs = COLUMNS[kind];
  const header = specs.map(headerLabel);
  const rows: Cell[][] = [];
  for await (const r of source(ctx, actor, kind)) rows.push(specs.map((s) => r[s.key] ?? null));
  const stamp = todayInVietnam(ctx.deps.clock());
  const fileName = `ocop-${kind}-${stamp}.${format}`;
  if (format === 'csv') return { fileName, contentType: CSV_TYPE, body: toCsv({ header, rows }) };
  return { fileName, contentType: XLSX_TYPE, body: await toXlsx([{ name: kind, header, rows }]) };
}
