/**
 * Moving a dossier along its state machine (src/domain/dossier.ts) from any module: the dossier
 * module's own steps, council rounds (assign / unassign / evaluate) and recognition decisions
 * (recognise / reject). One place checks the transition table, bumps the version (no lost
 * update), writes the timeline event and the audit row — in the caller's transaction.
 * `moveDossiers` is the set-based twin for a round's many dossiers at once.
 */
import { userIdOf, type Ctx } from '../../context';
import { AppError, fieldError } from '../../errors';
import { decideDossierTransition, DOSSIER_TRANSITIONS, type DossierAction, type DossierStatus } from '../../domain/dossier';
import { recordAudit, recordAudits } from '../audit/audit.service';
import * as repo from './dossier.repository';

export type DossierRow = repo.DossierRow;


export interface MoveOptions {
  comment?: string | null;
  /** Refuse with 409 `conflict` unless the dossier is still at this version (optimistic concurrency). */
  expectedVersion?: number;
  /** Extra columns to set with the status (timestamps, commune assessment …). */
  set?: Partial<Pick<repo.DossierInsert, 'submittedAt' | 'forwardedAt' | 'receivedAt' | 'communeAssessment' | 'selfAssessment' | 'sheetId' | 'regimeCode'>>;
}

const changedMeanwhile = () => new AppError('conflict', 'the dossier was changed by someone else; reload and try again');

/**
 * Apply `action` to the dossier. Throws 404 `not_found`, 409 `invalid_transition`,
 * 400 `validation` (comment required) or 409 `conflict`. Call inside a transaction (ctx.tx).
 */
export async function moveDossier(ctx: Ctx, dossierId: string, action: DossierAction, opts: MoveOptions = {}): Promise<DossierRow> {
  const before = await repo.lockDossier(ctx, dossierId);
  if (!before) throw new AppError('not_found', 'dossier not found');
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== before.version) throw changedMeanwhile();
  const decided = decideDossierTransition(before.status, action, opts.comment);
  if (!decided.ok) {
    if (decided.reason === 'comment_required') throw fieldError('comment', 'dossier.comment_required');
    throw new AppError('invalid_transition', `cannot ${action} a dossier that is ${before.status}`);
  }
  const after = await repo.moveDossierRow(ctx, dossierId, before.version, decided.to, opts.set ?? {}, ctx.deps.clock());
  if (!after) throw changedMeanwhile();
  await recordDossierEvent(ctx, before.id, action, before.status, after.status, opts.comment ?? null);
  await recordAudit(ctx, {
    action: `dossier.${action}`, entityType: 'dossier', entityId: before.id, provinceCode: before.provinceCode,
    before: { status: before.status, version: before.version }, after: { status: after.status, version: after.version, ...opts.set },
  });
  return after;
}

/** Who acts, as the timeline records it. */
function timelineActor(ctx: Ctx) {
  const actor = ctx.actor;
  return {
    userId: userIdOf(actor),
    label: actor?.label ?? 'system', role: actor?.role ?? 'system',
  };
}

/** A timeline entry (also used for steps that do not change the status, e.g. a document upload). */
export async function recordDossierEvent(
  ctx: Ctx, dossierId: string, action: string, fromStatus: DossierStatus | null, toStatus: DossierStatus, comment: string | null,
): Promise<void> {
  const who = timelineActor(ctx);
  await repo.insertDossierEvent(ctx, {
    dossierId, action, fromStatus, toStatus, comment, actorUserId: who.userId, actorLabel: who.label, actorRole: who.role, at: ctx.deps.clock(),
  });
}

export interface BulkMove {
  id: string;
  /** Extra facts for the audit row's `after` (the round result). */
  after?: Record<string, unknown>;
}

/**
 * Moving many dossiers at once (a round takes 200 dossiers, closing evaluates them all) with the
 * same effect as moveDossier for each: the transition table decides, the version is bumped, a
 * timeline event and an audit row are written — in three set-based statements instead of four
 * round trips per dossier. Only dossiers in a status the table allows the council action from
 * move; if any does not, nothing moves (409 invalid_transition listing them). Call inside a
 * transaction.
 */
export async function moveDossiers(ctx: Ctx, moves: BulkMove[], action: DossierAction, comment: string | null = null): Promise<void> {
  if (!moves.length) return;
  const allowed = DOSSIER_TRANSITIONS.filter((t) => t.action === action && t.by === 'council');
  if (!allowed.length) throw new Error(`moveDossiers: ${action} is not a council action`);
  const now = ctx.deps.clock();
  const moved = await repo.moveDossierRows(ctx, moves.map((m) => ({ id: m.id, after: m.after ?? {} })), allowed, now);
  if (moved.length !== moves.length) {
    const ok = new Set(moved.map((m) => m.id));
    const refused = moves.filter((m) => !ok.has(m.id)).map((m) => m.id);
    throw new AppError('invalid_transition', `cannot ${action} ${refused.length} dossier(s) in their current status`, undefined, { action, dossierIds: refused });
  }
  await repo.insertMoveEvents(ctx, moved, action, comment, timelineActor(ctx), now);
  await recordAudits(ctx, moved.map((m) => ({
    action: `dossier.${action}`, entityType: 'dossier', entityId: m.id, provinceCode: m.province_code,
    before: { status: m.from_status, version: m.version - 1 },
    after: { status: m.to_status, version: m.version, ...m.after },
  })));
}
