/**
 * The headers of the verification routes, set once per response from constants. These routes opt
 * out of @fastify/helmet (`helmet: false`) and send SECURITY_HEADERS (src/web/security-headers.ts).
 */
import { SECURITY_HEADERS } from '../../web/security-headers';

export { SECURITY_HEADERS };

/** JSON: a CDN may hold it 1 s (the revocation budget), browsers always ask again. */
export const API_CACHE = 'public, max-age=0, s-maxage=1';
/** What a verification answer (JSON) carries besides the security headers. */
export const API_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': API_CACHE, 'x-robots-tag': 'noindex', 'content-type': 'application/json; charset=utf-8',
});
/** Every header of a JSON answer but its length (the fast path writes them in one go). */
export const API_RESPONSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({ ...SECURITY_HEADERS, ...API_HEADERS });

/** Page: per-browser (form token, language); the browser revalidates, shared caches keep nothing. */
export const PAGE_CACHE = 'private, no-cache';
/** What the verification page carries besides the security headers. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': PAGE_CACHE, 'x-robots-tag': 'noindex', 'content-type': 'text/html; charset=utf-8',
});
/** Every header of a page but its length and the form-token cookie. */
export const PAGE_RESPONSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({ ...SECURITY_HEADERS, ...PAGE_HEADERS });
