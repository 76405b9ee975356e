/**
 * Assisted filing over HTTP (issue 13 item 4, decisions/029): a commune officer files a dossier
 * for a household without an account — the self-assessment (Form 02) included — so it becomes
 * complete and submittable, recorded as filed by the commune on the producer's behalf with the
 * officer's name; officers elsewhere are refused; the dossier is handed over to the producer's
 * account once one exists, after which the producer owns the forms and the officer keeps the
 * review only, and the history still says who filed it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { testApp, asUser, json, expectError, systemCtx, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS, buildProducer, buildProduct } from '../helpers/builders';
import { BEST_ANSWERS, publishTestSheet } from '../helpers/sheets';
import { COMMUNE_ASSESSMENT, PDF, uploadDoc } from '../helpers/dossier-fixtures';
import { auditLog } from '../../src/modules/audit/audit.tables';

let t: TestApp;
let officer: AuthedUser;
let otherCommune: AuthedUser;
let haNoi: AuthedUser;
let producer: AuthedUser;
let householdId: string;
let productId: string;
let dossierId = '';
let number = '';
const dir = mkdtempSync(join(tmpdir(), 'assisted-'));
const OFFICER_NAME = 'Chị Lò Thị Xuân';

beforeAll(async () => {
  t = await testApp();
  await publishTestSheet(t.ctx);
  officer = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong, login: true, displayName: OFFICER_NAME });
  otherCommune = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hacThanh, login: true });
  haNoi = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi });
  const household = await buildProducer(systemCtx(t.deps), { name: 'Hộ kinh doanh Hà Văn Mật', kind: 'household', communeCode: AREAS.hamRong });
  householdId = household.id;
  productId = (await buildProduct(t.ctx, { producerId: householdId, name: 'Mật ong bạc hà Hàm Rồng' })).id;
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

const api = (method: 'GET' | 'POST' | 'PUT', url: string, who: AuthedUser, payload?: object) =>
  t.app.inject({ method, url, headers: who.headers(), ...(payload ? { payload } : {}) });
const get = (who: AuthedUser) => api('GET', `/api/v1/dossiers/${dossierId}`, who);
const selfAssess = (who: AuthedUser, options: string[], left: string[] = []) =>
  api('PUT', `/api/v1/products/${productId}/self-assessment`, who, { options, knockOuts: [], left });
const handover = (who: AuthedUser, body: object) => api('POST', `/api/v1/dossiers/${dossierId}/handover`, who, body);
const actions = (d: { timeline: { action: string }[] }) => d.timeline.map((e) => e.action);
const page = (who: AuthedUser) => t.app.inject({ url: `/admin/dossiers/${dossierId}`, headers: { cookie: who.cookie! } });
const pdfText = (bytes: Buffer) => {
  const file = join(dir, `f-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
};

describe('a commune officer files a dossier for a household without an account', () => {
  it('opens it recorded as filed by the commune on the producer\'s behalf, with the officer\'s name', async () => {
    const res = await api('POST', '/api/v1/dossiers', officer, { productId, kind: 'first' });
    expect(res.statusCode, res.body).toBe(201);
    const d = json(res);
    dossierId = d.id;
    number = d.number;
    expect(d).toMatchObject({
      status: 'draft', editable: true, filedOnBehalf: true,
      assisted: {
        filedBy: { userId: officer.user.id, name: OFFICER_NAME, role: 'commune_officer' }, handedOver: null,
        custody: 'officer', mayHandOver: true, producerAccounts: [],
      },
    });
    expect(actions(d)).toEqual(['create_on_behalf']);
    const audit = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'dossier.create'), eq(auditLog.entityId, dossierId)));
    expect(audit[0]!.after).toMatchObject({ filedOnBehalf: true, filedByName: OFFICER_NAME });
  });

  it('an officer of another commune or province cannot open one for that household', async () => {
    for (const who of [otherCommune, haNoi]) {
      const e = expectError(await api('POST', '/api/v1/dossiers', who, { productId, kind: 'first' }), 400, 'validation_failed');
      expect(e.fields?.productId).toBeTruthy();
    }
  });

  it('fills in the self-assessment (Form 02) on the household\'s behalf; officers elsewhere are refused', async () => {
    const before = json(await api('GET', `/api/v1/products/${productId}/self-assessment`, officer));
    expect(before).toMatchObject({ canEdit: true, assistedDossier: { id: dossierId, number } });
    const res = await selfAssess(officer, BEST_ANSWERS);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ total: 100, complete: true, canEdit: true, updatedBy: officer.actor.label });
    for (const who of [otherCommune, haNoi]) {
      expectError(await selfAssess(who, BEST_ANSWERS), 404, 'not_found');
      expectError(await api('GET', `/api/v1/products/${productId}/self-assessment`, who), 404, 'not_found');
    }
    const [row] = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.action, 'self_assessment.save'));
    expect(row!.after).toMatchObject({ total: 100, onBehalfOf: householdId, dossier: number });
  });

  it('uploads the documents: the dossier becomes complete and the officer submits it', async () => {
    for (const doc of ['registration_form', 'business_registration']) {
      const up = await uploadDoc(t.app, dossierId, officer.headers(), doc, { name: `${doc}.pdf`, data: PDF });
      expect(up.statusCode, up.body).toBe(201);
    }
    expectError(await uploadDoc(t.app, dossierId, otherCommune.headers(), 'registration_form', { name: 'x.pdf', data: PDF }), 404, 'not_found');
    const d = json(await get(officer));
    expect(d.checklist).toMatchObject({ complete: true, missing: [] });
    expect([...d.allowedActions].sort()).toEqual(['submit', 'withdraw']);
    const res = await api('POST', `/api/v1/dossiers/${dossierId}/transitions`, officer, { action: 'submit', version: d.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ status: 'submitted', selfAssessment: { total: 100, estimatedStars: 5 } });
    // Filed: the working copy is no longer the officer's to change.
    expectError(await selfAssess(officer, BEST_ANSWERS), 403, 'forbidden');
  });

  it('says so on the dossier page, on its forms and in the API list', async () => {
    const html = (await page(officer)).body;
    expect(html).toContain('Hồ sơ do UBND xã lập thay chủ thể');
    expect(html).toContain(`Người lập: ${OFFICER_NAME}, lúc`);
    expect(html).toContain('Chủ thể chưa có tài khoản');
    expect(html).toContain('Lập hồ sơ thay chủ thể');
    for (const form of ['01', '02']) {
      const pdf = await t.app.inject({ url: `/admin/dossiers/${dossierId}/forms/${form}.pdf`, headers: { cookie: officer.cookie! } });
      expect(pdf.statusCode).toBe(200);
      const text = pdfText(pdf.rawPayload);
      expect(text).toContain('Hồ sơ do UBND xã lập thay chủ thể');
      expect(text).toContain(`Người lập: ${OFFICER_NAME}`);
      expect(text).toContain('CÁN BỘ LẬP THAY');
    }
    const list = json(await api('GET', '/api/v1/dossiers', officer));
    expect(list.items.find((i: { id: string }) => i.id === dossierId)).toMatchObject({ filedOnBehalf: true });
    expect((await t.app.inject({ url: '/admin/dossiers', headers: { cookie: officer.cookie! } })).body).toContain('Lập thay');
  });
});

describe('handing the dossier over to the producer\'s account', () => {
  it('cannot happen while the household has no account: a clear message, nothing changes', async () => {
    let d = json(await get(officer));
    d = json(await api('POST', `/api/v1/dossiers/${dossierId}/transitions`, officer, { action: 'return', version: d.version, comment: 'Bổ sung ảnh nhãn sản phẩm.' }));
    expect(d.status).toBe('returned');
    const e = expectError(await handover(officer, { version: d.version }), 400, 'validation_failed');
    expect(e.fields?.userId).toContain('no account');
    const form = new URLSearchParams({ _csrf: officer.csrf!, version: String(d.version) });
    const res = await t.app.inject({
      method: 'POST', url: `/admin/dossiers/${dossierId}/handover`,
      headers: { cookie: officer.cookie!, 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Chủ thể chưa có tài khoản trên nền tảng');
    expect(json(await get(officer)).assisted.handedOver).toBeNull();
  });

  it('once the producer has an account, the producer reads the dossier but does not fill it in until it is handed over', async () => {
    producer = await asUser(t.app, t.deps, { role: 'producer', producerId: householdId, login: true, displayName: 'Anh Hà Văn Mật' });
    const d = json(await get(producer));
    expect(d).toMatchObject({ status: 'returned', editable: false, allowedActions: [], assisted: { custody: 'officer', mayHandOver: false, producerAccounts: [] } });
    expectError(await selfAssess(producer, BEST_ANSWERS), 403, 'forbidden');
    expectError(await uploadDoc(t.app, dossierId, producer.headers(), 'registration_form', { name: 'x.pdf', data: PDF }), 403, 'forbidden');
    expect((await page(producer)).body).toContain('Cán bộ đang lập hồ sơ này thay bạn');
  });

  it('only an officer of the area hands it over', async () => {
    const d = json(await get(officer));
    expect(d.assisted.producerAccounts).toEqual([{ id: producer.user.id, name: `Anh Hà Văn Mật (${producer.username})` }]);
    expectError(await handover(otherCommune, { version: d.version }), 404, 'not_found');
    expectError(await handover(haNoi, { version: d.version }), 404, 'not_found');
    expectError(await handover(producer, { version: d.version }), 403, 'forbidden');
    expectError(await handover(officer, { version: d.version, userId: otherCommune.user.id }), 400, 'validation_failed');
    expectError(await handover(officer, { version: d.version - 1 }), 409, 'conflict');
  });

  it('hands it over: recorded with who and when, in the timeline and the audit log; never twice', async () => {
    const before = json(await get(officer));
    const res = await handover(officer, { version: before.version });
    expect(res.statusCode, res.body).toBe(200);
    const d = json(res);
    expect(d).toMatchObject({
      status: 'returned', version: before.version + 1, editable: false, filedOnBehalf: true,
      assisted: {
        filedBy: { name: OFFICER_NAME, role: 'commune_officer' },
        handedOver: { byUserId: officer.user.id, byName: OFFICER_NAME, toUserId: producer.user.id },
        custody: 'producer', mayHandOver: false,
      },
    });
    expect(actions(d)).toEqual(['create_on_behalf', 'submit', 'return', 'handover']);
    const audit = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.action, 'dossier.handover'));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ custody: 'producer', handedOverToUserId: producer.user.id });
    expectError(await handover(officer, { version: d.version }), 409, 'invalid_transition');
  });

  it('the producer then continues the dossier; the officer keeps the review only; the history still shows who filed it', async () => {
    let d = json(await get(producer));
    expect(d).toMatchObject({ editable: true, assisted: { custody: 'producer', filedBy: { name: OFFICER_NAME } } });
    expect([...d.allowedActions].sort()).toEqual(['submit', 'withdraw']);
    const changed = await selfAssess(producer, BEST_ANSWERS.filter((o) => o !== 'C.1.2.o2'), ['C.1.2']);
    expect(changed.statusCode, changed.body).toBe(200);
    expect(json(changed)).toMatchObject({ total: 85, canEdit: true, assistedDossier: null });
    expect((await uploadDoc(t.app, dossierId, producer.headers(), 'label_packaging', { name: 'nhan.pdf', data: PDF })).statusCode).toBe(201);
    // The officer no longer fills the forms in.
    expectError(await selfAssess(officer, BEST_ANSWERS), 403, 'forbidden');
    expectError(await uploadDoc(t.app, dossierId, officer.headers(), 'registration_form', { name: 'x.pdf', data: PDF }), 403, 'forbidden');
    expect(json(await get(officer)).allowedActions).toEqual([]);
    d = json(await api('POST', `/api/v1/dossiers/${dossierId}/transitions`, producer, { action: 'submit', version: d.version }));
    expect(d).toMatchObject({ status: 'submitted', selfAssessment: { total: 85 } });
    // The commune reviews it as any other dossier.
    const fwd = await api('POST', `/api/v1/dossiers/${dossierId}/transitions`, officer, { action: 'forward', version: d.version, communeAssessment: COMMUNE_ASSESSMENT });
    expect(fwd.statusCode, fwd.body).toBe(200);
    expect(actions(json(fwd))).toEqual(['create_on_behalf', 'submit', 'return', 'handover', 'submit', 'forward']);
    const html = (await page(producer)).body;
    expect(html).toContain('Hồ sơ do UBND xã lập thay chủ thể');
    expect(html).toContain('Đã bàn giao cho tài khoản chủ thể Anh Hà Văn Mật');
    const text = pdfText((await t.app.inject({ url: `/admin/dossiers/${dossierId}/forms/02.pdf`, headers: { cookie: producer.cookie! } })).rawPayload);
    expect(text).toContain('Hồ sơ do UBND xã lập thay chủ thể');
    expect(text).toContain('Đã bàn giao cho tài khoản chủ thể Anh Hà Văn Mật');
    expect(text).not.toContain('CÁN BỘ LẬP THAY');
  });

  it('a dossier the producer files itself stays the producer\'s: the officer neither fills it in nor hands it over', async () => {
    const otherProduct = (await buildProduct(t.ctx, { producerId: householdId, name: 'Mật ong hoa rừng Hàm Rồng' })).id;
    const d = json(await api('POST', '/api/v1/dossiers', producer, { productId: otherProduct, kind: 'first' }));
    expect(d).toMatchObject({ filedOnBehalf: false, assisted: { filedBy: null, custody: 'producer', mayHandOver: false } });
    expect(actions(d)).toEqual(['create']);
    expectError(await uploadDoc(t.app, d.id, officer.headers(), 'registration_form', { name: 'x.pdf', data: PDF }), 403, 'forbidden');
    expectError(await api('PUT', `/api/v1/products/${otherProduct}/self-assessment`, officer, { options: BEST_ANSWERS }), 403, 'forbidden');
    expectError(await api('POST', `/api/v1/dossiers/${d.id}/handover`, officer, { version: d.version }), 409, 'invalid_transition');
    expect(json(await api('GET', `/api/v1/dossiers/${d.id}`, officer)).allowedActions).toEqual([]);
  });
});
