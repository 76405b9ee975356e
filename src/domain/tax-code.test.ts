import { describe, it, expect } from 'vitest';
import { makeTaxCode, taxCodeCheckDigit, validateTaxCode } from './tax-code';

describe('taxCodeCheckDigit', () => {
  it('computes the check digit by the Circular 105/2020 formula', () => {
    // 0100109106: 0·31 + 1·29 + 0·23 + 0·19 + 1·17 + 0·13 + 9·7 + 1·5 + 0·3
    //           = 0 + 29 + 0 + 0 + 17 + 0 + 63 + 5 + 0 = 114; 114 mod 11 = 4; 10 − 4 = 6.
    expect(taxCodeCheckDigit('010010910')).toBe(6);
    // 031234567: 0 + 87 + 23 + 38 + 51 + 52 + 35 + 30 + 21 = 337; 337 mod 11 = 7; 10 − 7 = 3.
    expect(taxCodeCheckDigit('031234567')).toBe(3);
  });

  it('gives 9 when the sum mod 11 is 1', () => {
    // 4·3 = 12; 12 mod 11 = 1; 10 − 1 = 9.
    expect(taxCodeCheckDigit('000000004')).toBe(9);
  });

  it('gives 0 when the sum mod 11 is 10', () => {
    // 7·3 = 21; 21 mod 11 = 10; 10 − 10 = 0.
    expect(taxCodeCheckDigit('000000007')).toBe(0);
  });

  it('returns null when the sum mod 11 is 0 (result would be 10)', () => {
    // 1·13 + 3·3 = 22; 22 mod 11 = 0 → 10 → no valid check digit.
    expect(taxCodeCheckDigit('000001003')).toBeNull();
    expect(taxCodeCheckDigit('000000000')).toBeNull();
  });

  it('rejects input that is not nine digits', () => {
    expect(() => taxCodeCheckDigit('12345678')).toThrow(RangeError);
    expect(() => taxCodeCheckDigit('12345678a')).toThrow(RangeError);
  });
});

describe('validateTaxCode', () => {
  it('accepts valid 10-digit codes', () => {
    expect(validateTaxCode('0100109106')).toEqual({ ok: true, value: '0100109106', branch: false });
    expect(validateTaxCode('0312345673')).toEqual({ ok: true, value: '0312345673', branch: false });
    expect(validateTaxCode('0000000049')).toEqual({ ok: true, value: '0000000049', branch: false });
    expect(validateTaxCode('0000000070')).toEqual({ ok: true, value: '0000000070', branch: false });
  });

  it('trims surrounding whitespace', () => {
    expect(validateTaxCode('  0100109106\n')).toEqual({ ok: true, value: '0100109106', branch: false });
  });

  it('rejects a wrong check digit', () => {
    expect(validateTaxCode('0100109107')).toEqual({ ok: false, reason: 'checksum' });
    expect(validateTaxCode('0312345678')).toEqual({ ok: false, reason: 'checksum' });
  });

  it('rejects bases with no valid check digit as checksum errors', () => {
    for (let d = 0; d <= 9; d++) {
      expect(validateTaxCode(`000001003${d}`)).toEqual({ ok: false, reason: 'checksum' });
    }
  });

  it('accepts branch codes with and without the dash, normalising to the dashed form', () => {
    const expected = { ok: true, value: '0100109106-001', branch: true };
    expect(validateTaxCode('0100109106-001')).toEqual(expected);
    expect(validateTaxCode('0100109106001')).toEqual(expected);
  });

  it('checks the parent part of branch codes', () => {
    expect(validateTaxCode('0100109107-001')).toEqual({ ok: false, reason: 'checksum' });
  });

  it('rejects branch number 000', () => {
    expect(validateTaxCode('0100109106-000')).toEqual({ ok: false, reason: 'format' });
  });

  it('rejects malformed input', () => {
    for (const bad of [
      '',
      '010010910',
      '01001091066',
      '010010910-6',
      '0100 109 106',
      '0100.109.106',
      '0100109106-01',
      '0100109106-0001',
      '0100109106 001',
      '01001091O6',
      '+100109106',
    ]) {
      expect(validateTaxCode(bad), bad).toEqual({ ok: false, reason: 'format' });
    }
  });
});

describe('makeTaxCode', () => {
  it('produces valid codes for many seeds', () => {
    for (const seed of [0, 1, 2, 7, 42, 999, 12345, 99_999_999, 100_000_000, 2 ** 40]) {
      const code = makeTaxCode(seed);
      expect(code).toMatch(/^\d{10}$/);
      expect(validateTaxCode(code).ok, code).toBe(true);
    }
  });

  it('is deterministic', () => {
    expect(makeTaxCode(42)).toBe(makeTaxCode(42));
  });

  it('skips a base whose check would be 10 by incrementing', () => {
    // Seed 0 → base 000000000 (sum 0, no check digit) → 000000001: 3 mod 11 = 3 → check 7.
    expect(makeTaxCode(0)).toBe('0000000017');
    // Seed 10 → 000000100: 1·7 = 7 → check 3.
    expect(makeTaxCode(10)).toBe('0000001003');
  });

  it('gives distinct codes for distinct seeds', () => {
    const codes = new Set<string>();
    for (let seed = 0; seed < 5000; seed++) codes.add(makeTaxCode(seed));
    expect(codes.size).toBe(5000);
  });

  it('rejects negative and non-integer seeds', () => {
    expect(() => makeTaxCode(-1)).toThrow(RangeError);
    expect(() => makeTaxCode(1.5)).toThrow(RangeError);
    expect(() => makeTaxCode(Number.NaN)).toThrow(RangeError);
  });
});
