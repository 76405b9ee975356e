/**
 * A shopper's journey through the demo catalogue (issue 12, defects 10 and 11), on the demo
 * dataset itself: every certified product shows a sample picture drawn by the project and says
 * so (in the API, the alt text and a visible label); search ranks name matches above producer
 * matches above description matches; no filter is shown without options; a missing page is
 * titled as such and says what to do; other error statuses get titles that say what happened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { testApp, asUser, json, type TestApp } from '../helpers/app';
import { loadDemo, DEMO_DIR } from '../../src/modules/ops/demo';
import { pictureFor, pictureRules, SAMPLE_PICTURES_DIR } from '../../src/modules/ops/demo-pictures';
import { errorTitle } from '../../src/web/error-page';
import { t as translate } from '../../src/core/i18n';
import type { View } from '../../src/web/view';

const NOW = new Date('2026-11-22T03:00:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await testApp({ clock: () => NOW });
  expect((await loadDemo(t.deps)).loaded).toBe(true);
}, 240_000);
afterAll(() => t?.close());

const get = (url: string) => t.app.inject({ url, headers: { accept: 'text/html' }, remoteAddress: '10.12.0.1' });
const api = (qs: string) => t.app.inject({ url: `/api/v1/catalogue/products${qs}`, remoteAddress: '10.12.0.2' });

interface Item { id: string; name: string; url: string; image: { thumb: string; full: string; sample: boolean } | null }

describe('sample pictures of the demo products', () => {
  it('every product of the demo files has a drawing, and every drawing is used', async () => {
    const rules = await pictureRules();
    const csv = (await readFile(join(DEMO_DIR, 'certified-products.csv'), 'utf8')).trim().split('\n').slice(1);
    const names = csv.map((line) => line.split(',')[0]!);
    const created = (JSON.parse(await readFile(join(DEMO_DIR, 'products.json'), 'utf8')) as { product: string; create?: boolean }[])
      .filter((p) => p.create).map((p) => p.product);
    const used = new Set<string>();
    for (const name of [...names, ...created]) {
      const file = pictureFor(rules, name);
      expect(file, name).not.toBeNull();
      used.add(file!);
    }
    expect([...used].sort()).toEqual(rules.map((r) => r.file).sort());
    // A honey is drawn as honey, a tea as tea, a cake as a cake (not as a tea: "Chè lam").
    expect(pictureFor(rules, 'Mật ong hoa nhãn Cẩm Thủy')).toBe('honey.svg');
    expect(pictureFor(rules, 'Hồng trà Shan tuyết Hoàng Su Phì')).toBe('tea.svg');
    expect(pictureFor(rules, 'Chè lam Phủ Quảng')).toBe('cake.svg');
    expect(pictureFor(rules, 'Tinh dầu quế Trà Bồng')).toBe('essential-oil.svg');
    for (const r of rules) {
      const svg = await readFile(join(SAMPLE_PICTURES_DIR, r.file), 'utf8');
      expect(svg, r.file).toContain('Ảnh minh họa mẫu');
    }
  });

  it('every certified demo product has a main picture, marked as a sample in the API', async () => {
    const body = json<{ total: number; items: Item[] }>(await api('?pageSize=100'));
    expect(body.total).toBeGreaterThanOrEqual(30);
    for (const item of body.items) {
      expect(item.image, item.name).not.toBeNull();
      expect(item.image!.sample, item.name).toBe(true);
    }
    // The files exist, rendered once at seed time: a square display copy and a WebP thumbnail.
    const honey = body.items.find((i) => i.name === 'Mật ong bạc hà Mèo Vạc')!;
    const full = await get(honey.image!.full);
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('image/png');
    const meta = await sharp(full.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([800, 800]);
    const thumb = await get(honey.image!.thumb);
    expect(thumb.headers['content-type']).toBe('image/webp');

    // The back office sees the same flag on the product's images.
    const admin = await asUser(t.app, t.deps, { role: 'national_admin', login: true });
    const images = json<{ items: { sample: boolean }[] }>(await t.app.inject({ url: `/api/v1/products/${honey.id}/images`, headers: admin.headers() }));
    expect(images.items.length).toBe(1);
    expect(images.items[0]!.sample).toBe(true);
    const backOffice = await t.app.inject({ url: `/admin/products/${honey.id}`, headers: { ...admin.sessionHeaders(), accept: 'text/html' } });
    expect(backOffice.statusCode).toBe(200);
    expect(backOffice.body).toMatch(/<span class="badge badge--sample">.*?<span>Ảnh minh họa mẫu<\/span><\/span>/s);
  });

  it('pages label the pictures "Ảnh minh họa mẫu": cards and the product page, no letter placeholders', async () => {
    const search = (await get('/san-pham?pageSize=48')).body;
    expect(search).not.toContain('product-card-placeholder');
    const cards = search.match(/<li class="product-card">/g)?.length ?? 0;
    expect(cards).toBeGreaterThan(10);
    expect(search.match(/class="sample-picture-tag"[^>]*>Ảnh minh họa mẫu</g)?.length).toBe(cards);
    expect(search).toContain('alt="Ảnh minh họa mẫu: hình vẽ Mật ong bạc hà Mèo Vạc, không phải ảnh chụp sản phẩm"');

    const home = (await get('/')).body;
    expect(home).not.toContain('product-card-placeholder');
    expect(home).toContain('Ảnh minh họa mẫu');

    const body = json<{ items: Item[] }>(await api('?q=mat%20ong'));
    const page = (await get(body.items[0]!.url)).body;
    expect(page).toContain('class="sample-picture-tag" aria-hidden="true">Ảnh minh họa mẫu</span>');
    expect(page).toContain('<figcaption class="sample-picture-note">Ảnh minh họa mẫu: hình vẽ cho dữ liệu trình diễn, không phải ảnh chụp sản phẩm thật.</figcaption>');
    expect(page).toMatch(/<img src="\/anh\/san-pham\/[^"]+\/full" alt="Ảnh minh họa mẫu: hình vẽ Mật ong/);
  });
});

describe('search ranks name above producer above description', () => {
  const order = async (q: string) => json<{ items: Item[] }>(await api(`?q=${encodeURIComponent(q)}`)).items.map((i) => i.name);

  it('"mat ong": the honeys first, the tea that mentions honey in its description after them', async () => {
    for (const q of ['mat ong', 'Mật ong', 'MAT ONG']) {
      const names = await order(q);
      expect(names.slice(0, 2).sort(), q).toEqual(['Mật ong bạc hà Mèo Vạc', 'Mật ong hoa nhãn Cẩm Thủy']);
      expect(names.slice(2), q).toEqual(['Hồng trà Shan tuyết Hoàng Su Phì']);
    }
  });

  it('"xu thanh": names with both words, then a product whose producer is "Xứ Thanh", then a description', async () => {
    expect(await order('xu thanh')).toEqual([
      'Trà túi lọc giảo cổ lam Xứ Thanh', // 4★, in its name
      'Cao dược liệu xương khớp Xứ Thanh', // 3★, in its name
      'Tinh dầu quế Thường Xuân', // "Xuân" in its name, "Xứ Thanh" its producer
      'Nem chua Thanh Hóa Hạc Thành', // only its description says "xứ Thanh"
    ]);
    // A producer's name alone finds its products.
    expect((await order('Nuôi ong Cẩm Tú'))).toEqual(['Mật ong hoa nhãn Cẩm Thủy']);
  });

  it('the same tiers on the search page', async () => {
    const html = (await get('/san-pham?q=xu+thanh')).body;
    const titles = [...html.matchAll(/product-card-title"><a href="[^"]*">([^<]*)</g)].map((m) => m[1]);
    expect(titles[2]).toBe('Tinh dầu quế Thường Xuân');
    expect(titles[3]).toBe('Nem chua Thanh Hóa Hạc Thành');
  });
});

describe('filters', () => {
  it('every filter shown has options and is open (no bare "Bộ sản phẩm" heading)', async () => {
    for (const url of ['/san-pham', '/san-pham?q=mat+ong', '/san-pham?q=mat+ong&stars=4', '/san-pham?set=4']) {
      const html = (await get(url)).body;
      const facets = [...html.matchAll(/<details class="facet"([^>]*)><summary class="facet-title">([^<]*)<\/summary><ul class="facet-list">(.*?)<\/ul><\/details>/g)];
      expect(facets.length, url).toBeGreaterThan(0);
      for (const [, attrs, title, list] of facets) {
        expect(attrs, `${url} ${title}`).toContain('open');
        expect(list!.match(/class="facet-link/g)?.length ?? 0, `${url} ${title}`).toBeGreaterThan(0);
      }
      expect(facets.map((f) => f[2]), url).toContain('Bộ sản phẩm');
    }
  });

  it('no filter at all when a search finds nothing', async () => {
    const html = (await get('/san-pham?q=zzzzqqq')).body;
    expect(html).not.toContain('class="facet"');
  });
});

describe('error pages', () => {
  it('a missing page is "Không tìm thấy trang", with a search box and links home, to the catalogue and to /v', async () => {
    for (const url of ['/khong-co-trang-nay', '/san-pham/khong-co-00000000-0000-4000-8000-000000000000']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('<title>Không tìm thấy trang · ');
      expect(res.body).toContain('<h1>Không tìm thấy trang</h1>');
      expect(res.body).not.toContain('Không thực hiện được');
      expect(res.body).toContain('Địa chỉ này không có trang nào, hoặc trang đã được chuyển đi.');
      expect(res.body).toMatch(/<form class="portal-search" method="get" action="\/san-pham" role="search">/);
      for (const href of ['href="/"', 'href="/san-pham"', 'href="/v"']) expect(res.body, href).toContain(href);
    }
    const en = await t.app.inject({ url: '/khong-co-trang-nay', headers: { accept: 'text/html', cookie: 'lang=en' } });
    expect(en.statusCode).toBe(404);
  });

  it('a forbidden page is "Không có quyền truy cập"', async () => {
    const officer = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: '14956', login: true });
    const res = await t.app.inject({ url: '/admin/audit', headers: { ...officer.sessionHeaders(), accept: 'text/html' } });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('<h1>Không có quyền truy cập</h1>');
    expect(res.body).toContain('Bạn không có quyền thực hiện thao tác này.');
  });

  it('every error status has its own title, in Vietnamese and English', () => {
    const view = (locale: 'vi' | 'en') => ({ locale, t: (k: string, p?: Record<string, unknown>) => translate(locale, k as never, p as never) }) as unknown as View;
    const vi = view('vi');
    expect(Object.fromEntries([400, 403, 404, 409, 429, 500, 503].map((s) => [s, errorTitle(vi, s)]))).toEqual({
      400: 'Yêu cầu không hợp lệ',
      403: 'Không có quyền truy cập',
      404: 'Không tìm thấy trang',
      409: 'Chưa thực hiện được thao tác',
      429: 'Quá nhiều yêu cầu',
      500: 'Đã có lỗi hệ thống',
      503: 'Hệ thống tạm ngừng phục vụ',
    });
    expect(errorTitle(view('en'), 404)).toBe('Page not found');
    expect(errorTitle(vi, 502)).toBe('Đã có lỗi hệ thống');
  });
});
