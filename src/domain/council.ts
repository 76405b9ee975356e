/**
 * Council rules (hội đồng đánh giá, phân hạng): who scores, when a dossier has a quorum, when
 * members' totals spread too far apart, the mean, and what a council at a level may recognise
 * under a regime. Pure: no I/O, no clock. The regime facts (bands, levels, cut-offs) are data
 * (seed/criteria/regimes.json); these are the rules for applying them.
 */
import { isIsoDate } from './dates';
import type { Level, RegimeLevel, RegimeRules } from './regime';
import { starsForScore, type StarCount } from './stars';
import type { ScoreOutcome } from './scoring-sheet';

export const COUNCIL_SEATS = ['chair', 'vice_chair', 'member', 'secretary', 'advisor'] as const;
export type CouncilSeat = (typeof COUNCIL_SEATS)[number];

/** Chair, vice-chairs, members and the member-secretary score; the advisory team (advisor) assists only. */
export const SCORING_SEATS: readonly CouncilSeat[] = ['chair', 'vice_chair', 'member', 'secretary'];
export const isScoringSeat = (seat: CouncilSeat): boolean => SCORING_SEATS.includes(seat);

/** Default limit on the spread of members' totals (provincial rules: 10 points). */
export const DEFAULT_SPREAD_LIMIT = 10;
/** Stage 1 of a two-stage round shortlists dossiers whose mean reaches this (potential ≥3★). */
export const SHORTLIST_MIN_SCORE = 50;

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Sheets needed for a quorum: at least ¾ of the council's scoring seats, rounded up. */
export function quorumNeeded(scoringSeats: number): number {
  if (!Number.isInteger(scoringSeats) || scoringSeats < 0) throw new RangeError(`quorumNeeded: bad seat count ${scoringSeats}`);
  return Math.ceil((scoringSeats * 3) / 4);
}

export interface QuorumInput {
  /** Scoring seats of the whole council. */
  scoringSeats: number;
  /** Submitted sheets for the dossier. */
  submitted: number;
  chairSubmitted: boolean;
  /**
   * The chair declared a conflict on this dossier's producer (so has no sheet). A vice-chair then
   * presides for that dossier and must have submitted instead.
   */
  chairRecused?: boolean;
  viceChairSubmitted?: boolean;
}

/** ¾ of the scoring seats submitted, including the chair (or, when the chair is recused, a vice-chair). */
export function hasQuorum(q: QuorumInput): boolean {
  const presiding = q.chairRecused ? Boolean(q.viceChairSubmitted) : q.chairSubmitted;
  return q.scoringSeats > 0 && q.submitted >= quorumNeeded(q.scoringSeats) && presiding;
}

/** Highest minus lowest of the members' totals (0 with fewer than two), 2 decimals. */
export function spreadOf(totals: readonly number[]): number {
  if (totals.length < 2) return 0;
  return round2(Math.max(...totals) - Math.min(...totals));
}

/** Flagged when the totals differ by more than the limit (exactly the limit is fine). */
export function spreadFlagged(totals: readonly number[], limit = DEFAULT_SPREAD_LIMIT): boolean {
  return spreadOf(totals) > limit;
}

/**
 * Arithmetic mean of the totals, rounded half up to 2 decimals. Totals carry 2 decimals, so it
 * is computed in hundredths (exact integers) and matches PostgreSQL's round(avg(numeric), 2).
 */
export function meanOf(totals: readonly number[]): number {
  if (!totals.length) throw new RangeError('meanOf: no totals');
  const cents = totals.reduce((s, t) => s + Math.round(t * 100), 0);
  return Math.round(cents / totals.length) / 100;
}

/**
 * Knock-outs across the council. A member's sheet may record an 'eliminate' knock-out (all raw
 * material imported, IP infringement …). Rule: the council eliminates the dossier when a strict
 * majority of the submitted sheets say 'eliminated' — one member alone cannot knock a product
 * out, and a tie keeps it in (the council discusses and re-scores). A 'stop' knock-out (no valid
 * food-safety certificate …) ends the evaluation just as surely, so it counts as 'eliminated'
 * here (docs/decisions/020).
 */
export function councilEliminates(outcomes: readonly ScoreOutcome[]): boolean {
  const eliminated = outcomes.filter((o) => o === 'eliminated' || o === 'stopped').length;
  return eliminated * 2 > outcomes.length;
}

export interface LevelOutcome {
  /** The star band of the mean. */
  bandStars: StarCount;
  /** Stars this level recognises for it (capped at the level's highest), null when none. */
  recognisedStars: StarCount | null;
  /** The band is 5★ but this level cannot recognise 5★: a candidate for the national round. */
  potentialFiveStar: boolean;
  /** Sent on to the next level (by the regime's score threshold, or because only a higher level recognises its band). */
  forwarded: boolean;
  eliminated: boolean;
}

export type OutcomeRegime = Pick<RegimeRules, 'starBands' | 'minCertifiableStars' | 'levels'>;

const LEVEL_ORDER: readonly Level[] = ['commune', 'district', 'province', 'national'];

/**
 * What a council at `level` makes of a mean score under a regime:
 * - band = the regime's star band (lower bound inclusive);
 * - recognised = the highest star this level recognises that is ≤ the band (a higher band is
 *   capped: 92 at a province that recognises 3★–4★ → 4★); none below the certifiable minimum,
 *   none when eliminated, none when the level recognises nothing at or below the band;
 * - potential 5★ = band 5★ at a level that does not recognise 5★;
 * - forwarded = mean ≥ the level's `forwardsFromScore` when the regime states one; otherwise
 *   when the band is above what this level recognises and a higher level recognises it.
 */
export function levelOutcome(regime: OutcomeRegime, level: Level, mean: number, opts: { eliminated?: boolean } = {}): LevelOutcome {
  const bandStars = starsForScore(mean, regime.starBands);
  const eliminated = Boolean(opts.eliminated);
  const rules: RegimeLevel | undefined = regime.levels.find((l) => l.level === level);
  const recognisable = [...(rules?.recognisesStars ?? [])].sort((a, b) => a - b);
  if (eliminated) return { bandStars, recognisedStars: null, potentialFiveStar: false, forwarded: false, eliminated };

  const capped = recognisable.filter((s) => s <= bandStars).pop() ?? null;
  const recognisedStars = capped !== null && capped >= regime.minCertifiableStars ? capped : null;
  const potentialFiveStar = bandStars === 5 && !recognisable.includes(5);
  let forwarded: boolean;
  if (rules && rules.forwardsFromScore !== null) {
    forwarded = mean >= rules.forwardsFromScore;
  } else {
    const above = LEVEL_ORDER.slice(LEVEL_ORDER.indexOf(level) + 1);
    const maxHere = recognisable.length ? recognisable[recognisable.length - 1]! : 0;
    forwarded = bandStars > maxHere && bandStars >= regime.minCertifiableStars
      && regime.levels.some((l) => above.includes(l.level) && l.recognisesStars.includes(bandStars));
  }
  return { bandStars, recognisedStars, potentialFiveStar, forwarded, eliminated };
}

/**
 * The default dossier cut-off of a round: the latest of the level's cut-off days ("MM-DD") on or
 * before the session date (looking back into the previous year); the session date itself when
 * the regime states none.
 */
export function defaultCutoff(sessionDate: string, roundCutoffs: readonly string[] | null | undefined): string {
  if (!isIsoDate(sessionDate)) throw new RangeError(`defaultCutoff: not a YYYY-MM-DD date: "${sessionDate}"`);
  if (!roundCutoffs?.length) return sessionDate;
  const year = Number(sessionDate.slice(0, 4));
  const candidates = [year, year - 1].flatMap((y) => roundCutoffs.map((md) => `${y}-${md}`)).filter((d) => isIsoDate(d) && d <= sessionDate);
  return candidates.sort().pop() ?? sessionDate;
}

export interface SheetState { seat: CouncilSeat; status: 'assigned' | 'draft' | 'submitted'; total: number | null; attempt: number }

export interface DossierProgress {
  expected: number;
  submitted: number;
  quorumMet: boolean;
  spread: number | null;
  spreadFlag: boolean;
  /** assigned (nothing in) → scoring → scored (every expected sheet in); rescoring while a reopened sheet is out. */
  status: 'assigned' | 'scoring' | 'rescoring' | 'scored';
}

/** Progress of one dossier from its sheets (one per scoring seat without a conflict). */
export function dossierProgress(sheets: readonly SheetState[], scoringSeats: number, spreadLimit = DEFAULT_SPREAD_LIMIT): DossierProgress {
  const done = sheets.filter((s) => s.status === 'submitted');
  const totals = done.map((s) => s.total ?? 0);
  const chairHasSheet = sheets.some((s) => s.seat === 'chair');
  const quorumMet = hasQuorum({
    scoringSeats, submitted: done.length,
    chairSubmitted: done.some((s) => s.seat === 'chair'),
    chairRecused: !chairHasSheet,
    viceChairSubmitted: done.some((s) => s.seat === 'vice_chair'),
  });
  const reopened = sheets.some((s) => s.status !== 'submitted' && s.attempt > 1);
  const status = reopened ? 'rescoring' : done.length === sheets.length && sheets.length > 0 ? 'scored' : done.length ? 'scoring' : 'assigned';
  return {
    expected: sheets.length, submitted: done.length, quorumMet,
    spread: done.length ? spreadOf(totals) : null, spreadFlag: spreadFlagged(totals, spreadLimit), status,
  };
}
