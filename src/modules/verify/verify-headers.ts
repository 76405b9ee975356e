/**
 * The security headers of the verification routes, set once per response from a constant.
 *
 * These routes opt out of @fastify/helmet (`helmet: false`): that plugin builds a new helmet
 * middleware — parsing the whole policy — on every request, which alone cost about two thirds
 * of the hot path's throughput in `npm run bench`. The values are exactly what the app's global
 * helmet configuration (src/app.ts) sends; test/http/verify-hotpath.test.ts fails if they drift.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';form-action 'self';frame-ancestors 'none';base-uri 'self';object-src 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

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
