/** Import jobs a stopped process left running are failed at the next start, engine-aware. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { freshDeps, type TestDeps } from '../helpers/db';
import { systemCtx } from '../helpers/users';
import { importJobs } from '../../src/modules/imports/imports.tables';
import { failInterruptedJobs, STALE_JOB_MINUTES } from '../../src/modules/imports/import.service';

const now = new Date('2026-05-04T09:00:00Z');
let deps: TestDeps;
beforeAll(async () => { deps = await freshDeps({ clock: () => now }); });
afterAll(() => deps.cleanup());

const job = async (status: 'validating' | 'importing' | 'succeeded', minutesAgo: number) => {
  const [row] = await deps.database.db.insert(importJobs).values({
    kind: 'producers', fileName: 'x.csv', status, createdAt: new Date(now.getTime() - minutesAgo * 60_000),
  }).returning();
  return row!.id;
};
const statusOf = async (id: string) =>
  (await deps.database.db.select().from(importJobs).where(eq(importJobs.id, id)))[0]!;

it('fails running jobs (all of them on PGlite, only stale ones on PostgreSQL) and leaves finished ones', async () => {
  const recent = await job('importing', 1);
  const stale = await job('validating', STALE_JOB_MINUTES + 5);
  const finished = await job('succeeded', STALE_JOB_MINUTES + 5);

  const n = await failInterruptedJobs(systemCtx(deps));
  const pglite = deps.database.engine === 'pglite';
  expect(n).toBe(pglite ? 2 : 1);
  expect((await statusOf(stale)).status).toBe('failed');
  expect((await statusOf(stale)).finishedAt).toEqual(now);
  expect((await statusOf(stale)).errors).toEqual([expect.objectContaining({ row: 0, field: 'file', message: expect.stringContaining('gián đoạn') })]);
  // Another process may still be running a recent job on a shared PostgreSQL.
  expect((await statusOf(recent)).status).toBe(pglite ? 'failed' : 'importing');
  expect((await statusOf(finished)).status).toBe('succeeded');
});
