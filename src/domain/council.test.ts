import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  councilEliminates, defaultCutoff, dossierProgress, hasQuorum, isScoringSeat, levelOutcome, meanOf, quorumNeeded,
  spreadFlagged, spreadOf, type SheetState,
} from './council';
import { regimeOn, type RegimeRules } from './regime';

/** The shipped rulebook (seed/criteria/regimes.json), so the tests check the real data. */
const REGIMES = (JSON.parse(readFileSync(new URL('../../seed/criteria/regimes.json', import.meta.url), 'utf8')) as { regimes: RegimeRules[] }).regimes;
const on = (date: string) => {
  const r = regimeOn(REGIMES, date);
  if (!r) throw new Error(`no regime on ${date}`);
  return r;
};

describe('seats', () => {
  it('chair, vice-chair, member and secretary score; the advisory team does not', () => {
    expect(['chair', 'vice_chair', 'member', 'secretary'].every((s) => isScoringSeat(s as never))).toBe(true);
    expect(isScoringSeat('advisor')).toBe(false);
  });
});

describe('quorum: ¾ of the scoring seats, rounded up, including the chair', () => {
  it('needs ceil(3n/4) sheets', () => {
    expect([1, 2, 3, 4, 5, 7, 9, 12].map(quorumNeeded)).toEqual([1, 2, 3, 3, 4, 6, 7, 9]);
  });
  it('is met only with enough sheets and the chair among them', () => {
    expect(hasQuorum({ scoringSeats: 9, submitted: 7, chairSubmitted: true })).toBe(true);
    expect(hasQuorum({ scoringSeats: 9, submitted: 6, chairSubmitted: true })).toBe(false);
    expect(hasQuorum({ scoringSeats: 9, submitted: 9, chairSubmitted: false })).toBe(false);
    expect(hasQuorum({ scoringSeats: 4, submitted: 3, chairSubmitted: true })).toBe(true);
    expect(hasQuorum({ scoringSeats: 0, submitted: 0, chairSubmitted: false })).toBe(false);
  });
  it('lets a vice-chair preside when the chair is recused for a conflict', () => {
    expect(hasQuorum({ scoringSeats: 5, submitted: 4, chairSubmitted: false, chairRecused: true, viceChairSubmitted: true })).toBe(true);
    expect(hasQuorum({ scoringSeats: 5, submitted: 4, chairSubmitted: false, chairRecused: true, viceChairSubmitted: false })).toBe(false);
  });
});

describe('spread and mean', () => {
  it('flags totals more than the limit apart (exactly the limit passes)', () => {
    expect(spreadOf([72, 81.5, 79])).toBe(9.5);
    expect(spreadFlagged([70, 80])).toBe(false);
    expect(spreadFlagged([70, 80.01])).toBe(true);
    expect(spreadFlagged([70, 78], 5)).toBe(true);
    expect(spreadOf([88])).toBe(0);
    expect(spreadOf([])).toBe(0);
  });
  it('means to 2 decimals, half up, without float drift', () => {
    expect(meanOf([90, 92, 94])).toBe(92);
    expect(meanOf([80.5, 80.25, 80.3])).toBe(80.35);
    expect(meanOf([70, 70, 70.01])).toBe(70);
    expect(meanOf([89.99, 90])).toBe(90); // 89.995 rounds up
    expect(() => meanOf([])).toThrow(RangeError);
  });
});

describe('star bands (lower bound inclusive) through the level outcome', () => {
  it('classifies at and just below every boundary', () => {
    const regime = on('2025-08-01');
    const cases: [number, number][] = [[29.99, 1], [30, 2], [49.99, 2], [50, 3], [69.99, 3], [70, 4], [89.99, 4], [90, 5], [100, 5]];
    for (const [mean, stars] of cases) expect(levelOutcome(regime, 'province', mean).bandStars, String(mean)).toBe(stars);
  });
});

describe('level rules per regime and date', () => {
  it('2025-08-01 (148+1489): a 92-point product at a province round is recognised 4★, potential 5★, forwarded', () => {
    const r = on('2025-08-01');
    expect(r.code).toBe('148-1489-2025');
    expect(levelOutcome(r, 'province', 92)).toEqual({ bandStars: 5, recognisedStars: 4, potentialFiveStar: true, forwarded: true, eliminated: false });
    expect(levelOutcome(r, 'province', 89.99)).toEqual({ bandStars: 4, recognisedStars: 4, potentialFiveStar: false, forwarded: false, eliminated: false });
    expect(levelOutcome(r, 'province', 55)).toMatchObject({ bandStars: 3, recognisedStars: 3, forwarded: false });
    expect(levelOutcome(r, 'province', 49.99)).toMatchObject({ bandStars: 2, recognisedStars: null, forwarded: false });
    expect(levelOutcome(r, 'national', 92)).toMatchObject({ bandStars: 5, recognisedStars: 5, potentialFiveStar: false, forwarded: false });
    expect(levelOutcome(r, 'national', 85)).toMatchObject({ bandStars: 4, recognisedStars: null });
  });

  it('2024-08-01 (148/2023): a district council recognises only 3★ and forwards ≥70', () => {
    const r = on('2024-08-01');
    expect(r.code).toBe('148-2023');
    expect(levelOutcome(r, 'district', 92)).toMatchObject({ bandStars: 5, recognisedStars: 3, forwarded: true, potentialFiveStar: true });
    expect(levelOutcome(r, 'district', 75)).toMatchObject({ bandStars: 4, recognisedStars: 3, forwarded: true });
    expect(levelOutcome(r, 'district', 70)).toMatchObject({ recognisedStars: 3, forwarded: true });
    expect(levelOutcome(r, 'district', 69.99)).toMatchObject({ bandStars: 3, recognisedStars: 3, forwarded: false });
    expect(levelOutcome(r, 'district', 45)).toMatchObject({ recognisedStars: null, forwarded: false });
    // The province of 148/2023 recognises 4★ only and forwards ≥90.
    expect(levelOutcome(r, 'province', 92)).toMatchObject({ recognisedStars: 4, potentialFiveStar: true, forwarded: true });
    expect(levelOutcome(r, 'province', 65)).toMatchObject({ bandStars: 3, recognisedStars: null, forwarded: false });
  });

  it('2026-06-15 (26/2026, no score threshold stated): a 5★ band at a province is forwarded because only the national level recognises it', () => {
    const r = on('2026-06-15');
    expect(r.code).toBe('26-2026');
    expect(levelOutcome(r, 'province', 92)).toEqual({ bandStars: 5, recognisedStars: 4, potentialFiveStar: true, forwarded: true, eliminated: false });
    expect(levelOutcome(r, 'province', 80)).toMatchObject({ recognisedStars: 4, forwarded: false, potentialFiveStar: false });
  });

  it('1048/2019: a district council recognises nothing and forwards ≥50', () => {
    const r = on('2020-05-01');
    expect(levelOutcome(r, 'district', 50)).toMatchObject({ recognisedStars: null, forwarded: true });
    expect(levelOutcome(r, 'district', 49.99)).toMatchObject({ recognisedStars: null, forwarded: false });
  });
});

describe('knock-outs', () => {
  it('a strict majority of eliminated sheets eliminates the dossier', () => {
    expect(councilEliminates(['eliminated', 'eliminated', 'scored'])).toBe(true);
    expect(councilEliminates(['eliminated', 'scored', 'scored'])).toBe(false);
    // A stopped sheet ends the evaluation as surely as an eliminated one (decision 020).
    expect(councilEliminates(['eliminated', 'eliminated', 'scored', 'stopped'])).toBe(true);
    expect(councilEliminates(['stopped', 'stopped', 'stopped'])).toBe(true);
    expect(councilEliminates(['stopped', 'scored', 'scored'])).toBe(false);
    expect(councilEliminates(['stopped', 'eliminated', 'scored', 'scored'])).toBe(false);
  });
  it('an eliminated dossier is neither recognised nor forwarded, whatever its mean', () => {
    expect(levelOutcome(on('2025-08-01'), 'province', 95, { eliminated: true }))
      .toEqual({ bandStars: 5, recognisedStars: null, potentialFiveStar: false, forwarded: false, eliminated: true });
  });
});

describe('cut-offs', () => {
  it('defaults to the latest cut-off day on or before the session (26/2026 province: 30/6 and 30/12)', () => {
    expect(defaultCutoff('2026-07-15', ['06-30', '12-30'])).toBe('2026-06-30');
    expect(defaultCutoff('2027-01-10', ['06-30', '12-30'])).toBe('2026-12-30');
    expect(defaultCutoff('2026-06-30', ['06-30', '12-30'])).toBe('2026-06-30');
    expect(defaultCutoff('2026-09-01', null)).toBe('2026-09-01');
  });
});

describe('dossier progress', () => {
  const s = (seat: SheetState['seat'], status: SheetState['status'], total: number | null, attempt = 1): SheetState => ({ seat, status, total, attempt });
  it('counts submitted sheets, quorum, spread and the status', () => {
    expect(dossierProgress([s('chair', 'submitted', 80), s('member', 'draft', null), s('secretary', 'assigned', null)], 3))
      .toEqual({ expected: 3, submitted: 1, quorumMet: false, spread: 0, spreadFlag: false, status: 'scoring' });
    expect(dossierProgress([s('chair', 'submitted', 80), s('member', 'submitted', 91), s('secretary', 'submitted', 85)], 3))
      .toEqual({ expected: 3, submitted: 3, quorumMet: true, spread: 11, spreadFlag: true, status: 'scored' });
    expect(dossierProgress([s('chair', 'submitted', 80), s('member', 'draft', 91, 2), s('secretary', 'submitted', 85)], 3))
      .toMatchObject({ submitted: 2, quorumMet: false, spread: 5, spreadFlag: false, status: 'rescoring' });
    expect(dossierProgress([s('chair', 'assigned', null)], 1)).toMatchObject({ status: 'assigned', spread: null });
  });
});
