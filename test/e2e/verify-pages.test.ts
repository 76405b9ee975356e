/**
 * The verification page in a real browser on a phone-sized viewport (skipped without Chromium):
 * a valid, an expired, a revoked and an unknown code give four clearly different pages (state,
 * colour, border, icon, words); the "report a suspected fake" form works — with JavaScript and
 * without — and lands in the officers' queue; no serious axe violations, no page errors. With
 * SCREENSHOTS=1 the pages are saved under docs/screenshots/verify-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import {
  expectAccessible, hasChromium, launchChromium, openPageAs, openPublicPage, PHONE, screenshots, serveTestApp, submitRefused, type ServedApp,
} from '../helpers/e2e';
import { asUser, type AuthedUser } from '../helpers/app';
import { createTestUser } from '../helpers/users';
import { AREAS } from '../helpers/builders';
import { certify, type Certified } from '../helpers/verify-fixtures';
import { certificates } from '../../src/modules/certification/certification.tables';
import { verificationChanged } from '../../src/modules/verify/verify-changes';

describe.skipIf(!hasChromium())('verification pages on a phone', () => {
  let s: ServedApp;
  let browser: Browser;
  let officer: AuthedUser;
  let valid: Certified;
  let expired: Certified;
  let revoked: Certified;
  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp({ clock: () => new Date('2026-07-02T03:00:00Z') }), launchChromium()]);
    officer = await asUser(s.app, s.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
    [valid, expired, revoked] = (await certify(s, officer, [{ mean: 78 }, { mean: 64 }, { mean: 57 }])) as [Certified, Certified, Certified];
    // A certificate issued three years ago has run out (dates written directly, then announced like any change).
    await s.deps.database.db.update(certificates).set({ issuedOn: '2023-05-15', expiresOn: '2026-05-15' }).where(sql`${certificates.id} = ${expired.id}`);
    await verificationChanged(s.ctx, { certificateIds: [expired.id] });
    const r = await s.app.inject({
      method: 'POST', url: `/api/v1/certificates/${revoked.number}/revoke`, headers: officer.headers(),
      payload: { reason: 'Hậu kiểm: sản phẩm không đạt chỉ tiêu vi sinh', legalBasis: 'Điều 10 Quyết định 26/2026/QĐ-TTg' },
    });
    expect(r.statusCode, r.body).toBe(200);
  });
  afterAll(async () => { await browser?.close(); await s?.close(); });

  const verdictLook = (page: Page) => page.locator('.verify-verdict').evaluate((el) => {
    const cs = getComputedStyle(el);
    return { status: el.getAttribute('data-status'), border: `${cs.borderLeftStyle} ${cs.borderLeftWidth} ${cs.borderLeftColor}`, background: cs.backgroundColor, word: el.querySelector('.verify-word')?.textContent };
  });

  it('valid, expired, revoked and unknown are four clearly different pages', async () => {
    const { context, page, errors } = await openPublicPage(browser, s, { viewport: PHONE, isMobile: true, hasTouch: true });
    const seen: Awaited<ReturnType<typeof verdictLook>>[] = [];
    for (const [code, status, word, name] of [
      [valid.number, 'valid', 'HỢP LỆ', 'verify-1-valid'],
      [expired.number, 'expired', 'HẾT HIỆU LỰC', 'verify-2-expired'],
      [revoked.number, 'revoked', 'ĐÃ BỊ THU HỒI', 'verify-3-revoked'],
      ['OCOP-38-2026-77777', 'unknown', 'KHÔNG TÌM THẤY', 'verify-4-unknown'],
    ] as const) {
      const res = await page.goto(`/v/${code}`);
      expect(res?.status()).toBe(200);
      const look = await verdictLook(page);
      expect(look.status).toBe(status);
      expect(look.word).toBe(word);
      await expect(page.getByRole(status === 'unknown' ? 'alert' : 'status').first().textContent()).resolves.toContain(word);
      await expect(page.getByRole('heading', { name: 'Số sao OCOP nghĩa là gì?' }).isVisible()).resolves.toBe(true);
      // Nothing wider than the phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await expectAccessible(page, `verify ${status}`);
      await screenshots(page, name);
      seen.push(look);
    }
    expect(new Set(seen.map((l) => l.border)).size).toBe(4);
    expect(new Set(seen.map((l) => l.background)).size).toBe(4);
    await page.goto(`/v/${valid.number}?lang=en`);
    expect((await verdictLook(page)).word).toBe('VALID');
    await screenshots(page, 'verify-5-valid-en');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the report form: errors shown inline, then sent with a photo, and it reaches the province\'s queue', async () => {
    const { context, page, errors } = await openPublicPage(browser, s, { viewport: PHONE, isMobile: true, hasTouch: true });
    await page.goto(`/v/${valid.number}`);
    await page.getByText('Báo sản phẩm nghi là hàng giả').click();
    await page.getByLabel('Bạn thấy điều gì đáng ngờ?').fill('mờ');
    await page.getByLabel('Bạn thấy sản phẩm ở đâu?').fill('Chợ Nam Ngạn, TP Thanh Hóa');
    await submitRefused(page, page.getByRole('button', { name: 'Gửi phản ánh' }));
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('ít nhất 10 ký tự');
    await expect(page.getByLabel('Bạn thấy sản phẩm ở đâu?').inputValue()).resolves.toBe('Chợ Nam Ngạn, TP Thanh Hóa');
    await expectAccessible(page, 'report form with errors');
    await screenshots(page, 'verify-6-report-errors');

    await page.getByLabel('Bạn thấy điều gì đáng ngờ?').fill('Tem OCOP in mờ, mã QR dán đè lên nhãn cũ, giá rẻ bất thường.');
    await page.getByLabel(/Số điện thoại hoặc thư điện tử/).fill('0912 345 678');
    const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#d4a017' } }).jpeg().toBuffer();
    await page.getByLabel(/Ảnh sản phẩm/).setInputFiles({ name: 'tem.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    await page.waitForURL(/\?sent=BC-/);
    await expect(page.getByText('Cảm ơn bạn!').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'report sent');
    await screenshots(page, 'verify-7-report-sent');
    expect(errors).toEqual([]);
    await context.close();

    const provinceOfficer = await createTestUser(s.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, displayName: 'Cán bộ VP OCOP Thanh Hóa' });
    const back = await openPageAs(browser, s, provinceOfficer);
    await back.page.setViewportSize(PHONE);
    await back.page.goto('/admin/reports');
    await expect(back.page.locator('.report-card').first().textContent()).resolves.toContain('mã QR dán đè');
    await expect(back.page.getByRole('link', { name: 'Xem ảnh' }).count()).resolves.toBe(1);
    await expectAccessible(back.page, 'reports queue');
    await screenshots(back.page, 'verify-8-reports-queue');
    await back.page.locator('.report-card select[name="status"]').first().selectOption('reviewing');
    await back.page.getByRole('button', { name: 'Lưu' }).first().click();
    await back.page.waitForURL(/done=1/);
    await expect(back.page.getByText('Đã lưu phản ánh.').isVisible()).resolves.toBe(true);
    expect(back.errors).toEqual([]);
    await back.context.close();
  });

  it('works without JavaScript: the verdict and the report form', async () => {
    // Without JavaScript nothing reports CSP events; Chromium's console lines still do.
    const { context, page } = await openPublicPage(browser, s, { viewport: PHONE, javaScriptEnabled: false });
    await page.goto(`/v/${revoked.number}`);
    expect((await verdictLook(page)).status).toBe('revoked');
    await page.getByText('Báo sản phẩm nghi là hàng giả').click();
    await page.getByLabel('Bạn thấy điều gì đáng ngờ?').fill('Cửa hàng vẫn bán với nhãn OCOP 3 sao dù đã bị thu hồi.');
    await page.getByLabel('Bạn thấy sản phẩm ở đâu?').fill('Cửa hàng đặc sản Sầm Sơn');
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    await page.waitForURL(/\?sent=BC-/);
    await expect(page.getByText('Cảm ơn bạn!').isVisible()).resolves.toBe(true);
    await page.goto('/v');
    await page.getByLabel('Số giấy chứng nhận hoặc mã tem').fill(valid.number.toLowerCase());
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    expect((await verdictLook(page)).status).toBe('valid');
    await context.close();
  });
});
