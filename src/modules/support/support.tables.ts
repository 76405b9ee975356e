import { sql } from 'drizzle-orm';
import {
  pgTable, text, timestamp, uuid, index, date, bigint, boolean, check,
} from 'drizzle-orm/pg-core';
import { areas, producers } from '../registry/registry.tables';

export const SUPPORT_KINDS = ['quality_analysis', 'stamps_labels', 'qr_traceability', 'trademark', 'packaging_design', 'promotion', 'other'] as const;

/** Money given to a producer by the programme (hỗ trợ chủ thể): what for, how much, when, from where. */
export const supportRecords = pgTable('support_records', {
  id: uuid('id').primaryKey().defaultRandom(),
  producerId: uuid('producer_id').notNull().references(() => producers.id),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  communeCode: text('commune_code').notNull().references(() => areas.code),
  kind: text('kind', { enum: SUPPORT_KINDS }).notNull(),
  amountVnd: bigint('amount_vnd', { mode: 'number' }).notNull(),
  grantedOn: date('granted_on', { mode: 'string' }).notNull(),
  /** Where the money came from, e.g. "Ngân sách tỉnh", "Chương trình MTQG nông thôn mới". */
  source: text('source').notNull(),
  note: text('note').notNull().default(''),
  isSample: boolean('is_sample').notNull().default(false),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('support_records_area_idx').on(t.provinceCode, t.grantedOn),
  index('support_records_producer_idx').on(t.producerId),
  check('support_records_amount_chk', sql`${t.amountVnd} > 0 and ${t.amountVnd} <= 1000000000000`),
]);
