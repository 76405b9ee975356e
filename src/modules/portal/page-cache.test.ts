/**
 * The portal's page cache (page-cache.ts): a byte budget it never exceeds, a flood of one-off
 * addresses that cannot push out the pages people keep asking for, pages too big to hold, clear()
 * and the hit / miss counts.
 */
import { describe, expect, it } from 'vitest';
import { PageCache, type PageCacheLimits } from './page-cache';

const LIMITS: PageCacheLimits = { maxBytes: 20_000, maxPageBytes: 4_000, protectedShare: 0.8 };

/** A body of `n` bytes whose content names the key (so a wrong page would show). */
const bodyOf = (key: string, n: number) => Buffer.from(key.padEnd(n, '.').slice(0, n));
const put = (cache: PageCache, key: string, n = 500) =>
  cache.set(key, { body: bodyOf(key, n), etag: `"${key}"`, contentType: 'text/html; charset=utf-8', extra: {}, gzip: null });

/** A small deterministic generator, so a failing sequence can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return (below: number) => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s % below;
  };
}

describe('the byte budget', () => {
  it('is never exceeded, whatever mix of new pages, repeats and replacements arrives', () => {
    const cache = new PageCache(LIMITS);
    const next = random(14);
    const bodies = new Map<string, number>();
    for (let i = 0; i < 5_000; i++) {
      const key = `/san-pham?q=${next(300)}`;
      if (next(3) === 0) cache.get(key);
      else {
        const n = 1 + next(3_900);
        put(cache, key, n);
        bodies.set(key, n);
      }
      expect(cache.bytes).toBeLessThanOrEqual(LIMITS.maxBytes);
      // Counted honestly: the bodies of the pages still held fit the budget too.
      let held = 0;
      for (const [k, n] of bodies) if (cache.has(k)) held += n;
      expect(held).toBeLessThanOrEqual(cache.bytes);
    }
    expect(cache.evictions).toBeGreaterThan(0);
    expect(cache.size).toBeGreaterThan(0);
  });

  it('replacing a page does not count it twice, and the page held is the newest', () => {
    const cache = new PageCache(LIMITS);
    put(cache, '/', 1_000);
    const once = cache.bytes;
    put(cache, '/', 1_000);
    expect(cache.bytes).toBe(once);
    expect(cache.size).toBe(1);
    cache.set('/', { body: Buffer.from('new'), etag: '"n"', contentType: 'text/html', extra: {}, gzip: null });
    expect(cache.get('/')).toMatchObject({ body: Buffer.from('new'), etag: '"n"', contentType: 'text/html' });
    expect(cache.bytes).toBeLessThan(once);
  });

  it('an answer older than the age it was stored with is a miss, and is dropped', () => {
    const cache = new PageCache(LIMITS);
    cache.set('/api/v1/market/listings', { body: bodyOf('/api', 500), etag: '"a"', contentType: 'application/json', extra: {}, gzip: null }, 1_000);
    const held = cache.get('/api/v1/market/listings')!;
    expect(held).toBeDefined();
    held.until -= 2_000;
    expect(cache.get('/api/v1/market/listings')).toBeUndefined();
    expect(cache.has('/api/v1/market/listings')).toBe(false);
    // Without an age: held until cleared.
    put(cache, '/', 500);
    expect(cache.get('/')!.until).toBe(Infinity);
  });

  it('the gzip of a page counts against the budget with its body', () => {
    const cache = new PageCache(LIMITS);
    put(cache, '/', 1_000);
    const plain = cache.bytes;
    cache.set('/', { body: bodyOf('/', 1_000), etag: '"/"', contentType: 'text/html', extra: {}, gzip: Buffer.alloc(300) });
    expect(cache.bytes).toBe(plain + 300);
    // Body and gzip together over the largest page held: served, not held.
    cache.set('/big', { body: bodyOf('/big', 3_000), etag: '"b"', contentType: 'text/html', extra: {}, gzip: Buffer.alloc(1_500) });
    expect(cache.has('/big')).toBe(false);
  });
});

describe('segments', () => {
  it('thousands of one-off addresses do not evict the pages asked for twice', () => {
    const cache = new PageCache(LIMITS);
    const hot = ['/', '/san-pham?q=mat+ong', '/tinh/38-thanh-hoa', '/api/v1/catalogue/products?q=mat%20ong'];
    for (const key of hot) put(cache, key, 2_000);
    // Asked for a second time: a hit, and from now on protected.
    for (const key of hot) expect(cache.get(key)?.etag).toBe(`"${key}"`);
    // Asked for once only: no protection.
    put(cache, '/san-pham?q=once', 2_000);

    for (let i = 0; i < 5_000; i++) {
      put(cache, `/san-pham?q=garbage-${i}`, 300 + (i % 7) * 100);
      expect(cache.bytes).toBeLessThanOrEqual(LIMITS.maxBytes);
    }
    for (const key of hot) expect(cache.has(key), key).toBe(true);
    expect(cache.get(hot[0]!)?.body?.toString()).toBe(bodyOf(hot[0]!, 2_000).toString());
    expect(cache.has('/san-pham?q=once')).toBe(false);
    // The flood still gets room: the newest one-off page is held.
    expect(cache.has('/san-pham?q=garbage-4999')).toBe(true);
    expect(cache.evictions).toBeGreaterThan(4_000);
  });

  it('the protected segment keeps to its share: the pages asked for again most recently stay, new pages still get in', () => {
    const limits: PageCacheLimits = { maxBytes: 10_000, maxPageBytes: 4_000, protectedShare: 0.5 };
    const cache = new PageCache(limits);
    const hot = Array.from({ length: 12 }, (_, i) => `/chu-the/${i}`);
    for (const key of hot) {
      put(cache, key, 800);
      cache.get(key);
    }
    for (let i = 0; i < 2_000; i++) put(cache, `/san-pham?q=x${i}`, 700);
    expect(cache.bytes).toBeLessThanOrEqual(limits.maxBytes);
    // 12 pages of ~1 kB do not fit in 5 kB: the first ones asked for went back to probation and out.
    expect(cache.has(hot[0]!)).toBe(false);
    expect(cache.has(hot[11]!)).toBe(true);
    expect(cache.has(hot[10]!)).toBe(true);
    const probationRoom = [...Array(2_000).keys()].filter((i) => cache.has(`/san-pham?q=x${i}`)).length;
    expect(probationRoom).toBeGreaterThanOrEqual(4);
  });
});

describe('what is held', () => {
  it('a page bigger than maxPageBytes is not held (and replaces nothing stale)', () => {
    const cache = new PageCache(LIMITS);
    put(cache, '/big', 100);
    expect(cache.has('/big')).toBe(true);
    put(cache, '/big', LIMITS.maxPageBytes + 1);
    expect(cache.has('/big')).toBe(false);
    expect(cache.bytes).toBe(0);
    expect(cache.get('/big')).toBeUndefined();
    put(cache, '/huge', 1_000_000);
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it('clear() drops every page of both segments; the cache works afterwards', () => {
    const cache = new PageCache(LIMITS);
    put(cache, '/a');
    put(cache, '/b');
    cache.get('/a');
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
    expect(cache.has('/a')).toBe(false);
    expect(cache.has('/b')).toBe(false);
    put(cache, '/a');
    expect(cache.get('/a')?.etag).toBe('"/a"');
    expect(cache.size).toBe(1);
  });

  it('counts hits and misses (has() counts neither)', () => {
    const cache = new PageCache(LIMITS);
    expect(cache.get('/')).toBeUndefined();
    put(cache, '/');
    expect(cache.has('/')).toBe(true);
    expect(cache.has('/nope')).toBe(false);
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: 0, misses: 1 });
    cache.get('/');
    cache.get('/');
    cache.get('/other');
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: 2, misses: 2 });
  });
});
