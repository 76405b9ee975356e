/**
 * What public verification answers depend on, announced on the change feed (src/db/change-feed.ts,
 * docs/decisions/010): certificates issued, revoked or superseded (this module) and stamp batches
 * issued, delivered or voided (stamps). Whoever changes them calls `verificationChanged(ctx, …)`
 * in the same transaction; verify subscribes and keeps its cache true.
 *
 * The channel and its payload are a contract between processes: `{"c":[certificate ids],
 * "b":[batch ids],"n":[certificate numbers]}` or `{"all":true}` ("n" optional: numbers given
 * anew, so an answer cached for the same number under another issuer is dropped too); anything
 * unreadable means "everything changed".
 */
import type { Ctx } from '../../context';
import { publishChange } from '../../db/change-feed';

export const VERIFICATION_CHANNEL = 'ocop_verify';
/** NOTIFY payloads stay well under PostgreSQL's 8,000 bytes; larger changes become "all". */
const MAX_IDS_PER_NOTICE = 150;
const MAX_NOTICE_BYTES = 7_000;

export interface VerificationChange {
  /** Certificates issued, revoked, superseded or otherwise changed. */
  certificateIds?: readonly string[];
  /** Stamp batches issued, delivered or voided (their serials follow the batch). */
  batchIds?: readonly string[];
  /**
   * Numbers of certificates just issued under a number another issuer may hold already (legacy
   * numbers are unique per issuer only): answers cached for that number are dropped.
   */
  numbers?: readonly string[];
  /** Anything else (bulk imports, restores, renames): drop every cached answer. */
  all?: boolean;
}

/** Duplicates removed; too many ids become "all". */
export function normaliseChange(change: VerificationChange): VerificationChange {
  const certificateIds = [...new Set(change.certificateIds ?? [])];
  const batchIds = [...new Set(change.batchIds ?? [])];
  const numbers = [...new Set((change.numbers ?? []).map((n) => n.trim().toUpperCase()))];
  if (change.all || certificateIds.length + batchIds.length > MAX_IDS_PER_NOTICE) return { all: true };
  if (numbers.length && encodeChange({ certificateIds, batchIds, numbers }).length > MAX_NOTICE_BYTES) return { all: true };
  return numbers.length ? { certificateIds, batchIds, numbers } : { certificateIds, batchIds };
}

export function encodeChange(change: VerificationChange): string {
  if (change.all) return '{"all":true}';
  const numbers = change.numbers?.length ? { n: change.numbers } : {};
  return JSON.stringify({ c: change.certificateIds ?? [], b: change.batchIds ?? [], ...numbers });
}

/** A notice's payload; anything unreadable means "drop everything". */
export function decodeChange(payload: string | undefined): VerificationChange {
  try {
    const v = JSON.parse(payload ?? '') as { all?: unknown; c?: unknown; b?: unknown; n?: unknown };
    const ids = (x: unknown) => (Array.isArray(x) ? x.filter((i): i is string => typeof i === 'string') : []);
    if (v.all === true) return { all: true };
    const numbers = ids(v.n);
    return numbers.length ? { certificateIds: ids(v.c), batchIds: ids(v.b), numbers } : { certificateIds: ids(v.c), batchIds: ids(v.b) };
  } catch {
    return { all: true };
  }
}

/**
 * Call in the transaction that changes certificates or stamp batches (revoke, approve/issue,
 * supersede, import, batch issue/deliver/void): this process's verification cache hears it at
 * once, every process on the database when the transaction commits.
 */
export async function verificationChanged(ctx: Ctx, change: VerificationChange): Promise<void> {
  const normal = normaliseChange(change);
  if (!normal.all && !normal.certificateIds?.length && !normal.batchIds?.length && !normal.numbers?.length) return;
  await publishChange(ctx, VERIFICATION_CHANNEL, encodeChange(normal));
}
