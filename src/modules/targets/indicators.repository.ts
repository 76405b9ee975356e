/** The indicators' values in SQL (indicators.ts describes them and docs/decisions/013-targets.md the choices). */
import { sql, type SQL } from 'drizzle-orm';
import { readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { addDays } from '../../domain/target-progress';
import { certifiedProducts, inArea } from '../reports/certified-on.repository';
import type { ReportArea } from '../reports/report-scope';
import type { Indicator } from './targets.tables';
import { INDICATOR_INFO, MODERN_CHANNELS, ORGANISED_KINDS } from './indicators';

const n = (v: unknown) => Number(v ?? 0);
const percent = (part: number, whole: number) => (whole <= 0 ? 0 : Math.round((part / whole) * 10_000) / 100);

async function one(ctx: Ctx, query: SQL): Promise<Record<string, unknown>> {
  const [r] = await rows<Record<string, unknown>>(readDb(ctx), query);
  return r ?? {};
}

async function communeTotal(ctx: Ctx, area: ReportArea): Promise<number> {
  if (area.level === 'commune') return 1;
  const filter = area.code === null ? sql`true` : sql`parent_code = ${area.code}`;
  return n((await one(ctx, sql`select count(*)::int as n from areas where level = 'commune' and ${filter}`)).n);
}

/** Events of a count indicator from `from` to `to` (inclusive). */
async function countBetween(ctx: Ctx, indicator: Indicator, area: ReportArea, from: string, to: string): Promise<number> {
  if (to < from) return 0;
  switch (indicator) {
    case 'new_certified_products':
      // A product's first certificate (renewals and upgrades are not new products).
      return n((await one(ctx, sql`
        select count(*)::int as n from certificates c
        where c.issued_on between ${from}::date and ${to}::date
          and ${inArea(area, sql`c.province_code`, sql`c.commune_code`)}
          and not exists (
            select 1 from certificates e where e.product_id = c.product_id
              and (e.issued_on < c.issued_on or (e.issued_on = c.issued_on and e.id < c.id)))`)).n);
    case 'outlets_opened':
      return n((await one(ctx, sql`
        select count(*)::int as n from outlets o
        where o.opened_on between ${from}::date and ${to}::date
          and ${inArea(area, sql`o.province_code`, sql`o.commune_code`)}`)).n);
    case 'training_courses_held':
      return n((await one(ctx, sql`
        select count(*)::int as n from training_courses t
        where t.ends_on between ${from}::date and ${to}::date
          and ${inArea(area, sql`t.province_code`, sql`t.commune_code`)}`)).n);
    case 'inspections_done':
      return n((await one(ctx, sql`
        select count(*)::int as n from inspection_visits v
        where v.visited_on between ${from}::date and ${to}::date
          and ${inArea(area, sql`v.province_code`, sql`v.commune_code`)}`)).n);
    default:
      throw new Error(`${indicator} is not a count indicator`);
  }
}

/** A level indicator on `day`. */
async function levelOn(ctx: Ctx, indicator: Indicator, area: ReportArea, day: string): Promise<number> {
  const certified = certifiedProducts(area, day);
  switch (indicator) {
    case 'four_star_products':
      return n((await one(ctx, sql`select count(*)::int as n from (${certified}) v where v.stars = 4`)).n);
    case 'five_star_products':
      return n((await one(ctx, sql`select count(*)::int as n from (${certified}) v where v.stars = 5`)).n);
    case 'potential_five_star':
      return n((await one(ctx, sql`select count(*)::int as n from (${certified}) v where v.stars = 4 and v.potential_five_star`)).n);
    case 'four_five_star_share': {
      const r = await one(ctx, sql`select count(*)::int as total, (count(*) filter (where v.stars >= 4))::int as part from (${certified}) v`);
      return percent(n(r.part), n(r.total));
    }
    case 'organised_producer_share': {
      const kinds = sql.join(ORGANISED_KINDS.map((k) => sql`${k}`), sql`, `);
      const r = await one(ctx, sql`
        select count(distinct v.producer_id)::int as total,
          (count(distinct v.producer_id) filter (where v.producer_kind in (${kinds})))::int as part
        from (${certified}) v`);
      return percent(n(r.part), n(r.total));
    }
    case 'communes_with_products':
      return n((await one(ctx, sql`select count(distinct v.commune_code)::int as n from (${certified}) v`)).n);
    case 'communes_with_products_share': {
      const [r, total] = await Promise.all([
        one(ctx, sql`select count(distinct v.commune_code)::int as n from (${certified}) v`),
        communeTotal(ctx, area),
      ]);
      return percent(n(r.n), total);
    }
    case 'modern_channel_producer_share': {
      // A producer counts when one of its products certified that day is carried, that day, by
      // a supermarket or an online shop (anywhere in the country) that is open.
      const kinds = sql.join(MODERN_CHANNELS.map((k) => sql`${k}`), sql`, `);
      const r = await one(ctx, sql`
        select count(distinct v.producer_id)::int as total,
          (count(distinct v.producer_id) filter (where exists (
            select 1 from outlet_products op join outlets o on o.id = op.outlet_id
            where op.product_id = v.product_id and o.kind in (${kinds})
              and (o.opened_on is null or o.opened_on <= ${day}::date)
              and (o.closed_on is null or o.closed_on > ${day}::date)
              and (op.since is null or op.since <= ${day}::date))))::int as part
        from (${certified}) v`);
      return percent(n(r.part), n(r.total));
    }
    default:
      throw new Error(`${indicator} is not a level indicator`);
  }
}

/**
 * The indicator's value for the period as of `day`: a count of events from `periodStart` to
 * min(day, periodEnd) (0 before the period), or the level on min(day, periodEnd).
 */
export async function indicatorValue(ctx: Ctx, indicator: Indicator, area: ReportArea,
  period: { start: string; end: string }, day: string): Promise<number> {
  const upTo = day < period.end ? day : period.end;
  if (INDICATOR_INFO[indicator].kind === 'count') return countBetween(ctx, indicator, area, period.start, upTo);
  return levelOn(ctx, indicator, area, upTo);
}

/** The level just before the period started (0 for count indicators). */
export async function indicatorBaseline(ctx: Ctx, indicator: Indicator, area: ReportArea, periodStart: string): Promise<number> {
  if (INDICATOR_INFO[indicator].kind === 'count') return 0;
  return levelOn(ctx, indicator, area, addDays(periodStart, -1));
}
