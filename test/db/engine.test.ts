/**
 * The database engine under test (PGlite, or PostgreSQL when DATABASE_URL is set) behaves as the
 * platform needs: Vietnamese search normalisation, shipped reference data, isolated copies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';
import { appSettings } from '../../src/db/settings.tables';
import { json, systemCtx, testApp, type TestApp } from '../helpers/app';
import { freshDeps, testDbInfo } from '../helpers/db';
import { buildProducer } from '../helpers/builders';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(() => t?.close());

describe('engine', () => {
  it('runs on the engine the run was configured for', () => {
    expect(t.deps.database.engine).toBe(testDbInfo().engine);
    expect(t.deps.database.engine).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });
});

describe('Vietnamese search', () => {
  it('ocop_norm strips diacritics and case (đ included)', async () => {
    const [r] = await rows<{ a: string; b: string; c: string }>(t.deps.database.db, sql`
      select ocop_norm(${'Mật ong Hoàn Kiếm'}) as a, ocop_norm(${'ĐẶC SẢN Đà Nẵng'}) as b,
             ocop_norm(${'Hoa\u0300n Kie\u0302\u0301m'}) as c`);
    expect(r).toEqual({ a: 'mat ong hoan kiem', b: 'dac san da nang', c: 'hoan kiem' });
  });

  it('GET /api/v1/areas?q=hoan kiem finds Phường Hoàn Kiếm (00070)', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/areas?q=${encodeURIComponent('hoan kiem')}` });
    expect(res.statusCode, res.body).toBe(200);
    const body = json<{ items: { code: string; name: string; level: string; parentCode: string | null }[]; total: number }>(res);
    expect(body.items).toContainEqual(expect.objectContaining({ code: '00070', name: 'Phường Hoàn Kiếm', level: 'commune', parentCode: '01' }));
  });

  it('finds the same unit with diacritics and in upper case', async () => {
    for (const q of ['Hoàn Kiếm', 'HOÀN KIẾM', 'kiem hoan']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/areas?q=${encodeURIComponent(q)}` });
      expect(json(res).items.map((a: { code: string }) => a.code), q).toContain('00070');
    }
  });

  it('search over a generated search_text column matches producers regardless of accents', async () => {
    const p = await buildProducer(t.ctx, { name: 'Hợp tác xã Mật ong Đồng Tâm' });
    const found = await rows<{ id: string }>(t.deps.database.db, sql`
      select id from producers where search_text like '%' || ocop_norm(${'dong tam'}) || '%'`);
    expect(found.map((r) => r.id)).toContain(p.id);
  });
});

describe('reference data in the snapshot', () => {
  it('has the 34 provinces and 3,321 communes of 2025', async () => {
    const counts = await rows<{ level: string; n: number }>(t.deps.database.db, sql`
      select level, count(*)::int as n from areas group by level order by level`);
    expect(counts).toEqual([{ level: 'commune', n: 3321 }, { level: 'province', n: 34 }]);
  });

  it('has Thanh Hóa (38) and Hà Nội (01), and every commune has a province', async () => {
    const named = await rows<{ code: string; name: string }>(t.deps.database.db, sql`
      select code, name from areas where code in ('38', '01') order by code`);
    expect(named).toEqual([{ code: '01', name: 'Thành phố Hà Nội' }, { code: '38', name: 'Tỉnh Thanh Hóa' }]);
    const [orphans] = await rows<{ n: number }>(t.deps.database.db, sql`
      select count(*)::int as n from areas c left join areas p on p.code = c.parent_code and p.level = 'province'
      where c.level = 'commune' and p.code is null`);
    expect(orphans!.n).toBe(0);
  });

  it('has the product sets of the current classification', async () => {
    const [r] = await rows<{ n: number }>(t.deps.database.db, sql`
      select count(*)::int as n from product_sets where classification = '148-2023'`);
    expect(r!.n).toBeGreaterThan(0);
  });
});

describe('isolation of database copies', () => {
  it('a write in one fresh database is not visible in another', async () => {
    const a = t.deps;
    const b = await freshDeps();
    try {
      await a.database.db.insert(appSettings).values({ key: 'isolation-probe', value: { from: 'a' } });
      const p = await buildProducer(systemCtx(a), { name: 'Cơ sở chỉ có ở bản sao A' });

      const inA = await a.database.db.select().from(appSettings).where(eq(appSettings.key, 'isolation-probe'));
      const inB = await b.database.db.select().from(appSettings).where(eq(appSettings.key, 'isolation-probe'));
      expect(inA).toHaveLength(1);
      expect(inB).toHaveLength(0);
      const [pb] = await rows<{ n: number }>(b.database.db, sql`select count(*)::int as n from producers where id = ${p.id}`);
      expect(pb!.n).toBe(0);
      // And the other way round.
      await b.database.db.insert(appSettings).values({ key: 'isolation-probe', value: { from: 'b' } });
      const [stillA] = await a.database.db.select().from(appSettings).where(eq(appSettings.key, 'isolation-probe'));
      expect(stillA!.value).toEqual({ from: 'a' });
    } finally {
      await b.cleanup();
    }
    // cleanup() is idempotent and releases the copy.
    await b.cleanup();
    await expect(b.database.db.execute(sql`select 1`)).rejects.toThrow();
  });
});
