/**
 * Promotion posts in a real browser (issue 16, item 4), skipped without Chromium: a Thanh Hóa
 * officer writes a post in the back office (plain text body, a product tagged by pasting its page's
 * address), uploads a cover and publishes it; a visitor on a phone finds it on /tin-tuc, reads it
 * (cover, body, tags, share links) and sees it in the product page's "Tin tức" section; a video
 * post is a link card. No console error, CSP violation, failed request or silent refusal
 * (test/setup/e2e-guards.ts); no serious axe violation. With SCREENSHOTS=1: docs/screenshots/j16-news-*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import {
  clickAndWait, expectAccessible, hasChromium, launchChromium, openPageAs, openPublicPage, PHONE, screenshots, serveTestApp, type ServedApp,
} from '../helpers/e2e';
import { createTestUser } from '../helpers/app';
import { NAMES, PORTAL_NOW, seedPortalCatalogue, type PortalCatalogue } from '../helpers/portal-fixtures';
import { createPost, publishPost } from '../../src/modules/promo/promo.service';

describe.skipIf(!hasChromium())('news and videos on the portal', () => {
  let s: ServedApp;
  let browser: Browser;
  let cat: PortalCatalogue;
  let productUrl: string;

  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp({ clock: () => PORTAL_NOW }), launchChromium()]);
    cat = await seedPortalCatalogue(s);
    productUrl = ((await (await fetch(`${s.baseUrl}/api/v1/catalogue/products/${cat.ids.honeyCamThuy}`)).json()) as { url: string }).url;
  }, 90_000);
  afterAll(async () => { await browser?.close(); await s?.close(); });

  it('an officer writes, illustrates and publishes a post', async () => {
    const officer = await createTestUser(s.deps, { role: 'province_officer', areaCode: '38', displayName: 'Lê Thị Thu Hà' });
    const { page } = await openPageAs(browser, s, officer);
    await page.goto('/admin/tin-tuc');
    await expectAccessible(page, 'posts');
    await clickAndWait(page, page.getByRole('link', { name: 'Viết bài mới' }));
    await page.getByLabel('Tiêu đề').fill('Mật ong hoa nhãn Cẩm Thủy lên kệ siêu thị Hà Nội');
    await page.getByLabel('Tóm tắt').fill('Hợp tác xã Cẩm Tú đưa mật ong hoa nhãn 3 sao vào chuỗi siêu thị, mở rộng đầu ra cho 60 hộ nuôi ong.');
    await page.getByLabel(/^Nội dung/).fill('Sau hội nghị kết nối cung cầu, hợp tác xã ký hợp đồng cung cấp 2 tấn mật ong mỗi quý.\n\n'
      + 'Mỗi chai đều có <strong>tem OCOP</strong> để người mua kiểm tra chứng nhận.');
    await page.getByLabel('Sản phẩm liên quan').fill(`${s.baseUrl}${productUrl}`);
    expect(await page.getByLabel('Tỉnh Thanh Hóa').isChecked()).toBe(true);
    await expectAccessible(page, 'new post');
    await screenshots(page, 'j16-news-1-form');
    await clickAndWait(page, page.getByRole('button', { name: 'Lưu bản nháp' }));
    await page.getByText('Đã lưu bản nháp').waitFor();

    const cover = await sharp({ create: { width: 1200, height: 700, channels: 3, background: '#d9a23a' } })
      .composite([{ input: Buffer.from('<svg width="1200" height="700"><circle cx="600" cy="350" r="220" fill="#8a5a12"/></svg>'), top: 0, left: 0 }]).png().toBuffer();
    await page.getByLabel('Ảnh bìa').setInputFiles({ name: 'bia.png', mimeType: 'image/png', buffer: cover });
    await clickAndWait(page, page.getByRole('button', { name: 'Tải ảnh bìa lên' }));
    await page.getByText('Đã cập nhật ảnh bìa.').waitFor();
    await clickAndWait(page, page.getByRole('button', { name: 'Đăng bài' }));
    await page.getByText('Đã đăng bài.').waitFor();
    await expectAccessible(page, 'published post');
    await screenshots(page, 'j16-news-2-edit');
  });

  it('a visitor on a phone reads it on /tin-tuc, on its page and on the product page', async () => {
    const author = await createTestUser(s.deps, { role: 'national_admin' });
    const video = await createPost(author.ctx, {
      kind: 'video', title: 'Video: một ngày ở trại ong Mèo Vạc', summary: 'Theo chân người Mông nuôi ong trên cao nguyên đá.',
      body: '', videoUrl: 'https://www.youtube.com/watch?v=ocop-meo-vac', tags: { products: [cat.ids.honeyMeoVac], producers: [], events: [], provinces: ['08'] },
    });
    await publishPost(author.ctx, video.id);

    const { page } = await openPublicPage(browser, s, { viewport: PHONE, isMobile: true, hasTouch: true });
    await page.goto('/tin-tuc');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Tin tức OCOP');
    const cards = page.getByRole('list', { name: 'Các tin đã đăng' });
    expect(await cards.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual(expect.arrayContaining([
      'Mật ong hoa nhãn Cẩm Thủy lên kệ siêu thị Hà Nội', 'Video: một ngày ở trại ong Mèo Vạc',
    ]));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'news list');
    await screenshots(page, 'j16-news-3-list');

    await clickAndWait(page, cards.getByRole('link', { name: 'Mật ong hoa nhãn Cẩm Thủy lên kệ siêu thị Hà Nội' }));
    expect(await page.locator('.news-cover img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await page.locator('.rich-text strong').innerText()).toBe('tem OCOP');
    const share = page.getByRole('region', { name: 'Chia sẻ trang này' });
    expect(await share.getByRole('link', { name: /Facebook/ }).getAttribute('href')).toContain('facebook.com/sharer/sharer.php?u=http%3A%2F%2F127.0.0.1');
    await expectAccessible(page, 'post');
    await screenshots(page, 'j16-news-4-post');

    await clickAndWait(page, page.getByRole('link', { name: `Sản phẩm: ${NAMES.honeyCamThuy}` }));
    const news = page.getByRole('region', { name: 'Tin tức' });
    expect(await news.getByRole('link', { name: 'Mật ong hoa nhãn Cẩm Thủy lên kệ siêu thị Hà Nội' }).count()).toBe(1);
    await expectAccessible(page, 'product with news');
    await screenshots(page, 'j16-news-5-product');

    await page.goto(video.url);
    const watch = page.getByRole('link', { name: /Xem video trên YouTube/ });
    expect(await watch.getAttribute('href')).toBe('https://www.youtube.com/watch?v=ocop-meo-vac');
    expect(await page.locator('iframe').count()).toBe(0);
    await expectAccessible(page, 'video post');
    await screenshots(page, 'j16-news-6-video');
  });
});
