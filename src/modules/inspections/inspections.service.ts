/**
 * Inspections (kiểm tra, hậu kiểm): plans of a province for a period with a multi-agency team,
 * visits to producers with the products checked (each with its current certificate and a
 * finding) and an outcome; a revocation proposal opens the revocation flow of the certificate's
 * authority (proposals.service.ts). Plans move by the table in inspection-plan.ts; every change is
 * one transaction with an audit row; plan edits and transitions check the version (409 conflict).
 */
import { inTx, type Ctx } from '../../context';
import { AppError, forbidden, problem, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import { isIsoDate, todayInVietnam } from '../../domain/dates';
import { requireActor } from '../../core/actor';
import { recordAudit } from '../audit/audit.service';
import { areaRows, resolveReportArea } from '../reports/report-scope';
import { INSPECTION_FINDINGS, INSPECTION_OUTCOMES } from './inspections.tables';
import * as repo from './inspections.repository';
import { canManagePlan, canReadPlan, canReadVisit, canRecordVisit, planScope, visitScope } from './inspections.policy';
import { actionsFrom, decidePlan } from './inspection-plan';
import {
  MemberInputSchema, PlanInputSchema, PlanPatchSchema, TransitionInputSchema, VisitInputSchema,
  type PlanDto, type PlanListQuery, type StatsDto, type StatsQuery, type VisitDto, type VisitListQuery,
} from './inspections.schema';

const fmt = (n: number) => new Intl.NumberFormat('vi-VN').format(n);

/** "41 of 50 producers, 334 products inspected" — in Vietnamese, as the province reports say it. */
export function statsText(s: { producersVisited: number; producersPlanned: number | null; productsChecked: number }): string {
  const producers = s.producersPlanned !== null ? `${fmt(s.producersVisited)}/${fmt(s.producersPlanned)} chủ thể` : `${fmt(s.producersVisited)} chủ thể`;
  return `Đã kiểm tra ${producers}, ${fmt(s.productsChecked)} sản phẩm`;
}

async function statsOf(ctx: Ctx, visits: repo.VisitStatsFilter, planned: number | null): Promise<StatsDto> {
  const s = await repo.visitStats(ctx, visits);
  const findings = Object.fromEntries([...INSPECTION_FINDINGS, 'none'].map((k) => [k, 0])) as StatsDto['findings'];
  let checks = 0;
  for (const c of s.checks) { findings[c.finding ?? 'none'] += c.n; checks += c.n; }
  const outcomes = Object.fromEntries([...INSPECTION_OUTCOMES, 'pending'].map((k) => [k, 0])) as StatsDto['outcomes'];
  for (const o of s.outcomes) outcomes[o.outcome ?? 'pending'] += o.n;
  const base = { visits: s.visits, producersVisited: s.producers, producersPlanned: planned, productsChecked: s.productsChecked, checks, findings, outcomes };
  return { ...base, text: statsText(base) };
}

// ---- plans -------------------------------------------------------------------------------

async function toPlanDto(ctx: Ctx, v: repo.PlanView): Promise<PlanDto> {
  const p = v.plan;
  const actor = requireActor(ctx);
  const manage = canManagePlan(actor, p.provinceCode);
  const [team, stats] = await Promise.all([repo.teamOf(ctx, p.id), statsOf(ctx, { planId: p.id }, p.plannedProducers)]);
  return {
    id: p.id, title: p.title, provinceCode: p.provinceCode, provinceName: v.provinceName, periodStart: p.periodStart, periodEnd: p.periodEnd,
    plannedProducers: p.plannedProducers, status: p.status, isSample: p.isSample, createdBy: p.createdBy, createdAt: p.createdAt.toISOString(),
    version: p.version, team: team.map((m) => ({ id: m.id, fullName: m.fullName, agency: m.agency, role: m.role })), stats,
    actions: {
      manage, transitions: manage ? actionsFrom(p.status) : [],
      recordVisit: p.status !== 'closed' && (manage || (actor.role === 'inspector' && actor.provinceCode === p.provinceCode && actor.areaCode !== p.provinceCode)),
    },
  };
}

async function readablePlan(ctx: Ctx, id: string): Promise<repo.PlanView> {
  const actor = requireActor(ctx);
  if (actor.role === 'commune_officer') throw forbidden();
  const v = await repo.findPlan(ctx, id);
  if (!v || !canReadPlan(actor, v.plan.provinceCode)) throw new AppError('not_found', 'inspection plan not found');
  return v;
}

async function manageablePlan(ctx: Ctx, id: string): Promise<repo.PlanView> {
  const v = await readablePlan(ctx, id);
  if (!canManagePlan(requireActor(ctx), v.plan.provinceCode)) throw new AppError('forbidden', 'only the province of the plan may change it');
  return v;
}

export async function getPlan(ctx: Ctx, id: string): Promise<PlanDto> {
  return toPlanDto(ctx, await readablePlan(ctx, id));
}

export async function listPlans(ctx: Ctx, q: PlanListQuery) {
  const actor = requireActor(ctx);
  if (actor.role === 'commune_officer') throw forbidden();
  const { items, total } = await repo.listPlans(ctx, planScope(actor), { status: q.status, province: q.province }, q.page, q.pageSize);
  return { items: await Promise.all(items.map((v) => toPlanDto(ctx, v))), total, page: q.page, pageSize: q.pageSize };
}

function periodFields(start: string | undefined, end: string | undefined, fields: FieldErrors) {
  if (start !== undefined && !fields.periodStart && !isIsoDate(start)) fields.periodStart = problem('insp.not_date');
  if (end !== undefined && !fields.periodEnd && !isIsoDate(end)) fields.periodEnd = problem('insp.not_date');
  if (start && end && !fields.periodStart && !fields.periodEnd && end < start) fields.periodEnd = problem('insp.period_end_before_start');
}

export async function createPlan(ctx: Ctx, raw: unknown): Promise<PlanDto> {
  const actor = requireActor(ctx);
  const parsed = PlanInputSchema.safeParse(raw);
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  if (parsed.success) periodFields(parsed.data.periodStart, parsed.data.periodEnd, fields);
  if (!parsed.success || Object.keys(fields).length) throw validation(fields);
  const input = parsed.data;
  if (!(await repo.provinceExists(ctx, input.provinceCode))) throw validation({ provinceCode: problem('insp.unknown_province') });
  if (!canManagePlan(actor, input.provinceCode)) throw new AppError('forbidden', 'plans are made for your own province');
  const id = await inTx(ctx, async (tx) => {
    const row = await repo.insertPlan(tx, {
      title: input.title, provinceCode: input.provinceCode, periodStart: input.periodStart, periodEnd: input.periodEnd,
      plannedProducers: input.plannedProducers ?? null, createdBy: actor.label, createdAt: ctx.deps.clock(), updatedAt: ctx.deps.clock(),
    });
    await recordAudit(tx, { action: 'inspection_plan.create', entityType: 'inspection_plan', entityId: row.id, provinceCode: row.provinceCode, after: input });
    return row.id;
  });
  return getPlan(ctx, id);
}

const staleVersion = () => new AppError('conflict', 'the plan was changed meanwhile: reload it');

export async function updatePlan(ctx: Ctx, id: string, raw: unknown): Promise<PlanDto> {
  const v = await manageablePlan(ctx, id);
  const parsed = PlanPatchSchema.safeParse(raw);
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  if (parsed.success) periodFields(parsed.data.periodStart ?? v.plan.periodStart, parsed.data.periodEnd ?? v.plan.periodEnd, fields);
  if (!parsed.success || Object.keys(fields).length) throw validation(fields);
  const { version, ...patch } = parsed.data;
  if (version !== v.plan.version) throw staleVersion();
  await inTx(ctx, async (tx) => {
    const row = await repo.updatePlanIf(tx, id, version, undefined, patch);
    if (!row) throw staleVersion();
    await recordAudit(tx, {
      action: 'inspection_plan.update', entityType: 'inspection_plan', entityId: id, provinceCode: row.provinceCode,
      before: { title: v.plan.title, periodStart: v.plan.periodStart, periodEnd: v.plan.periodEnd, plannedProducers: v.plan.plannedProducers, version },
      after: { ...patch, version: row.version },
    });
  });
  return getPlan(ctx, id);
}

export async function transitionPlan(ctx: Ctx, id: string, raw: unknown): Promise<PlanDto> {
  const v = await manageablePlan(ctx, id);
  const parsed = TransitionInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const { action, comment, version } = parsed.data;
  const d = decidePlan(v.plan.status, action, comment);
  if (!d.ok) {
    if (d.reason === 'comment_required') throw validation({ comment: problem('insp.comment_required') });
    throw new AppError('invalid_transition', `a ${v.plan.status} plan cannot ${action}`);
  }
  if (version !== undefined && version !== v.plan.version) throw staleVersion();
  await inTx(ctx, async (tx) => {
    const row = await repo.updatePlanIf(tx, id, version, v.plan.status, { status: d.to });
    if (!row) throw staleVersion();
    await recordAudit(tx, {
      action: `inspection_plan.${action}`, entityType: 'inspection_plan', entityId: id, provinceCode: row.provinceCode,
      before: { status: v.plan.status, version: v.plan.version }, after: { status: row.status, version: row.version, comment: comment ?? null },
    });
  });
  return getPlan(ctx, id);
}

export async function deletePlan(ctx: Ctx, id: string): Promise<void> {
  const v = await manageablePlan(ctx, id);
  await inTx(ctx, async (tx) => {
    if (await repo.visitCount(tx, id)) throw new AppError('conflict', 'the plan has visits: close it instead');
    const row = await repo.deletePlan(tx, id);
    if (!row) throw new AppError('not_found', 'inspection plan not found');
    await recordAudit(tx, {
      action: 'inspection_plan.delete', entityType: 'inspection_plan', entityId: id, provinceCode: v.plan.provinceCode,
      before: { title: v.plan.title, periodStart: v.plan.periodStart, periodEnd: v.plan.periodEnd, status: v.plan.status },
    });
  });
}

// ---- team --------------------------------------------------------------------------------

export async function addMember(ctx: Ctx, planId: string, raw: unknown): Promise<PlanDto> {
  const v = await manageablePlan(ctx, planId);
  const parsed = MemberInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  if (v.plan.status === 'closed') throw new AppError('invalid_transition', 'the plan is closed');
  const input = parsed.data;
  await inTx(ctx, async (tx) => {
    if (input.role === 'lead' && (await repo.teamOf(tx, planId)).some((m) => m.role === 'lead')) {
      throw new AppError('conflict', 'the team already has a lead');
    }
    const row = await repo.insertMember(tx, { planId, fullName: input.fullName, agency: input.agency, role: input.role });
    await recordAudit(tx, { action: 'inspection_plan.team_add', entityType: 'inspection_plan', entityId: planId, provinceCode: v.plan.provinceCode, after: { memberId: row.id, ...input } });
  });
  return getPlan(ctx, planId);
}

export async function removeMember(ctx: Ctx, planId: string, memberId: string): Promise<PlanDto> {
  const v = await manageablePlan(ctx, planId);
  if (v.plan.status === 'closed') throw new AppError('invalid_transition', 'the plan is closed');
  await inTx(ctx, async (tx) => {
    const row = await repo.deleteMember(tx, planId, memberId);
    if (!row) throw new AppError('not_found', 'team member not found');
    await recordAudit(tx, {
      action: 'inspection_plan.team_remove', entityType: 'inspection_plan', entityId: planId, provinceCode: v.plan.provinceCode,
      before: { memberId, fullName: row.fullName, agency: row.agency, role: row.role },
    });
  });
  return getPlan(ctx, planId);
}

// ---- visits ------------------------------------------------------------------------------

async function toVisitDtos(ctx: Ctx, views: repo.VisitView[]): Promise<VisitDto[]> {
  const ids = views.map((v) => v.visit.id);
  const [checks, proposals] = await Promise.all([repo.checksOf(ctx, ids), repo.proposalsOfVisits(ctx, ids)]);
  return views.map(({ visit: x, planTitle, producerName, communeName }) => ({
    id: x.id, plan: { id: x.planId, title: planTitle }, producer: { id: x.producerId, name: producerName },
    provinceCode: x.provinceCode, communeCode: x.communeCode, communeName, visitedOn: x.visitedOn, outcome: x.outcome, note: x.note,
    isSample: x.isSample, createdBy: x.createdBy, createdAt: x.createdAt.toISOString(), version: x.version,
    checks: checks.filter((c) => c.visitId === x.id).map((c) => ({
      product: { id: c.productId, name: c.productName }, finding: c.finding, note: c.note,
      certificate: c.number ? { number: c.number, stars: c.stars!, expiresOn: c.expiresOn!, state: c.state! } : null,
    })),
    proposals: proposals.filter((p) => p.visitId === x.id).map((p) => ({ id: p.id, certificateNumber: p.number, status: p.status })),
  }));
}

export async function getVisit(ctx: Ctx, id: string): Promise<VisitDto> {
  const actor = requireActor(ctx);
  const v = await repo.findVisit(ctx, id);
  if (!v || !canReadVisit(actor, v.visit)) throw new AppError('not_found', 'visit not found');
  return (await toVisitDtos(ctx, [v]))[0]!;
}

export async function listVisits(ctx: Ctx, q: VisitListQuery) {
  const actor = requireActor(ctx);
  const { items, total } = await repo.listVisits(ctx, visitScope(actor), { planId: q.planId, producerId: q.producerId, outcome: q.outcome }, q.page, q.pageSize);
  return { items: await toVisitDtos(ctx, items), total, page: q.page, pageSize: q.pageSize };
}

/** Producers a visit under this plan may be recorded for (the visit form's picker). */
export async function visitableProducers(ctx: Ctx, planId: string) {
  const actor = requireActor(ctx);
  const v = await readablePlan(ctx, planId);
  const commune = canManagePlan(actor, v.plan.provinceCode) ? undefined : actor.areaCode ?? undefined;
  return repo.producersOf(ctx, v.plan.provinceCode, commune);
}

/** A producer's products with their current certificates (the visit form), when the caller may record a visit there. */
export async function producerProducts(ctx: Ctx, planId: string, producerId: string) {
  const actor = requireActor(ctx);
  const v = await readablePlan(ctx, planId);
  const producer = await repo.findProducer(ctx, producerId);
  if (!producer || producer.provinceCode !== v.plan.provinceCode || !canRecordVisit(actor, v.plan.provinceCode, producer.communeCode)) {
    throw new AppError('not_found', 'producer not found');
  }
  return { producer, products: await repo.productsWithCertificate(ctx, producerId) };
}

/**
 * Record a visit with its checks and outcome. A first visit starts a planned plan; a closed plan
 * refuses visits (409 invalid_transition). A revocation proposal (outcome revocation_proposal)
 * names a checked product with a current certificate and the written reason, and opens a
 * proposal for the certificate's authority.
 */
export async function recordVisit(ctx: Ctx, planId: string, raw: unknown): Promise<VisitDto> {
  const actor = requireActor(ctx);
  const v = await readablePlan(ctx, planId);
  const plan = v.plan;
  const parsed = VisitInputSchema.safeParse(raw);
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  if (!parsed.success) throw validation(fields);
  const input = parsed.data;
  const today = todayInVietnam(ctx.deps.clock());
  if (!isIsoDate(input.visitedOn)) fields.visitedOn = problem('insp.not_date');
  else if (input.visitedOn < plan.periodStart || input.visitedOn > plan.periodEnd) fields.visitedOn = problem('insp.outside_plan_period', { from: plan.periodStart, to: plan.periodEnd });
  else if (input.visitedOn > today) fields.visitedOn = problem('insp.future');
  const producer = await repo.findProducer(ctx, input.producerId);
  if (!producer || producer.provinceCode !== plan.provinceCode) fields.producerId = problem('insp.producer_not_in_province');
  else if (!canRecordVisit(actor, plan.provinceCode, producer.communeCode)) throw new AppError('forbidden', 'outside your area');
  const owned = producer ? await repo.productsWithCertificate(ctx, producer.id) : [];
  const byId = new Map(owned.map((p) => [p.id, p]));
  const seen = new Set<string>();
  input.checks.forEach((c, i) => {
    if (!byId.has(c.productId)) fields[`checks.${i}.productId`] = problem('insp.product_not_of_producer');
    else if (seen.has(c.productId)) fields[`checks.${i}.productId`] = problem('insp.checked_twice');
    seen.add(c.productId);
  });
  let proposalCert: { id: string; number: string } | null = null;
  if (input.outcome === 'revocation_proposal') {
    const p = input.proposal;
    if (!p) fields['proposal.productId'] = problem('insp.proposal_product');
    else if (!seen.has(p.productId)) fields['proposal.productId'] = problem('insp.proposal_not_checked');
    else if (!byId.get(p.productId)?.certificate) fields['proposal.productId'] = problem('insp.proposal_no_certificate');
    else proposalCert = byId.get(p.productId)!.certificate;
  } else if (input.proposal) fields.proposal = problem('insp.proposal_only');
  if (Object.keys(fields).length) throw validation(fields);
  if (!canRecordVisit(actor, plan.provinceCode, producer!.communeCode)) throw forbidden();
  if (plan.status === 'closed') throw new AppError('invalid_transition', 'the plan is closed: reopen it to record a visit');

  const id = await inTx(ctx, async (tx) => {
    if (plan.status === 'planned') {
      const started = await repo.updatePlanIf(tx, plan.id, undefined, 'planned', { status: 'in_progress' });
      if (started) {
        await recordAudit(tx, {
          action: 'inspection_plan.start', entityType: 'inspection_plan', entityId: plan.id, provinceCode: plan.provinceCode,
          before: { status: 'planned', version: plan.version }, after: { status: 'in_progress', version: started.version, by: 'first visit' },
        });
      }
    }
    const row = await repo.insertVisit(tx, {
      planId: plan.id, producerId: producer!.id, provinceCode: producer!.provinceCode, communeCode: producer!.communeCode, visitedOn: input.visitedOn,
      outcome: input.outcome, note: input.note ?? '', createdBy: actor.label, createdAt: ctx.deps.clock(), updatedAt: ctx.deps.clock(),
    });
    await repo.insertChecks(tx, input.checks.map((c) => ({
      visitId: row.id, productId: c.productId, certificateId: byId.get(c.productId)!.certificate?.id ?? null, finding: c.finding ?? null, note: c.note ?? '',
    })));
    await recordAudit(tx, {
      action: 'inspection_visit.record', entityType: 'inspection_visit', entityId: row.id, provinceCode: row.provinceCode,
      after: { planId: plan.id, producerId: row.producerId, visitedOn: row.visitedOn, outcome: row.outcome, checks: input.checks },
    });
    if (proposalCert) {
      if (await repo.openProposalFor(tx, proposalCert.id)) throw new AppError('duplicate', 'an open revocation proposal already exists for this certificate');
      const prop = await repo.insertProposal(tx, {
        certificateId: proposalCert.id, visitId: row.id, provinceCode: plan.provinceCode, reason: input.proposal!.reason,
        proposedBy: actor.label, proposedAt: ctx.deps.clock(),
      });
      await recordAudit(tx, {
        action: 'revocation_proposal.open', entityType: 'revocation_proposal', entityId: prop.id, provinceCode: prop.provinceCode,
        after: { certificate: proposalCert.number, visitId: row.id, reason: prop.reason },
      });
    }
    return row.id;
  });
  return getVisit(ctx, id);
}

// ---- counts ------------------------------------------------------------------------------

/** Counts for a plan (planId) or for an area and period (visits in [from, to]; plans overlapping it). */
export async function inspectionStats(ctx: Ctx, q: StatsQuery): Promise<StatsDto & { scope: { planId: string | null; area: string | null; areaName: string; from: string | null; to: string | null } }> {
  const actor = requireActor(ctx);
  if (actor.role === 'commune_officer') throw forbidden();
  if (q.planId) {
    const v = await readablePlan(ctx, q.planId);
    const s = await statsOf(ctx, { planId: v.plan.id }, v.plan.plannedProducers);
    return { ...s, scope: { planId: v.plan.id, area: v.plan.provinceCode, areaName: v.provinceName, from: v.plan.periodStart, to: v.plan.periodEnd } };
  }
  const fields: FieldErrors = {};
  if (q.from && !isIsoDate(q.from)) fields.from = problem('insp.stats_date');
  if (q.to && !isIsoDate(q.to)) fields.to = problem('insp.stats_date');
  if (!fields.from && !fields.to && q.from && q.to && q.to < q.from) fields.to = problem('insp.stats_order');
  if (Object.keys(fields).length) throw validation(fields, 'invalid period');
  const area = await resolveReportArea(ctx, q.area || null);
  const planned = area.level === 'commune' ? null
    : await repo.plannedProducers(ctx, planScope(actor), { province: area.code, from: q.from, to: q.to });
  const s = await statsOf(ctx, { scope: visitScope(actor), area: areaRows(area), from: q.from, to: q.to }, planned);
  return { ...s, scope: { planId: null, area: area.code, areaName: area.name, from: q.from ?? null, to: q.to ?? null } };
}

/** Provinces the caller may make plans for (the plan form). */
export async function plannableProvinces(ctx: Ctx) {
  const actor = requireActor(ctx);
  return (await repo.provinces(ctx)).filter((p) => canManagePlan(actor, p.code));
}
