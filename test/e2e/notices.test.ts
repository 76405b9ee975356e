/**
 * Notices in the browser (decisions/028): a commune officer returns a submitted dossier with a
 * comment on the dossier page; the app dispatches by itself after that write, and the producer
 * finds the notice with the officer's words on the notifications page, opens the settings from
 * there, turns e-mail off for one kind and sets quiet hours. Screenshots: the notifications list
 * and the settings page, phone and desktop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { clickAndWait, expectAccessible, hasChromium, launchChromium, openPageAs, PHONE, screenshots, serveTestApp, type ServedApp } from '../helpers/e2e';
import { asUser, json, type AuthedUser } from '../helpers/app';
import { AREAS, buildProduct } from '../helpers/builders';
import { BEST_ANSWERS, publishTestSheet } from '../helpers/sheets';
import { PDF, uploadDoc } from '../helpers/dossier-fixtures';

const NOW = new Date('2026-06-10T03:00:00Z');
const COMMENT = 'Bổ sung bản sao giấy chứng nhận an toàn thực phẩm còn hiệu lực.';

describe.skipIf(!hasChromium())('notices: the producer hears of a return and chooses what comes by e-mail', () => {
  let served: ServedApp;
  let browser: Browser;
  let producer: AuthedUser;
  let officer: AuthedUser;
  let dossierId = '';

  beforeAll(async () => {
    served = await serveTestApp({ clock: () => NOW, env: { NOTICE_DISPATCH: 'auto' } });
    await publishTestSheet(served.ctx);
    producer = await asUser(served.app, served.deps, { role: 'producer', displayName: 'Chị Hà Thị Mai' });
    officer = await asUser(served.app, served.deps, { role: 'commune_officer', areaCode: AREAS.hamRong, displayName: 'Anh Lê Văn Xã' });
    const product = await buildProduct(served.ctx, { producerId: producer.actor.producerId!, name: 'Mắm tép Hàm Rồng' });
    const inject = served.app.inject.bind(served.app);
    const created = await inject({ method: 'POST', url: '/api/v1/dossiers', headers: producer.headers(), payload: { productId: product.id, kind: 'first' } });
    dossierId = json(created).id;
    for (const doc of ['registration_form', 'business_registration']) await uploadDoc(served.app, dossierId, producer.headers(), doc, { name: `${doc}.pdf`, data: PDF });
    await inject({ method: 'PUT', url: `/api/v1/products/${product.id}/self-assessment`, headers: producer.headers(), payload: { options: BEST_ANSWERS, knockOuts: [], left: [] } });
    const version = json(await inject({ url: `/api/v1/dossiers/${dossierId}`, headers: producer.headers() })).version;
    const submitted = await inject({ method: 'POST', url: `/api/v1/dossiers/${dossierId}/transitions`, headers: producer.headers(), payload: { action: 'submit', version } });
    expect(submitted.statusCode, submitted.body).toBe(200);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('the officer returns the dossier; the producer reads the comment and sets e-mail and quiet hours', async () => {
    const o = await openPageAs(browser, served, officer);
    await o.page.goto(`/admin/dossiers/${dossierId}`);
    await o.page.getByLabel('Ý kiến', { exact: false }).first().fill(COMMENT);
    await clickAndWait(o.page, o.page.locator('main button[value="return"]'));
    expect(await o.page.locator('main').innerText()).toContain(COMMENT);

    const p = await openPageAs(browser, served, producer, { viewport: PHONE, hasTouch: true, isMobile: true });
    await expect.poll(async () => {
      await p.page.goto('/admin/notifications');
      return p.page.locator('.cert-note').count();
    }, { timeout: 15_000 }).toBeGreaterThan(0);
    const note = p.page.locator('.cert-note').first();
    expect(await note.innerText()).toContain('bị trả lại để bổ sung');
    expect(await note.innerText()).toContain(COMMENT);
    await expectAccessible(p.page, 'notifications');
    await screenshots(p.page, 'notices-list');

    await clickAndWait(p.page, p.page.getByRole('link', { name: 'Cài đặt thông báo' }));
    const box = p.page.getByLabel('Hồ sơ được xã chuyển lên tỉnh');
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await p.page.getByLabel('Từ').fill('22:00');
    await p.page.getByLabel('Đến').fill('06:30');
    await clickAndWait(p.page, p.page.getByRole('button', { name: 'Lưu cài đặt' }));
    expect(await p.page.locator('main').innerText()).toContain('Đã lưu cài đặt thông báo.');
    expect(await p.page.getByLabel('Hồ sơ được xã chuyển lên tỉnh').isChecked()).toBe(false);
    expect(await p.page.getByLabel('Hồ sơ bị trả lại (kèm ý kiến của cán bộ)').isChecked()).toBe(true);
    expect(await p.page.getByLabel('Từ').inputValue()).toBe('22:00');
    await expectAccessible(p.page, 'notice settings');
    await screenshots(p.page, 'notices-settings');

    // A wrong time is told next to the field, not as an error page.
    await p.page.getByLabel('Đến').fill('25:00');
    await clickAndWait(p.page, p.page.getByRole('button', { name: 'Lưu cài đặt' }));
    expect(await p.page.locator('.error-summary').innerText()).toContain('giờ không hợp lệ');
  });
});
