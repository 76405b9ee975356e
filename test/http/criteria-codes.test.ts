/**
 * Field errors of the rulebook, the imports and the portal are codes with parameters: the API
 * answers English `fields` plus `fieldCodes`, and Vietnamese pages show the Vietnamese text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { multipart } from '../imports/fixtures/encode';
import { PORTAL_NOW, seedPortalCatalogue } from '../helpers/portal-fixtures';

let t: TestApp;
let admin: AuthedUser;

beforeAll(async () => {
  t = await testApp();
  admin = await asUser(t.app, t.deps, { role: 'national_admin', login: true });
});
afterAll(() => t.close());

type ErrorWithCodes = { fields?: Record<string, string>; fieldCodes?: Record<string, string> };

describe('criteria field codes', () => {
  it('publishing an empty draft answers the integrity findings as codes, worded in English', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/criteria/148-2023/sets/11/drafts', headers: admin.headers(), payload: {} });
    expect(res.statusCode, res.body).toBe(201);
    const err = expectError(await t.app.inject({ method: 'POST', url: `/api/v1/criteria/sheets/${json(res).id}/publish`, headers: admin.headers() }), 400, 'validation_failed') as ErrorWithCodes;
    expect(err.fieldCodes).toEqual({ A: 'criteria.part_total_mismatch', B: 'criteria.part_total_mismatch', C: 'criteria.part_total_mismatch' });
    expect(err.fields!.A).toBe('the best options of part A add up to 0, not 40');
  });

  it('a draft for a set outside the classification names the version', async () => {
    const err = expectError(await t.app.inject({ method: 'POST', url: '/api/v1/criteria/148-2023/sets/27/drafts', headers: admin.headers(), payload: {} }), 400, 'validation_failed') as ErrorWithCodes;
    expect(err).toMatchObject({ fields: { productSetCode: 'not a product set of 148-2023' }, fieldCodes: { productSetCode: 'criteria.not_a_product_set' } });
  });

  it('the sheet editor shows a bad number in Vietnamese', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/criteria/148-2023/sets/12/drafts', headers: admin.headers(), payload: {} });
    const draft = json(created);
    const put = await t.app.inject({
      method: 'PUT', url: `/api/v1/criteria/sheets/${draft.id}`, headers: admin.headers(),
      payload: { parts: [{ code: 'A', title: 'A', maxPoints: 40, children: [{ code: 'A.1', kind: 'criterion', title: 'x', options: [{ code: 'A.1.o1', text: 'x', points: 1 }] }] }] },
    });
    expect(put.statusCode, put.body).toBe(200);
    const bad = await t.app.inject({
      method: 'POST', url: `/admin/criteria/sheets/${draft.id}/edit`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: admin.cookie! }, payload: `_csrf=${admin.csrf}&points:A.1.o1=nhi%E1%BB%81u`,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Điểm phải là số từ 0 đến 100.');
    expect(bad.body).not.toContain('points 0–100');
    // The integrity findings of the draft, in Vietnamese.
    expect(bad.body).toContain('thiếu phần B');
  });
});

describe('import field codes', () => {
  it('a missing file is a code; a failed import carries its findings under one code', async () => {
    const empty = multipart({});
    const none = expectError(await t.app.inject({ method: 'POST', url: '/api/v1/imports/products?lang=en', headers: { ...admin.headers(), ...empty.headers }, payload: empty.payload }), 400, 'validation_failed') as ErrorWithCodes;
    expect(none).toMatchObject({ fields: { file: 'Please choose a file to import.' }, fieldCodes: { file: 'import.file_required' } });

    const body = multipart({}, { name: 'p.csv', data: Buffer.from('product_name,product_set,producer_tax_code\nMật ong,999,2800123453\n'), type: 'text/csv' });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/imports/products?lang=en', headers: { ...admin.headers(), ...body.headers }, payload: body.payload });
    const err = expectError(res, 422, 'import_failed') as ErrorWithCodes;
    expect(err.fields!['row 2.product_set']).toMatch(/no product set "999"/);
    expect(err.fieldCodes!['row 2.product_set']).toBe('import.finding');
  });
});

describe('portal field codes', () => {
  it('a QR size out of range is a code, worded as before', async () => {
    const portal = await testApp({ clock: () => PORTAL_NOW });
    try {
      const cat = await seedPortalCatalogue(portal);
      const res = await portal.app.inject({ url: `/api/v1/catalogue/products/${cat.ids.honeyMeoVac}/qr.svg?size=9000px`, remoteAddress: '10.2.0.9' });
      const err = expectError(res, 400, 'validation_failed') as ErrorWithCodes;
      expect(err).toMatchObject({ fields: { size: 'out of range' }, fieldCodes: { size: 'qr.size_out_of_range' } });
    } finally {
      await portal.close();
    }
  }, 60_000);
});

describe('import refusals on the upload form', () => {
  it('a province officer choosing criteria sees why, in Vietnamese, at the kind field', async () => {
    const officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38', login: true });
    const body = multipart({ _csrf: officer.csrf!, kind: 'criteria' }, { name: 'a.json', data: Buffer.from('{}'), type: 'application/json' });
    const res = await t.app.inject({ method: 'POST', url: '/admin/imports', headers: { cookie: officer.cookie!, ...body.headers }, payload: body.payload });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Chỉ quản trị viên cấp quốc gia được nhập bộ tiêu chí.');
    const api = multipart({}, { name: 'a.json', data: Buffer.from('{}'), type: 'application/json' });
    const err = expectError(await t.app.inject({ method: 'POST', url: '/api/v1/imports/criteria', headers: { ...officer.headers(), ...api.headers }, payload: api.payload }), 403, 'forbidden') as ErrorWithCodes & { message: string };
    expect(err.message).toBe('Only national administrators import criteria.');
    expect(err.fieldCodes).toEqual({ kind: 'import.criteria_admin_only' });
  });
});
