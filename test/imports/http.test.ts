/** Import and export routes: JSON API and back-office pages (with CSRF on the multipart form). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { makeTaxCode } from '../../src/domain/tax-code';
import { csv } from './fixtures/db';
import { encodeCp1258, multipart } from './fixtures/encode';
import { certifiedCsv } from './fixtures/generate';

const HEADER = 'product_name,product_set,producer_name,producer_kind,tax_code,commune_code,address,stars,decision_number,decision_date,certificate_number,potential_five_star';

let t: TestApp;
let admin: AuthedUser;
let officer: AuthedUser;
let otherOfficer: AuthedUser;
let commune: AuthedUser;

beforeAll(async () => {
  t = await testApp();
  admin = await asUser(t.app, t.deps, { role: 'national_admin' });
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38', login: true });
  otherOfficer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '01' });
  commune = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: '14758' });
});
afterAll(() => t.close());

const upload = (kind: string, headers: Record<string, string>, data: Buffer, name = 'list.csv', fields: Record<string, string> = {}) => {
  const body = multipart(fields, { name, data, type: 'text/csv' });
  return t.app.inject({ method: 'POST', url: `/api/v1/imports/${kind}`, headers: { ...headers, ...body.headers }, payload: body.payload });
};

describe('POST /api/v1/imports/:kind', () => {
  it('imports a file: 200 with job id, row count and summary; the job answers its status', async () => {
    const res = await upload('certified-products', officer.headers(), certifiedCsv(12, { offset: 100 }));
    expect(res.statusCode, res.body).toBe(200);
    const body = json(res);
    expect(body).toMatchObject({ kind: 'certified-products', rows: 12, summary: { certificatesCreated: 12 } });
    const job = json(await t.app.inject({ url: `/api/v1/imports/${body.jobId}`, headers: officer.headers() }));
    expect(job).toMatchObject({ id: body.jobId, status: 'succeeded', totalRows: 12, processedRows: 12, errorCount: 0, stale: false });
    expect(json(await t.app.inject({ url: `/api/v1/imports/${body.jobId}`, headers: admin.headers() })).id).toBe(body.jobId);
    expectError(await t.app.inject({ url: `/api/v1/imports/${body.jobId}`, headers: otherOfficer.headers() }), 404, 'not_found');
    const list = json(await t.app.inject({ url: '/api/v1/imports', headers: officer.headers() }));
    expect(list.items.map((j: { id: string }) => j.id)).toContain(body.jobId);
  });

  it('422 import_failed lists every bad row as a "row N.column" field, nothing written', async () => {
    const res = await upload('certified-products', admin.headers({ 'accept-language': 'en' }), csv([
      HEADER,
      `Bánh,6,Cơ sở A,hộ kinh doanh,12345,14758,,3,1/QĐ-UBND,01/09/2025,,`,
      `Bánh 2,6,Cơ sở B,hộ kinh doanh,,14758,,7,1/QĐ-UBND,01/09/2025,,`,
    ]));
    const err = expectError(res, 422, 'import_failed');
    expect(Object.keys(err.fields!)).toEqual(['row 2.tax_code', 'row 3.stars']);
    expect(err.message).toMatch(/^2 /);
    // The same errors, structured, for clients that build their own report.
    const details = json(res).error.details;
    expect(details.jobId).toEqual(expect.any(String));
    expect(details.rows).toEqual([
      expect.objectContaining({ row: 2, field: 'tax_code', message: expect.any(String) }),
      expect.objectContaining({ row: 3, field: 'stars', message: expect.any(String) }),
    ]);
  });

  it('415 for a file that is not a spreadsheet, and for a file that is not UTF-8', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expectError(await upload('producers', admin.headers(), png, 'x.png'), 415, 'unsupported_media_type');
    const res = await upload('producers', admin.headers(), encodeCp1258('Tên chủ thể,Loại hình,Mã xã\r\nHợp tác xã,htx,14758\r\n'));
    const err = expectError(res, 415, 'unsupported_media_type');
    expect(err.message).toContain('UTF-8');
  });

  it('413 for a file over the limit', async () => {
    const big = Buffer.alloc(26 * 1024 * 1024, 0x41);
    expectError(await upload('producers', admin.headers(), big), 413, 'payload_too_large');
  });

  it('400 without a file and for an unknown kind; criteria: 422 for an empty JSON file, 415 for a CSV', async () => {
    const empty = multipart({ note: 'x' });
    expectError(await t.app.inject({ method: 'POST', url: '/api/v1/imports/producers', headers: { ...admin.headers(), ...empty.headers }, payload: empty.payload }), 400, 'validation_failed');
    expectError(await upload('dossiers', admin.headers(), csv(['a'])), 400, 'validation_failed');
    const crit = expectError(await upload('criteria', admin.headers(), Buffer.from('{}'), 'c.json'), 422, 'import_failed');
    expect(Object.keys(crit.fields!)).toEqual(['version', 'sheets']);
    expect(expectError(await upload('criteria', admin.headers(), csv(['code'])), 415, 'unsupported_media_type').message).toContain('JSON');
  });

  it('401 anonymous, 403 for other roles, 415 for a JSON body', async () => {
    expectError(await upload('producers', {}, csv(['name'])), 401, 'unauthenticated');
    expectError(await upload('producers', commune.headers(), csv(['name'])), 403, 'forbidden');
    expectError(await upload('areas', officer.headers(), csv(['code,name,level', '97,X,province'])), 403, 'forbidden');
    expectError(await t.app.inject({ method: 'POST', url: '/api/v1/imports/producers', headers: admin.headers(), payload: { file: 'x' } }), 415, 'unsupported_media_type');
  });

  it('with a session cookie the API needs the x-csrf-token header', async () => {
    const data = csv([HEADER, `Chè xanh,11,Cơ sở Chè,hộ kinh doanh,,14758,,3,5/QĐ-UBND,01/09/2025,,`]);
    expectError(await upload('certified-products', { cookie: officer.cookie! }, data), 403, 'csrf_failed');
    expect((await upload('certified-products', officer.sessionHeaders(), data)).statusCode).toBe(200);
  });
});

describe('templates and exports', () => {
  it('serves templates as downloads', async () => {
    const res = await t.app.inject({ url: '/api/v1/imports/templates/certified-products?format=xlsx', headers: officer.headers() });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="ocop-certified-products-template.xlsx"');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const csvRes = await t.app.inject({ url: '/api/v1/imports/templates/producers?format=csv', headers: officer.headers() });
    expect(csvRes.headers['content-type']).toBe('text/csv; charset=utf-8');
    expectError(await t.app.inject({ url: '/api/v1/imports/templates/producers?format=pdf', headers: officer.headers() }), 400, 'validation_failed');
    expectError(await t.app.inject({ url: '/api/v1/imports/templates/producers' }), 401, 'unauthenticated');
  });

  it('exports within the caller area', async () => {
    await upload('certified-products', admin.headers(), csv([HEADER, `Trà Tây Hồ,11,Công ty Trà,doanh nghiệp,${makeTaxCode(70_000_001)},00070,,4,9/QĐ-UBND,01/09/2025,,`]));
    const th = await t.app.inject({ url: '/api/v1/exports/certified-products?format=csv', headers: officer.headers() });
    expect(th.statusCode).toBe(200);
    expect(th.body).not.toContain('Trà Tây Hồ');
    const all = await t.app.inject({ url: '/api/v1/exports/certified-products?format=csv', headers: admin.headers() });
    expect(all.body).toContain('Trà Tây Hồ');
    const xlsx = await t.app.inject({ url: '/api/v1/exports/producers?format=xlsx', headers: commune.headers() });
    expect(xlsx.statusCode).toBe(200);
    expectError(await t.app.inject({ url: '/api/v1/exports/areas', headers: admin.headers() }), 400, 'validation_failed');
  });
});

describe('back-office pages', () => {
  const form = (fields: Record<string, string>, data?: Buffer, headers: Record<string, string> = {}) => {
    const body = multipart(fields, data ? { name: 'ds.csv', data, type: 'text/csv' } : undefined);
    return t.app.inject({
      method: 'POST', url: '/admin/imports',
      headers: { cookie: officer.cookie!, accept: 'text/html', ...body.headers, ...headers }, payload: body.payload,
    });
  };

  it('shows the upload form with templates and recent jobs', async () => {
    const res = await t.app.inject({ url: '/admin/imports', headers: { cookie: officer.cookie!, accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('enctype="multipart/form-data"');
    expect(res.body).toContain(`name="_csrf" value="${officer.csrf}"`);
    expect(res.body).toContain('/api/v1/imports/templates/certified-products?format=xlsx');
    expect(res.body).not.toContain('value="areas"');
    const anon = await t.app.inject({ url: '/admin/imports', headers: { accept: 'text/html' } });
    expect(anon.statusCode).toBe(303);
  });

  it('refuses the form without the CSRF token (multipart field _csrf)', async () => {
    const data = csv([HEADER, `Chè đen,11,Cơ sở Chè đen,hộ kinh doanh,,14758,,3,6/QĐ-UBND,01/09/2025,,`]);
    expect((await form({ kind: 'certified-products' }, data)).statusCode).toBe(403);
    expect((await form({ kind: 'certified-products', _csrf: 'wrong-token-wrong-token' }, data)).statusCode).toBe(403);
  });

  it('imports and redirects to the job page with the summary', async () => {
    const data = csv([HEADER, `Chè đen,11,Cơ sở Chè đen,hộ kinh doanh,,14758,,3,6/QĐ-UBND,01/09/2025,,`]);
    const res = await form({ _csrf: officer.csrf!, kind: 'certified-products' }, data);
    expect(res.statusCode).toBe(303);
    const location = res.headers.location as string;
    expect(location).toMatch(/^\/admin\/imports\/[0-9a-f-]{36}$/);
    const page = await t.app.inject({ url: location, headers: { cookie: officer.cookie!, accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Đã nhập thành công 1 dòng.');
    expect(page.headers.refresh).toBeUndefined();
  });

  it('shows every row error in a table, nothing imported', async () => {
    const data = csv([
      HEADER,
      `<b>Chè</b>,11,Cơ sở Chè,hộ kinh doanh,,99999,,3,6/QĐ-UBND,01/09/2025,,`,
      `Chè 2,11,Cơ sở Chè,hộ kinh doanh,,00070,,3,6/QĐ-UBND,01/09/2025,,`,
    ]);
    const res = await form({ _csrf: officer.csrf!, kind: 'certified-products' }, data);
    const page = await t.app.inject({ url: res.headers.location as string, headers: { cookie: officer.cookie!, accept: 'text/html' } });
    expect(page.body).toContain('không dòng nào được nhập');
    expect(page.body).toContain('không có xã mã &quot;99999&quot;');
    expect(page.body).toContain('ngoài phạm vi quản lý của bạn');
    expect(page.body).toContain('<code>commune_code</code>');
  });

  it('re-renders the form with errors when the kind or file is missing', async () => {
    const res = await form({ _csrf: officer.csrf! });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Vui lòng chọn loại dữ liệu.');
    expect(res.body).toContain('Vui lòng chọn tệp cần nhập.');
  });

  it('another officer cannot see the job page', async () => {
    const data = csv([HEADER, `Chè vàng,11,Cơ sở Chè vàng,hộ kinh doanh,,14758,,3,8/QĐ-UBND,01/09/2025,,`]);
    const res = await form({ _csrf: officer.csrf!, kind: 'certified-products' }, data);
    const other = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38', login: true });
    const page = await t.app.inject({ url: res.headers.location as string, headers: { cookie: other.cookie!, accept: 'text/html' } });
    expect(page.statusCode).toBe(404);
  });
});
