/**
 * One certificate's end date as people see it in a browser (skipped without Chromium): the
 * officer's certificate page and dashboard, the public product page and /v all say "Hiệu lực đến
 * hết ngày 30/06/2029" — the last valid day of a certificate issued on 01/07/2026 — and none shows
 * 01/07/2029. With SCREENSHOTS=1 the pages are saved as docs/screenshots/j12-dates-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium, newAppContext, openPageAs, screenshots, serveTestApp, trackPageErrors, type ServedApp } from '../helpers/e2e';
import { asUser, json } from '../helpers/app';
import { createTestUser } from '../helpers/users';
import { AREAS } from '../helpers/builders';
import { buildClosedRound, draftBody } from '../helpers/certification-fixtures';

const LAST_DAY = '30/06/2029';

async function endDatesShown(page: Page): Promise<string[]> {
  const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
  return [...text.matchAll(/hiệu lực đến hết ngày:? (\d{2}\/\d{2}\/\d{4})/gi)].map((m) => m[1]!);
}

describe.skipIf(!hasChromium())('a certificate\'s end date in the browser', () => {
  let s: ServedApp;
  let browser: Browser;
  let now = new Date('2026-07-02T03:00:00Z');
  let number: string;
  let productId: string;
  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp({ clock: () => now }), launchChromium()]);
    const round = await buildClosedRound(s.ctx, { results: [{ mean: 86.4 }] });
    const officer = await asUser(s.app, s.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
    const d = json(await s.app.inject({ method: 'POST', url: '/api/v1/decisions', headers: officer.headers(), payload: draftBody(round.id, { decisionDate: '2026-07-01' }) }));
    number = json(await s.app.inject({ method: 'POST', url: `/api/v1/decisions/${d.id}/approve`, headers: officer.headers(), payload: {} })).items[0].certificateNumber;
    productId = round.results[0]!.productId;
    now = new Date('2029-05-01T03:00:00Z');
  }, 60_000);
  afterAll(async () => { await browser?.close(); await s?.close(); });

  it('the officer\'s certificate page and dashboard', async () => {
    const officer = await createTestUser(s.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, displayName: 'Cán bộ tỉnh Thanh Hóa' });
    const { page, errors } = await openPageAs(browser, s, officer);
    await page.goto(`/admin/certificates/${number}`);
    expect(await endDatesShown(page)).toEqual([LAST_DAY]);
    await screenshots(page, 'j12-dates-certificate');
    await page.goto('/admin');
    const expiring = page.locator('.expiring-item', { hasText: number });
    expect((await expiring.innerText()).replace(/\s+/g, ' ')).toContain(`Hiệu lực đến hết ngày ${LAST_DAY} · còn 61 ngày`);
    await screenshots(page, 'j12-dates-dashboard');
    expect(errors).toEqual([]);
  });

  it('the public product page and /v', async () => {
    const visitor = await newAppContext(browser, s);
    const page = await visitor.newPage();
    const errors = trackPageErrors(page);
    const p = json(await s.app.inject({ url: `/api/v1/catalogue/products/${productId}` }));
    await page.goto(p.url);
    const shown = await endDatesShown(page);
    expect(shown.length).toBeGreaterThan(0);
    expect(new Set(shown)).toEqual(new Set([LAST_DAY]));
    expect(await page.locator('main').innerText()).not.toContain('01/07/2029');
    await screenshots(page, 'j12-dates-product');
    await page.goto(`/v/${number}`);
    expect(await endDatesShown(page)).toEqual([LAST_DAY]);
    expect(errors).toEqual([]);
    await visitor.close();
  });
});
