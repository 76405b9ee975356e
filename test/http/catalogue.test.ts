/**
 * The public catalogue: search forgiving diacritics and typos, facet counts, sort and pages,
 * only products certified today listed, the product page (content, byte budget, JSON-LD, meta),
 * producer and province pages, home figures, sitemap and robots, the JSON API, and a revocation
 * leaving the catalogue at once.
 */
import { PUBLIC_CACHE } from '../../src/modules/portal/portal-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, asUser, json, expectError, type TestApp } from '../helpers/app';
import { NAMES, PORTAL_NOW, seedPortalCatalogue, type PortalCatalogue } from '../helpers/portal-fixtures';

let t: TestApp;
let cat: PortalCatalogue;

beforeAll(async () => {
  t = await testApp({ clock: () => PORTAL_NOW, env: { PUBLIC_BASE_URL: 'https://ocop.example.vn' } });
  cat = await seedPortalCatalogue(t);
}, 60_000);
afterAll(() => t?.close());

const api = (qs: string) => t.app.inject({ url: `/api/v1/catalogue/products${qs}`, remoteAddress: '10.1.0.1' });
const page = (url: string) => t.app.inject({ url, headers: { accept: 'text/html' } });
const names = (body: { items: { name: string }[] }) => body.items.map((i) => i.name).sort();
const HONEY = [NAMES.honeyCamThuy, NAMES.honeyMeoVac, NAMES.honeyPuLuong, NAMES.turmericHoney].sort();

describe('search', () => {
  it('finds honey without diacritics, with them, and with a typo; never expired, revoked or uncertified products', async () => {
    for (const q of ['mat ong', 'mật ong', 'MẬT ONG', 'mat o']) {
      const body = json(await api(`?q=${encodeURIComponent(q)}`));
      expect(names(body), q).toEqual(HONEY);
      expect(body.match, q).toBe('prefix');
    }
    const typo = json(await api(`?q=${encodeURIComponent('mât ongg')}`));
    expect(typo).toMatchObject({ match: 'fuzzy', corrected: 'mat ong', total: 4 });
    expect(names(typo)).toEqual(HONEY);
    const all = JSON.stringify(json(await api('?q=mat%20ong&pageSize=100')));
    for (const hidden of [NAMES.expired, NAMES.revoked, NAMES.uncertified]) expect(all).not.toContain(hidden);
  });

  it('puts products whose name has the words before those that only mention them', async () => {
    // The 5★ honey mentions the tea in its description; the 3★ tea has it in its name.
    const body = json(await api('?q=che%20shan'));
    expect(body.items.map((i: { name: string }) => i.name)).toEqual([NAMES.tea, NAMES.honeyPuLuong]);
    expect(json(await api('?q=che%20shan&sort=stars')).items[0].name).toBe(NAMES.honeyPuLuong);
  });

  it('counts every facet with the other filters but not its own', async () => {
    const body = json(await api('?q=mat%20ong'));
    const counts = (f: string) => Object.fromEntries(body.facets[f].map((v: { value: string; count: number }) => [v.value, v.count]));
    expect(counts('stars')).toEqual({ 3: 2, 4: 1, 5: 1 });
    expect(counts('province')).toEqual({ '38': 2, '08': 1, '01': 1 });
    expect(counts('kind')).toEqual({ cooperative: 2, household: 1, cooperative_group: 1 });
    expect(counts('set')).toEqual({ 4: 3, 7: 1 });
    expect(counts('group')).toEqual({ I: 4 });
    expect(body.facets.province.find((v: { value: string }) => v.value === '38').label).toBe('Tỉnh Thanh Hóa');

    const threeStars = json(await api('?q=mat%20ong&stars=3'));
    expect(names(threeStars)).toEqual([NAMES.honeyCamThuy, NAMES.turmericHoney].sort());
    // Its own facet keeps every choice; the others count only 3★ products.
    expect(threeStars.facets.stars.map((v: { value: string; count: number }) => [v.value, v.count])).toEqual([['5', 1], ['4', 1], ['3', 2]]);
    expect(threeStars.facets.kind.map((v: { value: string; count: number }) => [v.value, v.count]).sort()).toEqual([['cooperative', 1], ['cooperative_group', 1]]);

    const combined = json(await api('?province=38&kind=cooperative&group=I&set=4'));
    expect(names(combined)).toEqual([NAMES.honeyCamThuy]);
  });

  it('sorts and pages, with totals, through the query string', async () => {
    const byName = [];
    for (let p = 1; p <= 3; p++) {
      const body = json(await api(`?sort=name&pageSize=3&page=${p}`));
      expect(body).toMatchObject({ total: 8, page: p, pageSize: 3 });
      byName.push(...body.items.map((i: { name: string }) => i.name));
    }
    expect(byName).toHaveLength(8);
    expect(byName).toEqual([...byName].sort((a, b) => a.localeCompare(b, 'vi')));
    expect(json(await api('?sort=stars')).items[0].name).toBe(NAMES.honeyPuLuong);
    const newest = json(await api('?sort=newest')).items.slice(0, 2).map((i: { name: string }) => i.name).sort();
    expect(newest).toEqual([NAMES.honeyMeoVac, NAMES.tea].sort());
    expect(json(await api('?sort=name&page=9')).items).toEqual([]);
  });

  it('refuses bad filters with 400, in the error shape', async () => {
    expectError(await api('?stars=9'), 400, 'validation_failed');
    expectError(await api('?province=abc'), 400, 'validation_failed');
    expectError(await api('?pageSize=1000'), 400, 'validation_failed');
    expect((await api(`?q=${encodeURIComponent("' or 1=1 --")}`)).statusCode).toBe(200);
    expect(json(await api(`?q=${encodeURIComponent('<script>')}`)).total).toBe(0);
  });

  it('renders the search page with facet links and shareable state in the address', async () => {
    const res = await page('/san-pham?q=mat+ong&stars=3');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(NAMES.honeyCamThuy);
    expect(res.body).not.toContain(NAMES.honeyMeoVac);
    expect(res.body).toContain('href="/san-pham?q=mat+ong"'); // removing the stars filter
    expect(res.body).toContain('href="/san-pham?q=mat+ong&amp;stars=3&amp;province=38"');
    expect(res.body).toContain('name="robots" content="noindex"');
    const typo = await page(`/san-pham?q=${encodeURIComponent('mât ongg')}`);
    expect(typo.body).toContain('Đang hiển thị kết quả cho “mat ong”');
    const en = await page('/san-pham?q=honey&lang=en');
    expect(en.body).toContain('No product matches');
    expect((await page('/san-pham?stars=')).statusCode).toBe(200);
  });
});

describe('product page', () => {
  it('shows photos, story, stars with validity, producer, where to buy and the QR, under 60 kB', async () => {
    const p = json(await t.app.inject({ url: `/api/v1/catalogue/products/${cat.ids.honeyMeoVac}` }));
    const res = await page(p.url);
    expect(res.statusCode).toBe(200);
    expect(Buffer.byteLength(res.body)).toBeLessThanOrEqual(60 * 1024);
    const html = res.body;
    expect(html).toContain(`<h1>${NAMES.honeyMeoVac}</h1>`);
    expect(html).toContain('4 sao');
    expect(html).toContain('Còn hiệu lực đến hết ngày 09/09/2028');
    expect(html).toContain('OCOP-08-2025-00001');
    expect(html).toContain('Hoa bạc hà nở trắng');
    expect(html).toContain('Hợp tác xã Ong mật bạc hà Mèo Vạc');
    expect(html).toContain('Trung tâm OCOP Hà Nội (thử nghiệm)');
    expect(html).not.toContain('Cửa hàng đã đóng cửa');
    expect(html).toMatch(/<img src="\/anh\/san-pham\/[0-9a-f-]+\/[0-9a-f-]+\/full"/);
    expect(html).toContain(`/api/v1/catalogue/products/${cat.ids.honeyMeoVac}/qr.svg`);
    expect(html).toContain('href="/v/OCOP-08-2025-00001"');
    // Nothing private about the producer.
    expect(html).not.toMatch(/38500000\d/);
    expect(html).not.toContain('Thôn ');
    // Meta tags and schema.org.
    expect(html).toContain('<meta name="description" content="Mật ong bạc hà Mèo Vạc: sản phẩm OCOP 4 sao');
    expect(html).toContain(`<meta property="og:title" content="${NAMES.honeyMeoVac}"/>`);
    expect(html).toMatch(/<meta property="og:image" content="https:\/\/ocop\.example\.vn\/anh\/san-pham\//);
    expect(html).toContain(`<link rel="canonical" href="https://ocop.example.vn${p.url}"/>`);
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org', '@type': 'Product', name: NAMES.honeyMeoVac, gtin13: p.gtin,
      hasCertification: { '@type': 'Certification', certificationIdentification: 'OCOP-08-2025-00001', expires: '2028-09-09', certificationRating: { ratingValue: 4 } },
      manufacturer: { '@type': 'Organization', address: { addressRegion: 'Tỉnh Tuyên Quang', addressCountry: 'VN' } },
    });
    const en = await page(`${p.url}?lang=en`);
    expect(en.body).toContain('Valid until the end of 09/09/2028');
    expect(en.body).toContain('Where to buy');
  });

  it('serves the photo publicly, and nothing of products never certified', async () => {
    const p = json(await t.app.inject({ url: `/api/v1/catalogue/products/${cat.ids.honeyMeoVac}` }));
    const img = await t.app.inject({ url: p.images[0].thumb });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/webp');
    expect(img.headers['cache-control']).toContain('public');
    expect((await t.app.inject({ url: p.images[0].thumb.replace(cat.ids.honeyMeoVac, cat.ids.uncertified) })).statusCode).toBe(404);
  });

  it('redirects an old or missing slug to the canonical address; 404 for unknown or never-certified products', async () => {
    const p = json(await t.app.inject({ url: `/api/v1/catalogue/products/${cat.ids.honeyMeoVac}` }));
    const res = await page(`/san-pham/ten-cu-${cat.ids.honeyMeoVac}?lang=en`);
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(`${p.url}?lang=en`);
    expect((await page(`/san-pham/${cat.ids.uncertified}`)).statusCode).toBe(404);
    expect((await page('/san-pham/khong-co-gi')).statusCode).toBe(404);
    expectError(await t.app.inject({ url: `/api/v1/catalogue/products/${cat.ids.uncertified}` }), 404, 'not_found');
    expectError(await t.app.inject({ url: '/api/v1/catalogue/products/not-an-id' }), 404, 'not_found');
  });

  it('says plainly when a product\'s certificate expired or was revoked, and keeps it out of search engines', async () => {
    const expired = json(await t.app.inject({ url: `/api/v1/catalogue/products/${cat.ids.expired}` }));
    expect(expired).toMatchObject({ certified: false, certificate: { status: 'expired' }, outlets: [], links: { qrSvg: null } });
    const e = await page(expired.url);
    expect(e.body).toContain('Sản phẩm này hiện không còn trong danh mục OCOP');
    expect(e.body).toContain('Giấy chứng nhận đã hết hiệu lực');
    expect(e.body).toMatch(/Hiệu lực đến hết ngày<\/dt>\s*<dd[^>]*><time[^>]*>09\/05\/2025<\/time>/);
    expect(e.body).toContain('data-certified="false"');
    expect(e.body).toContain('name="robots" content="noindex"');
    const revoked = json(await t.app.inject({ url: `/api/v1/catalogue/products/${cat.ids.revoked}` }));
    expect(revoked.certificate).toMatchObject({ status: 'revoked', revokedOn: '2026-07-02' });
    expect((await page(revoked.url)).body).toContain('Giấy chứng nhận đã bị thu hồi ngày 02/07/2026');
  });

  it('gives public facts only in the API', async () => {
    const body = json(await t.app.inject({ url: `/api/v1/catalogue/products/${cat.ids.nem}` }));
    expect(body.producer).toEqual({ id: expect.any(String), name: 'Công ty TNHH Nem chua Hạc Thành', kind: 'enterprise', url: expect.stringMatching(/^\/chu-the\//) });
    expect(JSON.stringify(body)).not.toMatch(/taxCode|phone":"0|email|representative/);
  });
});

describe('producer and province pages, home', () => {
  it('a producer page lists its certified products; a province page its figures and products', async () => {
    const prod = json(await t.app.inject({ url: `/api/v1/catalogue/producers/${cat.producerIds.turmeric}` }));
    expect(prod).toMatchObject({ name: 'Tổ hợp tác Nghệ Hoàn Kiếm', kind: 'cooperative_group', province: { code: '01' } });
    expect(prod.products.map((p: { name: string }) => p.name)).toEqual([NAMES.turmericHoney]);
    const res = await page(prod.url);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Tổ hợp tác · Phường Hoàn Kiếm');
    expect(res.body).toContain(NAMES.turmericHoney);

    const prov = await page('/tinh/38');
    expect(prov.statusCode).toBe(301);
    expect(prov.headers.location).toBe('/tinh/38-thanh-hoa');
    const th = await page('/tinh/38-thanh-hoa');
    expect(th.body).toContain('<h1>Sản phẩm OCOP Tỉnh Thanh Hóa</h1>');
    for (const n of [NAMES.honeyCamThuy, NAMES.honeyPuLuong, NAMES.fishSauce, NAMES.nem]) expect(th.body).toContain(n);
    expect(th.body).not.toContain(NAMES.revoked);
    const fig = json(await t.app.inject({ url: '/api/v1/catalogue/figures?province=38' }));
    expect(fig).toMatchObject({ products: 4, byStars: { 3: 2, 4: 1, 5: 1 }, producers: 4, producersByKind: { enterprise: 1, cooperative: 2, household: 1, cooperative_group: 0 } });
    expect((await page('/tinh/99-khong-co')).statusCode).toBe(404);
  });

  it('home: what OCOP is, national figures of valid certificates, featured products, provinces', async () => {
    const fig = json(await t.app.inject({ url: '/api/v1/catalogue/figures' }));
    expect(fig).toEqual({
      asOf: '2026-07-02', products: 8, byStars: { 3: 4, 4: 3, 5: 1 }, producers: 8,
      producersByKind: { enterprise: 2, cooperative: 4, cooperative_group: 1, household: 1 }, provinces: 3, communes: 8,
    });
    const res = await page('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Mỗi xã một sản phẩm');
    expect(res.body).toContain('<dd class="figure-value">8</dd>');
    expect(res.body).toContain(NAMES.honeyPuLuong); // the five-star product is featured
    expect(res.body).toContain('href="/tinh/38-thanh-hoa"');
    expect(res.body).toContain('"@type":"SearchAction"');
    expect(res.body).toContain('<meta property="og:title"');
    const en = await page('/?lang=en');
    expect(en.body).toContain('One Commune One Product');
  });
});

describe('sitemap.xml and robots.txt', () => {
  it('lists listed products, their producers and provinces; robots points to it', async () => {
    const res = await t.app.inject({ url: '/sitemap.xml' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/xml');
    const locs = [...res.body.matchAll(/<loc>(.*?)<\/loc>/g)].map((m) => m[1]!);
    expect(locs).toContain('https://ocop.example.vn/');
    expect(locs.filter((l) => l.includes('/san-pham/'))).toHaveLength(8);
    expect(locs.filter((l) => l.includes('/chu-the/'))).toHaveLength(8);
    expect(locs.filter((l) => l.includes('/tinh/'))).toHaveLength(34);
    expect(res.body).not.toContain(cat.ids.revoked);
    expect(res.body).not.toContain(cat.ids.expired);
    const robots = await t.app.inject({ url: '/robots.txt' });
    expect(robots.headers['content-type']).toContain('text/plain');
    expect(robots.body).toContain('Sitemap: https://ocop.example.vn/sitemap.xml');
    expect(robots.body).toContain('Disallow: /admin');
  });
});

describe('the JSON API', () => {
  it('is in the OpenAPI document, public and cacheable', async () => {
    const doc = json(await t.app.inject({ url: '/api/openapi.json' }));
    for (const path of ['/api/v1/catalogue/products', '/api/v1/catalogue/products/{id}', '/api/v1/catalogue/figures', '/api/v1/catalogue/products/{id}/qr.svg']) {
      expect(doc.paths[path]?.get, path).toBeDefined();
    }
    const res = await api('');
    expect(res.headers['cache-control']).toBe(PUBLIC_CACHE);
  });

  it('limits each IP (429 in the error shape) without touching other IPs', async () => {
    let last = 0;
    for (let i = 0; i < 121; i++) last = (await t.app.inject({ url: '/api/v1/catalogue/figures', remoteAddress: '10.9.9.9' })).statusCode;
    expect(last).toBe(429);
    expectError(await t.app.inject({ url: '/api/v1/catalogue/figures', remoteAddress: '10.9.9.9' }), 429, 'rate_limited');
    expect((await t.app.inject({ url: '/api/v1/catalogue/figures', remoteAddress: '10.9.9.10' })).statusCode).toBe(200);
  });
});

describe('a revocation', () => {
  it('takes the product out of the catalogue with the next request', async () => {
    expect(names(json(await api('?q=nem')))).toEqual([NAMES.nem]);
    const officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38' });
    const r = await t.app.inject({
      method: 'POST', url: '/api/v1/certificates/OCOP-38-2025-00004/revoke', headers: officer.headers(),
      payload: { reason: 'Hậu kiểm: nhãn không đúng', legalBasis: 'Điều 10 Quyết định 26/2026/QĐ-TTg' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(json(await api('?q=nem')).total).toBe(0);
    expect(json(await t.app.inject({ url: '/api/v1/catalogue/figures?province=38' })).products).toBe(3);
  });
});
