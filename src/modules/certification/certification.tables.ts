import { sql } from 'drizzle-orm';
import {
  pgTable, text, boolean, timestamp, uuid, index, uniqueIndex, smallint, date, numeric,
} from 'drizzle-orm/pg-core';
import { areas, products } from '../registry/registry.tables';

/** A People's Committee recognition decision ("Số …/QĐ-UBND") listing products and stars. */
export const decisions = pgTable('decisions', {
  id: uuid('id').primaryKey().defaultRandom(),
  number: text('number').notNull(),
  decisionDate: date('decision_date', { mode: 'string' }).notNull(),
  areaCode: text('area_code').notNull().references(() => areas.code),
  level: text('level', { enum: ['district', 'province', 'national'] }).notNull(),
  signer: text('signer'),
  source: text('source', { enum: ['import', 'evaluation'] }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('decisions_area_number_uq').on(t.areaCode, t.number, t.decisionDate)]);

/**
 * A star certificate. Stored status is what happened to it (active / revoked / superseded);
 * "expired" is derived from the dates, so any past date can be asked about.
 */
export const certificates = pgTable('certificates', {
  id: uuid('id').primaryKey().defaultRandom(),
  number: text('number').notNull(),
  productId: uuid('product_id').notNull().references(() => products.id),
  decisionId: uuid('decision_id').notNull().references(() => decisions.id),
  stars: smallint('stars').notNull(),
  score: numeric('score', { precision: 5, scale: 2 }),
  potentialFiveStar: boolean('potential_five_star').notNull().default(false),
  issuedOn: date('issued_on', { mode: 'string' }).notNull(),
  expiresOn: date('expires_on', { mode: 'string' }).notNull(),
  state: text('state', { enum: ['active', 'revoked', 'superseded'] }).notNull().default('active'),
  revokedOn: date('revoked_on', { mode: 'string' }),
  revokedReason: text('revoked_reason'),
  supersededOn: date('superseded_on', { mode: 'string' }),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  communeCode: text('commune_code').notNull().references(() => areas.code),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('certificates_number_uq').on(sql`upper(${t.number})`),
  index('certificates_product_idx').on(t.productId),
  index('certificates_province_dates_idx').on(t.provinceCode, t.issuedOn, t.expiresOn),
]);
