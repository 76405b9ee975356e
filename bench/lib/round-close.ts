/**
 * Closing a council round: a province round of `dossiers` dossiers × `members` scoring members,
 * every sheet submitted, built straight through SQL (fast), then closed through closeRound
 * (quorum + spread checks, results, dossier moves with events and audit rows). Budget ≤ 1 s for
 * 200 × 9.
 *
 * Baseline, same run and same data: the per-dossier mean/group-by SELECT that closing starts
 * with (aggregateQuery), through the driver, without any of the writes.
 *
 *   const { ms, baselineMs } = await benchRoundClose(deps, { dossiers: 200, members: 9 });
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { makeCtx, systemActor, type Deps } from '../../src/context';
import { rows } from '../../src/db/client';
import { aggregateQuery, closeRound } from '../../src/modules/council/close.service';
import { median, since } from './stats';

export interface RoundCloseOptions {
  dossiers?: number;
  members?: number;
  /** Close one smaller round first so caches and prepared plans are warm (default true). */
  warmup?: boolean;
  /** Baseline repetitions (median reported). */
  baselineRuns?: number;
}

export interface RoundCloseResult {
  ms: number;
  baselineMs: number;
  dossiers: number;
  members: number;
  sheets: number;
  buildMs: number;
}

/** Build a round ready to close (status scoring, every sheet submitted, spread within 10). */
export async function buildClosableRound(deps: Deps, dossierCount: number, memberCount: number): Promise<string> {
  const db = deps.database.db;
  const tag = randomUUID().slice(0, 8);
  const [area] = await rows<{ commune: string; province: string }>(db, sql`
    select code as commune, parent_code as province from areas where level = 'commune' and parent_code is not null order by code limit 1`);
  if (!area) throw new Error('bench round-close: no communes loaded');
  const [regime] = await rows<{ classification: string }>(db, sql`select classification from criteria_regimes where code = '26-2026'`);
  if (!regime) throw new Error('bench round-close: regime 26-2026 missing');
  const [set] = await rows<{ code: string }>(db, sql`select code from product_sets where classification = ${regime.classification} order by code limit 1`);
  if (!set) throw new Error('bench round-close: no product set');

  const roundId = randomUUID();
  await db.transaction(async (tx) => {
    const [sheet] = await rows<{ id: string }>(tx, sql`
      insert into criteria_sheets (regime_code, classification, product_set_code, revision, status, official, provenance, source, created_by, published_at, published_by)
      select '26-2026', ${regime.classification}, ${set.code}, coalesce(max(revision), 0) + 1, 'published', false,
        'BENCH SHEET — generated for the round-close benchmark, not an official annex', 'import', 'bench', now(), 'bench'
      from criteria_sheets where regime_code = '26-2026' and product_set_code = ${set.code}
      returning id`);
    await tx.execute(sql`
      create temp table bench_d on commit drop as
      select g as n, gen_random_uuid() as producer_id, gen_random_uuid() as product_id, gen_random_uuid() as dossier_id
      from generate_series(1, ${dossierCount}) g`);
    await tx.execute(sql`
      insert into producers (id, name, name_key, kind, commune_code, province_code)
      select producer_id, 'HTX đo hiệu năng ' || ${tag} || ' ' || n, 'htx do hieu nang ' || ${tag} || ' ' || n, 'cooperative', ${area.commune}, ${area.province}
      from bench_d`);
    await tx.execute(sql`
      insert into products (id, producer_id, name, classification, product_set_code, province_code, commune_code)
      select product_id, producer_id, 'Sản phẩm đo hiệu năng ' || n, ${regime.classification}, ${set.code}, ${area.province}, ${area.commune}
      from bench_d`);
    await tx.execute(sql`
      insert into dossiers (id, number, kind, status, product_id, producer_id, province_code, commune_code, regime_code, sheet_id, created_by, submitted_at, received_at)
      select dossier_id, 'HS-BENCH-' || ${tag} || '-' || lpad(n::text, 6, '0'), 'first', 'in_round', product_id, producer_id,
        ${area.province}, ${area.commune}, '26-2026', ${sheet!.id}::uuid, 'bench', now() - interval '30 days', now() - interval '20 days'
      from bench_d`);
    await tx.execute(sql`
      insert into evaluation_rounds (id, name, level, province_code, regime_code, year, cutoff_date, session_date, status, created_by, opened_at)
      values (${roundId}::uuid, ${`Đợt đo hiệu năng ${tag}`}, 'province', ${area.province}, '26-2026', 2026, '2026-06-30', '2026-07-15', 'scoring', 'bench', now())`);
    await tx.execute(sql`
      insert into users (username, display_name, password_hash, role)
      select 'bench-member-' || ${tag} || '-' || g, 'Thành viên ' || g, 'x', 'council_member' from generate_series(1, ${memberCount}) g`);
    await tx.execute(sql`
      insert into council_members (round_id, user_id, council_role, full_name)
      select ${roundId}::uuid, u.id,
        case when row_number() over (order by u.username) = 1 then 'chair' when row_number() over (order by u.username) = 2 then 'secretary' else 'member' end,
        u.display_name
      from users u where u.username like ${`bench-member-${tag}-%`}`);
    await tx.execute(sql`
      insert into round_dossiers (round_id, dossier_id, sheet_id, status)
      select ${roundId}::uuid, dossier_id, ${sheet!.id}::uuid, 'scored' from bench_d`);
    // Totals 60–69.5 (within 10 points of each other), parts summing to them.
    await tx.execute(sql`
      insert into score_sheets (round_id, dossier_id, member_id, status, answers, parts, total, outcome, submitted_at, row_version)
      select ${roundId}::uuid, d.dossier_id, m.id, 'submitted', '{"options":[],"knockOuts":[]}'::jsonb,
        jsonb_build_object('A', 30, 'B', 20, 'C', t.total - 50), t.total, 'scored', now(), 2
      from bench_d d cross join council_members m
      cross join lateral (select (60 + ((d.n * 7 + length(m.id::text) + ascii(substr(m.id::text, 1, 1))) % 20) * 0.5)::numeric(5,2) as total) t
      where m.round_id = ${roundId}::uuid`);
  });
  return roundId;
}

export async function benchRoundClose(deps: Deps, options: RoundCloseOptions = {}): Promise<RoundCloseResult> {
  const dossiers = options.dossiers ?? 200;
  const members = options.members ?? 9;
  const ctx = makeCtx(deps, { actor: systemActor('bench') });
  if (options.warmup ?? true) {
    const warm = await buildClosableRound(deps, Math.min(20, dossiers), members);
    await closeRound(ctx, warm);
  }
  const t0 = performance.now();
  const roundId = await buildClosableRound(deps, dossiers, members);
  const buildMs = since(t0);

  // Baseline: the same grouped SELECT through the driver, no writes (median of a few runs).
  const baseline: number[] = [];
  for (let i = 0; i < (options.baselineRuns ?? 5); i++) {
    const b0 = performance.now();
    const agg = await rows(deps.database.db, aggregateQuery(roundId));
    baseline.push(since(b0));
    if (agg.length !== dossiers) throw new Error(`bench round-close: baseline saw ${agg.length} dossiers`);
  }

  const c0 = performance.now();
  const summary = await closeRound(ctx, roundId);
  const ms = since(c0);
  if (summary.dossiers !== dossiers) throw new Error(`bench round-close: closed ${summary.dossiers} of ${dossiers} dossiers`);
  return { ms, baselineMs: median(baseline), dossiers, members, sheets: dossiers * members, buildMs };
}
