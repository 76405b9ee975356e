/**
 * Per-IP rate limits of the public read API (route `config.rateLimit`, @fastify/rate-limit; each
 * route counts on its own). Addresses in RATE_LIMIT_ALLOWLIST (proxies, load tests) are exempt.
 * Pages use the app-wide limit.
 */
export const RATE_LIMITS = {
  /** Catalogue search and reads: a browsing person or a well-behaved script. */
  catalogue: { max: 120, timeWindow: '1 minute' },
  /** Whole-catalogue downloads: rebuilt only when the data changes, but large. */
  downloads: { max: 20, timeWindow: '1 minute' },
  /** QR images (a producer downloading print sizes, a product page showing one). */
  qr: { max: 60, timeWindow: '1 minute' },
} as const;
