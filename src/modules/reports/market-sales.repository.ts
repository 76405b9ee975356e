/**
 * Sales through the OCOP market ("doanh thu qua sàn") of a report area over a period, read from the
 * market's tables as the market counts them (src/modules/market/sales.repository.ts: its
 * `GET /api/v1/market/sales`, which the reports module may not import — the module map):
 * delivered and completed orders, the goods' amount in whole đồng (shipping apart), by the day
 * the order was placed in Viet Nam, placed by the shop's pickup province or commune. One
 * statement: by province, by product set and by star, and the total (grouping sets).
 */
import { sql } from 'drizzle-orm';
import { readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';
import type { ReportArea } from './report-scope';

export interface SalesGroupRow {
  /** grouping(province, set, stars): 3 by province, 5 by set, 6 by star, 7 the total. */
  g: number;
  key: string | null;
  label: string | null;
  orders: number;
  units: number;
  amount: number;
  sample_orders: number;
  sample_amount: number;
}

export async function marketSalesRows(ctx: Ctx, area: ReportArea, from: string, to: string): Promise<SalesGroupRow[]> {
  const where = area.level === 'country' ? sql`true`
    : area.level === 'province' ? sql`s.pickup_province_code = ${area.code}` : sql`s.pickup_commune_code = ${area.code}`;
  const g = sql`grouping(s.pickup_province_code, p.product_set_code, i.stars)`;
  const found = await rows<Record<keyof SalesGroupRow, string | number | null>>(readDb(ctx), sql`
    select ${g}::int as g,
      case ${g} when 3 then s.pickup_province_code when 5 then p.product_set_code when 6 then i.stars::text end as key,
      case ${g} when 3 then min(sa.name) when 5 then min(coalesce(ps.name, p.product_set_code)) end as label,
      count(distinct o.id) as orders, sum(i.quantity) as units, sum(i.line_total) as amount,
      count(distinct o.id) filter (where o.is_sample) as sample_orders, coalesce(sum(i.line_total) filter (where o.is_sample), 0) as sample_amount
    from orders o
    join order_items i on i.order_id = o.id
    join shops s on s.id = o.shop_id
    join areas sa on sa.code = s.pickup_province_code
    join products p on p.id = i.product_id
    left join product_sets ps on ps.code = p.product_set_code and ps.classification = p.classification
    where o.status in ('delivered', 'completed')
      and (o.placed_at at time zone 'Asia/Ho_Chi_Minh')::date between ${from}::date and ${to}::date
      and ${where}
    group by grouping sets ((s.pickup_province_code), (p.product_set_code), (i.stars), ())`);
  const n = (v: unknown) => Number(v ?? 0);
  return found.map((r) => ({
    g: n(r.g), key: r.key === null ? null : String(r.key), label: r.label === null ? null : String(r.label),
    orders: n(r.orders), units: n(r.units), amount: n(r.amount), sample_orders: n(r.sample_orders), sample_amount: n(r.sample_amount),
  }));
}
