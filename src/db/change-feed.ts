/**
 * A change feed: writers announce on a named channel that something changed; every app process on
 * the database hears it (docs/decisions/010). What a payload means is the channel's business —
 * here it is an opaque string (NOTIFY keeps it under 8,000 bytes).
 *
 * `publishChange(ctx, channel, payload)` is called in the transaction that makes the change. The
 * subscribers of this process hear it at once and again as soon as it commits (inTx's
 * afterCommit), and `pg_notify` — which PostgreSQL (and PGlite)
 * deliver when, and only if, the transaction commits — tells every process listening on the
 * database, this one included. So a subscriber hears a change twice in its own process: at once
 * and after the commit, which also covers a read of the old row between the two.
 *
 * `subscribeChanges(deps, channel, subscriber)` listens: on PGlite through its own `listen`, on
 * PostgreSQL on a dedicated connection that reconnects by itself. While that connection is down
 * the subscriber is told it is `offline` (notices may be missed); each time it is (re)connected it
 * is told it is `online` — and must assume that anything may have changed meanwhile.
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { exec, type Ctx, type Deps } from '../context';

export interface ChangeSubscriber {
  /** A change was announced on the channel (undefined: a notice without payload). */
  changed(payload: string | undefined): void;
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

/** This process's subscribers, per dependencies (one app instance) and channel. */
const local = new WeakMap<Deps, Map<string, Set<ChangeSubscriber>>>();

function checkChannel(channel: string): void {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`change feed: invalid channel name "${channel}"`);
}

/** Announce a change, in the transaction that makes it (see above). */
export async function publishChange(ctx: Ctx, channel: string, payload: string): Promise<void> {
  checkChannel(channel);
  const tellLocal = () => { for (const s of [...(local.get(ctx.deps)?.get(channel) ?? [])]) s.changed(payload); };
  tellLocal();
  // Again once committed (before the writer answers), so this process's next request sees it
  // without waiting for the database's notice.
  ctx.afterCommit?.push(tellLocal);
  await exec(ctx).execute(sql`select pg_notify(${channel}, ${payload})`);
}

function addLocal(deps: Deps, channel: string, s: ChangeSubscriber): () => void {
  let byChannel = local.get(deps);
  if (!byChannel) local.set(deps, (byChannel = new Map()));
  let set = byChannel.get(channel);
  if (!set) byChannel.set(channel, (set = new Set()));
  set.add(s);
  return () => { set.delete(s); };
}

/** Hear the changes announced on `channel` by any process on the database; stop() on shutdown. */
export function subscribeChanges(
  deps: Deps, channel: string, subscriber: ChangeSubscriber, log: (msg: string, err?: unknown) => void = () => {},
): ChangeSubscription {
  checkChannel(channel);
  const removeLocal = addLocal(deps, channel, subscriber);
  const onNotice = (payload: string | undefined) => subscriber.changed(payload);
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
  const lost = (c: pg.Client, err?: unknown) => {
    if (client !== c) return;
    client = null;
    subscriber.offline?.();
    if (!stopped) log(`change feed "${channel}" lost its connection; reconnecting`, err);
    c.end().catch(() => {});
    schedule();
  };
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
      removeLocal();
      clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
