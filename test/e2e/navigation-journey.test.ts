/**
 * Issue 12, defects 6 and 7: one navigation per page, and a phone navigation that clips nothing.
 * - Back office on a phone (390 and 320 px), for every back-office role: nothing in the header is
 *   cut or wider than the screen; the "Danh mục" button (a real button with aria-expanded and
 *   aria-controls) opens every entry of the role's menu as a vertical panel, each entry whole
 *   on screen; Escape closes it. Without script the same entries are reachable through a link.
 * - On a desktop the grouped bar of docs/decisions/017, no menu button.
 * - A signed-in producer on the public home sees one navigation, no label going to two places,
 *   and "Trang quản lý" for the back office.
 * Screenshots (SCREENSHOTS=1): j12-nav-* of a province officer's /admin.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  DESKTOP, SCREENSHOT_DIR, expectAccessible, hasChromium, launchChromium, newAppContext, screenshots, serveTestApp, signIn,
  takingScreenshots, trackPageErrors, type ServedApp,
} from '../helpers/e2e';
import { createTestUser, type TestUser } from '../helpers/users';
import { navFor } from '../../src/web/components/layout';
import type { Role } from '../../src/core/roles';

const BACK_OFFICE_ROLES: Role[] = ['national_admin', 'province_officer', 'commune_officer', 'council_member', 'inspector', 'producer'];
/** Long real names, as people have them: the header must wrap them, not cut them. */
const NAMES: Record<string, string> = {
  national_admin: 'Nguyễn Thị Phương Thảo', province_officer: 'Lê Hoàng Minh Khôi', commune_officer: 'Trần Văn Bảo',
  council_member: 'Phạm Nguyễn Thị Ngọc Bích', inspector: 'Đỗ Quang Huy', producer: 'Hợp tác xã Nông nghiệp Pù Luông',
};

/** How many entries the role's menu has, as layout.tsx declares them. */
function expectedEntries(role: Role): number {
  const { entries } = navFor(role);
  return entries.reduce((n, e) => n + ('items' in e ? e.items.length : 1), 0);
}

/** Every problem of width in the header and the navigations: elements cut (scrollWidth > clientWidth) or outside the viewport. */
async function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    for (const el of Array.from(document.querySelectorAll('header, header *, nav, nav *'))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not displayed
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') problems.push(`cut: ${name(el)} ${el.scrollWidth} > ${el.clientWidth}`);
      if (el.matches('a, button, summary') && (box.left < -0.5 || box.right > width + 0.5)) {
        problems.push(`outside the screen: ${name(el)} ${Math.round(box.left)}–${Math.round(box.right)} of ${width}`);
      }
    }
    return problems;
  });
}

/** The visible links of the back-office navigation, with their boxes. */
async function visibleNavLinks(page: Page): Promise<{ text: string; href: string; left: number; right: number }[]> {
  return page.locator('#main-nav a').evaluateAll((links) => links
    .filter((a) => a.getClientRects().length > 0 && getComputedStyle(a).visibility !== 'hidden')
    .map((a) => {
      const box = a.getBoundingClientRect();
      return { text: a.textContent!.trim(), href: a.getAttribute('href')!, left: box.left, right: box.right };
    }));
}

describe.skipIf(!hasChromium())('navigation on phones and desktops', () => {
  let s: ServedApp;
  let browser: Browser;
  const users = new Map<Role, TestUser>();
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp(), launchChromium()]);
    for (const role of BACK_OFFICE_ROLES) users.set(role, await createTestUser(s.deps, { role, displayName: NAMES[role] }));
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await s?.close();
  });

  async function pageAs(role: Role, viewport: { width: number; height: number }, opts: { javaScriptEnabled?: boolean } = {}) {
    const context = await newAppContext(browser, s, { viewport, ...opts });
    contexts.push(context);
    await signIn(context, s, users.get(role)!);
    const page = await context.newPage();
    return { page, errors: trackPageErrors(page) };
  }

  for (const width of [390, 320]) {
    for (const role of BACK_OFFICE_ROLES) {
      it(`${role} at ${width} px: nothing clipped; the menu button opens every entry`, async () => {
        const { page, errors } = await pageAs(role, { width, height: 740 });
        expect((await page.goto('/admin'))?.status()).toBe(200);
        await page.waitForFunction(() => document.documentElement.classList.contains('js')); // app.js ran
        expect(await clipped(page)).toEqual([]);
        const button = page.locator('button[aria-controls="main-nav"]');
        await button.waitFor({ state: 'visible', timeout: 5_000 }); // it replaced the no-script link
        expect(await button.getAttribute('aria-expanded')).toBe('false');
        expect(await button.innerText()).toBe('Danh mục');
        expect(await page.locator('a[href="#main-nav"]').isVisible()).toBe(false);
        expect(await visibleNavLinks(page)).toEqual([]);

        await button.click();
        expect(await button.getAttribute('aria-expanded')).toBe('true');
        const links = await visibleNavLinks(page);
        expect(links).toHaveLength(expectedEntries(role));
        expect(links.map((l) => l.href)).toContain('/admin');
        for (const l of links) {
          expect(l.left, `${l.text} starts on screen`).toBeGreaterThanOrEqual(0);
          expect(l.right, `${l.text} ends on screen`).toBeLessThanOrEqual(width);
        }
        expect(await clipped(page)).toEqual([]);

        // A link of the panel leads on; the panel of the next page starts closed.
        const last = page.locator('#main-nav a').last();
        const href = await last.getAttribute('href');
        await Promise.all([page.waitForURL((u) => u.pathname === href), last.click()]);
        expect(await page.locator('#main-nav a[aria-current="page"]').getAttribute('href')).toBe(href);
        await button.waitFor({ state: 'visible' });
        expect(await visibleNavLinks(page)).toEqual([]);
        expect(await clipped(page)).toEqual([]);

        // Escape closes it and gives the focus back to the button.
        await button.click();
        expect(await visibleNavLinks(page)).toHaveLength(expectedEntries(role));
        await page.keyboard.press('Escape');
        expect(await button.getAttribute('aria-expanded')).toBe('false');
        expect(await visibleNavLinks(page)).toEqual([]);
        expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).toBe('main-nav');
        expect(errors).toEqual([]);
      });
    }
  }

  it('without script, the menu is a link to the panel and every entry is reachable', async () => {
    const { page } = await pageAs('national_admin', { width: 320, height: 740 }, { javaScriptEnabled: false });
    await page.goto('/admin');
    expect(await page.locator('button[aria-controls="main-nav"]').isVisible()).toBe(false);
    expect(await visibleNavLinks(page)).toEqual([]);
    await page.getByRole('link', { name: 'Danh mục' }).click();
    expect(new URL(page.url()).hash).toBe('#main-nav');
    for (const group of await page.locator('#main-nav summary').all()) await group.click();
    expect(await visibleNavLinks(page)).toHaveLength(expectedEntries('national_admin'));
    expect(await clipped(page)).toEqual([]);
  });

  it('on a desktop: the grouped bar, no menu button', async () => {
    const { page, errors } = await pageAs('province_officer', DESKTOP);
    await page.goto('/admin');
    await page.waitForFunction(() => document.documentElement.classList.contains('js'));
    expect(await page.locator('.nav-toggle').evaluateAll((els) => els.filter((e) => e.getClientRects().length > 0))).toHaveLength(0);
    expect(await page.locator('nav.main-nav > ul > li').evaluateAll((lis) => lis.map((li) => li.querySelector('summary')?.textContent ?? li.textContent)))
      .toEqual(['Bảng điều khiển', 'Chủ thể, sản phẩm', 'Đánh giá', 'Truy xuất', 'Xúc tiến thương mại', 'Điều hành', 'Quản trị']);
    await page.locator('#main-nav').getByText('Điều hành', { exact: true }).click();
    expect(await page.getByRole('link', { name: 'Thống kê' }).isVisible()).toBe(true);
    expect(await clipped(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  for (const viewport of [{ width: 390, height: 844 }, DESKTOP]) {
    it(`a signed-in producer on the public home (${viewport.width} px): one navigation, one place per label`, async () => {
      const { page, errors } = await pageAs('producer', viewport);
      expect((await page.goto('/'))?.status()).toBe(200);
      expect(await page.locator('nav:not(.breadcrumbs)').count()).toBe(1);
      const links = await page.locator('header a, nav a').evaluateAll((as) => as
        .filter((a) => a.getClientRects().length > 0)
        .map((a) => ({ label: a.textContent!.trim(), href: new URL((a as HTMLAnchorElement).href).pathname })));
      const places = new Map<string, Set<string>>();
      for (const l of links) places.set(l.label, (places.get(l.label) ?? new Set()).add(l.href));
      const twoPlaces = [...places].filter(([, hrefs]) => hrefs.size > 1).map(([label, hrefs]) => `${label} → ${[...hrefs].join(', ')}`);
      expect(twoPlaces).toEqual([]);
      const backOffice = page.locator('header').getByRole('link', { name: 'Trang quản lý' });
      expect(await backOffice.getAttribute('href')).toBe('/admin');
      // Their name leads to their own account.
      expect(await page.locator('header').getByRole('link', { name: new RegExp(NAMES.producer!) }).getAttribute('href')).toBe('/admin/tai-khoan');
      expect(await page.locator('#main-nav').count()).toBe(0);
      expect(await clipped(page)).toEqual([]);
      expect(errors).toEqual([]);
    });
  }

  it('screenshots of a province officer\'s /admin: phone menu closed and open, desktop', async () => {
    const { page, errors } = await pageAs('province_officer', { width: 390, height: 844 });
    await page.goto('/admin');
    const button = page.locator('button[aria-controls="main-nav"]');
    await button.waitFor({ state: 'visible' });
    await expectAccessible(page, 'phone menu closed');
    await screenshots(page, 'j12-nav'); // phone: menu closed; desktop: the bar
    await page.setViewportSize({ width: 390, height: 844 });
    await button.click();
    expect(await visibleNavLinks(page)).toHaveLength(expectedEntries('province_officer'));
    await expectAccessible(page, 'phone menu open');
    if (takingScreenshots()) {
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'j12-nav-open-phone.png'), fullPage: true, animations: 'disabled', caret: 'hide' });
    }
    expect(errors).toEqual([]);
  });
});
