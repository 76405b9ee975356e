import { describe, it, expect } from 'vitest';
import { recognisingLevel, regimeEnds, regimeOn, type RegimeRules } from './regime';
import { DEFAULT_STAR_BANDS } from './stars';

const base = (code: string, effectiveFrom: string, levels: RegimeRules['levels']): RegimeRules => ({
  code, effectiveFrom, partMaxima: { A: 40, B: 25, C: 35 }, starBands: DEFAULT_STAR_BANDS,
  minCertifiableStars: 3, validityMonths: 36, reminderDays: 30, levels,
});
const lvl = (level: RegimeRules['levels'][number]['level'], recognisesStars: (3 | 4 | 5)[], forwardsFromScore: number | null = null) => ({
  level, council: true, recognisesStars, forwardsFromScore, body: null, duties: null, roundCutoffs: null,
});

const REGIMES = [
  base('1048-2019', '2019-08-21', [lvl('district', [], 50), lvl('province', [3, 4], 90), lvl('national', [5])]),
  base('148-2023', '2023-02-24', [lvl('district', [3], 70), lvl('province', [4], 90), lvl('national', [5])]),
  base('148-1489-2025', '2025-07-06', [lvl('commune', []), lvl('province', [3, 4], 90), lvl('national', [5])]),
  base('26-2026', '2026-05-22', [lvl('province', [3, 4]), lvl('national', [5])]),
];

describe('regimeOn', () => {
  it('picks the regime in force, effective dates inclusive', () => {
    const on = (d: string) => regimeOn(REGIMES, d)?.code ?? null;
    expect(on('2019-08-20')).toBeNull();
    expect(on('2019-08-21')).toBe('1048-2019');
    expect(on('2023-02-23')).toBe('1048-2019');
    expect(on('2023-02-24')).toBe('148-2023');
    expect(on('2025-07-05')).toBe('148-2023');
    expect(on('2025-07-06')).toBe('148-1489-2025');
    expect(on('2026-05-21')).toBe('148-1489-2025');
    expect(on('2026-05-22')).toBe('26-2026');
  });

  it('does not depend on the order of the list', () => {
    expect(regimeOn([...REGIMES].reverse(), '2024-08-01')?.code).toBe('148-2023');
  });

  it('rejects a malformed date', () => {
    expect(() => regimeOn(REGIMES, '01/08/2024')).toThrow(RangeError);
  });
});

describe('regimeEnds', () => {
  it('is the next regime\'s start, or null for the latest', () => {
    expect(regimeEnds(REGIMES, REGIMES[1]!)).toBe('2025-07-06');
    expect(regimeEnds(REGIMES, REGIMES[3]!)).toBeNull();
  });
});

describe('recognisingLevel', () => {
  it('follows the regime: 3★ by the district under 148, by the province after 1489', () => {
    expect(recognisingLevel(REGIMES[1]!, 3)).toBe('district');
    expect(recognisingLevel(REGIMES[1]!, 4)).toBe('province');
    expect(recognisingLevel(REGIMES[2]!, 3)).toBe('province');
    expect(recognisingLevel(REGIMES[0]!, 4)).toBe('province');
    expect(recognisingLevel(REGIMES[3]!, 5)).toBe('national');
  });

  it('recognises nothing below the certifiable stars', () => {
    expect(recognisingLevel(REGIMES[2]!, 2)).toBeNull();
    expect(recognisingLevel(REGIMES[2]!, 1)).toBeNull();
  });
});
