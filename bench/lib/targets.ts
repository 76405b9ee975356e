/**
 * Where a benchmark database lives: a fresh PGlite data dir under the run's temp folder, or a
 * scratch database created (and dropped afterwards) on the PostgreSQL server of DATABASE_URL.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { readEnv, type Env } from '../../src/config/env';
import type { Deps } from '../../src/context';
import type { Engine } from './report';

export interface Scratch {
  engine: Engine;
  env: Env;
  /** Environment for child processes (strings). */
  processEnv: NodeJS.ProcessEnv;
  dataDir: string;
  drop(): Promise<void>;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

function databaseUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

function envFor(dataDir: string, url: string | undefined): { env: Env; processEnv: NodeJS.ProcessEnv } {
  const processEnv: NodeJS.ProcessEnv = {
    ...process.env, LOG_LEVEL: 'warn', OCOP_DATA_DIR: dataDir, RATE_LIMIT_ALLOWLIST: '127.0.0.1',
  };
  delete processEnv.DATABASE_READ_URL;
  if (url) processEnv.DATABASE_URL = url;
  else delete processEnv.DATABASE_URL;
  return { env: readEnv({ ...processEnv, LOG_LEVEL: 'silent' }), processEnv };
}

export interface Target {
  engine: Engine;
  create(tag: string): Promise<Scratch>;
}

export function pgliteTarget(root: string): Target {
  return {
    engine: 'pglite',
    async create(tag) {
      const dataDir = await mkdtemp(join(root, `pglite-${tag}-`));
      return { engine: 'pglite', dataDir, ...envFor(dataDir, undefined), drop: () => rm(dataDir, { recursive: true, force: true }) };
    },
  };
}

async function admin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function postgresTarget(adminUrl: string, root: string, runId: string): Target {
  return {
    engine: 'postgres',
    async create(tag) {
      const name = `ocop_bench_${runId}_${tag}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
      await admin(adminUrl, (c) => c.query(`create database ${quoteIdent(name)}`));
      const dataDir = await mkdtemp(join(root, `pg-${tag}-`));
      return {
        engine: 'postgres', dataDir, ...envFor(dataDir, databaseUrl(adminUrl, name)),
        drop: async () => {
          await admin(adminUrl, (c) => c.query(`drop database if exists ${quoteIdent(name)} with (force)`));
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
}

export type Query = (text: string, params: unknown[]) => Promise<unknown>;

/** The database driver itself, under the app's query layer: the baselines run through this. */
export interface RawDriver {
  query: Query;
  transaction(fn: (q: Query) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export function rawDriver(deps: Deps): RawDriver {
  const lite = deps.database.pglite;
  if (lite) {
    return {
      query: (text, params) => lite.query(text, params as unknown[]),
      transaction: async (fn) => { await lite.transaction(async (tx) => fn((text, params) => tx.query(text, params as unknown[]))); },
      close: async () => {},
    };
  }
  const pool = new pg.Pool({ connectionString: deps.database.url!, max: 4 });
  // Dropping the scratch database terminates idle connections; that is expected, not a crash.
  pool.on('error', () => {});
  return {
    query: (text, params) => pool.query(text, params as unknown[]),
    transaction: async (fn) => {
      const c = await pool.connect();
      try {
        await c.query('begin');
        await fn((text, params) => c.query(text, params as unknown[]));
        await c.query('commit');
      } catch (e) {
        await c.query('rollback').catch(() => {});
        throw e;
      } finally {
        c.release();
      }
    },
    close: () => pool.end(),
  };
}
