import { sql } from 'drizzle-orm';
import {
  pgTable, text, integer, boolean, timestamp, uuid, date, jsonb, smallint, numeric, primaryKey, uniqueIndex, index,
  foreignKey, check,
} from 'drizzle-orm/pg-core';
import type { PartMaxima } from '../../domain/scoring-sheet';
import type { RegimeLevel } from '../../domain/regime';
import type { StarBand } from '../../domain/stars';
import type { DossierDocumentSpec } from '../../domain/dossier';
import { productSets } from '../registry/registry.tables';

/**
 * An evaluation regime (rulebook version) by legal instrument: part maxima, star bands,
 * levels, validity. Loaded from seed/criteria/regimes.json; `confirmed_at` is set by a national
 * administrator for a regime shipped as "to verify" and survives reloads.
 */
export const criteriaRegimes = pgTable('criteria_regimes', {
  code: text('code').primaryKey(),
  title: text('title').notNull(),
  instruments: jsonb('instruments').$type<string[]>().notNull(),
  effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
  /** Which product-set classification (product_sets.classification) the regime uses. */
  classification: text('classification').notNull(),
  /** The regime whose scoring sheets apply (148+1489 keeps 148's sheets). */
  sheetsFrom: text('sheets_from').notNull(),
  partMaxima: jsonb('part_maxima').$type<PartMaxima>().notNull(),
  starBands: jsonb('star_bands').$type<StarBand[]>().notNull(),
  minCertifiableStars: smallint('min_certifiable_stars').notNull(),
  validityMonths: smallint('validity_months'),
  reminderDays: smallint('reminder_days'),
  levels: jsonb('levels').$type<RegimeLevel[]>().notNull(),
  /** What a dossier must contain under this regime (src/domain/dossier.ts DossierDocumentSpec). */
  dossierDocuments: jsonb('dossier_documents').$type<DossierDocumentSpec[]>().notNull().default([]),
  toVerify: boolean('to_verify').notNull().default(false),
  verificationNote: text('verification_note'),
  sources: jsonb('sources').$type<Record<string, string>>().notNull(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  confirmedBy: text('confirmed_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const SHEET_STATUSES = ['draft', 'published'] as const;
export const SHEET_SOURCES = ['seed', 'import', 'authoring'] as const;

/**
 * One revision of a product set's scoring sheet under a regime. Published revisions are
 * immutable (the service refuses changes; repository updates match drafts only); at most one
 * draft per set at a time.
 */
export const criteriaSheets = pgTable('criteria_sheets', {
  id: uuid('id').primaryKey().defaultRandom(),
  regimeCode: text('regime_code').notNull().references(() => criteriaRegimes.code),
  classification: text('classification').notNull(),
  productSetCode: text('product_set_code').notNull(),
  revision: integer('revision').notNull(),
  status: text('status', { enum: SHEET_STATUSES }).notNull().default('draft'),
  /** True only for a sheet transcribed from the official annex and confirmed by an administrator. */
  official: boolean('official').notNull().default(false),
  provenance: text('provenance'),
  source: text('source', { enum: SHEET_SOURCES }).notNull(),
  sourceRef: text('source_ref'),
  contentHash: text('content_hash'),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  publishedBy: text('published_by'),
}, (t) => [
  // Named: the generated name would pass PostgreSQL's 63-character limit.
  foreignKey({ name: 'criteria_sheets_product_set_fk', columns: [t.classification, t.productSetCode], foreignColumns: [productSets.classification, productSets.code] }),
  uniqueIndex('criteria_sheets_revision_uq').on(t.regimeCode, t.productSetCode, t.revision),
  uniqueIndex('criteria_sheets_one_draft_uq').on(t.regimeCode, t.productSetCode).where(sql`${t.status} = 'draft'`),
  check('criteria_sheets_published_chk', sql`(${t.status} = 'published') = (${t.publishedAt} is not null)`),
]);

export const NODE_KINDS = ['part', 'section', 'criterion', 'option'] as const;

/** The sheet's tree, one row per node; `code` is stable ("A.1.1", "A.1.1.o2") and unique per sheet. */
export const criteriaNodes = pgTable('criteria_nodes', {
  sheetId: uuid('sheet_id').notNull().references(() => criteriaSheets.id, { onDelete: 'cascade' }),
  code: text('code').notNull(),
  parentCode: text('parent_code'),
  kind: text('kind', { enum: NODE_KINDS }).notNull(),
  position: smallint('position').notNull(),
  title: text('title').notNull().default(''),
  note: text('note'),
  /** Options: their points. Parts: the declared maximum. */
  points: numeric('points', { precision: 6, scale: 2, mode: 'number' }),
  selection: text('selection', { enum: ['all', 'one'] }).notNull().default('all'),
  condition: text('condition'),
  chooseOneCase: boolean('choose_one_case').notNull().default(false),
  knockOutEffect: text('knock_out_effect', { enum: ['eliminate', 'stop'] }),
  knockOutText: text('knock_out_text'),
  bonus: boolean('bonus').notNull().default(false),
}, (t) => [
  primaryKey({ columns: [t.sheetId, t.code] }),
  index('criteria_nodes_parent_idx').on(t.sheetId, t.parentCode),
]);
