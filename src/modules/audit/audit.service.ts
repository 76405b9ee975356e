import { userIdOf, type Ctx } from '../../context';
import { AppError } from '../../errors';
import * as repo from './audit.repository';
import { auditScope, canReadAudit } from './audit.policy';

export type { AuditRow } from './audit.repository';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  provinceCode?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Write one audit row in the caller's transaction (pass a ctx with tx so it commits with the change). */
export async function recordAudit(ctx: Ctx, entry: AuditEntry): Promise<void> {
  await repo.insertAudit(ctx, auditValues(ctx, entry));
}

/** The same rows as recordAudit one by one, in one statement (set-based moves of many records). */
export async function recordAudits(ctx: Ctx, entries: readonly AuditEntry[]): Promise<void> {
  await repo.insertAudits(ctx, entries.map((e) => auditValues(ctx, e)));
}

function auditValues(ctx: Ctx, entry: AuditEntry) {
  return {
    actorUserId: userIdOf(ctx.actor),
    actorLabel: ctx.actor?.label ?? 'anonymous',
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    provinceCode: entry.provinceCode ?? null,
    before: stripSecrets(entry.before) ?? null,
    after: stripSecrets(entry.after) ?? null,
    requestId: ctx.requestId,
  };
}

const SECRET_KEYS = new Set(['passwordHash', 'password', 'tokenHash', 'csrfToken', 'idHash']);
/** Columns the database derives for search: noise in a before → after record. */
const DERIVED_KEYS = new Set(['searchText', 'searchWords']);

function stripSecrets(value: unknown): unknown {
  if (value === undefined || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(stripSecrets);
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => !SECRET_KEYS.has(k) && !DERIVED_KEYS.has(k))
      .map(([k, v]) => [k, v instanceof Date ? v.toISOString() : stripSecrets(v)]),
  );
}

export interface AuditQuery { entityType?: string | undefined; entityId?: string | undefined; page: number; pageSize: number }

/** A page of the audit log: national admins see everything; province officers changes within their province. */
export async function listAudit(ctx: Ctx, q: AuditQuery) {
  const actor = ctx.actor;
  if (!actor || !canReadAudit(actor)) throw new AppError('forbidden', 'not allowed');
  const { items, total } = await repo.listAudit(ctx, auditScope(actor), {
    entityType: q.entityType, entityId: q.entityId, limit: q.pageSize, offset: (q.page - 1) * q.pageSize,
  });
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** A compact "field: before → after" description of what changed. */
export function describeChange(before: unknown, after: unknown): string {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => !['createdAt', 'updatedAt', 'id', 'nameKey'].includes(k) && JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  return keys.slice(0, 6).map((k) => (k in b ? `${k}: ${fmt(b[k])} → ${fmt(a[k])}` : `${k}: ${fmt(a[k])}`)).join('; ');
}
const fmt = (v: unknown) => (v === null || v === undefined ? '∅' : String(typeof v === 'object' ? JSON.stringify(v) : v).slice(0, 60));
