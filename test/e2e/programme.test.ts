/**
 * Issue 5's flow in a real browser (skipped without Chromium), on a phone: a province officer
 * sets a target, sees it on the dashboard next to the charts, then exports the province's report
 * to XLSX and PDF; the PDF is rendered to a PNG (docs/screenshots/programme-report-pdf.png with
 * SCREENSHOTS=1) and its text read back. No serious axe violations, no page errors.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  clickAndWait, expectAccessible, hasChromium, launchChromium, openPageAs, PHONE, SCREENSHOT_DIR, screenshots, serveTestApp,
  takingScreenshots, type ServedApp,
} from '../helpers/e2e';
import { asUser } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { importCertifiedList, type ListRow } from '../helpers/programme-fixtures';

const row = (product: string, producer: string, kind: string, commune: string, stars: 3 | 4, decisionDate: string, oldDistrict?: string): ListRow =>
  ({ product, producer, kind, commune, stars, decisionDate, decisionNumber: `QĐ-${decisionDate}`, oldDistrict });

const LIST: ListRow[] = [
  row('Nem chua Hạc Thành', 'Hộ kinh doanh Lê Văn Nam', 'hộ kinh doanh', AREAS.hacThanh, 3, '2024-05-10', 'Thành phố Thanh Hóa'),
  row('Trà hoa vàng Hàm Rồng', 'HTX Bánh gai Hàm Rồng', 'hợp tác xã', AREAS.hamRong, 4, '2025-03-15', 'Thành phố Thanh Hóa'),
  row('Bánh gai Hàm Rồng', 'HTX Bánh gai Hàm Rồng', 'hợp tác xã', AREAS.hamRong, 3, '2026-02-10'),
  row('Rượu nếp cái hoa vàng', 'Công ty TNHH Thực phẩm Xứ Thanh', 'doanh nghiệp', AREAS.hacThanh, 4, '2026-05-20'),
];

const hasPoppler = (() => {
  try { execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' }); return true; } catch { return false; }
})();

describe.skipIf(!hasChromium())('running the programme', () => {
  let s: ServedApp;
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'ocop-programme-'));
  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp({ clock: () => new Date('2026-07-02T03:00:00Z') }), launchChromium()]);
    await importCertifiedList(s.ctx, LIST);
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('set a target → the dashboard shows it with the charts → the report as XLSX and PDF', async () => {
    const officer = await asUser(s.app, s.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, displayName: 'Cán bộ tỉnh Thanh Hóa' });
    const { page, errors } = await openPageAs(browser, s, officer);
    await page.setViewportSize(PHONE);

    // 1. A target for 2026: 6 new ≥3★ products (2 so far).
    await page.goto('/admin/targets/new');
    await page.selectOption('#field-areaCode', AREAS.thanhHoa);
    await page.selectOption('#field-indicator', 'new_certified_products');
    await page.fill('#field-periodStart', '2026-01-01');
    await page.fill('#field-periodEnd', '2026-12-31');
    await page.fill('#field-targetValue', '6');
    await clickAndWait(page, page.getByRole('button', { name: 'Đặt mục tiêu' }));
    expect(page.url()).toMatch(/\/admin\/targets\/[0-9a-f-]+\?done=created/);

    // 2. The dashboard: the target with its progress, and the charts.
    await page.goto('/admin');
    const panel = page.locator('.target-panel');
    await expect(panel.textContent()).resolves.toContain('Sản phẩm OCOP mới');
    await expect(panel.textContent()).resolves.toContain('2 / 6');
    expect(await page.locator('svg[role=img]').count()).toBeGreaterThanOrEqual(4);
    await expect(page.locator('main').textContent()).resolves.toContain('Tỉnh Thanh Hóa');
    await expectAccessible(page, 'dashboard with the target (phone)');
    await screenshots(page, 'programme-1-dashboard');

    // 3. The report of the province today, exported.
    await page.goto('/admin/statistics?area=38');
    await expectAccessible(page, 'statistics (phone)');
    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải Excel (XLSX)' }).click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await xlsxDownload.path())!) as unknown as ArrayBuffer);
    const products = wb.worksheets.find((w) => /Danh sách sản phẩm/.test(w.name))!;
    expect(products.rowCount).toBe(1 + LIST.length);

    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải PDF (A4)' }).click()]);
    const pdf = readFileSync((await pdfDownload.path())!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (hasPoppler) {
      const file = join(dir, 'bao-cao.pdf');
      writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      for (const s of ['BÁO CÁO THỐNG KÊ SẢN PHẨM OCOP', 'Tỉnh Thanh Hóa', 'Rượu nếp cái hoa vàng', 'Trà hoa vàng Hàm Rồng']) expect(text).toContain(s);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(dir, 'page')]);
      const png = [join(dir, 'page-1.png'), join(dir, 'page-01.png')].find(existsSync)!;
      expect(readFileSync(png).subarray(1, 4).toString('latin1')).toBe('PNG');
      if (takingScreenshots()) copyFileSync(png, join(SCREENSHOT_DIR, 'programme-2-report-pdf.png'));
    }
    expect(errors).toEqual([]);
  }, 120_000);
});
