/**
 * OCOP star classification from the mean council score (0–100).
 */

export type StarCount = 1 | 2 | 3 | 4 | 5;
export type StarBand = { stars: StarCount; min: number };

/** Lower bounds are inclusive: 90 is 5★, 89.99 is 4★. */
export const DEFAULT_STAR_BANDS: StarBand[] = [
  { stars: 5, min: 90 },
  { stars: 4, min: 70 },
  { stars: 3, min: 50 },
  { stars: 2, min: 30 },
  { stars: 1, min: 0 },
];

export const MIN_CERTIFIABLE_STARS = 3;

export function starsForScore(score: number, bands: StarBand[] = DEFAULT_STAR_BANDS): StarCount {
  if (Number.isNaN(score) || score < 0 || score > 100) {
    throw new RangeError(`starsForScore: score must be within [0, 100], got ${score}`);
  }
  // Highest threshold first so band order in a custom table does not matter.
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  for (const band of sorted) {
    if (score >= band.min) return band.stars;
  }
  return 1;
}

/** Only 3★ and above are recognised and certified. */
export function isCertifiable(stars: number): boolean {
  return stars >= MIN_CERTIFIABLE_STARS;
}
