/**
 * What idea.service.ts and plan.service.ts share: DTOs, the transition check against the table
 * in src/domain/review-cycle.ts, and recording one step (timeline event + audit row) in the
 * caller's transaction.
 */
import { userIdOf, type Actor, type Ctx } from '../../context';
import { AppError, fieldError } from '../../errors';
import {
  actionsFrom, applyTransition, canFilePlanFor, IDEA_TRANSITIONS, PLAN_TRANSITIONS,
  type ReviewAction, type ReviewStatus, type Transition,
} from '../../domain/review-cycle';
import { recordAudit } from '../audit/audit.service';
import * as repo from './cycle.repository';
import { sidesOf } from './cycle.policy';
import type { CycleEventDto, IdeaDto, IdeaSummaryDto, PlanDto } from './cycle.schema';
import { isoOrNull as iso } from '../../domain/dates';


export function toIdeaSummaryDto(r: repo.IdeaWithRelations): IdeaSummaryDto {
  const i = r.idea;
  return {
    id: i.id, producerId: i.producerId, producerName: r.producerName, productId: i.productId, name: i.name,
    classification: i.classification, productSetCode: i.productSetCode, productSetName: r.productSetName ?? '',
    status: i.status, provinceCode: i.provinceCode, communeCode: i.communeCode, communeName: r.communeName,
    submittedAt: iso(i.submittedAt), decidedAt: iso(i.decidedAt),
    createdAt: i.createdAt.toISOString(), updatedAt: i.updatedAt.toISOString(),
    planStatus: r.planStatus ?? null,
  };
}

export function toPlanDto(actor: Actor, p: repo.PlanRow): PlanDto {
  return {
    id: p.id, ideaId: p.ideaId, status: p.status,
    productDescription: p.productDescription, marketAndCustomers: p.marketAndCustomers,
    productionCapacity: p.productionCapacity, investmentAndFunding: p.investmentAndFunding,
    salesChannels: p.salesChannels,
    allowedActions: actionsFrom(PLAN_TRANSITIONS, p.status, sidesOf(actor, p)),
    submittedAt: iso(p.submittedAt), decidedAt: iso(p.decidedAt),
    createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(),
  };
}

export function toEventDto(e: repo.EventRow): CycleEventDto {
  return {
    id: e.id, subject: e.subject, action: e.action, fromStatus: e.fromStatus, toStatus: e.toStatus,
    comment: e.comment, actorLabel: e.actorLabel, actorRole: e.actorRole, at: e.at.toISOString(),
  };
}

/** May the owner side file a plan now, or edit the one filed? */
export function mayFilePlan(actor: Actor, idea: repo.IdeaRow, plan: repo.PlanRow | null): boolean {
  if (!canFilePlanFor(idea.status) || !sidesOf(actor, idea).includes('owner')) return false;
  return !plan || actionsFrom(PLAN_TRANSITIONS, plan.status, ['owner']).includes('edit');
}

/** The idea with its plan and whole timeline, as this actor sees it. */
export async function loadIdeaDto(ctx: Ctx, actor: Actor, id: string): Promise<IdeaDto> {
  const found = (await repo.findIdea(ctx, id))!;
  const plan = await repo.findPlanByIdea(ctx, id);
  const events = await repo.listEvents(ctx, id);
  const i = found.idea;
  return {
    ...toIdeaSummaryDto(found),
    description: i.description, rawMaterials: i.rawMaterials, expectedMarket: i.expectedMarket,
    allowedActions: actionsFrom(IDEA_TRANSITIONS, i.status, sidesOf(actor, i)),
    mayFilePlan: mayFilePlan(actor, i, plan),
    plan: plan ? toPlanDto(actor, plan) : null,
    history: events.map(toEventDto),
  };
}

/**
 * Check a requested move against the table and the actor's side; a move the table does not
 * allow from this status (or that this actor's side may not take) is a 409 with a clear code.
 */
export function checkTransition(
  actor: Actor, table: readonly Transition[], subject: 'idea' | 'plan',
  target: { status: ReviewStatus; provinceCode: string; communeCode: string; producerId: string },
  action: ReviewAction, comment?: string | null,
): Transition {
  const r = applyTransition(table, target.status, action, comment);
  if (!r.ok) {
    if (r.reason === 'comment_required') throw fieldError('comment', 'cycle.comment_required');
    throw new AppError('invalid_transition', `cannot ${action} a ${target.status} ${subject}`, undefined,
      { from: target.status, action, allowed: actionsFrom(table, target.status, sidesOf(actor, target)) });
  }
  if (!sidesOf(actor, target).includes(r.transition.by)) {
    // The caller can see the record (else it was a 404 already), but this move belongs to the
    // other side (a producer accepting their own idea): not allowed, not a state conflict.
    throw new AppError('forbidden', r.transition.by === 'reviewer' ? `only a reviewer may ${action} this ${subject}` : `only the producer's side may ${action} this ${subject}`);
  }
  return r.transition;
}

/** The concurrent-change answer when a guarded update matched nothing. */
export const stale = (subject: 'idea' | 'plan') =>
  new AppError('invalid_transition', `the ${subject} changed meanwhile; reload and try again`);

export interface Step {
  ideaId: string;
  subject: 'idea' | 'plan';
  action: string;
  fromStatus: ReviewStatus | null;
  toStatus: ReviewStatus;
  comment?: string | null;
  provinceCode: string;
  entityId: string;
  before?: unknown;
  after: unknown;
}

/** One timeline event and one audit row, in the caller's transaction. */
export async function recordStep(tx: Ctx, actor: Actor, s: Step): Promise<void> {
  const comment = s.comment?.trim() ? s.comment.trim() : null;
  await repo.insertEvent(tx, {
    ideaId: s.ideaId, subject: s.subject, action: s.action, fromStatus: s.fromStatus, toStatus: s.toStatus,
    comment, actorUserId: userIdOf(actor),
    actorLabel: actor.label, actorRole: actor.role, at: tx.deps.clock(),
  });
  await recordAudit(tx, {
    action: `${s.subject}.${s.action}`, entityType: s.subject === 'idea' ? 'product_idea' : 'business_plan',
    entityId: s.entityId, provinceCode: s.provinceCode, before: s.before,
    after: comment ? { ...(s.after as object), comment } : s.after,
  });
}
