/**
 * Lot traceability on the national dataset (issue 17, "Done when"):
 *
 * - The public trace page of a lot with 50 events and 3 levels of inputs (a packed lot made from
 *   two lots, each made from two, each from two fresh-leaf lots with their raw-material areas and
 *   lab results), recorded through the services on a certified product: GET /truy-xuat/<code>
 *   through the whole app (buildApp in process, listening; rate limits allow-listed for
 *   127.0.0.1) as browsers ask (gzip), against a bare node:http server sending the same bytes —
 *   same run, same tool (autocannon in a child process), 50 connections, alternating rounds
 *   (median of each). Budgets as the verification page's: ≥ 0.40× node:http, p99 ≤ 30 ms. The
 *   page's first rendering (page cache empty) and its size are reported beside it.
 * - The EPCIS 2.0 export of 10,000 events (rangeEpcis of one product, as
 *   `GET /api/v1/trace/epcis?product=` answers it, JSON text included) against the very statements
 *   it sends replayed through the raw driver. Budget ≤ 2 s. The events are written in bulk
 *   (multi-row INSERTs): the figure is the export's, not the recording's.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../src/app';
import { makeCtx, systemActor, type Ctx, type Deps } from '../../src/context';
import { rows } from '../../src/db/client';
import { todayInVietnam } from '../../src/domain/dates';
import type { TraceEventKind } from '../../src/domain/trace';
import { mayStorePages, portalRuntime } from '../../src/modules/portal/catalogue.snapshot';
import { addInput, addLabResult, addMaterialArea, createLot } from '../../src/modules/trace/lots.service';
import { recordEvent, recordTransformation } from '../../src/modules/trace/trace-events.service';
import { rangeEpcis } from '../../src/modules/trace/epcis.service';
import { traceByCode } from '../../src/modules/trace/trace-read.service';
import { traceEventLots, traceEvents } from '../../src/modules/trace/trace.tables';
import type { LoadResult } from './http';
import { loadMetrics, repeatedPair } from './portal';
import { bareServer, BROWSER, get } from './portal-load';
import { metric, type Engine, type Metric } from './report';
import { captureStatements, type Statement } from './search';
import { median, round, since } from './stats';
import type { RawDriver } from './targets';

export const TRACE_BUDGET = { repeatedRatio: 0.4, p99Ms: 30, epcisMs: 2_000 } as const;
const PAGE_EVENTS = 50;
const EXPORT_EVENTS = 10_000;

export interface TraceOptions { seconds: number; engine: Engine; connections?: number; rounds?: number; log?: (msg: string) => void }

export interface TraceResult {
  connections: number;
  path: string;
  events: number;
  depth: number;
  lots: number;
  page: { app: LoadResult; baseline: LoadResult; bytes: number; gzipBytes: number; firstRenderMs: number[]; serviceMs: number[] };
  epcis: { ms: number[]; baselineMs: number[]; events: number; bytes: number };
}

interface Place { producerId: string; productId: string; communeCode: string }

/** A certified product valid today (3–4 stars: a province's), its producer and commune. */
async function certifiedProduct(deps: Deps, skip: number): Promise<Place> {
  const today = todayInVietnam(deps.clock());
  const [p] = await rows<{ producer_id: string; product_id: string; commune_code: string }>(deps.database.db, sql`
    select pr.producer_id, pr.id as product_id, p.commune_code from certificates c
    join decisions d on d.id = c.decision_id join products pr on pr.id = c.product_id join producers p on p.id = pr.producer_id
    where d.status = 'approved' and c.state = 'active' and c.issued_on <= ${today}::date and c.expires_on > ${today}::date
    order by c.number offset ${skip} limit 1`);
  if (!p) throw new Error('the dataset has no certificate valid today');
  return { producerId: p.producer_id, productId: p.product_id, communeCode: p.commune_code };
}

const dayOffset = (deps: Deps, days: number) => todayInVietnam(new Date(deps.clock().getTime() + days * 86_400_000));
const at = (day: string, hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00+07:00`;

/** How many events the trace page of a lot shows (its own and every upstream lot's) and how deep its inputs go. */
async function journeyOf(deps: Deps, lotId: string): Promise<{ events: number; depth: number }> {
  const [r] = await rows<{ events: number; depth: number }>(deps.database.db, sql`
    with recursive up(id, depth) as (select ${lotId}::uuid, 0
      union select b.lot_id, up.depth + 1 from up join trace_event_lots a on a.lot_id = up.id and a.role = 'output'
      join trace_event_lots b on b.event_id = a.event_id and b.role = 'input')
    select (select count(distinct event_id)::int from trace_event_lots where lot_id in (select id from up)) as events, (select max(depth)::int from up) as depth`);
  return { events: Number(r!.events), depth: Number(r!.depth) };
}

/**
 * The page's lot: a binary tree three levels deep (8 fresh-leaf lots → 4 → 2 → the packed lot),
 * every leaf from a raw-material area with planting, harvest and a lab test, each transformation
 * an event, the intermediate lots stored and processed, the packed lot's own events up to 50.
 */
async function pageLot(ctx: Ctx, place: Place): Promise<{ id: string; code: string; lots: number }> {
  const deps = ctx.deps;
  const d0 = dayOffset(deps, -60);
  const where = { communeCode: place.communeCode, actor: 'Hợp tác xã (bench)' };
  const area = await addMaterialArea(ctx, { producerId: place.producerId, name: 'Vùng nguyên liệu bench', communeCode: place.communeCode, crop: 'Chè Shan tuyết', hectares: 20 });
  const lot = (n: string, producedOn: string, quantity: number) => ({ productId: place.productId, lotNumber: `BENCH-${n}`, producedOn, quantity, unit: 'kg' as const, facility: 'Xưởng bench' });
  let level: string[] = [];
  for (let i = 0; i < 8; i++) {
    const leaf = await createLot(ctx, lot(`L3-${i}`, d0, 1_000));
    await addInput(ctx, leaf.id, { material: 'Búp chè tươi', sourceKind: 'area', materialAreaId: area.id, quantity: 1_000, unit: 'kg', receivedOn: d0 });
    await recordEvent(ctx, leaf.id, { kind: 'planting', occurredAt: at(dayOffset(deps, -120), 7), ...where, note: 'Chăm sóc, bón phân hữu cơ' });
    await recordEvent(ctx, leaf.id, { kind: 'harvest', occurredAt: at(d0, 6), ...where });
    await addLabResult(ctx, leaf.id, { laboratory: 'Trung tâm kiểm nghiệm (bench)', reportNumber: `KN-${i}`, testedOn: d0, indicators: [{ name: 'Dư lượng thuốc bảo vệ thực vật', result: 'Không phát hiện', limit: 'KPH', passed: true }] });
    level.push(leaf.id);
  }
  let lots = 8;
  for (const [depth, days] of [[2, 2], [1, 4], [0, 6]] as const) {
    const day = dayOffset(deps, -60 + days);
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const made = await recordTransformation(ctx, {
        occurredAt: at(day, 9), ...where, facility: 'Xưởng chế biến bench',
        inputs: [{ lotId: level[i]!, quantity: 500 }, { lotId: level[i + 1]!, quantity: 500 }],
        outputs: [{ productId: place.productId, lotNumber: `BENCH-L${depth}-${i / 2}`, producedOn: day, quantity: 1_000, unit: 'kg' }],
      });
      const out = made.outputs[0]!;
      lots++;
      if (depth > 0) await recordEvent(ctx, out.id, { kind: depth === 2 ? 'storage' : 'processing', occurredAt: at(day, 15), ...where });
      next.push(out.id);
    }
    level = next;
  }
  const packed = level[0]!;
  const kinds: TraceEventKind[] = ['packing', 'storage', 'dispatch', 'receipt'];
  for (let i = (await journeyOf(deps, packed)).events; i < PAGE_EVENTS; i++) {
    await recordEvent(ctx, packed, { kind: kinds[i % kinds.length]!, occurredAt: at(dayOffset(deps, -53 + Math.floor(i / 3)), 8 + (i % 3) * 3), ...where, counterparty: i % 4 === 2 ? 'Điểm bán OCOP (bench)' : null, note: `Ghi nhận ${i + 1}` });
  }
  const [row] = await rows<{ trace_code: string }>(deps.database.db, sql`select trace_code from trace_lots where id = ${packed}::uuid`);
  return { id: packed, code: row!.trace_code, lots };
}

/** 10,000 events of one product's 20 lots, written in bulk. */
async function exportEvents(ctx: Ctx, place: Place): Promise<void> {
  const db = ctx.deps.database.db;
  const lotIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    lotIds.push((await createLot(ctx, { productId: place.productId, lotNumber: `EPCIS-${i}`, producedOn: dayOffset(ctx.deps, -300), quantity: 100, unit: 'box', facility: 'Xưởng bench' })).id);
  }
  const kinds: TraceEventKind[] = ['packing', 'quality_test', 'storage', 'dispatch', 'receipt', 'processing'];
  const start = new Date(`${dayOffset(ctx.deps, -299)}T01:00:00Z`).getTime();
  for (let from = 0; from < EXPORT_EVENTS; from += 1_000) {
    const ids = Array.from({ length: 1_000 }, () => randomUUID());
    await db.insert(traceEvents).values(ids.map((id, k) => ({
      id, kind: kinds[(from + k) % kinds.length]!, producerId: place.producerId, occurredAt: new Date(start + (from + k) * 60_000),
      communeCode: place.communeCode, actor: 'Kho bench', note: `Sự kiện ${from + k + 1}`, counterparty: (from + k) % 6 === 3 ? 'Điểm bán (bench)' : null,
    })));
    await db.insert(traceEventLots).values(ids.map((id, k) => ({ eventId: id, lotId: lotIds[(from + k) % lotIds.length]!, role: 'subject' as const })));
  }
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 30_000) {
  const t0 = performance.now();
  while (!(await ok())) {
    if (since(t0) > ms) throw new Error(`trace bench: ${what} not reached after ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function benchTrace(deps: Deps, raw: RawDriver, opts: TraceOptions): Promise<TraceResult> {
  const connections = opts.connections ?? 50;
  const rounds = opts.rounds ?? 3;
  const log = opts.log ?? (() => {});
  const ctx = makeCtx(deps, { actor: systemActor('bench') });
  log('trace: recording a lot with 50 events and 3 levels of inputs');
  const built = await pageLot(ctx, await certifiedProduct(deps, 0));
  const path = `/truy-xuat/${built.code}`;
  const { events, depth } = await journeyOf(deps, built.id);
  // What the first rendering of the page reads: the lot's trace through the service alone.
  const serviceMs: number[] = [];
  for (let i = 0; i < 11; i++) {
    const t0 = performance.now();
    if (!(await traceByCode(ctx, built.code))) throw new Error(`trace bench: ${built.code} not found`);
    if (i > 0) serviceMs.push(since(t0));
  }

  // The page through the app.
  const app = await buildApp({ deps, logger: false });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  let page: TraceResult['page'];
  try {
    const runtime = portalRuntime(deps);
    // The catalogue in memory (the fast path answers for today's index) and the feeds heard.
    await get(base, '/api/v1/catalogue/figures', BROWSER);
    await until('the portal runtime settled', () => mayStorePages(runtime) && runtime.index !== null);
    const firstRenderMs: number[] = [];
    for (let i = 0; i < 10; i++) {
      runtime.pages.clear();
      const t0 = performance.now();
      await get(base, path, BROWSER);
      firstRenderMs.push(since(t0));
    }
    const hits = runtime.fastPathHits;
    const reply = await get(base, path, BROWSER);
    await until('the page held and answered by the fast path', async () => { await get(base, path, BROWSER); return runtime.fastPathHits > hits; });
    const plain = await get(base, path);
    const bare = await bareServer(new Map([[path, reply]]));
    try {
      log(`trace: ${path} (${plain.body.length} bytes, ${reply.body.length} gzipped), ${rounds} × ${opts.seconds} s each, app and bare node:http`);
      page = { ...await repeatedPair(base, bare.base, path, { ...BROWSER }, opts.seconds, connections, rounds), bytes: plain.body.length, gzipBytes: reply.body.length, firstRenderMs, serviceMs };
    } finally {
      await bare.close();
    }
  } finally {
    await app.close();
  }

  log(`trace: EPCIS export of ${EXPORT_EVENTS.toLocaleString('en-US')} events`);
  const place = await certifiedProduct(deps, 1);
  await exportEvents(ctx, place);
  const run = async () => JSON.stringify(await rangeEpcis(ctx, { product: place.productId }));
  const { value: first, statements } = await captureStatements(deps.database.db, run);
  const exported = (JSON.parse(first) as { epcisBody: { eventList: unknown[] } }).epcisBody.eventList.length;
  const epcis: TraceResult['epcis'] = { ms: [], baselineMs: [], events: exported, bytes: Buffer.byteLength(first) };
  for (let i = 0; i < 3; i++) {
    let t0 = performance.now();
    await run();
    epcis.ms.push(since(t0));
    t0 = performance.now();
    for (const s of statements as Statement[]) await raw.query(s.text, s.params);
    epcis.baselineMs.push(since(t0));
  }
  return { connections, path, events, depth, lots: built.lots, page, epcis };
}

/** The report rows (and notes) of a trace run. */
export function traceMetrics(engine: Engine, r: TraceResult, notes: string[]): Metric[] {
  const out = loadMetrics(engine, `trace page of a lot (${r.events} events, ${r.depth} levels of inputs), repeated`, r.page, TRACE_BUDGET.repeatedRatio, TRACE_BUDGET.p99Ms, r.connections);
  out.push(metric({
    engine, metric: `EPCIS 2.0 export of ${r.epcis.events.toLocaleString('en-US')} events (rangeEpcis of a product, JSON text; median of 3)`, unit: 'ms',
    value: round(median(r.epcis.ms), 1), baseline: round(median(r.epcis.baselineMs), 1), baselineLabel: 'its statements replayed via driver', budget: { op: '<=', value: TRACE_BUDGET.epcisMs },
  }));
  notes.push(`${engine}: trace page ${r.path}: ${r.page.bytes} bytes (${r.page.gzipBytes} gzipped, as sent to browsers); ${r.lots} lots in its tree; first rendering with the page cache empty median ${round(median(r.page.firstRenderMs), 1)} ms (10 runs, over HTTP), of which traceByCode alone ${round(median(r.page.serviceMs), 1)} ms; `
    + `app ${r.page.app.requests} requests (${r.page.app.non2xx} non-2xx, ${r.page.app.errors} errors), baseline ${r.page.baseline.requests}.`);
  notes.push(`${engine}: EPCIS export: ${r.epcis.events.toLocaleString('en-US')} events in the document, ${round(r.epcis.bytes / 2 ** 20, 1)} MB of JSON; runs ${r.epcis.ms.map((x) => Math.round(x)).join(', ')} ms, statements replayed ${r.epcis.baselineMs.map((x) => Math.round(x)).join(', ')} ms.`);
  return out;
}
