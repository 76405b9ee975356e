/**
 * ASVS level 2 items of issue 18 beyond the accounts' own tests (docs/security/asvs-l2.md):
 * passwords set before the current rules are changed at sign-in (2.1.7), failed and successful
 * sign-ins are logged without the password (7.1.1, 7.1.3), signed-in pages are not cached
 * (8.2.1 / 3.x), the audit log is append-only (7.3.3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../src/app';
import type { App } from '../../src/web/http';
import { createTestUser, expectError, login, loginRequest, TEST_PASSWORD } from '../helpers/app';
import { freshDeps, type TestDeps } from '../helpers/db';
import { hashPassword } from '../../src/modules/identity/password';

interface LogLine { level: number; msg: string; event?: string; username?: string; userId?: string }

let deps: TestDeps;
let app: App;
const lines: LogLine[] = [];
beforeAll(async () => {
  deps = await freshDeps({ env: { LOG_LEVEL: 'info' } });
  app = await buildApp({ deps, logStream: { write: (line: string) => { lines.push(JSON.parse(line) as LogLine); } } });
  await app.ready();
});
afterAll(async () => { await app?.close(); await deps?.cleanup(); });

let ipSeq = 0;
const ip = () => `10.12.0.${++ipSeq}`;

describe('a password set before the current rules', () => {
  it('is accepted once more, and leads straight to choosing a new one (API: 403; the page: the new-password link)', async () => {
    const u = await createTestUser(deps, { role: 'commune_officer' });
    await deps.database.db.execute(sql`update users set password_hash = ${await hashPassword('password12')} where id = ${u.user.id}`);
    expectError(await loginRequest(app, u.username, 'password12', { remoteAddress: ip() }), 403, 'forbidden');
    const page = await app.inject({ method: 'GET', url: '/login', remoteAddress: ip() });
    const pre = page.cookies.find((c) => c.name === 'ocop_pre')!.value;
    const res = await app.inject({
      method: 'POST', url: '/login', remoteAddress: ip(), headers: { cookie: `ocop_pre=${pre}` },
      payload: { username: u.username, password: 'password12', _csrf: pre },
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/dat-lai-mat-khau\/[A-Za-z0-9_-]{20,}$/);
    expect(res.cookies.find((c) => c.name === 'ocop_sid')).toBeUndefined();
  });
});

describe('sign-in events in the log', () => {
  it('a refusal is a warning naming the username and the reason, a success names the user; never the password', async () => {
    const u = await createTestUser(deps, { role: 'inspector' });
    lines.length = 0;
    await loginRequest(app, u.username, 'not-the-Password-1', { remoteAddress: ip() });
    await loginRequest(app, u.username, TEST_PASSWORD, { remoteAddress: ip() });
    const events = lines.filter((l) => l.event);
    expect(events.map((l) => [l.event, l.level])).toEqual([['sign_in_refused', 40], ['sign_in', 30]]);
    expect(events[0]).toMatchObject({ username: u.username });
    expect(events[1]).toMatchObject({ userId: u.user.id });
    expect(JSON.stringify(lines)).not.toContain('not-the-Password-1');
    expect(JSON.stringify(lines)).not.toContain(TEST_PASSWORD);
  });
});

describe('signed-in answers', () => {
  it('are never cached (Cache-Control: no-store), public ones keep their own policy', async () => {
    const u = await createTestUser(deps, { role: 'province_officer' });
    const s = await login(app, u.username, u.password, { remoteAddress: ip() });
    for (const url of ['/admin', '/api/v1/auth/me', '/admin/producers']) {
      const res = await app.inject({ url, headers: { cookie: s.cookie } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    expect((await app.inject({ url: '/healthz' })).headers['cache-control']).not.toBe('no-store');
  });
});

describe('the audit log', () => {
  it('refuses to change or remove a row', async () => {
    await createTestUser(deps, { role: 'inspector' });
    const refusal = (q: Promise<unknown>) => q.then(() => 'done', (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ''}`);
    expect(await refusal(deps.database.db.execute(sql`update audit_log set action = 'forged' where id = (select min(id) from audit_log)`))).toMatch(/append-only/);
    expect(await refusal(deps.database.db.execute(sql`delete from audit_log`))).toMatch(/append-only/);
  });
});
