/**
 * Trade connection on the national dataset (issue 16):
 * - matching a demand (matchDemand: the certified products of its set and stars, ranked by the
 *   domain — delivery province, in-stock listings, stars) for demands of every product set of the
 *   dataset, minimum stars none/3/4/5, delivery provinces in turn, and free-text demands; against
 *   a same-run baseline: the very statements the service sends, replayed through the raw driver.
 *   Budget p95 ≤ 50 ms.
 * - notifying the producers of a national event (the request that publishes it writes one audit
 *   row; the notices dispatcher turns it into a notice per producer account after the answer):
 *   see tradeNotifyBench.
 */
import { sql } from 'drizzle-orm';
import { makeCtx, readDb, systemActor, type Deps } from '../../src/context';
import { rows } from '../../src/db/client';
import { matchDemand } from '../../src/modules/trade/demands.service';
import { metric, type Engine, type Metric } from './report';
import { captureStatements, type Statement } from './search';
import { percentile, round, since } from './stats';
import type { RawDriver } from './targets';

export const MATCH_BUDGET_P95_MS = 50;
const FREE_TEXT = ['mật ong', 'chè shan tuyết', 'nước mắm', 'gạo', 'cà phê', 'miến dong', 'bánh', 'rượu'];

interface Spec { productSetCode: string | null; minStars: number | null; deliveryProvinceCode: string; title: string }

/** `n` demands: every product set of the dataset in turn, stars none/3/4/5, provinces in turn; one in eight free text. */
export async function demandSpecs(deps: Deps, n: number): Promise<Spec[]> {
  const db = deps.database.db;
  const sets = await rows<{ code: string }>(db, sql`select product_set_code as code from products group by 1 order by count(*) desc`);
  const provinces = await rows<{ code: string }>(db, sql`select code from areas where level = 'province' order by code`);
  const stars = [null, 3, 4, 5];
  return Array.from({ length: n }, (_, i) => ({
    productSetCode: i % 8 === 7 ? null : sets[i % sets.length]!.code,
    minStars: stars[i % stars.length]!,
    deliveryProvinceCode: provinces[(i * 7) % provinces.length]!.code,
    title: FREE_TEXT[i % FREE_TEXT.length]!,
  }));
}

export interface MatchBench { service: number[]; baseline: number[]; matched: number[] }

export async function benchMatching(deps: Deps, raw: RawDriver, specs: Spec[]): Promise<MatchBench> {
  const ctx = makeCtx(deps, { actor: systemActor('bench') });
  const sent: Statement[][] = [];
  const matched: number[] = [];
  for (const s of specs) {
    const { value, statements } = await captureStatements(readDb(ctx), () => matchDemand(ctx, s));
    matched.push(value.length);
    sent.push(statements);
  }
  const out: MatchBench = { service: [], baseline: [], matched };
  for (let i = 0; i < specs.length; i++) {
    let t0 = performance.now();
    await matchDemand(ctx, specs[i]!);
    out.service.push(since(t0));
    t0 = performance.now();
    for (const s of sent[i]!) await raw.query(s.text, s.params);
    out.baseline.push(since(t0));
  }
  return out;
}

export function matchingMetrics(engine: Engine, r: MatchBench, notes: string[]): Metric[] {
  notes.push(`${engine}: matching: ${r.service.length} demands matched ${Math.min(...r.matched)}–${Math.max(...r.matched)} products each (kept at most 200); slowest ${round(Math.max(...r.service), 1)} ms.`);
  return [
    metric({ engine, metric: `match a demand p50 (${r.service.length} demands, matchDemand)`, unit: 'ms', value: round(percentile(r.service, 50), 2), baseline: round(percentile(r.baseline, 50), 2), baselineLabel: 'same SQL via driver', budget: null }),
    metric({ engine, metric: 'match a demand p95', unit: 'ms', value: round(percentile(r.service, 95), 2), baseline: round(percentile(r.baseline, 95), 2), baselineLabel: 'same SQL via driver', budget: { op: '<=', value: MATCH_BUDGET_P95_MS } }),
  ];
}
