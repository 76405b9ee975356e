/**
 * Counting stamp scans off the hot path, and raising alerts.
 *
 * A scan only adds to an in-memory tally (per Deps, i.e. per app process and database). The
 * tally is written within FLUSH_INTERVAL_MS of the first scan it holds, or at once when it holds
 * FLUSH_AT_SCANS scans, and when the app closes — in ONE statement: an additive upsert
 * (`count = count + n`), so several processes on one PostgreSQL add up correctly, followed in the
 * same statement by the alerts its new totals and the current state of the batch and certificate
 * call for (`on conflict (kind, serial) do nothing`: each alert once per kind and serial):
 *
 * - `excessive_scans`: a serial counted more than EXCESSIVE_SCANS times. A stamp sits on one
 *   jar or pack, which the shop, the buyer, their family and a gift's receiver may each scan a
 *   few times over its shelf life; dozens of scans mean the stamp was photocopied onto many packs;
 * - `voided_batch_scanned`: a serial of a batch voided before the scan;
 * - `revoked_certificate_scanned`: a serial scanned on or after the day its certificate was revoked.
 *
 * If the database cannot be reached the tally is kept (up to MAX_PENDING_SERIALS serials) and
 * retried; counts are best-effort beyond that, verification answers never wait for them.
 */
import { makeCtx, type Deps } from '../../context';
import { todayInVietnam } from '../../domain/dates';
import { addScanTallies } from './stamp-scans.repository';

/** More scans than a stamp's normal life sees (see above). */
export const EXCESSIVE_SCANS = 50;
export const FLUSH_INTERVAL_MS = 1_000;
/** Scans held before writing at once. */
export const FLUSH_AT_SCANS = 500;
const MAX_PENDING_SERIALS = 100_000;
/** Rows per statement (5 parameters each: well under PostgreSQL's 65,535). */
const CHUNK = 2_000;

interface Pending { batchId: string; count: number; firstAt: Date; lastAt: Date }
export interface FlushResult { serials: number; scans: number; alerts: number }

class ScanBuffer {
  pending = new Map<string, Pending>();
  scans = 0;
  timer: NodeJS.Timeout | null = null;
  inflight: Promise<FlushResult> | null = null;
  closed = false;

  constructor(private readonly deps: Deps) {}

  add(serial: string, batchId: string, at: Date): void {
    const p = this.pending.get(serial);
    if (p) {
      p.count++;
      if (at > p.lastAt) p.lastAt = at;
      if (at < p.firstAt) p.firstAt = at;
    } else {
      if (this.pending.size >= MAX_PENDING_SERIALS) return;
      this.pending.set(serial, { batchId, count: 1, firstAt: at, lastAt: at });
    }
    this.scans++;
    if (this.scans >= FLUSH_AT_SCANS) this.background();
    else this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => { this.timer = null; this.background(); }, FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  private background(): void {
    this.flush().catch(() => this.schedule());
  }

  async flush(): Promise<FlushResult> {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    while (this.inflight) await this.inflight.catch(() => undefined);
    if (this.pending.size === 0) return { serials: 0, scans: 0, alerts: 0 };
    const taken = this.pending;
    this.pending = new Map();
    this.scans = 0;
    const run = writeScans(this.deps, taken).catch((e: unknown) => {
      // Put the counts back (merged with scans that arrived meanwhile) for the next attempt.
      for (const [serial, p] of taken) {
        const q = this.pending.get(serial);
        if (q) {
          q.count += p.count;
          if (p.firstAt < q.firstAt) q.firstAt = p.firstAt;
          if (p.lastAt > q.lastAt) q.lastAt = p.lastAt;
        } else if (this.pending.size < MAX_PENDING_SERIALS) this.pending.set(serial, p);
        this.scans += p.count;
      }
      throw e;
    });
    this.inflight = run;
    try {
      return await run;
    } finally {
      this.inflight = null;
    }
  }
}

const buffers = new WeakMap<Deps, ScanBuffer>();
const bufferOf = (deps: Deps): ScanBuffer => {
  let b = buffers.get(deps);
  if (!b) { b = new ScanBuffer(deps); buffers.set(deps, b); }
  return b;
};

/** Count one scan in memory (no I/O). */
export function bufferScan(deps: Deps, serial: string, batchId: string, at: Date = deps.clock()): void {
  bufferOf(deps).add(serial, batchId, at);
}

/** Write the held scans now (tests, shutdown). Resolves when written; rejects if the database fails. */
export function flushStampScans(deps: Deps): Promise<FlushResult> {
  const b = buffers.get(deps);
  return b ? b.flush() : Promise.resolve({ serials: 0, scans: 0, alerts: 0 });
}

/** Final flush when the app closes; no timers after it. Errors are swallowed (nothing to report them to). */
export async function closeStampScans(deps: Deps): Promise<void> {
  const b = buffers.get(deps);
  if (!b) return;
  b.closed = true;
  await b.flush().catch(() => undefined);
  if (b.timer) clearTimeout(b.timer);
  b.timer = null;
}

/** Scans held in memory, not yet written. */
export function pendingStampScans(deps: Deps): number {
  return buffers.get(deps)?.scans ?? 0;
}

async function writeScans(deps: Deps, taken: Map<string, Pending>): Promise<FlushResult> {
  const entries = [...taken];
  const ctx = makeCtx(deps);
  const now = deps.clock().toISOString();
  let alerts = 0;
  let scans = 0;
  for (let i = 0; i < entries.length; i += CHUNK) {
    const part = entries.slice(i, i + CHUNK).map(([serial, p]) => {
      scans += p.count;
      return { serial, batchId: p.batchId, count: p.count, firstAt: p.firstAt, lastAt: p.lastAt, scanDay: todayInVietnam(p.lastAt) };
    });
    alerts += await addScanTallies(ctx, part, now, EXCESSIVE_SCANS);
  }
  return { serials: entries.length, scans, alerts };
}
