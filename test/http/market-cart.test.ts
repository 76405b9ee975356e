/**
 * The cart quote (POST /api/v1/market/cart, docs/decisions/036): the cart split by shop as
 * checkout will split it, each shop's fee to the delivery province, the total checkout would
 * charge, and per line why checkout would refuse it now — nothing held, nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';
import { SECURITY_HEADERS } from '../../src/web/security-headers';
import type { CartQuote } from '../../src/modules/market/cart.schema';
import type { CheckoutResult } from '../../src/modules/market/market.schema';
import { expectError, json, testApp, type TestApp } from '../helpers/app';
import { guestCheckout, seedMarket, type MarketFixture } from '../helpers/market-fixtures';
import { PORTAL_NOW } from '../helpers/portal-fixtures';

let t: TestApp, m: MarketFixture;
const HA_NOI = '00070';
const quote = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/market/cart', payload: payload as object });
const stocks = async () => rows<{ id: string; stock: number }>(t.deps.database.db, sql`select id, stock from listing_variants order by id`);
const held = async () => Number((await rows<{ n: string }>(t.deps.database.db, sql`select count(*) as n from stock_holds`))[0]!.n);

beforeAll(async () => {
  t = await testApp({ clock: () => PORTAL_NOW, env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1' } });
  m = await seedMarket(t);
}, 60_000);
afterAll(() => t?.close());

describe('the cart quote', () => {
  it('splits the cart by shop with each shop\'s fee to the delivery province, and totals what checkout then charges', async () => {
    const before = await stocks();
    const items = [{ variantId: m.a250, quantity: 2 }, { variantId: m.b500, quantity: 1 }];
    const q = json<CartQuote>(await quote({ items, communeCode: HA_NOI }));
    const byShop = Object.fromEntries(q.shops.map((s) => [s.shop.id, s]));
    // Both shops ship out of their province to Hà Nội: 40,000 đ from A, 35,000 đ from B.
    expect(byShop[m.shopA.id]).toMatchObject({ subtotal: 240_000, shippingFee: 40_000, total: 280_000, items: [{ variantId: m.a250, price: 120_000, quantity: 2, lineTotal: 240_000, problem: null }] });
    expect(byShop[m.shopB.id]).toMatchObject({ subtotal: 180_000, shippingFee: 35_000, total: 215_000 });
    expect(q).toMatchObject({ total: 495_000, ready: true, unknown: [] });
    expect([await stocks(), await held()]).toEqual([before, 0]);
    // Checkout charges what was quoted.
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/market/checkout', payload: guestCheckout(items, 'cod') });
    expect(json<CheckoutResult>(res).orders.reduce((n, o) => n + o.total, 0)).toBe(q.total);
    // Checkout sends the security headers from the constant (no per-request helmet), all of them.
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers[name], name).toBe(value);
  });

  it('quotes free shipping from the shop\'s threshold, and no fee at all without a delivery commune', async () => {
    const items = [{ variantId: m.a250, quantity: 3 }, { variantId: m.a500, quantity: 1 }];
    expect(json<CartQuote>(await quote({ items, communeCode: HA_NOI })).shops[0]).toMatchObject({ subtotal: 580_000, shippingFee: 0, total: 580_000 });
    expect(json<CartQuote>(await quote({ items }))).toMatchObject({ total: null, shops: [{ subtotal: 580_000, shippingFee: null, total: null }] });
  });

  it('names what checkout would refuse now: a line short of stock, an unknown variant; they are left out of the total', async () => {
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const q = json<CartQuote>(await quote({ items: [{ variantId: m.a500, quantity: 999 }, { variantId: m.b500, quantity: 1 }, { variantId: unknownId, quantity: 1 }], communeCode: HA_NOI }));
    expect(q.ready).toBe(false);
    expect(q.unknown).toEqual([unknownId]);
    const a = q.shops.find((s) => s.shop.id === m.shopA.id)!;
    expect(a).toMatchObject({ subtotal: 0, shippingFee: 0, total: 0, items: [{ variantId: m.a500, problem: 'out_of_stock' }] });
    expect(q.total).toBe(180_000 + 35_000);
  });

  it('refuses an unknown commune, fractional or negative quantities and an empty cart (400, the field named)', async () => {
    expect(expectError(await quote({ items: [{ variantId: m.a250, quantity: 1 }], communeCode: '99999' }), 400, 'validation_failed').fields).toHaveProperty('communeCode');
    for (const quantity of [0, -1, 1.5]) expectError(await quote({ items: [{ variantId: m.a250, quantity }] }), 400, 'validation_failed');
    expectError(await quote({ items: [] }), 400, 'validation_failed');
  });
});
