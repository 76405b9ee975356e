/**
 * Where signing in on the login page lands each role (issue 12, defect 6): the working page of
 * the role (/admin for every back-office role, their market account for buyers) unless a safe local
 * `next` was given; the public home, or anything that could leave the site, is no destination.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, testApp, type TestApp } from '../helpers/app';
import type { Role } from '../../src/core/roles';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(() => t?.close());

let ip = 0;
/** Sign in through the HTML form as a browser does (pre-session CSRF cookie from GET /login). */
async function formLogin(username: string, password: string, next?: string) {
  const remoteAddress = `10.12.0.${++ip}`;
  const page = await t.app.inject({ url: `/login${next !== undefined ? `?next=${encodeURIComponent(next)}` : ''}`, remoteAddress });
  expect(page.statusCode).toBe(200);
  const pre = page.cookies.find((c) => c.name === 'ocop_pre')!;
  const hidden = /name="next" value="([^"]*)"/.exec(page.body)?.[1];
  const res = await t.app.inject({
    method: 'POST', url: '/login', remoteAddress,
    headers: { cookie: `ocop_pre=${pre.value}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ username, password, _csrf: pre.value, ...(next !== undefined ? { next } : {}) }).toString(),
  });
  return { res, hidden };
}

describe('landing after signing in', () => {
  it('lands each back-office role on /admin, also when the sign-in link came from the public home', async () => {
    const roles: Role[] = ['national_admin', 'province_officer', 'commune_officer', 'council_member', 'inspector', 'producer'];
    for (const role of roles) {
      const u = await createTestUser(t.deps, { role });
      for (const next of [undefined, '/', '/?lang=vi']) {
        const { res } = await formLogin(u.username, u.password, next);
        expect({ role, next, status: res.statusCode, to: res.headers.location }).toEqual({ role, next, status: 303, to: '/admin' });
      }
    }
  });

  it('lands a buyer on their market account', async () => {
    const u = await createTestUser(t.deps, { role: 'buyer' });
    const { res } = await formLogin(u.username, u.password, '/');
    expect(res.headers.location).toBe('/tai-khoan');
  });

  it('follows a safe local next', async () => {
    const u = await createTestUser(t.deps, { role: 'producer' });
    const { res, hidden } = await formLogin(u.username, u.password, '/admin/dossiers?status=draft');
    expect(hidden).toBe('/admin/dossiers?status=draft');
    expect(res.headers.location).toBe('/admin/dossiers?status=draft');
  });

  it('ignores a next that could leave the site or split a header', async () => {
    const u = await createTestUser(t.deps, { role: 'province_officer' });
    for (const next of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', '/admin\r\nSet-Cookie: a=1', '/admin\nx', 'admin']) {
      const { res } = await formLogin(u.username, u.password, next);
      expect({ next, to: res.headers.location }).toEqual({ next, to: '/admin' });
    }
  });

  it('sends a signed-in user who opens /login to their working page', async () => {
    const u = await createTestUser(t.deps, { role: 'producer' });
    const { res } = await formLogin(u.username, u.password);
    const sid = res.cookies.find((c) => c.name === 'ocop_sid')!;
    const again = await t.app.inject({ url: '/login?next=%2F', headers: { cookie: `ocop_sid=${sid.value}` } });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/admin');
  });
});
