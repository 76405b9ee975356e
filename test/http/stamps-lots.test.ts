/**
 * OCOP stamps issued for a production lot (issue 17, item 3): an officer names one of the
 * product's lots when issuing a batch; the batch, its list filter and the issue form show it; a
 * scanned serial of the batch resolves to the lot (its trace code and trace page). Bad input: a
 * lot of another product, an unknown lot, a recalled lot, more stamps than a lot counted in units
 * holds — each a field error, all problems at once.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, expectError, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { batchBody, certifyProducts, type Certified } from '../helpers/stamps-fixtures';
import { makeCtx } from '../../src/context';
import { lookupStamp } from '../../src/modules/stamps/stamp-lookup';
import { auditLog } from '../../src/modules/audit/audit.tables';

let t: TestApp;
let officer: AuthedUser;
let honey: Certified;
let tea: Certified;
const now = new Date('2026-07-02T03:00:00Z');

beforeAll(async () => {
  t = await testApp({ clock: () => now });
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  [honey, tea] = await certifyProducts(t, officer, [{ mean: 72.5 }, { mean: 81 }]) as [Certified, Certified];
}, 120_000);
afterAll(() => t?.close());

const post = (url: string, body: unknown) => t.app.inject({ method: 'POST', url, headers: officer.headers(), payload: body as object });

let seq = 0;
async function lot(productId: string, extra: Record<string, unknown> = {}) {
  const res = await post('/api/v1/trace/lots', {
    productId, lotNumber: `MO-${++seq}`, producedOn: '2026-07-01', expiresOn: '2028-07-01', quantity: 1000, unit: 'bottle', facility: 'Cơ sở mật ong Hàm Rồng', ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res) as { id: string; traceCode: string; lotNumber: string };
}

describe('a stamp batch for a lot', () => {
  it('names the lot; a serial of the batch resolves to the lot and its trace page', async () => {
    const l = await lot(honey.productId);
    const res = await post('/api/v1/stamps/batches', batchBody(honey.productId, { lotId: l.id }));
    expect(res.statusCode, res.body).toBe(201);
    const b = json(res);
    expect(b.lot).toEqual({ id: l.id, lotNumber: l.lotNumber, traceCode: l.traceCode, tracePath: `/truy-xuat/${l.traceCode}` });
    expect(json(await t.app.inject({ url: `/api/v1/stamps/batches/${b.id}`, headers: officer.headers() })).lot.id).toBe(l.id);
    const list = json(await t.app.inject({ url: `/api/v1/stamps/batches?lotId=${l.id}`, headers: officer.headers() }));
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([b.id]);
    const [audit] = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, b.id), eq(auditLog.action, 'stamp_batch.issue')));
    expect(audit!.after).toMatchObject({ lotId: l.id, lotNumber: l.lotNumber });

    const match = await lookupStamp(makeCtx(t.deps), b.lastSerial);
    expect(match).toMatchObject({ batchId: b.id, productId: honey.productId, lot: { lotNumber: l.lotNumber, traceCode: l.traceCode, path: `/truy-xuat/${l.traceCode}` } });
    // The verification answer is still the certificate's.
    expect(json(await t.app.inject({ url: `/api/v1/verify/${b.firstSerial}` }))).toMatchObject({ status: 'valid', stamp: { serial: b.firstSerial } });

    // A batch of the product as a whole names no lot.
    const whole = json(await post('/api/v1/stamps/batches', batchBody(honey.productId)));
    expect(whole.lot).toBeNull();
    expect((await lookupStamp(makeCtx(t.deps), whole.firstSerial))!.lot).toBeNull();
  });

  it('refuses another product\'s lot, an unknown lot and a malformed id, naming the field', async () => {
    const teaLot = await lot(tea.productId);
    const other = await post('/api/v1/stamps/batches', batchBody(honey.productId, { lotId: teaLot.id }));
    expectError(other, 400, 'validation_failed');
    expect(json(other).error.fieldCodes).toEqual({ lotId: 'stamps.lot_of_other_product' });
    const unknown = await post('/api/v1/stamps/batches', batchBody(honey.productId, { lotId: '00000000-0000-4000-8000-000000000000' }));
    expect(json(unknown).error.fieldCodes).toEqual({ lotId: 'stamps.unknown_lot' });
    expect(json(await post('/api/v1/stamps/batches', batchBody(honey.productId, { lotId: 'lô 1' }))).error.fieldCodes).toEqual({ lotId: 'stamps.unknown_lot' });
    // Every problem at once: a day before the certificate and another product's lot.
    const both = await post('/api/v1/stamps/batches', batchBody(honey.productId, { lotId: teaLot.id, issuedOn: '2026-06-30' }));
    expect(Object.keys(json(both).error.fieldCodes).sort()).toEqual(['issuedOn', 'lotId']);
    expect(json(await t.app.inject({ url: `/api/v1/stamps/batches?lotId=${teaLot.id}`, headers: officer.headers() })).total).toBe(0);
  });

  it('refuses a recalled lot, and more stamps than a lot counted in units holds', async () => {
    const small = await lot(honey.productId, { quantity: 50, unit: 'box' });
    const over = await post('/api/v1/stamps/batches', batchBody(honey.productId, { lotId: small.id, quantity: 51 }));
    expectError(over, 400, 'validation_failed');
    expect(json(over).error.fieldCodes).toEqual({ quantity: 'stamps.more_than_lot' });
    expect(json(over).error.fields.quantity).toContain('50');
    expect((await post('/api/v1/stamps/batches', batchBody(honey.productId, { lotId: small.id, quantity: 50 }))).statusCode).toBe(201);
    // Kilograms are not counted in stamps.
    const bulk = await lot(honey.productId, { quantity: 20, unit: 'kg' });
    expect((await post('/api/v1/stamps/batches', batchBody(honey.productId, { lotId: bulk.id, quantity: 60 }))).statusCode).toBe(201);
    const recall = await post(`/api/v1/trace/lots/${bulk.id}/recall`, { reason: 'Lên men', scope: 'Toàn bộ lô', instructions: 'Ngừng bán' });
    expect(recall.statusCode, recall.body).toBe(201);
    expect(json(await post('/api/v1/stamps/batches', batchBody(honey.productId, { lotId: bulk.id }))).error.fieldCodes).toEqual({ lotId: 'stamps.lot_recalled' });
  });
});

describe('the pages', () => {
  it('the issue form offers the product\'s lots (chosen by ?lot=), refuses another product\'s lot in Vietnamese, and the batch page links the trace page', async () => {
    const l = await lot(honey.productId);
    const teaLot = await lot(tea.productId);
    const recalled = await lot(honey.productId);
    expect((await post(`/api/v1/trace/lots/${recalled.id}/recall`, { reason: 'r', scope: 's', instructions: 'i' })).statusCode).toBe(201);
    await officer.login();
    const form = await t.app.inject({ url: `/admin/stamps/new?product=${honey.productId}&lot=${l.id}`, headers: { cookie: officer.cookie! } });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="lotId"');
    expect(form.body).toMatch(new RegExp(`<option value="${l.id}" selected`));
    expect(form.body).not.toContain(recalled.id);
    const submit = (lotId: string) => t.app.inject({
      method: 'POST', url: '/admin/stamps', headers: { cookie: officer.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: officer.csrf!, productId: honey.productId, quantity: '30', printer: 'Công ty CP In Thanh Hóa', issuedOn: '2026-07-02', lotId }).toString(),
    });
    const refused = await submit(teaLot.id);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Lô này thuộc sản phẩm khác');
    const ok = await submit(l.id);
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(303);
    const page = await t.app.inject({ url: ok.headers.location as string, headers: { cookie: officer.cookie! } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/truy-xuat/${l.traceCode}"`);
    expect(page.body).toContain(`Lô ${l.lotNumber}`);
    // No lot chosen: a batch of the product as a whole.
    const whole = await submit('');
    expect(whole.statusCode, whole.body.slice(0, 300)).toBe(303);
  });
});
