/**
 * Which dossiers an evaluation round may take, and why not (issue 12): the default cut-off of a
 * new round (the regime's next cut-off day on or after today) and, for a dossier the round cannot
 * take, the first reason in the order an officer would check it. Pure: no I/O. The repository's
 * SQL (council.repository.ts eligibleCondition) applies the same rules to list the eligible ones.
 */
import { isIsoDate } from './dates';
import { nextCutoff } from './regime';

const CUTOFF_RE = /^\d{2}-\d{2}$/;


/**
 * The cut-off a new round gets when none is given. A session still to come: the regime's next
 * cut-off on or after today, but never after the session (a session before that cut-off takes
 * what arrived by its own date) — never a cut-off already past, which would leave out every
 * dossier submitted since. A session already held (recording a past round): the latest cut-off
 * on or before it. The session date when the regime states no cut-off.
 */
export function defaultRoundCutoff(today: string, sessionDate: string, roundCutoffs: readonly string[] | null | undefined): string {
  if (!isIsoDate(sessionDate)) throw new RangeError(`defaultRoundCutoff: not a YYYY-MM-DD date: "${sessionDate}"`);
  if (sessionDate < today) {
    const year = Number(sessionDate.slice(0, 4));
    const before = [year, year - 1].flatMap((y) => (roundCutoffs ?? []).filter((md) => CUTOFF_RE.test(md)).map((md) => `${y}-${md}`))
      .filter((d) => isIsoDate(d) && d <= sessionDate).sort();
    return before.pop() ?? sessionDate;
  }
  const next = nextCutoff(today, roundCutoffs);
  return next && next <= sessionDate ? next : sessionDate;
}

export interface RoundFacts {
  level: 'province' | 'national';
  stage: number;
  provinceCode: string | null;
  cutoffDate: string;
  previousRoundId: string | null;
}

export interface DossierFacts {
  status: string;
  provinceCode: string;
  hasSheet: boolean;
  /** The submission day in Vietnam (YYYY-MM-DD), null when never submitted. */
  submittedOn: string | null;
  /** Shortlisted by some stage-1 round (it waits for that round's stage 2). */
  shortlistedSomewhere: boolean;
  /** Shortlisted by this round's stage 1 (stage-2 rounds). */
  shortlistedByPrevious: boolean;
  /** The latest closed round found it potentially 5-star (national rounds). */
  potentialFiveStar: boolean;
}

export type IneligibleReason =
  | 'status' | 'no_sheet' | 'other_province' | 'after_cutoff' | 'awaiting_stage_two' | 'not_shortlisted' | 'not_potential_five_star';

/** Why a round cannot take a dossier (null: it can), checked in the order of the rules. */
export function ineligibility(round: RoundFacts, d: DossierFacts): IneligibleReason | null {
  if (round.stage === 2 && round.previousRoundId) {
    if (d.status !== 'received') return 'status';
    if (!d.hasSheet) return 'no_sheet';
    return d.shortlistedByPrevious ? null : 'not_shortlisted';
  }
  if (round.level === 'national') {
    if (d.status !== 'recognised') return 'status';
    if (!d.hasSheet) return 'no_sheet';
    return d.potentialFiveStar ? null : 'not_potential_five_star';
  }
  if (d.provinceCode !== round.provinceCode) return 'other_province';
  if (d.status !== 'received') return 'status';
  if (!d.hasSheet) return 'no_sheet';
  if (!d.submittedOn || d.submittedOn > round.cutoffDate) return 'after_cutoff';
  if (d.shortlistedSomewhere) return 'awaiting_stage_two';
  return null;
}
