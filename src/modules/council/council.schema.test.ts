import { describe, expect, it } from 'vitest';
import { RoundInputSchema } from './council.schema';

describe('RoundInputSchema dates', () => {
  const round = (sessionDate: string, cutoffDate?: string) => ({ name: 'Đợt 1', level: 'province', provinceCode: '38', sessionDate, cutoffDate });

  // Issue 18 (hostile-input suite): "2026-02-30" passed the pattern and reached the regime lookup,
  // and year 0000 (which PostgreSQL does not have) reached the database with a field visit: 500s.
  it('refuses a day the calendar does not have, naming the field with its code', () => {
    for (const bad of ['2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '0000-00-00', '0000-06-15']) {
      const r = RoundInputSchema.safeParse(round(bad));
      expect(r.success, bad).toBe(false);
      expect(r.error?.issues.map((i) => [i.path.join('.'), (i as { params?: { code?: string } }).params?.code]), bad)
        .toContainEqual(['sessionDate', 'council.not_a_date']);
    }
    expect(RoundInputSchema.safeParse(round('2026-07-15', '2026-02-29')).success).toBe(false);
  });

  it('keeps real days, 29 February of a leap year included', () => {
    expect(RoundInputSchema.safeParse(round('2028-02-29', '2028-02-01')).success).toBe(true);
    expect(RoundInputSchema.safeParse(round('2026-07-15')).success).toBe(true);
  });
});
