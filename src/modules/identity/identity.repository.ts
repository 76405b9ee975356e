import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { apiTokens, sessions, users } from './identity.tables';
import { areas } from '../registry/registry.tables';

export type UserRow = typeof users.$inferSelect;

/** The user with the province of their scope, as needed to build an Actor. */
const actorColumns = {
  user: users,
  scopeLevel: areas.level,
  scopeParent: areas.parentCode,
};

export async function findUserByUsername(ctx: Ctx, username: string) {
  const [row] = await exec(ctx)
    .select(actorColumns).from(users).leftJoin(areas, eq(areas.code, users.areaCode))
    .where(eq(users.username, username.toLowerCase())).limit(1);
  return row ?? null;
}

export async function findUserById(ctx: Ctx, id: string) {
  const [row] = await exec(ctx)
    .select(actorColumns).from(users).leftJoin(areas, eq(areas.code, users.areaCode))
    .where(eq(users.id, id)).limit(1);
  return row ?? null;
}

export async function insertUser(ctx: Ctx, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await exec(ctx).insert(users).values(values).returning();
  return row!;
}

export async function recordLoginSuccess(ctx: Ctx, userId: string, now: Date) {
  await exec(ctx).update(users)
    .set({ lastLoginAt: now })
    .where(eq(users.id, userId));
}

export async function insertSession(ctx: Ctx, values: typeof sessions.$inferInsert) {
  await exec(ctx).insert(sessions).values(values);
}

export async function findSession(ctx: Ctx, idHash: string, now: Date) {
  const [row] = await exec(ctx)
    .select({ session: sessions, ...actorColumns })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(areas, eq(areas.code, users.areaCode))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now), eq(users.disabled, false)))
    .limit(1);
  return row ?? null;
}

export async function touchSession(ctx: Ctx, idHash: string, now: Date) {
  await exec(ctx).update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
}

export async function deleteSession(ctx: Ctx, idHash: string) {
  await exec(ctx).delete(sessions).where(eq(sessions.idHash, idHash));
}

/** Sessions of `userId` that ran out before `now` (cleared at each sign-in, so they never pile up). */
export async function deleteExpiredSessions(ctx: Ctx, userId: string, now: Date) {
  await exec(ctx).delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, now)));
}

/** Writes a token: null when its create form's one-time key was used already (a form sent twice). */
export async function insertApiToken(ctx: Ctx, values: typeof apiTokens.$inferInsert) {
  const [row] = await exec(ctx).insert(apiTokens).values(values).onConflictDoNothing({ target: [apiTokens.userId, apiTokens.formKey] }).returning();
  return row ?? null;
}

/** The live token with this hash (not revoked, not past its end, its user not disabled). */
export async function findByApiToken(ctx: Ctx, tokenHash: string, now: Date) {
  const [row] = await exec(ctx)
    .select({ tokenId: apiTokens.id, ...actorColumns })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(areas, eq(areas.code, users.areaCode))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now), eq(users.disabled, false)))
    .limit(1);
  return row ?? null;
}

export async function touchApiToken(ctx: Ctx, tokenId: string, now: Date) {
  await exec(ctx).update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, tokenId));
}
