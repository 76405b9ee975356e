/**
 * `npm run bench [-- --quick] [-- --skip-postgres | --skip-pglite] [-- --strict] [-- --only portal[,verify…]]`
 *
 * Builds the national-scale dataset in a fresh PGlite data dir (and, when DATABASE_URL is set,
 * in a scratch PostgreSQL database created and dropped here), then measures each figure next
 * to a baseline taken in the same run (architecture.md, "Performance principles"):
 *
 *   seed --scale national     report only (budget ≤ 90 s)
 *   start-up to /readyz       vs spawning a bare node:http server (budget ≤ 3 s)
 *   product search p50/p95    listProducts vs the same SQL through the driver (budget p95 ≤ 50 ms)
 *   catalogue search p95      searchCatalogue (public, with facets) vs its SQL through the driver (budget ≤ 50 ms);
 *                             the same queries in the index alone: postings vs the linear pass (budget ≤ 2 ms);
 *                             the largest product page (budget ≤ 60 kB before images)
 *   HTTP products?q=mat ong   autocannon, 10 connections, vs node:http serving the same bytes
 *   certified-products import runImport of a 20,000-row file vs plain multi-row INSERTs (budget ≤ 60 s)
 *   verify API / page         autocannon 50 connections vs node:http serving the same bytes (API ≥ 60%,
 *                             p99 ≤ 20 ms; page ≥ 40%); revocation seen by a second process (≤ 1 s)
 *   certificate PDF           certificatePdf vs a bare pdfkit document with the same text (budget p95 ≤ 200 ms)
 *   closing a council round   200 dossiers × 9 members through closeRound vs its grouped SELECT (budget ≤ 1 s)
 *   programme summary         a province and the whole country vs the same SQL through the driver
 *                             (budget ≤ 300 ms PostgreSQL, ≤ 1 s PGlite); the report's XLSX export of
 *                             20,000 product rows (≤ 10 s); dashboards (≤ 500 ms)
 *   trade matching p95        matchDemand for 200 demands (every set, stars, provinces, free text) vs its SQL
 *                             through the driver (budget p95 ≤ 50 ms); publishing a national event to 1,000
 *                             producer accounts: the request vs the same publish before any account exists (≤ 100 ms),
 *                             the notices' dispatcher pass after the answer reported beside it
 *   trace page of a lot       50 events, 3 levels of inputs, 50 connections, vs node:http serving the same
 *                             bytes (≥ 0.40×, p99 ≤ 30 ms); EPCIS 2.0 export of 10,000 events vs its
 *                             statements replayed through the driver (≤ 2 s)
 *   public portal at peak     the app as its own process, 50 connections, vs node:http serving the same
 *                             bytes: home, /san-pham, a product and a province page (≥ 0.40×, p99 ≤ 30 ms),
 *                             1,000 Zipf-drawn catalogue queries with product and province pages
 *                             (≥ 0.10×, p99 ≤ 100 ms), its RSS after that (≤ 400 MB), an officer's
 *                             /admin and product list meanwhile (p99 ≤ 1 s), a product rename seen
 *                             publicly (≤ 100 ms; by a second process on PostgreSQL ≤ 1 s)
 *
 * Writes bench/results/latest.json and latest.md and prints the markdown. --quick uses a
 * tenth of the data for development; --strict exits 1 when a budget fails; --only runs the
 * named groups (after the seed, which they all need; GROUPS below) and writes latest-<groups>.*.
 */
import { parseArgs } from 'node:util';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepare } from '../src/bootstrap';
import type { Deps } from '../src/context';
import { ROOT } from '../src/paths';
import { seedNationalScale } from '../src/modules/ops/scale-seed';
import { machineInfo, metric, toMarkdown, type BenchReport, type Engine, type Metric } from './lib/report';
import { median, percentile, round, since } from './lib/stats';
import { pgliteTarget, postgresTarget, rawDriver, type Scratch, type Target } from './lib/targets';
import { benchSearch, searchQueries } from './lib/search';
import { benchStartup, serverCommand, type ServerCommand } from './lib/startup';
import { benchHttp, HTTP_PATH } from './lib/http';
import { certifiedImportData, emptyRegistry, timeBaselineInsert, timeImport } from './lib/import';
import { benchCertificatePdf, certificatePdfMetrics } from './lib/certificate-pdf';
import { benchRoundClose } from './lib/round-close';
import { benchCatalogue, catalogueQueries } from './lib/catalogue';
import { benchVerify, verifyMetrics } from './lib/verify';
import { benchSummary } from './lib/summary';
import { benchDashboard } from './lib/dashboard';
import { benchPortal, portalMetrics, preparePortal, type PortalPlan } from './lib/portal';
import { benchMarket, MARKET_BUDGET, marketMetrics, prepareMarket, type MarketPlan } from './lib/market';
import { benchMatching, benchNotify, demandSpecs, matchingMetrics, notifyMetrics } from './lib/trade';
import { benchTrace, traceMetrics } from './lib/trace';

const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean' }, 'skip-postgres': { type: 'boolean' }, 'skip-pglite': { type: 'boolean' }, strict: { type: 'boolean' }, only: { type: 'string', multiple: true } },
  strict: true,
});
const GROUPS = ['search', 'catalogue', 'http', 'verify', 'pdf', 'round-close', 'summary', 'dashboard', 'trade', 'trace', 'portal', 'market', 'startup', 'import'] as const;
type Group = (typeof GROUPS)[number];
const only = flags.only?.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
const unknown = only?.filter((g) => !(GROUPS as readonly string[]).includes(g)) ?? [];
if (unknown.length) throw new Error(`--only: unknown group ${unknown.join(', ')} (groups: ${GROUPS.join(', ')})`);
const want = (g: Group) => !only?.length || only.includes(g);
const quick = Boolean(flags.quick);
const SIZE = quick
  ? { producers: 1_000, products: 2_000, importRows: 2_000, queries: 60, startupRuns: 2, httpSeconds: 2, pdfs: 10 }
  : { producers: 10_000, products: 20_000, importRows: 20_000, queries: 200, startupRuns: 3, httpSeconds: 5, pdfs: 50 };
const BUDGET = { seedMs: 90_000, startupMs: 3_000, searchP95Ms: 50, importMs: 60_000, roundCloseMs: 1_000, catalogueP95Ms: 50, indexSearchP95Ms: 2, productPageKb: 60 };
const ROUND = { dossiers: 200, members: 9 };

const t0 = performance.now();
const log = (msg: string) => console.error(`[bench ${(since(t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);

async function open(s: Scratch): Promise<{ deps: Deps; ms: number }> {
  const start = performance.now();
  const deps = await prepare({ env: s.env });
  return { deps, ms: since(start) };
}

async function benchEngine(target: Target, cmd: ServerCommand, metrics: Metric[], notes: string[], dataset: Record<string, number>) {
  const engine: Engine = target.engine;
  const scratches: Scratch[] = [];
  try {
    // 1. National dataset: migrate, then seed.
    const national = await target.create('national');
    scratches.push(national);
    log(`${engine}: migrating a fresh database`);
    const { deps, ms: migrateMs } = await open(national);
    let portalPlan: PortalPlan | null = null;
    let marketPlan: MarketPlan | null = null;
    try {
      log(`${engine}: seed --scale national (${SIZE.producers} producers, ${SIZE.products} products)`);
      const seed = await seedNationalScale(deps, { producers: SIZE.producers, products: SIZE.products, onProgress: (m) => log(`  ${m}`) });
      Object.assign(dataset, { producers: seed.producers, products: seed.products, certificates: seed.certificates, decisions: seed.decisions });
      metrics.push(metric({ engine, metric: 'migrate a fresh database', unit: 'ms', value: round(migrateMs), baseline: null, baselineLabel: null, budget: null }));
      metrics.push(metric({
        engine, metric: `seed --scale national (${seed.producers.toLocaleString('en-US')} producers, ${seed.products.toLocaleString('en-US')} products)`,
        unit: 's', value: round(seed.ms / 1000, 2), baseline: null, baselineLabel: null, budget: { op: '<=', value: BUDGET.seedMs / 1000 },
      }));

      const label = 'same SQL via driver';
      // 2. Search through the service vs the same SQL through the driver.
      if (want('search')) {
        const queries = searchQueries(SIZE.queries);
        log(`${engine}: product search, ${queries.length} queries`);
        const raw = rawDriver(deps);
        const search = await benchSearch(deps, raw, queries).finally(() => raw.close());
        metrics.push(metric({ engine, metric: `product search p50 (${queries.length} queries, listProducts as national_admin)`, unit: 'ms', value: round(percentile(search.service, 50), 2), baseline: round(percentile(search.baseline, 50), 2), baselineLabel: label, budget: null }));
        metrics.push(metric({ engine, metric: 'product search p95', unit: 'ms', value: round(percentile(search.service, 95), 2), baseline: round(percentile(search.baseline, 95), 2), baselineLabel: label, budget: { op: '<=', value: BUDGET.searchP95Ms } }));
        const slowest = queries.map((q, i) => ({ q, ms: search.service[i]!, hits: search.hits[i]! })).sort((a, b) => b.ms - a.ms).slice(0, 5);
        notes.push(`${engine}: slowest searches: ${slowest.map((s) => `"${s.q}" ${round(s.ms, 1)} ms (${s.hits} hits)`).join(', ')}.`);
        notes.push(`${engine}: search queries matched ${Math.min(...search.hits)}–${Math.max(...search.hits)} products (median ${median(search.hits)}); slowest service call ${round(Math.max(...search.service), 1)} ms, slowest baseline ${round(Math.max(...search.baseline), 1)} ms.`);
      }

      // 2b. The public catalogue: search with facets, and the product page's size.
      if (want('catalogue')) {
        log(`${engine}: catalogue search, ${SIZE.queries} queries`);
        const rawCat = rawDriver(deps);
        const cat = await benchCatalogue(deps, rawCat, catalogueQueries(SIZE.queries)).finally(() => rawCat.close());
        metrics.push(metric({
          engine, metric: `catalogue search p95 (${SIZE.queries} queries, searchCatalogue with facets)`, unit: 'ms',
          value: round(percentile(cat.service, 95), 2), baseline: round(percentile(cat.baseline, 95), 2), baselineLabel: label,
          budget: { op: '<=', value: BUDGET.catalogueP95Ms },
        }));
        metrics.push(metric({
          engine, metric: `catalogue search in the index alone p95 (${SIZE.queries} queries with facets): postings`, unit: 'ms',
          value: round(percentile(cat.indexOnly.postings, 95), 3), baseline: round(percentile(cat.indexOnly.linear, 95), 3),
          baselineLabel: 'the linear pass over every entry (same answers)', budget: { op: '<=', value: BUDGET.indexSearchP95Ms },
        }));
        metrics.push(metric({
          engine, metric: 'product page HTML, largest of 20 (before images)', unit: 'kB',
          value: round(cat.pageBytes[0]! / 1024, 1), baseline: null, baselineLabel: null, budget: { op: '<=', value: BUDGET.productPageKb },
        }));
      }

      // 3. HTTP through the app vs node:http serving the same bytes.
      if (want('http')) {
        log(`${engine}: HTTP GET ${HTTP_PATH}, autocannon 10 connections × ${SIZE.httpSeconds} s`);
        const http = await benchHttp(deps, SIZE.httpSeconds);
        const bare = 'node:http, same bytes';
        metrics.push(metric({ engine, metric: `HTTP GET ${HTTP_PATH} throughput`, unit: 'req/s', value: round(http.app.rps), baseline: round(http.baseline.rps), baselineLabel: bare, budget: null }));
        metrics.push(metric({ engine, metric: 'HTTP latency mean', unit: 'ms', value: round(http.app.mean, 2), baseline: round(http.baseline.mean, 2), baselineLabel: bare, budget: null }));
        metrics.push(metric({ engine, metric: 'HTTP latency p99', unit: 'ms', value: http.app.p99, baseline: http.baseline.p99, baselineLabel: bare, budget: null }));
        notes.push(`${engine}: HTTP body ${http.bytes} bytes; the same search through listProducts alone takes ${round(http.serviceMs, 1)} ms (median of 20); app ${http.app.requests} requests (${http.app.non2xx} non-2xx, ${http.app.errors} errors), baseline ${http.baseline.requests} requests.`);
      }

      // 3b. Verification (the hot path): API and page vs node:http, and revocation across processes.
      if (want('verify')) {
        log(`${engine}: verification, autocannon 50 connections × ${SIZE.httpSeconds} s × 3 alternating rounds, revocation propagation`);
        metrics.push(...verifyMetrics(engine, await benchVerify(deps, { seconds: SIZE.httpSeconds, engine, cmd, processEnv: national.processEnv }), notes));
      }

      // 4. Certificate PDFs of the national dataset's certificates vs bare pdfkit documents.
      if (want('pdf')) {
        log(`${engine}: certificate PDF, ${SIZE.pdfs} certificates`);
        metrics.push(...certificatePdfMetrics(engine, await benchCertificatePdf(deps, { n: SIZE.pdfs })));
      }

      // 5. Closing a council round (the same size in --quick: it is the figure the budget is for).
      if (want('round-close')) {
        log(`${engine}: closing a round of ${ROUND.dossiers} dossiers × ${ROUND.members} members`);
        const closed = await benchRoundClose(deps, ROUND);
        metrics.push(metric({
          engine, metric: `close a council round (${closed.dossiers} dossiers × ${closed.members} members, ${closed.sheets} sheets)`, unit: 'ms',
          value: round(closed.ms, 1), baseline: round(closed.baselineMs, 1), baselineLabel: 'its grouped SELECT via driver, no writes',
          budget: { op: '<=', value: BUDGET.roundCloseMs },
        }));
      }

      // 5b. Programme figures: the summary for a province and the country, the report's XLSX
      // export, and the dashboards, each next to the same SQL through the driver.
      if (want('summary')) {
        log(`${engine}: programme summary and XLSX export`);
        metrics.push(...await benchSummary(target, deps, { runs: quick ? 10 : 30 }));
      }
      if (want('dashboard')) {
        log(`${engine}: dashboards`);
        const dash = await benchDashboard(target, deps, { runs: 7 });
        metrics.push(...dash.metrics);
        notes.push(...dash.notes);
      }
      // The portal's officer account and the words of its queries come from the database the
      // bench holds; the measurement itself runs on app processes once it has let go.
      if (want('portal')) portalPlan = await preparePortal(deps);
      // The market's 20,000 listings come after the portal's reads (the portal measures the catalogue as it was).
      if (want('market')) {
        log(`${engine}: market: 20,000 listings`);
        marketPlan = await prepareMarket(deps);
      }
      // Trade connection: matching demands against the national dataset (with the market's listings, when prepared, for the in-stock rank).
      if (want('trade')) {
        const specs = await demandSpecs(deps, quick ? 40 : 200);
        log(`${engine}: trade: matching ${specs.length} demands`);
        const rawTrade = rawDriver(deps);
        const matching = await benchMatching(deps, rawTrade, specs).finally(() => rawTrade.close());
        metrics.push(...matchingMetrics(engine, matching, notes));
        log(`${engine}: trade: a national event published to 1,000 producer accounts`);
        metrics.push(...notifyMetrics(engine, await benchNotify(deps, 1_000, quick ? 3 : 7), notes));
      }
      // Lot traceability: a lot's public trace page, served in process as verification's, and the EPCIS export.
      if (want('trace')) {
        log(`${engine}: trace: the page of a lot with 50 events and 3 levels of inputs (50 connections, ${SIZE.httpSeconds} s rounds), EPCIS export of 10,000 events`);
        const rawTrace = rawDriver(deps);
        metrics.push(...traceMetrics(engine, await benchTrace(deps, rawTrace, { seconds: SIZE.httpSeconds, engine, rounds: quick ? 2 : 3, log: (m) => log(`  ${m}`) }).finally(() => rawTrace.close()), notes));
      }
    } finally {
      await deps.database.close();
    }

    // 5c. The public portal at national peak, served by its own process (for its own RSS).
    if (portalPlan) {
      log(`${engine}: public portal, 50 connections, repeated URLs and mixed traffic (${SIZE.httpSeconds} s rounds, mixed ${2 * SIZE.httpSeconds} s), officer pages, freshness`);
      const portal = await benchPortal(portalPlan, {
        cmd, processEnv: national.processEnv, engine, seconds: SIZE.httpSeconds, rounds: quick ? 2 : 3, log: (m) => log(`  ${m}`),
      });
      metrics.push(...portalMetrics(engine, portal, notes));
    }

    // 5d. The OCOP market: floor pages and search, listing pages, checkout contention.
    if (marketPlan) {
      log(`${engine}: market, 50 connections, repeated and mixed floor traffic, ${MARKET_BUDGET.buyers} buyers for ${MARKET_BUDGET.units} units`);
      const market = await benchMarket(marketPlan, { cmd, processEnv: national.processEnv, seconds: SIZE.httpSeconds, rounds: quick ? 2 : 3, log: (m) => log(`  ${m}`) });
      metrics.push(...marketMetrics(engine, marketPlan, market, notes));
    }

    // 6. Start-up on the existing national database.
    if (want('startup')) {
      log(`${engine}: start-up to /readyz, ${SIZE.startupRuns} runs (${cmd.label})`);
      const startup = await benchStartup(cmd, national.dataDir, national.processEnv, SIZE.startupRuns);
      metrics.push(metric({
        engine, metric: `start-up to /readyz on the national database (median of ${SIZE.startupRuns})`, unit: 'ms',
        value: round(median(startup.app)), baseline: round(median(startup.baseline)), baselineLabel: 'node -e bare node:http',
        budget: { op: '<=', value: BUDGET.startupMs },
      }));
      notes.push(`${engine}: start-up runs ${startup.app.map((x) => Math.round(x)).join(', ')} ms (${startup.label}); baseline ${startup.baseline.map((x) => Math.round(x)).join(', ')} ms.`);
    }
    await national.drop();
    scratches.splice(scratches.indexOf(national), 1);

    // 7. Import into a fresh database vs plain INSERTs of the same rows.
    if (want('import')) {
      const fresh = await target.create('import');
      scratches.push(fresh);
      const { deps: ideps } = await open(fresh);
      try {
        const data = await certifiedImportData(ideps, SIZE.importRows);
        log(`${engine}: import of ${data.rows} certified-products rows (${(data.csv.length / 1e6).toFixed(1)} MB CSV)`);
        const imported = await timeImport(ideps, data.csv);
        const raw = rawDriver(ideps);
        try {
          await emptyRegistry(raw);
          log(`${engine}: baseline: the same rows as multi-row INSERTs`);
          const baselineMs = await timeBaselineInsert(raw, data.subset);
          metrics.push(metric({
            engine, metric: `certified-products import, ${data.rows.toLocaleString('en-US')} rows (runImport, fresh database)`, unit: 's',
            value: round(imported.ms / 1000, 2), baseline: round(baselineMs / 1000, 2), baselineLabel: 'multi-row INSERTs via driver',
            budget: { op: '<=', value: BUDGET.importMs / 1000 },
          }));
          notes.push(`${engine}: import wrote ${Object.entries(imported.summary).map(([k, v]) => `${k} ${v}`).join(', ')}; baseline inserted ${data.subset.producers.length} producers, ${data.subset.products.length} products, ${data.subset.decisions.length} decisions, ${data.subset.certificates.length} certificates.`);
        } finally {
          await raw.close();
        }
      } finally {
        await ideps.database.close();
      }
    }
  } finally {
    for (const s of scratches) await s.drop().catch((e: unknown) => log(`could not drop a scratch database: ${String(e)}`));
  }
}

async function main() {
  const startedAt = new Date().toISOString();
  const load = loadavg();
  const root = await mkdtemp(join(tmpdir(), 'ocop-bench-'));
  const runId = Date.now().toString(36);
  const adminUrl = process.env.DATABASE_URL;
  // --skip-pglite (with DATABASE_URL): PostgreSQL alone, for a figure only it has a budget for.
  const targets: Target[] = flags['skip-pglite'] && adminUrl ? [] : [pgliteTarget(root)];
  if (adminUrl && !flags['skip-postgres']) targets.push(postgresTarget(adminUrl, root, runId));
  const metrics: Metric[] = [];
  const notes: string[] = [];
  const dataset: Record<string, number> = {};
  const cmd = await serverCommand();
  try {
    for (const target of targets) await benchEngine(target, cmd, metrics, notes, dataset);
  } finally {
    await cmd.cleanup();
    await rm(root, { recursive: true, force: true });
  }
  if (!adminUrl) notes.push('PostgreSQL not measured: DATABASE_URL is not set.');
  if (load[0]! > machineInfo(load).cpus) notes.push(`The machine was busy when the run started (load average ${load[0]!.toFixed(2)}): figures are noisier than usual.`);
  notes.push(`Whole run: ${(since(t0) / 1000).toFixed(0)} s.`);
  if (only?.length) notes.push(`Partial run: --only ${only.join(',')}.`);

  const report: BenchReport = {
    startedAt, finishedAt: new Date().toISOString(), quick, machine: machineInfo(load), dataset, metrics, notes,
  };
  const dir = join(ROOT, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const md = toMarkdown(report);
  // A partial run keeps the last whole run's figures: latest-<groups>.* instead of latest.*.
  const name = only?.length ? `latest-${only.join('+')}` : 'latest';
  await writeFile(join(dir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(dir, `${name}.md`), md);
  console.log(md);
  if (flags.strict && metrics.some((m) => m.pass === false)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
