/**
 * Nothing wider than a phone and no navigation item cut off (issue 12, defect 7: the back-office
 * menu was a horizontal strip cut at both edges, "ển", "Ý tưởng và ph"). At 390×844 and 320×640,
 * on the public home, the catalogue, a product page, /v, the login page, and /admin with every
 * page its navigation leads to for each role:
 * - the document is no wider than the viewport;
 * - every visible link or button in the header and navigation lies inside the viewport and shows
 *   all of its text (its scrollWidth fits its clientWidth);
 * - a menu button (aria-expanded) is opened and the items it shows are checked the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium, openPageAs, openPublicPage, serveTestApp, type ServedApp } from '../helpers/e2e';
import { createTestUser } from '../helpers/users';
import { AREAS, buildProducer } from '../helpers/builders';
import { PORTAL_NOW, seedPortalCatalogue } from '../helpers/portal-fixtures';

const SIZES = [{ width: 390, height: 844 }, { width: 320, height: 640 }] as const;
const NAV = 'header a, header button, nav a, nav button, [role=navigation] a, [role=navigation] button';

/** What is wrong with the page at its current size (empty when nothing is). */
async function overflowProblems(page: Page, width: number): Promise<string[]> {
  // The width asked for, not innerWidth: a phone browser widens its layout viewport to fit a page
  // that overflows, and innerWidth follows it.
  return page.evaluate(`(() => {
    const vw = ${width};
    const problems = [];
    const doc = document.documentElement.scrollWidth;
    if (doc > vw) {
      // Name the innermost elements that stick out (those none of whose children do).
      const out = (el) => el.getBoundingClientRect().right > vw + 0.5;
      const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.classList.length ? '.' + [...el.classList].join('.') : '');
      const culprits = [...document.body.querySelectorAll('*')].filter((el) => out(el) && ![...el.children].some(out))
        .filter((el) => !el.closest('header, nav')).slice(0, 3).map((el) => name(el) + ' (to ' + Math.round(el.getBoundingClientRect().right) + ' px)');
      problems.push('page is ' + doc + ' px wide in a ' + vw + ' px viewport' + (culprits.length ? ': ' + culprits.join(', ') : ''));
    }
    const shown = (el) => {
      // Not rendered: display none, visibility hidden, transparent, or inside a closed <details>
      // (whose content Chromium hides with content-visibility, keeping stale boxes).
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true, contentVisibilityAuto: true })) return false;
      // Skip links and the like are off screen until focused; they are not clipped items.
      const r = el.getBoundingClientRect();
      if (r.width <= 1 && r.height <= 1) return false;
      if (el.closest('[hidden], [aria-hidden=true], .visually-hidden, .sr-only, .skip-link')) return false;
      return true;
    };
    for (const el of document.querySelectorAll(${JSON.stringify(NAV)})) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      const name = (el.textContent || el.getAttribute('aria-label') || '').replace(/\\s+/g, ' ').trim().slice(0, 40);
      if (r.left < -0.5 || r.right > vw + 0.5) problems.push('"' + name + '" lies at ' + Math.round(r.left) + '…' + Math.round(r.right) + ' px, outside 0…' + vw);
      if (el.scrollWidth > el.clientWidth + 1) problems.push('"' + name + '" is cut: ' + el.scrollWidth + ' px of text in ' + el.clientWidth + ' px');
    }
    return problems;
  })()`);
}

/** Checks the page at both phone sizes, opening any menu button of the header or navigation. */
async function checkAtPhoneSizes(page: Page, url: string, found: string[]): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.goto(url);
    const where = `${url} at ${size.width}×${size.height}`;
    if (process.env.OVERFLOW_SHOTS) await page.screenshot({ path: `${process.env.OVERFLOW_SHOTS}/${url.replace(/\W+/g, '_')}-${size.width}.png` });
    for (const p of await overflowProblems(page, size.width)) found.push(`${where}: ${p}`);
    // Menu buttons (aria-expanded) and grouped menus (<details>): open each in turn, check what it shows.
    const toggles = page.locator('header [aria-expanded], nav [aria-expanded], header details > summary, nav details > summary').filter({ visible: true });
    for (let i = 0; i < await toggles.count(); i++) {
      const toggle = toggles.nth(i);
      const name = (await toggle.innerText()).trim() || (await toggle.getAttribute('aria-label')) || `menu ${i + 1}`;
      const isSummary = await toggle.evaluate((el) => el.tagName === 'SUMMARY');
      const open = isSummary ? await toggle.evaluate((el) => (el.parentElement as HTMLDetailsElement).open) : await toggle.getAttribute('aria-expanded') === 'true';
      if (!open) await toggle.click();
      for (const p of await overflowProblems(page, size.width)) found.push(`${where}, "${name}" open: ${p}`);
      if (process.env.OVERFLOW_SHOTS) await page.screenshot({ path: `${process.env.OVERFLOW_SHOTS}/${url.replace(/\W+/g, '_')}-${size.width}-menu${i + 1}.png` });
      if (!open && isSummary) await toggle.click();
    }
  }
}

/** The back-office pages the navigation of this page leads to (same origin, no downloads). */
async function navTargets(page: Page): Promise<string[]> {
  const hrefs = await page.locator('header a[href], nav a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  const here = new URL(page.url()).origin;
  return [...new Set(hrefs.map((h) => new URL(h)).filter((u) => u.origin === here && u.pathname.startsWith('/admin')
    && !u.searchParams.has('lang') && !/\.(pdf|xlsx|csv)$/.test(u.pathname)).map((u) => u.pathname + u.search))];
}

describe.skipIf(!hasChromium())('phones: nothing overflows, no navigation item is cut', () => {
  let s: ServedApp;
  let browser: Browser;
  let productUrl = '';
  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp({ clock: () => PORTAL_NOW }), launchChromium()]);
    await seedPortalCatalogue(s);
  }, 60_000);
  afterAll(async () => { await browser?.close(); await s?.close(); });

  it('public pages: home, catalogue, a product, /v, login', async () => {
    const { page, context } = await openPublicPage(browser, s, { isMobile: true, hasTouch: true });
    await page.goto('/san-pham');
    productUrl = new URL(await page.locator('.product-card a').first().evaluate((a) => (a as HTMLAnchorElement).href)).pathname;
    const found: string[] = [];
    for (const url of ['/', '/san-pham', '/san-pham?q=mat+ong', productUrl, '/v', '/login']) await checkAtPhoneSizes(page, url, found);
    expect(found).toEqual([]);
    await context.close();
  });

  const ROLES = [
    ['national_admin', {}], ['province_officer', { areaCode: AREAS.thanhHoa }], ['commune_officer', { areaCode: AREAS.hamRong }],
    ['council_member', { areaCode: AREAS.thanhHoa }], ['inspector', { areaCode: AREAS.thanhHoa }], ['producer', {}], ['buyer', {}],
  ] as const;

  it.each(ROLES.map(([role, spec]) => [role, spec] as const))('back office as %s: /admin and every page of its navigation', async (role, spec) => {
    const producerId = role === 'producer' ? (await buildProducer(s.ctx, { name: 'Hợp tác xã thử nghiệm điện thoại', communeCode: AREAS.hamRong })).id : undefined;
    const user = await createTestUser(s.deps, { role, ...spec, ...(producerId ? { producerId } : {}) });
    const { page, context } = await openPageAs(browser, s, user, { isMobile: true, hasTouch: true });
    await page.setViewportSize(SIZES[0]);
    const res = await page.goto('/admin');
    const targets = res && res.status() === 200 ? ['/admin', ...(await navTargets(page))] : [];
    const found: string[] = [];
    for (const url of [...new Set(targets)]) await checkAtPhoneSizes(page, url, found);
    expect(found).toEqual([]);
    await context.close();
  }, 180_000);
});
