/**
 * Load shedding (issue 18, item 11; decisions/043): more work than the database can take is refused
 * at once with 503 + Retry-After instead of queueing for tens of seconds. The embedded database as a
 * server runs it (on its own thread, decision 034), or PostgreSQL's pool (DATABASE_URL), with small
 * bounds (DB_QUEUE_MAX=4, DB_QUEUE_WAIT_MS=300) so a test-sized flood crosses them:
 * - a flood of Bearer-token API calls: some answered 200, the rest 503 + Retry-After quickly, no 500;
 *   meanwhile health, readiness and static assets answer 200 (never shed);
 * - the database held by a long transaction: calls that waited longer than DB_QUEUE_WAIT_MS are
 *   refused then, not when the transaction ends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepare } from '../../src/bootstrap';
import { readEnv } from '../../src/config/env';
import { buildApp } from '../../src/app';
import type { App } from '../../src/web/http';
import { asUser, json, type AuthedUser, type InjectResponse } from '../helpers/app';
import { freshDeps, testDbInfo, type TestDeps } from '../helpers/db';

const LIMITS = { DB_QUEUE_MAX: '4', DB_QUEUE_WAIT_MS: '300' };
const ENV = { ...LIMITS, RATE_LIMIT_ALLOWLIST: '127.0.0.1' };
const engine = testDbInfo().engine;

/** The embedded database on its own thread, as `ocop serve` opens it (freshDeps keeps it in the test's thread). */
async function threadDeps(): Promise<TestDeps> {
  const info = testDbInfo();
  if (info.engine !== 'pglite') throw new Error('PGlite only');
  const bytes = await readFile(info.snapshot);
  const dataDir = await mkdtemp(join(tmpdir(), 'ocop-shed-'));
  const deps = await prepare({
    env: readEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', OCOP_DATA_DIR: dataDir, ...ENV }),
    database: { memory: { loadDataDir: new Blob([new Uint8Array(bytes)]) }, thread: true },
    skipMigrate: true,
  });
  return Object.assign(deps, { cleanup: async () => { await deps.database.close(); await rm(dataDir, { recursive: true, force: true }); } });
}

let deps: TestDeps;
let app: App;
let officer: AuthedUser;

beforeAll(async () => {
  deps = engine === 'pglite' ? await threadDeps() : await freshDeps({ poolSize: 2, env: ENV });
  app = await buildApp({ deps, logger: false });
  await app.ready();
  officer = await asUser(app, deps, { role: 'province_officer', areaCode: '38' });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await deps?.cleanup();
});

interface Timed { res: InjectResponse; ms: number }
const timed = async (p: () => Promise<InjectResponse>): Promise<Timed> => {
  const t0 = performance.now();
  const res = await p();
  return { res, ms: performance.now() - t0 };
};
const apiCall = () => app.inject({ url: '/api/v1/producers?pageSize=50', headers: officer.headers() });
const statuses = (list: Timed[]) => {
  const by: Record<number, number> = {};
  for (const { res } of list) by[res.statusCode] = (by[res.statusCode] ?? 0) + 1;
  return by;
};
function expectShed(t: Timed) {
  expect(t.res.statusCode).toBe(503);
  expect(t.res.headers['retry-after']).toMatch(/^\d+$/);
  expect(t.res.headers['cache-control']).toBe('no-store');
  expect(json(t.res).error.code).toBe('service_unavailable');
}

describe(`load shedding (${engine})`, () => {
  it('a flood: some answered, the rest refused at once with 503 + Retry-After, no 500; health, readiness and assets never shed', async () => {
    expect((await apiCall()).statusCode).toBe(200);
    const flood = Array.from({ length: 300 }, () => timed(apiCall));
    // Asked while the flood is waiting: answered, not shed.
    const side = await Promise.all([
      timed(() => app.inject({ url: '/healthz' })),
      timed(() => app.inject({ url: '/readyz' })),
      timed(() => app.inject({ url: '/static/app.css' })),
    ]);
    const answers = await Promise.all(flood);
    const by = statuses(answers);
    expect(Object.keys(by).sort(), JSON.stringify(by)).toEqual(['200', '503']);
    expect(by[200]).toBeGreaterThanOrEqual(1);
    expect(by[503]).toBeGreaterThanOrEqual(100);
    for (const t of answers.filter((a) => a.res.statusCode === 503)) expectShed(t);
    expect(json(answers.find((a) => a.res.statusCode === 503)!.res).error.message).toMatch(/busy/);
    expect(side.map((s) => s.res.statusCode)).toEqual([200, 200, 200]);
    // Nobody waited for long: the bound is 300 ms of waiting for the database (the rest is the
    // work itself and 300 requests in one process on a small machine).
    const slowest = Math.max(...answers.map((a) => a.ms));
    expect(slowest, JSON.stringify(by)).toBeLessThan(5_000);
    // Once the flood is over, the next call is answered.
    expect((await apiCall()).statusCode).toBe(200);
    console.log(`flood of 300 (${engine}): ${JSON.stringify(by)}, slowest ${Math.round(slowest)} ms, median 503 `
      + `${Math.round(answers.filter((a) => a.res.statusCode === 503).map((a) => a.ms).sort((x, y) => x - y)[Math.floor(by[503]! / 2)]!)} ms`);
  }, 60_000);

  it('the database held by a long transaction: calls that waited longer than DB_QUEUE_WAIT_MS are refused then, not when it ends', async () => {
    const HOLD_MS = 3_000;
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let holding = 0;
    // PGlite: one transaction holds the whole database. PostgreSQL: both connections of the pool.
    const hold = (n: number) => deps.database.db.transaction(async (tx) => {
      await tx.execute('select 1' as never);
      holding++;
      await gate;
    }).then(() => n);
    const holds = engine === 'pglite' ? [hold(1)] : [hold(1), hold(2)];
    while (holding < holds.length) await new Promise((r) => setTimeout(r, 5));
    const t0 = performance.now();
    const calls = Array.from({ length: 8 }, () => timed(apiCall));
    // The queue is full now: a person's page is turned away at the door, before it reads anything — in Vietnamese.
    await new Promise((r) => setTimeout(r, 20));
    const page = await timed(() => app.inject({ url: '/admin', headers: { ...officer.headers(), accept: 'text/html' } }));
    expect(page.res.statusCode).toBe(503);
    expect(page.res.headers['retry-after']).toMatch(/^\d+$/);
    expect(page.res.body).toContain('Hệ thống đang có quá nhiều yêu cầu cùng lúc');
    expect(page.ms).toBeLessThan(1_000);
    const released = new Promise<number>((r) => setTimeout(() => { release(); r(performance.now() - t0); }, HOLD_MS));
    const answers = await Promise.all(calls);
    const releasedAt = await released;
    await Promise.all(holds);
    const refused = answers.filter((a) => a.res.statusCode === 503);
    expect(answers.filter((a) => a.res.statusCode !== 503 && a.res.statusCode !== 200), JSON.stringify(statuses(answers))).toEqual([]);
    // Beyond the queue's four: refused at once; the four that queued: refused after 300 ms of waiting.
    expect(refused.length, JSON.stringify(statuses(answers))).toBeGreaterThanOrEqual(6);
    for (const t of refused) {
      expectShed(t);
      expect(t.ms).toBeLessThan(1_500);
    }
    expect(refused.filter((t) => t.ms >= 290).length).toBeGreaterThanOrEqual(4);
    expect(releasedAt).toBeGreaterThanOrEqual(HOLD_MS - 10);
    // The embedded database's two calls already at its thread wait for the transaction and are answered.
    for (const t of answers.filter((a) => a.res.statusCode === 200)) expect(t.ms).toBeGreaterThanOrEqual(HOLD_MS - 50);
    expect((await apiCall()).statusCode).toBe(200);
  }, 60_000);
});
