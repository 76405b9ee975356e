/**
 * Issue 18, items 1 and 4: `next` on the sign-in pages never sends anyone off the site and never
 * makes a 500 (a control character in a header). One function judges it (identity/landing.ts
 * safeNext); these drive GET and POST /login (and the buyers' sign-up, which lands the same way)
 * with hostile values, as anonymous visitors and signed in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, createTestUser, testApp, type InjectResponse, type TestApp } from '../helpers/app';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(() => t?.close());

/** Query-string forms of hostile `next` values, exactly as they would be typed in an address. */
const RAW = [
  '/%09/evil.example/', '/%09%09/evil.example', '%09//evil.example', '/%0d%0aSet-Cookie:%20a=1', '/a%0Ab', '/a%0Db', '/a%00b', '%00',
  '/%7f', '/%C2%85', '/%E2%80%A8/evil.example', '/%E2%80%A9', '/%2509/evil.example', '//evil.example', '%2F%2Fevil.example',
  '/%5Cevil.example', '/%5C/evil.example', '%5C%5Cevil.example', '/%2F/evil.example', '/%252F/evil.example', '/.//evil.example',
  '/a/..//evil.example', '/%2e//evil.example', 'https://evil.example/', 'https:%2F%2Fevil.example', 'javascript:alert(1)',
  'JAVASCRIPT:alert(1)', 'data:text/html,x', 'evil.example', '%20/admin', '/san-pham/b%C3%A1nh', '/%E1%BA%A1?q=m%E1%BA%ADt%20ong',
];
const decoded = (raw: string) => new URLSearchParams(`next=${raw.replace(/\+/g, '%2B')}`).get('next')!;

/** A Location a browser follows on this site only: one leading "/", printable ASCII. */
function expectLocal(res: InjectResponse, next: string) {
  const to = res.headers.location;
  expect({ next, status: res.statusCode }).toEqual({ next, status: 303 });
  expect(typeof to, next).toBe('string');
  expect(to as string, next).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
  expect(new URL(to as string, 'https://ocop.example/login').origin, next).toBe('https://ocop.example');
  expect(to as string, next).not.toContain('evil');
}

const hiddenNext = (body: string) => /name="next" value="([^"]*)"/.exec(body)?.[1] ?? '';

let ip = 0;
const nextIp = () => `10.18.1.${++ip % 250}`;

async function preSession(remoteAddress: string) {
  const page = await t.app.inject({ url: '/login', remoteAddress });
  expect(page.statusCode).toBe(200);
  return page.cookies.find((c) => c.name === 'ocop_pre')!.value;
}

async function postLogin(username: string, password: string, next: string) {
  const remoteAddress = nextIp();
  const pre = await preSession(remoteAddress);
  return t.app.inject({
    method: 'POST', url: '/login', remoteAddress,
    headers: { cookie: `ocop_pre=${pre}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ username, password, _csrf: pre, next }).toString(),
  });
}

describe('GET /login?next=…', () => {
  it('anonymous: the sign-in page, never a 500, carrying only a safe local next', async () => {
    for (const raw of RAW) {
      const res = await t.app.inject({ url: `/login?next=${raw}`, remoteAddress: nextIp() });
      expect({ raw, status: res.statusCode }).toEqual({ raw, status: 200 });
      const hidden = hiddenNext(res.body).replace(/&amp;/g, '&');
      if (hidden) expect(hidden, raw).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
      expect(hidden, raw).not.toContain('evil');
    }
  });

  it('signed in: 303 to a page of this site, whatever next says', async () => {
    const u = await asUser(t.app, t.deps, { role: 'province_officer', login: true });
    for (const raw of RAW) {
      const res = await t.app.inject({ url: `/login?next=${raw}`, headers: { cookie: u.cookie! } });
      expectLocal(res, raw);
    }
  });

  it('keeps a local next with Vietnamese letters, percent-encoded', async () => {
    const u = await asUser(t.app, t.deps, { role: 'producer', login: true });
    const res = await t.app.inject({ url: '/login?next=/san-pham/b%C3%A1nh-ch%C6%B0ng', headers: { cookie: u.cookie! } });
    expect(res.headers.location).toBe('/san-pham/b%C3%A1nh-ch%C6%B0ng');
    const page = await t.app.inject({ url: '/login?next=/san-pham/b%C3%A1nh', remoteAddress: nextIp() });
    expect(hiddenNext(page.body)).toBe('/san-pham/b%C3%A1nh');
  });
});

describe('POST /login with next', () => {
  it('signs in and lands on this site, never a 500', async () => {
    const u = await createTestUser(t.deps, { role: 'province_officer' });
    for (const raw of RAW) expectLocal(await postLogin(u.username, u.password, decoded(raw)), raw);
  });

  it('a refused sign-in shows the form again (no 500) with only a safe next', async () => {
    const u = await createTestUser(t.deps, { role: 'producer' });
    for (const raw of RAW.slice(0, 12)) {
      const res = await postLogin(u.username, 'wrong password', decoded(raw));
      // 401, or the answer of an account held back after several wrong passwords.
      expect({ raw, refused: res.statusCode >= 400 && res.statusCode < 500 }).toEqual({ raw, refused: true });
      // eslint-disable-next-line no-control-regex
      expect(hiddenNext(res.body), raw).not.toMatch(/evil|[\x00-\x1f\x7f]/);
    }
  });
});

describe('the buyers\' sign-up, signed in', () => {
  it('lands on this site whatever next says', async () => {
    const buyer = await asUser(t.app, t.deps, { role: 'buyer', login: true });
    for (const raw of RAW) {
      const res = await t.app.inject({ url: `/dang-ky-mua-hang?next=${raw}`, headers: { cookie: buyer.cookie! } });
      expectLocal(res, raw);
    }
  });
});
