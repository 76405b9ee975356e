import { z } from 'zod';
import type { App } from '../../web/http';
import { requireActor } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { AUDIT_ROLES } from './audit.policy';
import { describeChange, listAudit } from './audit.service';
import { AuditPage } from './audit.view';

const Query = z.object({
  entityType: z.string().max(40).optional(),
  entityId: z.string().max(64).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

export function registerAuditRoutes(app: App) {
  app.get('/api/v1/audit', {
    config: { access: AUDIT_ROLES },
    schema: {
      tags: ['audit'], summary: 'Audit log (who, when, what, before → after)', querystring: Query,
      response: {
        200: z.object({
          items: z.array(z.object({
            id: z.number(), at: z.string(), actor: z.string(), action: z.string(), entityType: z.string(),
            entityId: z.string(), before: z.unknown(), after: z.unknown(), requestId: z.string().nullable(),
          })),
          total: z.number(), page: z.number(), pageSize: z.number(),
        }),
      },
    },
  }, async (req) => {
    const r = await listAudit(req.ctx, req.query);
    return {
      ...r,
      items: r.items.map((i) => ({
        id: i.id, at: i.at.toISOString(), actor: i.actorLabel, action: i.action, entityType: i.entityType,
        entityId: i.entityId, before: i.before, after: i.after, requestId: i.requestId,
      })),
    };
  });

  app.get('/admin/audit', { config: { access: AUDIT_ROLES }, schema: { hide: true, querystring: Query } }, async (req, reply) => {
    requireActor(req);
    const r = await listAudit(req.ctx, req.query);
    const items = r.items.map((i) => ({
      id: i.id, at: i.at, actor: i.actorLabel, action: i.action,
      entity: `${i.entityType} ${i.entityId.slice(0, 8)}`, change: describeChange(i.before, i.after),
    }));
    return sendPage(reply, <AuditPage view={viewOf(req)} items={items} page={r.page} pageSize={r.pageSize} total={r.total} />);
  });
}
