/**
 * The test harness itself (fresh databases, builders, users) at the service tier: no HTTP app,
 * so these run even while routes are being changed.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';
import { ROLES } from '../../src/core/roles';
import { validateTaxCode } from '../../src/domain/tax-code';
import { freshDeps, type TestDeps } from '../helpers/db';
import { AREAS, buildProducer, buildProduct, communeIn } from '../helpers/builders';
import { createTestUser, systemCtx } from '../helpers/users';

let deps: TestDeps;
beforeAll(async () => { deps = await freshDeps(); });
afterAll(() => deps?.cleanup());

describe('freshDeps', () => {
  it('opens a migrated database with reference data, uploads under the temp dir', async () => {
    const [r] = await rows<{ n: number }>(deps.database.db, sql`select count(*)::int as n from areas`);
    expect(r!.n).toBe(34 + 3321);
    expect(deps.env.NODE_ENV).toBe('test');
    expect(deps.env.OCOP_DATA_DIR.startsWith(tmpdir())).toBe(true);
    await deps.storage.put('probe/a.txt', Buffer.from('x'));
    expect(existsSync(`${deps.env.OCOP_DATA_DIR}/uploads/probe/a.txt`)).toBe(true);
  });

  it('passes a fixed clock and extra env through, and cleanup removes the data dir', async () => {
    const at = new Date('2025-07-01T03:00:00Z');
    const d = await freshDeps({ clock: () => at, env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1' } });
    try {
      expect(d.clock()).toEqual(at);
      expect(d.env.RATE_LIMIT_ALLOWLIST).toBe('127.0.0.1');
    } finally {
      await d.cleanup();
    }
    expect(existsSync(d.env.OCOP_DATA_DIR)).toBe(false);
  });

  it('starts empty of domain rows', async () => {
    const [r] = await rows<{ p: number; u: number }>(deps.database.db, sql`
      select (select count(*)::int from producers) as p, (select count(*)::int from users) as u`);
    expect(r).toEqual({ p: 0, u: 0 });
  });
});

describe('builders', () => {
  it('buildProducer makes valid, unique producers', async () => {
    const ctx = systemCtx(deps);
    const a = await buildProducer(ctx);
    const b = await buildProducer(ctx);
    expect(a.id).not.toBe(b.id);
    expect(a.name).not.toBe(b.name);
    expect(a.taxCode).not.toBe(b.taxCode);
    expect(validateTaxCode(a.taxCode!).ok).toBe(true);
    expect(a).toMatchObject({ communeCode: AREAS.hamRong, provinceCode: AREAS.thanhHoa, communeName: 'Phường Hàm Rồng' });
  });

  it('buildProducer takes overrides', async () => {
    const p = await buildProducer(systemCtx(deps), { communeCode: AREAS.hoanKiem, kind: 'household', taxCode: null });
    expect(p).toMatchObject({ communeCode: '00070', provinceCode: '01', kind: 'household', taxCode: null });
  });

  it('buildProducer defaults to a commune in the acting officer\'s area', async () => {
    const officer = await createTestUser(deps, { role: 'province_officer', areaCode: AREAS.haNoi });
    const p = await buildProducer(officer.ctx);
    expect(p.provinceCode).toBe('01');
    expect(p.communeCode).toBe(await communeIn(officer.ctx, '01'));
    const communeOfficer = await createTestUser(deps, { role: 'commune_officer', areaCode: AREAS.hacThanh });
    expect((await buildProducer(communeOfficer.ctx)).communeCode).toBe(AREAS.hacThanh);
  });

  it('buildProduct makes a product (and its producer)', async () => {
    const ctx = systemCtx(deps);
    const product = await buildProduct(ctx);
    expect(product).toMatchObject({ productSetCode: '4', classification: '148-2023', provinceCode: '38' });
    const producer = await buildProducer(ctx, { communeCode: AREAS.hoanKiem });
    const second = await buildProduct(ctx, { producerId: producer.id, name: 'Trà sen Tây Hồ' });
    expect(second).toMatchObject({ producerId: producer.id, name: 'Trà sen Tây Hồ', provinceCode: '01' });
  });
});

describe('createTestUser', () => {
  it('creates a user of every role with a matching actor', async () => {
    for (const role of ROLES) {
      const u = await createTestUser(deps, { role });
      expect(u.actor).toMatchObject({ role, username: u.username, userId: u.user.id });
      if (role === 'province_officer') expect(u.actor).toMatchObject({ areaCode: '38', provinceCode: '38' });
      if (role === 'commune_officer') expect(u.actor).toMatchObject({ areaCode: '14758', provinceCode: '38' });
      if (role === 'producer') expect(u.actor.producerId).toEqual(expect.any(String));
    }
  });

  it('usernames are unique', async () => {
    const a = await createTestUser(deps, { role: 'buyer' });
    const b = await createTestUser(deps, { role: 'buyer' });
    expect(a.username).not.toBe(b.username);
  });
});
