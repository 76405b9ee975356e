/**
 * The verification fast path (docs/decisions/010): a scan of a code whose answer is already
 * held in the in-process cache is answered in front of the web framework — the shop-shelf case
 * of one code scanned again and again. Two requests qualify:
 * - `GET /api/v1/verify/<code>`: the cached JSON bytes;
 * - `GET /v/<code>` from an anonymous browser: the cached page bytes around the browser's form
 *   token (the pre-session CSRF cookie, set here when missing, exactly as auth.plugin.ts
 *   `preSessionCsrf` does).
 * It does exactly what the route would do for such a request: the same per-IP budget
 * (VerifyLimiter), the same bytes, the same headers. Anything else — a miss, a stale or untrusted
 * entry, a page not rendered yet in that language, a stamp serial (its scans are counted), a
 * query string, a session or bearer token, an over-limit caller, another method — goes to the
 * framework unchanged, which answers it (and fills the cache for the next scan).
 *
 * What a hit skips: routing, the hook chain, request logging and the request-duration metric.
 * Hits are counted instead (`verifyRuntime(deps).fastPathHits`, exported as a metric).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fastifyCookie } from '@fastify/cookie';
import type { Deps } from '../../context';
import { clientAddress, dayTicker } from '../../web/fast-path';
import { randomToken } from '../identity/tokens';
import { isPreCsrfToken, LANG_COOKIE, PRE_CSRF_COOKIE, preCsrfCookieOptions, SESSION_COOKIE } from '../identity/auth.plugin';
import { verifyRuntime } from './verify-changes';
import { pageWithToken, type CacheEntry } from './verify-cache';
import { cacheKeyOf } from './verify.service';
import { API_RESPONSE_HEADERS, PAGE_RESPONSE_HEADERS } from './verify-headers';

const API_PREFIX = '/api/v1/verify/';
const PAGE_PREFIX = '/v/';

export interface FastPathOptions {
  /** The app's TRUST_PROXY list (empty: the socket address is the client). */
  trustProxy: readonly string[];
}

/** Serve the request if it is a cached verification answer; false: the framework answers it. */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

export function verifyFastPath(deps: Deps, opts: FastPathOptions): FastPath {
  const clientIp = clientAddress(opts.trustProxy);
  const today = dayTicker(deps.clock);

  /** The cached entry of `/<prefix><code>` when it can be answered from memory. */
  const cachedEntry = (url: string, prefix: string): CacheEntry | null => {
    let raw = url.slice(prefix.length);
    if (raw.length === 0 || raw.length > 600 || raw.includes('/') || raw.includes('?')) return null;
    if (raw.includes('%')) {
      try {
        raw = decodeURIComponent(raw);
      } catch {
        return null;
      }
    }
    const key = cacheKeyOf(raw);
    if (key === null) return null;
    const { cache } = verifyRuntime(deps);
    const entry = cache.get(key);
    return entry && !entry.facts.stamp && cache.isFresh(entry) ? entry : null;
  };

  const api = (req: IncomingMessage, res: ServerResponse, url: string): boolean => {
    const entry = cachedEntry(url, API_PREFIX);
    const json = entry?.json;
    if (!json || json.day !== today()) return false;
    const runtime = verifyRuntime(deps);
    // Over the budget: the route answers the 429 (its hook counts this request once more,
    // which changes nothing for a caller already over).
    if (!runtime.limiter.take(clientIp(req)).allowed) return false;
    runtime.fastPathHits++;
    res.writeHead(200, { ...API_RESPONSE_HEADERS, 'content-length': Buffer.byteLength(json.body) });
    res.end(json.body);
    return true;
  };

  const page = (req: IncomingMessage, res: ServerResponse, url: string): boolean => {
    if (req.headers.authorization !== undefined) return false;
    // The framework's own cookie parser; a signed-in page is never cached.
    const cookies: Record<string, string | undefined> = req.headers.cookie ? fastifyCookie.parse(req.headers.cookie) : {};
    if (cookies[SESSION_COOKIE] !== undefined) return false;
    const entry = cachedEntry(url, PAGE_PREFIX);
    if (!entry) return false;
    const locale = cookies[LANG_COOKIE] === 'en' ? 'en' : 'vi';
    const bytes = entry.pages.get(`${today()}|${locale}|${url}`);
    if (!bytes) return false;
    let token = cookies[PRE_CSRF_COOKIE];
    let setCookie: string | undefined;
    if (token === undefined || !isPreCsrfToken(token)) {
      let secure = deps.env.COOKIE_SECURE === 'true';
      if (deps.env.COOKIE_SECURE === 'auto') {
        // The framework decides https behind proxies; leave those to it.
        if ((req.socket as { encrypted?: boolean }).encrypted || req.headers['x-forwarded-proto'] !== undefined) return false;
        secure = false;
      }
      token = randomToken(24);
      setCookie = fastifyCookie.serialize(PRE_CSRF_COOKIE, token, preCsrfCookieOptions(secure));
    }
    const runtime = verifyRuntime(deps);
    if (!runtime.pageLimiter.take(clientIp(req)).allowed) return false;
    runtime.fastPathHits++;
    const body = pageWithToken(bytes, token);
    const headers: Record<string, string | number> = { ...PAGE_RESPONSE_HEADERS, 'content-length': body.length };
    if (setCookie) headers['set-cookie'] = setCookie;
    res.writeHead(200, headers);
    res.end(body);
    return true;
  };

  return (req, res) => {
    const url = req.url;
    if (req.method !== 'GET' || url === undefined) return false;
    if (url.startsWith(API_PREFIX)) return api(req, res, url);
    if (url.startsWith(PAGE_PREFIX)) return page(req, res, url);
    return false;
  };
}
