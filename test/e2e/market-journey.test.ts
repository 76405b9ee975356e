/**
 * The OCOP market on a phone (issue 15, "Done when"), in Chromium: a shopper searches, adds
 * listings of two shops, checks out as a guest paying by VietQR and sees two orders with their QR
 * codes; the first shop marks the transfer received, confirms and ships from its phone; a bank
 * notification pays the second order; the shopper follows both by code and phone, confirms the
 * delivered one and reviews it; a revoked certificate takes a listing off the floor and out of a
 * cart. No console error, CSP violation or failed request anywhere (test/setup/e2e-guards.ts). With SCREENSHOTS=1:
 * docs/screenshots/j15-market-*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  clickAndWait, expectAccessible, hasChromium, launchChromium, openPageAs, openPublicPage, PHONE, screenshots, serveTestApp, type ServedApp,
} from '../helpers/e2e';
import { asUser, json } from '../helpers/app';
import { seedMarket, type MarketFixture } from '../helpers/market-fixtures';
import { PORTAL_NOW } from '../helpers/portal-fixtures';

describe.skipIf(!hasChromium())('the OCOP market on a phone', () => {
  let s: ServedApp;
  let browser: Browser;
  let m: MarketFixture;
  let codes: { a: string; b: string };
  const phoneOpts = { viewport: PHONE, isMobile: true, hasTouch: true };

  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp({ clock: () => PORTAL_NOW, env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1' } }), launchChromium()]);
    m = await seedMarket(s);
  }, 90_000);
  afterAll(async () => { await browser?.close(); await s?.close(); });

  const addToCart = async (page: Page, listingUrl: string, variant: string) => {
    await page.goto(listingUrl);
    await page.getByLabel(new RegExp(variant)).check();
    await clickAndWait(page, page.getByRole('button', { name: 'Thêm vào giỏ' }));
    expect(new URL(page.url()).pathname).toBe('/gio-hang');
  };

  it('a guest finds two shops\' honey, checks out with VietQR and sees two orders with their QR codes', async () => {
    const { context, page } = await openPublicPage(browser, s, phoneOpts);
    await page.goto('/cho-ocop');
    await page.getByLabel('Tìm sản phẩm, cửa hàng').fill('mat ong');
    await clickAndWait(page, page.getByRole('button', { name: 'Tìm', exact: true }));
    await expect(page.locator('.listing-card').count()).resolves.toBe(2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'market floor');
    await screenshots(page, 'j15-market-1-floor');
    await clickAndWait(page, page.getByRole('link', { name: 'Mật ong bạc hà Mèo Vạc' }));
    await expectAccessible(page, 'listing');
    await screenshots(page, 'j15-market-2-listing');
    await addToCart(page, m.listingA.url, 'Chai 250 g');
    await addToCart(page, m.listingB.url, 'Chai 500 ml');
    // The province first (the commune list follows it), then the rest.
    await page.getByLabel('Tỉnh/thành phố nhận hàng').selectOption('01');
    await page.waitForURL(/tinh=01/);
    await page.getByLabel('Họ và tên người nhận').fill('Nguyễn Thị Mua');
    await page.getByLabel('Số điện thoại').first().fill('0987 654 321');
    await page.getByLabel('Xã/phường').selectOption('00070');
    await page.getByLabel('Số nhà, đường, thôn/xóm').fill('12 Hàng Đường');
    await page.getByLabel('Chuyển khoản (quét mã VietQR)').check();
    await expectAccessible(page, 'cart');
    await screenshots(page, 'j15-market-3-cart');
    await clickAndWait(page, page.getByRole('button', { name: 'Đặt hàng' }));
    await expect(page.getByRole('heading', { name: 'Đặt hàng thành công' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('img.vietqr-code').count()).resolves.toBe(2);
    for (const img of await page.locator('img.vietqr-code').all()) expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    const found = await page.locator('.order-card h2 code').allTextContents();
    expect(found).toHaveLength(2);
    const byShop = await page.locator('.order-card').evaluateAll((cards) => cards.map((c) => [c.querySelector('h2 code')!.textContent!, c.textContent!.includes('HTX Ong mật Mèo Vạc')] as const));
    codes = { a: byShop.find(([, a]) => a)![0], b: byShop.find(([, a]) => !a)![0] };
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'orders');
    await screenshots(page, 'j15-market-4-orders');
    await context.close();
  });

  it('the first shop, on its phone, records the transfer, confirms and ships', async () => {
    const seller = await asUser(s.app, s.deps, { role: 'producer', producerId: m.cat.producerIds.meoVac });
    const { context, page } = await openPageAs(browser, s, seller, phoneOpts);
    await page.goto('/admin/cua-hang');
    expect(new URL(page.url()).pathname).toBe(`/admin/cua-hang/${m.shopA.id}`);
    const order = page.locator(`#order-${codes.a}`);
    await clickAndWait(page, order.getByRole('button', { name: 'Đã nhận tiền' }));
    await expect(page.getByText('Đã ghi nhận tiền chuyển khoản.').isVisible()).resolves.toBe(true);
    await clickAndWait(page, page.locator(`#order-${codes.a}`).getByRole('button', { name: 'Xác nhận đơn' }));
    const again = page.locator(`#order-${codes.a}`);
    await again.getByLabel('Đơn vị vận chuyển').fill('Viettel Post');
    await again.getByLabel('Mã vận đơn').fill('VTP123456789');
    await screenshots(page, 'j15-market-5-shop-orders');
    await clickAndWait(page, again.getByRole('button', { name: 'Giao hàng' }));
    await expect(page.getByText('Đã ghi nhận giao cho đơn vị vận chuyển.').isVisible()).resolves.toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'shop orders');
    await context.close();
  });

  it('a bank notification pays the second order; the shopper follows both, confirms the first received and reviews it', async () => {
    const key = json(await s.app.inject({ method: 'POST', url: `/api/v1/market/shops/${m.shopB.id}/notify-key`, headers: m.sellerB.headers() })).key as string;
    const total = json(await s.app.inject(`/api/v1/market/orders/${codes.b}?phone=0987654321`)).total as number;
    const res = await fetch(`${s.baseUrl}/api/v1/market/payments/notifications`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Apikey ${key}` },
      body: JSON.stringify({ id: 556_677, gateway: 'BIDV', transactionDate: '2026-07-02 10:15:00', accountNumber: '21510001234567', code: null,
        content: `${codes.b} chuyen tien`, transferType: 'in', transferAmount: total, accumulated: 0, subAccount: null, referenceCode: 'FT26183', description: '' }),
    });
    expect(await res.json()).toMatchObject({ success: true, outcome: 'paid', order: codes.b });
    const delivered = await s.app.inject({ method: 'POST', url: `/api/v1/market/shop-orders/${codes.a}/actions`, headers: m.sellerA.headers(), payload: { action: 'deliver' } });
    expect(delivered.statusCode, delivered.body).toBe(200);

    const { context, page } = await openPublicPage(browser, s, phoneOpts);
    const follow = async (code: string) => {
      await page.goto('/don-hang');
      await page.getByLabel('Mã đơn hàng').fill(code.toLowerCase());
      await page.getByLabel('Số điện thoại').fill('0987654321');
      await clickAndWait(page, page.getByRole('button', { name: 'Tra cứu' }));
    };
    await follow(codes.b);
    await expect(page.locator(`#order-${codes.b}`).getByText('Đã thanh toán').isVisible()).resolves.toBe(true);
    await follow(codes.a);
    const card = page.locator(`#order-${codes.a}`);
    await expect(card.getByText('Đã giao', { exact: true }).first().isVisible()).resolves.toBe(true);
    await expect(card.getByText('VTP123456789').isVisible()).resolves.toBe(true);
    await clickAndWait(page, card.getByRole('button', { name: 'Đã nhận được hàng' }));
    const done = page.locator(`#order-${codes.a}`);
    await expect(done.getByText('Hoàn tất').first().isVisible()).resolves.toBe(true);
    await done.getByLabel('Số sao').selectOption('5');
    await done.getByLabel('Nhận xét').fill('Mật ong thơm, giao nhanh.');
    await screenshots(page, 'j15-market-6-review');
    await clickAndWait(page, done.getByRole('button', { name: 'Gửi đánh giá' }));
    await expect(page.getByText('Cảm ơn bạn đã đánh giá.').isVisible()).resolves.toBe(true);
    await page.goto(m.listingA.url);
    await expect(page.getByText('Mật ong thơm, giao nhanh.').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'listing with a review');
    await context.close();
  });

  it('a revoked certificate takes the listing off the floor and out of the cart', async () => {
    const { context, page } = await openPublicPage(browser, s, phoneOpts);
    await addToCart(page, m.listingB.url, 'Chai 500 ml');
    // A 5★ certificate: revoked by the national authority.
    const officer = await asUser(s.app, s.deps, { role: 'national_admin' });
    const revoked = await s.app.inject({
      method: 'POST', url: '/api/v1/certificates/OCOP-38-2025-00002/revoke', headers: officer.headers(),
      payload: { reason: 'Hậu kiểm: không duy trì chất lượng', legalBasis: 'Điều 10 Quyết định 26/2026/QĐ-TTg' },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    await page.goto('/cho-ocop');
    await expect(page.getByRole('link', { name: 'Mật ong rừng Pù Luông' }).count()).resolves.toBe(0);
    await page.goto('/gio-hang');
    await expect(page.getByText('Sản phẩm này không còn được bán').isVisible()).resolves.toBe(true);
    await context.close();
  });
});
