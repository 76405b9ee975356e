/** Producers' account requests: their queries. */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { exec, type Ctx } from '../../context';
import { accountRequests, users } from './identity.tables';
import { areas, producers } from '../registry/registry.tables';

export type AccountRequestRow = typeof accountRequests.$inferSelect;
export type RequestStatus = AccountRequestRow['status'];

/** Which requests an officer sees: all, a province's, or a commune's. */
export type RequestScope = { all: true } | { province: string } | { commune: string } | { none: true };

function scoped(scope: RequestScope): SQL | undefined {
  if ('all' in scope) return undefined;
  if ('province' in scope) return eq(accountRequests.provinceCode, scope.province);
  if ('commune' in scope) return eq(accountRequests.communeCode, scope.commune);
  return sql`false`;
}

const commune = alias(areas, 'commune');
const province = alias(areas, 'province');

const withNames = { request: accountRequests, communeName: commune.name, provinceName: province.name };

export async function insertRequest(ctx: Ctx, values: typeof accountRequests.$inferInsert): Promise<AccountRequestRow> {
  const [row] = await exec(ctx).insert(accountRequests).values(values).returning();
  return row!;
}

export async function listRequests(ctx: Ctx, scope: RequestScope, status: RequestStatus, limit: number, offset: number) {
  const where = and(eq(accountRequests.status, status), scoped(scope));
  const db = exec(ctx);
  const [items, [count]] = await Promise.all([
    db.select(withNames).from(accountRequests)
      .innerJoin(commune, eq(commune.code, accountRequests.communeCode))
      .innerJoin(province, eq(province.code, accountRequests.provinceCode))
      .where(where).orderBy(status === 'pending' ? accountRequests.createdAt : desc(accountRequests.decidedAt)).limit(limit).offset(offset),
    db.select({ n: sql<number>`count(*)::int` }).from(accountRequests).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function findRequest(ctx: Ctx, id: string, scope: RequestScope) {
  const [row] = await exec(ctx).select(withNames).from(accountRequests)
    .innerJoin(commune, eq(commune.code, accountRequests.communeCode))
    .innerJoin(province, eq(province.code, accountRequests.provinceCode))
    .where(and(eq(accountRequests.id, id), scoped(scope))).limit(1);
  return row ?? null;
}

/** Decide a pending request once: null when it was already decided (or is not pending). */
export async function decideRequest(ctx: Ctx, id: string, values: Partial<typeof accountRequests.$inferInsert>): Promise<AccountRequestRow | null> {
  const [row] = await exec(ctx).update(accountRequests).set(values)
    .where(and(eq(accountRequests.id, id), eq(accountRequests.status, 'pending'))).returning();
  return row ?? null;
}

/** Is the username taken by a user or held by a pending request? */
export async function usernameInUse(ctx: Ctx, username: string): Promise<boolean> {
  const [u] = await exec(ctx).select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  if (u) return true;
  const [r] = await exec(ctx).select({ id: accountRequests.id }).from(accountRequests)
    .where(and(eq(accountRequests.username, username), eq(accountRequests.status, 'pending'))).limit(1);
  return !!r;
}

/** Is the tax code registered to a producer, or in a pending request? */
export async function taxCodeInUse(ctx: Ctx, taxCode: string): Promise<'producer' | 'request' | null> {
  const [p] = await exec(ctx).select({ id: producers.id }).from(producers).where(eq(producers.taxCode, taxCode)).limit(1);
  if (p) return 'producer';
  const [r] = await exec(ctx).select({ id: accountRequests.id }).from(accountRequests)
    .where(and(eq(accountRequests.taxCode, taxCode), eq(accountRequests.status, 'pending'))).limit(1);
  return r ? 'request' : null;
}

export async function countPending(ctx: Ctx, scope: RequestScope): Promise<number> {
  const [row] = await exec(ctx).select({ n: sql<number>`count(*)::int` }).from(accountRequests)
    .where(and(eq(accountRequests.status, 'pending'), scoped(scope)));
  return row?.n ?? 0;
}
