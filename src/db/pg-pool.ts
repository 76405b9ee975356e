/**
 * The PostgreSQL connection pool with the two guards of docs/decisions/043:
 *
 * - **Load shedding.** A request for a connection when `max` others already wait for one is
 *   refused at once (DbBusyError); one that waits longer than `waitMs` gives up (pg-pool's
 *   `connectionTimeoutMillis`, which is set to it) — both a 503 with Retry-After instead of a
 *   queue tens of seconds long. Work inside a transaction holds its connection and is never shed.
 * - **Availability.** A failure to connect is DbDownError; every query's outcome feeds the pool's
 *   breaker (health.ts), which then refuses work at once while the database is away, probes it on
 *   a fresh connection, and lets work through again as soon as a probe or any query succeeds.
 */
import pg from 'pg';
import { DbBusyError, DbDownError, dbTrouble, describeDbError, type QueueLimits, type QueueState } from './availability';
import { PROBE_TIMEOUT_MS, type Breaker, type DbHealth } from './health';

type Done = (release?: unknown) => void;
type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: Done) => void;
type AnyQuery = (...args: unknown[]) => unknown;

export class GuardedPool extends pg.Pool {
  readonly breaker: Breaker;
  private limits: QueueLimits | null = null;
  private readonly connectMs: number;
  /** Requests for a connection refused so far: the queue was full, or the wait too long. */
  shed = 0;
  /** Requests for a connection not answered yet, by when they were made (oldest first). */
  private readonly asking = new Map<object, number>();

  constructor(private readonly config: pg.PoolConfig & { connectionTimeoutMillis: number }, health: DbHealth, source: string) {
    super(config);
    this.connectMs = config.connectionTimeoutMillis;
    this.breaker = health.breaker(source, () => this.ping());
    // An idle connection that died (a server restart): the pool drops it; the breaker checks the server.
    this.on('error', (e) => this.breaker.failed(e));
    this.on('connect', (client) => this.watch(client));
  }

  /** Bound the queue of requests for a connection (null: unbounded, waiting up to the connect timeout). */
  setLimits(limits: QueueLimits | null): void {
    this.limits = limits;
    this.options.connectionTimeoutMillis = limits?.waitMs ?? this.connectMs;
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    const refusal = this.refusal();
    if (refusal) {
      if (!callback) return Promise.reject(refusal);
      process.nextTick(() => callback(refusal, undefined, () => {}));
      return;
    }
    const ask = {};
    this.asking.set(ask, performance.now());
    if (callback) {
      super.connect((err, client, done) => {
        this.asking.delete(ask);
        callback(err ? this.connectError(err) : undefined, client, done);
      });
      return;
    }
    return super.connect().then(
      (client) => { this.asking.delete(ask); return client; },
      (e: unknown) => { this.asking.delete(ask); throw this.connectError(e); },
    );
  }

  /** The requests waiting for a connection and how long the oldest has waited. */
  waiting(): QueueState {
    const first = this.asking.values().next();
    return { waiting: this.waitingCount, oldestMs: first.done ? 0 : performance.now() - first.value };
  }

  /**
   * `select 1` on a connection of its own, outside the pool and its queue: readiness and the
   * breaker's probe are answered however busy the pool is, and never by a connection that died.
   */
  async ping(): Promise<void> {
    const timeout = Math.min(this.connectMs, PROBE_TIMEOUT_MS);
    const client = new pg.Client({ ...this.config, connectionTimeoutMillis: timeout, query_timeout: timeout });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('select 1');
    } catch (e) {
      this.breaker.failed(dbTrouble(e) ? e : new DbDownError(describeDbError(e), { cause: e }));
      throw e;
    } finally {
      await client.end().catch(() => {});
    }
    this.breaker.succeeded();
  }

  private refusal(): Error | null {
    if (this.breaker.down) return this.breaker.refusal();
    const l = this.limits;
    if (l && this.waitingCount >= l.max && this.idleCount === 0 && this.totalCount >= this.options.max) {
      this.shed++;
      return new DbBusyError(`${this.waitingCount} requests already wait for a database connection (DB_QUEUE_MAX ${l.max})`);
    }
    return null;
  }

  /** Waited too long in the queue: busy. Could not connect at all: the database is away (as configured). */
  private connectError(e: unknown): Error {
    if (dbTrouble(e) === 'busy') {
      this.shed++;
      return new DbBusyError(`no database connection within ${this.options.connectionTimeoutMillis} ms (DB_QUEUE_WAIT_MS)`);
    }
    const down = e instanceof DbDownError ? e : new DbDownError(`could not connect to the database: ${describeDbError(e)}`, { cause: e });
    this.breaker.failed(down);
    return down;
  }

  /** Each query's outcome on this connection tells the breaker whether the database answers. */
  private watch(client: pg.PoolClient): void {
    const breaker = this.breaker;
    const query = client.query as unknown as AnyQuery;
    const seen = (err: unknown) => (err ? breaker.failed(err) : breaker.succeeded());
    const watched: AnyQuery = function (this: unknown, ...args) {
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        args[args.length - 1] = (err: unknown, res: unknown) => { seen(err); (last as AnyQuery)(err, res); };
        return query.apply(this, args);
      }
      const result = query.apply(this, args);
      if (result instanceof Promise) result.then(() => breaker.succeeded(), (e: unknown) => breaker.failed(e));
      return result;
    };
    client.query = watched as unknown as typeof client.query;
  }
}
