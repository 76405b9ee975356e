/**
 * Lot traceability (issue 17, docs/decisions/041): a producer's raw-material areas, production
 * lots with their raw-material inputs, lab results, the trace events of the lots (append-only: a
 * database trigger refuses UPDATE and DELETE, a correction is a new event naming the one it
 * corrects) and the lots each event concerns (subject, or a transformation's inputs and outputs),
 * and recalls. Quantities are `numeric(15,3)`, read as JavaScript numbers.
 */
import { sql } from 'drizzle-orm';
import {
  pgTable, text, integer, boolean, timestamp, uuid, date, index, uniqueIndex, jsonb, check, numeric, primaryKey,
} from 'drizzle-orm/pg-core';
import { areas, producers, products } from '../registry/registry.tables';
import { users } from '../identity/identity.tables';
import { EVENT_LOT_ROLES, INPUT_SOURCE_KINDS, RECALL_STATUSES, TRACE_EVENT_KINDS, TRACE_UNITS } from '../../domain/trace';

const stamp = (name: string) => timestamp(name, { withTimezone: true });
const quantity = (name: string) => numeric(name, { precision: 15, scale: 3, mode: 'number' });

/** A producer's raw-material area (vùng nguyên liệu): where leaves, fruit or animals come from. */
export const traceMaterialAreas = pgTable('trace_material_areas', {
  id: uuid('id').primaryKey().defaultRandom(),
  producerId: uuid('producer_id').notNull().references(() => producers.id),
  name: text('name').notNull(),
  communeCode: text('commune_code').notNull().references(() => areas.code),
  /** Hectares, when known. */
  hectares: numeric('hectares', { precision: 12, scale: 2, mode: 'number' }),
  /** What grows or is raised there ("chè Shan tuyết"). */
  crop: text('crop').notNull(),
  /** A VietGAP, organic or other certificate of the area, as written on it. */
  certification: text('certification'),
  createdAt: stamp('created_at').notNull().defaultNow(),
}, (t) => [index('trace_material_areas_producer_idx').on(t.producerId)]);

/** A production lot of a product. */
export const traceLots = pgTable('trace_lots', {
  id: uuid('id').primaryKey().defaultRandom(),
  productId: uuid('product_id').notNull().references(() => products.id),
  producerId: uuid('producer_id').notNull().references(() => producers.id),
  /** The producer's province: officers' scope, the trace code's first two digits. */
  provinceCode: text('province_code').notNull().references(() => areas.code),
  lotNumber: text('lot_number').notNull(),
  /** domain/trace.ts makeTraceCode: printed under the QR, resolved by /truy-xuat/<code>. */
  traceCode: text('trace_code').notNull(),
  producedOn: date('produced_on', { mode: 'string' }).notNull(),
  expiresOn: date('expires_on', { mode: 'string' }),
  quantity: quantity('quantity').notNull(),
  unit: text('unit', { enum: TRACE_UNITS }).notNull(),
  /** Where it was made: the facility's name and address, and its commune. */
  facility: text('facility').notNull(),
  communeCode: text('commune_code').notNull().references(() => areas.code),
  note: text('note'),
  isSample: boolean('is_sample').notNull().default(false),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: stamp('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('trace_lots_number_uq').on(t.productId, t.lotNumber),
  uniqueIndex('trace_lots_code_uq').on(t.traceCode),
  index('trace_lots_producer_idx').on(t.producerId, t.producedOn),
  index('trace_lots_province_idx').on(t.provinceCode, t.producedOn),
  check('trace_lots_quantity_chk', sql`${t.quantity} > 0`),
]);

/** A raw-material input of a lot, one step back: from a registered producer, an area, or as written. */
export const traceLotInputs = pgTable('trace_lot_inputs', {
  id: uuid('id').primaryKey().defaultRandom(),
  lotId: uuid('lot_id').notNull().references(() => traceLots.id),
  material: text('material').notNull(),
  sourceKind: text('source_kind', { enum: INPUT_SOURCE_KINDS }).notNull(),
  supplierProducerId: uuid('supplier_producer_id').references(() => producers.id),
  materialAreaId: uuid('material_area_id').references(() => traceMaterialAreas.id),
  supplierText: text('supplier_text'),
  quantity: quantity('quantity'),
  unit: text('unit', { enum: TRACE_UNITS }),
  receivedOn: date('received_on', { mode: 'string' }),
  /** A delivery note or invoice (required for a supplier given as text). */
  documentKey: text('document_key'),
  documentName: text('document_name'),
  documentMime: text('document_mime'),
  createdAt: stamp('created_at').notNull().defaultNow(),
}, (t) => [
  index('trace_lot_inputs_lot_idx').on(t.lotId),
  check('trace_lot_inputs_source_chk', sql`(${t.sourceKind} = 'producer' and ${t.supplierProducerId} is not null)
    or (${t.sourceKind} = 'area' and ${t.materialAreaId} is not null)
    or (${t.sourceKind} = 'text' and ${t.supplierText} is not null)`),
]);

/** A laboratory's report on a lot: the indicators tested and whether each passed. */
export const traceLabResults = pgTable('trace_lab_results', {
  id: uuid('id').primaryKey().defaultRandom(),
  lotId: uuid('lot_id').notNull().references(() => traceLots.id),
  laboratory: text('laboratory').notNull(),
  reportNumber: text('report_number'),
  testedOn: date('tested_on', { mode: 'string' }).notNull(),
  /** [{ name, result, limit?, passed }] as on the report. */
  indicators: jsonb('indicators').$type<{ name: string; result: string; limit: string | null; passed: boolean }[]>().notNull(),
  passed: boolean('passed').notNull(),
  reportKey: text('report_key'),
  reportName: text('report_name'),
  reportMime: text('report_mime'),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: stamp('created_at').notNull().defaultNow(),
}, (t) => [index('trace_lab_results_lot_idx').on(t.lotId)]);

/** What happened, when, where and by whom. Append-only. */
export const traceEvents = pgTable('trace_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: TRACE_EVENT_KINDS }).notNull(),
  /** The producer whose record this is (the lots' producer). */
  producerId: uuid('producer_id').notNull().references(() => producers.id),
  occurredAt: stamp('occurred_at').notNull(),
  communeCode: text('commune_code').notNull().references(() => areas.code),
  facility: text('facility'),
  /** Who did it (a person, team or company, as the producer writes it). */
  actor: text('actor').notNull(),
  note: text('note'),
  /** Dispatch and receipt: the buyer or point of sale, as written; packing: the container's code. */
  counterparty: text('counterparty'),
  container: text('container'),
  labResultId: uuid('lab_result_id').references(() => traceLabResults.id),
  /** A correction names the event it corrects (which stays, marked corrected). */
  correctsId: uuid('corrects_id'),
  evidenceKey: text('evidence_key'),
  evidenceName: text('evidence_name'),
  evidenceMime: text('evidence_mime'),
  /** The EPCIS eventID it was imported with or exported as (ni:///sha-256 or urn:uuid). */
  epcisId: text('epcis_id'),
  recordedBy: uuid('recorded_by').references(() => users.id),
  recordedAt: stamp('recorded_at').notNull().defaultNow(),
}, (t) => [
  index('trace_events_producer_idx').on(t.producerId, t.occurredAt),
  index('trace_events_corrects_idx').on(t.correctsId),
  uniqueIndex('trace_events_epcis_uq').on(t.epcisId),
]);

/** The lots an event concerns: its subject, or a transformation's inputs (with what it consumed) and outputs. */
export const traceEventLots = pgTable('trace_event_lots', {
  eventId: uuid('event_id').notNull().references(() => traceEvents.id),
  lotId: uuid('lot_id').notNull().references(() => traceLots.id),
  role: text('role', { enum: EVENT_LOT_ROLES }).notNull(),
  quantity: quantity('quantity'),
}, (t) => [
  primaryKey({ columns: [t.eventId, t.lotId, t.role] }),
  index('trace_event_lots_lot_idx').on(t.lotId, t.role),
]);

/** A lot withdrawn from sale: shown in red on its trace page and on every lot made from it. */
export const traceRecalls = pgTable('trace_recalls', {
  id: uuid('id').primaryKey().defaultRandom(),
  lotId: uuid('lot_id').notNull().references(() => traceLots.id),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  reason: text('reason').notNull(),
  /** Which units, where ("toàn bộ lô", "hộp 200 g bán tại …"). */
  scope: text('scope').notNull(),
  /** What a holder should do (return, stop eating, call). */
  instructions: text('instructions').notNull(),
  status: text('status', { enum: RECALL_STATUSES }).notNull().default('open'),
  recalledBy: uuid('recalled_by').references(() => users.id),
  recalledAt: stamp('recalled_at').notNull().defaultNow(),
  /** The inspectors' queue: taken up by an inspector or officer. */
  acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
  acknowledgedAt: stamp('acknowledged_at'),
  closedBy: uuid('closed_by').references(() => users.id),
  closedAt: stamp('closed_at'),
  closeNote: text('close_note'),
  /** Marketplace buyers told of it. */
  buyersNotified: integer('buyers_notified').notNull().default(0),
}, (t) => [
  index('trace_recalls_lot_idx').on(t.lotId),
  index('trace_recalls_province_idx').on(t.provinceCode, t.status, t.recalledAt),
  uniqueIndex('trace_recalls_open_uq').on(t.lotId).where(sql`${t.status} = 'open'`),
]);
