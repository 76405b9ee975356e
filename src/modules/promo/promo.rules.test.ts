import { describe, expect, it } from 'vitest';
import { freeSlug, idOfRef, nextStatus, provinceOfRef, slugOf, splitRefs, stripControls, videoLink } from './promo.rules';

describe('video links', () => {
  it('accepts https pages of YouTube, Facebook, TikTok and Zalo', () => {
    expect(videoLink('https://www.youtube.com/watch?v=abc123')).toEqual({ url: 'https://www.youtube.com/watch?v=abc123', platform: 'youtube' });
    expect(videoLink(' https://youtu.be/abc ')?.platform).toBe('youtube');
    expect(videoLink('https://www.facebook.com/ocop/videos/123')?.platform).toBe('facebook');
    expect(videoLink('https://fb.watch/xyz/')?.platform).toBe('facebook');
    expect(videoLink('https://www.tiktok.com/@ocop/video/1')?.platform).toBe('tiktok');
    expect(videoLink('https://zalo.me/video/1')?.platform).toBe('zalo');
  });
  it('refuses other schemes, hosts, look-alikes, credentials and markup', () => {
    for (const bad of [
      'javascript:alert(1)', 'http://www.youtube.com/watch?v=1', 'https://evil.example/youtube.com', 'https://youtube.com.evil.example/x',
      'https://notyoutube.com/x', 'https://user:pw@youtube.com/x', 'https://youtube.com:8443/x', 'data:text/html,hi',
      'https://youtube.com/"onmouseover="x', 'https://youtube.com/<script>', '', 'youtube.com/watch',
    ]) expect(videoLink(bad), bad).toBeNull();
  });
});

describe('tag references', () => {
  const id = '0b8f6a9e-3c1d-4e2f-9a7b-5c6d7e8f9a0b';
  it('reads an id or a public page address', () => {
    expect(idOfRef(id.toUpperCase())).toBe(id);
    expect(idOfRef(`https://ocop.gov.vn/san-pham/mat-ong-${id}`)).toBe(id);
    expect(idOfRef(`/su-kien/${id}/`)).toBe(id);
    expect(idOfRef(`/chu-the/htx-${id}?lang=en`)).toBe(id);
    expect(idOfRef('mat-ong')).toBeNull();
    expect(provinceOfRef('38')).toBe('38');
    expect(provinceOfRef('https://ocop.gov.vn/tinh/38-thanh-hoa')).toBe('38');
    expect(provinceOfRef('380')).toBeNull();
    expect(splitRefs(' a \n\nb, a;c ')).toEqual(['a', 'b', 'c']);
  });
});

describe('a post\'s life and address', () => {
  it('moves draft → published → withdrawn → published, nothing else', () => {
    expect(nextStatus('draft', 'publish')).toBe('published');
    expect(nextStatus('published', 'withdraw')).toBe('withdrawn');
    expect(nextStatus('withdrawn', 'publish')).toBe('published');
    expect(nextStatus('published', 'publish')).toBeNull();
    expect(nextStatus('draft', 'withdraw')).toBeNull();
    expect(nextStatus('withdrawn', 'withdraw')).toBeNull();
  });
  it('makes a Vietnamese title a unique slug', () => {
    expect(slugOf('Hội chợ OCOP Thanh Hóa 2026: Đặc sản xứ Thanh!')).toBe('hoi-cho-ocop-thanh-hoa-2026-dac-san-xu-thanh');
    expect(slugOf('中文')).toBe('tin');
    expect(freeSlug('tin', new Set())).toBe('tin');
    expect(freeSlug('tin', new Set(['tin', 'tin-2']))).toBe('tin-3');
    expect(freeSlug('a'.repeat(80), new Set(['a'.repeat(80)])).length).toBeLessThanOrEqual(80);
  });
  it('drops characters XML cannot carry', () => {
    expect(stripControls('a\u0001b\u000bc\td\ne\uFFFEf\uD800g')).toBe('abc\td\nefg');
  });
});
