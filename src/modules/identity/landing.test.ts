import { describe, expect, it } from 'vitest';
import { afterLogin, landingFor } from './landing';
import { safeNext } from '../../web/http';

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
