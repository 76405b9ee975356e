/**
 * Evaluation dossiers over HTTP: create → upload → submit incomplete (409 with details) →
 * complete → submit → commune return → resubmit → forward with the commune assessment →
 * province reception; upgrade carrying documents over; file type and size; access; invalid
 * transitions; concurrent transitions; audit rows; pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { inTx } from '../../src/context';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS, buildProduct } from '../helpers/builders';
import { BEST_ANSWERS, publishTestSheet } from '../helpers/sheets';
import { COMMUNE_ASSESSMENT, PDF, png, uploadDoc } from '../helpers/dossier-fixtures';
import { auditLog } from '../../src/modules/audit/audit.tables';
import { dossierDocuments, dossiers } from '../../src/modules/dossier/dossier.tables';
import { moveDossier } from '../../src/modules/dossier/dossier-status';

let t: TestApp;
let producer: AuthedUser;
let other: AuthedUser;
let commune: AuthedUser;
let otherCommune: AuthedUser;
let province: AuthedUser;
let haNoi: AuthedUser;
let productId: string;

beforeAll(async () => {
  t = await testApp();
  await publishTestSheet(t.ctx);
  producer = await asUser(t.app, t.deps, { role: 'producer', login: true });
  other = await asUser(t.app, t.deps, { role: 'producer' });
  commune = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong, login: true });
  otherCommune = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hacThanh });
  province = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  haNoi = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi });
  productId = (await buildProduct(t.ctx, { producerId: producer.actor.producerId! })).id;
});
afterAll(() => t?.close());

const get = (id: string, who: AuthedUser) => t.app.inject({ url: `/api/v1/dossiers/${id}`, headers: who.headers() });
const move = (id: string, who: AuthedUser, body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/v1/dossiers/${id}/transitions`, headers: who.headers(), payload: body });
const create = (who: AuthedUser, body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/dossiers', headers: who.headers(), payload: body });
const selfAssess = (options: string[], pid = productId, left: string[] = ['C.1.2']) =>
  t.app.inject({ method: 'PUT', url: `/api/v1/products/${pid}/self-assessment`, headers: producer.headers(), payload: { options, knockOuts: [], left } });

let dossierId = '';
let docId = '';

describe('a first-evaluation dossier, end to end', () => {
  it('is created as a draft with a number and a checklist from the regime in force', async () => {
    const res = await create(producer, { productId, kind: 'first' });
    expect(res.statusCode, res.body).toBe(201);
    const d = json(res);
    dossierId = d.id;
    expect(d.number).toMatch(/^HS-38-\d{4}-000001$/);
    expect(d).toMatchObject({ status: 'draft', kind: 'first', regimeCode: '26-2026', isService: false, editable: true, version: 1 });
    expect(d.allowedActions.sort()).toEqual(['submit', 'withdraw']);
    expect(d.checklist.missing).toEqual(['registration_form', 'self_assessment', 'business_registration']);
    // Samples are handed in at the commune: not yet received, yet they do not hold up submission.
    expect(d.checklist.items.find((i: { code: string }) => i.code === 'samples')).toMatchObject({ satisfied: false, note: 'bring_to_commune' });
    expect(d.checklist.missing).not.toContain('samples');
    expect(d.communeAssessmentRequired).toBe(true);
    expect(d.timeline.map((e: { action: string }) => e.action)).toEqual(['create']);
    // One open dossier per product.
    expectError(await create(producer, { productId, kind: 'first' }), 409, 'duplicate');
  });

  it('accepts a PDF and an image, refuses other types (415) and oversize files (413)', async () => {
    const up = await uploadDoc(t.app, dossierId, producer.headers(), 'registration_form', { name: 'mau-01.pdf', data: PDF, type: 'application/pdf' });
    expect(up.statusCode, up.body).toBe(201);
    docId = json(up).id;
    expect(json(up)).toMatchObject({ docType: 'registration_form', mediaType: 'application/pdf', carriedFrom: null });
    // The type comes from the bytes, not the declared name or type.
    const img = await uploadDoc(t.app, dossierId, producer.headers(), 'registration_form', { name: 'scan.pdf', data: png(), type: 'application/pdf' });
    expect(json(img).mediaType).toBe('image/png');
    expectError(await uploadDoc(t.app, dossierId, producer.headers(), 'registration_form', { name: 'virus.pdf', data: Buffer.from('MZ\x90\x00 not a pdf'), type: 'application/pdf' }), 415, 'unsupported_media_type');
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
    expectError(await uploadDoc(t.app, dossierId, producer.headers(), 'registration_form', { name: 'big.pdf', data: big }), 413, 'payload_too_large');
    expectError(await uploadDoc(t.app, dossierId, producer.headers(), 'no_such_doc', { name: 'a.pdf', data: PDF }), 400, 'validation_failed');
    // Download: the same bytes, as an attachment.
    const dl = await t.app.inject({ url: `/api/v1/dossiers/${dossierId}/documents/${docId}/file`, headers: producer.headers() });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-disposition']).toContain('attachment');
    expect(dl.rawPayload.equals(PDF)).toBe(true);
    // Delete the image again.
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/dossiers/${dossierId}/documents/${json(img).id}`, headers: producer.headers() });
    expect(del.statusCode).toBe(204);
    const list = json(await t.app.inject({ url: `/api/v1/dossiers/${dossierId}/documents`, headers: producer.headers() }));
    expect(list.items.map((d: { id: string }) => d.id)).toEqual([docId]);
  });

  it('refuses to submit while incomplete: 409 dossier_incomplete listing what is missing', async () => {
    const d = json(await get(dossierId, producer));
    const res = await move(dossierId, producer, { action: 'submit', version: d.version });
    const err = expectError(res, 409, 'dossier_incomplete');
    const details = (json(res).error.details as { missing: { code: string }[] }).missing.map((m) => m.code);
    expect(details).toEqual(['self_assessment', 'business_registration']);
    expect(err.message).toContain('business_registration');
  });

  it('submits once complete, fixing the regime and sheet and freezing the self-assessment', async () => {
    // An unfinished self-assessment does not count.
    expect((await selfAssess(['A.1.1.o3'])).statusCode).toBe(200);
    let d = json(await get(dossierId, producer));
    expect(d.checklist.items.find((i: { code: string }) => i.code === 'self_assessment')).toMatchObject({ satisfied: false });
    expect((await selfAssess(BEST_ANSWERS.filter((o) => o !== 'C.1.2.o2'))).statusCode).toBe(200);
    expect((await uploadDoc(t.app, dossierId, producer.headers(), 'business_registration', { name: 'dkkd.pdf', data: PDF })).statusCode).toBe(201);
    d = json(await get(dossierId, producer));
    expect(d.checklist).toMatchObject({ complete: true, missing: [] });
    const res = await move(dossierId, producer, { action: 'submit', version: d.version });
    expect(res.statusCode, res.body).toBe(200);
    d = json(res);
    expect(d).toMatchObject({ status: 'submitted', regimeCode: '26-2026', editable: false });
    expect(d.sheetId).toBeTruthy();
    expect(d.selfAssessment).toMatchObject({ total: 85, estimatedStars: 4, sheetId: d.sheetId });
    expect(d.submittedAt).toBeTruthy();
    // Not editable any more.
    expectError(await uploadDoc(t.app, dossierId, producer.headers(), 'registration_form', { name: 'x.pdf', data: PDF }), 409, 'invalid_transition');
    expectError(await t.app.inject({ method: 'DELETE', url: `/api/v1/dossiers/${dossierId}/documents/${docId}`, headers: producer.headers() }), 409, 'invalid_transition');
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/v1/dossiers/${dossierId}`, headers: producer.headers(), payload: { form: { a: 'b' } } }), 409, 'invalid_transition');
  });

  it('shows in the commune queue; the commune returns it with a comment, the producer resubmits', async () => {
    const queue = json(await t.app.inject({ url: '/api/v1/dossiers?queue=commune', headers: commune.headers() }));
    expect(queue.items.map((d: { id: string }) => d.id)).toEqual([dossierId]);
    expect(json(await t.app.inject({ url: '/api/v1/dossiers?queue=commune', headers: otherCommune.headers() })).items).toEqual([]);
    let d = json(await get(dossierId, commune));
    expect(d.allowedActions.sort()).toEqual(['forward', 'return']);
    // A return needs a comment.
    expectError(await move(dossierId, commune, { action: 'return', version: d.version }), 400, 'validation_failed');
    const ret = await move(dossierId, commune, { action: 'return', comment: 'Bổ sung bản sao giấy chứng nhận an toàn thực phẩm.', version: d.version });
    expect(ret.statusCode, ret.body).toBe(200);
    d = json(await get(dossierId, producer));
    expect(d).toMatchObject({ status: 'returned', editable: true });
    expect(d.timeline.at(-1)).toMatchObject({ action: 'return', comment: 'Bổ sung bản sao giấy chứng nhận an toàn thực phẩm.' });
    expect((await uploadDoc(t.app, dossierId, producer.headers(), 'food_safety', { name: 'attp.pdf', data: PDF })).statusCode).toBe(201);
    const again = await move(dossierId, producer, { action: 'submit', version: d.version });
    expect(again.statusCode, again.body).toBe(200);
  });

  it('forwards only with the commune assessment (local origin, labour, idea, identity, report, samples)', async () => {
    let d = json(await get(dossierId, commune));
    const missing = expectError(await move(dossierId, commune, { action: 'forward', version: d.version }), 400, 'validation_failed');
    expect(Object.keys(missing.fields ?? {})).toEqual(expect.arrayContaining(['communeAssessment.localOrigin', 'communeAssessment.report', 'communeAssessment.samplesReceived']));
    const res = await move(dossierId, commune, { action: 'forward', version: d.version, communeAssessment: COMMUNE_ASSESSMENT });
    expect(res.statusCode, res.body).toBe(200);
    d = json(res);
    expect(d.status).toBe('forwarded');
    expect(d.communeAssessment).toMatchObject({ localOrigin: true, localIdentity: false, samplesReceived: true, assessedBy: commune.actor.label });
    expect(d.checklist.items.find((i: { code: string }) => i.code === 'samples')).toMatchObject({ satisfied: true, note: 'received' });
  });

  it('the province receives it; the producer follows the whole timeline', async () => {
    const queue = json(await t.app.inject({ url: '/api/v1/dossiers?queue=province', headers: province.headers() }));
    expect(queue.items.map((d: { id: string }) => d.id)).toEqual([dossierId]);
    let d = json(await get(dossierId, province));
    expect(d.allowedActions.sort()).toEqual(['receive', 'return']);
    // The commune officer cannot receive.
    expectError(await move(dossierId, commune, { action: 'receive', version: d.version }), 403, 'forbidden');
    const res = await move(dossierId, province, { action: 'receive', version: d.version });
    expect(res.statusCode, res.body).toBe(200);
    d = json(await get(dossierId, producer));
    expect(d.status).toBe('received');
    expect(d.receivedAt).toBeTruthy();
    expect(d.timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'submit', 'return', 'submit', 'forward', 'receive']);
    expect(d.allowedActions).toEqual([]);
  });

  it('while the province holds it, only the province files extra laboratory tests (two-stage rounds)', async () => {
    expectError(await uploadDoc(t.app, dossierId, producer.headers(), 'lab_tests', { name: 'kn.pdf', data: PDF }), 409, 'invalid_transition');
    expectError(await uploadDoc(t.app, dossierId, commune.headers(), 'lab_tests', { name: 'kn.pdf', data: PDF }), 409, 'invalid_transition');
    expectError(await uploadDoc(t.app, dossierId, province.headers(), 'photos', { name: 'anh.pdf', data: PDF }), 409, 'invalid_transition');
    const up = await uploadDoc(t.app, dossierId, province.headers(), 'lab_tests', { name: 'kiem-nghiem-bo-sung.pdf', data: PDF });
    expect(up.statusCode, up.body).toBe(201);
    const d = json(await get(dossierId, producer));
    expect(d.mayAddExtraTests).toBe(false);
    expect(d.timeline.at(-1)).toMatchObject({ action: 'extra_tests', comment: 'kiem-nghiem-bo-sung.pdf', toStatus: 'received' });
    expect(json(await get(dossierId, province)).mayAddExtraTests).toBe(true);
  });

  it('writes an audit row for each transition', async () => {
    const rows = await t.deps.database.db.select().from(auditLog)
      .where(and(eq(auditLog.entityType, 'dossier'), eq(auditLog.entityId, dossierId), like(auditLog.action, 'dossier.%')));
    const actions = rows.map((r) => r.action);
    for (const a of ['dossier.create', 'dossier.submit', 'dossier.return', 'dossier.forward', 'dossier.receive', 'dossier.document_add', 'dossier.document_delete']) {
      expect(actions).toContain(a);
    }
    const forward = rows.find((r) => r.action === 'dossier.forward')!;
    expect(forward.before).toMatchObject({ status: 'submitted' });
    expect(forward.after).toMatchObject({ status: 'forwarded' });
  });
});

describe('access', () => {
  it('another producer gets 404 for the dossier and its documents; officers out of area too', async () => {
    for (const who of [other, otherCommune, haNoi]) {
      expectError(await get(dossierId, who), 404, 'not_found');
      expectError(await t.app.inject({ url: `/api/v1/dossiers/${dossierId}/documents`, headers: who.headers() }), 404, 'not_found');
      expectError(await t.app.inject({ url: `/api/v1/dossiers/${dossierId}/documents/${docId}/file`, headers: who.headers() }), 404, 'not_found');
      expectError(await move(dossierId, who, { action: 'return', comment: 'x', version: 1 }), 404, 'not_found');
    }
    expect(json(await t.app.inject({ url: '/api/v1/dossiers', headers: other.headers() })).items).toEqual([]);
    expect(json(await t.app.inject({ url: '/api/v1/dossiers', headers: haNoi.headers() })).items).toEqual([]);
    expect(json(await t.app.inject({ url: '/api/v1/dossiers', headers: producer.headers() })).total).toBe(1);
    expectError(await create(other, { productId, kind: 'first' }), 400, 'validation_failed');
  });

  it('refuses invalid transitions with 409 and stale versions with 409 conflict', async () => {
    const d = json(await get(dossierId, province));
    expectError(await move(dossierId, producer, { action: 'submit', version: d.version }), 409, 'invalid_transition');
    expectError(await move(dossierId, commune, { action: 'forward', version: d.version, communeAssessment: COMMUNE_ASSESSMENT }), 409, 'invalid_transition');
    expectError(await move(dossierId, province, { action: 'receive', version: d.version }), 409, 'invalid_transition');
    expectError(await move(dossierId, province, { action: 'return', comment: 'Thiếu hồ sơ', version: d.version - 1 }), 409, 'conflict');
  });
});

describe('concurrency', () => {
  it('two transitions with the same version: one wins, the other gets 409 (no lost update)', async () => {
    const p2 = (await buildProduct(t.ctx, { producerId: producer.actor.producerId! })).id;
    expect((await selfAssess(BEST_ANSWERS, p2, [])).statusCode).toBe(200);
    const d = json(await create(producer, { productId: p2, kind: 'first' }));
    for (const docType of ['registration_form', 'business_registration']) {
      expect((await uploadDoc(t.app, d.id, producer.headers(), docType, { name: 'a.pdf', data: PDF })).statusCode).toBe(201);
    }
    const sub = json(await move(d.id, producer, { action: 'submit', version: d.version }));
    const [a, b] = await Promise.all([
      move(d.id, commune, { action: 'forward', version: sub.version, communeAssessment: COMMUNE_ASSESSMENT }),
      move(d.id, province, { action: 'return', comment: 'Trả lại', version: sub.version }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const [row] = await t.deps.database.db.select().from(dossiers).where(eq(dossiers.id, d.id));
    expect(row!.version).toBe(sub.version + 1);
    expect(json(await get(d.id, producer)).timeline.filter((e: { action: string }) => ['forward', 'return'].includes(e.action))).toHaveLength(1);
    // The numbers are sequential per province and year.
    expect(d.number).toMatch(/-000002$/);
  });
});

describe('upgrade', () => {
  it('needs a previous dossier or certificate, carries its documents over and asks only for what changed', async () => {
    const p3 = (await buildProduct(t.ctx, { producerId: producer.actor.producerId! })).id;
    expectError(await create(producer, { productId: p3, kind: 'upgrade' }), 400, 'validation_failed');
    // The first dossier goes through a round and is recognised.
    await inTx(t.ctx, async (tx) => {
      await moveDossier(tx, dossierId, 'assign');
      await moveDossier(tx, dossierId, 'evaluate');
      await moveDossier(tx, dossierId, 'recognise');
    });
    const res = await create(producer, { productId, kind: 'upgrade' });
    expect(res.statusCode, res.body).toBe(201);
    const up = json(res);
    expect(up).toMatchObject({ kind: 'upgrade', previousDossierId: dossierId, status: 'draft' });
    // Documents carried over: the same stored files, marked carried_from.
    const carried = await t.deps.database.db.select().from(dossierDocuments).where(eq(dossierDocuments.dossierId, up.id));
    const originals = await t.deps.database.db.select().from(dossierDocuments).where(eq(dossierDocuments.dossierId, dossierId));
    expect(carried).toHaveLength(originals.length);
    for (const c of carried) {
      const o = originals.find((x) => x.id === c.carriedFrom)!;
      expect(c.storageKey).toBe(o.storageKey);
    }
    expect(up.checklist.items.find((i: { code: string }) => i.code === 'registration_form')).toMatchObject({ satisfied: true, carried: true });
    // Business registration is asked of first evaluations only; the note of changes is what is missing.
    expect(up.checklist.items.map((i: { code: string }) => i.code)).not.toContain('business_registration');
    expect(up.checklist.missing).toEqual(['changes_note']);
    const submitEarly = await move(up.id, producer, { action: 'submit', version: up.version });
    expectError(submitEarly, 409, 'dossier_incomplete');
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/dossiers/${up.id}`, headers: producer.headers(), payload: { changesNote: 'Bao bì mới, đã có kiểm nghiệm định kỳ.' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(json(patched).checklist.complete).toBe(true);
    // Deleting a carried document keeps the previous dossier's file.
    const carriedDoc = carried[0]!;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/dossiers/${up.id}/documents/${carriedDoc.id}`, headers: producer.headers() })).statusCode).toBe(204);
    const stillThere = await t.app.inject({ url: `/api/v1/dossiers/${dossierId}/documents/${carriedDoc.carriedFrom}/file`, headers: producer.headers() });
    expect(stillThere.statusCode).toBe(200);
    // The producer may withdraw before forwarding.
    const w = await move(up.id, producer, { action: 'withdraw', version: json(patched).version });
    expect(json(w).status).toBe('withdrawn');
  });
});

describe('pages', () => {
  it('list, new and detail render for the producer and the commune (with the assessment form)', async () => {
    const list = await t.app.inject({ url: '/admin/dossiers', headers: { cookie: producer.cookie! } });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.body).toContain('HS-38-');
    const fresh = await t.app.inject({ url: '/admin/dossiers/new', headers: { cookie: producer.cookie! } });
    expect(fresh.statusCode, fresh.body).toBe(200);
    const detail = await t.app.inject({ url: `/admin/dossiers/${dossierId}`, headers: { cookie: producer.cookie! } });
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.body).toContain('Đã công nhận');
    const p4 = (await buildProduct(t.ctx, { producerId: producer.actor.producerId! })).id;
    await selfAssess(BEST_ANSWERS, p4, []);
    const d = json(await create(producer, { productId: p4, kind: 'first' }));
    for (const docType of ['registration_form', 'business_registration']) await uploadDoc(t.app, d.id, producer.headers(), docType, { name: 'a.pdf', data: PDF });
    await move(d.id, producer, { action: 'submit', version: d.version });
    const communePage = await t.app.inject({ url: `/admin/dossiers/${d.id}`, headers: { cookie: commune.cookie! } });
    expect(communePage.statusCode, communePage.body).toBe(200);
    expect(communePage.body).toContain('name="localOrigin"');
    expect(communePage.body).toContain('name="samplesReceived"');
    // Forward through the HTML form.
    const fresh2 = json(await get(d.id, commune));
    const form = new URLSearchParams({
      _csrf: commune.csrf!, action: 'forward', version: String(fresh2.version), localOrigin: 'yes', localLabour: 'yes', localIdea: 'no',
      localIdentity: 'yes', report: 'Biên bản xã', samplesReceived: 'on',
    });
    const posted = await t.app.inject({
      method: 'POST', url: `/admin/dossiers/${d.id}/transitions`,
      headers: { cookie: commune.cookie!, 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString(),
    });
    expect(posted.statusCode, posted.body).toBe(303);
    expect(json(await get(d.id, commune))).toMatchObject({ status: 'forwarded', communeAssessment: { localIdea: false, localOrigin: true } });
  });
});
