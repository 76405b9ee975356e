import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import type { ReviewStatus } from '../../domain/review-cycle';
import { areas, producers, productSets } from '../registry/registry.tables';
import { isUuid } from '../../domain/ids';
import type { RowScope } from '../../core/scope';
import { scopeWhere } from '../../db/scope';
import { businessPlans, cycleEvents, productIdeas } from './cycle.tables';
import type { IdeaListQuery } from './cycle.schema';

export type IdeaRow = typeof productIdeas.$inferSelect;
export type PlanRow = typeof businessPlans.$inferSelect;
export type EventRow = typeof cycleEvents.$inferSelect;

const columns = {
  idea: productIdeas,
  producerName: producers.name,
  communeName: areas.name,
  productSetName: productSets.name,
  planStatus: businessPlans.status,
};

function joined(ctx: Ctx) {
  return exec(ctx).select(columns).from(productIdeas)
    .innerJoin(producers, eq(producers.id, productIdeas.producerId))
    .innerJoin(areas, eq(areas.code, productIdeas.communeCode))
    .leftJoin(productSets, and(eq(productSets.classification, productIdeas.classification), eq(productSets.code, productIdeas.productSetCode)))
    .leftJoin(businessPlans, eq(businessPlans.ideaId, productIdeas.id));
}

export type IdeaWithRelations = Awaited<ReturnType<typeof joined>>[number];

export async function findIdea(ctx: Ctx, id: string): Promise<IdeaWithRelations | null> {
  if (!isUuid(id)) return null;
  const [row] = await joined(ctx).where(eq(productIdeas.id, id)).limit(1);
  return row ?? null;
}

export async function findIdeaRow(ctx: Ctx, id: string): Promise<IdeaRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).select().from(productIdeas).where(eq(productIdeas.id, id)).limit(1);
  return row ?? null;
}

export async function insertIdea(ctx: Ctx, values: typeof productIdeas.$inferInsert) {
  const [row] = await exec(ctx).insert(productIdeas).values(values).returning();
  return row!;
}

/**
 * Update an idea only while it is still in `expected` status: a concurrent transition makes this
 * return null instead of overwriting it (no lost update).
 */
export async function updateIdeaIf(ctx: Ctx, id: string, expected: ReviewStatus, values: Partial<typeof productIdeas.$inferInsert>) {
  const [row] = await exec(ctx).update(productIdeas).set({ ...values, updatedAt: new Date() })
    .where(and(eq(productIdeas.id, id), eq(productIdeas.status, expected))).returning();
  return row ?? null;
}

export async function findPlanByIdea(ctx: Ctx, ideaId: string): Promise<PlanRow | null> {
  if (!isUuid(ideaId)) return null;
  const [row] = await exec(ctx).select().from(businessPlans).where(eq(businessPlans.ideaId, ideaId)).limit(1);
  return row ?? null;
}

/** Insert the plan unless the idea already has one (then null: a concurrent filing won). */
export async function insertPlan(ctx: Ctx, values: typeof businessPlans.$inferInsert) {
  const [row] = await exec(ctx).insert(businessPlans).values(values)
    .onConflictDoNothing({ target: businessPlans.ideaId }).returning();
  return row ?? null;
}

export async function updatePlanIf(ctx: Ctx, id: string, expected: ReviewStatus, values: Partial<typeof businessPlans.$inferInsert>) {
  const [row] = await exec(ctx).update(businessPlans).set({ ...values, updatedAt: new Date() })
    .where(and(eq(businessPlans.id, id), eq(businessPlans.status, expected))).returning();
  return row ?? null;
}

export async function insertEvent(ctx: Ctx, values: typeof cycleEvents.$inferInsert) {
  const [row] = await exec(ctx).insert(cycleEvents).values(values).returning();
  return row!;
}

export async function listEvents(ctx: Ctx, ideaId: string): Promise<EventRow[]> {
  return exec(ctx).select().from(cycleEvents).where(eq(cycleEvents.ideaId, ideaId)).orderBy(asc(cycleEvents.id));
}

export async function listIdeas(ctx: Ctx, scope: RowScope, q: IdeaListQuery) {
  const where = and(
    scopeWhere(scope, { province: productIdeas.provinceCode, commune: productIdeas.communeCode, producer: productIdeas.producerId }),
    q.status ? eq(productIdeas.status, q.status) : undefined,
    q.planStatus === 'none' ? sql`${businessPlans.id} is null`
      : q.planStatus ? eq(businessPlans.status, q.planStatus) : undefined,
    q.queue === 'review' ? or(eq(productIdeas.status, 'submitted'), eq(businessPlans.status, 'submitted')) : undefined,
    q.producerId ? eq(productIdeas.producerId, q.producerId) : undefined,
    q.province ? eq(productIdeas.provinceCode, q.province) : undefined,
    q.commune ? eq(productIdeas.communeCode, q.commune) : undefined,
  );
  // A review queue is worked oldest submission first; otherwise the newest change first.
  const order = q.queue === 'review'
    ? [asc(sql`coalesce(${businessPlans.submittedAt}, ${productIdeas.submittedAt})`), asc(productIdeas.id)]
    : [desc(productIdeas.updatedAt), asc(productIdeas.id)];
  const page = exec(ctx).select({ id: productIdeas.id }).from(productIdeas)
    .leftJoin(businessPlans, eq(businessPlans.ideaId, productIdeas.id))
    .where(where).orderBy(...order).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [items, [count]] = await Promise.all([
    joined(ctx).where(inArray(productIdeas.id, page)).orderBy(...order),
    exec(ctx).select({ n: sql<number>`count(*)::int` }).from(productIdeas)
      .leftJoin(businessPlans, eq(businessPlans.ideaId, productIdeas.id)).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}
