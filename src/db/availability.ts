/**
 * "The database cannot answer now" in one place (docs/decisions/043), for both engines: which
 * errors mean the database is away (`down`) or too busy to take more work (`busy`), as opposed to
 * a fault of the query or the data (a bug: a logged 500). Both are answered 503 with Retry-After;
 * only `down` opens the connection's breaker (health.ts) and is logged, once per outage.
 */

export type DbTrouble = 'down' | 'busy';

/** Bounds of the work waiting for the database (env DB_QUEUE_MAX, DB_QUEUE_WAIT_MS). */
export interface QueueLimits {
  /** Database calls that may wait at once (PostgreSQL: requests for a pool connection). */
  max: number;
  /** The longest a call may wait before it is refused. */
  waitMs: number;
}

/** The work waiting for the database now (the door of decisions/043 reads it). */
export interface QueueState {
  /** Calls waiting (PostgreSQL: requests for a pool connection). */
  waiting: number;
  /** How long the oldest of them has waited, in ms (0: none). */
  oldestMs: number;
}

/** The database (or its connection) is away: refused, reset, shut down, starting up. */
export class DbDownError extends Error {
  readonly trouble = 'down' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DbDownError';
  }
}

/** More work is waiting for the database than it may (load shedding): try again shortly. */
export class DbBusyError extends Error {
  readonly trouble = 'busy' as const;
  constructor(message: string) {
    super(message);
    this.name = 'DbBusyError';
  }
}

/** Socket-level failures (Node's `code`): the server is not there or the connection died. */
const DOWN_SOCKET_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH',
  'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'ENOENT', 'ERR_SOCKET_CLOSED', 'ERR_STREAM_DESTROYED',
]);
/** A file's ENOENT or EPIPE is no database's: socket codes count from a socket's calls only (or none named). */
const SOCKET_CALLS = new Set(['connect', 'read', 'write', 'getaddrinfo']);

/**
 * SQLSTATEs of an unavailable server: class 08 (connection exception), 57P01 admin_shutdown,
 * 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up, shutting down, in recovery).
 */
const downState = (code: string) => code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03';
/** Class 53, insufficient resources (53300 too_many_connections, 53100 disk_full, 53200 out_of_memory): busy, not gone. */
const busyState = (code: string) => code.startsWith('53');

/**
 * Messages of node-postgres and pg-pool (they carry no code) and of the embedded database's
 * thread (embedded.ts): the connection ended, the client is unusable, the pool or thread closed.
 */
const DOWN_MESSAGES = [
  /^Connection terminated/, // "… unexpectedly", "… due to connection timeout", plain
  /is not queryable$/, // "Client has encountered a connection error and is not queryable", "Client was closed and is not queryable"
  /^Cannot use a pool after calling end on the pool$/,
  /^Query read timeout$/,
  /^embedded database is closed$/,
  /^embedded database: its thread stopped/,
];
/** pg-pool waited `connectionTimeoutMillis` for a free connection: the pool's queue is the bound (decisions/043). */
const BUSY_MESSAGES = [/^timeout exceeded when trying to connect$/];

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The error itself, without its causes. */
function own(e: object): DbTrouble | null {
  const trouble = (e as { trouble?: unknown }).trouble;
  if (trouble === 'down' || trouble === 'busy') return trouble;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') {
    const syscall = (e as { syscall?: unknown }).syscall;
    if (DOWN_SOCKET_CODES.has(code) && (syscall === undefined || (typeof syscall === 'string' && SOCKET_CALLS.has(syscall)))) {
      return code === 'ENOENT' && syscall !== 'connect' ? null : 'down';
    }
    if (SQLSTATE.test(code)) {
      if (downState(code)) return 'down';
      if (busyState(code)) return 'busy';
      return null; // a SQL error about the statement or the data: not the database's availability
    }
  }
  const message = (e as { message?: unknown }).message;
  if (typeof message === 'string') {
    if (DOWN_MESSAGES.some((m) => m.test(message))) return 'down';
    if (BUSY_MESSAGES.some((m) => m.test(message))) return 'busy';
  }
  return null;
}

/**
 * Whether an error means the database cannot answer now, and how: `down` (away) or `busy` (shed
 * or waited too long); null for any other error. Looks through causes (drizzle wraps a driver's
 * error in DrizzleQueryError's `cause`) and AggregateError (a host name with several addresses,
 * each refused).
 */
export function dbTrouble(error: unknown): DbTrouble | null {
  const seen = new Set<object>();
  const queue: unknown[] = [error];
  while (queue.length && seen.size < 16) {
    const e = queue.shift();
    if (typeof e !== 'object' || e === null || seen.has(e)) continue;
    seen.add(e);
    const t = own(e);
    if (t) return t;
    if ('cause' in e) queue.push((e as { cause?: unknown }).cause);
    if (e instanceof AggregateError) queue.push(...e.errors);
  }
  return null;
}

/** A short, stack-free account of an error for one log line ("connect ECONNREFUSED 127.0.0.1:5433"). */
export function describeDbError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = error.cause instanceof Error && (error instanceof DbDownError) ? error.cause : error;
  const code = (inner as { code?: unknown }).code;
  const text = inner instanceof AggregateError && inner.errors[0] instanceof Error ? inner.errors[0].message : inner.message;
  const line = (text || inner.name).split('\n')[0]!.slice(0, 300);
  return typeof code === 'string' && !line.includes(code) ? `${line} (${code})` : line;
}
