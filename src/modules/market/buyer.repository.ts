/**
 * A buyer's account on the market: the buyer's user row (created here so that two sign-ups of
 * one login cannot both pass: the unique index decides), the `buyer_addresses` they keep, and the
 * orders placed from their account. The only queries of buyer addresses.
 */
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { exec, readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { users } from '../identity/identity.tables';
import { buyerAddresses, orders } from './market.tables';

export type AddressRecord = typeof buyerAddresses.$inferSelect;
export type AddressRow = AddressRecord & { communeName: string; provinceName: string };
type OrderRecord = typeof orders.$inferSelect;

/** The new user, or null when the username is taken (also by a sign-up at the same moment). */
export async function insertBuyerUser(ctx: Ctx, values: typeof users.$inferInsert): Promise<typeof users.$inferSelect | null> {
  const [row] = await exec(ctx).insert(users).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function usernameTaken(ctx: Ctx, username: string): Promise<boolean> {
  const [row] = await exec(ctx).select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  return row !== undefined;
}

/** The buyer's e-mail address on their account (prefills checkout). */
export async function userEmail(ctx: Ctx, userId: string): Promise<string | null> {
  const [row] = await exec(ctx).select({ email: users.email }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.email ?? null;
}

/**
 * Locks the buyer's user row until the transaction ends: one buyer's address writes run one
 * after the other, so the count limit holds and two "make it the default" never meet at the
 * one-default index.
 */
export async function lockBuyer(ctx: Ctx, userId: string): Promise<void> {
  await exec(ctx).select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
}

const withPlace = sql`
  select a.*, c.name as commune_name, p.name as province_name
  from buyer_addresses a join areas c on c.code = a.commune_code join areas p on p.code = a.province_code`;

interface RawAddress {
  id: string; user_id: string; recipient_name: string; phone: string; commune_code: string; province_code: string; street: string;
  is_default: boolean; created_at: Date | string; updated_at: Date | string; commune_name: string; province_name: string;
}
const toRow = (r: RawAddress): AddressRow => ({
  id: r.id, userId: r.user_id, recipientName: r.recipient_name, phone: r.phone, communeCode: r.commune_code, provinceCode: r.province_code,
  street: r.street, isDefault: r.is_default, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
  communeName: r.commune_name, provinceName: r.province_name,
});

/** The buyer's addresses: the default first, then the newest. */
export async function addressesOf(ctx: Ctx, userId: string): Promise<AddressRow[]> {
  return (await rows<RawAddress>(exec(ctx), sql`${withPlace} where a.user_id = ${userId}::uuid order by a.is_default desc, a.created_at desc, a.id`)).map(toRow);
}

export async function addressById(ctx: Ctx, id: string): Promise<AddressRow | null> {
  const [row] = await rows<RawAddress>(exec(ctx), sql`${withPlace} where a.id = ${id}::uuid`);
  return row ? toRow(row) : null;
}

export async function countAddresses(ctx: Ctx, userId: string): Promise<number> {
  const [row] = await exec(ctx).select({ n: sql<string>`count(*)` }).from(buyerAddresses).where(eq(buyerAddresses.userId, userId));
  return Number(row?.n ?? 0);
}

export async function insertAddress(ctx: Ctx, values: typeof buyerAddresses.$inferInsert): Promise<string> {
  const [row] = await exec(ctx).insert(buyerAddresses).values(values).returning({ id: buyerAddresses.id });
  return row!.id;
}

export async function updateAddress(ctx: Ctx, id: string, values: Partial<typeof buyerAddresses.$inferInsert>): Promise<void> {
  await exec(ctx).update(buyerAddresses).set(values).where(eq(buyerAddresses.id, id));
}

export async function deleteAddress(ctx: Ctx, id: string): Promise<void> {
  await exec(ctx).delete(buyerAddresses).where(eq(buyerAddresses.id, id));
}

/** No address of the buyer is the default any more (but `except`, when given). */
export async function clearDefault(ctx: Ctx, userId: string, except?: string): Promise<void> {
  const cond = [eq(buyerAddresses.userId, userId), eq(buyerAddresses.isDefault, true)];
  if (except) cond.push(ne(buyerAddresses.id, except));
  await exec(ctx).update(buyerAddresses).set({ isDefault: false }).where(and(...cond));
}

/** The buyer's newest address (the default after the default one is deleted). */
export async function newestAddress(ctx: Ctx, userId: string): Promise<string | null> {
  const [row] = await exec(ctx).select({ id: buyerAddresses.id }).from(buyerAddresses).where(eq(buyerAddresses.userId, userId))
    .orderBy(desc(buyerAddresses.createdAt), desc(buyerAddresses.id)).limit(1);
  return row?.id ?? null;
}

const money = (o: OrderRecord): OrderRecord => ({ ...o, subtotal: Number(o.subtotal), shippingFee: Number(o.shippingFee), total: Number(o.total) });

/** The orders placed from the buyer's account, newest first. */
export async function buyerOrders(ctx: Ctx, userId: string, page: number, pageSize: number): Promise<{ items: OrderRecord[]; total: number }> {
  const where = eq(orders.buyerUserId, userId);
  const [items, [count]] = await Promise.all([
    readDb(ctx).select().from(orders).where(where).orderBy(desc(orders.placedAt), desc(orders.code)).limit(pageSize).offset((page - 1) * pageSize),
    readDb(ctx).select({ n: sql<string>`count(*)` }).from(orders).where(where),
  ]);
  return { items: items.map(money), total: Number(count?.n ?? 0) };
}
