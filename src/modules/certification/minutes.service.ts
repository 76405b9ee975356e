/** The council minutes (biên bản) of a closed round, as a PDF. */
import type { Ctx } from '../../context';
import { AppError } from '../../errors';
import { requireActor } from '../../core/actor';
import * as repo from './decision.repository';
import { canReadRound } from './certification.policy';
import { renderMinutesPdf } from './certification.pdf';

/** Officers of the round's level and area, and the round's council members; only once it is closed. */
export async function minutesPdf(ctx: Ctx, roundId: string): Promise<{ bytes: Buffer; name: string }> {
  const actor = requireActor(ctx);
  const round = await repo.findRound(ctx, roundId);
  if (!round || !(canReadRound(actor, round) || await repo.isCouncilMember(ctx, round.id, actor.userId))) {
    throw new AppError('not_found', 'round not found');
  }
  if (round.status !== 'closed') throw new AppError('invalid_transition', 'the minutes exist once the round is closed');
  const [{ members, sheets }, results, decisions, provinceName] = await Promise.all([
    repo.roundScores(ctx, round.id), repo.roundResults(ctx, round.id), repo.decisionsOfRound(ctx, round.id),
    round.provinceCode ? repo.areaName(ctx, round.provinceCode) : Promise.resolve(null),
  ]);
  const bytes = await renderMinutesPdf({
    round, provinceName, members, results, decisionNumbers: decisions.map((d) => d.number),
    sheets: sheets.map((s) => ({ ...s, total: s.total === null ? null : Number(s.total) })),
  });
  return { bytes, name: `bien-ban-${round.year}-${round.id.slice(0, 8)}.pdf` };
}
