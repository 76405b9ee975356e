/**
 * The queries of the programme reports (the only reports file that runs SQL besides the shared
 * fragments of certified-on.repository.ts): areas, the grouped figures of the products certified
 * on a day, the period's certificate changes, the evaluation pipeline and the exports' product list.
 */
import { sql } from 'drizzle-orm';
import { readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';
import type { ProducerKind } from '../../domain/producer-kind';
import { certifiedProducts, inArea } from './certified-on.repository';
import type { ReportArea } from './report-scope';

export interface AreaRow { code: string; name: string; level: 'province' | 'commune'; parent_code: string | null }

/** One area by code (null when unknown). */
export async function findAreaRow(ctx: Ctx, code: string): Promise<AreaRow | null> {
  const [row] = await rows<AreaRow>(readDb(ctx), sql`select code, name, level, parent_code from areas where code = ${code}`);
  return row ?? null;
}

/** Every province, by name. */
export function provinceRows(ctx: Ctx): Promise<AreaRow[]> {
  return rows<AreaRow>(readDb(ctx), sql`select code, name, level, parent_code from areas where level = 'province' order by name`);
}

/** The communes of a province, by name. */
export function communeRows(ctx: Ctx, provinceCode: string): Promise<AreaRow[]> {
  return rows<AreaRow>(readDb(ctx), sql`select code, name, level, parent_code from areas where level = 'commune' and parent_code = ${provinceCode} order by name`);
}

const n = (v: unknown) => Number(v ?? 0);

/** How many communes the area holds (1 for a commune). */
export async function communeTotal(ctx: Ctx, area: ReportArea): Promise<number> {
  if (area.level === 'commune') return 1;
  const filter = area.code === null ? sql`true` : sql`parent_code = ${area.code}`;
  const [r] = await rows<{ n: number }>(readDb(ctx), sql`select count(*)::int as n from areas where level = 'commune' and ${filter}`);
  return n(r?.n);
}

export interface GroupedRow {
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

export type TotalRow = Pick<GroupedRow, 'products' | 's3' | 's4' | 's5' | 'p5' | 'producers' | 'communes'>;

/** The figures of a group of certified products `v` (a TotalRow), as both queries below select them. */
const TOTALS = sql`count(*)::int as products,
        (count(*) filter (where v.stars = 3))::int as s3,
        (count(*) filter (where v.stars = 4))::int as s4,
        (count(*) filter (where v.stars = 5))::int as s5,
        (count(*) filter (where v.stars = 4 and v.potential_five_star))::int as p5,
        count(distinct v.producer_id)::int as producers,
        count(distinct v.commune_code)::int as communes`;

/**
 * The products certified in the area on `asOf`, grouped by grouping sets: (), kind, commune, top
 * group, (top group, set), old district; `g` is grouping(kind, commune, top_group, set, old_district).
 */
export function groupedCertified(ctx: Ctx, area: ReportArea, asOf: string): Promise<GroupedRow[]> {
  return rows<GroupedRow>(readDb(ctx), sql`
      select
        grouping(v.producer_kind, v.commune_code, v.top_group, v.product_set_code, v.old_district)::int as g,
        v.producer_kind as kind, v.commune_code, min(a.name) as commune_name,
        v.top_group, min(v.top_group_name) as top_group_name,
        min(v.classification) as classification, v.product_set_code, min(v.product_set_name) as product_set_name,
        v.old_district,
        ${TOTALS}
      from (${certifiedProducts(area, asOf)}) v
      left join areas a on a.code = v.commune_code
      group by grouping sets ((), (v.producer_kind), (v.commune_code), (v.top_group), (v.top_group, v.product_set_code), (v.old_district))`);
}

/** The headline figures only: the grand total (g = 1) and one row per producer kind (g = 0). */
export function certifiedTotals(ctx: Ctx, area: ReportArea, asOf: string) {
  return rows<TotalRow & Pick<GroupedRow, 'kind'> & { g: number }>(readDb(ctx), sql`
      select grouping(v.producer_kind)::int as g, v.producer_kind as kind,
        ${TOTALS}
      from (${certifiedProducts(area, asOf)}) v
      group by grouping sets ((), (v.producer_kind))`);
}

export type ChangeKind = 'new' | 'upgraded' | 'reissued' | 'expired' | 'revoked';

/** Certificates of the area that were new, upgraded, reissued, expired or revoked in [from, to], by star. */
export function periodChangeCounts(ctx: Ctx, area: ReportArea, from: string, to: string) {
  const where = inArea(area, sql`c.province_code`, sql`c.commune_code`);
  return rows<{ kind: ChangeKind; stars: number; n: number }>(readDb(ctx), sql`
    select k.kind, k.stars, count(*)::int as n from (
      select case
          when not exists (
            select 1 from certificates e where e.product_id = c.product_id and e.id <> c.id
              and (e.issued_on < c.issued_on or (e.issued_on = c.issued_on and e.id < c.id))) then 'new'
          when exists (
            select 1 from certificates p where p.product_id = c.product_id and p.id <> c.id and p.stars < c.stars
              and (p.superseded_by = c.id or (p.superseded_by is null and p.superseded_on = c.issued_on))) then 'upgraded'
          else 'reissued' end as kind,
        c.stars
      from certificates c
      where c.issued_on >= ${from}::date and c.issued_on <= ${to}::date and ${where}
      union all
      select 'expired', c.stars from certificates c
      where c.expires_on >= ${from}::date and c.expires_on <= ${to}::date and ${where}
        and (c.revoked_on is null or c.revoked_on >= c.expires_on)
        and (c.superseded_on is null or c.superseded_on >= c.expires_on)
      union all
      select 'revoked', c.stars from certificates c
      where c.revoked_on >= ${from}::date and c.revoked_on <= ${to}::date and ${where}
    ) k
    group by k.kind, k.stars`);
}

/**
 * Ideas, plans and dossiers submitted in [start, end) (timestamps) and certificates issued from
 * dossiers in [from, to] (days), in the area.
 */
export async function pipelineCounts(ctx: Ctx, area: ReportArea, days: { from: string; to: string }, times: { start: string; end: string }) {
  const { start, end } = times;
  const submitted = (table: string, alias: string) => sql`(select count(*)::int from ${sql.raw(table)} ${sql.raw(alias)}
    where ${sql.raw(alias)}.submitted_at >= ${start}::timestamptz and ${sql.raw(alias)}.submitted_at < ${end}::timestamptz
      and ${inArea(area, sql.raw(`${alias}.province_code`), sql.raw(`${alias}.commune_code`))})`;
  const [r] = await rows<{ ideas: number; plans: number; dossiers: number; certified: number }>(readDb(ctx), sql`
    select ${submitted('product_ideas', 'i')} as ideas, ${submitted('business_plans', 'b')} as plans,
      ${submitted('dossiers', 'd')} as dossiers,
      (select count(*)::int from certificates c where c.dossier_id is not null
        and c.issued_on >= ${days.from}::date and c.issued_on <= ${days.to}::date
        and ${inArea(area, sql`c.province_code`, sql`c.commune_code`)}) as certified`);
  return r;
}

/** One product certified on the report's day, as the product list of the exports shows it. */
export interface CertifiedProductRow {
  product: string;
  productSet: string;
  producer: string;
  producerKind: ProducerKind;
  commune: string;
  stars: number;
  potentialFiveStar: boolean;
  certificateNumber: string;
  issuedOn: string;
  expiresOn: string;
  decisionNumber: string;
  decisionDate: string;
  oldDistrict: string | null;
}

/** Every product certified in the area on `asOf` (unsorted). */
export async function certifiedProductList(ctx: Ctx, area: ReportArea, asOf: string): Promise<CertifiedProductRow[]> {
  const list = await rows<CertifiedProductRow>(readDb(ctx), sql`
    select p.name as product, coalesce(v.product_set_name, v.product_set_code) as "productSet", pr.name as producer,
      v.producer_kind as "producerKind", coalesce(a.name, v.commune_code) as commune, v.stars,
      v.potential_five_star as "potentialFiveStar", c.number as "certificateNumber",
      v.issued_on::text as "issuedOn", v.expires_on::text as "expiresOn",
      d.number as "decisionNumber", d.decision_date::text as "decisionDate", v.old_district as "oldDistrict"
    from (${certifiedProducts(area, asOf)}) v
    join certificates c on c.id = v.certificate_id
    join products p on p.id = v.product_id
    join producers pr on pr.id = v.producer_id
    join decisions d on d.id = c.decision_id
    left join areas a on a.code = v.commune_code`);
  for (const r of list) r.stars = n(r.stars);
  return list;
}
