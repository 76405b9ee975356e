/**
 * Orders, their lines and history, stock, idempotent checkouts and bank notifications: the only
 * queries of them. Stock is taken by one statement that locks the variants' rows, gives each
 * checkout what the locked stock still holds and records it as held (takeStock), so concurrent
 * checkouts never sell more than there is, on both engines.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { exec, readDb, type Ctx } from '../../context';
import { preparedRows, rows } from '../../db/client';
import { stockMayHaveComeBack } from './stock-epoch';
import type { OrderStatus } from '../../domain/order';
import { certificateValidOn } from './market.repository';
import { idempotencyKeys, orderEvents, orderItems, orders, paymentNotifications, shops, stockHolds } from './market.tables';

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
  shop_id: string; shop_name: string; shop_status: string; shop_phone: string; shop_email: string | null; shop_province_code: string; shop_sample: boolean;
  bank_bin: string; bank_account: string; bank_holder: string;
  ship_in_province: number; ship_other_provinces: number; ship_free_from: number | null; pay_within_hours: number;
  /** Active, in an active listing of an open shop, its product certified today (said once, in SQL: takeStock holds nothing of a variant that is not). */
  on_sale: boolean;
}

/** Whether a variant read by sellableVariants is on sale: active, in an active listing of an open shop, its product certified today. */
export const isOnSale = (v: SellableVariant) => v.on_sale;

/** A PostgreSQL array literal of text values (one parameter, whatever the count: the statement's text, and its plan, stay the same). */
const arrayOf = (items: readonly (string | number | null)[]) =>
  `{${items.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`)).join(',')}}`;

const uuids = (ids: readonly string[]): SQL => sql`${arrayOf(ids)}::uuid[]`;

const sellableSelect = (ids: SQL, today: string) => sql`
    select lv.id as variant_id, lv.name as variant_name, lv.price, lv.stock, lv.active as variant_active,
      (lv.active and l.status = 'active' and s.status = 'open' and v.number is not null) as on_sale,
      l.id as listing_id, l.title as listing_title, l.status as listing_status,
      p.id as product_id, p.name as product_name, v.number as cert_number, v.stars as cert_stars,
      s.id as shop_id, s.name as shop_name, s.status as shop_status, s.phone as shop_phone, s.email as shop_email, s.pickup_province_code as shop_province_code, s.is_sample as shop_sample,
      s.bank_bin, s.bank_account, s.bank_holder, s.ship_in_province, s.ship_other_provinces, s.ship_free_from, s.pay_within_hours
    from listing_variants lv
    join listings l on l.id = lv.listing_id
    join shops s on s.id = l.shop_id
    join products p on p.id = l.product_id
    left join lateral (${certificateValidOn(today)}) v on true
    where lv.id = any(${ids})`;

const sellable = (r: SellableVariant): SellableVariant => ({
  ...r, price: Number(r.price), ship_in_province: Number(r.ship_in_province), ship_other_provinces: Number(r.ship_other_provinces),
  ship_free_from: r.ship_free_from === null ? null : Number(r.ship_free_from),
});

export async function sellableVariants(ctx: Ctx, ids: readonly string[], today: string): Promise<SellableVariant[]> {
  if (!ids.length) return [];
  return (await rows<SellableVariant>(exec(ctx), sellableSelect(uuids(ids), today))).map(sellable);
}

/** A delivery commune with its province. */
export interface DeliveryCommune { code: string; name: string; provinceCode: string; provinceName: string }

/**
 * What a checkout reads before it writes, in one statement: the variants asked for (as
 * sellableVariants) and the delivery commune (null when there is no such commune). The full join
 * on true keeps the commune when no variant is found, and the variants when the commune is not.
 */
export async function cartFacts(ctx: Ctx, ids: readonly string[], communeCode: string, today: string): Promise<{ variants: SellableVariant[]; commune: DeliveryCommune | null }> {
  type Row = Partial<SellableVariant> & { c_code: string | null; c_name: string; c_province_code: string; c_province_name: string };
  const found = await preparedRows<Row>(exec(ctx), sql`
    select v.*, c.code as c_code, c.name as c_name, c.province_code as c_province_code, c.province_name as c_province_name
    from (select c.code, c.name, p.code as province_code, p.name as province_name
          from areas c join areas p on p.code = c.parent_code where c.code = ${communeCode} and c.level = 'commune') c
    full join (${sellableSelect(uuids(ids), today)}) v on true`);
  const c = found.find((r) => r.c_code);
  return {
    variants: found.filter((r) => r.variant_id).map((r) => sellable(r as SellableVariant)),
    commune: c ? { code: c.c_code!, name: c.c_name, provinceCode: c.c_province_code, provinceName: c.c_province_name } : null,
  };
}

/** A checkout's line as takeStock is asked for it: `price` is what the buyer saw (undefined: not said). */
export interface TakeLine { checkoutId: string; variantId: string; quantity: number; price?: number | undefined; communeCode: string }

/** What takeStock found and took: the variants asked for (`stock`: what is left once the holds are taken), the delivery communes, and the holds. */
export interface Taken {
  variants: SellableVariant[];
  communes: DeliveryCommune[];
  /** One per line held: what the variant had left after it (in the order the lines were asked). */
  held: { checkoutId: string; variantId: string; left: number }[];
  /** The lines that did not fit, of a checkout that could be sold but was short: what the variant had at its turn. */
  short: { checkoutId: string; variantId: string; available: number }[];
}

/**
 * The facts a checkout reads and the stock it takes, in one statement, for one checkout or for
 * several asked at once (in the order given; a checkout's lines together, one per variant).
 *
 * Only a checkout whose every line is sold as asked — variant found and on sale, at the price the
 * buyer saw, delivered to a commune that exists — takes anything, and it takes all its lines or
 * none. The variants' rows are locked (in id order) and the stock as locked, the newest, is given
 * out checkout by checkout in the order they came (`walk`): one is held when all its quantities
 * fit what the ones before it left; otherwise its lines that did not fit are said (`short`). The
 * stock goes down and the holds are written in the same statement, so a stock taken is always a
 * hold (and the table's check, stock ≥ 0, stands behind it); a row lock lasts this statement only,
 * and concurrent buyers never wait on each other's orders being written. A checkout with no hold
 * was refused or short: the caller says which.
 */
export async function takeStock(ctx: Ctx, lines: readonly TakeLine[], today: string): Promise<Taken> {
  if (!lines.length) return { variants: [], communes: [], held: [], short: [] };
  const idArray = uuids([...new Set(lines.map((l) => l.variantId))]);
  type Stock = { id: string; stock: number }[] | null;
  const [row] = await preparedRows<{
    variants: SellableVariant[] | null; communes: DeliveryCommune[] | null; held: Taken['held'] | null; short: Taken['short'] | null; taken: Stock; locked: Stock;
  }>(exec(ctx), sql`
    with recursive want as (
      select w.checkout_id, w.id, w.quantity, w.price, w.commune, w.ord
      from unnest(${arrayOf(lines.map((l) => l.checkoutId))}::uuid[], ${arrayOf(lines.map((l) => l.variantId))}::uuid[], ${arrayOf(lines.map((l) => l.quantity))}::int[],
        ${arrayOf(lines.map((l) => l.price ?? null))}::bigint[], ${arrayOf(lines.map((l) => l.communeCode))}::text[]) with ordinality as w(checkout_id, id, quantity, price, commune, ord)),
    facts as (${sellableSelect(idArray, today)}),
    communes as (
      select c.code, c.name, p.code as "provinceCode", p.name as "provinceName" from areas c join areas p on p.code = c.parent_code
      where c.code in (select commune from want) and c.level = 'commune'),
    sellable as (
      select w.checkout_id, min(w.ord) as ord from want w left join facts f on f.variant_id = w.id left join communes c on c.code = w.commune
      group by w.checkout_id
      having bool_and(coalesce(f.on_sale and (w.price is null or w.price = f.price) and c.code is not null, false))),
    locked as (
      select lv.id, lv.stock from listing_variants lv
      where lv.id = any(${idArray}) and exists (select 1 from sellable) order by lv.id for update),
    slots as (select id, stock, row_number() over (order by id) as k from locked),
    asks as (
      select s.checkout_id, row_number() over (order by s.ord) as n, array_agg(coalesce(w.quantity, 0) order by sl.k) as q
      from sellable s cross join slots sl left join want w on w.id = sl.id and w.checkout_id = s.checkout_id
      group by s.checkout_id, s.ord),
    -- The asks as one matrix (a row per ask, in turn): each step of the walk takes its row by index;
    -- joining asks at each step scanned them all, quadratic in a rush's batch of checkouts (materialized: else it is aggregated again at each step).
    matrix as materialized (select array_agg(q order by n) as q, count(*) as len from asks),
    walk(n, stock, fits) as (
      select 0::bigint, (select array_agg(stock order by k) from slots), false
      union all
      select w.n + 1, case when t.fits then t.after else w.stock end, t.fits
      from walk w cross join matrix m
      cross join lateral (select bool_and(x.s >= x.q) as fits, array_agg(x.s - x.q order by x.k) as after from unnest(w.stock, m.q[w.n + 1:w.n + 1]) with ordinality as x(s, q, k)) t
      where w.n < m.len),
    turns as (
      select a.n, x.k, a.checkout_id, w.fits, sl.id, x.q as quantity, x.s
      from walk w join asks a on a.n = w.n
      cross join lateral unnest(a.q, w.stock) with ordinality as x(q, s, k)
      join slots sl on sl.k = x.k
      where x.q > 0),
    granted as (select n, k, checkout_id, id, quantity, s as left_after from turns where fits),
    taken as (
      update listing_variants lv set stock = lv.stock - g.quantity
      from (select id, sum(quantity)::int as quantity from granted group by id) g where lv.id = g.id
      returning lv.id, lv.stock),
    held as (
      insert into stock_holds (checkout_id, variant_id, quantity, created_at)
      select checkout_id, id, quantity, ${ctx.deps.clock().toISOString()}::timestamptz from granted)
    select
      (select json_agg(f) from facts f) as variants,
      (select json_agg(c) from communes c) as communes,
      (select json_agg(json_build_object('checkoutId', g.checkout_id, 'variantId', g.id, 'left', g.left_after) order by g.n, g.k) from granted g) as held,
      (select json_agg(json_build_object('checkoutId', t.checkout_id, 'variantId', t.id, 'available', t.s) order by t.n, t.k) from turns t where not t.fits and t.s < t.quantity) as short,
      (select json_agg(t) from taken t) as taken,
      (select json_agg(l) from locked l) as locked`);
  // What each variant has left now: as taken, else as locked, else as read.
  const now = new Map([...row?.locked ?? [], ...row?.taken ?? []].map((t) => [t.id, Number(t.stock)]));
  return {
    variants: (row?.variants ?? []).map((v) => sellable({ ...v, stock: now.get(v.variant_id) ?? Number(v.stock) })),
    communes: row?.communes ?? [],
    held: (row?.held ?? []).map((h) => ({ ...h, left: Number(h.left) })),
    short: (row?.short ?? []).map((h) => ({ ...h, available: Number(h.available) })),
  };
}

/** Removes the checkout's holds (its orders are written in this transaction): how many there were. */
export async function consumeHolds(ctx: Ctx, checkoutId: string): Promise<number> {
  return (await exec(ctx).delete(stockHolds).where(eq(stockHolds.checkoutId, checkoutId)).returning({ id: stockHolds.variantId })).length;
}

/** Gives back the stock of the checkout's holds (or of every hold older than `before`): how many holds. */
export async function releaseHolds(ctx: Ctx, which: { checkoutId: string } | { before: Date }): Promise<number> {
  const cond = 'checkoutId' in which ? sql`checkout_id = ${which.checkoutId}::uuid` : sql`created_at < ${which.before.toISOString()}::timestamptz`;
  const released = await rows<{ n: number }>(exec(ctx), sql`
    with gone as (delete from stock_holds where ${cond} returning variant_id, quantity),
    back as (
      update listing_variants lv set stock = lv.stock + g.quantity
      from (select variant_id, sum(quantity)::int as quantity from gone group by variant_id) g where lv.id = g.variant_id
      returning lv.id)
    select (select count(*) from gone)::int as n`);
  const n = Number(released[0]?.n ?? 0);
  if (n) stockMayHaveComeBack(ctx.deps);
  return n;
}

/** Puts an order's quantities back on the shelf (a cancellation, an expiry). */
export async function releaseStock(ctx: Ctx, orderId: string): Promise<void> {
  stockMayHaveComeBack(ctx.deps);
  await exec(ctx).execute(sql`
    update listing_variants lv set stock = lv.stock + i.quantity
    from (select variant_id, sum(quantity)::int as quantity from order_items where order_id = ${orderId}::uuid group by variant_id) i
    where lv.id = i.variant_id`);
}

/** Writes the order; null when its code is taken already (the caller draws another). */
export async function insertOrder(ctx: Ctx, values: typeof orders.$inferInsert): Promise<OrderRecord | null> {
  const [row] = await exec(ctx).insert(orders).values(values).onConflictDoNothing({ target: orders.code }).returning();
  return row ? orderMoney(row) : null;
}

/** Writes the order's lines: as written. */
export async function insertItems(ctx: Ctx, values: (typeof orderItems.$inferInsert)[]): Promise<OrderItemRecord[]> {
  if (!values.length) return [];
  return (await exec(ctx).insert(orderItems).values(values).returning()).map(itemMoney);
}

/** Writes a step of the order's history: as written. */
export async function insertEvent(ctx: Ctx, values: typeof orderEvents.$inferInsert): Promise<OrderEventRecord> {
  return (await exec(ctx).insert(orderEvents).values(values).returning())[0]!;
}

export async function orderByCode(ctx: Ctx, code: string): Promise<OrderRecord | null> {
  const [row] = await exec(ctx).select().from(orders).where(eq(orders.code, code)).limit(1);
  return row ? orderMoney(row) : null;
}

export async function itemsOf(ctx: Ctx, orderIds: readonly string[]): Promise<OrderItemRecord[]> {
  if (!orderIds.length) return [];
  return (await exec(ctx).select().from(orderItems).where(inArray(orderItems.orderId, [...orderIds])).orderBy(asc(orderItems.title))).map(itemMoney);
}

export async function eventsOf(ctx: Ctx, orderIds: readonly string[]): Promise<OrderEventRecord[]> {
  if (!orderIds.length) return [];
  return exec(ctx).select().from(orderEvents).where(inArray(orderEvents.orderId, [...orderIds])).orderBy(asc(orderEvents.at));
}

/** What an order shows and mails of its shop. */
export interface ShopContact { id: string; name: string; phone: string; email: string | null }

export async function shopContacts(ctx: Ctx, shopIds: readonly string[]): Promise<Map<string, ShopContact>> {
  if (!shopIds.length) return new Map();
  const found = await exec(ctx).select({ id: shops.id, name: shops.name, phone: shops.phone, email: shops.email })
    .from(shops).where(inArray(shops.id, [...new Set(shopIds)]));
  return new Map(found.map((s) => [s.id, s]));
}

/** The names of delivery communes and their provinces, by commune code. */
export async function communeNames(ctx: Ctx, codes: readonly string[]): Promise<Map<string, { name: string; provinceName: string }>> {
  if (!codes.length) return new Map();
  const found = await rows<{ code: string; name: string; province_name: string }>(exec(ctx), sql`
    select c.code, c.name, p.name as province_name from areas c join areas p on p.code = c.parent_code
    where c.code in (${sql.join([...new Set(codes)].map((c) => sql`${c}`), sql`, `)})`);
  return new Map(found.map((c) => [c.code, { name: c.name, provinceName: c.province_name }]));
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
