/**
 * The programme's headline figures for an area on a date (api.md `GET /api/v1/reports/summary`)
 * and their breakdowns for the report pages: by star, producer kind, product group and set,
 * commune, and old district (lists from before July 2025). One pass over the products
 * certified that day (GROUPING SETS), so every table of a report adds up to the same total.
 */
import type { Ctx } from '../../context';
import { PRODUCER_KINDS, type ProducerKind } from '../../domain/producer-kind';
import type { ReportArea } from './report-scope';
import { certifiedTotals, communeTotal, groupedCertified, type GroupedRow, type TotalRow } from './reports.repository';

export type StarCounts = { '3': number; '4': number; '5': number };

export interface Summary {
  area: { code: string | null; name: string };
  asOf: string;
  products: { certified: number; byStars: StarCounts; potentialFiveStar: number };
  producers: {
    withCertifiedProducts: number;
    byKind: Record<ProducerKind, { producers: number; products: number }>;
  };
  communes: { withCertifiedProducts: number; total: number };
}

export interface BreakdownRow {
  key: string;
  name: string;
  products: number;
  byStars: StarCounts;
  potentialFiveStar: number;
  producers: number;
}

export interface SummaryDetail extends Summary {
  byGroup: BreakdownRow[];
  byProductSet: (BreakdownRow & { group: string })[];
  byCommune: BreakdownRow[];
  /** Certified products whose list named an old district (records from before July 2025). */
  byOldDistrict: BreakdownRow[];
}

// grouping(kind, commune, top_group, set, old_district): 1 bit per column *not* grouped, high bit first.
const G_TOTAL = 0b11111;
const G_KIND = 0b01111;
const G_COMMUNE = 0b10111;
const G_GROUP = 0b11011;
const G_SET = 0b11001;
const G_DISTRICT = 0b11110;

const n = (v: unknown) => Number(v ?? 0);

function toRow(r: GroupedRow, key: string, name: string): BreakdownRow {
  return {
    key, name, products: n(r.products), byStars: { '3': n(r.s3), '4': n(r.s4), '5': n(r.s5) },
    potentialFiveStar: n(r.p5), producers: n(r.producers),
  };
}

const byProductsThenName = (a: BreakdownRow, b: BreakdownRow) => b.products - a.products || a.name.localeCompare(b.name, 'vi');

/** api.md's figures from the grand-total row of either query. */
function headline(area: Pick<ReportArea, 'code' | 'name'>, asOf: string, total: TotalRow | undefined, byKind: Summary['producers']['byKind'], communesTotal: number): Summary {
  return {
    area: { code: area.code, name: area.name },
    asOf,
    products: {
      certified: n(total?.products),
      byStars: { '3': n(total?.s3), '4': n(total?.s4), '5': n(total?.s5) },
      potentialFiveStar: n(total?.p5),
    },
    producers: { withCertifiedProducts: n(total?.producers), byKind },
    communes: { withCertifiedProducts: n(total?.communes), total: communesTotal },
  };
}

/** Every figure of the area on `asOf` (an ISO date the caller validated). */
export async function summaryDetail(ctx: Ctx, area: ReportArea, asOf: string): Promise<SummaryDetail> {
  const [grouped, communesTotal] = await Promise.all([
    groupedCertified(ctx, area, asOf),
    communeTotal(ctx, area),
  ]);

  const total = grouped.find((r) => r.g === G_TOTAL);
  const byKind = Object.fromEntries(PRODUCER_KINDS.map((k) => [k, { producers: 0, products: 0 }])) as Summary['producers']['byKind'];
  const byGroup: BreakdownRow[] = [];
  const byProductSet: SummaryDetail['byProductSet'] = [];
  const byCommune: BreakdownRow[] = [];
  const byOldDistrict: BreakdownRow[] = [];
  for (const r of grouped) {
    switch (r.g) {
      case G_KIND:
        if (r.kind) byKind[r.kind] = { producers: n(r.producers), products: n(r.products) };
        break;
      case G_COMMUNE:
        if (r.commune_code) byCommune.push(toRow(r, r.commune_code, r.commune_name ?? r.commune_code));
        break;
      case G_GROUP:
        byGroup.push(toRow(r, r.top_group ?? '', r.top_group_name ?? '—'));
        break;
      case G_SET:
        byProductSet.push({ ...toRow(r, r.product_set_code ?? '', r.product_set_name ?? r.product_set_code ?? '—'), group: r.top_group ?? '' });
        break;
      case G_DISTRICT:
        if (r.old_district) byOldDistrict.push(toRow(r, r.old_district, r.old_district));
        break;
    }
  }
  return {
    ...headline(area, asOf, total, byKind, communesTotal),
    byGroup: byGroup.sort(byProductsThenName),
    byProductSet: byProductSet.sort(byProductsThenName),
    byCommune: byCommune.sort(byProductsThenName),
    byOldDistrict: byOldDistrict.sort(byProductsThenName),
  };
}

/**
 * api.md's summary (the headline figures only): the same figures as summaryDetail, from a
 * lighter query — only the total and the producer kinds are grouped (the API and dashboards ask
 * for it often; the breakdowns' distinct counts cost most on the whole country).
 */
export async function summary(ctx: Ctx, area: ReportArea, asOf: string): Promise<Summary> {
  const [grouped, communesTotal] = await Promise.all([
    certifiedTotals(ctx, area, asOf),
    communeTotal(ctx, area),
  ]);
  return headlineOfTotals(area, asOf, grouped, communesTotal);
}

/**
 * The headline figures from rows grouped by grouping sets ((), (producer kind)): the grand total
 * (g = 1) and one row per kind (g = 0) — today's units or those of a date (then.service.ts).
 */
export function headlineOfTotals(
  area: Pick<ReportArea, 'code' | 'name'>, asOf: string, grouped: (TotalRow & Pick<GroupedRow, 'kind'> & { g: number })[], communesTotal: number,
): Summary {
  const byKind = Object.fromEntries(PRODUCER_KINDS.map((k) => [k, { producers: 0, products: 0 }])) as Summary['producers']['byKind'];
  for (const r of grouped) if (r.g === 0 && r.kind) byKind[r.kind] = { producers: n(r.producers), products: n(r.products) };
  return headline(area, asOf, grouped.find((r) => r.g === 1), byKind, communesTotal);
}
