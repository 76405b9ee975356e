import { describe, expect, it } from 'vitest';
import { afterLogin, landingFor, safeNext } from './landing';

describe('afterLogin', () => {
  it('lands every back-office role on /admin and buyers on their account', () => {
    for (const r of ['national_admin', 'province_officer', 'commune_officer', 'council_member', 'inspector', 'producer'] as const) {
      expect(landingFor(r)).toBe('/admin');
    }
    expect(landingFor('buyer')).toBe('/tai-khoan');
  });

  it('keeps a safe local next, and ignores the public home and the sign-in pages', () => {
    expect(afterLogin('producer', '/admin/dossiers?x=1')).toBe('/admin/dossiers?x=1');
    for (const n of ['/', '/?lang=en', '/login', '/login?next=/admin', '/quen-mat-khau', '/dang-ky-tai-khoan', '/dang-ky-mua-hang', undefined, '']) {
      expect(afterLogin('producer', n)).toBe('/admin');
    }
    expect(afterLogin('buyer', '/gio-hang')).toBe('/gio-hang');
    expect(afterLogin('buyer', '/dang-ky-mua-hang?next=/gio-hang')).toBe('/tai-khoan');
  });

  it('refuses anything that could leave the site or split a header', () => {
    for (const n of ['//evil.example', '/\\evil.example', 'https://evil.example', '/a\r\nSet-Cookie: x=1', '/a\nb', '/a\tb', 'admin', `/${'a'.repeat(2001)}`]) {
      expect(safeNext(n)).toBeNull();
      expect(afterLogin('province_officer', n)).toBe('/admin');
    }
  });
});

/** Issue 18, items 1 and 4: one function decides a safe local destination. */
describe('safeNext', () => {
  /** What a browser would do with the answer's Location: it must stay on the site. */
  const staysHere = (location: string) => new URL(location, 'https://ocop.example/admin/x').origin === 'https://ocop.example';

  it('keeps local paths, with their query and fragment', () => {
    for (const n of ['/admin', '/admin/dossiers?status=draft&page=2', '/san-pham/mat-ong?q=m%E1%BA%ADt#top', '/gio-hang', '/?lang=en', '/%ZZ']) {
      expect(safeNext(n)).toBe(n);
    }
  });

  it('sends only printable ASCII: other characters are percent-encoded as a browser would', () => {
    expect(safeNext('/san-pham/bánh chưng')).toBe('/san-pham/b%C3%A1nh%20ch%C6%B0ng');
    expect(safeNext('/tìm?q=mật ong')).toBe('/t%C3%ACm?q=m%E1%BA%ADt%20ong');
    for (const n of ['/san-pham/bánh', '/a?b=ư', '/a#ê']) expect(safeNext(n)).toMatch(/^\/[\x21-\x7e]*$/);
  });

  const HOSTILE = [
    // Control characters: tab (browsers drop it, so "/\t/evil" is "//evil"), CR/LF (header splitting), NUL, DEL, C1, line separators.
    '/\t/evil.example/', '/\t\t/evil.example', '/a\tb', '/a\r\nSet-Cookie: x=1', '/a\rb', '/a\nb', '/a\u0000b', '/\u0000/evil.example', '/a\u007fb',
    '/a\u0085b', '/\u2028/evil.example', '/a\u2029b', '/\u000b/evil', '/\f/evil',
    // The same, percent-encoded (as a page reading `next` again would decode them), once and twice.
    '/%09/evil.example/', '/%0d%0aSet-Cookie:%20x=1', '/a%0Ab', '/a%00b', '/%7f', '/%C2%85', '/%E2%80%A8/x', '/%2509/evil.example',
    // Another host: scheme-relative, backslashes (read as "/" by browsers), encoded slashes.
    '//evil.example', '//evil.example/x', '///evil.example', '/\\evil.example', '/\\/evil.example', '\\\\evil.example', '/a\\b',
    '%2F%2Fevil.example', '/%2F/evil.example', '/%2f%2fevil.example', '/%5Cevil.example', '/%5C/evil.example', '/%255C%255Cevil.example', '/%252F/evil.example',
    // Dot segments that a URL parser folds into "//evil".
    '/.//evil.example', '/a/..//evil.example', '/a/../..//evil.example', '/%2e//evil.example',
    // Schemes and other shapes that are no local path.
    'https://evil.example', 'http:/evil.example', 'HTTPS://evil.example', 'javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>', 'evil.example', 'admin', '', ' /admin', './admin', '../admin', '?next=/admin', '#/admin',
    `/${'a'.repeat(2001)}`,
  ];

  it('refuses control characters, backslashes, other hosts and schemes, also encoded', () => {
    for (const n of HOSTILE) expect({ n, safe: safeNext(n) }).toEqual({ n, safe: null });
  });

  it('refuses what is not a string', () => {
    for (const n of [undefined, null, 42, ['/admin'], { toString: () => '/admin' }]) expect(safeNext(n)).toBeNull();
  });

  it('never answers anything a browser would take off the site or that cannot be a header', () => {
    const samples = [...HOSTILE, '/admin', '/san-pham/bánh', '/a/./b/../c', '/a//b', '/a/%2F%2Fb', '/%E1%BA%A1'];
    for (const n of samples) {
      const safe = safeNext(n);
      if (safe === null) continue;
      expect(safe, n).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
      expect(staysHere(safe), n).toBe(true);
    }
  });
});
