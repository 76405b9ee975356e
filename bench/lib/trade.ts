/**
 * Trade connection on the national dataset (issue 16):
 * - matching a demand (matchDemand: the certified products of its set and stars, ranked by the
 *   domain — delivery province, in-stock listings, stars) for demands of every product set of the
 *   dataset, minimum stars none/3/4/5, delivery provinces in turn, and free-text demands; against
 *   a same-run baseline: the very statements the service sends, replayed through the raw driver.
 *   Budget p95 ≤ 50 ms.
 * - notifying the producers of a national event (the request that publishes it writes one audit
 *   row; the notices dispatcher turns it into a notice per producer account after the answer):
 *   benchNotify, the request against the same publish before any producer account exists (budget ≤ 100 ms), and
 *   the dispatcher's pass reported beside it.
 */
import { sql } from 'drizzle-orm';
import { makeCtx, readDb, systemActor, type Deps } from '../../src/context';
import { rows } from '../../src/db/client';
import { createUser } from '../../src/modules/identity/identity.service';
import { dispatchNotices } from '../../src/modules/notices/notices.dispatch';
import { matchDemand } from '../../src/modules/trade/demands.service';
import { createEvent, publishEvent } from '../../src/modules/trade/events.service';
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

export const NOTIFY_REQUEST_BUDGET_MS = 100;

export interface NotifyBench { accounts: number; publishMs: number[]; passMs: number; notices: number; emails: number; provincePublishMs: number[] }

/**
 * A national event published to `accounts` producer accounts: the request (publishEvent, which
 * writes the event and one audit row) against the same publish before any producer has an account
 * (nobody to tell); then the notices dispatcher's pass that tells every producer — the work queued
 * after the answer, reported beside it.
 */
export async function benchNotify(deps: Deps, accounts: number, runs: number): Promise<NotifyBench> {
  const db = deps.database.db;
  const admin = await createUser(makeCtx(deps, { actor: systemActor('bench') }), { username: 'bench-admin', password: 'Bench-OCOP-2026', role: 'national_admin', displayName: 'Bench' });
  const ctx = makeCtx(deps, { actor: { userId: admin.id, username: admin.username, displayName: 'Bench', role: 'national_admin', areaCode: null, provinceCode: null, producerId: null, label: 'bench' } });
  const system = makeCtx(deps, { actor: systemActor('bench') });
  const drain = async () => { while ((await dispatchNotices(system)).events > 0) { /* drain */ } };
  // The dispatcher starts from here: nothing older is announced.
  await drain();
  const [commune] = await rows<{ code: string }>(db, sql`select code from areas where level = 'commune' order by code limit 1`);
  const day = new Date(deps.clock().getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
  const event = (i: number) => ({
    kind: 'fair', title: `Hội chợ OCOP toàn quốc (bench ${i})`, startsOn: day, endsOn: day, venueAddress: 'Trung tâm Hội chợ',
    venueCommuneCode: commune!.code, organiser: 'Văn phòng Điều phối nông thôn mới Trung ương',
  });
  const out: NotifyBench = { accounts, publishMs: [], provincePublishMs: [], passMs: 0, notices: 0, emails: 0 };
  // The baseline: the same publish while no producer has an account.
  for (let i = 0; i < runs; i++) {
    const e = await createEvent(ctx, event(i));
    const t0 = performance.now();
    await publishEvent(ctx, e.id);
    out.provincePublishMs.push(since(t0));
    await drain();
  }
  // Producer accounts that never sign in (no password is valid for them).
  await db.execute(sql`
    insert into users (username, display_name, email, password_hash, role, producer_id, is_sample)
    select 'bench-producer-' || n, name, 'bench-producer-' || n || '@example.org', 'not-a-password-hash', 'producer', id, true
    from (select id, name, row_number() over (order by id) as n from producers order by id limit ${accounts}) p`);
  for (let i = 0; i < runs; i++) {
    const national = await createEvent(ctx, event(runs + i));
    let t0 = performance.now();
    await publishEvent(ctx, national.id);
    out.publishMs.push(since(t0));
    if (i > 0) { await drain(); continue; }
    t0 = performance.now();
    for (let r = await dispatchNotices(system); r.events > 0; r = await dispatchNotices(system)) { out.notices += r.notices; out.emails += r.emails; }
    out.passMs = since(t0);
  }
  return out;
}

export function notifyMetrics(engine: Engine, r: NotifyBench, notes: string[]): Metric[] {
  notes.push(`${engine}: national event: the dispatcher's pass after the answer told ${r.notices} producer accounts (${r.emails} e-mails queued) in ${round(r.passMs)} ms; publishing requests ${r.publishMs.map((x) => round(x, 1)).join(', ')} ms.`);
  return [
    metric({
      engine, metric: `publish a national event to ${r.accounts.toLocaleString('en-US')} producer accounts: the request (median of ${r.publishMs.length})`, unit: 'ms',
      value: round(percentile(r.publishMs, 50), 1), baseline: r.provincePublishMs.length ? round(percentile(r.provincePublishMs, 50), 1) : null,
      baselineLabel: r.provincePublishMs.length ? 'the same publish before any producer account exists' : null, budget: { op: '<=', value: NOTIFY_REQUEST_BUDGET_MS },
    }),
    metric({ engine, metric: `  notices to ${r.notices.toLocaleString('en-US')} accounts, queued after the answer (one dispatcher run)`, unit: 'ms', value: round(r.passMs), baseline: null, baselineLabel: null, budget: null }),
  ];
}
