import { exec, type Ctx } from '../../context';
import { auditLog } from './identity.tables';

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
  await exec(ctx).insert(auditLog).values({
    actorUserId: ctx.actor && ctx.actor.userId !== '00000000-0000-0000-0000-000000000000' ? ctx.actor.userId : null,
    actorLabel: ctx.actor?.label ?? 'anonymous',
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    provinceCode: entry.provinceCode ?? null,
    before: stripSecrets(entry.before) ?? null,
    after: stripSecrets(entry.after) ?? null,
    requestId: ctx.requestId,
  });
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
