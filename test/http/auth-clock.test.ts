/**
 * Lockout and session lifetimes follow the application clock (not the database's or the
 * machine's), so they can be tested by moving a controllable clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, expectError, json, login, loginRequest, testApp, type TestApp } from '../helpers/app';
import { LOCK_AFTER_FAILURES, LOCK_MINUTES, SESSION_DAYS } from '../../src/modules/identity/identity.service';

let now = new Date('2026-03-02T08:00:00Z');
const advance = (minutes: number) => { now = new Date(now.getTime() + minutes * 60_000); };

let t: TestApp;
beforeAll(async () => { t = await testApp({ clock: () => now }); });
afterAll(() => t?.close());

let ipSeq = 0;
const ip = () => `10.7.0.${++ipSeq}`;
const fail = async (username: string) =>
  expectError(await loginRequest(t.app, username, 'wrong-Password-00', { remoteAddress: ip() }), 401, 'invalid_credentials');

describe('lockout on the application clock', () => {
  it(`locks for ${LOCK_MINUTES} minutes, then opens; one more mistake after that does not lock again`, async () => {
    const u = await createTestUser(t.deps, { role: 'inspector' });
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) await fail(u.username);
    expectError(await loginRequest(t.app, u.username, u.password, { remoteAddress: ip() }), 423, 'account_locked');

    advance(LOCK_MINUTES - 1);
    expectError(await loginRequest(t.app, u.username, u.password, { remoteAddress: ip() }), 423, 'account_locked');

    advance(2);
    // The lock ran out: the count starts again from this failure.
    await fail(u.username);
    const res = await loginRequest(t.app, u.username, u.password, { remoteAddress: ip() });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('after a lapsed lock, a full new series of failures locks again', async () => {
    const u = await createTestUser(t.deps, { role: 'inspector' });
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) await fail(u.username);
    advance(LOCK_MINUTES + 1);
    for (let i = 0; i < LOCK_AFTER_FAILURES - 1; i++) await fail(u.username);
    const stillOpen = await loginRequest(t.app, u.username, u.password, { remoteAddress: ip() });
    expect(stillOpen.statusCode, stillOpen.body).toBe(200);
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) await fail(u.username);
    expectError(await loginRequest(t.app, u.username, u.password, { remoteAddress: ip() }), 423, 'account_locked');
  });
});

describe('session lifetime on the application clock', () => {
  it(`a session works until ${SESSION_DAYS} days have passed, then is refused`, async () => {
    const u = await createTestUser(t.deps, { role: 'buyer' });
    const s = await login(t.app, u.username, u.password, { remoteAddress: ip() });
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    advance(SESSION_DAYS * 24 * 60 - 5);
    const before = await me();
    expect(before.statusCode, before.body).toBe(200);
    expect(json(before).user.username).toBe(u.username);
    advance(10);
    expectError(await me(), 401, 'unauthenticated');
  });
});
