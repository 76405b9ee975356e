/**
 * Support to producers API: create/read/delete in scope (403/404), validation (amount, date,
 * producer in scope), and totals by kind, source and commune for an area and period.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { asUser, expectError, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { AREAS, buildProducer } from '../helpers/builders';
import { auditLog } from '../../src/modules/audit/audit.tables';
import { parseVnd } from '../../src/modules/support/support.pages';

let t: TestApp;
let officer: AuthedUser;
let commune: AuthedUser;
let inspector: AuthedUser;
let hanoi: AuthedUser;
let admin: AuthedUser;
let council: AuthedUser;
let here: string;
let there: string;
let far: string;

const post = (u: AuthedUser, payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/support', headers: u.headers(), payload });
const get = (u: AuthedUser, url: string) => t.app.inject({ url, headers: u.headers() });
const rec = (producerId: string, extra: object = {}) => ({ producerId, kind: 'quality_analysis', amountVnd: 15_000_000, grantedOn: '2026-05-10', source: 'Ngân sách tỉnh', ...extra });

beforeAll(async () => {
  t = await testApp({ clock: () => new Date('2026-11-20T03:00:00Z') });
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  commune = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong });
  inspector = await asUser(t.app, t.deps, { role: 'inspector', areaCode: AREAS.thanhHoa });
  hanoi = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi });
  admin = await asUser(t.app, t.deps, { role: 'national_admin' });
  council = await asUser(t.app, t.deps, { role: 'council_member' });
  here = (await buildProducer(t.ctx, { communeCode: AREAS.hamRong })).id;
  there = (await buildProducer(t.ctx, { communeCode: AREAS.hacThanh })).id;
  far = (await buildProducer(t.ctx, { communeCode: AREAS.hoanKiem })).id;
});
afterAll(() => t?.close());

describe('support records', () => {
  it('officers record support in their area; it is audited', async () => {
    const res = await post(officer, rec(here));
    expect(res.statusCode, res.body).toBe(201);
    const r = json(res);
    expect(r).toMatchObject({ kind: 'quality_analysis', amountVnd: 15_000_000, grantedOn: '2026-05-10', communeCode: AREAS.hamRong, isSample: false, canDelete: true });
    expect(json(await get(officer, `/api/v1/support/${r.id}`)).id).toBe(r.id);
    const audit = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, r.id));
    expect(audit.map((a) => a.action)).toEqual(['support.create']);

    expect((await post(commune, rec(here, { kind: 'packaging_design', amountVnd: 25_000_000, source: 'Ngân sách xã' }))).statusCode).toBe(201);
    expect((await post(officer, rec(there, { kind: 'trademark', amountVnd: 8_500_000, grantedOn: '2026-09-01' }))).statusCode).toBe(201);
    expect((await post(admin, rec(far, { kind: 'qr_traceability', amountVnd: 1_000_000_000_000 }))).statusCode).toBe(201);
  });

  it('refuses bad amounts and dates, producers outside the caller\'s area, and roles without the right', async () => {
    for (const amountVnd of [0, -5, 1.5, 1_000_000_000_001]) {
      expect(expectError(await post(officer, rec(here, { amountVnd })), 400, 'validation_failed').fields).toHaveProperty('amountVnd');
    }
    for (const grantedOn of ['2026-02-30', '20-05-2026', '2026-11-21']) {
      expect(expectError(await post(officer, rec(here, { grantedOn })), 400, 'validation_failed').fields).toHaveProperty('grantedOn');
    }
    expect(expectError(await post(officer, rec(far)), 400, 'validation_failed').fields).toHaveProperty('producerId');
    expect(expectError(await post(commune, rec(there)), 400, 'validation_failed').fields).toHaveProperty('producerId');
    expect(expectError(await post(officer, rec(here, { kind: 'bribe' })), 400, 'validation_failed').fields).toHaveProperty('kind');
    expectError(await post(inspector, rec(here)), 403, 'forbidden');
    expectError(await post(council, rec(here)), 403, 'forbidden');
    expectError(await get(council, '/api/v1/support'), 403, 'forbidden');
  });

  it('reads in scope: lists filtered, other areas 404', async () => {
    expect(json(await get(admin, '/api/v1/support')).total).toBe(4);
    expect(json(await get(officer, '/api/v1/support')).total).toBe(3);
    expect(json(await get(inspector, '/api/v1/support')).total).toBe(3);
    expect(json(await get(commune, '/api/v1/support')).total).toBe(2);
    expect(json(await get(hanoi, '/api/v1/support')).total).toBe(1);
    expect(json(await get(officer, '/api/v1/support?kind=trademark')).total).toBe(1);
    expect(json(await get(officer, `/api/v1/support?area=${AREAS.hacThanh}`)).total).toBe(1);
    expect(json(await get(officer, '/api/v1/support?from=2026-06-01&to=2026-12-31')).total).toBe(1);
    const farId = json(await get(admin, `/api/v1/support?producerId=${far}`)).items[0].id;
    expectError(await get(officer, `/api/v1/support/${farId}`), 404, 'not_found');
    expectError(await get(officer, '/api/v1/support/not-an-id'), 404, 'not_found');
    expect(json(await get(officer, '/api/v1/support?pageSize=1')).items).toHaveLength(1);
    expectError(await get(officer, '/api/v1/support?pageSize=101'), 400, 'validation_failed');
  });

  it('totals by kind, source and commune in VND, for an area and period', async () => {
    const th = json(await get(officer, '/api/v1/support/totals'));
    expect(th).toMatchObject({
      area: { code: '38', level: 'province' }, records: 3, producers: 2, amountVnd: 48_500_000,
      byKind: [{ kind: 'quality_analysis', count: 1, amountVnd: 15_000_000 }, { kind: 'packaging_design', count: 1, amountVnd: 25_000_000 }, { kind: 'trademark', count: 1, amountVnd: 8_500_000 }]
        .sort((a, b) => a.kind.localeCompare(b.kind)),
    });
    expect(th.bySource).toEqual([{ source: 'Ngân sách xã', count: 1, amountVnd: 25_000_000 }, { source: 'Ngân sách tỉnh', count: 2, amountVnd: 23_500_000 }]);
    expect(th.byCommune).toEqual([
      expect.objectContaining({ communeCode: AREAS.hamRong, count: 2, producers: 1, amountVnd: 40_000_000 }),
      expect.objectContaining({ communeCode: AREAS.hacThanh, count: 1, producers: 1, amountVnd: 8_500_000 }),
    ]);
    expect(json(await get(officer, '/api/v1/support/totals?from=2026-06-01&to=2026-12-31'))).toMatchObject({ records: 1, amountVnd: 8_500_000 });
    expect(json(await get(commune, '/api/v1/support/totals'))).toMatchObject({ area: { code: AREAS.hamRong }, records: 2, amountVnd: 40_000_000 });
    expect(json(await get(admin, '/api/v1/support/totals'))).toMatchObject({ area: { code: null }, records: 4, amountVnd: 1_000_048_500_000 });
    expect(json(await get(admin, '/api/v1/support/totals?area=79'))).toMatchObject({ records: 0, amountVnd: 0, byKind: [] });
    expectError(await get(hanoi, '/api/v1/support/totals?area=38'), 403, 'forbidden');
    expectError(await get(commune, `/api/v1/support/totals?area=${AREAS.hacThanh}`), 403, 'forbidden');
    expectError(await get(officer, '/api/v1/support/totals?area=99'), 404, 'not_found');
    expectError(await get(officer, '/api/v1/support/totals?from=2026-12-01&to=2026-01-01'), 400, 'validation_failed');
    expectError(await get(officer, '/api/v1/support/totals?from=2026-02-31'), 400, 'validation_failed');
  });

  it('deletes in scope (audited); others 403/404', async () => {
    const mine = json(await get(commune, '/api/v1/support')).items[0];
    const other = json(await get(officer, `/api/v1/support?area=${AREAS.hacThanh}`)).items[0];
    expectError(await t.app.inject({ method: 'DELETE', url: `/api/v1/support/${other.id}`, headers: commune.headers() }), 404, 'not_found');
    expectError(await t.app.inject({ method: 'DELETE', url: `/api/v1/support/${mine.id}`, headers: inspector.headers() }), 403, 'forbidden');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/support/${mine.id}`, headers: commune.headers() })).statusCode).toBe(204);
    expectError(await get(commune, `/api/v1/support/${mine.id}`), 404, 'not_found');
    const audit = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, mine.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['support.create', 'support.delete']);
  });

  it('reads "15.000.000"-style amounts in forms', () => {
    expect(parseVnd('15.000.000')).toBe(15_000_000);
    expect(parseVnd('15 000 000')).toBe(15_000_000);
    expect(parseVnd('15000000')).toBe(15_000_000);
    expect(parseVnd('1,5')).toBeNaN();
    expect(parseVnd('15.00.000')).toBeNaN();
    expect(parseVnd('mười lăm triệu')).toBeNaN();
  });
});
