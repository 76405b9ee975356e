/**
 * The /admin dashboard per role and area, from a certified-product list imported as api.md
 * describes (today is 2 July 2026): each role sees its own area; ?area= outside the scope is
 * 403 and an unknown area 404; the headline figures, the by-star series at month ends (a
 * certificate that expired in June drops out of the June point), the province comparison and
 * the certificates expiring within 90 days (the 90th day included, the 91st not) match the
 * data; an area with no data shows zeros and empty-state texts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, asUser, type TestApp, type AuthedUser } from '../helpers/app';
import { importCertifiedList, type ListRow } from '../helpers/programme-fixtures';
import { dashboard, seriesDays } from '../../src/modules/dashboard/dashboard.service';
import { resolveReportArea } from '../../src/modules/reports/report-scope';

const row = (r: Omit<ListRow, 'decisionNumber'>): ListRow => ({ decisionNumber: `${r.decisionDate.slice(0, 4)}/QĐ-UBND-${r.decisionDate}`, ...r });

// Thanh Hóa (38) and one Hà Nội product. Certificates run 36 months from the decision.
const LIST: ListRow[] = [
  // expiresOn 20/07/2026 (last valid day 19/07): expiring, 18 days of validity left counting today.
  row({ product: 'Nem chua Hàm Rồng', producer: 'HTX Hàm Rồng', kind: 'hợp tác xã', commune: '14758', stars: 3, decisionDate: '2023-07-20' }),
  row({ product: 'Chè lam Hạc Thành', producer: 'Công ty TNHH Hạc Thành', kind: 'doanh nghiệp', commune: '14797', stars: 4, decisionDate: '2025-01-15' }),
  // Expired 15/06/2026: in the May point, not in June's.
  row({ product: 'Rượu nếp cái hoa vàng', producer: 'Hộ kinh doanh Lê Văn Nam', kind: 'hộ kinh doanh', commune: '15925', stars: 3, decisionDate: '2023-06-15' }),
  row({ product: 'Trà hoa vàng Hàm Rồng', producer: 'HTX Hàm Rồng', kind: 'hợp tác xã', commune: '14758', stars: 4, decisionDate: '2026-03-10', potentialFiveStar: true }),
  row({ product: 'Gạo Nguyệt Ấn', producer: 'Công ty CP Nông sản Ngọc Liên', kind: 'doanh nghiệp', commune: '15091', stars: 3, decisionDate: '2024-08-30' }),
  // Expires 30/09/2026 = today + 90 days: listed.
  row({ product: 'Mật ong Thạch Lập', producer: 'Hộ kinh doanh Hà Văn Sơn', kind: 'hộ kinh doanh', commune: '15085', stars: 3, decisionDate: '2023-09-30' }),
  // Expires 01/10/2026 = today + 91 days: not listed.
  row({ product: 'Miến dong Kiên Thọ', producer: 'HTX Miến dong Kiên Thọ', kind: 'hợp tác xã', commune: '15112', stars: 4, decisionDate: '2023-10-01' }),
];
const HANOI: ListRow[] = [
  row({ product: 'Bánh cốm Hàng Than', producer: 'Công ty TNHH Cốm Hà Nội', kind: 'doanh nghiệp', commune: '00070', stars: 3, decisionDate: '2025-09-01' }),
];

let t: TestApp;
let admin: AuthedUser;
let province: AuthedUser;
let commune: AuthedUser;
let inspector: AuthedUser;
let producer: AuthedUser;

beforeAll(async () => {
  t = await testApp({ clock: () => new Date('2026-07-02T03:00:00Z') });
  [admin, province, commune, inspector, producer] = await Promise.all([
    asUser(t.app, t.deps, { role: 'national_admin', login: true }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38', login: true }),
    asUser(t.app, t.deps, { role: 'commune_officer', areaCode: '14758', login: true }),
    asUser(t.app, t.deps, { role: 'inspector', areaCode: '38', login: true }),
    asUser(t.app, t.deps, { role: 'producer', login: true }),
  ]);
  await importCertifiedList(t.ctx, LIST);
  await importCertifiedList(t.ctx, HANOI, 'ha-noi.csv');
});
afterAll(() => t?.close());

const page = (user: AuthedUser, query = '') => t.app.inject({ url: `/admin${query}`, headers: { cookie: user.cookie! } });

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();

/** The rows of the data table under the chart `id`, as cell texts. */
function chartTable(html: string, id: string): string[][] {
  const at = html.indexOf(`id="${id}"`);
  expect(at, `chart ${id}`).toBeGreaterThan(-1);
  const body = html.slice(html.indexOf('<tbody>', at) + 7, html.indexOf('</tbody>', at));
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => text(c[1]!)));
}

const statValue = (html: string, label: string) => {
  const m = new RegExp(`<dt class="stat-label">${label}</dt><dd class="stat-value">([^<]*)</dd>`).exec(html);
  return m?.[1];
};

describe('each role sees its own area', () => {
  it('a province officer: Thanh Hóa, with the series at month ends, the commune comparison and the expiring list', async () => {
    const res = await page(province);
    expect(res.statusCode, res.body).toBe(200);
    const html = res.body;
    expect(html).toContain('Số liệu của Tỉnh Thanh Hóa đến ngày 02/07/2026');
    expect(statValue(html, 'Sản phẩm OCOP còn hiệu lực')).toBe('6');
    expect(statValue(html, 'Tiềm năng 5 sao')).toBe('1');
    expect(statValue(html, 'Sắp hết hạn \\(90 ngày\\)')).toBe('2');
    expect(html.match(/<svg class="chart-svg"[^>]*role="img"/g)?.length).toBe(5);

    const series = chartTable(html, 'chart-stars');
    expect(series).toHaveLength(24);
    const at = (day: string) => series.find((r) => r[0] === day);
    // [day, 3★, 4★, 5★, total]
    // 23 month ends (August 2024 … June 2026), then today.
    expect(series[0]).toEqual(['31/08/2024', '4', '1', '0', '5']);
    expect(at('31/12/2024')).toEqual(['31/12/2024', '4', '1', '0', '5']);
    expect(at('31/01/2025')).toEqual(['31/01/2025', '4', '2', '0', '6']);
    expect(at('31/03/2026')).toEqual(['31/03/2026', '4', '3', '0', '7']);
    expect(at('31/05/2026')).toEqual(['31/05/2026', '4', '3', '0', '7']);
    expect(at('30/06/2026')).toEqual(['30/06/2026', '3', '3', '0', '6']);
    expect(series[23]).toEqual(['02/07/2026', '3', '3', '0', '6']);

    // Communes: Hàm Rồng has two products; five communes in all.
    const communes = chartTable(html, 'chart-areas');
    expect(communes[0]).toEqual(['Phường Hàm Rồng', '1', '1', '0', '2']);
    expect(communes).toHaveLength(5);
    expect(html).not.toContain('So sánh các tỉnh, thành phố');

    // Expiring: soonest first, the 90th day in, the 91st out.
    const list = text(html.slice(html.indexOf('class="expiring-list"'), html.indexOf('</ul>', html.indexOf('class="expiring-list"'))));
    expect(list.indexOf('Nem chua Hàm Rồng')).toBeGreaterThan(-1);
    expect(list.indexOf('Mật ong Thạch Lập')).toBeGreaterThan(list.indexOf('Nem chua Hàm Rồng'));
    expect(list).toContain('Hiệu lực đến hết ngày 19/07/2026 · còn 18 ngày');
    expect(list).toContain('Hiệu lực đến hết ngày 29/09/2026 · còn 90 ngày');
    expect(list).not.toContain('Miến dong Kiên Thọ');
    expect(html).toMatch(/href="\/admin\/products\/[0-9a-f-]{36}"/);

    // The year's pipeline: one product certified in 2026.
    expect(chartTable(html, 'chart-funnel').map((r) => r.slice(0, 2))).toEqual([
      ['Ý tưởng sản phẩm', '0'], ['Phương án sản xuất kinh doanh', '0'], ['Hồ sơ đánh giá', '0'], ['Sản phẩm được công nhận', '1'],
    ]);
    // By kind: cooperatives 3 products of 2 producers.
    expect(chartTable(html, 'chart-kinds')).toContainEqual(['Hợp tác xã (2 chủ thể)', '3']);
    expect(html).toContain('href="/admin/statistics?area=38"');
    expect(html).toContain('href="/admin/programme"');
  });

  it('the service agrees with the page: the series is at month ends and ends today', async () => {
    const area = await resolveReportArea({ ...t.ctx, actor: province.actor }, '38');
    const d = await dashboard(t.ctx, area, '2026-07-02');
    expect(seriesDays('2026-07-02')).toEqual(d.series.map((p) => p.day));
    expect(d.series.map((p) => p.day).slice(-3)).toEqual(['2026-05-31', '2026-06-30', '2026-07-02']);
    expect(seriesDays('2024-03-15').slice(-3)).toEqual(['2024-01-31', '2024-02-29', '2024-03-15']);
    expect(d.expiring.items.map((c) => [c.productName, c.expiresOn])).toEqual([
      ['Nem chua Hàm Rồng', '2026-07-20'], ['Mật ong Thạch Lập', '2026-09-30'],
    ]);
    expect(d.summary.products).toEqual({ certified: 6, byStars: { 3: 3, 4: 3, 5: 0 }, potentialFiveStar: 1 });
  });

  it('a national admin: the whole country with every province compared', async () => {
    const res = await page(admin);
    expect(res.statusCode, res.body).toBe(200);
    expect(statValue(res.body, 'Sản phẩm OCOP còn hiệu lực')).toBe('7');
    const provinces = chartTable(res.body, 'chart-areas');
    expect(provinces.slice(0, 2)).toEqual([['Tỉnh Thanh Hóa', '3', '3', '0', '6'], ['Thành phố Hà Nội', '1', '0', '0', '1']]);
    expect(provinces).toHaveLength(2);
    expect(res.body).toContain("Chưa có sản phẩm còn hiệu lực: ");
    expect(chartTable(res.body, 'chart-stars')[23]).toEqual(['02/07/2026', '4', '3', '0', '7']);
    // It can look at a province.
    const hn = await page(admin, '?area=01');
    expect(hn.statusCode).toBe(200);
    expect(statValue(hn.body, 'Sản phẩm OCOP còn hiệu lực')).toBe('1');
  });

  it('a province officer switches to one of its communes', async () => {
    const res = await page(province, '?area=14758');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Số liệu của Phường Hàm Rồng');
    expect(statValue(res.body, 'Sản phẩm OCOP còn hiệu lực')).toBe('2');
    expect(res.body).not.toContain('id="chart-areas"');
    expect(res.body).toContain('<option value="14758" selected');
  });

  it('a commune officer: their commune; an inspector: their province', async () => {
    const c = await page(commune);
    expect(c.statusCode).toBe(200);
    expect(statValue(c.body, 'Sản phẩm OCOP còn hiệu lực')).toBe('2');
    expect(c.body).not.toContain('name="area"');
    const i = await page(inspector);
    expect(i.statusCode).toBe(200);
    expect(statValue(i.body, 'Sản phẩm OCOP còn hiệu lực')).toBe('6');
  });

  it('a producer keeps the producer home (no charts)', async () => {
    const res = await page(producer);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Sản phẩm của tôi');
    expect(res.body).not.toContain('chart-svg');
  });

  it('English through the locale switch', async () => {
    const res = await t.app.inject({ url: '/admin', headers: { cookie: `${province.cookie!}; lang=en` } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('OCOP products by star, 24 months');
    expect(res.body).toContain('Figures for Tỉnh Thanh Hóa as of 02/07/2026');
  });
});

describe('areas outside the scope and areas with no data', () => {
  it('?area= outside the scope is 403, an unknown area 404, a malformed one 400', async () => {
    expect((await page(province, '?area=01')).statusCode).toBe(403);
    expect((await page(province, '?area=00070')).statusCode).toBe(403);
    expect((await page(commune, '?area=38')).statusCode).toBe(403);
    expect((await page(commune, '?area=14797')).statusCode).toBe(403);
    expect((await page(inspector, '?area=01')).statusCode).toBe(403);
    expect((await page(province, '?area=99')).statusCode).toBe(404);
    expect((await page(admin, '?area=99999')).statusCode).toBe(404);
    expect((await page(admin, '?area=3x')).statusCode).toBe(400);
  });

  it('an area with no data shows zeros and empty-state texts', async () => {
    const res = await page(admin, '?area=79');
    expect(res.statusCode, res.body).toBe(200);
    expect(statValue(res.body, 'Sản phẩm OCOP còn hiệu lực')).toBe('0');
    expect(res.body).toContain('Chưa có sản phẩm OCOP nào còn hiệu lực ở địa bàn này.');
    expect(res.body).toContain('Không có chứng nhận nào hết hạn trong 90 ngày tới.');
    expect(res.body).toContain('Không có hồ sơ nào đang chờ xử lý.');
    expect(chartTable(res.body, 'chart-stars').every((r) => r.slice(1).every((c) => c === '0'))).toBe(true);
    expect(res.body).toContain('Chưa có số liệu.');
  });
});

describe('a product holding two certificates at once', () => {
  it('counts once, at the higher star, at every point of the series', async () => {
    // Arranged directly: the flows never leave two valid certificates on one product, the rule
    // (certified-on.ts) still says how to count it.
    await t.deps.database.db.execute(sql`
      insert into certificates (number, product_id, decision_id, stars, issued_on, expires_on, province_code, commune_code, issuer_key)
      select 'HN-OVERLAP-1', product_id, decision_id, 4, '2026-01-10', '2029-01-10', province_code, commune_code, issuer_key
      from certificates where commune_code = '00070'`);
    const area = await resolveReportArea({ ...t.ctx, actor: admin.actor }, '01');
    const d = await dashboard(t.ctx, area, '2026-07-02');
    const at = (day: string) => d.series.find((p) => p.day === day);
    expect(at('2025-08-31')).toMatchObject({ s3: 0, s4: 0 });
    expect(at('2025-12-31')).toMatchObject({ s3: 1, s4: 0 });
    expect(at('2026-01-31')).toMatchObject({ s3: 0, s4: 1 });
    expect(at('2026-07-02')).toMatchObject({ s3: 0, s4: 1, s5: 0 });
    expect(d.summary.products.byStars).toEqual({ 3: 0, 4: 1, 5: 0 });
    // The other areas are unchanged.
    const country = await dashboard(t.ctx, await resolveReportArea({ ...t.ctx, actor: admin.actor }, null), '2026-07-02');
    expect(country.series.at(-1)).toMatchObject({ s3: 3, s4: 4 });
    expect(country.series.at(-1)!.s3 + country.series.at(-1)!.s4).toBe(country.summary.products.certified);
  });
});
