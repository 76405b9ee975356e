/**
 * HTTP caching of the public portal (docs/decisions/033): what anonymous visitors get from the
 * catalogue pages and the catalogue API is
 * - shareable: `Cache-Control: public, max-age=0, s-maxage=1, stale-while-revalidate=10` — a proxy
 *   or CDN may serve it for a second (the freshness budget) and refresh it in the background,
 *   browsers ask again each time; `Vary: Cookie` (the language cookie; a session makes it private);
 * - validated: a strong ETag (digest of the bytes) and 304 on a matching If-None-Match;
 * - kept in this process's page cache (page-cache.ts), from which portal-fast-path.ts answers the
 *   next request for the same day, language and address without entering the framework.
 * Signed-in people get `private, no-cache` and nothing is stored. A page that sets a cookie (a
 * `?lang=` switch) or carries a per-browser form token is never stored or shared.
 *
 * The routes opt in with `portalCached(deps, 'page' | 'api')`, which also replaces helmet and the
 * app-wide rate limit by the same headers and per-IP budgets the fast path applies.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import { AppError } from '../../errors';
import { todayInVietnam } from '../../domain/dates';
import { SECURITY_HEADERS } from '../../web/security-headers';
import { publicBase } from '../certification/certification.routes';
import { mayStorePages, portalRuntime } from './catalogue.snapshot';

export const PUBLIC_CACHE = 'public, max-age=0, s-maxage=1, stale-while-revalidate=10';
export const PRIVATE_CACHE = 'private, no-cache';
/** What a page rendered for one browser carries where its form token goes (never stored then). */
export const FORM_TOKEN_MARK = 'name="_csrf"';

/** Headers a route may add that a held answer repeats. */
const KEPT_HEADERS = ['link', 'x-robots-tag'] as const;

/**
 * The page cache's key: day, language, the origin the page's absolute links are made of
 * (PUBLIC_BASE_URL, else the request's own: a page rendered for another Host is never served
 * for this one) and the address as asked (path and query).
 */
export const pageKey = (day: string, locale: string, origin: string, url: string) => `${day}|${locale}|${origin}|${url}`;

/** Strong validator of a body. */
export const etagOf = (body: Buffer) => `"${createHash('sha1').update(body).digest('base64url')}"`;

/** Whether an If-None-Match header names this ETag (a list, or "*"). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** A `lang` parameter in the address: the framework answers it (it sets the language cookie). */
export const asksLanguage = (url: string) => /[?&]lang=/.test(url);

const started = new WeakMap<FastifyRequest, number>();
/** Requests answered from the page cache by the route's own hook. */
const served = new WeakSet<FastifyRequest>();

export function portalCached(deps: Deps, kind: 'page' | 'api') {
  const runtime = portalRuntime(deps);
  const limiter = kind === 'page' ? runtime.pageLimiter : runtime.apiLimiter;
  return {
    helmet: false as const,
    onRequest: (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
      reply.headers(SECURITY_HEADERS);
      started.set(req, runtime.generation);
      const take = limiter.take(req.ip);
      if (!take.allowed) {
        reply.header('retry-after', String(take.retryAfter));
        return done(new AppError('rate_limited', `rate limit exceeded, retry in ${take.retryAfter} seconds`));
      }
      // Held already (the fast path did not take it: behind a proxy, a test's injected request).
      const held = !req.ctx.actor && mayStorePages(runtime) && !asksLanguage(req.url)
        ? runtime.pages.get(pageKey(todayInVietnam(deps.clock()), req.ctx.locale, publicBase(req, deps), req.url)) : undefined;
      if (!held) return done();
      served.add(req);
      reply.headers(held.extra).header('cache-control', PUBLIC_CACHE).header('vary', 'Cookie').header('etag', held.etag);
      if (etagMatches(req.headers['if-none-match'], held.etag)) return void reply.code(304).send();
      void reply.type(held.contentType).send(held.body);
    },
    onSend: async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (served.has(req)) return payload;
      if (req.ctx?.actor) {
        reply.header('cache-control', PRIVATE_CACHE);
        return payload;
      }
      if (reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
      const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
      const personal = reply.hasHeader('set-cookie') || (kind === 'page' && body.includes(FORM_TOKEN_MARK));
      const etag = etagOf(body);
      reply.header('cache-control', personal ? PRIVATE_CACHE : PUBLIC_CACHE).header('vary', 'Cookie').header('etag', etag);
      const generation = started.get(req);
      if (!personal && generation === runtime.generation && mayStorePages(runtime) && !asksLanguage(req.url)) {
        const type = String(reply.getHeader('content-type') ?? '');
        const extra: Record<string, string> = {};
        for (const h of KEPT_HEADERS) if (reply.hasHeader(h)) extra[h] = String(reply.getHeader(h));
        runtime.pages.set(pageKey(todayInVietnam(deps.clock()), req.ctx.locale, publicBase(req, deps), req.url), body, etag, type, extra);
      }
      if (etagMatches(req.headers['if-none-match'], etag)) {
        reply.code(304).removeHeader('content-type');
        return '';
      }
      return body;
    },
  };
}
