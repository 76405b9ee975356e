/**
 * Sales through the OCOP market ("doanh thu qua sàn"): orders delivered or completed (the goods
 * reached the buyer and were not returned), by the day the order was placed, in Viet Nam's time.
 * Amounts are the orders' goods (subtotal, the shipping fees apart), in whole đồng.
 */
import { sql, type SQL } from 'drizzle-orm';
import { readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';

export type SalesBy = 'province' | 'set' | 'stars' | 'month' | 'listing';

export interface SalesRow { key: string; label: string; orders: number; units: number; amount: number }

const MONTH = sql`(o.placed_at at time zone 'Asia/Ho_Chi_Minh')`;
/** What each grouping groups by, and the name it shows (sales by province: the shop's province, where the sale is made). */
const GROUPS: Record<SalesBy, { key: SQL; label: SQL }> = {
  province: { key: sql`s.pickup_province_code`, label: sql`min(sa.name)` },
  set: { key: sql`p.product_set_code`, label: sql`min(coalesce(ps.name, p.product_set_code))` },
  stars: { key: sql`coalesce(i.stars::text, '')`, label: sql`min(coalesce(i.stars::text, ''))` },
  month: { key: sql`to_char(${MONTH}, 'YYYY-MM')`, label: sql`min(to_char(${MONTH}, 'MM/YYYY'))` },
  listing: { key: sql`i.listing_id::text`, label: sql`min(i.title)` },
};

/** Rows of sales within the scope (a province code, a shop id, or nothing: the country), grouped. */
export async function salesBy(ctx: Ctx, by: SalesBy, scope: { province?: string; commune?: string; shopId?: string }, from: string, to: string): Promise<SalesRow[]> {
  const cond: SQL[] = [sql`o.status in ('delivered', 'completed')`, sql`${MONTH}::date between ${from}::date and ${to}::date`];
  if (scope.province) cond.push(sql`s.pickup_province_code = ${scope.province}`);
  if (scope.commune) cond.push(sql`s.pickup_commune_code = ${scope.commune}`);
  if (scope.shopId) cond.push(sql`o.shop_id = ${scope.shopId}::uuid`);
  const found = await rows<{ key: string; label: string; orders: string; units: string; amount: string }>(readDb(ctx), sql`
    select ${GROUPS[by].key} as key, ${GROUPS[by].label} as label, count(distinct o.id) as orders, sum(i.quantity) as units, sum(i.line_total) as amount
    from orders o
    join order_items i on i.order_id = o.id
    join shops s on s.id = o.shop_id
    join areas sa on sa.code = s.pickup_province_code
    join products p on p.id = i.product_id
    left join product_sets ps on ps.code = p.product_set_code and ps.classification = p.classification
    where ${sql.join(cond, sql` and `)}
    group by 1 order by 1`);
  return found.map((r) => ({ key: r.key, label: r.label, orders: Number(r.orders), units: Number(r.units), amount: Number(r.amount) }));
}
