/**
 * A producer opens, fills in and submits a dossier on a phone (issue 12, defect 8): the error for
 * no product chosen is visible and specific, choosing a file uploads it (one tap), a wrong file
 * type is told once with the accepted types and the limit, after submitting the page says who
 * processes the dossier next and by when, and the dashboard lists the dossier with its next step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  clickAndWait, hasChromium, launchChromium, newAppContext, PHONE, screenshots, serveTestApp, signIn, trackPageErrors, type ServedApp,
} from '../helpers/e2e';
import { asUser, type AuthedUser } from '../helpers/app';
import { buildProduct } from '../helpers/builders';
import { BEST_ANSWERS, publishTestSheet } from '../helpers/sheets';
import { PDF } from '../helpers/dossier-fixtures';

const NOW = new Date('2026-12-06T05:00:00Z');

describe.skipIf(!hasChromium())('the producer\'s dossier journey on a phone', () => {
  let served: ServedApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let producer: AuthedUser;

  beforeAll(async () => {
    served = await serveTestApp({ clock: () => NOW });
    await publishTestSheet(served.ctx);
    producer = await asUser(served.app, served.deps, { role: 'producer', displayName: 'Chị Hà Thị Mai' });
    const product = await buildProduct(served.ctx, { producerId: producer.actor.producerId!, name: 'Mắm tép Hàm Rồng' });
    const saved = await served.app.inject({
      method: 'PUT', url: `/api/v1/products/${product.id}/self-assessment`, headers: producer.headers(), payload: { options: BEST_ANSWERS, knockOuts: [], left: [] },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    browser = await launchChromium();
    context = await newAppContext(browser, served, { viewport: PHONE, hasTouch: true, isMobile: true });
    await signIn(context, served, producer);
    page = await context.newPage();
    errors = trackPageErrors(page);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('asks to choose a product, visibly, then opens the dossier', async () => {
    await page.goto('/admin/dossiers/new');
    await expect.poll(() => page.getByRole('link', { name: 'Mẫu 01: Phiếu đăng ký sản phẩm' }).isVisible()).toBe(true);
    await clickAndWait(page, page.locator('main form button[type="submit"]'));
    const summary = page.locator('.error-summary');
    expect(await summary.isVisible()).toBe(true);
    expect(await summary.innerText()).toContain('Chọn sản phẩm cần lập hồ sơ.');
    expect(await page.locator('main').innerText()).not.toContain('Giá trị không hợp lệ');
    await page.getByLabel('Sản phẩm', { exact: false }).first().selectOption({ index: 1 });
    await clickAndWait(page, page.locator('main form button[type="submit"]'));
    expect(page.url()).toMatch(/\/admin\/dossiers\/[0-9a-f-]{36}$/);
    expect(await page.locator('main').innerText()).toContain('Quyết định 26/2026/QĐ-TTg');
  });

  it('uploads a file with one tap (choosing it sends it); the button is only for pages without script', async () => {
    const input = page.locator('#field-upload-registration_form');
    const form = page.locator('form[data-upload-auto]').filter({ has: input });
    expect(await form.locator('button[type="submit"]').isVisible()).toBe(false);
    await Promise.all([
      page.waitForURL(/done=upload/),
      input.setInputFiles({ name: 'mau-01-da-ky.pdf', mimeType: 'application/pdf', buffer: PDF }),
    ]);
    expect(await page.locator('#doc-registration_form').innerText()).toContain('mau-01-da-ky.pdf');
  });

  it('tells a wrong file type once, with the accepted types and the limit', async () => {
    await Promise.all([
      page.waitForURL(/\/documents$/),
      page.locator('#field-upload-business_registration').setInputFiles({ name: 'giay-phep.txt', mimeType: 'text/plain', buffer: Buffer.from('không phải PDF') }),
    ]);
    const message = 'Tệp “giay-phep.txt” không phải PDF, JPEG, PNG, WebP. Hãy chọn tệp PDF, JPEG, PNG, WebP, tối đa 10 MB.';
    const summary = page.locator('.error-summary');
    expect(await summary.isVisible()).toBe(true);
    expect(await summary.innerText()).toContain(message);
    const text = await page.locator('main').innerText();
    expect(text.split(message).length - 1).toBe(1);
    expect(text).not.toContain('Định dạng tệp không được hỗ trợ');
    await screenshots(page, 'j12-dossier-upload-error');
  });

  it('after submitting, says who processes the dossier next and by when', async () => {
    await Promise.all([
      page.waitForURL(/done=upload/),
      page.locator('#field-upload-business_registration').setInputFiles({ name: 'dkkd.pdf', mimeType: 'application/pdf', buffer: PDF }),
    ]);
    await clickAndWait(page, page.getByRole('button', { name: 'Nộp hồ sơ' }));
    expect(page.url()).toContain('done=submit');
    const next = page.locator('.card').filter({ hasText: 'Đã nộp hồ sơ' });
    expect(await next.isVisible()).toBe(true);
    const said = await next.innerText();
    expect(said).toMatch(/Ủy ban nhân dân .+ kiểm tra hồ sơ/);
    expect(said).toContain('30/12/2026');
    expect(await page.locator('.timeline').innerText()).toContain('Chị Hà Thị Mai');
    await screenshots(page, 'j12-dossier-submitted');
  });

  it('lists the dossier with its next step on the producer\'s dashboard', async () => {
    await page.goto('/admin');
    const card = page.locator('.card').filter({ hasText: 'Hồ sơ đánh giá của tôi' });
    expect(await card.isVisible()).toBe(true);
    const text = await card.innerText();
    expect(text).toContain('Mắm tép Hàm Rồng');
    expect(text).toContain('Đã nộp, chờ xã kiểm tra');
    expect(text).toContain('Xã/phường kiểm tra hồ sơ');
    await screenshots(page, 'j12-dossier-dashboard');
    expect(errors).toEqual([]);
  });
});
