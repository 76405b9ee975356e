/**
 * Evaluation rounds and their councils (issue 3, item 5): create a province or national round
 * under the regime in force on its session date, form the council (chair, vice-chairs, members,
 * member-secretary, advisory team), record conflict-of-interest declarations, assign dossiers
 * (one sheet per scoring seat, none for a conflicted member), record field visits of tourism
 * services, and open the session.
 */
import { inTx, type Ctx } from '../../context';
import { AppError, fieldError, problem, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import { DEFAULT_SPREAD_LIMIT, isScoringSeat } from '../../domain/council';
import { defaultRoundCutoff, ineligibility } from '../../domain/round-eligibility';
import { todayInVietnam } from '../../domain/dates';
import { nextCutoff, regimeName, regimeOn } from '../../domain/regime';
import { recordAudit } from '../audit/audit.service';
import { requireActor } from '../../core/actor';
import { findRegime, listRegimes } from '../criteria/criteria.repository';
import * as repo from './council.repository';
import { allowedActions, assertAction, isOrganiser, mayCreate, ROUND_ROLES, roundScope, SEAT_ROLES } from './council.policy';
import {
  AssignInputSchema, ConflictInputSchema, FieldVisitInputSchema, MemberInputSchema, RoundInputSchema,
  type AssignInput, type ConflictInput, type IneligibleDto, type ConflictDto, type EligibleDto, type FieldVisitDto, type FieldVisitInput, type MemberDto,
  type MemberInput, type MySheetDto, type RoundDto, type RoundInput, type RoundListQuery, type RoundSummaryDto,
} from './council.schema';
import { iso, loadRound, refreshProgress, seatOf, toMemberDto, toRoundSummary } from './round-access';
import { moveDossiers } from '../dossier/dossier-status';
import { sheetsByDossier, tallyIfRevealed } from './tally';

const parse = <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, raw: unknown): T => {
  const r = schema.safeParse(raw);
  if (!r.success) throw validation(zodFieldErrors(r.error.issues));
  return r.data;
};

function requireRoundRole(ctx: Ctx) {
  const actor = requireActor(ctx);
  if (!(ROUND_ROLES as readonly string[]).includes(actor.role)) throw new AppError('forbidden', 'not allowed');
  return actor;
}

export async function createRound(ctx: Ctx, raw: RoundInput): Promise<RoundDto> {
  const actor = requireRoundRole(ctx);
  const input = parse(RoundInputSchema, raw);
  const fields: FieldErrors = {};
  const provinceCode = input.level === 'national' ? null
    : input.provinceCode ?? (actor.role === 'province_officer' ? actor.areaCode : null);
  if (input.level === 'province') {
    if (!provinceCode) fields.provinceCode = problem('council.province_required');
    else {
      const area = await repo.findProvince(ctx, provinceCode);
      if (!area) fields.provinceCode = problem('council.unknown_province');
    }
  } else if (input.provinceCode) fields.provinceCode = problem('council.national_no_province');
  if (!fields.provinceCode && !mayCreate(actor, input.level, provinceCode)) throw new AppError('forbidden', 'not allowed to organise this round');

  const regime = regimeOn(await listRegimes(ctx), input.sessionDate);
  const levelRules = regime?.levels.find((l) => l.level === input.level);
  if (!regime) fields.sessionDate = problem('council.no_regime');
  else if (!levelRules) fields.level = problem('council.regime_no_level', { regime: regime.code, level: input.level });

  let stage = 1;
  let twoStage = Boolean(input.twoStage);
  if (input.previousRoundId) {
    const prev = await repo.findRound(ctx, input.previousRoundId);
    if (!prev || !isOrganiser(actor, prev)) fields.previousRoundId = problem('council.unknown_round');
    else if (!prev.twoStage || prev.stage !== 1) fields.previousRoundId = problem('council.not_stage_one');
    else if (prev.level !== input.level || prev.provinceCode !== provinceCode) fields.previousRoundId = problem('council.stage_two_same_council');
    stage = 2;
    twoStage = true;
  }
  const cutoffDate = input.cutoffDate ?? defaultRoundCutoff(todayInVietnam(ctx.deps.clock()), input.sessionDate, levelRules?.roundCutoffs);
  if (cutoffDate > input.sessionDate) fields.cutoffDate = problem('council.cutoff_after_session');
  if (Object.keys(fields).length) throw validation(fields);

  return inTx(ctx, async (tx) => {
    const row = await repo.insertRound(tx, {
      name: input.name, level: input.level, provinceCode, regimeCode: regime!.code, year: Number(input.sessionDate.slice(0, 4)),
      cutoffDate, sessionDate: input.sessionDate, stage, twoStage, previousRoundId: input.previousRoundId ?? null,
      spreadLimit: input.spreadLimit ?? DEFAULT_SPREAD_LIMIT, createdBy: actor.label,
    });
    await recordAudit(tx, { action: 'round.create', entityType: 'evaluation_round', entityId: row.id, provinceCode, after: row });
    return getRound(tx, row.id);
  });
}

/**
 * What the new-round form proposes: the regime's next cut-off day on or after today for a
 * province round (null when the regime states none), and those cut-off days for the hint.
 */
export async function newRoundDefaults(ctx: Ctx): Promise<{ cutoffDate: string | null; cutoffs: string[] }> {
  requireRoundRole(ctx);
  const today = todayInVietnam(ctx.deps.clock());
  const regime = regimeOn(await listRegimes(ctx), today);
  const cutoffs = regime?.levels.find((l) => l.level === 'province')?.roundCutoffs ?? [];
  return { cutoffDate: nextCutoff(today, cutoffs), cutoffs };
}

export async function listRounds(ctx: Ctx, q: RoundListQuery) {
  const actor = requireRoundRole(ctx);
  const { items, total } = await repo.listRounds(ctx, roundScope(actor), q);
  return { items: items.map((i): RoundSummaryDto => toRoundSummary(i.r, Number(i.dossierCount))), total, page: q.page, pageSize: q.pageSize };
}

export async function getRound(ctx: Ctx, id: string): Promise<RoundDto> {
  const l = await loadRound(ctx, id);
  const { actor, round, seat } = l;
  const seatRole = seatOf(l);
  const lead = isOrganiser(actor, round) || seatRole === 'secretary' || seatRole === 'chair';
  const [members, conflicts, dossiers, visits, regime, sheets] = await Promise.all([
    repo.listMembers(ctx, round.id), repo.listConflicts(ctx, round.id), repo.listRoundDossiers(ctx, round.id, actor.userId),
    repo.listFieldVisits(ctx, round.id), findRegime(ctx, round.regimeCode),
    round.status === 'planning' ? Promise.resolve([]) : repo.sheetsWithSeats(ctx, round.id),
  ]);
  // Each dossier's totals only once they may be shown (tally.ts); its submitted count always.
  const byDossier = sheetsByDossier(sheets);
  return {
    ...toRoundSummary(round, dossiers.length),
    regimeName: regime ? regimeName(regime.title) : round.regimeCode,
    openedAt: iso(round.openedAt), closedAt: iso(round.closedAt),
    scoringEndedAt: iso(round.scoringEndedAt), scoringEndedBy: round.scoringEndedBy,
    members: members.map(toMemberDto),
    conflicts: conflicts.filter((c) => lead || c.c.memberId === seat?.id).map((c): ConflictDto => ({
      id: c.c.id, memberId: c.c.memberId, memberName: c.memberName, producerId: c.c.producerId, producerName: c.producerName,
      reason: c.c.reason, declaredAt: c.c.declaredAt.toISOString(),
    })),
    dossiers: dossiers.map((d) => ({
      dossierId: d.rd.dossierId, number: d.number, productId: d.productId, productName: d.productName, producerId: d.producerId,
      producerName: d.producerName, isService: d.isService, status: d.rd.status, shortlisted: d.rd.shortlisted,
      fieldVisitRecorded: Boolean(d.visited), submittedSheets: Number(d.submittedSheets), mySheet: d.mine ? { status: d.mine.status, attempt: Number(d.mine.attempt) } : null,
      tally: tallyIfRevealed(round, byDossier.get(d.rd.dossierId) ?? [], Number(round.spreadLimit)),
    })),
    fieldVisits: visits.map(toVisitDto),
    mySeat: seat ? toMemberDto(seat) : null,
    allowedActions: allowedActions(actor, round, seatRole),
  };
}

const toVisitDto = (v: repo.FieldVisitRow): FieldVisitDto => ({
  id: v.id, dossierId: v.dossierId, visitedOn: v.visitedOn, participants: v.participants, findings: v.findings, recordedBy: v.recordedBy,
});

export async function addMember(ctx: Ctx, roundId: string, raw: MemberInput): Promise<MemberDto> {
  const l = await loadRound(ctx, roundId);
  assertAction(l.actor, l.round, seatOf(l), 'manage');
  const input = parse(MemberInputSchema, raw);
  const user = await repo.findUser(ctx, input.userId);
  if (!user || user.disabled || !SEAT_ROLES.includes(user.role)) throw fieldError('userId', 'council.seat_candidate');
  // The same rule as the round page's list (repo.seatable): a province council seats people of the province.
  if (!(await repo.isSeatable(ctx, l.round.provinceCode, user.id))) {
    throw fieldError('userId', l.round.provinceCode ? 'council.seat_outside_province' : 'council.seat_candidate');
  }
  const members = await repo.listMembers(ctx, roundId);
  if (members.some((m) => m.userId === user.id)) throw new AppError('duplicate', 'this person already holds a seat in the council', undefined, { reason: 'seat_held' });
  if (input.councilRole === 'chair' && members.some((m) => m.councilRole === 'chair')) {
    throw fieldError('councilRole', 'council.chair_taken');
  }
  return inTx(ctx, async (tx) => {
    const row = await repo.insertMember(tx, {
      roundId, userId: user.id, councilRole: input.councilRole, fullName: input.fullName || user.displayName || user.username,
      organisation: input.organisation ?? '',
    });
    if (!row) throw new AppError('duplicate', 'this seat was taken meanwhile', undefined, { reason: 'seat_held' });
    // A scoring seat added after dossiers were assigned gets its sheets too.
    if (isScoringSeat(row.councilRole)) await repo.insertSheets(tx, roundId, { memberId: row.id });
    await recordAudit(tx, { action: 'council_member.add', entityType: 'council_member', entityId: row.id, provinceCode: l.round.provinceCode, after: row });
    return toMemberDto(row);
  });
}

export async function removeMember(ctx: Ctx, roundId: string, memberId: string): Promise<void> {
  const l = await loadRound(ctx, roundId);
  assertAction(l.actor, l.round, seatOf(l), 'manage');
  const member = await repo.findMember(ctx, roundId, memberId);
  if (!member) throw new AppError('not_found', 'council member not found');
  await inTx(ctx, async (tx) => {
    await repo.deleteMember(tx, roundId, member.id);
    await recordAudit(tx, { action: 'council_member.remove', entityType: 'council_member', entityId: member.id, provinceCode: l.round.provinceCode, before: member });
  });
}

/**
 * A member declares a conflict of interest with a producer (or the secretary / an organiser
 * records it on their behalf). Their unsubmitted sheets on that producer's dossiers in the round
 * are withdrawn; a sheet already submitted cannot be (409).
 */
export async function declareConflict(ctx: Ctx, roundId: string, raw: ConflictInput): Promise<ConflictDto> {
  const l = await loadRound(ctx, roundId);
  assertAction(l.actor, l.round, seatOf(l), 'declare_conflict');
  const input = parse(ConflictInputSchema, raw);
  const member = await repo.findMember(ctx, roundId, input.memberId);
  if (!member) throw fieldError('memberId', 'council.not_a_member');
  const onBehalf = isOrganiser(l.actor, l.round) || seatOf(l) === 'secretary';
  if (!onBehalf && member.userId !== l.actor.userId) throw new AppError('forbidden', 'members declare their own conflicts; the secretary records others', undefined, { reason: 'own_conflicts_only' });
  const producer = await repo.findProducer(ctx, input.producerId);
  if (!producer) throw fieldError('producerId', 'council.unknown_producer');
  if (await repo.hasConflict(ctx, member.id, producer.id)) throw new AppError('duplicate', 'this conflict is already declared', undefined, { reason: 'conflict_declared' });

  return inTx(ctx, async (tx) => {
    const affected = (await repo.listRoundDossiers(tx, roundId, null)).filter((d) => d.producerId === producer.id).map((d) => d.rd.dossierId);
    if ((await repo.submittedSheetIds(tx, roundId, member.id, affected)).length) {
      throw new AppError('invalid_transition', 'the member already submitted a sheet on this producer\'s dossier in this round', undefined, { reason: 'conflict_after_submit' });
    }
    await repo.withdrawSheets(tx, roundId, member.id, affected);
    const row = await repo.insertConflict(tx, {
      roundId, memberId: member.id, producerId: producer.id, reason: input.reason, declaredAt: tx.deps.clock(),
    });
    if (!row) throw new AppError('duplicate', 'this conflict is already declared', undefined, { reason: 'conflict_declared' });
    for (const dossierId of affected) await refreshProgress(tx, l.round, dossierId);
    await recordAudit(tx, {
      action: 'conflict.declare', entityType: 'conflict_declaration', entityId: row.id, provinceCode: l.round.provinceCode,
      after: { ...row, declaredBy: l.actor.label, withdrawnSheetsOn: affected },
    });
    return {
      id: row.id, memberId: member.id, memberName: member.fullName, producerId: producer.id, producerName: producer.name,
      reason: row.reason, declaredAt: row.declaredAt.toISOString(),
    };
  });
}

const toEligible = (d: Awaited<ReturnType<typeof repo.listEligible>>[number]): EligibleDto => ({
  dossierId: d.id, number: d.number, productName: d.productName, producerName: d.producerName, isService: d.isService,
  submittedAt: iso(d.submittedAt),
});

/** Dossiers the round may take now (for the assignment form). */
export async function listEligible(ctx: Ctx, roundId: string): Promise<EligibleDto[]> {
  const l = await loadRound(ctx, roundId);
  assertAction(l.actor, l.round, seatOf(l), 'manage');
  return (await repo.listEligible(ctx, l.round)).map(toEligible);
}

/** The dossiers the organiser knows of that the round cannot take, each with its reason. */
export async function listIneligible(ctx: Ctx, roundId: string): Promise<IneligibleDto[]> {
  const l = await loadRound(ctx, roundId);
  assertAction(l.actor, l.round, seatOf(l), 'manage');
  const facts = { level: l.round.level, stage: l.round.stage, provinceCode: l.round.provinceCode, cutoffDate: l.round.cutoffDate, previousRoundId: l.round.previousRoundId };
  const out: IneligibleDto[] = [];
  for (const d of await repo.listCandidates(ctx, l.round)) {
    const reason = ineligibility(facts, { ...d, hasSheet: Boolean(d.hasSheet), shortlistedSomewhere: Boolean(d.shortlistedSomewhere), shortlistedByPrevious: Boolean(d.shortlistedByPrevious), potentialFiveStar: Boolean(d.potentialFiveStar) });
    if (reason) out.push({ dossierId: d.id, number: d.number, productName: d.productName, producerName: d.producerName, status: d.status, submittedOn: d.submittedOn, reason });
  }
  return out;
}

/**
 * Take dossiers into the round: the listed ones (each must be eligible, else 400 listing them)
 * or every eligible one. Creates the round's dossier rows, one sheet per scoring seat (except
 * members with a conflict on the producer), and moves each dossier 'assign'.
 */
export async function assignDossiers(ctx: Ctx, roundId: string, raw: AssignInput): Promise<{ assigned: number; dossierIds: string[] }> {
  const l = await loadRound(ctx, roundId);
  assertAction(l.actor, l.round, seatOf(l), 'manage');
  const input = parse(AssignInputSchema, raw);
  const ids = input.dossierIds ? [...new Set(input.dossierIds)] : undefined;
  if (l.round.stage === 2 && l.round.previousRoundId) {
    const prev = await repo.findRound(ctx, l.round.previousRoundId);
    if (prev?.status !== 'closed') throw new AppError('invalid_transition', 'stage 2 takes dossiers once stage 1 has closed', undefined, { reason: 'stage_one_open' });
  }
  return inTx(ctx, async (tx) => {
    const eligible = await repo.listEligible(tx, l.round, ids);
    if (ids) {
      const ok = new Set(eligible.map((d) => d.id));
      const refused = ids.filter((id) => !ok.has(id));
      if (refused.length) {
        throw new AppError('validation_failed', 'some dossiers cannot be assigned to this round', { dossierIds: problem('council.not_eligible', { ids: refused.join(', ') }) }, { dossierIds: refused });
      }
    }
    if (!eligible.length) return { assigned: 0, dossierIds: [] };
    const list = eligible.map((d) => ({ id: d.id, sheetId: d.sheetId! }));
    const dossierIds = list.map((d) => d.id);
    await repo.insertRoundDossiers(tx, roundId, list, tx.deps.clock());
    await repo.insertSheets(tx, roundId, { dossierIds });
    await moveDossiers(tx, list.map((d) => ({ id: d.id, after: { roundId } })), 'assign', l.round.name);
    await recordAudit(tx, { action: 'round.assign', entityType: 'evaluation_round', entityId: roundId, provinceCode: l.round.provinceCode, after: { dossierIds } });
    return { assigned: dossierIds.length, dossierIds };
  });
}

/** The site visit of a tourism-service dossier (required before its sheets can be scored). */
export async function recordFieldVisit(ctx: Ctx, roundId: string, raw: FieldVisitInput): Promise<FieldVisitDto> {
  const l = await loadRound(ctx, roundId);
  assertAction(l.actor, l.round, seatOf(l), 'field_visit');
  const input = parse(FieldVisitInputSchema, raw);
  const rd = await repo.findRoundDossier(ctx, roundId, input.dossierId);
  if (!rd) throw fieldError('dossierId', 'council.not_in_round');
  return inTx(ctx, async (tx) => {
    const row = await repo.insertFieldVisit(tx, {
      roundId, dossierId: input.dossierId, visitedOn: input.visitedOn, participants: input.participants, findings: input.findings,
      recordedBy: l.actor.label, createdAt: tx.deps.clock(),
    });
    await recordAudit(tx, { action: 'field_visit.record', entityType: 'field_visit', entityId: row.id, provinceCode: l.round.provinceCode, after: row });
    return toVisitDto(row);
  });
}

/** Open the session: needs a chair, a member-secretary and at least one dossier. */
export async function openRound(ctx: Ctx, roundId: string, body: { version?: number | undefined } = {}): Promise<RoundDto> {
  const l = await loadRound(ctx, roundId);
  assertAction(l.actor, l.round, seatOf(l), 'open');
  if (body.version !== undefined && body.version !== l.round.version) throw new AppError('conflict', 'the round was changed meanwhile; reload', undefined, { reason: 'round_changed' });
  const members = await repo.listMembers(ctx, roundId);
  const problems: string[] = [];
  if (members.filter((m) => m.councilRole === 'chair').length !== 1) problems.push('chair');
  if (!members.some((m) => m.councilRole === 'secretary')) problems.push('secretary');
  if (!(await repo.dossierCount(ctx, roundId))) problems.push('dossiers');
  if (problems.length) {
    throw new AppError('invalid_transition', `the round cannot open yet: missing ${problems.join(', ')}`, undefined, { reason: 'not_ready', missing: problems });
  }
  return inTx(ctx, async (tx) => {
    const row = await repo.updateRoundIf(tx, roundId, l.round.version, { status: 'scoring', openedAt: tx.deps.clock() });
    if (!row) throw new AppError('conflict', 'the round was changed meanwhile; reload', undefined, { reason: 'round_changed' });
    await recordAudit(tx, {
      action: 'round.open', entityType: 'evaluation_round', entityId: roundId, provinceCode: row.provinceCode,
      before: { status: l.round.status, version: l.round.version }, after: { status: row.status, version: row.version },
    });
    return getRound(tx, roundId);
  });
}

/** The caller's sheets across rounds. */
export async function listMySheets(ctx: Ctx): Promise<MySheetDto[]> {
  const actor = requireRoundRole(ctx);
  return (await repo.listMySheets(ctx, actor.userId)).map((r) => ({
    roundId: r.s.roundId, roundName: r.roundName, roundStatus: r.roundStatus, dossierId: r.s.dossierId, number: r.number,
    productName: r.productName, producerName: r.producerName, status: r.s.status, attempt: r.s.attempt, rescoreReason: r.s.rescoreReason,
    updatedAt: r.s.updatedAt.toISOString(),
  }));
}

/** People who may be given a seat (for the council form). */
export async function seatCandidates(ctx: Ctx, roundId: string) {
  const l = await loadRound(ctx, roundId);
  assertAction(l.actor, l.round, seatOf(l), 'manage');
  return repo.seatCandidates(ctx, l.round.provinceCode);
}

/** The name of a round's province (the round page's caption); the code when the area is unknown. */
export async function provinceName(ctx: Ctx, code: string): Promise<string> {
  return (await repo.areaName(ctx, code)) ?? code;
}
