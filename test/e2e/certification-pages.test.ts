/**
 * The certification pages in a real browser (skipped without Chromium): the decisions page,
 * approving through the form, the certificate page with its revoke form, and the public
 * verification page in its states — no serious axe violations, no page errors. With
 * SCREENSHOTS=1 the pages are saved under docs/screenshots/certification-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectAccessible, hasChromium, launchChromium, openPageAs, openPublicPage, screenshots, serveTestApp, type ServedApp } from '../helpers/e2e';
import { createTestUser } from '../helpers/users';
import { AREAS } from '../helpers/builders';
import { buildClosedRound } from '../helpers/certification-fixtures';

describe.skipIf(!hasChromium())('certification pages', () => {
  let s: ServedApp;
  let browser: Browser;
  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp({ clock: () => new Date('2026-07-02T03:00:00Z') }), launchChromium()]);
  });
  afterAll(async () => { await browser?.close(); await s?.close(); });

  it('draft → approve → certificate → revoke → the public page says so', async () => {
    const round = await buildClosedRound(s.ctx, { results: [{ mean: 86.4 }, { mean: 63 }, { mean: 41 }] });
    const officer = await createTestUser(s.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, displayName: 'Cán bộ tỉnh Thanh Hóa' });
    const { page, errors } = await openPageAs(browser, s, officer);

    await page.goto(`/admin/decisions/new?round=${round.id}`);
    await page.fill('#field-number', '315/QĐ-UBND');
    await page.fill('#field-signerName', 'Lê Văn Ký');
    await page.fill('#field-signerTitle', 'Phó Chủ tịch Ủy ban nhân dân tỉnh');
    await page.getByRole('button', { name: 'Tạo dự thảo' }).click();
    await page.waitForURL(/\/admin\/decisions\/[0-9a-f-]+\?done=draft/);
    await expectAccessible(page, 'draft decision');
    await screenshots(page, 'certification-1-draft');

    await page.getByRole('button', { name: 'Phê duyệt và cấp giấy chứng nhận' }).first().click();
    await page.waitForURL(/done=approve/);
    expect(await page.locator('table').first().textContent()).toMatch(/OCOP-38-2026-\d{5}/);
    await page.getByRole('button', { name: 'Công bố kết quả' }).click();
    await page.waitForURL(/done=publish/);
    await screenshots(page, 'certification-2-approved');

    await page.goto('/admin/decisions');
    await expectAccessible(page, 'decisions list');
    await screenshots(page, 'certification-3-list');

    await page.locator('a', { hasText: /^OCOP-38-2026-/ }).first().click();
    await expectAccessible(page, 'certificate');
    const number = (await page.locator('.page-caption').textContent())!.replace(/^.*\s/, '');
    const pdf = await page.request.get(`/api/v1/certificates/${number}/pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');

    const { context: visitor, page: pub, errors: pubErrors } = await openPublicPage(browser, s);
    await pub.goto(`/v/${number}`);
    await expect(pub.locator('[data-status]').getAttribute('data-status')).resolves.toBe('valid');
    await expectAccessible(pub, 'verify valid');
    await screenshots(pub, 'certification-4-verify-valid');

    await page.fill('#field-reason', 'Hậu kiểm: nhãn sản phẩm không đúng công bố');
    await page.fill('#field-legalBasis', 'Khoản 2 Điều 9 Quyết định 26/2026/QĐ-TTg');
    await page.getByRole('button', { name: 'Thu hồi giấy chứng nhận' }).click();
    await page.waitForURL(/done=revoked/);
    await screenshots(page, 'certification-5-revoked');

    await pub.reload();
    await expect(pub.locator('[data-status]').getAttribute('data-status')).resolves.toBe('revoked');
    await expectAccessible(pub, 'verify revoked');
    await screenshots(pub, 'certification-6-verify-revoked');
    await pub.goto('/v/KHONG-CO-SO-NAY?lang=en');
    await expect(pub.locator('[data-status]').getAttribute('data-status')).resolves.toBe('unknown');
    await expectAccessible(pub, 'verify unknown');
    await screenshots(pub, 'certification-7-verify-unknown');
    expect(errors).toEqual([]);
    expect(pubErrors).toEqual([]);
    await visitor.close();
  }, 60_000);
});
