/**
 * Public verification of a certificate number or a stamp serial (a scan of its QR code, or typed
 * in): valid / expired / revoked / unknown (docs/api.md), built for the hot path
 * (docs/decisions/010):
 * - answers come from an in-process cache kept true by invalidation (verify-changes.ts), with
 *   a short TTL as a safety net; the cache holds facts, the status is derived per request from
 *   the app clock, so expiry needs no invalidation;
 * - lookups go to the read replica, except just after a change (the replica may lag);
 * - a database that is down or hanging makes uncached lookups fail fast (503) while cached
 *   answers keep being served (db-guard.ts);
 * - a stamp serial answers like its certificate; a serial of a voided batch answers "revoked"
 *   with reason "voided"; a guessed or altered serial is "unknown" without touching the
 *   database. Every scan of a genuine serial is counted (noteStampScan);
 * - a legacy number several issuers gave ("45/GCN-UBND" of two provinces) answers "unknown" with
 *   reason "shared_number" and every candidate (issuer, product, producer, status) and its
 *   issuer-qualified address `?issuer=<issuerKey>`, which answers for that issuer's certificate
 *   alone (docs/decisions/032).
 */
import type { Ctx } from '../../context';
import { todayInVietnam } from '../../domain/dates';
import { isPlausibleCode, verifyStatusOf, type VerifyStatus } from '../../domain/decision';
import { certificateStatusOn, lastValidDay } from '../../domain/certificate';
import type { Db } from '../../db/client';
import { looksLikeSerial, lookupStamp, noteStampScan } from '../stamps/stamp-lookup';
import { findCertificateFactsById, findCertificateFactsByNumber, UNKNOWN_FACTS, type CertificateFacts, type VerifyFacts } from './verify.repository';
import type { CacheEntry } from './verify-cache';
import { verifyRuntime } from './verify-changes';
import { unavailable } from './db-guard';

/** After a change, read from the primary (not a possibly lagging replica) and do not cache, for this long. */
export const REPLICA_GRACE_MS = 2_000;
/** How long a scan waits for its count to be written (it is a side effect, not part of the answer). */
const SCAN_NOTE_WAIT_MS = 200;

export const VERIFY_REASONS = ['not_yet_valid', 'expired', 'superseded', 'revoked', 'voided', 'shared_number'] as const;

/** One certificate as verification shows it (the answer itself, or one candidate of a shared number). */
export interface CertificateAnswer {
  status: VerifyStatus;
  product: { name: string; stars: number } | null;
  producer: { name: string; provinceName: string } | null;
  /** `issuer`: the body as signed (docs/api.md), never its successor. */
  certificate: { number: string; issuedOn: string; expiresOn: string; validUntil: string; issuer: string } | null;
  /**
   * Why it is not valid: not yet in force, expired by date, superseded by a newer certificate,
   * revoked, (stamps) the batch was voided, or the number is held by several issuers (see candidates).
   */
  reason: (typeof VERIFY_REASONS)[number] | null;
  /** The certificate that replaced it (upgrade or re-evaluation), when superseded. */
  supersededBy: { number: string; stars: number } | null;
  revokedOn: string | null;
}

/** A certificate of a number several issuers gave, with the address that verifies it alone. */
export interface VerifyCandidate extends CertificateAnswer {
  issuer: string;
  issuerKey: string;
  /** `/v/<number>?issuer=<issuerKey>` (the page) and its JSON twin under /api/v1/verify/. */
  links: { page: string; api: string };
}

export interface VerifyResult extends CertificateAnswer {
  /** The stamp scanned, when the code was a genuine stamp serial. */
  stamp: { serial: string; lot: { lotNumber: string; traceCode: string; url: string } | null } | null;
  /** Every certificate of the number when several issuers gave it (status "unknown", reason "shared_number"); else empty. */
  candidates: VerifyCandidate[];
  /** The day the answer is about (Vietnam time). */
  checkedOn: string;
}

export interface VerifyAnswer {
  result: VerifyResult;
  /** The cache entry the answer came from or went into (routes memoise rendered bytes on it). */
  entry: CacheEntry | null;
  /** Normalised code (upper case), null when the code is not even plausible. */
  key: string | null;
  /** Served from cache because the database could not answer. */
  stale: boolean;
  /** Province the code belongs to (reports go to its officers), null when unknown. */
  provinceCode: string | null;
}

const unknownResult = (checkedOn: string): VerifyResult => ({
  status: 'unknown', product: null, producer: null, certificate: null, reason: null, supersededBy: null, revokedOn: null, stamp: null,
  candidates: [], checkedOn,
});

/** The issuer-qualified addresses of one issuer's certificate of a number. */
export function qualifiedPaths(number: string, issuerKey: string): { page: string; api: string } {
  const tail = `${encodeURIComponent(number)}?issuer=${encodeURIComponent(issuerKey)}`;
  return { page: `/v/${tail}`, api: `/api/v1/verify/${tail}` };
}

/** One certificate's answer on a day (pure). */
function certificateAnswer(c: CertificateFacts, today: string): CertificateAnswer {
  const status = certificateStatusOn({ issuedOn: c.issuedOn, expiresOn: c.expiresOn, revokedOn: c.revokedOn, supersededOn: c.supersededOn }, today);
  return {
    status: verifyStatusOf(status),
    product: { name: c.productName, stars: c.stars },
    producer: { name: c.producerName, provinceName: c.provinceName },
    certificate: { number: c.number, issuedOn: c.issuedOn, expiresOn: c.expiresOn, validUntil: lastValidDay(c.expiresOn), issuer: c.issuer },
    reason: status === 'valid' ? null : status,
    supersededBy: status === 'superseded' && c.supersededByNumber ? { number: c.supersededByNumber, stars: c.supersededByStars ?? 0 } : null,
    revokedOn: status === 'revoked' ? c.revokedOn : null,
  };
}

/** The answer for these facts on this day (pure). */
export function resultOf(facts: VerifyFacts, today: string): VerifyResult {
  if (facts.candidates?.length) {
    return {
      ...unknownResult(today), reason: 'shared_number',
      candidates: facts.candidates.map((c) => ({ ...certificateAnswer(c, today), issuer: c.issuer, issuerKey: c.issuerKey, links: qualifiedPaths(c.number, c.issuerKey) })),
    };
  }
  const c = facts.certificate;
  if (!c) return unknownResult(today);
  const lot = facts.stamp?.lot ? { lotNumber: facts.stamp.lot.lotNumber, traceCode: facts.stamp.lot.traceCode, url: facts.stamp.lot.path } : null;
  const stamp = facts.stamp ? { serial: facts.stamp.serial, lot } : null;
  if (facts.stamp?.batchStatus === 'voided') {
    // The stamp proves nothing any more: no certificate (nor lot) is shown for it.
    return {
      status: 'revoked', product: { name: c.productName, stars: c.stars }, producer: { name: c.producerName, provinceName: c.provinceName },
      certificate: null, reason: 'voided', supersededBy: null, revokedOn: null, stamp: stamp && { ...stamp, lot: null }, candidates: [], checkedOn: today,
    };
  }
  return { ...certificateAnswer(c, today), stamp, candidates: [], checkedOn: today };
}

/** The facts from the database; `cacheable` is false for serials that failed their check (no lookup was made). */
async function readFacts(ctx: Ctx, db: Db, code: string, number: string, issuerKey: string | null): Promise<{ facts: VerifyFacts; cacheable: boolean }> {
  if (looksLikeSerial(code)) {
    const match = await lookupStamp(ctx, code);
    if (!match) return { facts: UNKNOWN_FACTS, cacheable: false };
    const certificate = await findCertificateFactsById(db, match.certificateId);
    return { facts: certificate ? { certificate, stamp: match } : UNKNOWN_FACTS, cacheable: true };
  }
  const found = await findCertificateFactsByNumber(db, number, issuerKey);
  if (found.length > 1) return { facts: { certificate: null, stamp: null, candidates: found }, cacheable: true };
  return { facts: { certificate: found[0] ?? null, stamp: null }, cacheable: true };
}

async function noteScan(ctx: Ctx, facts: VerifyFacts, wait: boolean): Promise<void> {
  if (!facts.stamp) return;
  const note = noteStampScan(ctx.deps, facts.stamp).catch(() => {});
  if (!wait) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([note, new Promise<void>((r) => { timer = setTimeout(r, SCAN_NOTE_WAIT_MS); })]);
  clearTimeout(timer);
}

/** The cache key of a scanned or typed code (null: not a plausible code, always "unknown"). */
export function cacheKeyOf(rawCode: string): string | null {
  const code = rawCode.normalize('NFC').trim();
  return isPlausibleCode(code) ? code.toUpperCase() : null;
}

/**
 * The issuer key of `?issuer=` as compared ("province:02"): null when absent or empty; a key no
 * certificate has ("-") when it is not even the form of one, so the answer is "unknown".
 */
export function issuerKeyOf(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const k = raw.normalize('NFC').trim();
  if (k === '') return null;
  return k.length <= 120 && /^[a-z]+(:[a-z0-9 ]+)*$/.test(k) ? k : '-';
}

/**
 * Verify a scanned or typed code, of one issuer when `issuer` (an issuer key) is given. Never
 * throws for bad input (unknown instead); throws `service_unavailable` only when the database
 * cannot answer and nothing is cached.
 */
export async function verifyAnswer(ctx: Ctx, rawCode: string, issuer: string | null = null): Promise<VerifyAnswer> {
  const today = todayInVietnam(ctx.deps.clock());
  const code = rawCode.normalize('NFC').trim();
  if (!isPlausibleCode(code)) return { result: unknownResult(today), entry: null, key: null, stale: false, provinceCode: null };
  const number = code.toUpperCase();
  const issuerKey = looksLikeSerial(code) ? null : issuer;
  // Qualified answers are cached apart (the fast path never serves them: it takes no query string).
  const key = issuerKey === null ? number : `${number}?issuer=${issuerKey}`;
  const { cache, guard } = verifyRuntime(ctx.deps);
  const answer = (facts: VerifyFacts, entry: CacheEntry | null, stale: boolean): VerifyAnswer => {
    let result: VerifyResult;
    if (entry?.result?.day === today) result = entry.result.value as VerifyResult;
    else {
      result = resultOf(facts, today);
      if (entry) entry.result = { day: today, value: result };
    }
    return { result, entry, key, stale, provinceCode: facts.certificate?.provinceCode ?? facts.stamp?.provinceCode ?? null };
  };

  const cached = cache.get(key);
  if (cached && cache.isFresh(cached)) {
    await noteScan(ctx, cached.facts, guard.healthy);
    return answer(cached.facts, cached, false);
  }
  if (!guard.admits) {
    if (cached) return answer(cached.facts, cached, true);
    throw unavailable();
  }
  const generation = cache.generation;
  const { db, read } = ctx.deps.database;
  const justChanged = read !== db && performance.now() - cache.lastChangeAt < REPLICA_GRACE_MS;
  let found: { facts: VerifyFacts; cacheable: boolean };
  try {
    found = await guard.run(() => readFacts(ctx, justChanged ? db : read, code, number, issuerKey));
  } catch (e) {
    if (cached) return answer(cached.facts, cached, true);
    throw e;
  }
  const entry = found.cacheable && !justChanged ? cache.set(key, found.facts, generation) : null;
  await noteScan(ctx, found.facts, true);
  return answer(found.facts, entry, false);
}

/** The answer alone (services and tests). */
export async function verifyCode(ctx: Ctx, code: string, issuer: string | null = null): Promise<VerifyResult> {
  return (await verifyAnswer(ctx, code, issuer)).result;
}
