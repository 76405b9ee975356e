/**
 * Scan counting and alerts: scans are held in memory and written by an additive upsert (two
 * "processes" — two Deps on one database — add up), automatically within a second or at once
 * after FLUSH_AT_SCANS scans; each alert kind is raised once per serial (excessive scans, a
 * voided batch, a revoked certificate); the alerts board's area scope and acknowledging.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { batchBody, certifyProducts, type Certified } from '../helpers/stamps-fixtures';
import { makeCtx, type Deps } from '../../src/context';
import { makeSerial } from '../../src/domain/stamp-serial';
import { lookupStamp, noteStampScan, stampSecret, type StampMatch } from '../../src/modules/stamps/stamp-lookup';
import { EXCESSIVE_SCANS, FLUSH_AT_SCANS, flushStampScans, pendingStampScans } from '../../src/modules/stamps/stamp-scans';
import { stampAlerts, stampScans } from '../../src/modules/stamps/stamps.tables';
import { auditLog } from '../../src/modules/audit/audit.tables';

let t: TestApp;
let officer: AuthedUser;
let hanoiOfficer: AuthedUser;
let inspector: AuthedUser;
let hanoiInspector: AuthedUser;
let honey: Certified;
let toRevoke: Certified;
let secret: string;
const now = new Date('2026-07-02T03:00:00Z');

beforeAll(async () => {
  t = await testApp({ clock: () => now });
  [officer, hanoiOfficer, inspector, hanoiInspector] = await Promise.all([
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi }),
    asUser(t.app, t.deps, { role: 'inspector', areaCode: AREAS.thanhHoa }),
    asUser(t.app, t.deps, { role: 'inspector', areaCode: AREAS.haNoi }),
  ]);
  [honey, toRevoke] = await certifyProducts(t, officer, [{ mean: 72.5 }, { mean: 66 }]) as [Certified, Certified];
  secret = await stampSecret(t.deps);
}, 60_000);
afterAll(() => t?.close());

async function newBatch(productId = honey.productId, quantity = 100) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/stamps/batches', headers: officer.headers(), payload: batchBody(productId, { quantity }) });
  expect(res.statusCode, res.body).toBe(201);
  return json(res) as { id: string; code: string };
}
const match = async (code: string, seq: number): Promise<StampMatch> => (await lookupStamp(makeCtx(t.deps), makeSerial(secret, code, seq)))!;
const countOf = async (serial: string) => (await t.deps.database.db.select().from(stampScans).where(eq(stampScans.serial, serial)))[0]?.count ?? 0;
const alertsOf = (serial: string) => t.deps.database.db.select().from(stampAlerts).where(eq(stampAlerts.serial, serial));
const scan = async (deps: Deps, m: StampMatch, n: number, at?: Date) => {
  for (let i = 0; i < n; i++) await noteStampScan(deps, m, at ? { at } : {});
};

describe('scan counting', () => {
  it('holds scans in memory and writes them in one go; totals add up across processes', async () => {
    const b = await newBatch();
    const [a, c] = [await match(b.code, 1), await match(b.code, 2)];
    await scan(t.deps, a, 3);
    await scan(t.deps, c, 1);
    expect(await countOf(a.serial)).toBe(0);
    expect(pendingStampScans(t.deps)).toBe(4);
    expect(await flushStampScans(t.deps)).toMatchObject({ serials: 2, scans: 4 });
    expect(pendingStampScans(t.deps)).toBe(0);
    expect([await countOf(a.serial), await countOf(c.serial)]).toEqual([3, 1]);
    // A second process on the same database (its own Deps, its own buffer): additive upserts.
    const other: Deps = { ...t.deps };
    await scan(other, a, 2);
    await scan(t.deps, a, 5);
    await Promise.all([flushStampScans(other), flushStampScans(t.deps)]);
    expect(await countOf(a.serial)).toBe(10);
    const batch = json(await t.app.inject({ url: `/api/v1/stamps/batches/${b.id}`, headers: officer.headers() }));
    expect(batch.scans).toEqual({ serials: 2, total: 11 });
    expect(await flushStampScans(t.deps)).toEqual({ serials: 0, scans: 0, alerts: 0 });
  });

  it('writes by itself within a second, and at once when many scans are held', async () => {
    const b = await newBatch();
    const m = await match(b.code, 7);
    await noteStampScan(t.deps, m);
    await vi.waitFor(async () => expect(await countOf(m.serial)).toBe(1), { timeout: 5_000, interval: 100 });
    const many = await match(b.code, 8);
    await scan(t.deps, many, FLUSH_AT_SCANS);
    await vi.waitFor(async () => expect(await countOf(many.serial)).toBe(FLUSH_AT_SCANS), { timeout: 5_000, interval: 50 });
    await flushStampScans(t.deps);
  });
});

describe('alerts', () => {
  it(`a serial scanned more than ${EXCESSIVE_SCANS} times raises one alert`, async () => {
    const b = await newBatch();
    const m = await match(b.code, 3);
    await scan(t.deps, m, EXCESSIVE_SCANS);
    await flushStampScans(t.deps);
    expect(await alertsOf(m.serial)).toHaveLength(0);
    await scan(t.deps, m, 1);
    expect((await flushStampScans(t.deps)).alerts).toBe(1);
    await scan(t.deps, m, 20);
    expect((await flushStampScans(t.deps)).alerts).toBe(0);
    const alerts = await alertsOf(m.serial);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'excessive_scans', batchId: b.id, provinceCode: '38', details: { scans: EXCESSIVE_SCANS + 1, threshold: EXCESSIVE_SCANS } });
  });

  it('a serial of a voided batch scanned after the voiding raises one alert (not scans from before)', async () => {
    const b = await newBatch();
    const m = await match(b.code, 4);
    const before = await match(b.code, 5);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/stamps/batches/${b.id}/void`, headers: officer.headers(), payload: { reason: 'Thất lạc khi vận chuyển' } })).statusCode).toBe(200);
    await noteStampScan(t.deps, before, { at: new Date(now.getTime() - 60_000) });
    const voided = await match(b.code, 4);
    expect(voided.batchStatus).toBe('voided');
    await scan(t.deps, voided, 2);
    await flushStampScans(t.deps);
    await scan(t.deps, m, 1);
    await flushStampScans(t.deps);
    expect((await alertsOf(m.serial)).map((a) => a.kind)).toEqual(['voided_batch_scanned']);
    expect(await alertsOf(before.serial)).toHaveLength(0);
  });

  it('a scan after the certificate was revoked raises one alert', async () => {
    const b = await newBatch(toRevoke.productId);
    const m = await match(b.code, 1);
    await scan(t.deps, m, 1);
    await flushStampScans(t.deps);
    expect(await alertsOf(m.serial)).toHaveLength(0);
    const r = await t.app.inject({
      method: 'POST', url: `/api/v1/certificates/${toRevoke.certificateNumber}/revoke`, headers: officer.headers(),
      payload: { reason: 'Hậu kiểm không đạt', legalBasis: 'Điều 10 Quyết định 26/2026/QĐ-TTg' },
    });
    expect(r.statusCode, r.body).toBe(200);
    await scan(t.deps, m, 2);
    await flushStampScans(t.deps);
    await scan(t.deps, m, 1);
    await flushStampScans(t.deps);
    const alerts = await alertsOf(m.serial);
    expect(alerts.map((a) => a.kind)).toEqual(['revoked_certificate_scanned']);
    expect(alerts[0]!.details).toMatchObject({ certificateNumber: toRevoke.certificateNumber, revokedOn: '2026-07-02' });
  });
});

describe('the alerts board (API)', () => {
  it('province officers and inspectors see their province\'s alerts; others none; acknowledge once, audited', async () => {
    const list = (u: AuthedUser, q = '') => t.app.inject({ url: `/api/v1/stamps/alerts${q}`, headers: u.headers() });
    const mine = json(await list(officer));
    expect(mine.total).toBeGreaterThanOrEqual(3);
    expect(new Set(mine.items.map((a: { kind: string }) => a.kind))).toEqual(new Set(['excessive_scans', 'voided_batch_scanned', 'revoked_certificate_scanned']));
    expect(json(await list(inspector)).total).toBe(mine.total);
    expect(json(await list(hanoiOfficer)).total).toBe(0);
    expect(json(await list(hanoiInspector)).total).toBe(0);
    expect(json(await list(officer, '?kind=excessive_scans')).items.every((a: { kind: string }) => a.kind === 'excessive_scans')).toBe(true);

    const first = mine.items[0];
    expect(first).toMatchObject({ provinceCode: '38', provinceName: 'Tỉnh Thanh Hóa', acknowledgedAt: null });
    expectError(await t.app.inject({ method: 'POST', url: `/api/v1/stamps/alerts/${first.id}/acknowledge`, headers: hanoiOfficer.headers() }), 404, 'not_found');
    expectError(await t.app.inject({ method: 'POST', url: `/api/v1/stamps/alerts/${first.id}/acknowledge`, headers: hanoiInspector.headers() }), 404, 'not_found');
    const ack = await t.app.inject({ method: 'POST', url: `/api/v1/stamps/alerts/${first.id}/acknowledge`, headers: inspector.headers() });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(json(ack).acknowledgedBy).toBeTruthy();
    expectError(await t.app.inject({ method: 'POST', url: `/api/v1/stamps/alerts/${first.id}/acknowledge`, headers: officer.headers() }), 409, 'invalid_transition');
    expect(json(await list(officer)).total).toBe(mine.total - 1);
    expect(json(await list(officer, '?state=acknowledged')).items.map((a: { id: string }) => a.id)).toEqual([first.id]);
    expect(json(await list(officer, '?state=all')).total).toBe(mine.total);
    const audit = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, first.id), eq(auditLog.action, 'stamp_alert.acknowledge')));
    expect(audit).toHaveLength(1);
    expectError(await list(officer, '?kind=nope'), 400, 'validation_failed');
    expect((await t.app.inject({ url: '/api/v1/stamps/alerts' })).statusCode).toBe(401);
  });

  it('the board page shows the province\'s alerts with an acknowledge button, and acknowledging works from it', async () => {
    await officer.login();
    const page = await t.app.inject({ url: '/admin/stamps', headers: { cookie: officer.cookie! } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cảnh báo quét tem');
    expect(page.body).toContain('Quét quá nhiều lần');
    const id = /action="\/admin\/stamps\/alerts\/([0-9a-f-]+)\/acknowledge/.exec(page.body)![1]!;
    const res = await t.app.inject({
      method: 'POST', url: `/admin/stamps/alerts/${id}/acknowledge?back=${encodeURIComponent('/admin/stamps?alerts=all')}`,
      headers: { cookie: officer.cookie!, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(officer.csrf!)}`,
    });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/admin/stamps?alerts=all&done=acknowledged');
    const [row] = await t.deps.database.db.select().from(stampAlerts).where(eq(stampAlerts.id, id));
    expect(row!.acknowledgedAt).not.toBeNull();
    await hanoiOfficer.login();
    const other = await t.app.inject({ url: '/admin/stamps', headers: { cookie: hanoiOfficer.cookie! } });
    expect(other.body).not.toContain('stamp-alert-head');
  });
});
