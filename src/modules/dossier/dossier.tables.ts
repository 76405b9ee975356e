import {
  pgTable, text, integer, timestamp, uuid, index, uniqueIndex, jsonb, bigserial, smallint, numeric, bigint, boolean,
} from 'drizzle-orm/pg-core';
import { DOSSIER_KINDS, DOSSIER_STATUSES } from '../../domain/dossier';
import type { PartMaxima } from '../../domain/scoring-sheet';
import { areas, producers, products } from '../registry/registry.tables';
import { criteriaSheets } from '../criteria/criteria.tables';

/** Chosen option codes and the knock-out rules found to apply (as src/domain/scoring-sheet.ts `Answers`). */
export interface StoredAnswers { options: string[]; knockOuts: string[] }

/**
 * A producer's self-assessment (tự đánh giá) of a product on the sheet in force: the answers and
 * the computed score. One working copy per product and sheet; a dossier keeps a frozen copy when
 * it is submitted (`dossiers.self_assessment`).
 */
export const selfAssessments = pgTable('self_assessments', {
  id: uuid('id').primaryKey().defaultRandom(),
  productId: uuid('product_id').notNull().references(() => products.id),
  producerId: uuid('producer_id').notNull().references(() => producers.id),
  sheetId: uuid('sheet_id').notNull().references(() => criteriaSheets.id),
  answers: jsonb('answers').$type<StoredAnswers>().notNull(),
  parts: jsonb('parts').$type<PartMaxima>().notNull(),
  total: numeric('total', { precision: 5, scale: 2, mode: 'number' }).notNull(),
  estimatedStars: smallint('estimated_stars').notNull(),
  outcome: text('outcome', { enum: ['scored', 'eliminated', 'stopped'] }).notNull(),
  updatedBy: text('updated_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('self_assessments_product_sheet_uq').on(t.productId, t.sheetId)]);

/** The commune's assessment under 1489 (local origin, local labour, idea origin, local identity) and its report. */
export interface CommuneAssessment {
  localOrigin: boolean;
  localLabour: boolean;
  localIdea: boolean;
  localIdentity: boolean;
  report: string;
  assessedBy: string;
  assessedAt: string;
}

/**
 * An evaluation dossier for one product: first evaluation, upgrade (nâng hạng) or
 * re-evaluation at expiry. The regime and sheet are fixed when it is submitted. An upgrade or
 * re-evaluation points at the previous dossier and certificate and carries their documents over.
 */
export const dossiers = pgTable('dossiers', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Human reference shown like a public-service dossier number, e.g. "HS-38-2026-000042". */
  number: text('number').notNull(),
  kind: text('kind', { enum: DOSSIER_KINDS }).notNull(),
  status: text('status', { enum: DOSSIER_STATUSES }).notNull().default('draft'),
  productId: uuid('product_id').notNull().references(() => products.id),
  producerId: uuid('producer_id').notNull().references(() => producers.id),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  communeCode: text('commune_code').notNull().references(() => areas.code),
  previousDossierId: uuid('previous_dossier_id'),
  previousCertificateId: uuid('previous_certificate_id'),
  regimeCode: text('regime_code').notNull(),
  sheetId: uuid('sheet_id').references(() => criteriaSheets.id),
  /** Tourism services: no samples, a field visit instead. */
  isService: boolean('is_service').notNull().default(false),
  /** Registration form fields (form 01/02) as entered. */
  form: jsonb('form').$type<Record<string, string>>().notNull().default({}),
  /** What changed since the previous dossier (upgrade / re-evaluation). */
  changesNote: text('changes_note'),
  /** Frozen copy of the self-assessment at submission. */
  selfAssessment: jsonb('self_assessment').$type<{ answers: StoredAnswers; parts: PartMaxima; total: number; estimatedStars: number; sheetId: string } | null>(),
  communeAssessment: jsonb('commune_assessment').$type<CommuneAssessment | null>(),
  createdBy: text('created_by').notNull(),
  /**
   * Assisted filing (decisions/029): an officer opened the dossier on the producer's behalf (a
   * household without an account). Who filed it stays recorded after the handover.
   */
  filedOnBehalf: boolean('filed_on_behalf').notNull().default(false),
  filedByUserId: uuid('filed_by_user_id'),
  /** The officer's name as it was when they filed (and their role: commune, province, national). */
  filedByName: text('filed_by_name'),
  filedByRole: text('filed_by_role'),
  /** The handover to the producer's account: from then on the producer owns the forms. */
  handedOverAt: timestamp('handed_over_at', { withTimezone: true }),
  handedOverByUserId: uuid('handed_over_by_user_id'),
  handedOverByName: text('handed_over_by_name'),
  handedOverToUserId: uuid('handed_over_to_user_id'),
  handedOverToName: text('handed_over_to_name'),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  forwardedAt: timestamp('forwarded_at', { withTimezone: true }),
  receivedAt: timestamp('received_at', { withTimezone: true }),
  /** Optimistic concurrency: every status change bumps it. */
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('dossiers_number_uq').on(t.number),
  index('dossiers_product_idx').on(t.productId),
  index('dossiers_producer_idx').on(t.producerId),
  index('dossiers_province_status_idx').on(t.provinceCode, t.status),
  index('dossiers_commune_status_idx').on(t.communeCode, t.status),
]);

/**
 * A file in a dossier, by required-document code of the regime (seed/criteria/regimes.json
 * `dossierDocuments`). Files live under `<data dir>/uploads/dossiers/`; `carried_from` marks a
 * document reused from the previous dossier of an upgrade or re-evaluation.
 */
export const dossierDocuments = pgTable('dossier_documents', {
  id: uuid('id').primaryKey().defaultRandom(),
  dossierId: uuid('dossier_id').notNull().references(() => dossiers.id),
  docType: text('doc_type').notNull(),
  fileName: text('file_name').notNull(),
  mediaType: text('media_type').notNull(),
  sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
  sha256: text('sha256').notNull(),
  storageKey: text('storage_key').notNull(),
  carriedFrom: uuid('carried_from'),
  uploadedBy: text('uploaded_by').notNull(),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('dossier_documents_dossier_idx').on(t.dossierId, t.docType)]);

/** The dossier's timeline (what the producer follows, like a public-service dossier). */
export const dossierEvents = pgTable('dossier_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  dossierId: uuid('dossier_id').notNull().references(() => dossiers.id),
  action: text('action').notNull(),
  fromStatus: text('from_status', { enum: DOSSIER_STATUSES }),
  toStatus: text('to_status', { enum: DOSSIER_STATUSES }).notNull(),
  comment: text('comment'),
  actorUserId: uuid('actor_user_id'),
  actorLabel: text('actor_label').notNull(),
  actorRole: text('actor_role').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('dossier_events_dossier_idx').on(t.dossierId, t.id)]);
