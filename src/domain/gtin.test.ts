import { describe, it, expect } from 'vitest';
import { gtinCheckDigit, makeGtin13, validateGtin13 } from './gtin';

describe('gtinCheckDigit', () => {
  it('matches real barcodes', () => {
    // 4006381333931: 4+0+0+18+3+24+1+9+3+9+9+9 = 89 → (10 − 9) mod 10 = 1
    expect(gtinCheckDigit('400638133393')).toBe(1);
    // 8934588012112: 8+27+3+12+5+24+8+0+1+6+1+3 = 98 → (10 − 8) mod 10 = 2
    expect(gtinCheckDigit('893458801211')).toBe(2);
  });

  it('gives 0 when the weighted sum is a multiple of 10', () => {
    expect(gtinCheckDigit('000000000000')).toBe(0);
    // 1·1 + 3·3 = 10 → 0
    expect(gtinCheckDigit('130000000000')).toBe(0);
  });

  it('rejects input that is not 12 digits', () => {
    expect(() => gtinCheckDigit('40063813339')).toThrow(RangeError);
    expect(() => gtinCheckDigit('40063813339x')).toThrow(RangeError);
  });
});

describe('validateGtin13', () => {
  it('accepts valid barcodes and flags the Vietnamese prefix', () => {
    expect(validateGtin13('8934588012112')).toEqual({ ok: true, value: '8934588012112', vietnamese: true });
    expect(validateGtin13('4006381333931')).toEqual({ ok: true, value: '4006381333931', vietnamese: false });
  });

  it('trims surrounding whitespace', () => {
    expect(validateGtin13(' 4006381333931 ')).toMatchObject({ ok: true, value: '4006381333931' });
  });

  it('rejects a wrong check digit', () => {
    expect(validateGtin13('8934588012113')).toEqual({ ok: false, reason: 'checksum' });
    expect(validateGtin13('4006381333930')).toEqual({ ok: false, reason: 'checksum' });
  });

  it('detects a transposition of adjacent digits', () => {
    expect(validateGtin13('4006381339331')).toEqual({ ok: false, reason: 'checksum' });
  });

  it('rejects wrong lengths and non-digits', () => {
    for (const bad of ['', '400638133393', '40063813339311', '4006381 333931', '400638133393A', '036000291452']) {
      expect(validateGtin13(bad), bad).toEqual({ ok: false, reason: 'format' });
    }
  });
});

describe('makeGtin13', () => {
  it('builds valid codes with the given prefix', () => {
    for (const n of [0, 1, 42, 99999]) {
      const code = makeGtin13('8934588', n);
      expect(code.startsWith('8934588')).toBe(true);
      expect(validateGtin13(code)).toMatchObject({ ok: true, vietnamese: true });
    }
  });

  it('pads n and appends the check digit', () => {
    expect(makeGtin13('8934588', 1211)).toBe('8934588012112');
    expect(makeGtin13('40063813339', 3)).toBe('4006381333931');
  });

  it('is deterministic and distinct per n', () => {
    expect(makeGtin13('893', 7)).toBe(makeGtin13('893', 7));
    expect(makeGtin13('893', 7)).not.toBe(makeGtin13('893', 8));
  });

  it('rejects bad prefixes and numbers that do not fit', () => {
    expect(() => makeGtin13('89a', 1)).toThrow(RangeError);
    expect(() => makeGtin13('', 1)).toThrow(RangeError);
    expect(() => makeGtin13('893458801211', 0)).toThrow(RangeError);
    expect(() => makeGtin13('8934588', 100000)).toThrow(RangeError);
    expect(() => makeGtin13('893', -1)).toThrow(RangeError);
    expect(() => makeGtin13('893', 1.5)).toThrow(RangeError);
  });
});
