/**
 * Checkout under a rush (docs/decisions/036): the statement that takes stock for one checkout or
 * for several asked together (orders.repository takeStock) — in the order they came, all of a
 * checkout's lines or none, nothing for a checkout that cannot be sold as asked — and concurrent
 * buyers through the API with mixed quantities, prices and addresses. On PostgreSQL the
 * statements run on separate connections (the row lock and the re-read of the newest stock); on
 * PGlite one at a time. Either way: never more than there is, and nothing left unsold that a
 * refused buyer asked for.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';
import { takeStock, type TakeLine } from '../../src/modules/market/orders.repository';
import type { CheckoutResult, ListingDto, OrderDto } from '../../src/modules/market/market.schema';
import { json, testApp, type TestApp } from '../helpers/app';
import { guestCheckout, seedMarket, type MarketFixture } from '../helpers/market-fixtures';
import { PORTAL_NOW } from '../helpers/portal-fixtures';

let t: TestApp, m: MarketFixture;
const TODAY = '2026-07-02';
const HANOI = '00070';

const q = <T>(query: ReturnType<typeof sql>) => rows<T>(t.deps.database.db, query);
const stockOf = async (id: string) => (await q<{ stock: number }>(sql`select stock from listing_variants where id = ${id}::uuid`))[0]!.stock;
const heldOf = async (id: string) => Number((await q<{ n: string }>(sql`select coalesce(sum(quantity), 0) as n from stock_holds where variant_id = ${id}::uuid`))[0]!.n);
const dropHolds = () => q(sql`delete from stock_holds`);
const orderedOf = async (id: string) => Number((await q<{ n: string }>(sql`select coalesce(sum(quantity), 0) as n from order_items where variant_id = ${id}::uuid`))[0]!.n);

/** A new variant of listing A with `stock` units at 100,000 đ. */
async function variant(stock: number): Promise<string> {
  const listing = json<ListingDto>(await t.app.inject({ method: 'GET', url: `/api/v1/market/shop-listings/${m.listingA.id}`, headers: m.sellerA.headers() }));
  const name = `Lô ${randomUUID().slice(0, 8)}`;
  const res = await t.app.inject({
    method: 'PATCH', url: `/api/v1/market/listings/${m.listingA.id}`, headers: m.sellerA.headers(),
    payload: { variants: [...listing.variants.map((v) => ({ id: v.id, name: v.name, price: v.price, stock: v.stock })), { name, price: 100_000, stock }] },
  });
  expect(res.statusCode, res.body).toBe(200);
  return json<ListingDto>(res).variants.find((v) => v.name === name)!.id;
}

const line = (checkoutId: string, variantId: string, quantity: number, over: Partial<TakeLine> = {}): TakeLine => ({ checkoutId, variantId, quantity, communeCode: HANOI, ...over });

beforeAll(async () => {
  // A long memory of sold-out variants, so that the test of it does not depend on the machine's speed.
  t = await testApp({ clock: () => PORTAL_NOW, env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1', MARKET_SOLD_OUT_MS: '60000' } });
  m = await seedMarket(t);
}, 60_000);
afterAll(() => t?.close());

describe('taking stock for several checkouts in one statement', () => {
  it('serves them in the order they came; one that does not fit does not stop a later one that does', async () => {
    const v = await variant(10);
    const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const taken = await takeStock(t.ctx, [line(a, v, 3), line(b, v, 8), line(c, v, 2), line(d, v, 6)], TODAY);
    expect(taken.held).toEqual([{ checkoutId: a, variantId: v, left: 7 }, { checkoutId: c, variantId: v, left: 5 }]);
    expect(taken.short).toEqual([{ checkoutId: b, variantId: v, available: 7 }, { checkoutId: d, variantId: v, available: 5 }]);
    expect(taken.variants.find((x) => x.variant_id === v)?.stock).toBe(5);
    expect([await stockOf(v), await heldOf(v)]).toEqual([5, 5]);
    await dropHolds();
  });

  it('takes all of a checkout\'s lines or none', async () => {
    const [x, y] = [await variant(5), await variant(2)];
    const [a, b] = [randomUUID(), randomUUID()];
    const taken = await takeStock(t.ctx, [line(a, x, 1), line(a, y, 3), line(b, x, 4), line(b, y, 2)], TODAY);
    expect(taken.held.map((h) => h.checkoutId)).toEqual([b, b]);
    // a's first line fitted, its second did not: only the second is said short, with what it had.
    expect(taken.short).toEqual([{ checkoutId: a, variantId: y, available: 2 }]);
    expect([await stockOf(x), await stockOf(y), await heldOf(x), await heldOf(y)]).toEqual([1, 0, 4, 2]);
    await dropHolds();
  });

  it('holds nothing for a checkout with a changed price, an unknown commune or an unknown variant, and still reads their facts', async () => {
    const v = await variant(10);
    const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const unknown = '00000000-0000-4000-8000-000000000000';
    const taken = await takeStock(t.ctx, [
      line(a, v, 1, { price: 99_000 }), line(b, v, 1, { communeCode: '99999' }), line(c, v, 1), line(c, unknown, 1), line(d, v, 1, { price: 100_000 }),
    ], TODAY);
    expect(taken.held).toEqual([{ checkoutId: d, variantId: v, left: 9 }]);
    expect(taken.variants.map((x) => [x.variant_id, x.price, x.on_sale])).toEqual([[v, 100_000, true]]);
    expect(taken.communes.map((x) => x.code)).toEqual([HANOI]);
    expect([await stockOf(v), await heldOf(v)]).toEqual([9, 1]);
    await dropHolds();
  });

  it('holds nothing of a variant that is not on sale (its certificate not valid on the day)', async () => {
    const v = await variant(10);
    const taken = await takeStock(t.ctx, [line(randomUUID(), v, 1)], '2040-01-01');
    expect([taken.held, taken.variants[0]?.on_sale, await stockOf(v)]).toEqual([[], false, 10]);
  });

  it('concurrent statements (separate connections on PostgreSQL) never take more than there is, nor leave what a refused buyer asked for', async () => {
    for (let round = 0; round < 3; round++) {
      const initial = 20 + round;
      const v = await variant(initial);
      const asks = Array.from({ length: 60 }, (_, i) => line(randomUUID(), v, 1 + ((i * 7 + round) % 3)));
      const groups: TakeLine[][] = [];
      // Statements of one to four checkouts.
      for (let i = 0, n = 1; i < asks.length; i += n, n = (n % 4) + 1) groups.push(asks.slice(i, i + n));
      const results = await Promise.all(groups.map((g) => takeStock(t.ctx, g, TODAY)));
      const held = new Set(results.flatMap((r) => r.held.map((h) => h.checkoutId)));
      const heldQuantity = asks.filter((a) => held.has(a.checkoutId)).reduce((n, a) => n + a.quantity, 0);
      const stock = await stockOf(v);
      expect([heldQuantity + stock, await heldOf(v)]).toEqual([initial, heldQuantity]);
      expect(stock).toBeLessThan(Math.min(...asks.filter((a) => !held.has(a.checkoutId)).map((a) => a.quantity)));
      await dropHolds();
    }
  });
});

describe('a rush through the API', () => {
  it('mixed quantities, a stale price and an unknown commune at once: each its own answer, never more than there is', async () => {
    const v = await variant(12);
    const bodies = Array.from({ length: 40 }, (_, i) => {
      const body = guestCheckout([{ variantId: v, quantity: 1 + (i % 3), ...(i === 5 ? { price: 90_000 } : {}) }], 'cod');
      return i === 7 ? { ...body, address: { communeCode: '99999', street: '12 Hàng Đường' } } : body;
    });
    const answers = await Promise.all(bodies.map((payload) => t.app.inject({ method: 'POST', url: '/api/v1/market/checkout', payload })));
    expect(answers[5]!.statusCode).toBe(409);
    expect(json(answers[5]!).error).toMatchObject({ code: 'price_changed', details: { variantIds: [v], prices: { [v]: 100_000 } } });
    expect(answers[7]!.statusCode).toBe(400);
    expect(Object.keys(json(answers[7]!).error.fields)).toEqual(['address.communeCode']);
    const placed = answers.flatMap((r, i) => (r.statusCode === 201 ? [bodies[i]!.items[0]!.quantity] : []));
    const refused = answers.filter((r, i) => i !== 5 && i !== 7 && r.statusCode !== 201);
    for (const r of refused) {
      const { code, details } = json(r).error;
      expect([r.statusCode, code, details.variantIds]).toEqual([409, 'out_of_stock', [v]]);
      // What it had at its turn was less than it asked for.
      expect(details.available[v]).toBeLessThan(bodies[answers.indexOf(r)]!.items[0]!.quantity);
    }
    const sold = placed.reduce((n, x) => n + x, 0);
    expect([await orderedOf(v), await stockOf(v) + sold, await heldOf(v)]).toEqual([sold, 12, 0]);
    // Buyers came in order: the stock runs out, it is not left unsold while someone who fits is refused.
    expect(await stockOf(v)).toBe(0);
  });

  it('the answer is the order as it was written: the same as following it by code and phone', async () => {
    const v = await variant(3);
    const answers = await Promise.all(Array.from({ length: 6 }, () => t.app.inject({ method: 'POST', url: '/api/v1/market/checkout', payload: guestCheckout([{ variantId: v, quantity: 1 }, { variantId: m.b500, quantity: 1 }]) })));
    const placed = answers.filter((r) => r.statusCode === 201).map((r) => json<CheckoutResult>(r));
    expect(placed).toHaveLength(3);
    for (const out of placed) {
      expect(out.orders).toHaveLength(2);
      for (const o of out.orders) {
        const followed = json<OrderDto>(await t.app.inject({ method: 'GET', url: `/api/v1/market/orders/${o.code}?phone=0987654321` }));
        expect(o).toEqual(followed);
      }
    }
  });
});

describe('sold out, from memory (checkout-desk.ts)', () => {
  const buy = (variantId: string, extra: object = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/market/checkout', payload: { ...guestCheckout([{ variantId, quantity: 1 }], 'cod'), ...extra } });

  it('a variant just sold out is refused without the database, as the statement refused it; stock put back is sold at once', async () => {
    const v = await variant(1);
    expect((await buy(v)).statusCode).toBe(201);
    const fromDatabase = await buy(v);
    expect(json(fromDatabase).error).toMatchObject({ code: 'out_of_stock', details: { variantIds: [v], available: { [v]: 0 } } });
    // Another transaction holds the variant's row (on PGlite, the one connection): the database cannot answer until it ends.
    let end!: () => void;
    const ended = new Promise<void>((resolve) => { end = resolve; });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => { locked = resolve; });
    const holder = t.deps.database.db.transaction(async (tx) => {
      await tx.execute(sql`select id from listing_variants where id = ${v}::uuid for update`);
      locked();
      await ended;
    });
    await isLocked;
    try {
      const fromMemory = await Promise.race([buy(v), new Promise<null>((resolve) => { setTimeout(() => resolve(null), 3_000); })]);
      expect(fromMemory, 'answered while the database could not').not.toBeNull();
      expect([fromMemory!.statusCode, json(fromMemory!)]).toEqual([409, json(fromDatabase)]);
      // The checks come in the same order: a changed price is told as such.
      const stale = await buy(v, { items: [{ variantId: v, quantity: 1, price: 90_000 }] });
      expect(json(stale).error.code).toBe('price_changed');
    } finally {
      end();
      await holder;
    }
    // A commune no statement found is asked of the database: 400 at the field.
    const nowhere = await buy(v, { address: { communeCode: '99999', street: '12 Hàng Đường' } });
    expect(Object.keys(json(nowhere).error.fields)).toEqual(['address.communeCode']);
    // The seller puts stock back (this process): memory forgets, the next buyer gets it.
    const listing = json<ListingDto>(await t.app.inject({ method: 'GET', url: `/api/v1/market/shop-listings/${m.listingA.id}`, headers: m.sellerA.headers() }));
    const patched = await t.app.inject({
      method: 'PATCH', url: `/api/v1/market/listings/${m.listingA.id}`, headers: m.sellerA.headers(),
      payload: { variants: listing.variants.map((x) => ({ id: x.id, name: x.name, price: x.price, stock: x.id === v ? 1 : x.stock })) },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await buy(v)).statusCode).toBe(201);
    expect([await stockOf(v), await orderedOf(v)]).toEqual([0, 2]);
  });
});
