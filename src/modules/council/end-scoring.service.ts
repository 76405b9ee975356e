/**
 * "Kết thúc chấm điểm": the chair ends the scoring before every member has submitted, e.g. when
 * a member cannot finish (issue 13, confidentiality; docs/decisions/030). Refused with 409
 * quorum_not_met while a dossier lacks ¾ of the scoring seats including the chair (the round
 * could never close). Once ended, the submitted sheets are compiled — their tally becomes
 * visible to the council — a first sheet never submitted is no longer taken (a sheet reopened
 * for a re-score still is), and the round may close with the members who submitted. Who ended
 * it and when is kept on the round and in the audit log, with the sheets that were missing.
 */
import { inTx, type Ctx } from '../../context';
import { AppError } from '../../errors';
import { dossierProgress, quorumNeeded } from '../../domain/council';
import { recordAudit } from '../audit/audit.service';
import * as repo from './council.repository';
import { assertAction } from './council.policy';
import { loadRound, seatOf } from './round-access';
import { allIn, sheetsByDossier } from './tally';

export interface EndScoringSummary {
  roundId: string; scoringEndedAt: string; scoringEndedBy: string; version: number;
  /** Dossiers compiled with fewer sheets than seats (someone had not submitted). */
  incomplete: number;
}

const alreadyEnded = () => new AppError('invalid_transition', 'the chair has already ended the scoring', undefined, { reason: 'scoring_ended' });

export async function endScoring(ctx: Ctx, roundId: string, body: { version?: number | undefined } = {}): Promise<EndScoringSummary> {
  const l = await loadRound(ctx, roundId);
  if (l.round.status === 'scoring' && l.round.scoringEndedAt && seatOf(l) === 'chair') throw alreadyEnded();
  assertAction(l.actor, l.round, seatOf(l), 'end_scoring');
  return inTx(ctx, async (tx) => {
    const round = await repo.findRound(tx, roundId, { forUpdate: true });
    if (!round || round.status !== 'scoring') throw new AppError('invalid_transition', 'only an open round\'s scoring can end', undefined, { reason: 'round_status', status: round?.status ?? 'planning' });
    if (round.scoringEndedAt) throw alreadyEnded();
    if (body.version !== undefined && body.version !== round.version) throw new AppError('conflict', 'the round was changed meanwhile; reload', undefined, { reason: 'round_changed' });
    const [list, sheets, seats] = await Promise.all([
      repo.listRoundDossiers(tx, roundId, null), repo.sheetsWithSeats(tx, roundId), repo.scoringSeatCount(tx, roundId),
    ]);
    const byDossier = sheetsByDossier(sheets);
    const figures = list.map((d) => {
      const own = byDossier.get(d.rd.dossierId) ?? [];
      return { dossierId: d.rd.dossierId, number: d.number, own, progress: dossierProgress(own, seats, Number(round.spreadLimit)) };
    });
    const short = figures.filter((f) => !f.progress.quorumMet);
    if (short.length) {
      throw new AppError('quorum_not_met', `${short.length} dossier(s) lack a quorum (¾ of ${seats} scoring seats, including the chair): the scoring cannot end yet`, undefined, {
        reason: 'end_quorum_not_met', quorumNeeded: quorumNeeded(seats),
        dossiers: short.map((f) => ({
          dossierId: f.dossierId, number: f.number, submitted: f.progress.submitted, expected: f.progress.expected,
          chairSubmitted: f.own.some((s) => s.seat === 'chair' && s.status === 'submitted'),
        })),
      });
    }
    const now = tx.deps.clock();
    const row = await repo.updateRoundIf(tx, roundId, round.version, { scoringEndedAt: now, scoringEndedBy: l.actor.label });
    if (!row) throw new AppError('conflict', 'the round was changed meanwhile; reload', undefined, { reason: 'round_changed' });
    // Who had not submitted, per dossier: the minutes' attendance, and why the tally has fewer sheets.
    const missing = figures.filter((f) => !allIn(f.own)).map((f) => ({
      dossierId: f.dossierId, number: f.number, members: f.own.filter((s) => s.status !== 'submitted' && s.attempt === 1).map((s) => s.fullName),
    }));
    await recordAudit(tx, {
      action: 'round.end_scoring', entityType: 'evaluation_round', entityId: roundId, provinceCode: round.provinceCode,
      before: { status: round.status, version: round.version, scoringEndedAt: null },
      after: { status: row.status, version: row.version, scoringEndedAt: now.toISOString(), scoringEndedBy: l.actor.label, missing },
    });
    return { roundId, scoringEndedAt: now.toISOString(), scoringEndedBy: l.actor.label, version: row.version, incomplete: missing.length };
  });
}
