/**
 * The shopper's verification journey on a phone (issue 12, defect 9), in Chromium: the code box
 * within the first screen and above the explanations; the camera button where BarcodeDetector
 * exists (stubbed here, with a canvas standing in for the camera) and the photo fallback where it
 * does not (Chromium on Linux has none), read on the server; the code entered shown back with
 * "Sửa mã"; "not found" an amber alert with what to do; a report refused for contact "abc", then
 * sent with a reference, followed on /v/theo-doi. No console error or CSP violation anywhere.
 * With SCREENSHOTS=1: docs/screenshots/j12-verify-*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import sharp from 'sharp';
import type { Browser, BrowserContext } from 'playwright-core';
import {
  expectAccessible, hasChromium, launchChromium, newAppContext, PHONE, screenshots, serveTestApp, trackPageErrors, type ServedApp,
} from '../helpers/e2e';
import { asUser, type AuthedUser } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { certify, type Certified } from '../helpers/verify-fixtures';

describe.skipIf(!hasChromium())('verification journey on a phone', () => {
  let s: ServedApp;
  let browser: Browser;
  let officer: AuthedUser;
  let cert: Certified;
  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp({ clock: () => new Date('2026-07-02T03:00:00Z') }), launchChromium()]);
    officer = await asUser(s.app, s.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
    [cert] = (await certify(s, officer, [{ mean: 78 }])) as [Certified];
  });
  afterAll(async () => { await browser?.close(); await s?.close(); });

  const phone = (): Promise<BrowserContext> => newAppContext(browser, s, { viewport: PHONE, isMobile: true, hasTouch: true });

  it('/v: the code box comes first, large; the photo fallback where BarcodeDetector is missing', async () => {
    const context = await phone();
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    await page.goto('/v');
    expect(await page.evaluate(() => 'BarcodeDetector' in window)).toBe(false);
    const box = await page.locator('#verify-code').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThan(PHONE.height / 2);
    expect(box!.height).toBeGreaterThanOrEqual(44);
    const stars = await page.getByRole('heading', { name: 'Số sao OCOP nghĩa là gì?' }).boundingBox();
    expect(box!.y).toBeLessThan(stars!.y);
    expect(await page.locator('#report').evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThan(box!.y);
    // No camera button without BarcodeDetector; the photo input instead (sent as soon as chosen).
    await expect(page.getByRole('button', { name: 'Quét mã QR' }).isVisible()).resolves.toBe(false);
    await expect(page.getByLabel('Chụp ảnh mã QR').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Chụp ảnh mã QR').getAttribute('capture')).resolves.toBe('environment');
    await expect(page.getByRole('button', { name: 'Đọc mã trong ảnh' }).isVisible()).resolves.toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'verify lookup');
    await screenshots(page, 'j12-verify-1-lookup');

    const qr = await QRCode.toBuffer(`${s.baseUrl}/v/${cert.number}`, { type: 'png', width: 320, margin: 4 });
    const photo = await sharp({ create: { width: 1000, height: 750, channels: 3, background: '#c9c2b4' } })
      .composite([{ input: qr, left: 340, top: 215 }]).jpeg({ quality: 88 }).toBuffer();
    await page.getByLabel('Chụp ảnh mã QR').setInputFiles({ name: 'qr.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.waitForURL(new RegExp(`/v/${cert.number}$`));
    await expect(page.locator('.verify-verdict').getAttribute('data-status')).resolves.toBe('valid');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('without JavaScript: no camera button, the photo form still reads the QR code on the server', async () => {
    const context = await newAppContext(browser, s, { viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/v');
    await expect(page.getByRole('button', { name: 'Quét mã QR' }).isVisible()).resolves.toBe(false);
    const qr = await QRCode.toBuffer(cert.number, { type: 'png', width: 280, margin: 4 });
    await page.getByLabel('Chụp ảnh mã QR').setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: qr });
    await page.getByRole('button', { name: 'Đọc mã trong ảnh' }).click();
    await page.waitForURL(new RegExp(`/v/${cert.number}$`));
    await expect(page.locator('.verify-verdict').getAttribute('data-status')).resolves.toBe('valid');
    await context.close();
  });

  it('the camera button where BarcodeDetector exists: a QR code seen opens its page', async () => {
    const context = await phone();
    await context.addInitScript((code: string) => {
      class FakeDetector {
        static async getSupportedFormats() { return ['qr_code', 'ean_13']; }
        private frames = 0;
        async detect() { this.frames += 1; return this.frames < 3 ? [] : [{ rawValue: code, format: 'qr_code' }]; }
      }
      (window as unknown as { BarcodeDetector: unknown }).BarcodeDetector = FakeDetector;
      // A canvas stands in for the rear camera.
      const canvas = document.createElement('canvas');
      canvas.width = 320; canvas.height = 240;
      const fake = async () => {
        canvas.getContext('2d')!.fillRect(0, 0, 320, 240);
        return canvas.captureStream(5);
      };
      Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia: fake }, configurable: true });
    }, cert.number);
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    await page.goto('/v');
    const scan = page.getByRole('button', { name: 'Quét mã QR' });
    await expect(scan.isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Chụp ảnh mã QR').isVisible()).resolves.toBe(false);
    const button = await scan.boundingBox();
    expect(button!.y).toBeLessThan(PHONE.height / 2 + 100);
    await screenshots(page, 'j12-verify-1b-lookup-camera');
    await scan.click();
    await page.waitForURL(new RegExp(`/v/${cert.number}$`));
    await expect(page.locator('.verify-verdict').getAttribute('data-status')).resolves.toBe('valid');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a found result shows the code entered, and "Sửa mã" puts the cursor in the box', async () => {
    const context = await phone();
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    await page.goto(`/v/${cert.number}`);
    await expect(page.locator('.verify-entered').textContent()).resolves.toContain(`Mã bạn đã nhập: ${cert.number}`);
    await page.getByRole('link', { name: 'Sửa mã' }).first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('verify-code');
    await expect(page.locator('#verify-code').inputValue()).resolves.toBe(cert.number);
    await expectAccessible(page, 'verify found');
    await screenshots(page, 'j12-verify-2-found');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('not found is an amber alert that says what to do', async () => {
    const context = await phone();
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    await page.goto('/v/OCOP-38-2019-99999');
    const alert = page.getByRole('alert');
    await expect(alert.textContent()).resolves.toMatch(/KHÔNG TÌM THẤY[\s\S]*Bạn nên làm gì\?[\s\S]*Kiểm tra lại từng ký tự/);
    const look = await alert.evaluate((el) => {
      const cs = getComputedStyle(el);
      return { border: cs.borderLeftColor, background: cs.backgroundColor, width: cs.borderLeftWidth };
    });
    // Not grey: a warm warning colour (red channel well above blue), a thick left border.
    const rgb = (c: string) => (c.match(/\d+/g) ?? []).map(Number);
    const [r, , b] = rgb(look.border);
    expect(r! - b!).toBeGreaterThan(100);
    expect(look.width).toBe('12px');
    await expect(page.locator('#report').getAttribute('open')).resolves.not.toBeNull();
    await expectAccessible(page, 'verify not found');
    await screenshots(page, 'j12-verify-3-not-found');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a report: contact "abc" refused with a field error, then sent with a reference that can be followed', async () => {
    const context = await phone();
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    await page.goto(`/v/${cert.number}`);
    await page.getByText('Báo sản phẩm nghi là hàng giả').click();
    await page.getByLabel('Bạn thấy điều gì đáng ngờ?').fill('Tem OCOP in mờ, mã QR dán đè lên nhãn cũ, giá rẻ bất thường.');
    await page.getByLabel('Bạn thấy sản phẩm ở đâu?').fill('Chợ Nam Ngạn, TP Thanh Hóa');
    await page.getByLabel(/Số điện thoại hoặc thư điện tử/).fill('abc');
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Hãy nhập số điện thoại Việt Nam');
    await expect(page.locator('#field-contact').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByLabel(/Số điện thoại hoặc thư điện tử/).fill('0912 345 678');
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    await page.waitForURL(/\?sent=BC-2026-\d{6}$/);
    const reference = (await page.locator('[data-reference]').textContent())!;
    expect(reference).toMatch(/^BC-2026-\d{6}$/);
    await expect(page.getByText('Mã phản ánh của bạn:').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'report sent');
    await screenshots(page, 'j12-verify-4-report-sent');

    await page.getByRole('link', { name: 'Theo dõi phản ánh' }).click();
    await expect(page.getByLabel('Mã phản ánh').inputValue()).resolves.toBe(reference);
    await page.getByLabel('Số điện thoại hoặc thư điện tử đã để lại').fill('+84 912 345 678');
    await page.getByRole('button', { name: 'Xem tình trạng' }).click();
    await expect(page.locator('.verify-follow-result').textContent()).resolves.toContain('Đã nhận, đang chờ cán bộ xem xét.');
    await expectAccessible(page, 'report followed');
    await screenshots(page, 'j12-verify-5-follow');
    expect(errors).toEqual([]);
    await context.close();
  });
});
