/**
 * Issue 13's history report: a 2022 Quảng Ngãi certified-product list written with the communes
 * of 2022 imports (old codes mapped to today's communes), and the summary as of 20/10/2022 in the
 * units of that date reads like the province's own report then — products by star, producers by
 * kind, communes with products out of the 173 communes of the time, districts out of its 13 —
 * while the same products as of a day after the reform count in today's Quảng Ngãi.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { importCertifiedList, type ListRow } from '../helpers/programme-fixtures';
import { rows } from '../../src/db/client';
import { getJob, runImport } from '../../src/modules/imports/import.service';

// Communes of Quảng Ngãi listed on 2022-10-01 (codes of that date) and where they went in 2025.
const LE_HONG_PHONG = '21010'; // Phường Lê Hồng Phong, TP Quảng Ngãi (522) → 21028
const TRAN_PHU = '21013'; //      Phường Trần Phú, TP Quảng Ngãi (522) → 21028
const LA_HA = '21235'; //         Thị trấn La Hà, Tư Nghĩa (528) → 21235
const NGHIA_LAM = '21241'; //     Xã Nghĩa Lâm, Tư Nghĩa (528) → 21244
const BINH_THUAN = '21043'; //    Xã Bình Thuận, Bình Sơn (524) → 21061

const row = (r: Omit<ListRow, 'decisionNumber'>): ListRow => ({ decisionNumber: '1450/QĐ-UBND', ...r });
const LIST: ListRow[] = [
  row({ product: 'Tỏi Lý Sơn đen', producer: 'HTX Nông nghiệp Lê Hồng Phong', kind: 'hợp tác xã', commune: LE_HONG_PHONG, stars: 4, decisionDate: '2022-08-15', potentialFiveStar: true }),
  row({ product: 'Mạch nha Thi Phổ', producer: 'HTX Nông nghiệp Lê Hồng Phong', kind: 'hợp tác xã', commune: LE_HONG_PHONG, stars: 3, decisionDate: '2022-08-15' }),
  row({ product: 'Kẹo gương Trần Phú', producer: 'Công ty TNHH Kẹo gương Quảng Ngãi', kind: 'doanh nghiệp', commune: TRAN_PHU, stars: 3, decisionDate: '2022-08-15' }),
  row({ product: 'Bánh tráng La Hà', producer: 'Hộ kinh doanh Nguyễn Thị Lan', kind: 'hộ kinh doanh', commune: LA_HA, stars: 3, decisionDate: '2022-08-15' }),
  row({ product: 'Nước mắm Nghĩa Lâm', producer: 'Tổ hợp tác Nước mắm Nghĩa Lâm', kind: 'tổ hợp tác', commune: NGHIA_LAM, stars: 4, decisionDate: '2022-08-15' }),
  // Decided after 20/10/2022: not counted on that day.
  row({ product: 'Đường phèn Bình Thuận', producer: 'Hộ kinh doanh Phạm Văn Tư', kind: 'hộ kinh doanh', commune: BINH_THUAN, stars: 3, decisionDate: '2022-12-01' }),
];

let t: TestApp;
let admin: AuthedUser;
let quangNgai: AuthedUser;
let thanhHoa: AuthedUser;

beforeAll(async () => {
  t = await testApp({ clock: () => new Date('2025-08-01T03:00:00Z') });
  admin = await asUser(t.app, t.deps, { role: 'national_admin' });
  quangNgai = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '51' });
  thanhHoa = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38' });
  await importCertifiedList(quangNgai.ctx, LIST, 'quang-ngai-2022.csv');
});
afterAll(() => t?.close());

const get = (user: AuthedUser, query: string) => t.app.inject({ url: `/api/v1/reports/summary?${query}`, headers: user.headers() });

describe('the import keeps both the units of 2022 and today\'s', () => {
  it('maps the 2022 commune codes to today\'s communes and records the province decision as signed', async () => {
    const certs = await rows<Record<string, string>>(t.deps.database.db, sql`
      select p.name, c.commune_code, c.commune_code_then, c.district_code_then, c.province_code_then, c.province_code, d.level, d.issuer
      from certificates c join products p on p.id = c.product_id join decisions d on d.id = c.decision_id order by p.name`);
    const byName = Object.fromEntries(certs.map((r) => [r.name, r]));
    expect(byName['Tỏi Lý Sơn đen']).toMatchObject({
      commune_code: '21028', commune_code_then: LE_HONG_PHONG, district_code_then: '522', province_code_then: '51', province_code: '51',
      level: 'province', issuer: 'UBND tỉnh Quảng Ngãi',
    });
    expect(byName['Nước mắm Nghĩa Lâm']).toMatchObject({ commune_code: '21244', commune_code_then: NGHIA_LAM, district_code_then: '528' });
  });
});

describe('the import result shows each decision\'s level and issuer, and whether it was inferred', () => {
  it('a district decision of 2024 inferred from a Tư Nghĩa commune of 2024; a named issuer kept as written', async () => {
    const file = Buffer.from([
      'product_name,product_set,producer_name,producer_kind,commune_code,stars,decision_number,decision_date,decision_level,issuer',
      `Mạch nha La Hà,6,Hộ kinh doanh Võ Thị Hạnh,hộ kinh doanh,${LA_HA},3,88/QĐ-UBND,2024-05-20,,`,
      `Bánh ít lá gai,6,Hộ kinh doanh Võ Thị Hạnh,hộ kinh doanh,${LA_HA},3,89/QĐ-UBND,2024-05-20,huyện,UBND huyện Tư Nghĩa`,
    ].join('\n'));
    const outcome = await runImport(quangNgai.ctx, 'certified-products', { name: 'tu-nghia-2024.csv', data: file });
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    const job = await getJob(quangNgai.ctx, outcome.jobId);
    expect(job.summary).toMatchObject({ decisionsDistrict: 2, decisionsProvince: 0, issuersInferred: 1 });
    expect(job.details?.decisions).toEqual([
      { number: '88/QĐ-UBND', date: '2024-05-20', level: 'district', issuer: 'UBND huyện Tư Nghĩa', inferred: true },
      { number: '89/QĐ-UBND', date: '2024-05-20', level: 'district', issuer: 'UBND huyện Tư Nghĩa', inferred: false },
    ]);
    const page = await t.app.inject({ url: `/admin/imports/${outcome.jobId}`, headers: quangNgai.headers() });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Suy ra theo quy định và đơn vị hành chính tại ngày quyết định');
    expect(page.body).toContain('UBND huyện Tư Nghĩa');
  });
});

describe('as of 20/10/2022 in the units of that date', () => {
  it('counts by star and kind, communes out of 173 and districts out of 13 (api.md units=then)', async () => {
    const res = await get(quangNgai, 'area=51&asOf=2022-10-20&units=then');
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toEqual({
      area: { code: '51', name: 'Tỉnh Quảng Ngãi' },
      asOf: '2022-10-20',
      units: 'then',
      unitsListedOn: '2022-10-01',
      products: { certified: 5, byStars: { 3: 3, 4: 2, 5: 0 }, potentialFiveStar: 1 },
      producers: {
        withCertifiedProducts: 4,
        byKind: {
          enterprise: { producers: 1, products: 1 },
          cooperative: { producers: 1, products: 2 },
          cooperative_group: { producers: 1, products: 1 },
          household: { producers: 1, products: 1 },
        },
      },
      communes: { withCertifiedProducts: 4, total: 173 },
      districts: { withCertifiedProducts: 2, total: 13 },
    });
  });

  it('answers for an old district (3 digits) and an old commune of that date', async () => {
    const district = json<{ area: unknown; products: { certified: number }; communes: unknown; districts: unknown }>(await get(quangNgai, 'area=528&asOf=2022-10-20&units=then'));
    expect(district.area).toEqual({ code: '528', name: 'Huyện Tư Nghĩa' });
    expect(district.products.certified).toBe(2);
    expect(district.districts).toEqual({ withCertifiedProducts: 1, total: 1 });
    const commune = json<{ products: { certified: number }; communes: unknown; districts?: unknown }>(await get(quangNgai, `area=${TRAN_PHU}&asOf=2022-10-20&units=then`));
    expect(commune.products.certified).toBe(1);
    expect(commune.communes).toEqual({ withCertifiedProducts: 1, total: 1 });
    expect(commune.districts).toBeUndefined();
  });

  it('a later date of 2022 counts the December decision', async () => {
    const later = json<{ products: { certified: number }; communes: { withCertifiedProducts: number } }>(await get(admin, 'area=51&asOf=2022-12-31&units=then'));
    expect(later.products.certified).toBe(6);
    expect(later.communes.withCertifiedProducts).toBe(5);
  });

  it('scopes by today\'s successor: another province is refused, an unknown old code is 404, a bad code 400', async () => {
    expect((await get(thanhHoa, 'area=51&asOf=2022-10-20&units=then')).statusCode).toBe(403);
    expect((await get(admin, 'area=99&asOf=2022-10-20&units=then')).statusCode).toBe(404);
    expectError(await get(admin, 'area=5&asOf=2022-10-20&units=then'), 400, 'validation_failed');
    expectError(await get(quangNgai, 'asOf=2022-10-20&units=then'), 400, 'validation_failed');
  });
});

describe('the statistics page as of a date before the reform', () => {
  it('adds the section in the units of that date: the old province, 4/173 communes, 2/13 districts, by district', async () => {
    const page = await t.app.inject({ url: '/admin/statistics?area=51&asOf=2022-10-20', headers: quangNgai.headers() });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Theo đơn vị hành chính ngày 20/10/2022');
    expect(page.body).toContain('4/173');
    expect(page.body).toContain('2/13');
    expect(page.body).toContain('Huyện Tư Nghĩa');
    // Kon Tum also became today's Quảng Ngãi: its own section, with nothing certified then.
    expect(page.body).toContain('Tỉnh Kon Tum');
    const after = await t.app.inject({ url: '/admin/statistics?area=51&asOf=2025-07-20', headers: quangNgai.headers() });
    expect(after.body).not.toContain('Theo đơn vị hành chính ngày');
  });
});

describe('the same products in today\'s units', () => {
  it('counts in today\'s Quảng Ngãi (old Quảng Ngãi and Kon Tum) with today\'s communes', async () => {
    const res = await get(quangNgai, 'area=51&asOf=2025-08-01');
    expect(res.statusCode, res.body).toBe(200);
    const body = json<{ area: unknown; products: { certified: number }; communes: { withCertifiedProducts: number; total: number }; districts?: unknown; units?: unknown }>(res);
    expect(body.area).toEqual({ code: '51', name: 'Tỉnh Quảng Ngãi' });
    // The six products of 2022 and the two Tư Nghĩa products of 2024 above.
    expect(body.products.certified).toBe(8);
    // Lê Hồng Phong and Trần Phú both became 21028: four of today's communes hold the eight products.
    expect(body.communes.withCertifiedProducts).toBe(4);
    expect(body.communes.total).toBeGreaterThan(90);
    expect(body.districts).toBeUndefined();
    expect(body.units).toBeUndefined();
    // units=then after the reform is today's units.
    expect(json(await get(quangNgai, 'area=51&asOf=2025-08-01&units=then'))).toEqual(json(res));
  });
});
