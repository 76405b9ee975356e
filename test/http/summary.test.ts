/**
 * `GET /api/v1/reports/summary` (api.md) from a province's certified-product list imported as
 * api.md describes: the figures are those of the chosen date (certificate validity intervals),
 * a later date shows expiries, the old-district breakdown reproduces the Thanh Hóa city figures
 * of the seed articles (7 products: 5×3★, 2×4★), and bad dates, foreign areas and unknown areas
 * get clear errors while an area with no data gets zeros.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { importCertifiedList, type ListRow } from '../helpers/programme-fixtures';
import { summaryDetail } from '../../src/modules/reports/summary.service';
import { resolveReportArea } from '../../src/modules/reports/report-scope';

const CITY = 'Thành phố Thanh Hóa';
const THO_XUAN = 'Huyện Thọ Xuân';
const row = (r: Omit<ListRow, 'decisionNumber'> & { decisionNumber?: string }): ListRow =>
  ({ decisionNumber: `${r.decisionDate.slice(0, 4)}/QĐ-UBND-${r.decisionDate}`, ...r });

// Thanh Hóa's list: seven products of the old Thanh Hóa city (5×3★, 2×4★) and three elsewhere.
const LIST: ListRow[] = [
  row({ product: 'Nem chua Hạc Thành', producer: 'Hộ kinh doanh Lê Văn Nam', kind: 'hộ kinh doanh', commune: '14797', stars: 3, decisionDate: '2022-12-20', oldDistrict: CITY }),
  row({ product: 'Bánh gai Hàm Rồng', producer: 'HTX Bánh gai Hàm Rồng', kind: 'hợp tác xã', commune: '14758', stars: 3, decisionDate: '2023-06-15', oldDistrict: CITY }),
  row({ product: 'Chè lam Đông Tiến', producer: 'Hộ kinh doanh Trịnh Thị Hoa', kind: 'household', commune: '15853', stars: 3, decisionDate: '2023-06-15', oldDistrict: CITY }),
  row({ product: 'Rượu nếp cái hoa vàng', producer: 'Công ty TNHH Thực phẩm Xứ Thanh', kind: 'doanh nghiệp', commune: '15925', stars: 3, decisionDate: '2024-05-10', oldDistrict: CITY }),
  row({ product: 'Mắm tôm Quảng Phú', producer: 'Tổ hợp tác Mắm Quảng Phú', kind: 'tổ hợp tác', commune: '16522', stars: 3, decisionDate: '2024-05-10', oldDistrict: CITY }),
  row({ product: 'Nem chua thượng hạng', producer: 'Công ty TNHH Thực phẩm Xứ Thanh', kind: 'doanh nghiệp', commune: '15925', stars: 4, decisionDate: '2023-06-15', oldDistrict: CITY }),
  row({ product: 'Trà hoa vàng Hàm Rồng', producer: 'HTX Bánh gai Hàm Rồng', kind: 'hợp tác xã', commune: '14758', stars: 4, decisionDate: '2024-05-10', oldDistrict: CITY, potentialFiveStar: true }),
  row({ product: 'Mật ong Thạch Lập', producer: 'Hộ kinh doanh Hà Văn Sơn', kind: 'hộ kinh doanh', commune: '15085', stars: 3, decisionDate: '2024-05-10', oldDistrict: 'Huyện Ngọc Lặc' }),
  row({ product: 'Gạo Nguyệt Ấn', producer: 'Công ty CP Nông sản Ngọc Liên', kind: 'doanh nghiệp', commune: '15091', stars: 4, decisionDate: '2024-05-10', oldDistrict: THO_XUAN }),
  row({ product: 'Miến dong Kiên Thọ', producer: 'HTX Miến dong Kiên Thọ', kind: 'hợp tác xã', commune: '15112', stars: 3, decisionDate: '2024-05-10', oldDistrict: THO_XUAN }),
];

let t: TestApp;
let province: AuthedUser;
let admin: AuthedUser;

beforeAll(async () => {
  t = await testApp({ clock: () => new Date('2026-07-02T03:00:00Z') });
  province = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38' });
  admin = await asUser(t.app, t.deps, { role: 'national_admin' });
  await importCertifiedList(t.ctx, LIST);
});
afterAll(() => t?.close());

const get = (user: AuthedUser, query: string) => t.app.inject({ url: `/api/v1/reports/summary?${query}`, headers: user.headers() });

describe('the province table on a date', () => {
  it('reproduces the list exactly on 30/6/2025 (api.md shape)', async () => {
    const res = await get(province, 'area=38&asOf=2025-06-30');
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toEqual({
      area: { code: '38', name: 'Tỉnh Thanh Hóa' },
      asOf: '2025-06-30',
      products: { certified: 10, byStars: { 3: 7, 4: 3, 5: 0 }, potentialFiveStar: 1 },
      producers: {
        withCertifiedProducts: 8,
        byKind: {
          enterprise: { producers: 2, products: 3 },
          cooperative: { producers: 2, products: 3 },
          cooperative_group: { producers: 1, products: 1 },
          household: { producers: 3, products: 3 },
        },
      },
      communes: { withCertifiedProducts: 8, total: 166 },
    });
  });

  it('the old Thanh Hóa city: 7 products, 5×3★ and 2×4★ (the seed article\'s figures)', async () => {
    const area = await resolveReportArea({ ...t.ctx, actor: province.actor }, '38');
    const detail = await summaryDetail(t.ctx, area, '2025-06-30');
    const city = detail.byOldDistrict.find((d) => d.name === CITY);
    expect(city).toMatchObject({ products: 7, byStars: { 3: 5, 4: 2, 5: 0 }, potentialFiveStar: 1, producers: 5 });
    expect(detail.byOldDistrict.map((d) => [d.name, d.products])).toEqual([[CITY, 7], [THO_XUAN, 2], ['Huyện Ngọc Lặc', 1]]);
    // Every breakdown adds up to the same total.
    for (const rows of [detail.byCommune, detail.byGroup, detail.byProductSet, detail.byOldDistrict]) {
      expect(rows.reduce((s, r) => s + r.products, 0)).toBe(10);
    }
    expect(detail.byCommune.find((c) => c.key === '14758')).toMatchObject({ name: 'Phường Hàm Rồng', products: 2, producers: 1 });
  });

  it('a later date shows the expiries: the 2022 certificate ran out on 20/12/2025', async () => {
    const before = json(await get(province, 'area=38&asOf=2025-12-19'));
    expect(before.products.certified).toBe(10);
    const after = json(await get(province, 'area=38&asOf=2025-12-20'));
    expect(after.products).toEqual({ certified: 9, byStars: { 3: 6, 4: 3, 5: 0 }, potentialFiveStar: 1 });
    expect(after.producers.byKind.household).toEqual({ producers: 2, products: 2 });
    // Phường Hạc Thành had only that product.
    expect(after.communes.withCertifiedProducts).toBe(7);
    // Before any decision: nothing; after every certificate expired: nothing.
    expect(json(await get(province, 'area=38&asOf=2022-12-19')).products.certified).toBe(0);
    expect(json(await get(province, 'area=38&asOf=2027-05-10')).products.certified).toBe(0);
    expect(json(await get(province, 'area=38&asOf=2027-05-09')).products.certified).toBe(6);
  });

  it('a commune of the province, and the whole country for the national administrator', async () => {
    const commune = json(await get(province, 'area=14758&asOf=2025-06-30'));
    expect(commune).toMatchObject({
      area: { code: '14758', name: 'Phường Hàm Rồng' },
      products: { certified: 2, byStars: { 3: 1, 4: 1, 5: 0 }, potentialFiveStar: 1 },
      communes: { withCertifiedProducts: 1, total: 1 },
    });
    const country = json(await get(admin, 'asOf=2025-06-30'));
    expect(country.area).toEqual({ code: null, name: 'Toàn quốc' });
    expect(country.products.certified).toBe(10);
    expect(country.communes.total).toBe(3321);
  });

  it('defaults to the caller\'s area and today', async () => {
    const res = json(await get(province, ''));
    expect(res.area.code).toBe('38');
    expect(res.asOf).toBe('2026-07-02');
    // The 2023-06-15 certificates ran out on 2026-06-15 as well.
    expect(res.products.certified).toBe(6);
  });
});

describe('bad input', () => {
  it('malformed or out-of-range dates answer 400 with the field', async () => {
    for (const d of ['2025-02-30', '2025-13-01', '30/06/2025', 'abc', '1999-12-31', '2101-01-01', `2025-06-30${'x'.repeat(50)}`]) {
      const res = await get(province, `area=38&asOf=${encodeURIComponent(d)}`);
      expectError(res, 400, 'validation_failed');
    }
    expectError(await get(province, 'area=3&asOf=2025-06-30'), 400, 'validation_failed');
    expectError(await get(province, `area=${encodeURIComponent("38' or 1=1 --")}`), 400, 'validation_failed');
  });

  it('an area outside the caller\'s scope is 403, an unknown one 404, and other roles are refused', async () => {
    expectError(await get(province, 'area=01'), 403, 'forbidden');
    expectError(await get(province, 'area=00070'), 403, 'forbidden');
    expectError(await get(province, 'area=99'), 404, 'not_found');
    const commune = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: '14758' });
    expect(json(await get(commune, 'asOf=2025-06-30')).products.certified).toBe(2);
    expectError(await get(commune, 'area=38'), 403, 'forbidden');
    const producer = await asUser(t.app, t.deps, { role: 'producer' });
    expectError(await get(producer, 'area=38'), 403, 'forbidden');
    expectError(await t.app.inject({ url: '/api/v1/reports/summary?area=38' }), 401, 'unauthenticated');
  });

  it('an area with no data answers zeros, not an error', async () => {
    const res = json(await get(admin, 'area=01&asOf=2025-06-30'));
    expect(res.products).toEqual({ certified: 0, byStars: { 3: 0, 4: 0, 5: 0 }, potentialFiveStar: 0 });
    expect(res.producers.withCertifiedProducts).toBe(0);
    expect(res.communes.withCertifiedProducts).toBe(0);
    expect(res.communes.total).toBeGreaterThan(100);
  });
});
