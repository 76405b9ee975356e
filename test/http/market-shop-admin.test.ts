/**
 * The shop's back office beyond the orders queue (issue 15): every shop setting edited from its
 * form, a change made meanwhile refused in Vietnamese; the bank-notification key shown once and
 * the Casso secret set and cleared; a listing's variants added, changed, withdrawn, with GTINs
 * checked and a sale meanwhile never overwritten; the stock alerts on the shop page. Forms are
 * read from the pages and submitted as a browser would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutResult, ListingDto, ShopDto } from '../../src/modules/market/market.schema';
import { asUser, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { guestCheckout, seedMarket, type MarketFixture } from '../helpers/market-fixtures';
import { PORTAL_NOW } from '../helpers/portal-fixtures';
import { errorSummaryItemsOf, fieldErrorsOf, formsOf, textOf, type HtmlForm } from '../helpers/html-forms';

let t: TestApp, m: MarketFixture, seller: AuthedUser;
beforeAll(async () => {
  t = await testApp({ clock: () => PORTAL_NOW, env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1', PUBLIC_BASE_URL: 'https://ocop.example.vn' } });
  m = await seedMarket(t);
  seller = await asUser(t.app, t.deps, { role: 'producer', producerId: m.cat.producerIds.meoVac, login: true });
}, 60_000);
afterAll(() => t?.close());

const page = (url: string, user = seller) => t.app.inject({ url, headers: user.sessionHeaders() });
/** The page's form posting to `action`. */
const postForm = (html: string, action: string) => formsOf(html).find((f: HtmlForm) => f.method === 'post' && f.action === action);
/** The form posting to `action` on the page, submitted with its own values changed by `change` (a checkbox: 'on' ticks it, '' unticks it). */
async function submit(user: AuthedUser, html: string, action: string, change: Record<string, string> = {}) {
  const form = postForm(html, action);
  expect(form, `a form posting to ${action}`).toBeDefined();
  const body = new URLSearchParams();
  for (const f of form!.fields) {
    const value = f.name in change ? change[f.name]! : f.kind === 'checkbox' ? (f.checked ? 'on' : '') : f.value;
    if (f.kind === 'checkbox' && value !== 'on') continue;
    body.set(f.name, value);
  }
  for (const [k, v] of Object.entries(change)) if (!body.has(k) && v) body.set(k, v);
  return t.app.inject({ method: 'POST', url: action, headers: { ...user.sessionHeaders(), 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
}
const shopNow = async () => json<ShopDto>(await t.app.inject({ url: `/api/v1/market/shops/${m.shopA.id}`, headers: seller.headers() }));
const listingNow = async (id = m.listingA.id) => json<ListingDto>(await t.app.inject({ url: `/api/v1/market/shop-listings/${id}`, headers: seller.headers() }));

describe('shop settings', () => {
  const settings = () => `/admin/cua-hang/${m.shopA.id}/cai-dat`;

  it('every setting is edited from the form, the pickup commune picked in another province', async () => {
    const shopPage = await page(`/admin/cua-hang/${m.shopA.id}`);
    expect(shopPage.body).toContain(`href="${settings()}"`);
    // The province first (its communes listed), then the rest of the form.
    const form = await page(`${settings()}?tinh=38`);
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain('Xã/phường lấy hàng');
    const res = await submit(seller, form.body, settings(), {
      name: 'HTX Ong mật Mèo Vạc (mới)', description: 'Mật ong bạc hà cao nguyên đá', status: 'paused', phone: '0987 111 222', email: 'moi@example.org',
      communeCode: '14956', street: 'Bản Đôn, xã mới', bankBin: '970418', bankAccount: '2151 0009 8765', bankHolder: 'htx ong mat',
      shipIn: '30.000', shipOut: '45 000', shipFreeFrom: '', returnDays: '0', returnPolicy: 'Không đổi trả hàng thực phẩm.', payWithinHours: '48',
    });
    expect([res.statusCode, res.headers.location], res.body.slice(0, 500)).toEqual([303, `${settings()}?done=saved`]);
    expect(await shopNow()).toMatchObject({
      name: 'HTX Ong mật Mèo Vạc (mới)', description: 'Mật ong bạc hà cao nguyên đá', status: 'paused', phone: '0987111222', email: 'moi@example.org',
      pickup: { communeCode: '14956', provinceCode: '38', street: 'Bản Đôn, xã mới' }, bank: { bin: '970418', accountNumber: '215100098765', holder: 'HTX ONG MAT' },
      shipping: { inProvince: 30_000, otherProvinces: 45_000, freeFrom: null }, returnDays: 0, returnPolicy: 'Không đổi trả hàng thực phẩm.', payWithinHours: 48,
    });
    const saved = await page(`${settings()}?done=saved`);
    expect(textOf(saved.body)).toContain('Đã lưu thông tin cửa hàng.');
    // Paused: off the floor, and said on the shop page.
    expect(textOf((await page(`/admin/cua-hang/${m.shopA.id}`)).body)).toContain('Cửa hàng đang tạm nghỉ');
    expect(json(await t.app.inject(`/api/v1/market/listings/${m.listingA.id}`)).error.code).toBe('not_found');
    const back = await submit(seller, saved.body, settings(), { status: 'open', shipFreeFrom: '500000', communeCode: '00769' });
    expect(back.statusCode, back.body.slice(0, 500)).toBe(303);
    expect(await shopNow()).toMatchObject({ status: 'open', shipping: { freeFrom: 500_000 }, pickup: { communeCode: '00769', provinceCode: '08' } });
  });

  it('names every bad field in Vietnamese, saving nothing', async () => {
    const before = await shopNow();
    const form = await page(settings());
    const res = await submit(seller, form.body, settings(), { name: '', phone: '123', email: 'khong-phai-thu', shipIn: 'hai mươi', returnDays: '99', payWithinHours: '0', bankBin: '123456', status: 'dong-cua' });
    expect(res.statusCode).toBe(400);
    const errors = Object.fromEntries(fieldErrorsOf(res.body).map((e) => [e.id, e.text]));
    expect(errors).toMatchObject({
      'field-phone-error': 'Số điện thoại không đúng định dạng Việt Nam.', 'field-shipIn-error': 'Nhập số tiền bằng chữ số, ví dụ 25000.',
      'field-returnDays-error': 'Giá trị nằm ngoài khoảng cho phép.', 'field-status-error': 'Hãy chọn một giá trị trong danh sách.',
    });
    expect(Object.keys(errors)).toEqual(expect.arrayContaining(['field-name-error', 'field-email-error', 'field-payWithinHours-error']));
    expect(errorSummaryItemsOf(res.body).map((i) => i.text)).toContain('Số điện thoại cửa hàng: Số điện thoại không đúng định dạng Việt Nam.');
    // The typed values are kept in the form.
    expect(postForm(res.body, settings())!.fields.find((f) => f.name === 'phone')!.value).toBe('123');
    // Checked by the service after the schema: a bank outside the list.
    const bank = await submit(seller, form.body, settings(), { bankBin: '123456' });
    expect(textOf(bank.body)).toContain('Hãy chọn ngân hàng trong danh sách.');
    expect(await shopNow()).toEqual(before);
  });

  it('a change made meanwhile is refused with a clear message and the latest settings shown', async () => {
    const form = await page(settings());
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/market/shops/${m.shopA.id}`, headers: seller.headers(), payload: { phone: '0912 000 111' } });
    expect(patched.statusCode).toBe(200);
    const res = await submit(seller, form.body, settings(), { name: 'Ghi đè' });
    expect(res.statusCode).toBe(409);
    expect(textOf(res.body)).toContain('Không lưu được: thông tin cửa hàng vừa được thay đổi ở nơi khác');
    const shown = postForm(res.body, settings())!.fields;
    expect(shown.find((f) => f.name === 'phone')!.value).toBe('0912000111');
    expect(await shopNow()).toMatchObject({ name: 'HTX Ong mật Mèo Vạc (mới)', phone: '0912000111' });
  });

  it('an officer keeping the producer edits it; an officer elsewhere cannot; an inspector only reads the shop', async () => {
    const near = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '08', login: true });
    const far = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38', login: true });
    const inspector = await asUser(t.app, t.deps, { role: 'inspector', areaCode: '08', login: true });
    const form = await page(settings(), near);
    expect(form.statusCode).toBe(200);
    expect((await submit(near, form.body, settings(), { returnDays: '10' })).statusCode).toBe(303);
    expect((await shopNow()).returnDays).toBe(10);
    expect((await page(settings(), far)).statusCode).toBe(404);
    expect((await page(settings(), inspector)).statusCode).toBe(403);
    const read = await page(`/admin/cua-hang/${m.shopA.id}`, inspector);
    expect(read.statusCode).toBe(200);
    expect(read.body).not.toContain(`href="${settings()}"`);
  });
});

describe('bank notifications from the settings page', () => {
  const base = () => `/admin/cua-hang/${m.shopA.id}/cai-dat/bao-co`;

  it('a SePay key is shown once with the address to post to, and works; a new key retires it', async () => {
    const form = await page(`/admin/cua-hang/${m.shopA.id}/cai-dat`);
    expect(textOf(form.body)).toContain('https://ocop.example.vn/api/v1/market/payments/notifications');
    expect(textOf(form.body)).toContain(`https://ocop.example.vn/api/v1/market/payments/casso/${m.shopA.id}`);
    const made = await submit(seller, form.body, `${base()}/khoa`);
    expect(made.statusCode).toBe(200);
    expect(made.headers['cache-control']).toContain('no-store');
    const key = /<code>(ocopbank_[^<]+)<\/code>/.exec(made.body)?.[1];
    expect(key).toBeDefined();
    expect(textOf(made.body)).toContain('Khoá chỉ hiện một lần');
    expect((await page(`/admin/cua-hang/${m.shopA.id}/cai-dat`)).body).not.toContain(key!);
    const notify = (k: string) => t.app.inject({ method: 'POST', url: '/api/v1/market/payments/notifications', headers: { authorization: `Apikey ${k}` },
      payload: { id: 'key-test', transferType: 'in', transferAmount: 1000, content: 'CK' } });
    expect(json(await notify(key!))).toMatchObject({ success: true, outcome: 'unknown_order' });
    const again = await submit(seller, made.body, `${base()}/khoa`);
    expect(again.statusCode).toBe(200);
    expect((await notify(key!)).statusCode).toBe(401);
    expect((await shopNow()).bankNotificationServices).toEqual(['sepay']);
  });

  it('the Casso secret is set, never shown, cleared; a malformed one is a field error', async () => {
    const form = await page(`/admin/cua-hang/${m.shopA.id}/cai-dat`);
    const bad = await submit(seller, form.body, `${base()}/bi-mat`, { secret: 'ngắn quá' });
    expect(bad.statusCode).toBe(400);
    expect(fieldErrorsOf(bad.body)).toEqual([{ id: 'field-secret-error', text: 'Dán nguyên Key bảo mật của tích hợp Webhook V2 trên Casso (16–200 ký tự, không có dấu cách).' }]);
    const secret = 'g3oZ950pJQ4k6REhOPGkx37RsXgWz9QJ9RCAZ7i0yagLF32XQZtemQ6r3JIo4MCr';
    const set = await submit(seller, form.body, `${base()}/bi-mat`, { secret });
    expect([set.statusCode, set.headers.location]).toEqual([303, `/admin/cua-hang/${m.shopA.id}/cai-dat?done=secret#bao-co`]);
    const shown = await page(`/admin/cua-hang/${m.shopA.id}/cai-dat?done=secret`);
    expect(textOf(shown.body)).toContain('Đã kết nối Casso');
    expect(shown.body).not.toContain(secret);
    expect((await shopNow()).bankNotificationServices).toEqual(['sepay', 'casso']);
    const cleared = await submit(seller, shown.body, `${base()}/bi-mat/go`);
    expect(cleared.statusCode).toBe(303);
    expect((await shopNow()).bankNotificationServices).toEqual(['sepay']);
  });
});

describe('a listing\'s variants', () => {
  const edit = () => `/admin/cua-hang/${m.shopA.id}/san-pham/${m.listingA.id}`;
  const field = (listing: ListingDto, name: string) => listing.variants.findIndex((v) => v.name === name);

  it('the shop page links every listing to its form; a variant is changed, one added with its GTIN, one withdrawn', async () => {
    expect((await page(`/admin/cua-hang/${m.shopA.id}`)).body).toContain(`href="${edit()}"`);
    const before = await listingNow();
    const form = await page(edit());
    expect(form.statusCode).toBe(200);
    const i250 = field(before, 'Chai 250 g');
    const i500 = field(before, 'Chai 500 g');
    const n = before.variants.length;
    const res = await submit(seller, form.body, edit(), {
      [`v${i250}_price`]: '125.000', [`v${i250}_sku`]: 'MV-250', [`v${i500}_active`]: '',
      [`v${n}_name`]: 'Hộp quà 2 chai', [`v${n}_price`]: '350000', [`v${n}_stock`]: '6', [`v${n}_gtin`]: '8934563138165',
    });
    expect([res.statusCode, res.headers.location], res.body.slice(0, 600)).toEqual([303, `${edit()}?done=saved`]);
    const after = await listingNow();
    expect(after.variants).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'Chai 250 g', price: 125_000, sku: 'MV-250', active: true }),
      expect.objectContaining({ name: 'Chai 500 g', active: false }),
      expect.objectContaining({ name: 'Hộp quà 2 chai', price: 350_000, stock: 6, gtin: '8934563138165', active: true }),
    ]));
    // Withdrawn from sale: the public listing no longer offers it.
    const pub = json<ListingDto>(await t.app.inject(`/api/v1/market/listings/${m.listingA.id}`));
    expect(pub.variants.map((v) => v.name).sort()).toEqual(['Chai 250 g', 'Hộp quà 2 chai']);
    // Back on sale from the same form.
    const again = await submit(seller, (await page(edit())).body, edit(), { [`v${field(after, 'Chai 500 g')}_active`]: 'on' });
    expect(again.statusCode).toBe(303);
    expect((await listingNow()).variants.find((v) => v.name === 'Chai 500 g')!.active).toBe(true);
  });

  it('refuses a wrong GTIN check digit, a twice-used name, no variant on sale — in Vietnamese, on the right field', async () => {
    const form = await page(edit());
    const res = await submit(seller, form.body, edit(), { v0_gtin: '8934563138166', v1_name: (await listingNow()).variants[0]!.name, v0_price: '0' });
    expect(res.statusCode).toBe(400);
    const errors = Object.fromEntries(fieldErrorsOf(res.body).map((e) => [e.id, e.text]));
    expect(errors).toMatchObject({ 'field-v0_price-error': 'Nhập giá bán bằng chữ số, lớn hơn 0, ví dụ 120000.' });
    const gtin = await submit(seller, form.body, edit(), { v0_gtin: '8934563138166', v1_name: (await listingNow()).variants[0]!.name });
    const named = Object.fromEntries(fieldErrorsOf(gtin.body).map((e) => [e.id, e.text]));
    expect(named).toEqual({
      'field-v0_gtin-error': 'Mã vạch không đúng: cần 8, 12, 13 hoặc 14 chữ số và số kiểm tra (số cuối) phải khớp.',
      'field-v1_name-error': 'Hai quy cách không được trùng tên.',
    });
    const rows = (await listingNow()).variants.length;
    const none = await submit(seller, form.body, edit(), Object.fromEntries(Array.from({ length: rows }, (_, i) => [`v${i}_active`, ''])));
    expect(fieldErrorsOf(none.body).map((e) => e.text)).toContain('Cần ít nhất một quy cách đang bán (muốn ngừng bán cả sản phẩm thì chọn trạng thái Ẩn).');
    // The API refuses the same, with the field codes.
    const api = await t.app.inject({ method: 'PATCH', url: `/api/v1/market/listings/${m.listingA.id}`, headers: seller.headers(), payload: { variants: [{ name: 'X', price: 1000, stock: 1, gtin: '8934563138166' }] } });
    expect(json(api).error.fieldCodes).toEqual({ 'variants.0.gtin': 'market.gtin' });
    // GTIN-8 and GTIN-14 are checked too.
    const ok = await t.app.inject({ method: 'PATCH', url: `/api/v1/market/listings/${m.listingB.id}`, headers: m.sellerB.headers(), payload: { variants: [
      { id: m.b500, name: 'Chai 500 ml', price: 180_000, stock: 10, gtin: '96385074' }, { name: 'Thùng 12 chai', price: 2_000_000, stock: 2, gtin: '18934563138162' }] } });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('a sale while the form is open: an unchanged stock keeps the sale, a changed one is refused', async () => {
    const now = await listingNow();
    const row = field(now, 'Chai 250 g');
    const v = now.variants[row]!;
    const buy = async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/market/checkout', payload: guestCheckout([{ variantId: v.id, quantity: 2 }], 'cod') });
      expect(json<CheckoutResult>(res).orders).toHaveLength(1);
    };
    const first = await page(edit());
    await buy();
    const stale = await submit(seller, first.body, edit(), { [`v${row}_stock`]: '50' });
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain('Không lưu được: sản phẩm vừa thay đổi sau khi bạn mở trang');
    expect((await listingNow()).variants.find((x) => x.id === v.id)!.stock).toBe(v.stock - 2);
    const second = await page(edit());
    await buy();
    const priced = await submit(seller, second.body, edit(), { [`v${row}_price`]: '130000' });
    expect(priced.statusCode).toBe(303);
    expect((await listingNow()).variants.find((x) => x.id === v.id)).toMatchObject({ price: 130_000, stock: v.stock - 4 });
  });

  it('shows the stock alerts on the shop page; another shop\'s listing is not found', async () => {
    const row = field(await listingNow(), 'Chai 500 g');
    expect((await submit(seller, (await page(edit())).body, edit(), { [`v${row}_stock`]: '0' })).statusCode).toBe(303);
    const shop = textOf((await page(`/admin/cua-hang/${m.shopA.id}`)).body);
    expect(shop).toMatch(/\d+ quy cách sắp hết hoặc đã hết hàng/);
    expect(shop).toContain('Mật ong bạc hà Mèo Vạc · Chai 500 g: Hết hàng');
    expect((await page(`/admin/cua-hang/${m.shopA.id}/san-pham/${m.listingB.id}`)).statusCode).toBe(404);
  });
});
