import { sql } from 'drizzle-orm';
import {
  pgTable, text, integer, boolean, timestamp, uuid, index, uniqueIndex, primaryKey, smallint, customType, date, type AnyPgColumn,
} from 'drizzle-orm/pg-core';

/** Vietnamese-insensitive search key: lower(unaccent(x)), computed by the database (see migration 0000). */
const searchable = (expr: ReturnType<typeof sql>) => text('search_text').generatedAlwaysAs(expr);

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The same key split into words for prefix search ("mat o" → mat:* & o:*), GIN-indexed: unlike
 * a substring LIKE it does not have to read every row when a query matches most of the table.
 * ('simple' keeps every word: no stemming or stop words for Vietnamese.)
 */
const wordIndexed = (expr: ReturnType<typeof sql>) =>
  tsvector('search_words').generatedAlwaysAs(sql`to_tsvector('simple'::regconfig, ${expr})`);

export const areas = pgTable('areas', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  level: text('level', { enum: ['province', 'commune'] }).notNull(),
  parentCode: text('parent_code').references((): AnyPgColumn => areas.code),
  searchText: searchable(sql`ocop_norm(name)`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('areas_parent_idx').on(t.parentCode),
  index('areas_level_idx').on(t.level),
  index('areas_search_trgm').using('gin', sql`${t.searchText} gin_trgm_ops`),
]);

/** Pre-July-2025 units and where they went (GSO codes; a partial merge means the old unit was split). */
export const areaSuccessions = pgTable('area_successions', {
  oldLevel: text('old_level', { enum: ['province', 'commune'] }).notNull(),
  oldCode: text('old_code').notNull(),
  oldName: text('old_name').notNull(),
  newCode: text('new_code').notNull().references(() => areas.code),
  mergeType: text('merge_type', { enum: ['full', 'partial'] }).notNull(),
  oldNameKey: text('old_name_key').notNull(),
}, (t) => [
  primaryKey({ columns: [t.oldLevel, t.oldCode, t.newCode] }),
  index('area_successions_old_code_idx').on(t.oldCode),
  index('area_successions_name_idx').on(t.oldNameKey),
]);

/**
 * The three-tier units of 2019–2025 (GSO lists): one row per unit as listed from `first_listed`
 * to `last_listed` (list dates). Read on a date from the latest list on or before it.
 */
export const areaUnitsHistory = pgTable('area_units_history', {
  level: text('level', { enum: ['province', 'district', 'commune'] }).notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  parentCode: text('parent_code'),
  firstListed: date('first_listed', { mode: 'string' }).notNull(),
  lastListed: date('last_listed', { mode: 'string' }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.level, t.code, t.firstListed] }),
  index('area_units_history_parent_idx').on(t.parentCode, t.level),
]);

/** Classification of products into sets, versioned by the legal instrument that defines it. */
export const productSets = pgTable('product_sets', {
  classification: text('classification').notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  groupName: text('group_name').notNull(),
  topGroup: text('top_group').notNull(),
  topGroupName: text('top_group_name').notNull(),
  leadMinistry: text('lead_ministry'),
  nameKey: text('name_key').notNull(),
}, (t) => [primaryKey({ columns: [t.classification, t.code] })]);

export const producers = pgTable('producers', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  nameKey: text('name_key').notNull(),
  kind: text('kind', { enum: ['enterprise', 'cooperative', 'cooperative_group', 'household'] }).notNull(),
  taxCode: text('tax_code'),
  communeCode: text('commune_code').notNull().references(() => areas.code),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  address: text('address').notNull().default(''),
  representative: text('representative').notNull().default(''),
  phone: text('phone'),
  email: text('email'),
  foundedYear: smallint('founded_year'),
  members: integer('members'),
  womenLed: boolean('women_led').notNull().default(false),
  ethnicMinorityLed: boolean('ethnic_minority_led').notNull().default(false),
  isSample: boolean('is_sample').notNull().default(false),
  searchText: searchable(sql`ocop_norm(name || ' ' || coalesce(tax_code, '') || ' ' || representative)`),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('producers_tax_code_uq').on(t.taxCode),
  uniqueIndex('producers_commune_name_uq').on(t.communeCode, t.nameKey),
  index('producers_province_idx').on(t.provinceCode),
  index('producers_search_trgm').using('gin', sql`${t.searchText} gin_trgm_ops`),
]);

export const PRODUCT_STATUSES = ['idea', 'developing', 'registered', 'certified', 'expired', 'revoked'] as const;

export const products = pgTable('products', {
  id: uuid('id').primaryKey().defaultRandom(),
  producerId: uuid('producer_id').notNull().references(() => producers.id),
  name: text('name').notNull(),
  classification: text('classification').notNull(),
  productSetCode: text('product_set_code').notNull(),
  description: text('description').notNull().default(''),
  story: text('story').notNull().default(''),
  ingredients: text('ingredients').notNull().default(''),
  packaging: text('packaging').notNull().default(''),
  shelfLife: text('shelf_life').notNull().default(''),
  gtin: text('gtin'),
  status: text('status', { enum: PRODUCT_STATUSES }).notNull().default('developing'),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  communeCode: text('commune_code').notNull().references(() => areas.code),
  isSample: boolean('is_sample').notNull().default(false),
  searchText: searchable(sql`ocop_norm(name || ' ' || description)`),
  searchWords: wordIndexed(sql`ocop_norm(name || ' ' || description)`),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('products_gtin_uq').on(t.gtin),
  index('products_producer_idx').on(t.producerId),
  index('products_province_idx').on(t.provinceCode),
  index('products_set_idx').on(t.classification, t.productSetCode),
  index('products_search_trgm').using('gin', sql`${t.searchText} gin_trgm_ops`),
  index('products_search_words').using('gin', t.searchWords),
  // The default order of product lists: a page of a common search walks this index instead of
  // sorting every match.
  index('products_name_idx').on(t.name, t.id),
]);

export const productImages = pgTable('product_images', {
  id: uuid('id').primaryKey().defaultRandom(),
  productId: uuid('product_id').notNull().references(() => products.id, { onDelete: 'cascade' }),
  storageKey: text('storage_key').notNull(),
  thumbKey: text('thumb_key').notNull(),
  mime: text('mime').notNull(),
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  bytes: integer('bytes').notNull(),
  position: smallint('position').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('product_images_product_idx').on(t.productId)]);
