/**
 * Trade connection figures ("kết nối cung – cầu") of a report area over a period, read from the
 * trade tables (the reports module may not import the trade module — the module map; reading its
 * tables is free). docs/decisions/040-trade-figures.md says what counts where:
 *
 * - demands: posted in the period (Vietnam's day of `created_at`), cancelled ones aside; placed by
 *   their delivery province; the set and minimum stars they ask for;
 * - offers: made in the period, withdrawn ones aside; value = unit price × quantity; placed by the
 *   producer's province; the product's set and the stars of its certificate valid on that day;
 * - agreements ("hợp đồng tiêu thụ", domain COUNTED_AGREEMENT_STATUSES): signed in the period
 *   (`signed_on`, else the day recorded); negotiating ones recorded in the period apart; placed,
 *   set and stars as frozen on the agreement;
 * - event results: exhibitors' reported sales at published events ending in the period, placed
 *   by the event's province; the sets and stars of the products each exhibitor brought.
 *
 * One statement: every fact once per (kind, id) and dimension — a fact with several sets or stars
 * (an exhibitor bringing several products) counts on each of their rows and once in its province
 * — then counted and summed by dimension and key.
 */
import { sql, type SQL } from 'drizzle-orm';
import { readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { COUNTED_AGREEMENT_STATUSES } from '../../domain/trade';
import { CURRENT_CLASSIFICATION } from '../registry/reference-data';
import type { ReportArea } from './report-scope';

export type TradeDimension = 'province' | 'set' | 'stars';

export interface TradeGroupRow {
  dim: TradeDimension;
  key: string | null;
  label: string | null;
  demands: number;
  offers: number;
  offer_value: number;
  agreements: number;
  agreement_value: number;
  /** Of the agreements: those signed at an event. */
  at_events: number;
  at_events_value: number;
  negotiating: number;
  negotiating_value: number;
  /** Events ending in the period (province rows only). */
  events: number;
  /** Exhibitors' reported results and their sales. */
  results: number;
  sales: number;
  /** SAMPLE (demo) records among those counted. */
  sample: number;
}

const day = (at: SQL) => sql`(${at} at time zone 'Asia/Ho_Chi_Minh')::date`;

/** Stars of the product's certificate valid on `on` (the highest, when two overlap). */
const starsOn = (product: SQL, on: SQL) => sql`(select max(c.stars) from certificates c where c.product_id = ${product}
  and c.issued_on <= ${on} and c.expires_on > ${on}
  and (c.revoked_on is null or c.revoked_on > ${on}) and (c.superseded_on is null or c.superseded_on > ${on}))`;

/** The area condition on a fact's province and commune columns. */
const inArea = (area: ReportArea, province: SQL, commune: SQL): SQL =>
  area.level === 'country' ? sql`true` : area.level === 'province' ? sql`${province} = ${area.code}` : sql`${commune} = ${area.code}`;

export async function tradeFigureRows(ctx: Ctx, area: ReportArea, from: string, to: string): Promise<TradeGroupRow[]> {
  const between = (d: SQL) => sql`${d} between ${from}::date and ${to}::date`;
  const counted = sql.join(COUNTED_AGREEMENT_STATUSES.map((s) => sql`${s}`), sql`, `);
  // A demand has no commune: a commune's are those that matched one of its producers' products.
  const demandArea = area.level === 'commune'
    ? sql`exists (select 1 from trade_demand_matches m join producers mp on mp.id = m.producer_id where m.demand_id = d.id and mp.commune_code = ${area.code})`
    : inArea(area, sql`d.delivery_province_code`, sql`null`);
  const signed = sql`coalesce(a.signed_on, ${day(sql`a.created_at`)})`;
  const found = await rows<Record<keyof TradeGroupRow, string | number | null>>(readDb(ctx), sql`
    with facts as (
      select 'demand' as kind, d.id::text as id, d.delivery_province_code as province, d.product_set_code as set_code, d.min_stars as stars,
        0::bigint as value, false as at_event, d.is_sample as sample
      from trade_demands d
      where d.status <> 'cancelled' and ${between(day(sql`d.created_at`))} and ${demandArea}
      union all
      select 'offer', o.id::text, pr.province_code, p.product_set_code, ${starsOn(sql`o.product_id`, day(sql`o.created_at`))},
        o.unit_price * o.quantity, false, o.is_sample
      from trade_offers o
      join producers pr on pr.id = o.producer_id
      join products p on p.id = o.product_id
      where o.status <> 'withdrawn' and ${between(day(sql`o.created_at`))} and ${inArea(area, sql`pr.province_code`, sql`pr.commune_code`)}
      union all
      select case when a.status in (${counted}) then 'agreement' else 'negotiating' end, a.id::text, a.province_code, a.product_set_code, a.stars,
        a.value, a.event_id is not null, a.is_sample
      from trade_agreements a
      join producers pr on pr.id = a.producer_id
      where ((a.status in (${counted}) and ${between(signed)}) or (a.status = 'negotiating' and ${between(day(sql`a.created_at`))}))
        and ${inArea(area, sql`a.province_code`, sql`pr.commune_code`)}
      union all
      select 'event', e.id::text, e.province_code, null, null, 0, false, e.is_sample
      from trade_events e
      where e.status = 'published' and ${between(sql`e.ends_on`)} and ${inArea(area, sql`e.province_code`, sql`e.venue_commune_code`)}
      union all
      select 'result', g.id::text, e.province_code, p.product_set_code, ${starsOn(sql`ep.product_id`, sql`e.starts_on`)},
        r.sales_value, true, e.is_sample
      from trade_event_results r
      join trade_event_registrations g on g.id = r.registration_id
      join trade_events e on e.id = g.event_id
      left join trade_event_products ep on ep.registration_id = g.id
      left join products p on p.id = ep.product_id
      where e.status = 'published' and g.status = 'approved' and ${between(sql`e.ends_on`)}
        and ${inArea(area, sql`e.province_code`, sql`e.venue_commune_code`)}
    ),
    tagged as (
      select distinct kind, id, 'province' as dim, province as key, value, at_event, sample from facts
      union all
      select distinct kind, id, 'set', set_code, value, at_event, sample from facts where kind <> 'event'
      union all
      select distinct kind, id, 'stars', stars::text, value, at_event, sample from facts where kind <> 'event'
    )
    select t.dim, t.key,
      case t.dim when 'province' then min(ar.name) when 'set' then min(ps.name) end as label,
      count(*) filter (where t.kind = 'demand') as demands,
      count(*) filter (where t.kind = 'offer') as offers,
      coalesce(sum(t.value) filter (where t.kind = 'offer'), 0) as offer_value,
      count(*) filter (where t.kind = 'agreement') as agreements,
      coalesce(sum(t.value) filter (where t.kind = 'agreement'), 0) as agreement_value,
      count(*) filter (where t.kind = 'agreement' and t.at_event) as at_events,
      coalesce(sum(t.value) filter (where t.kind = 'agreement' and t.at_event), 0) as at_events_value,
      count(*) filter (where t.kind = 'negotiating') as negotiating,
      coalesce(sum(t.value) filter (where t.kind = 'negotiating'), 0) as negotiating_value,
      count(*) filter (where t.kind = 'event') as events,
      count(*) filter (where t.kind = 'result') as results,
      coalesce(sum(t.value) filter (where t.kind = 'result'), 0) as sales,
      count(*) filter (where t.sample) as sample
    from tagged t
    left join areas ar on t.dim = 'province' and ar.code = t.key
    left join product_sets ps on t.dim = 'set' and ps.classification = ${CURRENT_CLASSIFICATION} and ps.code = t.key
    group by t.dim, t.key`);
  const n = (v: unknown) => Number(v ?? 0);
  return found.map((r) => ({
    dim: String(r.dim) as TradeDimension, key: r.key === null ? null : String(r.key), label: r.label === null ? null : String(r.label),
    demands: n(r.demands), offers: n(r.offers), offer_value: n(r.offer_value), agreements: n(r.agreements), agreement_value: n(r.agreement_value),
    at_events: n(r.at_events), at_events_value: n(r.at_events_value), negotiating: n(r.negotiating), negotiating_value: n(r.negotiating_value),
    events: n(r.events), results: n(r.results), sales: n(r.sales), sample: n(r.sample),
  }));
}
