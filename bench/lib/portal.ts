/**
 * The public portal at national peak (issue 14, "Budgets"). The app runs as its own process (the
 * shipped CLI, `serve`, on the national database, rate limits allow-listed for 127.0.0.1) so that
 * its RSS is its own; the baseline is a bare node:http server in this process answering each
 * address with the bytes the app answered for it; autocannon runs in child processes with the
 * same connection count (50) for both, in alternating rounds (median of each).
 *
 * - Mixed public traffic (portal-load.ts), first: 1,000 catalogue queries, pages and JSON API,
 *   Zipf-like, with product and province pages (≥ 0.10×, p99 ≤ 100 ms, 0 non-2xx). The bytes of
 *   every address are collected beforehand from a first app process that is then stopped, so the
 *   measured process starts cold: just started, nothing rendered, nothing served before.
 * - RSS of the app process after the mixed traffic (≤ 400 MB). Server processes run with the
 *   memory settings the operators' guide recommends (SERVER_NODE_OPTIONS, SERVER_MALLOC).
 * - Repeated URL, then: home, /san-pham, a product page, a province page (≥ 0.40×, p99 ≤ 30 ms,
 *   0 non-2xx); then /san-pham once more from a client that does not take gzip (reported).
 * - Every request but that one carries the Accept-Encoding browsers send (portal-load.ts BROWSER):
 *   the app sends held pages gzipped, and the baseline the same gzip bytes.
 * - Back-office: a province officer, signed in, requests /admin and /admin/products over and over
 *   while the mixed traffic runs (p99 ≤ 1 s), next to the same requests with no public load.
 * - Freshness: a certified product renamed through the officer API; the time from the write's
 *   answer until its public page and a catalogue search show the new name — in the same process
 *   (≤ 100 ms) and, on PostgreSQL, in a second process on the same database (≤ 1 s).
 *
 *   const plan = await preparePortal(deps);          // while the bench holds the database
 *   await deps.database.close();                      // PGlite: one process at a time
 *   metrics.push(...portalMetrics(engine, await benchPortal(plan, { cmd, processEnv, engine, seconds: 5 }), notes));
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { makeCtx, systemActor, type Deps } from '../../src/context';
import { rows } from '../../src/db/client';
import { todayInVietnam } from '../../src/domain/dates';
import { createApiToken, createUser } from '../../src/modules/identity/identity.service';
import { autocannon, type LoadResult } from './http';
import {
  bareServer, BROWSER, CATALOGUE_API, catalogueQueries, collect, get, medianLoad, mixedLoad, mixedSequence, writeMix, type Facets, type Mix, type Reply,
} from './portal-load';
import { metric, type Engine, type Metric } from './report';
import { startServer, stopProcess, type ServerCommand } from './startup';
import { percentile, round, since } from './stats';
import type { LoadPair } from './verify';

export const PORTAL_BUDGET = {
  repeatedRatio: 0.4, repeatedP99Ms: 30, mixedRatio: 0.1, mixedP99Ms: 100, rssMb: 400, backOfficeP99Ms: 1_000, freshOneMs: 100, freshTwoMs: 1_000,
} as const;
/** A change not seen after this long is reported as stale (and fails its budget) instead of stopping the run. */
const GIVE_UP_MS = 10_000;

export interface PortalPlan { province: string; username: string; password: string; token: string; names: string[] }

/**
 * Needs the database: a province officer (password for the back-office session, API token for
 * the rename) in the province with the most certificates valid today, and the names of the
 * certified products (the words of the catalogue queries).
 */
export async function preparePortal(deps: Deps): Promise<PortalPlan> {
  const today = todayInVietnam(deps.clock());
  const valid = sql`d.status = 'approved' and c.state = 'active' and c.issued_on <= ${today}::date and c.expires_on > ${today}::date`;
  const [busiest] = await rows<{ province_code: string }>(deps.database.db, sql`
    select c.province_code from certificates c join decisions d on d.id = c.decision_id where ${valid}
    group by c.province_code order by count(*) desc, c.province_code limit 1`);
  if (!busiest) throw new Error('the dataset has no certificate valid today');
  const names = (await rows<{ name: string }>(deps.database.db, sql`
    select distinct p.name from products p join certificates c on c.product_id = p.id join decisions d on d.id = c.decision_id
    where ${valid} order by p.name`)).map((r) => r.name);
  const ctx = makeCtx(deps, { actor: systemActor('bench') });
  const username = `bench.portal.${busiest.province_code}`;
  const password = 'Bench-run-2026-x';
  await createUser(ctx, { username, password, role: 'province_officer', areaCode: busiest.province_code });
  return { province: busiest.province_code, username, password, token: await createApiToken(ctx, username, 'bench'), names };
}

export interface PortalOptions {
  cmd: ServerCommand;
  /** Environment of the national database (bench/lib/targets.ts Scratch.processEnv). */
  processEnv: NodeJS.ProcessEnv;
  engine: Engine;
  /** Seconds per repeated-URL round; the mixed traffic runs twice as long. */
  seconds: number;
  connections?: number;
  /** Alternating app/baseline rounds (median taken); default 3. */
  rounds?: number;
  /** Distinct catalogue queries of the mixed traffic; default 1,000. */
  queries?: number;
  log?: (msg: string) => void;
}

interface Item { id: string; name: string; url: string }
type BackOffice = { admin: number[]; products: number[]; failures: string[] };

export interface Freshness {
  mode: 'one-process' | 'two-processes';
  /** From the rename's answer until every read showed the new name (or until giving up). */
  ms: number;
  fromRequestMs: number;
  /** When each read first showed it (null: never, within GIVE_UP_MS). */
  reads: { page: number | null; search: number | null };
  polls: number;
  stale: boolean;
}

export interface PortalResult {
  connections: number;
  /** `plain`: asked for without Accept-Encoding (the rest as browsers ask). */
  repeated: (LoadPair & { label: string; path: string; plain: boolean })[];
  mixed: {
    app: LoadResult; baseline: LoadResult; distinct: number; queries: number; exponent: number; drawnTopShare: number;
    counts: Mix['counts']; bytes: number; collectMs: number;
  };
  rss: { idle: number; after: number; peak: number } | null;
  backOffice: { idle: BackOffice; loaded: BackOffice };
  fresh: Freshness[];
}

/** Resident and peak resident memory of a process, in MB (Linux /proc; null elsewhere). */
function memoryOf(pid: number | undefined): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

const json = async <T>(base: string, path: string) => JSON.parse((await get(base, path)).body.toString()) as T;

/** The addresses to request, read from the public API as a visitor's browser would find them. */
async function discover(base: string, province: string, want: number) {
  type List = { items: Item[]; facets: Record<keyof Facets, { value: string; count: number }[]> };
  const first = await json<List>(base, CATALOGUE_API);
  const values = (k: keyof Facets) => first.facets[k].filter((f) => f.count > 0).map((f) => f.value);
  const facets: Facets = { stars: values('stars'), province: values('province'), kind: values('kind'), group: values('group') };
  const products = new Map<string, Item>();
  for (let page = 1; products.size < want && page <= Math.ceil(want / 100); page++) {
    const { items } = await json<List>(base, `${CATALOGUE_API}?sort=stars&pageSize=100&page=${page}`);
    for (const item of items) products.set(item.id, item);
    if (items.length < 100) break;
  }
  const provinces = (await json<{ items: { code: string; url: string }[] }>(base, '/api/v1/catalogue/provinces')).items;
  const home = provinces.find((p) => p.code === province);
  const fresh = (await json<List>(base, `${CATALOGUE_API}?province=${province}&sort=name&pageSize=2`)).items;
  if (!products.size || !home || fresh.length < 2) throw new Error(`the catalogue has too few products (province ${province}: ${fresh.length})`);
  return { facets, products: [...products.values()].map((p) => p.url), provinces: provinces.map((p) => p.url), provincePage: home.url, fresh };
}

/** One address, app and bare in alternating rounds after a one-second warm-up of each (also the market's). */
export async function repeatedPair(app: string, bare: string, path: string, headers: Record<string, string>, seconds: number, connections: number, rounds: number) {
  await autocannon(`${app}${path}`, headers, 1, connections);
  await autocannon(`${bare}${path}`, headers, 1, connections);
  const a: LoadResult[] = [];
  const b: LoadResult[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(await autocannon(`${app}${path}`, headers, seconds, connections));
    b.push(await autocannon(`${bare}${path}`, headers, seconds, connections));
  }
  return { app: medianLoad(a), baseline: medianLoad(b) };
}

/** Signs the officer in through the API; the session cookie to send with page requests. */
async function signIn(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  await res.arrayBuffer();
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('ocop_sid='));
  if (res.status !== 200 || !cookie) throw new Error(`signing ${username} in answered ${res.status}`);
  return cookie;
}

/** /admin then /admin/products, one after the other, while `more(round)` says so (at least once). */
async function backOffice(base: string, cookie: string, more: (round: number) => boolean): Promise<BackOffice> {
  const out: BackOffice = { admin: [], products: [], failures: [] };
  for (let round = 0; round === 0 || more(round); round++) {
    for (const [key, path] of [['admin', '/admin'], ['products', '/admin/products']] as const) {
      const t0 = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' });
      await res.arrayBuffer();
      out[key].push(since(t0));
      if (res.status !== 200) out.failures.push(`${path} ${res.status}`);
    }
  }
  return out;
}

const merge = (xs: BackOffice[]): BackOffice => ({
  admin: xs.flatMap((x) => x.admin), products: xs.flatMap((x) => x.products), failures: xs.flatMap((x) => x.failures),
});

/**
 * Renames `product` through `writeBase` (officer API) and polls `watchBase` until its page (the
 * old address, redirects followed) and a catalogue search for the new word both show it.
 */
async function timeRename(writeBase: string, watchBase: string, token: string, product: Item, mode: Freshness['mode']): Promise<Freshness> {
  const word = `kiemtra${Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;
  const reads = {
    page: async () => { const res = await fetch(`${watchBase}${product.url}`); return res.status === 200 && (await res.text()).includes(word); },
    search: async () => {
      const res = await fetch(`${watchBase}${CATALOGUE_API}?q=${word}`);
      return res.status === 200 && ((await res.json()) as { items: Item[] }).items.some((i) => i.id === product.id);
    },
  };
  // Both processes have served the page and the search before the change (warm, as at peak).
  for (const base of new Set([writeBase, watchBase])) {
    for (let i = 0; i < 3; i++) { await get(base, product.url); await get(base, `${CATALOGUE_API}?q=${word}`); }
  }
  if ((await reads.page()) || (await reads.search())) throw new Error(`${product.url} shows ${word} before the rename`);
  const sent = performance.now();
  const res = await fetch(`${writeBase}/api/v1/products/${product.id}`, {
    method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: `${product.name} ${word}` }),
  });
  const answer = await res.text();
  const answered = performance.now();
  if (res.status !== 200) throw new Error(`renaming ${product.id} answered ${res.status}: ${answer.slice(0, 300)}`);
  const seen: Freshness['reads'] = { page: null, search: null };
  let polls = 0;
  while ((seen.page === null || seen.search === null) && since(answered) < GIVE_UP_MS) {
    polls++;
    await Promise.all((['page', 'search'] as const).filter((k) => seen[k] === null).map(async (k) => { if (await reads[k]()) seen[k] = since(answered); }));
    await new Promise((r) => setTimeout(r, 2));
  }
  const stale = seen.page === null || seen.search === null;
  const ms = stale ? since(answered) : Math.max(seen.page!, seen.search!);
  return { mode, ms, fromRequestMs: ms + (answered - sent), reads: seen, polls, stale };
}

/** The memory settings the portal's server processes run with (docs/guide/operators.md, "Memory"). */
export const SERVER_NODE_OPTIONS = '--max-old-space-size=256 --max-semi-space-size=4';
/** The C library's: two arenas, and freed blocks of 128 kB and more given back to the system. */
export const SERVER_MALLOC = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' } as const;
const mallocLabel = Object.entries(SERVER_MALLOC).map(([k, v]) => `${k}=${v}`).join(' ');

export async function benchPortal(plan: PortalPlan, opts: PortalOptions): Promise<PortalResult> {
  const connections = opts.connections ?? 50;
  const rounds = opts.rounds ?? 3;
  const log = opts.log ?? (() => {});
  // As the operators' guide runs a server on a small machine: Node's heap capped at 256 MB with a
  // small young generation, two C-library arenas, freed large blocks given back (without them the
  // heap grows to several times what it holds, every busy thread keeps its own arena, and freed
  // blocks stay with the process).
  const env = {
    ...opts.processEnv, LOG_LEVEL: 'warn', NODE_OPTIONS: `${opts.processEnv.NODE_OPTIONS ?? ''} ${SERVER_NODE_OPTIONS}`.trim(), ...SERVER_MALLOC,
  };

  // 1. What to request and the bytes the app answers for each, from a process stopped afterwards.
  log('portal: collecting the addresses and their bytes from a first app process');
  const collector = await startServer(opts.cmd, env);
  let found: Awaited<ReturnType<typeof discover>>;
  let mix: Mix;
  let replies: Map<string, Reply>;
  let collectMs: number;
  const nQueries = opts.queries ?? 1_000;
  try {
    found = await discover(collector.base, plan.province, 300);
    mix = mixedSequence({ queries: catalogueQueries(plan.names, found.facets, nQueries), products: found.products, provinces: found.provinces });
    const t0 = performance.now();
    replies = await collect(collector.base, mix.distinct);
    collectMs = since(t0);
  } finally {
    await stopProcess(collector.child);
  }
  const bytes = [...replies.values()].reduce((n, r) => n + r.body.length, 0);
  const dir = await mkdtemp(join(tmpdir(), 'ocop-portal-'));
  const file = join(dir, 'mix.json');
  await writeMix(file, mix.paths);
  const plainReplies = new Map<string, Reply>();
  const bare = await bareServer(replies, plainReplies);
  const app = await startServer(opts.cmd, env);
  try {
    const idle = memoryOf(app.child.pid);
    const cookie = await signIn(app.base, plan.username, plan.password);
    await backOffice(app.base, cookie, () => false); // warm-up
    const idleOffice = await backOffice(app.base, cookie, (i) => i < 10);

    // 2. The mixed traffic first, on the process just started (its catalogue and pages cold), with
    //    the officer's requests running beside the app's rounds.
    const seconds = opts.seconds * 2;
    log(`portal: mixed traffic, ${mix.distinct.length} distinct addresses, ${rounds} × ${seconds} s each, officer pages alongside`);
    await mixedLoad(app.base, file, { seconds: 1, connections, offset: 0 });
    await mixedLoad(bare.base, file, { seconds: 1, connections, offset: 0 });
    const appRuns: LoadResult[] = [];
    const bareRuns: LoadResult[] = [];
    const loaded: BackOffice[] = [];
    for (let r = 0; r < rounds; r++) {
      // Each round starts further along the sequence than the warm-up: not the addresses it just served.
      const offset = ((r + 1) * 20_011) % mix.paths.length;
      let running = true;
      const office = backOffice(app.base, cookie, () => running);
      appRuns.push(await mixedLoad(app.base, file, { seconds, connections, offset }).finally(() => { running = false; }));
      loaded.push(await office);
      bareRuns.push(await mixedLoad(bare.base, file, { seconds, connections, offset }));
    }
    const after = memoryOf(app.child.pid);

    // 3. Repeated URLs, each against the bytes this process answers for it, asked for as browsers
    //    do; then /san-pham by a client that does not take gzip (reported, no budget).
    const repeated: PortalResult['repeated'] = [];
    const urls = [['home /', '/'], ['/san-pham', '/san-pham'], ['a product page', found.products[0]!], ['a province page', found.provincePage]] as const;
    for (const [label, path, plain] of [...urls.map(([l, p]) => [l, p, false] as const), ['/san-pham without gzip', '/san-pham', true] as const]) {
      log(`portal: ${label} (${path}), ${rounds} × ${opts.seconds} s each`);
      const headers = plain ? {} : { ...BROWSER };
      const reply = await get(app.base, path, headers);
      (plain ? plainReplies : replies).set(path, reply);
      repeated.push({ label, path, plain, bytes: reply.body.length, ...await repeatedPair(app.base, bare.base, path, headers, opts.seconds, connections, rounds) });
    }

    // 4. Freshness of a product edit: this process, then (PostgreSQL) a second one.
    log('portal: freshness of a product rename');
    const fresh = [await timeRename(app.base, app.base, plan.token, found.fresh[0]!, 'one-process')];
    if (opts.engine === 'postgres') {
      const other = await startServer(opts.cmd, env);
      try {
        fresh.push(await timeRename(app.base, other.base, plan.token, found.fresh[1]!, 'two-processes'));
      } finally {
        await stopProcess(other.child);
      }
    }
    return {
      connections, repeated,
      mixed: {
        app: medianLoad(appRuns), baseline: medianLoad(bareRuns), distinct: mix.distinct.length, queries: nQueries, exponent: mix.exponent,
        drawnTopShare: mix.drawnTopShare, counts: mix.counts, bytes, collectMs,
      },
      rss: idle && after ? { idle: idle.rss, after: after.rss, peak: after.peak } : null,
      backOffice: { idle: idleOffice, loaded: merge(loaded) },
      fresh,
    };
  } finally {
    await stopProcess(app.child);
    await bare.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The rows of one load beside bare node:http: throughput, its ratio, p99 and non-2xx answers
 * (budgets null: reported only). The portal's and the market's.
 */
export function loadMetrics(engine: Engine, name: string, p: { app: LoadResult; baseline: LoadResult }, ratio: number | null, p99: number | null, connections: number): Metric[] {
  const bare = 'node:http, same bytes';
  return [
    metric({ engine, metric: `${name} throughput (${connections} connections)`, unit: 'req/s', value: round(p.app.rps), baseline: round(p.baseline.rps), baselineLabel: bare, budget: null }),
    metric({ engine, metric: `${name} throughput ÷ bare node:http`, unit: '×', value: round(p.app.rps / p.baseline.rps, 4), baseline: null, baselineLabel: null, budget: ratio === null ? null : { op: '>=', value: ratio } }),
    metric({ engine, metric: `${name} latency p99`, unit: 'ms', value: p.app.p99, baseline: p.baseline.p99, baselineLabel: bare, budget: p99 === null ? null : { op: '<=', value: p99 } }),
    metric({
      engine, metric: `${name} non-2xx answers and errors`, unit: 'responses', value: p.app.non2xx + p.app.errors,
      baseline: p.baseline.non2xx + p.baseline.errors, baselineLabel: bare, budget: { op: '<=', value: 0 },
    }),
  ];
}

/** The report rows (and notes) of a portal run. */
export function portalMetrics(engine: Engine, r: PortalResult, notes: string[]): Metric[] {
  const c = r.connections;
  const B = PORTAL_BUDGET;
  const load = (name: string, p: { app: LoadResult; baseline: LoadResult }, ratio: number | null, p99: number | null) => loadMetrics(engine, name, p, ratio, p99, c);
  const out: Metric[] = [];
  for (const u of r.repeated) {
    out.push(...load(`portal ${u.label}, repeated`, u, u.plain ? null : B.repeatedRatio, u.plain ? null : B.repeatedP99Ms));
  }
  const m = r.mixed;
  out.push(...load(`portal mixed public traffic (${m.distinct.toLocaleString('en-US')} addresses)`, m, B.mixedRatio, B.mixedP99Ms));
  if (r.rss) {
    out.push(metric({
      engine, metric: `RSS of the app process after the mixed traffic (NODE_OPTIONS=${SERVER_NODE_OPTIONS} ${mallocLabel})`, unit: 'MB', value: round(r.rss.after), baseline: round(r.rss.idle),
      baselineLabel: 'the same process after start-up', budget: { op: '<=', value: B.rssMb },
    }));
  }
  const office = r.backOffice;
  for (const [key, path] of [['admin', '/admin'], ['products', '/admin/products']] as const) {
    out.push(metric({
      engine, metric: `province officer ${path} p99 during the mixed traffic (${office.loaded[key].length} requests)`, unit: 'ms',
      value: round(percentile(office.loaded[key], 99), 1), baseline: round(percentile(office.idle[key], 99), 1),
      baselineLabel: 'the same requests, no public load', budget: { op: '<=', value: B.backOfficeP99Ms },
    }));
  }
  for (const f of r.fresh) {
    out.push(metric({
      engine, metric: `product rename on its public page and in catalogue search, ${f.mode === 'one-process' ? 'same process' : 'the other of two processes'}`,
      unit: 'ms', value: round(f.ms, 1), baseline: null, baselineLabel: null, budget: { op: '<=', value: f.mode === 'one-process' ? B.freshOneMs : B.freshTwoMs },
      ...(f.stale ? { note: `still stale after ${GIVE_UP_MS / 1000} s` } : {}),
    }));
  }
  notes.push(`${engine}: portal requests carry the Accept-Encoding browsers send (${BROWSER['accept-encoding']}) except the row "without gzip"; sizes are as sent.`);
  notes.push(`${engine}: portal repeated URLs: ${r.repeated.map((u) => `${u.label === u.path ? u.path : `${u.label} (${u.path})`} ${u.bytes} bytes, ${u.app.requests} requests (${u.app.non2xx} non-2xx, ${u.app.errors} errors)`).join('; ')}.`);
  notes.push(`${engine}: portal mixed traffic: ${m.queries.toLocaleString('en-US')} catalogue queries (pages and API alternately by rank; Zipf exponent ${round(m.exponent, 3)}, top 100 drew ${round(m.drawnTopShare * 100)} % of catalogue hits), `
    + `sequence ${m.counts.catalogue} catalogue / ${m.counts.product} product / ${m.counts.province} province requests; ${m.distinct} distinct addresses, ${round(m.bytes / 2 ** 20, 1)} MB collected in ${round(m.collectMs / 1000, 1)} s; `
    + `app ${m.app.requests} requests (${m.app.non2xx} non-2xx, ${m.app.errors} errors), baseline ${m.baseline.requests}.`);
  if (r.rss) notes.push(`${engine}: portal app process peak RSS ${round(r.rss.peak)} MB.`);
  const failed = [...office.idle.failures, ...office.loaded.failures];
  notes.push(`${engine}: province officer pages: idle p50 /admin ${round(percentile(office.idle.admin, 50))} ms, /admin/products ${round(percentile(office.idle.products, 50))} ms; `
    + `under load p50 ${round(percentile(office.loaded.admin, 50))} ms and ${round(percentile(office.loaded.products, 50))} ms${failed.length ? `; not 200: ${failed.slice(0, 5).join(', ')}` : ''}.`);
  for (const f of r.fresh) {
    const at = (x: number | null) => (x === null ? 'never' : `${round(x, 1)} ms`);
    notes.push(`${engine}: rename ${f.mode}: page ${at(f.reads.page)}, catalogue search ${at(f.reads.search)} after the write answered (${round(f.fromRequestMs, 1)} ms from sending it), ${f.polls} polls.`);
  }
  return out;
}
