/**
 * The public portal in a real browser on a phone-sized viewport (skipped without Chromium): search
 * "mat ong" from the home page finds the honey products, a facet narrows them, a product page
 * shows its stars and validity, the province, producer and open-data pages; no serious axe
 * violations, no page errors. With SCREENSHOTS=1 the pages are saved as
 * docs/screenshots/portal-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectAccessible, hasChromium, launchChromium, openPublicPage, PHONE, screenshots, serveTestApp, type ServedApp } from '../helpers/e2e';
import { NAMES, PORTAL_NOW, seedPortalCatalogue } from '../helpers/portal-fixtures';

describe.skipIf(!hasChromium())('public portal', () => {
  let s: ServedApp;
  let browser: Browser;
  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp({ clock: () => PORTAL_NOW }), launchChromium()]);
    await seedPortalCatalogue(s);
  }, 60_000);
  afterAll(async () => { await browser?.close(); await s?.close(); });

  it('phone: search "mat ong" → honey products → a product page with stars and validity', async () => {
    const { context, page, errors } = await openPublicPage(browser, s, { viewport: PHONE, isMobile: true, hasTouch: true });

    await page.goto('/');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Sản phẩm OCOP Việt Nam');
    await expectAccessible(page, 'home');
    await screenshots(page, 'portal-1-home');

    await page.getByRole('searchbox', { name: 'Tìm sản phẩm OCOP' }).fill('mat ong');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.waitForURL(/\/san-pham\?q=mat\+ong$/);
    const results = page.getByRole('list', { name: 'Kết quả tìm kiếm' });
    const titles = (await results.getByRole('heading', { level: 3 }).allInnerTexts()).sort();
    expect(titles).toEqual([NAMES.honeyCamThuy, NAMES.honeyMeoVac, NAMES.honeyPuLuong, NAMES.turmericHoney].sort());
    expect(await page.locator('.search-count').innerText()).toBe('4 sản phẩm');
    await expectAccessible(page, 'search');
    await screenshots(page, 'portal-2-search');

    // A typo still finds them, and says what it searched for.
    await page.goto(`/san-pham?q=${encodeURIComponent('mât ongg')}`);
    expect(await page.locator('.notice').innerText()).toContain('“mat ong”');
    expect(await page.locator('.product-card').count()).toBe(4);

    // A facet narrows the list; its chip removes it again.
    await page.goto('/san-pham?q=mat+ong');
    await page.locator('.facet-link', { hasText: '3 sao' }).click();
    await page.waitForURL(/stars=3/);
    expect(await page.locator('.product-card').count()).toBe(2);
    await page.getByRole('link', { name: /Bỏ lọc Hạng sao/ }).click();
    await page.waitForURL((u) => !u.search.includes('stars'));
    expect(await page.locator('.product-card').count()).toBe(4);

    await page.getByRole('link', { name: NAMES.honeyMeoVac }).click();
    await page.waitForURL(/\/san-pham\/mat-ong-bac-ha-meo-vac-/);
    const cert = page.locator('.cert-box');
    expect(await cert.locator('.stars-text').innerText()).toBe('4 sao');
    expect(await cert.locator('.badge').innerText()).toBe('Còn hiệu lực đến hết ngày 09/09/2028');
    expect(await page.getByRole('img', { name: /Mã QR dẫn tới trang kiểm tra giấy chứng nhận OCOP-08-2025-00001/ }).count()).toBe(1);
    expect(await page.locator('.outlet-name').allInnerTexts()).toEqual(['Trung tâm OCOP Hà Nội (thử nghiệm) Trung tâm OCOP']);
    await expectAccessible(page, 'product');
    await screenshots(page, 'portal-3-product');

    await page.getByRole('link', { name: 'Kiểm tra giấy chứng nhận' }).click();
    await page.waitForURL('**/v/OCOP-08-2025-00001');
    await expect(page.locator('[data-status]').first().getAttribute('data-status')).resolves.toBe('valid');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('province, producer, expired product and open data pages pass axe, in both languages', async () => {
    const { context, page, errors } = await openPublicPage(browser, s, { viewport: PHONE });

    await page.goto('/tinh/38');
    expect(new URL(page.url()).pathname).toBe('/tinh/38-thanh-hoa');
    expect(await page.locator('.figure--accent .figure-value').innerText()).toBe('4');
    await expectAccessible(page, 'province');
    await screenshots(page, 'portal-4-province');

    await page.getByRole('link', { name: NAMES.nem }).click();
    await page.getByRole('link', { name: 'Công ty TNHH Nem chua Hạc Thành' }).first().click();
    await page.waitForURL(/\/chu-the\//);
    await expectAccessible(page, 'producer');

    await page.goto('/san-pham?q=ca+phe+tho+xuan');
    expect(await page.locator('.empty-state').count()).toBe(1);
    await expectAccessible(page, 'no results');

    await page.goto('/du-lieu-mo?lang=en');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('OCOP open data');
    await expectAccessible(page, 'open data');
    await screenshots(page, 'portal-5-open-data');

    const res = await page.goto('/san-pham?lang=vi');
    expect(res?.status()).toBe(200);
    await expectAccessible(page, 'all products');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
