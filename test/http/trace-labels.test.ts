/**
 * Printable lot labels (issue 17, item 3): the A4 sheet of a lot for those who keep it, read back
 * with pdftotext (the product, lot number, NSX/HSD dates, trace code, the sample tag) and with its
 * QR code decoded from the rendered page (the GS1 Digital Link of the lot, or its trace page
 * without a GTIN). Bad input: a count out of range (field `count`), a lot out of reach (404), a
 * lot under recall (409).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, expectError, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { AREAS, buildProducer, buildProduct } from '../helpers/builders';
import { makeGtin13 } from '../../src/domain/gtin';
import { formatTraceCode } from '../../src/domain/trace';
import { traceLots } from '../../src/modules/trace/trace.tables';
import { LABELS_MAX, LABELS_PER_PAGE, layoutLabelSheet, qrBox } from '../../src/modules/trace/trace-labels';

const BASE = 'https://ocop.example.vn';
let t: TestApp;
const now = new Date('2026-07-10T03:00:00Z');
let officer: AuthedUser;
let otherOfficer: AuthedUser;
let tea: AuthedUser;
let rival: AuthedUser;
let gtin: string;
let withGtin: string;
let withoutGtin: string;

beforeAll(async () => {
  t = await testApp({ clock: () => now, env: { PUBLIC_BASE_URL: BASE } });
  const [p1, p2] = await Promise.all([buildProducer(t.ctx), buildProducer(t.ctx)]);
  gtin = makeGtin13('893600', 4217);
  withGtin = (await buildProduct(t.ctx, { producerId: p1.id, name: 'Chè Shan tuyết Pù Luông hộp 100 g', gtin })).id;
  withoutGtin = (await buildProduct(t.ctx, { producerId: p1.id, name: 'Chè búp tươi' })).id;
  [officer, otherOfficer, tea, rival] = await Promise.all([
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: p1.provinceCode }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: p1.provinceCode === AREAS.haNoi ? AREAS.thanhHoa : AREAS.haNoi }),
    asUser(t.app, t.deps, { role: 'producer', producerId: p1.id }),
    asUser(t.app, t.deps, { role: 'producer', producerId: p2.id }),
  ]);
}, 240_000);
afterAll(() => t?.close());

const get = (url: string, user: AuthedUser | null) => t.app.inject({ url, headers: user ? user.headers() : {} });

async function lot(productId: string, lotNumber: string, extra: Record<string, unknown> = {}) {
  const res = await t.app.inject({
    method: 'POST', url: '/api/v1/trace/lots', headers: tea.headers(),
    payload: { productId, lotNumber, producedOn: '2026-07-01', expiresOn: '2027-06-30', quantity: 500, unit: 'box', facility: 'Xưởng chè thôn Bản', ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res) as { id: string; traceCode: string; lotNumber: string };
}

const dir = mkdtempSync(join(tmpdir(), 'trace-labels-'));
let n = 0;
function pdfText(bytes: Buffer): string {
  const file = join(dir, `l${++n}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** The text of the QR code of the first label of page 1, read from the page rendered at 200 dpi. */
async function firstQr(bytes: Buffer): Promise<string | null> {
  const file = join(dir, `q${++n}.pdf`);
  writeFileSync(file, bytes);
  const dpi = 200;
  const px = (pt: number) => Math.round((pt * dpi) / 72);
  const q = qrBox(layoutLabelSheet(1)[0]!.cells[0]!);
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile',
    '-x', String(px(q.x - 4)), '-y', String(px(q.y - 4)), '-W', String(px(q.size + 8)), '-H', String(px(q.size + 8)), file, join(dir, `q${n}`)]);
  const { data, info } = await sharp(readFileSync(join(dir, `q${n}.png`))).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)?.data ?? null;
}

describe('the label sheet of a lot', () => {
  it('a full A4 sheet by default: product, lot number, NSX/HSD, trace code, and the GS1 Digital Link in the QR code', async () => {
    const l = await lot(withGtin, 'PL-0701');
    const res = await get(`/admin/truy-xuat/lo/${l.id}/nhan.pdf`, tea);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`nhan-lo-PL-0701-${l.traceCode}.pdf`);
    const bytes = res.rawPayload;
    const raw = bytes.toString('latin1');
    expect(raw).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(raw.match(/\/Type \/Page\b/g)).toHaveLength(1);
    const text = pdfText(bytes);
    expect(text).toContain('NHÃN TRUY XUẤT NGUỒN GỐC — LÔ PL-0701');
    expect(text).toContain('Chè Shan tuyết Pù');
    expect(text).toContain('Luông hộp 100 g');
    expect(text).toMatch(/Số lô: PL-0701/);
    expect(text).toMatch(/NSX: 01\/07\/2026/);
    expect(text).toMatch(/HSD: 30\/06\/2027/);
    expect(text.split(formatTraceCode(l.traceCode)).length - 1).toBe(LABELS_PER_PAGE);
    expect(text).not.toContain('MẪU');
    expect(await firstQr(bytes)).toBe(`${BASE}/01/${gtin}/10/PL-0701`);
  });

  it('without a GTIN, the QR code opens the trace page; a lot without expiry prints no HSD; ?count= sets the number', async () => {
    const l = await lot(withoutGtin, 'LA-01', { expiresOn: null, unit: 'kg' });
    const res = await get(`/admin/truy-xuat/lo/${l.id}/nhan.pdf?count=30`, officer);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.rawPayload.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(2);
    const text = pdfText(res.rawPayload);
    expect(text.split(formatTraceCode(l.traceCode)).length - 1).toBe(30);
    expect(text).not.toContain('HSD');
    expect(text).toContain('Trang 2/2');
    expect(await firstQr(res.rawPayload)).toBe(`${BASE}/truy-xuat/${l.traceCode}`);
    // The API twin answers the same sheet.
    const api = await get(`/api/v1/trace/lots/${l.id}/labels.pdf?count=1`, tea);
    expect(api.statusCode, api.body.slice(0, 300)).toBe(200);
    expect(pdfText(api.rawPayload).split(formatTraceCode(l.traceCode)).length - 1).toBe(1);
  });

  it('sample data carries the MẪU tag on every label and a warning on the page', async () => {
    const l = await lot(withGtin, 'MAU-1');
    await t.deps.database.db.update(traceLots).set({ isSample: true }).where(eq(traceLots.id, l.id));
    const text = pdfText((await get(`/admin/truy-xuat/lo/${l.id}/nhan.pdf?count=3`, tea)).rawPayload);
    expect(text.split('MẪU').length - 1).toBeGreaterThanOrEqual(4);
    expect(text).toContain('DỮ LIỆU MẪU ĐỂ TRÌNH DIỄN');
  });

  it('a count out of range names the field; a lot out of reach is 404; anonymous 401; a recalled lot 409', async () => {
    const l = await lot(withGtin, 'BAD-1');
    for (const c of ['0', 'abc', '2.5', String(LABELS_MAX + 1)]) {
      const e = expectError(await get(`/api/v1/trace/lots/${l.id}/labels.pdf?count=${c}`, tea), 400, 'validation_failed');
      expect(json(await get(`/api/v1/trace/lots/${l.id}/labels.pdf?count=${c}`, tea)).error.fieldCodes.count, c).toBe('trace.label_count');
      expect(e.fields?.count).toContain(String(LABELS_MAX));
    }
    expectError(await get(`/api/v1/trace/lots/${l.id}/labels.pdf`, rival), 404, 'not_found');
    expectError(await get(`/api/v1/trace/lots/${l.id}/labels.pdf`, otherOfficer), 404, 'not_found');
    expectError(await get('/api/v1/trace/lots/00000000-0000-4000-8000-000000000000/labels.pdf', officer), 404, 'not_found');
    expect((await get(`/api/v1/trace/lots/${l.id}/labels.pdf`, null)).statusCode).toBe(401);
    expect((await get(`/admin/truy-xuat/lo/${l.id}/nhan.pdf`, rival)).statusCode).toBe(404);
    const recall = await t.app.inject({
      method: 'POST', url: `/api/v1/trace/lots/${l.id}/recall`, headers: officer.headers(),
      payload: { reason: 'Nấm mốc', scope: 'Toàn bộ lô', instructions: 'Ngừng bán' },
    });
    expect(recall.statusCode, recall.body).toBe(201);
    expectError(await get(`/api/v1/trace/lots/${l.id}/labels.pdf`, tea), 409, 'conflict');
  });

  it('is in the OpenAPI document', async () => {
    const doc = json(await t.app.inject({ url: '/api/openapi.json' }));
    expect(doc.paths['/api/v1/trace/lots/{id}/labels.pdf']?.get).toBeDefined();
  });
});
