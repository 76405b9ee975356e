/**
 * The indicators a target can be set on (targets.tables.ts INDICATORS), computed from the
 * platform's data for an area (null code: the whole country) and a period. Anything about
 * certification reads the certificates' own dates (reports/certified-on.repository.ts), never
 * products.status. docs/decisions/013-targets.md explains each choice.
 *
 * Their values are computed in indicators.repository.ts.
 * - count indicators count events from the period's start to min(end, asOf);
 * - level indicators (counts in force, shares in percent) read the state on min(end, asOf).
 */
import type { IndicatorKind } from '../../domain/target-progress';
import { INDICATORS, type Indicator } from './targets.tables';

export { INDICATORS, type Indicator };

export type IndicatorUnit = 'products' | 'producers' | 'communes' | 'outlets' | 'courses' | 'visits' | 'percent';

export interface IndicatorInfo {
  key: Indicator;
  kind: IndicatorKind;
  unit: IndicatorUnit;
  /** The highest target value accepted (shares: 100; counts: a sane maximum). */
  max: number;
}

/** Counts above this are typing mistakes (the whole country has ~17,000 certified products). */
export const MAX_COUNT_TARGET = 100_000;

const count = (key: Indicator, unit: IndicatorUnit, kind: IndicatorKind = 'count'): IndicatorInfo => ({ key, kind, unit, max: MAX_COUNT_TARGET });
const share = (key: Indicator): IndicatorInfo => ({ key, kind: 'level', unit: 'percent', max: 100 });

export const INDICATOR_INFO: Record<Indicator, IndicatorInfo> = {
  new_certified_products: count('new_certified_products', 'products'),
  four_star_products: count('four_star_products', 'products', 'level'),
  five_star_products: count('five_star_products', 'products', 'level'),
  four_five_star_share: share('four_five_star_share'),
  potential_five_star: count('potential_five_star', 'products', 'level'),
  organised_producer_share: share('organised_producer_share'),
  communes_with_products: count('communes_with_products', 'communes', 'level'),
  communes_with_products_share: share('communes_with_products_share'),
  outlets_opened: count('outlets_opened', 'outlets'),
  modern_channel_producer_share: share('modern_channel_producer_share'),
  training_courses_held: count('training_courses_held', 'courses'),
  inspections_done: count('inspections_done', 'visits'),
};

export const isIndicator = (s: unknown): s is Indicator => typeof s === 'string' && (INDICATORS as readonly string[]).includes(s);

/** Producer kinds counted as "organised" (cooperatives and enterprises; not cooperative groups nor households). */
export const ORGANISED_KINDS = ['enterprise', 'cooperative'] as const;
/** Outlet kinds that are a modern channel. */
export const MODERN_CHANNELS = ['supermarket', 'online'] as const;
