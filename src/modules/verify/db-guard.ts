/**
 * Fail fast when the database is down or hanging (docs/decisions/010): each lookup gets a time
 * limit; after a failure the guard opens for a short, growing pause during which lookups fail
 * at once (no pile-up of waiting queries); then one probe at a time is let through, and the
 * first success closes it again. The caller serves what it has cached, or a clear 503.
 *
 * The database's own health (db/health.ts, decisions/043) closes it too: when the connection is
 * back — a probe or any query anywhere succeeded — the next lookup goes through at once, so
 * verification resumes with the rest of the server, not a pause later.
 */
import { AppError } from '../../errors';
import type { DbHealth } from '../../db/health';

export const GUARD_LIMITS = {
  /** A lookup slower than this counts as a failure (the scan answers 503, not a hang). */
  timeoutMs: 1_000,
  /** First pause after a failure; doubles per consecutive failure up to maxPauseMs. */
  pauseMs: 250,
  /** Short: the database's return must reach verification within a second (decisions/043). */
  maxPauseMs: 500,
} as const;

/** Seconds a client should wait before trying again (Retry-After). */
export const RETRY_AFTER_SECONDS = 2;

export const unavailable = () => new AppError('service_unavailable', 'verification is temporarily unavailable; please try again in a moment');

export class DbGuard {
  private failures = 0;
  private openUntil = 0;
  private probing = false;

  constructor(private readonly limits: { timeoutMs: number; pauseMs: number; maxPauseMs: number } = GUARD_LIMITS) {}

  /** Follow the database's health: its return closes the guard at once. Returns the way to stop. */
  follow(health: DbHealth): () => void {
    return health.onChange((c) => { if (c.up) this.reset(); });
  }

  private reset(): void {
    this.failures = 0;
    this.openUntil = 0;
  }

  /** True when lookups are expected to work (no recent failure). */
  get healthy(): boolean { return this.failures === 0; }

  /** Whether a lookup may go to the database now (false: answer from cache or 503 at once). */
  get admits(): boolean {
    if (this.failures === 0) return true;
    return !this.probing && performance.now() >= this.openUntil;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.admits) throw unavailable();
    const probe = this.failures > 0;
    if (probe) this.probing = true;
    let timer: NodeJS.Timeout | undefined;
    const work = fn();
    try {
      const result = await Promise.race([
        work,
        new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('verification lookup timed out')), this.limits.timeoutMs); }),
      ]);
      this.reset();
      return result;
    } catch (e) {
      // Our own refusals (bad input and the like) are answers, not database failures.
      if (e instanceof AppError) throw e;
      work.catch(() => {});
      this.failures++;
      this.openUntil = performance.now() + Math.min(this.limits.pauseMs * 2 ** (this.failures - 1), this.limits.maxPauseMs);
      throw unavailable();
    } finally {
      clearTimeout(timer);
      if (probe) this.probing = false;
    }
  }
}
