/**
 * Foundation "done when" 3 and 4: a province officer imports through the import page. An empty
 * submission and a file with errors are explained (each bad row and column listed, nothing
 * written); then good files (CSV with Vietnamese headers, and XLSX) are imported and their records
 * appear in the lists. Files are made in memory and given to the file input. axe-core checks
 * every page on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  expectAccessible, expectVisibleRefusal, hasChromium, launchChromium, openPageAs, screenshots, serveTestApp, type ServedApp,
} from '../helpers/e2e';
import { createTestUser } from '../helpers/users';
import { AREAS } from '../helpers/builders';
import { xlsxOf } from '../imports/fixtures/encode';
import { makeTaxCode } from '../../src/domain/tax-code';
import { makeGtin13 } from '../../src/domain/gtin';

const TAX = { cheXanh: makeTaxCode(38_100_001), nemChua: makeTaxCode(38_100_002), hanoi: makeTaxCode(1_100_003), detThoCam: makeTaxCode(38_100_004) };
const badChecksum = (code: string) => code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** CSV as Excel's "CSV UTF-8" writes it: a BOM, CRLF line ends, quoted cells where needed. */
function csv(rows: string[][]): Buffer {
  const cell = (v: string) => (/[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`, 'utf8');
}

/** Vietnamese headers, as a provincial office's own spreadsheet would have them. */
const PRODUCER_HEADER = ['STT', 'Tên chủ thể', 'Loại hình', 'Mã số thuế', 'Mã xã', 'Địa chỉ', 'Người đại diện', 'Điện thoại', 'Năm thành lập'];

const BAD_PRODUCERS = csv([
  PRODUCER_HEADER,
  ['1', 'Hợp tác xã Chè xanh Hàm Rồng', 'hợp tác xã', TAX.cheXanh, AREAS.hamRong, 'Thôn 3', 'Lê Thị Lan', '0912345678', '2018'],
  ['2', '', 'hợp tác xã', badChecksum(TAX.nemChua), AREAS.hacThanh, '', '', '', ''],
  ['3', 'Hộ kinh doanh Bánh gai Tứ Trụ', 'hộ kinh doanh', '', '99999', '', '', '', '1700'],
  ['4', 'Công ty Nước mắm Hoàn Kiếm', 'doanh nghiệp', TAX.hanoi, AREAS.hoanKiem, '', '', '', ''],
  ['5', 'Tổ hợp tác Dệt thổ cẩm', 'tổ hợp tác', TAX.cheXanh, AREAS.hacThanh, '', '', 'không-có-số', ''],
]);

const GOOD_PRODUCERS = csv([
  PRODUCER_HEADER,
  ['1', 'Hợp tác xã Chè xanh Hàm Rồng', 'hợp tác xã', TAX.cheXanh, AREAS.hamRong, 'Thôn 3', 'Lê Thị Lan', '0912345678', '2018'],
  ['2', 'Công ty Nem chua Hạc Thành', 'doanh nghiệp', TAX.nemChua, AREAS.hacThanh, '12 Lê Lợi', 'Trịnh Văn Nam', '', '2009'],
  ['3', 'Hộ kinh doanh Bánh gai Tứ Trụ', 'hộ kinh doanh', '', AREAS.hacThanh, '', 'Đỗ Thị Mai', '', ''],
  ['4', 'Tổ hợp tác Dệt thổ cẩm', 'tổ hợp tác', TAX.detThoCam, AREAS.hamRong, '', '', '', ''],
]);

const PRODUCT_NAMES = ['Chè xanh Hàm Rồng túi lọc', 'Nem chua Hạc Thành', 'Bánh gai Tứ Trụ'];
const goodProducts = () => xlsxOf([
  ['producer_tax_code [Mã số thuế chủ thể]', 'producer_name [Chủ thể]', 'commune_code [Mã xã]', 'product_name [Tên sản phẩm]', 'product_set [Bộ sản phẩm]', 'description [Mô tả]', 'gtin [Mã vạch]'],
  [TAX.cheXanh, '', '', PRODUCT_NAMES[0]!, '5', 'Chè búp sấy khô, hộp 20 túi', makeGtin13('893', 381_001)],
  [TAX.nemChua, '', '', PRODUCT_NAMES[1]!, '2', '', ''],
  ['', 'Hộ kinh doanh Bánh gai Tứ Trụ', AREAS.hacThanh, PRODUCT_NAMES[2]!, '4', 'Bánh gai nhân đậu xanh', ''],
]);

describe.skipIf(!hasChromium())('importing through the import page', () => {
  let s: ServedApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp(), launchChromium()]);
    const officer = await createTestUser(s.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, displayName: 'Lê Thị Hoa' });
    ({ context, page, errors } = await openPageAs(browser, s, officer));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await s?.close();
  });

  /** Chooses the kind and file on the import page and submits; returns the response status. */
  async function importFile(kind: string, file: { name: string; mimeType: string; buffer: Buffer }): Promise<number> {
    await page.goto('/admin/imports');
    await page.getByLabel('Loại dữ liệu').selectOption({ label: kind });
    await page.getByLabel('Tệp dữ liệu').setInputFiles(file);
    // The file-size enhancement shows what was chosen.
    expect(await page.locator('#field-file-status').innerText()).toContain(file.name);
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/admin/imports')),
      page.getByRole('button', { name: 'Kiểm tra và nhập' }).click(),
    ]);
    await page.waitForLoadState();
    return res.status();
  }

  /** The job page's error table as [row, field, message] triples. */
  async function errorRows(): Promise<string[][]> {
    const table = page.getByRole('table', { name: 'Danh sách lỗi' });
    const rows = table.locator('tbody tr');
    const out: string[][] = [];
    for (let i = 0; i < await rows.count(); i++) {
      out.push((await rows.nth(i).locator('td').allInnerTexts()).map((c) => c.trim()));
    }
    return out;
  }

  const mainText = () => page.locator('main').innerText();

  it('an empty submission names the missing kind and file', async () => {
    await page.goto('/admin/imports');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Nhập dữ liệu');
    await expectAccessible(page, 'import page');
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Kiểm tra và nhập' }).click(),
    ]);
    expect(res.status()).toBe(400);
    await page.waitForLoadState();
    await expectVisibleRefusal(page, res);
    await page.waitForLoadState();
    const summary = page.locator('.error-summary');
    expect(await summary.getByRole('heading').innerText()).toBe('Có lỗi cần sửa');
    expect(await summary.getByRole('link').allInnerTexts()).toEqual(['Vui lòng chọn loại dữ liệu.', 'Vui lòng chọn tệp cần nhập.']);
    expect(await page.locator('#field-kind-error').innerText()).toContain('Vui lòng chọn loại dữ liệu.');
    expect(await page.locator('#field-file-error').innerText()).toContain('Vui lòng chọn tệp cần nhập.');
    expect(await page.locator('#field-kind').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'import page with errors');
    await screenshots(page, 'import-form-errors');
  });

  it('a file with errors lists every bad row and column and imports nothing', async () => {
    const status = await importFile('Chủ thể OCOP', { name: 'chu-the-loi.csv', mimeType: 'text/csv', buffer: BAD_PRODUCERS });
    expect(status).toBe(303);
    expect(page.url()).toMatch(/\/admin\/imports\/[0-9a-f-]{36}$/);
    const text = await mainText();
    expect(text).toContain('Chủ thể OCOP · chu-the-loi.csv');
    expect(text).toContain('Có lỗi');
    const rows = await errorRows();
    // Spreadsheet row numbers (the header is row 1), the column, and the reason in Vietnamese.
    expect(rows).toEqual(expect.arrayContaining([
      // The column as the file's Vietnamese header names it, then its key.
      ['3', 'Tên chủ thể name', 'thiếu giá trị bắt buộc'],
      ['3', 'Mã số thuế tax_code', 'mã số thuế sai chữ số kiểm tra'],
      ['4', 'Mã xã commune_code', 'không có xã mã "99999"'],
      ['4', 'Năm thành lập founded_year', 'năm không hợp lệ (1900 – năm nay)'],
      ['5', 'Mã xã commune_code', 'ngoài phạm vi quản lý của bạn'],
      ['6', 'Mã số thuế tax_code', 'trùng với dòng 2'],
      ['6', 'Điện thoại phone', 'số điện thoại không hợp lệ'],
    ]));
    expect(rows).toHaveLength(7);
    expect(rows.some((r) => r[0] === '2')).toBe(false); // the good row has no error …
    expect(text).toContain(`Tệp có ${rows.length} lỗi; không dòng nào được nhập.`);
    await expectAccessible(page, 'import result with errors');
    await screenshots(page, 'import-errors');

    // … and still was not imported: all or nothing.
    await page.goto('/admin/producers');
    expect(await mainText()).toContain('0 kết quả');
    expect(await mainText()).not.toContain('Hợp tác xã Chè xanh Hàm Rồng');
    // The failed job is in the recent imports.
    await page.goto('/admin/imports');
    const recent = page.getByRole('table', { name: 'Các lần nhập gần đây' });
    expect(await recent.locator('tbody tr').first().innerText()).toMatch(/chu-the-loi\.csv[\s\S]*5[\s\S]*Có lỗi/);
    await expectAccessible(page, 'import page with a failed job');
    expect(errors).toEqual([]);
  });

  it('good files are imported and their records appear in the lists', async () => {
    expect(await importFile('Chủ thể OCOP', { name: 'chu-the.csv', mimeType: 'text/csv', buffer: GOOD_PRODUCERS })).toBe(303);
    let text = await mainText();
    expect(text).toContain('Thành công');
    expect(text).toContain('Đã nhập thành công 4 dòng.');
    expect(await page.locator('.stat-grid').innerText()).toMatch(/Số dòng\s*4[\s\S]*Tạo mới\s*4[\s\S]*Cập nhật\s*0/);
    expect(await page.getByRole('table', { name: 'Danh sách lỗi' }).count()).toBe(0);
    await expectAccessible(page, 'import done');
    await screenshots(page, 'import-done');

    await page.goto('/admin/producers');
    expect(await mainText()).toContain('4 kết quả');
    const producers = await page.locator('table.data-table tbody tr td:first-child a').allInnerTexts();
    expect(producers.sort()).toEqual([
      'Công ty Nem chua Hạc Thành', 'Hộ kinh doanh Bánh gai Tứ Trụ', 'Hợp tác xã Chè xanh Hàm Rồng', 'Tổ hợp tác Dệt thổ cẩm',
    ].sort());
    const cheXanh = page.locator('table.data-table tbody tr').filter({ hasText: 'Hợp tác xã Chè xanh Hàm Rồng' });
    expect(await cheXanh.innerText()).toContain(TAX.cheXanh);
    expect(await cheXanh.innerText()).toContain('Hàm Rồng');

    // Products from an Excel file, naming their producers by tax code or by name + commune.
    expect(await importFile('Sản phẩm', { name: 'san-pham.xlsx', mimeType: XLSX_TYPE, buffer: await goodProducts() })).toBe(303);
    text = await mainText();
    expect(text).toContain('Sản phẩm · san-pham.xlsx');
    expect(text).toContain('Đã nhập thành công 3 dòng.');

    await page.goto('/admin/products');
    expect(await mainText()).toContain('3 kết quả');
    const products = page.locator('table.data-table tbody tr');
    expect((await products.locator('td:first-child a').allInnerTexts()).sort()).toEqual([...PRODUCT_NAMES].sort());
    expect(await products.filter({ hasText: 'Nem chua Hạc Thành' }).innerText()).toContain('Công ty Nem chua Hạc Thành');
    await products.getByRole('link', { name: PRODUCT_NAMES[0]! }).click();
    await page.waitForURL(/\/admin\/products\/[0-9a-f-]{36}$/);
    expect(await mainText()).toContain(makeGtin13('893', 381_001));

    // Both jobs are listed as succeeded, newest first.
    await page.goto('/admin/imports');
    const recent = await page.getByRole('table', { name: 'Các lần nhập gần đây' }).locator('tbody tr').allInnerTexts();
    expect(recent).toHaveLength(3);
    expect(recent[0]).toMatch(/san-pham\.xlsx[\s\S]*Thành công/);
    expect(recent[1]).toMatch(/chu-the\.csv[\s\S]*Thành công/);
    expect(recent[2]).toMatch(/chu-the-loi\.csv[\s\S]*Có lỗi/);
    expect(errors).toEqual([]);
  });
});
