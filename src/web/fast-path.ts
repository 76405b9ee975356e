/**
 * What the fast paths in front of the web framework (verify-fast-path.ts, portal-fast-path.ts)
 * share: the client's address as Fastify reads it, and today's date read at most once a second.
 */
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import { todayInVietnam } from '../domain/dates';

/** The client's address: the socket's, or through the proxies of TRUST_PROXY (as Fastify's req.ip). */
export function clientAddress(trustProxy: readonly string[]): (req: IncomingMessage) => string {
  const trust = trustProxy.length ? proxyAddr.compile([...trustProxy]) : null;
  return (req) => (trust ? proxyAddr(req, trust) : req.socket.remoteAddress ?? '');
}

/** Today in Viet Nam by the app clock, computed again at most once a second. */
export function dayTicker(clock: () => Date): () => string {
  let day = '';
  let dayUntil = 0;
  return () => {
    const now = Date.now();
    if (now >= dayUntil) {
      day = todayInVietnam(clock());
      dayUntil = now + 1_000;
    }
    return day;
  };
}
