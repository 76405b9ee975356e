/** The e-mail outbox: its queries. */
import { asc, eq, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { mailOutbox } from './mail.tables';

export type MailInsert = typeof mailOutbox.$inferInsert;
export type MailRow = typeof mailOutbox.$inferSelect;

/** Queue an e-mail once (dedupe key); returns whether it was new. */
export async function insertMail(ctx: Ctx, value: MailInsert): Promise<boolean> {
  const inserted = await exec(ctx).insert(mailOutbox).values(value).onConflictDoNothing().returning({ id: mailOutbox.id });
  return inserted.length > 0;
}

export async function pendingMail(ctx: Ctx, limit: number): Promise<MailRow[]> {
  return exec(ctx).select().from(mailOutbox).where(eq(mailOutbox.status, 'pending')).orderBy(asc(mailOutbox.id)).limit(limit);
}

export async function markMailSent(ctx: Ctx, id: number): Promise<void> {
  await exec(ctx).update(mailOutbox).set({ status: 'sent', sentAt: ctx.deps.clock(), attempts: sql`${mailOutbox.attempts} + 1`, lastError: null })
    .where(eq(mailOutbox.id, id));
}

export async function markMailFailed(ctx: Ctx, id: number, attempts: number, lastError: string, status: 'pending' | 'failed'): Promise<void> {
  await exec(ctx).update(mailOutbox).set({ attempts, lastError, status }).where(eq(mailOutbox.id, id));
}
