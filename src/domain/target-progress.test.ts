import { describe, expect, it } from 'vitest';
import { addDays, chartDays, daysBetween, statusOf, targetProgress } from './target-progress';

const YEAR = { periodStart: '2026-01-01', periodEnd: '2026-12-31' } as const;

describe('dates', () => {
  it('counts days and adds them across months and leap years', () => {
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-03-01', '2026-02-01')).toBe(-28);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});

describe('count indicators: linear extrapolation of the value so far', () => {
  it('half way through the year with a bit more than half the target: on track', () => {
    // 2026-07-02 is day 183 of 365.
    const p = targetProgress({ kind: 'count', ...YEAR, target: 40, value: 21, baseline: 99, today: '2026-07-02' });
    expect(p.elapsedDays).toBe(183);
    expect(p.totalDays).toBe(365);
    expect(p.baseline).toBe(0); // a count starts at zero whatever is passed
    expect(p.percent).toBe(52.5);
    expect(p.forecast).toBeCloseTo(21 * 365 / 183, 2);
    expect(p.forecastPercent).toBeGreaterThanOrEqual(100);
    expect(p.status).toBe('on_track');
    expect(p.expectedNow).toBeCloseTo(40 * 183 / 365, 2);
  });

  it('at risk between 85 % and 100 % of the target, off track below', () => {
    // day 183: forecast = v × 365/183 ≈ 1.9945 v
    const at = (value: number) => targetProgress({ kind: 'count', ...YEAR, target: 40, value, baseline: 0, today: '2026-07-02' });
    expect(at(21).status).toBe('on_track'); // ≈ 41.9
    expect(at(20).status).toBe('at_risk'); // ≈ 39.9 → 99.7 %
    expect(at(18).forecastPercent).toBeCloseTo(89.75, 1);
    expect(at(18).status).toBe('at_risk');
    expect(at(17).forecastPercent).toBeCloseTo(84.77, 1);
    expect(at(17).status).toBe('off_track');
    expect(at(0).status).toBe('off_track');
    expect(at(0).forecast).toBe(0);
  });

  it('a target already reached is on track; the forecast is not capped', () => {
    const p = targetProgress({ kind: 'count', ...YEAR, target: 10, value: 12, baseline: 0, today: '2026-03-01' });
    expect(p.status).toBe('on_track');
    expect(p.percent).toBe(120);
    expect(p.forecast).toBeGreaterThan(12);
  });

  it('after the period: achieved or missed on the value at the end, forecast = value', () => {
    const done = targetProgress({ kind: 'count', ...YEAR, target: 40, value: 41, baseline: 0, today: '2027-02-01' });
    expect(done).toMatchObject({ status: 'achieved', asOf: '2026-12-31', forecast: 41, elapsedDays: 365 });
    const missed = targetProgress({ kind: 'count', ...YEAR, target: 40, value: 39, baseline: 0, today: '2027-02-01' });
    expect(missed.status).toBe('missed');
    // the last day of the period still counts as "during": extrapolation is the value itself
    const last = targetProgress({ kind: 'count', ...YEAR, target: 40, value: 39, baseline: 0, today: '2026-12-31' });
    expect(last).toMatchObject({ forecast: 39, status: 'at_risk' });
  });

  it('before the period: not started, nothing elapsed', () => {
    const p = targetProgress({ kind: 'count', ...YEAR, target: 40, value: 0, baseline: 0, today: '2025-12-31' });
    expect(p).toMatchObject({ status: 'not_started', elapsedDays: 0, asOf: '2026-01-01', forecast: 0, expectedNow: 0 });
  });

  it('a zero target is reached at once', () => {
    expect(targetProgress({ kind: 'count', ...YEAR, target: 0, value: 0, baseline: 0, today: '2026-05-01' })).toMatchObject({ percent: 100, status: 'on_track' });
  });
});

describe('level indicators: the change since the start, extrapolated', () => {
  it('from 10 to 14 in the first quarter of a year → forecast ≈ 26', () => {
    // 2026-04-01 is day 91 of 365
    const p = targetProgress({ kind: 'level', ...YEAR, target: 25, value: 14, baseline: 10, today: '2026-04-01' });
    expect(p.forecast).toBeCloseTo(10 + 4 * 365 / 91, 2);
    expect(p.status).toBe('on_track');
    expect(p.percent).toBe(56);
    expect(p.expectedNow).toBeCloseTo(10 + 15 * 91 / 365, 2);
  });

  it('a level that fell is off track even when above half the target', () => {
    const p = targetProgress({ kind: 'level', ...YEAR, target: 30, value: 18, baseline: 20, today: '2026-07-02' });
    expect(p.forecast).toBeLessThan(18);
    expect(p.status).toBe('off_track');
  });

  it('a share that does not move stays where it is (at risk at 88 % of the target)', () => {
    const p = targetProgress({ kind: 'level', ...YEAR, target: 50, value: 44, baseline: 44, today: '2026-06-01' });
    expect(p.forecast).toBe(44);
    expect(p.forecastPercent).toBe(88);
    expect(p.status).toBe('at_risk');
  });

  it('never forecasts below zero', () => {
    const p = targetProgress({ kind: 'level', ...YEAR, target: 5, value: 1, baseline: 10, today: '2026-02-01' });
    expect(p.forecast).toBe(0);
  });
});

describe('statusOf thresholds', () => {
  const base = { target: 100, today: '2026-06-01', ...YEAR };
  it.each([
    [0, 100, 'on_track'], [0, 99.99, 'at_risk'], [0, 85, 'at_risk'], [0, 84.99, 'off_track'], [100, 0, 'on_track'],
  ] as const)('value %d, forecast %d → %s', (value, forecast, status) => {
    expect(statusOf({ ...base, value, forecast })).toBe(status);
  });
});

describe('chartDays', () => {
  it('spreads at most 13 days from the start to today', () => {
    const days = chartDays('2026-01-01', '2026-12-31', '2026-07-02');
    expect(days[0]).toBe('2026-01-01');
    expect(days.at(-1)).toBe('2026-07-02');
    expect(days.length).toBe(13);
    expect([...days].sort()).toEqual(days);
  });
  it('stops at the period end, is one day on the first day, empty before', () => {
    expect(chartDays('2026-01-01', '2026-03-31', '2027-01-01').at(-1)).toBe('2026-03-31');
    expect(chartDays('2026-01-01', '2026-03-31', '2026-01-01')).toEqual(['2026-01-01']);
    expect(chartDays('2026-01-01', '2026-03-31', '2025-01-01')).toEqual([]);
    expect(chartDays('2026-01-01', '2026-03-31', '2026-01-04')).toEqual(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']);
  });
});
