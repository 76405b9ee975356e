/**
 * Foundation "done when" 1 and 4: each role signs in and sees only what it may — its navigation,
 * the records of its area (or its own producer), and an error page (never the data) for anything
 * else. The national administrator signs in through the real login form; the other roles use
 * signIn() (a real session, cookie set directly). axe-core checks every page visited here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import {
  expectAccessible, hasChromium, launchChromium, openPageAs, screenshots, serveTestApp,
  openPublicPage, expectVisibleRefusal, type ServedApp,
} from '../helpers/e2e';
import { createTestUser, type TestUser } from '../helpers/users';
import { AREAS, buildProducer, buildProduct } from '../helpers/builders';
import type { Role } from '../../src/core/roles';
import type { ProducerDto } from '../../src/modules/registry/producer.schema';
import type { ProductDto } from '../../src/modules/registry/product.schema';

const NAV = {
  dashboard: 'Bảng điều khiển', producers: 'Chủ thể', products: 'Sản phẩm', ideas: 'Ý tưởng và phương án', accountRequests: 'Yêu cầu tài khoản',
  shop: 'Gian hàng', dossiers: 'Hồ sơ đánh giá', rounds: 'Hội đồng chấm điểm', decisions: 'Quyết định và chứng nhận',
  stamps: 'Tem OCOP', traceLots: 'Lô sản phẩm', traceRecalls: 'Thu hồi lô', tradeDemands: 'Nhu cầu mua', tradeOrgs: 'Doanh nghiệp mua hàng', tradeAgreements: 'Hợp đồng tiêu thụ', tradeEvents: 'Sự kiện xúc tiến',
  promo: 'Tin tức', statistics: 'Thống kê', programme: 'Chương trình', reports: 'Phản ánh hàng giả', users: 'Người dùng', areas: 'Đơn vị hành chính', imports: 'Nhập dữ liệu', audit: 'Nhật ký',
} as const;
const ALL_NAV = Object.values(NAV);
/** National administrators also load and publish the rulebook. */
const ADMIN_NAV = [NAV.dashboard, NAV.producers, NAV.products, NAV.ideas, NAV.accountRequests, NAV.shop, NAV.dossiers, NAV.rounds, NAV.decisions, NAV.stamps, NAV.traceLots, NAV.traceRecalls, NAV.tradeDemands, NAV.tradeOrgs, NAV.tradeAgreements, NAV.tradeEvents, NAV.promo, NAV.statistics, NAV.programme, NAV.reports, NAV.users, NAV.areas, NAV.imports, 'Bộ tiêu chí', NAV.audit];
/** Commune officers review ideas, plans and dossiers (and administer their producers' accounts); council members score; inspectors read certificates. */
const COMMUNE_NAV = [NAV.dashboard, NAV.producers, NAV.products, NAV.ideas, NAV.accountRequests, NAV.shop, NAV.dossiers, 'Giấy chứng nhận', NAV.traceLots, NAV.traceRecalls, NAV.tradeDemands, NAV.tradeOrgs, NAV.tradeAgreements, NAV.tradeEvents, NAV.statistics, NAV.programme, NAV.users, NAV.areas];
const COUNCIL_NAV = [NAV.dashboard, NAV.producers, NAV.products, NAV.rounds, NAV.traceLots, NAV.areas];
const INSPECTOR_NAV = [NAV.dashboard, NAV.producers, NAV.products, NAV.decisions, NAV.stamps, NAV.traceLots, NAV.traceRecalls, NAV.statistics, NAV.programme, NAV.reports, NAV.areas];

/** Texts of the main navigation's links, in order, those in closed menus too (empty when there is no navigation). */
async function navLinks(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Danh mục' });
  if (await nav.count() === 0) return [];
  return (await nav.locator('a').allTextContents()).map((s) => s.trim());
}

/** What the navigation shows before anything is opened: links and menu names (menus end with ▾). */
async function navEntries(page: Page): Promise<string[]> {
  return page.locator('nav.main-nav > ul > li').evaluateAll((lis) => lis.map((li) => {
    const summary = li.querySelector(':scope > details > summary');
    return summary ? `${summary.textContent!.trim()} ▾` : li.querySelector('a')!.textContent!.trim();
  }));
}

/** Names in the first column of the data tables on the page or in `scope` (producer or product names). */
async function listedNames(scope: Page | Locator): Promise<string[]> {
  const names = await scope.locator('table.data-table tbody tr td:first-child a').allInnerTexts();
  return names.map((s) => s.trim()).sort();
}

/** Opens `url` and expects the error page with that status, showing none of `secrets`. */
async function expectErrorPage(page: Page, url: string, status: 403 | 404, secrets: string[] = []): Promise<void> {
  const res = await page.goto(url);
  expect(res?.status(), url).toBe(status);
  const alert = page.locator('main .error-page');
  await alert.waitFor();
  expect(await alert.locator('.error-status').innerText()).toBe(String(status));
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(status === 404 ? 'Không tìm thấy trang' : 'Không có quyền truy cập');
  const text = await page.locator('main').innerText();
  expect(text).toContain(status === 404 ? 'Địa chỉ này không có trang nào' : 'Bạn không có quyền thực hiện thao tác này.');
  for (const s of secrets) expect(text, `${url} must not show "${s}"`).not.toContain(s);
}

describe.skipIf(!hasChromium())('what each role sees in the back office', () => {
  let s: ServedApp;
  let browser: Browser;
  /** Thanh Hóa: one producer in Hàm Rồng, one in Hạc Thành; Hà Nội: one in Hoàn Kiếm. */
  let thHamRong: ProducerDto, thHacThanh: ProducerDto, hnHoanKiem: ProducerDto;
  let honey: ProductDto, tea: ProductDto, fishSauce: ProductDto;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp(), launchChromium()]);
    thHamRong = await buildProducer(s.ctx, { name: 'Hợp tác xã Mật ong Hàm Rồng', communeCode: AREAS.hamRong });
    thHacThanh = await buildProducer(s.ctx, { name: 'Công ty Chè Hạc Thành', kind: 'enterprise', communeCode: AREAS.hacThanh });
    hnHoanKiem = await buildProducer(s.ctx, { name: 'Hộ kinh doanh Nước mắm Hoàn Kiếm', kind: 'household', communeCode: AREAS.hoanKiem });
    honey = await buildProduct(s.ctx, { producerId: thHamRong.id, name: 'Mật ong hoa nhãn Hàm Rồng' });
    tea = await buildProduct(s.ctx, { producerId: thHacThanh.id, name: 'Chè xanh Hạc Thành' });
    fishSauce = await buildProduct(s.ctx, { producerId: hnHoanKiem.id, name: 'Nước mắm cốt Hoàn Kiếm' });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await s?.close();
  });

  /** A fresh browser context signed in as a new user of `role` (signIn skips the form). */
  async function pageAs(role: Role, spec: { areaCode?: string; producerId?: string; displayName?: string } = {}): Promise<{ page: Page; user: TestUser; errors: string[] }> {
    const user = await createTestUser(s.deps, { role, ...spec });
    const { context, page, errors } = await openPageAs(browser, s, user);
    contexts.push(context);
    return { page, user, errors };
  }

  it('national admin: logs in through the form (a wrong password first), sees everything, logs out', async () => {
    const admin = await createTestUser(s.deps, { role: 'national_admin', displayName: 'Nguyễn Thị Quản Trị' });
    const { context, page, errors } = await openPublicPage(browser, s);
    contexts.push(context);

    // Anonymous: a back-office page sends you to the login form, which remembers where you were going.
    await page.goto('/admin/producers');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin/producers');
    expect(await navLinks(page)).toEqual([]);
    await expectAccessible(page, 'login');
    await screenshots(page, 'login');

    const username = page.getByLabel('Tên đăng nhập');
    const password = page.getByLabel('Mật khẩu');
    await username.fill(admin.username);
    await password.fill('not-the-password-1');
    const [failed] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Đăng nhập' }).click(),
    ]);
    expect(failed.status()).toBe(401);
    await expectVisibleRefusal(page, failed);
    const summary = page.locator('.error-summary');
    expect(await summary.innerText()).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(await page.locator('#field-username-error').innerText()).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(await username.inputValue()).toBe(admin.username);
    expect(await password.inputValue()).toBe(''); // never echoed back
    await expectAccessible(page, 'login with an error');

    await password.fill(admin.password);
    await Promise.all([page.waitForURL('**/admin/producers'), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
    expect(await navLinks(page)).toEqual(ADMIN_NAV);
    expect(await listedNames(page)).toEqual([thHacThanh.name, hnHoanKiem.name, thHamRong.name].sort());

    // Fifteen entries come in menus: the page's own menu is marked, one menu opens at a time,
    // Escape closes it and gives the focus back to its name.
    expect(await navEntries(page)).toEqual([NAV.dashboard, 'Chủ thể, sản phẩm ▾', 'Đánh giá ▾', 'Truy xuất ▾', 'Xúc tiến thương mại ▾', 'Điều hành ▾', 'Quản trị ▾']);
    const nav = page.getByRole('navigation', { name: 'Danh mục' });
    expect(await nav.locator('summary.nav-group-current').innerText()).toBe('Chủ thể, sản phẩm');
    expect(await nav.getByRole('link', { name: NAV.statistics }).isVisible()).toBe(false);
    await nav.getByText('Điều hành', { exact: true }).click();
    expect(await nav.getByRole('link', { name: NAV.statistics }).isVisible()).toBe(true);
    await expectAccessible(page, 'navigation menu open');
    await nav.getByText('Quản trị', { exact: true }).click();
    expect(await nav.getByRole('link', { name: NAV.audit }).isVisible()).toBe(true);
    // The other menu closes on the toggle event, which the browser fires just after the click.
    await nav.getByRole('link', { name: NAV.statistics }).waitFor({ state: 'hidden', timeout: 2_000 });
    await page.keyboard.press('Escape');
    await nav.getByRole('link', { name: NAV.audit }).waitFor({ state: 'hidden', timeout: 2_000 });
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Quản trị');

    await nav.getByRole('link', { name: NAV.dashboard }).click();
    await page.waitForURL('**/admin');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Xin chào, Nguyễn Thị Quản Trị');
    expect(await page.locator('.site-header .who-role').innerText()).toBe('Quản trị quốc gia');
    // Their name leads to their own account (password, API tokens, sessions).
    expect(await page.locator('.site-header a.who').getAttribute('href')).toBe('/admin/tai-khoan');
    expect(await page.locator('main').innerText()).toContain('Phạm vi: Toàn quốc');
    await expectAccessible(page, 'dashboard');
    await screenshots(page, 'dashboard');

    const audit = await page.goto('/admin/audit');
    expect(audit?.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Nhật ký thay đổi');
    await expectAccessible(page, 'audit log');

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    expect(await page.getByRole('link', { name: 'Đăng nhập dành cho chủ thể và cán bộ' }).count()).toBe(1);
    await expectAccessible(page, 'public home');
    await page.goto('/admin');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(errors).toEqual([]);
  });

  it('province officer (Thanh Hóa): only Thanh Hóa records; another province gives 404', async () => {
    const { page, errors } = await pageAs('province_officer', { areaCode: AREAS.thanhHoa });
    await page.goto('/admin');
    expect(await navLinks(page)).toEqual(ALL_NAV);
    expect(await page.locator('main').innerText()).toContain('Phạm vi: Tỉnh Thanh Hóa');

    await page.goto('/admin/producers');
    expect(await listedNames(page)).toEqual([thHacThanh.name, thHamRong.name].sort());
    expect(await page.locator('main').innerText()).not.toContain(hnHoanKiem.name);
    expect(await page.getByRole('link', { name: 'Đăng ký chủ thể' }).count()).toBe(1);
    await expectAccessible(page, 'producer list (province officer)');

    await page.goto('/admin/products');
    expect(await listedNames(page)).toEqual([tea.name, honey.name].sort());
    await expectAccessible(page, 'product list (province officer)');

    // Their own province's producer opens; Hà Nội's does not exist for them.
    expect((await page.goto(`/admin/producers/${thHacThanh.id}`))?.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(thHacThanh.name);
    await expectErrorPage(page, `/admin/producers/${hnHoanKiem.id}`, 404, [hnHoanKiem.name]);
    await expectErrorPage(page, `/admin/producers/${hnHoanKiem.id}/edit`, 404, [hnHoanKiem.name]);
    await expectErrorPage(page, `/admin/products/${fishSauce.id}`, 404, [fishSauce.name]);
    await expectAccessible(page, 'error page (404)');

    // A search for the other province's producer finds nothing.
    await page.goto(`/admin/producers?q=${encodeURIComponent('Hoàn Kiếm')}`);
    expect(await listedNames(page)).toEqual([]);
    expect(await page.locator('main').innerText()).toContain('Không có dữ liệu phù hợp.');
    expect(errors).toEqual([]);
  });

  it('commune officer (Hàm Rồng): only their commune; no imports or audit log', async () => {
    const { page, errors } = await pageAs('commune_officer', { areaCode: AREAS.hamRong });
    await page.goto('/admin');
    expect(await navLinks(page)).toEqual(COMMUNE_NAV);
    await page.goto('/admin/producers');
    expect(await listedNames(page)).toEqual([thHamRong.name]);
    await page.goto('/admin/products');
    expect(await listedNames(page)).toEqual([honey.name]);
    // Same province, other commune: not theirs.
    await expectErrorPage(page, `/admin/producers/${thHacThanh.id}`, 404, [thHacThanh.name]);
    await expectErrorPage(page, '/admin/imports', 403);
    await expectErrorPage(page, '/admin/audit', 403);
    await expectAccessible(page, 'error page (403)');
    expect(errors).toEqual([]);
  });

  it('council member (Thanh Hóa): reads the province, may not register or edit', async () => {
    const { page, errors } = await pageAs('council_member', { areaCode: AREAS.thanhHoa });
    await page.goto('/admin');
    expect(await navLinks(page)).toEqual(COUNCIL_NAV);
    expect(await navEntries(page)).toEqual(COUNCIL_NAV);
    await page.goto('/admin/producers');
    expect(await listedNames(page)).toEqual([thHacThanh.name, thHamRong.name].sort());
    expect(await page.getByRole('link', { name: 'Đăng ký chủ thể' }).count()).toBe(0);
    await page.goto(`/admin/producers/${thHamRong.id}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(thHamRong.name);
    expect(await page.getByRole('link', { name: 'Sửa' }).count()).toBe(0);
    await expectErrorPage(page, '/admin/producers/new', 403);
    await expectErrorPage(page, `/admin/producers/${hnHoanKiem.id}`, 404, [hnHoanKiem.name]);
    await expectErrorPage(page, '/admin/audit', 403);
    expect(errors).toEqual([]);
  });

  it('inspector (Hà Nội): reads Hà Nội only', async () => {
    const { page, errors } = await pageAs('inspector', { areaCode: AREAS.haNoi });
    await page.goto('/admin');
    expect(await navLinks(page)).toEqual(INSPECTOR_NAV);
    expect(await page.locator('.site-header .who-role').innerText()).toBe('Thanh tra, kiểm tra');
    await page.goto('/admin/producers');
    expect(await listedNames(page)).toEqual([hnHoanKiem.name]);
    await page.goto('/admin/products');
    expect(await listedNames(page)).toEqual([fishSauce.name]);
    await expectErrorPage(page, `/admin/products/${honey.id}`, 404, [honey.name]);
    await expectErrorPage(page, '/admin/imports', 403);
    expect(errors).toEqual([]);
  });

  it('producer: "my products" shows their own products only; no audit log, no other producers', async () => {
    const { page, errors } = await pageAs('producer', { producerId: thHamRong.id, displayName: 'Lê Văn Ong' });
    const second = await buildProduct(s.ctx, { producerId: thHamRong.id, name: 'Sáp ong Hàm Rồng' });
    await page.goto('/admin');
    expect(await navLinks(page)).toEqual([NAV.dashboard, NAV.producers, NAV.products, NAV.ideas, NAV.shop, NAV.dossiers, NAV.decisions, NAV.traceLots, 'Vùng nguyên liệu', NAV.traceRecalls, NAV.tradeDemands, NAV.tradeAgreements, NAV.tradeEvents]);
    // More than six entries (the market shop is the seventh): grouped in menus.
    expect(await navEntries(page)).toEqual([NAV.dashboard, 'Chủ thể, sản phẩm ▾', 'Đánh giá ▾', 'Truy xuất ▾', 'Xúc tiến thương mại ▾']);
    expect(await page.locator('.site-header .who-role').innerText()).toBe('Chủ thể OCOP');
    const mine = page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Sản phẩm của tôi' }) });
    expect(await listedNames(mine)).toEqual([honey.name, second.name].sort());
    expect(await page.locator('main').innerText()).not.toContain(tea.name);
    expect(await page.getByRole('link', { name: 'Đăng ký sản phẩm' }).count()).toBe(1);
    await expectAccessible(page, 'dashboard (producer, my products)');
    await screenshots(page, 'my-products');

    await page.goto('/admin/producers');
    expect(await listedNames(page)).toEqual([thHamRong.name]);
    await page.goto('/admin/products');
    expect(await listedNames(page)).toEqual([honey.name, second.name].sort());
    await expectErrorPage(page, `/admin/products/${tea.id}`, 404, [tea.name]);
    await expectErrorPage(page, `/admin/producers/${thHacThanh.id}`, 404, [thHacThanh.name]);
    await expectErrorPage(page, '/admin/audit', 403);
    await expectErrorPage(page, '/admin/imports', 403);
    await expectErrorPage(page, '/admin/producers/new', 403);
    expect(errors).toEqual([]);
  });

  it('buyer: no back-office lists at all', async () => {
    const { page, errors } = await pageAs('buyer');
    await page.goto('/admin');
    expect(await navLinks(page)).toEqual([NAV.dashboard]);
    const main = await page.locator('main').innerText();
    for (const name of [thHamRong.name, honey.name]) expect(main).not.toContain(name);
    expect(await page.locator('.stat-grid, table').count()).toBe(0);
    await expectAccessible(page, 'dashboard (buyer)');
    await expectErrorPage(page, '/admin/producers', 403, [thHamRong.name]);
    await expectErrorPage(page, '/admin/products', 403, [honey.name]);
    await expectErrorPage(page, `/admin/producers/${thHamRong.id}`, 404, [thHamRong.name]);
    await expectErrorPage(page, '/admin/areas', 403);
    await expectErrorPage(page, '/admin/audit', 403);
    await expectErrorPage(page, '/admin/nguoi-dung', 403);
    // A buyer's own account is on the market's side.
    expect(await page.locator('.site-header a.who').getAttribute('href')).toBe('/tai-khoan/bao-mat');
    expect(errors).toEqual([]);
  });
});
