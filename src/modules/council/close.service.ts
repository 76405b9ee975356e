/**
 * The secretary's board, closing a round and its results. Closing checks every dossier's quorum
 * and spread, then computes all results in a constant number of set-based statements (one
 * aggregate SELECT, one UPDATE of round_dossiers, the bulk dossier moves): no per-dossier round
 * trips, so a round of 200 dossiers × 9 members closes well within a second.
 */
import { sql } from 'drizzle-orm';
import { exec, inTx, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { AppError } from '../../errors';
import {
  councilEliminates, dossierProgress, hasQuorum, levelOutcome, quorumNeeded, SHORTLIST_MIN_SCORE, type CouncilSeat,
} from '../../domain/council';
import type { ScoreOutcome } from '../../domain/scoring-sheet';
import type { StarCount } from '../../domain/stars';
import { recordAudit } from '../audit/audit.service';
import { findRegime } from '../criteria/criteria.repository';
import { dossiers } from '../dossier/dossier.tables';
import * as repo from './council.repository';
import { assertAction } from './council.policy';
import { councilMembers, evaluationRounds, roundDossiers, scoreSheets } from './council.tables';
import type { BoardDto, ResultsDto } from './council.schema';
import { iso, loadRound, seatOf } from './round-access';
import { moveDossiers } from '../dossier/dossier-status';

export async function getBoard(ctx: Ctx, roundId: string): Promise<BoardDto> {
  const l = await loadRound(ctx, roundId);
  assertAction(l.actor, l.round, seatOf(l), 'board');
  const [list, sheets, seats] = await Promise.all([
    repo.listRoundDossiers(ctx, roundId, null), repo.sheetsWithSeats(ctx, roundId), repo.scoringSeatCount(ctx, roundId),
  ]);
  const byDossier = new Map<string, typeof sheets>();
  for (const s of sheets) {
    const arr = byDossier.get(s.dossierId) ?? [];
    arr.push(s);
    byDossier.set(s.dossierId, arr);
  }
  const limit = Number(l.round.spreadLimit);
  const items = list.map((d) => {
    const own = byDossier.get(d.rd.dossierId) ?? [];
    const p = dossierProgress(own.map((s) => ({ seat: s.seat, status: s.status, total: s.total === null ? null : Number(s.total), attempt: s.attempt })), seats, limit);
    return {
      dossierId: d.rd.dossierId, number: d.number, productName: d.productName, producerName: d.producerName, isService: d.isService,
      fieldVisit: !d.isService ? 'not_needed' as const : d.visited ? 'recorded' as const : 'missing' as const,
      expected: p.expected, submitted: p.submitted, quorumMet: p.quorumMet, spread: p.spread, spreadFlag: p.spreadFlag,
      status: d.rd.status,
      // Who has submitted, never what they scored (confidential until the round closes).
      sheets: own.map((s) => ({ memberId: s.memberId, fullName: s.fullName, councilRole: s.seat, status: s.status, attempt: s.attempt })),
    };
  });
  return {
    roundId, status: l.round.status, scoringSeats: seats, quorumNeeded: quorumNeeded(seats), spreadLimit: limit,
    readyToClose: l.round.status === 'scoring' && items.every((i) => i.quorumMet && !i.spreadFlag && i.status !== 'rescoring'),
    items,
  };
}

interface Agg {
  dossier_id: string; number: string; expected: number; submitted: number; chair_has_sheet: boolean; chair_submitted: boolean;
  vice_submitted: boolean; mean: string | null; spread: string | null; eliminated_votes: number; reopened: boolean;
}

/** Per-dossier figures of a round in one grouped query (also the bench's baseline SELECT). */
export function aggregateQuery(roundId: string) {
  return sql`
    select rd.dossier_id, d.number,
      count(s.id)::int as expected,
      (count(s.id) filter (where s.status = 'submitted'))::int as submitted,
      coalesce(bool_or(m.council_role = 'chair'), false) as chair_has_sheet,
      coalesce(bool_or(m.council_role = 'chair' and s.status = 'submitted'), false) as chair_submitted,
      coalesce(bool_or(m.council_role = 'vice_chair' and s.status = 'submitted'), false) as vice_submitted,
      round(avg(s.total) filter (where s.status = 'submitted'), 2)::text as mean,
      (max(s.total) filter (where s.status = 'submitted') - min(s.total) filter (where s.status = 'submitted'))::text as spread,
      (count(s.id) filter (where s.status = 'submitted' and s.outcome = 'eliminated'))::int as eliminated_votes,
      coalesce(bool_or(s.status <> 'submitted' and s.attempt > 1), false) as reopened
    from ${roundDossiers} rd
    join ${dossiers} d on d.id = rd.dossier_id
    left join ${scoreSheets} s on s.round_id = rd.round_id and s.dossier_id = rd.dossier_id
    left join ${councilMembers} m on m.id = s.member_id
    where rd.round_id = ${roundId}
    group by rd.dossier_id, d.number
    order by d.number`;
}

export interface CloseSummary {
  roundId: string; status: 'closed'; closedAt: string; dossiers: number; recognised: number; potentialFiveStar: number;
  forwarded: number; eliminated: number; shortlisted: number | null;
}

/**
 * Close the round: 409 quorum_not_met or spread_too_wide (details list the dossiers) unless
 * every dossier has its quorum, no spread flag and no re-score outstanding. Then every result is
 * written at once and each dossier moves: 'evaluate' (a two-stage round's stage 1 returns its
 * shortlisted dossiers with 'unassign' so stage 2 can take them; the others are evaluated).
 */
export async function closeRound(ctx: Ctx, roundId: string, body: { version?: number | undefined } = {}): Promise<CloseSummary> {
  const l = await loadRound(ctx, roundId);
  assertAction(l.actor, l.round, seatOf(l), 'close');
  const regime = await findRegime(ctx, l.round.regimeCode);
  if (!regime) throw new Error(`regime ${l.round.regimeCode} of round ${roundId} is missing`);
  return inTx(ctx, async (tx) => {
    const db = exec(tx);
    const [round] = await db.select().from(evaluationRounds).where(sql`${evaluationRounds.id} = ${roundId}`).for('update');
    if (!round || round.status !== 'scoring') throw new AppError('invalid_transition', 'only an open round can be closed');
    if (body.version !== undefined && body.version !== round.version) throw new AppError('conflict', 'the round was changed meanwhile; reload');
    const [agg, seats] = await Promise.all([rows<Agg>(db, aggregateQuery(roundId)), repo.scoringSeatCount(tx, roundId)]);
    const limit = Number(round.spreadLimit);

    const short = agg.filter((a) => !hasQuorum({
      scoringSeats: seats, submitted: a.submitted, chairSubmitted: a.chair_submitted, chairRecused: !a.chair_has_sheet, viceChairSubmitted: a.vice_submitted,
    }));
    if (short.length) {
      throw new AppError('quorum_not_met', `${short.length} dossier(s) lack a quorum (¾ of ${seats} scoring seats, including the chair)`, undefined, {
        quorumNeeded: quorumNeeded(seats),
        dossiers: short.map((a) => ({ dossierId: a.dossier_id, number: a.number, submitted: a.submitted, expected: a.expected, chairSubmitted: a.chair_submitted })),
      });
    }
    const wide = agg.filter((a) => a.reopened || Number(a.spread ?? 0) > limit);
    if (wide.length) {
      throw new AppError('spread_too_wide', `${wide.length} dossier(s) need a re-score (totals more than ${limit} points apart, or a re-score outstanding)`, undefined, {
        spreadLimit: limit,
        dossiers: wide.map((a) => ({ dossierId: a.dossier_id, number: a.number, spread: Number(a.spread ?? 0), rescoring: a.reopened })),
      });
    }

    const stageOne = round.twoStage && round.stage === 1;
    const results = agg.map((a) => {
      const mean = Number(a.mean);
      const outcomes: ScoreOutcome[] = Array.from({ length: a.submitted }, (_, i) => (i < a.eliminated_votes ? 'eliminated' : 'scored'));
      const o = levelOutcome(regime, round.level, mean, { eliminated: councilEliminates(outcomes) });
      return {
        dossier_id: a.dossier_id, mean, band: o.bandStars, recognised: o.recognisedStars, potential: o.potentialFiveStar,
        forwarded: o.forwarded, eliminated: o.eliminated, shortlisted: stageOne ? !o.eliminated && mean >= SHORTLIST_MIN_SCORE : null,
      };
    });
    const now = tx.deps.clock();
    if (results.length) {
      await db.execute(sql`
        update ${roundDossiers} rd set mean_score = x.mean, band_stars = x.band, recognised_stars = x.recognised,
          potential_five_star = x.potential, forwarded = x.forwarded, eliminated = x.eliminated, shortlisted = x.shortlisted,
          spread_flag = false, status = 'closed'
        from jsonb_to_recordset(${JSON.stringify(results)}::jsonb)
          as x(dossier_id uuid, mean numeric, band smallint, recognised smallint, potential boolean, forwarded boolean, eliminated boolean, shortlisted boolean)
        where rd.round_id = ${roundId} and rd.dossier_id = x.dossier_id`);
      const after = (r: (typeof results)[number]) => ({
        roundId, meanScore: r.mean, bandStars: r.band, recognisedStars: r.recognised, potentialFiveStar: r.potential, forwarded: r.forwarded,
        eliminated: r.eliminated, ...(stageOne ? { shortlisted: r.shortlisted } : {}),
      });
      const back = results.filter((r) => r.shortlisted === true);
      const evaluated = results.filter((r) => r.shortlisted !== true);
      await moveDossiers(tx, evaluated.map((r) => ({ id: r.dossier_id, after: after(r) })), 'evaluate', round.name);
      await moveDossiers(tx, back.map((r) => ({ id: r.dossier_id, after: after(r) })), 'unassign', `${round.name}: shortlisted for stage 2`);
    }
    const [closed] = await db.update(evaluationRounds)
      .set({ status: 'closed', closedAt: now, closedBy: l.actor.label, version: sql`${evaluationRounds.version} + 1`, updatedAt: now })
      .where(sql`${evaluationRounds.id} = ${roundId}`).returning();
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
      before: { status: round.status, version: round.version }, after: { ...summary, status: closed!.status, version: closed!.version },
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

