/**
 * QR codes of certified products (SVG and PNG at print sizes, to the verification address) and
 * the GS1 Digital Link resolver (/01/<gtin>: product page, linkType to verification, bad check
 * digit and unknown GTIN → 404, never 500).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { testApp, json, expectError, type TestApp } from '../helpers/app';
import { GTIN_MEO_VAC, PORTAL_NOW, seedPortalCatalogue, type PortalCatalogue } from '../helpers/portal-fixtures';
import { verificationUrl } from '../../src/domain/decision';
import { makeGtin13 } from '../../src/domain/gtin';
import { parseQrSize, qrModules, qrSvg, QR_OPTIONS } from '../../src/modules/portal/qr';

const BASE = 'https://ocop.example.vn';
let t: TestApp;
let cat: PortalCatalogue;

beforeAll(async () => {
  t = await testApp({ clock: () => PORTAL_NOW, env: { PUBLIC_BASE_URL: BASE } });
  cat = await seedPortalCatalogue(t);
}, 60_000);
afterAll(() => t?.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers, remoteAddress: '10.2.0.1' });
/** Width and height from a PNG's IHDR chunk, and its pixels per metre from pHYs. */
function pngInfo(buf: Buffer) {
  expect(buf.subarray(1, 4).toString('latin1')).toBe('PNG');
  const phys = buf.indexOf('pHYs');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), ppm: phys > 0 ? buf.readUInt32BE(phys + 4) : null };
}

describe('print sizes', () => {
  it('reads mm and px sizes with a dpi, and refuses what cannot print', () => {
    expect(parseQrSize(undefined)).toEqual({ mm: 30, px: 354, dpi: 300 });
    expect(parseQrSize('20mm', 600)).toEqual({ mm: 20, px: 472, dpi: 600 });
    expect(parseQrSize('600px')).toEqual({ mm: null, px: 600, dpi: 300 });
    expect(parseQrSize('600')).toEqual({ mm: null, px: 600, dpi: 300 });
    for (const bad of ['5mm', '301mm', '10px', '5000', 'big', '-30mm', '30cm']) expect(parseQrSize(bad), bad).toBeNull();
    expect(parseQrSize('30mm', 50)).toBeNull();
  });
});

describe('QR codes', () => {
  const url = (format: string, qs = '') => `/api/v1/catalogue/products/${cat.ids.honeyMeoVac}/qr.${format}${qs}`;
  const target = verificationUrl(BASE, 'OCOP-08-2025-00001');

  it('SVG at a print size encodes the verification address', async () => {
    expect(target).toBe(`${BASE}/v/OCOP-08-2025-00001`);
    const res = await get(url('svg', '?size=25mm'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    expect(res.headers['x-qr-target']).toBe(target);
    expect(res.body).toContain('width="25mm" height="25mm"');
    const modules = qrModules(target);
    expect(res.body).toContain(`viewBox="0 0 ${modules} ${modules}"`);
    // Exactly the symbol of the target address: the encoder's own output for it.
    expect(res.body).toBe(await qrSvg(target, { mm: 25, px: 295, dpi: 300 }));
    const other = await QRCode.toString(`${BASE}/v/OCOP-08-2025-00002`, { ...QR_OPTIONS, type: 'svg' });
    expect(res.body.replace(/ width="25mm" height="25mm"/, '')).not.toBe(other);
  });

  it('PNG at pixel and millimetre sizes, with its print resolution', async () => {
    const px = await get(url('png', '?size=600px'));
    expect(px.statusCode).toBe(200);
    expect(px.headers['content-type']).toBe('image/png');
    expect(pngInfo(px.rawPayload)).toMatchObject({ width: 600, height: 600 });
    const mm = await get(url('png', '?size=30mm&dpi=600'));
    const info = pngInfo(mm.rawPayload);
    expect(info).toMatchObject({ width: 709, height: 709 });
    expect(Math.round((info.ppm ?? 0) * 0.0254)).toBe(600);
    expect(mm.headers['content-disposition']).toContain('ocop-qr-OCOP-08-2025-00001-30mm.png');
    expect(mm.headers['x-qr-target']).toBe(target);
  });

  it('refuses impossible sizes (400) and products without a valid certificate (404)', async () => {
    expectError(await get(url('png', '?size=9000px')), 400, 'validation_failed');
    expectError(await get(url('svg', '?size=2mm')), 400, 'validation_failed');
    expectError(await get(url('svg', '?dpi=5')), 400, 'validation_failed');
    for (const id of [cat.ids.expired, cat.ids.revoked, cat.ids.uncertified, 'x']) {
      expectError(await get(`/api/v1/catalogue/products/${id}/qr.svg`), 404, 'not_found');
    }
  });

  it('uses the request\'s origin when PUBLIC_BASE_URL is not set', async () => {
    const other = await testApp({ clock: () => PORTAL_NOW, env: { ALLOWED_HOSTS: 'ocop.tinh.gov.vn' } });
    try {
      const c = await seedPortalCatalogue(other);
      const res = await other.app.inject({ url: `/api/v1/catalogue/products/${c.ids.honeyMeoVac}/qr.svg`, headers: { host: 'ocop.tinh.gov.vn' } });
      expect(res.headers['x-qr-target']).toBe('http://ocop.tinh.gov.vn/v/OCOP-08-2025-00001');
    } finally {
      await other.close();
    }
  }, 60_000);
});

describe('GS1 Digital Link', () => {
  it('resolves a GTIN-13 (or the GTIN-14 with a leading 0) to the product page', async () => {
    const p = json(await get(`/api/v1/catalogue/products/${cat.ids.honeyMeoVac}`));
    // A lot not recorded on the platform is answered one level up (the trace module's resolver).
    const lot = await get(`/01/${GTIN_MEO_VAC}/10/LOT42`);
    expect([lot.statusCode, lot.headers.location]).toEqual([307, `/01/${GTIN_MEO_VAC}`]);
    for (const path of [`/01/${GTIN_MEO_VAC}`, `/01/0${GTIN_MEO_VAC}`]) {
      const res = await get(path);
      expect(res.statusCode, path).toBe(307);
      expect(res.headers.location, path).toBe(p.url);
    }
    expect(p.links.digitalLink).toBe(`/01/${GTIN_MEO_VAC}`);
  });

  it('linkType chooses the verification page; an unknown linkType falls back to the product page', async () => {
    for (const lt of ['gs1:certificationInfo', 'gs1:verificationService', 'certificationInfo', 'https://gs1.org/voc/certificationInfo', 'verification']) {
      const res = await get(`/01/${GTIN_MEO_VAC}?linkType=${encodeURIComponent(lt)}`);
      expect(res.statusCode, lt).toBe(307);
      expect(res.headers.location, lt).toBe('/v/OCOP-08-2025-00001');
    }
    const pip = await get(`/01/${GTIN_MEO_VAC}?linkType=gs1:pip`);
    expect(pip.headers.location).toMatch(/^\/san-pham\/mat-ong-bac-ha-meo-vac-/);
    expect((await get(`/01/${GTIN_MEO_VAC}?linkType=gs1:recipeInfo`)).headers.location).toMatch(/^\/san-pham\//);
  });

  it('linkType=all lists the links as a linkset', async () => {
    const res = await get(`/01/${GTIN_MEO_VAC}?linkType=all`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/linkset+json');
    const set = json(res).linkset[0];
    expect(set.anchor).toBe(`${BASE}/01/${GTIN_MEO_VAC}`);
    expect(set['https://gs1.org/voc/certificationInfo'][0].href).toBe(`${BASE}/v/OCOP-08-2025-00001`);
  });

  it('a wrong check digit, a malformed or an unknown GTIN is a 404 page, not a 500', async () => {
    const last = Number(GTIN_MEO_VAC.at(-1));
    const badCheck = GTIN_MEO_VAC.slice(0, 12) + String((last + 1) % 10);
    for (const path of [`/01/${badCheck}`, '/01/12345', '/01/abcdefghijklm', `/01/${makeGtin13('893', 1)}`, `/01/1${GTIN_MEO_VAC}`]) {
      const res = await get(path, { accept: 'text/html' });
      expect(res.statusCode, path).toBe(404);
      expect(res.headers['content-type'], path).toContain('text/html');
    }
    expectError(await get(`/01/${badCheck}`), 404, 'not_found');
  });

  it('is in the OpenAPI document', async () => {
    const doc = json(await get('/api/openapi.json'));
    expect(doc.paths['/01/{gtin}']?.get).toBeDefined();
  });
});
