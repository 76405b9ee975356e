/**
 * Stamps in a real browser (skipped without Chromium), on a phone and on a desktop: a province
 * officer issues a batch (after a form error), downloads the label sheet, sees a scan alert on the
 * board and acknowledges it, and voids the batch; a serial from the sheet matches its batch until
 * the batch is voided. No serious axe violations, no page errors. With SCREENSHOTS=1 the pages are
 * saved under docs/screenshots/stamps-*.png.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectAccessible, hasChromium, launchChromium, openPageAs, PHONE, screenshots, serveTestApp, submitRefused, type ServedApp } from '../helpers/e2e';
import { asUser } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { certifyProducts } from '../helpers/stamps-fixtures';
import { makeCtx } from '../../src/context';
import { lookupStamp, noteStampScan } from '../../src/modules/stamps/stamp-lookup';
import { EXCESSIVE_SCANS, flushStampScans } from '../../src/modules/stamps/stamp-scans';

describe.skipIf(!hasChromium())('stamps pages', () => {
  let s: ServedApp;
  let browser: Browser;
  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp({ clock: () => new Date('2026-07-02T03:00:00Z') }), launchChromium()]);
  });
  afterAll(async () => { await browser?.close(); await s?.close(); });

  it('issue a batch → download the sheet → an alert → void the batch', async () => {
    const officer = await asUser(s.app, s.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, displayName: 'Cán bộ tỉnh Thanh Hóa' });
    await certifyProducts(s, officer, [{ mean: 72.5 }, { mean: 86 }]);
    const { page, errors } = await openPageAs(browser, s, officer);
    await page.setViewportSize(PHONE);

    await page.goto('/admin/stamps');
    await expectAccessible(page, 'stamps board (phone)');
    await page.getByRole('link', { name: 'Cấp lô tem' }).click();
    await page.waitForURL(/\/admin\/stamps\/new$/);
    await expectAccessible(page, 'choose a product');
    await screenshots(page, 'stamps-1-choose');
    await page.getByRole('link', { name: /^Chọn/ }).first().click();
    await page.waitForURL(/product=/);

    // A form error first: no quantity, no printer.
    await submitRefused(page, page.getByRole('button', { name: 'Cấp lô tem' }));
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Số lượng tem');
    await expectAccessible(page, 'issue form with errors');
    await screenshots(page, 'stamps-2-form-errors');
    await page.fill('#field-quantity', '60');
    await page.fill('#field-printer', 'Công ty CP In Thanh Hóa');
    await page.getByRole('button', { name: 'Cấp lô tem' }).click();
    await page.waitForURL(/\/admin\/stamps\/[0-9a-f-]+\?done=issued/);
    await expectAccessible(page, 'batch page (phone)');
    await screenshots(page, 'stamps-3-batch');
    const batchUrl = page.url().replace(/\?.*$/, '');

    // The label sheet downloads as a PDF; its first serial belongs to the batch.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải tờ tem (PDF)' }).click()]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const serial = (await page.locator('code.stamp-serial').first().textContent())!.trim();
    expect(pdf.toString('latin1')).toContain(serial);
    const ctx = makeCtx(s.deps);
    const match = await lookupStamp(ctx, serial);
    expect(match).toMatchObject({ batchStatus: 'issued' });

    // Someone copies the stamp: far too many scans → an alert on the board.
    for (let i = 0; i <= EXCESSIVE_SCANS; i++) await noteStampScan(s.deps, match!);
    await flushStampScans(s.deps);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/admin/stamps');
    await expect(page.locator('.stamp-alert').first().textContent()).resolves.toContain('Quét quá nhiều lần');
    await expectAccessible(page, 'stamps board with an alert (desktop)');
    await screenshots(page, 'stamps-4-board');
    await page.getByRole('button', { name: 'Đánh dấu đã xử lý' }).first().click();
    await page.waitForURL(/done=acknowledged/);
    expect(await page.locator('.stamp-alert').count()).toBe(0);

    // Void it (a reason is required).
    await page.goto(batchUrl);
    await submitRefused(page, page.getByRole('button', { name: 'Hủy lô tem' }));
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Lý do hủy');
    await page.fill('#field-reason', 'Thất lạc 2 cuộn tem khi vận chuyển (biên bản số 12/BB)');
    await page.getByRole('button', { name: 'Hủy lô tem' }).click();
    await page.waitForURL(/done=voided/);
    await expect(page.locator('.badge').first().textContent()).resolves.toContain('Đã hủy');
    await expectAccessible(page, 'voided batch (desktop)');
    await screenshots(page, 'stamps-5-voided');
    expect(await lookupStamp(ctx, serial)).toMatchObject({ batchStatus: 'voided' });
    expect(errors).toEqual([]);
  }, 60_000);
});
