/**
 * Issue 18, item 8, walked in the browser: on a phone a province officer finds a commune officer
 * under "Người dùng", disables the account (a reason is required), the commune officer can no
 * longer sign in, the officer enables it again and they can; the officer changes an inspector's
 * role. A producer opens "Tài khoản của tôi" from their name in the header, changes the password
 * (the wrong current one refused with a visible message), creates an API token (shown once, it
 * works) and revokes it (it stops working). Screenshots (SCREENSHOTS=1): j18-users, j18-user,
 * j18-user-disabled, j18-account, j18-token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import {
  clickAndWait, expectAccessible, hasChromium, launchChromium, openPageAs, openPublicPage, PHONE, screenshots, serveTestApp,
  submitRefused, type ServedApp,
} from '../helpers/e2e';
import { createTestUser, type TestUser } from '../helpers/users';
import { AREAS } from '../helpers/builders';
import { users } from '../../src/modules/identity/identity.tables';
import { makeCtx } from '../../src/context';
import { login } from '../../src/modules/identity/identity.service';
import { PASSWORD_MIN_LENGTH } from '../../src/modules/identity/password';

const PHONE_CONTEXT = { viewport: PHONE, isMobile: true, hasTouch: true };

/** Nothing wider than the screen. */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Click a button that asks "are you sure?" first (data-module="confirm"), answering yes, and wait for the next page. */
async function confirmAndWait(page: Page, name: string) {
  page.once('dialog', (d) => { void d.accept(); });
  await clickAndWait(page, page.getByRole('button', { name, exact: true }));
}

describe.skipIf(!hasChromium())('account security', () => {
  let s: ServedApp;
  let browser: Browser;
  let officer: TestUser, communeOfficer: TestUser, inspector: TestUser, producer: TestUser;

  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp(), launchChromium()]);
    officer = await createTestUser(s.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, displayName: 'Lê Hoàng Minh Khôi' });
    communeOfficer = await createTestUser(s.deps, { role: 'commune_officer', areaCode: AREAS.hamRong, displayName: 'Trần Văn Bảo' });
    inspector = await createTestUser(s.deps, { role: 'inspector', areaCode: AREAS.thanhHoa, displayName: 'Đỗ Quang Huy' });
    producer = await createTestUser(s.deps, { role: 'producer', displayName: 'Hợp tác xã Mật ong Hàm Rồng' });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('on a phone, a province officer disables a commune officer (who then cannot sign in) and enables them again', async () => {
    const { page, context } = await openPageAs(browser, s, officer, PHONE_CONTEXT);
    await page.goto('/admin');
    // Through the phone menu: "Danh mục" → "Người dùng" (in "Quản trị").
    const menu = page.locator('button[aria-controls="main-nav"]');
    await menu.waitFor({ state: 'visible' });
    await menu.click();
    await clickAndWait(page, page.locator('#main-nav').getByRole('link', { name: 'Người dùng' }));
    expect(new URL(page.url()).pathname).toBe('/admin/nguoi-dung');
    await page.getByRole('searchbox', { name: 'Tìm người dùng' }).fill('Trần Văn');
    await clickAndWait(page, page.getByRole('button', { name: 'Tìm kiếm' }));
    const main = page.locator('main');
    await expect(main.innerText()).resolves.toContain(communeOfficer.username);
    await expect(main.innerText()).resolves.not.toContain(inspector.username);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'users on a phone');
    // The list of the province, unfiltered, for the picture.
    await page.goto('/admin/nguoi-dung');
    await screenshots(page, 'j18-users');

    await page.getByRole('searchbox', { name: 'Tìm người dùng' }).fill('Trần Văn');
    await clickAndWait(page, page.getByRole('button', { name: 'Tìm kiếm' }));
    await clickAndWait(page, page.getByRole('link', { name: 'Trần Văn Bảo' }));
    expect(new URL(page.url()).pathname).toBe(`/admin/nguoi-dung/${communeOfficer.user.id}`);
    await expectAccessible(page, 'a user on a phone');

    // No reason: refused, and said why at the field.
    page.once('dialog', (d) => { void d.accept(); });
    const refusal = await submitRefused(page, page.getByRole('button', { name: 'Khóa tài khoản', exact: true }));
    expect(refusal).toContain('Hãy ghi lý do khóa tài khoản.');
    await expect(page.locator('#field-reason-error').isVisible()).resolves.toBe(true);

    await page.getByLabel('Lý do khóa').fill('Đã chuyển công tác sang xã khác');
    await confirmAndWait(page, 'Khóa tài khoản');
    await expect(main.innerText()).resolves.toContain('Đã khóa tài khoản. Mọi phiên đăng nhập của người dùng đã kết thúc.');
    await expect(main.innerText()).resolves.toContain('Đã chuyển công tác sang xã khác');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'a disabled user');
    await screenshots(page, 'j18-user-disabled');

    // The commune officer cannot sign in.
    const them = await openPublicPage(browser, s, PHONE_CONTEXT);
    await them.page.goto('/login');
    await them.page.getByLabel('Tên đăng nhập').fill(communeOfficer.username);
    await them.page.getByLabel('Mật khẩu').fill(communeOfficer.password);
    const said = await submitRefused(them.page, them.page.getByRole('button', { name: 'Đăng nhập' }));
    expect(said).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');

    await confirmAndWait(page, 'Mở khóa tài khoản');
    await expect(main.innerText()).resolves.toContain('Đã mở khóa tài khoản.');
    await expect(page.getByRole('button', { name: 'Khóa tài khoản', exact: true }).isVisible()).resolves.toBe(true);

    await them.page.getByLabel('Mật khẩu').fill(communeOfficer.password);
    await clickAndWait(them.page, them.page.getByRole('button', { name: 'Đăng nhập' }));
    expect(new URL(them.page.url()).pathname).toBe('/admin');
    await them.context.close();
    await context.close();
  });

  it('on a phone, the province officer changes an inspector\'s role', async () => {
    const { page, context } = await openPageAs(browser, s, officer, PHONE_CONTEXT);
    await page.goto(`/admin/nguoi-dung/${inspector.user.id}`);
    await expect(page.getByLabel('Vai trò').inputValue()).resolves.toBe('inspector');
    await expectAccessible(page, 'the role form');
    await screenshots(page, 'j18-user');
    await page.getByLabel('Vai trò').selectOption({ label: 'Cán bộ xã' });
    await page.getByLabel('Địa bàn').selectOption({ label: 'Phường Hàm Rồng' });
    await confirmAndWait(page, 'Đổi vai trò');
    await expect(page.locator('main').innerText()).resolves.toContain('Đã đổi vai trò.');
    await expect(page.locator('main').innerText()).resolves.toContain('Phường Hàm Rồng');
    const [row] = await s.deps.database.db.select().from(users).where(eq(users.id, inspector.user.id));
    expect(row).toMatchObject({ role: 'commune_officer', areaCode: AREAS.hamRong });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await context.close();
  });

  it('a producer changes their password, creates an API token and revokes it', async () => {
    const { page, context } = await openPageAs(browser, s, producer, PHONE_CONTEXT);
    await page.goto('/admin');
    // Their name in the header leads to their account.
    await clickAndWait(page, page.locator('.site-header').getByRole('link', { name: /Hợp tác xã Mật ong Hàm Rồng/ }));
    expect(new URL(page.url()).pathname).toBe('/admin/tai-khoan');
    const main = page.locator('main');
    await expect(main.innerText()).resolves.toContain(`Ít nhất ${PASSWORD_MIN_LENGTH} ký tự`);
    await expect(main.innerText()).resolves.toContain('Phiên này');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'my account');
    await screenshots(page, 'j18-account');

    const newPassword = 'Ong về tổ khi nắng chiều tắt';
    await page.getByLabel('Mật khẩu hiện tại').fill('khong-phai-mat-khau');
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(newPassword);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(newPassword);
    const refusal = await submitRefused(page, page.getByRole('button', { name: 'Đổi mật khẩu' }));
    expect(refusal).toContain('Mật khẩu hiện tại không đúng.');
    await page.getByLabel('Mật khẩu hiện tại').fill(producer.password);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(newPassword);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(newPassword);
    await clickAndWait(page, page.getByRole('button', { name: 'Đổi mật khẩu' }));
    await expect(main.innerText()).resolves.toContain('Đã đổi mật khẩu.');
    await expect(login(makeCtx(s.deps), producer.username, newPassword, {})).resolves.toMatchObject({ actor: { userId: producer.user.id } });

    await page.getByLabel('Tên khóa').fill('Phần mềm kế toán');
    await clickAndWait(page, page.getByRole('button', { name: 'Tạo khóa API' }));
    await expect(main.innerText()).resolves.toContain('Khóa chỉ hiện một lần');
    const token = await page.getByLabel('Khóa API').inputValue();
    expect(token).toMatch(/^ocop_[\w-]{8}_[\w-]+$/);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'the new token');
    await screenshots(page, 'j18-token');
    const call = () => fetch(`${s.baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await call()).toBe(200);

    await clickAndWait(page, page.getByRole('link', { name: 'Tôi đã sao chép khóa' }));
    expect(new URL(page.url()).pathname).toBe('/admin/tai-khoan');
    await expect(main.innerText()).resolves.not.toContain(token);
    await confirmAndWait(page, 'Thu hồi: Phần mềm kế toán');
    await expect(main.innerText()).resolves.toContain('Đã thu hồi khóa API.');
    expect(await call()).toBe(401);
    await context.close();
  });
});
