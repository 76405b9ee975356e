/**
 * Global setup for the database-backed projects (integration, e2e): migrate ONE database once per
 * run, then let every test file copy it (engineering.md §10).
 *
 * - PGlite (no DATABASE_URL): migrate an in-memory PGlite, dump its data dir (uncompressed tar:
 *   it loads faster than gzip) to a temp file; test files load it with `loadDataDir`.
 * - PostgreSQL (DATABASE_URL set; used as the admin connection): create and migrate a template
 *   database `ocop_tpl_<run>`; test files `CREATE DATABASE ocop_t_<run>_<n> TEMPLATE …`.
 *   Teardown drops the template and every per-file database of this run (WITH (FORCE)).
 *
 * When several projects run in one `vitest run`, they share one build (a process-global promise,
 * reference-counted), so the migration happens once per run, not once per project.
 */
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { prepare } from '../../src/bootstrap';
import { readEnv } from '../../src/config/env';
import { databaseUrl, PROVIDE_KEY, quoteIdent, type TestDbInfo } from './test-db-info';

interface Shared {
  refs: number;
  info: Promise<TestDbInfo>;
  dispose: () => Promise<void>;
}

const SHARED = Symbol.for('ocop.test.global-db');
type Holder = { [SHARED]?: Shared };

const log = (msg: string) => {
  if (!process.env.OCOP_TEST_QUIET) console.log(`[test-db] ${msg}`);
};

/** Leftovers of runs that were killed before their teardown are removed after a day. */
const STALE_MS = 24 * 3600_000;

async function sweepStaleTempDirs(): Promise<void> {
  const root = tmpdir();
  const names = await readdir(root).catch(() => [] as string[]);
  await Promise.all(names
    .filter((n) => /^ocop-test-(snapshot|template|data)-/.test(n))
    .map(async (n) => {
      const path = join(root, n);
      const st = await stat(path).catch(() => null);
      if (st && Date.now() - st.mtimeMs > STALE_MS) await rm(path, { recursive: true, force: true }).catch(() => {});
    }));
}

/** Run ids start with the creation time (base 36), so stale databases can be recognised. */
const newRunId = () => `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

async function buildPglite(): Promise<{ info: TestDbInfo; dispose: () => Promise<void> }> {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'ocop-test-snapshot-'));
  try {
    const env = readEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', OCOP_DATA_DIR: dir });
    const deps = await prepare({ env, database: { memory: {} } });
    try {
      const dump = await deps.database.pglite!.dumpDataDir('none');
      const snapshot = join(dir, 'pgdata.tar');
      await writeFile(snapshot, Buffer.from(await dump.arrayBuffer()));
      log(`PGlite snapshot ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return {
        info: { engine: 'pglite', snapshot },
        dispose: () => rm(dir, { recursive: true, force: true }),
      };
    } finally {
      await deps.database.close();
    }
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

async function adminQuery(adminUrl: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

async function dropDatabases(client: pg.Client, names: string[]): Promise<void> {
  // Per-file copies first, templates last.
  const sorted = [...names].sort((a, b) => Number(a.startsWith('ocop_tpl_')) - Number(b.startsWith('ocop_tpl_')));
  for (const name of sorted) await client.query(`drop database if exists ${quoteIdent(name)} with (force)`);
}

async function dropRunDatabases(adminUrl: string, run: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where datname like $1 or datname = $2`,
      [`ocop\\_t\\_${likeEscape(run)}\\_%`, `ocop_tpl_${run}`],
    );
    await dropDatabases(client, rows.map((r) => r.datname));
  } finally {
    await client.end();
  }
}

/** Databases of earlier runs (older than a day) that never reached their teardown. */
async function dropStaleDatabases(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where datname ~ '^ocop_(tpl|t)_[0-9a-z]+_[0-9a-f]{6}'`,
    );
    const stale = rows.map((r) => r.datname).filter((name) => {
      const ts = parseInt(name.split('_')[2] ?? '', 36);
      return Number.isFinite(ts) && Date.now() - ts > STALE_MS;
    });
    if (stale.length) {
      log(`dropping ${stale.length} stale test database(s)`);
      await dropDatabases(client, stale);
    }
  } finally {
    await client.end();
  }
}

async function buildPostgres(adminUrl: string): Promise<{ info: TestDbInfo; dispose: () => Promise<void> }> {
  const started = performance.now();
  await dropStaleDatabases(adminUrl).catch((e) => log(`could not drop stale databases: ${String(e)}`));
  const run = newRunId();
  const template = `ocop_tpl_${run}`;
  const dir = await mkdtemp(join(tmpdir(), 'ocop-test-template-'));
  try {
    await adminQuery(adminUrl, `create database ${quoteIdent(template)}`);
    const env = readEnv({
      NODE_ENV: 'test', LOG_LEVEL: 'silent', OCOP_DATA_DIR: dir, DATABASE_URL: databaseUrl(adminUrl, template),
    });
    const deps = await prepare({ env, database: { poolSize: 2 } });
    await deps.database.close();
    log(`PostgreSQL template ${template} ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    await dropRunDatabases(adminUrl, run).catch(() => {});
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    info: { engine: 'postgres', adminUrl, template, prefix: `ocop_t_${run}_` },
    dispose: async () => {
      await dropRunDatabases(adminUrl, run);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function acquire(): Shared {
  const holder = globalThis as Holder;
  let shared = holder[SHARED];
  if (!shared) {
    const adminUrl = process.env.DATABASE_URL || undefined;
    const built = sweepStaleTempDirs().then(() => (adminUrl ? buildPostgres(adminUrl) : buildPglite()));
    const created: Shared = {
      refs: 0,
      info: built.then((b) => b.info),
      dispose: async () => {
        await (await built).dispose();
      },
    };
    // A failed build must not be reused by the next project.
    built.catch(() => { if (holder[SHARED] === created) delete holder[SHARED]; });
    shared = created;
    holder[SHARED] = shared;
  }
  shared.refs++;
  return shared;
}

export default async function setup(project: TestProject) {
  const shared = acquire();
  project.provide(PROVIDE_KEY, await shared.info);
  return async () => {
    shared.refs--;
    if (shared.refs > 0) return;
    const holder = globalThis as Holder;
    if (holder[SHARED] === shared) delete holder[SHARED];
    await shared.dispose();
  };
}
