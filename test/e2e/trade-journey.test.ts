/**
 * Trade connection and events, in Chromium (issue 16, "Done when"): a supermarket registers on
 * /ket-noi/dang-ky (from the market floor) and an officer of its province verifies it; it posts a
 * demand for 4★ honey; the two matching producers are notified (the notices dispatcher run as the
 * app's timer would) and make offers from their pages; the buyer compares them side by side and
 * accepts one; the agreement is signed and counts in the province's statistics. Then an officer
 * creates a fair, three producers register, booths are allocated, the public event page lists
 * them, the exhibitors report their sales after the fair and the event's report sums them. Phones
 * and desktops; axe on every page; no console error, CSP violation, failed request or silent
 * refusal (test/setup/e2e-guards.ts). With SCREENSHOTS=1: docs/screenshots/trade/j16-*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import {
  clickAndWait, expectAccessible, hasChromium, launchChromium, openPageAs, openPublicPage, PHONE, screenshots, serveTestApp, type ServedApp,
} from '../helpers/e2e';
import { createTestUser, type TestUser } from '../helpers/users';
import { producerOf, seedMarket, type MarketFixture } from '../helpers/market-fixtures';
import { PORTAL_NOW } from '../helpers/portal-fixtures';
import { makeTaxCode } from '../../src/domain/tax-code';
import { dispatchNotices } from '../../src/modules/notices/notices.dispatch';

describe.skipIf(!hasChromium())('trade connection and a fair, in the browser', () => {
  let s: ServedApp;
  let browser: Browser;
  let m: MarketFixture;
  let officer: TestUser;
  /** The day the app lives on (moved forward past the fair); time runs from it as the test runs. */
  let day = PORTAL_NOW.getTime();
  const started = Date.now();
  const phone = { viewport: PHONE, isMobile: true, hasTouch: true };
  const ORG = 'Siêu thị Xanh Thanh Hóa';
  const TITLE = 'Mật ong 4 sao cho chuỗi siêu thị';
  const PASSWORD = 'sieu-thi-XANH-2026';
  let demandPath = '';

  beforeAll(async () => {
    [s, browser] = await Promise.all([
      serveTestApp({ clock: () => new Date(day + Date.now() - started), env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1' } }),
      launchChromium(),
    ]);
    m = await seedMarket(s);
    // The producers' accounts under the names people know them by (the header shows it).
    for (const [u, name] of [[m.sellerA, 'HTX Ong mật Mèo Vạc'], [m.sellerB, 'Lò Văn Pọm']] as const) {
      await s.deps.database.db.execute(sql`update users set display_name = ${name} where id = ${u.user.id}`);
    }
    officer = await createTestUser(s.deps, { role: 'province_officer', areaCode: '38', displayName: 'Cán bộ Sở Nông nghiệp Thanh Hóa' });
  }, 120_000);
  afterAll(async () => { await browser?.close(); await s?.close(); });

  const fitsPhone = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  const shot = (page: Page, name: string) => screenshots(page, `trade/${name}`);
  const visible = (page: Page, text: string | RegExp) => expect(page.getByText(text).first().isVisible()).resolves.toBe(true);

  let buyerPage: Page;

  it('a supermarket registers from the market floor and waits for verification', async () => {
    const { page } = await openPublicPage(browser, s, phone);
    buyerPage = page;
    await page.goto('/cho-ocop');
    await clickAndWait(page, page.getByRole('link', { name: /Đăng ký kết nối cung - cầu/ }));
    expect(new URL(page.url()).pathname).toBe('/ket-noi/dang-ky');
    await page.getByLabel('Tỉnh/thành phố nơi doanh nghiệp đặt trụ sở').selectOption('38');
    await page.waitForURL(/tinh=38/);
    await page.getByLabel('Xã/phường').selectOption('14797');
    await page.getByLabel('Tên doanh nghiệp').fill(ORG);
    await page.getByLabel('Loại hình').selectOption('supermarket');
    await page.getByLabel('Mã số thuế').fill(makeTaxCode(43_123_456));
    await page.getByLabel('Địa chỉ', { exact: true }).fill('27 Trần Phú');
    await page.getByLabel('Người liên hệ').fill('Lê Thu Mua');
    await page.getByLabel('Số điện thoại').fill('0912 700 555');
    await page.getByLabel('Thư điện tử').fill('muahang@sieuthixanh.example');
    await page.getByLabel(/^Tên đăng nhập/).fill('sieuthixanh');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Nhập lại mật khẩu').fill(PASSWORD);
    await expectAccessible(page, 'organisation sign-up');
    await fitsPhone(page);
    await shot(page, 'j16-trade-1-signup');
    await clickAndWait(page, page.getByRole('button', { name: 'Đăng ký doanh nghiệp' }));
    expect(new URL(page.url()).pathname).toBe('/tai-khoan/nhu-cau');
    await visible(page, 'Lần sau bạn đăng nhập bằng: sieuthixanh');
    await visible(page, `${ORG} · Chờ xác minh`);
    await expect(page.getByRole('link', { name: 'Đăng nhu cầu mới' }).count()).resolves.toBe(0);
    await expectAccessible(page, 'demands, awaiting verification');
    await fitsPhone(page);
    await shot(page, 'j16-trade-2-pending');
  });

  it('an officer of Thanh Hóa verifies it', async () => {
    const { context, page } = await openPageAs(browser, s, officer);
    await page.goto('/admin/ket-noi/doanh-nghiep');
    await visible(page, ORG);
    await expectAccessible(page, 'buyer organisations');
    await shot(page, 'j16-trade-3-verify');
    await clickAndWait(page, page.getByRole('button', { name: `Xác minh ${ORG}`, exact: true }));
    await visible(page, 'Đã xác minh doanh nghiệp.');
    await context.close();
  });

  it('the verified supermarket posts a demand for 4★ honey; two producers fit', async () => {
    const page = buyerPage;
    await page.goto('/tai-khoan/nhu-cau');
    await visible(page, `${ORG} · Đã xác minh`);
    await clickAndWait(page, page.getByRole('link', { name: 'Đăng nhu cầu mới' }));
    await page.getByLabel('Cần mua gì').fill(TITLE);
    await page.getByLabel(/^Bộ sản phẩm/).selectOption('4');
    await page.getByLabel(/^Hạng sao tối thiểu/).selectOption('4');
    await page.getByLabel('Số lượng').fill('500');
    await page.getByLabel('Đơn vị tính').fill('chai');
    await page.getByLabel(/^Quy cách đóng gói/).fill('Chai thủy tinh 500 ml, có tem OCOP');
    await expect(page.getByLabel('Tỉnh/thành phố nhận hàng').inputValue()).resolves.toBe('38');
    await page.getByLabel('Hạn nhận chào giá').fill('2026-07-20');
    await page.getByLabel(/^Ngày cần hàng/).fill('2026-08-15');
    await page.getByLabel(/^Chứng nhận khác cần có/).fill('VietGAP');
    await expectAccessible(page, 'demand form');
    await fitsPhone(page);
    await shot(page, 'j16-trade-4-demand-form');
    await clickAndWait(page, page.getByRole('button', { name: 'Đăng nhu cầu' }));
    demandPath = new URL(page.url()).pathname;
    expect(demandPath).toMatch(/^\/tai-khoan\/nhu-cau\/[0-9a-f-]{36}$/);
    await visible(page, 'Đã đăng nhu cầu.');
    await visible(page, 'Sản phẩm OCOP phù hợp (2)');
    await visible(page, 'Mật ong rừng Pù Luông');
    await visible(page, 'Mật ong bạc hà Mèo Vạc');
    await expectAccessible(page, 'demand posted');
    await fitsPhone(page);
  });

  it('the two matching producers are notified and make offers from their pages', async () => {
    await dispatchNotices(s.ctx);
    const demandId = demandPath.split('/').pop()!;
    for (const [seller, price, phoneSize] of [[m.sellerB, '160.000', true], [m.sellerA, '170.000', false]] as const) {
      const { context, page } = await openPageAs(browser, s, seller, phoneSize ? phone : {});
      await page.goto('/admin/notifications');
      await visible(page, 'Có nhu cầu mua phù hợp với sản phẩm của bạn');
      await expectAccessible(page, 'producer notifications');
      if (phoneSize) await shot(page, 'j16-trade-5-notified');
      await page.goto('/admin/ket-noi/nhu-cau');
      await clickAndWait(page, page.getByRole('link', { name: `Chào giá: ${TITLE}` }));
      expect(new URL(page.url()).pathname).toBe(`/admin/ket-noi/nhu-cau/${demandId}`);
      await page.getByLabel('Đơn giá (đồng/chai)').fill(price);
      await page.getByLabel('Số lượng').fill('500');
      await page.getByLabel('Ngày giao hàng').fill('2026-08-10');
      await page.getByLabel(/^Ghi chú/).fill('Giao tại kho của siêu thị, hai đợt.');
      await page.getByLabel(/^Tệp đính kèm/).setInputFiles({ name: 'bang-gia.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% bảng giá mật ong\n') });
      await expectAccessible(page, 'offer form');
      if (phoneSize) {
        await fitsPhone(page);
        await shot(page, 'j16-trade-6-offer-form');
      }
      await clickAndWait(page, page.getByRole('button', { name: 'Gửi chào giá' }));
      await visible(page, 'Đã gửi chào giá. Bên mua được thông báo.');
      await visible(page, 'bang-gia.pdf');
      await expectAccessible(page, 'offer sent');
      if (phoneSize) await shot(page, 'j16-trade-7-offer-sent');
      await context.close();
    }
  });

  it('the buyer compares the offers side by side, asks, accepts the cheaper one and signs the agreement', async () => {
    const page = buyerPage;
    await page.goto(demandPath);
    await visible(page, 'Chào giá (2)');
    const totals = await page.locator('.trade-offers .trade-offer-total').allInnerTexts();
    expect(totals.map((x) => x.trim())).toEqual(['80.000.000 ₫', '85.000.000 ₫']);
    await expectAccessible(page, 'offers compared');
    await fitsPhone(page);
    await shot(page, 'j16-trade-8-compare');
    // A question to the other producer first, in their own thread.
    await clickAndWait(page, page.getByRole('link', { name: 'Hỏi chủ thể Hợp tác xã Ong mật bạc hà Mèo Vạc' }));
    await page.getByLabel('Câu hỏi của bạn').fill('Hợp tác xã có giao được hai đợt, mỗi đợt 250 chai không?');
    await clickAndWait(page, page.getByRole('button', { name: 'Gửi', exact: true }));
    await visible(page, 'Đã gửi tin nhắn.');
    await visible(page, 'Hợp tác xã có giao được hai đợt, mỗi đợt 250 chai không?');
    await expectAccessible(page, 'thread');
    await clickAndWait(page, page.getByRole('button', { name: 'Chấp nhận chào giá của Hộ kinh doanh Lò Văn Pọm' }));
    await visible(page, 'Đã chấp nhận chào giá.');
    await visible(page, 'Được chấp nhận');
    await clickAndWait(page, page.getByRole('link', { name: 'Xem hợp đồng tiêu thụ' }));
    await visible(page, 'Đang đàm phán');
    await visible(page, '80.000.000 ₫');
    await clickAndWait(page, page.getByRole('button', { name: /^Xác nhận đã ký: HĐ-2026-/ }));
    await visible(page, 'Đã xác nhận ký hợp đồng.');
    await visible(page, 'Tính là hợp đồng tiêu thụ');
    await expectAccessible(page, 'agreements');
    await fitsPhone(page);
    await shot(page, 'j16-trade-9-agreement');
  });

  it('the agreement shows in the province\'s statistics and the officers\' count', async () => {
    const { context, page } = await openPageAs(browser, s, officer);
    await page.goto('/admin/ket-noi/hop-dong');
    await visible(page, 'Hợp đồng tiêu thụ: 1');
    await expectAccessible(page, 'officer agreements');
    await shot(page, 'j16-trade-10-officer-agreements');
    await page.goto('/admin/statistics');
    const section = page.locator('#ket-noi-cung-cau');
    await expect(section.isVisible()).resolves.toBe(true);
    const tile = section.locator('.stat').filter({ has: page.locator('dt', { hasText: /^Hợp đồng tiêu thụ$/ }) });
    await expect(tile.locator('.stat-value').innerText()).resolves.toBe('1');
    const value = section.locator('.stat').filter({ has: page.locator('dt', { hasText: /^Giá trị hợp đồng$/ }) });
    await expect(value.locator('.stat-value').innerText()).resolves.toBe('80.000.000 ₫');
    await section.scrollIntoViewIfNeeded();
    await expectAccessible(page, 'statistics with trade figures');
    await shot(page, 'j16-trade-11-statistics');
    await context.close();
  });

  // ─── A fair ────────────────────────────────────────────────────────────────
  const FAIR = 'Hội chợ OCOP Thanh Hóa 2026';
  let fairPath = '';
  let exhibitors: { user: TestUser; product: string; booth: string; sales: string }[] = [];

  it('an officer of Thanh Hóa creates a fair and publishes it', async () => {
    const fishSauce = await createTestUser(s.deps, { role: 'producer', producerId: await producerOf(s, m.cat.ids.fishSauce), displayName: 'HTX Hải sản Ba Làng' });
    const camThuy = await createTestUser(s.deps, { role: 'producer', producerId: await producerOf(s, m.cat.ids.honeyCamThuy), displayName: 'HTX Nuôi ong Cẩm Tú' });
    exhibitors = [
      { user: m.sellerB, product: 'Mật ong rừng Pù Luông', booth: 'A01', sales: '12.500.000' },
      { user: fishSauce, product: 'Nước mắm cá cơm Ba Làng', booth: 'A02', sales: '8.000.000' },
      { user: camThuy, product: 'Mật ong hoa nhãn Cẩm Thủy', booth: 'B01', sales: '4.500.000' },
    ];
    const { context, page } = await openPageAs(browser, s, officer);
    await page.goto('/admin/su-kien');
    await clickAndWait(page, page.getByRole('link', { name: 'Tạo sự kiện' }));
    await page.getByLabel('Loại sự kiện').selectOption('fair');
    await page.getByLabel('Tên sự kiện').fill(FAIR);
    await page.getByLabel('Ngày bắt đầu').fill('2026-07-25');
    await page.getByLabel('Ngày kết thúc').fill('2026-07-27');
    await page.getByLabel(/^Tên địa điểm/).fill('Quảng trường Lam Sơn');
    await page.getByLabel('Địa chỉ', { exact: true }).fill('Đại lộ Lê Lợi');
    await page.getByLabel('Xã/phường').selectOption('14797');
    await page.getByLabel('Đơn vị tổ chức').fill('Sở Nông nghiệp và Môi trường Thanh Hóa');
    await page.getByLabel(/^Số gian hàng/).fill('20');
    await expectAccessible(page, 'event form');
    await clickAndWait(page, page.getByRole('button', { name: 'Lưu bản nháp' }));
    fairPath = new URL(page.url()).pathname;
    await visible(page, 'Đã lưu bản nháp sự kiện.');
    await clickAndWait(page, page.getByRole('button', { name: 'Công bố sự kiện' }));
    await visible(page, 'Đã công bố sự kiện.');
    await expectAccessible(page, 'event published');
    await shot(page, 'j16-event-1-published');
    await context.close();
  });

  it('three producers register with the products they bring', async () => {
    for (const [i, x] of exhibitors.entries()) {
      const { context, page } = await openPageAs(browser, s, x.user, i === 0 ? phone : {});
      await page.goto(fairPath);
      await page.getByLabel(x.product).check();
      if (i === 0) {
        await expectAccessible(page, 'event registration form');
        await fitsPhone(page);
        await shot(page, 'j16-event-2-register');
      }
      await clickAndWait(page, page.getByRole('button', { name: 'Gửi đăng ký' }));
      await visible(page, 'Đã gửi đăng ký tham gia.');
      await context.close();
    }
  });

  it('the officer approves them and allocates their booths', async () => {
    const { context, page } = await openPageAs(browser, s, officer);
    for (const x of exhibitors) {
      await page.goto(fairPath);
      const row = page.locator('table.data-table tbody tr').filter({ hasText: x.product });
      await clickAndWait(page, row.getByRole('button', { name: 'Duyệt' }));
      await visible(page, 'Đã duyệt đăng ký.');
      await page.getByLabel(/^Gian hàng/).fill(x.booth);
      await clickAndWait(page, page.getByRole('button', { name: 'Lưu gian hàng' }));
      await visible(page, 'Đã lưu gian hàng.');
    }
    await page.goto(fairPath);
    await expectAccessible(page, 'event with its exhibitors');
    await shot(page, 'j16-event-3-booths');
    await context.close();
  });

  it('the public event page lists the exhibitors with their booths', async () => {
    const { context, page } = await openPublicPage(browser, s, phone);
    await page.goto(fairPath.replace('/admin/su-kien', '/su-kien'));
    await expect(page.getByRole('heading', { name: FAIR }).isVisible()).resolves.toBe(true);
    for (const x of exhibitors) await visible(page, `Gian hàng ${x.booth}`);
    await visible(page, 'Hộ kinh doanh Lò Văn Pọm');
    await expectAccessible(page, 'public event page');
    await fitsPhone(page);
    await shot(page, 'j16-event-4-public');
    await context.close();
  });

  it('after the fair the exhibitors report their sales and the event\'s report sums them', async () => {
    day = Date.parse('2026-07-28T03:00:00Z');
    for (const [i, x] of exhibitors.entries()) {
      const { context, page } = await openPageAs(browser, s, x.user, i === 0 ? phone : {});
      await page.goto('/admin/su-kien');
      await clickAndWait(page, page.getByRole('link', { name: FAIR }).first());
      if (!page.url().includes('/dang-ky/')) await clickAndWait(page, page.getByRole('link', { name: 'Xem đăng ký' }));
      await page.getByLabel('Doanh số bán tại sự kiện (đồng)').fill(x.sales);
      if (i === 0) {
        await expectAccessible(page, 'reporting sales');
        await fitsPhone(page);
        await shot(page, 'j16-event-5-sales');
      }
      await clickAndWait(page, page.getByRole('button', { name: 'Lưu kết quả' }));
      await visible(page, 'Đã lưu kết quả tham gia.');
      await context.close();
    }
    const { context, page } = await openPageAs(browser, s, officer);
    await page.goto(`${fairPath}/bao-cao`);
    const total = page.locator('.stat').filter({ has: page.locator('dt', { hasText: /^Tổng doanh số$/ }) });
    await expect(total.locator('.stat-value').innerText()).resolves.toBe('25.000.000 ₫');
    await expectAccessible(page, 'event report');
    await shot(page, 'j16-event-6-report');
    // And the programme's statistics count them with the agreement.
    await page.goto('/admin/statistics');
    const sales = page.locator('#ket-noi-cung-cau .stat').filter({ has: page.locator('dt', { hasText: /^Doanh số tại sự kiện$/ }) });
    await expect(sales.locator('.stat-value').innerText()).resolves.toBe('25.000.000 ₫');
    await context.close();
  });
});

