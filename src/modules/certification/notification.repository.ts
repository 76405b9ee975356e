/** In-app notifications: their queries (the e-mail outbox is src/modules/mail). */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { notifications } from './certification.tables';

export type NotificationRow = typeof notifications.$inferSelect;
export type NotificationInsert = typeof notifications.$inferInsert;

/** A user's notifications, newest first, with their total and (unless listing unread only) the unread count. */
export async function listForUser(ctx: Ctx, userId: string, q: { unreadOnly: boolean; page: number; pageSize: number }) {
  const unreadOnly = and(eq(notifications.userId, userId), isNull(notifications.readAt));
  const where = q.unreadOnly ? unreadOnly : eq(notifications.userId, userId);
  const countOf = async (w: typeof where) => (await exec(ctx).select({ n: sql<number>`count(*)::int` }).from(notifications).where(w))[0]?.n ?? 0;
  const [items, total, unread] = await Promise.all([
    exec(ctx).select().from(notifications).where(where).orderBy(desc(notifications.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    countOf(where),
    // Listing unread only: the total is the unread count, no second query.
    q.unreadOnly ? null : countOf(unreadOnly),
  ]);
  return { items, total, unread: unread ?? total };
}

/** Mark one of the user's notifications read (idempotent); undefined when it is not theirs. */
export async function markRead(ctx: Ctx, userId: string, id: number): Promise<NotificationRow | undefined> {
  const [row] = await exec(ctx).update(notifications).set({ readAt: sql`coalesce(${notifications.readAt}, ${ctx.deps.clock()})` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId))).returning();
  return row;
}

/** Insert notifications once (dedupe key per user); returns how many were new. */
export async function insertNotifications(ctx: Ctx, values: NotificationInsert[]): Promise<number> {
  if (!values.length) return 0;
  const inserted = await exec(ctx).insert(notifications).values(values).onConflictDoNothing().returning({ id: notifications.id });
  return inserted.length;
}
