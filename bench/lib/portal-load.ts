/**
 * The portal's mixed public traffic (issue 14): catalogue queries built from the dataset's own
 * product-name words and facet values, requested Zipf-like (the exponent is fitted so that the
 * 100 most popular queries take 80 % of the catalogue hits), interleaved with product pages and
 * province pages.
 *
 * The traffic is one fixed sequence of paths, written to a file and replayed by autocannon in a
 * child process (this file is also the child's entry point), each request with the
 * Accept-Encoding browsers send (BROWSER). Every connection takes the next path
 * of the one shared sequence, so the app and the bare node:http baseline get the same requests in
 * the same order over the same number of connections. The baseline (bareServer) answers each
 * address with the bytes the app answered for it, collected beforehand (collect).
 *
 *   const queries = catalogueQueries(names, facets, 1000);
 *   const mix = mixedSequence({ queries, products, provinces });
 *   await writeMix(file, mix.paths);
 *   const load = await mixedLoad('http://127.0.0.1:3000', file, { seconds: 5, connections: 50, offset: 0 });
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { prng } from '../../src/modules/ops/scale-seed';
import { runJsonChild, type LoadResult } from './http';

export const CATALOGUE_API = '/api/v1/catalogue/products';


/** What a visitor types without Vietnamese diacritics ("Mật ong" → "mat ong"). */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

/** Facet values that exist in the dataset (read from the catalogue API's facet counts). */
export interface Facets { stars: string[]; province: string[]; kind: string[]; group: string[] }

const SORTS = ['relevance', 'name', 'stars', 'newest'];

/**
 * `n` distinct catalogue addresses, in popularity order (the first is the most requested).
 * Words are runs of 1–3 consecutive words of real product names, half typed without
 * diacritics, some cut short as when typing; facets, sorts and later pages are mixed in.
 * Even ranks are pages (/san-pham?…), odd ranks the JSON API, so both are among the hot ones.
 */
export function catalogueQueries(names: readonly string[], facets: Facets, n: number, seed = 14): string[] {
  const rng = prng(seed);
  const named = names.map((x) => x.toLowerCase().split(/\s+/u).filter((w) => /\p{L}/u.test(w))).filter((w) => w.length);
  if (!named.length) throw new Error('no product names to build catalogue queries from');
  const out = new Set<string>();
  for (let tries = 0; out.size < n && tries < n * 50; tries++) {
    const p = new URLSearchParams();
    if (rng.chance(0.85)) {
      const words = rng.pick(named);
      const len = Math.min(words.length, rng.chance(0.4) ? 1 : rng.chance(0.8) ? 2 : 3);
      // Most people type the product itself (the start of the name); some the place or brand.
      const start = rng.chance(0.6) ? 0 : rng.int(0, words.length - len);
      let q = words.slice(start, start + len).join(' ');
      if (rng.chance(0.5)) q = fold(q);
      if (rng.chance(0.1) && q.length > 4) q = q.slice(0, q.length - rng.int(1, 2));
      p.set('q', q);
    }
    if (rng.chance(0.2) && facets.stars.length) p.set('stars', rng.pick(facets.stars));
    if (rng.chance(0.3) && facets.province.length) p.set('province', rng.pick(facets.province));
    if (rng.chance(0.15) && facets.kind.length) p.set('kind', rng.pick(facets.kind));
    if (rng.chance(0.15) && facets.group.length) p.set('group', rng.pick(facets.group));
    if (rng.chance(0.25)) p.set('sort', rng.pick(SORTS));
    if (rng.chance(0.15)) p.set('page', String(rng.int(2, 3)));
    const qs = p.toString();
    out.add(`${out.size % 2 === 0 ? '/san-pham' : CATALOGUE_API}${qs ? `?${qs}` : ''}`);
  }
  if (out.size < n) throw new Error(`only ${out.size} distinct catalogue queries could be built from ${named.length} names`);
  return [...out];
}

const harmonic = (n: number, s: number) => { let h = 0; for (let i = 1; i <= n; i++) h += i ** -s; return h; };

/** The Zipf exponent s for which the `top` most popular of `n` items take `share` of the hits. */
export function zipfExponent(n: number, top: number, share: number): number {
  if (top >= n) return 0;
  let lo = 0;
  let hi = 5;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (harmonic(top, mid) / harmonic(n, mid) < share) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A sampler of ranks 0..n-1 with P(rank i) ∝ (i + 1)^-s. */
function zipf(n: number, s: number, next: () => number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cumulative[i] = total += (i + 1) ** -s;
  return () => {
    const x = next() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface MixInput {
  /** Catalogue addresses, most popular first (catalogueQueries). */
  queries: readonly string[];
  /** Product page paths, most popular first. */
  products: readonly string[];
  /** Province page paths (requested uniformly). */
  provinces: readonly string[];
  /** Shares of the three kinds of request (default 60 % catalogue, 30 % product, 10 % province). */
  shares?: { catalogue: number; product: number };
  /** Catalogue hits the `top` most popular queries get (default 80 % for the top 100). */
  top?: number;
  topShare?: number;
  length?: number;
  seed?: number;
}

export interface Mix {
  paths: string[];
  /** Every distinct path of the sequence. */
  distinct: string[];
  exponent: number;
  /** The top queries' share of the catalogue hits in the sequence actually drawn. */
  drawnTopShare: number;
  counts: { catalogue: number; product: number; province: number };
}

export function mixedSequence(input: MixInput): Mix {
  const { queries, products, provinces } = input;
  const top = input.top ?? 100;
  const shares = input.shares ?? { catalogue: 0.6, product: 0.3 };
  const rng = prng(input.seed ?? 1_000);
  const exponent = zipfExponent(queries.length, top, input.topShare ?? 0.8);
  const query = zipf(queries.length, exponent, rng.next);
  const product = zipf(products.length, 1, rng.next);
  const paths: string[] = [];
  const counts = { catalogue: 0, product: 0, province: 0 };
  let topHits = 0;
  for (let i = 0; i < (input.length ?? 60_000); i++) {
    const r = rng.next();
    if (r < shares.catalogue || (!products.length && !provinces.length)) {
      const rank = query();
      if (rank < top) topHits++;
      counts.catalogue++;
      paths.push(queries[rank]!);
    } else if ((r < shares.catalogue + shares.product && products.length) || !provinces.length) {
      counts.product++;
      paths.push(products[product()]!);
    } else {
      counts.province++;
      paths.push(rng.pick(provinces));
    }
  }
  return { paths, distinct: [...new Set(paths)], exponent, drawnTopShare: topHits / Math.max(1, counts.catalogue), counts };
}

/** What a browser says of the encodings it takes (Chromium, Firefox, Safari all send this). */
export const BROWSER: Readonly<Record<string, string>> = { 'accept-encoding': 'gzip, deflate, br' };

/** An answer as sent: its bytes (compressed when `encoding` says so). */
export interface Reply { type: string; encoding: string | null; body: Buffer }

/** GET one address, redirects not followed, the bytes as sent; anything but a 200 stops the run. */
export function get(base: string, path: string, headers: Readonly<Record<string, string>> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    request(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        if (res.statusCode !== 200) reject(new Error(`GET ${path} answered ${res.statusCode}: ${body.toString().slice(0, 300)}`));
        else resolve({ type: res.headers['content-type'] ?? 'application/octet-stream', encoding: res.headers['content-encoding'] ?? null, body });
      });
    }).on('error', reject).end();
  });
}

/** GET every path (a few at a time) as a browser asks, keeping what the app sent; any non-200 stops the run. */
export async function collect(base: string, paths: readonly string[], concurrency = 4): Promise<Map<string, Reply>> {
  const out = new Map<string, Reply>();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < paths.length) {
      const path = paths[next++]!;
      out.set(path, await get(base, path, BROWSER));
    }
  }));
  return out;
}

/**
 * node:http answering each address with the bytes the app sent for it: those of the request as a
 * browser asks (`replies`), or those sent as they are (`plain`, for a client that does not ask for gzip).
 */
export async function bareServer(replies: Map<string, Reply>, plain = new Map<string, Reply>()): Promise<{ base: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const found = (req.headers['accept-encoding'] ? replies : plain).get(req.url ?? '');
    if (!found) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': found.type, 'content-length': found.body.length, ...(found.encoding ? { 'content-encoding': found.encoding } : {}) });
    res.end(found.body);
  });
  const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)));
  return { base: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** The median of each figure over rounds (counts summed). */
export function medianLoad(runs: LoadResult[]): LoadResult {
  const mid = (f: (r: LoadResult) => number) => { const v = runs.map(f).sort((a, b) => a - b); return v[Math.floor(v.length / 2)]!; };
  const sum = (f: (r: LoadResult) => number) => runs.reduce((n, r) => n + f(r), 0);
  return { rps: mid((r) => r.rps), mean: mid((r) => r.mean), p50: mid((r) => r.p50), p99: mid((r) => r.p99), non2xx: sum((r) => r.non2xx), errors: sum((r) => r.errors), requests: sum((r) => r.requests) };
}

interface ChildInput { base: string; paths: string[]; seconds: number; connections: number; offset: number }

/**
 * Replays `paths` (a JSON file written by writeMix) against `base` with autocannon in a child
 * process, starting at `offset` in the sequence and wrapping around.
 */
export async function mixedLoad(base: string, file: string, opts: { seconds: number; connections: number; offset: number }): Promise<LoadResult> {
  const self = fileURLToPath(import.meta.url);
  return runJsonChild<LoadResult>(['--import', 'tsx', self, file, base, String(opts.seconds), String(opts.connections), String(opts.offset)],
    'mixed load', fileURLToPath(new URL('../..', import.meta.url)));
}

export async function writeMix(file: string, paths: readonly string[]): Promise<void> {
  await writeFile(file, JSON.stringify(paths));
}

async function childMain(argv: string[]): Promise<void> {
  const [file, base, seconds, connections, offset] = argv;
  const input: ChildInput = {
    base: base!, paths: JSON.parse(await readFile(file!, 'utf8')) as string[], seconds: Number(seconds), connections: Number(connections), offset: Number(offset),
  };
  const { default: autocannon } = await import('autocannon');
  let i = input.offset;
  const paths = input.paths;
  // One counter for all connections: each request takes the next path of the shared sequence.
  const result = await autocannon({
    url: input.base, connections: input.connections, duration: input.seconds, headers: { ...BROWSER },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
  const load: LoadResult = {
    rps: result.requests.average, mean: result.latency.average, p50: result.latency.p50, p99: result.latency.p99,
    non2xx: result.non2xx, errors: result.errors, requests: result.requests.total,
  };
  process.stdout.write(`${JSON.stringify(load)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  childMain(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
