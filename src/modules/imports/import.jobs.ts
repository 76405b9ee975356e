/**
 * Import jobs whose worker is gone. A job runs in one process; its row says "validating" or
 * "importing" until that process records the outcome. When the process dies mid-way (killed, out
 * of memory, the machine lost) its write transaction is rolled back — nothing of the import is
 * written — but the row would go on saying "importing". So:
 *
 * - While a job runs, its worker shows it is alive in `import_jobs.heartbeat_at`: every
 *   HEARTBEAT_MS from a timer (also while it waits for another import's lock), and with each
 *   status or progress write. On PostgreSQL these go through a pooled connection other than the
 *   import's transaction, so every process sharing the database sees them.
 * - The sweep (`serve` runs it every minute: scheduleImportSweep) fails each running job whose
 *   heartbeat is older than STALE_HEARTBEAT_MS and that does not run in the sweeping process,
 *   with the reason "interrupted, nothing was written" and its progress back to 0. Every process
 *   may sweep: it is one UPDATE, so a job is failed once.
 * - A worker's own moves are conditional (validating → importing; importing → succeeded inside
 *   its write transaction): a worker declared gone that was only stalled rolls its import back,
 *   so a failed job never has rows written. Failing the row is a statement of its own, outside
 *   any import's transaction.
 * - At start-up (failInterruptedJobs) the embedded database (one process) fails every running
 *   job; PostgreSQL those with an old heartbeat (other processes may be importing).
 *
 * The embedded database has one connection, held by an import's write transaction, and one
 * process: no heartbeat is written there (the timer runs on PostgreSQL only), and the sweep never
 * fails a job of its own process (the live table of progress.ts). Heartbeats use the app's clock:
 * the servers sharing a PostgreSQL database keep their clocks in step (NTP), well within the
 * two minutes.
 */
import { makeCtx, systemActor, type Ctx, type Deps } from '../../context';
import { t, type Locale } from '../../core/i18n';
import * as repo from './import.repository';
import { liveJobIds } from './progress';

/** How often a running job's worker writes its heartbeat (PostgreSQL). */
export const HEARTBEAT_MS = 15_000;
/** A running job whose heartbeat is older than this has no worker any more (8 heartbeats missed). */
export const STALE_HEARTBEAT_MS = 2 * 60_000;
/** How often `serve` sweeps. */
export const IMPORT_SWEEP_INTERVAL_MS = 60_000;

type JobErrors = repo.JobRow['errors'];

const INTERRUPTED = 'imports.err.interrupted' as const;

/** The one finding of a job whose worker stopped: it was interrupted and nothing was written. */
export function interruptedErrors(locale: Locale): JobErrors {
  return [{ row: 0, field: 'file', message: t(locale, INTERRUPTED) }];
}

const isInterruptedError = (e: JobErrors[number]) =>
  e.row === 0 && e.field === 'file' && (e.message === t('vi', INTERRUPTED) || e.message === t('en', INTERRUPTED));

/** Whether a failed job's findings are the sweep's "interrupted" (written in either language). */
export function isInterrupted(errors: JobErrors): boolean {
  return errors.length === 1 && isInterruptedError(errors[0]!);
}

/** The sweep writes its reason in its own language; a reader gets it in theirs. */
export function localiseErrors(errors: JobErrors, locale: Locale): JobErrors {
  return errors.map((e) => (isInterruptedError(e) ? { ...e, message: t(locale, INTERRUPTED) } : e));
}

/** Whether a running job's worker has not shown it is alive for too long. */
export function heartbeatIsStale(job: Pick<repo.JobRow, 'heartbeatAt' | 'createdAt'>, now: Date): boolean {
  return now.getTime() - (job.heartbeatAt ?? job.createdAt).getTime() > STALE_HEARTBEAT_MS;
}

/**
 * Write the job's heartbeat every `everyMs` until stopped (PostgreSQL, outside any caller's
 * transaction; elsewhere nothing). Stops by itself once the job no longer runs.
 */
export function startHeartbeat(ctx: Ctx, jobId: string, everyMs = HEARTBEAT_MS): () => void {
  if (ctx.deps.database.engine !== 'postgres' || ctx.tx) return () => {};
  const outside: Ctx = { ...ctx, tx: null };
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    repo.updateRunningJob(outside, jobId, { heartbeatAt: ctx.deps.clock() })
      .then((running) => { if (!running) clearInterval(timer); }, () => {})
      .finally(() => { busy = false; });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * At start-up: jobs a stopped process left "validating" or "importing" can never finish (their
 * transaction was rolled back), so they are marked failed with a message saying nothing was
 * written. On the embedded database every running job is such a job; on PostgreSQL, those whose
 * heartbeat is old (other app processes may be importing right now).
 */
export async function failInterruptedJobs(ctx: Ctx): Promise<number> {
  const now = ctx.deps.clock();
  const before = ctx.deps.database.engine === 'pglite' ? null : new Date(now.getTime() - STALE_HEARTBEAT_MS);
  return repo.failRunningJobs(ctx, before, interruptedErrors(ctx.locale), now, liveJobIds());
}

/** One pass of the sweep: running jobs of no live worker are failed. Returns how many. */
export async function sweepInterruptedJobs(ctx: Ctx): Promise<number> {
  const now = ctx.deps.clock();
  return repo.failRunningJobs(ctx, new Date(now.getTime() - STALE_HEARTBEAT_MS), interruptedErrors(ctx.locale), now, liveJobIds());
}

/** The sweep every `intervalMs` (the timer does not keep the process alive); returns its stop. */
export function scheduleImportSweep(deps: Deps, log: (msg: string, err?: unknown) => void, intervalMs = IMPORT_SWEEP_INTERVAL_MS): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const n = await sweepInterruptedJobs(makeCtx(deps, { actor: systemActor('import sweep') }));
      if (n) log(`imports: ${n} interrupted import job(s) marked failed (their worker stopped; nothing of them was written)`);
    } catch (e) {
      log('imports: sweeping interrupted import jobs failed', e);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
