/**
 * What verification needs from stamps: the server's stamp secret, and a scanned code resolved to
 * its batch and certificate when it is a genuine serial (src/domain/stamp-serial.ts). The
 * verification service calls `lookupStamp` for codes that look like serials, then `noteStampScan`
 * for each scan it answers.
 *
 * For the verification service:
 * - `lookupStamp(ctx, code)` → StampMatch | null. null = guessed or altered serial (check does not
 *   match), unknown batch, or seq beyond the batch's quantity: answer "unknown". A match carries
 *   `batchStatus`: a `voided` batch must NOT verify as valid; otherwise verify the batch's
 *   certificate (`certificateId`) as usual. A match of a batch issued for a production lot carries
 *   `lot` (its number, trace code and public trace page `/truy-xuat/<trace code>`), else null. It reads `stamp_batches` on `database.read`; the
 *   stamps service calls verificationChanged({ batchIds }) in every transaction that issues,
 *   delivers or voids a batch, so cached answers follow.
 * - `noteStampScan(deps, match, opts?)` → Promise<void>, resolved at once: the scan is only
 *   counted in memory and written in batches (stamp-scans.ts), never on the request's path; call
 *   it for every answered scan of a match, voided batches included (that scan raises an alert).
 *   `opts.at` is the scan time (default deps.clock()). Alerts for voided batches and revoked
 *   certificates are derived from the database when the counts are written, so callers need not
 *   pass the verification outcome (`opts.certificateState` is accepted and not needed).
 */
import { randomBytes } from 'node:crypto';
import { makeCtx, type Ctx, type Deps } from '../../context';
import { checkSerial, parseSerial } from '../../domain/stamp-serial';
import { ensureSetting, findBatchByCode, type BatchStatus } from './stamps.repository';
import { bufferScan } from './stamp-scans';

const SECRET_KEY = 'stamp_secret';
const secrets = new WeakMap<Deps, Promise<string>>();

/**
 * STAMP_SECRET, or the secret generated on first use and stored in app_settings (so every process
 * on one database agrees, and a backup keeps it). Cached per Deps.
 */
export function stampSecret(deps: Deps): Promise<string> {
  let p = secrets.get(deps);
  if (!p) {
    p = (async () => {
      if (deps.env.STAMP_SECRET) return deps.env.STAMP_SECRET;
      return ensureSetting(makeCtx(deps), SECRET_KEY, randomBytes(32).toString('base64url'));
    })();
    p.catch(() => secrets.delete(deps));
    secrets.set(deps, p);
  }
  return p;
}

export interface StampMatch {
  serial: string;
  seq: number;
  batchId: string;
  batchCode: string;
  batchStatus: BatchStatus;
  certificateId: string;
  productId: string;
  provinceCode: string;
  /** The production lot the batch was issued for (issue 17): where a scan of the stamp leads. */
  lot: StampLot | null;
}

export interface StampLot {
  lotNumber: string;
  traceCode: string;
  /** The lot's public trace page (the trace module's tracePath). */
  path: string;
}

/** The public trace page of a lot's trace code (as the trace module answers it). */
export const lotTracePath = (traceCode: string) => `/truy-xuat/${traceCode}`;

/** Could this code be a stamp serial? (No database, no secret: for routing a scan.) */
export const looksLikeSerial = (code: string): boolean => parseSerial(code) !== null;

/** The batch of a genuine serial (check matches, batch exists, seq within its quantity), else null. */
export async function lookupStamp(ctx: Ctx, code: string): Promise<StampMatch | null> {
  const checked = checkSerial(await stampSecret(ctx.deps), code);
  if (!checked) return null;
  const batch = await findBatchByCode(ctx, checked.batchCode);
  if (!batch || checked.seq > batch.quantity) return null;
  return {
    serial: checked.serial, seq: checked.seq, batchId: batch.id, batchCode: batch.code, batchStatus: batch.status,
    certificateId: batch.certificateId, productId: batch.productId, provinceCode: batch.provinceCode,
    lot: batch.lotNumber && batch.lotTraceCode ? { lotNumber: batch.lotNumber, traceCode: batch.lotTraceCode, path: lotTracePath(batch.lotTraceCode) } : null,
  };
}

export interface ScanOptions {
  /** When the scan happened (default deps.clock()). */
  at?: Date;
  /** What verification concluded about the certificate; not needed (the flush reads the state itself). */
  certificateState?: string;
}

/** Count one scan of a genuine serial: in memory now, written within a second (see stamp-scans.ts). */
export function noteStampScan(deps: Deps, match: StampMatch, opts: ScanOptions = {}): Promise<void> {
  bufferScan(deps, match.serial, match.batchId, opts.at ?? deps.clock());
  return Promise.resolve();
}
