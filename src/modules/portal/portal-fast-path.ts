/**
 * The portal's fast path (docs/decisions/033): an anonymous GET of a public page or catalogue
 * answer already held in this process's page cache (page-cache.ts) is answered in front of the
 * web framework — the TV-programme case of one address asked for by thousands. It does exactly
 * what the route would do for such a request: the same per-IP budget, the same bytes and headers
 * (gzip for browsers that accept it), 304 on a matching If-None-Match. Anything else — a miss, a
 * session or bearer token, a `lang` switch, a feed not heard (the cache is then not trusted —
 * unless the database itself is away: what is held is served as it was, decisions/043),
 * another method, an over-limit caller — goes to the framework unchanged, which answers it (and
 * fills the cache).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fastifyCookie } from '@fastify/cookie';
import type { Deps } from '../../context';
import { allowedHost } from '../../config/env';
import { clientAddress, dayTicker } from '../../web/fast-path';
import { SECURITY_HEADERS } from '../../web/security-headers';
import { mayServePages, portalRuntime } from './catalogue.snapshot';
import { asksLanguage, pageKey, representation } from './portal-http';

export interface PortalFastPathOptions {
  /** The app's TRUST_PROXY list (empty: the socket address is the client). */
  trustProxy: readonly string[];
  /** Cookie names: a session makes the request the framework's; the language picks the page. */
  sessionCookie: string;
  langCookie: string;
}

const API_PREFIXES = ['/api/v1/catalogue/', '/api/v1/market/'];
/** Addresses the portal caches (portal-http.ts `portalCached` routes; /truy-xuat: the trace pages of lots, trace/trace-public.routes.tsx). */
const CACHED = /^\/(?:$|\?|san-pham(?:$|[/?])|cho-ocop(?:$|[/?])|tin-tuc(?:$|[/?])|chu-the\/|tinh\/|truy-xuat(?:$|[/?])|du-lieu-mo(?:$|\?)|api\/v1\/open-data(?:$|\?)|api\/v1\/catalogue\/(?:products|figures|provinces|producers)(?:$|[/?])|api\/v1\/market\/listings(?:$|[/?]))/;

export function portalFastPath(deps: Deps, opts: PortalFastPathOptions) {
  const clientIp = clientAddress(opts.trustProxy);
  const behindProxies = opts.trustProxy.length > 0;
  const runtime = portalRuntime(deps);
  const fixedOrigin = deps.env.PUBLIC_BASE_URL?.replace(/\/+$/, '') ?? null;
  /**
   * The origin the framework would render this request's links with (publicBase): PUBLIC_BASE_URL,
   * else the socket's scheme and the Host header when ALLOWED_HOSTS accepts it (else '': relative
   * links) — or null when a proxy's X-Forwarded-* headers would decide it (the framework answers those).
   */
  const originOf = (req: IncomingMessage): string | null => {
    if (fixedOrigin !== null) return fixedOrigin;
    const h = req.headers;
    if (h.host === undefined || (behindProxies && (h['x-forwarded-host'] !== undefined || h['x-forwarded-proto'] !== undefined))) return null;
    const host = allowedHost(deps.env, h.host);
    return host === null ? '' : `${(req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${host}`;
  };
  const today = dayTicker(deps.clock);

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url;
    if (req.method !== 'GET' || url === undefined || url.length > 2_000 || !CACHED.test(url) || asksLanguage(url)) return false;
    const day = today();
    if (req.headers.authorization !== undefined || !mayServePages(runtime, deps) || runtime.index?.today !== day) return false;
    const cookies: Record<string, string | undefined> = req.headers.cookie ? fastifyCookie.parse(req.headers.cookie) : {};
    if (cookies[opts.sessionCookie] !== undefined) return false;
    const locale = cookies[opts.langCookie] === 'en' ? 'en' : 'vi';
    const origin = originOf(req);
    if (origin === null) return false;
    const page = runtime.pages.get(pageKey(day, locale, origin, url));
    if (!page) return false;
    const limiter = API_PREFIXES.some((p) => url.startsWith(p)) ? runtime.apiLimiter : runtime.pageLimiter;
    // Over the budget: the route answers the 429.
    if (!limiter.take(clientIp(req)).allowed) return false;
    runtime.fastPathHits++;
    const answer = representation(page, req.headers['accept-encoding'], req.headers['if-none-match']);
    res.writeHead(answer.status, { ...SECURITY_HEADERS, ...answer.headers });
    res.end(answer.body ?? undefined);
    return true;
  };
}
