/**
 * GS1 GTIN-13 (EAN-13) barcodes. Vietnam's GS1 prefix is 893.
 */

export type Gtin13Result =
  | { ok: true; value: string; vietnamese: boolean }
  | { ok: false; reason: 'format' | 'checksum' };

export const VIETNAM_GS1_PREFIX = '893';

/** GS1 mod-10 check digit: weights 1, 3, 1, 3, ... from the left over the first 12 digits. */
export function gtinCheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) {
    throw new RangeError(`gtinCheckDigit: expected 12 digits, got "${first12}"`);
  }
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12.charAt(i)) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

export function validateGtin13(input: string): Gtin13Result {
  const s = input.trim();
  if (!/^\d{13}$/.test(s)) return { ok: false, reason: 'format' };
  if (gtinCheckDigit(s.slice(0, 12)) !== Number(s.charAt(12))) return { ok: false, reason: 'checksum' };
  return { ok: true, value: s, vietnamese: s.startsWith(VIETNAM_GS1_PREFIX) };
}

/**
 * Deterministic valid GTIN-13 for test data: prefix, then n zero-padded to fill 12 digits,
 * then the check digit. Throws if n does not fit after the prefix.
 */
export function makeGtin13(prefix: string, n: number): string {
  if (!/^\d{1,11}$/.test(prefix)) {
    throw new RangeError(`makeGtin13: prefix must be 1–11 digits, got "${prefix}"`);
  }
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`makeGtin13: n must be a non-negative integer, got ${n}`);
  }
  const width = 12 - prefix.length;
  const body = String(n).padStart(width, '0');
  if (body.length > width) {
    throw new RangeError(`makeGtin13: ${n} does not fit in ${width} digits after prefix ${prefix}`);
  }
  const first12 = prefix + body;
  return first12 + String(gtinCheckDigit(first12));
}
