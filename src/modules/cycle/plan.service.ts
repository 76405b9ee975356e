import { inTx, type Ctx } from '../../context';
import { AppError, validation, zodFieldErrors } from '../../errors';
import { canFilePlanFor, PLAN_TRANSITIONS } from '../../domain/review-cycle';
import { requireActor } from '../../core/actor';
import * as repo from './cycle.repository';
import { assertCan } from './cycle.policy';
import { checkTransition, recordStep, stale, toPlanDto } from './cycle.service';
import {
  PlanInputSchema, TransitionInputSchema, type PlanDto, type PlanInput, type TransitionInput,
} from './cycle.schema';

async function visibleIdea(ctx: Ctx, ideaId: string) {
  const actor = requireActor(ctx);
  const idea = await repo.findIdeaRow(ctx, ideaId);
  if (!idea) throw new AppError('not_found', 'idea not found');
  assertCan(actor, 'read', idea);
  return { actor, idea };
}

/**
 * File the business plan of an accepted idea, or edit it while it is a draft or returned
 * (`created` says which). Text sections only for now; attachments come with dossiers.
 */
export async function savePlan(ctx: Ctx, ideaId: string, raw: PlanInput): Promise<{ plan: PlanDto; created: boolean }> {
  const { actor, idea } = await visibleIdea(ctx, ideaId);
  const parsed = PlanInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  if (!canFilePlanFor(idea.status)) {
    throw new AppError('idea_not_accepted', `a business plan can only be filed for an accepted idea (this one is ${idea.status})`,
      undefined, { ideaStatus: idea.status });
  }
  const existing = await repo.findPlanByIdea(ctx, ideaId);
  if (existing) {
    checkTransition(actor, PLAN_TRANSITIONS, 'plan', existing, 'edit');
    return inTx(ctx, async (tx) => {
      const row = await repo.updatePlanIf(tx, existing.id, existing.status, parsed.data);
      if (!row) throw stale('plan');
      await recordStep(tx, actor, {
        ideaId, subject: 'plan', action: 'edit', fromStatus: existing.status, toStatus: row.status,
        provinceCode: row.provinceCode, entityId: row.id, before: existing, after: row,
      });
      return { plan: toPlanDto(actor, row), created: false };
    });
  }
  // Filing is an owner-side act on the idea (the producer, or an officer on their behalf).
  checkTransition(actor, PLAN_TRANSITIONS, 'plan', { ...idea, status: 'draft' }, 'edit');
  return inTx(ctx, async (tx) => {
    const row = await repo.insertPlan(tx, {
      ...parsed.data, ideaId, producerId: idea.producerId, provinceCode: idea.provinceCode,
      communeCode: idea.communeCode, createdBy: actor.label,
    });
    if (!row) throw new AppError('duplicate', 'this idea already has a business plan');
    await recordStep(tx, actor, {
      ideaId, subject: 'plan', action: 'create', fromStatus: null, toStatus: row.status,
      provinceCode: row.provinceCode, entityId: row.id, after: row,
    });
    return { plan: toPlanDto(actor, row), created: true };
  });
}

export async function getPlan(ctx: Ctx, ideaId: string): Promise<PlanDto> {
  const { actor } = await visibleIdea(ctx, ideaId);
  const plan = await repo.findPlanByIdea(ctx, ideaId);
  if (!plan) throw new AppError('not_found', 'no business plan filed for this idea');
  return toPlanDto(actor, plan);
}

/** Submit, accept or return the plan (the table in src/domain/review-cycle.ts decides). */
export async function transitionPlan(ctx: Ctx, ideaId: string, raw: TransitionInput): Promise<PlanDto> {
  const { actor } = await visibleIdea(ctx, ideaId);
  const parsed = TransitionInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const before = await repo.findPlanByIdea(ctx, ideaId);
  if (!before) throw new AppError('not_found', 'no business plan filed for this idea');
  const { action, comment } = parsed.data;
  const t = checkTransition(actor, PLAN_TRANSITIONS, 'plan', before, action, comment);
  const now = ctx.deps.clock();
  return inTx(ctx, async (tx) => {
    const row = await repo.updatePlanIf(tx, before.id, before.status, {
      status: t.to, ...(action === 'submit' ? { submittedAt: now, decidedAt: null } : { decidedAt: now }),
    });
    if (!row) throw stale('plan');
    await recordStep(tx, actor, {
      ideaId, subject: 'plan', action, fromStatus: before.status, toStatus: t.to, comment,
      provinceCode: row.provinceCode, entityId: row.id, before, after: row,
    });
    return toPlanDto(actor, row);
  });
}
