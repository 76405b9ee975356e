/**
 * Password reset (issue 12, defect 6): "Quên mật khẩu" by e-mail, delivered at once through the
 * outbox to a real SMTP server on a local socket; single-use, expiring links stored as hashes;
 * every session ends; the same answer whether or not the account exists; and the officer's
 * temporary password for users without e-mail, within the officer's area.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { asUser, createTestUser, loginRequest, testApp, type TestApp } from '../helpers/app';
import { AREAS, buildProducer } from '../helpers/builders';
import { textOf } from '../helpers/html-forms';
import { passwordResets, users } from '../../src/modules/identity/identity.tables';
import { mailOutbox } from '../../src/modules/mail/mail.tables';
import { auditLog } from '../../src/modules/audit/audit.tables';
import { sha256 } from '../../src/modules/identity/tokens';
import { startSmtpServer, type SmtpServer } from './accounts-smtp';

let t: TestApp;
let smtp: SmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await testApp({ env: { SMTP_URL: smtp.url, PUBLIC_BASE_URL: 'https://ocop.example.vn' } });
});
afterAll(async () => { await t?.close(); await smtp?.close(); });

let ipSeq = 0;
const freshIp = () => `10.13.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

/** An anonymous browser: GET a page (pre-session CSRF cookie), then POST a form from it. */
async function anonymousPost(pageUrl: string, action: string, fields: Record<string, string>, ip = freshIp()) {
  const page = await t.app.inject({ url: pageUrl, remoteAddress: ip });
  const pre = page.cookies.find((c) => c.name === 'ocop_pre')?.value ?? /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  return t.app.inject({
    method: 'POST', url: action, remoteAddress: ip,
    headers: { cookie: `ocop_pre=${pre}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...fields, _csrf: pre! }).toString(),
  });
}

const mainText = (html: string) => textOf(/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html);

async function userWithEmail(email: string | null) {
  const u = await createTestUser(t.deps, { role: 'producer' });
  await t.deps.database.db.update(users).set({ email }).where(eq(users.id, u.user.id));
  return u;
}

const linkIn = (text: string) => {
  const m = /https:\/\/ocop\.example\.vn(\/dat-lai-mat-khau\/[A-Za-z0-9_-]+)/.exec(text);
  if (!m) throw new Error(`no reset link in: ${text}`);
  return m[1]!;
};

describe('the login page', () => {
  it('offers "Quên mật khẩu" and "Đăng ký tài khoản"', async () => {
    const page = await t.app.inject({ url: '/login' });
    expect(page.body).toContain('href="/quen-mat-khau"');
    expect(page.body).toContain('href="/dang-ky-tai-khoan"');
    expect(textOf(page.body)).toContain('Quên mật khẩu');
  });
});

describe('reset by e-mail', () => {
  it('mails a single-use link at once, stored as a hash; the new password ends every session', async () => {
    const u = await userWithEmail('ngoc.reset@example.vn');
    const before = await loginRequest(t.app, u.username, u.password, { remoteAddress: freshIp() });
    const oldCookie = `ocop_sid=${before.cookies.find((c) => c.name === 'ocop_sid')!.value}`;

    const res = await anonymousPost('/quen-mat-khau', '/quen-mat-khau', { login: u.username });
    expect(res.statusCode).toBe(200);
    expect(mainText(res.body)).toContain('Nếu tài khoản này có địa chỉ e-mail');

    const mail = await smtp.waitFor('ngoc.reset@example.vn');
    expect(mail.subject).toBe('Đặt lại mật khẩu Hệ thống OCOP');
    expect(mail.text).toContain(u.username);
    expect(mail.text).toContain('30 phút');
    const path = linkIn(mail.text);
    const token = path.split('/').pop()!;
    const stored = await t.deps.database.db.select().from(passwordResets).where(eq(passwordResets.userId, u.user.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored[0]!.expiresAt.getTime() - stored[0]!.createdAt.getTime()).toBe(30 * 60_000);

    const form = await t.app.inject({ url: path });
    expect(form.statusCode).toBe(200);
    expect(mainText(form.body)).toContain(`Đặt mật khẩu mới cho tài khoản ${u.username}`);

    const weak = await anonymousPost(path, path, { password: 'short1', confirm: 'short1' });
    expect(weak.statusCode).toBe(400);
    expect(mainText(weak.body)).toContain('Mật khẩu cần ít nhất 12 ký tự.');
    const differ = await anonymousPost(path, path, { password: 'Lua-mua-2026-xanh', confirm: 'Lua-mua-2026-xanx' });
    expect(differ.statusCode).toBe(400);
    expect(mainText(differ.body)).toContain('Hai lần nhập mật khẩu không khớp');

    const done = await anonymousPost(path, path, { password: 'Lua-mua-2026-xanh', confirm: 'Lua-mua-2026-xanh' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/login?done=reset');
    expect(mainText((await t.app.inject({ url: '/login?done=reset' })).body)).toContain('Đã đặt mật khẩu mới');

    // Every earlier session ended; the old password no longer works, the new one does.
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: oldCookie } })).statusCode).toBe(401);
    expect((await loginRequest(t.app, u.username, u.password, { remoteAddress: freshIp() })).statusCode).toBe(401);
    expect((await loginRequest(t.app, u.username, 'Lua-mua-2026-xanh', { remoteAddress: freshIp() })).statusCode).toBe(200);

    // Single use.
    const again = await t.app.inject({ url: path });
    expect(again.statusCode).toBe(404);
    expect(mainText(again.body)).toContain('Liên kết không còn dùng được');
    const reuse = await anonymousPost(path, path, { password: 'Khac-han-2026-moi', confirm: 'Khac-han-2026-moi' });
    expect(reuse.statusCode).toBe(404);

    const audits = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, u.user.id));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['user.password_reset_requested', 'user.password_reset']));
    expect(JSON.stringify(audits)).not.toContain(token);
  });

  it('answers the same whether or not the account exists or has an e-mail', async () => {
    const noEmail = await userWithEmail(null);
    const withEmail = await userWithEmail('same.answer@example.vn');
    const bodies = await Promise.all(['no-such-user-xyz', 'nobody@example.vn', noEmail.username, withEmail.username]
      .map(async (login) => mainText((await anonymousPost('/quen-mat-khau', '/quen-mat-khau', { login })).body)));
    expect(new Set(bodies).size).toBe(1);
    await smtp.waitFor('same.answer@example.vn');
  });

  it('finds the account by its e-mail address too', async () => {
    const u = await userWithEmail('by.address@example.vn');
    await anonymousPost('/quen-mat-khau', '/quen-mat-khau', { login: 'By.Address@Example.vn' });
    const mail = await smtp.waitFor('by.address@example.vn');
    expect(mail.text).toContain(u.username);
  });

  it('sends at most 3 links per account per hour, and limits requests per address', async () => {
    const u = await userWithEmail('many.times@example.vn');
    for (let i = 0; i < 5; i++) expect((await anonymousPost('/quen-mat-khau', '/quen-mat-khau', { login: u.username })).statusCode).toBe(200);
    const queued = await t.deps.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'many.times@example.vn'));
    expect(queued).toHaveLength(3);

    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await anonymousPost('/quen-mat-khau', '/quen-mat-khau', { login: 'nobody-here' }, ip)).statusCode);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.at(-1)).toBe(429);
  });

  it('refuses an expired link with a visible message', async () => {
    const u = await userWithEmail('late.reader@example.vn');
    await anonymousPost('/quen-mat-khau', '/quen-mat-khau', { login: u.username });
    const path = linkIn((await smtp.waitFor('late.reader@example.vn')).text);
    await t.deps.database.db.update(passwordResets).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(passwordResets.userId, u.user.id));
    const res = await anonymousPost(path, path, { password: 'Lua-mua-2026-xanh', confirm: 'Lua-mua-2026-xanh' });
    expect(res.statusCode).toBe(404);
    expect(mainText(res.body)).toContain('đã hết hạn');
    expect((await loginRequest(t.app, u.username, u.password, { remoteAddress: freshIp() })).statusCode).toBe(200);
  });
});

describe('temporary password by an officer', () => {
  it('lets the commune officer of the producer set one; the user must choose a new password at sign-in', async () => {
    const officer = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong });
    const s = await officer.login({ remoteAddress: freshIp() });
    const producer = await asUser(t.app, t.deps, { role: 'producer' }); // a producer in Hàm Rồng
    const producerSession = await producer.login({ remoteAddress: freshIp() });

    const found = await t.app.inject({ url: `/admin/accounts/password?username=${producer.username}`, headers: { cookie: s.cookie } });
    expect(found.statusCode).toBe(200);
    expect(mainText(found.body)).toContain('Xác nhận cấp mật khẩu tạm thời');
    const res = await t.app.inject({ method: 'POST', url: '/admin/accounts/password', headers: { ...s.headers(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username: producer.username, _csrf: s.csrf }).toString() });
    expect(res.statusCode).toBe(200);
    const temp = /class="temp-password mono">([^<]+)</.exec(res.body)?.[1];
    expect(temp).toMatch(/^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$/);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: producerSession.cookie } })).statusCode).toBe(401);

    // The API refuses a session with it; the login page leads to choosing a new password.
    const api = await loginRequest(t.app, producer.username, temp!, { remoteAddress: freshIp() });
    expect(api.statusCode).toBe(403);
    const web = await anonymousPost('/login', '/login', { username: producer.username, password: temp! });
    expect(web.statusCode).toBe(303);
    expect(web.cookies.find((c) => c.name === 'ocop_sid')).toBeUndefined();
    const path = web.headers.location as string;
    expect(path).toMatch(/^\/dat-lai-mat-khau\//);
    expect(mainText((await t.app.inject({ url: path })).body)).toContain('mật khẩu tạm thời');
    expect((await anonymousPost(path, path, { password: 'Ong-mat-2026-rung', confirm: 'Ong-mat-2026-rung' })).statusCode).toBe(303);
    const after = await anonymousPost('/login', '/login', { username: producer.username, password: 'Ong-mat-2026-rung' });
    expect(after.headers.location).toBe('/admin');
    expect((await anonymousPost('/login', '/login', { username: producer.username, password: temp! })).statusCode).toBe(401);

    const audits = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, producer.user.id));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['user.password_temporary', 'user.password_reset']));
    expect(audits.find((a) => a.action === 'user.password_temporary')!.actorUserId).toBe(officer.user.id);
  });

  it('follows the area scoping: another commune or province sees no such user', async () => {
    const producer = await asUser(t.app, t.deps, { role: 'producer' }); // Hàm Rồng, Thanh Hóa
    const cases = [
      { spec: { role: 'commune_officer' as const, areaCode: AREAS.hacThanh }, ok: false },
      { spec: { role: 'province_officer' as const, areaCode: AREAS.haNoi }, ok: false },
      { spec: { role: 'province_officer' as const, areaCode: AREAS.thanhHoa }, ok: true },
      { spec: { role: 'national_admin' as const }, ok: true },
    ];
    for (const c of cases) {
      const officer = await asUser(t.app, t.deps, c.spec);
      const s = await officer.login({ remoteAddress: freshIp() });
      const res = await t.app.inject({ method: 'POST', url: '/admin/accounts/password', headers: { ...s.headers(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ username: producer.username, _csrf: s.csrf }).toString() });
      expect({ ...c.spec, status: res.statusCode }).toEqual({ ...c.spec, status: c.ok ? 200 : 404 });
      if (!c.ok) expect(mainText(res.body)).toContain('Không có tài khoản này trên địa bàn của bạn');
    }
    // A commune officer may not reset another officer, nor a producer of a commune they do not cover.
    const communeOfficer = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong });
    const other = await asUser(t.app, t.deps, { role: 'inspector', areaCode: AREAS.hamRong });
    const s = await communeOfficer.login({ remoteAddress: freshIp() });
    expect((await t.app.inject({ url: `/admin/accounts/password?username=${other.username}`, headers: { cookie: s.cookie } })).statusCode).toBe(404);
    const elsewhere = await buildProducer(t.ctx, { communeCode: AREAS.hacThanh });
    const far = await asUser(t.app, t.deps, { role: 'producer', producerId: elsewhere.id });
    expect((await t.app.inject({ url: `/admin/accounts/password?username=${far.username}`, headers: { cookie: s.cookie } })).statusCode).toBe(404);
    // Producers have no such page.
    const p = await (await asUser(t.app, t.deps, { role: 'producer' })).login({ remoteAddress: freshIp() });
    expect((await t.app.inject({ url: '/admin/accounts/password', headers: { cookie: p.cookie } })).statusCode).toBe(403);
  });
});
