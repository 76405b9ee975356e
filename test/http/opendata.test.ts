/**
 * Open data: the certified products as CSV, JSON and XLSX with their licence (CC BY 4.0), public
 * facts only, formula-injection safe, rebuilt when a certificate changes, rate-limited per IP,
 * described on /du-lieu-mo and in the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { testApp, asUser, json, expectError, type TestApp } from '../helpers/app';
import { NAMES, PORTAL_NOW, seedPortalCatalogue, type PortalCatalogue } from '../helpers/portal-fixtures';
import { updateProduct } from '../../src/modules/registry/product.service';
import { OPEN_FIELDS } from '../../src/modules/portal/opendata.service';

const BASE = 'https://ocop.example.vn';
const FORMULA = '=HYPERLINK("http://evil.example","Mật ong")';
let t: TestApp;
let cat: PortalCatalogue;

beforeAll(async () => {
  t = await testApp({ clock: () => PORTAL_NOW, env: { PUBLIC_BASE_URL: BASE } });
  cat = await seedPortalCatalogue(t);
  await updateProduct(t.ctx, cat.ids.tea, { name: FORMULA });
}, 60_000);
afterAll(() => t?.close());

let ip = 0;
const download = (format: string, headers: Record<string, string> = {}) =>
  t.app.inject({ url: `/api/v1/open-data/certified-products.${format}`, headers, remoteAddress: `10.3.0.${++ip % 200}` });

/** Minimal RFC 4180 reader (quoted fields, doubled quotes). */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = []; let cell = ''; let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n') { row.push(cell.replace(/\r$/, '')); out.push(row); row = []; cell = ''; } else cell += c;
  }
  return out;
}

describe('downloads', () => {
  it('CSV: UTF-8 with BOM, stable columns, one row per product certified today, licence in a Link header', async () => {
    const res = await download('csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers.link).toContain('<https://creativecommons.org/licenses/by/4.0/>; rel="license"');
    expect(res.headers['content-disposition']).toContain('ocop-san-pham-chung-nhan-2026-07-02.csv');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(res.rawPayload.toString('utf8').slice(1));
    expect(rows[0]).toEqual([...OPEN_FIELDS]);
    expect(rows).toHaveLength(9);
    const col = (name: string) => OPEN_FIELDS.indexOf(name as (typeof OPEN_FIELDS)[number]);
    const meoVac = rows.find((r) => r[col('product_name')] === NAMES.honeyMeoVac)!;
    expect(meoVac[col('certificate_number')]).toBe('OCOP-08-2025-00001');
    expect(meoVac[col('stars')]).toBe('4');
    expect(meoVac[col('valid_until')]).toBe('2028-09-09');
    expect(meoVac[col('verify_url')]).toBe(`${BASE}/v/OCOP-08-2025-00001`);
    expect(meoVac[col('product_url')]).toMatch(new RegExp(`^${BASE}/san-pham/mat-ong-bac-ha-meo-vac-`));
    const names = rows.map((r) => r[col('product_name')]);
    for (const hidden of [NAMES.expired, NAMES.revoked, NAMES.uncertified]) expect(names).not.toContain(hidden);
    // A name a spreadsheet would run as a formula is neutralised.
    expect(names).toContain(`'${FORMULA}`);
    expect(res.body).not.toMatch(/38500000\d/); // no tax codes
  });

  it('JSON: licence, date and camelCase items', async () => {
    const res = await download('json');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = json(res);
    expect(body).toMatchObject({ asOf: '2026-07-02', count: 8, licence: { id: 'CC-BY-4.0', url: 'https://creativecommons.org/licenses/by/4.0/' }, source: `${BASE}/du-lieu-mo` });
    expect(body.items).toHaveLength(8);
    expect(Object.keys(body.items[0])).toEqual(body.fields);
    expect(body.items.find((i: { productName: string }) => i.productName === NAMES.turmericHoney)).toMatchObject({
      producerKind: 'cooperative_group', provinceCode: '01', stars: 3, isSample: false,
    });
  });

  it('XLSX: the data sheet and a licence sheet', async () => {
    const res = await download('xlsx');
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const [data, licence] = wb.worksheets;
    expect(data!.name).toBe('san-pham-ocop');
    expect(data!.rowCount).toBe(9);
    expect(data!.getRow(1).getCell(1).value).toBe('certificate_number');
    const values = data!.getColumn(OPEN_FIELDS.indexOf('product_name') + 1).values.map(String);
    expect(values).toContain(`'${FORMULA}`);
    expect(licence!.name).toBe('giay-phep');
    expect(JSON.stringify(licence!.getSheetValues())).toContain('CC BY 4.0');
  });

  it('answers 304 to If-None-Match and rebuilds as soon as a certificate is revoked', async () => {
    const first = await download('json');
    const etag = first.headers.etag as string;
    expect((await download('json', { 'if-none-match': etag })).statusCode).toBe(304);
    const officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38' });
    const r = await t.app.inject({
      method: 'POST', url: '/api/v1/certificates/OCOP-38-2025-00003/revoke', headers: officer.headers(),
      payload: { reason: 'Hậu kiểm', legalBasis: 'Điều 10 Quyết định 26/2026/QĐ-TTg' },
    });
    expect(r.statusCode, r.body).toBe(200);
    const after = await download('json', { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(json(after).count).toBe(7);
    expect(after.body).not.toContain(NAMES.fishSauce);
  });

  it('limits downloads per IP (429) without touching other IPs', async () => {
    let last = 0;
    for (let i = 0; i < 21; i++) last = (await t.app.inject({ url: '/api/v1/open-data/certified-products.csv', remoteAddress: '10.4.4.4' })).statusCode;
    expect(last).toBe(429);
    expectError(await t.app.inject({ url: '/api/v1/open-data/certified-products.csv', remoteAddress: '10.4.4.4' }), 429, 'rate_limited');
    expect((await t.app.inject({ url: '/api/v1/open-data/certified-products.csv', remoteAddress: '10.4.4.5' })).statusCode).toBe(200);
  });
});

describe('description', () => {
  it('the API describes the dataset, and every open-data route is in the OpenAPI document', async () => {
    const meta = json(await t.app.inject({ url: '/api/v1/open-data' }));
    expect(meta.licence.id).toBe('CC-BY-4.0');
    expect(meta.fields.map((f: { name: string }) => f.name)).toEqual([...OPEN_FIELDS]);
    expect(meta.distributions.map((d: { url: string }) => d.url)).toEqual(['csv', 'json', 'xlsx'].map((f) => `${BASE}/api/v1/open-data/certified-products.${f}`));
    const doc = json(await t.app.inject({ url: '/api/openapi.json' }));
    for (const f of ['csv', 'json', 'xlsx']) expect(doc.paths[`/api/v1/open-data/certified-products.${f}`]?.get, f).toBeDefined();
    expect(doc.paths['/api/v1/open-data']?.get).toBeDefined();
  });

  it('/du-lieu-mo explains the fields, the licence and the API, in Vietnamese and English', async () => {
    const res = await t.app.inject({ url: '/du-lieu-mo', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('CC BY 4.0');
    expect(res.body).toContain('<code>certificate_number</code>');
    expect(res.body).toContain('href="/api/v1/open-data/certified-products.xlsx"');
    expect(res.body).toContain('"@type":"Dataset"');
    const en = await t.app.inject({ url: '/du-lieu-mo?lang=en' });
    expect(en.body).toContain('Creative Commons Attribution 4.0 International');
    const alias = await t.app.inject({ url: '/open-data' });
    expect(alias.statusCode).toBe(301);
    expect(alias.headers.location).toBe('/du-lieu-mo?lang=en');
  });
});
