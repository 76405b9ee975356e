/**
 * The dashboard's figures in SQL, each scoped to a report area (src/modules/reports/report-scope.ts)
 * and computed from the certificates' own dates (src/modules/reports/certified-on.repository.ts), never from
 * products.status:
 * - certified products by star at a list of days (month ends), in one statement;
 * - certified products by star per product group and per province (the country) or commune (a province) on a day;
 * - the pipeline of a year: ideas, business plans and dossiers submitted, products certified;
 * - certificates valid today that expire within a window;
 * - dossiers by status.
 */
import { sql, type SQL } from 'drizzle-orm';
import { readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';
import type { DossierStatus } from '../../domain/dossier';
import { certifiedProducts, inArea } from '../reports/certified-on.repository';
import type { ReportArea } from '../reports/report-scope';

const n = (v: unknown) => Number(v ?? 0);

/**
 * certified-on.repository.ts's validity rule with the day taken from a column (`validOnDay` takes a
 * literal date): issued_on <= d < expires_on, not revoked or superseded on or before d.
 */
const validOnColumn = (day: SQL): SQL => sql`c.issued_on <= ${day} and c.expires_on > ${day}
  and (c.revoked_on is null or c.revoked_on > ${day})
  and (c.superseded_on is null or c.superseded_on > ${day})`;

export interface StarPoint { day: string; s3: number; s4: number; s5: number }

/**
 * Certified products by star at the end of each of the `months` - 1 months before `today`'s
 * month and on `today` (the days of dashboard.service.ts `seriesDays`), in one statement: the
 * days come from generate_series; a certificate counts on day d when issued_on <= d < the first
 * of expires_on, revoked_on and superseded_on — certified-on.repository.ts's rule. Counting is done with
 * start (+1) and end (−1) events summed up to each day, so the cost does not grow with
 * days × certificates; the few products holding overlapping certificates are counted per day
 * and product instead, once, at the higher star.
 */
export async function starsAtMonthEnds(ctx: Ctx, area: ReportArea, today: string, months: number): Promise<StarPoint[]> {
  const found = await rows<{ day: string; s3: number; s4: number; s5: number }>(readDb(ctx), sql`
    with days(day) as (
      select (m + interval '1 month' - interval '1 day')::date
      from generate_series(date_trunc('month', ${today}::date) - make_interval(months => ${months - 1}),
                           date_trunc('month', ${today}::date) - interval '1 month', interval '1 month') m
      union all select ${today}::date
    ),
    cert as (
      select c.product_id, c.stars, c.issued_on as f, least(c.expires_on, c.revoked_on, c.superseded_on) as t
      from certificates c
      where ${inArea(area, sql`c.province_code`, sql`c.commune_code`)}
        and c.issued_on <= ${today}::date and c.expires_on > (select min(day) from days)
    ),
    marked as (
      select cert.*, coalesce(max(t) over (partition by product_id order by f, t rows between unbounded preceding and 1 preceding) > f, false) as overlap_prev
      from cert where t > f
    ),
    multi as (select product_id from marked group by product_id having bool_or(overlap_prev)),
    single as (select * from marked m where not exists (select 1 from multi x where x.product_id = m.product_id)),
    events as (
      select ev_day, stars, sum(delta)::int as delta from (
        select f as ev_day, stars, 1 as delta from single
        union all
        select t as ev_day, stars, -1 as delta from single
      ) e group by ev_day, stars
    ),
    from_events as (
      select d.day,
        coalesce(sum(e.delta) filter (where e.stars = 3), 0)::int as s3,
        coalesce(sum(e.delta) filter (where e.stars = 4), 0)::int as s4,
        coalesce(sum(e.delta) filter (where e.stars = 5), 0)::int as s5
      from days d join events e on e.ev_day <= d.day group by d.day
    ),
    from_multi as (
      select day,
        (count(*) filter (where stars = 3))::int as s3,
        (count(*) filter (where stars = 4))::int as s4,
        (count(*) filter (where stars = 5))::int as s5
      from (
        select d.day, m.product_id, max(m.stars) as stars
        from days d join marked m on m.f <= d.day and m.t > d.day
        where m.product_id in (select product_id from multi)
        group by d.day, m.product_id
      ) p group by day
    )
    select to_char(d.day, 'YYYY-MM-DD') as day,
      (coalesce(e.s3, 0) + coalesce(p.s3, 0))::int as s3,
      (coalesce(e.s4, 0) + coalesce(p.s4, 0))::int as s4,
      (coalesce(e.s5, 0) + coalesce(p.s5, 0))::int as s5
    from days d left join from_events e on e.day = d.day left join from_multi p on p.day = d.day
    order by d.day`);
  return found.map((r) => ({ day: r.day, s3: n(r.s3), s4: n(r.s4), s5: n(r.s5) }));
}

/** A breakdown row of the dashboard: certified products by star (no distinct counts). */
export interface StarRow { key: string; name: string; products: number; byStars: { 3: number; 4: number; 5: number } }

/**
 * Certified products on `day` by star, per product group and per area inside `area` (its
 * provinces for the country, its communes for a province, nothing more for a commune), from
 * certified-on.repository.ts's products in one statement. Only counts by star: the report pages' distinct
 * producer counts per breakdown are what makes the country's full report slow, and the
 * dashboard does not show them. The headline figures come from the reports' `summary`.
 */
export async function starsByGroupAndArea(ctx: Ctx, area: ReportArea, day: string): Promise<{ byGroup: StarRow[]; byArea: StarRow[] }> {
  const inner = area.level === 'country' ? sql`v.province_code` : area.level === 'province' ? sql`v.commune_code` : sql`null::text`;
  const found = await rows<{ g: number; key: string | null; name: string | null; products: number; s3: number; s4: number; s5: number }>(readDb(ctx), sql`
    select g, key, coalesce(case when g = 1 then x.group_name else a.name end, key) as name, products, s3, s4, s5
    from (
      select grouping(v.top_group, ${inner})::int as g,
        coalesce(v.top_group, ${inner}) as key, min(v.top_group_name) as group_name,
        count(*)::int as products,
        (count(*) filter (where v.stars = 3))::int as s3,
        (count(*) filter (where v.stars = 4))::int as s4,
        (count(*) filter (where v.stars = 5))::int as s5
      from (${certifiedProducts(area, day)}) v
      group by grouping sets ((v.top_group), (${inner}))
    ) x
    left join areas a on x.g = 2 and a.code = x.key`);
  const byGroup: StarRow[] = [];
  const byArea: StarRow[] = [];
  for (const r of found) {
    const row: StarRow = { key: r.key ?? '', name: r.name ?? '—', products: n(r.products), byStars: { 3: n(r.s3), 4: n(r.s4), 5: n(r.s5) } };
    if (r.g === 1) byGroup.push(row);
    else if (r.key !== null) byArea.push(row);
  }
  const byProducts = (a: StarRow, b: StarRow) => b.products - a.products || a.name.localeCompare(b.name, 'vi');
  return { byGroup: byGroup.sort(byProducts), byArea: byArea.sort(byProducts) };
}

export interface Pipeline { ideas: number; plans: number; dossiers: number; certified: number }

/**
 * The year's pipeline in the area: product ideas, business plans and evaluation dossiers
 * submitted from `from` (an instant) on, and products given a certificate issued from
 * `fromDay` to `toDay` (inclusive).
 */
export async function pipeline(ctx: Ctx, area: ReportArea, from: Date, fromDay: string, toDay: string): Promise<Pipeline> {
  const where = (t: string) => inArea(area, sql.raw(`${t}.province_code`), sql.raw(`${t}.commune_code`));
  const [r] = await rows<Pipeline>(readDb(ctx), sql`
    select
      (select count(*) from product_ideas i where i.submitted_at >= ${from.toISOString()}::timestamptz and ${where('i')})::int as ideas,
      (select count(*) from business_plans b where b.submitted_at >= ${from.toISOString()}::timestamptz and ${where('b')})::int as plans,
      (select count(*) from dossiers d where d.submitted_at >= ${from.toISOString()}::timestamptz and ${where('d')})::int as dossiers,
      (select count(distinct c.product_id) from certificates c
        where c.issued_on >= ${fromDay}::date and c.issued_on <= ${toDay}::date and ${where('c')})::int as certified`);
  return { ideas: n(r?.ideas), plans: n(r?.plans), dossiers: n(r?.dossiers), certified: n(r?.certified) };
}

export interface ExpiringCertificate {
  number: string;
  stars: number;
  expiresOn: string;
  productId: string;
  productName: string;
  producerName: string;
  communeName: string;
}

/**
 * Certificates valid on `today` that expire on or before `until` (soonest first, at most
 * `limit`), and how many there are in all.
 */
export async function expiringCertificates(ctx: Ctx, area: ReportArea, today: string, until: string, limit: number)
  : Promise<{ items: ExpiringCertificate[]; total: number }> {
  const cond = sql`${validOnColumn(sql`${today}::date`)} and c.expires_on <= ${until}::date
    and ${inArea(area, sql`c.province_code`, sql`c.commune_code`)}`;
  const [items, [count]] = await Promise.all([
    rows<ExpiringCertificate>(readDb(ctx), sql`
      select c.number, c.stars::int as stars, to_char(c.expires_on, 'YYYY-MM-DD') as "expiresOn",
        p.id as "productId", p.name as "productName", pr.name as "producerName", coalesce(a.name, c.commune_code) as "communeName"
      from certificates c
      join products p on p.id = c.product_id
      join producers pr on pr.id = p.producer_id
      left join areas a on a.code = c.commune_code
      where ${cond}
      order by c.expires_on, p.name, c.number
      limit ${limit}`),
    rows<{ total: number }>(readDb(ctx), sql`select count(*)::int as total from certificates c where ${cond}`),
  ]);
  return { items: items.map((i) => ({ ...i, stars: n(i.stars) })), total: n(count?.total) };
}

/** Dossiers of the area per status (statuses with none are absent). */
export async function dossiersByStatus(ctx: Ctx, area: ReportArea): Promise<Partial<Record<DossierStatus, number>>> {
  const found = await rows<{ status: DossierStatus; n: number }>(readDb(ctx), sql`
    select d.status, count(*)::int as n from dossiers d
    where ${inArea(area, sql`d.province_code`, sql`d.commune_code`)}
    group by d.status`);
  return Object.fromEntries(found.map((r) => [r.status, n(r.n)]));
}

/** The communes of a province, by name (for the dashboard's area switch). */
export async function communesOf(ctx: Ctx, provinceCode: string): Promise<{ code: string; name: string }[]> {
  const found = await rows<{ code: string; name: string }>(readDb(ctx), sql`
    select code, name from areas where level = 'commune' and parent_code = ${provinceCode}`);
  return found.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

/** The provinces, by name (the national dashboard's area switch). */
export async function provincesList(ctx: Ctx): Promise<{ code: string; name: string }[]> {
  const found = await rows<{ code: string; name: string }>(readDb(ctx), sql`select code, name from areas where level = 'province'`);
  return found.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}
