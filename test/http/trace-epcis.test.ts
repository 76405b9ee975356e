/**
 * GS1 EPCIS 2.0 export and import of trace events (issue 17, item 6). A tea cooperative's story —
 * a fresh-leaf lot from its raw-material area, harvest and processing (with a correction), a
 * transformation into two packed lots, a lab result, packing into a carton, dispatch to a point
 * of sale and receipt there — is exported, validated against GS1's EPCIS 2.0 JSON Schema, imported
 * into a second platform holding the same products (by GTIN) and exported there: the events are
 * the same. Bad input: a document failing the schema (every problem listed), unknown identifiers
 * (listed, nothing written), another producer's lot, the services' rules (an event before its
 * lot's production, a transformation taking more than a lot holds: nothing written), a document
 * imported again (nothing recorded twice).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, expectError, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { AREAS, buildProduct, buildProducer } from '../helpers/builders';
import { makeGtin13 } from '../../src/domain/gtin';
import { makeTaxCode } from '../../src/domain/tax-code';
import { makeTraceCode } from '../../src/domain/trace';
import { lotRecordEventId } from '../../src/modules/trace/epcis';
import { epcisSchemaProblems } from '../../src/modules/trace/epcis-schema';

const now = new Date('2026-07-10T03:00:00Z'); // 10:00 on 10 July in Vietnam
const LEAF_GTIN = makeGtin13('893', 417_001);
const PACK_GTIN = makeGtin13('893', 417_002);
const TAX_CODE = makeTaxCode(41_700_017);

const epcisApp = () => testApp({ clock: () => now });

/** The cooperative with its two products (same names, GTINs and tax code on both platforms). */
async function cooperative(t: TestApp) {
  const p = await buildProducer(t.ctx, { name: 'Hợp tác xã Chè Shan tuyết Bản', taxCode: TAX_CODE, communeCode: AREAS.hamRong });
  const leaf = await buildProduct(t.ctx, { producerId: p.id, name: 'Chè búp tươi Shan tuyết', gtin: LEAF_GTIN });
  const pack = await buildProduct(t.ctx, { producerId: p.id, name: 'Chè Shan tuyết hộp 100 g', gtin: PACK_GTIN });
  const user = await asUser(t.app, t.deps, { role: 'producer', producerId: p.id });
  return { producer: p, leaf: leaf.id, pack: pack.id, user };
}

let a: TestApp;
let b: TestApp;
let teaA: AuthedUser;
let teaB: AuthedUser;
let rivalB: AuthedUser;
let plainProduct: string;
type LotMade = { id: string; traceCode: string };
const story = {} as { leaf: LotMade; packA: LotMade; packB: LotMade };
let exported: Record<string, unknown> & { epcisBody: { eventList: Record<string, unknown>[] } };

const call = (t: TestApp, method: 'GET' | 'POST', url: string, user: AuthedUser | null, payload?: unknown, extra: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { ...(user ? user.headers() : {}), ...extra }, ...(payload !== undefined ? { payload: payload as object } : {}) });

async function ok(t: TestApp, method: 'POST', url: string, user: AuthedUser, payload: unknown) {
  const res = await call(t, method, url, user, payload);
  expect(res.statusCode, res.body).toBe(201);
  return json(res);
}

const importDoc = (t: TestApp, user: AuthedUser | null, doc: unknown, type = 'application/ld+json') =>
  call(t, 'POST', '/api/v1/trace/epcis', user, JSON.stringify(doc), { 'content-type': type });

async function count(t: TestApp, table: 'trace_events' | 'trace_lots' | 'trace_lab_results'): Promise<number> {
  const res = (await t.deps.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] };
  return Number(res.rows[0]!.n);
}

const sortById = (list: Record<string, unknown>[]) => [...list].sort((x, y) => String(x.eventID).localeCompare(String(y.eventID)));

beforeAll(async () => {
  [a, b] = await Promise.all([epcisApp(), epcisApp()]);
  const coopA = await cooperative(a);
  const coopB = await cooperative(b);
  teaA = coopA.user;
  teaB = coopB.user;
  rivalB = await asUser(b.app, b.deps, { role: 'producer', producerId: (await buildProducer(b.ctx)).id });
  plainProduct = (await buildProduct(a.ctx, { producerId: coopA.producer.id, name: 'Chè khô túi 500 g' })).id;

  // The story, through the API.
  const area = await ok(a, 'POST', '/api/v1/trace/material-areas', teaA, { name: 'Đồi chè Bản', communeCode: AREAS.hamRong, crop: 'Chè Shan tuyết', hectares: 2.5 });
  story.leaf = await ok(a, 'POST', '/api/v1/trace/lots', teaA, {
    productId: coopA.leaf, lotNumber: 'LA-01', producedOn: '2026-07-01', quantity: 100, unit: 'kg', facility: 'Đồi chè thôn Bản',
  });
  await ok(a, 'POST', `/api/v1/trace/lots/${story.leaf.id}/inputs`, teaA, { material: 'Búp chè tươi', sourceKind: 'area', materialAreaId: area.id, quantity: 100, unit: 'kg', receivedOn: '2026-07-01' });
  const event = (lot: string, body: Record<string, unknown>) => ok(a, 'POST', `/api/v1/trace/lots/${lot}/events`, teaA, { communeCode: AREAS.hamRong, actor: 'HTX Chè Shan tuyết Bản', ...body });
  await event(story.leaf.id, { kind: 'harvest', occurredAt: '2026-07-01T07:00:00+07:00', facility: 'Đồi chè thôn Bản', actor: 'Tổ hái chè' });
  const processing = await event(story.leaf.id, { kind: 'processing', occurredAt: '2026-07-02T08:00:00+07:00', note: 'Héo 12 giờ' });
  await event(story.leaf.id, { kind: 'processing', occurredAt: '2026-07-02T09:00:00+07:00', note: 'Héo 14 giờ', correctsId: processing.id });
  const made = await ok(a, 'POST', '/api/v1/trace/transformations', teaA, {
    occurredAt: '2026-07-03T10:00:00+07:00', communeCode: AREAS.hamRong, facility: 'Xưởng chè Bản', actor: 'Tổ chế biến', note: 'Sao, vò, sấy',
    inputs: [{ lotId: story.leaf.id, quantity: 80.5 }],
    outputs: [
      { productId: coopA.pack, lotNumber: 'CH-2026/1', producedOn: '2026-07-03', expiresOn: '2027-07-03', quantity: 40, unit: 'box' },
      { productId: coopA.pack, lotNumber: 'CH-2026/2', producedOn: '2026-07-03', expiresOn: '2027-07-03', quantity: 30, unit: 'box', note: 'Hộp quà' },
    ],
  });
  [story.packA, story.packB] = made.outputs;
  await ok(a, 'POST', `/api/v1/trace/lots/${story.packA.id}/lab-results`, teaA, {
    laboratory: 'Trung tâm Kiểm nghiệm Thanh Hóa', reportNumber: 'KN-0412', testedOn: '2026-07-04',
    indicators: [{ name: 'Chì (Pb)', result: '0,02 mg/kg', limit: '≤ 0,3 mg/kg', passed: true }, { name: 'Độ ẩm', result: '4,5 %', passed: true }],
  });
  await event(story.packA.id, { kind: 'packing', occurredAt: '2026-07-05T08:00:00+07:00', container: 'THUNG-0001', actor: 'Tổ đóng gói' });
  await event(story.packA.id, { kind: 'dispatch', occurredAt: '2026-07-06T08:00:00+07:00', counterparty: 'Điểm bán OCOP Hạc Thành' });
  await event(story.packA.id, { kind: 'receipt', occurredAt: '2026-07-07T09:00:00+07:00', communeCode: AREAS.hacThanh, facility: 'Điểm bán OCOP Hạc Thành', counterparty: 'Điểm bán OCOP Hạc Thành', actor: 'Nhân viên điểm bán' });
}, 240_000);
afterAll(async () => { await Promise.all([a?.close(), b?.close()]); });

describe('export', () => {
  it('a packed lot\'s document holds its journey back to the leaves, valid against GS1\'s EPCIS 2.0 schema', async () => {
    const res = await call(a, 'GET', `/api/v1/trace/lots/${story.packA.id}/epcis`, null);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    exported = json(res);
    expect(epcisSchemaProblems(exported)).toEqual([]);
    const list = exported.epcisBody.eventList;
    expect(list.map((e) => `${String(e.type)}:${String(e['ocop:eventKind'])}`)).toEqual([
      'ObjectEvent:harvest', 'ObjectEvent:processing', 'ObjectEvent:processing', 'TransformationEvent:transformation',
      'ObjectEvent:quality_test', 'AggregationEvent:packing', 'ObjectEvent:dispatch', 'ObjectEvent:receipt',
    ]);
    expect(list[0]!.ilmd).toMatchObject({ 'cbvmda:lotNumber': 'LA-01', 'ocop:traceCode': story.leaf.traceCode, 'ocop:quantity': 100, 'ocop:unit': 'kg' });
    expect(list[0]!.quantityList).toEqual([{ epcClass: `https://id.gs1.org/01/0${LEAF_GTIN}/10/LA-01` }]);
    expect(list[2]!['ocop:corrects']).toBe(list[1]!.eventID);
    expect(list[3]!.inputQuantityList).toEqual([{ epcClass: `https://id.gs1.org/01/0${LEAF_GTIN}/10/LA-01`, quantity: 80.5, uom: 'KGM' }]);
    expect(list[3]!.outputQuantityList).toEqual([
      { epcClass: `https://id.gs1.org/01/0${PACK_GTIN}/10/CH-2026%2F1`, quantity: 40 }, { epcClass: `https://id.gs1.org/01/0${PACK_GTIN}/10/CH-2026%2F2`, quantity: 30 },
    ]);
    expect(list[4]!['ocop:labResult']).toMatchObject({ 'ocop:laboratory': 'Trung tâm Kiểm nghiệm Thanh Hóa', 'ocop:passed': true });
    expect(list[5]!.parentID).toBe('urn:vn:ocop:container:THUNG-0001');
    expect(list[6]!.sourceList).toEqual([{ type: 'owning_party', source: `urn:vn:ocop:party:mst:${TAX_CODE}` }, { type: 'location', source: `urn:vn:ocop:loc:${AREAS.hamRong}` }]);
    expect(list[7]!.bizLocation).toEqual({ id: `urn:vn:ocop:loc:${AREAS.hacThanh}` });
    // The same lot by its trace code; exporting again gives the same events.
    const again = json(await call(a, 'GET', `/api/v1/trace/lots/${story.packA.traceCode}/epcis`, null));
    expect(again.epcisBody.eventList).toEqual(list);
  });

  it('the range export holds the producer\'s events in the period; others see none of them; bad ranges are refused', async () => {
    const res = await call(a, 'GET', '/api/v1/trace/epcis?from=2026-07-01&to=2026-07-10', teaA);
    expect(res.statusCode, res.body).toBe(200);
    const doc = json(res);
    expect(epcisSchemaProblems(doc)).toEqual([]);
    expect(sortById(doc.epcisBody.eventList)).toEqual(sortById(exported.epcisBody.eventList));
    const day = json(await call(a, 'GET', `/api/v1/trace/epcis?from=2026-07-03&to=2026-07-03&product=${PACK_GTIN}`, teaA));
    // The leaf lot the transformation takes is not made in that day's document: its record comes first.
    expect(day.epcisBody.eventList.map((e: Record<string, unknown>) => e['ocop:eventKind'] ?? (e['ocop:lotRecord'] ? 'lot record' : '?'))).toEqual(['lot record', 'transformation']);
    expect(day.epcisBody.eventList[0].eventID).toBe(lotRecordEventId(story.leaf.traceCode));
    expect(epcisSchemaProblems(day)).toEqual([]);
    const stranger = await asUser(a.app, a.deps, { role: 'producer', producerId: (await buildProducer(a.ctx)).id });
    expect(json(await call(a, 'GET', '/api/v1/trace/epcis', stranger)).epcisBody.eventList).toEqual([]);
    expectError(await call(a, 'GET', '/api/v1/trace/epcis', null), 401, 'unauthenticated');
    expect(json(await call(a, 'GET', '/api/v1/trace/epcis?from=2026-07-05&to=2026-07-01', teaA)).error.fieldCodes).toEqual({ to: 'epcis.range_reversed' });
    expect(json(await call(a, 'GET', '/api/v1/trace/epcis?product=8930000000000', teaA)).error.fieldCodes).toEqual({ product: 'epcis.unknown_product' });
    expectError(await call(a, 'GET', '/api/v1/trace/lots/46-0000-0000-0/epcis', null), 404, 'not_found');
  });
});

describe('import', () => {
  it('into another platform with the same products, then exported there: the same events', async () => {
    const before = await count(b, 'trace_events');
    const res = await importDoc(b, teaB, exported, 'application/ld+json; charset=utf-8');
    expect(res.statusCode, res.body).toBe(200);
    const out = json(res);
    expect({ recorded: out.recorded, skipped: out.skipped }).toEqual({ recorded: 8, skipped: 0 });
    expect(out.lotsCreated.map((l: { traceCode: string }) => l.traceCode).sort()).toEqual([story.leaf.traceCode, story.packA.traceCode, story.packB.traceCode].sort());
    expect(await count(b, 'trace_events')).toBe(before + 8);
    const there = json(await call(b, 'GET', `/api/v1/trace/lots/${story.packA.traceCode}/epcis`, null));
    expect(epcisSchemaProblems(there)).toEqual([]);
    expect(there.epcisBody.eventList).toEqual(exported.epcisBody.eventList);
    // The lots read the same: the lab result, the journey, what the leaves still hold.
    const pack = json(await call(b, 'GET', `/api/v1/trace/lots/${story.packA.traceCode}`, teaB));
    expect(pack.labResults).toMatchObject([{ laboratory: 'Trung tâm Kiểm nghiệm Thanh Hóa', reportNumber: 'KN-0412', passed: true, report: null }]);
    expect(pack.inputLots.map((l: { traceCode: string }) => l.traceCode)).toEqual([story.leaf.traceCode]);
    const leaf = json(await call(b, 'GET', `/api/v1/trace/lots/${story.leaf.traceCode}`, teaB));
    expect(leaf.remaining).toBe(19.5);
    expect(leaf.events.find((e: { correctsId: string | null }) => e.correctsId)).toBeTruthy();
    expect(json(await call(b, 'GET', `/api/v1/trace/lots/${story.packB.traceCode}`, teaB)).note).toBe('Hộp quà');
  });

  it('a document imported again records nothing twice (also on the platform that exported it); JSON is accepted as well', async () => {
    const events = await count(b, 'trace_events');
    const lots = await count(b, 'trace_lots');
    const again = await importDoc(b, teaB, exported, 'application/json');
    expect(again.statusCode, again.body).toBe(200);
    expect(json(again)).toMatchObject({ recorded: 0, skipped: 8, lotsCreated: [] });
    expect(json(again).events.every((e: { status: string }) => e.status === 'skipped')).toBe(true);
    expect([await count(b, 'trace_events'), await count(b, 'trace_lots')]).toEqual([events, lots]);
    const home = await importDoc(a, teaA, exported);
    expect(json(home)).toMatchObject({ recorded: 0, skipped: 8 });
  });

  it('a lot of a product without a GTIN is named by its trace code and product id on the same platform', async () => {
    const code = makeTraceCode('38', 'QQQQ2222');
    const doc = {
      '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { ocop: 'urn:vn:ocop:epcis:' }],
      type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-07-09T00:00:00Z',
      epcisBody: {
        eventList: [
          {
            type: 'ObjectEvent', eventTime: '2026-07-08T00:00:00.000+07:00', eventTimeZoneOffset: '+07:00', eventID: lotRecordEventId(code),
            action: 'ADD', bizStep: 'commissioning', disposition: 'active', quantityList: [{ epcClass: `urn:vn:ocop:lot:${code}`, quantity: 50, uom: 'KGM' }],
            bizLocation: { id: `urn:vn:ocop:loc:${AREAS.hamRong}` },
            ilmd: { 'cbvmda:lotNumber': 'TUI-01', 'ocop:producedOn': '2026-07-08', 'ocop:quantity': 50, 'ocop:unit': 'kg', 'ocop:facility': 'Xưởng chè Bản', 'ocop:productId': plainProduct },
            'ocop:lotRecord': true,
          },
          {
            type: 'ObjectEvent', eventTime: '2026-07-09T08:00:00+07:00', eventTimeZoneOffset: '+07:00', eventID: 'urn:uuid:2f1b4a7e-3c1d-4e8f-9a0b-1c2d3e4f5a6b',
            action: 'OBSERVE', bizStep: 'storing', disposition: 'sellable_not_accessible', quantityList: [{ epcClass: `urn:vn:ocop:lot:${code}` }],
            bizLocation: { id: `urn:vn:ocop:loc:${AREAS.hamRong}` },
          },
        ],
      },
    };
    const res = await importDoc(a, teaA, doc);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).lotsCreated).toMatchObject([{ traceCode: code, lotNumber: 'TUI-01', productId: plainProduct }]);
    const lot = json(await call(a, 'GET', `/api/v1/trace/lots/${code}`, teaA));
    // Without ocop:eventKind or ocop:actor: the kind from bizStep, the producer as the one who did it.
    expect(lot.events).toMatchObject([{ kind: 'storage', actor: 'Hợp tác xã Chè Shan tuyết Bản' }]);
    const back = json(await call(a, 'GET', `/api/v1/trace/lots/${code}/epcis`, null)).epcisBody.eventList;
    expect(back.map((e: Record<string, unknown>) => e.eventID)).toEqual([lotRecordEventId(code), 'urn:uuid:2f1b4a7e-3c1d-4e8f-9a0b-1c2d3e4f5a6b']);
    expect(back[0].ilmd['ocop:productId']).toBe(plainProduct);
  });
});

describe('bad input', () => {
  const fresh = (id: string, over: Record<string, unknown> = {}) => ({
    type: 'ObjectEvent', eventTime: '2026-07-08T08:00:00+07:00', eventTimeZoneOffset: '+07:00', eventID: `urn:uuid:${id}`, action: 'OBSERVE',
    bizStep: 'storing', disposition: 'sellable_not_accessible', quantityList: [{ epcClass: `https://id.gs1.org/01/0${LEAF_GTIN}/10/LA-01` }],
    bizLocation: { id: `urn:vn:ocop:loc:${AREAS.hamRong}` }, 'ocop:eventKind': 'storage', 'ocop:actor': 'Thủ kho', ...over,
  });
  const docOf = (eventList: unknown[]) => ({ ...exported, epcisBody: { eventList } });

  it('a document failing the schema is refused whole, every problem listed at its place', async () => {
    const events = await count(b, 'trace_events');
    const bad = structuredClone(exported);
    delete bad.schemaVersion;
    bad.epcisBody.eventList[1]!.eventTime = 'hôm qua';
    bad.epcisBody.eventList[3]!.bizStep = 'roasting';
    delete bad.epcisBody.eventList[5]!.action;
    bad.epcisBody.eventList.push(fresh('0f3c1a7e-1111-4e8f-9a0b-1c2d3e4f5a6b'));
    const err = expectError(await importDoc(b, teaB, bad), 422, 'import_failed');
    const body = json(await importDoc(b, teaB, bad)).error;
    expect(Object.keys(err.fields ?? {})).toEqual(expect.arrayContaining([
      'schemaVersion', 'epcisBody.eventList[1].eventTime', 'epcisBody.eventList[3].bizStep', 'epcisBody.eventList[5].action',
    ]));
    expect(body.fieldCodes['epcisBody.eventList[1].eventTime']).toBe('epcis.schema');
    expect(body.details.stage).toBe('schema');
    expect(body.details.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ index: 1, path: 'epcisBody.eventList[1].eventTime', message: expect.stringContaining('date-time') }),
      expect.objectContaining({ index: null, path: 'schemaVersion' }),
    ]));
    expect(body.message).toMatch(/không sự kiện nào được nhập/);
    expect(await count(b, 'trace_events')).toBe(events);
    expectError(await importDoc(b, null, exported), 401, 'unauthenticated');
  });

  it('unknown identifiers are each listed, and nothing is written', async () => {
    const [events, lots] = [await count(b, 'trace_events'), await count(b, 'trace_lots')];
    const unknownCode = makeTraceCode('38', 'NNNN3333');
    const doc = docOf([
      fresh('10000000-0000-4000-8000-000000000001'),
      fresh('10000000-0000-4000-8000-000000000002', { quantityList: [{ epcClass: `urn:vn:ocop:lot:${unknownCode}` }] }),
      fresh('10000000-0000-4000-8000-000000000003', { bizLocation: { id: 'urn:vn:ocop:loc:99999' } }),
      fresh('10000000-0000-4000-8000-000000000004', {
        action: 'ADD', bizStep: 'commissioning', disposition: 'active', 'ocop:eventKind': 'harvest',
        quantityList: [{ epcClass: `https://id.gs1.org/01/0${makeGtin13('893', 999_999)}/10/X-1` }],
        ilmd: { 'cbvmda:lotNumber': 'X-1', 'ocop:producedOn': '2026-07-08', 'ocop:quantity': 5, 'ocop:unit': 'kg', 'ocop:facility': 'x' },
      }),
      fresh('10000000-0000-4000-8000-000000000005', { 'ocop:corrects': 'urn:uuid:10000000-0000-4000-8000-0000000000ff' }),
    ]);
    const res = await importDoc(b, teaB, doc);
    expectError(res, 422, 'import_failed');
    const e = json(res).error;
    expect(e.details.stage).toBe('identifiers');
    expect(e.fieldCodes).toEqual({
      'epcisBody.eventList[1].quantityList[0].epcClass': 'trace.unknown_lot',
      'epcisBody.eventList[2].bizLocation.id': 'trace.unknown_commune',
      'epcisBody.eventList[3].ilmd': 'epcis.unknown_product',
      'epcisBody.eventList[4].ocop:corrects': 'epcis.unknown_event',
    });
    expect([await count(b, 'trace_events'), await count(b, 'trace_lots')]).toEqual([events, lots]);
  });

  it('another producer\'s lot: refused, listed, nothing written', async () => {
    const events = await count(b, 'trace_events');
    const res = await importDoc(b, rivalB, docOf([fresh('20000000-0000-4000-8000-000000000001')]));
    expectError(res, 422, 'import_failed');
    expect(json(res).error.fieldCodes).toEqual({ 'epcisBody.eventList[0].quantityList[0].epcClass': 'trace.unknown_lot' });
    expect(await count(b, 'trace_events')).toBe(events);
  });

  it('the services\' rules: every breach listed (an event before production, a transformation taking more than the lot holds), and the lots made before them undone', async () => {
    const [events, lots] = [await count(b, 'trace_events'), await count(b, 'trace_lots')];
    const newLot = `https://id.gs1.org/01/0${LEAF_GTIN}/10/LB-02`;
    const doc = docOf([
      {
        type: 'ObjectEvent', eventTime: '2026-07-08T00:00:00.000+07:00', eventTimeZoneOffset: '+07:00', eventID: 'urn:uuid:30000000-0000-4000-8000-000000000001',
        action: 'ADD', bizStep: 'commissioning', disposition: 'active', quantityList: [{ epcClass: newLot, quantity: 20, uom: 'KGM' }],
        bizLocation: { id: `urn:vn:ocop:loc:${AREAS.hamRong}` },
        ilmd: { 'cbvmda:lotNumber': 'LB-02', 'ocop:producedOn': '2026-07-08', 'ocop:quantity': 20, 'ocop:unit': 'kg', 'ocop:facility': 'Đồi chè' }, 'ocop:lotRecord': true,
      },
      fresh('30000000-0000-4000-8000-000000000002', { eventTime: '2026-07-07T08:00:00+07:00', quantityList: [{ epcClass: newLot }] }),
      {
        type: 'TransformationEvent', eventTime: '2026-07-09T08:00:00+07:00', eventTimeZoneOffset: '+07:00', eventID: 'urn:uuid:30000000-0000-4000-8000-000000000003',
        inputQuantityList: [{ epcClass: `https://id.gs1.org/01/0${LEAF_GTIN}/10/LA-01`, quantity: 30, uom: 'KGM' }],
        outputQuantityList: [{ epcClass: `https://id.gs1.org/01/0${PACK_GTIN}/10/CH-2026%2F9`, quantity: 10 }],
        bizStep: 'commissioning', disposition: 'active', bizLocation: { id: `urn:vn:ocop:loc:${AREAS.hamRong}` }, 'ocop:actor': 'Tổ chế biến',
        ilmd: { 'ocop:lots': [{ 'ocop:epcClass': `https://id.gs1.org/01/0${PACK_GTIN}/10/CH-2026%2F9`, 'cbvmda:lotNumber': 'CH-2026/9', 'ocop:producedOn': '2026-07-09', 'ocop:quantity': 10, 'ocop:unit': 'box', 'ocop:facility': '' }] },
      },
    ]);
    const res = await importDoc(b, teaB, doc);
    expectError(res, 422, 'import_failed');
    const e = json(res).error;
    expect(e.details.stage).toBe('rules');
    expect(e.fieldCodes).toEqual({
      'epcisBody.eventList[1].eventTime': 'trace.before_production',
      'epcisBody.eventList[2].inputQuantityList[0].quantity': 'trace.over_consumed',
    });
    expect(e.fields['epcisBody.eventList[2].inputQuantityList[0].quantity']).toContain('19.5');
    expect([await count(b, 'trace_events'), await count(b, 'trace_lots')]).toEqual([events, lots]);
  });

  it('the OpenAPI document describes the routes', async () => {
    const spec = json(await call(a, 'GET', '/api/openapi.json', null));
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/trace/epcis', '/api/v1/trace/lots/{id}/epcis']));
  });
});
