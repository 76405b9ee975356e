import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  asUser, createTestUser, expectError, json, login, loginRequest, testApp, type TestApp,
} from '../helpers/app';
import { AREAS, communeIn, nextSeq } from '../helpers/builders';
import { makeTaxCode } from '../../src/domain/tax-code';
import { THROTTLE } from '../../src/modules/identity/identity.service';
import { LOGIN_RATE_LIMIT } from '../../src/modules/identity/identity.routes';
import { SESSION_COOKIE } from '../../src/modules/identity/auth.plugin';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(() => t?.close());

/**
 * The login route is rate-limited per IP; give each test its own client address so the tests
 * do not spend one another's budget (the rate-limit test uses one address on purpose).
 */
let ipSeq = 0;
const freshIp = () => `10.1.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

const producerBody = async () => {
  const n = nextSeq();
  return {
    name: `Hợp tác xã Kiểm thử CSRF ${n}`,
    kind: 'cooperative',
    taxCode: makeTaxCode(20_000_000 + n),
    communeCode: await communeIn(t.ctx, AREAS.thanhHoa),
  };
};

describe('POST /api/v1/auth/login', () => {
  it('signs in: 200, csrfToken, and an HttpOnly SameSite=Lax session cookie', async () => {
    const u = await createTestUser(t.deps, { role: 'national_admin' });
    const res = await loginRequest(t.app, u.username, u.password, { remoteAddress: freshIp() });
    expect(res.statusCode, res.body).toBe(200);
    const body = json(res);
    expect(body.csrfToken).toEqual(expect.any(String));
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(16);
    expect(body.user).toMatchObject({ username: u.username, role: 'national_admin' });
    const sid = res.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(sid).toBeDefined();
    expect(sid!.value.length).toBeGreaterThanOrEqual(20);
    expect(sid!.httpOnly).toBe(true);
    expect(String(sid!.sameSite).toLowerCase()).toBe('lax');
    expect(sid!.path).toBe('/');
    // The secret never appears in the JSON answer.
    expect(res.body).not.toContain(sid!.value);
  });

  it('the session cookie identifies the user', async () => {
    const u = await createTestUser(t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
    const s = await login(t.app, u.username, u.password, { remoteAddress: freshIp() });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).user).toMatchObject({ username: u.username, role: 'province_officer', areaCode: '38', provinceCode: '38' });
  });

  it('wrong password → 401 invalid_credentials, no cookie', async () => {
    const u = await createTestUser(t.deps, { role: 'buyer' });
    const res = await loginRequest(t.app, u.username, 'wrong-Password-99', { remoteAddress: freshIp() });
    expectError(res, 401, 'invalid_credentials');
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  });

  it('unknown user → 401 with the same code and message as a wrong password', async () => {
    const u = await createTestUser(t.deps, { role: 'buyer' });
    const wrong = await loginRequest(t.app, u.username, 'wrong-Password-99', { remoteAddress: freshIp() });
    const unknown = await loginRequest(t.app, 'no-such-user-anywhere', 'wrong-Password-99', { remoteAddress: freshIp() });
    const a = expectError(unknown, 401, 'invalid_credentials');
    const b = expectError(wrong, 401, 'invalid_credentials');
    expect(a.message).toBe(b.message);
  });

  it(`after ${THROTTLE.freeFailures} wrong passwords a username is held back: 429 with Retry-After, the same for an unknown username — no 423, no lock`, async () => {
    const u = await createTestUser(t.deps, { role: 'inspector' });
    const answers = [];
    for (const name of [u.username, 'no-such-user-held']) {
      for (let i = 0; i < THROTTLE.freeFailures; i++) {
        // A different address per attempt: the delay is per username, not per IP.
        expectError(await loginRequest(t.app, name, `wrong-Password-${i}0`, { remoteAddress: freshIp() }), 401, 'invalid_credentials');
      }
      const held = await loginRequest(t.app, name, name === u.username ? u.password : 'any-Password-77', { remoteAddress: freshIp() });
      answers.push({ status: held.statusCode, code: json(held).error.code, retryAfter: held.headers['retry-after'], cookie: held.cookies.some((c) => c.name === SESSION_COOKIE) });
    }
    expect(answers[0]).toEqual({ status: 429, code: 'rate_limited', retryAfter: '1', cookie: false });
    expect(answers[1]).toEqual(answers[0]);
  });

  it('fewer failures than the threshold cost nothing, and a success resets the count', async () => {
    const u = await createTestUser(t.deps, { role: 'inspector' });
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < THROTTLE.freeFailures - 1; i++) {
        expectError(await loginRequest(t.app, u.username, `wrong-Password-${i}0`, { remoteAddress: freshIp() }), 401, 'invalid_credentials');
      }
      const ok = await loginRequest(t.app, u.username, u.password, { remoteAddress: freshIp() });
      expect(ok.statusCode, ok.body).toBe(200);
    }
  });

  it('a disabled account answers exactly like an unknown one', async () => {
    const u = await createTestUser(t.deps, { role: 'inspector' });
    await t.deps.database.db.execute(sql`update users set disabled = true where id = ${u.user.id}`);
    const disabled = await loginRequest(t.app, u.username, u.password, { remoteAddress: freshIp() });
    const unknown = await loginRequest(t.app, 'no-such-user-disabled', u.password, { remoteAddress: freshIp() });
    expect(expectError(disabled, 401, 'invalid_credentials')).toEqual(expectError(unknown, 401, 'invalid_credentials'));
  });

  it('a body of wrong types → 400 validation_failed with field paths', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/auth/login', remoteAddress: freshIp(),
      payload: { username: 123, password: ['x'] },
    });
    const err = expectError(res, 400, 'validation_failed');
    expect(Object.keys(err.fields ?? {})).toEqual(expect.arrayContaining(['username', 'password']));
  });

  it('a body over 1 MiB → 413 payload_too_large', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/auth/login', remoteAddress: freshIp(),
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'someone', password: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expectError(res, 413, 'payload_too_large');
  });

  it('a form-encoded body is refused (the API takes JSON)', async () => {
    const u = await createTestUser(t.deps, { role: 'buyer' });
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/auth/login', remoteAddress: freshIp(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username: u.username, password: u.password }).toString(),
    });
    expect([403, 415]).toContain(res.statusCode);
    expect(json(res).error.code).toMatch(/^(unsupported_media_type|csrf_failed)$/);
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  });

  it(`more than ${JSON.stringify(LOGIN_RATE_LIMIT)} attempts a minute from one IP → 429 rate_limited`, async () => {
    const limit = Number((LOGIN_RATE_LIMIT as unknown as { max?: number }).max ?? LOGIN_RATE_LIMIT);
    expect(limit).toBeGreaterThan(0);
    const ip = '192.0.2.77';
    for (let i = 0; i < limit; i++) {
      // A new username each time: the per-username delays do not come into it.
      const res = await loginRequest(t.app, `no-such-user-${i}`, 'wrong-Password-99', { remoteAddress: ip });
      expect(res.statusCode, `attempt ${i + 1}: ${res.body}`).toBe(401);
    }
    const over = await loginRequest(t.app, 'no-such-user-over', 'wrong-Password-99', { remoteAddress: ip });
    expectError(over, 429, 'rate_limited');
    // Other clients are not affected.
    const other = await loginRequest(t.app, 'no-such-user-over', 'wrong-Password-99', { remoteAddress: freshIp() });
    expect(other.statusCode).toBe(401);
  });
});

describe('POST /api/v1/auth/logout', () => {
  it('invalidates the session server-side', async () => {
    const u = await createTestUser(t.deps, { role: 'national_admin' });
    const s = await login(t.app, u.username, u.password, { remoteAddress: freshIp() });
    const before = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    expect(before.statusCode).toBe(200);

    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s.headers() });
    expect(out.statusCode, out.body).toBeLessThan(300);
    const cleared = out.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cleared?.value ?? '').toBe('');

    // Replaying the old cookie (a client that ignored the clearing) no longer works.
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    expectError(after, 401, 'unauthenticated');
  });
});

describe('Bearer tokens', () => {
  it('an API token authenticates without a cookie or CSRF token', async () => {
    const officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: officer.headers() });
    expect(me.statusCode, me.body).toBe(200);
    expect(json(me).user.username).toBe(officer.username);

    const created = await t.app.inject({
      method: 'POST', url: '/api/v1/producers', headers: officer.headers(), payload: await producerBody(),
    });
    expect(created.statusCode, created.body).toBe(201);
  });

  it('a garbage token → 401 unauthenticated (even on public routes)', async () => {
    for (const authorization of ['Bearer garbage', 'Bearer ocop_0000000000000000000000000000', `Bearer ${'x'.repeat(500)}`]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/producers', headers: { authorization } });
      expectError(res, 401, 'unauthenticated');
    }
    const pub = await t.app.inject({ method: 'GET', url: '/api/v1/areas', headers: { authorization: 'Bearer garbage' } });
    expectError(pub, 401, 'unauthenticated');
  });
});

describe('CSRF on cookie-authenticated writes', () => {
  it('POST without x-csrf-token → 403 csrf_failed; with a wrong one → 403; with it → 201', async () => {
    const officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
    await officer.login({ remoteAddress: freshIp() });

    const missing = await t.app.inject({
      method: 'POST', url: '/api/v1/producers', headers: { cookie: officer.cookie! }, payload: await producerBody(),
    });
    expectError(missing, 403, 'csrf_failed');

    const wrong = await t.app.inject({
      method: 'POST', url: '/api/v1/producers',
      headers: { cookie: officer.cookie!, 'x-csrf-token': `${officer.csrf!.slice(0, -2)}xx` },
      payload: await producerBody(),
    });
    expectError(wrong, 403, 'csrf_failed');

    const body = await producerBody();
    const ok = await t.app.inject({
      method: 'POST', url: '/api/v1/producers', headers: officer.sessionHeaders(), payload: body,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(json(ok)).toMatchObject({ name: body.name, provinceCode: '38', communeCode: body.communeCode });
  });

  it('an anonymous POST /api/v1/producers → 401 unauthenticated', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/producers', payload: await producerBody() });
    expectError(res, 401, 'unauthenticated');
  });

  it('a CSRF token from another session does not pass', async () => {
    const a = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
    const b = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
    await a.login({ remoteAddress: freshIp() });
    await b.login({ remoteAddress: freshIp() });
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/producers',
      headers: { cookie: a.cookie!, 'x-csrf-token': b.csrf! }, payload: await producerBody(),
    });
    expectError(res, 403, 'csrf_failed');
  });
});
