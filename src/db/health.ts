/**
 * Whether the database answers, per connection (the primary, a read replica, the embedded
 * database's thread), and one event per change of state (docs/decisions/043):
 *
 * - `up`: work goes to the database. An error that means it is away (availability.ts `down`)
 *   makes the connection `suspect`: one probe on a fresh connection is sent at once, and work
 *   still goes through meanwhile (a single terminated backend is not an outage).
 * - `down`: the probe failed. Listeners hear it once ("database unavailable"); work is refused
 *   at once (the pools answer DbDownError: 503 without waiting for a connection that will not
 *   come); a probe runs every PROBE_MS until one succeeds.
 * - back `up`: a probe, or any query that succeeds, closes it; listeners hear it once, with how
 *   long it lasted. So service resumes within PROBE_MS (plus the time to connect) of the
 *   database's return, whether requests arrive or not.
 */
import { dbTrouble, describeDbError, DbDownError } from './availability';

/** How often a connection that is down is tried again. */
export const PROBE_MS = 250;
/** A probe that takes longer than this has failed (a hanging server is as good as none). */
export const PROBE_TIMEOUT_MS = 2_000;

export interface HealthChange {
  /** Which connection: `primary`, `replica` or `embedded`. */
  source: string;
  up: boolean;
  /** What failed (the first error of the outage), stack-free. */
  reason: string;
  /** When back up: how long it was down. */
  downMs: number;
}
export type HealthListener = (change: HealthChange) => void;

export class Breaker {
  private state: 'up' | 'suspect' | 'down' = 'up';
  private since = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** What made it go down (kept for the refusals' message and the "back" line). */
  reason = '';

  constructor(readonly source: string, private readonly probe: () => Promise<void>, private readonly emit: (c: HealthChange) => void) {}

  /** Known to be away: refuse work at once. */
  get down(): boolean { return this.state === 'down'; }

  /** The refusal while down (a 503 to the caller). */
  refusal(): DbDownError {
    return new DbDownError(`the database (${this.source}) is unavailable: ${this.reason}`);
  }

  /** Work failed: if the error says the database is away, check it at once. Any other error is no news. */
  failed(error: unknown): void {
    if (this.closed || this.state !== 'up' || dbTrouble(error) !== 'down') return;
    this.state = 'suspect';
    this.reason = describeDbError(error);
    void this.check();
  }

  /** Work succeeded: a connection that was down is back. */
  succeeded(): void {
    if (this.state === 'down') this.recovered();
  }

  /** Stop probing (the database is being closed: its refusals are no outage). */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async check(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.probe(),
        new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS); }),
      ]);
      this.recovered();
    } catch (e) {
      this.lost(e);
    } finally {
      clearTimeout(timer);
    }
  }

  private lost(error: unknown): void {
    if (this.closed) return;
    if (this.state === 'suspect') {
      this.state = 'down';
      this.since = performance.now();
      if (!this.reason) this.reason = describeDbError(error);
      this.emit({ source: this.source, up: false, reason: this.reason, downMs: 0 });
    }
    if (this.state !== 'down') return;
    this.timer = setTimeout(() => { this.timer = undefined; void this.check(); }, PROBE_MS);
    this.timer.unref();
  }

  private recovered(): void {
    if (this.closed) return;
    const was = this.state;
    this.state = 'up';
    clearTimeout(this.timer);
    this.timer = undefined;
    if (was === 'down') this.emit({ source: this.source, up: true, reason: this.reason, downMs: Math.round(performance.now() - this.since) });
    this.reason = '';
  }
}

/** The health of one database's connections, and who listens to its changes. */
export class DbHealth {
  private readonly breakers: Breaker[] = [];
  private readonly listeners = new Set<HealthListener>();

  /** A breaker for one connection, checked by `probe` (a fresh connection's `select 1`). */
  breaker(source: string, probe: () => Promise<void>): Breaker {
    const b = new Breaker(source, probe, (c) => { for (const l of [...this.listeners]) l(c); });
    this.breakers.push(b);
    return b;
  }

  /** Some connection of the database is known to be away. */
  get down(): boolean { return this.breakers.some((b) => b.down); }

  /** The primary (or the embedded database) is known to be away: nothing can be written or changed. */
  get primaryDown(): boolean { return this.breakers.some((b) => b.down && b.source !== 'replica'); }

  /** Work on a connection of `source` failed outside its pool (the change feed's own connection). */
  failed(source: string, error: unknown): void {
    for (const b of this.breakers) if (b.source === source) b.failed(error);
  }

  /** Hear every change of state; returns the way to stop. */
  onChange(listener: HealthListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** The database is closing: no probing, no events. */
  close(): void {
    for (const b of this.breakers) b.close();
  }
}
