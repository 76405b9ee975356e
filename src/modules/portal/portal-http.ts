/**
 * HTTP caching of the public portal (docs/decisions/033): what anonymous visitors get from the
 * catalogue pages and the catalogue API is
 * - shareable: `Cache-Control: public, max-age=0, s-maxage=1, stale-while-revalidate=10` — a proxy
 *   or CDN may serve it for a second (the freshness budget) and refresh it in the background,
 *   browsers ask again each time; `Vary: Cookie` (the language cookie; a session makes it private);
 * - validated: a strong ETag (digest of the bytes) and 304 on a matching If-None-Match;
 * - compressed: gzipped once when stored, sent so to browsers that accept it (its own strong ETag;
 *   `Vary: Cookie, Accept-Encoding`; web/compression.ts, docs/decisions/035);
 * - kept in this process's page cache (page-cache.ts), from which portal-fast-path.ts answers the
 *   next request for the same day, language and address without entering the framework.
 * Signed-in people get `private, no-cache` and nothing is stored. A page that sets a cookie (a
 * `?lang=` switch) or carries a per-browser form token is never stored or shared.
 *
 * The routes opt in with `portalCached(deps, 'page' | 'api')`, which also replaces helmet and the
 * app-wide rate limit by the same headers and per-IP budgets the fast path applies.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import { AppError } from '../../errors';
import { todayInVietnam } from '../../domain/dates';
import { acceptsGzip, gzipEtag, gzipOf } from '../../web/compression';
import { SECURITY_HEADERS } from '../../web/security-headers';
import { publicBase } from '../certification/certification.routes';
import { mayServePages, mayStorePages, portalRuntime } from './catalogue.snapshot';
import type { PageAnswer } from './page-cache';

export const PUBLIC_CACHE = 'public, max-age=0, s-maxage=1, stale-while-revalidate=10';
export const PRIVATE_CACHE = 'private, no-cache';
/** A public answer depends on the language cookie (and a session) and on the encodings accepted. */
export const PUBLIC_VARY = 'Cookie, Accept-Encoding';
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

/**
 * What a request gets of a public answer: the gzip when the browser accepts it, else the bytes as
 * they are (unzipped when only the gzip is held) — or a 304 when If-None-Match names either
 * representation (the content is the same).
 */
export function representation(answer: PageAnswer, acceptEncoding: string | string[] | undefined, ifNoneMatch: string | undefined) {
  const zipped = answer.gzip !== null && acceptsGzip(acceptEncoding);
  const etag = zipped ? gzipEtag(answer.etag) : answer.etag;
  const headers: Record<string, string | number> = { ...answer.extra, 'cache-control': PUBLIC_CACHE, vary: PUBLIC_VARY, etag };
  if (etagMatches(ifNoneMatch, answer.etag) || (answer.gzip !== null && etagMatches(ifNoneMatch, gzipEtag(answer.etag)))) {
    return { status: 304 as const, headers, body: null };
  }
  const body = zipped ? answer.gzip! : answer.body ?? gunzipSync(answer.gzip!);
  headers['content-type'] = answer.contentType;
  if (zipped) headers['content-encoding'] = 'gzip';
  headers['content-length'] = body.length;
  return { status: 200 as const, headers, body };
}

/** A `lang` parameter in the address: the framework answers it (it sets the language cookie). */
export const asksLanguage = (url: string) => /[?&]lang=/.test(url);

const started = new WeakMap<FastifyRequest, number>();
/** Requests answered from the page cache by the route's own hook. */
const served = new WeakSet<FastifyRequest>();

/**
 * `maxAgeMs`: how long a held answer may be served, for answers that change without a change
 * notice (the market's exact stock, decisions/036); by default until the next notice.
 */
export function portalCached(deps: Deps, kind: 'page' | 'api', opts: { maxAgeMs?: number } = {}) {
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
      const held = !req.ctx.actor && mayServePages(runtime, deps) && !asksLanguage(req.url)
        ? runtime.pages.get(pageKey(todayInVietnam(deps.clock()), req.ctx.locale, publicBase(req, deps), req.url)) : undefined;
      if (!held) return done();
      served.add(req);
      const answer = representation(held, req.headers['accept-encoding'], req.headers['if-none-match']);
      void reply.headers(answer.headers).code(answer.status).send(answer.body ?? undefined);
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
      if (personal) {
        reply.header('cache-control', PRIVATE_CACHE).header('vary', 'Cookie').header('etag', etag);
        if (!etagMatches(req.headers['if-none-match'], etag)) return body;
        reply.code(304).removeHeader('content-type');
        return '';
      }
      const contentType = String(reply.getHeader('content-type') ?? '');
      const extra: Record<string, string> = {};
      for (const h of KEPT_HEADERS) if (reply.hasHeader(h)) extra[h] = String(reply.getHeader(h));
      const held: PageAnswer = { body, etag, contentType, extra, gzip: gzipOf(body, contentType) };
      if (started.get(req) === runtime.generation && mayStorePages(runtime) && !asksLanguage(req.url)) {
        // Held as the gzip alone where there is one (six times more pages in the same bytes).
        runtime.pages.set(pageKey(todayInVietnam(deps.clock()), req.ctx.locale, publicBase(req, deps), req.url), held.gzip ? { ...held, body: null } : held, opts.maxAgeMs);
      }
      const answer = representation(held, req.headers['accept-encoding'], req.headers['if-none-match']);
      reply.headers(answer.headers).code(answer.status);
      if (answer.status === 304) reply.removeHeader('content-type').removeHeader('content-length');
      return answer.body ?? '';
    },
  };
}
