/**
 * The programme's headline figures for an area on a date (api.md `GET /api/v1/reports/summary`)
 * and their breakdowns for the report pages: by star, producer kind, product group and set,
 * commune, and old district (lists from before July 2025). One pass over the products
 * certified that day (GROUPING SETS), so every table of a report adds up to the same total.
 */
import { sql } from 'drizzle-orm';
import { readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { PRODUCER_KINDS, type ProducerKind } from '../../domain/producer-kind';
import { certifiedProducts } from './certified-on';
import type { ReportArea } from './report-scope';

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

interface GroupedRow {
  g: number;
  kind: ProducerKind | null;
  commune_code: string | null;
  commune_name: string | null;
  top_group: string | null;
  top_group_name: string | null;
  classification: string | null;
  product_set_code: string | null;
  product_set_name: string | null;
  old_district: string | null;
  products: number;
  s3: number;
  s4: number;
  s5: number;
  p5: number;
  producers: number;
  communes: number;
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

async function communeTotal(ctx: Ctx, area: ReportArea): Promise<number> {
  if (area.level === 'commune') return 1;
  const filter = area.code === null ? sql`true` : sql`parent_code = ${area.code}`;
  const [r] = await rows<{ n: number }>(readDb(ctx), sql`select count(*)::int as n from areas where level = 'commune' and ${filter}`);
  return n(r?.n);
}

type TotalRow = Pick<GroupedRow, 'products' | 's3' | 's4' | 's5' | 'p5' | 'producers' | 'communes'>;

/** api.md's figures from the grand-total row of either query. */
function headline(area: ReportArea, asOf: string, total: TotalRow | undefined, byKind: Summary['producers']['byKind'], communesTotal: number): Summary {
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
    rows<GroupedRow>(readDb(ctx), sql`
      select
        grouping(v.producer_kind, v.commune_code, v.top_group, v.product_set_code, v.old_district)::int as g,
        v.producer_kind as kind, v.commune_code, min(a.name) as commune_name,
        v.top_group, min(v.top_group_name) as top_group_name,
        min(v.classification) as classification, v.product_set_code, min(v.product_set_name) as product_set_name,
        v.old_district,
        count(*)::int as products,
        (count(*) filter (where v.stars = 3))::int as s3,
        (count(*) filter (where v.stars = 4))::int as s4,
        (count(*) filter (where v.stars = 5))::int as s5,
        (count(*) filter (where v.stars = 4 and v.potential_five_star))::int as p5,
        count(distinct v.producer_id)::int as producers,
        count(distinct v.commune_code)::int as communes
      from (${certifiedProducts(area, asOf)}) v
      left join areas a on a.code = v.commune_code
      group by grouping sets ((), (v.producer_kind), (v.commune_code), (v.top_group), (v.top_group, v.product_set_code), (v.old_district))`),
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
    rows<TotalRow & Pick<GroupedRow, 'kind'> & { g: number }>(readDb(ctx), sql`
      select grouping(v.producer_kind)::int as g, v.producer_kind as kind,
        count(*)::int as products,
        (count(*) filter (where v.stars = 3))::int as s3,
        (count(*) filter (where v.stars = 4))::int as s4,
        (count(*) filter (where v.stars = 5))::int as s5,
        (count(*) filter (where v.stars = 4 and v.potential_five_star))::int as p5,
        count(distinct v.producer_id)::int as producers,
        count(distinct v.commune_code)::int as communes
      from (${certifiedProducts(area, asOf)}) v
      group by grouping sets ((), (v.producer_kind))`),
    communeTotal(ctx, area),
  ]);
  const total = grouped.find((r) => r.g === 1);
  const byKind = Object.fromEntries(PRODUCER_KINDS.map((k) => [k, { producers: 0, products: 0 }])) as Summary['producers']['byKind'];
  for (const r of grouped) if (r.g === 0 && r.kind) byKind[r.kind] = { producers: n(r.producers), products: n(r.products) };
  return headline(area, asOf, total, byKind, communesTotal);
}
