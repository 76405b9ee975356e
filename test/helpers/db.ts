/**
 * A fresh, fully migrated database for one test file (or one test), copied from the run's
 * snapshot (PGlite) or template (PostgreSQL) that test/setup/global-db.ts built. Nothing is
 * shared between copies, so tests never depend on each other or on their order.
 *
 *   const deps = await freshDeps();
 *   afterAll(() => deps.cleanup());
 */
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { prepare } from '../../src/bootstrap';
import { readEnv } from '../../src/config/env';
import type { Deps } from '../../src/context';
import { databaseUrl, PROVIDE_KEY, quoteIdent, type TestDbInfo } from '../setup/test-db-info';

export interface FreshDepsOptions {
  /** A fixed or controllable clock (deterministic tests). */
  clock?: () => Date;
  /** Extra environment (strings, as in process.env): RATE_LIMIT_ALLOWLIST, COOKIE_SECURE, … */
  env?: Record<string, string | undefined>;
  /** PostgreSQL pool size per copy (default 4). */
  poolSize?: number;
}

export type TestDeps = Deps & {
  /** Close the database, drop the copy (PostgreSQL) and remove the temp data dir. Idempotent. */
  cleanup(): Promise<void>;
};

/** Temp dirs still to remove if a test forgets cleanup() (best effort, at process exit). */
const leftovers = new Set<string>();
process.once('exit', () => {
  for (const dir of leftovers) rmSync(dir, { recursive: true, force: true });
});

export function testDbInfo(): TestDbInfo {
  const info = inject(PROVIDE_KEY);
  if (!info) {
    throw new Error('No test database: freshDeps() needs the global setup of the "integration" or "e2e" project (vitest.config.ts)');
  }
  return info;
}

let snapshotBytes: Promise<Buffer> | null = null;
const snapshot = (path: string) => (snapshotBytes ??= readFile(path));

let copies = 0;

/** `CREATE DATABASE … TEMPLATE`; retried while another session briefly holds the template. */
async function createCopy(info: Extract<TestDbInfo, { engine: 'postgres' }>): Promise<string> {
  const name = `${info.prefix}${process.pid}_${++copies}_${randomBytes(2).toString('hex')}`;
  const client = new pg.Client({ connectionString: info.adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`create database ${quoteIdent(name)} template ${quoteIdent(info.template)}`);
        return name;
      } catch (e) {
        // 55006 object_in_use: "source database is being accessed by other users".
        if ((e as { code?: string }).code !== '55006' || attempt >= 20) throw e;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  } finally {
    await client.end();
  }
}

async function dropCopy(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(`drop database if exists ${quoteIdent(name)} with (force)`);
  } finally {
    await client.end();
  }
}

export async function freshDeps(opts: FreshDepsOptions = {}): Promise<TestDeps> {
  const started = performance.now();
  const info = testDbInfo();
  const dataDir = await mkdtemp(join(tmpdir(), 'ocop-test-data-'));
  leftovers.add(dataDir);
  // Load shedding (decisions/043) is for overload: a test on a busy CI machine must not be turned
  // away because another worker held the CPU; the shedding tests set their own tight bounds.
  const baseEnv = {
    NODE_ENV: 'test', LOG_LEVEL: 'silent', OCOP_DATA_DIR: dataDir, DB_QUEUE_MAX: '100000', DB_QUEUE_WAIT_MS: '600000', ...opts.env,
  };
  let copyName: string | null = null;
  let deps: Deps;
  try {
    if (info.engine === 'pglite') {
      const bytes = await snapshot(info.snapshot);
      const loadDataDir = new Blob([new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength)]);
      deps = await prepare({
        env: readEnv({ ...baseEnv, DATABASE_URL: undefined, DATABASE_READ_URL: undefined }),
        // TEST_PGLITE_THREAD=1: the embedded database on its own thread, as a server runs it (decision 034).
        database: { memory: { loadDataDir }, thread: process.env.TEST_PGLITE_THREAD === '1' },
        skipMigrate: true,
        ...(opts.clock ? { clock: opts.clock } : {}),
      });
    } else {
      copyName = await createCopy(info);
      const url = databaseUrl(info.adminUrl, copyName);
      deps = await prepare({
        env: readEnv({ ...baseEnv, DATABASE_URL: url, DATABASE_READ_URL: undefined }),
        database: { poolSize: opts.poolSize ?? 4 },
        skipMigrate: true,
        ...(opts.clock ? { clock: opts.clock } : {}),
      });
    }
  } catch (e) {
    if (copyName && info.engine === 'postgres') await dropCopy(info.adminUrl, copyName).catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
    leftovers.delete(dataDir);
    throw e;
  }

  if (process.env.OCOP_TEST_TIMING) {
    console.log(`[test-db] fresh ${info.engine} database in ${Math.round(performance.now() - started)} ms`);
  }
  let cleaned: Promise<void> | null = null;
  const cleanup = () => (cleaned ??= (async () => {
    try {
      await deps.database.close();
      if (copyName && info.engine === 'postgres') await dropCopy(info.adminUrl, copyName);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
      leftovers.delete(dataDir);
    }
  })());
  return Object.assign(deps, { cleanup });
}
