/**
 * Issue 13 in the browser: a Quảng Ngãi list of 2022 and 2024 written with the communes of its
 * date imports through the upload form; the result lists each decision with its level and issuing
 * body; the statistics page as of 20/10/2022 adds the section in the units of that date; and a
 * legacy certificate number two provinces gave verifies on /v with both candidates, each opening
 * its own issuer's answer. Screenshots, phone and desktop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { clickAndWait, expectAccessible, hasChromium, launchChromium, openPageAs, screenshots, serveTestApp, type ServedApp } from '../helpers/e2e';
import { asUser, type AuthedUser } from '../helpers/app';
import { runImport } from '../../src/modules/imports/import.service';

const LIST = [
  'product_name,product_set,producer_name,producer_kind,commune_code,stars,decision_number,decision_date,certificate_number',
  'Tỏi đen Lê Hồng Phong,6,HTX Nông nghiệp Lê Hồng Phong,hợp tác xã,21010,4,1450/QĐ-UBND,2022-08-15,45/GCN-UBND',
  'Kẹo gương Trần Phú,6,Công ty TNHH Kẹo gương Quảng Ngãi,doanh nghiệp,21013,3,1450/QĐ-UBND,2022-08-15,46/GCN-UBND',
  'Nước mắm Nghĩa Lâm,8,Tổ hợp tác Nước mắm Nghĩa Lâm,tổ hợp tác,21241,4,1450/QĐ-UBND,2022-08-15,47/GCN-UBND',
  'Mạch nha La Hà,6,Hộ kinh doanh Võ Thị Hạnh,hộ kinh doanh,21235,3,88/QĐ-UBND,2024-05-20,',
].join('\n');
// Hà Giang (02) in 2022: a commune of Thành phố Hà Giang (024), with the same legacy number.
const HA_GIANG = [
  'product_name,product_set,producer_name,producer_kind,commune_code,stars,decision_number,decision_date,certificate_number',
  'Chè Shan tuyết Phương Thiện,5,HTX Chè Phương Thiện,hợp tác xã,00949,4,2011/QĐ-UBND,2022-09-01,45/GCN-UBND',
].join('\n');

describe.skipIf(!hasChromium())('history as it was: imports, reports in the units of their date, issuers as signed', () => {
  let served: ServedApp;
  let browser: Browser;
  let officer: AuthedUser;

  beforeAll(async () => {
    served = await serveTestApp({ clock: () => new Date('2025-08-01T03:00:00Z') });
    officer = await asUser(served.app, served.deps, { role: 'province_officer', areaCode: '51', displayName: 'Chị Trần Thu Hà' });
    const admin = await asUser(served.app, served.deps, { role: 'national_admin' });
    const outcome = await runImport(admin.ctx, 'certified-products', { name: 'ha-giang-2022.csv', data: Buffer.from(HA_GIANG) });
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('the upload\'s result lists each decision with its level and issuing body, inferred', async () => {
    const { page } = await openPageAs(browser, served, officer);
    await page.goto('/admin/imports');
    await page.locator('select[name="kind"]').selectOption('certified-products');
    await page.locator('input[type="file"]').setInputFiles({ name: 'quang-ngai-2022-2024.csv', mimeType: 'text/csv', buffer: Buffer.from(LIST) });
    await clickAndWait(page, page.locator('main form button[type="submit"]').first());
    await expect.poll(async () => (await page.locator('main').innerText()).includes('Cơ quan ban hành'), { timeout: 20_000 }).toBe(true);
    const table = await page.locator('main table').first().innerText();
    expect(table).toContain('UBND tỉnh Quảng Ngãi');
    expect(table).toContain('UBND huyện Tư Nghĩa');
    await expectAccessible(page, 'import result');
    await screenshots(page, 'history-1-import-result');
  });

  it('the statistics page as of 20/10/2022 adds the section in the units of that date', async () => {
    const { page } = await openPageAs(browser, served, officer);
    await page.goto('/admin/statistics?area=51&asOf=2022-10-20');
    const section = page.locator('#st-then').locator('..');
    const text = await section.innerText();
    expect(text).toContain('Theo đơn vị hành chính ngày 20/10/2022');
    expect(text).toContain('3/173');
    expect(text).toContain('2/13');
    expect(text).toContain('Tỉnh Kon Tum');
    await expectAccessible(page, 'statistics then');
    await section.scrollIntoViewIfNeeded();
    await screenshots(page, 'history-2-statistics-then');
  });

  it('a number two provinces gave lists both issuers, each opening its own answer', async () => {
    const { page } = await openPageAs(browser, served, officer);
    await page.goto(`/v/${encodeURIComponent('45/GCN-UBND')}`);
    const main = await page.locator('main').innerText();
    expect(main).toContain('UBND tỉnh Quảng Ngãi');
    expect(main).toContain('UBND tỉnh Hà Giang');
    await expectAccessible(page, 'verify shared number');
    await screenshots(page, 'history-3-verify-shared-number');
    await clickAndWait(page, page.locator('main a', { hasText: 'UBND tỉnh Hà Giang' }).first());
    expect(await page.locator('main').innerText()).toContain('Chè Shan tuyết Phương Thiện');
    await screenshots(page, 'history-4-verify-issuer');
  });
});
