/**
 * Exports of the statistics report: the XLSX parsed back with exceljs and checked cell by cell,
 * the PDF read back with pdftotext (Vietnamese text), headers (type, exact length, a
 * Vietnamese-safe attachment name), and a failure midway (the product list query failing for
 * one request) answering an error status instead of a truncated file. A 20,000-row workbook is
 * written within the 10 s budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { buildApp } from '../../src/app';
import type { App } from '../../src/web/http';
import { makeCtx } from '../../src/context';
import { testApp, asUser, json, type TestApp, type AuthedUser, type InjectResponse } from '../helpers/app';
import { freshDeps, type TestDeps } from '../helpers/db';
import { importCertifiedList, type ListRow } from '../helpers/programme-fixtures';
import { resolveReportArea } from '../../src/modules/reports/report-scope';
import { certifiedProductRows, reportDetail, type CertifiedProductRow, type ProductRowSource } from '../../src/modules/reports/period.service';
import { buildReportExport, PRODUCT_HEADER, PRODUCT_SHEET, reportXlsx, sendExport } from '../../src/modules/reports/report-export';

const row = (r: Omit<ListRow, 'decisionNumber'>): ListRow => ({ decisionNumber: `${r.decisionDate.slice(0, 4)}/QĐ-UBND`, ...r });
const LIST: ListRow[] = [
  row({ product: 'Nem chua Hạc Thành', producer: 'Hộ kinh doanh Lê Văn Nam', kind: 'hộ kinh doanh', commune: '14797', stars: 3, decisionDate: '2023-06-15', oldDistrict: 'Thành phố Thanh Hóa', certificateNumber: '38-2023-000101' }),
  row({ product: 'Trà hoa vàng Hàm Rồng', producer: 'HTX Bánh gai Hàm Rồng', kind: 'hợp tác xã', commune: '14758', stars: 4, decisionDate: '2024-05-10', potentialFiveStar: true, certificateNumber: '38-2024-000207' }),
  row({ product: '=Gạo "Nguyệt Ấn"', producer: 'Công ty CP Nông sản Ngọc Liên', kind: 'doanh nghiệp', commune: '15091', stars: 3, decisionDate: '2024-05-10', certificateNumber: '38-2024-000208' }),
];

let t: TestApp;
let province: AuthedUser;
let dir: string;

beforeAll(async () => {
  t = await testApp({ clock: () => new Date('2026-07-02T03:00:00Z') });
  province = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38' });
  await importCertifiedList(t.ctx, LIST);
  dir = mkdtempSync(join(tmpdir(), 'ocop-report-export-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

async function workbook(res: InjectResponse): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}

const values = (ws: ExcelJS.Worksheet, r: number) => (ws.getRow(r).values as unknown[]).slice(1);
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('XLSX', () => {
  it('one sheet per table and the product list, cell by cell', async () => {
    const res = await t.app.inject({ url: '/api/v1/reports/export?format=xlsx&area=38&asOf=2025-06-30&from=2024-01-01&to=2024-12-31', headers: province.headers() });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toContain('attachment; filename="Thong-ke-OCOP-Tinh-Thanh-Hoa-2025-06-30.xlsx"');
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('Thống kê OCOP - Tỉnh Thanh Hóa - 2025-06-30.xlsx')}`);

    const wb = await workbook(res);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Tổng hợp', 'Theo hạng sao', 'Theo loại chủ thể', 'Theo nhóm sản phẩm', 'Theo bộ sản phẩm', 'Theo xã, phường',
      'Theo huyện cũ', 'Biến động trong kỳ', 'Quy trình đánh giá', 'Truy xuất theo lô - tỉnh', 'Truy xuất theo lô - hạng sao',
      'Doanh thu qua sàn - tỉnh', 'Doanh thu qua sàn - bộ SP', 'Doanh thu qua sàn - hạng sao',
      'Kết nối cung cầu - tỉnh', 'Kết nối cung cầu - bộ SP', 'Kết nối cung cầu - hạng sao', PRODUCT_SHEET,
    ]);
    const summary = wb.getWorksheet('Tổng hợp')!;
    expect(values(summary, 2)).toEqual(['Địa bàn', 'Tỉnh Thanh Hóa']);
    expect(values(summary, 3)).toEqual(['Số liệu tại ngày', '30/06/2025']);
    expect(values(summary, 4)).toEqual(['Kỳ báo cáo', '01/01/2024 – 31/12/2024']);
    expect(values(summary, 6)).toEqual(['Sản phẩm OCOP còn hiệu lực', 3]);

    const stars = wb.getWorksheet('Theo hạng sao')!;
    expect([1, 2, 3, 4, 5, 6].map((r) => values(stars, r))).toEqual([
      ['Hạng', 'Số sản phẩm'], ['3 sao', 2], ['4 sao', 1], ['  trong đó: tiềm năng 5 sao', 1], ['5 sao', 0], ['Tổng số sản phẩm', 3],
    ]);
    const kinds = wb.getWorksheet('Theo loại chủ thể')!;
    expect([2, 3, 4, 5, 6].map((r) => values(kinds, r))).toEqual([
      ['Doanh nghiệp', 1, 1], ['Hợp tác xã', 1, 1], ['Tổ hợp tác', 0, 0], ['Hộ kinh doanh', 1, 1], ['Tổng', 3, 3],
    ]);
    const communes = wb.getWorksheet('Theo xã, phường')!;
    expect(values(communes, 1)).toEqual(['Xã, phường', 'Sản phẩm', '3 sao', '4 sao', '5 sao', 'Tiềm năng 5 sao', 'Chủ thể']);
    expect(communes.rowCount).toBe(1 + 3 + 2);
    expect(values(communes, 6)).toEqual(['Xã, phường có sản phẩm OCOP: 3 / 166 xã, phường.']);
    const changes = wb.getWorksheet('Biến động trong kỳ')!;
    expect(values(changes, 2)).toEqual(['Công nhận mới', 2, 1, 1, 0]);
    expect(values(changes, 5)).toEqual(['Hết hiệu lực (hết hạn)', 0, 0, 0, 0]);

    const list = wb.getWorksheet(PRODUCT_SHEET)!;
    expect(values(list, 1)).toEqual(PRODUCT_HEADER);
    expect(list.rowCount).toBe(4);
    const byNumber = new Map([2, 3, 4].map((r) => [values(list, r)[7], values(list, r)]));
    expect(byNumber.get('38-2024-000207')).toEqual([
      expect.any(Number), 'Trà hoa vàng Hàm Rồng', expect.any(String), 'HTX Bánh gai Hàm Rồng', 'Hợp tác xã', 'Phường Hàm Rồng',
      '4 sao (tiềm năng 5 sao)', '38-2024-000207', day('2024-05-10'), day('2027-05-09'), '2024/QĐ-UBND', day('2024-05-10'),
    ]);
    expect(byNumber.get('38-2023-000101')).toMatchObject({ 1: 'Nem chua Hạc Thành', 4: 'Hộ kinh doanh', 6: '3 sao', 12: 'Thành phố Thanh Hóa' });
    // A product name starting with "=" is written as text, never as a formula.
    const injected = byNumber.get('38-2024-000208')!;
    expect(String(injected[1])).toContain('Gạo "Nguyệt Ấn"');
    expect(typeof injected[1]).toBe('string');
    expect(String(injected[1]).startsWith('=')).toBe(false);
  });

  it('a later date drops the expired product from the list', async () => {
    const res = await t.app.inject({ url: '/api/v1/reports/export?format=xlsx&area=38&asOf=2026-07-01', headers: province.headers() });
    const list = (await workbook(res)).getWorksheet(PRODUCT_SHEET)!;
    expect(list.rowCount).toBe(3);
    const changes = (await workbook(res)).getWorksheet('Biến động trong kỳ')!;
    expect(values(changes, 5)).toEqual(['Hết hiệu lực (hết hạn)', 1, 1, 0, 0]);
  });

  it('bad input and foreign areas are refused before any file', async () => {
    expect((await t.app.inject({ url: '/api/v1/reports/export?format=csv', headers: province.headers() })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/reports/export?format=xlsx&asOf=2025-13-01', headers: province.headers() })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/reports/export?format=pdf&area=01', headers: province.headers() })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/admin/statistics/export.xlsx?area=99', headers: province.headers() })).statusCode).toBe(404);
    const bad = await t.app.inject({ url: '/admin/statistics/export.pdf?from=2025-12-01&to=2025-01-01', headers: province.headers() });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-disposition']).toBeUndefined();
  });

  it('writes 20,000 product rows within 10 s', async () => {
    const area = await resolveReportArea({ ...t.ctx, actor: province.actor }, '38');
    const report = await reportDetail(t.ctx, area, { asOf: '2025-06-30', from: '2025-01-01', to: '2025-06-30' });
    const [one] = await certifiedProductRows(t.ctx, area, '2025-06-30');
    const many: CertifiedProductRow[] = Array.from({ length: 20_000 }, (_, i) => ({ ...one!, product: `${one!.product} ${i + 1}`, certificateNumber: `38-2025-${String(i + 1).padStart(6, '0')}` }));
    const t0 = performance.now();
    const bytes = await reportXlsx(report, many, new Date('2026-07-02T03:00:00Z'));
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(10_000);
    console.info(`20,000-row report XLSX written in ${Math.round(ms)} ms (${bytes.length} bytes)`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const list = wb.getWorksheet(PRODUCT_SHEET)!;
    expect(list.rowCount).toBe(20_001);
    expect(values(list, 20_001)[7]).toBe('38-2025-020000');
  }, 60_000);
});

describe('PDF', () => {
  it('is a PDF whose text is the Vietnamese report', async () => {
    const res = await t.app.inject({ url: '/admin/statistics/export.pdf?area=38&asOf=2025-06-30&from=2024-01-01&to=2024-12-31', headers: province.headers() });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    expect(String(res.headers['content-disposition'])).toContain('filename="Thong-ke-OCOP-Tinh-Thanh-Hoa-2025-06-30.pdf"');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const file = join(dir, 'thong-ke.pdf');
    writeFileSync(file, res.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    if (process.env.REPORT_PDF_PNG) execFileSync('pdftoppm', ['-png', '-r', '60', file, process.env.REPORT_PDF_PNG]);
    if (process.env.REPORT_PDF_PNG) writeFileSync(`${process.env.REPORT_PDF_PNG}.txt`, text);
    for (const s of ['BÁO CÁO THỐNG KÊ SẢN PHẨM OCOP', 'Tỉnh Thanh Hóa', 'Số liệu tại ngày: 30/06/2025', 'Kỳ báo cáo: 01/01/2024 – 31/12/2024',
      'Ngày lập: 02/07/2026', 'Sản phẩm OCOP theo hạng sao', 'Hộ kinh doanh', 'Xã, phường có sản phẩm OCOP: 3 / 166', 'Theo huyện cũ'.replace('Theo', 'Sản phẩm theo'),
      'Nem chua Hạc Thành', 'Trà hoa vàng Hàm Rồng', 'Công nhận mới', 'Trang 1']) {
      expect(text).toContain(s);
    }
  });
});

describe('a failure midway', () => {
  let deps: TestDeps;
  let app: App;
  let officer: AuthedUser;
  let failNext = false;

  beforeAll(async () => {
    deps = await freshDeps({ clock: () => new Date('2026-07-02T03:00:00Z') });
    app = await buildApp({ deps, logger: false });
    // The real export path with the product list source replaced for one request: the query runs,
    // then the connection "drops" before the rows arrive.
    const failing: ProductRowSource = async (ctx, area, asOf) => {
      const rowsRead = await certifiedProductRows(ctx, area, asOf);
      if (failNext) {
        failNext = false;
        throw new Error(`connection terminated while reading the product list (${rowsRead.length} rows read)`);
      }
      return rowsRead;
    };
    app.get('/test/report-export.:format', { config: { access: ['province_officer'] } }, async (req, reply) => {
      const format = (req.params as { format: 'xlsx' | 'pdf' }).format;
      const area = await resolveReportArea(req.ctx, '38');
      return sendExport(reply, await buildReportExport(req.ctx, area, { asOf: '2025-06-30', from: '2025-01-01', to: '2025-06-30' }, format, { productRows: failing }));
    });
    await app.ready();
    officer = await asUser(app, deps, { role: 'province_officer', areaCode: '38' });
    await importCertifiedList(makeCtx(deps, { actor: t.ctx.actor }), LIST);
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  for (const format of ['xlsx', 'pdf'] as const) {
    it(`${format}: the client gets an error status, never a partial file answered 200`, async () => {
      failNext = true;
      const res = await app.inject({ url: `/test/report-export.${format}`, headers: officer.headers() });
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(String(res.headers['content-type'])).toContain('application/json');
      expect(json(res).error.code).toBe('internal_error');
      // The next request (no failure) gets the whole file.
      const ok = await app.inject({ url: `/test/report-export.${format}`, headers: officer.headers() });
      expect(ok.statusCode).toBe(200);
      expect(Number(ok.headers['content-length'])).toBe(ok.rawPayload.length);
      expect(ok.rawPayload.length).toBeGreaterThan(1000);
    });
  }

  it('the service itself rejects instead of returning a file', async () => {
    const ctx = makeCtx(deps, { actor: officer.actor });
    const area = await resolveReportArea(ctx, '38');
    failNext = true;
    await expect(buildReportExport(ctx, area, { asOf: '2025-06-30', from: '2025-01-01', to: '2025-06-30' }, 'xlsx', {
      productRows: async (c, a, d) => {
        await certifiedProductRows(c, a, d);
        throw new Error('query canceled');
      },
    })).rejects.toThrow('query canceled');
    failNext = false;
  });
});
