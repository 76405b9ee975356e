/** Administering accounts (users, their API tokens and sessions): the queries. */
import { and, asc, desc, eq, ilike, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import type { Role } from '../../core/roles';
import { apiTokens, loginDevices, sessions, users } from './identity.tables';
import { areas, producers } from '../registry/registry.tables';

const userArea = sql`coalesce(case when ${areas.level} = 'commune' then ${areas.parentCode} else ${areas.code} end, ${producers.provinceCode})`;

/** A user with where they belong (as the account policy reads it). */
const placeColumns = {
  user: users, areaLevel: areas.level, areaParent: areas.parentCode,
  producerName: producers.name, producerProvince: producers.provinceCode, producerCommune: producers.communeCode,
};

export async function findUserPlaceById(ctx: Ctx, id: string) {
  const [row] = await exec(ctx).select(placeColumns).from(users)
    .leftJoin(areas, eq(areas.code, users.areaCode))
    .leftJoin(producers, eq(producers.id, users.producerId))
    .where(eq(users.id, id)).limit(1);
  return row ?? null;
}

export interface UserScope { provinceCode?: string; communeCode?: string; excludeRoles?: readonly Role[]; onlyRoles?: readonly Role[] }
export interface UserFilter { q?: string | undefined; role?: Role | undefined; status?: 'enabled' | 'disabled' | undefined }

/** Users within a scope (a province's or a commune's), filtered; newest first; `limit` + 1 read to tell if more follow. */
export async function listUsers(ctx: Ctx, scope: UserScope, filter: UserFilter, limit: number, offset: number) {
  const where: SQL[] = [];
  if (scope.provinceCode) where.push(sql`${userArea} = ${scope.provinceCode}`);
  if (scope.communeCode) where.push(or(eq(users.areaCode, scope.communeCode), eq(producers.communeCode, scope.communeCode))!);
  if (scope.excludeRoles?.length) where.push(sql`${users.role} not in (${sql.join(scope.excludeRoles.map((r) => sql`${r}`), sql`, `)})`);
  if (scope.onlyRoles?.length) where.push(sql`${users.role} in (${sql.join(scope.onlyRoles.map((r) => sql`${r}`), sql`, `)})`);
  if (filter.role) where.push(eq(users.role, filter.role));
  if (filter.status) where.push(eq(users.disabled, filter.status === 'disabled'));
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(users.username, like), ilike(users.displayName, like), ilike(users.email, like), ilike(producers.name, like))!);
  }
  return exec(ctx).select({ ...placeColumns, areaName: areas.name }).from(users)
    .leftJoin(areas, eq(areas.code, users.areaCode))
    .leftJoin(producers, eq(producers.id, users.producerId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(users.username)).limit(limit + 1).offset(offset);
}

export async function setDisabled(ctx: Ctx, userId: string, disabled: boolean, reason: string | null) {
  await exec(ctx).update(users).set({ disabled, disabledReason: disabled ? reason : null }).where(eq(users.id, userId));
}

export async function setRole(ctx: Ctx, userId: string, values: { role: Role; areaCode: string | null; producerId: string | null }) {
  await exec(ctx).update(users).set(values).where(eq(users.id, userId));
}

export async function setPasswordHash(ctx: Ctx, userId: string, passwordHash: string, mustChange: boolean) {
  await exec(ctx).update(users).set({ passwordHash, mustChangePassword: mustChange }).where(eq(users.id, userId));
}

/** Enabled national administrators other than `exceptUserId` (one must always remain). */
export async function countOtherEnabledAdmins(ctx: Ctx, exceptUserId: string): Promise<number> {
  const [row] = await exec(ctx).select({ n: sql<number>`count(*)::int` }).from(users)
    .where(and(eq(users.role, 'national_admin'), eq(users.disabled, false), ne(users.id, exceptUserId)));
  return row?.n ?? 0;
}

export async function listTokens(ctx: Ctx, userId: string) {
  return exec(ctx).select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

export async function findToken(ctx: Ctx, tokenId: string) {
  const [row] = await exec(ctx).select().from(apiTokens).where(eq(apiTokens.id, tokenId)).limit(1);
  return row ?? null;
}

export async function findTokensByPrefix(ctx: Ctx, prefix: string) {
  return exec(ctx).select({ token: apiTokens, username: users.username }).from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.prefix, prefix), isNull(apiTokens.revokedAt))).limit(5);
}

/** Tokens of the user that still work (not revoked, not past their end). */
export async function countLiveTokens(ctx: Ctx, userId: string, now: Date): Promise<number> {
  const [row] = await exec(ctx).select({ n: sql<number>`count(*)::int` }).from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), sql`${apiTokens.expiresAt} > ${now.toISOString()}::timestamptz`));
  return row?.n ?? 0;
}

/** The token a create form made already (its one-time key), if any. */
export async function findTokenByFormKey(ctx: Ctx, userId: string, formKey: string) {
  const [row] = await exec(ctx).select().from(apiTokens).where(and(eq(apiTokens.userId, userId), eq(apiTokens.formKey, formKey))).limit(1);
  return row ?? null;
}

/** Revoke a live token: true when this call revoked it. */
export async function revokeToken(ctx: Ctx, tokenId: string, now: Date): Promise<boolean> {
  const done = await exec(ctx).update(apiTokens).set({ revokedAt: now })
    .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
  return done.length === 1;
}

export async function listSessions(ctx: Ctx, userId: string, now: Date) {
  return exec(ctx).select({
    idHash: sessions.idHash, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt,
    ip: sessions.ip, userAgent: sessions.userAgent,
  }).from(sessions).where(and(eq(sessions.userId, userId), sql`${sessions.expiresAt} > ${now.toISOString()}::timestamptz`))
    .orderBy(desc(sessions.lastSeenAt));
}

/** End every session of the user but `keepHash` (null: all); returns how many ended. */
export async function endSessions(ctx: Ctx, userId: string, keepHash: string | null): Promise<number> {
  const gone = await exec(ctx).delete(sessions)
    .where(and(eq(sessions.userId, userId), keepHash ? ne(sessions.idHash, keepHash) : undefined))
    .returning({ h: sessions.idHash });
  return gone.length;
}

export async function forgetDevices(ctx: Ctx, userId: string) {
  await exec(ctx).delete(loginDevices).where(eq(loginDevices.userId, userId));
}
