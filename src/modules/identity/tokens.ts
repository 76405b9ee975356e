import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * API tokens look like `ocop_<8-char prefix>_<secret>`; only the SHA-256 of the whole is stored.
 * The prefix is hex, so it never holds the `_` that separates it from the secret.
 */
export function newApiToken(): { token: string; prefix: string; hash: string } {
  const prefix = randomBytes(4).toString('hex');
  const token = `ocop_${prefix}_${randomToken(32)}`;
  return { token, prefix, hash: sha256(token) };
}

/**
 * How long an API token works (docs/decisions/045). People choose one of these when they make a
 * token of their own (the page and the API); an operator's command line may give any number of
 * days up to CLI_MAX_DAYS (a machine integration set up by the office), 365 when not said.
 */
export const TOKEN_DAYS = [30, 90, 180, 365] as const;
export const DEFAULT_TOKEN_DAYS = 90;
export const CLI_TOKEN_DAYS = 365;
export const CLI_MAX_DAYS = 3650;

/** The end of a token made at `now` that works for `days` days. */
export const tokenExpiry = (now: Date, days: number) => new Date(now.getTime() + days * 86_400_000);
