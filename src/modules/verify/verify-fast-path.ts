/**
 * The verification API's fast path (docs/decisions/010): `GET /api/v1/verify/<code>` answered
 * straight from the in-process cache, in front of the web framework, when the answer is already
 * held — the shop-shelf case of one code scanned again and again. It does exactly what the route
 * would do for such a request: the same per-IP budget (VerifyLimiter), the same bytes, the same
 * headers. Anything else — a miss, a stale or untrusted entry, a stamp serial (its scans are
 * counted), a query string, an over-limit caller, another method — goes to the framework
 * unchanged, which answers it (and fills the cache for the next scan).
 *
 * What a hit skips: routing, the hook chain, request logging and the request-duration metric.
 * Hits are counted instead (`verifyRuntime(deps).fastPathHits`, exported as a metric).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { Deps } from '../../context';
import { todayInVietnam } from '../../domain/dates';
import { verifyRuntime } from './verify-changes';
import { cacheKeyOf } from './verify.service';
import { API_RESPONSE_HEADERS } from './verify-headers';

const PREFIX = '/api/v1/verify/';

export interface FastPathOptions {
  /** The app's TRUST_PROXY list (empty: the socket address is the client). */
  trustProxy: readonly string[];
}

/** Serve the request if it is a cached verification answer; false: the framework answers it. */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

export function verifyFastPath(deps: Deps, opts: FastPathOptions): FastPath {
  const trust = opts.trustProxy.length ? proxyAddr.compile([...opts.trustProxy]) : null;
  const clientIp = (req: IncomingMessage) => (trust ? proxyAddr(req, trust) : req.socket.remoteAddress ?? '');
  let day = '';
  let dayUntil = 0;
  const today = () => {
    const now = Date.now();
    if (now >= dayUntil) {
      day = todayInVietnam(deps.clock());
      dayUntil = now + 1_000;
    }
    return day;
  };

  return (req, res) => {
    const url = req.url;
    if (req.method !== 'GET' || url === undefined || !url.startsWith(PREFIX)) return false;
    let raw = url.slice(PREFIX.length);
    if (raw.length === 0 || raw.length > 600 || raw.includes('/') || raw.includes('?')) return false;
    if (raw.includes('%')) {
      try {
        raw = decodeURIComponent(raw);
      } catch {
        return false;
      }
    }
    const key = cacheKeyOf(raw);
    if (key === null) return false;
    const runtime = verifyRuntime(deps);
    const { cache, limiter } = runtime;
    const entry = cache.get(key);
    if (!entry || entry.facts.stamp || !cache.isFresh(entry)) return false;
    const json = entry.json;
    if (!json || json.day !== today()) return false;
    if (!limiter.take(clientIp(req)).allowed) {
      // Over the budget: the route answers the 429 (its hook counts this request once more,
      // which changes nothing for a caller already over).
      return false;
    }
    runtime.fastPathHits++;
    res.writeHead(200, { ...API_RESPONSE_HEADERS, 'content-length': Buffer.byteLength(json.body) });
    res.end(json.body);
    return true;
  };
}
