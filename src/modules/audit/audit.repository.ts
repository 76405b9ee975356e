import { and, desc, eq, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import type { RowScope } from '../../core/scope';
import { scopeWhere } from '../../db/scope';
import { auditLog } from './audit.tables';

export type AuditRow = typeof auditLog.$inferSelect;

export async function insertAudit(ctx: Ctx, values: typeof auditLog.$inferInsert): Promise<void> {
  await exec(ctx).insert(auditLog).values(values);
}

/** Many audit rows in one statement (a set-based move of a round's dossiers). */
export async function insertAudits(ctx: Ctx, values: readonly (typeof auditLog.$inferInsert)[]): Promise<void> {
  if (values.length) await exec(ctx).insert(auditLog).values([...values]);
}

export interface AuditFilter { entityType?: string | undefined; entityId?: string | undefined; limit: number; offset: number }

/** A page of audit rows within the scope (logical column 'province'), newest first, and their count. */
export async function listAudit(ctx: Ctx, scope: RowScope, f: AuditFilter): Promise<{ items: AuditRow[]; total: number }> {
  const where = and(
    scopeWhere(scope, { province: auditLog.provinceCode }),
    f.entityType ? eq(auditLog.entityType, f.entityType) : undefined,
    f.entityId ? eq(auditLog.entityId, f.entityId) : undefined,
  );
  const db = exec(ctx);
  const [items, [count]] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(f.limit).offset(f.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}
