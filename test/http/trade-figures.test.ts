/**
 * "Kết nối cung – cầu" for officers (issue 16): demands, offers, trade agreements counted as
 * results ("hợp đồng tiêu thụ"; negotiating ones apart, cancelled ones nowhere) and event results
 * by province, product set and star over the report's period, on the statistics page, in its XLSX
 * and PDF (the same words) and on the dashboard's card; scoped by role (docs/decisions/040).
 *
 * The trade rows are inserted into the test's database as fixtures, over the portal's catalogue
 * (certified products in Thanh Hóa 38, Tuyên Quang 08 and Hà Nội 01).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { COUNTED_AGREEMENT_STATUSES } from '../../src/domain/trade';
import { products } from '../../src/modules/registry/registry.tables';
import {
  buyerOrgs, tradeAgreements, tradeDemandMatches, tradeDemands, tradeEventProducts, tradeEventRegistrations, tradeEventResults, tradeEvents, tradeOffers,
} from '../../src/modules/trade/trade.tables';
import { resolveReportArea } from '../../src/modules/reports/report-scope';
import { tradeFigures } from '../../src/modules/reports/trade-figures.service';
import { eventReport } from '../../src/modules/trade/events-report';
import { asUser, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { buildProduct } from '../helpers/builders';
import { PORTAL_NOW, seedPortalCatalogue, type PortalCatalogue } from '../helpers/portal-fixtures';
import { textOf } from '../helpers/html-forms';

let t: TestApp, cat: PortalCatalogue;
let eventIds: string[] = [];
let admin: AuthedUser, thanhHoa: AuthedUser, meoVacCommune: AuthedUser, producer: AuthedUser, buyer: AuthedUser;
const PERIOD = 'from=2026-01-01&to=2026-12-31';
const at = (iso: string) => new Date(iso);
const dong = (n: number) => `${n.toLocaleString('vi-VN')} ₫`;
const num = (n: number) => n.toLocaleString('vi-VN');

/** The figures the fixtures make (worked out by hand from the rows below). */
const F = {
  national: { demands: 4, offers: 3, offerValue: 22_600_000, agreements: 4, agreementValue: 29_500_000, results: 3, sales: 8_600_000, events: 2, negotiatingValue: 7_000_000 },
  thanhHoa: { demands: 2, offers: 2, offerValue: 7_600_000, agreements: 3, agreementValue: 20_500_000, results: 2, sales: 7_500_000 },
  tuyenQuang: { demands: 1, offers: 1, offerValue: 15_000_000, agreements: 1, agreementValue: 9_000_000, results: 1, sales: 1_100_000 },
};

beforeAll(async () => {
  t = await testApp({ clock: () => PORTAL_NOW, env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1' } });
  cat = await seedPortalCatalogue(t);
  [admin, thanhHoa, meoVacCommune, buyer] = await Promise.all([
    asUser(t.app, t.deps, { role: 'national_admin', login: true }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38', login: true }),
    asUser(t.app, t.deps, { role: 'commune_officer', areaCode: '00769', login: true }),
    asUser(t.app, t.deps, { role: 'buyer', login: true }),
  ]);
  const db = t.deps.database.db;
  const ids = cat.ids;
  const found = await db.select({ id: products.id, producerId: products.producerId }).from(products)
    .where(inArray(products.id, [ids.honeyMeoVac, ids.honeyCamThuy, ids.honeyPuLuong, ids.fishSauce]));
  const owner = (productId: string) => found.find((p) => p.id === productId)!.producerId;
  const P = { meoVac: owner(ids.honeyMeoVac), camTu: owner(ids.honeyCamThuy), puLuong: owner(ids.honeyPuLuong), baLang: owner(ids.fishSauce) };
  producer = await asUser(t.app, t.deps, { role: 'producer', producerId: P.baLang, login: true });
  // An uncertified product of Ba Làng's, brought to the fair beside the fish sauce.
  const uncertified = (await buildProduct(t.ctx, { producerId: P.baLang, name: 'Mắm tôm Ba Làng' })).id;
  const by = admin.user.id;

  const [org] = await db.insert(buyerOrgs).values({
    name: 'Siêu thị Thử nghiệm Hà Nội', kind: 'supermarket', taxCode: '0101234567', communeCode: '00070', provinceCode: '01',
    address: 'Phố Hàng Đường', contactName: 'Nguyễn Thị Mua', phone: '0900000001', email: 'mua@example.org', status: 'verified',
  }).returning({ id: buyerOrgs.id });
  const demand = (v: Partial<typeof tradeDemands.$inferInsert> & { createdAt: Date; deliveryProvinceCode: string }) => ({
    buyerOrgId: org!.id, title: 'Mua mật ong', quantity: 100, unit: 'chai', deadline: '2026-09-30', createdBy: by, ...v,
  });
  const [d1, d2] = await db.insert(tradeDemands).values([
    demand({ productSetCode: '4', minStars: 4, deliveryProvinceCode: '38', createdAt: at('2026-03-01T03:00:00Z') }),
    demand({ productSetCode: '9', deliveryProvinceCode: '08', status: 'awarded', createdAt: at('2026-03-02T03:00:00Z') }),
    demand({ deliveryProvinceCode: '01', status: 'closed', isSample: true, createdAt: at('2026-04-01T03:00:00Z') }),
    // Cancelled: not counted.
    demand({ productSetCode: '4', minStars: 3, deliveryProvinceCode: '38', status: 'cancelled', createdAt: at('2026-03-05T03:00:00Z') }),
    // 1 January 2026, 01:00 in Viet Nam: in the period.
    demand({ productSetCode: '4', minStars: 3, deliveryProvinceCode: '38', createdAt: at('2025-12-31T18:00:00Z') }),
    // 31 December 2025, 23:00 in Viet Nam: before it.
    demand({ productSetCode: '4', minStars: 3, deliveryProvinceCode: '38', createdAt: at('2025-12-31T16:00:00Z') }),
  ]).returning({ id: tradeDemands.id });
  await db.insert(tradeDemandMatches).values({ demandId: d1!.id, productId: ids.honeyMeoVac, producerId: P.meoVac, rank: 114 });

  const offer = (v: Omit<typeof tradeOffers.$inferInsert, 'deliveryOn' | 'createdBy'>) => ({ deliveryOn: '2026-08-01', createdBy: by, ...v });
  const [, o2] = await db.insert(tradeOffers).values([
    offer({ demandId: d1!.id, producerId: P.meoVac, productId: ids.honeyMeoVac, unitPrice: 150_000, quantity: 100, createdAt: at('2026-03-03T03:00:00Z') }),
    offer({ demandId: d1!.id, producerId: P.camTu, productId: ids.honeyCamThuy, unitPrice: 120_000, quantity: 50, status: 'accepted', createdAt: at('2026-03-04T03:00:00Z') }),
    offer({ demandId: d2!.id, producerId: P.baLang, productId: ids.fishSauce, unitPrice: 80_000, quantity: 20, status: 'declined', createdAt: at('2026-03-04T03:00:00Z') }),
    // Withdrawn: not counted.
    offer({ demandId: d1!.id, producerId: P.puLuong, productId: ids.honeyPuLuong, unitPrice: 300_000, quantity: 10, status: 'withdrawn', createdAt: at('2026-03-04T03:00:00Z') }),
  ]).returning({ id: tradeOffers.id });

  const event = (v: Partial<typeof tradeEvents.$inferInsert> & Pick<typeof tradeEvents.$inferInsert, 'startsOn' | 'endsOn' | 'provinceCode' | 'venueCommuneCode'>) => ({
    kind: 'fair' as const, title: 'Hội chợ OCOP thử nghiệm', venueAddress: 'Quảng trường', organiser: 'Sở Nông nghiệp', status: 'published' as const, createdBy: by, ...v,
  });
  const [e1, e2, e3] = await db.insert(tradeEvents).values([
    event({ startsOn: '2026-05-01', endsOn: '2026-05-03', provinceCode: '38', venueCommuneCode: '14797', ownerProvinceCode: '38' }),
    event({ kind: 'product_week', startsOn: '2026-06-15', endsOn: '2026-06-20', provinceCode: '08', venueCommuneCode: '00769', isSample: true }),
    // Cancelled: its results are not counted.
    event({ startsOn: '2026-03-30', endsOn: '2026-04-01', provinceCode: '38', venueCommuneCode: '14797', status: 'cancelled' }),
    // Ends after the period.
    event({ startsOn: '2026-12-30', endsOn: '2027-01-10', provinceCode: '38', venueCommuneCode: '14797' }),
  ]).returning({ id: tradeEvents.id });
  eventIds = [e1!.id, e2!.id];
  const register = async (eventId: string, producerId: string, brought: string[], status: 'approved' | 'pending', sales: number | null) => {
    const [g] = await db.insert(tradeEventRegistrations).values({ eventId, producerId, status, createdBy: by }).returning({ id: tradeEventRegistrations.id });
    if (brought.length) await db.insert(tradeEventProducts).values(brought.map((productId) => ({ registrationId: g!.id, productId })));
    if (sales !== null) await db.insert(tradeEventResults).values({ registrationId: g!.id, salesValue: sales, reportedBy: by });
  };
  await register(e1!.id, P.camTu, [ids.honeyCamThuy], 'approved', 4_200_000);
  await register(e1!.id, P.baLang, [ids.fishSauce, uncertified], 'approved', 3_300_000);
  await register(e1!.id, P.puLuong, [ids.honeyPuLuong], 'pending', null);
  await register(e2!.id, P.meoVac, [ids.honeyMeoVac], 'approved', 1_100_000);
  await register(e3!.id, P.camTu, [ids.honeyCamThuy], 'approved', 99_000_000);

  let code = 0;
  const agreement = (v: Partial<typeof tradeAgreements.$inferInsert> & Pick<typeof tradeAgreements.$inferInsert, 'producerId' | 'value' | 'provinceCode'>) => ({
    code: `HD-2026-${String(++code).padStart(4, '0')}`, buyerOrgId: org!.id, buyerName: 'Siêu thị Thử nghiệm Hà Nội', ...v,
  });
  await db.insert(tradeAgreements).values([
    agreement({ producerId: P.camTu, demandId: d1!.id, offerId: o2!.id, status: 'signed', value: 6_000_000, provinceCode: '38', productSetCode: '4', stars: 3, signedOn: '2026-03-10' }),
    agreement({ producerId: P.puLuong, status: 'delivering', value: 12_000_000, provinceCode: '38', productSetCode: '4', stars: 5, signedOn: '2026-04-02' }),
    // Completed without a signing day: counted on the day it was recorded.
    agreement({ producerId: P.meoVac, status: 'completed', value: 9_000_000, provinceCode: '08', productSetCode: '4', stars: 4, createdAt: at('2026-05-01T03:00:00Z') }),
    agreement({ producerId: P.baLang, status: 'negotiating', value: 7_000_000, provinceCode: '38', productSetCode: '9', stars: 4, createdAt: at('2026-05-05T03:00:00Z') }),
    agreement({ producerId: P.baLang, status: 'cancelled', value: 50_000_000, provinceCode: '38', productSetCode: '9', stars: 4, signedOn: '2026-02-01', cancelReason: 'Đổi nhà cung cấp' }),
    // Signed in 2025, recorded in 2026: the signing day counts.
    agreement({ producerId: P.camTu, status: 'signed', value: 100_000_000, provinceCode: '38', productSetCode: '4', stars: 3, signedOn: '2025-12-20', createdAt: at('2026-01-05T03:00:00Z') }),
    // Signed at the fair.
    agreement({ producerId: P.baLang, eventId: e1!.id, buyerName: 'Nhà hàng Sen', buyerOrgId: null, status: 'signed', value: 2_500_000, provinceCode: '38', productSetCode: '9', stars: 4, signedOn: '2026-05-03' }),
  ]);
}, 120_000);
afterAll(() => t?.close());

const page = (user: AuthedUser, url: string) => t.app.inject({ url, headers: user.sessionHeaders() });

/** The "Kết nối cung – cầu" section: its text and its three tables as rows of cell texts. */
async function section(user: AuthedUser, query = PERIOD) {
  const res = await page(user, `/admin/statistics?${query}`);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const html = /<section[^>]*id="ket-noi-cung-cau"[^>]*>([\s\S]*?)<\/section>/.exec(res.body)?.[1];
  expect(html, 'the trade section').toBeDefined();
  const tables = [...html!.matchAll(/<table[\s\S]*?<\/table>/g)].map((m) => [...m[0].matchAll(/<tr[\s\S]*?<\/tr>/g)]
    .map((r) => [...r[0].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => textOf(c[1]!))));
  return { text: textOf(html!.replace(/</g, ' <')), byProvince: tables[0]!, bySet: tables[1]!, byStars: tables[2]! };
}
type Fig = { demands: number; offers: number; offerValue: number; agreements: number; agreementValue: number; results: number; sales: number };
const pageRow = (label: string, f: Fig) => [label, num(f.demands), num(f.offers), dong(f.offerValue), num(f.agreements), dong(f.agreementValue), num(f.results), dong(f.sales)];
const fileRow = (label: string, f: Fig) => [label, f.demands, f.offers, f.offerValue, f.agreements, f.agreementValue, f.results, f.sales];

describe('the statistics page\'s "Kết nối cung – cầu"', () => {
  it('national: by province, set and star, the total; negotiating apart; cancelled, withdrawn and out-of-period rows nowhere', async () => {
    const s = await section(admin);
    expect(s.byProvince[0]).toEqual(['Tỉnh, thành phố', 'Nhu cầu mua', 'Chào giá', 'Giá trị chào giá', 'Hợp đồng tiêu thụ', 'Giá trị hợp đồng', 'Gian hàng báo kết quả', 'Doanh số tại sự kiện']);
    expect(s.byProvince.slice(1)).toEqual([
      pageRow('Tỉnh Thanh Hóa', F.thanhHoa),
      pageRow('Tỉnh Tuyên Quang', F.tuyenQuang),
      pageRow('Thành phố Hà Nội', { demands: 1, offers: 0, offerValue: 0, agreements: 0, agreementValue: 0, results: 0, sales: 0 }),
      pageRow('Tổng cộng', F.national),
    ]);
    // Set 4 (honey): demands D1, D5; offers O1, O2; agreements 6 + 12 + 9 million; every exhibitor (Ba Làng brought an uncertified honey product too).
    expect(s.bySet).toContainEqual(pageRow('Mật ong, mật khác và nông sản thực phẩm khác', { demands: 2, offers: 2, offerValue: 21_000_000, agreements: 3, agreementValue: 27_000_000, results: 3, sales: 8_600_000 }));
    expect(s.bySet).toContainEqual(pageRow('Tương, nước mắm, gia vị dạng lỏng khác', { demands: 1, offers: 1, offerValue: 1_600_000, agreements: 1, agreementValue: 2_500_000, results: 1, sales: 3_300_000 }));
    expect(s.bySet).toContainEqual(pageRow('Không nêu bộ sản phẩm', { demands: 1, offers: 0, offerValue: 0, agreements: 0, agreementValue: 0, results: 0, sales: 0 }));
    expect(s.byStars.slice(1)).toEqual([
      pageRow('3 sao', { demands: 1, offers: 1, offerValue: 6_000_000, agreements: 1, agreementValue: 6_000_000, results: 1, sales: 4_200_000 }),
      pageRow('4 sao', { demands: 1, offers: 2, offerValue: 16_600_000, agreements: 2, agreementValue: 11_500_000, results: 2, sales: 4_400_000 }),
      pageRow('5 sao', { demands: 0, offers: 0, offerValue: 0, agreements: 1, agreementValue: 12_000_000, results: 0, sales: 0 }),
      pageRow('Không nêu hạng sao', { demands: 2, offers: 0, offerValue: 0, agreements: 0, agreementValue: 0, results: 1, sales: 3_300_000 }),
      pageRow('Tổng cộng', F.national),
    ]);
    expect(s.text).toContain(`Đang đàm phán ${dong(F.national.negotiatingValue)} 1 hợp đồng, chưa tính là kết quả`);
    expect(s.text).toContain(`Trong số hợp đồng tiêu thụ có 1 hợp đồng ký tại sự kiện, ${dong(2_500_000)}.`);
    expect(s.text).toContain('Sự kiện kết thúc trong kỳ 2');
    // Sample: the demand D3, the product week and its exhibitor's result.
    expect(s.text).toContain('Có 3 bản ghi MẪU (dữ liệu trình diễn) được tính vào số liệu này.');
    for (const never of [50_000_000, 100_000_000, 99_000_000, 3_000_000]) expect(s.text).not.toContain(dong(never));
  });

  it('counts agreements by the domain\'s statuses: the service equals a count over the rows themselves', async () => {
    const vnDay = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const all = await t.deps.database.db.select().from(tradeAgreements);
    const inPeriod = (d: string) => d >= '2026-01-01' && d <= '2026-12-31';
    const counted = all.filter((a) => COUNTED_AGREEMENT_STATUSES.includes(a.status) && inPeriod(a.signedOn ?? vnDay(a.createdAt)));
    const negotiating = all.filter((a) => a.status === 'negotiating' && inPeriod(vnDay(a.createdAt)));
    const area = await resolveReportArea(admin.ctx, null);
    const figures = await tradeFigures(admin.ctx, area, '2026-01-01', '2026-12-31');
    expect(figures.total).toMatchObject({
      agreements: counted.length, agreementValue: counted.reduce((s, a) => s + a.value, 0),
      negotiating: negotiating.length, negotiatingValue: negotiating.reduce((s, a) => s + a.value, 0),
      atEvents: counted.filter((a) => a.eventId).length,
    });
    expect(figures.total).toMatchObject(F.national);
  });

  it('event results equal the sum of the events\' own reports (the trade module\'s query of the same results)', async () => {
    const area = await resolveReportArea(admin.ctx, null);
    const figures = await tradeFigures(admin.ctx, area, '2026-01-01', '2026-12-31');
    const reports = await Promise.all(eventIds.map((id) => eventReport(admin.ctx, id)));
    expect({ results: figures.total.results, sales: figures.total.sales, atEvents: figures.total.atEvents, atEventsValue: figures.total.atEventsValue }).toEqual({
      results: reports.reduce((s, r) => s + r.totals.reported, 0),
      sales: reports.reduce((s, r) => s + r.totals.salesValue, 0),
      atEvents: reports.reduce((s, r) => s + r.totals.agreements.count, 0),
      atEventsValue: reports.reduce((s, r) => s + r.totals.agreements.value, 0),
    });
  });

  it('a province officer sees their province only', async () => {
    const s = await section(thanhHoa);
    expect(s.byProvince.slice(1)).toEqual([pageRow('Tỉnh Thanh Hóa', F.thanhHoa), pageRow('Tổng cộng', F.thanhHoa)]);
    expect(s.text).not.toContain('Tỉnh Tuyên Quang');
    expect(s.text).not.toContain('MẪU');
    expect(s.text).toContain(`Đang đàm phán ${dong(7_000_000)}`);
    expect((await page(thanhHoa, `/admin/statistics?area=08&${PERIOD}`)).statusCode).toBe(403);
    expect((await page(thanhHoa, `/admin/statistics/export.xlsx?area=08&${PERIOD}`)).statusCode).toBe(403);
  });

  it('a commune officer sees their producers\' offers and agreements, the demands matched to them, the events held there', async () => {
    const s = await section(meoVacCommune);
    // D1 (delivered to Thanh Hóa) matched Mèo Vạc's honey: it counts, on its delivery province's row.
    expect(s.byProvince.slice(1)).toEqual([
      pageRow('Tỉnh Tuyên Quang', { ...F.tuyenQuang, demands: 0 }),
      pageRow('Tỉnh Thanh Hóa', { demands: 1, offers: 0, offerValue: 0, agreements: 0, agreementValue: 0, results: 0, sales: 0 }),
      pageRow('Tổng cộng', F.tuyenQuang),
    ]);
    expect(s.text).toContain(`Đang đàm phán ${dong(0)} 0 hợp đồng`);
  });

  it('follows the page\'s period', async () => {
    const s = await section(admin, 'asOf=2026-03-31&from=2026-03-01&to=2026-03-31');
    expect(s.text).toContain('từ 01/03/2026 đến 31/03/2026');
    expect(s.byProvince.at(-1)).toEqual(pageRow('Tổng cộng', { demands: 2, offers: 3, offerValue: 22_600_000, agreements: 1, agreementValue: 6_000_000, results: 0, sales: 0 }));
    const empty = await section(admin, 'asOf=2025-06-30&from=2025-01-01&to=2025-06-30');
    expect(empty.text).toContain('Chưa có nhu cầu, chào giá, hợp đồng hay kết quả sự kiện nào trong kỳ.');
  });

  it('producers, buyers and visitors cannot reach the page or its files', async () => {
    for (const u of [producer, buyer]) {
      expect((await page(u, `/admin/statistics?${PERIOD}`)).statusCode).toBe(403);
      expect((await page(u, `/admin/statistics/export.pdf?${PERIOD}`)).statusCode).toBe(403);
    }
    const anonymous = await t.app.inject({ url: `/admin/statistics?${PERIOD}`, headers: { accept: 'text/html' } });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login\?next=/);
  });
});

describe('the files', () => {
  it('the XLSX has three sheets with the page\'s words and figures, and the summary lines', async () => {
    const res = await page(thanhHoa, `/admin/statistics/export.xlsx?${PERIOD}`);
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names = book.worksheets.map((w) => w.name);
    expect(names.slice(-4)).toEqual(['Kết nối cung cầu - tỉnh', 'Kết nối cung cầu - bộ SP', 'Kết nối cung cầu - hạng sao', 'Danh sách sản phẩm']);
    const values = (ws: ExcelJS.Worksheet, r: number) => (ws.getRow(r).values as unknown[]).slice(1);
    const provinces = book.getWorksheet('Kết nối cung cầu - tỉnh')!;
    expect(values(provinces, 1)).toEqual(['Tỉnh, thành phố', 'Nhu cầu mua', 'Chào giá', 'Giá trị chào giá (đồng)', 'Hợp đồng tiêu thụ', 'Giá trị hợp đồng (đồng)', 'Gian hàng báo kết quả', 'Doanh số tại sự kiện (đồng)']);
    expect(values(provinces, 2)).toEqual(fileRow('Tỉnh Thanh Hóa', F.thanhHoa));
    expect(values(provinces, 3)).toEqual(fileRow('Tổng cộng', F.thanhHoa));
    const stars = book.getWorksheet('Kết nối cung cầu - hạng sao')!;
    const note = String(stars.getSheetValues().flatMap((r) => (Array.isArray(r) ? r : [])).find((v) => typeof v === 'string' && v.startsWith('Nhu cầu mua tính theo')));
    expect(note).toContain('Đang đàm phán: 1 hợp đồng, 7.000.000 ₫ (chưa tính là kết quả).');
    expect(note).toContain('Sự kiện kết thúc trong kỳ: 1.');
    const summary = book.getWorksheet('Tổng hợp')!.getSheetValues().map((r) => (Array.isArray(r) ? r.slice(1) : []));
    expect(summary).toContainEqual(['Hợp đồng tiêu thụ trong kỳ', F.thanhHoa.agreements]);
    expect(summary).toContainEqual(['Giá trị hợp đồng trong kỳ (đồng)', F.thanhHoa.agreementValue]);
    expect(summary).toContainEqual(['Doanh số tại sự kiện trong kỳ (đồng)', F.thanhHoa.sales]);
  });

  it('the PDF prints the same tables', async () => {
    const pdf = await page(admin, `/admin/statistics/export.pdf?${PERIOD}`);
    expect([pdf.statusCode, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
    const dir = mkdtempSync(join(tmpdir(), 'trade-pdf-'));
    try {
      writeFileSync(join(dir, 'r.pdf'), pdf.rawPayload);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('Kết nối cung – cầu theo tỉnh, thành phố từ 01/01/2026 đến 31/12/2026');
      expect(text).toContain('Kết nối cung – cầu theo hạng sao từ 01/01/2026 đến 31/12/2026');
      const cells = (label: string, f: Fig) => new RegExp([label, f.demands, f.offers, f.offerValue, f.agreements, f.agreementValue, f.results, f.sales]
        .map((v) => (typeof v === 'number' ? num(v) : v).replace(/\./g, '\\.')).join('\\s+'));
      expect(text).toMatch(cells('Tỉnh Thanh Hóa', F.thanhHoa));
      expect(text).toMatch(cells('Tổng cộng', F.national));
      const flat = text.replace(/\s+/g, ' ');
      // The page's sentences (the headers wrap in their narrow columns).
      for (const words of ['hợp đồng tiêu thụ là hợp đồng đã ký, đang giao hoặc đã hoàn thành', 'Đang đàm phán: 1 hợp đồng, 7.000.000 ₫ (chưa tính là kết quả).', 'Sự kiện kết thúc trong kỳ: 2.']) {
        expect(flat).toContain(words);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the officer dashboard', () => {
  it('shows the year\'s agreements and events with their sales, linked to the report\'s tables', async () => {
    const own = await page(thanhHoa, '/admin');
    const text = textOf(own.body.replace(/</g, ' <'));
    expect(text).toContain('Kết nối cung – cầu năm 2026');
    expect(text).toContain(`Giá trị hợp đồng ${dong(F.thanhHoa.agreementValue)}`);
    expect(text).toContain(`Doanh số tại sự kiện ${dong(F.thanhHoa.sales)} ${F.thanhHoa.results} gian hàng đã báo kết quả`);
    expect(text).toContain(`Đang đàm phán: 1 hợp đồng, ${dong(7_000_000)} (chưa tính là kết quả).`);
    expect(own.body).toContain('href="/admin/statistics?area=38&amp;from=2026-01-01&amp;to=2026-07-02#ket-noi-cung-cau"');
    const national = textOf((await page(admin, '/admin')).body.replace(/</g, ' <'));
    // Up to today (2 July): the events of May and June, every agreement counted above.
    expect(national).toContain(`Giá trị hợp đồng ${dong(F.national.agreementValue)}`);
    expect(national).toContain(`Sự kiện đã diễn ra ${F.national.events}`);
    expect(national).toContain('Có 3 bản ghi MẪU (dữ liệu trình diễn) được tính vào số liệu này.');
    expect(textOf((await page(producer, '/admin')).body)).not.toContain('Kết nối cung – cầu năm');
  });
});
