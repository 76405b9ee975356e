import { Registry, collectDefaultMetrics, Histogram, Counter, Gauge } from 'prom-client';
import { verifyRuntime } from '../verify/verify-changes';
import { isTrusted, portalRuntime } from '../portal/catalogue.snapshot';
import { z } from 'zod';
import { ping } from '../../db/client';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { AppError } from '../../errors';
import { addressList, LOOPBACK } from '../../web/address-list';

/** Liveness, readiness and Prometheus metrics. Each app gets its own metrics registry. */
export function registerOps(app: App, deps: Deps) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'http_server_errors_total', help: 'Responses with status >= 500', registers: [registry],
  });
  // Cached verification answers served in front of the framework are not in the histogram above.
  new Counter({
    name: 'verify_fast_path_hits_total', help: 'Verification answers served from the cache before routing', registers: [registry],
    collect() { this.reset(); this.inc(verifyRuntime(deps).fastPathHits); },
  });
  // The public portal served from memory (decisions/033).
  const portal = portalRuntime(deps);
  const counter = (name: string, help: string, value: () => number) =>
    new Counter({ name, help, registers: [registry], collect() { this.reset(); this.inc(value()); } });
  const gauge = (name: string, help: string, value: () => number) =>
    new Gauge({ name, help, registers: [registry], collect() { this.set(value()); } });
  counter('portal_fast_path_hits_total', 'Portal pages and catalogue answers served from the page cache before routing', () => portal.fastPathHits);
  counter('portal_page_cache_hits_total', 'Page cache hits (fast path and routes)', () => portal.pages.hits);
  counter('portal_page_cache_misses_total', 'Page cache misses', () => portal.pages.misses);
  counter('portal_page_cache_evictions_total', 'Pages evicted to stay within the byte budget', () => portal.pages.evictions);
  gauge('portal_page_cache_bytes', 'Bytes of the pages held', () => portal.pages.bytes);
  gauge('portal_page_cache_entries', 'Pages held', () => portal.pages.size);
  gauge('portal_change_feed_connected', '1 while both change feeds are heard (pages may be cached), else 0', () => (isTrusted(portal) ? 1 : 0));

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    duration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) errors.inc();
  });

  app.get('/healthz', {
    config: { access: 'public', rateLimit: false },
    schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', {
    config: { access: 'public', rateLimit: false },
    schema: { hide: true },
  }, async (_req, reply) => {
    try {
      await ping(deps.database.db);
      return { status: 'ready', database: deps.database.engine };
    } catch {
      return reply.code(503).header('retry-after', '2').send({ status: 'unavailable', database: deps.database.engine });
    }
  });

  // Operators' figures, not the public's: loopback and METRICS_ALLOW only; others see no such page.
  const scraper = addressList(deps.env.METRICS_ALLOW, LOOPBACK);
  app.get('/metrics', {
    config: { access: 'public', rateLimit: false },
    schema: { hide: true },
  }, async (req, reply) => {
    if (!scraper(req.ip)) throw new AppError('not_found', 'not found');
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
