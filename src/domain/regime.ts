/**
 * Evaluation regimes: which legal instrument's rules apply on a date, and what each level may
 * recognise or must forward. The facts themselves are data (seed/criteria/regimes.json); these
 * are the rules for reading them.
 */
import { isIsoDate } from './dates';
import type { StarBand, StarCount } from './stars';
import type { PartMaxima } from './scoring-sheet';

export const LEVELS = ['commune', 'district', 'province', 'national'] as const;
export type Level = (typeof LEVELS)[number];

export interface RegimeLevel {
  level: Level;
  /** Whether this level has an evaluation council; null = not stated in the sources. */
  council: boolean | null;
  /** Stars this level's authority recognises (empty: none). */
  recognisesStars: StarCount[];
  /** Scores at or above this are forwarded to the next level; null = none or not stated. */
  forwardsFromScore: number | null;
  body: string | null;
  duties: string | null;
  /** Dossier cut-off days of the rounds, "MM-DD"; null = not stated. */
  roundCutoffs: string[] | null;
}

export interface RegimeRules {
  code: string;
  effectiveFrom: string;
  partMaxima: PartMaxima;
  starBands: StarBand[];
  minCertifiableStars: number;
  validityMonths: number | null;
  reminderDays: number | null;
  levels: RegimeLevel[];
}

/** The regime in force on a date (the latest whose effective date is on or before it), or null. */
export function regimeOn<R extends Pick<RegimeRules, 'effectiveFrom'>>(regimes: readonly R[], date: string): R | null {
  if (!isIsoDate(date)) throw new RangeError(`regimeOn: not a YYYY-MM-DD date: "${date}"`);
  let found: R | null = null;
  for (const r of regimes) {
    if (r.effectiveFrom <= date && (!found || r.effectiveFrom > found.effectiveFrom)) found = r;
  }
  return found;
}

/** The date the next regime takes over (exclusive end), or null while it is the latest. */
export function regimeEnds(regimes: readonly Pick<RegimeRules, 'effectiveFrom'>[], regime: Pick<RegimeRules, 'effectiveFrom'>): string | null {
  const later = regimes.map((r) => r.effectiveFrom).filter((d) => d > regime.effectiveFrom).sort();
  return later[0] ?? null;
}

/** The level whose authority recognises a star count under this regime (null: not recognised). */
export function recognisingLevel(regime: RegimeRules, stars: StarCount): Level | null {
  if (stars < regime.minCertifiableStars) return null;
  return regime.levels.find((l) => l.recognisesStars.includes(stars))?.level ?? null;
}

const CUTOFF_RE = /^\d{2}-\d{2}$/;

/**
 * The next of the regime's cut-off days ("MM-DD") on or after `today` (this year's, else next
 * year's first); null when the regime states none.
 */
export function nextCutoff(today: string, roundCutoffs: readonly string[] | null | undefined): string | null {
  if (!isIsoDate(today)) throw new RangeError(`nextCutoff: not a YYYY-MM-DD date: "${today}"`);
  const days = (roundCutoffs ?? []).filter((md) => CUTOFF_RE.test(md));
  if (!days.length) return null;
  const year = Number(today.slice(0, 4));
  const candidates = [year, year + 1].flatMap((y) => days.map((md) => `${y}-${md}`)).filter((d) => isIsoDate(d) && d >= today).sort();
  return candidates[0] ?? null;
}

/** A regime's legal name as people write it: "QĐ 26/2026/QĐ-TTg (22/05/2026)" → "Quyết định 26/2026/QĐ-TTg (22/05/2026)". */
export function regimeName(title: string): string {
  return title.replace(/(^|[\s,(])QĐ (?=\d)/g, '$1Quyết định ');
}
