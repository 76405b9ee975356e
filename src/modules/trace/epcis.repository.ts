/**
 * The queries of the EPCIS export and import that the core repositories lack: a document's lots,
 * lab results and producers by id in one statement each (an array parameter, so 50,000 ids are one
 * value), the eventIDs of events, and which eventIDs are recorded already.
 */
import { sql, type SQL } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { scopeWhere } from '../../db/scope';
import type { RowScope } from '../../core/scope';
import { isUuid } from '../../domain/ids';
import type { EventLotRole, TraceEventKind, TraceUnit } from '../../domain/trace';
import { traceEventLots, traceEvents } from './trace.tables';
import { eventIdOf, type ExportEvent, type ExportLab, type ExportLot } from './epcis';

/** A `uuid[]` literal of the ids (anything not a UUID left out). */
const uuidArray = (ids: readonly string[]) => `{${[...new Set(ids)].filter(isUuid).join(',')}}`;
const textArray = (items: readonly string[]) => `{${items.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;

export type EventFilter =
  | { lotIds: readonly string[] }
  | { scope: RowScope; productId?: string; from?: Date; to?: Date };

/**
 * The events of a document with their lots, in the order they happened (then recorded), at most
 * `limit`: the events of the lots given, or those in a scope (the producer's province, commune or
 * the producer itself) of a product and a period. Two statements whatever the count (the event
 * ids travel as one array), and none of the names the pages need.
 */
export async function eventsForExport(ctx: Ctx, f: EventFilter, limit: number): Promise<ExportEvent[]> {
  const conds: SQL[] = [];
  if ('lotIds' in f) {
    if (!f.lotIds.length) return [];
    conds.push(sql`e.id in (select el.event_id from trace_event_lots el where el.lot_id = any(${uuidArray(f.lotIds)}::uuid[]))`);
  } else {
    const s = scopeWhere(f.scope, { province: sql`pr.province_code`, commune: sql`pr.commune_code`, producer: sql`e.producer_id` });
    if (s) conds.push(s);
    if (f.productId) conds.push(sql`e.id in (select el.event_id from trace_event_lots el join trace_lots l on l.id = el.lot_id where l.product_id = ${f.productId}::uuid)`);
    if (f.from) conds.push(sql`e.occurred_at >= ${f.from.toISOString()}::timestamptz`);
    if (f.to) conds.push(sql`e.occurred_at < ${f.to.toISOString()}::timestamptz`);
  }
  const where = conds.length ? sql`where ${sql.join(conds, sql` and `)}` : sql``;
  const list = await rows<{
    id: string; kind: TraceEventKind; occurred_at: Date | string; commune_code: string; facility: string | null; actor: string; note: string | null;
    counterparty: string | null; container: string | null; lab_result_id: string | null; corrects_id: string | null; epcis_id: string | null; producer_id: string;
  }>(exec(ctx), sql`
    select e.id, e.kind, e.occurred_at, e.commune_code, e.facility, e.actor, e.note, e.counterparty, e.container, e.lab_result_id,
           e.corrects_id, e.epcis_id, e.producer_id
    from trace_events e join producers pr on pr.id = e.producer_id
    ${where}
    order by e.occurred_at, e.recorded_at, e.id limit ${limit}`);
  if (!list.length) return [];
  const lots = await rows<{ event_id: string; lot_id: string; role: EventLotRole; quantity: string | number | null }>(exec(ctx), sql`
    select el.event_id, el.lot_id, el.role, el.quantity
    from trace_event_lots el join trace_lots l on l.id = el.lot_id
    where el.event_id = any(${uuidArray(list.map((e) => e.id))}::uuid[])
    order by el.role, l.lot_number`);
  const byEvent = new Map<string, ExportEvent['lots']>();
  for (const l of lots) {
    const of = byEvent.get(l.event_id) ?? [];
    of.push({ lotId: l.lot_id, role: l.role, quantity: l.quantity === null ? null : Number(l.quantity) });
    byEvent.set(l.event_id, of);
  }
  return list.map((e) => ({
    id: e.id, kind: e.kind, occurredAt: e.occurred_at instanceof Date ? e.occurred_at : new Date(e.occurred_at), communeCode: e.commune_code,
    facility: e.facility, actor: e.actor, note: e.note, counterparty: e.counterparty, container: e.container, labResultId: e.lab_result_id,
    correctsId: e.corrects_id, epcisId: e.epcis_id, producerId: e.producer_id, lots: byEvent.get(e.id) ?? [],
  }));
}

export async function lotsForExport(ctx: Ctx, ids: readonly string[]): Promise<ExportLot[]> {
  if (!ids.length) return [];
  const list = await rows<{
    id: string; trace_code: string; lot_number: string; product_id: string; product_name: string; gtin: string | null;
    produced_on: string; expires_on: string | null; quantity: string | number; unit: TraceUnit; facility: string; commune_code: string;
    note: string | null; is_sample: boolean | string;
  }>(exec(ctx), sql`
    select l.id, l.trace_code, l.lot_number, l.product_id, pr.name as product_name, pr.gtin,
           to_char(l.produced_on, 'YYYY-MM-DD') as produced_on, to_char(l.expires_on, 'YYYY-MM-DD') as expires_on,
           l.quantity, l.unit, l.facility, l.commune_code, l.note, l.is_sample
    from trace_lots l join products pr on pr.id = l.product_id
    where l.id = any(${uuidArray(ids)}::uuid[])`);
  return list.map((r) => ({
    id: r.id, traceCode: r.trace_code, lotNumber: r.lot_number, productId: r.product_id, productName: r.product_name, gtin: r.gtin,
    producedOn: r.produced_on, expiresOn: r.expires_on, quantity: Number(r.quantity), unit: r.unit, facility: r.facility,
    communeCode: r.commune_code, note: r.note, isSample: r.is_sample === true || r.is_sample === 'true',
  }));
}

export async function labsForExport(ctx: Ctx, ids: readonly string[]): Promise<Map<string, ExportLab>> {
  if (!ids.length) return new Map();
  const list = await rows<{
    id: string; laboratory: string; report_number: string | null; tested_on: string; passed: boolean | string;
    indicators: ExportLab['indicators'] | string;
  }>(exec(ctx), sql`
    select id, laboratory, report_number, to_char(tested_on, 'YYYY-MM-DD') as tested_on, passed, indicators
    from trace_lab_results where id = any(${uuidArray(ids)}::uuid[])`);
  return new Map(list.map((r) => [r.id, {
    laboratory: r.laboratory, reportNumber: r.report_number, testedOn: r.tested_on, passed: r.passed === true || r.passed === 'true',
    indicators: typeof r.indicators === 'string' ? JSON.parse(r.indicators) as ExportLab['indicators'] : r.indicators,
  }]));
}

export async function producersForExport(ctx: Ctx, ids: readonly string[]): Promise<Map<string, { id: string; taxCode: string | null }>> {
  if (!ids.length) return new Map();
  const list = await rows<{ id: string; tax_code: string | null }>(exec(ctx), sql`
    select id, tax_code from producers where id = any(${uuidArray(ids)}::uuid[])`);
  return new Map(list.map((r) => [r.id, { id: r.id, taxCode: r.tax_code }]));
}

/** The eventID of each event (ours by id): the one it was imported with, else `urn:uuid:<id>`. */
export async function eventIdsOf(ctx: Ctx, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const list = await rows<{ id: string; epcis_id: string | null }>(exec(ctx), sql`
    select id, epcis_id from trace_events where id = any(${uuidArray(ids)}::uuid[])`);
  return new Map(list.map((r) => [r.id, eventIdOf({ id: r.id, epcisId: r.epcis_id })]));
}

/** Rows per multi-row INSERT (trace_events has 19 columns: well under the 65,535 parameters of a statement). */
const CHUNK = 500;

/** Events with their lots, many per statement (the import's plain events; ids chosen by the caller). */
export async function insertEvents(ctx: Ctx, list: readonly { values: typeof traceEvents.$inferInsert & { id: string }; lots: { lotId: string; role: EventLotRole; quantity: number | null }[] }[]): Promise<void> {
  for (let i = 0; i < list.length; i += CHUNK) {
    const part = list.slice(i, i + CHUNK);
    await exec(ctx).insert(traceEvents).values(part.map((e) => e.values));
    await exec(ctx).insert(traceEventLots).values(part.flatMap((e) => e.lots.map((l) => ({ eventId: e.values.id, lotId: l.lotId, role: l.role, quantity: l.quantity }))));
  }
}

/** Each event's kind and lots (what a correction is checked against). */
export async function eventFacts(ctx: Ctx, ids: readonly string[]): Promise<Map<string, { kind: TraceEventKind; lotIds: string[] }>> {
  if (!ids.length) return new Map();
  const list = await rows<{ id: string; kind: TraceEventKind; lot_id: string }>(exec(ctx), sql`
    select e.id, e.kind, el.lot_id from trace_events e join trace_event_lots el on el.event_id = e.id
    where e.id = any(${uuidArray(ids)}::uuid[])`);
  const out = new Map<string, { kind: TraceEventKind; lotIds: string[] }>();
  for (const r of list) {
    const f = out.get(r.id) ?? { kind: r.kind, lotIds: [] };
    f.lotIds.push(r.lot_id);
    out.set(r.id, f);
  }
  return out;
}

/**
 * The events recorded already under the eventIDs given (eventID → our event id): imported with
 * that eventID, or ours exported as `urn:uuid:<id>`.
 */
export async function recordedEvents(ctx: Ctx, eventIds: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(eventIds.filter((e) => e.length > 0))];
  if (!wanted.length) return new Map();
  const own = wanted.map((e) => /^urn:uuid:([0-9a-f-]{36})$/i.exec(e)?.[1]?.toLowerCase()).filter((x): x is string => !!x && isUuid(x));
  const list = await rows<{ id: string; epcis_id: string | null }>(exec(ctx), sql`
    select id, epcis_id from trace_events
    where epcis_id = any(${textArray(wanted)}::text[]) or id = any(${uuidArray(own)}::uuid[])`);
  const out = new Map<string, string>();
  const asked = new Set(wanted);
  const byLower = new Map(wanted.map((e) => [e.toLowerCase(), e]));
  for (const r of list) {
    if (r.epcis_id && asked.has(r.epcis_id)) out.set(r.epcis_id, r.id);
    const mine = byLower.get(`urn:uuid:${r.id}`);
    if (mine) out.set(mine, r.id);
  }
  return out;
}
