/**
 * A buyer's account on the market (issue 15): signing up at once (API and page, CSRF, argon2id,
 * phone or username as login), the addresses kept (one default, set in a transaction; another
 * buyer's is 404), checkout offering them (and keeping a new one), the order history and a buyer's
 * own order opened without the phone. Review photos: market-review-photo.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';
import type { OrderDto } from '../../src/modules/market/market.schema';
import { asUser, expectError, json, login, testApp, type Headers, type Session, type TestApp } from '../helpers/app';
import { guestCheckout, seedMarket, type MarketFixture } from '../helpers/market-fixtures';
import { PORTAL_NOW } from '../helpers/portal-fixtures';
import { textOf } from '../helpers/html-forms';

let t: TestApp, m: MarketFixture;
let now = PORTAL_NOW;
beforeAll(async () => {
  t = await testApp({ clock: () => now, env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1' } });
  m = await seedMarket(t);
  // Enough stock for every order placed here (the fixture's is counted for the floor's words).
  await t.deps.database.db.execute(sql`update listing_variants set stock = 500`);
}, 60_000);
afterAll(() => t?.close());

const PASSWORD = 'mua-hang-OCOP-2026';
const HANOI_COMMUNE = '00070';
const post = (url: string, payload: unknown, headers: Headers = {}) => t.app.inject({ method: 'POST', url, payload: payload as object, headers });
const patch = (url: string, payload: unknown, headers: Headers) => t.app.inject({ method: 'PATCH', url, payload: payload as object, headers });
const get = (url: string, headers: Headers = {}) => t.app.inject({ method: 'GET', url, headers });
const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
/** The API error's field codes, once its status and code are as expected. */
const fieldCodes = (res: Parameters<typeof expectError>[0], status: number, code: string) =>
  (expectError(res, status, code) as { fieldCodes?: Record<string, string> }).fieldCodes;

/** A browser's cookies across requests (signed in with `session` when given), sending forms as a browser does. */
function browser(session?: Session) {
  const jar = new Map<string, string>(session ? [['ocop_sid', session.cookie.slice(session.cookie.indexOf('=') + 1)]] : []);
  const send = async (url: string, body?: { payload: string; headers: Headers }) => {
    const res = await t.app.inject({
      method: body ? 'POST' : 'GET', url, ...(body ? { payload: body.payload } : {}),
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/html', ...body?.headers },
    });
    const set = res.headers['set-cookie'];
    for (const c of (Array.isArray(set) ? set : set ? [set] : []) as string[]) {
      const pair = c.split(';')[0]!;
      const [k, v] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (v === '') jar.delete(k); else jar.set(k, v);
    }
    return res;
  };
  return {
    get: (url: string) => send(url),
    post: (url: string, form: Record<string, string>) => send(url, { payload: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
  };
}

let seq = 0;
/** A buyer signed up through the API, then signed in (cookie session and CSRF token). */
async function newBuyer(over: Record<string, unknown> = {}): Promise<{ id: string; username: string; session: Session }> {
  const phone = `09${String(12_000_000 + ++seq).padStart(8, '0')}`;
  const res = await post('/api/v1/market/buyers', { name: `Người Mua ${seq}`, phone, password: PASSWORD, ...over });
  expect(res.statusCode, res.body).toBe(201);
  const b = json(res);
  return { id: b.id, username: b.username, session: await login(t.app, b.username, PASSWORD) };
}

describe('signing up as a buyer', () => {
  it('API: at once, the phone as login, argon2id; the same phone again is 409 with a stable code', async () => {
    const res = await post('/api/v1/market/buyers', { name: '  Trần Thị Mua ', phone: '+84 912 555 001', email: 'Mua@Example.ORG', password: PASSWORD });
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res)).toMatchObject({ username: '0912555001', name: 'Trần Thị Mua', phone: '0912555001', email: 'Mua@example.org', role: 'buyer' });
    const [row] = await rows<{ role: string; password_hash: string }>(t.deps.database.db, sql`select role, password_hash from users where username = '0912555001'`);
    expect(row!.role).toBe('buyer');
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
    const me = await login(t.app, '0912555001', PASSWORD);
    expect(json(await get('/api/v1/auth/me', me.headers())).user.role).toBe('buyer');
    expect(fieldCodes(await post('/api/v1/market/buyers', { name: 'Ai Đó', phone: '0912 555 001', password: PASSWORD }), 409, 'duplicate'))
      .toEqual({ phone: 'buyer.phone_registered' });
  });

  it('API: a username of one\'s choice; every problem at once, as field codes', async () => {
    const res = await post('/api/v1/market/buyers', { name: 'Lê Văn Chọn', phone: '0912555002', username: 'le.chon', password: PASSWORD });
    expect(json(res)).toMatchObject({ username: 'le.chon', phone: '0912555002' });
    expect(fieldCodes(await post('/api/v1/market/buyers', { name: 'X', phone: '12345', email: 'khong@', username: '0912555999', password: 'ngan' }), 400, 'validation_failed')).toEqual({
      name: 'too_short', phone: 'market.phone', email: 'market.email', username: 'buyer.username_other_phone', password: 'password.too_short',
    });
    expect(fieldCodes(await post('/api/v1/market/buyers', { name: 'Lê Văn Trùng', phone: '0912555003', username: 'le.chon', password: PASSWORD }), 409, 'duplicate'))
      .toEqual({ username: 'username.taken' });
    expect(fieldCodes(await post('/api/v1/market/buyers', { name: 'Mật Khẩu', phone: '0912555004', password: 'abc0912555004x' }), 400, 'validation_failed'))
      .toEqual({ password: 'password.contains_username' });
  });

  it('API: two sign-ups of one phone at the same moment make one account, and the other a clean 409', async () => {
    const body = { name: 'Cùng Lúc', phone: '0912555005', password: PASSWORD };
    const answers = await Promise.all([post('/api/v1/market/buyers', body), post('/api/v1/market/buyers', body)]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
  });

  it('page: CSRF like every anonymous form, Vietnamese field errors, then signed in on the account page', async () => {
    const b = browser();
    const form = await b.get('/dang-ky-mua-hang?next=%2Fgio-hang');
    expect(form.statusCode).toBe(200);
    expect(form.headers['cache-control']).toBe('private, no-store');
    const token = tokenOf(form.body);
    expect(token).not.toBe('');
    const fields = { name: 'Phạm Thị Trang', phone: '0912 555 010', email: '', username: '', password: PASSWORD, passwordAgain: PASSWORD };
    expect((await b.post('/dang-ky-mua-hang', fields)).statusCode).toBe(403);
    const bad = await b.post('/dang-ky-mua-hang', { ...fields, _csrf: token, phone: 'không có', passwordAgain: 'khac-nhau-123' });
    expect(bad.statusCode).toBe(400);
    const text = textOf(bad.body);
    expect(text).toContain('Số điện thoại không đúng định dạng Việt Nam.');
    expect(text).toContain('Hai lần nhập mật khẩu không khớp.');
    expect(bad.body).toContain('value="Phạm Thị Trang"');
    expect(bad.body).not.toContain(PASSWORD);
    const ok = await b.post('/dang-ky-mua-hang', { ...fields, _csrf: token, next: '/gio-hang' });
    expect([ok.statusCode, ok.headers.location]).toEqual([303, '/gio-hang']);
    const account = await b.get('/tai-khoan?moi=1');
    expect(account.statusCode).toBe(200);
    expect(textOf(account.body)).toContain('Lần sau bạn đăng nhập bằng: 0912555010');
    // Signed in already: the sign-up page sends a buyer to their account.
    expect((await b.get('/dang-ky-mua-hang')).headers.location).toBe('/tai-khoan');
  });

  it('the login page, the cart and checkout invite to create one', async () => {
    expect((await get('/login')).body).toContain('href="/dang-ky-mua-hang"');
    const b = browser();
    await b.get(`/gio-hang/them?v=${m.a250}&sl=1`);
    const cart = textOf((await b.get('/gio-hang')).body);
    expect(cart).toContain('Tạo tài khoản để lưu địa chỉ và theo dõi đơn');
  });
});

describe('kept addresses', () => {
  let a: Awaited<ReturnType<typeof newBuyer>>;
  const api = (path = '') => `/api/v1/market/me/addresses${path}`;
  const address = (over: Record<string, unknown> = {}) => ({ recipientName: 'Nguyễn Văn Nhận', phone: '0987 000 111', communeCode: HANOI_COMMUNE, street: '12 Hàng Đường', ...over });
  const defaults = async (headers: Headers) => (json(await get(api(), headers)).items as { id: string; isDefault: boolean }[]).filter((x) => x.isDefault).map((x) => x.id);
  beforeAll(async () => { a = await newBuyer(); });

  it('the first is the default; another made the default takes it over; the phone kept in its domestic form', async () => {
    const h = a.session.headers();
    expect(json(await get(api(), h)).items).toEqual([]);
    const first = json(await post(api(), address(), h));
    expect(first).toMatchObject({ isDefault: true, phone: '0987000111', provinceCode: '01', communeCode: HANOI_COMMUNE });
    expect(first.communeName).not.toBe('');
    const second = json(await post(api(), address({ street: '5 Hàng Bạc', isDefault: true }), h));
    expect(second.isDefault).toBe(true);
    expect(await defaults(h)).toEqual([second.id]);
    const changed = json(await patch(api(`/${first.id}`), { street: '14 Hàng Đường', isDefault: true }, h));
    expect(changed).toMatchObject({ street: '14 Hàng Đường', isDefault: true });
    expect(await defaults(h)).toEqual([first.id]);
    // Deleting the default hands it to the newest other one.
    expect((await t.app.inject({ method: 'DELETE', url: api(`/${first.id}`), headers: h })).statusCode).toBe(204);
    expect(await defaults(h)).toEqual([second.id]);
  });

  it('refuses a commune outside the list, a bad phone and an empty street with field codes', async () => {
    expect(fieldCodes(await post(api(), address({ communeCode: '99999', phone: '123', street: '' }), a.session.headers()), 400, 'validation_failed'))
      .toEqual({ communeCode: 'market.unknown_commune', phone: 'market.phone', street: 'required' });
  });

  it('makes many the default at once: exactly one default, no error', async () => {
    const b = await newBuyer();
    const h = b.session.headers();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(json(await post(api(), address({ street: `${i + 1} Hàng Mã` }), h)).id);
    const answers = await Promise.all(ids.map((id) => patch(api(`/${id}`), { isDefault: true }, h)));
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(await defaults(h)).toHaveLength(1);
  });

  it('another buyer\'s address does not exist for them; other roles and strangers are refused', async () => {
    const mine = json(await post(api(), address(), a.session.headers()));
    const other = await newBuyer();
    for (const res of [
      await get(api(`/${mine.id}`), other.session.headers()),
      await patch(api(`/${mine.id}`), { street: 'Chiếm' }, other.session.headers()),
      await t.app.inject({ method: 'DELETE', url: api(`/${mine.id}`), headers: other.session.headers() }),
      await get(api('/khong-phai-uuid'), other.session.headers()),
    ]) expectError(res, 404, 'not_found');
    expect(json(await get(api(`/${mine.id}`), a.session.headers())).street).toBe('12 Hàng Đường');
    expectError(await get(api(), m.sellerA.headers()), 403, 'forbidden');
    expectError(await get(api()), 401, 'unauthenticated');
    expectError(await get('/api/v1/market/me/orders', m.sellerA.headers()), 403, 'forbidden');
  });

  it('keeps at most 20', async () => {
    const b = await newBuyer();
    for (let i = 0; i < 20; i++) expect((await post(api(), address({ street: `${i + 1} Lãn Ông` }), b.session.headers())).statusCode).toBe(201);
    expect(fieldCodes(await post(api(), address(), b.session.headers()), 409, 'conflict')).toEqual({ form: 'buyer.address_limit' });
  });

  it('pages: add (province, then commune), change, make default and delete, in Vietnamese', async () => {
    const buyer = await newBuyer();
    const b = browser(buyer.session);
    const empty = await b.get('/tai-khoan/dia-chi');
    expect(textOf(empty.body)).toContain('Bạn chưa lưu địa chỉ nào.');
    const form = await b.get('/tai-khoan/dia-chi/them?tinh=01');
    expect(form.body).toContain(`value="${HANOI_COMMUNE}"`);
    const token = tokenOf(form.body);
    const bad = await b.post('/tai-khoan/dia-chi/them', { _csrf: token, province: '01', recipientName: '', phone: 'abc', communeCode: HANOI_COMMUNE, street: '' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Số điện thoại không đúng định dạng Việt Nam.');
    expect(textOf(bad.body)).toContain('Bắt buộc: hãy nhập hoặc chọn giá trị.');
    for (const street of ['3 Hàng Gai', '9 Hàng Bông']) {
      const ok = await b.post('/tai-khoan/dia-chi/them', { _csrf: token, province: '01', recipientName: 'Đỗ Thị Nhận', phone: '0987000222', communeCode: HANOI_COMMUNE, street });
      expect([ok.statusCode, ok.headers.location]).toEqual([303, '/tai-khoan/dia-chi?done=saved']);
    }
    const list = json(await get('/api/v1/market/me/addresses', buyer.session.headers())).items as { id: string; street: string; isDefault: boolean }[];
    const gai = list.find((x) => x.street === '3 Hàng Gai')!;
    const bong = list.find((x) => x.street === '9 Hàng Bông')!;
    expect([gai.isDefault, bong.isDefault]).toEqual([true, false]);
    const edit = await b.get(`/tai-khoan/dia-chi/${bong.id}/sua`);
    expect(edit.body).toContain('value="9 Hàng Bông"');
    expect((await b.post(`/tai-khoan/dia-chi/${bong.id}/sua`, { _csrf: token, province: '01', recipientName: 'Đỗ Thị Nhận', phone: '0987000222', communeCode: HANOI_COMMUNE, street: '11 Hàng Bông' })).statusCode).toBe(303);
    expect((await b.post(`/tai-khoan/dia-chi/${bong.id}/mac-dinh`, { _csrf: token })).headers.location).toBe('/tai-khoan/dia-chi?done=default');
    const page = textOf((await b.get('/tai-khoan/dia-chi?done=default')).body);
    expect(page).toContain('Đã đặt làm địa chỉ mặc định.');
    expect(page).toContain('11 Hàng Bông');
    expect((await b.post(`/tai-khoan/dia-chi/${gai.id}/xoa`, { _csrf: token })).headers.location).toBe('/tai-khoan/dia-chi?done=deleted');
    // Another buyer's address: a 404 page, and it stays.
    const other = browser((await newBuyer()).session);
    expect((await other.get(`/tai-khoan/dia-chi/${bong.id}/sua`)).statusCode).toBe(404);
    const otherToken = tokenOf((await other.get('/tai-khoan/dia-chi')).body);
    expect((await other.post(`/tai-khoan/dia-chi/${bong.id}/xoa`, { _csrf: otherToken })).statusCode).toBe(404);
    expect(json(await get('/api/v1/market/me/addresses', buyer.session.headers())).items).toHaveLength(1);
    // Not signed in: to the login page; another role: refused.
    expect((await browser().get('/tai-khoan/dia-chi')).headers.location).toBe('/login?next=%2Ftai-khoan%2Fdia-chi');
    const seller = await asUser(t.app, t.deps, { role: 'producer', producerId: m.cat.producerIds.meoVac, login: true });
    expect((await t.app.inject({ url: '/tai-khoan', headers: { cookie: seller.cookie!, accept: 'text/html' } })).statusCode).toBe(403);
  });
});

describe('checkout with an account, and the order history', () => {
  let buyer: Awaited<ReturnType<typeof newBuyer>>;
  let b: ReturnType<typeof browser>;
  let kept: { id: string };
  beforeAll(async () => {
    buyer = await newBuyer({ email: 'nguoimua@example.org' });
    kept = json(await post('/api/v1/market/me/addresses', { recipientName: 'Vũ Thị Kho', phone: '0987000333', communeCode: HANOI_COMMUNE, street: '21 Hàng Điếu' }, buyer.session.headers()));
    b = browser(buyer.session);
  });

  it('offers the kept addresses (the default ticked), orders to one, and the order is in the history', async () => {
    await b.get(`/gio-hang/them?v=${m.a250}&sl=1`);
    const cart = await b.get('/gio-hang');
    expect(cart.body).toMatch(new RegExp(`name="addressId" value="${kept.id}" checked`));
    expect(cart.body).toContain('value="nguoimua@example.org"');
    expect(textOf(cart.body)).toContain('21 Hàng Điếu');
    const placed = await b.post('/gio-hang/dat-hang', { _csrf: tokenOf(cart.body), addressId: kept.id, email: 'nguoimua@example.org', payment: 'cod', [`p_${m.a250}`]: '120000' });
    expect([placed.statusCode, placed.headers.location], placed.body.slice(0, 300)).toEqual([303, '/don-hang/vua-dat']);
    const mine = json(await get('/api/v1/market/me/orders', buyer.session.headers()));
    expect(mine).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(mine.items[0]).toMatchObject({ buyer: { name: 'Vũ Thị Kho', phone: '0987000333', email: 'nguoimua@example.org' }, address: { street: '21 Hàng Điếu', communeCode: HANOI_COMMUNE } });
  });

  it('a new address with "lưu địa chỉ này" is kept; another buyer\'s address is refused with a message', async () => {
    await b.get(`/gio-hang/them?v=${m.b500}&sl=1`);
    const form = await b.get('/gio-hang?dia-chi=moi');
    expect(form.body).toContain('name="save"');
    expect(form.body).toContain(`value="Người Mua ${seq}"`);
    const token = tokenOf(form.body);
    const stranger = await newBuyer();
    const theirs = json(await post('/api/v1/market/me/addresses', { recipientName: 'Người Lạ', phone: '0987000444', communeCode: HANOI_COMMUNE, street: '1 Lạ' }, stranger.session.headers()));
    const refused = await b.post('/gio-hang/dat-hang', { _csrf: token, addressId: theirs.id, payment: 'cod' });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain('Hãy chọn một địa chỉ đã lưu của bạn.');
    const placed = await b.post('/gio-hang/dat-hang', {
      _csrf: token, name: 'Vũ Văn Mới', phone: '0987000555', email: '', communeCode: HANOI_COMMUNE, street: '8 Hàng Chiếu', save: 'on', payment: 'cod',
    });
    expect(placed.statusCode, placed.body.slice(0, 300)).toBe(303);
    const addresses = json(await get('/api/v1/market/me/addresses', buyer.session.headers())).items as { street: string; isDefault: boolean }[];
    expect(addresses.map((x) => [x.street, x.isDefault])).toEqual([['21 Hàng Điếu', true], ['8 Hàng Chiếu', false]]);
  });

  it('lists the orders newest first, paged, in the order page\'s words, each opening without the phone', async () => {
    // An order placed without signing in is not the account's.
    expect((await post('/api/v1/market/checkout', guestCheckout([{ variantId: m.a250, quantity: 1 }], 'cod'))).statusCode).toBe(201);
    const placed: string[] = [];
    for (let i = 1; i <= 10; i++) {
      now = new Date(PORTAL_NOW.getTime() + i * 60_000);
      const res = await post('/api/v1/market/checkout', { ...guestCheckout([{ variantId: m.b500, quantity: 1 }], 'vietqr') }, buyer.session.headers());
      expect(res.statusCode, res.body).toBe(201);
      placed.push(json(res).orders[0].code);
    }
    now = PORTAL_NOW;
    const api = json(await get('/api/v1/market/me/orders?pageSize=100', buyer.session.headers()));
    expect(api.total).toBe(12);
    expect((api.items as OrderDto[]).slice(0, 10).map((o) => o.code)).toEqual([...placed].reverse());
    const first = await b.get('/tai-khoan/don-hang');
    expect(first.statusCode).toBe(200);
    const codes = [...first.body.matchAll(/href="\/don-hang\/(DH[0-9A-Z]{8})"/g)].map((x) => x[1]);
    expect(codes).toEqual((api.items as OrderDto[]).slice(0, 10).map((o) => o.code));
    expect(textOf(first.body)).toContain('Chờ xác nhận');
    expect(first.body).toContain('href="/tai-khoan/don-hang?trang=2"');
    const second = await b.get('/tai-khoan/don-hang?trang=2');
    expect([...second.body.matchAll(/href="\/don-hang\/(DH[0-9A-Z]{8})"/g)].map((x) => x[1])).toEqual((api.items as OrderDto[]).slice(10).map((o) => o.code));
    // Their own order opens by its address, no phone asked; a stranger is asked for it.
    const own = await b.get(`/don-hang/${codes[0]}`);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain(`id="order-${codes[0]}"`);
    const guest = await browser().get(`/don-hang/${codes[0]}`);
    expect(guest.statusCode).toBe(200);
    expect(guest.body).not.toContain(`id="order-${codes[0]}"`);
    expect(textOf(guest.body)).toContain(`Nhập số điện thoại đã dùng khi đặt đơn ${codes[0]} để xem đơn.`);
    // The account page shows the newest three.
    expect([...(await b.get('/tai-khoan')).body.matchAll(/href="\/don-hang\/(DH[0-9A-Z]{8})"/g)].map((x) => x[1])).toEqual(codes.slice(0, 3));
  });
});
