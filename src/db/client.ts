import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import * as schema from './schema';
import { openEmbeddedThread, type EmbeddedClient, type EmbeddedThread } from './embedded';
import { PGLITE_EXTENSIONS, PGLITE_START } from './pglite.protocol';
import { DbHealth } from './health';
import { GuardedPool } from './pg-pool';
import type { QueueLimits, QueueState } from './availability';

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
  /** Whether the database answers, per connection; one event per change (decisions/043). */
  health: DbHealth;
  /**
   * Bound the work waiting for the database (load shedding, decisions/043): PostgreSQL's pool queue,
   * the embedded thread's queue. Unbounded (null) until a server sets it; CLI commands never shed.
   */
  setQueueLimits(limits: QueueLimits | null): void;
  /** Database calls refused by the bound so far (for a metric; the door's refusals are not among them). */
  shedCount(): number;
  /** The work waiting for the database now (the primary's, on PostgreSQL). */
  queue(): QueueState;
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
  let thread: EmbeddedThread | null = null;
  const health = new DbHealth();
  const dataDir = opts.memory ? undefined : resolve(opts.dataDir ?? './data', 'pgdata');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  if (opts.thread ?? !opts.memory) {
    const bytes = await opts.memory?.loadDataDir?.arrayBuffer();
    client = thread = await openEmbeddedThread({ dataDir, loadDataDir: bytes });
    const t = thread;
    t.watch(health.breaker('embedded', () => t.ping()));
  } else {
    client = await PGlite.create({ dataDir, extensions: PGLITE_EXTENSIONS, loadDataDir: opts.memory?.loadDataDir, startParams: PGLITE_START });
  }
  // drizzle's PGlite driver calls `query` and `transaction` only, which the thread's client answers alike.
  const db = drizzlePglite(client as PGlite, { schema }) as unknown as Db;
  return {
    engine: 'pglite', db, read: db, pglite: client, url: null, health,
    // In this thread (tests in memory) PGlite is one caller's: nothing to bound.
    setQueueLimits: (limits) => thread?.setLimits(limits),
    shedCount: () => thread?.shed ?? 0,
    queue: () => thread?.waiting() ?? { waiting: 0, oldestMs: 0 },
    close: async () => { health.close(); if (!client.closed) await client.close(); },
  };
}

/** pg-pool's wait for a connection (and to open one) while no queue bound is set (CLI commands). */
const CONNECT_TIMEOUT_MS = 5_000;

function openPostgres(url: string, readUrl: string | undefined, max: number): Database {
  const health = new DbHealth();
  // A pool error (server restart) must not crash the process: the pool's breaker hears it (pg-pool.ts).
  const pool = new GuardedPool({ connectionString: url, max, connectionTimeoutMillis: CONNECT_TIMEOUT_MS }, health, 'primary');
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  let readPool: GuardedPool | null = null;
  let read = db;
  if (readUrl && readUrl !== url) {
    readPool = new GuardedPool({ connectionString: readUrl, max, connectionTimeoutMillis: CONNECT_TIMEOUT_MS }, health, 'replica');
    read = drizzlePg(readPool, { schema }) as unknown as Db;
  }
  return {
    engine: 'postgres', db, read, pglite: null, url, health,
    setQueueLimits: (limits) => { pool.setLimits(limits); readPool?.setLimits(limits); },
    shedCount: () => pool.shed + (readPool?.shed ?? 0),
    queue: () => pool.waiting(),
    close: async () => { health.close(); await pool.end(); await readPool?.end(); },
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

/**
 * `select 1` (readiness): past the queue of waiting work, so a busy server is still ready; on
 * PostgreSQL on a connection of its own, so a pool of dead connections is not mistaken for the
 * database. A success closes the connection's breaker (decisions/043).
 */
export async function ping(db: Db): Promise<void> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof GuardedPool) return client.ping();
  const embedded = client as Partial<EmbeddedClient> | undefined;
  if (typeof embedded?.ping === 'function') return embedded.ping();
  await db.execute(sql`select 1`);
}
