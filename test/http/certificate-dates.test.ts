/**
 * One certificate, one end date: every page, PDF, export and open-data file that shows when a
 * certificate stops being valid shows the same day — the last valid day (the day before the
 * stored, exclusive `expiresOn`) — with the one wording "Hiệu lực đến hết ngày DD/MM/YYYY".
 *
 * The certificate is issued on 01/07/2026: expiresOn 2029-07-01 (the first day no longer valid),
 * last valid day 30/06/2029. The clock is then moved to 60 days before the end, so the certificate
 * is also on the dashboard's "expiring" list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { testApp, asUser, json, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { buildClosedRound, draftBody } from '../helpers/certification-fixtures';

const LAST_DAY = '30/06/2029';
const LAST_DAY_ISO = '2029-06-30';
const FIRST_DAY_AFTER = '01/07/2029';
const WORDING = 'Hiệu lực đến hết ngày';
const WORDING_EN = 'Valid until the end of';

let now = new Date('2026-07-02T03:00:00Z');
let t: TestApp;
let province: AuthedUser;
let owner: AuthedUser;
let number: string;
let productId: string;
let decisionId: string;
let dir: string;

beforeAll(async () => {
  t = await testApp({ clock: () => now, env: { PUBLIC_BASE_URL: 'https://ocop.example.vn' } });
  const round = await buildClosedRound(t.ctx, { results: [{ mean: 84.33 }] });
  const officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  const d = json(await t.app.inject({ method: 'POST', url: '/api/v1/decisions', headers: officer.headers(), payload: draftBody(round.id, { decisionDate: '2026-07-01' }) }));
  decisionId = d.id;
  const approved = json(await t.app.inject({ method: 'POST', url: `/api/v1/decisions/${d.id}/approve`, headers: officer.headers(), payload: {} }));
  number = approved.items[0].certificateNumber;
  productId = round.results[0]!.productId;
  // 60 days before the end: still valid, on the 90-day expiring list. Sign in at that time.
  now = new Date('2029-05-01T03:00:00Z');
  province = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, login: true });
  owner = await asUser(t.app, t.deps, { role: 'producer', producerId: round.results[0]!.producerId, login: true });
  dir = mkdtempSync(join(tmpdir(), 'ocop-cert-dates-'));
}, 60_000);
afterAll(async () => {
  if (dir && !process.env.KEEP_PDF) rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

/** The visible text of an HTML page, tags replaced by spaces, entities of interest decoded. */
function pageText(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|&#160;/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

/** Every "<wording> DD/MM/YYYY" in a text (any case: "Còn hiệu lực đến hết ngày …" counts too). */
function endDates(text: string, wording = WORDING): string[] {
  const re = new RegExp(`${wording}:?\\s*(\\d{2}/\\d{2}/\\d{4})`, 'gi');
  return [...text.matchAll(re)].map((m) => m[1]!);
}

function expectOneEndDate(where: string, text: string, wording = WORDING) {
  const found = endDates(text, wording);
  expect(found.length, `${where}: no "${wording} DD/MM/YYYY"`).toBeGreaterThan(0);
  expect(new Set(found), where).toEqual(new Set([LAST_DAY]));
  expect(text, `${where} shows the first day after validity`).not.toContain(FIRST_DAY_AFTER);
}

const page = async (url: string, who?: AuthedUser, extra: Record<string, string> = {}) => {
  const res = await t.app.inject({ url, headers: { ...(who ? { cookie: who.cookie! } : {}), ...extra } });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
  return pageText(res.body);
};

/** The PDF's text: as laid out (rows on lines), or in drawing order (a table cell's lines together). */
function pdfText(bytes: Buffer, name: string, mode: '-layout' | '-raw' = '-layout'): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', [mode, file, '-'], { encoding: 'utf8' });
}

describe(`certificate ending after ${LAST_DAY}`, () => {
  it('admin pages: the certificate, the decision, the product and the dashboard', async () => {
    expectOneEndDate('certificate page', await page(`/admin/certificates/${number}`, province));
    expectOneEndDate('decision page', await page(`/admin/decisions/${decisionId}`, province));
    expectOneEndDate('product page', await page(`/admin/products/${productId}`, province));
    const dashboard = await page('/admin', province);
    expect(dashboard).toContain(number);
    expectOneEndDate('dashboard', dashboard);
    expectOneEndDate('producer\'s product page', await page(`/admin/products/${productId}`, owner));
  });

  it('public pages: the catalogue product page, its card and /v/<number>', async () => {
    const p = json(await t.app.inject({ url: `/api/v1/catalogue/products/${productId}` }));
    expectOneEndDate('public product page', await page(p.url));
    expectOneEndDate('catalogue', await page(`/san-pham?q=${encodeURIComponent(p.name)}`));
    expectOneEndDate('/v', await page(`/v/${number}`));
    expectOneEndDate('/v (en)', await page(`/v/${number}?lang=en`), WORDING_EN);
    expectOneEndDate('public product page (en)', await page(`${p.url}?lang=en`), WORDING_EN);
  });

  it('the certificate PDF', async () => {
    const res = await t.app.inject({ url: `/api/v1/certificates/${number}/pdf`, headers: province.headers() });
    expect(res.statusCode).toBe(200);
    expectOneEndDate('certificate PDF', pdfText(res.rawPayload, 'cert.pdf').replace(/\s+/g, ' '));
  });

  it('the statistics exports: XLSX column and PDF list', async () => {
    const x = await t.app.inject({ url: '/api/v1/reports/export?format=xlsx&area=38&asOf=2029-05-01', headers: province.headers() });
    expect(x.statusCode, x.body.slice(0, 200)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Danh sách sản phẩm')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const row = ws.getSheetValues().find((r) => Array.isArray(r) && r.includes(number)) as unknown[];
    const dates = row.filter((v): v is Date => v instanceof Date).map((d) => d.toISOString().slice(0, 10));
    const endCols = header.map((h, i) => [h, i] as const).filter(([h]) => /hết hạn|hiệu lực/i.test(h));
    expect(endCols.map(([h]) => h)).toEqual([WORDING]);
    expect((row[endCols[0]![1] + 1] as Date).toISOString().slice(0, 10)).toBe(LAST_DAY_ISO);
    expect(dates).not.toContain('2029-07-01');

    const p = await t.app.inject({ url: '/admin/statistics/export.pdf?area=38&asOf=2029-05-01', headers: { cookie: province.cookie! } });
    expect(p.statusCode).toBe(200);
    const text = pdfText(p.rawPayload, 'stats.pdf');
    const line = text.split('\n').find((l) => l.includes(number));
    expect(line, 'the certificate number on one line').toBeDefined();
    expect(line).toContain(LAST_DAY);
    expect(text).not.toContain(FIRST_DAY_AFTER);
    // The column header has the one wording (read in drawing order: the header cell wraps).
    expect(pdfText(p.rawPayload, 'stats.pdf', '-raw').replace(/\s+/g, ' ')).toContain(`Số giấy chứng nhận ${WORDING} 1 `);
  });

  it('open data (CSV, JSON) and the APIs', async () => {
    const csv = (await t.app.inject({ url: '/api/v1/open-data/certified-products.csv', remoteAddress: '10.9.0.1' })).body;
    const [head, ...rows] = csv.trim().split('\n').map((l) => l.split(','));
    const line = rows.find((r) => r.includes(number))!;
    expect(head).toContain('valid_until');
    expect(head).not.toContain('expires_on');
    expect(line[head!.indexOf('valid_until')]).toBe(LAST_DAY_ISO);
    const body = json(await t.app.inject({ url: '/api/v1/open-data/certified-products.json', remoteAddress: '10.9.0.2' }));
    const item = body.items.find((i: { certificateNumber: string }) => i.certificateNumber === number);
    expect(item.validUntil).toBe(LAST_DAY_ISO);
    expect(JSON.stringify(item)).not.toContain('2029-07-01');

    // The API keeps expiresOn (api.md: the day the certificate expires, 36 months after the
    // decision) and adds validUntil, the last valid day, for display.
    const v = json(await t.app.inject({ url: `/api/v1/verify/${number}` }));
    expect(v.certificate).toMatchObject({ expiresOn: '2029-07-01', validUntil: LAST_DAY_ISO });
    const prod = json(await t.app.inject({ url: `/api/v1/products/${productId}`, headers: province.headers() }));
    expect(prod.certificate).toMatchObject({ expiresOn: '2029-07-01', validUntil: LAST_DAY_ISO });
    const cert = json(await t.app.inject({ url: `/api/v1/certificates/${number}`, headers: province.headers() }));
    expect(cert).toMatchObject({ expiresOn: '2029-07-01', validUntil: LAST_DAY_ISO });
  });
});
