/**
 * The OCOP market at national scale (issue 15, "Done when"): the national dataset plus 20,000
 * listings (market-scale.repository.ts; those of products not certified today stay off the floor),
 * the app in its own process as in the portal bench, requests as browsers send them.
 *
 * - Repeated URL: the floor's first page and a listing page (≥ 0.40× node:http, p99 ≤ 30 ms).
 * - Mixed: 1,000 distinct floor searches (pages and the JSON API, words of real listing titles,
 *   filters, sorts, later pages), Zipf-like (top 100 take 80 %), with listing pages (≥ 0.10×,
 *   p99 ≤ 100 ms).
 * - Checkout contention: 200 buyers at once for a variant with 10 units: exactly 10 orders (0
 *   oversell), every other answer a clean 409 out_of_stock, checkout p95 ≤ 150 ms on PostgreSQL;
 *   next to the same 200 concurrent POSTs answered by node:http.
 */
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Deps } from '../../src/context';
import { rows } from '../../src/db/client';
import { prng } from '../../src/modules/ops/scale-seed';
import { seedMarketScale } from '../../src/modules/market/market-scale.repository';
import type { LoadResult } from './http';
import { bareServer, BROWSER, collect, get, medianLoad, mixedLoad, mixedSequence, writeMix } from './portal-load';
import { metric, type Engine, type Metric } from './report';
import { loadMetrics, repeatedPair } from './portal';
import { startServer, stopProcess, type ServerCommand } from './startup';
import { percentile, round, since } from './stats';

export const MARKET_BUDGET = { repeatedRatio: 0.4, repeatedP99Ms: 30, mixedRatio: 0.1, mixedP99Ms: 100, checkoutP95Ms: 150, buyers: 200, units: 10 } as const;
const LISTINGS = 20_000;
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

export interface MarketPlan { listings: number; shops: number; onFloor: number; listingId: string; variantId: string; warmUpVariantId: string; titles: string[]; provinces: string[]; seedMs: number }

/**
 * Needs the database: 20,000 listings, and a variant of 10 units on the floor that 200 buyers will
 * want (and another, in another listing, for a rush before it: the server has taken orders before
 * the one measured, as a live one has).
 */
export async function prepareMarket(deps: Deps): Promise<MarketPlan> {
  const t0 = performance.now();
  const seeded = await seedMarketScale(deps, { listings: LISTINGS });
  const seedMs = since(t0);
  const db = deps.database.db;
  const today = new Date(deps.clock().getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  const floor = await rows<{ id: string; title: string; province: string }>(db, sql`
    select l.id, l.title, s.pickup_province_code as province from listings l join shops s on s.id = l.shop_id
    where exists (select 1 from certificates c where c.product_id = l.product_id and c.state = 'active' and c.issued_on <= ${today}::date and c.expires_on > ${today}::date)
    order by l.id`);
  if (!floor.length) throw new Error('no listing on the floor');
  const rushed = async (listingId: string) => (await rows<{ id: string }>(db, sql`
    insert into listing_variants (listing_id, name, price, stock, position) values (${listingId}::uuid, 'Lô thử tải 10 hộp', 100000, ${MARKET_BUDGET.units}, 9) returning id`))[0]!.id;
  return {
    listings: seeded.listings, shops: seeded.shops, onFloor: floor.length, listingId: floor[0]!.id, variantId: await rushed(floor[0]!.id), warmUpVariantId: await rushed(floor[1]!.id), seedMs,
    titles: floor.map((f) => f.title), provinces: [...new Set(floor.map((f) => f.province))],
  };
}

/** `n` distinct floor addresses in popularity order: even ranks pages, odd ranks the JSON API. */
export function floorQueries(titles: readonly string[], provinces: readonly string[], n: number, seed = 15): string[] {
  const rng = prng(seed);
  const words = titles.map((t) => t.toLowerCase().split(/\s+/u).filter((w) => /\p{L}/u.test(w))).filter((w) => w.length);
  const out = new Set<string>();
  for (let tries = 0; out.size < n && tries < n * 50; tries++) {
    const p = new URLSearchParams();
    if (rng.chance(0.85)) {
      const w = rng.pick(words);
      const len = Math.min(w.length, rng.chance(0.5) ? 1 : 2);
      let q = w.slice(0, len).join(' ');
      if (rng.chance(0.5)) q = fold(q);
      p.set('q', q);
    }
    if (rng.chance(0.2)) p.set('stars', String(rng.int(3, 5)));
    if (rng.chance(0.3)) p.set('province', rng.pick(provinces));
    if (rng.chance(0.2)) { const lo = rng.int(2, 15) * 10_000; p.set('priceMin', String(lo)); p.set('priceMax', String(lo + rng.int(5, 30) * 10_000)); }
    if (rng.chance(0.15)) p.set('inStock', 'true');
    if (rng.chance(0.25)) p.set('sort', rng.pick(['relevance', 'price_asc', 'price_desc', 'stars', 'newest']));
    if (rng.chance(0.15)) p.set('page', String(rng.int(2, 3)));
    const qs = p.toString();
    out.add(`${out.size % 2 === 0 ? '/cho-ocop' : '/api/v1/market/listings'}${qs ? `?${qs}` : ''}`);
  }
  return [...out];
}

export interface CheckoutContention {
  created: number; outOfStock: number; other: string[]; p95: number; p50: number; baselineP95: number; stockAfter: number | null;
  /** The same burst's answers apart: the orders placed (201) and the clean refusals (409 out_of_stock). */
  createdP50: number; createdP95: number; outOfStockP50: number; outOfStockP95: number;
}

/** 200 buyers at once, one unit each, cash on delivery; then the variant's stock as the floor shows it. */
async function contention(base: string, variantId: string, buyers: number): Promise<Omit<CheckoutContention, 'baselineP95'> & { body: string }> {
  const body = (i: number) => JSON.stringify({
    buyer: { name: `Người mua ${i}`, phone: `09${String(10_000_000 + i).slice(-8)}` }, address: { communeCode: '00070', street: 'Số 1 Hàng Đường' },
    items: [{ variantId, quantity: 1 }], payment: 'cod',
  });
  await openConnections(base, buyers);
  const answers = await Promise.all(Array.from({ length: buyers }, async (_, i) => {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/v1/market/checkout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(i) });
    const text = await res.text();
    return { status: res.status, text, ms: since(t0) };
  }));
  const ms = answers.map((a) => a.ms);
  const refusal = (a: { status: number; text: string }) => a.status === 409 && a.text.includes('"out_of_stock"');
  const created = answers.filter((a) => a.status === 201).map((a) => a.ms);
  const refused = answers.filter(refusal).map((a) => a.ms);
  const other = answers.filter((a) => a.status !== 201 && !refusal(a)).map((a) => `${a.status} ${a.text.slice(0, 120)}`);
  return {
    created: created.length, outOfStock: refused.length,
    other, p95: percentile(ms, 95), p50: percentile(ms, 50), stockAfter: null, body: answers.find((a) => a.status === 201)?.text ?? '{}',
    createdP50: percentile(created, 50), createdP95: percentile(created, 95), outOfStockP50: percentile(refused, 50), outOfStockP95: percentile(refused, 95),
  };
}

/** Buyers' connections are open before the burst (a shop's buyers come with their browsers' connections, not a new TCP handshake each). */
async function openConnections(base: string, n: number): Promise<void> {
  await Promise.all(Array.from({ length: n }, async () => { await (await fetch(`${base}/healthz`)).text(); }));
}

/** The same number of concurrent POSTs, answered at once by node:http with a checkout's bytes. */
async function contentionBaseline(body: string, buyers: number): Promise<number> {
  const server = createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(201, { 'content-type': 'application/json' }); res.end(body); }); });
  const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)));
  try {
    await openConnections(`http://127.0.0.1:${port}`, buyers);
    const ms = await Promise.all(Array.from({ length: buyers }, async () => {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      await res.text();
      return since(t0);
    }));
    return percentile(ms, 95);
  } finally {
    await new Promise((r) => server.close(r));
  }
}

export interface MarketResult {
  repeated: { label: string; path: string; bytes: number; app: LoadResult; baseline: LoadResult }[];
  mixed: { app: LoadResult; baseline: LoadResult; distinct: number; exponent: number; drawnTopShare: number };
  checkout: CheckoutContention;
}

export async function benchMarket(plan: MarketPlan, opts: { cmd: ServerCommand; processEnv: NodeJS.ProcessEnv; seconds: number; rounds: number; connections?: number; log?: (m: string) => void }): Promise<MarketResult> {
  const connections = opts.connections ?? 50;
  const log = opts.log ?? (() => {});
  const env = { ...opts.processEnv, LOG_LEVEL: 'warn' };
  const app = await startServer(opts.cmd, env);
  const dir = await mkdtemp(join(tmpdir(), 'ocop-market-'));
  try {
    const listingUrls: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const { items } = JSON.parse((await get(app.base, `/api/v1/market/listings?pageSize=100&page=${page}`)).body.toString()) as { items: { url: string }[] };
      listingUrls.push(...items.map((i) => i.url));
    }
    const mix = mixedSequence({ queries: floorQueries(plan.titles, plan.provinces, 1_000), products: listingUrls, provinces: [], shares: { catalogue: 0.6, product: 0.4 } });
    const file = join(dir, 'mix.json');
    await writeMix(file, mix.paths);
    log(`market: collecting ${mix.distinct.length} addresses`);
    const replies = await collect(app.base, mix.distinct);
    const bare = await bareServer(replies);
    try {
      log('market: mixed traffic');
      await mixedLoad(app.base, file, { seconds: 1, connections, offset: 0 });
      await mixedLoad(bare.base, file, { seconds: 1, connections, offset: 0 });
      const a: LoadResult[] = [];
      const b: LoadResult[] = [];
      for (let r = 0; r < opts.rounds; r++) {
        const offset = ((r + 1) * 20_011) % mix.paths.length;
        a.push(await mixedLoad(app.base, file, { seconds: opts.seconds * 2, connections, offset }));
        b.push(await mixedLoad(bare.base, file, { seconds: opts.seconds * 2, connections, offset }));
      }
      const repeated: MarketResult['repeated'] = [];
      for (const [label, path] of [['the floor /cho-ocop', '/cho-ocop'], ['a listing page', listingUrls[0]!]] as const) {
        log(`market: ${label}, repeated`);
        const reply = await get(app.base, path, BROWSER);
        replies.set(path, reply);
        repeated.push({ label, path, bytes: reply.body.length, ...await repeatedPair(app.base, bare.base, path, { ...BROWSER }, opts.seconds, connections, opts.rounds) });
      }
      log(`market: ${MARKET_BUDGET.buyers} buyers at once for ${MARKET_BUDGET.units} units (a first rush on another variant, then the one measured)`);
      await contention(app.base, plan.warmUpVariantId, MARKET_BUDGET.buyers);
      const { body, ...c } = await contention(app.base, plan.variantId, MARKET_BUDGET.buyers);
      const baselineP95 = await contentionBaseline(body, MARKET_BUDGET.buyers);
      const listing = JSON.parse((await get(app.base, `/api/v1/market/listings/${plan.listingId}`)).body.toString()) as { variants: { id: string; stock: number }[] };
      const stock = listing.variants.find((v) => v.id === plan.variantId)?.stock ?? null;
      return {
        repeated, mixed: { app: medianLoad(a), baseline: medianLoad(b), distinct: mix.distinct.length, exponent: mix.exponent, drawnTopShare: mix.drawnTopShare },
        checkout: { ...c, baselineP95, stockAfter: stock },
      };
    } finally {
      await bare.close();
    }
  } finally {
    await stopProcess(app.child);
    await rm(dir, { recursive: true, force: true });
  }
}

export function marketMetrics(engine: Engine, plan: MarketPlan, r: MarketResult, notes: string[]): Metric[] {
  const B = MARKET_BUDGET;
  const out: Metric[] = [];
  const load = (name: string, p: { app: LoadResult; baseline: LoadResult }, ratio: number, p99: number) => out.push(...loadMetrics(engine, name, p, ratio, p99, 50));
  for (const u of r.repeated) load(`market ${u.label}, repeated`, u, B.repeatedRatio, B.repeatedP99Ms);
  load(`market mixed floor traffic (${r.mixed.distinct.toLocaleString('en-US')} addresses)`, r.mixed, B.mixedRatio, B.mixedP99Ms);
  const c = r.checkout;
  out.push(
    metric({ engine, metric: `market checkout, ${B.buyers} buyers at once for ${B.units} units: orders created`, unit: 'orders', value: c.created, baseline: null, baselineLabel: null, budget: { op: '<=', value: B.units } }),
    metric({ engine, metric: 'market checkout contention: stock left afterwards', unit: 'units', value: c.stockAfter ?? -1, baseline: null, baselineLabel: null, budget: { op: '>=', value: 0 } }),
    metric({ engine, metric: 'market checkout contention: answers other than 201 or a clean 409 out_of_stock', unit: 'responses', value: c.other.length, baseline: null, baselineLabel: null, budget: { op: '<=', value: 0 } }),
    metric({
      engine, metric: `market checkout p95 (${B.buyers} concurrent)`, unit: 'ms', value: round(c.p95, 1), baseline: round(c.baselineP95, 1),
      baselineLabel: 'the same concurrent POSTs to node:http', budget: engine === 'postgres' ? { op: '<=', value: B.checkoutP95Ms } : null,
    }),
  );
  notes.push(`${engine}: market: ${plan.listings.toLocaleString('en-US')} listings in ${plan.shops.toLocaleString('en-US')} shops (${plan.onFloor.toLocaleString('en-US')} on the floor today), seeded in ${round(plan.seedMs / 1000, 1)} s; `
    + `checkout contention: ${c.created} orders, ${c.outOfStock} out_of_stock, ${c.other.length} other${c.other.length ? ` (${c.other.slice(0, 3).join('; ')})` : ''}, p50 ${round(c.p50, 1)} ms; `
    + `the orders placed (201) p50 ${round(c.createdP50, 1)} / p95 ${round(c.createdP95, 1)} ms, the out_of_stock answers (409) p50 ${round(c.outOfStockP50, 1)} / p95 ${round(c.outOfStockP95, 1)} ms; `
    + `mixed: Zipf ${round(r.mixed.exponent, 3)}, top 100 drew ${round(r.mixed.drawnTopShare * 100)} %; repeated: ${r.repeated.map((u) => `${u.path.slice(0, 60)} ${u.bytes} bytes`).join(', ')}.`);
  return out;
}
