/**
 * Programme reports on the national dataset (budgets of issue 5):
 * - `summary` (GET /api/v1/reports/summary) for the province with the most certificates and for
 *   the whole country, p50/p95 over N runs, against a same-run baseline: the very statements the
 *   service sends (captured from Drizzle's logger on a warm-up run) replayed through the raw
 *   driver. Budget p95 ≤ 300 ms on PostgreSQL, ≤ 1 s on PGlite.
 * - the statistics report as XLSX with ≥ 20,000 product rows (`buildReportExport`: the report's
 *   queries, the product list, every sheet), against a same-run baseline: exceljs' streaming
 *   writer writing the same product rows as plain values. Budget ≤ 10 s.
 * - the same summary as of 30/6/2024 in the units of that date (`units=then`, issue 13) for the old
 *   province with the most certificates then and the whole country; same baseline and budget.
 *
 *   metrics.push(...await benchSummary(target, deps, { runs: 30 }));
 */
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { makeCtx, readDb, systemActor, type Ctx, type Deps } from '../../src/context';
import { rows } from '../../src/db/client';
import { todayInVietnam } from '../../src/domain/dates';
import { COUNTRY_NAME, type ReportArea } from '../../src/modules/reports/report-scope';
import { summary, type Summary } from '../../src/modules/reports/summary.service';
import { summaryThen } from '../../src/modules/reports/then.service';
import { certifiedProductRows, type CertifiedProductRow } from '../../src/modules/reports/period.service';
import { buildReportExport, PRODUCT_HEADER } from '../../src/modules/reports/report-export';
import { metric, type Engine, type Metric } from './report';
import { captureStatements, type Statement } from './search';
import { percentile, round, since } from './stats';
import { rawDriver, type RawDriver } from './targets';

/** The as-of date of the history report (units=then): a day of the old 63 provinces. */
export const THEN_AS_OF = '2024-06-30';
export const SUMMARY_BUDGET_MS: Record<Engine, number> = { postgres: 300, pglite: 1_000 };
export const XLSX_EXPORT_BUDGET_MS = 10_000;
export const XLSX_EXPORT_MIN_ROWS = 20_000;

export interface SummaryBenchOptions {
  /** Timed runs per area (default 30). */
  runs?: number;
  /** Product rows of the XLSX export (at least 20,000; the list is repeated when the dataset has fewer). */
  exportRows?: number;
  /** Timed XLSX exports (default 3; the median is reported). */
  exportRuns?: number;
}

interface Timings { service: number[]; baseline: number[] }

async function timeSummary(deps: Deps, raw: RawDriver, run: (ctx: Ctx) => Promise<Summary>, runs: number): Promise<Timings & { certified: number }> {
  const ctx = makeCtx(deps, { actor: systemActor('bench') });
  const { value, statements } = await captureStatements(readDb(ctx), () => run(ctx));
  const replay = (list: Statement[]) => Promise.all(list.map((s) => raw.query(s.text, s.params)));
  await replay(statements);
  const out: Timings = { service: [], baseline: [] };
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    await run(ctx);
    out.service.push(since(t0));
    t0 = performance.now();
    // The service runs its statements together (Promise.all); so does the baseline.
    await replay(statements);
    out.baseline.push(since(t0));
  }
  return { ...out, certified: value.products.certified };
}

/** The same product rows written with exceljs directly: one sheet, plain values, no report. */
async function baselineXlsx(list: readonly CertifiedProductRow[]): Promise<number> {
  const stream = new PassThrough();
  let bytes = 0;
  stream.on('data', (c: Buffer) => { bytes += c.length; });
  const done = new Promise<void>((resolve, reject) => { stream.on('end', resolve); stream.on('error', reject); });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('Danh sách sản phẩm');
  ws.addRow(PRODUCT_HEADER).commit();
  list.forEach((p, i) => {
    ws.addRow([i + 1, p.product, p.productSet, p.producer, p.producerKind, p.commune, p.stars, p.certificateNumber,
      new Date(`${p.issuedOn}T00:00:00Z`), new Date(`${p.expiresOn}T00:00:00Z`), p.decisionNumber, new Date(`${p.decisionDate}T00:00:00Z`), p.oldDistrict ?? '']).commit();
  });
  ws.commit();
  await wb.commit();
  await done;
  return bytes;
}

function padTo<T>(list: T[], n: number): T[] {
  if (list.length === 0 || list.length >= n) return list;
  const out: T[] = [];
  for (let i = 0; out.length < n; i++) out.push(list[i % list.length]!);
  return out;
}

export async function benchSummary(target: { engine: Engine }, deps: Deps, opts: SummaryBenchOptions = {}): Promise<Metric[]> {
  const engine = target.engine;
  const runs = opts.runs ?? 30;
  const exportRuns = opts.exportRuns ?? 3;
  const wantRows = Math.max(XLSX_EXPORT_MIN_ROWS, opts.exportRows ?? XLSX_EXPORT_MIN_ROWS);
  const asOf = todayInVietnam(deps.clock());
  const ctx = makeCtx(deps, { actor: systemActor('bench') });
  const [top] = await rows<{ code: string; name: string; n: number }>(readDb(ctx), sql`
    select a.code, a.name, count(*)::int as n from certificates c join areas a on a.code = c.province_code
    group by a.code, a.name order by n desc, a.code limit 1`);
  const country: ReportArea = { code: null, name: COUNTRY_NAME, level: 'country', provinceCode: null };
  const province: ReportArea | null = top ? { code: top.code, name: top.name, level: 'province', provinceCode: top.code } : null;

  const metrics: Metric[] = [];
  const raw = rawDriver(deps);
  try {
    const label = 'same SQL via driver';
    const cases: { what: string; run: (c: Ctx) => Promise<Summary> }[] = (province ? [province, country] : [country]).map((area) => ({
      what: area.code ? `province ${area.code}` : 'whole country', run: (c: Ctx) => summary(c, area, asOf),
    }));
    // As of a date before the reform, in the units of that date (issue 13): the old province with
    // the most certificates then, and the whole country.
    const [old] = await rows<{ code: string }>(readDb(ctx), sql`
      select province_code_then as code from certificates where province_code_then is not null and issued_on <= ${THEN_AS_OF}::date
      group by 1 order by count(*) desc, 1 limit 1`);
    for (const code of old ? [old.code, undefined] : []) {
      cases.push({ what: `${code ? `old province ${code}` : 'whole country'} as of ${THEN_AS_OF} in the units of that date`, run: (c: Ctx) => summaryThen(c, code, THEN_AS_OF) });
    }
    for (const { what, run } of cases) {
      const r = await timeSummary(deps, raw, run, runs);
      metrics.push(metric({
        engine, metric: `reports summary p50 — ${what}, ${r.certified.toLocaleString('en-US')} certified products (${runs} runs)`, unit: 'ms',
        value: round(percentile(r.service, 50), 2), baseline: round(percentile(r.baseline, 50), 2), baselineLabel: label, budget: null,
      }));
      metrics.push(metric({
        engine, metric: `reports summary p95 — ${what}`, unit: 'ms',
        value: round(percentile(r.service, 95), 2), baseline: round(percentile(r.baseline, 95), 2), baselineLabel: label,
        budget: { op: '<=', value: SUMMARY_BUDGET_MS[engine] },
      }));
    }
  } finally {
    await raw.close();
  }

  // The XLSX export of the whole country: the real list, repeated up to the wanted size if short.
  const real = await certifiedProductRows(ctx, country, asOf);
  const list = padTo(real, wantRows);
  const dates = { asOf, from: `${asOf.slice(0, 4)}-01-01`, to: asOf };
  const app: number[] = [];
  const base: number[] = [];
  let size = 0;
  for (let i = 0; i < exportRuns; i++) {
    let t0 = performance.now();
    const file = await buildReportExport(ctx, country, dates, 'xlsx', { productRows: async () => list });
    app.push(since(t0));
    size = file.body.length;
    t0 = performance.now();
    await baselineXlsx(list);
    base.push(since(t0));
  }
  metrics.push(metric({
    engine, metric: `statistics report XLSX, ${list.length.toLocaleString('en-US')} product rows (${real.length.toLocaleString('en-US')} certified; ${(size / 1e6).toFixed(1)} MB; median of ${exportRuns})`,
    unit: 'ms', value: round(percentile(app, 50)), baseline: round(percentile(base, 50)), baselineLabel: 'same rows via exceljs directly',
    budget: { op: '<=', value: XLSX_EXPORT_BUDGET_MS },
    note: real.length < wantRows ? 'product list repeated to reach 20,000 rows' : undefined,
  }));
  return metrics;
}
