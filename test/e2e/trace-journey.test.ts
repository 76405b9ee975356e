/**
 * Lot traceability in Chromium (issue 17, "Done when"): a tea cooperative, on its phone, registers
 * its raw-material area, records a fresh-leaf lot with its input from that area and its harvest,
 * processes 400 kg of it into two packed lots, adds a lab report (with its PDF) to one packed lot
 * and records its dispatch to a point of sale — every step through the back-office pages. A
 * shopper scans the packed lot's label on a phone (the QR of the printed sheet, decoded: the GS1
 * Digital Link /01/<GTIN>/10/<lot>, sent on to /truy-xuat/<code>) and sees the journey back to the
 * leaves: the area, the harvest, the processing, the lab result. The province officer recalls the
 * leaf lot from its lot page; the trace pages of both packed lots, held in the page cache until
 * then, show the recall in red at the top on the very next request. No console error, CSP
 * violation, failed request or silent refusal anywhere (test/setup/e2e-guards.ts). With
 * SCREENSHOTS=1: docs/screenshots/trace/journey-*.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { todayInVietnam } from '../../src/domain/dates';
import { makeGtin13 } from '../../src/domain/gtin';
import { formatTraceCode } from '../../src/domain/trace';
import { mayStorePages, portalRuntime } from '../../src/modules/portal/catalogue.snapshot';
import { pageKey } from '../../src/modules/portal/portal-http';
import { layoutLabelSheet, qrBox } from '../../src/modules/trace/trace-labels';
import { asUser, type AuthedUser } from '../helpers/app';
import { AREAS, buildProducer, buildProduct } from '../helpers/builders';
import {
  clickAndWait, expectAccessible, hasChromium, launchChromium, openPageAs, openPublicPage, PHONE, screenshots, serveTestApp, type ServedApp,
} from '../helpers/e2e';
import { certifyProducts } from '../helpers/stamps-fixtures';

const NOW = new Date('2026-07-10T03:00:00Z'); // 10:00 on 10 July in Vietnam
/** The address printed in the QR codes: not where the test's server listens (the shopper's phone follows the path). */
const BASE = 'https://ocop.example.vn';
const GTIN = makeGtin13('893', 617_170_207);
const COOP = 'Hợp tác xã Chè Hàm Rồng';
const LEAF = 'Chè búp tươi Hàm Rồng';
const PACKED = 'Chè Shan tuyết Hàm Rồng hộp 200 g';
const AREA = 'Đồi chè Shan tuyết xóm Đông';
const LAB = 'Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 3';
const SHOP = 'Điểm bán OCOP Hạc Thành';
const phone = { viewport: PHONE, isMobile: true, hasTouch: true };

/** A one-page PDF (the lab's report as the cooperative scanned it), built here with its cross-reference table. */
function reportPdf(lines: string[]): Buffer {
  const text = lines.map((l, i) => `BT /F1 12 Tf 72 ${770 - i * 18} Td (${l}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
const REPORT = reportPdf(['Phieu ket qua thu nghiem KT3-2026-0457', 'Che Shan tuyet Ham Rong hop 200 g, lo CHE-2607-A', 'Do am 4,8 %  Chi (Pb) 0,9 mg/kg  DAT']);

const hasPdftoppm = () => existsSync('/usr/bin/pdftoppm');
const dir = mkdtempSync(join(tmpdir(), 'trace-journey-'));

/** The text of the first label's QR code on page 1 of a label sheet (rendered at 200 dpi, as test/http/trace-labels.test.ts). */
async function firstQr(pdf: Buffer): Promise<string | null> {
  writeFileSync(join(dir, 'nhan.pdf'), pdf);
  const dpi = 200;
  const px = (pt: number) => Math.round((pt * dpi) / 72);
  const q = qrBox(layoutLabelSheet(1)[0]!.cells[0]!);
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile',
    '-x', String(px(q.x - 4)), '-y', String(px(q.y - 4)), '-W', String(px(q.size + 8)), '-H', String(px(q.size + 8)), join(dir, 'nhan.pdf'), join(dir, 'qr')]);
  const { data, info } = await sharp(readFileSync(join(dir, 'qr.png'))).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)?.data ?? null;
}

describe.skipIf(!hasChromium())('a lot of tea from the hill to the shelf, scanned and recalled, in the browser', () => {
  let s: ServedApp;
  let browser: Browser;
  let coop: AuthedUser;
  let officer: AuthedUser;
  let shopper: Page;
  const lots = { leaf: '', a: '', b: '' };
  const codes = { a: '', b: '' };

  beforeAll(async () => {
    [s, browser] = await Promise.all([
      serveTestApp({ clock: () => NOW, env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1', PUBLIC_BASE_URL: BASE } }),
      launchChromium(),
    ]);
    const producer = await buildProducer(s.ctx, { communeCode: AREAS.hamRong, name: COOP });
    const packed = await buildProduct(s.ctx, { producerId: producer.id, name: PACKED, gtin: GTIN });
    await buildProduct(s.ctx, { producerId: producer.id, name: LEAF });
    officer = await asUser(s.app, s.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, displayName: 'Cán bộ Sở Nông nghiệp Thanh Hóa' });
    await certifyProducts(s, officer, [{ mean: 78, productId: packed.id, producerId: producer.id }]);
    coop = await asUser(s.app, s.deps, { role: 'producer', producerId: producer.id, displayName: COOP });
  }, 120_000);
  afterAll(async () => { await browser?.close(); await s?.close(); });

  const shot = (page: Page, name: string) => screenshots(page, `trace/journey-${name}`);
  const visible = (page: Page, text: string | RegExp) => expect(page.getByText(text).first().isVisible(), String(text)).resolves.toBe(true);
  const fitsPhone = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  const idOf = (page: Page) => /\/admin\/truy-xuat\/lo\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const record = (page: Page, name: string) => clickAndWait(page, page.getByRole('main').getByRole('link', { name, exact: true }));

  it('the cooperative registers its tea hill, records a fresh-leaf lot from it and the harvest', async () => {
    const { page } = await openPageAs(browser, s, coop, phone);
    await page.goto('/admin/truy-xuat/vung-nguyen-lieu');
    await page.getByLabel('Tên vùng').fill(AREA);
    await page.getByLabel('Cây trồng, vật nuôi').fill('Chè Shan tuyết');
    await page.getByLabel('Xã/phường', { exact: true }).selectOption(AREAS.hamRong);
    await page.getByLabel(/^Diện tích \(ha\)/).fill('12,5');
    await page.getByLabel(/^Chứng nhận/).fill('VietGAP VG-38-0112');
    await clickAndWait(page, page.getByRole('button', { name: 'Thêm vùng' }));
    await visible(page, 'Đã thêm vùng nguyên liệu.');
    await expect(page.getByRole('table').getByText(AREA).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'raw-material areas');
    await fitsPhone(page);
    await shot(page, '1-area');

    await page.goto('/admin/truy-xuat/lo/moi');
    await page.getByLabel('Sản phẩm').selectOption({ label: LEAF });
    await page.getByLabel('Số lô').fill('LA-2607');
    await page.getByLabel('Ngày sản xuất').fill('2026-07-03');
    await page.getByLabel('Số lượng').fill('500');
    await page.getByLabel('Đơn vị tính').selectOption('kg');
    await page.getByLabel('Cơ sở sản xuất').fill('Tổ thu hái số 3, xóm Đông');
    await page.getByLabel('Xã/phường nơi sản xuất').selectOption(AREAS.hamRong);
    await clickAndWait(page, page.getByRole('button', { name: 'Ghi nhận lô' }));
    await visible(page, 'Đã ghi nhận lô và cấp mã truy xuất.');
    lots.leaf = idOf(page);

    await record(page, 'Thêm nguyên liệu đầu vào');
    await page.getByLabel('Nguyên liệu', { exact: true }).fill('Búp chè tươi một tôm hai lá');
    await page.getByLabel('Nguồn cung cấp').selectOption({ label: 'Vùng nguyên liệu' });
    const area = page.getByLabel('Vùng nguyên liệu', { exact: true });
    await area.selectOption((await area.locator('option', { hasText: AREA }).getAttribute('value'))!);
    await page.getByLabel(/^Số lượng/).fill('500');
    await page.getByLabel(/^Ngày nhận/).fill('2026-07-03');
    await expectAccessible(page, 'input form');
    await fitsPhone(page);
    await shot(page, '2-input');
    await clickAndWait(page, page.getByRole('button', { name: 'Thêm nguyên liệu' }));
    await visible(page, 'Đã thêm nguyên liệu đầu vào.');

    await record(page, 'Thêm sự kiện');
    await page.getByLabel('Loại sự kiện').selectOption({ label: 'Thu hoạch' });
    await page.getByLabel('Thời điểm', { exact: true }).fill('2026-07-03T06:30');
    await page.getByLabel('Người hoặc đơn vị thực hiện').fill('Tổ thu hái số 3');
    await clickAndWait(page, page.getByRole('button', { name: 'Ghi nhận sự kiện' }));
    await visible(page, 'Đã ghi nhận sự kiện.');
    const inputs = page.locator('section[aria-labelledby="inputs-h"]');
    await expect(inputs.getByText(AREA).isVisible()).resolves.toBe(true);
    await expect(page.locator('section[aria-labelledby="journey-h"]').getByRole('heading', { name: 'Thu hoạch' }).isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it('processes 400 kg of leaves into two packed lots', async () => {
    const { page } = await openPageAs(browser, s, coop, phone);
    await page.goto(`/admin/truy-xuat/lo/${lots.leaf}`);
    await record(page, 'Chế biến thành lô mới');
    await page.getByLabel('Thời điểm chế biến').fill('2026-07-05T08:00');
    await page.getByLabel('Xã/phường nơi diễn ra').selectOption(AREAS.hacThanh);
    await page.getByLabel(/^Cơ sở sản xuất/).fill('Xưởng chế biến chè HTX, phường Hạc Thành');
    await page.getByLabel('Người hoặc đơn vị thực hiện').fill('Tổ chế biến HTX');
    await page.getByLabel('Lượng lấy từ lô LA-2607').fill('400');
    for (const [n, lot, quantity] of [[1, 'CHE-2607-A', '200'], [2, 'CHE-2607-B', '150']] as const) {
      const row = page.getByRole('group', { name: `Lô đầu ra ${n}`, exact: true });
      await row.getByLabel('Sản phẩm').selectOption({ label: PACKED });
      await row.getByLabel('Số lô').fill(lot);
      await row.getByLabel('Ngày sản xuất').fill('2026-07-05');
      await row.getByLabel(/^Hạn sử dụng/).fill('2027-07-05');
      await row.getByLabel('Số lượng').fill(quantity);
      await row.getByLabel('Đơn vị tính').selectOption({ label: 'hộp' });
    }
    await expectAccessible(page, 'transformation form');
    await fitsPhone(page);
    await shot(page, '3-transform');
    await clickAndWait(page, page.getByRole('button', { name: 'Ghi nhận chế biến' }));
    await visible(page, 'Đã ghi nhận chế biến và tạo các lô mới.');
    expect(idOf(page)).toBe(lots.leaf);
    await visible(page, '100 kg'); // what is left of the leaves
    for (const [key, lot] of [['b', 'CHE-2607-B'], ['a', 'CHE-2607-A']] as const) {
      await clickAndWait(page, page.getByRole('main').getByRole('link', { name: lot, exact: true }).first());
      lots[key] = idOf(page);
      codes[key] = (await page.getByRole('link', { name: /^\/truy-xuat\// }).getAttribute('href'))!.split('/').pop()!;
      await expect(page.getByText(`/01/${GTIN}/10/${lot}`).isVisible()).resolves.toBe(true);
      if (key === 'b') await page.goBack();
    }
    await page.context().close();
  });

  it('adds the lab report to a packed lot and records its dispatch to a point of sale', async () => {
    const { page } = await openPageAs(browser, s, coop, phone);
    await page.goto(`/admin/truy-xuat/lo/${lots.a}`);
    await record(page, 'Thêm kết quả kiểm nghiệm');
    await page.getByLabel('Phòng kiểm nghiệm').fill(LAB);
    await page.getByLabel(/^Số phiếu kết quả/).fill('KT3-2026-0457');
    await page.getByLabel('Ngày kiểm nghiệm').fill('2026-07-06');
    for (const [n, name, result, limit] of [[1, 'Độ ẩm', '4,8 %', '≤ 7,5 %'], [2, 'Chì (Pb)', '0,9 mg/kg', '≤ 2 mg/kg']] as const) {
      const row = page.getByRole('group', { name: `Chỉ tiêu ${n}`, exact: true });
      await row.getByLabel('Tên chỉ tiêu').fill(name);
      await row.getByLabel('Kết quả').fill(result);
      await row.getByLabel(/^Giới hạn cho phép/).fill(limit);
      await row.getByLabel('Đánh giá').selectOption({ label: 'Đạt' });
    }
    await page.getByLabel(/^Phiếu kết quả \(PDF/).setInputFiles({ name: 'KT3-2026-0457.pdf', mimeType: 'application/pdf', buffer: REPORT });
    await expectAccessible(page, 'lab form');
    await fitsPhone(page);
    await shot(page, '4-lab');
    await clickAndWait(page, page.getByRole('button', { name: 'Thêm kết quả' }));
    await visible(page, 'Đã thêm kết quả kiểm nghiệm.');
    await visible(page, 'Phiếu kết quả: KT3-2026-0457.pdf');

    await record(page, 'Thêm sự kiện');
    await page.getByLabel('Loại sự kiện').selectOption({ label: 'Xuất hàng' });
    await page.getByLabel('Thời điểm', { exact: true }).fill('2026-07-08T14:00');
    await page.getByLabel('Xã/phường nơi diễn ra').selectOption(AREAS.hacThanh);
    await page.getByLabel(/^Bên nhận hoặc bên giao/).fill(SHOP);
    await expectAccessible(page, 'event form');
    await fitsPhone(page);
    await shot(page, '5-dispatch');
    await clickAndWait(page, page.getByRole('button', { name: 'Ghi nhận sự kiện' }));
    await visible(page, 'Đã ghi nhận sự kiện.');
    await visible(page, `Bên nhận/giao: ${SHOP}`);
    await expectAccessible(page, 'packed lot page');
    await shot(page, '6-packed-lot');
    await page.context().close();
  });

  it('a shopper scans the packed lot\'s label on a phone and follows it back to the leaves', async () => {
    // The label sheet, as the cooperative prints it from the lot page.
    const { page: coopPage } = await openPageAs(browser, s, coop);
    await coopPage.goto(`/admin/truy-xuat/lo/${lots.a}`);
    const sheet = await coopPage.context().request.get((await coopPage.getByRole('link', { name: 'In nhãn truy xuất (PDF)' }).getAttribute('href'))!);
    expect(sheet.status()).toBe(200);
    expect(sheet.headers()['content-type']).toBe('application/pdf');
    const link = `${BASE}/01/${GTIN}/10/CHE-2607-A`;
    // Without poppler's pdftoppm the QR is not read: the Digital Link the lot page shows (what the QR holds) stands in for it.
    const scanned = hasPdftoppm() ? await firstQr(await sheet.body()) : BASE + (await coopPage.getByRole('link', { name: /^\/01\// }).getAttribute('href'))!;
    expect(scanned).toBe(link);
    await coopPage.context().close();

    await settle(s);
    const opened = await openPublicPage(browser, s, phone);
    shopper = opened.page;
    await shopper.goto(new URL(scanned!).pathname);
    expect(new URL(shopper.url()).pathname).toBe(`/truy-xuat/${codes.a}`);
    await expect(shopper.getByRole('heading', { level: 1, name: PACKED }).isVisible()).resolves.toBe(true);
    await visible(shopper, COOP);
    await expect(shopper.locator('[data-status="valid"]').isVisible()).resolves.toBe(true);
    await visible(shopper, formatTraceCode(codes.a));
    await visible(shopper, '05/07/2027');
    // The journey, oldest first: the harvest of the leaf lot, the processing, the lab test, the dispatch.
    const journey = shopper.locator('ol.trace-tl > li');
    const kinds = (await journey.locator('p:first-child strong').allInnerTexts()).map((k) => k.trim());
    expect(kinds).toEqual(['Thu hoạch', 'Chế biến thành lô mới', 'Kiểm nghiệm chất lượng', 'Xuất hàng']);
    const harvest = journey.nth(0);
    await expect(harvest.innerText()).resolves.toContain(`Lô LA-2607 (${LEAF})`);
    await expect(harvest.innerText()).resolves.toContain('Tổ thu hái số 3');
    const processing = await journey.nth(1).innerText();
    expect(processing).toContain('400 kg');
    expect(processing).toMatch(/CHE-2607-A.*200 hộp/);
    expect(processing).toMatch(/CHE-2607-B.*150 hộp/);
    await expect(journey.nth(3).innerText()).resolves.toContain(`Người nhận: ${SHOP}`);
    // One step back and further: the leaf lot and the hill it was picked on.
    const upstream = shopper.locator('section[aria-labelledby="trace-upstream"]');
    const up = await upstream.innerText();
    expect(up).toContain(`Lô LA-2607 (${LEAF})`);
    expect(up).toContain('Búp chè tươi một tôm hai lá');
    expect(up).toContain(`${AREA} (Phường Hàm Rồng, Tỉnh Thanh Hóa)`);
    expect(up).toContain('Cây trồng, vật nuôi: Chè Shan tuyết, 12,5 ha, VietGAP VG-38-0112');
    const route = await shopper.locator('ol.trace-route').innerText();
    expect(route.indexOf('Phường Hàm Rồng')).toBeLessThan(route.indexOf('Phường Hạc Thành'));
    // The lab result, with the report as it was uploaded.
    const lab = shopper.locator('.trace-lab').first();
    const labText = await lab.innerText();
    expect(labText).toContain(LAB);
    expect(labText).toContain('Phiếu kết quả số KT3-2026-0457');
    expect(labText).toContain('Độ ẩm: 4,8 % (giới hạn ≤ 7,5 %) ✓ Đạt');
    expect(labText).toContain('Chì (Pb): 0,9 mg/kg (giới hạn ≤ 2 mg/kg) ✓ Đạt');
    const report = await shopper.context().request.get((await lab.getByRole('link', { name: 'Xem phiếu kết quả' }).getAttribute('href'))!);
    expect(report.status()).toBe(200);
    expect(Buffer.compare(await report.body(), REPORT)).toBe(0);
    await expect(shopper.getByRole('alert').count()).resolves.toBe(0);
    await expectAccessible(shopper, 'trace page of a packed lot');
    await fitsPhone(shopper);
    await shot(shopper, '7-scanned');
    // The other packed lot's page too (a second label), held like the first one.
    await shopper.goto(`/truy-xuat/${codes.b}`);
    await visible(shopper, 'CHE-2607-B');
    const held = portalRuntime(s.deps).pages;
    for (const code of [codes.a, codes.b]) expect(held.has(pageKey(todayInVietnam(NOW), 'vi', BASE, `/truy-xuat/${code}`)), code).toBe(true);
  });

  it('the province officer recalls the leaf lot from its lot page; both packed lots show it in red at the top on the next request', async () => {
    const { page } = await openPageAs(browser, s, officer);
    await page.goto('/admin/truy-xuat');
    await clickAndWait(page, page.getByRole('link', { name: 'LA-2607', exact: true }));
    expect(idOf(page)).toBe(lots.leaf);
    await record(page, 'Thu hồi lô');
    await visible(page, 'Lô này đã làm ra 2 lô khác: các lô đó, và mọi lô làm tiếp từ chúng, cũng hiện thông báo thu hồi.');
    await page.getByLabel('Lý do thu hồi').fill('Mẫu lưu của lô lá chè có dư lượng thuốc bảo vệ thực vật vượt giới hạn.');
    await page.getByLabel('Phạm vi thu hồi').fill('Lô lá chè LA-2607 và các lô chè hộp CHE-2607-A, CHE-2607-B làm từ lô này.');
    await page.getByLabel('Hướng dẫn cho người đang giữ sản phẩm').fill('Ngừng sử dụng, mang sản phẩm tới điểm bán để được hoàn tiền.');
    await page.getByLabel(`Tôi xác nhận thu hồi lô LA-2607 của sản phẩm ${LEAF}.`).check();
    await expectAccessible(page, 'recall form');
    await shot(page, '8-recall');
    let asked = '';
    page.once('dialog', (d) => { asked = d.message(); void d.accept(); });
    await clickAndWait(page, page.getByRole('button', { name: 'Thu hồi lô' }));
    expect(asked).toBe('Thu hồi lô LA-2607? Người mua thấy thông báo ngay.');
    await visible(page, 'Đã thu hồi lô. Trang truy xuất của lô và của mọi lô làm từ lô này hiển thị thông báo thu hồi.');
    await visible(page, 'Lô này đang bị thu hồi');
    await page.context().close();

    // The shopper's phone, right after: the held pages were dropped with the recall.
    const held = portalRuntime(s.deps).pages;
    for (const code of [codes.b, codes.a]) expect(held.has(pageKey(todayInVietnam(NOW), 'vi', BASE, `/truy-xuat/${code}`)), code).toBe(false);
    for (const [code, lot] of [[codes.b, 'CHE-2607-B'], [codes.a, 'CHE-2607-A']] as const) {
      if (code === codes.b) await shopper.reload();
      else await shopper.goto(`/truy-xuat/${code}`);
      const alert = shopper.getByRole('alert');
      await expect(alert.count()).resolves.toBe(1);
      const said = await alert.innerText();
      expect(said).toContain('SẢN PHẨM ĐANG BỊ THU HỒI');
      expect(said).toContain(`Lô này được làm từ lô nguyên liệu LA-2607 (${LEAF}) đang bị thu hồi.`);
      expect(said).toContain('Ngừng sử dụng, mang sản phẩm tới điểm bán để được hoàn tiền.');
      // At the top, above the product's name, and red.
      const [top, heading] = await Promise.all([alert.boundingBox(), shopper.getByRole('heading', { level: 1 }).boundingBox()]);
      expect(top!.y).toBeLessThan(heading!.y);
      const [r, g, b] = (await alert.evaluate((el) => getComputedStyle(el).borderTopColor)).match(/\d+/g)!.map(Number);
      expect(r!).toBeGreaterThan(150);
      expect(r! - Math.max(g!, b!)).toBeGreaterThan(80);
      await visible(shopper, lot);
      await expectAccessible(shopper, `recalled ${lot}`);
      await fitsPhone(shopper);
      await shot(shopper, `9-recalled-${lot.slice(-1).toLowerCase()}`);
    }
  });
});

/** Until the catalogue is in memory and no change is being applied, so pages are held (as test/http/trace-public.test.ts). */
async function settle(s: ServedApp) {
  const r = portalRuntime(s.deps);
  expect((await fetch(`${s.baseUrl}/api/v1/catalogue/figures`)).status).toBe(200);
  for (let i = 0; i < 100; i++) {
    const g = r.generation;
    await Promise.all([r.chain, new Promise((go) => setTimeout(go, 100))]);
    if (r.generation === g && mayStorePages(r)) return;
  }
  throw new Error('the portal runtime never settled');
}
