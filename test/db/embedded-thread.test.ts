/**
 * The embedded database on its own thread (src/db/embedded.ts, decision 034) answers as PGlite does
 * in one thread — values, errors, transactions, notices, dumps — and leaves the app's thread free
 * while a query runs. Runs on every engine: it is about the embedded engine itself.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Database } from '../../src/db/client';
import { ROOT } from '../../src/paths';

let dir: string;
let database: Database;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ocop-test-data-thread-'));
  database = await openDatabase({ dataDir: dir });
  await database.pglite!.exec(`
    create table t (id int primary key, at timestamptz, day date, doc jsonb, big int8, bytes bytea, tags text[], n numeric);
  `);
}, 60_000);
afterAll(async () => {
  await database?.close();
  await rm(dir, { recursive: true, force: true });
});

it('runs on its own thread by default for a data directory', () => {
  expect(database.pglite!.constructor.name).not.toBe('PGlite');
});

it('returns values as PGlite does in one thread, dates as PostgreSQL text through drizzle', async () => {
  await database.db.execute(sql`insert into t values (1, '2026-03-04 05:06:07+07', '2026-03-04', ${JSON.stringify({ a: [1, 'ư'] })}::jsonb,
    9007199254740993, ${Buffer.from([0, 1, 255])}, array['a','b'], 12.50)`);
  const [r] = await rows<Record<string, unknown>>(database.db, sql`select * from t where id = 1`);
  expect(r).toMatchObject({ id: 1, day: '2026-03-04', doc: { a: [1, 'ư'] }, tags: ['a', 'b'], n: '12.50' });
  expect(String(r!.at)).toMatch(/^2026-03-0[34] /);
  expect(String(r!.big)).toBe('9007199254740993');
  expect([...(r!.bytes as Uint8Array)]).toEqual([0, 1, 255]);
});

it('keeps a database error\'s code and detail', async () => {
  const err = await database.db.execute(sql`insert into t (id) values (1)`).then(() => null, (e: unknown) => e as Record<string, unknown>);
  const cause = (err?.cause ?? err) as Record<string, unknown>;
  expect(cause.code).toBe('23505');
  expect(String(cause.detail)).toContain('(id)=(1)');
});

it('commits a transaction, rolls back a failed one and its savepoints', async () => {
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`insert into t (id) values (10)`);
    await tx.transaction(async (inner) => {
      await inner.execute(sql`insert into t (id) values (11)`);
      inner.rollback();
    }).catch(() => {});
  });
  await expect(database.db.transaction(async (tx) => {
    await tx.execute(sql`insert into t (id) values (12)`);
    throw new Error('stop');
  })).rejects.toThrow('stop');
  const ids = (await rows<{ id: number }>(database.db, sql`select id from t where id >= 10 order by id`)).map((r) => r.id);
  expect(ids).toEqual([10]);
});

it('holds other queries behind an open transaction, then answers them', async () => {
  const order: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const held = database.db.transaction(async (tx) => {
    await tx.execute(sql`update t set n = 1 where id = 10`);
    order.push('tx open');
    await gate;
    order.push('tx ends');
  });
  while (!order.length) await new Promise((r) => setTimeout(r, 5));
  const outside = rows<{ n: string }>(database.db, sql`select n::text from t where id = 10`).then((r) => { order.push('outside'); return r; });
  await new Promise((r) => setTimeout(r, 50));
  expect(order).toEqual(['tx open']);
  release();
  await held;
  expect((await outside)[0]!.n).toBe('1');
  expect(order).toEqual(['tx open', 'tx ends', 'outside']);
});

it('delivers a notice once its transaction commits, never for a rolled back one', async () => {
  const heard: string[] = [];
  const stop = await database.pglite!.listen('ocop_thread_test', (p) => heard.push(p));
  await database.db.transaction(async (tx) => { await tx.execute(sql`select pg_notify('ocop_thread_test', 'kept')`); });
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_notify('ocop_thread_test', 'dropped')`);
    throw new Error('undo');
  }).catch(() => {});
  await database.db.execute(sql`select 1`);
  expect(heard).toEqual(['kept']);
  await stop();
  await database.db.execute(sql`select pg_notify('ocop_thread_test', 'after')`);
  expect(heard).toEqual(['kept']);
});

it('leaves the app\'s thread free while a long query runs', async () => {
  let ticks = 0;
  const timer = setInterval(() => { ticks++; }, 10);
  try {
    await database.db.execute(sql`select count(*) from generate_series(1, 3000000)`);
  } finally {
    clearInterval(timer);
  }
  expect(ticks).toBeGreaterThan(3);
});

it('dumps the data directory, which opens in memory as it was', async () => {
  const dump = await database.pglite!.dumpDataDir('gzip');
  const copy = await openDatabase({ memory: { loadDataDir: dump } });
  try {
    const ids = (await rows<{ id: number }>(copy.db, sql`select id from t order by id`)).map((r) => r.id);
    expect(ids).toEqual([1, 10]);
  } finally {
    await copy.close();
  }
}, 60_000);

it('refuses calls once closed, with a clear message', async () => {
  const other = await openDatabase({ memory: {}, thread: true });
  await other.close();
  expect(other.pglite!.closed).toBe(true);
  const err = await rows(other.db, sql`select 1`).then(() => null, (e: Error) => e);
  expect(String((err?.cause as Error | undefined)?.message ?? err?.message)).toMatch(/embedded database is closed/);
}, 60_000);

it('keeps a process alive while it waits for the thread, and lets it end afterwards', async () => {
  // A script that only waits for the database: it must print both lines and exit by itself.
  const script = join(dir, 'wait.mts');
  await writeFile(script, `
    import { openDatabase } from ${JSON.stringify(join(ROOT, 'src', 'db', 'client.ts'))};
    const d = await openDatabase({ dataDir: ${JSON.stringify(join(dir, 'other'))} });
    await d.pglite!.query('select pg_sleep(0.2)');
    console.log('answered');
    await d.close();
    console.log('closed');
  `);
  const out = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    execFile(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), script], { cwd: ROOT, timeout: 60_000 }, (err, stdout) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout });
    });
  });
  expect(out).toEqual({ code: 0, stdout: 'answered\nclosed\n' });
}, 90_000);
