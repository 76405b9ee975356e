/**
 * Inspections and support in a real browser (skipped without Chromium), on a phone: an inspector
 * records a visit with a finding and a revocation proposal (after a form error); the province
 * officer sees it on the proposals board and revokes the certificate there; a support record is
 * added after a validation error and shows in the totals. No serious axe violations, no page
 * errors. With SCREENSHOTS=1 the pages are saved under docs/screenshots/{inspections,support}-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectAccessible, hasChromium, launchChromium, openPageAs, PHONE, screenshots, serveTestApp, submitRefused, type ServedApp } from '../helpers/e2e';
import { asUser, json } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { certify } from '../helpers/verify-fixtures';

describe.skipIf(!hasChromium())('inspections and support pages', () => {
  let s: ServedApp;
  let browser: Browser;
  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp({ clock: () => new Date('2026-11-20T03:00:00Z') }), launchChromium()]);
  });
  afterAll(async () => { await browser?.close(); await s?.close(); });

  it('an inspector records a visit with a revocation proposal; the province officer revokes it from the board', async () => {
    const officer = await asUser(s.app, s.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, displayName: 'Cán bộ tỉnh Thanh Hóa' });
    const inspector = await asUser(s.app, s.deps, { role: 'inspector', areaCode: AREAS.thanhHoa, displayName: 'Thanh tra Thanh Hóa' });
    const [cert] = await certify(s, officer, [{ mean: 72 }]);
    const plan = json(await s.app.inject({
      method: 'POST', url: '/api/v1/inspections/plans', headers: officer.headers(),
      payload: { title: 'Kiểm tra sau công nhận OCOP quý IV/2026', provinceCode: '38', periodStart: '2026-10-01', periodEnd: '2026-12-31', plannedProducers: 12 },
    }));
    await s.app.inject({ method: 'POST', url: `/api/v1/inspections/plans/${plan.id}/team`, headers: officer.headers(), payload: { fullName: 'Lê Văn Hùng', agency: 'Sở Nông nghiệp và Môi trường', role: 'lead' } });

    const { page, errors } = await openPageAs(browser, s, inspector);
    await page.setViewportSize(PHONE);
    await page.goto('/admin/inspections');
    await expectAccessible(page, 'inspections (phone)');
    await screenshots(page, 'inspections-1-plans');
    await page.getByRole('link', { name: plan.title }).click();
    await page.waitForURL(new RegExp(`/admin/inspections/${plan.id}$`));
    await expectAccessible(page, 'plan detail');
    await page.getByRole('link', { name: 'Ghi kết quả kiểm tra' }).click();
    await page.selectOption('#field-producer', { index: 1 });
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.waitForURL(/producer=/);

    // A form error first: a revocation proposal without the product and reason.
    await page.fill('#field-visitedOn', '2026-11-12');
    await page.check(`#field-check_${cert!.productId}`);
    await page.selectOption(`#field-finding_${cert!.productId}`, 'quality_not_maintained');
    await page.selectOption('#field-outcome', 'revocation_proposal');
    await submitRefused(page, page.getByRole('button', { name: 'Lưu kết quả kiểm tra' }));
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Sản phẩm đề nghị thu hồi');
    await expectAccessible(page, 'visit form with errors');
    await screenshots(page, 'inspections-2-visit-errors');
    await page.selectOption('#field-proposalProductId', cert!.productId);
    await page.fill('#field-proposalReason', 'Hai lần kiểm nghiệm không đạt chỉ tiêu vi sinh đã công bố');
    await page.getByRole('button', { name: 'Lưu kết quả kiểm tra' }).click();
    await page.waitForURL(/\/admin\/inspections\/visits\/[0-9a-f-]+\?done=visit/);
    await expect(page.locator('main').textContent()).resolves.toContain('Không duy trì chất lượng');
    await expectAccessible(page, 'visit page');
    await screenshots(page, 'inspections-3-visit');
    expect(errors).toEqual([]);

    const o = await openPageAs(browser, s, officer);
    await o.page.setViewportSize(PHONE);
    await o.page.goto(`/admin/inspections/${plan.id}`);
    await expect(o.page.locator('main').textContent()).resolves.toContain('Đã kiểm tra 1/12 chủ thể, 1 sản phẩm');
    await o.page.goto('/admin/inspections/proposals');
    await expect(o.page.locator('.insp-proposal').first().textContent()).resolves.toContain(cert!.number);
    await expectAccessible(o.page, 'proposals board (phone)');
    await screenshots(o.page, 'inspections-4-proposals');
    await o.page.fill(`#field-legalBasis-${(await o.page.locator('.insp-proposal').first().getAttribute('id'))!.replace('proposal-', '')}`, 'Biên bản kiểm tra số 12/BB-KT');
    await o.page.getByRole('button', { name: 'Thu hồi giấy chứng nhận' }).click();
    await o.page.waitForURL(/done=revoked/);
    await expect(o.page.locator('.insp-proposal').first().textContent()).resolves.toContain('Đã thu hồi');
    await expectAccessible(o.page, 'proposal revoked');
    await screenshots(o.page, 'inspections-5-revoked');
    expect(json(await s.app.inject({ url: `/api/v1/verify/${encodeURIComponent(cert!.number)}` })).status).toBe('revoked');
    expect(o.errors).toEqual([]);
  }, 90_000);

  it('a support record is added after a validation error and shows in the totals', async () => {
    const officer = await asUser(s.app, s.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, displayName: 'Cán bộ tỉnh Thanh Hóa' });
    const { page, errors } = await openPageAs(browser, s, officer);
    await page.setViewportSize(PHONE);
    await page.goto('/admin/support');
    await expectAccessible(page, 'support (phone)');
    await page.getByRole('link', { name: 'Thêm khoản hỗ trợ' }).click();
    await page.waitForURL(/\/admin\/support\/new$/);
    await page.selectOption('#field-producerId', { index: 1 });
    await page.selectOption('#field-kind', 'packaging_design');
    await page.fill('#field-amountVnd', '15.00.000');
    await page.fill('#field-source', 'Ngân sách tỉnh');
    await submitRefused(page, page.getByRole('button', { name: 'Lưu khoản hỗ trợ' }));
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Số tiền');
    await expectAccessible(page, 'support form with errors');
    await screenshots(page, 'support-1-form-errors');
    await page.fill('#field-amountVnd', '15.000.000');
    await page.getByRole('button', { name: 'Lưu khoản hỗ trợ' }).click();
    await page.waitForURL(/\/admin\/support\?done=created/);
    const totals = (await page.locator('.stat-grid').first().textContent())!;
    expect(totals.replace(/\s/g, ' ')).toContain('15.000.000 đ');
    await expect(page.locator('main').textContent()).resolves.toContain('Thiết kế bao bì');
    await expectAccessible(page, 'support list with totals');
    await screenshots(page, 'support-2-totals');
    expect(errors).toEqual([]);
  }, 60_000);
});
