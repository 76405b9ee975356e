/**
 * A process with no catalogue in memory yet (just started) hit by many visitors at once builds it
 * once, not once per visitor: every request that needs it waits for the same build. (Found by the
 * bench: fifty connections on a cold embedded database queued fifty full builds, each dropping the
 * pages the previous one had let be cached.) A server builds it right after start-up too.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { portalRuntime, warmCatalogue } from '../../src/modules/portal/catalogue.snapshot';
import { testApp, type TestApp } from '../helpers/app';
import { PORTAL_NOW, seedPortalCatalogue } from '../helpers/portal-fixtures';

let t: TestApp;

beforeAll(async () => {
  t = await testApp({ clock: () => PORTAL_NOW, env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1' } });
  await seedPortalCatalogue(t);
});
afterAll(() => t?.close());

it('forty concurrent first requests build the catalogue once and all answer from it', async () => {
  const r = portalRuntime(t.deps);
  await r.chain;
  r.index = null;
  const before = r.generation;
  const urls = Array.from({ length: 40 }, (_, i) => (i % 2 ? `/san-pham?q=m${'a'.repeat(i % 5)}&page=${1 + (i % 7)}` : `/api/v1/catalogue/products?q=mat&page=${1 + i}`));
  const answers = await Promise.all(urls.map((url) => t.app.inject({ url })));
  expect(answers.map((a) => a.statusCode)).toEqual(urls.map(() => 200));
  expect(r.generation - before).toBe(1);
  expect(r.index).not.toBeNull();
});

it('warmCatalogue builds it before anyone asks, and once', async () => {
  const r = portalRuntime(t.deps);
  await r.chain;
  r.index = null;
  const before = r.generation;
  await Promise.all([warmCatalogue(t.deps), warmCatalogue(t.deps), t.app.inject({ url: '/san-pham' })]);
  expect(r.index).not.toBeNull();
  expect(r.generation - before).toBe(1);
});
