/**
 * The statistics report: `GET /api/v1/reports/detail` and the page /admin/statistics. A province
 * list imported through the real import, a second list upgrading one product, a certificate
 * revoked through the API and one left to expire: the period counts new, upgraded, expired and
 * revoked certificates for the chosen dates; the evaluation pipeline counts ideas, plans and
 * dossiers submitted in the period (by the day in Vietnam) and certificates issued on a dossier; scope (403/404), bad dates (400) and an empty area (zeros) are checked too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { importCertifiedList, type ListRow } from '../helpers/programme-fixtures';
import { certify } from '../helpers/verify-fixtures';
import { buildDossier } from '../helpers/council-fixtures';
import { testSheetId } from '../helpers/certification-fixtures';
import { DEFAULT_PRODUCT_SET } from '../helpers/builders';
import { rows } from '../../src/db/client';

const row = (r: Omit<ListRow, 'decisionNumber'>): ListRow => ({ decisionNumber: `${r.decisionDate.slice(0, 4)}/QĐ-UBND-${r.decisionDate}`, ...r });

// Thanh Hóa (38). A expires on 20/12/2025; B is upgraded 3★ → 4★ on 10/3/2025; C is revoked on 1/8/2025; D is new in 2025.
const FIRST: ListRow[] = [
  row({ product: 'Nem chua Hạc Thành', producer: 'Hộ kinh doanh Lê Văn Nam', kind: 'hộ kinh doanh', commune: '14797', stars: 3, decisionDate: '2022-12-20', oldDistrict: 'Thành phố Thanh Hóa' }),
  row({ product: 'Bánh gai Hàm Rồng', producer: 'HTX Bánh gai Hàm Rồng', kind: 'hợp tác xã', commune: '14758', stars: 3, decisionDate: '2023-06-15', oldDistrict: 'Thành phố Thanh Hóa' }),
  row({ product: 'Chè lam Đông Tiến', producer: 'Hộ kinh doanh Trịnh Thị Hoa', kind: 'household', commune: '15853', stars: 3, decisionDate: '2024-05-10' }),
];
const SECOND: ListRow[] = [
  row({ product: 'Bánh gai Hàm Rồng', producer: 'HTX Bánh gai Hàm Rồng', kind: 'hợp tác xã', commune: '14758', stars: 4, decisionDate: '2025-03-10' }),
  row({ product: 'Mật ong Thạch Lập', producer: 'Công ty TNHH Ong Thạch Lập', kind: 'doanh nghiệp', commune: '15085', stars: 4, decisionDate: '2025-02-01', potentialFiveStar: true }),
];

let t: TestApp;
let province: AuthedUser;
let commune: AuthedUser;
let admin: AuthedUser;
let producer: AuthedUser;
let emptyCommune: string;

beforeAll(async () => {
  t = await testApp({ clock: () => new Date('2026-07-02T03:00:00Z') });
  province = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38' });
  commune = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: '14758' });
  admin = await asUser(t.app, t.deps, { role: 'national_admin' });
  producer = await asUser(t.app, t.deps, { role: 'producer' });
  await importCertifiedList(t.ctx, FIRST, 'danh-sach-2024.csv');
  await importCertifiedList(t.ctx, SECOND, 'danh-sach-2025.csv');
  const [c] = await rows<{ number: string }>(t.deps.database.db, sql`
    select c.number from certificates c join products p on p.id = c.product_id where p.name = 'Chè lam Đông Tiến'`);
  const revoked = await t.app.inject({
    method: 'POST', url: `/api/v1/certificates/${encodeURIComponent(c!.number)}/revoke`, headers: province.headers(),
    payload: { reason: 'Sản phẩm không duy trì chất lượng như khi đánh giá', legalBasis: 'Điều 12 Quyết định 148/QĐ-TTg', revokedOn: '2025-08-01' },
  });
  expect(revoked.statusCode, revoked.body).toBe(200);
  const [e] = await rows<{ code: string }>(t.deps.database.db, sql`
    select code from areas where parent_code = '38' and level = 'commune' and code not in ('14797', '14758', '15853', '15085') order by code limit 1`);
  emptyCommune = e!.code;
});
afterAll(() => t?.close());

const detail = (user: AuthedUser, query: string) => t.app.inject({ url: `/api/v1/reports/detail?${query}`, headers: user.headers() });
const tally = (total: number, s3 = 0, s4 = 0, s5 = 0) => ({ total, byStars: { 3: s3, 4: s4, 5: s5 } });

describe('GET /api/v1/reports/detail', () => {
  it('counts the year 2025: one new, one upgrade, one expiry and one revocation', async () => {
    const res = await detail(province, 'area=38&asOf=2025-12-31&from=2025-01-01&to=2025-12-31');
    expect(res.statusCode, res.body).toBe(200);
    const body = json(res);
    expect(body.period).toEqual({
      from: '2025-01-01', to: '2025-12-31',
      changes: {
        new: tally(1, 0, 1), upgraded: tally(1, 0, 1), reissued: tally(0), expired: tally(1, 1), revoked: tally(1, 1),
      },
    });
    // On 31/12/2025 only the two 4★ products are valid (A expired, C revoked, B's 3★ superseded).
    expect(body.products).toEqual({ certified: 2, byStars: { 3: 0, 4: 2, 5: 0 }, potentialFiveStar: 1 });
    expect(body.byCommune.map((c: { key: string; products: number }) => [c.key, c.products]).sort()).toEqual([['14758', 1], ['15085', 1]]);
  });

  it('an earlier period: the three first certificates are new, nothing else happened', async () => {
    const body = json(await detail(province, 'area=38&asOf=2024-12-31&from=2022-01-01&to=2024-12-31'));
    expect(body.period.changes).toEqual({ new: tally(3, 3), upgraded: tally(0), reissued: tally(0), expired: tally(0), revoked: tally(0) });
    expect(body.products.certified).toBe(3);
    expect(body.byOldDistrict.map((d: { name: string; products: number }) => [d.name, d.products])).toEqual([['Thành phố Thanh Hóa', 2]]);
  });

  it('mid-2025: four products valid, the upgrade counted once with its new star', async () => {
    const body = json(await detail(province, 'area=38&asOf=2025-06-30&from=2025-03-10&to=2025-03-10'));
    expect(body.products).toEqual({ certified: 4, byStars: { 3: 2, 4: 2, 5: 0 }, potentialFiveStar: 1 });
    expect(body.period.changes.upgraded).toEqual(tally(1, 0, 1));
    expect(body.period.changes.new).toEqual(tally(0));
    expect(body.communes).toEqual({ withCertifiedProducts: 4, total: 166 });
  });

  it('a commune officer sees their commune; the period defaults to the year of asOf', async () => {
    const res = await detail(commune, 'asOf=2025-06-30');
    expect(res.statusCode, res.body).toBe(200);
    const body = json(res);
    expect(body.area).toEqual({ code: '14758', name: 'Phường Hàm Rồng' });
    expect(body.period).toMatchObject({ from: '2025-01-01', to: '2025-06-30', changes: { upgraded: tally(1, 0, 1), new: tally(0) } });
    expect(body.products.certified).toBe(1);
  });

  it('certificates issued on an evaluated dossier count in the pipeline', async () => {
    await certify(t, province, [{ mean: 72 }], '2026-07-01');
    const body = json(await detail(province, 'area=38&from=2026-07-01&to=2026-07-02'));
    expect(body.pipeline.certified).toBe(1);
    expect(body.period.changes.new.total).toBe(1);
    const before = json(await detail(province, 'area=38&from=2026-01-01&to=2026-06-30'));
    expect(before.pipeline.certified).toBe(0);
  });

  it('ideas, business plans and dossiers submitted in the period count in the pipeline, by the day in Vietnam', async () => {
    const pipelineOf = async (from: string, to: string) => json(await detail(province, `area=38&from=${from}&to=${to}`)).pipeline;
    const [july, june30] = [await pipelineOf('2026-07-01', '2026-07-02'), await pipelineOf('2026-06-30', '2026-06-30')];
    // A producer of Hàm Rồng files an idea today (2/7), the province accepts it, the plan is filed today.
    const call = (method: 'POST' | 'PUT', url: string, who: AuthedUser, payload: object) => t.app.inject({ method, url, headers: who.headers(), payload });
    const idea = json(await call('POST', '/api/v1/ideas', producer, {
      name: 'Trà hoa vàng Hàm Rồng', productSetCode: DEFAULT_PRODUCT_SET, description: 'Trà túi lọc từ hoa trà vàng.',
      rawMaterials: 'Hoa trà vàng của 12 hộ trong phường.', expectedMarket: 'Khách du lịch, cửa hàng OCOP trong tỉnh.',
    }));
    expect((await call('POST', `/api/v1/ideas/${idea.id}/transitions`, producer, { action: 'submit' })).statusCode).toBe(200);
    expect((await call('POST', `/api/v1/ideas/${idea.id}/transitions`, province, { action: 'accept' })).statusCode).toBe(200);
    expect((await call('PUT', `/api/v1/ideas/${idea.id}/plan`, producer, {
      productDescription: 'Hộp 20 túi lọc 2 g.', marketAndCustomers: 'Khách du lịch; 3.000 hộp năm đầu.',
      productionCapacity: 'Xưởng sấy 200 kg hoa tươi/tháng.', investmentAndFunding: 'Máy đóng gói 250 triệu đồng.',
      salesChannels: 'Điểm bán OCOP, siêu thị, sàn thương mại điện tử.',
    })).statusCode).toBe(201);
    expect((await call('POST', `/api/v1/ideas/${idea.id}/plan/transitions`, producer, { action: 'submit' })).statusCode).toBe(200);
    // Dossiers submitted at 00:30 on 1/7 and at 23:30 on 30/6, Vietnam time (UTC+7).
    const sheetId = await testSheetId(t.ctx);
    await buildDossier(t.ctx, { sheetId, status: 'submitted', submittedAt: new Date('2026-06-30T17:30:00Z') });
    await buildDossier(t.ctx, { sheetId, status: 'submitted', submittedAt: new Date('2026-06-30T16:30:00Z') });

    expect(await pipelineOf('2026-07-01', '2026-07-02')).toEqual({
      ...july, ideasSubmitted: july.ideasSubmitted + 1, plansSubmitted: july.plansSubmitted + 1, dossiersSubmitted: july.dossiersSubmitted + 1,
    });
    expect(await pipelineOf('2026-06-30', '2026-06-30')).toEqual({ ...june30, dossiersSubmitted: june30.dossiersSubmitted + 1 });
    // They count in the producer's commune, and not in another province.
    expect(json(await detail(commune, 'from=2026-07-01&to=2026-07-02')).pipeline.ideasSubmitted).toBe(1);
    expect(json(await detail(admin, 'area=01&from=2026-07-01&to=2026-07-02')).pipeline).toMatchObject({ ideasSubmitted: 0, plansSubmitted: 0 });
  });

  it('an area with no data answers zeros, not an error', async () => {
    const res = await detail(province, `area=${emptyCommune}&asOf=2025-06-30&from=2018-01-01&to=2025-12-31`);
    expect(res.statusCode, res.body).toBe(200);
    const body = json(res);
    expect(body.products).toEqual({ certified: 0, byStars: { 3: 0, 4: 0, 5: 0 }, potentialFiveStar: 0 });
    expect(body.communes).toEqual({ withCertifiedProducts: 0, total: 1 });
    expect(body.period.changes.new).toEqual(tally(0));
    expect(body.pipeline).toEqual({ ideasSubmitted: 0, plansSubmitted: 0, dossiersSubmitted: 0, certified: 0 });
    const hanoi = json(await detail(admin, 'area=01&asOf=2025-06-30'));
    expect(hanoi.products.certified).toBe(0);
    expect(hanoi.communes.total).toBeGreaterThan(0);
  });

  it('areas outside the scope answer 403, unknown ones 404, other roles 403', async () => {
    expectError(await detail(province, 'area=01'), 403, 'forbidden');
    expectError(await detail(commune, 'area=38'), 403, 'forbidden');
    expectError(await detail(province, 'area=99'), 404, 'not_found');
    expectError(await detail(producer, 'area=38'), 403, 'forbidden');
    expect((await t.app.inject({ url: '/api/v1/reports/detail' })).statusCode).toBe(401);
  });

  it('bad dates answer 400 with the field', async () => {
    expect(expectError(await detail(province, 'asOf=2025-02-30'), 400, 'validation_failed').fields).toHaveProperty('asOf');
    expect(expectError(await detail(province, 'asOf=2017-12-31'), 400, 'validation_failed').fields).toHaveProperty('asOf');
    expect(expectError(await detail(province, 'from=2025-12-01&to=2025-01-01'), 400, 'validation_failed').fields).toHaveProperty('from');
    expect(expectError(await detail(province, 'from=2018-01-01&to=2030-01-01'), 400, 'validation_failed').fields).toHaveProperty('to');
    expect(expectError(await detail(province, 'to=31/12/2025'), 400, 'validation_failed').fields).toHaveProperty('to');
  });
});

describe('/admin/statistics', () => {
  const page = (user: AuthedUser, query = '') => t.app.inject({ url: `/admin/statistics${query ? `?${query}` : ''}`, headers: user.headers() });

  it('shows the tables for the chosen dates, with export links carrying the same query', async () => {
    const res = await page(province, 'area=38&asOf=2025-06-30&from=2025-01-01&to=2025-12-31');
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    const html = res.body;
    expect(html).toContain('Thống kê sản phẩm OCOP');
    expect(html).toContain('Tỉnh Thanh Hóa — số liệu tại ngày 30/06/2025');
    expect(html).toContain('Xã, phường có sản phẩm OCOP: 4 / 166 xã, phường.');
    expect(html).toContain('Theo huyện cũ');
    expect(html).toContain('trước ngày 1/7/2025');
    expect(html).toContain('href="/admin/statistics/export.xlsx?area=38&amp;asOf=2025-06-30&amp;from=2025-01-01&amp;to=2025-12-31"');
    expect(html).toContain('href="/admin/statistics/export.pdf?area=38&amp;asOf=2025-06-30&amp;from=2025-01-01&amp;to=2025-12-31"');
    // The area select offers the province and its communes only.
    expect(html).toContain('<option value="38" selected');
    expect(html).toContain('Phường Hàm Rồng');
    expect(html).not.toContain('value="01"');
    for (const h of ['Theo hạng sao', 'Theo loại hình chủ thể', 'Theo nhóm ngành', 'Theo bộ sản phẩm', 'Theo xã, phường', 'Biến động giấy chứng nhận trong kỳ', 'Quy trình đánh giá trong kỳ']) {
      expect(html).toContain(h);
    }
  });

  it('defaults to today and the current year; in English on request', async () => {
    const res = await page(province);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('value="2026-07-02"');
    expect(res.body).toContain('value="2026-01-01"');
    const en = await t.app.inject({ url: '/admin/statistics?lang=en', headers: province.headers({ 'accept-language': 'en' }) });
    expect(en.statusCode).toBe(200);
  });

  it('an empty area shows zeros with a friendly note', async () => {
    const res = await page(province, `area=${emptyCommune}&asOf=2025-06-30`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('chưa có sản phẩm OCOP còn hiệu lực');
  });

  it('bad dates re-render the form with Vietnamese messages (400); foreign areas 403', async () => {
    const res = await page(province, 'asOf=2025-02-30&from=2025-01-01');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('error-summary');
    expect(res.body).toContain('Nhập ngày có thật');
    const order = await page(province, 'from=2025-12-01&to=2025-01-01');
    expect(order.statusCode).toBe(400);
    expect(order.body).toContain('Ngày bắt đầu kỳ phải trước');
    expect((await page(province, 'area=01')).statusCode).toBe(403);
    expect((await page(producer)).statusCode).toBe(403);
  });
});
