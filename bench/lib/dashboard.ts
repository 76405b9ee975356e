/**
 * The /admin dashboard's data (src/modules/dashboard/dashboard.service.ts `dashboard`: the
 * summary, the 24-point by-star series, the province comparison, the year's pipeline, the
 * expiring certificates and the waiting dossiers) for one province and for the whole country on
 * the national dataset, against a same-run baseline: the very statements the service sent
 * (captured from Drizzle's logger in a warm-up call) replayed one after the other through the
 * driver. Budget: ≤ 500 ms (issue 5). The median of `runs` calls is reported.
 *
 *   const r = await benchDashboard(target, deps, { runs: 7 });
 *   metrics.push(...r.metrics); notes.push(...r.notes);
 */
import { makeCtx, systemActor, type Deps } from '../../src/context';
import { todayInVietnam } from '../../src/domain/dates';
import { dashboard } from '../../src/modules/dashboard/dashboard.service';
import { resolveReportArea } from '../../src/modules/reports/report-scope';
import { metric, type Metric } from './report';
import { captureStatements, type Statement } from './search';
import { median, round, since } from './stats';
import { rawDriver, type Target } from './targets';

export const DASHBOARD_BUDGET_MS = 500;

export interface DashboardBenchOptions {
  /** Timed calls per area (default 7). */
  runs?: number;
  /** The province timed (default 38, Thanh Hóa). */
  province?: string;
  /** The dashboard's day (default: today in Vietnam from the deps' clock). */
  today?: string;
}

export interface DashboardTiming {
  area: string;
  /** ms per call through the service. */
  service: number[];
  /** ms per replay of the same statements through the driver. */
  baseline: number[];
  statements: number;
  certified: number;
}

export async function timeDashboard(deps: Deps, opts: DashboardBenchOptions = {}): Promise<DashboardTiming[]> {
  const runs = Math.max(1, opts.runs ?? 7);
  const today = opts.today ?? todayInVietnam(deps.clock());
  const ctx = makeCtx(deps, { actor: systemActor('bench') });
  const raw = rawDriver(deps);
  const out: DashboardTiming[] = [];
  try {
    for (const code of [opts.province ?? '38', null]) {
      const area = await resolveReportArea(ctx, code);
      // Warm-up: plans, caches, and the statements the service sends.
      const { value, statements } = await captureStatements(deps.database.read, () => dashboard(ctx, area, today));
      const replay = async (list: Statement[]) => { for (const s of list) await raw.query(s.text, s.params); };
      await replay(statements);
      const service: number[] = [];
      const baseline: number[] = [];
      for (let i = 0; i < runs; i++) {
        let t0 = performance.now();
        await dashboard(ctx, area, today);
        service.push(since(t0));
        t0 = performance.now();
        await replay(statements);
        baseline.push(since(t0));
      }
      out.push({ area: area.name, service, baseline, statements: statements.length, certified: value.summary.products.certified });
    }
  } finally {
    await raw.close();
  }
  return out;
}

/** The dashboard's metrics (one per area) and a note on what was timed. */
export async function benchDashboard(target: Pick<Target, 'engine'>, deps: Deps, opts: DashboardBenchOptions = {})
  : Promise<{ metrics: Metric[]; notes: string[] }> {
  const engine = target.engine;
  const timings = await timeDashboard(deps, opts);
  const metrics = timings.map((t) => metric({
    engine, metric: `dashboard data, ${t.area} (median of ${t.service.length})`, unit: 'ms',
    value: round(median(t.service), 1), baseline: round(median(t.baseline), 1), baselineLabel: 'same SQL via driver',
    budget: { op: '<=', value: DASHBOARD_BUDGET_MS },
  }));
  const notes = [`${engine}: dashboard data: ${timings.map((t) => `${t.area} ${t.statements} statements, ${t.certified.toLocaleString('en-US')} certified products, slowest call ${round(Math.max(...t.service), 1)} ms`).join('; ')}.`];
  return { metrics, notes };
}
