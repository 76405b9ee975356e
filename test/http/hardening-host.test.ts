/**
 * Issue 18, item 7: without PUBLIC_BASE_URL, absolute links were built from the request's Host
 * header — a forged Host reached the sitemap, the open-data files (cached `public, max-age=300`),
 * canonical links and QR codes. Now only an allowed host (ALLOWED_HOSTS; loopback names outside
 * production; HOST when it names one) becomes the base; any other gets relative links. A request
 * with `Host: evil.example` never finds `evil.example` in an answer, through the framework or
 * through the portal's fast path (a real socket).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { testApp, type InjectResponse, type TestApp } from '../helpers/app';
import { productPath } from '../../src/modules/portal/catalogue.service';
import { GTIN_MEO_VAC, NAMES, PORTAL_NOW, seedPortalCatalogue, type PortalCatalogue } from '../helpers/portal-fixtures';

const EVIL = 'evil.example';
/** Forged origins: the Host itself, with a port, and forwarded headers from a proxy that is not trusted. */
const FORGED: Record<string, string>[] = [
  { host: EVIL }, { host: `${EVIL}:8443` }, { host: `www.${EVIL}` },
  { host: 'localhost', 'x-forwarded-host': EVIL, 'x-forwarded-proto': 'https' },
];

let t: TestApp;
let cat: PortalCatalogue;
let publicUrls: string[];
beforeAll(async () => {
  t = await testApp({ clock: () => PORTAL_NOW });
  cat = await seedPortalCatalogue(t);
  const product = productPath(cat.ids.honeyMeoVac, NAMES.honeyMeoVac);
  publicUrls = [
    '/', '/san-pham', product, '/du-lieu-mo', '/tin-tuc', '/tin-tuc/atom.xml', '/tin-tuc/rss.xml', '/sitemap.xml', '/robots.txt',
    '/api/v1/open-data', '/api/v1/open-data/certified-products.csv', '/api/v1/open-data/certified-products.json',
    '/api/v1/catalogue/products', `/api/v1/catalogue/products/${cat.ids.honeyMeoVac}`, `/01/${GTIN_MEO_VAC}?linkType=all`, `/01/${GTIN_MEO_VAC}`,
    `/api/v1/catalogue/products/${cat.ids.honeyMeoVac}/qr.svg`,
  ];
}, 120_000);
afterAll(() => t?.close());

const everything = (res: InjectResponse) => `${JSON.stringify(res.headers)}\n${res.body}`;

describe('a forged Host header', () => {
  it('never reaches an answer, cacheable or not (framework)', async () => {
    for (const headers of FORGED) {
      for (const url of publicUrls) {
        // Twice: the second may come from the page cache.
        for (let i = 0; i < 2; i++) {
          const res = await t.app.inject({ url, headers });
          expect({ url, headers, status: res.statusCode < 500 }).toEqual({ url, headers, status: true });
          expect(everything(res), `${url} ${JSON.stringify(headers)}`).not.toContain(EVIL);
        }
      }
    }
  });

  it('gets relative links where an allowed host gets absolute ones', async () => {
    const page = await t.app.inject({ url: '/du-lieu-mo', headers: { host: EVIL } });
    expect(page.body).toContain('<link rel="canonical" href="/du-lieu-mo"');
    const sitemap = await t.app.inject({ url: '/sitemap.xml', headers: { host: EVIL } });
    expect(sitemap.body).toContain('<loc>/du-lieu-mo</loc>');
    // app.inject's own Host is localhost:80, a loopback name: allowed outside production.
    const own = await t.app.inject({ url: '/sitemap.xml' });
    expect(own.body).toContain('<loc>http://localhost:80/du-lieu-mo</loc>');
    expect(own.headers['cache-control']).toContain('public');
  });

  it('never reaches an answer through the portal\'s fast path either (real socket)', async () => {
    const base = new URL(await t.app.listen({ port: 0, host: '127.0.0.1' }));
    const get = (path: string, host: string) => new Promise<string>((resolve, reject) => {
      request({ host: '127.0.0.1', port: base.port, path, headers: { host } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(`${JSON.stringify(res.headers)}\n${Buffer.concat(chunks).toString('utf8')}`));
      }).on('error', reject).end();
    });
    for (const path of ['/', '/du-lieu-mo', '/api/v1/open-data', '/san-pham']) {
      for (let i = 0; i < 3; i++) {
        expect(await get(path, EVIL), path).not.toContain(EVIL);
        expect(await get(path, base.host), path).not.toContain(EVIL);
      }
    }
    expect(await get('/du-lieu-mo', base.host)).toContain(`href="http://${base.host}/du-lieu-mo"`);
  });
});

describe('ALLOWED_HOSTS, in production', () => {
  let p: TestApp;
  beforeAll(async () => { p = await testApp({ env: { NODE_ENV: 'production', ALLOWED_HOSTS: 'ocop.tinh.gov.vn, .ocop.gov.vn' } }); });
  afterAll(() => p?.close());

  it('makes the listed hosts (and subdomains of a ".domain" entry) the base of links; nothing else', async () => {
    const sitemap = async (host: string) => (await p.app.inject({ url: '/sitemap.xml', headers: { host } })).body;
    expect(await sitemap('ocop.tinh.gov.vn')).toContain('<loc>http://ocop.tinh.gov.vn/san-pham</loc>');
    expect(await sitemap('OCOP.tinh.gov.vn:8080')).toContain('<loc>http://ocop.tinh.gov.vn:8080/san-pham</loc>');
    expect(await sitemap('thanhhoa.ocop.gov.vn')).toContain('<loc>http://thanhhoa.ocop.gov.vn/san-pham</loc>');
    expect(await sitemap('ocop.gov.vn')).toContain('<loc>http://ocop.gov.vn/san-pham</loc>');
    // In production a loopback name is no more trusted than any other.
    for (const host of [EVIL, 'localhost', '127.0.0.1:3000', 'ocop.tinh.gov.vn.evil.example', 'evilocop.gov.vn', 'ocop.tinh.gov.vn@evil.example']) {
      const body = await sitemap(host);
      expect(body, host).toContain('<loc>/san-pham</loc>');
      expect(body, host).not.toContain('<loc>http');
    }
  });
});
