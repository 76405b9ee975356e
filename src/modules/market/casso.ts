/**
 * Casso's webhook v2 signature (the "Key bảo mật" of a Webhook V2 integration; the contract of
 * github.com/CassoHQ/casso-webhook-v2-verify-signature, docs/decisions/036):
 * - the header `X-Casso-Signature: t=<timestamp in ms>,v1=<hex>`;
 * - the body's keys sorted A→Z at every level, written as compact JSON;
 * - v1 = hex(HMAC-SHA512(secret, t + "." + that JSON)).
 * Casso's samples agree for ASCII text; for other text the JavaScript sample writes it as is while
 * the Python and PHP ones escape it (\uXXXX; PHP also "\/"), so each of these forms is accepted —
 * every one of them needs the secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** A signature older (or further ahead) than this is refused: a captured post cannot be replayed later. */
export const CASSO_REPLAY_WINDOW_MS = 5 * 60_000;

export type CassoCheck = 'ok' | 'missing' | 'bad_signature' | 'stale';

/** `t` and `v1` of the header (null when it is not of that form). */
export function parseCassoSignature(header: string | undefined): { t: number; v1: string } | null {
  const m = /^\s*t=(\d{10,16}),\s*v1=([0-9a-f]{128})\s*$/i.exec(header ?? '');
  return m ? { t: Number(m[1]), v1: m[2]!.toLowerCase() } : null;
}

/** The value with the keys of every object sorted (arrays keep their order). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const src = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(src).sort().map((k) => [k, sortKeys(src[k])]));
}

const escapeNonAscii = (json: string) => json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The JSON texts Casso may have signed for this body (one when it is all ASCII without "/"). */
export function cassoSignedTexts(body: unknown): string[] {
  const plain = JSON.stringify(sortKeys(body));
  const ascii = escapeNonAscii(plain);
  return [...new Set([plain, ascii, ascii.replace(/\//g, '\\/')])];
}

export const cassoSignature = (secret: string, t: number, json: string): string =>
  createHmac('sha512', secret).update(`${t}.${json}`).digest('hex');

/** Whether the post is signed with `secret`, within the replay window around `now`. */
export function checkCassoSignature(secret: string, header: string | undefined, body: unknown, now: number): CassoCheck {
  const sig = parseCassoSignature(header);
  if (!sig) return 'missing';
  const given = Buffer.from(sig.v1, 'hex');
  const signed = cassoSignedTexts(body).some((json) => timingSafeEqual(Buffer.from(cassoSignature(secret, sig.t, json), 'hex'), given));
  if (!signed) return 'bad_signature';
  return Math.abs(now - sig.t) > CASSO_REPLAY_WINDOW_MS ? 'stale' : 'ok';
}
