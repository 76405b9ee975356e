import { describe, expect, it } from 'vitest';
import {
  eventDateProblem, formatTraceCode, isLotNumber, lotDatesProblems, makeTraceCode, mod3736CheckChar, normalizeLotNumber, overConsumes,
  parseTraceCode, quantityProblem, remainingOf, TRACE_CODE_ALPHABET, traceCodeRandom,
} from './trace';

describe('ISO/IEC 7064 MOD 37,36', () => {
  it('gives the check character of the standard’s worked example and validates by recomputation', () => {
    // ISO/IEC 7064 Annex: "A12425GABC1234002" has check character M under MOD 37,36.
    expect(mod3736CheckChar('A12425GABC1234002')).toBe('M');
  });

  it('catches every single substitution and every swap of neighbours in a trace code', () => {
    const code = makeTraceCode('46', '7K2MQ9XR');
    const chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (let i = 0; i < code.length; i++) {
      for (const c of chars) {
        if (c === code[i]) continue;
        const altered = code.slice(0, i) + c + code.slice(i + 1);
        expect(parseTraceCode(altered).ok, altered).toBe(false);
      }
      if (i + 1 < code.length && code[i] !== code[i + 1]) {
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect(parseTraceCode(swapped).ok, swapped).toBe(false);
      }
    }
  });
});

describe('trace codes', () => {
  it('reads a code as printed, in any case, with hyphens and spaces', () => {
    const code = makeTraceCode('01', 'ABCDEFGH');
    expect(code).toHaveLength(11);
    expect(parseTraceCode(formatTraceCode(code).toLowerCase())).toEqual({ ok: true, code });
    expect(parseTraceCode(` ${formatTraceCode(code).replace(/-/g, ' ')} `)).toEqual({ ok: true, code });
  });

  it('a wrong check character is a checksum problem; a wrong shape a format problem', () => {
    const code = makeTraceCode('79', 'ZZZZ0000');
    const last = code.at(-1)!;
    const wrong = code.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    expect(parseTraceCode(wrong)).toEqual({ ok: false, reason: 'checksum' });
    expect(parseTraceCode('79ZZZZ000')).toEqual({ ok: false, reason: 'format' });
    expect(parseTraceCode('79ZZZZOOOOA')).toEqual({ ok: false, reason: 'format' }); // O is not in the alphabet
    expect(parseTraceCode('')).toEqual({ ok: false, reason: 'format' });
  });

  it('draws the random part from the alphabet only', () => {
    const r = traceCodeRandom(Uint8Array.from([0, 255, 32, 33, 100, 7, 200, 64]));
    expect(r).toHaveLength(8);
    for (const c of r) expect(TRACE_CODE_ALPHABET).toContain(c);
    expect(() => makeTraceCode('4', r)).toThrow(RangeError);
  });
});

describe('lot numbers, quantities and dates', () => {
  it('keeps lot numbers to what a GS1 barcode and a URL carry', () => {
    expect(isLotNumber(normalizeLotNumber(' l01-2026/a '))).toBe(true);
    expect(normalizeLotNumber('l01')).toBe('L01');
    expect(isLotNumber('LÔ1')).toBe(false);
    expect(isLotNumber('A'.repeat(21))).toBe(false);
    expect(isLotNumber('-A')).toBe(false);
  });

  it('quantities: positive, three decimals at most', () => {
    expect(quantityProblem(0)).toBe('not_positive');
    expect(quantityProblem(-1)).toBe('not_positive');
    expect(quantityProblem(Number.NaN)).toBe('not_positive');
    expect(quantityProblem(1.2345)).toBe('too_precise');
    expect(quantityProblem(2e9)).toBe('too_large');
    expect(quantityProblem(0.125)).toBeNull();
  });

  it('a transformation takes at most what the lot still holds, in exact thousandths', () => {
    expect(remainingOf(0.3, [0.1, 0.1])).toBe(0.1);
    expect(overConsumes(0.3, [0.1], 0.2)).toBe(false);
    expect(overConsumes(0.3, [0.1], 0.201)).toBe(true);
    expect(overConsumes(100, [60], 40)).toBe(false);
    expect(overConsumes(100, [60, 40], 0.001)).toBe(true);
  });

  it('an event before the production day or in the future is refused; growing may come first', () => {
    const now = new Date('2026-05-10T05:00:00Z'); // 12:00 in Vietnam
    expect(eventDateProblem('processing', new Date('2026-05-01T16:59:59Z'), '2026-05-02', now)).toBe('before_production');
    expect(eventDateProblem('processing', new Date('2026-05-01T17:00:00Z'), '2026-05-02', now)).toBeNull(); // 00:00 on 2 May in Vietnam
    expect(eventDateProblem('planting', new Date('2026-01-01T00:00:00Z'), '2026-05-02', now)).toBeNull();
    expect(eventDateProblem('dispatch', new Date('2026-05-10T06:00:00Z'), '2026-05-02', now)).toBe('in_future');
    expect(eventDateProblem('dispatch', new Date('2026-05-10T05:04:00Z'), '2026-05-02', now)).toBeNull();
  });

  it('a lot’s expiry comes after its production, and production is not in the future', () => {
    expect(lotDatesProblems('2026-05-02', '2026-05-01', '2026-05-10')).toEqual(['expiry_before_production']);
    expect(lotDatesProblems('2026-05-11', null, '2026-05-10')).toEqual(['production_in_future']);
    expect(lotDatesProblems('2026-05-12', '2026-05-11', '2026-05-10')).toEqual(['production_in_future', 'expiry_before_production']);
    expect(lotDatesProblems('2026-05-02', '2027-05-02', '2026-05-10')).toEqual([]);
  });
});
