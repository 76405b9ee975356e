/**
 * Sign-in delays and session lifetimes follow the application clock (not the database's or the
 * machine's), so they are tested by moving a controllable clock (docs/decisions/045).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, createTestUser, expectError, json, login, loginRequest, systemCtx, testApp, type TestApp } from '../helpers/app';
import { loginDelaySeconds, THROTTLE } from '../../src/modules/identity/identity.service';
import { DEVICE_COOKIE } from '../../src/modules/identity/identity.routes';
import { tokenCommand } from '../../src/modules/identity/accounts.cli';

let now = new Date('2026-03-02T08:00:00Z');
const advance = (minutes: number) => { now = new Date(now.getTime() + minutes * 60_000); };
const advanceSeconds = (s: number) => { now = new Date(now.getTime() + s * 1000); };

let t: TestApp;
beforeAll(async () => { t = await testApp({ clock: () => now }); });
afterAll(() => t?.close());

let ipSeq = 0;
const ip = () => `10.7.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;
const attempt = (username: string, password: string, headers: Record<string, string> = {}) =>
  loginRequest(t.app, username, password, { remoteAddress: ip(), headers });
const fail = async (username: string, headers: Record<string, string> = {}) =>
  expectError(await attempt(username, 'wrong-Password-00', headers), 401, 'invalid_credentials');

describe('progressive delays instead of a lock', () => {
  it('doubles the delay per failure past the free ones, up to a minute', () => {
    expect(Array.from({ length: 14 }, (_, i) => loginDelaySeconds(i + 1))).toEqual([0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60, 60]);
  });

  it('holds a guessed username back for the delay only: the owner signs in once it has passed', async () => {
    const u = await createTestUser(t.deps, { role: 'national_admin' });
    for (let i = 0; i < THROTTLE.freeFailures + 3; i++) {
      if (i > 0) advanceSeconds(loginDelaySeconds(i));
      await fail(u.username);
    }
    // 8 failures: held back 8 s from the last one.
    const held = await attempt(u.username, u.password);
    expect(held.statusCode).toBe(429);
    expect(held.headers['retry-after']).toBe(String(loginDelaySeconds(THROTTLE.freeFailures + 3)));
    advanceSeconds(loginDelaySeconds(THROTTLE.freeFailures + 3));
    const ok = await attempt(u.username, u.password);
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('no more than ~60 guesses an hour get through for one username, however many addresses are used', async () => {
    const u = await createTestUser(t.deps, { role: 'inspector' });
    let checked = 0;
    for (let s = 0; s < 3600; s += 5) {
      const res = await attempt(u.username, 'wrong-Password-00');
      if (res.statusCode === 401) checked++;
      else expect(res.statusCode).toBe(429);
      advanceSeconds(5);
    }
    expect(checked).toBeLessThanOrEqual(100);
    expect(checked).toBeGreaterThan(THROTTLE.freeFailures);
  });

  it('a browser the owner signed in from before is not held back by others\' guesses; its own 5 mistakes end that', async () => {
    const u = await createTestUser(t.deps, { role: 'province_officer' });
    const first = await attempt(u.username, u.password);
    const device = first.cookies.find((c) => c.name === DEVICE_COOKIE)!;
    expect(device.httpOnly).toBe(true);
    const fromDevice = { cookie: `${DEVICE_COOKIE}=${device.value}` };
    for (let i = 0; i < THROTTLE.freeFailures + 4; i++) await attempt(u.username, 'wrong-Password-00');
    expect((await attempt(u.username, u.password)).statusCode).toBe(429);
    const owner = await attempt(u.username, u.password, fromDevice);
    expect(owner.statusCode, owner.body).toBe(200);
    for (let i = 0; i < THROTTLE.deviceFailures; i++) await fail(u.username, fromDevice);
    expect((await attempt(u.username, u.password, fromDevice)).statusCode).toBe(429);
  });

  it('a series is forgotten after an hour without failures', async () => {
    const u = await createTestUser(t.deps, { role: 'inspector' });
    for (let i = 0; i < THROTTLE.freeFailures + 2; i++) await attempt(u.username, 'wrong-Password-00');
    advance(THROTTLE.forgetMinutes + 1);
    // The count starts again: this failure is the first of a new series, free.
    await fail(u.username);
    expect((await attempt(u.username, u.password)).statusCode).toBe(200);
  });
});

describe('session lifetime on the application clock', () => {
  it('a back-office session ends after 30 minutes without a request, whatever its absolute end', async () => {
    const u = await createTestUser(t.deps, { role: 'province_officer' });
    const s = await login(t.app, u.username, u.password, { remoteAddress: ip() });
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    for (let i = 0; i < 6; i++) {
      advance(25);
      expect((await me()).statusCode).toBe(200);
    }
    advance(t.deps.env.SESSION_IDLE_MINUTES + 1);
    expectError(await me(), 401, 'unauthenticated');
  });

  it(`a back-office session ends SESSION_MAX_HOURS after sign-in however active`, async () => {
    const u = await createTestUser(t.deps, { role: 'inspector' });
    const s = await login(t.app, u.username, u.password, { remoteAddress: ip() });
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    for (let m = 0; m < t.deps.env.SESSION_MAX_HOURS * 60 - 20; m += 20) {
      advance(20);
      expect((await me()).statusCode).toBe(200);
    }
    advance(25);
    expectError(await me(), 401, 'unauthenticated');
  });

  it('a buyer\'s session survives a day away but not 8 days', async () => {
    const u = await createTestUser(t.deps, { role: 'buyer' });
    const s = await login(t.app, u.username, u.password, { remoteAddress: ip() });
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    advance(24 * 60);
    const back = await me();
    expect(back.statusCode, back.body).toBe(200);
    expect(json(back).user.username).toBe(u.username);
    advance(8 * 24 * 60);
    expectError(await me(), 401, 'unauthenticated');
  });
});

describe('API tokens end', () => {
  const me = (token: string) => t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });

  it('a token of one\'s own works the days chosen (90 when not said), then is refused and listed as expired', async () => {
    const u = await asUser(t.app, t.deps, { role: 'producer' });
    const make = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: u.headers(), payload });
    const odd = await make({ name: 'lạ', days: 7 });
    expect(expectError(odd, 400, 'validation_failed').fieldCodes).toEqual({ days: 'token.days' });
    const plain = json(await make({ name: 'mặc định' }));
    expect(new Date(plain.item.expiresAt).getTime() - now.getTime()).toBe(90 * 86_400_000);
    const made = await make({ name: 'kế toán', days: 30 });
    expect(made.statusCode, made.body).toBe(201);
    const { token, item } = json(made);
    expect([item.expiresAt, item.expired]).toEqual([new Date(now.getTime() + 30 * 86_400_000).toISOString(), false]);
    advance(30 * 24 * 60 - 1);
    expect((await me(token)).statusCode).toBe(200);
    advance(2);
    expectError(await me(token), 401, 'unauthenticated');
    const listed = json(await t.app.inject({ url: '/api/v1/auth/tokens', headers: u.headers() })).items as { id: string; expired: boolean }[];
    expect(listed.find((x) => x.id === item.id)?.expired).toBe(true);
  });

  it('an operator\'s token works the days given on the command line (1 to 3650), 365 when not said', async () => {
    const u = await createTestUser(t.deps, { role: 'inspector', areaCode: '38' });
    const cli = systemCtx(t.deps);
    for (const days of ['0', '3651', 'abc']) {
      await expect(tokenCommand(cli, 'create', { username: u.username, days })).rejects.toMatchObject({ code: 'validation_failed' });
    }
    const [short] = await tokenCommand(cli, 'create', { username: u.username, name: 'hai ngày', days: '2' });
    const [plain] = await tokenCommand(cli, 'create', { username: u.username, name: 'mặc định' });
    advance(2 * 24 * 60 + 1);
    expectError(await me(short!), 401, 'unauthenticated');
    expect((await me(plain!)).statusCode).toBe(200);
    const listed = await tokenCommand(cli, 'list', { username: u.username });
    expect(listed.find((l) => l.endsWith('\thai ngày'))).toContain('\texpired ');
    advance(363 * 24 * 60);
    expectError(await me(plain!), 401, 'unauthenticated');
  });
});
