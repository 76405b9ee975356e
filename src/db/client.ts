import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema';
import { openEmbeddedThread, type EmbeddedClient } from './embedded';
import { PGLITE_EXTENSIONS, PGLITE_START } from './pglite.protocol';

export { PGLITE_EXTENSIONS };

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export interface Database {
  engine: 'pglite' | 'postgres';
  /** Primary: every write and every back-office read. */
  db: Db;
  /** Public read traffic; the primary unless DATABASE_READ_URL is set. */
  read: Db;
  /** The embedded database (PGlite, maybe on its own thread), for backup and the change feed; null on PostgreSQL. */
  pglite: EmbeddedClient | null;
  /** The PostgreSQL connection string; null on PGlite. */
  url: string | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  url?: string | undefined;
  readUrl?: string | undefined;
  dataDir?: string | undefined;
  /** In-memory PGlite (tests), optionally loaded from a dumped data dir. */
  memory?: { loadDataDir?: Blob | File } | undefined;
  /**
   * PGlite on its own thread (embedded.ts): the default for a data directory; in memory (tests)
   * it runs in this thread unless asked.
   */
  thread?: boolean | undefined;
  poolSize?: number | undefined;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.readUrl, opts.poolSize ?? 10);
  let client: EmbeddedClient;
  const dataDir = opts.memory ? undefined : resolve(opts.dataDir ?? './data', 'pgdata');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  if (opts.thread ?? !opts.memory) {
    const bytes = await opts.memory?.loadDataDir?.arrayBuffer();
    client = await openEmbeddedThread({ dataDir, loadDataDir: bytes });
  } else {
    client = await PGlite.create({ dataDir, extensions: PGLITE_EXTENSIONS, loadDataDir: opts.memory?.loadDataDir, startParams: PGLITE_START });
  }
  // drizzle's PGlite driver calls `query` and `transaction` only, which the thread's client answers alike.
  const db = drizzlePglite(client as PGlite, { schema }) as unknown as Db;
  return {
    engine: 'pglite', db, read: db, pglite: client, url: null,
    close: async () => { if (!client.closed) await client.close(); },
  };
}

function openPostgres(url: string, readUrl: string | undefined, max: number): Database {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  // A pool error (server restart) must not crash the process; queries will fail and retry.
  pool.on('error', () => {});
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  let readPool: pg.Pool | null = null;
  let read = db;
  if (readUrl && readUrl !== url) {
    readPool = new pg.Pool({ connectionString: readUrl, max, connectionTimeoutMillis: 5000 });
    readPool.on('error', () => {});
    read = drizzlePg(readPool, { schema }) as unknown as Db;
  }
  return {
    engine: 'postgres', db, read, pglite: null, url,
    close: async () => { await pool.end(); await readPool?.end(); },
  };
}

/** Run raw SQL and return its rows (same shape on both drivers). */
export async function rows<T>(exec: Executor, query: SQL): Promise<T[]> {
  const res = (await exec.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

/** What preparedRows needs of drizzle's database or transaction object. */
interface Preparing {
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  session: { prepareQuery(query: { sql: string; params: unknown[] }, fields: undefined, name: string, arrayMode: boolean): { execute(): Promise<unknown> } };
}

/**
 * rows() as a named prepared statement, for a hot query whose planning costs more than its
 * execution (the market's checkout under a rush): PostgreSQL parses and plans it once per
 * connection and reuses that. The name is a digest of the statement's text, so a text is never
 * sent under another's name. On PGlite it runs as rows() does.
 */
export async function preparedRows<T>(exec: Executor, query: SQL): Promise<T[]> {
  const db = exec as unknown as Preparing;
  const q = db.dialect.sqlToQuery(query);
  const name = `q${createHash('sha1').update(q.sql).digest('base64url').slice(0, 24)}`;
  return ((await db.session.prepareQuery(q, undefined, name, false).execute()) as { rows: T[] }).rows;
}

export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
