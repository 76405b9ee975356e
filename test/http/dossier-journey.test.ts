/**
 * The producer's dossier journey as the pages show it (issue 12, defect 8): blank and prefilled
 * forms 01/02, a specific message when no product is chosen, one-tap upload markup, a refused
 * file told once with the accepted types and the limit, what happens next after submitting (who
 * and by when), the regime named by its decision, people's names in the timeline, and the
 * producer's dashboard listing their dossiers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, asUser, json, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS, buildProduct } from '../helpers/builders';
import { BEST_ANSWERS, publishTestSheet } from '../helpers/sheets';
import { PDF } from '../helpers/dossier-fixtures';
import { multipart } from '../imports/fixtures/encode';

let t: TestApp;
let producer: AuthedUser;
let stranger: AuthedUser;
let commune: AuthedUser;
let productId: string;
let dossierId = '';
let dossierNumber = '';

/** 6 December 2026, 12:00 in Vietnam: Decision 26/2026 in force, next provincial cut-off 30/12/2026. */
const NOW = new Date('2026-12-06T05:00:00Z');

beforeAll(async () => {
  t = await testApp({ clock: () => NOW });
  await publishTestSheet(t.ctx);
  producer = await asUser(t.app, t.deps, { role: 'producer', login: true, displayName: 'Chị Hà Thị Mai' });
  stranger = await asUser(t.app, t.deps, { role: 'producer', login: true });
  commune = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong, login: true, displayName: 'Anh Lê Văn Xã' });
  productId = (await buildProduct(t.ctx, { producerId: producer.actor.producerId!, name: 'Mắm tép Hàm Rồng' })).id;
});
afterAll(() => t?.close());

const page = (url: string, who: AuthedUser) => t.app.inject({ url, headers: { cookie: who.cookie! } });
const postForm = (url: string, who: AuthedUser, fields: Record<string, string>) => t.app.inject({
  method: 'POST', url, headers: { cookie: who.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams({ _csrf: who.csrf!, ...fields }).toString(),
});
const uploadPage = (who: AuthedUser, docType: string, file: { name: string; data: Buffer; type?: string }) => {
  const body = multipart({ _csrf: who.csrf!, docType }, file);
  return t.app.inject({ method: 'POST', url: `/admin/dossiers/${dossierId}/documents`, headers: { cookie: who.cookie!, ...body.headers }, payload: body.payload });
};
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe('opening a dossier', () => {
  it('asks to choose a product when none is chosen, not "Giá trị không hợp lệ"', async () => {
    const res = await postForm('/admin/dossiers', producer, { productId: '', kind: 'first' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Chọn sản phẩm cần lập hồ sơ.');
    expect(res.body).not.toContain('Giá trị không hợp lệ');
  });

  it('offers the blank forms 01 and 02 of the regime in force, as PDFs', async () => {
    const res = await page('/admin/dossiers/new', producer);
    expect(res.body).toContain('href="/admin/dossiers/forms/01.pdf"');
    expect(res.body).toContain('href="/admin/dossiers/forms/02.pdf"');
    expect(res.body).toContain('Quyết định 26/2026/QĐ-TTg');
    for (const f of ['01', '02']) {
      const pdf = await page(`/admin/dossiers/forms/${f}.pdf`, producer);
      expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.headers['content-disposition']).toContain(`mau-${f}-trong.pdf`);
    }
    expect((await page('/admin/dossiers/forms/03.pdf', producer)).statusCode).toBe(400);
  });

  it('creates the dossier, whose page names the regime by its decision and prefills the forms', async () => {
    const res = await postForm('/admin/dossiers', producer, { productId, kind: 'first' });
    expect(res.statusCode, res.body).toBe(303);
    dossierId = res.headers.location!.split('/').pop()!;
    const d = json(await t.app.inject({ url: `/api/v1/dossiers/${dossierId}`, headers: producer.headers() }));
    dossierNumber = d.number;
    expect(d.regimeName).toBe('Quyết định 26/2026/QĐ-TTg (22/05/2026)');
    const html = (await page(`/admin/dossiers/${dossierId}`, producer)).body;
    expect(html).toContain('Quyết định 26/2026/QĐ-TTg');
    expect(html).not.toMatch(/<dd[^>]*>\s*26-2026\s*</);
    expect(html).toContain(`href="/admin/dossiers/${dossierId}/forms/01.pdf"`);
    const blank = await page('/admin/dossiers/forms/01.pdf', producer);
    const filled = await page(`/admin/dossiers/${dossierId}/forms/01.pdf`, producer);
    expect(filled.statusCode).toBe(200);
    expect(filled.headers['content-disposition']).toContain(`mau-01-${dossierNumber}.pdf`);
    // The producer, product and commune are written in: more text than the blank form.
    expect(filled.rawPayload.length).toBeGreaterThan(blank.rawPayload.length);
    expect((await page(`/admin/dossiers/${dossierId}/forms/02.pdf`, producer)).statusCode).toBe(200);
    // Someone who may not read the dossier does not get its forms.
    expect((await page(`/admin/dossiers/${dossierId}/forms/01.pdf`, stranger)).statusCode).toBe(404);
  });
});

describe('uploading', () => {
  it('marks each upload form for one-tap sending, keeps the button for pages without script, and says the types and limit', async () => {
    const html = (await page(`/admin/dossiers/${dossierId}`, producer)).body;
    const form = html.match(/<form[^>]*data-upload-auto[^>]*>[\s\S]*?<\/form>/)?.[0] ?? '';
    expect(form).toContain('name="docType" value="registration_form"');
    expect(form).toMatch(/type="file"[^>]*id="field-upload-registration_form"/);
    expect(form).toContain('type="submit"');
    expect(form).toContain('Nhận tệp PDF, JPEG, PNG, WebP, tối đa 10 MB.');
  });

  it('tells a refused file type once, naming the file, the accepted types and the size limit', async () => {
    const res = await uploadPage(producer, 'business_registration', { name: 'giay-phep.docx', data: Buffer.from('PK\u0003\u0004 not a pdf'), type: 'application/pdf' });
    expect(res.statusCode).toBe(415);
    const message = 'Tệp “giay-phep.docx” không phải PDF, JPEG, PNG, WebP. Hãy chọn tệp PDF, JPEG, PNG, WebP, tối đa 10 MB.';
    expect(count(res.body, message)).toBe(1);
    expect(res.body).toContain('Bản sao giấy đăng ký kinh doanh: ');
    expect(res.body).toContain('href="#field-upload-business_registration"');
    expect(res.body).not.toContain('Định dạng tệp không được hỗ trợ');
  });

  it('accepts the documents through the page', async () => {
    for (const docType of ['registration_form', 'business_registration']) {
      const res = await uploadPage(producer, docType, { name: `${docType}.pdf`, data: PDF, type: 'application/pdf' });
      expect(res.statusCode, res.body).toBe(303);
    }
  });
});

describe('after submitting', () => {
  it('says what happens next, who processes it and by when', async () => {
    await t.app.inject({ method: 'PUT', url: `/api/v1/products/${productId}/self-assessment`, headers: producer.headers(), payload: { options: BEST_ANSWERS, knockOuts: [], left: [] } });
    const d = json(await t.app.inject({ url: `/api/v1/dossiers/${dossierId}`, headers: producer.headers() }));
    const res = await postForm(`/admin/dossiers/${dossierId}/transitions`, producer, { action: 'submit', version: String(d.version) });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toContain('done=submit');
    const html = (await page(res.headers.location!, producer)).body;
    expect(html).toContain(`Đã nộp hồ sơ ${dossierNumber}`);
    expect(html).toMatch(/Ủy ban nhân dân [^<]+ kiểm tra hồ sơ/);
    expect(html).toContain('Hạn chót nhận hồ sơ của đợt đánh giá cấp tỉnh tiếp theo: 30/12/2026');
    const api = json(await t.app.inject({ url: `/api/v1/dossiers/${dossierId}`, headers: producer.headers() }));
    expect(api.nextStep).toEqual({ side: 'commune', level: 'province', cutoff: '2026-12-30' });
  });

  it('shows people by their names in the timeline, not their logins', async () => {
    const d = json(await t.app.inject({ url: `/api/v1/dossiers/${dossierId}`, headers: commune.headers() }));
    const back = await postForm(`/admin/dossiers/${dossierId}/transitions`, commune, { action: 'return', version: String(d.version), comment: 'Bổ sung bản chụp rõ hơn' });
    expect(back.statusCode, back.body).toBe(303);
    const html = (await page(`/admin/dossiers/${dossierId}`, producer)).body;
    const timeline = html.slice(html.indexOf('class="timeline"'));
    expect(timeline).toContain('Chị Hà Thị Mai');
    expect(timeline).toContain('Anh Lê Văn Xã');
    expect(timeline).not.toContain(producer.username);
    expect(timeline).not.toContain(commune.username);
  });

  it('lists the producer\'s dossiers with status and next step on their dashboard', async () => {
    const html = (await page('/admin', producer)).body;
    expect(html).toContain('Hồ sơ đánh giá của tôi');
    expect(html).toContain(`href="/admin/dossiers/${dossierId}"`);
    expect(html).toContain('Trả lại để bổ sung');
    expect(html).toContain('Bạn: bổ sung và nộp lại');
    // Another producer sees none of it.
    const other = (await page('/admin', stranger)).body;
    expect(other).not.toContain(dossierNumber);
    expect(other).toContain('Chưa có hồ sơ nào.');
  });
});
