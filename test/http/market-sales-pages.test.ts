/**
 * "Doanh thu qua sàn" for officers (issue 15): the statistics page's section by province, product
 * set and star over the report's period, in the officer's area only (the same figures as
 * `GET /api/v1/market/sales`), in the page's XLSX and PDF files, and the dashboard's card; SAMPLE
 * orders counted and said so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { CheckoutResult } from '../../src/modules/market/market.schema';
import { asUser, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { guestCheckout, seedMarket, type MarketFixture } from '../helpers/market-fixtures';
import { PORTAL_NOW } from '../helpers/portal-fixtures';
import { textOf } from '../helpers/html-forms';

let t: TestApp, m: MarketFixture;
let admin: AuthedUser, tuyenQuang: AuthedUser, thanhHoa: AuthedUser, meoVacCommune: AuthedUser, otherCommune: AuthedUser;
/** Delivered: shop A (Tuyên Quang) 2 × 250 g and 1 × 500 g; shop B (Thanh Hóa, made SAMPLE) 1 × 500 ml. */
const A_AMOUNT = 2 * 120_000 + 220_000;
const B_AMOUNT = 180_000;
const PERIOD = 'from=2026-01-01&to=2026-12-31';

async function deliver(seller: AuthedUser, items: Parameters<typeof guestCheckout>[0]) {
  const placed = await t.app.inject({ method: 'POST', url: '/api/v1/market/checkout', payload: guestCheckout(items, 'cod') });
  const code = json<CheckoutResult>(placed).orders[0]!.code;
  for (const action of ['confirm', 'ship', 'deliver']) {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/market/shop-orders/${code}/actions`, headers: seller.headers(), payload: { action, carrier: 'VNPost', trackingNumber: 'EV1' } });
    expect(res.statusCode, res.body).toBe(200);
  }
}

beforeAll(async () => {
  t = await testApp({ clock: () => PORTAL_NOW, env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1' } });
  m = await seedMarket(t);
  await deliver(m.sellerA, [{ variantId: m.a250, quantity: 2 }, { variantId: m.a500, quantity: 1 }]);
  await t.deps.database.db.execute(sql`update shops set is_sample = true where id = ${m.shopB.id}::uuid`);
  await deliver(m.sellerB, [{ variantId: m.b500, quantity: 1 }]);
  // Placed, not delivered: not a sale.
  await t.app.inject({ method: 'POST', url: '/api/v1/market/checkout', payload: guestCheckout([{ variantId: m.a250, quantity: 1 }], 'cod') });
  [admin, tuyenQuang, thanhHoa, meoVacCommune, otherCommune] = await Promise.all([
    asUser(t.app, t.deps, { role: 'national_admin', login: true }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: '08', login: true }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38', login: true }),
    asUser(t.app, t.deps, { role: 'commune_officer', areaCode: '00769', login: true }),
    asUser(t.app, t.deps, { role: 'commune_officer', areaCode: '00763', login: true }),
  ]);
}, 90_000);
afterAll(() => t?.close());

const page = (user: AuthedUser, url: string) => t.app.inject({ url, headers: user.sessionHeaders() });
/** The text of the page's "Doanh thu qua sàn" section. */
async function section(user: AuthedUser, query = PERIOD) {
  const res = await page(user, `/admin/statistics?${query}`);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const html = /<section[^>]*id="doanh-thu-qua-san"[^>]*>([\s\S]*?)<\/section>/.exec(res.body)?.[1];
  expect(html, 'the sales section').toBeDefined();
  return textOf(html!);
}
const dong = (n: number) => `${n.toLocaleString('vi-VN')} ₫`;

describe('the statistics page\'s "Doanh thu qua sàn"', () => {
  it('national: both provinces, by set and star, the total in whole đồng, the sample orders said', async () => {
    const text = await section(admin);
    expect(text).toContain('Doanh thu qua sàn');
    expect(text).toContain('Tỉnh Tuyên Quang');
    expect(text).toContain('Tỉnh Thanh Hóa');
    expect(text).toContain(dong(A_AMOUNT));
    expect(text).toContain(dong(A_AMOUNT + B_AMOUNT));
    expect(text).toContain(`Có 1 đơn hàng MẪU (dữ liệu trình diễn) được tính vào số liệu này, tổng ${dong(B_AMOUNT)}.`);
    expect(text).toContain('Có dữ liệu mẫu');
    const api = json(await t.app.inject({ url: `/api/v1/market/sales?by=stars&${PERIOD}`, headers: admin.headers() }));
    expect(api.total).toEqual({ orders: 2, units: 4, amount: A_AMOUNT + B_AMOUNT });
    for (const r of api.rows as { key: string; amount: number }[]) expect(text).toContain(`${r.key} sao`);
  });

  it('a province officer sees their province only, as the API gives it', async () => {
    const text = await section(tuyenQuang);
    expect(text).toContain('Tỉnh Tuyên Quang');
    expect(text).not.toContain('Tỉnh Thanh Hóa');
    expect(text).not.toContain('MẪU');
    const api = json(await t.app.inject({ url: `/api/v1/market/sales?by=province&${PERIOD}`, headers: tuyenQuang.headers() }));
    expect(api.total).toEqual({ orders: 1, units: 3, amount: A_AMOUNT });
    expect(text).toContain(dong(api.total.amount));
    const far = await section(thanhHoa);
    expect(far).toContain(dong(B_AMOUNT));
    expect(far).not.toContain(dong(A_AMOUNT));
    expect((await page(thanhHoa, `/admin/statistics?area=08&${PERIOD}`)).statusCode).toBe(403);
  });

  it('a commune officer sees the shops picking up in their commune only', async () => {
    expect(await section(meoVacCommune)).toContain(dong(A_AMOUNT));
    const other = await section(otherCommune);
    expect(other).toContain('Chưa có đơn hàng nào đã giao trong kỳ.');
    expect(other).not.toContain(dong(A_AMOUNT));
    // A province officer looking at one of their communes.
    expect(await section(tuyenQuang, `area=00763&${PERIOD}`)).toContain('Chưa có đơn hàng nào đã giao trong kỳ.');
  });

  it('follows the page\'s period', async () => {
    const before = await section(admin, 'asOf=2026-06-30&from=2026-01-01&to=2026-06-30');
    expect(before).toContain('Chưa có đơn hàng nào đã giao trong kỳ.');
    expect(before).toContain('từ 01/01/2026 đến 30/06/2026');
  });

  it('is in the page\'s XLSX (three sheets, totals) and PDF', async () => {
    const res = await page(tuyenQuang, `/admin/statistics/export.xlsx?${PERIOD}`);
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names = book.worksheets.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(['Doanh thu qua sàn - tỉnh', 'Doanh thu qua sàn - bộ SP', 'Doanh thu qua sàn - hạng sao']));
    const provinces = book.getWorksheet('Doanh thu qua sàn - tỉnh')!;
    expect((provinces.getRow(1).values as unknown[]).slice(1)).toEqual(['Tỉnh, thành phố', 'Số đơn hàng', 'Số lượng', 'Doanh thu (đồng)']);
    expect((provinces.getRow(2).values as unknown[]).slice(1)).toEqual(['Tỉnh Tuyên Quang', 1, 3, A_AMOUNT]);
    expect((provinces.getRow(3).values as unknown[]).slice(1)).toEqual(['Tổng cộng', 1, 3, A_AMOUNT]);
    const summary = book.getWorksheet('Tổng hợp')!;
    const rows = summary.getSheetValues().map((r) => (Array.isArray(r) ? r.slice(1) : []));
    expect(rows).toContainEqual(['Doanh thu qua sàn trong kỳ (đồng)', A_AMOUNT]);
    const pdf = await page(tuyenQuang, `/admin/statistics/export.pdf?${PERIOD}`);
    expect([pdf.statusCode, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
    const dir = mkdtempSync(join(tmpdir(), 'sales-pdf-'));
    try {
      writeFileSync(join(dir, 'r.pdf'), pdf.rawPayload);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('Doanh thu qua sàn theo tỉnh, thành phố từ 01/01/2026 đến 31/12/2026');
      expect(text).toMatch(new RegExp(`Tỉnh Tuyên Quang\\s+1\\s+3\\s+${A_AMOUNT.toLocaleString('vi-VN').replace(/\./g, '\\.')}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the officer dashboard', () => {
  it('shows the year\'s sales through the market of the area, linked to the report\'s tables', async () => {
    const own = textOf((await page(tuyenQuang, '/admin')).body);
    expect(own).toContain('Doanh thu qua sàn năm 2026');
    expect(own).toContain(dong(A_AMOUNT));
    const national = await page(admin, '/admin');
    expect(textOf(national.body)).toContain(dong(A_AMOUNT + B_AMOUNT));
    expect(textOf(national.body)).toContain(`Trong đó có 1 đơn hàng MẪU (dữ liệu trình diễn), ${dong(B_AMOUNT)}.`);
    expect(national.body).toContain('href="/admin/statistics?from=2026-01-01&amp;to=2026-07-02#doanh-thu-qua-san"');
    expect(textOf((await page(otherCommune, '/admin')).body)).toContain(`Doanh thu (tiền hàng)0 ₫`);
  });
});
