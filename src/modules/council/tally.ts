/**
 * Council confidentiality (issue 13; docs/decisions/030-council-confidentiality.md): when the
 * members' totals of a dossier may be shown, and what is shown then. Pure: no I/O.
 *
 * While scoring is open a dossier's totals, mean and spread stay hidden from everyone — members,
 * secretary, chair and organisers — until every seat that scores it has submitted (a sheet
 * reopened for a re-score was submitted once and counts), or the chair ended the scoring. Then
 * the council sees the tally: each member's total, the mean of the submitted sheets and their
 * spread, for the discussion and re-score the spread rule asks for. After the round closes the
 * results take over.
 */
import { meanOf, spreadFlagged, spreadOf, type CouncilSeat } from '../../domain/council';
import type { ScoreOutcome } from '../../domain/scoring-sheet';
import type { TallyDto } from './council.schema';

export interface TallySheet {
  memberId: string; fullName: string; seat: CouncilSeat; status: 'assigned' | 'draft' | 'submitted';
  total: number | null; outcome: ScoreOutcome | null; attempt: number;
}

export interface RoundState { status: 'planning' | 'scoring' | 'closed'; scoringEndedAt: Date | null }

/** Every sheet of the dossier was submitted at least once (a sheet reopened for a re-score counts). */
export function allIn(sheets: readonly Pick<TallySheet, 'status' | 'attempt'>[]): boolean {
  return sheets.length > 0 && sheets.every((s) => s.status === 'submitted' || s.attempt > 1);
}

/** May the dossier's totals be shown to the council now? */
export function revealed(round: RoundState, sheets: readonly Pick<TallySheet, 'status' | 'attempt'>[]): boolean {
  if (round.status === 'closed') return true;
  return round.status === 'scoring' && (round.scoringEndedAt !== null || allIn(sheets));
}

/** The tally of a dossier: each member's total (null while not submitted), the mean and spread of the submitted ones. */
export function tallyOf(sheets: readonly TallySheet[], spreadLimit: number): TallyDto {
  const done = sheets.filter((s) => s.status === 'submitted');
  const totals = done.map((s) => s.total ?? 0);
  return {
    mean: done.length ? meanOf(totals) : null,
    spread: done.length ? spreadOf(totals) : null,
    spreadFlag: spreadFlagged(totals, spreadLimit),
    sheets: sheets.map((s) => {
      const submitted = s.status === 'submitted';
      return {
        memberId: s.memberId, fullName: s.fullName, councilRole: s.seat, status: s.status, attempt: s.attempt,
        total: submitted ? s.total : null, outcome: submitted ? s.outcome : null,
      };
    }),
  };
}

/** The tally when it may be shown, else null. */
export function tallyIfRevealed(round: RoundState, sheets: readonly TallySheet[], spreadLimit: number): TallyDto | null {
  return revealed(round, sheets) ? tallyOf(sheets, spreadLimit) : null;
}

/** Group a round's sheets by dossier (sheetsWithSeats rows), numbers as numbers. */
export function sheetsByDossier<T extends { dossierId: string; total: number | string | null }>(list: readonly T[]): Map<string, (Omit<T, 'total'> & { total: number | null })[]> {
  const out = new Map<string, (Omit<T, 'total'> & { total: number | null })[]>();
  for (const s of list) {
    const arr = out.get(s.dossierId) ?? [];
    arr.push({ ...s, total: s.total === null ? null : Number(s.total) });
    out.set(s.dossierId, arr);
  }
  return out;
}
