/**
 * Keeping cached verification answers true (docs/decisions/010).
 *
 * Whoever changes a certificate or a stamp batch calls `verificationChanged(ctx, …)` in the
 * same transaction. It drops the local cache entries at once and sends
 * `pg_notify('ocop_verify', …)`, which PostgreSQL (and PGlite) deliver when — and only if — the
 * transaction commits, to every process listening on the database, this one included. So each
 * process drops the entries again after the commit, which also covers a lookup that read the
 * old row between the local drop and the commit.
 *
 * Every app process listens (`startVerifyListener`): PGlite through its own `listen`, PostgreSQL
 * on a dedicated connection that reconnects by itself. While that connection is down the cache
 * is not trusted (answers come from the database, cached ones only when it fails), and on
 * reconnecting everything cached is dropped, since notifications may have been missed.
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { exec, type Ctx, type Deps } from '../../context';
import { VerifyCache, type Invalidation } from './verify-cache';
import { DbGuard } from './db-guard';
import { VerifyLimiter, VERIFY_RATE_LIMIT } from './verify-limiter';
import { addressList } from '../../web/address-list';

export const VERIFY_CHANNEL = 'ocop_verify';
/** NOTIFY payloads stay well under PostgreSQL's 8,000 bytes; larger changes become "all". */
const MAX_IDS_PER_NOTICE = 150;
const RECONNECT_MS = { first: 200, max: 5_000 } as const;

export interface VerificationChange {
  /** Certificates issued, revoked, superseded or otherwise changed. */
  certificateIds?: readonly string[];
  /** Stamp batches issued, delivered or voided (their serials follow the batch). */
  batchIds?: readonly string[];
  /** Anything else (bulk imports, restores, renames): drop every cached answer. */
  all?: boolean;
}

export interface VerifyRuntime {
  cache: VerifyCache;
  guard: DbGuard;
  /** Per-IP budgets: the JSON API (shared with the fast path) and the page. */
  limiter: VerifyLimiter;
  pageLimiter: VerifyLimiter;
  /** Answers served by the fast path in front of the framework (verify-fast-path.ts). */
  fastPathHits: number;
}

const runtimes = new WeakMap<Deps, VerifyRuntime>();

/** The cache and database guard of this process for these dependencies. */
export function verifyRuntime(deps: Deps): VerifyRuntime {
  let r = runtimes.get(deps);
  if (!r) {
    const exempt = addressList(deps.env.RATE_LIMIT_ALLOWLIST);
    r = {
      cache: new VerifyCache(), guard: new DbGuard(),
      limiter: new VerifyLimiter(VERIFY_RATE_LIMIT, exempt), pageLimiter: new VerifyLimiter(VERIFY_RATE_LIMIT, exempt),
      fastPathHits: 0,
    };
    runtimes.set(deps, r);
  }
  return r;
}

function normalise(change: VerificationChange): Invalidation {
  const certificateIds = [...new Set(change.certificateIds ?? [])];
  const batchIds = [...new Set(change.batchIds ?? [])];
  if (change.all || certificateIds.length + batchIds.length > MAX_IDS_PER_NOTICE) return { all: true };
  return { certificateIds, batchIds };
}

export function encodeChange(change: Invalidation): string {
  if (change.all) return '{"all":true}';
  return JSON.stringify({ c: change.certificateIds ?? [], b: change.batchIds ?? [] });
}

/** A notification's payload; anything unreadable means "drop everything". */
export function decodeChange(payload: string | undefined): Invalidation {
  try {
    const v = JSON.parse(payload ?? '') as { all?: unknown; c?: unknown; b?: unknown };
    const ids = (x: unknown) => (Array.isArray(x) ? x.filter((i): i is string => typeof i === 'string') : []);
    if (v.all === true) return { all: true };
    return { certificateIds: ids(v.c), batchIds: ids(v.b) };
  } catch {
    return { all: true };
  }
}

/**
 * Call in the transaction that changes certificates or stamp batches (revoke, approve/issue,
 * supersede, import, batch issue/deliver/void). Cached answers for them are dropped here at
 * once and in every process on the database when the transaction commits.
 */
export async function verificationChanged(ctx: Ctx, change: VerificationChange): Promise<void> {
  const normal = normalise(change);
  if (!normal.all && !normal.certificateIds?.length && !normal.batchIds?.length) return;
  verifyRuntime(ctx.deps).cache.invalidate(normal);
  await exec(ctx).execute(sql`select pg_notify(${VERIFY_CHANNEL}, ${encodeChange(normal)})`);
}

export interface VerifyListener {
  /** Resolves when the listener is connected (or gave up its first attempt). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** Listen for changes made by any process on the database; stop() on shutdown. */
export function startVerifyListener(deps: Deps, log: (msg: string, err?: unknown) => void = () => {}): VerifyListener {
  const { cache } = verifyRuntime(deps);
  const onNotice = (payload: string | undefined) => cache.invalidate(decodeChange(payload));
  const lite = deps.database.pglite;
  if (lite) {
    const unlisten = lite.listen(VERIFY_CHANNEL, onNotice);
    return { ready: unlisten.then(() => {}), stop: async () => { if (!lite.closed) await (await unlisten)(); } };
  }
  const url = deps.database.url;
  if (!url) return { ready: Promise.resolve(), stop: async () => {} };

  let stopped = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | undefined;
  let delay: number = RECONNECT_MS.first;
  let everConnected = false;

  const schedule = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => { timer = undefined; void connect(); }, delay);
    delay = Math.min(delay * 2, RECONNECT_MS.max);
  };
  const lost = (c: pg.Client, err?: unknown) => {
    if (client !== c) return;
    client = null;
    cache.trusted = false;
    if (!stopped) log('verification change listener lost its connection; reconnecting', err);
    c.end().catch(() => {});
    schedule();
  };
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000, keepAlive: true });
    c.on('error', (err) => lost(c, err));
    c.on('end', () => lost(c));
    c.on('notification', (n) => { if (n.channel === VERIFY_CHANNEL) onNotice(n.payload); });
    client = c;
    try {
      await c.connect();
      await c.query(`listen ${VERIFY_CHANNEL}`);
      if (stopped) { await c.end().catch(() => {}); return; }
      // Changes made while disconnected were not heard: start afresh.
      if (everConnected || !cache.trusted) cache.invalidate({ all: true });
      everConnected = true;
      cache.trusted = true;
      delay = RECONNECT_MS.first;
    } catch (err) {
      lost(c, err);
    }
  };
  cache.trusted = false;
  const ready = connect();
  return {
    ready,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
