/**
 * Casso's webhook v2 (issue 15, docs/decisions/036 "Bank notifications: Casso"): a shop links its
 * Casso secret; posts to /api/v1/market/payments/casso/<shop> over a real local HTTP connection,
 * signed here independently of the platform's code (node:crypto: HMAC-SHA512 of `t.` + the body's
 * JSON with its keys sorted, as Casso's verify samples do). Paid, duplicate, wrong amount, unknown
 * order, another shop's order, forged or missing signature, a stale timestamp, a withdrawal.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';
import type { CheckoutResult, OrderDto, ShopDto } from '../../src/modules/market/market.schema';
import { expectError, json } from '../helpers/app';
import { serveTestApp, type ServedApp } from '../helpers/e2e';
import { guestCheckout, seedMarket, type MarketFixture } from '../helpers/market-fixtures';
import { PORTAL_NOW } from '../helpers/portal-fixtures';

const SECRET = 'mgExMrjj4i7a1p8Cs6LmFbpCd8lbw4sSX4LZXPag7TKazeIogtR90tvWYTkwQbvs';
const NOW = PORTAL_NOW.getTime();

/** Keys sorted at every level, as Casso's samples sort the webhook data before signing. */
const sorted = (v: unknown): unknown => (Array.isArray(v) ? v.map(sorted)
  : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v);
const sign = (secret: string, body: unknown, t = NOW) => `t=${t},v1=${createHmac('sha512', secret).update(`${t}.${JSON.stringify(sorted(body))}`).digest('hex')}`;

let s: ServedApp, m: MarketFixture;
let order: OrderDto, otherShops: OrderDto;

/** A Casso post of one incoming transfer (the body as Casso sends it: keys in its own order). */
const casso = (data: Record<string, unknown>) => ({
  error: 0,
  data: {
    id: 218_897, reference: 'FT24364030863634', description: '', amount: 0, runningBalance: 16_775_000, transactionDateTime: '2026-07-02 10:00:00',
    accountNumber: '21510001234567', bankName: 'BIDV', bankAbbreviation: 'BIDV', virtualAccountNumber: '', virtualAccountName: '',
    counterAccountName: 'NGUYEN THI MUA', counterAccountNumber: '0987654321', counterAccountBankId: '970436', counterAccountBankName: 'Vietcombank', ...data,
  },
});
async function post(body: unknown, signature: string | null, shopId = m.shopB.id) {
  const res = await fetch(`${s.baseUrl}/api/v1/market/payments/casso/${shopId}`, {
    method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...(signature ? { 'x-casso-signature': signature } : {}) },
  });
  return { status: res.status, body: await res.json() as Record<string, unknown> & { error?: { code: string; details?: { reason: string } } } };
}
const kept = async () => Number((await rows<{ n: string }>(s.deps.database.db, sql`select count(*) as n from payment_notifications where external_id like 'casso:%'`))[0]!.n);
const paidOf = async (code: string) => json<OrderDto>(await s.app.inject({ url: `/api/v1/market/shop-orders/${code}`, headers: m.sellerB.headers() })).payment.paid;

beforeAll(async () => {
  s = await serveTestApp({ clock: () => PORTAL_NOW, env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1' } });
  m = await seedMarket(s);
  const place = async (variantId: string) => {
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/market/checkout', payload: guestCheckout([{ variantId, quantity: 1 }]) });
    expect(res.statusCode, res.body).toBe(201);
    return json<CheckoutResult>(res).orders[0]!;
  };
  order = await place(m.b500);
  otherShops = await place(m.a250);
}, 90_000);
afterAll(() => s?.close());

describe('linking Casso', () => {
  it('the shop keeper sets the secret; it is never shown back; another shop cannot; a malformed one is a field error', async () => {
    const put = (secret: unknown, headers = m.sellerB.headers()) => s.app.inject({ method: 'PUT', url: `/api/v1/market/shops/${m.shopB.id}/notify-secret`, headers, payload: { secret } });
    expect(expectError(await put('short'), 400, 'validation_failed')).toMatchObject({ fieldCodes: { secret: 'market.notify_secret' } });
    expectError(await put(SECRET, m.sellerA.headers()), 404, 'not_found');
    const res = await put(SECRET);
    expect(res.statusCode, res.body).toBe(200);
    expect(json<ShopDto>(res)).toMatchObject({ bankNotifications: true, bankNotificationServices: ['casso'] });
    expect(res.body).not.toContain(SECRET);
    expect((await s.app.inject({ url: `/api/v1/market/shops/${m.shopB.id}`, headers: m.sellerB.headers() })).body).not.toContain(SECRET);
  });
});

describe('Casso posts', () => {
  it('refuses a forged, missing or stale signature and a shop without Casso with 401, keeping nothing', async () => {
    const body = casso({ id: 1, description: `CK ${order.code}`, amount: order.total });
    const before = await kept();
    const refused = [
      [sign('another-secret-another-secret-xx', body), 'bad_signature'],
      [sign(SECRET, { ...body, data: { ...body.data, amount: order.total + 1 } }), 'bad_signature'],
      [null, 'missing'],
      ['t=1,v1=abc', 'missing'],
      [sign(SECRET, body, NOW - 6 * 60_000), 'stale'],
      [sign(SECRET, body, NOW + 6 * 60_000), 'stale'],
    ] as const;
    for (const [signature, reason] of refused) {
      const res = await post(body, signature);
      expect({ status: res.status, code: res.body.error?.code, reason: res.body.error?.details?.reason }).toEqual({ status: 401, code: 'unauthenticated', reason });
    }
    const shopA = await post(body, sign(SECRET, body), m.shopA.id);
    expect([shopA.status, shopA.body.error?.details?.reason]).toEqual([401, 'not_set_up']);
    expect(await kept()).toBe(before);
    expect(await paidOf(order.code)).toBe(false);
  });

  it('an unknown order, the wrong amount, another shop\'s order, a withdrawal: answered, kept (not the withdrawal), nothing paid', async () => {
    const cases = [
      [casso({ id: 10, description: 'CK DH00000000', amount: 1000 }), { outcome: 'unknown_order', order: null }],
      [casso({ id: 11, description: `CK ${order.code}`, amount: order.total - 1000 }), { outcome: 'wrong_amount', order: order.code }],
      [casso({ id: 12, description: `CK ${otherShops.code}`, amount: otherShops.total }), { outcome: 'unknown_order', order: null }],
      [casso({ id: 13, description: `CK ${order.code}`, amount: -order.total }), { outcome: 'ignored', order: null }],
    ] as const;
    for (const [body, answer] of cases) {
      const res = await post(body, sign(SECRET, body));
      expect(res, JSON.stringify(res.body)).toMatchObject({ status: 200, body: { success: true, ...answer } });
    }
    expect(await kept()).toBe(3);
    expect(await paidOf(order.code)).toBe(false);
    const other = json<OrderDto>(await s.app.inject({ url: `/api/v1/market/shop-orders/${otherShops.code}`, headers: m.sellerA.headers() }));
    expect(other.payment.paid).toBe(false);
  });

  it('the right transfer pays the order once; Casso\'s retry (signed anew) is a duplicate that changes nothing', async () => {
    // A memo in Vietnamese (the JSON as JavaScript writes it: the text as is), the order code in lower case.
    const body = casso({ id: 20, description: `Nguyễn Thị Mua chuyển tiền ${order.code.toLowerCase()} cảm ơn`, amount: order.total });
    expect(await post(body, sign(SECRET, body))).toMatchObject({ status: 200, body: { success: true, outcome: 'paid', order: order.code } });
    expect(await post(body, sign(SECRET, body, NOW + 60_000))).toMatchObject({ status: 200, body: { success: true, outcome: 'duplicate' } });
    const seen = json<OrderDto>(await s.app.inject({ url: `/api/v1/market/shop-orders/${order.code}`, headers: m.sellerB.headers() }));
    expect(seen.payment.paid).toBe(true);
    expect(seen.history.filter((h) => h.action === 'pay')).toHaveLength(1);
    const [row] = await rows<{ outcome: string; amount: string; payment_reference: string }>(s.deps.database.db, sql`
      select n.outcome, n.amount::text as amount, o.payment_reference from payment_notifications n join orders o on o.id = n.order_id where n.external_id = ${`casso:${m.shopB.id}:20`}`);
    expect(row).toEqual({ outcome: 'paid', amount: String(order.total), payment_reference: 'FT24364030863634' });
    // Paid already: a second transfer of the same order is kept as such.
    const again = casso({ id: 21, description: `CK ${order.code}`, amount: order.total });
    expect(await post(again, sign(SECRET, again))).toMatchObject({ status: 200, body: { outcome: 'already_paid', order: order.code } });
  });

  it('both adapters are in the OpenAPI document, with their schemas', async () => {
    const doc = json(await s.app.inject({ url: '/api/openapi.json' }));
    const casso = doc.paths['/api/v1/market/payments/casso/{shopId}'].post;
    expect(casso.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['shopId', 'x-casso-signature']));
    expect(Object.keys(casso.requestBody.content['application/json'].schema.properties)).toEqual(['error', 'data']);
    expect(Object.keys(casso.responses)).toEqual(expect.arrayContaining(['200', '401']));
    const sepay = doc.paths['/api/v1/market/payments/notifications'].post;
    expect(sepay.requestBody.content['application/json'].schema.properties).toHaveProperty('transferAmount');
    expect(doc.paths['/api/v1/market/shops/{id}/notify-secret'].put).toBeDefined();
  });

  it('unlinking Casso refuses its posts again', async () => {
    const res = await s.app.inject({ method: 'PUT', url: `/api/v1/market/shops/${m.shopB.id}/notify-secret`, headers: m.sellerB.headers(), payload: { secret: null } });
    expect(json<ShopDto>(res)).toMatchObject({ bankNotifications: false, bankNotificationServices: [] });
    const body = casso({ id: 30, description: 'CK', amount: 1000 });
    expect((await post(body, sign(SECRET, body))).status).toBe(401);
  });
});
