/**
 * Lot traceability through the API (issue 17, items 1, 2 and 5): lots with their inputs and lab
 * results, events (append-only; corrections), transformations, the public lot, recalls reaching
 * the lots made from a recalled one, and the inspectors' queue. Bad input: an event before its
 * lot's production or in the future, a transformation taking more than a lot holds (also two at
 * once), a lot number reused for the product, a producer recording on another producer's lot, a
 * recall of an unknown lot, a trace code with a wrong check character (unknown, never 500).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, expectError, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { AREAS, buildProduct, buildProducer } from '../helpers/builders';
import { formatTraceCode, parseTraceCode } from '../../src/domain/trace';

let t: TestApp;
const now = new Date('2026-07-10T03:00:00Z'); // 10:00 on 10 July in Vietnam
let officer: AuthedUser;
let inspector: AuthedUser;
let otherInspector: AuthedUser;
let tea: AuthedUser;
let rival: AuthedUser;
let leafProduct: string;
let packedProduct: string;
let rivalProduct: string;

beforeAll(async () => {
  t = await testApp({ clock: () => now });
  const [p1, p2] = await Promise.all([buildProducer(t.ctx), buildProducer(t.ctx)]);
  leafProduct = (await buildProduct(t.ctx, { producerId: p1.id, name: 'Chè búp tươi' })).id;
  packedProduct = (await buildProduct(t.ctx, { producerId: p1.id, name: 'Chè Shan tuyết hộp 100 g' })).id;
  rivalProduct = (await buildProduct(t.ctx, { producerId: p2.id })).id;
  [officer, inspector, otherInspector, tea, rival] = await Promise.all([
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: p1.provinceCode }),
    asUser(t.app, t.deps, { role: 'inspector', areaCode: p1.provinceCode }),
    asUser(t.app, t.deps, { role: 'inspector', areaCode: p1.provinceCode === AREAS.haNoi ? AREAS.thanhHoa : AREAS.haNoi }),
    asUser(t.app, t.deps, { role: 'producer', producerId: p1.id }),
    asUser(t.app, t.deps, { role: 'producer', producerId: p2.id }),
  ]);
}, 240_000);
afterAll(() => t?.close());

const call = (method: 'GET' | 'POST', url: string, user: AuthedUser | null, payload?: unknown) =>
  t.app.inject({ method, url, headers: user ? user.headers() : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

let seq = 0;
async function lot(user: AuthedUser, productId: string, extra: Record<string, unknown> = {}) {
  const res = await call('POST', '/api/v1/trace/lots', user, {
    productId, lotNumber: `L${++seq}-2026`, producedOn: '2026-07-01', expiresOn: '2027-07-01', quantity: 100, unit: 'kg', facility: 'Xưởng chè thôn Bản', ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res) as { id: string; traceCode: string; lotNumber: string };
}

const event = (extra: Record<string, unknown> = {}) => ({
  kind: 'processing', occurredAt: '2026-07-02T08:00:00+07:00', communeCode: AREAS.hamRong, actor: 'Tổ chế biến', ...extra,
});

describe('lots', () => {
  it('records a lot with a valid trace code, and refuses its lot number again for the product (409, field named)', async () => {
    const l = await lot(tea, leafProduct, { lotNumber: 'che-001' });
    expect(l.lotNumber).toBe('CHE-001');
    expect(parseTraceCode(formatTraceCode(l.traceCode))).toEqual({ ok: true, code: l.traceCode });
    const again = await call('POST', '/api/v1/trace/lots', tea, { productId: leafProduct, lotNumber: 'CHE-001', producedOn: '2026-07-01', quantity: 5, unit: 'kg', facility: 'x' });
    expectError(again, 409, 'duplicate');
    expect(json(again).error.fieldCodes.lotNumber).toBe('trace.lot_number_taken');
    // The same number for another product is another lot.
    await lot(tea, packedProduct, { lotNumber: 'CHE-001' });
  });

  it('tells every problem of a lot at once', async () => {
    const res = await call('POST', '/api/v1/trace/lots', tea, {
      productId: leafProduct, lotNumber: 'LÔ 1', producedOn: '2026-07-11', expiresOn: '2026-06-01', quantity: -1, unit: 'kg', facility: '',
    });
    const err = expectError(res, 400, 'validation_failed');
    expect(Object.keys(json(res).error.fields).sort()).toEqual(expect.arrayContaining(['facility', 'lotNumber', 'quantity']));
    expect(err.message).toBeTruthy();
    const dates = await call('POST', '/api/v1/trace/lots', tea, { productId: leafProduct, lotNumber: 'D-1', producedOn: '2026-07-11', expiresOn: '2026-06-01', quantity: 1, unit: 'kg', facility: 'x' });
    expectError(dates, 400, 'validation_failed');
    expect(Object.keys(json(dates).error.fields).sort()).toEqual(['expiresOn', 'producedOn']);
  });

  it('a producer cannot record a lot of another producer\'s product', async () => {
    const res = await call('POST', '/api/v1/trace/lots', rival, { productId: leafProduct, lotNumber: 'X-1', producedOn: '2026-07-01', quantity: 1, unit: 'kg', facility: 'x' });
    expectError(res, 400, 'validation_failed');
    expect(json(res).error.fields.productId).toBeTruthy();
  });
});

describe('events', () => {
  it('refuses an event before the lot\'s production day or in the future; growing may come first', async () => {
    const l = await lot(tea, leafProduct);
    const before = await call('POST', `/api/v1/trace/lots/${l.id}/events`, tea, event({ occurredAt: '2026-06-30T23:59:00+07:00' }));
    expectError(before, 400, 'validation_failed');
    expect(json(before).error.fieldCodes.occurredAt).toBe('trace.before_production');
    expect(json(before).error.fields.occurredAt).toBe('cannot be before the lot\'s production date');
    const future = await call('POST', `/api/v1/trace/lots/${l.id}/events`, tea, event({ occurredAt: '2026-07-10T12:00:00+07:00' }));
    expectError(future, 400, 'validation_failed');
    expect(json(future).error.fieldCodes.occurredAt).toBe('trace.in_future');
    const planting = await call('POST', `/api/v1/trace/lots/${l.id}/events`, tea, event({ kind: 'planting', occurredAt: '2026-03-01' }));
    expect(planting.statusCode, planting.body).toBe(201);
  });

  it('another producer adding an event to the lot gets 404; the lot stays as it was', async () => {
    const l = await lot(tea, leafProduct);
    const res = await call('POST', `/api/v1/trace/lots/${l.id}/events`, rival, event());
    expectError(res, 404, 'not_found');
    expect(json(await call('GET', `/api/v1/trace/lots/${l.id}`, tea)).events).toHaveLength(0);
  });

  it('events are append-only: the database refuses to change one; a correction names it and marks it corrected', async () => {
    const l = await lot(tea, leafProduct);
    const first = json(await call('POST', `/api/v1/trace/lots/${l.id}/events`, tea, event({ note: 'Sao chè 2 giờ' })));
    await expect(t.deps.database.db.execute(sql`update trace_events set note = 'x' where id = ${first.id}::uuid`)).rejects.toThrow();
    await expect(t.deps.database.db.execute(sql`delete from trace_event_lots where event_id = ${first.id}::uuid`)).rejects.toThrow();
    const fix = await call('POST', `/api/v1/trace/lots/${l.id}/events`, tea, event({ note: 'Sao chè 3 giờ', correctsId: first.id }));
    expect(fix.statusCode, fix.body).toBe(201);
    const events = json(await call('GET', `/api/v1/trace/lots/${l.id}`, tea)).events as { id: string; correctedBy: string | null; correctsId: string | null }[];
    expect(events.find((e) => e.id === first.id)!.correctedBy).toBe(json(fix).id);
    expect(events.find((e) => e.id === json(fix).id)!.correctsId).toBe(first.id);
    // A correction must name an event of this lot.
    const other = await lot(tea, leafProduct);
    const wrong = await call('POST', `/api/v1/trace/lots/${other.id}/events`, tea, event({ correctsId: first.id }));
    expectError(wrong, 400, 'validation_failed');
  });
});

describe('transformations and recalls', () => {
  it('a transformation takes at most what a lot holds; two at once never take more', async () => {
    const leaves = await lot(tea, leafProduct, { quantity: 100 });
    const out = (n: string, q = 10) => ({ productId: packedProduct, lotNumber: n, producedOn: '2026-07-03', expiresOn: '2027-07-03', quantity: q, unit: 'box' });
    const body = (take: number, n: string) => ({ occurredAt: '2026-07-03T09:00:00+07:00', communeCode: AREAS.hamRong, actor: 'Xưởng', inputs: [{ lotId: leaves.id, quantity: take }], outputs: [out(n)] });
    const over = await call('POST', '/api/v1/trace/transformations', tea, body(100.5, 'P-OVER'));
    expectError(over, 400, 'validation_failed');
    expect(json(over).error.fieldCodes['inputs.0.quantity']).toBe('trace.over_consumed');
    expect(json(over).error.fields['inputs.0.quantity']).toContain('100');
    const [a, b] = await Promise.all([call('POST', '/api/v1/trace/transformations', tea, body(60, 'P-A')), call('POST', '/api/v1/trace/transformations', tea, body(60, 'P-B'))]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 400]);
    const lotNow = json(await call('GET', `/api/v1/trace/lots/${leaves.id}`, tea));
    expect(lotNow.remaining).toBe(40);
    expect(lotNow.outputLots).toHaveLength(1);
  });

  it('a recall of the leaves shows on the packed lots made from them, for everyone; an unknown lot is 404', async () => {
    const leaves = await lot(tea, leafProduct, { quantity: 50 });
    await call('POST', `/api/v1/trace/lots/${leaves.id}/inputs`, tea, { material: 'Chè búp tươi', sourceKind: 'text', supplierText: 'Hộ ông A' }).then((r) => {
      expectError(r, 400, 'validation_failed');
      expect(json(r).error.fieldCodes.document).toBe('trace.document_required');
    });
    const tr = await call('POST', '/api/v1/trace/transformations', tea, {
      occurredAt: '2026-07-04T09:00:00+07:00', communeCode: AREAS.hamRong, actor: 'Xưởng', inputs: [{ lotId: leaves.id, quantity: 50 }],
      outputs: [
        { productId: packedProduct, lotNumber: 'H-1', producedOn: '2026-07-04', quantity: 200, unit: 'box' },
        { productId: packedProduct, lotNumber: 'H-2', producedOn: '2026-07-04', quantity: 200, unit: 'box' },
      ],
    });
    expect(tr.statusCode, tr.body).toBe(201);
    const [h1, h2] = json(tr).outputs as { id: string; traceCode: string }[];
    const lab = await call('POST', `/api/v1/trace/lots/${h1!.id}/lab-results`, tea, {
      laboratory: 'Trung tâm Kiểm nghiệm Thanh Hóa', reportNumber: 'KN-26-001', testedOn: '2026-07-05',
      indicators: [{ name: 'Độ ẩm', result: '4,8 %', limit: '≤ 7 %', passed: true }],
    });
    expect(lab.statusCode, lab.body).toBe(201);
    expectError(await call('POST', '/api/v1/trace/lots/00000000-0000-4000-8000-000000000000/recall', officer, { reason: 'r', scope: 's', instructions: 'i' }), 404, 'not_found');
    const recall = await call('POST', `/api/v1/trace/lots/${leaves.id}/recall`, officer, { reason: 'Dư lượng thuốc bảo vệ thực vật vượt ngưỡng', scope: 'Toàn bộ lô', instructions: 'Ngừng sử dụng, trả lại điểm bán' });
    expect(recall.statusCode, recall.body).toBe(201);
    expectError(await call('POST', `/api/v1/trace/lots/${leaves.id}/recall`, officer, { reason: 'r', scope: 's', instructions: 'i' }), 409, 'conflict');
    for (const packed of [h1!, h2!]) {
      const pub = json(await call('GET', `/api/v1/trace/lots/${packed.traceCode}`, null));
      expect(pub.recalled).toBe(true);
      expect(pub.recalls[0].reason).toContain('Dư lượng');
      expect(pub.inputLots.map((l: { id: string }) => l.id)).toEqual([leaves.id]);
    }
    const pubH1 = json(await call('GET', `/api/v1/trace/lots/${h1!.id}`, null));
    expect(pubH1.labResults[0].indicators[0].passed).toBe(true);
    expect(pubH1.actions).toEqual({ record: false, recall: false });
    // The inspectors' queue of the province lists it; another province's does not.
    const queue = json(await call('GET', '/api/v1/trace/recalls', inspector));
    expect(queue.items.map((r: { lotId: string }) => r.lotId)).toContain(leaves.id);
    expect(json(await call('GET', '/api/v1/trace/recalls', otherInspector)).items).toHaveLength(0);
    const ack = await call('POST', `/api/v1/trace/recalls/${json(recall).id}/acknowledge`, inspector);
    expect(json(ack).acknowledgedAt).toBeTruthy();
    // The producer cannot lift it; the province officer closes it.
    expectError(await call('POST', `/api/v1/trace/recalls/${json(recall).id}/close`, tea, { note: 'x' }), 403, 'forbidden');
    const closed = await call('POST', `/api/v1/trace/recalls/${json(recall).id}/close`, officer, { note: 'Đã thu hồi đủ' });
    expect(json(closed).status).toBe('closed');
    expect(json(await call('GET', `/api/v1/trace/lots/${h2!.id}`, null)).recalled).toBe(false);
  });

  it('a trace code with a wrong check character is unknown, never 500', async () => {
    const l = await lot(tea, leafProduct);
    const last = l.traceCode.at(-1)!;
    const wrong = l.traceCode.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    expectError(await call('GET', `/api/v1/trace/lots/${wrong}`, null), 404, 'not_found');
    expectError(await call('GET', '/api/v1/trace/lots/%E2%80%AE', null), 404, 'not_found');
    expect(json(await call('GET', `/api/v1/trace/lots/${formatTraceCode(l.traceCode).toLowerCase()}`, null)).id).toBe(l.id);
  });

  it('lists: a producer its own lots, officers their area\'s; the rival sees none of them', async () => {
    const mine = json(await call('GET', `/api/v1/trace/lots?product=${leafProduct}`, tea));
    expect(mine.total).toBeGreaterThan(0);
    expect(json(await call('GET', `/api/v1/trace/lots?product=${leafProduct}`, officer)).total).toBe(mine.total);
    expect(json(await call('GET', `/api/v1/trace/lots?product=${leafProduct}`, rival)).total).toBe(0);
    expect(json(await call('GET', `/api/v1/trace/lots?product=${rivalProduct}`, rival)).total).toBe(0);
  });
});
