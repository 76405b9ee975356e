import { z } from 'zod';
import { and, desc, eq, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import type { App } from '../../web/http';
import { requireActor } from '../../web/http';
import { auditLog } from './identity.tables';
import { Layout } from '../../web/components/layout';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { formatDateTimeVi } from '../../domain/dates';
import { AppError } from '../../errors';

const AUDIT_ROLES = ['national_admin', 'province_officer'] as const;

const Query = z.object({
  entityType: z.string().max(40).optional(),
  entityId: z.string().max(64).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

/** National admins see everything; province officers see changes within their province. */
async function listAudit(ctx: Ctx, q: z.infer<typeof Query>) {
  const actor = ctx.actor;
  if (!actor || !AUDIT_ROLES.includes(actor.role as (typeof AUDIT_ROLES)[number])) throw new AppError('forbidden', 'not allowed');
  const where = and(
    actor.role === 'province_officer' ? eq(auditLog.provinceCode, actor.areaCode ?? '') : undefined,
    q.entityType ? eq(auditLog.entityType, q.entityType) : undefined,
    q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
  );
  const db = exec(ctx);
  const [items, [count]] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where),
  ]);
  return { items, total: count?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** A compact "field: before → after" description of what changed. */
function describeChange(before: unknown, after: unknown): string {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => !['createdAt', 'updatedAt', 'id', 'nameKey'].includes(k) && JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  return keys.slice(0, 6).map((k) => (k in b ? `${k}: ${fmt(b[k])} → ${fmt(a[k])}` : `${k}: ${fmt(a[k])}`)).join('; ');
}
const fmt = (v: unknown) => (v === null || v === undefined ? '∅' : String(typeof v === 'object' ? JSON.stringify(v) : v).slice(0, 60));

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
    const view = viewOf(req);
    const { t } = view;
    const r = await listAudit(req.ctx, req.query);
    return sendPage(reply, (
      <Layout view={view} title={t('audit.title')} active="/admin/audit">
        <h1>{t('audit.title')}</h1>
        <DataTable
          caption={t('audit.title')}
          captionHidden
          rows={r.items}
          empty={t('common.empty')}
          columns={[
            { key: 'at', label: t('audit.at'), render: (i) => formatDateTimeVi(i.at) },
            { key: 'actor', label: t('audit.actor'), render: (i) => i.actorLabel },
            { key: 'action', label: t('audit.action'), render: (i) => <code>{i.action}</code> },
            { key: 'entity', label: t('audit.entity'), render: (i) => `${i.entityType} ${i.entityId.slice(0, 8)}` },
            { key: 'change', label: t('audit.change'), render: (i) => describeChange(i.before, i.after) },
          ]}
        />
        <Pagination page={r.page} pageSize={r.pageSize} total={r.total}
          href={(p) => `/admin/audit?page=${p}`}
          labels={{ prev: t('common.prev'), next: t('common.next'), page: (p, n) => t('common.page', { page: p, pages: n }) }} />
      </Layout>
    ));
  });
}
