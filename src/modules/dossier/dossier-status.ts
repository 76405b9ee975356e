/**
 * Moving a dossier along its state machine (src/domain/dossier.ts) from any module: the dossier
 * module's own steps, council rounds (assign / unassign / evaluate) and recognition decisions
 * (recognise / reject). One place checks the transition table, bumps the version (no lost
 * update), writes the timeline event and the audit row — in the caller's transaction.
 */
import { and, eq, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { AppError, validation } from '../../errors';
import { decideDossierTransition, type DossierAction, type DossierStatus } from '../../domain/dossier';
import { recordAudit } from '../audit/audit.service';
import { dossierEvents, dossiers } from './dossier.tables';

export type DossierRow = typeof dossiers.$inferSelect;

export interface MoveOptions {
  comment?: string | null;
  /** Refuse with 409 `conflict` unless the dossier is still at this version (optimistic concurrency). */
  expectedVersion?: number;
  /** Extra columns to set with the status (timestamps, commune assessment …). */
  set?: Partial<Pick<typeof dossiers.$inferInsert, 'submittedAt' | 'forwardedAt' | 'receivedAt' | 'communeAssessment' | 'selfAssessment' | 'sheetId' | 'regimeCode'>>;
}

/**
 * Apply `action` to the dossier. Throws 404 `not_found`, 409 `invalid_transition`,
 * 400 `validation` (comment required) or 409 `conflict`. Call inside a transaction (ctx.tx).
 */
export async function moveDossier(ctx: Ctx, dossierId: string, action: DossierAction, opts: MoveOptions = {}): Promise<DossierRow> {
  const db = exec(ctx);
  const [before] = await db.select().from(dossiers).where(eq(dossiers.id, dossierId)).for('update');
  if (!before) throw new AppError('not_found', 'dossier not found');
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== before.version) {
    throw new AppError('conflict', 'the dossier was changed by someone else; reload and try again');
  }
  const decided = decideDossierTransition(before.status, action, opts.comment);
  if (!decided.ok) {
    if (decided.reason === 'comment_required') throw validation({ comment: 'required' }, 'a comment is required');
    throw new AppError('invalid_transition', `cannot ${action} a dossier that is ${before.status}`);
  }
  const now = ctx.deps.clock();
  const [after] = await db.update(dossiers)
    .set({ ...opts.set, status: decided.to, version: sql`${dossiers.version} + 1`, updatedAt: now })
    .where(and(eq(dossiers.id, dossierId), eq(dossiers.version, before.version)))
    .returning();
  if (!after) throw new AppError('conflict', 'the dossier was changed by someone else; reload and try again');
  await recordDossierEvent(ctx, before.id, action, before.status, after.status, opts.comment ?? null);
  await recordAudit(ctx, {
    action: `dossier.${action}`, entityType: 'dossier', entityId: before.id, provinceCode: before.provinceCode,
    before: { status: before.status, version: before.version }, after: { status: after.status, version: after.version, ...opts.set },
  });
  return after;
}

/** A timeline entry (also used for steps that do not change the status, e.g. a document upload). */
export async function recordDossierEvent(
  ctx: Ctx, dossierId: string, action: string, fromStatus: DossierStatus | null, toStatus: DossierStatus, comment: string | null,
): Promise<void> {
  const actor = ctx.actor;
  await exec(ctx).insert(dossierEvents).values({
    dossierId, action, fromStatus, toStatus, comment,
    actorUserId: actor && actor.userId !== '00000000-0000-0000-0000-000000000000' ? actor.userId : null,
    actorLabel: actor?.label ?? 'system', actorRole: actor?.role ?? 'system', at: ctx.deps.clock(),
  });
}
