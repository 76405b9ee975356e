import { z } from 'zod';
import { TARGET_STATUSES } from '../../domain/target-progress';
import { INDICATORS } from './targets.tables';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');

/** The earliest and latest day a target's period may touch. */
export const MIN_TARGET_DATE = '2018-01-01';
export const MAX_TARGET_DATE = '2100-12-31';
/** A period is at most this many years long. */
export const MAX_PERIOD_YEARS = 10;

export const TargetInputSchema = z.object({
  /** A province (2 digits) or commune (5 digits); null = the whole country. */
  areaCode: z.string().trim().regex(/^(\d{2}|\d{5})$/, 'a province (2 digits) or commune (5 digits) code').nullable(),
  indicator: z.enum(INDICATORS),
  periodStart: IsoDate,
  periodEnd: IsoDate,
  targetValue: z.number().finite().min(0),
  note: z.string().trim().max(2000).default(''),
});
export type TargetInput = z.infer<typeof TargetInputSchema>;

export const TargetPatchSchema = z.object({
  indicator: z.enum(INDICATORS).optional(),
  periodStart: IsoDate.optional(),
  periodEnd: IsoDate.optional(),
  targetValue: z.number().finite().min(0).optional(),
  note: z.string().trim().max(2000).optional(),
  /** Refuse with 409 conflict unless the target is still at this version. */
  version: z.number().int().positive().optional(),
});
export type TargetPatch = z.infer<typeof TargetPatchSchema>;

export const ProgressSchema = z.object({
  asOf: z.string().describe('the day the value is read on: min(today, periodEnd)'),
  value: z.number(),
  baseline: z.number().describe('level indicators: the level the day before the period started; counts: 0'),
  percent: z.number().describe('value / target × 100'),
  forecast: z.number().describe('the value expected at the period end at the current pace (linear)'),
  forecastPercent: z.number(),
  expectedNow: z.number().describe('where the straight line from the baseline to the target stands on asOf'),
  elapsedDays: z.number().int(),
  totalDays: z.number().int(),
  status: z.enum(TARGET_STATUSES).describe('on_track (forecast ≥ 100 % or reached) | at_risk (≥ 85 %) | off_track; not_started before, achieved | missed after the period'),
});

export const IndicatorSchema = z.object({
  key: z.enum(INDICATORS),
  kind: z.enum(['count', 'level']).describe('count: events in the period; level: the state on a day'),
  unit: z.string(),
  max: z.number(),
  name: z.object({ vi: z.string(), en: z.string() }),
  unitName: z.object({ vi: z.string(), en: z.string() }),
  hint: z.object({ vi: z.string(), en: z.string() }),
});
export type IndicatorDto = z.infer<typeof IndicatorSchema>;

export const TargetSchema = z.object({
  id: z.string(),
  area: z.object({ code: z.string().nullable(), name: z.string(), level: z.enum(['country', 'province', 'commune']) }),
  indicator: z.enum(INDICATORS),
  indicatorName: z.string(),
  unit: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  targetValue: z.number(),
  note: z.string(),
  isSample: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  progress: ProgressSchema,
  actions: z.object({ edit: z.boolean(), delete: z.boolean() }),
});
export type TargetDto = z.infer<typeof TargetSchema>;

export const TargetListQuerySchema = z.object({
  /** A province or commune code (its own targets), or "national" for the country's. */
  area: z.string().trim().regex(/^(\d{2}|\d{5}|national)$/, 'a province or commune code, or national').optional(),
  indicator: z.enum(INDICATORS).optional(),
  /** Targets whose period overlaps this year. */
  year: z.coerce.number().int().min(2018).max(2100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TargetListQuery = z.infer<typeof TargetListQuerySchema>;

