/**
 * A shopper on a phone walks the demo catalogue (issue 12, defects 10 and 11): the home page,
 * the catalogue and a product page show the demo products' sample pictures (loaded, not letter
 * placeholders), each with its visible "Ảnh minh họa mẫu" label; every filter shown has options;
 * a missing page says so and offers a way on. No page errors. With SCREENSHOTS=1 the pages are
 * saved as docs/screenshots/j12-catalogue-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium, newAppContext, PHONE, screenshots, serveTestApp, trackPageErrors, type ServedApp } from '../helpers/e2e';
import { loadDemo } from '../../src/modules/ops/demo';

/** Product cards on the page: how many, how many show a loaded picture, how many a letter placeholder or a visible sample label. */
async function cardPictures(page: Page) {
  // Lazy images load once scrolled to: bring every card into view first.
  for (const card of await page.locator('.product-card').all()) await card.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('.product-card img')).every((i) => i.complete));
  return page.evaluate(() => {
    const cards = Array.from(document.querySelectorAll('.product-card'));
    const visible = (el: Element | null) => {
      if (!el) return false;
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    return {
      cards: cards.length,
      loaded: cards.filter((c) => { const img = c.querySelector('img'); return !!img && img.naturalWidth > 0; }).length,
      placeholders: cards.filter((c) => c.querySelector('.product-card-placeholder')).length,
      labelled: cards.filter((c) => {
        const tag = c.querySelector('.sample-picture-tag');
        return visible(tag) && tag!.textContent === 'Ảnh minh họa mẫu';
      }).length,
      alts: cards.map((c) => c.querySelector('img')?.getAttribute('alt') ?? ''),
    };
  });
}

describe.skipIf(!hasChromium())('catalogue journey on the demo data', () => {
  let s: ServedApp;
  let browser: Browser;
  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp({ clock: () => new Date('2026-11-22T03:00:00Z') }), launchChromium()]);
    expect((await loadDemo(s.deps)).loaded).toBe(true);
  }, 240_000);
  afterAll(async () => { await browser?.close(); await s?.close(); });

  it('phone: home, catalogue and a product page show labelled sample pictures, never letter placeholders', async () => {
    const context = await newAppContext(browser, s, { viewport: PHONE, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors = trackPageErrors(page);

    await page.goto('/');
    const home = await cardPictures(page);
    expect(home.cards).toBeGreaterThan(4);
    expect(home).toMatchObject({ loaded: home.cards, placeholders: 0, labelled: home.cards });
    for (const alt of home.alts) expect(alt).toMatch(/^Ảnh minh họa mẫu: hình vẽ .+, không phải ảnh chụp sản phẩm$/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshots(page, 'j12-catalogue-home');

    await page.goto('/san-pham?q=mat+ong');
    const titles = await page.getByRole('list', { name: 'Kết quả tìm kiếm' }).getByRole('heading', { level: 3 }).allInnerTexts();
    expect(titles.slice(0, 2).sort()).toEqual(['Mật ong bạc hà Mèo Vạc', 'Mật ong hoa nhãn Cẩm Thủy']);
    expect(titles[2]).toBe('Hồng trà Shan tuyết Hoàng Su Phì');

    await page.goto('/san-pham');
    const list = await cardPictures(page);
    expect(list.cards).toBeGreaterThan(10);
    expect(list).toMatchObject({ loaded: list.cards, placeholders: 0, labelled: list.cards });
    // Every filter shown is open with choices to make.
    const facets = page.locator('details.facet');
    expect(await facets.count()).toBeGreaterThan(3);
    for (const facet of await facets.all()) {
      expect(await facet.getAttribute('open')).not.toBeNull();
      expect(await facet.locator('.facet-link').first().isVisible()).toBe(true);
    }
    await expect.poll(() => page.locator('details.facet', { hasText: 'Bộ sản phẩm' }).locator('.facet-link').count()).toBeGreaterThan(3);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshots(page, 'j12-catalogue-catalogue');

    await page.getByRole('link', { name: 'Mật ong bạc hà Mèo Vạc' }).first().click();
    await page.waitForURL(/\/san-pham\/mat-ong-bac-ha/);
    const photo = page.locator('.product-photo-main img');
    await photo.waitFor();
    expect(await photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(800);
    expect(await photo.getAttribute('alt')).toBe('Ảnh minh họa mẫu: hình vẽ Mật ong bạc hà Mèo Vạc, không phải ảnh chụp sản phẩm');
    expect(await page.locator('.product-photo-main .sample-picture-tag').isVisible()).toBe(true);
    expect(await page.locator('.sample-picture-note').innerText()).toContain('không phải ảnh chụp sản phẩm thật');
    await screenshots(page, 'j12-catalogue-product');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('phone: a missing page is "Không tìm thấy trang" and its search box leads to the catalogue', async () => {
    const context = await newAppContext(browser, s, { viewport: PHONE, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    const res = await page.goto('/san-pham/khong-co-san-pham-nay');
    expect(res?.status()).toBe(404);
    expect(await page.title()).toMatch(/^Không tìm thấy trang · /);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Không tìm thấy trang');
    await screenshots(page, 'j12-catalogue-404');
    await page.getByRole('searchbox', { name: 'Tìm sản phẩm OCOP' }).fill('mat ong');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.waitForURL(/\/san-pham\?q=mat\+ong$/);
    expect(await page.locator('.product-card').count()).toBe(3);
    expect(errors).toEqual([]);
    await context.close();
  });
});
