/**
 * The in-process cache of verification answers (docs/decisions/010). Keyed by the normalised
 * code; it stores what the database said (the facts), never the derived status, so "expired"
 * still follows the app clock. Bounded LRU for known codes and a smaller one for unknown codes.
 *
 * Correctness rests on invalidation, not on expiry:
 * - `invalidate` drops the entries of the changed certificates / stamp batches, those of the
 *   legacy numbers given anew (another issuer's certificate of a cached number), and every
 *   cached "unknown", since a new certificate or batch may answer one of them;
 * - each invalidation bumps `generation`: a lookup that started before it may not store its
 *   (possibly stale) answer;
 * - entries older than `ttlMs` are not trusted (a safety net for a missed invalidation) but are
 *   still served when the database cannot answer (stale-if-error);
 * - while `trusted` is false (the cross-process listener is disconnected), entries are only
 *   served when the database cannot answer.
 */
import type { VerifyFacts } from './verify.repository';

export const CACHE_LIMITS = {
  /** Certificates and genuine stamp serials. */
  known: 20_000,
  /** Plausible codes the database does not know. */
  unknown: 5_000,
  /** Rendered pages kept per entry (locale × address variants). */
  pagesPerEntry: 4,
  /** Entries younger than this are served without asking the database. */
  ttlMs: 60_000,
} as const;

/** A rendered page split at each place of its per-browser form token: sent as the parts joined by the token. */
export interface PageBytes { parts: Buffer[] }

/** The page's bytes with this browser's form token in each of its forms. */
export function pageWithToken(bytes: PageBytes, token: string): Buffer {
  if (bytes.parts.length === 1) return bytes.parts[0]!;
  const t = Buffer.from(token);
  return Buffer.concat(bytes.parts.flatMap((part, i) => (i === 0 ? [part] : [t, part])));
}

export interface CacheEntry {
  facts: VerifyFacts;
  /** performance.now() when stored. */
  storedAt: number;
  /** The answer for one day (shared, never mutated), and its JSON bytes. */
  result: { day: string; value: unknown } | null;
  /** The JSON answer for one day (the status depends on the day). */
  json: { day: string; body: string } | null;
  /** Rendered anonymous pages by `${day}|${locale}|${url}`, as UTF-8 bytes around the form token. */
  pages: Map<string, PageBytes>;
}

export interface Invalidation {
  certificateIds?: readonly string[];
  batchIds?: readonly string[];
  /** Certificate numbers given anew (upper case): entries of the same number are dropped. */
  numbers?: readonly string[];
  all?: boolean;
}

/** Every certificate an entry answers about (several for a number shared by several issuers). */
const certificatesOf = (f: VerifyFacts) => (f.candidates?.length ? f.candidates : f.certificate ? [f.certificate] : []);

class Lru {
  readonly map = new Map<string, CacheEntry>();
  constructor(private readonly max: number, private readonly onEvict: (key: string, e: CacheEntry) => void) {}
  get(key: string): CacheEntry | undefined {
    const e = this.map.get(key);
    if (e) {
      this.map.delete(key);
      this.map.set(key, e);
    }
    return e;
  }
  set(key: string, e: CacheEntry) {
    const old = this.map.get(key);
    if (old) {
      this.map.delete(key);
      this.onEvict(key, old);
    }
    this.map.set(key, e);
    while (this.map.size > this.max) {
      const [k, v] = this.map.entries().next().value as [string, CacheEntry];
      this.map.delete(k);
      this.onEvict(k, v);
    }
  }
  delete(key: string) {
    const e = this.map.get(key);
    if (e) {
      this.map.delete(key);
      this.onEvict(key, e);
    }
  }
  clear() {
    for (const [k, v] of this.map) this.onEvict(k, v);
    this.map.clear();
  }
}

function addTo(index: Map<string, Set<string>>, id: string | null, key: string) {
  if (!id) return;
  let s = index.get(id);
  if (!s) index.set(id, (s = new Set()));
  s.add(key);
}
function removeFrom(index: Map<string, Set<string>>, id: string | null, key: string) {
  if (!id) return;
  const s = index.get(id);
  if (!s) return;
  s.delete(key);
  if (!s.size) index.delete(id);
}

export class VerifyCache {
  /** Bumped by every invalidation; lookups that began before it do not store. */
  generation = 0;
  /** False while cross-process invalidations may be missed (listener down): entries are then fallbacks only. */
  trusted = true;
  /** performance.now() of the last invalidation (reads from a replica wait out its lag after it). */
  lastChangeAt = Number.NEGATIVE_INFINITY;
  private readonly byCertificate = new Map<string, Set<string>>();
  private readonly byBatch = new Map<string, Set<string>>();
  private readonly byNumber = new Map<string, Set<string>>();
  private readonly known: Lru;
  private readonly unknown: Lru;

  constructor(private readonly limits: { known: number; unknown: number; ttlMs: number } = CACHE_LIMITS) {
    const evict = (key: string, e: CacheEntry) => {
      for (const c of certificatesOf(e.facts)) {
        removeFrom(this.byCertificate, c.id, key);
        removeFrom(this.byNumber, c.number.toUpperCase(), key);
      }
      removeFrom(this.byBatch, e.facts.stamp?.batchId ?? null, key);
    };
    this.known = new Lru(limits.known, evict);
    this.unknown = new Lru(limits.unknown, evict);
  }

  get size() { return this.known.map.size + this.unknown.map.size; }

  get(key: string): CacheEntry | undefined {
    return this.known.get(key) ?? this.unknown.get(key);
  }

  /** Fresh enough to answer without the database. */
  isFresh(e: CacheEntry, now = performance.now()): boolean {
    return this.trusted && now - e.storedAt < this.limits.ttlMs;
  }

  set(key: string, facts: VerifyFacts, startedGeneration: number): CacheEntry | null {
    if (startedGeneration !== this.generation) return null;
    const entry: CacheEntry = { facts, storedAt: performance.now(), result: null, json: null, pages: new Map() };
    const certs = certificatesOf(facts);
    if (certs.length) {
      this.unknown.delete(key);
      this.known.set(key, entry);
      for (const c of certs) {
        addTo(this.byCertificate, c.id, key);
        addTo(this.byNumber, c.number.toUpperCase(), key);
      }
      addTo(this.byBatch, facts.stamp?.batchId ?? null, key);
    } else {
      this.known.delete(key);
      this.unknown.set(key, entry);
    }
    return entry;
  }

  invalidate(change: Invalidation): void {
    this.generation++;
    this.lastChangeAt = performance.now();
    if (change.all) {
      this.known.clear();
      this.unknown.clear();
      return;
    }
    this.unknown.clear();
    for (const id of change.certificateIds ?? []) for (const key of [...(this.byCertificate.get(id) ?? [])]) this.known.delete(key);
    for (const id of change.batchIds ?? []) for (const key of [...(this.byBatch.get(id) ?? [])]) this.known.delete(key);
    for (const n of change.numbers ?? []) for (const key of [...(this.byNumber.get(n.toUpperCase()) ?? [])]) this.known.delete(key);
  }
}
