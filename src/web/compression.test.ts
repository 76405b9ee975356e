/**
 * gzip of held answers (compression.ts): what is worth compressing, and reading Accept-Encoding
 * as RFC 9110 §12.5.3 has it.
 */
import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { acceptsGzip, gzipEtag, gzipOf, MIN_GZIP_BYTES } from './compression';

const page = Buffer.from(`<!doctype html><main>${'<li class="card">Mật ong rừng U Minh — 4 sao</li>'.repeat(60)}</main>`);

describe('gzipOf', () => {
  it('compresses text, JSON, XML and SVG of a kilobyte and more, and unzips to the same bytes', () => {
    for (const type of ['text/html; charset=utf-8', 'application/json; charset=utf-8', 'application/xml', 'text/csv; charset=utf-8', 'image/svg+xml', 'application/ld+json', 'application/vnd.api+json']) {
      const zipped = gzipOf(page, type);
      expect(zipped, type).not.toBeNull();
      expect(gunzipSync(zipped!).equals(page), type).toBe(true);
    }
  });

  it('leaves small answers, images, PDFs and what does not compress as they are', () => {
    expect(gzipOf(page.subarray(0, MIN_GZIP_BYTES - 1), 'text/html')).toBeNull();
    expect(gzipOf(page.subarray(0, MIN_GZIP_BYTES), 'text/html')).not.toBeNull();
    for (const type of ['image/png', 'application/pdf', 'application/octet-stream', 'application/jsonp', '']) expect(gzipOf(page, type), type).toBeNull();
    const noise = Buffer.alloc(4_096);
    let s = 14;
    for (let i = 0; i < noise.length; i++) noise[i] = (s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0) >>> 24;
    expect(gzipOf(noise, 'text/plain')).toBeNull();
  });
});

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br', true],
    ['gzip, deflate', true],
    ['GZIP', true],
    ['x-gzip', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['*', true],
    ['identity, *;q=0.5', true],
    ['gzip;q=0.001', true],
    ['', false],
    ['br', false],
    ['identity', false],
    ['deflate', false],
    ['gzip;q=0', false],
    ['gzip; q=0.0', false],
    ['*;q=0', false],
    ['gzip;q=0, *', false],
    ['*, gzip;q=0', false],
    ['gzip;q=nonsense', false],
  ])('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it('reads a header sent twice as one list, and no header as identity only', () => {
    expect(acceptsGzip(['br', 'gzip'])).toBe(true);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

it('the gzip has an ETag of its own, still strong', () => {
  expect(gzipEtag('"abc-_9"')).toBe('"abc-_9.gz"');
});

it('a held gzip is its own size in memory, not a view of a larger buffer', () => {
  const zipped = gzipOf(page, 'text/html')!;
  expect(zipped.buffer.byteLength).toBe(zipped.length);
});
