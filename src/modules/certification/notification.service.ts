/** In-app notifications: each user reads and marks only their own. */
import type { Ctx } from '../../context';
import { AppError } from '../../errors';
import { requireActor } from '../../core/actor';
import * as repo from './notification.repository';
import type { NotificationDto, NotificationListQuery } from './certification.schema';

const toDto = (n: repo.NotificationRow): NotificationDto => ({
  id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link,
  createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null,
});

export async function listNotifications(ctx: Ctx, q: NotificationListQuery) {
  const actor = requireActor(ctx);
  const { items, total, unread } = await repo.listForUser(ctx, actor.userId, { unreadOnly: q.unread === 'true', page: q.page, pageSize: q.pageSize });
  return { items: items.map(toDto), total, unread, page: q.page, pageSize: q.pageSize };
}

/** Mark one of the caller's notifications read (idempotent); another user's answers 404. */
export async function markRead(ctx: Ctx, id: number): Promise<NotificationDto> {
  const actor = requireActor(ctx);
  const row = await repo.markRead(ctx, actor.userId, id);
  if (!row) throw new AppError('not_found', 'notification not found');
  return toDto(row);
}
