/** Queries of inspection plans, teams, visits, checks and revocation proposals (the only inspections file that builds SQL). */
import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { RowScope } from '../../core/scope';
import { scopeWhere } from '../../db/scope';
import { exec, type Ctx } from '../../context';
import { alias } from 'drizzle-orm/pg-core';
import { areas, producers, products } from '../registry/registry.tables';
import { certificates } from '../certification/certification.tables';
import { isUuid } from '../../domain/ids';
import {
  inspectionChecks, inspectionPlans, inspectionTeamMembers, inspectionVisits, revocationProposals,
} from './inspections.tables';

export type PlanRow = typeof inspectionPlans.$inferSelect;
export type VisitRow = typeof inspectionVisits.$inferSelect;
export type ProposalRow = typeof revocationProposals.$inferSelect;

// ---- plans -------------------------------------------------------------------------------

const planColumns = { plan: inspectionPlans, provinceName: areas.name };

export async function findPlan(ctx: Ctx, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).select(planColumns).from(inspectionPlans)
    .innerJoin(areas, eq(areas.code, inspectionPlans.provinceCode)).where(eq(inspectionPlans.id, id));
  return row ?? null;
}
export type PlanView = NonNullable<Awaited<ReturnType<typeof findPlan>>>;

const planColumnsOf = { province: inspectionPlans.provinceCode };
const visitColumnsOf = { province: inspectionVisits.provinceCode, commune: inspectionVisits.communeCode };

export interface PlanFilter { status?: PlanRow['status'] | undefined; province?: string | undefined }

export async function listPlans(ctx: Ctx, scope: RowScope, f: PlanFilter, page: number, pageSize: number) {
  const where = and(scopeWhere(scope, planColumnsOf), f.status ? eq(inspectionPlans.status, f.status) : undefined,
    f.province ? eq(inspectionPlans.provinceCode, f.province) : undefined);
  const [items, [count]] = await Promise.all([
    exec(ctx).select(planColumns).from(inspectionPlans).innerJoin(areas, eq(areas.code, inspectionPlans.provinceCode))
      .where(where).orderBy(desc(inspectionPlans.periodStart), desc(inspectionPlans.createdAt), desc(inspectionPlans.id))
      .limit(pageSize).offset((page - 1) * pageSize),
    exec(ctx).select({ n: sql<number>`count(*)::int` }).from(inspectionPlans).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function provinceExists(ctx: Ctx, code: string): Promise<boolean> {
  const [row] = await exec(ctx).select({ code: areas.code }).from(areas).where(and(eq(areas.code, code), eq(areas.level, 'province')));
  return !!row;
}

export async function insertPlan(ctx: Ctx, values: typeof inspectionPlans.$inferInsert): Promise<PlanRow> {
  const [row] = await exec(ctx).insert(inspectionPlans).values(values).returning();
  return row!;
}

/** Update at `version` (and, when given, from `status`): the row after, or null when changed meanwhile. */
export async function updatePlanIf(ctx: Ctx, id: string, version: number | undefined, status: PlanRow['status'] | undefined,
  values: Partial<typeof inspectionPlans.$inferInsert>): Promise<PlanRow | null> {
  const [row] = await exec(ctx).update(inspectionPlans)
    .set({ ...values, version: sql`${inspectionPlans.version} + 1`, updatedAt: ctx.deps.clock() })
    .where(and(eq(inspectionPlans.id, id), version !== undefined ? eq(inspectionPlans.version, version) : undefined,
      status ? eq(inspectionPlans.status, status) : undefined))
    .returning();
  return row ?? null;
}

export async function deletePlan(ctx: Ctx, id: string): Promise<PlanRow | null> {
  await exec(ctx).delete(inspectionTeamMembers).where(eq(inspectionTeamMembers.planId, id));
  const [row] = await exec(ctx).delete(inspectionPlans).where(eq(inspectionPlans.id, id)).returning();
  return row ?? null;
}

export async function visitCount(ctx: Ctx, planId: string): Promise<number> {
  const [row] = await exec(ctx).select({ n: sql<number>`count(*)::int` }).from(inspectionVisits).where(eq(inspectionVisits.planId, planId));
  return row?.n ?? 0;
}

// ---- team --------------------------------------------------------------------------------

export async function teamOf(ctx: Ctx, planId: string) {
  return exec(ctx).select().from(inspectionTeamMembers).where(eq(inspectionTeamMembers.planId, planId))
    .orderBy(sql`case when ${inspectionTeamMembers.role} = 'lead' then 0 else 1 end`, asc(inspectionTeamMembers.fullName));
}

export async function insertMember(ctx: Ctx, values: typeof inspectionTeamMembers.$inferInsert) {
  const [row] = await exec(ctx).insert(inspectionTeamMembers).values(values).returning();
  return row!;
}

export async function deleteMember(ctx: Ctx, planId: string, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).delete(inspectionTeamMembers)
    .where(and(eq(inspectionTeamMembers.planId, planId), eq(inspectionTeamMembers.id, id))).returning();
  return row ?? null;
}

// ---- producers and their products --------------------------------------------------------

/** A producer by id (null when unknown or not an id). */
export { findProducerRow as findProducer } from '../registry/producer.repository';

/** Producers of a province (the visit form's picker), by name. */
export async function producersOf(ctx: Ctx, provinceCode: string, communeCode?: string) {
  return exec(ctx).select({ id: producers.id, name: producers.name, communeCode: producers.communeCode, communeName: areas.name }).from(producers)
    .innerJoin(areas, eq(areas.code, producers.communeCode))
    .where(and(eq(producers.provinceCode, provinceCode), communeCode ? eq(producers.communeCode, communeCode) : undefined))
    .orderBy(producers.name).limit(1000);
}

/**
 * A producer's products, each with its current certificate: the latest one not revoked or
 * superseded (it may have expired by date — "expired certificate still used" is a finding).
 */
export async function productsWithCertificate(ctx: Ctx, producerId: string) {
  const rows = await exec(ctx).select({
    id: products.id, name: products.name,
    certId: certificates.id, number: certificates.number, stars: certificates.stars, issuedOn: certificates.issuedOn,
    expiresOn: certificates.expiresOn, state: certificates.state, provinceCode: certificates.provinceCode,
  }).from(products)
    .leftJoin(certificates, and(eq(certificates.productId, products.id), eq(certificates.state, 'active')))
    .where(eq(products.producerId, producerId))
    .orderBy(asc(products.name), desc(certificates.issuedOn));
  const out = new Map<string, { id: string; name: string; certificate: { id: string; number: string; stars: number; issuedOn: string; expiresOn: string; state: string } | null }>();
  for (const r of rows) {
    if (out.has(r.id)) continue;
    out.set(r.id, {
      id: r.id, name: r.name,
      certificate: r.certId ? { id: r.certId, number: r.number!, stars: r.stars!, issuedOn: r.issuedOn!, expiresOn: r.expiresOn!, state: r.state! } : null,
    });
  }
  return [...out.values()];
}

// ---- visits ------------------------------------------------------------------------------

const visitColumns = { visit: inspectionVisits, planTitle: inspectionPlans.title, producerName: producers.name, communeName: areas.name };

function visitQuery(ctx: Ctx) {
  return exec(ctx).select(visitColumns).from(inspectionVisits)
    .innerJoin(inspectionPlans, eq(inspectionPlans.id, inspectionVisits.planId))
    .innerJoin(producers, eq(producers.id, inspectionVisits.producerId))
    .innerJoin(areas, eq(areas.code, inspectionVisits.communeCode));
}
export type VisitView = NonNullable<Awaited<ReturnType<typeof findVisit>>>;

export async function findVisit(ctx: Ctx, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await visitQuery(ctx).where(eq(inspectionVisits.id, id));
  return row ?? null;
}

export interface VisitFilter { planId?: string | undefined; producerId?: string | undefined; outcome?: VisitRow['outcome'] | undefined }

export async function listVisits(ctx: Ctx, scope: RowScope, f: VisitFilter, page: number, pageSize: number) {
  const where = and(scopeWhere(scope, visitColumnsOf),
    f.planId ? eq(inspectionVisits.planId, f.planId) : undefined,
    f.producerId ? eq(inspectionVisits.producerId, f.producerId) : undefined,
    f.outcome ? eq(inspectionVisits.outcome, f.outcome) : undefined);
  const [items, [count]] = await Promise.all([
    visitQuery(ctx).where(where).orderBy(desc(inspectionVisits.visitedOn), desc(inspectionVisits.createdAt), desc(inspectionVisits.id))
      .limit(pageSize).offset((page - 1) * pageSize),
    exec(ctx).select({ n: sql<number>`count(*)::int` }).from(inspectionVisits).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function insertVisit(ctx: Ctx, values: typeof inspectionVisits.$inferInsert): Promise<VisitRow> {
  const [row] = await exec(ctx).insert(inspectionVisits).values(values).returning();
  return row!;
}

export async function insertChecks(ctx: Ctx, rows: (typeof inspectionChecks.$inferInsert)[]) {
  if (rows.length) await exec(ctx).insert(inspectionChecks).values(rows);
}

export async function checksOf(ctx: Ctx, visitIds: string[]) {
  if (!visitIds.length) return [];
  return exec(ctx).select({
    visitId: inspectionChecks.visitId, productId: inspectionChecks.productId, productName: products.name, finding: inspectionChecks.finding,
    note: inspectionChecks.note, number: certificates.number, stars: certificates.stars, expiresOn: certificates.expiresOn, state: certificates.state,
  }).from(inspectionChecks)
    .innerJoin(products, eq(products.id, inspectionChecks.productId))
    .leftJoin(certificates, eq(certificates.id, inspectionChecks.certificateId))
    .where(inArray(inspectionChecks.visitId, visitIds)).orderBy(asc(products.name));
}

// ---- proposals ---------------------------------------------------------------------------

const provinceArea = alias(areas, 'proposal_province');
const proposalColumns = {
  proposal: revocationProposals,
  certNumber: certificates.number, certStars: certificates.stars, certState: certificates.state, certRevokedOn: certificates.revokedOn,
  certRevokedReason: certificates.revokedReason, certCommune: certificates.communeCode, certProvince: certificates.provinceCode,
  productId: products.id, productName: products.name, producerId: producers.id, producerName: producers.name,
  visitedOn: inspectionVisits.visitedOn, planId: inspectionVisits.planId, planTitle: inspectionPlans.title, provinceName: provinceArea.name,
};

function proposalQuery(ctx: Ctx) {
  return exec(ctx).select(proposalColumns).from(revocationProposals)
    .innerJoin(certificates, eq(certificates.id, revocationProposals.certificateId))
    .innerJoin(products, eq(products.id, certificates.productId))
    .innerJoin(producers, eq(producers.id, products.producerId))
    .innerJoin(provinceArea, eq(provinceArea.code, revocationProposals.provinceCode))
    .leftJoin(inspectionVisits, eq(inspectionVisits.id, revocationProposals.visitId))
    .leftJoin(inspectionPlans, eq(inspectionPlans.id, inspectionVisits.planId));
}
export type ProposalView = NonNullable<Awaited<ReturnType<typeof findProposal>>>;

export async function findProposal(ctx: Ctx, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await proposalQuery(ctx).where(eq(revocationProposals.id, id));
  return row ?? null;
}

/** The status as shown: an open proposal whose certificate was revoked (by any means) shows as revoked. */
export const effectiveStatus = sql<ProposalRow['status']>`case when ${revocationProposals.status} = 'open' and ${certificates.state} = 'revoked' then 'revoked' else ${revocationProposals.status} end`;

export async function listProposals(ctx: Ctx, scope: RowScope, status: ProposalRow['status'] | 'all', page: number, pageSize: number) {
  const cond = and(scopeWhere(scope, { province: revocationProposals.provinceCode }), status === 'all' ? undefined : sql`${effectiveStatus} = ${status}`);
  const [items, [count]] = await Promise.all([
    proposalQuery(ctx).where(cond).orderBy(desc(revocationProposals.proposedAt), desc(revocationProposals.id)).limit(pageSize).offset((page - 1) * pageSize),
    exec(ctx).select({ n: sql<number>`count(*)::int` }).from(revocationProposals)
      .innerJoin(certificates, eq(certificates.id, revocationProposals.certificateId)).where(cond),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function proposalsOfVisits(ctx: Ctx, visitIds: string[]) {
  if (!visitIds.length) return [];
  return exec(ctx).select({ id: revocationProposals.id, visitId: revocationProposals.visitId, number: certificates.number, status: effectiveStatus })
    .from(revocationProposals).innerJoin(certificates, eq(certificates.id, revocationProposals.certificateId))
    .where(inArray(revocationProposals.visitId, visitIds));
}

export async function openProposalFor(ctx: Ctx, certificateId: string) {
  const [row] = await exec(ctx).select({ id: revocationProposals.id }).from(revocationProposals)
    .where(and(eq(revocationProposals.certificateId, certificateId), eq(revocationProposals.status, 'open'))).limit(1);
  return row ?? null;
}

export async function insertProposal(ctx: Ctx, values: typeof revocationProposals.$inferInsert): Promise<ProposalRow> {
  const [row] = await exec(ctx).insert(revocationProposals).values(values).returning();
  return row!;
}

export async function decideProposalIf(ctx: Ctx, id: string, values: Partial<typeof revocationProposals.$inferInsert>): Promise<ProposalRow | null> {
  const [row] = await exec(ctx).update(revocationProposals).set(values)
    .where(and(eq(revocationProposals.id, id), eq(revocationProposals.status, 'open'))).returning();
  return row ?? null;
}

// ---- counts ------------------------------------------------------------------------------

/** The visits counted: those of a plan, or those in the caller's scope and an area (a RowScope each) over [from, to]. */
export type VisitStatsFilter = { planId: string } | { scope: RowScope; area: RowScope; from?: string | undefined; to?: string | undefined };

/** Visits, producers visited, products checked, findings and outcomes of the visits matching the filter. */
export async function visitStats(ctx: Ctx, f: VisitStatsFilter) {
  const where = 'planId' in f ? eq(inspectionVisits.planId, f.planId) : and(
    scopeWhere(f.scope, visitColumnsOf), scopeWhere(f.area, visitColumnsOf),
    f.from ? gte(inspectionVisits.visitedOn, f.from) : undefined, f.to ? lte(inspectionVisits.visitedOn, f.to) : undefined,
  );
  const db = exec(ctx);
  const [[v], checks, outcomes] = await Promise.all([
    db.select({ visits: sql<number>`count(*)::int`, producers: sql<number>`count(distinct ${inspectionVisits.producerId})::int` })
      .from(inspectionVisits).where(where),
    db.select({ finding: inspectionChecks.finding, n: sql<number>`count(*)::int`, products: sql<number>`count(distinct ${inspectionChecks.productId})::int` })
      .from(inspectionChecks).innerJoin(inspectionVisits, eq(inspectionVisits.id, inspectionChecks.visitId)).where(where)
      .groupBy(inspectionChecks.finding),
    db.select({ outcome: inspectionVisits.outcome, n: sql<number>`count(*)::int` }).from(inspectionVisits).where(where).groupBy(inspectionVisits.outcome),
  ]);
  const [distinct] = await db.select({ n: sql<number>`count(distinct ${inspectionChecks.productId})::int` })
    .from(inspectionChecks).innerJoin(inspectionVisits, eq(inspectionVisits.id, inspectionChecks.visitId)).where(where);
  return { visits: v?.visits ?? 0, producers: v?.producers ?? 0, productsChecked: distinct?.n ?? 0, checks, outcomes };
}

/** The producers planned by the plans in the caller's scope, of a province (all when null), overlapping [from, to]. */
export async function plannedProducers(ctx: Ctx, scope: RowScope, f: { province: string | null; from?: string | undefined; to?: string | undefined }): Promise<number | null> {
  const where = and(
    scopeWhere(scope, planColumnsOf),
    f.province ? eq(inspectionPlans.provinceCode, f.province) : undefined,
    f.from ? gte(inspectionPlans.periodEnd, f.from) : undefined, f.to ? lte(inspectionPlans.periodStart, f.to) : undefined,
  );
  const [row] = await exec(ctx).select({ n: sql<number | null>`sum(${inspectionPlans.plannedProducers})::int` }).from(inspectionPlans).where(where);
  return row?.n ?? null;
}

export async function provinces(ctx: Ctx) {
  return exec(ctx).select({ code: areas.code, name: areas.name }).from(areas).where(eq(areas.level, 'province')).orderBy(areas.name);
}

/** A producer of the province by name (the demo's seed names them so); null when unknown. */
export async function producerByName(ctx: Ctx, name: string, provinceCode: string) {
  const [row] = await exec(ctx).select().from(producers).where(and(eq(producers.name, name), eq(producers.provinceCode, provinceCode))).limit(1);
  return row ?? null;
}
