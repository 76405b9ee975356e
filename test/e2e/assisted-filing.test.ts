/**
 * Assisted filing in the browser (issue 13 item 4): a commune officer opens a dossier for a
 * household without an account, fills in the self-assessment (Form 02) and the documents on its
 * behalf and submits it; the page says "Hồ sơ do UBND xã lập thay chủ thể" with the officer's
 * name; once the household has an account the officer hands the dossier over, and the producer
 * sees it, with its history, and continues it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  clickAndWait, expectAccessible, hasChromium, launchChromium, openPageAs, PHONE, screenshots, serveTestApp, type ServedApp,
} from '../helpers/e2e';
import { asUser, systemCtx, type AuthedUser } from '../helpers/app';
import { AREAS, buildProducer, buildProduct } from '../helpers/builders';
import { BEST_ANSWERS, publishTestSheet } from '../helpers/sheets';
import { PDF } from '../helpers/dossier-fixtures';

const NOW = new Date('2026-12-06T05:00:00Z');
const OFFICER = 'Chị Lò Thị Xuân';

describe.skipIf(!hasChromium())('a commune officer files a dossier on a household\'s behalf and hands it over', () => {
  let served: ServedApp;
  let browser: Browser;
  let officer: AuthedUser;
  let page: Page;
  let errors: string[];
  let householdId: string;
  let household: AuthedUser;
  let productId: string;
  let dossierUrl = '';

  beforeAll(async () => {
    served = await serveTestApp({ clock: () => NOW });
    await publishTestSheet(served.ctx);
    officer = await asUser(served.app, served.deps, { role: 'commune_officer', areaCode: AREAS.hamRong, displayName: OFFICER });
    householdId = (await buildProducer(systemCtx(served.deps), { name: 'Hộ kinh doanh Hà Văn Mật', kind: 'household', communeCode: AREAS.hamRong })).id;
    productId = (await buildProduct(served.ctx, { producerId: householdId, name: 'Mật ong bạc hà Hàm Rồng' })).id;
    browser = await launchChromium();
    ({ page, errors } = await openPageAs(browser, served, officer, { viewport: PHONE, hasTouch: true, isMobile: true }));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  const main = () => page.locator('main').innerText();

  it('1. opens the dossier for the household: recorded as filed by the commune, with the officer\'s name', async () => {
    await page.goto('/admin/dossiers/new');
    expect(await main()).toContain('được ghi là “lập thay chủ thể”');
    await page.locator('#field-productId').selectOption(productId);
    await clickAndWait(page, page.locator('main form button[type="submit"]').first());
    expect(page.url()).toMatch(/\/admin\/dossiers\/[0-9a-f-]{36}$/);
    dossierUrl = new URL(page.url()).pathname;
    const card = page.locator('#assisted-filing');
    expect(await page.locator('.card').filter({ has: card }).innerText()).toContain('Hồ sơ do UBND xã lập thay chủ thể');
    expect(await card.innerText()).toContain(`Người lập: ${OFFICER}`);
    expect(await card.innerText()).toContain('Chủ thể chưa có tài khoản');
    expect(await page.locator('.timeline').innerText()).toContain('Lập hồ sơ thay chủ thể');
    await expectAccessible(page, 'assisted dossier');
    await screenshots(page, 'assisted-1-dossier-opened');
  });

  it('2. fills in the self-assessment (Form 02) on the household\'s behalf', async () => {
    await clickAndWait(page, page.getByRole('link', { name: 'Mở phiếu tự đánh giá' }));
    expect(await main()).toContain('Bạn đang điền phiếu tự đánh giá thay chủ thể');
    for (const code of BEST_ANSWERS) await page.locator(`input[value="${code}"]`).check();
    await clickAndWait(page, page.getByRole('button', { name: /Lưu/ }).first());
    expect(page.url()).toContain('saved=1');
    expect(await main()).toMatch(/100/);
    await expectAccessible(page, 'self-assessment on behalf');
    await screenshots(page, 'assisted-2-form-02');
  });

  it('3. uploads the documents and submits: the dossier is complete', async () => {
    await page.goto(dossierUrl);
    for (const docType of ['registration_form', 'business_registration']) {
      // Each upload submits its form: wait for that page load (after the first, the address
      // already says done=upload, so waiting for the address would not wait at all).
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        page.locator(`#field-upload-${docType}`).setInputFiles({ name: `${docType}.pdf`, mimeType: 'application/pdf', buffer: PDF }),
      ]);
      expect(page.url()).toContain('done=upload');
    }
    expect(await main()).toContain('Hồ sơ đã đủ thành phần bắt buộc');
    await clickAndWait(page, page.getByRole('button', { name: 'Nộp hồ sơ' }));
    expect(page.url()).toContain('done=submit');
    expect(await main()).toContain('Đã nộp, chờ xã kiểm tra');
  });

  it('4. hands it over once the household has an account (returned for completion first)', async () => {
    await page.locator('#field-comment').fill('Bổ sung ảnh nhãn sản phẩm trước khi chuyển lên tỉnh.');
    await clickAndWait(page, page.getByRole('button', { name: /Trả lại/ }));
    household = await asUser(served.app, served.deps, { role: 'producer', producerId: householdId, displayName: 'Anh Hà Văn Mật', username: 'havanmat' });
    await page.goto(dossierUrl);
    const card = page.locator('#assisted-filing');
    expect(await card.innerText()).toContain('Anh Hà Văn Mật (havanmat)');
    await screenshots(page, 'assisted-3-handover');
    page.once('dialog', (d) => void d.accept());
    await clickAndWait(page, page.getByRole('button', { name: 'Bàn giao hồ sơ cho chủ thể' }));
    expect(page.url()).toContain('done=handover');
    const text = await card.innerText();
    expect(text).toContain('Đã bàn giao cho tài khoản chủ thể Anh Hà Văn Mật (havanmat)');
    expect(text).toContain(`người bàn giao: ${OFFICER}`);
    // The officer keeps the review only: no upload, no submit.
    expect(await page.locator('form[data-upload-auto]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Nộp hồ sơ' }).count()).toBe(0);
    expect(await page.locator('.timeline').innerText()).toContain('Bàn giao hồ sơ cho tài khoản chủ thể');
    await expectAccessible(page, 'handed over');
    await screenshots(page, 'assisted-4-handed-over');
    expect(errors).toEqual([]);
  });

  it('5. the producer sees the dossier with its history and continues it', async () => {
    const p = await openPageAs(browser, served, household, { viewport: PHONE, hasTouch: true, isMobile: true });
    await p.page.goto('/admin/dossiers');
    expect(await p.page.locator('main').innerText()).toContain('Lập thay');
    await p.page.goto(dossierUrl);
    const text = await p.page.locator('main').innerText();
    expect(text).toContain('Hồ sơ do UBND xã lập thay chủ thể');
    expect(text).toContain(`Người lập: ${OFFICER}`);
    expect(text).toContain('Lập hồ sơ thay chủ thể');
    await Promise.all([
      p.page.waitForURL(/done=upload/),
      p.page.locator('#field-upload-label_packaging').setInputFiles({ name: 'anh-nhan.pdf', mimeType: 'application/pdf', buffer: PDF }),
    ]);
    await clickAndWait(p.page, p.page.getByRole('button', { name: 'Nộp hồ sơ' }));
    expect(await p.page.locator('main').innerText()).toContain('Đã nộp, chờ xã kiểm tra');
    await expectAccessible(p.page, 'producer continues');
    await screenshots(p.page, 'assisted-5-producer-continues');
    expect(p.errors).toEqual([]);
  });
});
