import { sql } from 'drizzle-orm';
import {
  pgTable, text, integer, timestamp, uuid, index, uniqueIndex, date, bigint, jsonb, check,
} from 'drizzle-orm/pg-core';
import { areas, products } from '../registry/registry.tables';
import { certificates } from '../certification/certification.tables';
import { traceLots } from '../trace/trace.tables';

export const STAMP_BATCH_STATUSES = ['issued', 'delivered', 'voided'] as const;

/**
 * A batch of OCOP stamps (tem) a province issues for a certified product: serials
 * `<code>-<seq>-<check>` for seq 1..quantity, where the check is a keyed hash (HMAC with the
 * server's stamp secret) so a guessed or altered serial verifies as "unknown". Serials are not
 * stored one by one; a serial is valid when its batch exists, its seq is in range and its check
 * matches.
 */
export const stampBatches = pgTable('stamp_batches', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Short, unique, printed on every stamp, e.g. "38A7K2". */
  code: text('code').notNull(),
  certificateId: uuid('certificate_id').notNull().references(() => certificates.id),
  productId: uuid('product_id').notNull().references(() => products.id),
  /** Stamps issued for one production lot (issue 17): their scans open the lot's trace page. */
  lotId: uuid('lot_id').references(() => traceLots.id),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  quantity: integer('quantity').notNull(),
  printer: text('printer').notNull(),
  issuedOn: date('issued_on', { mode: 'string' }).notNull(),
  status: text('status', { enum: STAMP_BATCH_STATUSES }).notNull().default('issued'),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  voidedAt: timestamp('voided_at', { withTimezone: true }),
  voidReason: text('void_reason'),
  createdBy: text('created_by').notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('stamp_batches_code_uq').on(sql`upper(${t.code})`),
  index('stamp_batches_certificate_idx').on(t.certificateId),
  index('stamp_batches_province_idx').on(t.provinceCode, t.status),
  check('stamp_batches_quantity_chk', sql`${t.quantity} between 1 and 1000000`),
]);

/** Scans per serial (counted; written in batches off the hot path). */
export const stampScans = pgTable('stamp_scans', {
  serial: text('serial').primaryKey(),
  batchId: uuid('batch_id').notNull().references(() => stampBatches.id),
  count: bigint('count', { mode: 'number' }).notNull().default(0),
  firstAt: timestamp('first_at', { withTimezone: true }).notNull(),
  lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
}, (t) => [index('stamp_scans_batch_idx').on(t.batchId)]);

export const ALERT_KINDS = ['excessive_scans', 'voided_batch_scanned', 'revoked_certificate_scanned'] as const;

/** What the officers' board shows: suspicious scans of stamps, once per kind and serial. */
export const stampAlerts = pgTable('stamp_alerts', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: ALERT_KINDS }).notNull(),
  serial: text('serial').notNull(),
  batchId: uuid('batch_id').notNull().references(() => stampBatches.id),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
  acknowledgedBy: text('acknowledged_by'),
}, (t) => [
  uniqueIndex('stamp_alerts_kind_serial_uq').on(t.kind, t.serial),
  index('stamp_alerts_province_idx').on(t.provinceCode, t.createdAt),
]);
