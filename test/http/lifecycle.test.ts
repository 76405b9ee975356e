/**
 * Certificate lifecycle (item 8): revocation by the authority of the star level, twice → 409,
 * audit rows; expiry reminders (in-app + outbox), idempotent; .eml files when no SMTP is set;
 * notifications API (own only) and page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { buildClosedRound, draftBody } from '../helpers/certification-fixtures';
import { certificates, notifications } from '../../src/modules/certification/certification.tables';
import { mailOutbox } from '../../src/modules/mail/mail.tables';
import { products, producers } from '../../src/modules/registry/registry.tables';
import { auditLog } from '../../src/modules/audit/audit.tables';
import { deliverOutbox, runExpiryReminders } from '../../src/modules/certification/reminders';

let t: TestApp;
let province: AuthedUser;
let haNoi: AuthedUser;
let admin: AuthedUser;
const now = new Date('2026-07-02T03:00:00Z');

beforeAll(async () => {
  t = await testApp({ clock: () => now, env: { SMTP_URL: undefined } });
  [province, haNoi, admin] = await Promise.all([
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi }),
    asUser(t.app, t.deps, { role: 'national_admin' }),
  ]);
});
afterAll(() => t?.close());

async function certify(who: AuthedUser, spec: Parameters<typeof buildClosedRound>[1], extra: Record<string, unknown> = {}) {
  const round = await buildClosedRound(t.ctx, spec);
  const d = json(await t.app.inject({ method: 'POST', url: '/api/v1/decisions', headers: who.headers(), payload: draftBody(round.id, extra) }));
  const a = json(await t.app.inject({ method: 'POST', url: `/api/v1/decisions/${d.id}/approve`, headers: who.headers(), payload: {} }));
  return { round, numbers: a.items.map((i: { certificateNumber: string }) => i.certificateNumber) as string[] };
}
const revoke = (number: string, who: AuthedUser, payload: Record<string, unknown> = { reason: 'Vi phạm khi hậu kiểm', legalBasis: 'Khoản 2 Điều 9 Quyết định 26/2026/QĐ-TTg' }) =>
  t.app.inject({ method: 'POST', url: `/api/v1/certificates/${number}/revoke`, headers: who.headers(), payload });

describe('revocation', () => {
  it('of a 3★ certificate: the province officer of its province; another province 404; national admin 403', async () => {
    const { numbers: [n] } = await certify(province, { results: [{ mean: 55 }] });
    expectError(await revoke(n!, haNoi), 404, 'not_found');
    expectError(await revoke(n!, admin), 403, 'forbidden');
    const producer = await asUser(t.app, t.deps, { role: 'producer' });
    expectError(await revoke(n!, producer), 403, 'forbidden');
    expectError(await revoke(n!, province, { reason: '', legalBasis: '' }), 400, 'validation_failed');
    expectError(await revoke(n!, province, { reason: 'x', legalBasis: 'y', revokedOn: '2027-01-01' }), 400, 'validation_failed');
    const res = await revoke(n!, province);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ status: 'revoked', state: 'revoked', revokedOn: '2026-07-02', revocationBasis: 'Khoản 2 Điều 9 Quyết định 26/2026/QĐ-TTg' });
    const [row] = await t.deps.database.db.select().from(certificates).where(eq(certificates.number, n!));
    expect(row).toMatchObject({ state: 'revoked', revokedReason: 'Vi phạm khi hậu kiểm', revokedBy: expect.stringContaining('province-officer') });
    const [p] = await t.deps.database.db.select({ status: products.status }).from(products).where(eq(products.id, row!.productId));
    expect(p!.status).toBe('revoked');
    expectError(await revoke(n!, province), 409, 'invalid_transition');
    const audit = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'certificate.revoke'), eq(auditLog.entityId, row!.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toEqual({ state: 'active' });
    expect(audit[0]!.after).toMatchObject({ state: 'revoked', revocationBasis: 'Khoản 2 Điều 9 Quyết định 26/2026/QĐ-TTg' });
  });

  it('of a 5★ certificate needs the national administrator', async () => {
    const { numbers: [n] } = await certify(admin, { level: 'national', results: [{ mean: 95 }] }, { number: '7/QĐ-BNNMT' });
    expectError(await revoke(n!, province), 403, 'forbidden');
    expect((await revoke(n!, admin, { reason: 'Không đánh giá lại', legalBasis: 'Điều 12', revokedOn: '2026-07-01' })).statusCode).toBe(200);
  });
});

describe('expiry reminders', () => {
  it('notify the producer\'s users and the province officers once, and queue one e-mail', async () => {
    // Issued 2023-07-20 → expires 2026-07-20: 18 days after "today" (2026-07-02), within the 30-day lead.
    const { round, numbers: [due] } = await certify(province, { results: [{ mean: 71 }] }, { decisionDate: '2023-07-20' });
    const { numbers: [later] } = await certify(province, { results: [{ mean: 71 }] }, { decisionDate: '2023-09-20' });
    const producerId = round.results[0]!.producerId;
    await t.deps.database.db.update(producers).set({ email: 'htx.test@example.vn' }).where(eq(producers.id, producerId));
    const owner = await asUser(t.app, t.deps, { role: 'producer', producerId, login: true });
    const before = await t.deps.database.db.select().from(notifications);

    const first = await runExpiryReminders(t.ctx);
    expect(first.certificates).toBeGreaterThanOrEqual(1);
    const mine = json(await t.app.inject({ url: '/api/v1/notifications', headers: owner.headers() }));
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ kind: 'certificate_expiry', link: `/admin/certificates/${encodeURIComponent(due!)}`, readAt: null });
    expect(mine.items[0].body).toContain('19/07/2026');
    // The producer's dashboard says so, with a link to the certificate.
    const dashboard = await t.app.inject({ url: '/admin', headers: { cookie: owner.cookie! } });
    expect(dashboard.body).toContain('Bạn có 1 thông báo mới');
    expect(dashboard.body).toContain(`href="/admin/certificates/${encodeURIComponent(due!)}"`);
    const officerNotes = json(await t.app.inject({ url: '/api/v1/notifications?pageSize=100', headers: province.headers() }));
    expect(officerNotes.items.some((n: { title: string }) => n.title.includes(due!))).toBe(true);
    expect(officerNotes.items.some((n: { title: string }) => n.title.includes(later!))).toBe(false);
    expect(json(await t.app.inject({ url: '/api/v1/notifications', headers: haNoi.headers() })).total).toBe(0);
    const mails = await t.deps.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'htx.test@example.vn'));
    expect(mails).toHaveLength(1);

    // Idempotent: running again stores nothing new.
    const count = (await t.deps.database.db.select().from(notifications)).length;
    const again = await runExpiryReminders(t.ctx);
    expect(again).toMatchObject({ notifications: 0, emails: 0 });
    expect((await t.deps.database.db.select().from(notifications)).length).toBe(count);
    expect(count).toBeGreaterThan(before.length);

    // No SMTP: each message becomes an .eml file in <data dir>/outbox and is marked sent.
    const delivered = await deliverOutbox(t.ctx);
    expect(delivered).toMatchObject({ via: 'folder', failed: 0 });
    expect(delivered.sent).toBeGreaterThanOrEqual(1);
    const dir = join(t.deps.env.OCOP_DATA_DIR, 'outbox');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.eml'));
    const eml = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
    const message = eml.find((m) => m.includes('htx.test@example.vn'))!;
    expect(message).toMatch(/^To: htx\.test@example\.vn$/m);
    expect(message).toMatch(/^Subject: /m);
    const [sent] = await t.deps.database.db.select().from(mailOutbox).where(eq(mailOutbox.id, mails[0]!.id));
    expect(sent!.status).toBe('sent');
    expect((await deliverOutbox(t.ctx)).sent).toBe(0);

    // Own notifications only: another user's id is 404; marking read is idempotent.
    const id = mine.items[0].id;
    expectError(await t.app.inject({ method: 'POST', url: `/api/v1/notifications/${id}/read`, headers: haNoi.headers() }), 404, 'not_found');
    const read = await t.app.inject({ method: 'POST', url: `/api/v1/notifications/${id}/read`, headers: owner.headers() });
    expect(json(read).readAt).not.toBeNull();
    expect(json(await t.app.inject({ url: '/api/v1/notifications?unread=true', headers: owner.headers() })).total).toBe(0);
  });

  it('skip certificates that are revoked, superseded or already expired', async () => {
    const { numbers: [n] } = await certify(province, { results: [{ mean: 66 }] }, { decisionDate: '2023-07-25' });
    expect((await revoke(n!, province)).statusCode).toBe(200);
    const r = await runExpiryReminders(t.ctx);
    const titles = (await t.deps.database.db.select({ title: notifications.title }).from(notifications)).map((x) => x.title);
    expect(titles.some((x) => x.includes(n!))).toBe(false);
    expect(r.notifications).toBe(0);
  });
});

describe('the notifications page', () => {
  it('renders for any signed-in user', async () => {
    const u = await asUser(t.app, t.deps, { role: 'producer', login: true });
    const res = await t.app.inject({ url: '/admin/notifications', headers: { cookie: u.cookie! } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Thông báo');
  });
});
