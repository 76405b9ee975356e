/**
 * The marketplace API (issue 15, api.md "Marketplace", docs/decisions/036): shops and listings
 * kept by producers and officers, the public floor (only products certified today), checkout
 * into one order per shop with VietQR payloads that decode to the shop's own account, stock
 * never oversold, idempotent retries, the order's moves and guards, bank notifications, expiry.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { rows } from '../../src/db/client';
import { readVietQr } from '../../src/modules/market/vietqr';
import { expireUnpaidOrders } from '../../src/modules/market/orders.service';
import { releaseStaleHolds, STALE_HOLD_MS } from '../../src/modules/market/checkout.service';
import { takeStock } from '../../src/modules/market/orders.repository';
import { ListingQuerySchema, type CheckoutResult, type ListingDto, type OrderDto } from '../../src/modules/market/market.schema';
import { floorIndex, searchFloorIndex } from '../../src/modules/market/floor.index';
import { searchListings } from '../../src/modules/market/market.repository';
import { asUser, expectError, json, testApp, type AuthedUser, type Headers, type TestApp } from '../helpers/app';
import { guestCheckout, producerOf, seedMarket, shopInput, type MarketFixture } from '../helpers/market-fixtures';
import { PORTAL_NOW } from '../helpers/portal-fixtures';

let t: TestApp, m: MarketFixture, admin: AuthedUser;
let now = PORTAL_NOW;

const get = (url: string, headers: Headers = {}) => t.app.inject({ method: 'GET', url, headers });
const post = (url: string, payload: unknown, headers: Headers = {}) => t.app.inject({ method: 'POST', url, headers, payload: payload as object });
const patch = (url: string, payload: unknown, headers: Headers = {}) => t.app.inject({ method: 'PATCH', url, headers, payload: payload as object });
const stockOf = async (variantId: string) => (await rows<{ stock: number }>(t.deps.database.db, sql`select stock from listing_variants where id = ${variantId}::uuid`))[0]!.stock;
const holds = async () => Number((await rows<{ n: string }>(t.deps.database.db, sql`select count(*) as n from stock_holds`))[0]!.n);
const orderCount = async () => Number((await rows<{ n: string }>(t.deps.database.db, sql`select count(*) as n from orders`))[0]!.n);
const place = async (items: Parameters<typeof guestCheckout>[0], payment: 'cod' | 'vietqr' = 'vietqr', headers: Headers = {}) => {
  const res = await post('/api/v1/market/checkout', guestCheckout(items, payment), headers);
  expect(res.statusCode, res.body).toBe(201);
  return json<CheckoutResult>(res);
};
const shopAct = (user: AuthedUser, code: string, body: unknown) => post(`/api/v1/market/shop-orders/${code}/actions`, body, user.headers());

beforeAll(async () => {
  t = await testApp({ clock: () => now, env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1' } });
  m = await seedMarket(t);
  admin = await asUser(t.app, t.deps, { role: 'national_admin' });
}, 60_000);
afterAll(() => t?.close());

describe('shops', () => {
  it('shows the bank by name, the shipping rule and no notification key yet', () => {
    expect(m.shopA).toMatchObject({
      name: 'HTX Ong mật Mèo Vạc', status: 'open', phone: '0912345678',
      bank: { bin: '970436', accountNumber: '0011004455667', holder: 'HTX ONG MAT MEO VAC' },
      shipping: { inProvince: 25_000, otherProvinces: 40_000, freeFrom: 500_000 }, bankNotifications: false,
    });
    expect(m.shopA.bank.name).toMatch(/Vietcombank/i);
    expect(m.shopA.pickup).toMatchObject({ communeCode: '00769', provinceCode: '08' });
  });

  it('one shop per producer; an officer opens one on behalf of a producer in their area only', async () => {
    expectError(await post('/api/v1/market/shops', shopInput(), m.sellerA.headers()), 409, 'duplicate');
    const fishProducer = await producerOf(t, m.cat.ids.fishSauce);
    const thanhHoa = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38' });
    const other = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '01' });
    expectError(await post('/api/v1/market/shops', shopInput({ producerId: fishProducer }), other.headers()), 404, 'not_found');
    const res = await post('/api/v1/market/shops', shopInput({ producerId: fishProducer, pickup: { communeCode: '16561', street: 'Ba Làng' } }), thanhHoa.headers());
    expect(res.statusCode, res.body).toBe(201);
    // A producer account cannot open a shop for someone else.
    expectError(await post('/api/v1/market/shops', shopInput({ producerId: fishProducer }), m.sellerA.headers()), 404, 'not_found');
  });

  it('names every bad field at once: bank, account, phone, e-mail, commune', async () => {
    const res = await post('/api/v1/market/shops', shopInput({
      producerId: await producerOf(t, m.cat.ids.nem), phone: '12345', email: 'not-mail',
      pickup: { communeCode: '99999', street: 'x street' }, bank: { bin: '123456', accountNumber: '12', holder: 'AB' },
    }), admin.headers());
    const err = expectError(res, 400, 'validation_failed');
    expect(Object.keys(err.fields ?? {}).sort()).toEqual(['bank.accountNumber', 'bank.bin', 'email', 'phone', 'pickup.communeCode']);
  });

  it('refuses fractional and negative money before anything is read', async () => {
    for (const shipping of [{ inProvince: 1.5, otherProvinces: 0, freeFrom: null }, { inProvince: -1, otherProvinces: 0, freeFrom: null }]) {
      expectError(await patch(`/api/v1/market/shops/${m.shopA.id}`, { shipping }, m.sellerA.headers()), 400, 'validation_failed');
    }
  });

  it('another producer\'s account cannot read or change the shop (404)', async () => {
    expectError(await get(`/api/v1/market/shops/${m.shopA.id}`, m.sellerB.headers()), 404, 'not_found');
    expectError(await patch(`/api/v1/market/shops/${m.shopA.id}`, { name: 'Chiếm quyền' }, m.sellerB.headers()), 404, 'not_found');
  });
});

describe('listings', () => {
  it('sell only the shop\'s own products, certified today', async () => {
    const other = await post(`/api/v1/market/shops/${m.shopA.id}/listings`, { productId: m.cat.ids.fishSauce, variants: [{ name: 'Chai', price: 50_000, stock: 1 }] }, m.sellerA.headers());
    expect(expectError(other, 400, 'validation_failed').fields).toHaveProperty('productId');
    const revokedShop = json(await post('/api/v1/market/shops', shopInput({ producerId: await producerOf(t, m.cat.ids.revoked), pickup: { communeCode: '15820', street: 'Thiệu Toán' } }), admin.headers()));
    const revoked = await post(`/api/v1/market/shops/${revokedShop.id}/listings`, { productId: m.cat.ids.revoked, variants: [{ name: 'Chai', price: 50_000, stock: 1 }] }, admin.headers());
    expectError(revoked, 409, 'not_certifiable');
    expectError(await post(`/api/v1/market/shops/${m.shopA.id}/listings`, { productId: m.cat.ids.honeyMeoVac, variants: [{ name: 'Chai', price: 50_000, stock: 1 }] }, m.sellerA.headers()), 409, 'duplicate');
  });

  it('refuse negative, fractional and zero prices and stock, and a variant of another listing', async () => {
    for (const v of [{ price: -1, stock: 1 }, { price: 1.5, stock: 1 }, { price: 0, stock: 1 }, { price: 1000, stock: -1 }, { price: 1000, stock: 0.5 }]) {
      expectError(await patch(`/api/v1/market/listings/${m.listingA.id}`, { variants: [{ name: 'X', ...v }] }, m.sellerA.headers()), 400, 'validation_failed');
    }
    const res = await patch(`/api/v1/market/listings/${m.listingA.id}`, { variants: [{ id: m.b500, name: 'Của người khác', price: 1000, stock: 1 }] }, m.sellerA.headers());
    expect(expectError(res, 400, 'validation_failed').fields).toHaveProperty(['variants.0.id']);
    expect(await stockOf(m.b500)).toBe(10);
  });
});

describe('the floor', () => {
  it('lists what is on sale in the contract\'s shape, prices in whole đồng', async () => {
    const page = json<{ items: ListingDto[]; total: number }>(await get('/api/v1/market/listings'));
    expect(page.total).toBe(2);
    const a = page.items.find((l) => l.id === m.listingA.id)!;
    expect(a).toMatchObject({
      title: 'Mật ong bạc hà Mèo Vạc', shop: { id: m.shopA.id, name: 'HTX Ong mật Mèo Vạc' },
      product: { id: m.cat.ids.honeyMeoVac, name: 'Mật ong bạc hà Mèo Vạc', stars: 4 },
      certificate: { number: 'OCOP-08-2025-00001', status: 'valid', verifyUrl: '/v/OCOP-08-2025-00001' },
      priceFrom: 120_000, inStock: true, onSale: true,
    });
    expect(a.variants.map((v) => [v.name, v.price, v.stock])).toEqual([['Chai 250 g', 120_000, 10], ['Chai 500 g', 220_000, 4]]);
    for (const v of a.variants) expect(Number.isInteger(v.price)).toBe(true);
  });

  it('filters by words without diacritics, stars, province, price range and stock', async () => {
    const ids = async (qs: string) => json<{ items: ListingDto[] }>(await get(`/api/v1/market/listings?${qs}`)).items.map((l) => l.id).sort();
    expect(await ids('q=mat%20ong%20bac%20ha')).toEqual([m.listingA.id]);
    expect(await ids('stars=5')).toEqual([m.listingB.id]);
    expect(await ids('province=38')).toEqual([m.listingB.id]);
    expect(await ids('priceMin=200000&priceMax=210000')).toEqual([]);
    expect(await ids('priceMin=200000&priceMax=230000')).toEqual([m.listingA.id]);
    expect(await ids('inStock=true')).toEqual([m.listingA.id, m.listingB.id].sort());
    expectError(await get('/api/v1/market/listings?priceMin=-5'), 400, 'validation_failed');
    expectError(await get('/api/v1/market/listings?stars=9'), 400, 'validation_failed');
  });
});

describe('the floor in memory', () => {
  it('answers as the SQL search does, on a fixed set of queries', async () => {
    const today = '2026-07-02';
    const queries = [{}, { q: 'mat ong' }, { q: 'MẬT' }, { q: 'bac ha meo' }, { stars: '5' }, { province: '08' }, { priceMin: '150000' }, { priceMax: '150000' },
      { inStock: 'true' }, { sort: 'price_asc' }, { sort: 'price_desc' }, { sort: 'newest' }, { q: 'khong co' }, { pageSize: '1', page: '2' }];
    const index = await floorIndex(t.ctx);
    expect(index).not.toBeNull();
    for (const raw of queries) {
      const q = ListingQuerySchema.parse(raw);
      const mem = searchFloorIndex(index!, q);
      const db = await searchListings(t.ctx, q, today);
      expect({ ids: mem.entries.map((e) => e.dto.id), total: mem.total }, JSON.stringify(raw)).toEqual({ ids: db.rows.map((r) => r.id), total: db.total });
    }
  });
});

describe('checkout', () => {
  it('splits a cart of two shops into two orders with each shop\'s fee; VietQR pays each shop\'s own account', async () => {
    const before = await stockOf(m.a250);
    const out = await place([{ variantId: m.a250, quantity: 2 }, { variantId: m.b500, quantity: 1 }]);
    expect(out.orders).toHaveLength(2);
    const a = out.orders.find((o) => o.shop.id === m.shopA.id)!;
    const b = out.orders.find((o) => o.shop.id === m.shopB.id)!;
    expect([a.subtotal, a.shippingFee, a.total]).toEqual([240_000, 40_000, 280_000]);
    expect([b.subtotal, b.shippingFee, b.total]).toEqual([180_000, 35_000, 215_000]);
    expect(a.status).toBe('placed');
    for (const [o, bin, account] of [[a, '970436', '0011004455667'], [b, '970418', '21510001234567']] as const) {
      expect(o.code).toMatch(/^DH[0-9A-Z]{8}$/);
      expect(readVietQr(o.payment.vietqr!.payload)).toEqual({ bankBin: bin, accountNumber: account, amount: o.total, memo: o.code });
    }
    expect(await stockOf(m.a250)).toBe(before - 2);
    // Mail to the buyer and to each shop.
    const mail = await rows<{ to_address: string }>(t.deps.database.db, sql`select to_address from mail_outbox where subject like ${`%${a.code}%`}`);
    expect(mail.map((r) => r.to_address).sort()).toEqual(['mua@example.org', 'shop@example.org']);
  });

  it('cash on delivery carries no QR; free shipping from the shop\'s threshold', async () => {
    const out = await place([{ variantId: m.a500, quantity: 3 }], 'cod');
    expect(out.orders[0]).toMatchObject({ subtotal: 660_000, shippingFee: 0, total: 660_000, payment: { method: 'cod', vietqr: null } });
  });

  it('an Idempotency-Key retry gets the first answer and orders nothing more; the same key with another body is refused', async () => {
    const headers = { 'idempotency-key': 'retry-test-0001' };
    const count = await orderCount();
    const first = await place([{ variantId: m.b500, quantity: 1 }], 'vietqr', headers);
    const again = await place([{ variantId: m.b500, quantity: 1 }], 'vietqr', headers);
    expect(again.orders.map((o) => o.code)).toEqual(first.orders.map((o) => o.code));
    expect(await orderCount()).toBe(count + 1);
    expectError(await post('/api/v1/market/checkout', guestCheckout([{ variantId: m.b500, quantity: 2 }]), headers), 409, 'idempotency_key_reused');
  });

  it('a price changed since the cart was filled: 409 with the new prices, nothing written', async () => {
    const count = await orderCount();
    const stock = await stockOf(m.a250);
    const res = await post('/api/v1/market/checkout', guestCheckout([{ variantId: m.a250, quantity: 1, price: 99_000 }]));
    expect(expectError(res, 409, 'price_changed')).toMatchObject({ details: { variantIds: [m.a250], prices: { [m.a250]: 120_000 } } });
    expect([await orderCount(), await stockOf(m.a250)]).toEqual([count, stock]);
    // Confirmed at the new price: placed.
    await place([{ variantId: m.a250, quantity: 1, price: 120_000 }]);
  });

  it('short stock: 409 out_of_stock naming the variant, nothing written (the other shop\'s items neither)', async () => {
    const count = await orderCount();
    const [a, b] = [await stockOf(m.a500), await stockOf(m.b500)];
    const res = await post('/api/v1/market/checkout', guestCheckout([{ variantId: m.b500, quantity: 1 }, { variantId: m.a500, quantity: a + 1 }]));
    expect(expectError(res, 409, 'out_of_stock')).toMatchObject({ details: { variantIds: [m.a500] } });
    expect([await orderCount(), await stockOf(m.a500), await stockOf(m.b500), await holds()]).toEqual([count, a, b, 0]);
  });

  it('refuses negative and fractional quantities, an unknown variant, a bad phone and an unknown commune', async () => {
    for (const quantity of [-1, 0, 1.5, 10_001]) expectError(await post('/api/v1/market/checkout', guestCheckout([{ variantId: m.a250, quantity }])), 400, 'validation_failed');
    expectError(await post('/api/v1/market/checkout', guestCheckout([{ variantId: '00000000-0000-4000-8000-000000000000', quantity: 1 }])), 400, 'validation_failed');
    const bad = { ...guestCheckout([{ variantId: m.a250, quantity: 1 }]), buyer: { name: 'A B', phone: '123' }, address: { communeCode: '99999', street: 'x street' } };
    expect(Object.keys(expectError(await post('/api/v1/market/checkout', bad), 400, 'validation_failed').fields ?? {}).sort()).toEqual(['address.communeCode', 'buyer.phone']);
  });

  it('200 buyers at once for 10 units: exactly 10 orders, the rest a clean out_of_stock', async () => {
    const listing = json<ListingDto>(await patch(`/api/v1/market/listings/${m.listingB.id}`, {
      variants: [{ id: m.b500, name: 'Chai 500 ml', price: 180_000, stock: await stockOf(m.b500) }, { name: 'Hộp quà 3 chai', price: 500_000, stock: 10 }],
    }, m.sellerB.headers()));
    const gift = listing.variants.find((v) => v.name === 'Hộp quà 3 chai')!.id;
    const count = await orderCount();
    const answers = await Promise.all(Array.from({ length: 200 }, () => post('/api/v1/market/checkout', guestCheckout([{ variantId: gift, quantity: 1 }], 'cod'))));
    const by = new Map<number, number>();
    for (const r of answers) by.set(r.statusCode, (by.get(r.statusCode) ?? 0) + 1);
    expect(Object.fromEntries(by)).toEqual({ 201: 10, 409: 190 });
    for (const r of answers.filter((x) => x.statusCode === 409)) expect(json(r).error.code).toBe('out_of_stock');
    expect([await stockOf(gift), await orderCount(), await holds()]).toEqual([0, count + 10, 0]);
  }, 60_000);

  it('stock held by a checkout that never wrote its orders (its process died) is given back by the sweep, not before', async () => {
    const stock = await stockOf(m.a250);
    const taken = await takeStock(t.ctx, [{ checkoutId: randomUUID(), variantId: m.a250, quantity: 2, communeCode: '00070' }], '2026-07-02');
    expect([taken.held.map((h) => h.left), await stockOf(m.a250), await holds()]).toEqual([[stock - 2], stock - 2, 1]);
    expect(await releaseStaleHolds(t.ctx)).toBe(0);
    now = new Date(PORTAL_NOW.getTime() + STALE_HOLD_MS + 1_000);
    try {
      expect(await releaseStaleHolds(t.ctx)).toBe(1);
    } finally {
      now = PORTAL_NOW;
    }
    expect([await stockOf(m.a250), await holds()]).toEqual([stock, 0]);
  });
});

describe('a certificate revoked between cart and checkout', () => {
  it('takes the listing off the floor at once and refuses the cart with a clear answer, nothing written', async () => {
    const fish = await producerOf(t, m.cat.ids.fishSauce);
    const shop = json(await get('/api/v1/market/shops?pageSize=100', admin.headers())).items.find((s: { producer: { id: string } }) => s.producer.id === fish);
    const listing = json<ListingDto>(await post(`/api/v1/market/shops/${shop.id}/listings`, { productId: m.cat.ids.fishSauce, variants: [{ name: 'Chai 500 ml', price: 90_000, stock: 5 }] }, admin.headers()));
    expect(json(await get(`/api/v1/market/listings/${listing.id}`)).onSale).toBe(true);
    const officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38' });
    const revoke = await post('/api/v1/certificates/OCOP-38-2025-00003/revoke', { reason: 'Hậu kiểm: vi phạm an toàn thực phẩm', legalBasis: 'Điều 10 Quyết định 26/2026/QĐ-TTg' }, officer.headers());
    expect(revoke.statusCode, revoke.body).toBe(200);
    expectError(await get(`/api/v1/market/listings/${listing.id}`), 404, 'not_found');
    expect(json<{ items: ListingDto[] }>(await get('/api/v1/market/listings?pageSize=100')).items.map((l) => l.id)).not.toContain(listing.id);
    const seller = json<ListingDto>(await get(`/api/v1/market/shop-listings/${listing.id}`, admin.headers()));
    expect(seller).toMatchObject({ onSale: false, certificate: { number: 'OCOP-38-2025-00003', status: 'revoked' } });
    const count = await orderCount();
    const res = await post('/api/v1/market/checkout', guestCheckout([{ variantId: m.a250, quantity: 1 }, { variantId: listing.variants[0]!.id, quantity: 1 }]));
    expect(expectError(res, 409, 'not_on_sale')).toMatchObject({ details: { variantIds: [listing.variants[0]!.id] } });
    expect([await orderCount(), await stockOf(listing.variants[0]!.id)]).toEqual([count, 5]);
  });
});

describe('orders', () => {
  let order: OrderDto;
  beforeAll(async () => { order = (await place([{ variantId: m.a250, quantity: 1 }])).orders[0]!; });

  it('the buyer follows it by code and phone, written any way; a wrong phone or code is the same 404', async () => {
    const found = await get(`/api/v1/market/orders/${order.code.toLowerCase()}?phone=%2B84%20987%20654%20321`);
    expect(json<OrderDto>(found)).toMatchObject({ code: order.code, status: 'placed', actions: ['cancel'] });
    expectError(await get(`/api/v1/market/orders/${order.code}?phone=0987654320`), 404, 'not_found');
    expectError(await get(`/api/v1/market/orders/DH00000000?phone=0987654321`), 404, 'not_found');
    expectError(await get(`/api/v1/market/orders/${order.code}`), 404, 'not_found');
  });

  it('another shop cannot see or move it (404)', async () => {
    expectError(await get(`/api/v1/market/shop-orders/${order.code}`, m.sellerB.headers()), 404, 'not_found');
    expectError(await shopAct(m.sellerB, order.code, { action: 'confirm' }), 404, 'not_found');
    expectError(await post(`/api/v1/market/shop-orders/${order.code}/paid`, {}, m.sellerB.headers()), 404, 'not_found');
  });

  it('ships a transfer only once paid; a second payment is refused unless it is the same request retried', async () => {
    expect(json(await shopAct(m.sellerA, order.code, { action: 'confirm' })).status).toBe('confirmed');
    expectError(await shopAct(m.sellerA, order.code, { action: 'ship', carrier: 'VNPost', trackingNumber: 'EV123456789VN' }), 409, 'payment_required');
    const key = { 'idempotency-key': 'paid-once-0001' };
    const paid = await post(`/api/v1/market/shop-orders/${order.code}/paid`, { reference: 'FT2618' }, m.sellerA.headers(key));
    expect(json<OrderDto>(paid).payment).toMatchObject({ paid: true });
    expect((await post(`/api/v1/market/shop-orders/${order.code}/paid`, { reference: 'FT2618' }, m.sellerA.headers(key))).statusCode).toBe(200);
    expectError(await post(`/api/v1/market/shop-orders/${order.code}/paid`, { reference: 'FT2618' }, m.sellerA.headers()), 409, 'already_paid');
    expect(Object.keys(expectError(await shopAct(m.sellerA, order.code, { action: 'ship' }), 400, 'validation_failed').fields ?? {}).sort()).toEqual(['carrier', 'trackingNumber']);
    expect(json(await shopAct(m.sellerA, order.code, { action: 'ship', carrier: 'VNPost', trackingNumber: 'EV123456789VN' }))).toMatchObject({ status: 'shipped', shipping: { carrier: 'VNPost' } });
    expect(json(await shopAct(m.sellerA, order.code, { action: 'deliver' })).status).toBe('delivered');
    const done = await post(`/api/v1/market/orders/${order.code}/actions`, { action: 'complete', phone: '0987654321' });
    expect(json<OrderDto>(done)).toMatchObject({ status: 'completed', actions: [] });
    expect(json<OrderDto>(done).history.map((h) => h.action)).toEqual(['place', 'confirm', 'pay', 'ship', 'deliver', 'complete']);
  });

  it('the buyer cancels before confirmation (stock back); the shop needs a reason; a buyer cannot confirm', async () => {
    const o = (await place([{ variantId: m.a250, quantity: 2 }])).orders[0]!;
    const stock = await stockOf(m.a250);
    expectError(await post(`/api/v1/market/orders/${o.code}/actions`, { action: 'confirm', phone: '0987654321' }), 403, 'forbidden');
    expect(json(await post(`/api/v1/market/orders/${o.code}/actions`, { action: 'cancel', phone: '0987654321' })).status).toBe('cancelled');
    expect(await stockOf(m.a250)).toBe(stock + 2);
    expectError(await post(`/api/v1/market/orders/${o.code}/actions`, { action: 'cancel', phone: '0987654321' }), 409, 'invalid_transition');
    const o2 = (await place([{ variantId: m.a250, quantity: 1 }])).orders[0]!;
    expectError(await shopAct(m.sellerA, o2.code, { action: 'cancel' }), 400, 'validation_failed');
    expect(json(await shopAct(m.sellerA, o2.code, { action: 'cancel', comment: 'Hết hàng đợt này' }))).toMatchObject({ status: 'cancelled', reason: 'Hết hàng đợt này' });
  });
});

describe('bank notifications', () => {
  let key = '';
  let order: OrderDto;
  const notify = (body: Record<string, unknown>, auth = `Apikey ${key}`) => post('/api/v1/market/payments/notifications', {
    id: 92_704, gateway: 'BIDV', transactionDate: '2026-07-02 10:02:37', accountNumber: '21510001234567', code: null,
    content: '', transferType: 'in', transferAmount: 0, accumulated: 19_077_000, subAccount: null, referenceCode: 'MBVCB.3278907687', description: '', ...body,
  }, { authorization: auth });
  const notifications = async () => Number((await rows<{ n: string }>(t.deps.database.db, sql`select count(*) as n from payment_notifications`))[0]!.n);

  beforeAll(async () => {
    key = json(await post(`/api/v1/market/shops/${m.shopB.id}/notify-key`, {}, m.sellerB.headers())).key;
    order = (await place([{ variantId: m.b500, quantity: 1 }])).orders[0]!;
  });

  it('a forged or missing key is 401 and nothing is kept', async () => {
    const n = await notifications();
    expectError(await notify({ id: 1, content: order.code, transferAmount: order.total }, 'Apikey ocopbank_forged_forged_forged_x'), 401, 'unauthenticated');
    expectError(await notify({ id: 1, content: order.code, transferAmount: order.total }, ''), 401, 'unauthenticated');
    expect(await notifications()).toBe(n);
    expect(json(await get(`/api/v1/market/shop-orders/${order.code}`, m.sellerB.headers())).payment.paid).toBe(false);
  });

  it('an unknown order, the wrong amount, another shop\'s order: kept, nothing paid', async () => {
    const other = (await place([{ variantId: m.a250, quantity: 1 }])).orders[0]!;
    expect(json(await notify({ id: 10, content: 'CK DH00000000', transferAmount: 1000 }))).toMatchObject({ success: true, outcome: 'unknown_order' });
    expect(json(await notify({ id: 11, content: `CK ${order.code}`, transferAmount: order.total - 1000 }))).toMatchObject({ outcome: 'wrong_amount', order: order.code });
    expect(json(await notify({ id: 12, content: `CK ${other.code}`, transferAmount: other.total }))).toMatchObject({ outcome: 'unknown_order' });
    expect(json(await notify({ id: 13, content: `CK ${order.code}`, transferAmount: order.total, transferType: 'out' }))).toMatchObject({ outcome: 'ignored' });
    expect(json(await get(`/api/v1/market/shop-orders/${order.code}`, m.sellerB.headers())).payment.paid).toBe(false);
  });

  it('the right transfer marks the order paid; its replay changes nothing; the shop then cannot pay it again', async () => {
    const body = { id: 20, content: `MBVCB.123.${order.code.toLowerCase()}.CT tu 0987654321`, transferAmount: order.total };
    expect(json(await notify(body))).toMatchObject({ success: true, outcome: 'paid', order: order.code });
    expect(json(await notify(body))).toMatchObject({ success: true, outcome: 'duplicate' });
    const seen = json<OrderDto>(await get(`/api/v1/market/shop-orders/${order.code}`, m.sellerB.headers()));
    expect(seen.payment.paid).toBe(true);
    expect(seen.history.filter((h) => h.action === 'pay')).toHaveLength(1);
    expectError(await post(`/api/v1/market/shop-orders/${order.code}/paid`, {}, m.sellerB.headers()), 409, 'already_paid');
  });
});

describe('unpaid transfers', () => {
  it('expire after the shop\'s time to pay and give their stock back', async () => {
    const o = (await place([{ variantId: m.a250, quantity: 3 }])).orders[0]!;
    const stock = await stockOf(m.a250);
    expect(await expireUnpaidOrders(t.ctx)).toBe(0);
    // Every unpaid transfer of the earlier tests is as old: they all expire.
    const due = await rows<{ n: string; q: string }>(t.deps.database.db, sql`
      select count(distinct o.id) as n, coalesce(sum(i.quantity) filter (where i.variant_id = ${m.a250}::uuid), 0) as q
      from orders o join order_items i on i.order_id = o.id where o.status = 'placed' and o.paid_at is null and o.payment_method = 'vietqr'`);
    now = new Date(PORTAL_NOW.getTime() + 25 * 3_600_000);
    try {
      expect(await expireUnpaidOrders(t.ctx)).toBe(Number(due[0]!.n));
      const seen = json<OrderDto>(await get(`/api/v1/market/orders/${o.code}?phone=0987654321`));
      expect(seen).toMatchObject({ status: 'expired', actions: [] });
      expect(seen.history.at(-1)).toMatchObject({ action: 'expire', by: 'system' });
      expect(await stockOf(m.a250)).toBe(stock + Number(due[0]!.q));
      expect(Number(due[0]!.q)).toBeGreaterThanOrEqual(3);
    } finally {
      now = PORTAL_NOW;
    }
  });
});

describe('reviews', () => {
  let code = '';
  const review = (body: Record<string, unknown>) => post(`/api/v1/market/orders/${code}/reviews`, { phone: '0987654321', listingId: m.listingA.id, stars: 5, text: 'Mật ong thơm, đóng gói cẩn thận.', ...body });

  beforeAll(async () => {
    const o = (await place([{ variantId: m.a250, quantity: 1 }], 'cod')).orders[0]!;
    code = o.code;
    for (const action of ['confirm', 'ship', 'deliver']) {
      const res = await shopAct(m.sellerA, code, { action, carrier: 'VNPost', trackingNumber: 'EV9' });
      expect(res.statusCode, res.body).toBe(200);
    }
  });

  it('only the buyer of a completed order, once per product, stars 1 to 5', async () => {
    expectError(await review({}), 409, 'invalid_transition');
    expect(json(await post(`/api/v1/market/orders/${code}/actions`, { action: 'complete', phone: '0987654321' })).status).toBe('completed');
    expectError(await review({ phone: '0900000000' }), 404, 'not_found');
    expectError(await review({ listingId: m.listingB.id }), 404, 'not_found');
    for (const stars of [0, 6, 4.5]) expectError(await review({ stars }), 400, 'validation_failed');
    const r = await review({ text: '<script>alert(1)</script> ngon' });
    expect(r.statusCode, r.body).toBe(201);
    expect(json(r)).toMatchObject({ stars: 5, author: 'Nguyễn T. M.', text: '<script>alert(1)</script> ngon', hidden: false });
    expectError(await review({}), 409, 'duplicate');
    const listed = json(await get(`/api/v1/market/listings/${m.listingA.id}/reviews`));
    expect(listed).toMatchObject({ average: 5, count: 1 });
    // Shown as text on the listing page.
    const page = await get(m.listingA.url);
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('&lt;script>alert(1)&lt;/script> ngon');
  });

  it('the shop replies once; an officer of the area hides abuse with a reason, a producer cannot; another shop cannot reply', async () => {
    const id = json(await get(`/api/v1/market/listings/${m.listingA.id}/reviews`)).items[0].id as string;
    expectError(await post(`/api/v1/market/reviews/${id}/reply`, { reply: 'Không phải của tôi' }, m.sellerB.headers()), 404, 'not_found');
    expect(json(await post(`/api/v1/market/reviews/${id}/reply`, { reply: 'Cảm ơn bạn!' }, m.sellerA.headers())).reply).toBe('Cảm ơn bạn!');
    expectError(await post(`/api/v1/market/reviews/${id}/reply`, { reply: 'Lần hai' }, m.sellerA.headers()), 409, 'conflict');
    expectError(await post(`/api/v1/market/reviews/${id}/hide`, { reason: 'tự ẩn' }, m.sellerA.headers()), 403, 'forbidden');
    const far = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38' });
    expectError(await post(`/api/v1/market/reviews/${id}/hide`, { reason: 'lời lẽ xúc phạm' }, far.headers()), 404, 'not_found');
    const near = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '08' });
    expect(json(await post(`/api/v1/market/reviews/${id}/hide`, { reason: 'lời lẽ xúc phạm' }, near.headers()))).toMatchObject({ hidden: true, hiddenReason: 'lời lẽ xúc phạm' });
    expect(json(await get(`/api/v1/market/listings/${m.listingA.id}/reviews`))).toMatchObject({ count: 0, items: [] });
    expect(json(await get(`/api/v1/market/shops/${m.shopA.id}/reviews`, m.sellerA.headers())).items[0]).toMatchObject({ hidden: true, hiddenReason: 'lời lẽ xúc phạm' });
  });
});

describe('sales through the market', () => {
  it('counts delivered and completed orders for the officers of the area, and for the shop, also as XLSX', async () => {
    const delivered = await rows<{ n: string; amount: string }>(t.deps.database.db, sql`
      select count(distinct o.id) as n, coalesce(sum(i.line_total), 0) as amount from orders o join order_items i on i.order_id = o.id
      where o.status in ('delivered', 'completed') and o.shop_id = ${m.shopA.id}::uuid`);
    expect(Number(delivered[0]!.n)).toBeGreaterThan(0);
    const near = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '08' });
    const figures = json(await get('/api/v1/market/sales?by=province&from=2026-01-01&to=2026-12-31', near.headers()));
    expect(figures).toMatchObject({ area: '08', total: { orders: Number(delivered[0]!.n), amount: Number(delivered[0]!.amount) } });
    expect(figures.rows.map((r: { key: string }) => r.key)).toEqual(['08']);
    const far = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38' });
    // Thanh Hóa's shops sold nothing delivered: none of the Tuyên Quang shop's sales.
    expect(json(await get('/api/v1/market/sales?by=stars&from=2026-01-01&to=2026-12-31', far.headers())).total.orders).toBe(0);
    expectError(await get('/api/v1/market/sales?province=08', far.headers()), 403, 'forbidden');
    expectError(await get('/api/v1/market/sales', m.sellerA.headers()), 403, 'forbidden');
    expectError(await get('/api/v1/market/sales?from=2026-13-01', near.headers()), 400, 'validation_failed');
    const national = json(await get('/api/v1/market/sales?by=set&from=2026-01-01&to=2026-12-31', admin.headers()));
    expect(national.total.orders).toBeGreaterThanOrEqual(Number(delivered[0]!.n));
    const own = json(await get(`/api/v1/market/shops/${m.shopA.id}/sales?by=listing&from=2026-01-01&to=2026-12-31`, m.sellerA.headers()));
    expect(own.rows).toEqual([expect.objectContaining({ key: m.listingA.id, label: 'Mật ong bạc hà Mèo Vạc', amount: Number(delivered[0]!.amount) })]);
    expectError(await get(`/api/v1/market/shops/${m.shopA.id}/sales`, m.sellerB.headers()), 404, 'not_found');
    const xlsx = await get(`/api/v1/market/shops/${m.shopA.id}/sales.xlsx?from=2026-01-01&to=2026-12-31`, m.sellerA.headers());
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Theo tháng', 'Theo sản phẩm']);
    const last = book.getWorksheet('Theo sản phẩm')!.lastRow!.values as unknown[];
    expect(last.slice(1)).toEqual(['Tổng cộng', Number(delivered[0]!.n), expect.any(Number), Number(delivered[0]!.amount)]);
  });
});

describe('stock alerts', () => {
  it('the shop is told by e-mail when a variant falls to "only N left" and when it runs out', async () => {
    const left = await stockOf(m.a500);
    expect(left).toBeGreaterThan(0);
    await place([{ variantId: m.a500, quantity: left }], 'cod');
    const mail = await rows<{ subject: string }>(t.deps.database.db, sql`select subject from mail_outbox where dedupe_key = ${`stock:${m.a500}:0`}`);
    expect(mail).toEqual([{ subject: expect.stringContaining('đã hết hàng') }]);
  });
});
