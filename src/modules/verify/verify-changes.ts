/**
 * Keeping cached verification answers true (docs/decisions/010).
 *
 * Whoever changes a certificate or a stamp batch calls `verificationChanged(ctx, …)`
 * (certification/verification-feed.ts) in the same transaction: it publishes on the change feed
 * (src/db/change-feed.ts), which this process hears at once and every process on the database —
 * this one included — when the transaction commits. So each process drops the entries again
 * after the commit, which also covers a lookup that read the old row between the two.
 *
 * Every app process subscribes (`startVerifyListener`). While the feed's connection is down the
 * cache is not trusted (answers come from the database, cached ones only when it fails), and on
 * reconnecting everything cached is dropped, since notices may have been missed.
 */
import type { Deps } from '../../context';
import { subscribeChanges, type ChangeSubscription } from '../../db/change-feed';
import { decodeChange, VERIFICATION_CHANNEL } from '../certification/verification-feed';
import { VerifyCache } from './verify-cache';
import { DbGuard } from './db-guard';
import { VerifyLimiter, VERIFY_RATE_LIMIT } from './verify-limiter';
import { addressList } from '../../web/address-list';

export { verificationChanged, type VerificationChange } from '../certification/verification-feed';
export const VERIFY_CHANNEL = VERIFICATION_CHANNEL;

export interface VerifyRuntime {
  cache: VerifyCache;
  guard: DbGuard;
  /** Per-IP budgets: the JSON API (shared with the fast path) and the page. */
  limiter: VerifyLimiter;
  pageLimiter: VerifyLimiter;
  /** Answers served by the fast path in front of the framework (verify-fast-path.ts). */
  fastPathHits: number;
}

const runtimes = new WeakMap<Deps, VerifyRuntime>();

/** The cache and database guard of this process for these dependencies. */
export function verifyRuntime(deps: Deps): VerifyRuntime {
  let r = runtimes.get(deps);
  if (!r) {
    const exempt = addressList(deps.env.RATE_LIMIT_ALLOWLIST);
    r = {
      cache: new VerifyCache(), guard: new DbGuard(),
      limiter: new VerifyLimiter(VERIFY_RATE_LIMIT, exempt), pageLimiter: new VerifyLimiter(VERIFY_RATE_LIMIT, exempt),
      fastPathHits: 0,
    };
    runtimes.set(deps, r);
  }
  return r;
}

export type VerifyListener = ChangeSubscription;

/** Listen for changes made by any process on the database; stop() on shutdown. */
export function startVerifyListener(deps: Deps, log: (msg: string, err?: unknown) => void = () => {}): VerifyListener {
  const { cache } = verifyRuntime(deps);
  return subscribeChanges(deps, VERIFICATION_CHANNEL, {
    changed: (payload) => cache.invalidate(decodeChange(payload)),
    offline: () => { cache.trusted = false; },
    // Changes made while disconnected were not heard: start afresh.
    online: () => { cache.invalidate({ all: true }); cache.trusted = true; },
  }, log);
}
