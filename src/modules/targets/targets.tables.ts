import { sql } from 'drizzle-orm';
import {
  pgTable, text, integer, timestamp, uuid, index, uniqueIndex, date, numeric, boolean, check,
} from 'drizzle-orm/pg-core';
import { areas } from '../registry/registry.tables';

/**
 * What an office can set a target on. Every indicator is computed from the platform's data
 * (src/modules/targets/indicators.ts); `count` indicators count events in the period, `share`
 * indicators are percentages at the period's end.
 */
export const INDICATORS = [
  'new_certified_products',      // new ≥3★ certificates issued in the period (count)
  'four_star_products',          // 4★ products certified at the period's end (count)
  'five_star_products',          // 5★ products certified at the period's end (count)
  'four_five_star_share',        // share of certified products that are 4★ or 5★ (percent)
  'potential_five_star',         // 4★ products proposed for 5★ at the period's end (count)
  'organised_producer_share',    // share of certified producers that are cooperatives or enterprises (percent)
  'communes_with_products',      // communes with at least one certified product (count)
  'communes_with_products_share',// the same as a share of all communes of the area (percent)
  'outlets_opened',              // OCOP centres and points of sale opened in the period (count)
  'modern_channel_producer_share', // share of certified producers carried by a supermarket or online outlet (percent)
  'training_courses_held',       // training courses that ended in the period (count)
  'inspections_done',            // inspection visits made in the period (count)
] as const;
export type Indicator = (typeof INDICATORS)[number];

/**
 * A target an office sets for an area (a province or a commune; null = the whole country) and a
 * period, e.g. "Thanh Hóa, 2026: 40 new ≥3★ products". One per area, indicator and period.
 */
export const targets = pgTable('targets', {
  id: uuid('id').primaryKey().defaultRandom(),
  areaCode: text('area_code').references(() => areas.code),
  indicator: text('indicator', { enum: INDICATORS }).notNull(),
  periodStart: date('period_start', { mode: 'string' }).notNull(),
  periodEnd: date('period_end', { mode: 'string' }).notNull(),
  targetValue: numeric('target_value', { precision: 12, scale: 2 }).notNull(),
  note: text('note').notNull().default(''),
  isSample: boolean('is_sample').notNull().default(false),
  createdBy: text('created_by').notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('targets_area_indicator_period_uq').on(sql`coalesce(${t.areaCode}, '')`, t.indicator, t.periodStart, t.periodEnd),
  index('targets_area_idx').on(t.areaCode),
  check('targets_period_chk', sql`${t.periodEnd} >= ${t.periodStart}`),
  check('targets_value_chk', sql`${t.targetValue} >= 0`),
]);
