/** Failed sign-ins per typed username, and the devices users signed in from: their queries. */
import { eq, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { loginDevices, loginThrottle } from './identity.tables';

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

export async function findThrottle(ctx: Ctx, key: string) {
  const [row] = await exec(ctx).select().from(loginThrottle).where(eq(loginThrottle.key, key)).limit(1);
  return row ?? null;
}

/**
 * Count a failure at `now`; a series older than `forgetBefore` starts again at 1. The next
 * sign-in is allowed after `delaySeconds(failures)`. Returns the count and that time.
 */
export async function recordFailure(ctx: Ctx, key: string, now: Date, forgetBefore: Date, delaySeconds: (failures: number) => number) {
  const [row] = await exec(ctx).insert(loginThrottle).values({ key, failures: 1, lastFailureAt: now })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: sql`case when ${loginThrottle.lastFailureAt} < ${at(forgetBefore)} then 1 else ${loginThrottle.failures} + 1 end`,
        lastFailureAt: now,
      },
    }).returning({ failures: loginThrottle.failures });
  const failures = row!.failures;
  const delay = delaySeconds(failures);
  const nextAllowedAt = delay > 0 ? new Date(now.getTime() + delay * 1000) : null;
  await exec(ctx).update(loginThrottle).set({ nextAllowedAt }).where(eq(loginThrottle.key, key));
  return { failures, nextAllowedAt };
}

export async function clearThrottle(ctx: Ctx, key: string) {
  await exec(ctx).delete(loginThrottle).where(eq(loginThrottle.key, key));
}

/** Series nobody added to since `before` (kept tidy by the sign-in itself). */
export async function forgetThrottles(ctx: Ctx, before: Date) {
  await exec(ctx).delete(loginThrottle).where(sql`${loginThrottle.lastFailureAt} < ${at(before)}`);
}

export async function findDevice(ctx: Ctx, tokenHash: string) {
  const [row] = await exec(ctx).select().from(loginDevices).where(eq(loginDevices.tokenHash, tokenHash)).limit(1);
  return row ?? null;
}

export async function saveDevice(ctx: Ctx, tokenHash: string, userId: string, now: Date) {
  await exec(ctx).insert(loginDevices).values({ tokenHash, userId, createdAt: now, lastUsedAt: now })
    .onConflictDoUpdate({ target: loginDevices.tokenHash, set: { lastUsedAt: now, failures: 0 } });
}

/** A failed sign-in from a known device: its count, or 0 when it passed `max` and the device was forgotten. */
export async function deviceFailure(ctx: Ctx, tokenHash: string, max: number): Promise<number> {
  const [row] = await exec(ctx).update(loginDevices).set({ failures: sql`${loginDevices.failures} + 1` })
    .where(eq(loginDevices.tokenHash, tokenHash)).returning({ failures: loginDevices.failures });
  if (row && row.failures >= max) {
    await exec(ctx).delete(loginDevices).where(eq(loginDevices.tokenHash, tokenHash));
    return 0;
  }
  return row?.failures ?? 0;
}

