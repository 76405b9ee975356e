/**
 * Issue 12, defect 6, walked on a phone: the login page offers "Quên mật khẩu" and "Đăng ký tài
 * khoản"; asking for a reset answers without telling whether the account exists; the account
 * request form lists the communes of the chosen province, shows its errors at the fields, and
 * sends; the commune officer finds the request in their list; a producer signing in lands on the
 * back office, not the public home.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  clickAndWait, expectAccessible, hasChromium, launchChromium, newAppContext, openPageAs, PHONE, screenshots, serveTestApp,
  trackPageErrors, type ServedApp,
} from '../helpers/e2e';
import { createTestUser } from '../helpers/users';
import { AREAS } from '../helpers/builders';
import { makeTaxCode } from '../../src/domain/tax-code';

describe.skipIf(!hasChromium())('accounts on a phone', () => {
  let s: ServedApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp(), launchChromium()]);
    context = await newAppContext(browser, s, { viewport: PHONE, isMobile: true, hasTouch: true });
    page = await context.newPage();
    errors = trackPageErrors(page);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('the login page offers a forgotten password and an account request', async () => {
    await page.goto('/login');
    const forgot = page.getByRole('link', { name: 'Quên mật khẩu?' });
    const register = page.getByRole('link', { name: 'Đăng ký tài khoản' });
    await expect(forgot.isVisible()).resolves.toBe(true);
    await expect(register.isVisible()).resolves.toBe(true);
    // Both are inside the phone's width.
    for (const l of [forgot, register]) {
      const box = (await l.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    }
    await expectAccessible(page, 'login');
    await screenshots(page, 'j12-accounts-login');
    expect(errors).toEqual([]);
  });

  it('"Quên mật khẩu" answers the same whatever is typed, and says what to do without e-mail', async () => {
    await clickAndWait(page, page.getByRole('link', { name: 'Quên mật khẩu?' }));
    expect(new URL(page.url()).pathname).toBe('/quen-mat-khau');
    await screenshots(page, 'j12-accounts-forgot');
    // Empty: a visible message.
    await clickAndWait(page, page.getByRole('button', { name: 'Gửi liên kết đặt lại mật khẩu' }));
    await expect(page.locator('.error-summary').innerText()).resolves.toContain('Hãy nhập tên đăng nhập hoặc địa chỉ e-mail.');
    await page.getByLabel('Tên đăng nhập hoặc e-mail').fill('khong-co-ai');
    await clickAndWait(page, page.getByRole('button', { name: 'Gửi liên kết đặt lại mật khẩu' }));
    await expect(page.locator('main').innerText()).resolves.toContain('Nếu tài khoản này có địa chỉ e-mail');
    await expect(page.locator('main').innerText()).resolves.toContain('cán bộ OCOP xã hoặc tỉnh');
    await screenshots(page, 'j12-accounts-forgot-sent');
    expect(errors).toEqual([]);
  });

  it('the account request form: province then commune, errors at the fields, then sent', async () => {
    await page.goto('/login');
    await clickAndWait(page, page.getByRole('link', { name: 'Đăng ký tài khoản' }));
    expect(new URL(page.url()).pathname).toBe('/dang-ky-tai-khoan');
    // Choosing the province lists its communes (the select submits its small form).
    await Promise.all([page.waitForURL(/province=38/), page.getByLabel('Tỉnh, thành phố').selectOption('38')]);
    await page.waitForLoadState();
    await page.getByLabel('Xã, phường').selectOption(AREAS.hamRong);
    await page.getByLabel('Tên chủ thể').fill('Hợp tác xã Chè Hàm Rồng');
    await page.getByLabel('Loại hình').selectOption('cooperative');
    await page.getByLabel('Mã số thuế').fill('0101234568'); // wrong check digit
    await page.getByLabel('Người liên hệ').fill('Lê Thị Hoa');
    await page.getByLabel('Số điện thoại').fill('abc');
    await page.getByLabel('Tên đăng nhập').fill('htx-che-hamrong');
    await page.getByLabel('Mật khẩu').fill('Che-xanh-2026');
    await clickAndWait(page, page.getByRole('button', { name: 'Gửi yêu cầu' }));
    const summary = await page.locator('.error-summary').innerText();
    expect(summary).toContain('Mã số thuế sai chữ số kiểm tra.');
    expect(summary).toContain('Số điện thoại không đúng định dạng Việt Nam.');
    await expect(page.locator('#field-phone-error').isVisible()).resolves.toBe(true);
    // What was typed stays, the commune too.
    await expect(page.getByLabel('Tên chủ thể').inputValue()).resolves.toBe('Hợp tác xã Chè Hàm Rồng');
    await expect(page.getByLabel('Xã, phường').inputValue()).resolves.toBe(AREAS.hamRong);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshots(page, 'j12-accounts-request-errors');

    await page.getByLabel('Mã số thuế').fill(makeTaxCode(77_000_001));
    await page.getByLabel('Số điện thoại').fill('0912 345 678');
    await page.getByLabel('Mật khẩu').fill('Che-xanh-2026');
    await clickAndWait(page, page.getByRole('button', { name: 'Gửi yêu cầu' }));
    expect(new URL(page.url()).pathname).toBe('/dang-ky-tai-khoan/da-gui');
    await expect(page.locator('main').innerText()).resolves.toContain('Yêu cầu cấp tài khoản đã được gửi tới cán bộ OCOP xã của bạn.');
    expect(errors).toEqual([]);
  });

  it('the commune officer sees the request in their list', async () => {
    const officer = await createTestUser(s.deps, { role: 'commune_officer', areaCode: AREAS.hamRong });
    const o = await openPageAs(browser, s, officer);
    await o.page.goto('/admin/account-requests');
    await expect(o.page.locator('main').innerText()).resolves.toContain('Hợp tác xã Chè Hàm Rồng');
    await screenshots(o.page, 'j12-accounts-pending');
    await clickAndWait(o.page, o.page.getByRole('link', { name: 'Hợp tác xã Chè Hàm Rồng' }));
    // Rejecting without a reason is refused with a visible message.
    await clickAndWait(o.page, o.page.getByRole('button', { name: 'Từ chối yêu cầu' }));
    await expect(o.page.locator('.error-summary').innerText()).resolves.toContain('Hãy ghi lý do từ chối');
    await screenshots(o.page, 'j12-accounts-request-detail');
    expect(o.errors).toEqual([]);
    await o.context.close();
  });

  it('a producer signing in from the public home lands on the back office', async () => {
    const producer = await createTestUser(s.deps, { role: 'producer' });
    const ctx = await newAppContext(browser, s, { viewport: PHONE, isMobile: true, hasTouch: true });
    const p = await ctx.newPage();
    const errs = trackPageErrors(p);
    await p.goto('/login?next=%2F');
    await p.getByLabel('Tên đăng nhập').fill(producer.username);
    await p.getByLabel('Mật khẩu').fill(producer.password);
    await clickAndWait(p, p.getByRole('button', { name: 'Đăng nhập' }));
    expect(new URL(p.url()).pathname).toBe('/admin');
    expect(errs).toEqual([]);
    await ctx.close();
  });

  it('an officer gives a temporary password; signing in with it leads to choosing a new one', async () => {
    const officer = await createTestUser(s.deps, { role: 'commune_officer', areaCode: AREAS.hamRong });
    const producer = await createTestUser(s.deps, { role: 'producer' }); // in Hàm Rồng
    const o = await openPageAs(browser, s, officer);
    await o.page.goto('/admin/accounts/password');
    await o.page.getByLabel('Tên đăng nhập').fill(producer.username);
    await clickAndWait(o.page, o.page.getByRole('button', { name: 'Tìm' }));
    await clickAndWait(o.page, o.page.getByRole('button', { name: 'Cấp mật khẩu tạm thời' }));
    const temp = (await o.page.locator('.temp-password').innerText()).trim();
    expect(temp).toMatch(/^\w{4}-\w{4}-\w{4}$/);
    await screenshots(o.page, 'j12-accounts-temporary');
    expect(o.errors).toEqual([]);
    await o.context.close();

    const ctx = await newAppContext(browser, s, { viewport: PHONE, isMobile: true, hasTouch: true });
    const p = await ctx.newPage();
    const errs = trackPageErrors(p);
    await p.goto('/login');
    await p.getByLabel('Tên đăng nhập').fill(producer.username);
    await p.getByLabel('Mật khẩu').fill(temp);
    await clickAndWait(p, p.getByRole('button', { name: 'Đăng nhập' }));
    expect(new URL(p.url()).pathname).toMatch(/^\/dat-lai-mat-khau\//);
    await expect(p.locator('main').innerText()).resolves.toContain('mật khẩu tạm thời');
    await p.getByLabel('Mật khẩu mới', { exact: true }).fill('Mat-khau-rieng-2026');
    await p.getByLabel('Nhập lại mật khẩu mới').fill('Mat-khau-rieng-2027');
    await clickAndWait(p, p.getByRole('button', { name: 'Đặt mật khẩu mới' }));
    await expect(p.locator('.error-summary').innerText()).resolves.toContain('Hai lần nhập mật khẩu không khớp');
    await screenshots(p, 'j12-accounts-reset');
    await p.getByLabel('Mật khẩu mới', { exact: true }).fill('Mat-khau-rieng-2026');
    await p.getByLabel('Nhập lại mật khẩu mới').fill('Mat-khau-rieng-2026');
    await clickAndWait(p, p.getByRole('button', { name: 'Đặt mật khẩu mới' }));
    await expect(p.locator('main').innerText()).resolves.toContain('Đã đặt mật khẩu mới');
    await p.getByLabel('Tên đăng nhập').fill(producer.username);
    await p.getByLabel('Mật khẩu').fill('Mat-khau-rieng-2026');
    await clickAndWait(p, p.getByRole('button', { name: 'Đăng nhập' }));
    expect(new URL(p.url()).pathname).toBe('/admin');
    expect(errs).toEqual([]);
    await ctx.close();
  });
});
