/**
 * Scoring (issue 3, item 6): each member scores their own sheet for a dossier — autosaved
 * drafts guarded by `row_version`, submit validates the answers against the dossier's sheet,
 * computes the subtotals, keeps a version and locks it. The secretary (or chair) may reopen a
 * submitted sheet with a written reason; every submitted version is kept.
 */
import { inTx, type Ctx } from '../../context';
import { AppError, problem, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import type { FieldCode } from '../../core/i18n';
import { scoreSheet, type AnswerIssue, type Sheet, type SheetScore } from '../../domain/scoring-sheet';
import { recordAudit } from '../audit/audit.service';
import { loadTree } from '../criteria/criteria.repository';
import { sheetForScoring } from '../criteria/criteria.service';
import * as repo from './council.repository';
import * as scoring from './scoring.repository';
import { assertAction, ROUND_ROLES } from './council.policy';
import {
  RescoreInputSchema, SheetSaveSchema, SheetSubmitSchema,
  type RescoreInput, type ScoreSheetDto, type SheetSaveInput, type SheetSubmitInput,
} from './council.schema';
import { iso, loadRound, refreshProgress, seatOf } from './round-access';
import { requireActor } from '../../core/actor';

/** Sheet trees are immutable once published: cache them by id. */
const trees = new Map<string, Promise<Sheet>>();
export function sheetTree(ctx: Ctx, sheetId: string): Promise<Sheet> {
  let t = trees.get(sheetId);
  if (!t) {
    t = loadTree(ctx, sheetId);
    trees.set(sheetId, t);
    t.catch(() => trees.delete(sheetId));
    if (trees.size > 200) trees.delete(trees.keys().next().value!);
  }
  return t;
}

interface Own {
  round: repo.RoundRow;
  rd: NonNullable<Awaited<ReturnType<typeof repo.findRoundDossier>>>;
  member: repo.MemberRow;
  sheet: repo.SheetRow;
  visitRecorded: boolean;
}

/**
 * The caller's own sheet on a dossier of a round. Who is refused:
 * producers and others with no business in rounds → 404; a conflict declared on the dossier's
 * producer → 403 conflict_of_interest; no seat, an advisory seat, or a dossier not assigned to
 * them → 403 not_assigned.
 */
async function ownSheet(ctx: Ctx, roundId: string, dossierId: string): Promise<Own> {
  const actor = requireActor(ctx);
  const round = await repo.findRound(ctx, roundId);
  const mayKnowRounds = (ROUND_ROLES as readonly string[]).includes(actor.role);
  if (!round || !mayKnowRounds) throw new AppError('not_found', 'round not found');
  const member = await repo.seatOf(ctx, round.id, actor.userId);
  if (!member) throw new AppError('not_assigned', 'you hold no seat in this council');
  const rd = await repo.findRoundDossier(ctx, round.id, dossierId);
  if (!rd) throw new AppError('not_assigned', 'this dossier is not assigned to you');
  if (await repo.hasConflict(ctx, member.id, rd.producerId)) {
    throw new AppError('conflict_of_interest', 'you declared a conflict of interest with this producer');
  }
  const sheet = await repo.findSheet(ctx, round.id, rd.rd.dossierId, member.id);
  if (!sheet) throw new AppError('not_assigned', 'this dossier is not assigned to you');
  const visitRecorded = rd.isService ? await repo.fieldVisitRecorded(ctx, round.id, rd.rd.dossierId) : false;
  return { round, rd, member, sheet, visitRecorded };
}

function liveScore(tree: Sheet, answers: { options: string[]; knockOuts: string[] }): SheetScore | null {
  const r = scoreSheet(tree, answers);
  return r.ok ? r.score : null;
}

function toDto(o: Own, sheet: repo.SheetRow, score: SheetScore | null): ScoreSheetDto {
  const fieldVisitRequired = o.rd.isService;
  return {
    id: sheet.id, roundId: sheet.roundId, dossierId: sheet.dossierId, memberId: sheet.memberId, sheetId: o.rd.rd.sheetId,
    status: sheet.status, attempt: sheet.attempt, rescoreReason: sheet.rescoreReason,
    answers: { options: sheet.answers.options ?? [], knockOuts: sheet.answers.knockOuts ?? [] },
    score: score ? { parts: score.parts, bonus: score.bonus, total: score.total, outcome: score.outcome, knockOut: score.knockOut } : null,
    rowVersion: sheet.rowVersion, submittedAt: iso(sheet.submittedAt), updatedAt: sheet.updatedAt.toISOString(),
    editable: o.round.status === 'scoring' && sheet.status !== 'submitted' && (!fieldVisitRequired || o.visitRecorded) && !closedToFirstSheets(o.round, sheet),
    fieldVisitRequired, fieldVisitRecorded: o.visitRecorded, roundStatus: o.round.status, scoringEnded: o.round.scoringEndedAt !== null,
    dossier: { number: o.rd.number, productName: o.rd.productName, producerName: o.rd.producerName, isService: o.rd.isService },
  };
}

export async function getMySheet(ctx: Ctx, roundId: string, dossierId: string): Promise<ScoreSheetDto> {
  const o = await ownSheet(ctx, roundId, dossierId);
  const tree = await sheetTree(ctx, o.rd.rd.sheetId);
  return toDto(o, o.sheet, liveScore(tree, o.sheet.answers));
}

/** The caller's own sheet with the sheet revision and star bands the scoring form shows. */
export async function getMySheetForm(ctx: Ctx, roundId: string, dossierId: string) {
  const o = await ownSheet(ctx, roundId, dossierId);
  const [tree, form] = await Promise.all([sheetTree(ctx, o.rd.rd.sheetId), sheetForScoring(ctx, o.rd.rd.sheetId)]);
  return { dto: toDto(o, o.sheet, liveScore(tree, o.sheet.answers)), ...form };
}

const PROBLEM_CODE: Record<AnswerIssue['problem'], FieldCode> = {
  unknown_option: 'council.unknown_option',
  two_options: 'council.two_options',
  two_cases: 'council.two_cases',
  unknown_knock_out: 'council.unknown_knock_out',
};

/** Answers must fit the dossier's sheet; every problem is listed (fields + details.issues). */
function validateAnswers(o: Own, tree: Sheet, answers: { options: string[]; knockOuts: string[] }, sheetId: string | undefined): SheetScore {
  if (sheetId && sheetId !== o.rd.rd.sheetId) {
    throw new AppError('validation_failed', 'the answers were made on another scoring sheet', { sheetId: problem('council.other_sheet') }, { issues: [] });
  }
  const r = scoreSheet(tree, answers);
  if (!r.ok) {
    const fields: FieldErrors = {};
    for (const i of r.issues) fields[i.problem === 'unknown_knock_out' ? `knockOuts.${i.code}` : `options.${i.code}`] = problem(PROBLEM_CODE[i.problem]);
    throw new AppError('validation_failed', `${r.issues.length} answer(s) do not fit this scoring sheet`, fields, { issues: r.issues });
  }
  return r.score;
}

/**
 * Once the chair ended the scoring, a sheet never submitted is no longer taken (the tally was
 * compiled without it); a sheet reopened for a re-score (attempt > 1) still is.
 */
const closedToFirstSheets = (round: repo.RoundRow, sheet: repo.SheetRow) =>
  round.scoringEndedAt !== null && sheet.status !== 'submitted' && sheet.attempt === 1;

function checkWritable(o: Own, rowVersion: number) {
  if (o.round.status !== 'scoring') throw new AppError('invalid_transition', o.round.status === 'closed' ? 'the round is closed' : 'the session is not open yet', undefined, { reason: 'round_status', status: o.round.status });
  if (o.sheet.status === 'submitted') throw new AppError('sheet_locked', 'this sheet was submitted and is locked');
  if (closedToFirstSheets(o.round, o.sheet)) {
    throw new AppError('invalid_transition', 'the chair has ended the scoring: a sheet not submitted by then is no longer taken', undefined, { reason: 'scoring_ended_unsubmitted' });
  }
  if (o.rd.isService && !o.visitRecorded) {
    throw new AppError('invalid_transition', 'record the field visit of this tourism service before scoring it', undefined, { reason: 'field_visit_required' });
  }
  if (rowVersion !== o.sheet.rowVersion) throw new AppError('conflict', 'the sheet was saved elsewhere meanwhile; reload it', undefined, { reason: 'sheet_changed' });
}

/** Lock the sheet row, and the round row for share (closing takes it for update), then recheck. */
async function lockForWrite(tx: Ctx, o: Own, rowVersion: number): Promise<void> {
  const sheet = await scoring.lockSheet(tx, o.sheet.id);
  const round = await scoring.lockRoundShared(tx, o.round.id);
  checkWritable({ ...o, sheet: sheet!, round: round! }, rowVersion);
}

/** Autosave a draft (no lock on submitted sheets, `rowVersion` must be current). */
export async function saveDraft(ctx: Ctx, roundId: string, dossierId: string, raw: SheetSaveInput): Promise<ScoreSheetDto> {
  const o = await ownSheet(ctx, roundId, dossierId);
  const parsed = SheetSaveSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const input = parsed.data;
  checkWritable(o, input.rowVersion);
  const tree = await sheetTree(ctx, o.rd.rd.sheetId);
  const score = validateAnswers(o, tree, input.answers, input.sheetId);
  return inTx(ctx, async (tx) => {
    await lockForWrite(tx, o, input.rowVersion);
    const row = await scoring.updateSheetIf(tx, o.sheet.id, input.rowVersion, { answers: input.answers, status: 'draft', updatedAt: tx.deps.clock() });
    if (!row) throw new AppError('conflict', 'the sheet was saved elsewhere meanwhile; reload it', undefined, { reason: 'sheet_changed' });
    // Autosave runs every few seconds: the audit log records the transition into draft, not every keystroke.
    if (o.sheet.status === 'assigned') {
      await recordAudit(tx, {
        action: 'score_sheet.draft', entityType: 'score_sheet', entityId: row.id, provinceCode: o.round.provinceCode,
        before: { status: o.sheet.status, rowVersion: o.sheet.rowVersion }, after: { status: row.status, rowVersion: row.rowVersion },
      });
    }
    return toDto(o, row, score);
  });
}

/** Submit: validate, compute, keep the version, lock; then recompute the dossier's progress. */
export async function submitSheet(ctx: Ctx, roundId: string, dossierId: string, raw: SheetSubmitInput): Promise<ScoreSheetDto> {
  const o = await ownSheet(ctx, roundId, dossierId);
  const parsed = SheetSubmitSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const input = parsed.data;
  checkWritable(o, input.rowVersion);
  const answers = input.answers ?? { options: o.sheet.answers.options ?? [], knockOuts: o.sheet.answers.knockOuts ?? [] };
  const tree = await sheetTree(ctx, o.rd.rd.sheetId);
  const score = validateAnswers(o, tree, answers, input.sheetId);
  return inTx(ctx, async (tx) => {
    await lockForWrite(tx, o, input.rowVersion);
    const now = tx.deps.clock();
    const row = await scoring.updateSheetIf(tx, o.sheet.id, input.rowVersion, {
      answers, status: 'submitted', parts: score.parts, total: score.total, outcome: score.outcome, submittedAt: now, updatedAt: now,
    });
    if (!row) throw new AppError('conflict', 'the sheet was saved elsewhere meanwhile; reload it', undefined, { reason: 'sheet_changed' });
    await scoring.insertSheetVersion(tx, {
      scoreSheetId: row.id, attempt: row.attempt, answers, parts: score.parts, total: score.total, outcome: score.outcome, submittedAt: now,
    });
    await refreshProgress(tx, o.round, row.dossierId);
    await recordAudit(tx, {
      action: 'score_sheet.submit', entityType: 'score_sheet', entityId: row.id, provinceCode: o.round.provinceCode,
      before: { status: o.sheet.status, rowVersion: o.sheet.rowVersion },
      // No total here: province officers read the audit log while scoring is open, and the
      // totals stay confidential until the tally is shown (score_sheet_versions keeps them).
      after: { status: row.status, rowVersion: row.rowVersion, attempt: row.attempt },
    });
    return toDto(o, row, score);
  });
}

/**
 * Re-score: the secretary or the chair reopens a member's submitted sheet with a written reason
 * (after a spread flag, usually). The submitted version is kept with the reason; the sheet goes
 * back to draft with attempt + 1 and the member's answers, for them to revise and submit again.
 */
export async function rescoreSheet(ctx: Ctx, roundId: string, dossierId: string, memberId: string, raw: RescoreInput) {
  const l = await loadRound(ctx, roundId);
  assertAction(l.actor, l.round, seatOf(l), 'rescore');
  const parsed = RescoreInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues), 'a written reason is required');
  const reason = parsed.data.reason;
  const rd = await repo.findRoundDossier(ctx, roundId, dossierId);
  const member = await repo.findMember(ctx, roundId, memberId);
  const sheet = rd && member ? await repo.findSheet(ctx, roundId, rd.rd.dossierId, member.id) : null;
  if (!sheet) throw new AppError('not_found', 'sheet not found');
  return inTx(ctx, async (tx) => {
    const locked = await scoring.lockSheet(tx, sheet.id);
    const round = await scoring.lockRoundShared(tx, roundId);
    if (round!.status !== 'scoring') throw new AppError('invalid_transition', 'the round is not open', undefined, { reason: 'round_status', status: round!.status });
    if (locked!.status !== 'submitted') throw new AppError('invalid_transition', 'only a submitted sheet can be reopened', undefined, { reason: 'not_submitted' });
    await scoring.supersedeVersion(tx, sheet.id, locked!.attempt, reason);
    const row = await scoring.updateSheet(tx, sheet.id, {
      status: 'draft', attempt: locked!.attempt + 1, rescoreReason: reason, submittedAt: null, parts: null, total: null, outcome: null,
      updatedAt: tx.deps.clock(),
    });
    const progress = await refreshProgress(tx, l.round, sheet.dossierId);
    await recordAudit(tx, {
      action: 'score_sheet.rescore', entityType: 'score_sheet', entityId: sheet.id, provinceCode: l.round.provinceCode,
      before: { status: locked!.status, attempt: locked!.attempt }, after: { status: row.status, attempt: row.attempt, reason, by: l.actor.label },
    });
    return { memberId: member!.id, dossierId: sheet.dossierId, status: row.status, attempt: row.attempt, rescoreReason: reason, dossierStatus: progress.status };
  });
}

