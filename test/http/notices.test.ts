/**
 * Notices for the whole cycle (decisions/028), driven through the real steps over HTTP: a dossier
 * submitted (the commune officer hears), returned with a comment (the producer reads it, in-app
 * and by e-mail over SMTP), resubmitted and forwarded (the province officer hears; the producer's
 * e-mail for that kind is off), received, put in a round and scored while the producer is in
 * quiet hours (held, then one digest), decided with a certificate, the certificate revoked, and a
 * suspected fake reported (the province's officers). Running the dispatcher again adds nothing;
 * with NOTICE_DISPATCH=auto the app dispatches by itself after a write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { asUser, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { AREAS, buildProduct } from '../helpers/builders';
import { BEST_ANSWERS, publishTestSheet } from '../helpers/sheets';
import { COMMUNE_ASSESSMENT, PDF, uploadDoc } from '../helpers/dossier-fixtures';
import { answersFor, createRound, formCouncil } from '../helpers/council-fixtures';
import { draftBody } from '../helpers/certification-fixtures';
import { startSmtpServer, type SmtpServer } from './accounts-smtp';
import { users } from '../../src/modules/identity/identity.tables';
import { notifications } from '../../src/modules/certification/certification.tables';
import { mailOutbox } from '../../src/modules/mail/mail.tables';
import { noticeHeldMail } from '../../src/modules/notices/notices.tables';
import { dispatchNotices } from '../../src/modules/notices/notices.dispatch';
import { deliverOutbox } from '../../src/modules/mail/mail.service';

let t: TestApp;
let smtp: SmtpServer;
let now = new Date('2026-06-10T03:00:00Z'); // 10:00 in Vietnam
let producer: AuthedUser;
let commune: AuthedUser;
let otherCommune: AuthedUser;
let province: AuthedUser;
let haNoi: AuthedUser;
let dossierId = '';
let version = 0;
let certificateNumber = '';

const EMAIL = { producer: 'htx.notices@example.vn', commune: 'xa.hamrong@example.vn', province: 'so.thanhhoa@example.vn' };

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await testApp({ clock: () => now, env: { SMTP_URL: smtp.url, PUBLIC_BASE_URL: 'https://ocop.example.vn' } });
  await publishTestSheet(t.ctx);
  producer = await asUser(t.app, t.deps, { role: 'producer', login: true });
  commune = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong });
  otherCommune = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hacThanh });
  province = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  haNoi = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi });
  for (const [u, email] of [[producer, EMAIL.producer], [commune, EMAIL.commune], [province, EMAIL.province]] as const) {
    await t.deps.database.db.update(users).set({ email }).where(eq(users.id, u.user.id));
  }
});
afterAll(async () => { await t?.close(); await smtp?.close(); });

type Note = { kind: string; title: string; body: string; link: string | null };
const notes = async (who: AuthedUser): Promise<Note[]> => json(await t.app.inject({ url: '/api/v1/notifications?pageSize=100', headers: who.headers() })).items;
const kinds = async (who: AuthedUser) => (await notes(who)).map((n) => n.kind).sort();
const mailsTo = async (address: string) => t.deps.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, address));
const dispatch = () => dispatchNotices(t.ctx);
const move = async (who: AuthedUser, body: Record<string, unknown>) => {
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/dossiers/${dossierId}/transitions`, headers: who.headers(), payload: { version, ...body } });
  expect(res.statusCode, res.body).toBe(200);
  version = json(res).version;
};
const postForm = (who: AuthedUser, url: string, fields: Record<string, string>) => t.app.inject({
  method: 'POST', url, payload: new URLSearchParams({ _csrf: who.csrf!, ...fields }).toString(),
  headers: who.sessionHeaders({ 'content-type': 'application/x-www-form-urlencoded' }),
});

describe('a dossier\'s steps reach the right people', () => {
  it('a submission tells the commune officer of the dossier\'s commune only', async () => {
    const productId = (await buildProduct(t.ctx, { producerId: producer.actor.producerId! })).id;
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/dossiers', headers: producer.headers(), payload: { productId, kind: 'first' } });
    expect(created.statusCode, created.body).toBe(201);
    dossierId = json(created).id;
    for (const doc of ['registration_form', 'business_registration']) {
      expect((await uploadDoc(t.app, dossierId, producer.headers(), doc, { name: `${doc}.pdf`, data: PDF })).statusCode).toBe(201);
    }
    const assessed = await t.app.inject({
      method: 'PUT', url: `/api/v1/products/${productId}/self-assessment`, headers: producer.headers(),
      payload: { options: BEST_ANSWERS.filter((o) => o !== 'C.1.2.o2'), knockOuts: [], left: ['C.1.2'] },
    });
    expect(assessed.statusCode, assessed.body).toBe(200);
    version = json(await t.app.inject({ url: `/api/v1/dossiers/${dossierId}`, headers: producer.headers() })).version;
    await move(producer, { action: 'submit' });

    const out = await dispatch();
    expect(out.events).toBeGreaterThanOrEqual(1);
    const [note] = await notes(commune);
    expect(note).toMatchObject({ kind: 'dossier_submitted', link: `/admin/dossiers/${dossierId}` });
    expect(await notes(otherCommune)).toEqual([]);
    // The commune has an officer: the province is not asked to do the commune's step.
    expect(await notes(province)).toEqual([]);
    expect(await notes(producer)).toEqual([]);
    expect(await mailsTo(EMAIL.commune)).toHaveLength(1);
  });

  it('a return carries the officer\'s comment to the producer, in-app and by e-mail', async () => {
    const comment = 'Bổ sung bản sao giấy chứng nhận an toàn thực phẩm còn hiệu lực.';
    await move(commune, { action: 'return', comment });
    await dispatch();
    const [note] = await notes(producer);
    expect(note!.kind).toBe('dossier_returned');
    expect(note!.body).toContain(comment);
    await deliverOutbox(t.ctx);
    const mail = await smtp.waitFor(EMAIL.producer, (m) => m.subject.includes('trả lại'));
    expect(mail.text).toContain(comment);
    expect(mail.text).toContain(`https://ocop.example.vn/admin/dossiers/${dossierId}`);
    // Running again stores and sends nothing new.
    const count = (await t.deps.database.db.select().from(notifications)).length;
    expect(await dispatch()).toMatchObject({ notices: 0, emails: 0 });
    expect((await t.deps.database.db.select().from(notifications)).length).toBe(count);
  });

  it('with e-mail off for "forwarded", the producer is told in-app only; the province officer hears it awaits reception', async () => {
    await postForm(producer, '/admin/notifications/settings', {});
    const off = Object.fromEntries(['dossier_returned', 'dossier_received', 'dossier_scheduled', 'dossier_scored', 'dossier_decided', 'certificate_issued', 'certificate_revoked'].map((k) => [`email_${k}`, 'on']));
    const saved = await postForm(producer, '/admin/notifications/settings', off);
    expect(saved.statusCode, saved.body).toBe(303);
    await move(producer, { action: 'submit' });
    await move(commune, { action: 'forward', communeAssessment: COMMUNE_ASSESSMENT });
    const before = (await mailsTo(EMAIL.producer)).length;
    await dispatch();
    expect(await kinds(producer)).toEqual(['dossier_forwarded', 'dossier_returned']);
    expect((await mailsTo(EMAIL.producer)).length).toBe(before);
    expect((await notes(province)).map((n) => n.kind)).toEqual(['dossier_to_receive']);
    expect((await mailsTo(EMAIL.province)).map((m) => m.subject)).toEqual([expect.stringContaining('chờ tỉnh tiếp nhận')]);
    expect(await notes(haNoi)).toEqual([]);

    await move(province, { action: 'receive' });
    await dispatch();
    expect((await notes(producer))[0]!.kind).toBe('dossier_received');
    expect((await mailsTo(EMAIL.producer)).length).toBe(before + 1);
  });

  it('in quiet hours the round\'s e-mails are held, then sent as one digest when they end', async () => {
    const saved = await postForm(producer, '/admin/notifications/settings', { email_dossier_scheduled: 'on', email_dossier_scored: 'on', email_dossier_decided: 'on', email_certificate_issued: 'on', email_certificate_revoked: 'on', quietStart: '09:00', quietEnd: '11:00' });
    expect(saved.statusCode, saved.body).toBe(303);
    const round = await createRound(t, province, { name: 'Đợt 1 năm 2026', sessionDate: '2026-07-15', cutoffDate: '2026-06-30' });
    const council = await formCouncil(t, province, round.id, ['chair', 'member', 'secretary']);
    const assigned = await t.app.inject({ method: 'POST', url: `/api/v1/rounds/${round.id}/assignments`, headers: province.headers(), payload: { dossierIds: [dossierId] } });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const before = (await mailsTo(EMAIL.producer)).length;
    expect(await dispatch()).toMatchObject({ held: 1, emails: 0 });
    expect((await notes(producer))[0]).toMatchObject({ kind: 'dossier_scheduled', body: expect.stringContaining('15/07/2026') });

    expect((await t.app.inject({ method: 'POST', url: `/api/v1/rounds/${round.id}/open`, headers: province.headers() })).statusCode).toBe(200);
    for (const m of council) {
      const sheet = json(await t.app.inject({ url: `/api/v1/rounds/${round.id}/dossiers/${dossierId}/sheet`, headers: m.user.headers() }));
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/rounds/${round.id}/dossiers/${dossierId}/sheet/submit`, headers: m.user.headers(), payload: { answers: answersFor(80), rowVersion: sheet.rowVersion } });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/rounds/${round.id}/close`, headers: province.headers() })).statusCode).toBe(200);
    expect(await dispatch()).toMatchObject({ held: 1, digests: 0 });
    const scored = (await notes(producer))[0]!;
    expect(scored.kind).toBe('dossier_scored');
    expect(scored.body).toContain('80');
    expect(scored.body).toContain('4 sao');
    expect(await t.deps.database.db.select().from(noticeHeldMail)).toHaveLength(2);
    expect((await mailsTo(EMAIL.producer)).length).toBe(before);

    now = new Date('2026-06-10T04:30:00Z'); // 11:30: quiet hours are over
    expect(await dispatch()).toMatchObject({ digests: 1 });
    expect(await t.deps.database.db.select().from(noticeHeldMail)).toEqual([]);
    await deliverOutbox(t.ctx);
    const digest = await smtp.waitFor(EMAIL.producer, (m) => m.subject.includes('Tổng hợp 2 thông báo'));
    expect(digest.text).toContain('Đợt 1 năm 2026');
    expect(digest.text).toContain('Hội đồng đã chấm');
    expect(await dispatch()).toMatchObject({ digests: 0 });
  });

  it('the decision, the certificate and its revocation reach the producer', async () => {
    now = new Date('2026-07-20T06:00:00Z'); // 13:00, out of quiet hours
    const roundId = json(await t.app.inject({ url: `/api/v1/dossiers/${dossierId}`, headers: province.headers() })).roundId as string | undefined;
    const rounds = json(await t.app.inject({ url: '/api/v1/rounds', headers: province.headers() })).items as { id: string }[];
    const d = json(await t.app.inject({ method: 'POST', url: '/api/v1/decisions', headers: province.headers(), payload: draftBody(roundId ?? rounds[0]!.id) }));
    const approved = await t.app.inject({ method: 'POST', url: `/api/v1/decisions/${d.id}/approve`, headers: province.headers(), payload: {} });
    expect(approved.statusCode, approved.body).toBe(200);
    certificateNumber = json(approved).items[0].certificateNumber;
    await dispatch();
    const mine = await notes(producer);
    expect(mine.slice(0, 2).map((n) => n.kind).sort()).toEqual(['certificate_issued', 'dossier_decided']);
    expect(mine.find((n) => n.kind === 'dossier_decided')!.body).toContain(d.number);
    expect(mine.find((n) => n.kind === 'certificate_issued')!.link).toBe(`/admin/certificates/${encodeURIComponent(certificateNumber)}`);

    const revoked = await t.app.inject({
      method: 'POST', url: `/api/v1/certificates/${certificateNumber}/revoke`, headers: province.headers(),
      payload: { reason: 'Sản phẩm không còn đáp ứng tiêu chuẩn khi hậu kiểm', legalBasis: 'Khoản 2 Điều 9' },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    await dispatch();
    const [last] = await notes(producer);
    expect(last).toMatchObject({ kind: 'certificate_revoked', body: expect.stringContaining('không còn đáp ứng tiêu chuẩn') });
    await deliverOutbox(t.ctx);
    await smtp.waitFor(EMAIL.producer, (m) => m.subject.includes('bị thu hồi'));
  });

  it('a suspected fake goes to the officers of the code\'s province', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/fake-reports', remoteAddress: '203.0.113.77',
      payload: { code: certificateNumber, message: 'Sản phẩm bán ở chợ có tem giống hệt nhưng bao bì khác hẳn.', placeSeen: 'Chợ Vườn Hoa, Thanh Hóa' },
    });
    expect(res.statusCode, res.body).toBe(201);
    await dispatch();
    const [note] = await notes(province);
    expect(note).toMatchObject({ kind: 'fake_report', link: '/admin/reports', body: expect.stringContaining(json(res).reference) });
    expect(await notes(haNoi)).toEqual([]);
    expect((await notes(commune)).map((n) => n.kind)).toEqual(['dossier_submitted', 'dossier_submitted']);
  });
});

describe('the settings page', () => {
  it('shows the producer\'s kinds and quiet hours; bad times are refused with a message', async () => {
    await producer.login();
    const page = await t.app.inject({ url: '/admin/notifications/settings', headers: producer.sessionHeaders() });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Hồ sơ bị trả lại (kèm ý kiến của cán bộ)');
    expect(page.body).toContain('value="09:00"');
    expect(page.body).toContain(EMAIL.producer);
    const bad = await postForm(producer, '/admin/notifications/settings', { quietStart: '25:00', quietEnd: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('giờ không hợp lệ');
    expect(bad.body).toContain('cần nhập cả giờ bắt đầu và giờ kết thúc');
    const list = await t.app.inject({ url: '/admin/notifications', headers: producer.sessionHeaders() });
    expect(list.body).toContain('href="/admin/notifications/settings"');
  });
});

describe('dispatching by itself', () => {
  it('the pass after a write stops at one probe when nothing waits, and dispatches what does', async () => {
    await dispatch();
    const db = t.deps.database.db;
    const original = db.transaction;
    let opened = 0;
    db.transaction = ((...args: Parameters<typeof original>) => { opened++; return original.apply(db, args); }) as typeof original;
    try {
      expect(await dispatchNotices(t.ctx, { whole: false })).toMatchObject({ events: 0, notices: 0 });
      expect(opened).toBe(0);
      db.transaction = original;
      const res = await t.app.inject({
        method: 'POST', url: '/api/v1/fake-reports', remoteAddress: '203.0.113.79',
        payload: { code: 'MA-KHONG-TON-TAI', message: 'Mã trên bao bì tra không ra kết quả.', placeSeen: 'Chợ phiên' },
      });
      expect(res.statusCode, res.body).toBe(201);
      db.transaction = ((...args: Parameters<typeof original>) => { opened++; return original.apply(db, args); }) as typeof original;
      expect((await dispatchNotices(t.ctx, { whole: false })).events).toBe(1);
      expect(opened).toBe(1);
    } finally {
      db.transaction = original;
    }
  });

  it('with NOTICE_DISPATCH=auto a write is followed by its notices', async () => {
    const auto = await testApp({ env: { NOTICE_DISPATCH: 'auto' } });
    try {
      const officer = await asUser(auto.app, auto.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
      const admin = await asUser(auto.app, auto.deps, { role: 'national_admin' });
      const res = await auto.app.inject({
        method: 'POST', url: '/api/v1/fake-reports', remoteAddress: '203.0.113.78',
        payload: { code: 'KHONG-CO-MA-NAY', message: 'Tem này tra cứu không ra, nghi hàng giả.', placeSeen: 'Cửa hàng ven đường' },
      });
      expect(res.statusCode, res.body).toBe(201);
      let seen: Note[] = [];
      for (let i = 0; i < 50 && !seen.length; i++) {
        await new Promise((r) => setTimeout(r, 100));
        seen = json(await auto.app.inject({ url: '/api/v1/notifications', headers: admin.headers() })).items;
      }
      expect(seen.map((n) => n.kind)).toEqual(['fake_report']);
      expect(json(await auto.app.inject({ url: '/api/v1/notifications', headers: officer.headers() })).items).toEqual([]);
    } finally {
      await auto.close();
    }
  });
});
