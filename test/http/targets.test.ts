/**
 * Targets (issue 5 item 3): every indicator computed from data arranged for it (a certified list
 * through the real import, an upgrade, outlets, training courses, inspection visits), progress
 * and status on "today", who may read and set targets where, validation, duplicates, stale
 * versions and the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { importCertifiedList, type ListRow } from '../helpers/programme-fixtures';
import { certificates } from '../../src/modules/certification/certification.tables';
import { products } from '../../src/modules/registry/registry.tables';
import { outletProducts, outlets } from '../../src/modules/outlets/outlets.tables';
import { trainingCourses } from '../../src/modules/training/training.tables';
import { inspectionPlans, inspectionVisits } from '../../src/modules/inspections/inspections.tables';
import { auditLog } from '../../src/modules/audit/audit.tables';
import { INDICATORS, type Indicator } from '../../src/modules/targets/targets.tables';

const HAM_RONG = '14758';
const HAC_THANH = '14797';
const HOAN_KIEM = '00070';

const row = (r: Omit<ListRow, 'decisionNumber'>): ListRow => ({ decisionNumber: `QĐ-${r.product}`, ...r });
// Today is 2 July 2026 (day 183 of 365).
const LIST: ListRow[] = [
  row({ product: 'Bánh gai Hàm Rồng', producer: 'HTX Bánh gai Hàm Rồng', kind: 'hợp tác xã', commune: HAM_RONG, stars: 3, decisionDate: '2025-05-10' }),
  row({ product: 'Nem chua thượng hạng', producer: 'Công ty TNHH Xứ Thanh', kind: 'doanh nghiệp', commune: HAC_THANH, stars: 4, decisionDate: '2026-03-01', potentialFiveStar: true }),
  row({ product: 'Chè lam Hàm Rồng', producer: 'Hộ kinh doanh Trịnh Thị Hoa', kind: 'hộ kinh doanh', commune: HAM_RONG, stars: 3, decisionDate: '2026-05-01' }),
  row({ product: 'Mắm tôm Hạc Thành', producer: 'Tổ hợp tác Mắm Hạc Thành', kind: 'tổ hợp tác', commune: HAC_THANH, stars: 5, decisionDate: '2026-06-01' }),
  row({ product: 'Ô mai Hàng Đường', producer: 'Hộ kinh doanh Nguyễn Văn Hà', kind: 'hộ kinh doanh', commune: HOAN_KIEM, stars: 3, decisionDate: '2026-04-01' }),
];

let t: TestApp;
let admin: AuthedUser;
let province: AuthedUser;
let hanoi: AuthedUser;
let commune: AuthedUser;
let inspector: AuthedUser;
let council: AuthedUser;

async function productOf(name: string) {
  const [p] = await t.deps.database.db.select({ id: products.id, producerId: products.producerId }).from(products).where(eq(products.name, name));
  if (!p) throw new Error(`no product ${name}`);
  return p;
}

beforeAll(async () => {
  t = await testApp({ clock: () => new Date('2026-07-02T03:00:00Z') });
  [admin, province, hanoi, commune, inspector, council] = await Promise.all([
    asUser(t.app, t.deps, { role: 'national_admin' }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38' }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: '01' }),
    asUser(t.app, t.deps, { role: 'commune_officer', areaCode: HAM_RONG }),
    asUser(t.app, t.deps, { role: 'inspector', areaCode: '38' }),
    asUser(t.app, t.deps, { role: 'council_member', areaCode: '38' }),
  ]);
  await importCertifiedList(t.ctx, LIST);
  const db = t.deps.database.db;
  const banhGai = await productOf('Bánh gai Hàm Rồng');
  const nem = await productOf('Nem chua thượng hạng');
  const cheLam = await productOf('Chè lam Hàm Rồng');
  const omai = await productOf('Ô mai Hàng Đường');

  // Bánh gai is upgraded to 4★ on 1 April 2026: a new certificate, not a new product.
  const [old] = await db.select().from(certificates).where(eq(certificates.productId, banhGai.id));
  await db.update(certificates).set({ supersededOn: '2026-04-01', state: 'superseded' }).where(eq(certificates.id, old!.id));
  await db.insert(certificates).values({
    number: 'TH-UPG-2026-001', productId: banhGai.id, decisionId: old!.decisionId, stars: 4, issuedOn: '2026-04-01', expiresOn: '2029-04-01',
    provinceCode: '38', communeCode: HAM_RONG, issuerKey: old!.issuerKey,
  });

  // Outlets: a supermarket (opened in the period) carries Chè lam; an online shop (opened before) carries Nem chua;
  // a showroom carries Bánh gai (not a modern channel); one in Hà Nội; one opening later this year.
  const outlet = async (name: string, kind: typeof outlets.$inferInsert.kind, communeCode: string, provinceCode: string, openedOn: string, carries: string[]) => {
    const [o] = await db.insert(outlets).values({ name, kind, communeCode, provinceCode, openedOn, createdBy: 'test' }).returning();
    for (const productId of carries) await db.insert(outletProducts).values({ outletId: o!.id, productId });
  };
  await outlet('Siêu thị Thanh Hóa', 'supermarket', HAC_THANH, '38', '2026-02-01', [cheLam.id]);
  await outlet('Gian hàng trực tuyến Xứ Thanh', 'online', HAC_THANH, '38', '2025-12-01', [nem.id]);
  await outlet('Showroom OCOP Hàm Rồng', 'showroom', HAM_RONG, '38', '2025-06-01', [banhGai.id]);
  await outlet('Điểm bán OCOP Hoàn Kiếm', 'shop', HOAN_KIEM, '01', '2026-03-01', [omai.id]);
  await outlet('Trung tâm OCOP Sầm Sơn', 'ocop_centre', HAC_THANH, '38', '2026-09-01', []);

  // Training: one course ended in the period; one ended last year; one still running; one in Hà Nội.
  const course = (title: string, provinceCode: string, startsOn: string, endsOn: string, communeCode: string | null = null) =>
    db.insert(trainingCourses).values({ title, provinceCode, communeCode, startsOn, endsOn, createdBy: 'test' });
  await course('Xây dựng câu chuyện sản phẩm', '38', '2026-03-10', '2026-03-15', HAM_RONG);
  await course('Bán hàng trực tuyến', '38', '2025-12-15', '2025-12-20');
  await course('Thiết kế bao bì', '38', '2026-06-20', '2026-07-10');
  await course('Truy xuất nguồn gốc', '01', '2026-01-20', '2026-02-01');

  // Inspections: two visits in the period in Thanh Hóa, one last year, one in Hà Nội.
  const [plan] = await db.insert(inspectionPlans).values({ title: 'Hậu kiểm 2026', provinceCode: '38', periodStart: '2025-10-01', periodEnd: '2026-12-31', createdBy: 'test' }).returning();
  const visit = (producerId: string, provinceCode: string, communeCode: string, visitedOn: string) =>
    db.insert(inspectionVisits).values({ planId: plan!.id, producerId, provinceCode, communeCode, visitedOn, createdBy: 'test' });
  await visit(banhGai.producerId, '38', HAM_RONG, '2026-02-10');
  await visit(nem.producerId, '38', HAC_THANH, '2026-05-05');
  await visit(nem.producerId, '38', HAC_THANH, '2025-11-01');
  await visit(omai.producerId, '01', HOAN_KIEM, '2026-04-10');
});
afterAll(() => t?.close());

const post = (user: AuthedUser, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/targets', headers: user.headers(), payload });
const get = (user: AuthedUser, url: string) => t.app.inject({ url, headers: user.headers() });
const YEAR = { periodStart: '2026-01-01', periodEnd: '2026-12-31' };

describe('every indicator computed from the data (Thanh Hóa, 2026, as of 2 July)', () => {
  // What each indicator must read, and why.
  const EXPECTED: Record<Indicator, number> = {
    new_certified_products: 3, // Nem chua, Chè lam, Mắm tôm; not the Bánh gai upgrade, not Hà Nội
    four_star_products: 2, // Nem chua + the upgraded Bánh gai
    five_star_products: 1, // Mắm tôm
    four_five_star_share: 75, // 3 of the 4 certified products
    potential_five_star: 1, // Nem chua
    organised_producer_share: 50, // a cooperative and an enterprise of 4 producers (a cooperative group and a household are not)
    communes_with_products: 2, // Hàm Rồng, Hạc Thành
    communes_with_products_share: 1.2, // 2 of Thanh Hóa's 166 communes
    outlets_opened: 1, // the supermarket (online shop opened before; the centre opens in September)
    modern_channel_producer_share: 50, // Chè lam (supermarket) and Nem chua (online) of 4 producers
    training_courses_held: 1, // ended 15 March; the June–July course has not ended
    inspections_done: 2,
  };
  const created = new Map<Indicator, string>();

  it.each(INDICATORS.map((i) => [i]))('%s', async (indicator) => {
    const res = await post(admin, { areaCode: '38', indicator, ...YEAR, targetValue: indicator.endsWith('share') ? 80 : 10, note: '' });
    expect(res.statusCode, res.body).toBe(201);
    const body = json(res);
    created.set(indicator, body.id);
    expect(body.progress.value).toBe(EXPECTED[indicator]);
    expect(body.progress.asOf).toBe('2026-07-02');
    expect(body.progress.elapsedDays).toBe(183);
    expect(body.area).toEqual({ code: '38', name: 'Tỉnh Thanh Hóa', level: 'province' });
  });

  it('level indicators start from the level the day before the period (baseline) and forecast the change', async () => {
    const four = json(await get(admin, `/api/v1/targets/${created.get('four_star_products')}`));
    expect(four.progress.baseline).toBe(0); // on 31/12/2025 only the 3★ Bánh gai was certified
    expect(four.progress.forecast).toBeCloseTo(2 * 365 / 183, 2);
    const modern = json(await get(admin, `/api/v1/targets/${created.get('modern_channel_producer_share')}`));
    expect(modern.progress.baseline).toBe(0); // the showroom is not a modern channel
    const share = json(await get(admin, `/api/v1/targets/${created.get('four_five_star_share')}`));
    expect(share.progress.baseline).toBe(0);
    const communes = json(await get(admin, `/api/v1/targets/${created.get('communes_with_products')}`));
    expect(communes.progress.baseline).toBe(1);
  });

  it('a commune and the whole country read their own figures', async () => {
    const res = await post(admin, { areaCode: HAM_RONG, indicator: 'new_certified_products', ...YEAR, targetValue: 2, note: '' });
    expect(json(res).progress.value).toBe(1); // Chè lam; Bánh gai was first certified in 2025
    const share = await post(admin, { areaCode: HAM_RONG, indicator: 'communes_with_products_share', ...YEAR, targetValue: 100, note: '' });
    expect(json(share).progress.value).toBe(100);
    const training = await post(admin, { areaCode: HAM_RONG, indicator: 'training_courses_held', ...YEAR, targetValue: 1, note: '' });
    expect(json(training).progress).toMatchObject({ value: 1, status: 'on_track' });
    const country = await post(admin, { areaCode: null, indicator: 'new_certified_products', ...YEAR, targetValue: 8, note: 'toàn quốc' });
    expect(country.statusCode, country.body).toBe(201);
    expect(json(country)).toMatchObject({ area: { code: null, level: 'country' }, progress: { value: 4 } });
    const visits = await post(admin, { areaCode: null, indicator: 'inspections_done', ...YEAR, targetValue: 3, note: '' });
    expect(json(visits).progress.value).toBe(3);
  });

  it('progress of a past period is read at its end: achieved or missed', async () => {
    const res = await post(admin, { areaCode: '38', indicator: 'new_certified_products', periodStart: '2025-01-01', periodEnd: '2025-12-31', targetValue: 1, note: '' });
    expect(json(res).progress).toMatchObject({ value: 1, asOf: '2025-12-31', status: 'achieved', percent: 100 });
    const missed = await post(admin, { areaCode: '38', indicator: 'inspections_done', periodStart: '2025-01-01', periodEnd: '2025-12-31', targetValue: 5, note: '' });
    expect(json(missed).progress).toMatchObject({ value: 1, status: 'missed' });
  });
});

describe('progress and status', () => {
  it('3 new products by day 183 of a 6-product year: forecast 5.98 (99.7 %) → at risk; 5 products → off track; 3 → on track', async () => {
    const make = async (indicator: Indicator, targetValue: number, periodEnd: string) =>
      json(await post(province, { areaCode: '38', indicator, periodStart: '2026-01-01', periodEnd, targetValue, note: '' })).progress;
    // distinct periods keep these apart from the targets above
    const atRisk = await make('new_certified_products', 6, '2026-12-30');
    expect(atRisk.forecast).toBeCloseTo(3 * 364 / 183, 2);
    expect(atRisk.status).toBe('at_risk');
    expect((await make('new_certified_products', 8, '2026-12-29')).status).toBe('off_track');
    expect((await make('new_certified_products', 3, '2026-12-28')).status).toBe('on_track');
    const future = json(await post(province, { areaCode: '38', indicator: 'outlets_opened', periodStart: '2027-01-01', periodEnd: '2027-12-31', targetValue: 2, note: '' }));
    expect(future.progress).toMatchObject({ status: 'not_started', value: 0, elapsedDays: 0 });
  });
});

describe('the indicators list', () => {
  it('names every indicator in Vietnamese and English with its unit', async () => {
    const res = await get(commune, '/api/v1/targets/indicators');
    expect(res.statusCode).toBe(200);
    const items = json(res).items;
    expect(items.map((i: { key: string }) => i.key)).toEqual([...INDICATORS]);
    expect(items.find((i: { key: string }) => i.key === 'organised_producer_share')).toMatchObject({
      kind: 'level', unit: 'percent', max: 100, name: { vi: 'Tỷ lệ chủ thể là HTX, doanh nghiệp' }, unitName: { vi: '%' },
    });
    expect(items.find((i: { key: string }) => i.key === 'outlets_opened')).toMatchObject({ kind: 'count', max: 100_000, unitName: { vi: 'điểm bán', en: 'outlets' } });
    expectError(await get(council, '/api/v1/targets/indicators'), 403, 'forbidden');
  });
});

describe('access and scope', () => {
  let thanhHoaId: string;
  let hanoiId: string;
  let communeId: string;
  beforeAll(async () => {
    const a = await post(province, { areaCode: '38', indicator: 'training_courses_held', periodStart: '2026-01-01', periodEnd: '2026-06-30', targetValue: 2, note: 'Kế hoạch 6 tháng' });
    expect(a.statusCode, a.body).toBe(201);
    thanhHoaId = json(a).id;
    const c = await post(province, { areaCode: HAM_RONG, indicator: 'outlets_opened', ...YEAR, targetValue: 1, note: '' });
    expect(c.statusCode, c.body).toBe(201);
    communeId = json(c).id;
    const h = await post(hanoi, { areaCode: '01', indicator: 'outlets_opened', ...YEAR, targetValue: 4, note: '' });
    expect(h.statusCode, h.body).toBe(201);
    hanoiId = json(h).id;
  });

  it('a province officer sets targets only for their province and its communes', async () => {
    expectError(await post(province, { areaCode: '01', indicator: 'outlets_opened', ...YEAR, targetValue: 1, note: '' }), 403, 'forbidden');
    expectError(await post(province, { areaCode: HOAN_KIEM, indicator: 'outlets_opened', ...YEAR, targetValue: 1, note: '' }), 403, 'forbidden');
    expectError(await post(province, { areaCode: null, indicator: 'outlets_opened', ...YEAR, targetValue: 1, note: '' }), 403, 'forbidden');
  });

  it('commune officers, inspectors and council members may not set targets', async () => {
    for (const u of [commune, inspector, council]) {
      expectError(await post(u, { areaCode: HAM_RONG, indicator: 'outlets_opened', periodStart: '2026-02-01', periodEnd: '2026-12-31', targetValue: 1, note: '' }), 403, 'forbidden');
    }
    expectError(await t.app.inject({ method: 'POST', url: '/api/v1/targets', payload: {} }), 401, 'unauthenticated');
  });

  it('each reader lists only their scope', async () => {
    const ids = async (u: AuthedUser, q = '') => {
      const res = await get(u, `/api/v1/targets?pageSize=100${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return json(res).items.map((x: { id: string }) => x.id) as string[];
    };
    const mine = await ids(province);
    expect(mine).toContain(thanhHoaId);
    expect(mine).toContain(communeId);
    expect(mine).not.toContain(hanoiId);
    expect(await ids(commune)).toContain(communeId);
    expect(await ids(commune)).not.toContain(thanhHoaId);
    expect(await ids(inspector)).toEqual(expect.arrayContaining([thanhHoaId, communeId]));
    expect(await ids(inspector)).not.toContain(hanoiId);
    expect(await ids(hanoi)).toEqual([hanoiId]);
    expect(await ids(admin)).toEqual(expect.arrayContaining([thanhHoaId, communeId, hanoiId]));
    expectError(await get(council, '/api/v1/targets'), 403, 'forbidden');
  });

  it('filters by area, indicator and year', async () => {
    const list = async (q: string) => json(await get(admin, `/api/v1/targets?pageSize=100&${q}`));
    const national = await list('area=national');
    expect(national.items.length).toBeGreaterThan(0);
    expect(national.items.every((x: { area: { code: string | null } }) => x.area.code === null)).toBe(true);
    const hamRong = await list(`area=${HAM_RONG}&indicator=outlets_opened`);
    expect(hamRong.items.map((x: { id: string }) => x.id)).toEqual([communeId]);
    const y2025 = await list('year=2025');
    expect(y2025.items.length).toBe(2);
    expect(y2025.items.every((x: { periodStart: string }) => x.periodStart.startsWith('2025'))).toBe(true);
    const y2027 = await list('year=2027');
    expect(y2027.total).toBe(1);
    expectError(await get(admin, '/api/v1/targets?year=1999'), 400, 'validation_failed');
    expectError(await get(admin, '/api/v1/targets?area=abc'), 400, 'validation_failed');
    const paged = json(await get(admin, '/api/v1/targets?pageSize=2&page=2'));
    expect(paged).toMatchObject({ page: 2, pageSize: 2 });
    expect(paged.items.length).toBe(2);
    expect(paged.total).toBeGreaterThan(4);
  });

  it('reads by id out of scope answer 404; writes too', async () => {
    expect((await get(province, `/api/v1/targets/${thanhHoaId}`)).statusCode).toBe(200);
    expect((await get(inspector, `/api/v1/targets/${communeId}`)).statusCode).toBe(200);
    expect(json(await get(inspector, `/api/v1/targets/${communeId}`)).actions).toEqual({ edit: false, delete: false });
    expect(json(await get(province, `/api/v1/targets/${communeId}`)).actions).toEqual({ edit: true, delete: true });
    expectError(await get(hanoi, `/api/v1/targets/${thanhHoaId}`), 404, 'not_found');
    expectError(await get(commune, `/api/v1/targets/${thanhHoaId}`), 404, 'not_found');
    expectError(await get(inspector, `/api/v1/targets/${hanoiId}`), 404, 'not_found');
    expectError(await get(admin, '/api/v1/targets/00000000-0000-0000-0000-000000000000'), 404, 'not_found');
    expectError(await get(admin, '/api/v1/targets/not-a-uuid'), 404, 'not_found');
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/v1/targets/${thanhHoaId}`, headers: hanoi.headers(), payload: { targetValue: 1 } }), 404, 'not_found');
    expectError(await t.app.inject({ method: 'DELETE', url: `/api/v1/targets/${thanhHoaId}`, headers: hanoi.headers() }), 404, 'not_found');
  });
});

describe('validation', () => {
  const base = { areaCode: '38', indicator: 'outlets_opened', periodStart: '2030-01-01', periodEnd: '2030-12-31', targetValue: 5, note: '' };
  const fieldsOf = async (payload: Record<string, unknown>) => expectError(await post(province, payload), 400, 'validation_failed').fields ?? {};

  it.each([
    ['an unknown indicator', { indicator: 'happiness' }, 'indicator'],
    ['a negative value', { targetValue: -1 }, 'targetValue'],
    ['a share above 100', { indicator: 'four_five_star_share', targetValue: 150 }, 'targetValue'],
    ['an absurd count', { targetValue: 200_000 }, 'targetValue'],
    ['a value that is not a number', { targetValue: 'mười' }, 'targetValue'],
    ['an end before the start', { periodEnd: '2029-12-31' }, 'periodEnd'],
    ['a period longer than 10 years', { periodStart: '2020-01-01', periodEnd: '2030-01-01' }, 'periodEnd'],
    ['a malformed date', { periodStart: '2030-02-30' }, 'periodStart'],
    ['a day-first date', { periodStart: '01/01/2030' }, 'periodStart'],
    ['a date before 2018', { periodStart: '2017-12-31' }, 'periodStart'],
    ['a date after 2100', { periodEnd: '2101-01-01' }, 'periodEnd'],
    ['a malformed area code', { areaCode: 'Thanh Hóa' }, 'areaCode'],
  ])('%s → 400 on the field', async (_name, change, field) => {
    const fields = await fieldsOf({ ...base, ...change });
    expect(Object.keys(fields)).toContain(field);
  });

  it('an unknown area code → 400; several problems are reported together', async () => {
    expect(Object.keys(await fieldsOf({ ...base, areaCode: '99999' }))).toEqual(['areaCode']);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/targets', headers: province.headers(), payload: { ...base, targetValue: -5, periodEnd: '2029-01-01' } });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(json(res).error.fields)).toEqual(expect.arrayContaining(['targetValue']));
  });

  it('exactly 10 years, a share of 100 and a count of 100,000 are accepted', async () => {
    expect((await post(province, { ...base, periodStart: '2031-01-01', periodEnd: '2040-12-31' })).statusCode).toBe(201);
    expect((await post(province, { ...base, indicator: 'four_five_star_share', targetValue: 100 })).statusCode).toBe(201);
    expect((await post(province, { ...base, indicator: 'inspections_done', targetValue: 100_000 })).statusCode).toBe(201);
  });

  it('the same area, indicator and period twice → 409 conflict with a clear message', async () => {
    const first = await post(province, { ...base, periodStart: '2041-01-01', periodEnd: '2041-12-31' });
    expect(first.statusCode).toBe(201);
    const again = expectError(await post(admin, { ...base, periodStart: '2041-01-01', periodEnd: '2041-12-31', targetValue: 9 }), 409, 'conflict');
    expect(again.message).toMatch(/already exists/);
    // another area, indicator or period is fine
    expect((await post(province, { ...base, areaCode: HAM_RONG, periodStart: '2041-01-01', periodEnd: '2041-12-31' })).statusCode).toBe(201);
  });
});

describe('editing and deleting', () => {
  it('PATCH checks the version (409 when stale), validates, refuses duplicates; DELETE removes; all audited', async () => {
    const created = json(await post(province, { areaCode: '38', indicator: 'potential_five_star', periodStart: '2026-02-01', periodEnd: '2026-12-31', targetValue: 2, note: 'ban đầu' }));
    const patch = (payload: Record<string, unknown>, user = province) =>
      t.app.inject({ method: 'PATCH', url: `/api/v1/targets/${created.id}`, headers: user.headers(), payload });
    const ok = await patch({ targetValue: 3, note: 'điều chỉnh', version: 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok)).toMatchObject({ targetValue: 3, note: 'điều chỉnh', version: 2 });
    expectError(await patch({ targetValue: 4, version: 1 }), 409, 'conflict');
    expect(Object.keys(expectError(await patch({ targetValue: -3, version: 2 }), 400, 'validation_failed').fields!)).toEqual(['targetValue']);
    expect(Object.keys(expectError(await patch({ indicator: 'four_five_star_share', targetValue: 101, version: 2 }), 400, 'validation_failed').fields!)).toEqual(['targetValue']);
    expect(Object.keys(expectError(await patch({ periodEnd: '2026-01-31', version: 2 }), 400, 'validation_failed').fields!)).toEqual(['periodEnd']);
    // moving it onto another target's area, indicator and period
    const other = json(await post(province, { areaCode: '38', indicator: 'potential_five_star', periodStart: '2026-02-01', periodEnd: '2026-06-30', targetValue: 1, note: '' }));
    expectError(await patch({ periodEnd: '2026-06-30', version: 2 }), 409, 'conflict');
    expectError(await patch({ targetValue: 1 }, commune), 403, 'forbidden');
    expectError(await patch({ targetValue: 1 }, inspector), 403, 'forbidden');

    const del = (id: string, q = '') => t.app.inject({ method: 'DELETE', url: `/api/v1/targets/${id}${q}`, headers: province.headers() });
    expectError(await del(created.id, '?version=1'), 409, 'conflict');
    expect((await del(created.id, '?version=2')).statusCode).toBe(204);
    expectError(await get(province, `/api/v1/targets/${created.id}`), 404, 'not_found');
    expect((await del(other.id)).statusCode).toBe(204);

    const audit = await t.deps.database.db.select({ action: auditLog.action, before: auditLog.before, after: auditLog.after, province: auditLog.provinceCode })
      .from(auditLog).where(and(eq(auditLog.entityType, 'target'), eq(auditLog.entityId, created.id))).orderBy(auditLog.id);
    expect(audit.map((a) => a.action)).toEqual(['target.create', 'target.update', 'target.delete']);
    expect(audit[1]).toMatchObject({ before: { targetValue: 2, version: 1 }, after: { targetValue: 3, note: 'điều chỉnh', version: 2 }, province: '38' });
    expect(audit[2]!.before).toMatchObject({ indicator: 'potential_five_star' });
  });

  it('a commune target is audited under its province', async () => {
    const c = json(await post(province, { areaCode: HAC_THANH, indicator: 'inspections_done', ...YEAR, targetValue: 2, note: '' }));
    const [a] = await t.deps.database.db.select({ province: auditLog.provinceCode }).from(auditLog).where(eq(auditLog.entityId, c.id));
    expect(a?.province).toBe('38');
    const count = await t.deps.database.db.execute(sql`select count(*)::int as n from targets where area_code = ${HAC_THANH}`);
    expect((count as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
  });
});

describe('the dashboard panel', () => {
  it('lists the area\'s targets in force today with progress, status and forecast; null when none', async () => {
    const { renderToString } = await import('preact-render-to-string');
    const { renderTargetsPanel } = await import('../../src/modules/targets/targets.panel');
    const { resolveReportArea } = await import('../../src/modules/reports/report-scope');
    const { translator } = await import('../../src/core/i18n');
    const created = await post(province, { areaCode: HAM_RONG, indicator: 'new_certified_products', periodStart: '2026-03-01', periodEnd: '2026-12-31', targetValue: 2, note: '' });
    expect(created.statusCode, created.body).toBe(201);
    const ctx = { ...t.ctx, actor: commune.actor };
    const view = { locale: 'vi' as const, t: translator('vi'), actor: commune.actor, csrfToken: null, url: '/' };
    const area = await resolveReportArea(ctx, HAM_RONG);
    const html = renderToString((await renderTargetsPanel(ctx, view, area, '2026-07-02'))!);
    expect(html).toContain('Mục tiêu đang thực hiện');
    expect(html).toContain('Sản phẩm OCOP mới (≥3 sao)');
    expect(html).toContain('href="/admin/targets"');
    expect(html).toMatch(/Đúng tiến độ|Có nguy cơ chậm|Chậm tiến độ/);
    expect(html).toContain('Dự báo cuối kỳ');
    // Nothing in force on a day outside every period of the commune's targets.
    expect(await renderTargetsPanel(ctx, view, area, '2019-01-01')).toBeNull();
    // An area with no targets at all.
    const hanoiCtx = { ...t.ctx, actor: hanoi.actor };
    expect(await renderTargetsPanel(hanoiCtx, { ...view, actor: hanoi.actor }, await resolveReportArea(hanoiCtx, HOAN_KIEM), '2026-07-02')).toBeNull();
  });
});

describe('the demo\'s sample targets', () => {
  it('load for the current year, are marked as sample, and compute', async () => {
    const { loadDemo } = await import('../../src/modules/ops/demo');
    const demo = await testApp({ clock: () => new Date('2026-11-22T03:00:00Z') });
    try {
      await loadDemo(demo.deps);
      const officer = await asUser(demo.app, demo.deps, { role: 'province_officer', areaCode: '38', login: true });
      const res = await demo.app.inject({ url: '/api/v1/targets?area=38&year=2026&pageSize=100', headers: officer.headers() });
      expect(res.statusCode, res.body).toBe(200);
      const items = json(res).items as { indicator: string; isSample: boolean; periodStart: string; progress: { value: number; status: string } }[];
      expect(items.length).toBeGreaterThanOrEqual(6);
      expect(items.every((x) => x.isSample && x.periodStart === '2026-01-01')).toBe(true);
      // Thanh Hóa's demo list has 4★ products in force on 22/11/2026.
      expect(items.find((x) => x.indicator === 'four_star_products')!.progress.value).toBeGreaterThan(0);
      const page = await demo.app.inject({ url: '/admin/targets', headers: { cookie: officer.cookie! } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('badge--sample');
      expect(page.body).toContain('Sản phẩm 4 sao');
    } finally {
      await demo.close();
    }
  }, 180_000);
});

describe('pages', () => {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  it('readers see the list without the "set" button; others get 403; the form re-renders errors in Vietnamese', async () => {
    const reader = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: HAM_RONG, login: true });
    const list = await t.app.inject({ url: '/admin/targets', headers: { cookie: reader.cookie! } });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('href="/admin/targets/new"');
    expect(list.body).toContain('Bạn chỉ có quyền xem');
    expect((await t.app.inject({ url: '/admin/targets/new', headers: { cookie: reader.cookie! } })).statusCode).toBe(403);
    const outsider = await asUser(t.app, t.deps, { role: 'council_member', areaCode: '38', login: true });
    expect((await t.app.inject({ url: '/admin/targets', headers: { cookie: outsider.cookie! } })).statusCode).toBe(403);

    const officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38', login: true });
    const bad = await t.app.inject({
      method: 'POST', url: '/admin/targets', headers: { cookie: officer.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ _csrf: officer.csrf!, areaCode: '38', indicator: 'four_five_star_share', periodStart: '2050-01-01', periodEnd: '2049-01-01', targetValue: '120', note: '' }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Tỷ lệ là phần trăm: tối đa 100.');
    expect(bad.body).toContain('Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.');
    expect(bad.body).toContain('value="120"');

    const ok = await t.app.inject({
      method: 'POST', url: '/admin/targets', headers: { cookie: officer.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ _csrf: officer.csrf!, areaCode: '38', indicator: 'four_five_star_share', periodStart: '01/01/2050', periodEnd: '2050-12-31', targetValue: '42,5', note: 'Nghị quyết tỉnh' }),
    });
    expect(ok.statusCode, ok.body.slice(0, 500)).toBe(303);
    const location = ok.headers.location as string;
    expect(location).toMatch(/^\/admin\/targets\/[0-9a-f-]+\?done=created$/);
    const detail = await t.app.inject({ url: location, headers: { cookie: officer.cookie! } });
    expect(detail.body).toContain('Chưa bắt đầu');
    expect(detail.body).toContain('Giai đoạn chưa bắt đầu');
    const id = location.split('/')[3]!.split('?')[0]!;

    // The same again → conflict shown on the form; a stale edit → conflict on the edit form.
    const dup = await t.app.inject({
      method: 'POST', url: '/admin/targets', headers: { cookie: officer.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ _csrf: officer.csrf!, areaCode: '38', indicator: 'four_five_star_share', periodStart: '2050-01-01', periodEnd: '2050-12-31', targetValue: '40' }),
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.body).toContain('Đã có mục tiêu cho địa bàn, chỉ tiêu và giai đoạn này');
    const edit = await t.app.inject({ url: `/admin/targets/${id}/edit`, headers: { cookie: officer.cookie! } });
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('value="42.5"');
    const stale = await t.app.inject({
      method: 'POST', url: `/admin/targets/${id}`, headers: { cookie: officer.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ _csrf: officer.csrf!, indicator: 'four_five_star_share', periodStart: '2050-01-01', periodEnd: '2050-12-31', targetValue: '45', version: '7' }),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Mục tiêu vừa được người khác sửa');
    const saved = await t.app.inject({
      method: 'POST', url: `/admin/targets/${id}`, headers: { cookie: officer.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ _csrf: officer.csrf!, indicator: 'four_five_star_share', periodStart: '2050-01-01', periodEnd: '2050-12-31', targetValue: '45', version: '1' }),
    });
    expect(saved.statusCode).toBe(303);
    expect(json(await get(officer, `/api/v1/targets/${id}`))).toMatchObject({ targetValue: 45, version: 2 });
    const del = await t.app.inject({
      method: 'POST', url: `/admin/targets/${id}/delete`, headers: { cookie: officer.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ _csrf: officer.csrf!, version: '2' }),
    });
    expect(del.headers.location).toBe('/admin/targets?done=deleted');
    expectError(await get(officer, `/api/v1/targets/${id}`), 404, 'not_found');
  });
});
