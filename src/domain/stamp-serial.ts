/**
 * OCOP stamp serials: `<batch code>-<seq>-<check>`, e.g. `38K7QA-000123-M4XZ2P`.
 * - batch code: the province code (2 digits) and 4 characters of base32 (A–Z, 2–7), unique;
 * - seq: the stamp's number in its batch, 6 digits (1 … quantity);
 * - check: the first 6 base32 characters of HMAC-SHA256(secret, "<batch code>-<seq>").
 * A serial whose check does not match was guessed or altered and verifies as "unknown"; the
 * check is keyed, so knowing the format does not let anyone make valid serials. Pure: the
 * secret is passed in.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const STAMP_SEQ_MAX = 999_999;
const SERIAL_RE = /^(\d{2}[A-Z2-7]{4})-(\d{6})-([A-Z2-7]{6})$/;

function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= length) break;
  }
  return out;
}

/** A new batch code for a province: its 2-digit code and 4 random base32 characters. */
export function newBatchCode(provinceCode: string, random: (n: number) => Uint8Array = randomBytes): string {
  if (!/^\d{2}$/.test(provinceCode)) throw new RangeError(`newBatchCode: not a province code: "${provinceCode}"`);
  return provinceCode + base32(random(3), 4);
}

export function stampCheck(secret: string, batchCode: string, seq: number): string {
  return base32(createHmac('sha256', secret).update(`${batchCode}-${seq}`).digest(), 6);
}

export function makeSerial(secret: string, batchCode: string, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1 || seq > STAMP_SEQ_MAX) throw new RangeError(`makeSerial: seq out of range: ${seq}`);
  return `${batchCode}-${String(seq).padStart(6, '0')}-${stampCheck(secret, batchCode, seq)}`;
}

/** Does it look like a serial at all (cheap; no secret)? Case-insensitive, surrounding spaces ignored. */
export function parseSerial(code: string): { batchCode: string; seq: number; check: string } | null {
  const m = SERIAL_RE.exec(code.trim().toUpperCase());
  if (!m) return null;
  const seq = Number(m[2]);
  if (seq < 1) return null;
  return { batchCode: m[1]!, seq, check: m[3]! };
}

/** The serial's parts when its check matches the secret, else null (guessed, altered, mistyped). */
export function checkSerial(secret: string, code: string): { batchCode: string; seq: number; serial: string } | null {
  const p = parseSerial(code);
  if (!p) return null;
  const expected = Buffer.from(stampCheck(secret, p.batchCode, p.seq));
  if (!timingSafeEqual(expected, Buffer.from(p.check))) return null;
  return { batchCode: p.batchCode, seq: p.seq, serial: `${p.batchCode}-${String(p.seq).padStart(6, '0')}-${p.check}` };
}
