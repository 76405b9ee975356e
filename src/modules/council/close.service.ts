/**
 * The secretary's board, closing a round and its results. Closing checks every dossier's quorum
 * and spread, then computes all results in a constant number of set-based statements (one
 * grouped SELECT of every member's total per dossier, one UPDATE of round_dossiers, the bulk
 * dossier moves): no per-dossier round trips, so a round of 200 dossiers × 9 members closes well
 * within a second. Quorum, spread, mean, star band and eliminations are the domain's rules
 * (src/domain/council.ts), the same the board applies.
 */
import { inTx, type Ctx } from '../../context';
import { AppError } from '../../errors';
import {
  councilEliminates, dossierProgress, levelOutcome, meanOf, quorumNeeded, SHORTLIST_MIN_SCORE, type CouncilSeat,
} from '../../domain/council';
import type { StarCount } from '../../domain/stars';
import { recordAudit } from '../audit/audit.service';
import { findRegime } from '../criteria/criteria.repository';
import * as repo from './council.repository';
import * as scoring from './scoring.repository';
import { assertAction } from './council.policy';
import type { BoardDto, ResultsDto } from './council.schema';
import { iso, loadRound, seatOf } from './round-access';
import { allIn, sheetsByDossier, tallyIfRevealed } from './tally';
import { moveDossiers } from '../dossier/dossier-status';

export async function getBoard(ctx: Ctx, roundId: string): Promise<BoardDto> {
  const l = await loadRound(ctx, roundId);
  assertAction(l.actor, l.round, seatOf(l), 'board');
  const [list, sheets, seats] = await Promise.all([
    repo.listRoundDossiers(ctx, roundId, null), repo.sheetsWithSeats(ctx, roundId), repo.scoringSeatCount(ctx, roundId),
  ]);
  const byDossier = sheetsByDossier(sheets);
  const limit = Number(l.round.spreadLimit);
  const items = list.map((d) => {
    const own = byDossier.get(d.rd.dossierId) ?? [];
    const p = dossierProgress(own, seats, limit);
    // Totals, mean and spread say something about the members' scores: they are shown only once
    // every seat that scores the dossier has submitted, or the chair ended the scoring (tally.ts).
    const tally = tallyIfRevealed(l.round, own, limit);
    return {
      dossierId: d.rd.dossierId, number: d.number, productName: d.productName, producerName: d.producerName, isService: d.isService,
      fieldVisit: !d.isService ? 'not_needed' as const : d.visited ? 'recorded' as const : 'missing' as const,
      expected: p.expected, submitted: p.submitted, quorumMet: p.quorumMet,
      spread: tally ? p.spread : null, spreadFlag: tally !== null && p.spreadFlag,
      status: d.rd.status,
      // Who has submitted, never what they scored (that is the tally's, once it may be shown).
      sheets: own.map((s) => ({ memberId: s.memberId, fullName: s.fullName, councilRole: s.seat, status: s.status, attempt: s.attempt })),
      tally,
    };
  });
  return {
    roundId, status: l.round.status, scoringSeats: seats, quorumNeeded: quorumNeeded(seats), spreadLimit: limit,
    scoringEndedAt: iso(l.round.scoringEndedAt),
    readyToClose: l.round.status === 'scoring' && items.every((i) => i.quorumMet && i.tally !== null && !i.spreadFlag && i.status !== 'rescoring'),
    items,
  };
}

/** Per-dossier member totals of a round (the bench's baseline SELECT). */
export const aggregateQuery = scoring.roundTotalsQuery;

export interface CloseSummary {
  roundId: string; status: 'closed'; closedAt: string; dossiers: number; recognised: number; potentialFiveStar: number;
  forwarded: number; eliminated: number; shortlisted: number | null;
}

/**
 * Close the round: 409 quorum_not_met (details list the dossiers) unless every dossier has its
 * quorum; 409 invalid_transition 'scoring_not_ended' while a member has still to submit a first
 * sheet and the chair has not ended the scoring (no spread is checked on part of the sheets:
 * its refusal would tell totals apart); then 409 spread_too_wide unless no spread flag and no
 * re-score outstanding. Then every result is
 * written at once and each dossier moves: 'evaluate' (a two-stage round's stage 1 returns its
 * shortlisted dossiers with 'unassign' so stage 2 can take them; the others are evaluated).
 */
export async function closeRound(ctx: Ctx, roundId: string, body: { version?: number | undefined } = {}): Promise<CloseSummary> {
  const l = await loadRound(ctx, roundId);
  assertAction(l.actor, l.round, seatOf(l), 'close');
  const regime = await findRegime(ctx, l.round.regimeCode);
  if (!regime) throw new Error(`regime ${l.round.regimeCode} of round ${roundId} is missing`);
  return inTx(ctx, async (tx) => {
    const round = await repo.findRound(tx, roundId, { forUpdate: true });
    if (!round || round.status !== 'scoring') throw new AppError('invalid_transition', 'only an open round can be closed', undefined, { reason: 'round_status', status: round?.status ?? 'planning' });
    if (body.version !== undefined && body.version !== round.version) throw new AppError('conflict', 'the round was changed meanwhile; reload', undefined, { reason: 'round_changed' });
    const [totals, seats] = await Promise.all([scoring.roundTotals(tx, roundId), repo.scoringSeatCount(tx, roundId)]);
    const limit = Number(round.spreadLimit);
    // The board's rules (quorum, spread, re-score outstanding) on each dossier's sheets.
    const figures = totals.map((d) => {
      const done = d.sheets.filter((s) => s.status === 'submitted');
      return {
        ...d, done, progress: dossierProgress(d.sheets, seats, limit),
        chairSubmitted: done.some((s) => s.seat === 'chair'),
      };
    });

    const short = figures.filter((f) => !f.progress.quorumMet);
    if (short.length) {
      throw new AppError('quorum_not_met', `${short.length} dossier(s) lack a quorum (¾ of ${seats} scoring seats, including the chair)`, undefined, {
        quorumNeeded: quorumNeeded(seats),
        dossiers: short.map((f) => ({ dossierId: f.dossierId, number: f.number, submitted: f.progress.submitted, expected: f.progress.expected, chairSubmitted: f.chairSubmitted })),
      });
    }
    // The spread check runs at close, on compiled dossiers only (every sheet in, or scoring ended).
    const waiting = round.scoringEndedAt ? [] : figures.filter((f) => !allIn(f.sheets));
    if (waiting.length) {
      throw new AppError('invalid_transition', `${waiting.length} dossier(s) still wait for members' sheets: wait for them, or the chair ends the scoring`, undefined, {
        reason: 'scoring_not_ended',
        dossiers: waiting.map((f) => ({ dossierId: f.dossierId, number: f.number, submitted: f.progress.submitted, expected: f.progress.expected })),
      });
    }
    const wide = figures.filter((f) => f.progress.status === 'rescoring' || f.progress.spreadFlag);
    if (wide.length) {
      throw new AppError('spread_too_wide', `${wide.length} dossier(s) need a re-score (totals more than ${limit} points apart, or a re-score outstanding)`, undefined, {
        spreadLimit: limit,
        dossiers: wide.map((f) => ({ dossierId: f.dossierId, number: f.number, spread: f.progress.spread ?? 0, rescoring: f.progress.status === 'rescoring' })),
      });
    }

    const stageOne = round.twoStage && round.stage === 1;
    const results = figures.map((f): scoring.DossierResult => {
      const mean = meanOf(f.done.map((s) => s.total ?? 0));
      // A 'stop' knock-out ("không đánh giá các bước tiếp theo") ends the evaluation like an
      // elimination: the product gets no stars from that sheet (decision 020).
      const knockOuts = f.done.map((s) => s.outcome ?? 'scored');
      const o = levelOutcome(regime, round.level, mean, { eliminated: councilEliminates(knockOuts) });
      return {
        dossier_id: f.dossierId, mean, band: o.bandStars, recognised: o.recognisedStars, potential: o.potentialFiveStar,
        forwarded: o.forwarded, eliminated: o.eliminated, shortlisted: stageOne ? !o.eliminated && mean >= SHORTLIST_MIN_SCORE : null,
      };
    });
    const now = tx.deps.clock();
    if (results.length) {
      await scoring.writeResults(tx, roundId, results);
      const after = (r: (typeof results)[number]) => ({
        roundId, meanScore: r.mean, bandStars: r.band, recognisedStars: r.recognised, potentialFiveStar: r.potential, forwarded: r.forwarded,
        eliminated: r.eliminated, ...(stageOne ? { shortlisted: r.shortlisted } : {}),
      });
      const back = results.filter((r) => r.shortlisted === true);
      const evaluated = results.filter((r) => r.shortlisted !== true);
      await moveDossiers(tx, evaluated.map((r) => ({ id: r.dossier_id, after: after(r) })), 'evaluate', round.name);
      await moveDossiers(tx, back.map((r) => ({ id: r.dossier_id, after: after(r) })), 'unassign', `${round.name}: shortlisted for stage 2`);
    }
    const closed = await repo.markRoundClosed(tx, roundId, l.actor.label, now);
    const summary: CloseSummary = {
      roundId, status: 'closed', closedAt: now.toISOString(), dossiers: results.length,
      recognised: results.filter((r) => r.recognised !== null).length,
      potentialFiveStar: results.filter((r) => r.potential).length,
      forwarded: results.filter((r) => r.forwarded).length,
      eliminated: results.filter((r) => r.eliminated).length,
      shortlisted: stageOne ? results.filter((r) => r.shortlisted).length : null,
    };
    await recordAudit(tx, {
      action: 'round.close', entityType: 'evaluation_round', entityId: roundId, provinceCode: round.provinceCode,
      before: { status: round.status, version: round.version }, after: { ...summary, status: closed.status, version: closed.version },
    });
    return summary;
  });
}

/** After closing: every dossier with each member's total and the result (organisers and council members). */
export async function getResults(ctx: Ctx, roundId: string): Promise<ResultsDto> {
  const l = await loadRound(ctx, roundId);
  if (l.round.status !== 'closed') {
    // Scores stay confidential until the session closes, for everyone.
    throw new AppError('forbidden', 'results are confidential until the round closes');
  }
  assertAction(l.actor, l.round, seatOf(l), 'results');
  const [list, sheets] = await Promise.all([repo.listRoundDossiers(ctx, roundId, null), repo.sheetsWithSeats(ctx, roundId)]);
  const byDossier = new Map<string, typeof sheets>();
  for (const s of sheets) if (s.status === 'submitted') byDossier.set(s.dossierId, [...(byDossier.get(s.dossierId) ?? []), s]);
  return {
    roundId, regimeCode: l.round.regimeCode, level: l.round.level, closedAt: iso(l.round.closedAt),
    items: list.map((d) => ({
      dossierId: d.rd.dossierId, number: d.number, productId: d.productId, productName: d.productName, producerName: d.producerName,
      meanScore: d.rd.meanScore === null ? null : Number(d.rd.meanScore),
      bandStars: d.rd.bandStars as StarCount | null, recognisedStars: d.rd.recognisedStars as StarCount | null,
      potentialFiveStar: d.rd.potentialFiveStar, forwarded: d.rd.forwarded, eliminated: d.rd.eliminated, shortlisted: d.rd.shortlisted,
      sheets: (byDossier.get(d.rd.dossierId) ?? []).map((s) => ({
        memberId: s.memberId, fullName: s.fullName, councilRole: s.seat as CouncilSeat, total: s.total === null ? null : Number(s.total),
        outcome: s.outcome, attempt: s.attempt,
      })),
    })),
  };
}

