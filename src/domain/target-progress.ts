/**
 * Progress of a programme target (pure logic; docs/decisions/013-targets.md).
 *
 * - `count` indicators count events in the period (new certified products, outlets opened…):
 *   the value starts at 0 and the forecast is the value so far extrapolated linearly over the
 *   elapsed days to the whole period.
 * - `level` indicators are a state at a day (4★ products in force, a share in percent): the
 *   forecast is the level at the period's start plus the change since then, extrapolated the
 *   same way.
 *
 * Status (every indicator is "higher is better"):
 * - before the period starts: `not_started`;
 * - after it ended: `achieved` when the value at the end reached the target, else `missed`;
 * - during it: `on_track` when the target is already reached or the forecast reaches
 *   ≥ 100 % of it; `at_risk` when the forecast reaches ≥ 85 %; else `off_track`.
 */

export type IndicatorKind = 'count' | 'level';
export const TARGET_STATUSES = ['not_started', 'on_track', 'at_risk', 'off_track', 'achieved', 'missed'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

/** Forecast at ≥ this % of the target: on track. */
export const ON_TRACK_PERCENT = 100;
/** Forecast at ≥ this % (and below ON_TRACK_PERCENT): at risk; below: off track. */
export const AT_RISK_PERCENT = 85;

const DAY_MS = 86_400_000;
const toUtc = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** Whole days from `a` to `b` (ISO dates; negative when b is before a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** The ISO date `n` days after `iso`. */
export function addDays(iso: string, n: number): string {
  return new Date(toUtc(iso) + n * DAY_MS).toISOString().slice(0, 10);
}

export interface ProgressInput {
  kind: IndicatorKind;
  periodStart: string;
  periodEnd: string;
  target: number;
  /** The value as of min(today, periodEnd) (a count: events from the start to that day). */
  value: number;
  /** For `level` indicators: the level just before the period started. Ignored for counts (0). */
  baseline: number;
  /** Today (ISO date). */
  today: string;
}

export interface Progress {
  /** The day the value is read on: min(today, periodEnd) (periodStart before the period). */
  asOf: string;
  value: number;
  target: number;
  baseline: number;
  /** value / target in percent (100 when the target is 0). */
  percent: number;
  /** The value expected at the period's end at the current pace (the value itself once the period ended). */
  forecast: number;
  forecastPercent: number;
  /** Where a straight line from the baseline to the target stands on `asOf`. */
  expectedNow: number;
  /** Days of the period elapsed (inclusive of asOf) and in total. */
  elapsedDays: number;
  totalDays: number;
  status: TargetStatus;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const pct = (v: number, target: number) => (target <= 0 ? 100 : round2((v / target) * 100));

/** The status of a target from its forecast (see the module comment for the thresholds). */
export function statusOf(p: { value: number; target: number; forecast: number; today: string; periodStart: string; periodEnd: string }): TargetStatus {
  if (p.today < p.periodStart) return 'not_started';
  if (p.today > p.periodEnd) return p.value >= p.target ? 'achieved' : 'missed';
  if (p.value >= p.target) return 'on_track';
  const f = pct(p.forecast, p.target);
  if (f >= ON_TRACK_PERCENT) return 'on_track';
  if (f >= AT_RISK_PERCENT) return 'at_risk';
  return 'off_track';
}

/** Linear forecast, straight-line expectation and status of a target on `today`. */
export function targetProgress(input: ProgressInput): Progress {
  const { kind, periodStart, periodEnd, target, today } = input;
  const baseline = kind === 'count' ? 0 : input.baseline;
  const totalDays = daysBetween(periodStart, periodEnd) + 1;
  const asOf = today < periodStart ? periodStart : today > periodEnd ? periodEnd : today;
  const elapsedDays = today < periodStart ? 0 : daysBetween(periodStart, asOf) + 1;
  const value = input.value;
  let forecast: number;
  if (elapsedDays === 0) forecast = baseline;
  else if (elapsedDays >= totalDays) forecast = value;
  else forecast = baseline + ((value - baseline) * totalDays) / elapsedDays;
  // A count never goes down; a level cannot fall below 0 nor a share above… (shares are capped by the caller's unit).
  forecast = Math.max(0, round2(forecast));
  const expectedNow = round2(baseline + ((target - baseline) * elapsedDays) / totalDays);
  return {
    asOf, value: round2(value), target, baseline: round2(baseline),
    percent: pct(value, target), forecast, forecastPercent: pct(forecast, target), expectedNow,
    elapsedDays, totalDays,
    status: statusOf({ value, target, forecast, today, periodStart, periodEnd }),
  };
}

/**
 * Days to read a target's value on for its chart: the period's start, evenly spaced days up to
 * min(today, end) (at most `max` points), and that last day.
 */
export function chartDays(periodStart: string, periodEnd: string, today: string, max = 13): string[] {
  if (today < periodStart) return [];
  const last = today > periodEnd ? periodEnd : today;
  const span = daysBetween(periodStart, last);
  if (span === 0) return [periodStart];
  const steps = Math.min(max - 1, span);
  const days = new Set<string>();
  for (let i = 0; i <= steps; i++) days.add(addDays(periodStart, Math.round((span * i) / steps)));
  return [...days];
}
