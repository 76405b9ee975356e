/** The text-message outbox's queries: claim due messages, record what the provider said. */
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { noticeChannelOutbox } from './notices.tables';

export type TextRow = typeof noticeChannelOutbox.$inferSelect;

/**
 * Take up to `limit` due messages of a channel for this worker: their next attempt moves to
 * `leaseUntil`, so another worker (another process) skips them meanwhile, and a worker that dies
 * mid-send leaves them due again after the lease. One statement; rows locked by others are skipped.
 */
export async function claimDue(ctx: Ctx, channel: string, now: Date, leaseUntil: Date, limit: number): Promise<TextRow[]> {
  const due = exec(ctx).select({ id: noticeChannelOutbox.id }).from(noticeChannelOutbox)
    .where(and(eq(noticeChannelOutbox.status, 'pending'), eq(noticeChannelOutbox.channel, channel), lte(noticeChannelOutbox.nextAttemptAt, now)))
    .orderBy(asc(noticeChannelOutbox.nextAttemptAt), asc(noticeChannelOutbox.id)).limit(limit).for('update', { skipLocked: true });
  return exec(ctx).update(noticeChannelOutbox).set({ nextAttemptAt: leaseUntil })
    .where(inArray(noticeChannelOutbox.id, due)).returning();
}

export async function markSent(ctx: Ctx, id: number, attempts: number, providerId: string | null, at: Date): Promise<void> {
  await exec(ctx).update(noticeChannelOutbox).set({ status: 'sent', attempts, providerId, sentAt: at, lastError: null })
    .where(eq(noticeChannelOutbox.id, id));
}

export async function markRetry(ctx: Ctx, id: number, attempts: number, nextAttemptAt: Date, error: string): Promise<void> {
  await exec(ctx).update(noticeChannelOutbox).set({ attempts, nextAttemptAt, lastError: error })
    .where(eq(noticeChannelOutbox.id, id));
}

export async function markFailed(ctx: Ctx, id: number, attempts: number, error: string): Promise<void> {
  await exec(ctx).update(noticeChannelOutbox).set({ status: 'failed', attempts, lastError: error })
    .where(eq(noticeChannelOutbox.id, id));
}

/** Whether any message of the channel is due (the minute job's cheap probe). */
export async function anyDue(ctx: Ctx, channel: string, now: Date): Promise<boolean> {
  const [row] = await exec(ctx).select({ one: sql<number>`1` }).from(noticeChannelOutbox)
    .where(and(eq(noticeChannelOutbox.status, 'pending'), eq(noticeChannelOutbox.channel, channel), lte(noticeChannelOutbox.nextAttemptAt, now))).limit(1);
  return row !== undefined;
}
