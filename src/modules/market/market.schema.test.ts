import { describe, expect, it } from 'vitest';
import { ListingPatchSchema, OrderActionSchema, ShopPatchSchema } from './market.schema';

// Issue 18 (hostile-input suite): a version past PostgreSQL's integer range reached the SQL
// comparison with the `integer` column (PATCH /api/v1/market/listings/:id with 8218276170284327: a 500).
describe('row versions sent back by the caller', () => {
  const schemas = { listing: ListingPatchSchema, shop: ShopPatchSchema, order: OrderActionSchema.partial() };

  it('are refused past the integer range of the column (400, not a database error)', () => {
    for (const [name, schema] of Object.entries(schemas)) {
      for (const version of [2_147_483_648, 8_218_276_170_284_327, Number.MAX_SAFE_INTEGER]) {
        const r = schema.safeParse({ version });
        expect({ name, version, ok: r.success }).toEqual({ name, version, ok: false });
        expect(r.error?.issues[0]?.path).toEqual(['version']);
      }
    }
  });

  it('are accepted up to the largest integer the column holds', () => {
    for (const schema of Object.values(schemas)) expect(schema.safeParse({ version: 2_147_483_647 }).success).toBe(true);
  });
});
