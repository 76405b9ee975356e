/**
 * Foundation "done when" 2 and 4: a province officer registers and then edits a producer and a
 * product through the back-office forms. Each form is first sent with invalid values: the error
 * summary and the inline Vietnamese messages appear, the entered values are kept, and nothing is
 * saved; after fixing them the saved record shows. axe-core checks every page on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import {
  expectAccessible, expectVisibleRefusal, hasChromium, launchChromium, openPageAs, screenshots, serveTestApp, trackPageErrors, type ServedApp,
} from '../helpers/e2e';
import { createTestUser } from '../helpers/users';
import { AREAS, buildProducer } from '../helpers/builders';
import { makeTaxCode } from '../../src/domain/tax-code';
import { makeGtin13 } from '../../src/domain/gtin';

const SUMMARY_TITLE = 'Có lỗi cần sửa';

/** A valid code with its check digit changed, so only the checksum is wrong. */
const breakLastDigit = (code: string) => code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);

/** The field whose label starts with `label` (labels also carry "(không bắt buộc)"). */
const field = (page: Page, label: string): Locator => page.getByLabel(label, { exact: false }).first();

/** The inline error shown above the control with id `field-<name>`, and that the control points to it. */
async function inlineError(page: Page, name: string): Promise<string> {
  const control = page.locator(`#field-${name}`);
  expect(await control.getAttribute('aria-invalid'), `${name} is marked invalid`).toBe('true');
  expect(await control.getAttribute('aria-describedby')).toContain(`field-${name}-error`);
  return (await page.locator(`#field-${name}-error`).innerText()).replace(/\s+/g, ' ').trim();
}

/** A message meant for a Vietnamese user: has Vietnamese letters, no English validator text. */
function expectVietnamese(message: string): void {
  expect(message).toMatch(/[À-ỹ]/);
  expect(message).not.toMatch(/\b(Too|expected|Invalid|required|must)\b/);
}

/** The error summary's items (each links to its field). */
async function summaryItems(page: Page): Promise<{ text: string; href: string | null }[]> {
  const summary = page.locator('.error-summary');
  expect(await summary.getByRole('heading').innerText()).toBe(SUMMARY_TITLE);
  const links = summary.getByRole('link');
  const out: { text: string; href: string | null }[] = [];
  for (let i = 0; i < await links.count(); i++) {
    out.push({ text: (await links.nth(i).innerText()).trim(), href: await links.nth(i).getAttribute('href') });
  }
  return out;
}

/** The record's description lists (term → detail) as one map. */
async function details(page: Page): Promise<Record<string, string>> {
  const pairs = await page.locator('main dl.description-list dt').evaluateAll((dts) =>
    dts.map((dt) => [dt.textContent?.trim() ?? '', dt.nextElementSibling?.textContent?.trim() ?? '']));
  return Object.fromEntries(pairs);
}

/** The main text of a list page opened in a second tab of the same session. */
async function listTextIn(context: BrowserContext, url: string): Promise<string> {
  const tab = await context.newPage();
  trackPageErrors(tab);
  try {
    await tab.goto(url);
    return await tab.locator('main').innerText();
  } finally {
    await tab.close();
  }
}

async function submit(page: Page, expectedStatus: number): Promise<void> {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'),
    page.getByRole('button', { name: 'Lưu' }).click(),
  ]);
  expect(res.status(), `POST ${res.url()}`).toBe(expectedStatus);
  await page.waitForLoadState();
  if (expectedStatus >= 400) await expectVisibleRefusal(page, res);
}

describe.skipIf(!hasChromium())('registering and editing through the back-office forms', () => {
  let s: ServedApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const good = { taxCode: makeTaxCode(28_012_345), branch: `${makeTaxCode(28_012_345)}-001`, gtin: makeGtin13('893', 45_678), gtin2: makeGtin13('893', 45_679) };
  let producerId = '';
  let productId = '';
  const listText = (url: string) => listTextIn(context, url);

  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp(), launchChromium()]);
    // An existing producer, so that a duplicate tax code can be tried.
    await buildProducer(s.ctx, { name: 'Hợp tác xã Đã Có', kind: 'cooperative', communeCode: AREAS.hacThanh, taxCode: makeTaxCode(28_000_001) });
    const officer = await createTestUser(s.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, displayName: 'Trần Văn Cán Bộ' });
    ({ context, page, errors } = await openPageAs(browser, s, officer));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await s?.close();
  });

  it('producer: invalid values are reported and kept; fixed, it is saved; then edited the same way', async () => {
    await page.goto('/admin/producers');
    await page.getByRole('link', { name: 'Đăng ký chủ thể' }).click();
    await page.waitForURL('**/admin/producers/new');
    await expectAccessible(page, 'producer form');

    // 1. Required fields missing (no name, no commune); the other fields hold bad values.
    await field(page, 'Loại hình').selectOption({ label: 'Hợp tác xã' });
    await field(page, 'Mã số thuế').fill(breakLastDigit(good.taxCode));
    await field(page, 'Địa chỉ').fill('Thôn Đông, phường Hàm Rồng');
    await field(page, 'Người đại diện').fill('Phạm Thị Hương');
    await field(page, 'Số điện thoại').fill('12345');
    await field(page, 'Thư điện tử').fill('htx@');
    await field(page, 'Năm thành lập').fill('2019');
    await page.getByLabel('Do phụ nữ làm chủ hoặc điều hành').check();
    await submit(page, 400);

    expect(new URL(page.url()).pathname).toBe('/admin/producers');
    expect(await summaryItems(page)).toEqual(expect.arrayContaining([
      { text: expect.stringMatching(/^Tên chủ thể: \S/), href: '#field-name' },
      { text: 'Xã/phường: Chọn xã/phường.', href: '#field-communeCode' },
    ]));
    expectVietnamese(await inlineError(page, 'name'));
    expect(await inlineError(page, 'communeCode')).toBe('Lỗi: Chọn xã/phường.');
    // What was typed is still there.
    expect(await field(page, 'Loại hình').inputValue()).toBe('cooperative');
    expect(await field(page, 'Mã số thuế').inputValue()).toBe(breakLastDigit(good.taxCode));
    expect(await field(page, 'Địa chỉ').inputValue()).toBe('Thôn Đông, phường Hàm Rồng');
    expect(await field(page, 'Người đại diện').inputValue()).toBe('Phạm Thị Hương');
    expect(await field(page, 'Số điện thoại').inputValue()).toBe('12345');
    expect(await field(page, 'Thư điện tử').inputValue()).toBe('htx@');
    expect(await field(page, 'Năm thành lập').inputValue()).toBe('2019');
    expect(await page.getByLabel('Do phụ nữ làm chủ hoặc điều hành').isChecked()).toBe(true);
    // The summary has focus (screen readers announce it), and its links lead to the fields.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await page.locator('.error-summary').getByRole('link', { name: /^Tên chủ thể/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-name');
    await expectAccessible(page, 'producer form with missing fields');

    // 2. Required fields given; the tax code's check digit, the phone and the e-mail are still wrong.
    await field(page, 'Tên chủ thể').fill('Hợp tác xã Nông sản Sạch Hàm Rồng');
    await field(page, 'Xã/phường').selectOption({ label: 'Phường Hàm Rồng (14758)' });
    await submit(page, 400);
    expect(await summaryItems(page)).toEqual([
      { text: 'Mã số thuế: Mã số thuế sai chữ số kiểm tra.', href: '#field-taxCode' },
      { text: 'Số điện thoại: Số điện thoại không đúng định dạng Việt Nam.', href: '#field-phone' },
      { text: 'Thư điện tử: Địa chỉ thư điện tử không hợp lệ.', href: '#field-email' },
    ]);
    expect(await inlineError(page, 'taxCode')).toBe('Lỗi: Mã số thuế sai chữ số kiểm tra.');
    expect(await inlineError(page, 'phone')).toBe('Lỗi: Số điện thoại không đúng định dạng Việt Nam.');
    expect(await inlineError(page, 'email')).toBe('Lỗi: Địa chỉ thư điện tử không hợp lệ.');
    expect(await page.locator('#field-name').getAttribute('aria-invalid')).toBeNull();
    expect(await field(page, 'Tên chủ thể').inputValue()).toBe('Hợp tác xã Nông sản Sạch Hàm Rồng');
    expect(await field(page, 'Xã/phường').inputValue()).toBe(AREAS.hamRong);
    expect(await field(page, 'Mã số thuế').inputValue()).toBe(breakLastDigit(good.taxCode));
    expect(await field(page, 'Số điện thoại').inputValue()).toBe('12345');
    expect(await page.getByLabel('Do phụ nữ làm chủ hoặc điều hành').isChecked()).toBe(true);
    await expectAccessible(page, 'producer form with errors');
    await screenshots(page, 'producer-form-errors');
    // Nothing was saved (looked at in a second tab, so the form stays as it is).
    expect(await listText('/admin/producers')).toContain('1 kết quả');

    // 3. Fixed: saved, and the record shows what was entered.
    await field(page, 'Mã số thuế').fill(good.taxCode);
    await field(page, 'Số điện thoại').fill('0912 345 678');
    await field(page, 'Thư điện tử').fill('htx.hamrong@example.vn');
    await submit(page, 303);
    await page.waitForURL(/\/admin\/producers\/[0-9a-f-]{36}\?saved=1$/);
    producerId = new URL(page.url()).pathname.split('/')[3]!;
    expect(await page.getByRole('status').filter({ hasText: 'Đã lưu thông tin chủ thể.' }).count()).toBe(1);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Hợp tác xã Nông sản Sạch Hàm Rồng');
    const saved = await details(page);
    expect(saved).toMatchObject({
      'Mã số thuế': good.taxCode,
      'Địa chỉ': 'Thôn Đông, phường Hàm Rồng',
      'Người đại diện': 'Phạm Thị Hương',
      'Năm thành lập': '2019',
      'Do phụ nữ làm chủ hoặc điều hành': 'Có',
      'Do người dân tộc thiểu số làm chủ hoặc điều hành': 'Không',
    });
    expect(saved['Xã/phường']).toMatch(/^Phường Hàm Rồng \(14758\), (Tỉnh )?Thanh Hóa$/);
    expect(saved['Số điện thoại']).toMatch(/^0912\s?345\s?678$/);
    expect(saved['Thư điện tử']).toBe('htx.hamrong@example.vn');
    await expectAccessible(page, 'producer saved');

    // 4. Edit: a malformed tax code, then one already registered; both kept and explained.
    await page.getByRole('link', { name: 'Sửa' }).click();
    await page.waitForURL(`**/admin/producers/${producerId}/edit`);
    expect(await field(page, 'Tên chủ thể').inputValue()).toBe('Hợp tác xã Nông sản Sạch Hàm Rồng');
    expect(await field(page, 'Mã số thuế').inputValue()).toBe(good.taxCode);
    await expectAccessible(page, 'producer edit form');
    await field(page, 'Mã số thuế').fill('12345');
    await field(page, 'Số thành viên').fill('27');
    await submit(page, 400);
    expect(await summaryItems(page)).toEqual([
      { text: 'Mã số thuế: Mã số thuế gồm 10 chữ số, hoặc 13 chữ số dạng NNNNNNNNNN-NNN.', href: '#field-taxCode' },
    ]);
    expect(await inlineError(page, 'taxCode')).toBe('Lỗi: Mã số thuế gồm 10 chữ số, hoặc 13 chữ số dạng NNNNNNNNNN-NNN.');
    expect(await field(page, 'Mã số thuế').inputValue()).toBe('12345');
    expect(await field(page, 'Số thành viên').inputValue()).toBe('27');
    await expectAccessible(page, 'producer edit form with errors');

    await field(page, 'Mã số thuế').fill(makeTaxCode(28_000_001));
    await submit(page, 409);
    expect(await inlineError(page, 'taxCode')).toBe('Lỗi: Mã số thuế này đã được đăng ký.');
    expect(await page.locator('.error-summary').innerText()).toContain('Mã số thuế: Mã số thuế này đã được đăng ký.');

    await field(page, 'Mã số thuế').fill(good.branch);
    await submit(page, 303);
    await page.waitForURL(`**/admin/producers/${producerId}?saved=1`);
    expect(await details(page)).toMatchObject({ 'Mã số thuế': good.branch, 'Số thành viên': '27', 'Người đại diện': 'Phạm Thị Hương' });

    // The list shows the new producer with its new tax code.
    await page.goto('/admin/producers');
    const row = page.locator('table.data-table tbody tr').filter({ hasText: 'Hợp tác xã Nông sản Sạch Hàm Rồng' });
    expect(await row.innerText()).toContain(good.branch);
    expect(await page.locator('main').innerText()).toContain('2 kết quả');
    await expectAccessible(page, 'producer list');
    await screenshots(page, 'producer-list');
    expect(errors).toEqual([]);
  });

  it('product: a bad GTIN and missing fields are reported and kept; fixed, it is saved; then edited', async () => {
    expect(producerId).not.toBe('');
    await page.goto(`/admin/producers/${producerId}`);
    await page.getByRole('link', { name: 'Đăng ký sản phẩm' }).click();
    await page.waitForURL(`**/admin/products/new?producerId=${producerId}`);
    expect(await page.locator('main').innerText()).toContain('Hợp tác xã Nông sản Sạch Hàm Rồng');
    await expectAccessible(page, 'product form');

    // 1. No name, no product set, a GTIN with a wrong check digit.
    await field(page, 'Mã số mã vạch').fill(breakLastDigit(good.gtin));
    await field(page, 'Mô tả').fill('Mật ong nguyên chất từ rừng keo, chai 500 ml.');
    await field(page, 'Hạn sử dụng').fill('24 tháng');
    await submit(page, 400);
    expect(await summaryItems(page)).toEqual(expect.arrayContaining([
      { text: expect.stringMatching(/^Tên sản phẩm: \S/), href: '#field-name' },
      { text: expect.stringMatching(/^Bộ sản phẩm: \S/), href: '#field-productSetCode' },
    ]));
    expectVietnamese(await inlineError(page, 'name'));
    expectVietnamese(await inlineError(page, 'productSetCode'));
    expect(await field(page, 'Mã số mã vạch').inputValue()).toBe(breakLastDigit(good.gtin));
    expect(await field(page, 'Mô tả').inputValue()).toBe('Mật ong nguyên chất từ rừng keo, chai 500 ml.');
    expect(await field(page, 'Hạn sử dụng').inputValue()).toBe('24 tháng');
    expect(await page.locator('main').innerText()).toContain('Hợp tác xã Nông sản Sạch Hàm Rồng');

    // 2. Name and set given; the GTIN's check digit is still wrong.
    await field(page, 'Tên sản phẩm').fill('Mật ong rừng Hàm Rồng');
    await field(page, 'Bộ sản phẩm').selectOption('4');
    await submit(page, 400);
    expect(await summaryItems(page)).toEqual([
      { text: 'Mã số mã vạch (GTIN-13): Mã vạch sai chữ số kiểm tra.', href: '#field-gtin' },
    ]);
    expect(await inlineError(page, 'gtin')).toBe('Lỗi: Mã vạch sai chữ số kiểm tra.');
    expect(await field(page, 'Tên sản phẩm').inputValue()).toBe('Mật ong rừng Hàm Rồng');
    expect(await field(page, 'Bộ sản phẩm').inputValue()).toBe('4');
    expect(await field(page, 'Mã số mã vạch').inputValue()).toBe(breakLastDigit(good.gtin));
    expect(await field(page, 'Mô tả').inputValue()).toBe('Mật ong nguyên chất từ rừng keo, chai 500 ml.');
    await expectAccessible(page, 'product form with errors');
    await screenshots(page, 'product-form-errors');
    expect(await listText('/admin/products')).toContain('0 kết quả');

    // 3. Fixed: saved.
    await field(page, 'Mã số mã vạch').fill(good.gtin);
    await submit(page, 303);
    await page.waitForURL(/\/admin\/products\/[0-9a-f-]{36}\?saved=1$/);
    productId = new URL(page.url()).pathname.split('/')[3]!;
    expect(await page.getByRole('status').filter({ hasText: 'Đã lưu thông tin sản phẩm.' }).count()).toBe(1);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Mật ong rừng Hàm Rồng');
    const saved = await details(page);
    expect(saved).toMatchObject({
      'Chủ thể': 'Hợp tác xã Nông sản Sạch Hàm Rồng',
      'Mã số mã vạch (GTIN-13)': good.gtin,
      'Mô tả': 'Mật ong nguyên chất từ rừng keo, chai 500 ml.',
      'Hạn sử dụng': '24 tháng',
    });
    expect(saved['Bộ sản phẩm']).toMatch(/^4\. /);
    await expectAccessible(page, 'product saved');

    // 4. Edit: a GTIN of the wrong length is reported and kept; fixed, saved.
    await page.getByRole('link', { name: 'Sửa' }).click();
    await page.waitForURL(`**/admin/products/${productId}/edit`);
    expect(await field(page, 'Mã số mã vạch').inputValue()).toBe(good.gtin);
    await expectAccessible(page, 'product edit form');
    await field(page, 'Tên sản phẩm').fill('Mật ong rừng Hàm Rồng loại đặc biệt');
    await field(page, 'Mã số mã vạch').fill('893123');
    await submit(page, 400);
    expect(await summaryItems(page)).toEqual([
      { text: 'Mã số mã vạch (GTIN-13): Mã vạch GTIN-13 gồm 13 chữ số.', href: '#field-gtin' },
    ]);
    expect(await inlineError(page, 'gtin')).toBe('Lỗi: Mã vạch GTIN-13 gồm 13 chữ số.');
    expect(await field(page, 'Tên sản phẩm').inputValue()).toBe('Mật ong rừng Hàm Rồng loại đặc biệt');
    expect(await field(page, 'Mã số mã vạch').inputValue()).toBe('893123');
    await expectAccessible(page, 'product edit form with errors');

    await field(page, 'Mã số mã vạch').fill(good.gtin2);
    await submit(page, 303);
    await page.waitForURL(`**/admin/products/${productId}?saved=1`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Mật ong rừng Hàm Rồng loại đặc biệt');
    expect(await details(page)).toMatchObject({ 'Mã số mã vạch (GTIN-13)': good.gtin2, 'Hạn sử dụng': '24 tháng' });

    // The product list and the producer's page show it.
    await page.goto('/admin/products');
    const row = page.locator('table.data-table tbody tr').filter({ hasText: 'Mật ong rừng Hàm Rồng loại đặc biệt' });
    expect(await row.innerText()).toContain('Hợp tác xã Nông sản Sạch Hàm Rồng');
    expect(await page.locator('main').innerText()).toContain('1 kết quả');
    await expectAccessible(page, 'product list');
    await screenshots(page, 'product-list');
    await page.goto(`/admin/producers/${producerId}`);
    expect(await page.locator('main table').innerText()).toContain('Mật ong rừng Hàm Rồng loại đặc biệt');
    expect(errors).toEqual([]);
  });
});
