/** Password reset links and password changes: their queries. */
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { passwordResets, sessions, users } from './identity.tables';
import { areas, producers } from '../registry/registry.tables';

export async function insertReset(ctx: Ctx, values: typeof passwordResets.$inferInsert) {
  await exec(ctx).insert(passwordResets).values(values);
}

/** Links issued to `userId` since `since` (the per-account limit on reset e-mails). */
export async function countResetsSince(ctx: Ctx, userId: string, since: Date): Promise<number> {
  const [row] = await exec(ctx).select({ n: sql<number>`count(*)::int` }).from(passwordResets)
    .where(and(eq(passwordResets.userId, userId), gt(passwordResets.createdAt, since)));
  return row?.n ?? 0;
}

/** The live link of this hash (unused, not expired) with its user; null otherwise. */
export async function findLiveReset(ctx: Ctx, tokenHash: string, now: Date) {
  const [row] = await exec(ctx).select({ reset: passwordResets, user: users }).from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now), eq(users.disabled, false)))
    .limit(1);
  return row ?? null;
}

/** Use the link once: true when this call consumed it (a second use, or a race, gets false). */
export async function consumeReset(ctx: Ctx, tokenHash: string, now: Date): Promise<boolean> {
  const used = await exec(ctx).update(passwordResets).set({ usedAt: now })
    .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
    .returning({ h: passwordResets.tokenHash });
  return used.length === 1;
}

/** Every other unused link of the user stops working (a new password ends them all). */
export async function voidOtherResets(ctx: Ctx, userId: string, keepHash: string, now: Date) {
  await exec(ctx).update(passwordResets).set({ usedAt: now })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt), ne(passwordResets.tokenHash, keepHash)));
}

export async function setPassword(ctx: Ctx, userId: string, passwordHash: string, mustChange: boolean) {
  await exec(ctx).update(users).set({ passwordHash, mustChangePassword: mustChange })
    .where(eq(users.id, userId));
}

/** Sign the user out everywhere; returns how many sessions ended. */
export async function deleteUserSessions(ctx: Ctx, userId: string): Promise<number> {
  const gone = await exec(ctx).delete(sessions).where(eq(sessions.userId, userId)).returning({ h: sessions.idHash });
  return gone.length;
}

/** Users by username or e-mail (case-insensitive), enabled only. */
export async function findUsersByLogin(ctx: Ctx, login: string) {
  const key = login.trim().toLowerCase();
  return exec(ctx).select().from(users)
    .where(and(eq(users.disabled, false), key.includes('@') ? sql`lower(${users.email}) = ${key}` : eq(users.username, key)))
    .limit(5);
}

/** A user with where they belong: their own area's province, and their producer's commune and province. */
export async function findUserPlace(ctx: Ctx, username: string) {
  const [row] = await exec(ctx).select({
    user: users, areaLevel: areas.level, areaParent: areas.parentCode,
    producerName: producers.name, producerProvince: producers.provinceCode, producerCommune: producers.communeCode,
  }).from(users)
    .leftJoin(areas, eq(areas.code, users.areaCode))
    .leftJoin(producers, eq(producers.id, users.producerId))
    .where(eq(users.username, username.trim().toLowerCase())).limit(1);
  return row ?? null;
}
