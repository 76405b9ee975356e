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
