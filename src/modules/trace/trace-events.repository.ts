/**
 * The queries of trace events (append-only), the lineage of lots through transformations, what
 * transformations consumed, and recalls.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { scopeWhere } from '../../db/scope';
import type { RowScope } from '../../core/scope';
import { isUuid } from '../../domain/ids';
import type { EventLotRole, TraceEventKind, TraceUnit } from '../../domain/trace';
import { producers, products } from '../registry/registry.tables';
import { traceEventLots, traceEvents, traceLots, traceRecalls } from './trace.tables';

export type EventRecord = typeof traceEvents.$inferSelect;
export type NewEvent = typeof traceEvents.$inferInsert;
export type RecallRecord = typeof traceRecalls.$inferSelect;

export async function insertEvent(ctx: Ctx, values: NewEvent, lots: { lotId: string; role: EventLotRole; quantity: number | null }[]): Promise<EventRecord> {
  const [e] = await exec(ctx).insert(traceEvents).values(values).returning();
  await exec(ctx).insert(traceEventLots).values(lots.map((l) => ({ eventId: e!.id, lotId: l.lotId, role: l.role, quantity: l.quantity })));
  return e!;
}

export async function findEvent(ctx: Ctx, id: string): Promise<(EventRecord & { lotIds: string[] }) | null> {
  if (!isUuid(id)) return null;
  const [e] = await exec(ctx).select().from(traceEvents).where(eq(traceEvents.id, id));
  if (!e) return null;
  const lots = await exec(ctx).select({ lotId: traceEventLots.lotId }).from(traceEventLots).where(eq(traceEventLots.eventId, id));
  return { ...e, lotIds: lots.map((l) => l.lotId) };
}

export interface EventRow {
  id: string; kind: TraceEventKind; occurred_at: Date; commune_code: string; commune_name: string; province_name: string;
  facility: string | null; actor: string; note: string | null; counterparty: string | null; container: string | null;
  lab_result_id: string | null; corrects_id: string | null; corrected_by: string | null;
  evidence_key: string | null; evidence_name: string | null; evidence_mime: string | null; epcis_id: string | null;
  producer_id: string; recorded_at: Date;
}

export interface EventLotRow {
  event_id: string; lot_id: string; role: EventLotRole; quantity: number | null; lot_number: string; trace_code: string;
  unit: TraceUnit; product_name: string; product_id: string; gtin: string | null;
}

const eventSelect = sql`
  select e.id, e.kind, e.occurred_at, e.commune_code, c.name as commune_name, coalesce(p.name, '') as province_name,
         e.facility, e.actor, e.note, e.counterparty, e.container, e.lab_result_id, e.corrects_id,
         (select k.id from trace_events k where k.corrects_id = e.id order by k.recorded_at, k.id limit 1) as corrected_by,
         e.evidence_key, e.evidence_name, e.evidence_mime, e.epcis_id, e.producer_id, e.recorded_at
  from trace_events e join areas c on c.code = e.commune_code left join areas p on p.code = c.parent_code`;

const toDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));
const fixEvent = (r: EventRow): EventRow => ({ ...r, occurred_at: toDate(r.occurred_at), recorded_at: toDate(r.recorded_at) });
const fixLot = (r: EventLotRow): EventLotRow => ({ ...r, quantity: r.quantity === null ? null : Number(r.quantity) });

const idList = (ids: string[]) => sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);

/** Every event that concerns one of the lots, in the order they happened, with all their lots. */
export async function eventsOfLots(ctx: Ctx, lotIds: string[]): Promise<{ events: EventRow[]; lots: EventLotRow[] }> {
  if (!lotIds.length) return { events: [], lots: [] };
  const events = (await rows<EventRow>(exec(ctx), sql`${eventSelect}
    where e.id in (select el.event_id from trace_event_lots el where el.lot_id in (${idList(lotIds)}))
    order by e.occurred_at, e.recorded_at, e.id`)).map(fixEvent);
  return { events, lots: await lotsOfEvents(ctx, events.map((e) => e.id)) };
}

export async function lotsOfEvents(ctx: Ctx, eventIds: string[]): Promise<EventLotRow[]> {
  if (!eventIds.length) return [];
  return (await rows<EventLotRow>(exec(ctx), sql`
    select el.event_id, el.lot_id, el.role, el.quantity, l.lot_number, l.trace_code, l.unit, pr.name as product_name, pr.id as product_id, pr.gtin
    from trace_event_lots el join trace_lots l on l.id = el.lot_id join products pr on pr.id = l.product_id
    where el.event_id in (${idList(eventIds)})
    order by el.role, l.lot_number`)).map(fixLot);
}

/** What transformations took from each lot so far. */
export async function consumedOf(ctx: Ctx, lotIds: string[]): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>(lotIds.map((id) => [id, []]));
  if (!lotIds.length) return out;
  const list = await exec(ctx).select({ lotId: traceEventLots.lotId, quantity: traceEventLots.quantity }).from(traceEventLots)
    .where(and(inArray(traceEventLots.lotId, lotIds), eq(traceEventLots.role, 'input')));
  for (const r of list) if (r.quantity !== null) out.get(r.lotId)!.push(Number(r.quantity));
  return out;
}

export interface LineageRow { lot_id: string; depth: number }

/**
 * The lots a lot was made from, through transformations, up to `maxDepth` steps back (depth 1:
 * one step back); `direction: 'down'` the lots made from it. Outputs of a transformation are new
 * lots, so the graph has no cycle; the depth bounds the walk all the same.
 */
export async function lineage(ctx: Ctx, lotIds: string[], direction: 'up' | 'down', maxDepth = 20): Promise<LineageRow[]> {
  if (!lotIds.length) return [];
  const [from, to] = direction === 'up' ? ['output', 'input'] : ['input', 'output'];
  return (await rows<LineageRow>(exec(ctx), sql`
    with recursive walk(lot_id, depth) as (
      select l.id, 0 from trace_lots l where l.id in (${idList(lotIds)})
      union
      select b.lot_id, w.depth + 1 from walk w
      join trace_event_lots a on a.lot_id = w.lot_id and a.role = ${from}
      join trace_event_lots b on b.event_id = a.event_id and b.role = ${to}
      where w.depth < ${maxDepth}
    )
    select lot_id, min(depth)::int as depth from walk where depth > 0 group by lot_id order by 2`)).map((r) => ({ lot_id: r.lot_id, depth: Number(r.depth) }));
}

// ─── Recalls ───────────────────────────────────────────────────────────────

export async function insertRecall(ctx: Ctx, values: typeof traceRecalls.$inferInsert): Promise<RecallRecord> {
  const [r] = await exec(ctx).insert(traceRecalls).values(values).returning();
  return r!;
}

export async function findRecall(ctx: Ctx, id: string): Promise<RecallRecord | null> {
  if (!isUuid(id)) return null;
  const [r] = await exec(ctx).select().from(traceRecalls).where(eq(traceRecalls.id, id));
  return r ?? null;
}

export async function updateRecall(ctx: Ctx, id: string, values: Partial<typeof traceRecalls.$inferInsert>): Promise<RecallRecord | null> {
  const [r] = await exec(ctx).update(traceRecalls).set(values).where(eq(traceRecalls.id, id)).returning();
  return r ?? null;
}

export interface RecallRow extends RecallRecord { lotNumber: string; traceCode: string; productName: string; producerName: string }

const recallColumns = {
  r: traceRecalls, lotNumber: traceLots.lotNumber, traceCode: traceLots.traceCode, productName: products.name, producerName: producers.name,
};
const flat = (x: { r: RecallRecord; lotNumber: string; traceCode: string; productName: string; producerName: string }): RecallRow =>
  ({ ...x.r, lotNumber: x.lotNumber, traceCode: x.traceCode, productName: x.productName, producerName: x.producerName });

/** Recalls of the lots given (open ones only, unless `all`). */
export async function recallsOfLots(ctx: Ctx, lotIds: string[], all = false): Promise<RecallRow[]> {
  if (!lotIds.length) return [];
  const list = await exec(ctx).select(recallColumns).from(traceRecalls)
    .innerJoin(traceLots, eq(traceLots.id, traceRecalls.lotId))
    .innerJoin(products, eq(products.id, traceLots.productId))
    .innerJoin(producers, eq(producers.id, traceLots.producerId))
    .where(and(inArray(traceRecalls.lotId, lotIds), all ? undefined : eq(traceRecalls.status, 'open')))
    .orderBy(desc(traceRecalls.recalledAt));
  return list.map(flat);
}

/** The recalls queue: the scope's recalls, open first, newest first. */
export async function listRecalls(ctx: Ctx, scope: RowScope, f: { status?: 'open' | 'closed'; limit: number; offset: number }): Promise<{ items: RecallRow[]; total: number }> {
  const where = and(
    scopeWhere(scope, { province: traceRecalls.provinceCode, commune: producers.communeCode, producer: traceLots.producerId }),
    f.status ? eq(traceRecalls.status, f.status) : undefined,
  );
  const base = () => exec(ctx).select(recallColumns).from(traceRecalls)
    .innerJoin(traceLots, eq(traceLots.id, traceRecalls.lotId))
    .innerJoin(products, eq(products.id, traceLots.productId))
    .innerJoin(producers, eq(producers.id, traceLots.producerId));
  const [list, [count]] = await Promise.all([
    base().where(where).orderBy(sql`(${traceRecalls.status} = 'open') desc`, desc(traceRecalls.recalledAt)).limit(f.limit).offset(f.offset),
    exec(ctx).select({ n: sql<number>`count(*)::int` }).from(traceRecalls)
      .innerJoin(traceLots, eq(traceLots.id, traceRecalls.lotId))
      .innerJoin(producers, eq(producers.id, traceLots.producerId)).where(where),
  ]);
  return { items: list.map(flat), total: count?.n ?? 0 };
}

export interface RecallBuyer { order_id: string; code: string; buyer_user_id: string | null; buyer_email: string | null; buyer_name: string }

/**
 * Marketplace orders that may hold units of the lots (docs/decisions/041): orders with an item of
 * one of their products, placed from the first lot's production day on, not cancelled or expired.
 */
export async function ordersOfProducts(ctx: Ctx, productIds: string[], since: Date): Promise<RecallBuyer[]> {
  if (!productIds.length) return [];
  return rows<RecallBuyer>(exec(ctx), sql`
    select distinct o.id as order_id, o.code, o.buyer_user_id, o.buyer_email, o.buyer_name
    from orders o join order_items oi on oi.order_id = o.id
    where oi.product_id in (${idList(productIds)}) and o.placed_at >= ${since.toISOString()}::timestamptz
      and o.status not in ('cancelled', 'expired')
    order by o.code`);
}
