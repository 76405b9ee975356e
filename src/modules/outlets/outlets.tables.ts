import {
  pgTable, text, integer, timestamp, uuid, index, date, boolean, primaryKey,
} from 'drizzle-orm/pg-core';
import { areas, products } from '../registry/registry.tables';

export const OUTLET_KINDS = ['ocop_centre', 'showroom', 'supermarket', 'shop', 'hotel', 'airport', 'tourist_site', 'online'] as const;

/**
 * Points of sale and OCOP centres (điểm bán, trung tâm OCOP): where certified products can be
 * bought. Shown on product pages as "where to buy"; counted toward programme targets.
 */
export const outlets = pgTable('outlets', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind', { enum: OUTLET_KINDS }).notNull(),
  address: text('address').notNull().default(''),
  communeCode: text('commune_code').notNull().references(() => areas.code),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  openedOn: date('opened_on', { mode: 'string' }),
  closedOn: date('closed_on', { mode: 'string' }),
  website: text('website'),
  phone: text('phone'),
  isSample: boolean('is_sample').notNull().default(false),
  createdBy: text('created_by').notNull(),
  /** Optimistic concurrency: every change (fields or products carried) adds 1; a stale write is a 409. */
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('outlets_province_idx').on(t.provinceCode, t.kind),
  index('outlets_commune_idx').on(t.communeCode),
]);

/** The products an outlet carries. */
export const outletProducts = pgTable('outlet_products', {
  outletId: uuid('outlet_id').notNull().references(() => outlets.id, { onDelete: 'cascade' }),
  productId: uuid('product_id').notNull().references(() => products.id),
  since: date('since', { mode: 'string' }),
}, (t) => [
  primaryKey({ columns: [t.outletId, t.productId] }),
  index('outlet_products_product_idx').on(t.productId),
]);
