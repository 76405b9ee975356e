/**
 * Field errors of dossiers and self-assessments as codes: the API keeps the English text per
 * field and adds the code; the Vietnamese pages show the translation, never the English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS, buildProduct } from '../helpers/builders';
import { BEST_ANSWERS, publishTestSheet } from '../helpers/sheets';
import { PDF, uploadDoc } from '../helpers/dossier-fixtures';

let t: TestApp;
let producer: AuthedUser;
let commune: AuthedUser;

beforeAll(async () => {
  t = await testApp();
  await publishTestSheet(t.ctx);
  producer = await asUser(t.app, t.deps, { role: 'producer', login: true });
  commune = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong, login: true });
});
afterAll(() => t?.close());

const api = (method: 'GET' | 'POST' | 'PUT', url: string, who: AuthedUser, payload?: Record<string, unknown>) =>
  t.app.inject({ method, url, headers: who.headers(), ...(payload ? { payload } : {}) });
const postForm = (url: string, who: AuthedUser, fields: Record<string, string>) => t.app.inject({
  method: 'POST', url, headers: { cookie: who.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams({ _csrf: who.csrf!, ...fields }).toString(),
});

interface CodedError { fields?: Record<string, string>; fieldCodes?: Record<string, string> }

describe('dossier field errors', () => {
  let submitted = { id: '', version: 0 };

  it('an upgrade without a previous dossier or certificate: the English message and its code', async () => {
    const productId = (await buildProduct(t.ctx, { producerId: producer.actor.producerId! })).id;
    const e = expectError(await api('POST', '/api/v1/dossiers', producer, { productId, kind: 'upgrade' }), 400, 'validation_failed') as CodedError;
    expect(e.fields).toEqual({ kind: 'an upgrade or re-evaluation needs the product\'s previous dossier or its active certificate' });
    expect(e.fieldCodes).toEqual({ kind: 'dossier.no_previous' });
    const unknown = expectError(await api('POST', '/api/v1/dossiers', producer, { productId: '00000000-0000-4000-8000-000000000001', kind: 'first' }), 400, 'validation_failed') as CodedError;
    expect(unknown.fields).toEqual({ productId: 'unknown product' });
    expect(unknown.fieldCodes).toEqual({ productId: 'dossier.unknown_product' });
  });

  it('an upload without a file or of an unknown document type', async () => {
    const productId = (await buildProduct(t.ctx, { producerId: producer.actor.producerId! })).id;
    const d = json(await api('POST', '/api/v1/dossiers', producer, { productId, kind: 'first' }));
    const e = expectError(await uploadDoc(t.app, d.id, producer.headers(), 'no_such_doc', { name: 'a.pdf', data: PDF }), 400, 'validation_failed') as CodedError;
    expect(e.fieldCodes).toEqual({ docType: 'dossier.doc_type' });
    expect(e.fields?.docType).toMatch(/^one of: .*registration_form/);
  });

  it('forwarding without the commune assessment, over the API and on the Vietnamese page', async () => {
    const productId = (await buildProduct(t.ctx, { producerId: producer.actor.producerId! })).id;
    await api('PUT', `/api/v1/products/${productId}/self-assessment`, producer, { options: BEST_ANSWERS, knockOuts: [], left: [] });
    const d = json(await api('POST', '/api/v1/dossiers', producer, { productId, kind: 'first' }));
    for (const docType of ['registration_form', 'business_registration']) await uploadDoc(t.app, d.id, producer.headers(), docType, { name: 'a.pdf', data: PDF });
    const s = json(await api('POST', `/api/v1/dossiers/${d.id}/transitions`, producer, { action: 'submit', version: d.version }));
    submitted = { id: d.id, version: s.version };
    const e = expectError(await api('POST', `/api/v1/dossiers/${d.id}/transitions`, commune, { action: 'forward', version: s.version }), 400, 'validation_failed') as CodedError;
    expect(e.fields?.['communeAssessment.samplesReceived']).toBe('the 5 product samples must be received before forwarding');
    expect(e.fields?.['communeAssessment.report']).toBe('required');
    expect(e.fieldCodes?.['communeAssessment.samplesReceived']).toBe('dossier.samples_not_received');
    expect(e.fieldCodes?.['communeAssessment.report']).toBe('dossier.assessment_required');

    const page = await postForm(`/admin/dossiers/${d.id}/transitions`, commune, { action: 'forward', version: String(s.version) });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Cần nhận đủ 05 sản phẩm mẫu trước khi chuyển hồ sơ lên tỉnh.');
    expect(page.body).not.toContain('must be received');
  });

  it('returning without a comment: "required" in the API, a Vietnamese sentence on the page', async () => {
    const e = expectError(await api('POST', `/api/v1/dossiers/${submitted.id}/transitions`, commune, { action: 'return', version: submitted.version }), 400, 'validation_failed') as CodedError;
    expect(e.fields).toEqual({ comment: 'required' });
    expect(e.fieldCodes).toEqual({ comment: 'dossier.comment_required' });
    const page = await postForm(`/admin/dossiers/${submitted.id}/transitions`, commune, { action: 'return', version: String(submitted.version) });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Hãy ghi ý kiến khi trả lại hồ sơ.');
  });

  it('submitting an incomplete dossier through the page lists the missing documents by their Vietnamese titles', async () => {
    const productId = (await buildProduct(t.ctx, { producerId: producer.actor.producerId! })).id;
    const d = json(await api('POST', '/api/v1/dossiers', producer, { productId, kind: 'first' }));
    const page = await postForm(`/admin/dossiers/${d.id}/transitions`, producer, { action: 'submit', version: String(d.version) });
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain('href="#field-doc-business_registration">Bản sao giấy đăng ký kinh doanh');
    expect(page.body).toContain('Hồ sơ chưa đủ thành phần bắt buộc.');
    // The checklist's self-assessment note is translated too.
    expect(page.body).toContain('Chưa lưu phiếu tự đánh giá trên bộ tiêu chí đang áp dụng.');
    expect(page.body).not.toContain('not_saved');
  });
});

describe('self-assessment field errors', () => {
  it('unknown options and unknown criteria left: English with the codes, Vietnamese on the page', async () => {
    const productId = (await buildProduct(t.ctx, { producerId: producer.actor.producerId! })).id;
    const url = `/api/v1/products/${productId}/self-assessment`;
    const e = expectError(await api('PUT', url, producer, { options: ['Z.9.9.o1'], knockOuts: [] }), 400, 'validation_failed') as CodedError;
    expect(e.fields).toEqual({ options: 'unknown_option: Z.9.9.o1' });
    expect(e.fieldCodes).toEqual({ options: 'self_assessment.unknown_option' });
    const left = expectError(await api('PUT', url, producer, { options: [], knockOuts: [], left: ['Q.7'] }), 400, 'validation_failed') as CodedError;
    expect(left.fields).toEqual({ left: 'unknown criteria: Q.7' });
    expect(left.fieldCodes).toEqual({ left: 'self_assessment.unknown_criteria' });
    const page = await postForm(`/admin/products/${productId}/self-assessment`, producer, { 'option:Z.9.9': 'Z.9.9.o1' });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Phương án không có trong phiếu: Z.9.9.o1.');
  });
});
