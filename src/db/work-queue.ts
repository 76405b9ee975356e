/**
 * The embedded database's queue of waiting work, bounded (docs/decisions/043). PGlite runs one
 * statement at a time; without a bound, a crowd of requests queues behind it for tens of seconds
 * (issue 18: 50 requests a second gave a p99 of 22 s). Here at most `lanes` calls are at the
 * database at once — enough to keep its thread busy between answers — and the rest wait here, in
 * order, where their wait is known:
 *
 * - a call arriving when `max` already wait is refused at once (DbBusyError);
 * - a call that has waited `waitMs` is refused (a sweep checks the oldest every few milliseconds),
 *   so nobody waits much longer than that for the database to start on their work.
 *
 * Without limits (CLI commands, tests that set none) calls go straight through, as before.
 */
import { DbBusyError, type QueueLimits } from './availability';

interface Waiting { since: number; start(): void; refuse(e: Error): void }

export class WorkQueue {
  private readonly waiting: Waiting[] = [];
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private limits: QueueLimits | null = null;
  /** Calls refused so far (metrics, tests). */
  shed = 0;

  constructor(private readonly lanes: number) {}

  /** Calls waiting (not yet at the database). */
  get length(): number { return this.waiting.length; }

  /** How long the oldest waiting call has waited (0: none waits). */
  oldestWaitMs(now = performance.now()): number {
    const head = this.waiting[0];
    return head ? now - head.since : 0;
  }

  setLimits(limits: QueueLimits | null): void {
    this.limits = limits;
    if (!limits) while (this.waiting.length) this.waiting.shift()!.start();
  }

  /** `task` when a lane is free, or a DbBusyError when the queue is full or the wait was too long. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const limits = this.limits;
    if (!limits || (this.running < this.lanes && !this.waiting.length)) return this.start(task);
    if (this.waiting.length >= limits.max) return this.refuse(`${this.waiting.length} database calls already wait (DB_QUEUE_MAX ${limits.max})`);
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ since: performance.now(), start: () => { this.start(task).then(resolve, reject); }, refuse: reject });
      this.sweepSoon(limits.waitMs);
    });
  }

  private start<T>(task: () => Promise<T>): Promise<T> {
    this.running++;
    let p: Promise<T>;
    try {
      p = task();
    } catch (e) {
      p = Promise.reject(e);
    }
    const done = () => { this.running--; this.next(); };
    p.then(done, done);
    return p;
  }

  private refuse<T>(why: string): Promise<T> {
    this.shed++;
    return Promise.reject(new DbBusyError(why));
  }

  private next(): void {
    this.sweep();
    while (this.running < this.lanes && this.waiting.length) this.waiting.shift()!.start();
  }

  /** Refuse the calls that waited too long (the oldest are first). */
  private sweep(): void {
    const limits = this.limits;
    if (limits) {
      const late = performance.now() - limits.waitMs;
      while (this.waiting.length && this.waiting[0]!.since <= late) {
        this.shed++;
        this.waiting.shift()!.refuse(new DbBusyError(`waited more than ${limits.waitMs} ms for the database (DB_QUEUE_WAIT_MS)`));
      }
    }
    if (!this.waiting.length && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private sweepSoon(waitMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.sweep(), Math.max(5, Math.min(50, Math.round(waitMs / 10))));
    this.timer.unref();
  }
}
