/**
 * A per-IP request budget shared by an in-process fast path (verify-fast-path.ts,
 * portal-fast-path.ts) and the Fastify routes it stands in front of, so a flood meets one budget
 * whichever way its requests are served. Fixed one-minute windows; the previous window's counts
 * are dropped wholesale when a new one starts, so memory stays bounded by one minute of callers.
 */
import type { AddressMatcher } from './address-list';

export interface Take {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
  retryAfter: number;
  limit: number;
  remaining: number;
}

export class IpLimiter {
  private counts = new Map<string, number>();
  private windowEnds = 0;

  constructor(
    readonly limit: number,
    private readonly exempt: AddressMatcher,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Count one request from `ip`; allowed while the window's count stays within the limit. */
  take(ip: string): Take {
    if (this.exempt(ip)) return { allowed: true, retryAfter: 0, limit: this.limit, remaining: this.limit };
    const now = this.now();
    if (now >= this.windowEnds) {
      this.counts = new Map();
      this.windowEnds = now - (now % this.windowMs) + this.windowMs;
    }
    const n = (this.counts.get(ip) ?? 0) + 1;
    this.counts.set(ip, n);
    return {
      allowed: n <= this.limit,
      retryAfter: Math.max(1, Math.ceil((this.windowEnds - now) / 1000)),
      limit: this.limit,
      remaining: Math.max(0, this.limit - n),
    };
  }
}
