/**
 * A change feed: writers announce on a named channel that something changed; every app process on
 * the database hears it (docs/decisions/010). What a payload means is the channel's business —
 * here it is an opaque string (NOTIFY keeps it under 8,000 bytes).
 *
 * `publishChange(ctx, channel, payload)` is called in the transaction that makes the change.
 * `pg_notify` — which PostgreSQL (and PGlite) deliver when, and only if, the transaction commits —
 * tells every process listening on the database. A subscriber hears each change once it is
 * committed, and this process's subscribers hear their own changes sooner, in phases:
 * - `pending`: at once, inside the writer's transaction (not committed: it may yet roll back) —
 *   time to drop what the change may make stale;
 * - `committed`: as soon as it commits, before the writer answers (inTx's afterCommit), so the
 *   writer's next request sees it;
 * - `notice`: a change committed elsewhere (another process, or outside any transaction), heard
 *   through the database. The database's notice of a change this process already delivered as
 *   `committed` is not delivered again (and if the notice comes first, `committed` is skipped).
 *
 * `subscribeChanges(deps, channel, subscriber)` listens: on PGlite through its own `listen`, on
 * PostgreSQL on a dedicated connection that reconnects by itself. While that connection is down
 * the subscriber is told it is `offline` (notices may be missed); each time it is (re)connected it
 * is told it is `online` — and must assume that anything may have changed meanwhile.
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { exec, type Ctx, type Deps } from '../context';
import { DbDownError, dbTrouble } from './availability';

export type ChangePhase = 'pending' | 'committed' | 'notice';

export interface ChangeSubscriber {
  /** A change was announced on the channel (undefined payload: a notice without one); see above for `phase`. */
  changed(payload: string | undefined, phase: ChangePhase): void;
  /** The cross-process connection is down (or not up yet): changes of other processes may be missed. */
  offline?(): void;
  /** The connection is (back) up: notices sent while it was down were not heard. */
  online?(): void;
}

export interface ChangeSubscription {
  /** Resolves when the subscription listens (or its first attempt gave up). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

const RECONNECT_MS = { first: 200, max: 5_000 } as const;
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** How long the database's notice of a change this process published is waited for (then forgotten). */
const ECHO_MS = 10_000;

/** A change this process published: its database notice is its echo. */
interface Echo { payload: string; at: number; committed: boolean; noticed: boolean }
interface LocalSub { subscriber: ChangeSubscriber; echoes: Echo[] }

/** This process's subscriptions, per dependencies (one app instance) and channel. */
const local = new WeakMap<Deps, Map<string, Set<LocalSub>>>();
/** Payloads already announced per transaction (one echo per payload: the database sends one notice). */
const announced = new WeakMap<object, Set<string>>();

function checkChannel(channel: string): void {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`change feed: invalid channel name "${channel}"`);
}

const fresh = (sub: LocalSub) => {
  const since = performance.now() - ECHO_MS;
  if (sub.echoes.length && sub.echoes[0]!.at < since) sub.echoes = sub.echoes.filter((e) => e.at >= since);
  return sub.echoes;
};

/** Announce a change, in the transaction that makes it (see above). */
export async function publishChange(ctx: Ctx, channel: string, payload: string): Promise<void> {
  checkChannel(channel);
  const notify = () => exec(ctx).execute(sql`select pg_notify(${channel}, ${payload})`);
  const after = ctx.afterCommit;
  const seen = after ? announced.get(after) ?? announced.set(after, new Set()).get(after)! : null;
  if (seen?.has(payload)) return void (await notify());
  seen?.add(payload);
  // Each local subscription expects the database's notice of this change (its echo).
  const echoes = [...(local.get(ctx.deps)?.get(channel) ?? [])].map((sub) => {
    const echo: Echo = { payload, at: performance.now(), committed: false, noticed: false };
    fresh(sub).push(echo);
    return { sub, echo };
  });
  const committed = () => {
    for (const { sub, echo } of echoes) {
      if (echo.noticed) { sub.echoes = sub.echoes.filter((e) => e !== echo); continue; }
      echo.committed = true;
      sub.subscriber.changed(payload, 'committed');
    }
  };
  if (!after) {
    // No transaction: the statement commits it.
    await notify();
    return committed();
  }
  for (const { sub } of echoes) sub.subscriber.changed(payload, 'pending');
  after.push(committed);
  await notify();
}

/** The database's notice: delivered unless it echoes a change this subscription already heard committed. */
function noticed(sub: LocalSub, payload: string | undefined): void {
  const echoes = payload === undefined ? [] : fresh(sub).filter((e) => e.payload === payload);
  const done = echoes.find((e) => e.committed);
  if (done) { sub.echoes = sub.echoes.filter((e) => e !== done); return; }
  const open = echoes.find((e) => !e.noticed);
  if (open) open.noticed = true;
  sub.subscriber.changed(payload, 'notice');
}

function addLocal(deps: Deps, channel: string, sub: LocalSub): () => void {
  let byChannel = local.get(deps);
  if (!byChannel) local.set(deps, (byChannel = new Map()));
  let set = byChannel.get(channel);
  if (!set) byChannel.set(channel, (set = new Set()));
  set.add(sub);
  return () => { set.delete(sub); };
}

/** Hear the changes announced on `channel` by any process on the database; stop() on shutdown. */
export function subscribeChanges(
  deps: Deps, channel: string, subscriber: ChangeSubscriber, log: (msg: string, err?: unknown) => void = () => {},
): ChangeSubscription {
  checkChannel(channel);
  const sub: LocalSub = { subscriber, echoes: [] };
  const removeLocal = addLocal(deps, channel, sub);
  const onNotice = (payload: string | undefined) => noticed(sub, payload);
  const lite = deps.database.pglite;
  if (lite) {
    const unlisten = lite.listen(channel, onNotice);
    return {
      ready: unlisten.then(() => {}),
      stop: async () => { removeLocal(); if (!lite.closed) await (await unlisten)(); },
    };
  }
  const url = deps.database.url;
  if (!url) return { ready: Promise.resolve(), stop: async () => { removeLocal(); } };

  let stopped = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | undefined;
  let delay: number = RECONNECT_MS.first;

  const schedule = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => { timer = undefined; void connect(); }, delay);
    delay = Math.min(delay * 2, RECONNECT_MS.max);
  };
  const health = deps.database.health;
  /** Whether the loss of the connection was told already (one line per loss, not per attempt). */
  let told = false;
  const lost = (c: pg.Client, err?: unknown) => {
    if (client !== c) return;
    client = null;
    subscriber.offline?.();
    // The database's health hears it (and tells the log once if the database is away, decisions/043);
    // any other cause is logged here, once until the feed is back.
    const cause = err ?? new DbDownError(`change feed "${channel}": the connection ended`);
    if (!stopped) health.failed('primary', cause);
    if (!stopped && !told && !dbTrouble(cause)) {
      told = true;
      log(`change feed "${channel}" lost its connection; reconnecting`, err);
    }
    c.end().catch(() => {});
    schedule();
  };
  // The database is back: reconnect now rather than at the end of the back-off.
  const unwatch = health.onChange((change) => {
    if (!change.up || change.source !== 'primary' || stopped || !timer) return;
    clearTimeout(timer);
    timer = undefined;
    delay = RECONNECT_MS.first;
    void connect();
  });
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000, keepAlive: true });
    c.on('error', (err) => lost(c, err));
    c.on('end', () => lost(c));
    c.on('notification', (n) => { if (n.channel === channel) onNotice(n.payload); });
    client = c;
    try {
      await c.connect();
      await c.query(`listen ${channel}`);
      if (stopped) { await c.end().catch(() => {}); return; }
      subscriber.online?.();
      delay = RECONNECT_MS.first;
      told = false;
    } catch (err) {
      lost(c, err);
    }
  };
  subscriber.offline?.();
  const ready = connect();
  return {
    ready,
    stop: async () => {
      stopped = true;
      unwatch();
      removeLocal();
      clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
