/**
 * The issuer as signed (issue 13, docs/decisions/032): certificates imported from a 2022 Hà Giang
 * decision (Hà Giang is part of Tuyên Quang today), a 2024 district decision under 148/2023
 * ("UBND huyện Hoằng Hóa") and a 2025 ministry 5★ decision print and verify with their own
 * issuers; open data carries the real level and the issuer; a legacy number two provinces gave
 * ("45/GCN-UBND") verifies by listing both candidates, each with its issuer-qualified address;
 * numbers are unique per issuer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { csv, failed, inEnglish, ok, query, rowErrors } from '../imports/fixtures/db';
import { runImport } from '../../src/modules/imports/import.service';
import { verifyRuntime } from '../../src/modules/verify/verify-changes';

const HEADER = 'product_name,product_set,producer_name,producer_kind,tax_code,commune_code,address,stars,decision_number,decision_date,certificate_number,potential_five_star';
/** Xã Lũng Cú, huyện Đồng Văn, tỉnh Hà Giang (2022 code; today in Tuyên Quang). */
const HA_GIANG_2022 = '00715';
/** Thị trấn Bút Sơn, huyện Hoằng Hóa, Thanh Hóa (2024 code; today Xã Hoằng Hóa). */
const HOANG_HOA_2024 = '15865';
/** Thị trấn Châu Ổ, huyện Bình Sơn, Quảng Ngãi (2022 code). */
const QUANG_NGAI_2022 = '21040';
/** Phường Hạc Thành, Thanh Hóa (today's code). */
const THANH_HOA_NOW = '14797';

const MAIN_FILE = csv([
  HEADER,
  `Chè Shan tuyết Lũng Cú,6,Hợp tác xã Chè Lũng Cú,hộ kinh doanh,,${HA_GIANG_2022},Thôn Lô Lô Chải,4,1520/QĐ-UBND,15/11/2022,45/GCN-UBND,không`,
  `Nem chua Bút Sơn,8,Cơ sở Nem chua Bút Sơn,hộ kinh doanh,,${HOANG_HOA_2024},Tiểu khu 3,3,2345/QĐ-UBND,10/05/2024,12/GCN-UBND,không`,
  `Nước mắm Hạc Thành,8,Cơ sở Nước mắm Hạc Thành,hộ kinh doanh,,${THANH_HOA_NOW},Số 5 Lê Lợi,5,789/QĐ-BNNMT,15/09/2025,,không`,
  `Tỏi Lý Sơn Châu Ổ,6,Cơ sở Tỏi Châu Ổ,hộ kinh doanh,,${QUANG_NGAI_2022},Tổ dân phố 2,4,2001/QĐ-UBND,20/11/2022,45/GCN-UBND,không`,
]);

const HA_GIANG = 'UBND tỉnh Hà Giang';
const HOANG_HOA = 'UBND huyện Hoằng Hóa';
const MINISTRY = 'Bộ Nông nghiệp và Môi trường';
const QUANG_NGAI = 'UBND tỉnh Quảng Ngãi';
const SHARED = '45/GCN-UBND';
const enc = encodeURIComponent;

let t: TestApp;
let admin: AuthedUser;
let dir: string;
/** Certificate number by product name. */
const numbers = new Map<string, string>();

beforeAll(async () => {
  t = await testApp({ clock: () => new Date('2025-10-01T03:00:00Z'), env: { PUBLIC_BASE_URL: 'https://ocop.example.vn' } });
  admin = await asUser(t.app, t.deps, { role: 'national_admin', login: true });
  ok(await runImport(inEnglish(t.ctx), 'certified-products', { name: 'lich-su.csv', data: MAIN_FILE }));
  const rows = await query<{ product: string; number: string }>(t.deps, sql`
    select p.name as product, c.number from certificates c join products p on p.id = c.product_id`);
  for (const r of rows) numbers.set(r.product, r.number);
  dir = mkdtempSync(join(tmpdir(), 'ocop-issuer-'));
}, 120_000);
afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

const get = (url: string) => t.app.inject({ url, headers: admin.headers() });
const page = async (url: string) => {
  const res = await t.app.inject({ url, headers: { cookie: admin.cookie! } });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
  return text(res.body);
};
/** The visible text of an HTML page. */
const text = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ')
  .replace(/&nbsp;|&#160;/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

/** The certificate PDF at `url` as text (pdftotext), and its raw bytes. */
async function printed(url: string, name: string): Promise<{ pdf: string; raw: Buffer }> {
  const res = await get(url);
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  const file = join(dir, name);
  writeFileSync(file, res.rawPayload);
  return { pdf: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' '), raw: res.rawPayload };
}

describe('the import records each decision with its level and body as signed', () => {
  it('province 2022 (Hà Giang), district 2024 (Hoằng Hóa), national 2025 (the ministry), province 2022 (Quảng Ngãi)', async () => {
    const decisions = await query<{ number: string; level: string; issuer: string; issuer_code: string | null; area_code: string | null }>(t.deps,
      sql`select number, level, issuer, issuer_code, area_code from decisions order by decision_date, number`);
    expect(decisions).toEqual([
      { number: '1520/QĐ-UBND', level: 'province', issuer: HA_GIANG, issuer_code: '02', area_code: '08' },
      { number: '2001/QĐ-UBND', level: 'province', issuer: QUANG_NGAI, issuer_code: '51', area_code: '51' },
      { number: '2345/QĐ-UBND', level: 'district', issuer: HOANG_HOA, issuer_code: '399', area_code: '38' },
      { number: '789/QĐ-BNNMT', level: 'national', issuer: MINISTRY, issuer_code: null, area_code: null },
    ]);
    const keys = await query<{ number: string; issuer_key: string }>(t.deps, sql`select number, issuer_key from certificates order by issuer_key`);
    expect(keys.map((k) => k.issuer_key)).toEqual(['district:399', 'national', 'province:02', 'province:51']);
  });
});

describe('certificate PDFs: heading, "của …", place and signature of the issuer as signed', () => {
  it('the 2022 Hà Giang certificate names Hà Giang, never its successor Tuyên Quang', async () => {
    const { pdf, raw } = await printed(`/api/v1/certificates/${enc(SHARED)}/pdf?issuer=province:02`, 'ha-giang.pdf');
    expect(pdf).toContain('ỦY BAN NHÂN DÂN TỈNH HÀ GIANG');
    expect(pdf).toContain('Số 1520/QĐ-UBND ngày 15/11/2022 của Ủy ban nhân dân tỉnh Hà Giang');
    expect(pdf).toContain('Hà Giang, ngày 15/11/2022');
    expect(pdf).toContain('TM. ỦY BAN NHÂN DÂN');
    expect(pdf).not.toContain('TỈNH TUYÊN QUANG');
    expect(pdf).not.toContain('Ủy ban nhân dân Tỉnh Tuyên Quang');
    // The QR code (also in the metadata) leads to this issuer's certificate of the shared number.
    expect(raw.toString('latin1')).toContain('https://ocop.example.vn/v/45%2FGCN-UBND?issuer=province%3A02');
  });

  it('the 148/2023 district certificate is the district People\'s Committee\'s', async () => {
    const { pdf } = await printed(`/api/v1/certificates/${enc('12/GCN-UBND')}/pdf`, 'hoang-hoa.pdf');
    expect(pdf).toContain('ỦY BAN NHÂN DÂN HUYỆN HOẰNG HÓA');
    expect(pdf).toContain('của Ủy ban nhân dân huyện Hoằng Hóa');
    expect(pdf).toContain('Hoằng Hóa, ngày 10/05/2024');
    expect(pdf).not.toContain('ỦY BAN NHÂN DÂN TỈNH THANH HÓA');
  });

  it('the 5★ certificate is the ministry\'s, signed in Hà Nội', async () => {
    const { pdf } = await printed(`/api/v1/certificates/${enc(numbers.get('Nước mắm Hạc Thành')!)}/pdf`, 'ministry.pdf');
    expect(pdf).toContain('BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG');
    expect(pdf).toContain('của Bộ Nông nghiệp và Môi trường');
    expect(pdf).toContain('TM. BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG');
    expect(pdf).toContain('Hà Nội, ngày 15/09/2025');
    expect(pdf).not.toContain('ỦY BAN NHÂN DÂN');
  });

  it('a shared number without ?issuer= is 409 conflict listing the candidates (API and PDF); the page offers the choice', async () => {
    const res = await get(`/api/v1/certificates/${enc(SHARED)}`);
    expectError(res, 409, 'conflict');
    expect(json(res).error.details.candidates).toEqual([
      { issuerKey: 'province:51', issuer: QUANG_NGAI }, { issuerKey: 'province:02', issuer: HA_GIANG },
    ]);
    expectError(await get(`/api/v1/certificates/${enc(SHARED)}/pdf`), 409, 'conflict');
    const chooser = await page(`/admin/certificates/${enc(SHARED)}`);
    expect(chooser).toContain(`Cơ quan cấp: ${HA_GIANG}`);
    expect(chooser).toContain(`Cơ quan cấp: ${QUANG_NGAI}`);
  });

  it('the certificate API and page show the issuer as signed and the real level', async () => {
    const c = json(await get(`/api/v1/certificates/${enc(SHARED)}?issuer=province:51`));
    expect(c.decision).toMatchObject({ number: '2001/QĐ-UBND', level: 'province', issuer: QUANG_NGAI });
    expect(c.issuerKey).toBe('province:51');
    expect(json(await get(`/api/v1/certificates/${enc('12/GCN-UBND')}`)).decision).toMatchObject({ level: 'district', issuer: HOANG_HOA });
    expect(await page(`/admin/certificates/${enc(SHARED)}?issuer=province:02`)).toContain(`Cơ quan cấp ${HA_GIANG}`);
  });
});

describe('verification', () => {
  const verify = (path: string) => t.app.inject({ url: `/api/v1/verify/${path}` });

  it('answers certificate.issuer as signed (api.md) for each of the three', async () => {
    const district = json(await verify(enc('12/GCN-UBND')));
    expect(district).toMatchObject({ status: 'valid', certificate: { number: '12/GCN-UBND', issuer: HOANG_HOA }, candidates: [] });
    const ministry = json(await verify(numbers.get('Nước mắm Hạc Thành')!));
    expect(ministry).toMatchObject({ status: 'valid', certificate: { issuer: MINISTRY }, product: { stars: 5 } });
    const haGiang = json(await verify(`${enc(SHARED)}?issuer=province:02`));
    expect(haGiang).toMatchObject({
      status: 'valid', product: { name: 'Chè Shan tuyết Lũng Cú' }, certificate: { number: SHARED, issuedOn: '2022-11-15', issuer: HA_GIANG },
      producer: { provinceName: 'Tỉnh Tuyên Quang' },
    });
  });

  it('a number two provinces gave answers unknown, reason shared_number, with both candidates and their qualified addresses', async () => {
    const body = json(await verify(enc(SHARED)));
    expect(body).toMatchObject({ status: 'unknown', reason: 'shared_number', certificate: null, product: null });
    const byIssuer = Object.fromEntries(body.candidates.map((c: { issuer: string }) => [c.issuer, c]));
    expect(Object.keys(byIssuer).sort()).toEqual([HA_GIANG, QUANG_NGAI]);
    expect(byIssuer[HA_GIANG]).toMatchObject({
      issuerKey: 'province:02', status: 'valid', product: { name: 'Chè Shan tuyết Lũng Cú', stars: 4 },
      producer: { name: 'Hợp tác xã Chè Lũng Cú' }, certificate: { issuer: HA_GIANG },
      links: { page: '/v/45%2FGCN-UBND?issuer=province%3A02', api: '/api/v1/verify/45%2FGCN-UBND?issuer=province%3A02' },
    });
    expect(byIssuer[QUANG_NGAI]).toMatchObject({ issuerKey: 'province:51', status: 'valid', product: { name: 'Tỏi Lý Sơn Châu Ổ' } });
    // Each candidate's address answers for it alone.
    const one = json(await verify(byIssuer[QUANG_NGAI].links.api.slice('/api/v1/verify/'.length)));
    expect(one).toMatchObject({ status: 'valid', certificate: { issuer: QUANG_NGAI }, candidates: [] });
    // An issuer that gave no such number, or a malformed key: unknown, no candidates.
    for (const q of ['province:38', 'national', '<script>']) {
      expect(json(await verify(`${enc(SHARED)}?issuer=${enc(q)}`)), q).toMatchObject({ status: 'unknown', reason: null, candidates: [] });
    }
  });

  it('the page lists both candidates with their issuer, product, producer and status, linking to the qualified form', async () => {
    const res = await t.app.inject({ url: `/v/${enc(SHARED)}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/v/45%2FGCN-UBND?issuer=province%3A02"');
    expect(res.body).toContain('href="/v/45%2FGCN-UBND?issuer=province%3A51"');
    const seen = text(res.body);
    expect(seen).toContain('CẦN CHỌN CƠ QUAN CẤP');
    expect(seen).toContain(`Cơ quan cấp: ${HA_GIANG}`);
    expect(seen).toContain(`Cơ quan cấp: ${QUANG_NGAI}`);
    expect(seen).toContain('Chè Shan tuyết Lũng Cú');
    expect(seen).toContain('Cơ sở Tỏi Châu Ổ');
    expect(seen).not.toContain('KHÔNG TÌM THẤY');
    const qualified = text((await t.app.inject({ url: `/v/${enc(SHARED)}?issuer=province%3A02` })).body);
    expect(qualified).toContain('HỢP LỆ');
    expect(qualified).toContain(`Cơ quan cấp ${HA_GIANG}`);
    expect(qualified).not.toContain(QUANG_NGAI);
    expect(text((await t.app.inject({ url: `/v/${enc('12/GCN-UBND')}` })).body)).toContain(`Cơ quan cấp ${HOANG_HOA}`);
  });
});

describe('open data and the catalogue', () => {
  it('carry the real level (district / province / national) and the issuer as signed', async () => {
    const file = json(await t.app.inject({ url: '/api/v1/open-data/certified-products.json' }));
    expect(file.fields).toContain('issuer');
    const rows = file.items.map((i: { productName: string; decisionLevel: string; issuer: string }) => [i.productName, i.decisionLevel, i.issuer]).sort();
    expect(rows).toEqual([
      ['Chè Shan tuyết Lũng Cú', 'province', HA_GIANG],
      ['Nem chua Bút Sơn', 'district', HOANG_HOA],
      ['Nước mắm Hạc Thành', 'national', MINISTRY],
      ['Tỏi Lý Sơn Châu Ổ', 'province', QUANG_NGAI],
    ]);
    const haGiang = file.items.find((i: { productName: string }) => i.productName === 'Chè Shan tuyết Lũng Cú');
    expect(haGiang.verifyUrl).toBe('https://ocop.example.vn/v/45%2FGCN-UBND?issuer=province%3A02');
    const csvText = (await t.app.inject({ url: '/api/v1/open-data/certified-products.csv' })).body;
    expect(csvText.split('\r\n')[0]).toContain('decision_level,issuer');
  });

  it('the public product page names the issuer as signed', async () => {
    const [p] = await query<{ id: string }>(t.deps, sql`select id from products where name = 'Nem chua Bút Sơn'`);
    const product = json(await t.app.inject({ url: `/api/v1/catalogue/products/${p!.id}` }));
    expect(product.certificate).toMatchObject({ level: 'district', issuer: HOANG_HOA });
    expect(text((await t.app.inject({ url: product.url })).body)).toContain(`Cơ quan cấp ${HOANG_HOA}`);
  });
});

describe('numbers are unique per issuer', () => {
  it('the same legacy number again under the same issuer is refused', async () => {
    const again = failed(await runImport(inEnglish(t.ctx), 'certified-products', {
      name: 'ha-giang-2023.csv',
      data: csv([HEADER, `Mật ong bạc hà Đồng Văn,4,Hợp tác xã Mật ong Đồng Văn,hộ kinh doanh,,00712,,4,300/QĐ-UBND,10/06/2023,${SHARED},không`]),
    }));
    expect(rowErrors(again.errors, 2)).toEqual([`certificate_number: certificate number ${SHARED} already exists`]);
  });

  it('under another issuer it is accepted, and a cached answer for that number is dropped at once', async () => {
    // 12/GCN-UBND is Hoằng Hóa's alone, and cached as such.
    const { cache } = verifyRuntime(t.deps);
    for (let i = 0; i < 50 && !cache.get('12/GCN-UBND'); i++) await t.app.inject({ url: `/api/v1/verify/${enc('12/GCN-UBND')}` });
    expect(cache.get('12/GCN-UBND')?.facts.certificate?.issuer).toBe(HOANG_HOA);
    // The province of Thanh Hóa gave 12/GCN-UBND too, in 2022 (4★, province level).
    ok(await runImport(inEnglish(t.ctx), 'certified-products', {
      name: 'thanh-hoa-2022.csv',
      data: csv([HEADER, `Bánh răng bừa Hoằng Hóa,8,Cơ sở Bánh Hoằng Hóa,hộ kinh doanh,,${HOANG_HOA_2024},,4,999/QĐ-UBND,01/12/2022,12/GCN-UBND,không`]),
    }));
    const body = json(await t.app.inject({ url: `/api/v1/verify/${enc('12/GCN-UBND')}` }));
    expect(body).toMatchObject({ status: 'unknown', reason: 'shared_number' });
    expect(body.candidates.map((c: { issuerKey: string; issuer: string }) => `${c.issuerKey} ${c.issuer}`).sort())
      .toEqual(['district:399 UBND huyện Hoằng Hóa', 'province:38 UBND tỉnh Thanh Hóa']);
  });
});
