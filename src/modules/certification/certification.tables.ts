import { sql } from 'drizzle-orm';
import {
  pgTable, text, boolean, timestamp, uuid, index, uniqueIndex, smallint, date, numeric, integer, primaryKey, bigserial, check,
} from 'drizzle-orm/pg-core';
import { areas, products } from '../registry/registry.tables';
import { users } from '../identity/identity.tables';

/** A People's Committee recognition decision ("Số …/QĐ-UBND") listing products and stars. */
export const decisions = pgTable('decisions', {
  id: uuid('id').primaryKey().defaultRandom(),
  number: text('number').notNull(),
  decisionDate: date('decision_date', { mode: 'string' }).notNull(),
  /** The province whose People's Committee decides; null for a national (ministry) decision. */
  areaCode: text('area_code').references(() => areas.code),
  level: text('level', { enum: ['district', 'province', 'national'] }).notNull(),
  /** The issuing body as signed ("UBND huyện Hoằng Hóa", "UBND tỉnh Hà Giang", "Bộ Nông nghiệp và Môi trường"). */
  issuer: text('issuer').notNull(),
  /** The issuing unit's code on the decision date (an old district or province code); null for the ministry. */
  issuerCode: text('issuer_code'),
  signer: text('signer'),
  source: text('source', { enum: ['import', 'evaluation'] }).notNull(),
  /** Imported decisions are approved facts; decisions drafted from a round start as drafts. */
  status: text('status', { enum: ['draft', 'approved'] }).notNull().default('approved'),
  kind: text('kind', { enum: ['recognition', 'revocation'] }).notNull().default('recognition'),
  /** The council round the decision follows (evaluation decisions). */
  roundId: uuid('round_id'),
  title: text('title'),
  draftedBy: text('drafted_by'),
  approvedBy: text('approved_by'),
  approvedAt: timestamp('approved_at', { withTimezone: true }),
  /** When the results were published (producers may see scores only from then). */
  publishedAt: timestamp('published_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('decisions_issuer_number_uq').on(t.level, sql`coalesce(${t.issuerCode}, '')`, t.number, t.decisionDate),
  check('decisions_national_area_chk', sql`(${t.level} = 'national') = (${t.areaCode} is null)`),
  index('decisions_round_idx').on(t.roundId),
]);

/** The products a drafted decision recognises (certificates are issued from these on approval). */
export const decisionItems = pgTable('decision_items', {
  decisionId: uuid('decision_id').notNull().references(() => decisions.id),
  dossierId: uuid('dossier_id').notNull(),
  productId: uuid('product_id').notNull().references(() => products.id),
  stars: smallint('stars').notNull(),
  score: numeric('score', { precision: 5, scale: 2 }).notNull(),
  potentialFiveStar: boolean('potential_five_star').notNull().default(false),
}, (t) => [primaryKey({ columns: [t.decisionId, t.dossierId] })]);

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
  revokedBy: text('revoked_by'),
  /** Legal basis of a revocation (article of the regulation, inspection record …). */
  revocationBasis: text('revocation_basis'),
  supersededOn: date('superseded_on', { mode: 'string' }),
  supersededBy: uuid('superseded_by'),
  /** The dossier the certificate was issued on (evaluation); null for imported certificates. */
  dossierId: uuid('dossier_id'),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  communeCode: text('commune_code').notNull().references(() => areas.code),
  /** The district (huyện) the province's list named, for records from before July 2025. */
  oldDistrict: text('old_district'),
  /** Numbers are unique per issuing body (domain/admin-units `issuerKey`): "province:02", "district:024", "national". */
  issuerKey: text('issuer_key').notNull(),
  /** The units in force on the issue date (pre-reform GSO codes before 1/7/2025; district null after). */
  provinceCodeThen: text('province_code_then'),
  districtCodeThen: text('district_code_then'),
  communeCodeThen: text('commune_code_then'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('certificates_issuer_number_uq').on(t.issuerKey, sql`upper(${t.number})`),
  index('certificates_number_idx').on(sql`upper(${t.number})`),
  index('certificates_then_idx').on(t.provinceCodeThen, t.issuedOn),
  index('certificates_product_idx').on(t.productId),
  index('certificates_province_dates_idx').on(t.provinceCode, t.issuedOn, t.expiresOn),
]);

/**
 * In-app notifications (expiry reminders, dossier steps …). `dedupe_key` makes a reminder job
 * safe to run again: the same reminder is stored once.
 */
export const notifications = pgTable('notifications', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  link: text('link'),
  dedupeKey: text('dedupe_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  readAt: timestamp('read_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('notifications_dedupe_uq').on(t.userId, t.dedupeKey),
  index('notifications_user_idx').on(t.userId, t.id),
]);
