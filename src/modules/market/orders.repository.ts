/**
 * Orders, their lines and history, stock, idempotent checkouts and bank notifications: the only
 * queries of them. Stock is taken with one conditional UPDATE per variant (`stock >= qty`), so
 * concurrent checkouts never sell more than there is, on both engines.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { exec, readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';
import type { OrderStatus } from '../../domain/order';
import { certificateValidOn } from './market.repository';
import { idempotencyKeys, listingVariants, orderEvents, orderItems, orders, paymentNotifications } from './market.tables';

export type OrderRecord = typeof orders.$inferSelect;
export type OrderItemRecord = typeof orderItems.$inferSelect;
export type OrderEventRecord = typeof orderEvents.$inferSelect;

const money = <T extends Record<string, unknown>>(r: T, keys: readonly (keyof T)[]): T => {
  const out = { ...r };
  for (const k of keys) if (out[k] !== null && out[k] !== undefined) (out as Record<keyof T, unknown>)[k] = Number(out[k]);
  return out;
};
const orderMoney = (o: OrderRecord): OrderRecord => money(o, ['subtotal', 'shippingFee', 'total']);
const itemMoney = (i: OrderItemRecord): OrderItemRecord => money(i, ['unitPrice', 'lineTotal']);

/** What checkout needs of each variant asked for, read inside its transaction. */
export interface SellableVariant {
  variant_id: string; variant_name: string; price: number; stock: number; variant_active: boolean;
  listing_id: string; listing_title: string; listing_status: string;
  product_id: string; product_name: string; cert_number: string | null; cert_stars: number | null;
  shop_id: string; shop_name: string; shop_status: string; shop_phone: string; shop_province_code: string; shop_sample: boolean;
  bank_bin: string; bank_account: string; bank_holder: string;
  ship_in_province: number; ship_other_provinces: number; ship_free_from: number | null; pay_within_hours: number;
}

/** Whether a variant read by sellableVariants is on sale: active, in an active listing of an open shop, its product certified today. */
export const isOnSale = (v: SellableVariant) => v.variant_active && v.listing_status === 'active' && v.shop_status === 'open' && v.cert_number !== null;

export async function sellableVariants(ctx: Ctx, ids: readonly string[], today: string): Promise<SellableVariant[]> {
  if (!ids.length) return [];
  const found = await rows<SellableVariant>(exec(ctx), sql`
    select lv.id as variant_id, lv.name as variant_name, lv.price, lv.stock, lv.active as variant_active,
      l.id as listing_id, l.title as listing_title, l.status as listing_status,
      p.id as product_id, p.name as product_name, v.number as cert_number, v.stars as cert_stars,
      s.id as shop_id, s.name as shop_name, s.status as shop_status, s.phone as shop_phone, s.pickup_province_code as shop_province_code, s.is_sample as shop_sample,
      s.bank_bin, s.bank_account, s.bank_holder, s.ship_in_province, s.ship_other_provinces, s.ship_free_from, s.pay_within_hours
    from listing_variants lv
    join listings l on l.id = lv.listing_id
    join shops s on s.id = l.shop_id
    join products p on p.id = l.product_id
    left join lateral (${certificateValidOn(today)}) v on true
    where lv.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`);
  return found.map((r) => ({
    ...r, price: Number(r.price), ship_in_province: Number(r.ship_in_province), ship_other_provinces: Number(r.ship_other_provinces),
    ship_free_from: r.ship_free_from === null ? null : Number(r.ship_free_from),
  }));
}

/** Takes `quantity` off the variant's stock if that much is there: what is left, or null (nothing taken). */
export async function takeStock(ctx: Ctx, variantId: string, quantity: number): Promise<number | null> {
  const done = await exec(ctx).update(listingVariants)
    .set({ stock: sql`${listingVariants.stock} - ${quantity}` })
    .where(and(eq(listingVariants.id, variantId), sql`${listingVariants.stock} >= ${quantity}`))
    .returning({ stock: listingVariants.stock });
  return done[0]?.stock ?? null;
}

/** Puts an order's quantities back on the shelf (a cancellation, an expiry). */
export async function releaseStock(ctx: Ctx, orderId: string): Promise<void> {
  await exec(ctx).execute(sql`
    update listing_variants lv set stock = lv.stock + i.quantity
    from (select variant_id, sum(quantity)::int as quantity from order_items where order_id = ${orderId}::uuid group by variant_id) i
    where lv.id = i.variant_id`);
}

export async function insertOrder(ctx: Ctx, values: typeof orders.$inferInsert): Promise<string> {
  const [row] = await exec(ctx).insert(orders).values(values).returning({ id: orders.id });
  return row!.id;
}

export async function insertItems(ctx: Ctx, values: (typeof orderItems.$inferInsert)[]): Promise<void> {
  if (values.length) await exec(ctx).insert(orderItems).values(values);
}

export async function insertEvent(ctx: Ctx, values: typeof orderEvents.$inferInsert): Promise<void> {
  await exec(ctx).insert(orderEvents).values(values);
}

export async function orderByCode(ctx: Ctx, code: string): Promise<OrderRecord | null> {
  const [row] = await exec(ctx).select().from(orders).where(eq(orders.code, code)).limit(1);
  return row ? orderMoney(row) : null;
}

export async function ordersOfCheckout(ctx: Ctx, checkoutId: string): Promise<OrderRecord[]> {
  return (await exec(ctx).select().from(orders).where(eq(orders.checkoutId, checkoutId)).orderBy(asc(orders.code))).map(orderMoney);
}

export async function itemsOf(ctx: Ctx, orderIds: readonly string[]): Promise<OrderItemRecord[]> {
  if (!orderIds.length) return [];
  return (await exec(ctx).select().from(orderItems).where(inArray(orderItems.orderId, [...orderIds])).orderBy(asc(orderItems.title))).map(itemMoney);
}

export async function eventsOf(ctx: Ctx, orderIds: readonly string[]): Promise<OrderEventRecord[]> {
  if (!orderIds.length) return [];
  return exec(ctx).select().from(orderEvents).where(inArray(orderEvents.orderId, [...orderIds])).orderBy(asc(orderEvents.at));
}

/** Moves the order when it is still in `from` (and at `version` when given); false when it moved on meanwhile. */
export async function updateOrder(ctx: Ctx, id: string, from: OrderStatus, values: Partial<typeof orders.$inferInsert>, version: number | null): Promise<boolean> {
  const cond = [eq(orders.id, id), eq(orders.status, from)];
  if (version !== null) cond.push(eq(orders.version, version));
  const done = await exec(ctx).update(orders).set({ ...values, version: sql`${orders.version} + 1`, updatedAt: new Date(ctx.deps.clock()) })
    .where(and(...cond)).returning({ id: orders.id });
  return done.length > 0;
}

/** Records the payment of an unpaid order; false when it was paid already. */
export async function markPaid(ctx: Ctx, id: string, via: 'shop' | 'bank_notification' | 'cash_on_delivery', reference: string | null): Promise<boolean> {
  const done = await exec(ctx).update(orders)
    .set({ paidAt: new Date(ctx.deps.clock()), paidVia: via, paymentReference: reference, version: sql`${orders.version} + 1`, updatedAt: new Date(ctx.deps.clock()) })
    .where(and(eq(orders.id, id), sql`${orders.paidAt} is null`)).returning({ id: orders.id });
  return done.length > 0;
}

/** A shop's orders, newest first. */
export async function shopOrders(ctx: Ctx, shopId: string, f: { status?: OrderStatus; unpaid?: boolean }, page: number, pageSize: number) {
  const cond = [eq(orders.shopId, shopId)];
  if (f.status) cond.push(eq(orders.status, f.status));
  if (f.unpaid !== undefined) cond.push(f.unpaid ? sql`${orders.paidAt} is null` : sql`${orders.paidAt} is not null`);
  const where = and(...cond);
  const items = (await readDb(ctx).select().from(orders).where(where).orderBy(desc(orders.placedAt), asc(orders.code))
    .limit(pageSize).offset((page - 1) * pageSize)).map(orderMoney);
  const [count] = await readDb(ctx).select({ n: sql<string>`count(*)` }).from(orders).where(where);
  return { items, total: Number(count?.n ?? 0) };
}

/** Unpaid bank-transfer orders whose time to pay is over. */
export async function overdueUnpaid(ctx: Ctx, now: Date, limit = 200): Promise<OrderRecord[]> {
  return (await exec(ctx).select().from(orders)
    .where(and(eq(orders.status, 'placed'), sql`${orders.paidAt} is null`, sql`${orders.payBy} is not null`, sql`${orders.payBy} <= ${now.toISOString()}::timestamptz`))
    .orderBy(asc(orders.payBy)).limit(limit)).map(orderMoney);
}

// ─── Idempotency keys ─────────────────────────────────────────────────────────

export async function keptAnswer(ctx: Ctx, key: string): Promise<{ requestHash: string; status: number; response: unknown } | null> {
  const [row] = await exec(ctx).select({ requestHash: idempotencyKeys.requestHash, status: idempotencyKeys.status, response: idempotencyKeys.response })
    .from(idempotencyKeys).where(eq(idempotencyKeys.key, key)).limit(1);
  return row ?? null;
}

/** Keeps the first answer under `key`; false when another request kept one first. */
export async function keepAnswer(ctx: Ctx, key: string, requestHash: string, status: number, response: unknown): Promise<boolean> {
  const done = await exec(ctx).insert(idempotencyKeys).values({ key, requestHash, status, response }).onConflictDoNothing().returning({ key: idempotencyKeys.key });
  return done.length > 0;
}

// ─── Bank notifications ───────────────────────────────────────────────────────

/** Records a notification once; null when one with the same external id was recorded before (a replay). */
export async function recordNotification(ctx: Ctx, values: typeof paymentNotifications.$inferInsert): Promise<string | null> {
  const done = await exec(ctx).insert(paymentNotifications).values(values).onConflictDoNothing().returning({ id: paymentNotifications.id });
  return done[0]?.id ?? null;
}

export async function notificationByExternalId(ctx: Ctx, externalId: string) {
  const [row] = await exec(ctx).select().from(paymentNotifications).where(eq(paymentNotifications.externalId, externalId)).limit(1);
  return row ?? null;
}
