/**
 * Stamp batches through the API: issuing (certificate in force, area, validation), the lifecycle
 * (deliver, void with a reason, twice → 409, concurrent voids, stale versions), serials of a
 * batch's sheet verifying through lookupStamp (and not once voided), forged serials, the PDF
 * sheet and its range cap, and the OpenAPI document.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS, buildProduct, buildProducer } from '../helpers/builders';
import { batchBody, certifyProducts, type Certified } from '../helpers/stamps-fixtures';
import { makeCtx } from '../../src/context';
import { makeSerial, parseSerial } from '../../src/domain/stamp-serial';
import { lookupStamp, stampSecret } from '../../src/modules/stamps/stamp-lookup';
import { flushStampScans } from '../../src/modules/stamps/stamp-scans';
import { layoutStampSheet, stampName, STAMPS_PER_PAGE } from '../../src/modules/stamps/stamps.sheet';
import { auditLog } from '../../src/modules/audit/audit.tables';

let t: TestApp;
let officer: AuthedUser;
let hanoiOfficer: AuthedUser;
let inspector: AuthedUser;
let admin: AuthedUser;
let honey: Certified;
let tea: Certified;
const now = new Date('2026-07-02T03:00:00Z');

beforeAll(async () => {
  t = await testApp({ clock: () => now });
  [officer, hanoiOfficer, inspector, admin] = await Promise.all([
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi }),
    asUser(t.app, t.deps, { role: 'inspector', areaCode: AREAS.thanhHoa }),
    asUser(t.app, t.deps, { role: 'national_admin' }),
  ]);
  [honey, tea] = await certifyProducts(t, officer, [{ mean: 72.5 }, { mean: 81 }]) as [Certified, Certified];
}, 60_000);
afterAll(() => t?.close());

const issue = (body: unknown, user: AuthedUser = officer) =>
  t.app.inject({ method: 'POST', url: '/api/v1/stamps/batches', headers: user.headers(), payload: body as object });
const post = (url: string, body: unknown = {}, user: AuthedUser = officer) =>
  t.app.inject({ method: 'POST', url, headers: user.headers(), payload: body as object });
const lookup = (code: string) => lookupStamp(makeCtx(t.deps), code);

describe('issuing a batch', () => {
  it('a province officer issues a batch for a certified product of the province', async () => {
    const res = await issue(batchBody(honey.productId));
    expect(res.statusCode, res.body).toBe(201);
    const b = json(res);
    expect(b).toMatchObject({
      status: 'issued', quantity: 60, printer: 'Công ty CP In Thanh Hóa', issuedOn: '2026-07-02', provinceCode: '38',
      product: { id: honey.productId }, certificate: { number: honey.certificateNumber, stars: 4, state: 'active' },
      deliveredOn: null, voidedAt: null, version: 1, scans: { serials: 0, total: 0 }, actions: { deliver: true, void: true },
    });
    expect(b.code).toMatch(/^38[A-Z2-7]{4}$/);
    expect(parseSerial(b.firstSerial)).toMatchObject({ batchCode: b.code, seq: 1 });
    expect(parseSerial(b.lastSerial)).toMatchObject({ batchCode: b.code, seq: 60 });
    const audit = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, b.id), eq(auditLog.action, 'stamp_batch.issue')));
    expect(audit).toHaveLength(1);
    // Readers: the inspector of the province reads it; the list filters.
    expect(json(await t.app.inject({ url: `/api/v1/stamps/batches/${b.id}`, headers: inspector.headers() }))).toMatchObject({ code: b.code, actions: { deliver: false, void: false } });
    const list = json(await t.app.inject({ url: `/api/v1/stamps/batches?q=${b.code.toLowerCase()}`, headers: officer.headers() }));
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([b.id]);
  });

  it('every batch gets its own code; a national administrator issues anywhere', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) codes.add(json(await issue(batchBody(tea.productId, { quantity: 1 }))).code);
    expect(codes.size).toBe(5);
    expect((await issue(batchBody(tea.productId), admin)).statusCode).toBe(201);
  });

  it('reports every invalid field at once (400)', async () => {
    const e = expectError(await issue({ quantity: 0, printer: '  ', issuedOn: '02/07/2026' }), 400, 'validation_failed');
    expect(Object.keys(e.fields ?? {}).sort()).toEqual(['issuedOn', 'printer', 'productId', 'quantity']);
    expectError(await issue(batchBody(honey.productId, { quantity: 100_001 })), 400, 'validation_failed');
    expectError(await issue(batchBody(honey.productId, { quantity: 2.5 })), 400, 'validation_failed');
    expect(expectError(await issue(batchBody(honey.productId, { issuedOn: '2026-07-03' })), 400, 'validation_failed').fields).toHaveProperty('issuedOn');
    expect(expectError(await issue(batchBody(honey.productId, { issuedOn: '2026-06-30' })), 400, 'validation_failed').fields).toHaveProperty('issuedOn');
    expectError(await issue(batchBody(honey.productId, { quantity: '60' })), 400, 'validation_failed');
    expect((await issue(batchBody(honey.productId, { quantity: 100_000 }))).statusCode).toBe(201);
  });

  it('no certificate in force → 409; another province → 404; unknown product → 404; inspectors and anonymous may not', async () => {
    const producer = await buildProducer(t.ctx);
    const uncertified = await buildProduct(t.ctx, { producerId: producer.id });
    expectError(await issue(batchBody(uncertified.id)), 409, 'conflict');
    expectError(await issue(batchBody(honey.productId), hanoiOfficer), 404, 'not_found');
    expectError(await issue(batchBody('00000000-0000-4000-8000-000000000000')), 404, 'not_found');
    expectError(await issue(batchBody(honey.productId), inspector), 403, 'forbidden');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/stamps/batches', payload: batchBody(honey.productId) })).statusCode).toBe(401);
    // A revoked certificate is not in force.
    const [revoked] = await certifyProducts(t, officer, [{ mean: 66 }]);
    expect((await post(`/api/v1/certificates/${revoked!.certificateNumber}/revoke`, { reason: 'Hậu kiểm không đạt', legalBasis: 'Điều 10' })).statusCode).toBe(200);
    expectError(await issue(batchBody(revoked!.productId)), 409, 'conflict');
  });

  it('reads are area-scoped: another province sees nothing and gets 404', async () => {
    const b = json(await issue(batchBody(honey.productId)));
    expectError(await t.app.inject({ url: `/api/v1/stamps/batches/${b.id}`, headers: hanoiOfficer.headers() }), 404, 'not_found');
    expect(json(await t.app.inject({ url: '/api/v1/stamps/batches', headers: hanoiOfficer.headers() })).total).toBe(0);
    expectError(await post(`/api/v1/stamps/batches/${b.id}/void`, { reason: 'x' }, hanoiOfficer), 404, 'not_found');
    expectError(await t.app.inject({ url: `/api/v1/stamps/batches/${b.id}/sheet.pdf`, headers: hanoiOfficer.headers() }), 404, 'not_found');
  });
});

describe('batch lifecycle', () => {
  it('issued → delivered → voided (with a reason); void again, deliver a voided batch → 409', async () => {
    const b = json(await issue(batchBody(honey.productId)));
    expectError(await post(`/api/v1/stamps/batches/${b.id}/deliver`, { deliveredOn: '2026-07-01' }), 400, 'validation_failed');
    const d = await post(`/api/v1/stamps/batches/${b.id}/deliver`, {});
    expect(d.statusCode, d.body).toBe(200);
    expect(json(d)).toMatchObject({ status: 'delivered', deliveredOn: '2026-07-02', version: 2, actions: { deliver: false, void: true } });
    expectError(await post(`/api/v1/stamps/batches/${b.id}/deliver`, {}), 409, 'invalid_transition');
    expect(Object.keys(expectError(await post(`/api/v1/stamps/batches/${b.id}/void`, { reason: ' ' }), 400, 'validation_failed').fields ?? {})).toEqual(['reason']);
    expectError(await post(`/api/v1/stamps/batches/${b.id}/void`, { reason: 'Mất tem', version: 1 }), 409, 'conflict');
    const v = await post(`/api/v1/stamps/batches/${b.id}/void`, { reason: 'Thất lạc 2 cuộn tem khi vận chuyển', version: 2 });
    expect(v.statusCode, v.body).toBe(200);
    expect(json(v)).toMatchObject({ status: 'voided', voidReason: 'Thất lạc 2 cuộn tem khi vận chuyển', actions: { deliver: false, void: false } });
    expectError(await post(`/api/v1/stamps/batches/${b.id}/void`, { reason: 'again' }), 409, 'invalid_transition');
    expectError(await post(`/api/v1/stamps/batches/${b.id}/deliver`, {}), 409, 'invalid_transition');
    expectError(await t.app.inject({ url: `/api/v1/stamps/batches/${b.id}/sheet.pdf`, headers: officer.headers() }), 409, 'invalid_transition');
    const audit = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, b.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['stamp_batch.deliver', 'stamp_batch.issue', 'stamp_batch.void']);
    expect(json(await t.app.inject({ url: '/api/v1/stamps/batches?status=voided', headers: officer.headers() })).items.map((x: { id: string }) => x.id)).toContain(b.id);
  });

  it('of concurrent voids exactly one wins', async () => {
    const b = json(await issue(batchBody(honey.productId)));
    const results = await Promise.all([1, 2, 3].map((i) => post(`/api/v1/stamps/batches/${b.id}/void`, { reason: `Lý do ${i}` })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    const audit = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, b.id), eq(auditLog.action, 'stamp_batch.void')));
    expect(audit).toHaveLength(1);
  });
});

describe('serials and the label sheet', () => {
  it('every serial of the sheet layout verifies through lookupStamp; voiding shows on the match', async () => {
    const b = json(await issue(batchBody(honey.productId)));
    const secret = await stampSecret(t.deps);
    const pages = layoutStampSheet(secret, {
      batchCode: b.code, productName: 'x', stars: 4, provinceName: 'Tỉnh Thanh Hóa', quantity: 60, from: 1, to: 60, baseUrl: 'https://ocop.example.vn', printedOn: '2026-07-02',
    });
    expect(pages.map((p) => p.cells.length)).toEqual([STAMPS_PER_PAGE, STAMPS_PER_PAGE, 60 - 2 * STAMPS_PER_PAGE]);
    const cells = pages.flatMap((p) => p.cells);
    expect(new Set(cells.map((c) => c.serial)).size).toBe(60);
    expect(cells[0]!.serial).toBe(b.firstSerial);
    expect(cells[59]!.serial).toBe(b.lastSerial);
    expect(cells[0]!.url).toBe(`https://ocop.example.vn/v/${b.firstSerial}`);
    for (const c of [cells[0]!, cells[33]!, cells[59]!]) {
      expect(await lookup(c.serial)).toMatchObject({ serial: c.serial, seq: c.seq, batchId: b.id, batchStatus: 'issued', productId: honey.productId, provinceCode: '38' });
    }
    expect(await lookup(` ${cells[5]!.serial.toLowerCase()} `)).toMatchObject({ serial: cells[5]!.serial });
    await post(`/api/v1/stamps/batches/${b.id}/void`, { reason: 'In lỗi' });
    expect(await lookup(cells[0]!.serial)).toMatchObject({ batchStatus: 'voided' });
  });

  it('issuance → sheet → a serial verifies publicly and is counted → voiding makes it fail', async () => {
    const b = json(await issue(batchBody(honey.productId)));
    const pdf = await t.app.inject({ url: `/api/v1/stamps/batches/${b.id}/sheet.pdf`, headers: officer.headers() });
    expect(pdf.rawPayload.toString('latin1')).toContain(b.firstSerial);
    const verify = async (code: string) => json(await t.app.inject({ url: `/api/v1/verify/${code}` }));
    expect(await verify(b.firstSerial)).toMatchObject({ status: 'valid', certificate: { number: honey.certificateNumber }, product: { stars: 4 } });
    const forged = `${b.firstSerial.slice(0, -1)}${b.firstSerial.endsWith('A') ? 'B' : 'A'}`;
    expect((await verify(forged)).status).toBe('unknown');
    await flushStampScans(t.deps);
    expect(json(await t.app.inject({ url: `/api/v1/stamps/batches/${b.id}`, headers: officer.headers() })).scans).toEqual({ serials: 1, total: 1 });
    expect((await post(`/api/v1/stamps/batches/${b.id}/void`, { reason: 'Thất lạc' })).statusCode).toBe(200);
    expect((await verify(b.firstSerial)).status).not.toBe('valid');
  });

  it('forged serials do not match: altered check or seq, beyond the quantity, unknown batch, another secret', async () => {
    const b = json(await issue(batchBody(honey.productId)));
    const secret = await stampSecret(t.deps);
    const s = b.firstSerial as string;
    const flip = (c: string) => (c === 'A' ? 'B' : 'A');
    expect(await lookup(s.slice(0, -1) + flip(s.at(-1)!))).toBeNull();
    expect(await lookup(s.replace('-000001-', '-000002-'))).toBeNull();
    expect(await lookup(makeSerial(secret, b.code, 61))).toBeNull();
    expect(await lookup(makeSerial(secret, '38ZZZZ', 1))).toBeNull();
    expect(await lookup(makeSerial('not-the-secret', b.code, 1))).toBeNull();
    expect(await lookup('OCOP-38-2026-00001')).toBeNull();
    expect(await lookup(makeSerial(secret, b.code, 60))).not.toBeNull();
  });

  it('the PDF: A4, 28 stamps a page, serials in its metadata and text', async () => {
    const b = json(await issue(batchBody(honey.productId)));
    const res = await t.app.inject({ url: `/api/v1/stamps/batches/${b.id}/sheet.pdf`, headers: officer.headers() });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`tem-ocop-${b.code}-1-60.pdf`);
    const bytes = res.rawPayload;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = bytes.toString('latin1');
    expect(raw).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(raw.match(/\/Type \/Page\b/g)).toHaveLength(3);
    expect(raw).toContain(b.firstSerial);
    expect(raw).toContain(b.lastSerial);
    expect(raw).toMatch(/DejaVuSans/);
    if (existsSync('/usr/bin/pdftotext')) {
      const dir = mkdtempSync(join(tmpdir(), 'stamps-pdf-'));
      writeFileSync(join(dir, 's.pdf'), bytes);
      const text = execFileSync('/usr/bin/pdftotext', ['-layout', join(dir, 's.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('SẢN PHẨM OCOP VIỆT NAM');
      expect(text).toContain(b.firstSerial);
      expect(text).toContain(makeSerial(await stampSecret(t.deps), b.code, 29));
      expect(text).toContain('★★★★');
    }
  });

  it('prints big batches in parts: at most 2,000 stamps per request, ranges inside the batch', async () => {
    const big = json(await issue(batchBody(tea.productId, { quantity: 100_000 })));
    const sheet = (q: string) => t.app.inject({ url: `/api/v1/stamps/batches/${big.id}/sheet.pdf${q}`, headers: officer.headers() });
    expect(expectError(await sheet('?from=1&to=2001'), 400, 'validation_failed').fields).toHaveProperty('to');
    expect(expectError(await sheet('?from=99999&to=100001'), 400, 'validation_failed').fields).toHaveProperty('to');
    expect(expectError(await sheet('?from=500&to=499'), 400, 'validation_failed').fields).toHaveProperty('to');
    expectError(await sheet('?from=0'), 400, 'validation_failed');
    expectError(await sheet('?from=abc'), 400, 'validation_failed');
    const last = await sheet('?from=99945&to=100000');
    expect(last.statusCode).toBe(200);
    const raw = last.rawPayload.toString('latin1');
    expect(raw.match(/\/Type \/Page\b/g)).toHaveLength(2);
    expect(raw).toContain(big.lastSerial);
    expect(last.headers['content-disposition']).toContain('-99945-100000.pdf');
  });

  it('shortens long product names at a word boundary', () => {
    expect(stampName('Mật ong hoa nhãn')).toBe('Mật ong hoa nhãn');
    const long = stampName('Mật ong hoa nhãn Hàm Rồng loại đặc biệt thu hoạch vụ xuân năm hai nghìn không trăm hai mươi sáu');
    expect(long.length).toBeLessThanOrEqual(56);
    expect(long.endsWith('…')).toBe(true);
    expect(long).toMatch(/^Mật ong hoa nhãn Hàm Rồng/);
    expect(long).not.toMatch(/\s…$/);
  });
});

describe('OpenAPI', () => {
  it('lists every stamps route', async () => {
    const doc = json(await t.app.inject({ url: '/api/openapi.json' }));
    for (const [path, method] of [
      ['/api/v1/stamps/batches', 'get'], ['/api/v1/stamps/batches', 'post'], ['/api/v1/stamps/batches/{id}', 'get'],
      ['/api/v1/stamps/batches/{id}/deliver', 'post'], ['/api/v1/stamps/batches/{id}/void', 'post'], ['/api/v1/stamps/batches/{id}/sheet.pdf', 'get'],
      ['/api/v1/stamps/alerts', 'get'], ['/api/v1/stamps/alerts/{id}/acknowledge', 'post'],
    ] as const) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
  });
});
