/**
 * Issue 18, item 6: an import job whose worker is gone (the process killed mid-way) must not stay
 * "importing" until the next restart. A running job keeps a heartbeat (written every few seconds
 * on PostgreSQL, through a connection other than the import's transaction); a sweep, run by the
 * server every minute, fails each running job whose heartbeat is older than the threshold and
 * that is not running in its own process, with the reason "interrupted, nothing was written".
 * Both engines: the row state a killed process leaves (written directly), a job with a fresh
 * heartbeat left alone, the job page and the API after the sweep, the timer of `serve`, a job of
 * this very process never swept. PostgreSQL only (another process's view): a worker waiting for
 * the import lock keeps its heartbeat fresh, and a worker declared gone writes nothing.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { importJobs } from '../../src/modules/imports/imports.tables';
import { startImport } from '../../src/modules/imports/import.service';
import { failRunningJobs } from '../../src/modules/imports/import.repository';
import { scheduleImportSweep, STALE_HEARTBEAT_MS, sweepInterruptedJobs } from '../../src/modules/imports/import.jobs';
import { certifiedCsv } from '../imports/fixtures/generate';
import { counts } from '../imports/fixtures/db';

let t: TestApp;
let now = new Date('2026-06-01T02:00:00Z');
let officer: AuthedUser;
const postgres = () => t.deps.database.engine === 'postgres';

beforeAll(async () => {
  t = await testApp({ clock: () => now, poolSize: 8 });
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38', login: true });
}, 60_000);
afterAll(() => t?.close());

const ago = (ms: number) => new Date(now.getTime() - ms);
const MIN = 60_000;

/** A job row as a worker leaves it: `heartbeatAt` is when it last showed it was alive. */
async function jobRow(values: Partial<typeof importJobs.$inferInsert>) {
  const [row] = await t.deps.database.db.insert(importJobs).values({
    kind: 'certified-products', fileName: 'big.csv', status: 'importing', totalRows: 20_000, processedRows: 14_000,
    createdBy: officer.user.id, createdAt: ago(20 * MIN), ...values,
  }).returning();
  return row!.id;
}
const rowOf = async (id: string) => (await t.deps.database.db.select().from(importJobs).where(eq(importJobs.id, id)))[0]!;

async function until(what: string, check: () => Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the sweep', () => {
  it('fails, in one pass, a job whose worker stopped showing it is alive; a job with a fresh heartbeat is left alone', async () => {
    // Killed 5 minutes ago, 20 minutes into a 20,000-row import: the old start-up rule (30 minutes
    // after creation, and only at a restart) would have left it "importing".
    const killed = await jobRow({ heartbeatAt: ago(5 * MIN) });
    const killedValidating = await jobRow({ status: 'validating', processedRows: 0, heartbeatAt: ago(3 * MIN) });
    const alive = await jobRow({ heartbeatAt: ago(30_000) });
    const finished = await jobRow({ status: 'succeeded', processedRows: 20_000, heartbeatAt: ago(60 * MIN), finishedAt: ago(59 * MIN) });

    expect(await sweepInterruptedJobs(t.ctx)).toBe(2);

    const k = await rowOf(killed);
    expect(k).toMatchObject({ status: 'failed', processedRows: 0, finishedAt: now });
    expect(k.errors).toEqual([{ row: 0, field: 'file', message: expect.stringMatching(/gián đoạn.*không có dòng nào được ghi/) }]);
    expect((await rowOf(killedValidating)).status).toBe('failed');
    expect(await rowOf(alive)).toMatchObject({ status: 'importing', processedRows: 14_000, finishedAt: null });
    expect((await rowOf(finished)).status).toBe('succeeded');
    // A second pass finds nothing more to do.
    expect(await sweepInterruptedJobs(t.ctx)).toBe(0);
  });

  it('the job page and the API show the failed state and the reason, in the reader\'s language', async () => {
    const killed = await jobRow({ heartbeatAt: ago(STALE_HEARTBEAT_MS + MIN) });
    const alive = await jobRow({ heartbeatAt: ago(10_000) });
    await sweepInterruptedJobs(t.ctx);

    const page = await t.app.inject({ url: `/admin/imports/${killed}`, headers: { cookie: officer.cookie!, accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers.refresh).toBeUndefined();
    expect(page.body).toContain('Có lỗi');
    expect(page.body).toContain('Lần nhập bị gián đoạn');
    expect(page.body).toContain('không có dòng nào được ghi');
    expect(page.body).not.toContain('Đã xử lý 14000');
    // Not "the file has 1 error: fix it": the file was not at fault.
    expect(page.body).not.toContain('Tệp có 1 lỗi');

    const api = json(await t.app.inject({ url: `/api/v1/imports/${killed}?lang=en`, headers: officer.headers() }));
    expect(api).toMatchObject({ status: 'failed', interrupted: true, processedRows: 0, stale: false, errorCount: 1 });
    expect(api.errors).toEqual([{ row: 0, field: 'file', message: expect.stringMatching(/interrupted.*nothing was written/) }]);
    const en = await t.app.inject({ url: `/admin/imports/${killed}?lang=en`, headers: { cookie: officer.cookie!, accept: 'text/html' } });
    expect(en.body).toContain('nothing was written');

    // The job still alive keeps showing its progress and refreshing.
    const running = await t.app.inject({ url: `/admin/imports/${alive}`, headers: { cookie: officer.cookie!, accept: 'text/html' } });
    expect(running.headers.refresh).toBe('2');
    expect(running.body).toContain('Đã xử lý 14000 / 20000 dòng');
    expect(json(await t.app.inject({ url: `/api/v1/imports/${alive}`, headers: officer.headers() })))
      .toMatchObject({ status: 'importing', interrupted: false, stale: false });
  });

  it('runs by itself: the server\'s timer fails an abandoned job within one pass, logs it, and stops', async () => {
    const killed = await jobRow({ heartbeatAt: ago(STALE_HEARTBEAT_MS + 1000) });
    const lines: string[] = [];
    const stop = scheduleImportSweep(t.deps, (msg, err) => { lines.push(err ? `ERROR ${msg}` : msg); }, 20);
    try {
      await until('the sweep', async () => (await rowOf(killed)).status === 'failed', 5000);
    } finally {
      stop();
    }
    expect(lines).toEqual([expect.stringMatching(/^imports: 1 interrupted import job\(s\) marked failed/)]);
  });

  it('never fails a job running in its own process, however old its heartbeat (PGlite cannot write one mid-transaction)', async () => {
    const before = await counts(t.deps);
    const started = await startImport(officer.ctx, 'certified-products', { name: 'small.csv', data: certifiedCsv(40, { offset: 7000 }) });
    now = new Date(now.getTime() + 10 * MIN);
    await sweepInterruptedJobs(t.ctx);
    const outcome = await started.done;
    expect(outcome.ok).toBe(true);
    expect((await rowOf(started.jobId)).status).toBe('succeeded');
    expect((await counts(t.deps)).certificates).toBe(before.certificates + 40);
  }, 60_000);
});

describe('several processes on one PostgreSQL', () => {
  /** Holds the import lock (as another process's import would) until `release()`. */
  async function holdImportLock() {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let held!: () => void;
    const holding = new Promise<void>((r) => { held = r; });
    const done = t.deps.database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(4242101)`);
      held();
      await gate;
    });
    await holding;
    return { release: async () => { release(); await done; } };
  }

  it('a worker waiting for the import lock keeps its heartbeat fresh: another process\'s sweep leaves it alone', async (c) => {
    if (!postgres()) c.skip();
    const lock = await holdImportLock();
    const started = await startImport(officer.ctx, 'certified-products', { name: 'wait.csv', data: certifiedCsv(30, { offset: 8000 }) }, { heartbeatMs: 20 });
    try {
      await until('the write to start', async () => (await rowOf(started.jobId)).status === 'importing');
      now = new Date(now.getTime() + 10 * MIN);
      await until('a heartbeat', async () => (await rowOf(started.jobId)).heartbeatAt?.getTime() === now.getTime());
      // Another process's sweep (it does not know this process's jobs).
      const message = 'interrupted';
      expect(await failRunningJobs(t.ctx, ago(STALE_HEARTBEAT_MS), [{ row: 0, field: 'file', message }], now)).toBe(0);
      expect((await rowOf(started.jobId)).status).toBe('importing');
    } finally {
      await lock.release();
    }
    expect((await started.done).ok).toBe(true);
    expect((await rowOf(started.jobId)).status).toBe('succeeded');
  }, 60_000);

  it('a worker declared gone (its job failed by a sweep) rolls back: the job stays failed and nothing is written', async (c) => {
    if (!postgres()) c.skip();
    const before = await counts(t.deps);
    const lock = await holdImportLock();
    const started = await startImport(officer.ctx, 'certified-products', { name: 'late.csv', data: certifiedCsv(30, { offset: 9000 }) });
    let released = false;
    try {
      await until('the write to start', async () => (await rowOf(started.jobId)).status === 'importing');
      // A sweep elsewhere decided the worker was gone (say its heartbeats stalled for minutes).
      await t.deps.database.db.update(importJobs).set({
        status: 'failed', processedRows: 0, finishedAt: now, errors: [{ row: 0, field: 'file', message: 'swept' }],
      }).where(eq(importJobs.id, started.jobId));
      await lock.release();
      released = true;
      const outcome = await started.done;
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.errors).toEqual([{ row: 0, field: 'file', message: expect.stringContaining('gián đoạn') }]);
    } finally {
      if (!released) await lock.release();
    }
    expect(await rowOf(started.jobId)).toMatchObject({ status: 'failed', errors: [{ row: 0, field: 'file', message: 'swept' }] });
    expect(await counts(t.deps)).toEqual(before);
  }, 60_000);
});
