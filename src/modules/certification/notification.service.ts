/** In-app notifications: each user reads and marks only their own. */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { AppError } from '../../errors';
import { requireActor } from '../../core/actor';
import { notifications } from './certification.tables';
import type { NotificationDto, NotificationListQuery } from './certification.schema';

type Row = typeof notifications.$inferSelect;

const toDto = (n: Row): NotificationDto => ({
  id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link,
  createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null,
});

export async function listNotifications(ctx: Ctx, q: NotificationListQuery) {
  const actor = requireActor(ctx);
  const unreadOnly = and(eq(notifications.userId, actor.userId), isNull(notifications.readAt));
  const where = q.unread === 'true' ? unreadOnly : eq(notifications.userId, actor.userId);
  const countOf = async (w: typeof where) => (await exec(ctx).select({ n: sql<number>`count(*)::int` }).from(notifications).where(w))[0]?.n ?? 0;
  const [items, total, unread] = await Promise.all([
    exec(ctx).select().from(notifications).where(where).orderBy(desc(notifications.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    countOf(where),
    // Listing unread only: the total is the unread count, no second query.
    q.unread === 'true' ? null : countOf(unreadOnly),
  ]);
  return { items: items.map(toDto), total, unread: unread ?? total, page: q.page, pageSize: q.pageSize };
}

/** Mark one of the caller's notifications read (idempotent); another user's answers 404. */
export async function markRead(ctx: Ctx, id: number): Promise<NotificationDto> {
  const actor = requireActor(ctx);
  const [row] = await exec(ctx).update(notifications).set({ readAt: sql`coalesce(${notifications.readAt}, ${ctx.deps.clock()})` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, actor.userId))).returning();
  if (!row) throw new AppError('not_found', 'notification not found');
  return toDto(row);
}
