import { inTx, type Ctx } from '../../context';
import { AppError, problem, stringFieldsOf, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import { IDEA_TRANSITIONS } from '../../domain/review-cycle';
import { requireActor } from '../../core/actor';
import { findProducerRow } from '../registry/producer.repository';
import { findProductRow, findProductSet } from '../registry/product.repository';
import { CURRENT_CLASSIFICATION } from '../registry/reference-data';
import * as repo from './cycle.repository';
import { assertCan, can, CYCLE_ROLES, cycleScope } from './cycle.policy';
import { checkTransition, loadIdeaDto, recordStep, stale, toIdeaSummaryDto } from './cycle.service';
import {
  IdeaInputSchema, IdeaUpdateSchema, TransitionInputSchema,
  type IdeaDto, type IdeaInput, type IdeaListQuery, type IdeaUpdate, type TransitionInput,
} from './cycle.schema';

/** Product set of the current classification, and a linked product of the same producer. */
async function checkRefs(ctx: Ctx, producerId: string | null, given: { productSetCode?: string; productId?: string | null }, fields: FieldErrors) {
  if (given.productSetCode && !(await findProductSet(ctx, CURRENT_CLASSIFICATION, given.productSetCode))) {
    fields.productSetCode = problem('idea.unknown_product_set');
  }
  if (given.productId) {
    const product = await findProductRow(ctx, given.productId);
    if (!product || product.producerId !== producerId) fields.productId = problem('idea.unknown_product');
  }
}

/** The producer the idea is for: a producer's own; for officers the one named, in their area. */
async function resolveProducer(ctx: Ctx, producerId: string | undefined, fields: FieldErrors) {
  const actor = requireActor(ctx);
  const id = producerId ?? (actor.role === 'producer' ? actor.producerId ?? undefined : undefined);
  if (!id) {
    fields.producerId = problem('idea.choose_producer');
    return null;
  }
  const producer = await findProducerRow(ctx, id);
  // Out of the caller's area reads like unknown, so existence does not leak.
  if (!producer || !can(actor, 'owner', { ...producer, producerId: producer.id })) {
    fields.producerId = problem('idea.unknown_producer');
    return null;
  }
  return producer;
}

export async function createIdea(ctx: Ctx, raw: IdeaInput): Promise<IdeaDto> {
  const actor = requireActor(ctx);
  if (!(CYCLE_ROLES as readonly string[]).includes(actor.role)) throw new AppError('forbidden', 'not allowed');
  const parsed = IdeaInputSchema.safeParse(raw);
  const fields: FieldErrors = {};
  const given = stringFieldsOf(raw, ['producerId', 'productSetCode', 'productId'] as const);
  const producer = await resolveProducer(ctx, parsed.success ? parsed.data.producerId : given.producerId, fields);
  await checkRefs(ctx, producer?.id ?? null, given, fields);
  if (!parsed.success) throw validation({ ...fields, ...zodFieldErrors(parsed.error.issues) });
  if (Object.keys(fields).length || !producer) throw validation(fields);
  const input = parsed.data;
  return inTx(ctx, async (tx) => {
    const row = await repo.insertIdea(tx, {
      producerId: producer.id, productId: input.productId ?? null, name: input.name,
      classification: CURRENT_CLASSIFICATION, productSetCode: input.productSetCode,
      description: input.description, rawMaterials: input.rawMaterials, expectedMarket: input.expectedMarket,
      provinceCode: producer.provinceCode, communeCode: producer.communeCode, createdBy: actor.label,
    });
    await recordStep(tx, actor, {
      ideaId: row.id, subject: 'idea', action: 'create', fromStatus: null, toStatus: row.status,
      provinceCode: row.provinceCode, entityId: row.id, after: row,
    });
    return loadIdeaDto(tx, actor, row.id);
  });
}

export async function updateIdea(ctx: Ctx, id: string, raw: IdeaUpdate): Promise<IdeaDto> {
  const actor = requireActor(ctx);
  const before = await repo.findIdeaRow(ctx, id);
  if (!before) throw new AppError('not_found', 'idea not found');
  assertCan(actor, 'read', before);
  const parsed = IdeaUpdateSchema.safeParse(raw);
  const fields: FieldErrors = {};
  await checkRefs(ctx, before.producerId, stringFieldsOf(raw, ['productSetCode', 'productId'] as const), fields);
  if (!parsed.success) throw validation({ ...fields, ...zodFieldErrors(parsed.error.issues) });
  if (Object.keys(fields).length) throw validation(fields);
  checkTransition(actor, IDEA_TRANSITIONS, 'idea', before, 'edit');
  return inTx(ctx, async (tx) => {
    const row = await repo.updateIdeaIf(tx, id, before.status, parsed.data);
    if (!row) throw stale('idea');
    await recordStep(tx, actor, {
      ideaId: id, subject: 'idea', action: 'edit', fromStatus: before.status, toStatus: row.status,
      provinceCode: row.provinceCode, entityId: id, before, after: row,
    });
    return loadIdeaDto(tx, actor, id);
  });
}

/** Submit, accept or return the idea (the table in src/domain/review-cycle.ts decides). */
export async function transitionIdea(ctx: Ctx, id: string, raw: TransitionInput): Promise<IdeaDto> {
  const actor = requireActor(ctx);
  const before = await repo.findIdeaRow(ctx, id);
  if (!before) throw new AppError('not_found', 'idea not found');
  assertCan(actor, 'read', before);
  const parsed = TransitionInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const { action, comment } = parsed.data;
  const t = checkTransition(actor, IDEA_TRANSITIONS, 'idea', before, action, comment);
  const now = ctx.deps.clock();
  return inTx(ctx, async (tx) => {
    const row = await repo.updateIdeaIf(tx, id, before.status, {
      status: t.to, ...(action === 'submit' ? { submittedAt: now, decidedAt: null } : { decidedAt: now }),
    });
    if (!row) throw stale('idea');
    await recordStep(tx, actor, {
      ideaId: id, subject: 'idea', action, fromStatus: before.status, toStatus: t.to, comment,
      provinceCode: row.provinceCode, entityId: id, before, after: row,
    });
    return loadIdeaDto(tx, actor, id);
  });
}

export async function getIdea(ctx: Ctx, id: string): Promise<IdeaDto> {
  const actor = requireActor(ctx);
  const found = await repo.findIdeaRow(ctx, id);
  if (!found) throw new AppError('not_found', 'idea not found');
  assertCan(actor, 'read', found);
  return loadIdeaDto(ctx, actor, id);
}

export async function listIdeas(ctx: Ctx, query: IdeaListQuery) {
  const actor = requireActor(ctx);
  if (!(CYCLE_ROLES as readonly string[]).includes(actor.role)) throw new AppError('forbidden', 'not allowed');
  const { items, total } = await repo.listIdeas(ctx, cycleScope(actor), query);
  return { items: items.map(toIdeaSummaryDto), total, page: query.page, pageSize: query.pageSize };
}
