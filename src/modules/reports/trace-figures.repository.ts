/**
 * The indicator "sản phẩm OCOP có truy xuất nguồn gốc theo lô" of a report area on a day, read
 * from the certificates' own dates (certified-on.repository.ts, never today's status) and the
 * trace tables (the reports module may not import the trace module — the module map; reading its
 * tables is free):
 *
 * - certified: the products with a certificate valid on `day` in the area (validOnDay), placed by
 *   the certificate's province and counted at its star — one row per product, the higher star when
 *   two overlap, as certifiedProducts does — read from the certificates alone (the joins
 *   certifiedProducts makes for the report's groupings cost four times as much on the national
 *   dataset: 52 against 12 ms on PGlite for 12,500 certified products);
 * - traced: of those, the products with at least one production lot (trace_lots) recorded on or
 *   before `day` that has at least one trace event (trace_event_lots → trace_events, any role:
 *   subject, input or output) also recorded on or before `day` — days in Vietnam's time, so a
 *   report of a past day does not change when lots or events are recorded later;
 * - sample: of the traced, those traced only through SAMPLE (demo) lots.
 *
 * One grouped statement, by province and star; the service adds up the rows and the total.
 */
import { sql } from 'drizzle-orm';
import { readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { inArea, validOnDay } from './certified-on.repository';
import type { ReportArea } from './report-scope';

export interface TraceGroupRow {
  province: string;
  label: string | null;
  stars: number;
  certified: number;
  traced: number;
  sample: number;
}

export async function traceFigureRows(ctx: Ctx, area: ReportArea, day: string): Promise<TraceGroupRow[]> {
  // The first instant after `day` in Vietnam: what was recorded before it was recorded on or before the day.
  const end = sql`((${day}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh')`;
  const found = await rows<Record<keyof TraceGroupRow, string | number | null>>(readDb(ctx), sql`
    with v as (
      select distinct on (c.product_id) c.product_id, c.stars, c.province_code
      from certificates c
      where ${validOnDay(day)} and ${inArea(area, sql`c.province_code`, sql`c.commune_code`)}
      order by c.product_id, c.stars desc, c.issued_on desc
    ),
    traced as (
      select l.product_id, bool_and(l.is_sample) as only_sample
      from trace_lots l
      where l.product_id in (select product_id from v) and l.created_at < ${end}
        and exists (select 1 from trace_event_lots el join trace_events e on e.id = el.event_id
                    where el.lot_id = l.id and e.recorded_at < ${end})
      group by l.product_id
    )
    select v.province_code as province, min(a.name) as label, v.stars,
      count(*) as certified,
      count(t.product_id) as traced,
      count(*) filter (where t.only_sample) as sample
    from v
    left join traced t on t.product_id = v.product_id
    left join areas a on a.code = v.province_code
    group by v.province_code, v.stars`);
  const n = (v: unknown) => Number(v ?? 0);
  return found.map((r) => ({
    province: String(r.province), label: r.label === null ? null : String(r.label), stars: n(r.stars),
    certified: n(r.certified), traced: n(r.traced), sample: n(r.sample),
  }));
}
