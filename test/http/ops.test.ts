import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, json, testApp, type TestApp } from '../helpers/app';
import { routesOf } from '../../src/app';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(() => t?.close());

describe('operations endpoints', () => {
  it('GET /healthz answers 200 {"status":"ok"}', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 when the database answers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ status: 'ready', database: t.deps.database.engine });
  });

  it('GET /metrics exposes Prometheus text with the request duration histogram', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain('# TYPE http_request_duration_seconds histogram');
    expect(res.body).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/healthz"[^}]*\} [1-9]/);
  });

  it('GET /metrics is 404 from other addresses, unless METRICS_ALLOW lists them', async () => {
    const outside = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.7' });
    expectError(outside, 404, 'not_found');
    expect(outside.body).not.toContain('http_request_duration_seconds');
    const v6 = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '::1' });
    expect(v6.statusCode).toBe(200);
    const scraped = await testApp({ env: { METRICS_ALLOW: '203.0.113.0/24' } });
    try {
      expect((await scraped.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.7' })).statusCode).toBe(200);
      expectError(await scraped.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '198.51.100.7' }), 404, 'not_found');
    } finally {
      await scraped.close();
    }
  });
});

describe('security headers', () => {
  it('sets a strict CSP (frame-ancestors none), nosniff and a referrer policy', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    const csp = String(res.headers['content-security-policy'] ?? '');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('sets them on API errors too', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/definitely-not-a-route' });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('unknown routes', () => {
  it('answer 404 with the JSON error shape under /api/', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/definitely-not-a-route' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(json(res)).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('answer 404 JSON under /api/ even when the client asks for HTML', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(404);
    expect(json(res).error.code).toBe('not_found');
  });

  it('answer 404 for an unknown method on a known path', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/healthz' });
    expect(res.statusCode).toBe(404);
    expect(json(res).error.code).toBe('not_found');
  });
});

describe('OpenAPI', () => {
  it('GET /api/openapi.json is a valid OpenAPI 3 document listing the API routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/json/);
    const doc = json<{ openapi: string; info: { title: string }; paths: Record<string, Record<string, unknown>> }>(res);
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBeTruthy();
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
    expect(doc.paths['/api/v1/areas']?.get).toBeDefined();
    expect(doc.paths['/api/v1/auth/login']?.post).toBeDefined();
    // Hidden operational routes stay out of the public contract.
    expect(doc.paths['/healthz']).toBeUndefined();
  });

  it('lists every /api/v1 route the app serves, with each of its methods', async () => {
    const doc = json<{ paths: Record<string, Record<string, unknown>> }>(await t.app.inject({ url: '/api/openapi.json' }));
    // Wildcard twins (e.g. /api/v1/verify/* answering over-long codes as "unknown") are the same operation.
    const served = routesOf(t.app).filter((r) => r.url.startsWith('/api/v1/') && !r.url.endsWith('*'))
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(served.length).toBeGreaterThan(15);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(served.filter((r) => !documented.includes(r))).toEqual([]);
  });
});
