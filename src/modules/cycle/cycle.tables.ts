import {
  pgTable, text, timestamp, uuid, index, uniqueIndex, bigserial,
} from 'drizzle-orm/pg-core';
import { REVIEW_STATUSES } from '../../domain/review-cycle';
import { areas, producers, products } from '../registry/registry.tables';

/** What ideas and plans share: review status, the area they are reviewed in, and when. */
const reviewColumns = () => ({
  status: text('status', { enum: REVIEW_STATUSES }).notNull().default('draft'),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  communeCode: text('commune_code').notNull().references(() => areas.code),
  createdBy: text('created_by').notNull(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * OCOP cycle step 2: a producer's product idea (đăng ký ý tưởng sản phẩm). The producer's
 * province and commune are copied in so review queues filter by area in SQL with no join.
 * Status follows src/domain/review-cycle.ts.
 */
export const productIdeas = pgTable('product_ideas', {
  id: uuid('id').primaryKey().defaultRandom(),
  producerId: uuid('producer_id').notNull().references(() => producers.id),
  /** An existing product record the idea develops (optional). */
  productId: uuid('product_id').references(() => products.id),
  name: text('name').notNull(),
  classification: text('classification').notNull(),
  productSetCode: text('product_set_code').notNull(),
  description: text('description').notNull().default(''),
  rawMaterials: text('raw_materials').notNull().default(''),
  expectedMarket: text('expected_market').notNull().default(''),
  ...reviewColumns(),
}, (t) => [
  index('product_ideas_producer_idx').on(t.producerId),
  index('product_ideas_province_status_idx').on(t.provinceCode, t.status),
  index('product_ideas_commune_status_idx').on(t.communeCode, t.status),
]);

/**
 * OCOP cycle step 3: the business plan (phương án sản xuất kinh doanh) for an accepted idea, one
 * per idea. Text sections only for now (no attachment).
 */
export const businessPlans = pgTable('business_plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  ideaId: uuid('idea_id').notNull().references(() => productIdeas.id),
  producerId: uuid('producer_id').notNull().references(() => producers.id),
  productDescription: text('product_description').notNull(),
  marketAndCustomers: text('market_and_customers').notNull(),
  productionCapacity: text('production_capacity').notNull(),
  investmentAndFunding: text('investment_and_funding').notNull(),
  salesChannels: text('sales_channels').notNull(),
  ...reviewColumns(),
}, (t) => [
  uniqueIndex('business_plans_idea_uq').on(t.ideaId),
  index('business_plans_province_status_idx').on(t.provinceCode, t.status),
  index('business_plans_commune_status_idx').on(t.communeCode, t.status),
]);

export const CYCLE_SUBJECTS = ['idea', 'plan'] as const;

/**
 * The timeline a producer sees: every creation and status change of an idea and its plan, with
 * who, when and the reviewer's comment. (The audit log keeps the full before → after as well.)
 */
export const cycleEvents = pgTable('cycle_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  ideaId: uuid('idea_id').notNull().references(() => productIdeas.id),
  subject: text('subject', { enum: CYCLE_SUBJECTS }).notNull(),
  action: text('action').notNull(),
  fromStatus: text('from_status', { enum: REVIEW_STATUSES }),
  toStatus: text('to_status', { enum: REVIEW_STATUSES }).notNull(),
  comment: text('comment'),
  actorUserId: uuid('actor_user_id'),
  actorLabel: text('actor_label').notNull(),
  actorRole: text('actor_role').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('cycle_events_idea_idx').on(t.ideaId, t.id)]);
