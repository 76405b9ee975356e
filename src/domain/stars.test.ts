import { describe, it, expect } from 'vitest';
import { DEFAULT_STAR_BANDS, isCertifiable, starsForScore, type StarBand } from './stars';

describe('starsForScore', () => {
  it('classifies at and just below every boundary', () => {
    const cases: Array<[number, number]> = [
      [0, 1],
      [29.99, 1],
      [30, 2],
      [49.99, 2],
      [50, 3],
      [69.99, 3],
      [70, 4],
      [89.99, 4],
      [90, 5],
      [100, 5],
    ];
    for (const [score, stars] of cases) expect(starsForScore(score), String(score)).toBe(stars);
  });

  it('throws RangeError for NaN and out-of-range scores', () => {
    for (const bad of [Number.NaN, -0.01, 100.01, -1, 101, Infinity, -Infinity]) {
      expect(() => starsForScore(bad), String(bad)).toThrow(RangeError);
    }
  });

  it('uses custom bands regardless of their order', () => {
    const bands: StarBand[] = [
      { stars: 1, min: 0 },
      { stars: 3, min: 40 },
      { stars: 5, min: 80 },
    ];
    expect(starsForScore(39.9, bands)).toBe(1);
    expect(starsForScore(40, bands)).toBe(3);
    expect(starsForScore(85, bands)).toBe(5);
  });

  it('exposes the default bands', () => {
    expect(DEFAULT_STAR_BANDS.map((b) => [b.stars, b.min])).toEqual([
      [5, 90],
      [4, 70],
      [3, 50],
      [2, 30],
      [1, 0],
    ]);
  });
});

describe('isCertifiable', () => {
  it('is true from 3 stars up', () => {
    expect(isCertifiable(1)).toBe(false);
    expect(isCertifiable(2)).toBe(false);
    expect(isCertifiable(3)).toBe(true);
    expect(isCertifiable(4)).toBe(true);
    expect(isCertifiable(5)).toBe(true);
  });
});
