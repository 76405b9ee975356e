import { sql } from 'drizzle-orm';
import {
  pgTable, text, integer, timestamp, uuid, index, date, boolean, primaryKey, check,
} from 'drizzle-orm/pg-core';
import { areas, producers, products } from '../registry/registry.tables';
import { certificates } from '../certification/certification.tables';

export const INSPECTION_PLAN_STATUSES = ['planned', 'in_progress', 'closed'] as const;
export const INSPECTION_OUTCOMES = ['compliant', 'warning', 'revocation_proposal'] as const;
export const INSPECTION_FINDINGS = ['label_misuse', 'quality_not_maintained', 'expired_certificate_used', 'other'] as const;

/** An inspection plan (kế hoạch kiểm tra, hậu kiểm) of a province for a period. */
export const inspectionPlans = pgTable('inspection_plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: text('title').notNull(),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  periodStart: date('period_start', { mode: 'string' }).notNull(),
  periodEnd: date('period_end', { mode: 'string' }).notNull(),
  /** How many producers the plan means to visit (for "41 of 50 producers"). */
  plannedProducers: integer('planned_producers'),
  status: text('status', { enum: INSPECTION_PLAN_STATUSES }).notNull().default('planned'),
  isSample: boolean('is_sample').notNull().default(false),
  createdBy: text('created_by').notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('inspection_plans_province_idx').on(t.provinceCode, t.periodStart),
  check('inspection_plans_period_chk', sql`${t.periodEnd} >= ${t.periodStart}`),
]);

/** The multi-agency team of a plan (agriculture, industry and trade, health, market surveillance…). */
export const inspectionTeamMembers = pgTable('inspection_team_members', {
  id: uuid('id').primaryKey().defaultRandom(),
  planId: uuid('plan_id').notNull().references(() => inspectionPlans.id, { onDelete: 'cascade' }),
  fullName: text('full_name').notNull(),
  agency: text('agency').notNull(),
  role: text('role', { enum: ['lead', 'member'] }).notNull().default('member'),
}, (t) => [index('inspection_team_plan_idx').on(t.planId)]);

/** A visit to a producer under a plan, and its outcome once recorded. */
export const inspectionVisits = pgTable('inspection_visits', {
  id: uuid('id').primaryKey().defaultRandom(),
  planId: uuid('plan_id').notNull().references(() => inspectionPlans.id),
  producerId: uuid('producer_id').notNull().references(() => producers.id),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  communeCode: text('commune_code').notNull().references(() => areas.code),
  visitedOn: date('visited_on', { mode: 'string' }).notNull(),
  outcome: text('outcome', { enum: INSPECTION_OUTCOMES }),
  note: text('note').notNull().default(''),
  /** Invented demo data (seed/demo/inspections.json), shown with the "sample" badge. */
  isSample: boolean('is_sample').notNull().default(false),
  createdBy: text('created_by').notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('inspection_visits_plan_idx').on(t.planId),
  index('inspection_visits_area_idx').on(t.provinceCode, t.visitedOn),
  index('inspection_visits_producer_idx').on(t.producerId),
]);

/** A product checked during a visit, with what was found (null: nothing wrong). */
export const inspectionChecks = pgTable('inspection_checks', {
  visitId: uuid('visit_id').notNull().references(() => inspectionVisits.id, { onDelete: 'cascade' }),
  productId: uuid('product_id').notNull().references(() => products.id),
  certificateId: uuid('certificate_id').references(() => certificates.id),
  finding: text('finding', { enum: INSPECTION_FINDINGS }),
  note: text('note').notNull().default(''),
}, (t) => [
  primaryKey({ columns: [t.visitId, t.productId] }),
  index('inspection_checks_product_idx').on(t.productId),
]);

export const REVOCATION_PROPOSAL_STATUSES = ['open', 'revoked', 'dismissed'] as const;

/**
 * An inspection's proposal to revoke a certificate: it opens the revocation flow of the
 * certificate's authority (province for 3–4★, national for 5★), who revokes or dismisses it.
 */
export const revocationProposals = pgTable('revocation_proposals', {
  id: uuid('id').primaryKey().defaultRandom(),
  certificateId: uuid('certificate_id').notNull().references(() => certificates.id),
  visitId: uuid('visit_id').references(() => inspectionVisits.id),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  reason: text('reason').notNull(),
  status: text('status', { enum: REVOCATION_PROPOSAL_STATUSES }).notNull().default('open'),
  /** Invented demo data, shown with the "sample" badge. */
  isSample: boolean('is_sample').notNull().default(false),
  proposedBy: text('proposed_by').notNull(),
  proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull().defaultNow(),
  decidedBy: text('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionNote: text('decision_note'),
}, (t) => [
  index('revocation_proposals_certificate_idx').on(t.certificateId),
  index('revocation_proposals_province_idx').on(t.provinceCode, t.status),
]);
