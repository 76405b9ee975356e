import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** API tokens look like `ocop_<8-char prefix>_<secret>`; only the SHA-256 of the whole is stored. */
export function newApiToken(): { token: string; prefix: string; hash: string } {
  const prefix = randomToken(6).slice(0, 8);
  const token = `ocop_${prefix}_${randomToken(32)}`;
  return { token, prefix, hash: sha256(token) };
}
