/**
 * Moving many dossiers at once (a round takes 200 dossiers, closing evaluates them all) with the
 * same effect as moveDossier (src/modules/dossier/dossier-status.ts) for each: the transition
 * table decides, the version is bumped, a timeline event and an audit row are written — in three
 * set-based statements instead of four round trips per dossier. Call inside a transaction.
 */
import { sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { AppError } from '../../errors';
import { DOSSIER_TRANSITIONS, type DossierAction, type DossierStatus } from '../../domain/dossier';
import { auditLog } from '../audit/audit.tables';
import { dossierEvents, dossiers } from '../dossier/dossier.tables';

export interface BulkMove {
  id: string;
  /** Extra facts for the audit row's `after` (the round result). */
  after?: Record<string, unknown>;
}

const SYSTEM_USER = '00000000-0000-0000-0000-000000000000';

/**
 * Apply `action` to every listed dossier. Only dossiers in a status the table allows the action
 * from move; if any does not, nothing moves (409 invalid_transition listing them).
 */
export async function moveDossiers(ctx: Ctx, moves: BulkMove[], action: DossierAction, comment: string | null = null): Promise<void> {
  if (!moves.length) return;
  const from = DOSSIER_TRANSITIONS.filter((t) => t.action === action && t.by === 'council');
  if (!from.length) throw new Error(`moveDossiers: ${action} is not a council action`);
  const targets = from.map((t) => `('${t.from}','${t.to}')`).join(',');
  const actor = ctx.actor;
  const actorId = actor && actor.userId !== SYSTEM_USER ? actor.userId : null;
  const now = ctx.deps.clock().toISOString();
  const input = JSON.stringify(moves.map((m) => ({ id: m.id, after: m.after ?? {} })));
  const db = exec(ctx);

  const moved = await rows<{ id: string; from_status: DossierStatus; to_status: DossierStatus; version: number; province_code: string; after: Record<string, unknown> }>(db, sql`
    with input as (select * from jsonb_to_recordset(${input}::jsonb) as x(id uuid, after jsonb)),
    allowed(from_status, to_status) as (values ${sql.raw(targets)}),
    locked as (
      select d.id, d.status as from_status, a.to_status, d.version, d.province_code, i.after
      from ${dossiers} d join input i on i.id = d.id join allowed a on a.from_status = d.status
      for update of d
    ),
    upd as (
      update ${dossiers} d set status = l.to_status, version = d.version + 1, updated_at = ${now}::timestamptz
      from locked l where d.id = l.id and d.version = l.version
      returning d.id, d.version
    )
    select l.id, l.from_status, l.to_status, u.version, l.province_code, l.after from locked l join upd u on u.id = l.id`);
  if (moved.length !== moves.length) {
    const ok = new Set(moved.map((m) => m.id));
    const refused = moves.filter((m) => !ok.has(m.id)).map((m) => m.id);
    throw new AppError('invalid_transition', `cannot ${action} ${refused.length} dossier(s) in their current status`, undefined, { action, dossierIds: refused });
  }
  const payload = JSON.stringify(moved.map((m) => ({ ...m })));
  await db.execute(sql`
    insert into ${dossierEvents} (dossier_id, action, from_status, to_status, comment, actor_user_id, actor_label, actor_role, at)
    select x.id, ${action}, x.from_status, x.to_status, ${comment}, ${actorId}::uuid, ${actor?.label ?? 'system'}, ${actor?.role ?? 'system'}, ${now}::timestamptz
    from jsonb_to_recordset(${payload}::jsonb) as x(id uuid, from_status text, to_status text)`);
  await db.execute(sql`
    insert into ${auditLog} (actor_user_id, actor_label, action, entity_type, entity_id, province_code, before, after, request_id)
    select ${actorId}::uuid, ${actor?.label ?? 'anonymous'}, ${`dossier.${action}`}, 'dossier', x.id::text, x.province_code,
      jsonb_build_object('status', x.from_status, 'version', x.version - 1),
      jsonb_build_object('status', x.to_status, 'version', x.version) || coalesce(x.after, '{}'::jsonb),
      ${ctx.requestId}
    from jsonb_to_recordset(${payload}::jsonb) as x(id uuid, from_status text, to_status text, version int, province_code text, after jsonb)`);
}
