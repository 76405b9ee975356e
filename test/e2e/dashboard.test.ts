/**
 * The /admin dashboard in a real browser (skipped without Chromium), on a phone and on a
 * desktop: a national admin and a province officer see their area's charts (inline SVG with
 * role="img"), the expiring list and the waiting dossiers; the province officer switches to a
 * commune; no serious axe violations, no page errors. With SCREENSHOTS=1 the pages are saved
 * under docs/screenshots/dashboard-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DESKTOP, expectAccessible, hasChromium, launchChromium, openPageAs, PHONE, screenshots, serveTestApp, type ServedApp } from '../helpers/e2e';
import { asUser } from '../helpers/app';
import { importCertifiedList, type ListRow } from '../helpers/programme-fixtures';

const THANH_HOA = ['14758', '14797', '14812', '14818', '14845', '14848', '14854', '14857', '14860', '14863', '14864', '14866'];
const OTHERS: [string, string[]][] = [
  ['01', ['00004', '00008', '00025', '00070']], ['79', ['25747', '25750']], ['22', ['06652', '06658', '06661']], ['46', ['19753']],
];
const NAMES = ['Nem chua', 'Bánh gai', 'Chè lam', 'Mật ong rừng', 'Gạo nếp cái hoa vàng', 'Nước mắm', 'Rượu nếp', 'Trà hoa vàng', 'Miến dong', 'Tinh dầu sả'];
const SETS = ['1', '3', '4', '6', '10', '12', '15', '16', '19', '20', '23', '24'];
const KINDS = ['hợp tác xã', 'doanh nghiệp', 'hộ kinh doanh', 'tổ hợp tác', 'hợp tác xã'];

/** An invented list: products spread over communes, star levels, groups and decision dates. */
function list(province: string, communes: string[], count: number, seed: number): ListRow[] {
  return Array.from({ length: count }, (_, i) => {
    const k = i + seed;
    const month = 1 + ((k * 5) % 12);
    const year = 2023 + (k % 4 === 3 ? 3 : k % 3);
    const date = `${year}-${String(year === 2026 ? 1 + (k % 6) : month).padStart(2, '0')}-${String(1 + ((k * 7) % 27)).padStart(2, '0')}`;
    return {
      product: `${NAMES[k % NAMES.length]} ${province}-${i + 1}`, producer: `Chủ thể ${province}-${1 + (i % Math.ceil(count / 2))}`,
      kind: KINDS[(i % Math.ceil(count / 2)) % KINDS.length]!, commune: communes[(k * 3) % communes.length]!,
      stars: k % 5 === 0 ? 4 : 3, potentialFiveStar: k % 10 === 0, productSet: SETS[k % SETS.length],
      decisionNumber: `${i + 1}/QĐ-UBND-${province}-${date}`, decisionDate: date,
    };
  });
}

describe.skipIf(!hasChromium())('dashboard pages', () => {
  let s: ServedApp;
  let browser: Browser;
  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp({ clock: () => new Date('2026-07-02T03:00:00Z') }), launchChromium()]);
    await importCertifiedList(s.ctx, list('38', THANH_HOA, 40, 0), 'thanh-hoa.csv');
    for (const [i, [p, communes]] of OTHERS.entries()) await importCertifiedList(s.ctx, list(p, communes, 12 - i * 2, i + 1), `${p}.csv`);
  }, 120_000);
  afterAll(async () => { await browser?.close(); await s?.close(); });

  it('a national admin: the country with charts, on a phone and a desktop', async () => {
    const admin = await asUser(s.app, s.deps, { role: 'national_admin', displayName: 'Văn phòng Điều phối OCOP Trung ương' });
    const { page, errors } = await openPageAs(browser, s, admin);
    await page.setViewportSize(PHONE);
    await page.goto('/admin');
    expect(await page.locator('svg[role=img]').count()).toBe(5);
    for (const svg of await page.locator('svg[role=img]').all()) {
      await expect(svg.locator('title').textContent()).resolves.toBeTruthy();
      // Fits the phone: no chart wider than the viewport.
      const box = await svg.boundingBox();
      expect(box!.width).toBeLessThanOrEqual(PHONE.width);
    }
    await expect(page.locator('.stat-value').first().textContent()).resolves.toMatch(/^\d+$/);
    await expectAccessible(page, 'national dashboard (phone)');
    // The figures behind a chart open as a table.
    await page.locator('#chart-stars').locator('xpath=..').getByText('Xem bảng số liệu').click();
    expect(await page.getByRole('table', { name: 'Sản phẩm OCOP theo hạng sao, 24 tháng' }).isVisible()).toBe(true);
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'national dashboard (desktop)');
    await page.goto('/admin');
    await screenshots(page, 'dashboard-1-national');
    expect(errors).toEqual([]);
  }, 60_000);

  it('a province officer: their province, then one of its communes', async () => {
    const officer = await asUser(s.app, s.deps, { role: 'province_officer', areaCode: '38', displayName: 'Sở Nông nghiệp và Môi trường Thanh Hóa' });
    const { page, errors } = await openPageAs(browser, s, officer);
    await page.setViewportSize(PHONE);
    await page.goto('/admin');
    await expect(page.locator('.dashboard-asof').textContent()).resolves.toContain('Tỉnh Thanh Hóa');
    expect(await page.locator('svg[role=img]').count()).toBe(5);
    await expect(page.locator('.expiring-item').count()).resolves.toBeGreaterThan(0);
    await expectAccessible(page, 'province dashboard (phone)');
    await screenshots(page, 'dashboard-2-province');

    await page.selectOption('#field-area', '14758');
    await page.waitForURL(/area=14758/);
    await expect(page.locator('.dashboard-asof').textContent()).resolves.toContain('Phường Hàm Rồng');
    expect(await page.locator('svg[role=img]').count()).toBe(4);
    await expectAccessible(page, 'commune dashboard (phone)');
    await page.setViewportSize(DESKTOP);
    await expectAccessible(page, 'commune dashboard (desktop)');
    await screenshots(page, 'dashboard-3-commune');
    expect(errors).toEqual([]);
  }, 60_000);
});
