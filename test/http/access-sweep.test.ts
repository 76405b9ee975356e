/**
 * Every route the app serves, swept: anonymous callers get 401 on everything that is not public,
 * and an officer of one province cannot read or change another province's producers and
 * products through any route that takes their id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { asUser, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { AREAS, buildProducer, buildProduct } from '../helpers/builders';
import { routesOf } from '../../src/app';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(() => t?.close());

/** A concrete URL for a route pattern: every `:param` (and `*`) replaced. */
const fill = (url: string, values: Record<string, string> = {}) =>
  url.replace(/:(\w+)/g, (_, name: string) => values[name] ?? randomUUID()).replace('*', 'x');

describe('anonymous callers', () => {
  it('get 401 unauthenticated from every non-public route (and the sweep covers them all)', async () => {
    const guarded = routesOf(t.app).filter((r) => r.access !== 'public');
    expect(guarded.length).toBeGreaterThan(30);
    const wrong: string[] = [];
    for (const r of guarded) {
      const url = fill(r.url, { kind: 'producers', version: '1048-2019', productSetCode: '1', old: '01', variant: 'thumb' });
      const res = await t.app.inject({ method: r.method as 'GET', url });
      if (res.statusCode !== 401 || json(res).error?.code !== 'unauthenticated') wrong.push(`${r.method} ${r.url} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('public routes stay public', async () => {
    const open = routesOf(t.app).filter((r) => r.access === 'public' && r.method === 'GET' && !r.url.includes(':') && !r.url.includes('*'));
    expect(open.map((r) => r.url)).toEqual(expect.arrayContaining(['/healthz', '/api/v1/areas', '/login']));
    for (const r of open) expect((await t.app.inject({ url: r.url })).statusCode, r.url).not.toBe(401);
  });
});

describe('another province', () => {
  let thanhHoa: AuthedUser;
  beforeAll(async () => { thanhHoa = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa }); });

  it('cannot read or change a Hà Nội producer or product through any route taking its id', async () => {
    const producer = await buildProducer(t.ctx, { communeCode: AREAS.hoanKiem });
    const product = await buildProduct(t.ctx, { producerId: producer.id });
    const targets = routesOf(t.app).filter((r) => r.access !== 'public'
      && /^\/(api\/v1|admin|media)\/(producers|products)\/:id/.test(r.url));
    expect(targets.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    for (const r of targets) {
      const id = r.url.includes('producers') ? producer.id : product.id;
      const url = fill(r.url, { id, variant: 'thumb' });
      const body = ['POST', 'PATCH', 'PUT'].includes(r.method) ? { name: 'Đổi tên', imageIds: [] } : undefined;
      const res = await t.app.inject({
        method: r.method as 'GET', url, headers: thanhHoa.headers({ accept: 'application/json' }),
        ...(body ? { payload: body } : {}),
      });
      // Reads: not found. Writes: refused before or at the lookup (bad body, wrong type, not found).
      const ok = r.method === 'GET' ? [404] : [400, 403, 404, 415];
      if (!ok.includes(res.statusCode)) wrong.push(`${r.method} ${r.url} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
    // And nothing changed.
    const admin = await asUser(t.app, t.deps, { role: 'national_admin' });
    expect(json(await t.app.inject({ url: `/api/v1/producers/${producer.id}`, headers: admin.headers() })).name).toBe(producer.name);
    expect(json(await t.app.inject({ url: `/api/v1/products/${product.id}`, headers: admin.headers() })).name).toBe(product.name);
  });
});
