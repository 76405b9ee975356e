/**
 * Vietnamese tax code (mã số thuế), Circular 105/2020/TT-BTC.
 * 10 digits (the 10th a check digit), or 13 for a branch: the parent's 10 digits, '-', 3 digits.
 */

export type TaxCodeResult =
  | { ok: true; value: string; branch: boolean }
  | { ok: false; reason: 'format' | 'checksum' };

const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

/** Check digit for the first nine digits, or null when the formula gives 10 (no valid code). */
export function taxCodeCheckDigit(firstNine: string): number | null {
  if (!/^\d{9}$/.test(firstNine)) {
    throw new RangeError(`taxCodeCheckDigit: expected 9 digits, got "${firstNine}"`);
  }
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(firstNine.charAt(i)), 0);
  const check = 10 - (sum % 11);
  return check === 10 ? null : check;
}

export function validateTaxCode(input: string): TaxCodeResult {
  const s = input.trim();
  const m = /^\d{10}(?:-?(\d{3}))?$/.exec(s);
  if (!m) return { ok: false, reason: 'format' };
  const base = s.slice(0, 10);
  const suffix = m[1];
  // Branch numbers are allocated from 001; "000" is never issued.
  if (suffix === '000') return { ok: false, reason: 'format' };
  const check = taxCodeCheckDigit(base.slice(0, 9));
  if (check === null || check !== Number(base.charAt(9))) return { ok: false, reason: 'checksum' };
  return suffix === undefined
    ? { ok: true, value: base, branch: false }
    : { ok: true, value: `${base}-${suffix}`, branch: true };
}

/**
 * Deterministic valid 10-digit tax code for test data. The seed (mod 10^8) gives the first
 * eight digits; the ninth starts at 0 and is incremented until a check digit exists.
 * The ninth digit has weight 3, so consecutive values hit distinct residues mod 11 and at
 * most one is skipped: seeds below 10^8 map to distinct codes.
 */
export function makeTaxCode(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`makeTaxCode: seed must be a non-negative integer, got ${n}`);
  }
  const first8 = String(n % 100_000_000).padStart(8, '0');
  for (let ninth = 0; ninth <= 9; ninth++) {
    const firstNine = first8 + String(ninth);
    const check = taxCodeCheckDigit(firstNine);
    if (check !== null) return firstNine + String(check);
  }
  // Unreachable: at most one ninth digit makes the weighted sum divisible by 11.
  throw new Error('makeTaxCode: no valid check digit');
}
