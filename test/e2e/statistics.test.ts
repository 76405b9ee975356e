/**
 * The statistics page in a real browser (skipped without Chromium), on a phone: a province
 * officer opens Thống kê from the menu, changes the date, reads the tables, and downloads the
 * XLSX and PDF of the same report (checked byte by byte: a workbook whose product list has the
 * products of that day, a PDF). No serious axe violations, no page errors. With SCREENSHOTS=1 the
 * pages are saved under docs/screenshots/statistics-*.png.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import ExcelJS from 'exceljs';
import { DESKTOP, expectAccessible, hasChromium, launchChromium, openPageAs, PHONE, screenshots, serveTestApp, type ServedApp } from '../helpers/e2e';
import { asUser } from '../helpers/app';
import { importCertifiedList, type ListRow } from '../helpers/programme-fixtures';
import { PRODUCT_SHEET } from '../../src/modules/reports/report-export';

const row = (r: Omit<ListRow, 'decisionNumber'>): ListRow => ({ decisionNumber: `${r.decisionDate.slice(0, 4)}/QĐ-UBND`, ...r });
const LIST: ListRow[] = [
  row({ product: 'Nem chua Hạc Thành', producer: 'Hộ kinh doanh Lê Văn Nam', kind: 'hộ kinh doanh', commune: '14797', stars: 3, decisionDate: '2022-12-20', oldDistrict: 'Thành phố Thanh Hóa' }),
  row({ product: 'Bánh gai Hàm Rồng', producer: 'HTX Bánh gai Hàm Rồng', kind: 'hợp tác xã', commune: '14758', stars: 3, decisionDate: '2023-06-15', oldDistrict: 'Thành phố Thanh Hóa' }),
  row({ product: 'Trà hoa vàng Hàm Rồng', producer: 'HTX Bánh gai Hàm Rồng', kind: 'hợp tác xã', commune: '14758', stars: 4, decisionDate: '2024-05-10', potentialFiveStar: true }),
  row({ product: 'Gạo Nguyệt Ấn', producer: 'Công ty CP Nông sản Ngọc Liên', kind: 'doanh nghiệp', commune: '15091', stars: 4, decisionDate: '2024-05-10' }),
  row({ product: 'Mật ong Thạch Lập', producer: 'Hộ kinh doanh Hà Văn Sơn', kind: 'hộ kinh doanh', commune: '15085', stars: 3, decisionDate: '2025-02-01' }),
];

describe.skipIf(!hasChromium())('statistics page', () => {
  let s: ServedApp;
  let browser: Browser;
  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp({ clock: () => new Date('2026-07-02T03:00:00Z') }), launchChromium()]);
    await importCertifiedList(s.ctx, LIST);
  });
  afterAll(async () => { await browser?.close(); await s?.close(); });

  it('open Thống kê → change the date → tables → XLSX and PDF', async () => {
    const officer = await asUser(s.app, s.deps, { role: 'province_officer', areaCode: '38', displayName: 'Cán bộ tỉnh Thanh Hóa' });
    const { page, errors } = await openPageAs(browser, s, officer);
    await page.setViewportSize(PHONE);

    await page.goto('/admin/programme');
    // On a phone the navigation opens from the "Danh mục" button, every group unfolded (decisions/021).
    const nav = page.getByRole('navigation', { name: 'Danh mục' });
    await page.getByRole('button', { name: 'Danh mục' }).click();
    await nav.getByRole('link', { name: 'Thống kê', exact: true }).click();
    await page.waitForURL(/\/admin\/statistics/);
    // Today (2/7/2026): Nem chua (20/12/2022) and Bánh gai (15/6/2023) have expired.
    await expect(page.locator('h2.stats-heading').textContent()).resolves.toContain('Tỉnh Thanh Hóa — số liệu tại ngày 02/07/2026');
    await expect(page.locator('.stat-value').first().textContent()).resolves.toBe('3');
    await expectAccessible(page, 'statistics today (phone)');
    await screenshots(page, 'statistics-1-today');

    // A date in mid-2025 and the whole of 2025 as the period.
    await page.fill('#field-asOf', '2025-06-30');
    await page.fill('#field-from', '2025-01-01');
    await page.fill('#field-to', '2025-12-31');
    await page.getByRole('button', { name: 'Xem thống kê' }).click();
    await page.waitForURL(/asOf=2025-06-30/);
    expect(new URL(page.url()).searchParams.get('to')).toBe('2025-12-31');
    await expect(page.locator('h2.stats-heading').textContent()).resolves.toContain('số liệu tại ngày 30/06/2025');
    await expect(page.locator('.stat-value').first().textContent()).resolves.toBe('5');
    expect(await page.getByText('Xã, phường có sản phẩm OCOP: 4 / 166 xã, phường.').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Theo huyện cũ' }).isVisible()).toBe(true);
    const changes = page.getByRole('region', { name: 'Biến động giấy chứng nhận trong kỳ' });
    await expect(changes.getByRole('row').nth(1).textContent()).resolves.toContain('Công nhận mới');
    await expect(changes.getByRole('row').nth(4).textContent()).resolves.toBe('Hết hiệu lực (hết hạn)1100');
    await expectAccessible(page, 'statistics mid-2025 (phone)');
    await screenshots(page, 'statistics-2-tables');

    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải Excel (XLSX)' }).click()]);
    expect(xlsxDownload.suggestedFilename()).toBe('Thống kê OCOP - Tỉnh Thanh Hóa - 2025-06-30.xlsx');
    const xlsx = readFileSync((await xlsxDownload.path())!);
    expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const list = wb.getWorksheet(PRODUCT_SHEET)!;
    expect(list.rowCount).toBe(6);
    const names = [2, 3, 4, 5, 6].map((r) => list.getRow(r).getCell(2).value).sort();
    expect(names).toEqual(LIST.map((r) => r.product).sort());

    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải PDF (A4)' }).click()]);
    expect(pdfDownload.suggestedFilename()).toBe('Thống kê OCOP - Tỉnh Thanh Hóa - 2025-06-30.pdf');
    const pdf = readFileSync((await pdfDownload.path())!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5_000);

    // The same report on a desktop.
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'statistics (desktop)');
    expect(errors).toEqual([]);
  });
});
