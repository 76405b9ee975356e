/**
 * "Truy xuất nguồn gốc theo lô" (issue 17, item 7): of the products certified on the report's
 * day, those with a production lot recorded by then that has a trace event recorded by then —
 * count, certified count and the share by province and star, with the total, on the statistics
 * page, in its XLSX and PDF and on the dashboard; scoped by role.
 *
 * The certified list is imported (two provinces: Thanh Hóa 38 and Tuyên Quang 08); the lots and
 * events are inserted as fixtures with the times they were recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { makeTraceCode } from '../../src/domain/trace';
import { products } from '../../src/modules/registry/registry.tables';
import { traceEventLots, traceEvents, traceLots } from '../../src/modules/trace/trace.tables';
import { resolveReportArea } from '../../src/modules/reports/report-scope';
import { formatShare, shareOf, traceFigures } from '../../src/modules/reports/trace-figures.service';
import { PRODUCT_SHEET } from '../../src/modules/reports/report-export';
import { asUser, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { importCertifiedList, type ListRow } from '../helpers/programme-fixtures';
import { textOf } from '../helpers/html-forms';

// The bundle as the composition root registers it (src/modules/messages.ts).

const row = (r: Omit<ListRow, 'decisionNumber' | 'kind'>): ListRow => ({ decisionNumber: `${r.decisionDate.slice(0, 4)}/QĐ-UBND`, kind: 'hợp tác xã', ...r });
/**
 * Certified on 30/06/2026 (the report's day): Thanh Hóa A, B, C, D, F, H; Tuyên Quang I, J, K.
 * E's certificate (2022, three years) expired on 1/5/2025.
 */
const LIST: ListRow[] = [
  row({ product: 'Nem chua A', producer: 'HTX A', commune: '14797', stars: 3, decisionDate: '2024-05-10' }),
  row({ product: 'Trà B', producer: 'HTX B', commune: '14758', stars: 4, decisionDate: '2024-06-01' }),
  row({ product: 'Gạo C', producer: 'HTX C', commune: '14758', stars: 4, decisionDate: '2025-01-15' }),
  row({ product: 'Mắm D', producer: 'HTX D', commune: '14797', stars: 5, decisionDate: '2025-03-01' }),
  row({ product: 'Bánh E', producer: 'HTX E', commune: '14797', stars: 3, decisionDate: '2022-05-01' }),
  row({ product: 'Chè F', producer: 'HTX F', commune: '14797', stars: 3, decisionDate: '2024-09-01' }),
  row({ product: 'Mật ong H', producer: 'HTX H', commune: '14758', stars: 3, decisionDate: '2024-10-01' }),
  row({ product: 'Mật ong I', producer: 'HTX I', commune: '00769', stars: 3, decisionDate: '2025-02-01' }),
  row({ product: 'Chè J', producer: 'HTX J', commune: '00763', stars: 5, decisionDate: '2025-04-01' }),
  row({ product: 'Thịt K', producer: 'HTX K', commune: '00769', stars: 4, decisionDate: '2025-05-01' }),
];

const NOW = new Date('2026-07-02T03:00:00Z');
const ON = 'asOf=2026-06-30&from=2026-01-01&to=2026-06-30';
let t: TestApp;
let admin: AuthedUser, thanhHoa: AuthedUser, meoVac: AuthedUser, producer: AuthedUser;

beforeAll(async () => {
  t = await testApp({ clock: () => NOW });
  await importCertifiedList(t.ctx, LIST);
  [admin, thanhHoa, meoVac, producer] = await Promise.all([
    asUser(t.app, t.deps, { role: 'national_admin', login: true }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38', login: true }),
    asUser(t.app, t.deps, { role: 'commune_officer', areaCode: '00769', login: true }),
    asUser(t.app, t.deps, { role: 'producer', login: true }),
  ]);
  const db = t.deps.database.db;
  const found = await db.select({ id: products.id, name: products.name, producerId: products.producerId }).from(products)
    .where(inArray(products.name, LIST.map((r) => r.product)));
  const of = (letter: string) => found.find((p) => p.name.endsWith(` ${letter}`))!;
  let n = 0;
  /** A lot of the product recorded at `recordedAt`, with events recorded at the given times (role `role`). */
  const lot = async (letter: string, province: string, commune: string, recordedAt: string, events: string[], opts: { sample?: boolean; role?: 'subject' | 'input' | 'output' } = {}) => {
    const p = of(letter);
    n += 1;
    const [l] = await db.insert(traceLots).values({
      productId: p.id, producerId: p.producerId, provinceCode: province, lotNumber: `LO-${n}`, traceCode: makeTraceCode(province, String(n).padStart(8, '0')),
      producedOn: '2026-01-10', quantity: 100, unit: 'kg', facility: 'Xưởng', communeCode: commune, isSample: opts.sample ?? false, createdAt: new Date(recordedAt),
    }).returning({ id: traceLots.id });
    for (const at of events) {
      const [e] = await db.insert(traceEvents).values({
        kind: 'harvest', producerId: p.producerId, occurredAt: new Date('2026-01-10T02:00:00Z'), communeCode: commune, actor: 'Tổ sản xuất', recordedAt: new Date(at),
      }).returning({ id: traceEvents.id });
      await db.insert(traceEventLots).values({ eventId: e!.id, lotId: l!.id, role: opts.role ?? 'subject' });
    }
  };
  await lot('A', '38', '14797', '2026-03-01T03:00:00Z', ['2026-03-02T03:00:00Z', '2026-03-03T03:00:00Z']);
  // B: two lots, one without events: counted once.
  await lot('B', '38', '14758', '2026-02-01T03:00:00Z', ['2026-02-02T03:00:00Z']);
  await lot('B', '38', '14758', '2026-02-05T03:00:00Z', []);
  // C: a lot without any event.
  await lot('C', '38', '14758', '2026-03-01T03:00:00Z', []);
  // E: traced, but its certificate expired before the day.
  await lot('E', '38', '14797', '2026-03-01T03:00:00Z', ['2026-03-02T03:00:00Z']);
  // F: recorded at 23:00 on 30 June in Viet Nam (16:00 UTC): on the day.
  await lot('F', '38', '14797', '2026-06-30T16:00:00Z', ['2026-06-30T16:30:00Z']);
  // H: recorded at 01:00 on 1 July in Viet Nam (still 30 June in UTC): after the day.
  await lot('H', '38', '14758', '2026-06-30T18:00:00Z', ['2026-06-30T18:30:00Z']);
  // I: an input of a transformation; its lot recorded early, the event on the day.
  await lot('I', '08', '00769', '2026-04-01T03:00:00Z', ['2026-06-30T10:00:00Z'], { role: 'input' });
  // J: a SAMPLE (demo) lot only.
  await lot('J', '08', '00763', '2026-04-01T03:00:00Z', ['2026-04-02T03:00:00Z'], { sample: true });
  // K: a lot whose only event was recorded after the day.
  await lot('K', '08', '00769', '2026-04-01T03:00:00Z', ['2026-07-01T03:00:00Z']);
}, 120_000);
afterAll(() => t?.close());

const page = (user: AuthedUser, url: string, extra: Record<string, string> = {}) => t.app.inject({ url, headers: user.sessionHeaders(extra) });
const pct = (traced: number, certified: number) => formatShare(shareOf(traced, certified));

/** The section: its text and its two tables as rows of cell texts. */
async function section(user: AuthedUser, query = ON, extra: Record<string, string> = {}) {
  const res = await page(user, `/admin/statistics?${query}`, extra);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const html = /<section[^>]*id="truy-xuat-lo"[^>]*>([\s\S]*?)<\/section>/.exec(res.body)?.[1];
  expect(html, 'the traceability section').toBeDefined();
  const tables = [...html!.matchAll(/<table[\s\S]*?<\/table>/g)].map((m) => [...m[0].matchAll(/<tr[\s\S]*?<\/tr>/g)]
    .map((r) => [...r[0].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => textOf(c[1]!.replace(/</g, ' <')))));
  return { body: res.body, text: textOf(html!.replace(/</g, ' <')), byProvince: tables[0]!, byStars: tables[1]! };
}

/** A page row: the label, traced, certified, share, then each star's share over "traced/certified" ("—" without any). */
const provinceRow = (label: string, c: [number, number], stars: ([number, number] | null)[]) => [
  label, String(c[0]), String(c[1]), pct(c[0], c[1]), ...stars.map((s) => (s ? `${pct(s[0], s[1])} ${s[0]}/${s[1]}` : '—')),
];
const starRow = (label: string, c: [number, number]) => [label, String(c[0]), String(c[1]), pct(c[0], c[1])];

describe('the statistics page\'s "Truy xuất nguồn gốc theo lô"', () => {
  it('national: by province (highest share first) and star, the country\'s total; exact counts and shares', async () => {
    const s = await section(admin);
    expect(s.byProvince[0]).toEqual(['Tỉnh, thành phố', 'Có truy xuất theo lô', 'Sản phẩm còn hiệu lực', 'Tỷ lệ', 'Tỷ lệ 3 sao', 'Tỷ lệ 4 sao', 'Tỷ lệ 5 sao']);
    expect(s.byProvince.slice(1)).toEqual([
      provinceRow('Tỉnh Tuyên Quang', [2, 3], [[1, 1], [0, 1], [1, 1]]),
      provinceRow('Tỉnh Thanh Hóa', [3, 6], [[2, 3], [1, 2], [0, 1]]),
      provinceRow('Toàn quốc', [5, 9], [[3, 4], [1, 3], [1, 2]]),
    ]);
    expect(s.byStars.slice(1)).toEqual([
      starRow('3 sao', [3, 4]), starRow('4 sao', [1, 3]), starRow('5 sao', [1, 2]), starRow('Toàn quốc', [5, 9]),
    ]);
    expect(pct(5, 9)).toBe('55,6%');
    expect(pct(2, 3)).toBe('66,7%');
    expect(pct(0, 1)).toBe('0,0%');
    expect(s.text).toContain('Tỷ lệ có truy xuất theo lô 55,6% 5 / 9 sản phẩm');
    expect(s.text).toContain('Sản phẩm OCOP còn hiệu lực tại ngày 30/06/2026 có ghi nhận lô sản xuất kèm sự kiện truy xuất.');
    // The definition, as the decision record states it.
    expect(s.text).toContain('có ít nhất một lô sản xuất được ghi nhận trên nền tảng đến hết ngày số liệu và lô đó có ít nhất một sự kiện truy xuất');
    expect(s.text).toContain('Có 1 sản phẩm chỉ có lô MẪU (dữ liệu trình diễn) được tính là có truy xuất.');
    // Before the report's own figures' neighbours: right after the report, before the period's indicators.
    expect(s.body.indexOf('id="truy-xuat-lo"')).toBeLessThan(s.body.indexOf('id="ket-noi-cung-cau"'));
  });

  it('the service equals a count over the rows themselves, and a later day counts what was recorded since', async () => {
    const area = await resolveReportArea(admin.ctx, null);
    const on30 = await traceFigures(admin.ctx, area, '2026-06-30');
    expect(on30.total).toMatchObject({ traced: 5, certified: 9, share: 55.6 });
    expect(on30.sample).toBe(1);
    // 2 July: H's lot (1 July) and K's event (1 July) count now.
    const on2 = await traceFigures(admin.ctx, area, '2026-07-02');
    expect(on2.total).toMatchObject({ traced: 7, certified: 9, share: 77.8 });
    expect(on2.total.byStars).toEqual({
      3: { traced: 4, certified: 4, share: 100 }, 4: { traced: 2, certified: 3, share: 66.7 }, 5: { traced: 1, certified: 2, share: 50 },
    });
    // Before any lot: every product certified, none traced.
    const early = await traceFigures(admin.ctx, area, '2026-01-31');
    expect(early.total).toMatchObject({ traced: 0, share: 0 });
    expect(early.total.certified).toBeGreaterThan(0);
  });

  it('a day with nothing certified says so', async () => {
    const s = await section(admin, 'asOf=2020-01-01&from=2020-01-01&to=2020-01-01');
    expect(s.text).toContain('Không có sản phẩm OCOP nào còn hiệu lực tại ngày này.');
    expect(s.text).toContain('Tỷ lệ có truy xuất theo lô — 0 / 0 sản phẩm');
  });

  it('a province officer sees their province only; another province is refused', async () => {
    const s = await section(thanhHoa);
    expect(s.byProvince.slice(1)).toEqual([
      provinceRow('Tỉnh Thanh Hóa', [3, 6], [[2, 3], [1, 2], [0, 1]]),
      provinceRow('Tổng cộng', [3, 6], [[2, 3], [1, 2], [0, 1]]),
    ]);
    expect(s.byStars.slice(1)).toEqual([starRow('3 sao', [2, 3]), starRow('4 sao', [1, 2]), starRow('5 sao', [0, 1]), starRow('Tổng cộng', [3, 6])]);
    expect(s.text).not.toContain('Tuyên Quang');
    expect(s.text).not.toContain('MẪU');
    expect((await page(thanhHoa, `/admin/statistics?area=08&${ON}`)).statusCode).toBe(403);
    expect((await page(thanhHoa, `/admin/statistics/export.xlsx?area=08&${ON}`)).statusCode).toBe(403);
  });

  it('a commune officer sees their commune\'s products; a star without any shows a dash', async () => {
    const s = await section(meoVac);
    expect(s.byProvince.slice(1)).toEqual([
      provinceRow('Tỉnh Tuyên Quang', [1, 2], [[1, 1], [0, 1], null]),
      provinceRow('Tổng cộng', [1, 2], [[1, 1], [0, 1], null]),
    ]);
    expect(s.byStars.slice(1)).toContainEqual(['5 sao', '0', '0', '—']);
  });

  it('in English, with the house\'s number formatting', async () => {
    const s = await section(admin, `${ON}&lang=en`, { 'accept-language': 'en' });
    expect(s.text).toContain('Share with lot traceability 55.6% 5 / 9 products');
    expect(s.byProvince.at(-1)).toEqual(['Whole country', '5', '9', '55.6%', '75.0% 3/4', '33.3% 1/3', '50.0% 1/2']);
  });

  it('producers and visitors cannot reach it', async () => {
    expect((await page(producer, `/admin/statistics?${ON}`)).statusCode).toBe(403);
    const anonymous = await t.app.inject({ url: `/admin/statistics?${ON}`, headers: { accept: 'text/html' } });
    expect(anonymous.statusCode).toBe(303);
  });
});

describe('the files', () => {
  const values = (ws: ExcelJS.Worksheet, r: number) => (ws.getRow(r).values as unknown[]).slice(1);

  it('the XLSX has the two sheets after the report\'s own, shares as numbers with one decimal, and the summary lines', async () => {
    const res = await page(admin, `/admin/statistics/export.xlsx?${ON}`);
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names = book.worksheets.map((w) => w.name);
    expect(names.slice(names.indexOf('Quy trình đánh giá') + 1, names.indexOf('Quy trình đánh giá') + 3)).toEqual(['Truy xuất theo lô - tỉnh', 'Truy xuất theo lô - hạng sao']);
    expect(names.at(-1)).toBe(PRODUCT_SHEET);
    const provinces = book.getWorksheet('Truy xuất theo lô - tỉnh')!;
    expect(values(provinces, 1)).toEqual(['Tỉnh, thành phố', 'Có truy xuất theo lô', 'Sản phẩm còn hiệu lực', 'Tỷ lệ (%)', 'Tỷ lệ 3 sao (%)', 'Tỷ lệ 4 sao (%)', 'Tỷ lệ 5 sao (%)']);
    expect(values(provinces, 2)).toEqual(['Tỉnh Tuyên Quang', 2, 3, 66.7, 100, 0, 100]);
    expect(values(provinces, 3)).toEqual(['Tỉnh Thanh Hóa', 3, 6, 50, 66.7, 50, 0]);
    expect(values(provinces, 4)).toEqual(['Toàn quốc', 5, 9, 55.6, 75, 33.3, 50]);
    expect(provinces.getCell('D2').numFmt).toBe('0.0');
    const stars = book.getWorksheet('Truy xuất theo lô - hạng sao')!;
    expect([2, 3, 4, 5].map((r) => values(stars, r))).toEqual([['3 sao', 3, 4, 75], ['4 sao', 1, 3, 33.3], ['5 sao', 1, 2, 50], ['Toàn quốc', 5, 9, 55.6]]);
    expect(String(values(stars, 7)[0])).toContain('Tỷ lệ = có truy xuất / còn hiệu lực, làm tròn đến một chữ số thập phân.');
    expect(String(values(stars, 7)[0])).toContain('Có 1 sản phẩm chỉ có lô MẪU');
    const summary = book.getWorksheet('Tổng hợp')!.getSheetValues().map((r) => (Array.isArray(r) ? r.slice(1) : []));
    expect(summary).toContainEqual(['Sản phẩm OCOP có truy xuất theo lô', 5]);
    expect(summary).toContainEqual(['Tỷ lệ có truy xuất theo lô (%)', 55.6]);
  });

  it('a commune\'s XLSX writes a dash for a star without products', async () => {
    const res = await page(meoVac, `/admin/statistics/export.xlsx?${ON}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(values(book.getWorksheet('Truy xuất theo lô - tỉnh')!, 2)).toEqual(['Tỉnh Tuyên Quang', 1, 2, 50, 100, 0, '—']);
  });

  it('the PDF prints the same tables, shares with one decimal and the sign', async () => {
    const pdf = await page(thanhHoa, `/admin/statistics/export.pdf?${ON}`);
    expect([pdf.statusCode, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
    const dir = mkdtempSync(join(tmpdir(), 'trace-pdf-'));
    try {
      writeFileSync(join(dir, 'r.pdf'), pdf.rawPayload);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('Truy xuất theo lô theo tỉnh, thành phố tại ngày 30/06/2026');
      expect(text).toContain('Truy xuất theo lô theo hạng sao tại ngày 30/06/2026');
      expect(text).toMatch(/Tỉnh Thanh Hóa\s+3\s+6\s+50,0%\s+66,7%\s+50,0%\s+0,0%/);
      expect(text).toMatch(/Tổng cộng\s+3\s+6\s+50,0%\s+66,7%\s+50,0%\s+0,0%/);
      expect(text).toMatch(/3 sao\s+2\s+3\s+66,7%/);
      expect(text.replace(/\s+/g, ' ')).toContain('Tỷ lệ = có truy xuất / còn hiệu lực, làm tròn đến một chữ số thập phân.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the dashboard', () => {
  it('shows today\'s share in the area, by star, linked to the report\'s tables', async () => {
    // Today (2 July): H's lot and K's event count; Thanh Hóa 4 of 6.
    const own = await page(thanhHoa, '/admin');
    const text = textOf(own.body.replace(/</g, ' <'));
    expect(text).toContain('Truy xuất nguồn gốc theo lô');
    expect(text).toContain('Sản phẩm có truy xuất theo lô 66,7% 4 / 6 sản phẩm');
    expect(text).toContain('Sản phẩm 3 sao 100,0% 3 / 3 sản phẩm');
    expect(text).toContain('Sản phẩm 5 sao 0,0% 0 / 1 sản phẩm');
    expect(own.body).toContain('href="/admin/statistics?area=38&amp;asOf=2026-07-02#truy-xuat-lo"');
    const national = textOf((await page(admin, '/admin')).body.replace(/</g, ' <'));
    expect(national).toContain('Sản phẩm có truy xuất theo lô 77,8% 7 / 9 sản phẩm');
    expect(national).toContain('Có 1 sản phẩm chỉ có lô MẪU (dữ liệu trình diễn) được tính là có truy xuất.');
    expect(textOf((await page(producer, '/admin')).body)).not.toContain('Truy xuất nguồn gốc theo lô');
  });
});
