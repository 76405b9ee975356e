import { describe, expect, it } from 'vitest';
import { EventListQuerySchema } from './events.schema';
import { DemandInputSchema, OfferInputSchema } from './trade.schema';

// Issue 18 (hostile-input suite): days were checked by their pattern only, so 2026-02-30 and year
// 0000 (PostgreSQL has no year 0) reached the database: a 500 on the events' list filters.
describe('days of trade connection and events', () => {
  const days = [DemandInputSchema.shape.deadline, OfferInputSchema.shape.deliveryOn, EventListQuerySchema.shape.from];

  it('refuse a day the calendar or the database does not have', () => {
    for (const schema of days) {
      for (const bad of ['2026-02-30', '2026-13-01', '0000-06-15', '2026-7-1']) expect(schema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('keep real days', () => {
    for (const schema of days) for (const good of ['2026-07-15', '2028-02-29']) expect(schema.safeParse(good).success, good).toBe(true);
  });
});
