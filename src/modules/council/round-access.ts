/**
 * What the round services share: loading a round as the caller sees it (404 when it is not their
 * business), the DTO mappers, and recomputing a dossier's progress after a sheet changes — under
 * a row lock on round_dossiers so two members submitting at once never lose an update.
 */
import type { Actor, Ctx } from '../../context';
import { AppError } from '../../errors';
import { dossierProgress, isScoringSeat } from '../../domain/council';
import { requireActor } from '../../core/actor';
import * as repo from './council.repository';
import { assertSee, type Seat } from './council.policy';
import type { MemberDto, RoundSummaryDto } from './council.schema';
import { isoOrNull as iso } from '../../domain/dates';

export interface Loaded { actor: Actor; round: repo.RoundRow; seat: repo.MemberRow | null }

export async function loadRound(ctx: Ctx, id: string, opts: { forUpdate?: boolean } = {}): Promise<Loaded> {
  const actor = requireActor(ctx);
  const round = await repo.findRound(ctx, id, opts);
  if (!round) throw new AppError('not_found', 'round not found');
  const seat = await repo.seatOf(ctx, round.id, actor.userId);
  assertSee(actor, round, seat?.councilRole ?? null);
  return { actor, round, seat };
}

export const seatOf = (l: Loaded): Seat | null => l.seat?.councilRole ?? null;

export { iso };

export function toMemberDto(m: repo.MemberRow): MemberDto {
  return { id: m.id, userId: m.userId, councilRole: m.councilRole, fullName: m.fullName, organisation: m.organisation, scoring: isScoringSeat(m.councilRole) };
}

export function toRoundSummary(r: repo.RoundRow, dossierCount: number): RoundSummaryDto {
  return {
    id: r.id, name: r.name, level: r.level, provinceCode: r.provinceCode, regimeCode: r.regimeCode, year: r.year,
    sessionDate: r.sessionDate, cutoffDate: r.cutoffDate, stage: r.stage, twoStage: r.twoStage, previousRoundId: r.previousRoundId,
    spreadLimit: Number(r.spreadLimit), status: r.status, dossierCount, version: r.version, createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Recompute a dossier's status and spread flag from its sheets. Locks the round_dossiers row
 * first (FOR UPDATE): concurrent submissions on the same dossier serialise here, and each sees
 * the others' committed sheets when it counts. Call inside a transaction.
 */
export async function refreshProgress(tx: Ctx, round: repo.RoundRow, dossierId: string) {
  const locked = await repo.findRoundDossier(tx, round.id, dossierId, { forUpdate: true });
  if (!locked) throw new AppError('not_found', 'dossier not in this round');
  const [sheets, seats] = await Promise.all([repo.sheetsWithSeats(tx, round.id, dossierId), repo.scoringSeatCount(tx, round.id)]);
  const p = dossierProgress(sheets.map((s) => ({ seat: s.seat, status: s.status, total: s.total === null ? null : Number(s.total), attempt: s.attempt })), seats, Number(round.spreadLimit));
  await repo.setRoundDossierProgress(tx, round.id, dossierId, p.status, p.spreadFlag);
  return p;
}
