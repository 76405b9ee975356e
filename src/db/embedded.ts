/**
 * The embedded database (PGlite) as the app uses it: in this thread (tests in memory) or on its
 * own thread (a data directory: the server, the CLI), where its synchronous query execution does
 * not hold up this thread's requests (docs/decisions/034). Both answer the same calls — PGlite's
 * own, the part of them drizzle, the change feed, backups and tests use.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { errorFrom, type ErrorFields, type Message, type Opening, type Request } from './pglite.protocol';
import type { QueueLimits, QueueState } from './availability';
import type { Breaker } from './health';
import { WorkQueue } from './work-queue';

export interface EmbeddedResults<T> { rows: T[]; fields: { name: string; dataTypeID: number }[]; affectedRows?: number }
/** `parsers`: only "keep PostgreSQL's text" parsers cross to the thread (all drizzle asks for). */
export interface EmbeddedQueryOptions { rowMode?: 'object' | 'array'; parsers?: Record<number, (value: string, typeId: number) => unknown> }

export interface EmbeddedTx {
  readonly closed: boolean;
  query<T>(text: string, params?: unknown[], options?: EmbeddedQueryOptions): Promise<EmbeddedResults<T>>;
  exec(text: string): Promise<EmbeddedResults<unknown>[]>;
}

export interface EmbeddedClient extends EmbeddedTx {
  transaction<T>(fn: (tx: EmbeddedTx) => Promise<T>): Promise<T>;
  /** `select 1` past the queue of waiting work (readiness, the breaker's probe). */
  ping?(): Promise<void>;
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
  dumpDataDir(compression?: 'none' | 'gzip' | 'auto'): Promise<Blob>;
  close(): Promise<void>;
}

/** The thread's client as the server uses it: with its queue of waiting work and its breaker (decision 043). */
export interface EmbeddedThread extends EmbeddedClient {
  ping(): Promise<void>;
  setLimits(limits: QueueLimits | null): void;
  readonly shed: number;
  waiting(): QueueState;
  watch(breaker: Breaker): void;
}

type Call = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

/**
 * The thread's JavaScript does little besides handing rows over: a small young generation keeps its
 * heap near what it holds (the default lets it grow by tens of megabytes; decision 034).
 */
const THREAD_LIMITS = { maxYoungGenerationSizeMb: 8 };

/**
 * Calls outside a transaction at the thread at once (the rest wait in the WorkQueue, where their
 * wait is measured and bounded; decision 043). Two: the thread has the next one at hand when it
 * answers one, and PGlite runs one statement at a time anyway.
 */
const LANES = 2;

/** The thread's entry: built next to the bundle (dist/pglite.worker.js), or the source through tsx. */
function startThread(opening: Opening): Worker {
  const here = import.meta.url;
  const options = { workerData: opening, transferList: opening.loadDataDir ? [opening.loadDataDir] : [], resourceLimits: THREAD_LIMITS };
  if (!here.endsWith('.ts')) return new Worker(new URL('./pglite.worker.js', here), options);
  const require = createRequire(here);
  const pkg = require.resolve('tsx/package.json');
  const api = (JSON.parse(readFileSync(pkg, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!.import.default;
  const boot = `import(${JSON.stringify(pathToFileURL(join(dirname(pkg), api)).href)})`
    + `.then((m) => { m.register(); return import(${JSON.stringify(new URL('./pglite.worker.ts', here).href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

class ThreadClient implements EmbeddedThread {
  private next = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private stopped: Error | null = null;
  private closing = false;
  private readonly queue = new WorkQueue(LANES);
  private breaker: Breaker | null = null;

  private constructor(private readonly worker: Worker) {}

  /** Bound the work waiting for the database (null: unbounded, as the CLI runs). */
  setLimits(limits: QueueLimits | null): void { this.queue.setLimits(limits); }

  /** Calls refused by the queue so far. */
  get shed(): number { return this.queue.shed; }

  /** The calls waiting for the database and how long the oldest has waited. */
  waiting(): QueueState { return { waiting: this.queue.length, oldestMs: this.queue.oldestWaitMs() }; }

  /** Tell `breaker` when the thread stops (its calls then fail at once: 503, one log line). */
  watch(breaker: Breaker): void { this.breaker = breaker; }

  async ping(): Promise<void> {
    await this.call({ op: 'query', tx: 0, text: 'select 1', params: [], rowMode: 'array', keepText: [] });
  }

  static open(opening: Opening): Promise<ThreadClient> {
    return new Promise((resolve, reject) => {
      const client = new ThreadClient(startThread(opening));
      const { worker } = client;
      let ready = false;
      worker.on('message', (m: Message) => {
        if ('ready' in m) { ready = true; client.idle(); resolve(client); } else if ('failed' in m) reject(errorFrom(m.failed));
        else client.heard(m);
      });
      const gone = (e: Error) => { client.fail(e); if (!ready) reject(e); };
      worker.on('error', gone);
      worker.on('exit', (code) => gone(new Error(`embedded database: its thread stopped (exit code ${code})`)));
    });
  }

  get closed(): boolean { return this.stopped !== null; }

  private heard(m: Exclude<Message, { ready: true } | { failed: ErrorFields }>): void {
    if ('channel' in m) {
      for (const cb of [...(this.listeners.get(m.channel) ?? [])]) cb(m.payload);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    this.idle();
    if (m.ok) p.resolve(m.value); else p.reject(errorFrom(m.error));
  }

  private fail(e: Error): void {
    if (!this.stopped && !this.closing) this.breaker?.failed(e);
    this.stopped ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  /** The thread keeps the process alive only while an answer is awaited. */
  private idle(): void {
    if (this.pending.size) this.worker.ref(); else this.worker.unref();
  }

  private call<T>(req: Call): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.idle();
      this.worker.postMessage({ ...req, id });
    });
  }

  /**
   * Work outside a transaction (a statement, or `begin`) waits its turn in the queue; work inside
   * an open transaction goes straight on — finishing what was admitted frees the database soonest.
   */
  private queued<T>(req: Call): Promise<T> {
    return this.queue.run(() => this.call<T>(req));
  }

  private queryOn<T>(tx: number, text: string, params?: unknown[], options?: EmbeddedQueryOptions): Promise<EmbeddedResults<T>> {
    const req: Call = {
      op: 'query', tx, text, params: params ?? [], rowMode: options?.rowMode ?? 'object', keepText: Object.keys(options?.parsers ?? {}).map(Number),
    };
    return tx ? this.call<EmbeddedResults<T>>(req) : this.queued<EmbeddedResults<T>>(req);
  }

  private execOn(tx: number, text: string): Promise<EmbeddedResults<unknown>[]> {
    return tx ? this.call({ op: 'exec', tx, text }) : this.queued({ op: 'exec', tx, text });
  }

  query<T>(text: string, params?: unknown[], options?: EmbeddedQueryOptions): Promise<EmbeddedResults<T>> { return this.queryOn<T>(0, text, params, options); }

  exec(text: string): Promise<EmbeddedResults<unknown>[]> { return this.execOn(0, text); }

  async transaction<T>(fn: (tx: EmbeddedTx) => Promise<T>): Promise<T> {
    const tx = await this.queued<number>({ op: 'begin' });
    let result: T;
    try {
      const closed = () => this.closed;
      result = await fn({
        get closed() { return closed(); },
        query: (text, params, options) => this.queryOn(tx, text, params, options),
        exec: (text) => this.execOn(tx, text),
      });
    } catch (e) {
      await this.call({ op: 'end', tx, commit: false }).catch(() => {});
      throw e;
    }
    await this.call({ op: 'end', tx, commit: true });
    return result;
  }

  async listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) {
      this.listeners.set(channel, (set = new Set()));
      await this.call({ op: 'listen', channel });
    }
    set.add(callback);
    return async () => {
      set.delete(callback);
      if (set.size || this.listeners.get(channel) !== set) return;
      this.listeners.delete(channel);
      if (!this.closed) await this.call({ op: 'unlisten', channel });
    };
  }

  async dumpDataDir(compression: 'none' | 'gzip' | 'auto' = 'auto'): Promise<Blob> {
    return new Blob([await this.call<ArrayBuffer>({ op: 'dump', compression })]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    const exited = new Promise<void>((r) => this.worker.once('exit', () => r()));
    await this.call({ op: 'close' }).catch(() => {});
    this.fail(new Error('embedded database is closed'));
    this.worker.ref(); // until it has exited
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000).unref())]);
    await this.worker.terminate();
  }
}

/** PGlite on its own thread (pglite.worker.ts). */
export const openEmbeddedThread = (opening: Opening): Promise<EmbeddedThread> => ThreadClient.open(opening);
