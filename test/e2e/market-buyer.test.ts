/**
 * A buyer's account on the OCOP market, on a phone (issue 15), in Chromium: from the cart a
 * shopper creates an account, checks out keeping the new address, finds the account with the
 * address and the order, adds a second address and makes it the default, checks out again to it in
 * one tap, follows both orders from "Đơn hàng của tôi" without typing the phone, and reviews a
 * completed one with a photo (a file that is not an image is refused with a visible message first).
 * No console error, CSP violation, failed request or silent refusal (test/setup/e2e-guards.ts).
 * With SCREENSHOTS=1: docs/screenshots/j15-buyer-*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  clickAndWait, expectAccessible, hasChromium, launchChromium, openPublicPage, PHONE, screenshots, serveTestApp, submitRefused, type ServedApp,
} from '../helpers/e2e';
import { seedMarket, type MarketFixture } from '../helpers/market-fixtures';
import { PORTAL_NOW } from '../helpers/portal-fixtures';

describe.skipIf(!hasChromium())('a buyer\'s account on a phone', () => {
  let s: ServedApp;
  let browser: Browser;
  let m: MarketFixture;
  let context: BrowserContext;
  let page: Page;
  const orders: string[] = [];

  beforeAll(async () => {
    // The portal's day, running: orders placed one after the other are listed newest first.
    const started = Date.now();
    const clock = () => new Date(PORTAL_NOW.getTime() + Date.now() - started);
    [s, browser] = await Promise.all([serveTestApp({ clock, env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1' } }), launchChromium()]);
    m = await seedMarket(s);
    ({ context, page } = await openPublicPage(browser, s, { viewport: PHONE, isMobile: true, hasTouch: true }));
  }, 90_000);
  afterAll(async () => { await context?.close(); await browser?.close(); await s?.close(); });

  const fitsThePhone = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  const addToCart = async (listingUrl: string, variant: string) => {
    await page.goto(listingUrl);
    await page.getByLabel(new RegExp(variant)).check();
    await clickAndWait(page, page.getByRole('button', { name: 'Thêm vào giỏ' }));
  };
  const placedCodes = async () => page.locator('.order-card h2 code').allTextContents();

  it('creates an account from the cart and checks out, keeping the new address', async () => {
    await addToCart(m.listingA.url, 'Chai 250 g');
    await clickAndWait(page, page.getByRole('link', { name: 'Tạo tài khoản để lưu địa chỉ và theo dõi đơn' }));
    await page.getByLabel('Họ và tên').fill('Hoàng Thị Mai');
    await page.getByLabel('Số điện thoại').fill('0912 345 999');
    await page.getByLabel('Thư điện tử').fill('mai@example.org');
    await page.getByLabel('Mật khẩu', { exact: true }).fill('chợ-OCOP-2026');
    await page.getByLabel('Nhập lại mật khẩu').fill('chợ-OCOP-2026');
    await expectAccessible(page, 'sign-up');
    await fitsThePhone();
    await screenshots(page, 'j15-buyer-1-signup');
    await clickAndWait(page, page.getByRole('button', { name: 'Tạo tài khoản' }));
    // Back at the cart, signed in: name and phone filled in, the address to choose.
    expect(new URL(page.url()).pathname).toBe('/gio-hang');
    await expect(page.getByLabel('Họ và tên người nhận').inputValue()).resolves.toBe('Hoàng Thị Mai');
    await page.getByLabel('Tỉnh/thành phố nhận hàng').selectOption('01');
    await page.waitForURL(/tinh=01/);
    await expect(page.getByLabel('Số điện thoại').inputValue()).resolves.toBe('0912345999');
    await page.getByLabel('Xã/phường').selectOption('00070');
    await page.getByLabel('Số nhà, đường, thôn/xóm').fill('12 Hàng Đường');
    await page.getByLabel('Lưu địa chỉ này vào tài khoản').check();
    await page.getByLabel('Trả tiền mặt khi nhận hàng').check();
    await expectAccessible(page, 'checkout signed in');
    await clickAndWait(page, page.getByRole('button', { name: 'Đặt hàng' }));
    await expect(page.getByRole('heading', { name: 'Đặt hàng thành công' }).isVisible()).resolves.toBe(true);
    orders.push(...await placedCodes());
    expect(orders).toHaveLength(1);
  });

  it('finds the address and the order in the account; adds another address and makes it the default', async () => {
    await page.goto('/tai-khoan');
    await expect(page.getByText('12 Hàng Đường').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: new RegExp(orders[0]!) }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'account');
    await fitsThePhone();
    await screenshots(page, 'j15-buyer-2-account');
    await clickAndWait(page, page.getByRole('link', { name: 'Quản lý địa chỉ' }));
    await clickAndWait(page, page.getByRole('link', { name: 'Thêm địa chỉ' }));
    await page.getByLabel('Tỉnh/thành phố nhận hàng').selectOption('08');
    await page.waitForURL(/tinh=08/);
    // Refused first (no street): the summary says why, what was typed stays.
    await page.getByLabel('Họ và tên người nhận').fill('Hoàng Văn Nhận');
    await page.getByLabel('Xã/phường').selectOption('00769');
    const said = await submitRefused(page, page.getByRole('button', { name: 'Lưu địa chỉ' }));
    expect(said).toContain('Số nhà, đường, thôn/xóm');
    await page.getByLabel('Số nhà, đường, thôn/xóm').fill('Thôn Pả Vi Hạ');
    await page.getByLabel('Dùng làm địa chỉ mặc định').check();
    await expectAccessible(page, 'address form');
    await screenshots(page, 'j15-buyer-3-address-form');
    await clickAndWait(page, page.getByRole('button', { name: 'Lưu địa chỉ' }));
    await expect(page.getByText('Đã lưu địa chỉ.').isVisible()).resolves.toBe(true);
    const first = page.locator('.address-card').first();
    await expect(first.getByText('Thôn Pả Vi Hạ').isVisible()).resolves.toBe(true);
    await expect(first.getByText('Mặc định').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'addresses');
    await fitsThePhone();
    await screenshots(page, 'j15-buyer-4-addresses');
  });

  it('checks out to the default address in one tap, then follows both orders without the phone', async () => {
    await addToCart(m.listingB.url, 'Chai 500 ml');
    const kept = page.getByRole('group', { name: 'Giao đến địa chỉ đã lưu' });
    await expect(kept.getByRole('radio', { name: /Thôn Pả Vi Hạ/ }).isChecked()).resolves.toBe(true);
    await page.getByLabel('Trả tiền mặt khi nhận hàng').check();
    await expectAccessible(page, 'checkout with kept addresses');
    await fitsThePhone();
    await screenshots(page, 'j15-buyer-5-checkout');
    await clickAndWait(page, page.getByRole('button', { name: 'Đặt hàng' }));
    orders.push(...await placedCodes());
    await page.goto('/tai-khoan/don-hang');
    const listed = await page.locator('.my-order h2 code').allTextContents();
    expect(listed).toEqual([...orders].reverse());
    await expect(page.getByText('Chờ xác nhận').first().isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'my orders');
    await fitsThePhone();
    await screenshots(page, 'j15-buyer-6-orders');
    await clickAndWait(page, page.getByRole('link', { name: new RegExp(orders[0]!) }));
    await expect(page.locator(`#order-${orders[0]}`).isVisible()).resolves.toBe(true);
  });

  it('reviews a completed order with a photo, after a file that is not an image is refused', async () => {
    const code = orders[0]!;
    for (const action of ['confirm', 'ship', 'deliver']) {
      const res = await s.app.inject({ method: 'POST', url: `/api/v1/market/shop-orders/${code}/actions`, headers: m.sellerA.headers(), payload: { action, carrier: 'VNPost', trackingNumber: 'EV77' } });
      expect(res.statusCode, res.body).toBe(200);
    }
    await page.goto(`/don-hang/${code}`);
    await clickAndWait(page, page.locator(`#order-${code}`).getByRole('button', { name: 'Đã nhận được hàng' }));
    const card = page.locator(`#order-${code}`);
    await card.getByLabel('Số sao').selectOption('5');
    await card.getByLabel('Nhận xét').fill('Mật ong thơm, đóng chai cẩn thận.');
    await card.getByLabel('Ảnh sản phẩm bạn nhận được').setInputFiles({ name: 'ghi-chu.txt', mimeType: 'text/plain', buffer: Buffer.from('không phải ảnh') });
    const said = await submitRefused(page, card.getByRole('button', { name: 'Gửi đánh giá' }));
    expect(said).toContain('Tệp không phải ảnh JPEG, PNG hoặc WebP.');
    const again = page.locator(`#order-${code}`);
    await expect(again.getByLabel('Nhận xét').inputValue()).resolves.toBe('Mật ong thơm, đóng chai cẩn thận.');
    const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#d9a441' } }).jpeg().toBuffer();
    await again.getByLabel('Ảnh sản phẩm bạn nhận được').setInputFiles({ name: 'mat-ong.jpg', mimeType: 'image/jpeg', buffer: photo });
    await screenshots(page, 'j15-buyer-7-review');
    await clickAndWait(page, again.getByRole('button', { name: 'Gửi đánh giá' }));
    await expect(page.getByText('Cảm ơn bạn đã đánh giá.').isVisible()).resolves.toBe(true);
    await page.goto(m.listingA.url);
    const thumb = page.locator('.review-photo img');
    await expect(thumb.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth)).resolves.toBeGreaterThan(0);
    await thumb.scrollIntoViewIfNeeded();
    await expectAccessible(page, 'listing with a review photo');
    await fitsThePhone();
    await screenshots(page, 'j15-buyer-8-review-photo');
  });
});
