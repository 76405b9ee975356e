/**
 * Targets in a real browser (skipped without Chromium), on a phone: a province officer sets a
 * target after a validation error, finds it in the list with its progress and status, and opens
 * its detail with the SVG chart and its data table. No serious axe violations, no page errors.
 * With SCREENSHOTS=1 the pages are saved under docs/screenshots/targets-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectAccessible, hasChromium, launchChromium, openPageAs, PHONE, screenshots, serveTestApp, submitRefused, type ServedApp } from '../helpers/e2e';
import { asUser } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { importCertifiedList, type ListRow } from '../helpers/programme-fixtures';

const row = (product: string, producer: string, kind: string, commune: string, stars: 3 | 4, decisionDate: string): ListRow =>
  ({ product, producer, kind, commune, stars, decisionDate, decisionNumber: `QĐ-${product}` });

describe.skipIf(!hasChromium())('targets pages', () => {
  let s: ServedApp;
  let browser: Browser;
  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp({ clock: () => new Date('2026-07-02T03:00:00Z') }), launchChromium()]);
    await importCertifiedList(s.ctx, [
      row('Bánh gai Hàm Rồng', 'HTX Bánh gai Hàm Rồng', 'hợp tác xã', AREAS.hamRong, 3, '2026-02-10'),
      row('Nem chua Hạc Thành', 'Công ty TNHH Xứ Thanh', 'doanh nghiệp', AREAS.hacThanh, 4, '2026-04-15'),
      row('Chè lam Hàm Rồng', 'Hộ kinh doanh Trịnh Thị Hoa', 'hộ kinh doanh', AREAS.hamRong, 3, '2026-06-05'),
    ]);
  });
  afterAll(async () => { await browser?.close(); await s?.close(); });

  it('set a target after a form error → the list → the chart', async () => {
    const officer = await asUser(s.app, s.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, displayName: 'Cán bộ tỉnh Thanh Hóa' });
    const { page, errors } = await openPageAs(browser, s, officer);
    await page.setViewportSize(PHONE);

    await page.goto('/admin/programme');
    await page.getByRole('link', { name: /Mục tiêu/ }).first().click();
    await page.waitForURL(/\/admin\/targets$/);
    await expectAccessible(page, 'targets list, empty (phone)');
    await page.getByRole('link', { name: 'Đặt mục tiêu mới' }).click();
    await page.waitForURL(/\/admin\/targets\/new$/);
    await expectAccessible(page, 'new target form');
    await screenshots(page, 'targets-1-form');

    // A form error first: no indicator, a share above 100 and an end before the start.
    await page.fill('#field-targetValue', '-5');
    await page.fill('#field-periodEnd', '2025-12-31');
    await submitRefused(page, page.getByRole('button', { name: 'Đặt mục tiêu' }));
    const summary = page.locator('.error-summary');
    await expect(summary.textContent()).resolves.toContain('Chỉ tiêu');
    await expect(summary.textContent()).resolves.toContain('Giá trị mục tiêu không được âm');
    await expect(summary.textContent()).resolves.toContain('Ngày kết thúc phải sau');
    await expectAccessible(page, 'new target form with errors');
    await screenshots(page, 'targets-2-form-errors');

    await page.selectOption('#field-areaCode', AREAS.thanhHoa);
    await page.selectOption('#field-indicator', 'new_certified_products');
    await page.fill('#field-periodStart', '2026-01-01');
    await page.fill('#field-periodEnd', '2026-12-31');
    await page.fill('#field-targetValue', '8');
    await page.fill('#field-note', 'Kế hoạch OCOP tỉnh năm 2026');
    await page.getByRole('button', { name: 'Đặt mục tiêu' }).click();
    await page.waitForURL(/\/admin\/targets\/[0-9a-f-]+\?done=created/);

    // The detail: 3 new products by 2 July of 8 → forecast ≈ 6 (75 %) → off track; the chart and its table.
    await expect(page.locator('.notice').first().textContent()).resolves.toContain('Đã đặt mục tiêu');
    await expect(page.locator('.badge').first().textContent()).resolves.toContain('Chậm tiến độ');
    const svg = page.locator('svg.target-chart-svg');
    expect(await svg.getAttribute('role')).toBe('img');
    await expect(svg.locator('title').textContent()).resolves.toContain('Sản phẩm OCOP mới');
    expect(await svg.locator('circle.target-chart-dot').count()).toBeGreaterThan(5);
    await page.locator('details.target-data summary').click();
    await expect(page.locator('details.target-data table').textContent()).resolves.toContain('02/07/2026');
    await expectAccessible(page, 'target detail with chart (phone)');
    await screenshots(page, 'targets-3-detail');

    await page.getByRole('link', { name: 'Mục tiêu chương trình OCOP' }).click();
    await page.waitForURL(/\/admin\/targets$/);
    const item = page.locator('.data-table tbody tr').first();
    await expect(item.textContent()).resolves.toContain('Sản phẩm OCOP mới');
    await expect(item.textContent()).resolves.toContain('Chậm tiến độ');
    await expect(item.textContent()).resolves.toContain('3 / 8');
    await expectAccessible(page, 'targets list (phone)');
    await screenshots(page, 'targets-4-list');
    expect(errors).toEqual([]);
  }, 90_000);
});
