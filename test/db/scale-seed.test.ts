import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { freshDeps, type TestDeps } from '../helpers/db';
import { rows } from '../../src/db/client';
import { AppError } from '../../src/errors';
import { validateTaxCode } from '../../src/domain/tax-code';
import { validateGtin13 } from '../../src/domain/gtin';
import { certificateExpiry } from '../../src/domain/certificate';
import { nameKey } from '../../src/domain/text';
import { seedNationalScale, type ScaleSeedResult } from '../../src/modules/ops/scale-seed';

let deps: TestDeps;
let result: ScaleSeedResult;
const NOW = new Date('2026-11-22T03:00:00Z');

beforeAll(async () => {
  deps = await freshDeps({ clock: () => NOW });
  result = await seedNationalScale(deps, { producers: 200, products: 400 });
}, 120_000);

afterAll(() => deps?.cleanup());

const q = <T>(query: ReturnType<typeof sql>) => rows<T>(deps.database.db, query);

describe('seedNationalScale (small)', () => {
  it('reports and stores the requested counts', async () => {
    expect(result).toMatchObject({ producers: 200, products: 400 });
    const [c] = await q<{ producers: number; products: number; certificates: number; decisions: number }>(sql`
      select (select count(*)::int from producers) as producers, (select count(*)::int from products) as products,
             (select count(*)::int from certificates) as certificates, (select count(*)::int from decisions) as decisions`);
    expect(c).toEqual({ producers: 200, products: 400, certificates: result.certificates, decisions: result.decisions });
    expect(result.certificates).toBeGreaterThan(250);
    expect(result.decisions).toBeGreaterThan(20);
  });

  it('marks everything as sample and spreads producers over kinds and provinces', async () => {
    const [s] = await q<{ notSampleProducers: number; notSampleProducts: number }>(sql`
      select (select count(*)::int from producers where not is_sample) as "notSampleProducers",
             (select count(*)::int from products where not is_sample) as "notSampleProducts"`);
    expect(s).toEqual({ notSampleProducers: 0, notSampleProducts: 0 });
    const kinds = await q<{ kind: string }>(sql`select distinct kind from producers order by kind`);
    expect(kinds.map((k) => k.kind)).toEqual(['cooperative', 'cooperative_group', 'enterprise', 'household']);
    const [p] = await q<{ n: number }>(sql`select count(distinct province_code)::int as n from producers`);
    expect(p!.n).toBeGreaterThanOrEqual(30);
  });

  it('writes only valid tax codes, GTINs and name keys', async () => {
    const producers = await q<{ kind: string; name: string; name_key: string; tax_code: string | null }>(
      sql`select kind, name, name_key, tax_code from producers`);
    for (const p of producers) {
      if (p.kind !== 'household') expect(p.tax_code, p.name).not.toBeNull();
      if (p.tax_code) expect(validateTaxCode(p.tax_code), p.tax_code).toMatchObject({ ok: true });
      expect(p.name_key).toBe(nameKey(p.name));
    }
    const gtins = await q<{ gtin: string }>(sql`select gtin from products where gtin is not null`);
    expect(gtins.length).toBeGreaterThan(50);
    for (const g of gtins) expect(validateGtin13(g.gtin), g.gtin).toMatchObject({ ok: true, vietnamese: true });
  });

  it('issues certificates consistent with their decisions and product status', async () => {
    const certs = await q<{ issued_on: string; expires_on: string; decision_date: string; stars: number; d_area: string; province_code: string }>(sql`
      select c.issued_on::text, c.expires_on::text, d.decision_date::text, c.stars, d.area_code as d_area, c.province_code
      from certificates c join decisions d on d.id = c.decision_id`);
    for (const c of certs) {
      expect(c.issued_on).toBe(c.decision_date);
      expect(c.expires_on).toBe(certificateExpiry(c.issued_on));
      expect(c.d_area).toBe(c.province_code);
      expect([3, 4, 5]).toContain(c.stars);
    }
    const today = '2026-11-22';
    expect(certs.some((c) => c.expires_on <= today)).toBe(true);
    expect(certs.some((c) => c.expires_on > today)).toBe(true);
    const [bad] = await q<{ n: number }>(sql`
      select count(*)::int as n from products p
      where (p.status = 'certified') <> exists (
        select 1 from certificates c where c.product_id = p.id and c.state = 'active' and c.expires_on > ${today}::date)`);
    expect(bad!.n).toBe(0);
  });

  it('refuses a database that already has producers', async () => {
    const err = await seedNationalScale(deps, { producers: 5, products: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('conflict');
    const [c] = await q<{ n: number }>(sql`select count(*)::int as n from producers`);
    expect(c!.n).toBe(200);
  });
});
