/**
 * Rendered public pages (and catalogue API answers) of this process, as the bytes sent
 * (docs/decisions/033). Keyed by day, language and address; bounded by a byte budget; segmented
 * LRU so a flood of one-off addresses (garbage queries) cannot push out the pages people keep
 * asking for:
 * - a new page enters the probation segment;
 * - a page asked for again moves to the protected segment (at most `protectedShare` of the budget;
 *   beyond it the protected segment's least recent page goes back to probation);
 * - when the budget is exceeded the least recent probation page goes first, a protected page
 *   only when probation is empty.
 *
 * Correctness rests on the portal runtime (catalogue.snapshot.ts): every change notice clears the
 * cache, and a page rendered from data read before a change is never stored after it.
 */
export interface PageAnswer {
  /** The bytes as they are — null when held as the gzip only (they are then unzipped for a client that does not take gzip). */
  body: Buffer | null;
  /** Strong validator: a digest of the body. */
  etag: string;
  contentType: string;
  /** Other headers of the answer (a Link to the licence). */
  extra: Readonly<Record<string, string>>;
  /** The body gzipped, for browsers that accept it (null: sent as it is; web/compression.ts). */
  gzip: Buffer | null;
}

export interface CachedPage extends PageAnswer {
  /** Bytes held (the bodies and the key). */
  size: number;
  /** Served until then (Date.now() time; Infinity: until the next change notice). */
  until: number;
}

export interface PageCacheLimits {
  /** Total bytes of the pages held. */
  maxBytes: number;
  /** Largest page kept (bigger ones are served but not held). */
  maxPageBytes: number;
  /** Share of the budget for pages asked for more than once. */
  protectedShare: number;
}

export const PAGE_CACHE_LIMITS: PageCacheLimits = { maxBytes: 32 * 1024 * 1024, maxPageBytes: 512 * 1024, protectedShare: 0.8 };

class Segment {
  readonly map = new Map<string, CachedPage>();
  bytes = 0;
  add(key: string, page: CachedPage) {
    this.map.set(key, page);
    this.bytes += page.size;
  }
  remove(key: string): CachedPage | undefined {
    const page = this.map.get(key);
    if (page) {
      this.map.delete(key);
      this.bytes -= page.size;
    }
    return page;
  }
  /** The least recently used key. */
  oldest(): string | undefined {
    return this.map.keys().next().value;
  }
  clear() {
    this.map.clear();
    this.bytes = 0;
  }
}

export class PageCache {
  private readonly probation = new Segment();
  private readonly protectedPages = new Segment();
  hits = 0;
  misses = 0;
  evictions = 0;

  constructor(readonly limits: PageCacheLimits = PAGE_CACHE_LIMITS) {}

  get size(): number { return this.probation.map.size + this.protectedPages.map.size; }
  get bytes(): number { return this.probation.bytes + this.protectedPages.bytes; }

  /** The page held for `key`, unless past the age it was stored with (then dropped: a miss). */
  get(key: string): CachedPage | undefined {
    let page = this.protectedPages.remove(key);
    if (!page) page = this.probation.remove(key);
    if (page && Date.now() > page.until) page = undefined;
    if (!page) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Asked for again: protected (most recent).
    this.protectedPages.add(key, page);
    const cap = this.limits.maxBytes * this.limits.protectedShare;
    while (this.protectedPages.bytes > cap && this.protectedPages.map.size > 1) {
      const k = this.protectedPages.oldest()!;
      this.probation.add(k, this.protectedPages.remove(k)!);
    }
    this.evict();
    return page;
  }

  /** Whether `key` is held (without counting a hit or moving it). */
  has(key: string): boolean {
    return this.probation.map.has(key) || this.protectedPages.map.has(key);
  }

  /** Holds `answer` under `key`, served for `maxAgeMs` at most (default: until cleared). */
  set(key: string, answer: PageAnswer, maxAgeMs = Infinity): void {
    const size = (answer.body?.length ?? 0) + (answer.gzip?.length ?? 0) + key.length * 2 + 200;
    this.probation.remove(key);
    this.protectedPages.remove(key);
    if (size > this.limits.maxPageBytes) return;
    this.probation.add(key, { ...answer, size, until: Date.now() + maxAgeMs });
    this.evict();
  }

  clear(): void {
    this.probation.clear();
    this.protectedPages.clear();
  }

  private evict() {
    while (this.bytes > this.limits.maxBytes) {
      const segment = this.probation.map.size ? this.probation : this.protectedPages;
      const k = segment.oldest();
      if (k === undefined) return;
      segment.remove(k);
      this.evictions++;
    }
  }
}
