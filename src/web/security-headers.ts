/**
 * The security headers the app's global @fastify/helmet configuration (src/app.ts) sends, as one
 * constant for the routes and fast paths that answer without helmet: that plugin builds a new
 * middleware — parsing the whole policy — on every request, which alone cost about two thirds of a
 * hot path's throughput in `npm run bench`. test/http/verify-hotpath.test.ts fails if they drift.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

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

/**
 * Route options of a busy route that needs no per-route policy: the headers above from the
 * constant instead of @fastify/helmet's per-request build (the market's checkout under a rush).
 */
export const constantSecurityHeaders = {
  helmet: false as const,
  onRequest: (_req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    reply.headers(SECURITY_HEADERS);
    done();
  },
};
