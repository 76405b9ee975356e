/**
 * Every progress bar is drawn as wide as its value says (issue 12, defect 1: under the strict CSP
 * the inline width was dropped and "0 / 15 lượt kiểm tra" was drawn as a full bar). A province
 * officer with three targets in force — at 0 %, part way and over 100 % — opens the dashboard,
 * the targets list and each target's page; on each, every bar (and the dashboard's funnel) is
 * measured against its value by expectProgressBarsMatchValues.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { DESKTOP, hasChromium, launchChromium, openPageAs, PHONE, serveTestApp, type ServedApp } from '../helpers/e2e';
import { expectProgressBarsMatchValues } from '../helpers/progress-bars';
import { asUser, json, type AuthedUser } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { buildClosedRound } from '../helpers/certification-fixtures';
import { importCertifiedList, type ListRow } from '../helpers/programme-fixtures';

const row = (product: string, producer: string, kind: string, commune: string, stars: 3 | 4, decisionDate: string): ListRow =>
  ({ product, producer, kind, commune, stars, decisionDate, decisionNumber: `QĐ-${product}` });

describe.skipIf(!hasChromium())('progress bars drawn as their values', () => {
  let s: ServedApp;
  let browser: Browser;
  let officer: AuthedUser;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp({ clock: () => new Date('2026-07-02T03:00:00Z') }), launchChromium()]);
    await importCertifiedList(s.ctx, [
      row('Bánh gai Hàm Rồng', 'HTX Bánh gai Hàm Rồng', 'hợp tác xã', AREAS.hamRong, 3, '2026-02-10'),
      row('Nem chua Hạc Thành', 'Công ty TNHH Xứ Thanh', 'doanh nghiệp', AREAS.hacThanh, 4, '2026-04-15'),
      row('Chè lam Hàm Rồng', 'Hộ kinh doanh Trịnh Thị Hoa', 'hộ kinh doanh', AREAS.hamRong, 3, '2026-06-05'),
    ]);
    // One dossier evaluated this year, three products certified: the funnel's last step must not
    // claim 300 % of the one before (issue 12: "Sản phẩm được công nhận 2 · 200 %").
    const round = await buildClosedRound(s.ctx, { results: [{ mean: 80, communeCode: AREAS.hamRong }] });
    await s.deps.database.db.execute(sql`update dossiers set submitted_at = '2026-05-20T03:00:00Z' where id = ${round.results[0]!.dossierId}`);
    officer = await asUser(s.app, s.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, displayName: 'Cán bộ tỉnh Thanh Hóa' });
    // 0 of 15 inspections (0 %), 3 of 8 new products (37,5 %), 2 communes of 1 (200 %).
    for (const [key, indicator, targetValue] of [
      ['zero', 'inspections_done', 15], ['partial', 'new_certified_products', 8], ['over', 'communes_with_products', 1],
    ] as const) {
      const res = await s.app.inject({
        method: 'POST', url: '/api/v1/targets', headers: officer.headers(),
        payload: { areaCode: AREAS.thanhHoa, indicator, periodStart: '2026-01-01', periodEnd: '2026-12-31', targetValue, note: '' },
      });
      expect(res.statusCode, res.body).toBe(201);
      ids[key] = json<{ id: string }>(res).id;
    }
  });
  afterAll(async () => { await browser?.close(); await s?.close(); });

  it('the targets list and each target\'s page, on a phone and a desktop', async () => {
    const { page, context } = await openPageAs(browser, s, officer);
    for (const size of [PHONE, DESKTOP]) {
      await page.setViewportSize(size);
      await page.goto('/admin/targets');
      expect(await page.locator('[role=progressbar]').count()).toBe(3);
      await expectProgressBarsMatchValues(page);
      for (const id of Object.values(ids)) {
        await page.goto(`/admin/targets/${id}`);
        expect(await page.locator('[role=progressbar]').count()).toBe(1);
        await expectProgressBarsMatchValues(page);
      }
    }
    // The bar at 0 % draws nothing; the one over 100 % is full and says 200 %.
    await page.goto(`/admin/targets/${ids.zero}`);
    expect(await page.locator('[data-progress-fill]').evaluate((el) => el.getBoundingClientRect().width)).toBeLessThan(1);
    await page.goto(`/admin/targets/${ids.over}`);
    expect(await page.locator('[role=progressbar]').getAttribute('aria-valuetext')).toMatch(/200\s*%/);
    await context.close();
  });

  it('the officers\' dashboard: the targets card', async () => {
    const { page, context } = await openPageAs(browser, s, officer);
    for (const size of [PHONE, DESKTOP]) {
      await page.setViewportSize(size);
      await page.goto('/admin');
      expect(await page.locator('[role=progressbar]').count()).toBe(3);
      expect(await expectProgressBarsMatchValues(page, ['progressbar'])).toBe(3);
    }
    await context.close();
  });

  it('the officers\' dashboard: the funnel of the year (1 dossier, 3 products certified)', async () => {
    const { page, context } = await openPageAs(browser, s, officer);
    await page.goto('/admin');
    expect(await expectProgressBarsMatchValues(page, ['funnel'])).toBe(4);
    await context.close();
  });
});
