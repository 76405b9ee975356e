import { describe, expect, it } from 'vitest';
import { registerMessages } from '../../core/i18n';
import { EPCIS_OF_KIND, TRACE_EVENT_KINDS, makeTraceCode, type TraceEventKind } from '../../domain/trace';
import {
  containerUri, epcClassOf, epcisDocument, eventIdOf, gtin14Of, locationUri, lotRecordEventId, nameUuid, namedPartyUri, producerPartyUri,
  vietnamTime, type ExportData, type ExportEvent, type ExportLot, type JsonObject,
} from './epcis';
import { commandsOf, containerOf, inferKind, lotRefOf, nameOfPartyUri, placeOf, refKey, type EventCommand, type LotCommand, type TransformationCommand } from './epcis-read';
import { epcisSchemaProblems, pathOf } from './epcis-schema';
import { epcisMessages } from './epcis.i18n';

registerMessages(epcisMessages);

const GTIN = '8930000000019';
const leafCode = makeTraceCode('38', '7K2MQ9XR');
const packCode = makeTraceCode('38', 'ABCDEFGH');
const boxCode = makeTraceCode('38', 'ZZZZ2222');

const lot = (over: Partial<ExportLot>): ExportLot => ({
  id: 'l0', traceCode: leafCode, lotNumber: 'LA-01', productId: 'p-leaf', productName: 'Chè búp tươi', gtin: null,
  producedOn: '2026-07-01', expiresOn: null, quantity: 100, unit: 'kg', facility: 'Đồi chè thôn Bản', communeCode: '14758', note: null, isSample: false,
  ...over,
});

const leaf = lot({ id: 'leaf' });
const packA = lot({
  id: 'packA', traceCode: packCode, lotNumber: 'CH/2026-1', productId: 'p-pack', productName: 'Chè Shan tuyết hộp 100 g', gtin: GTIN,
  producedOn: '2026-07-03', expiresOn: '2027-07-03', quantity: 40, unit: 'box', facility: 'Xưởng chè', note: 'Hộp giấy',
});
const packB = lot({ ...packA, id: 'packB', traceCode: boxCode, lotNumber: 'CH/2026-2', quantity: 30 });

let n = 0;
const ev = (kind: TraceEventKind, at: string, lots: ExportEvent['lots'], over: Partial<ExportEvent> = {}): ExportEvent => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, kind, occurredAt: new Date(at), communeCode: '14758', facility: null,
  actor: 'HTX chè Bản', note: null, counterparty: null, container: null, labResultId: null, correctsId: null, epcisId: null, producerId: 'prod',
  lots, ...over,
});

const harvest = ev('harvest', '2026-07-01T07:00:00+07:00', [{ lotId: 'leaf', role: 'subject', quantity: null }], { facility: 'Đồi chè thôn Bản' });
const processing = ev('processing', '2026-07-02T08:00:00+07:00', [{ lotId: 'leaf', role: 'subject', quantity: null }], { note: 'Héo 12 giờ' });
const fix = ev('processing', '2026-07-02T09:00:00+07:00', [{ lotId: 'leaf', role: 'subject', quantity: null }], { note: 'Héo 14 giờ', correctsId: processing.id });
const transform = ev('transformation', '2026-07-03T10:00:00+07:00', [
  { lotId: 'leaf', role: 'input', quantity: 80.5 }, { lotId: 'packA', role: 'output', quantity: 40 }, { lotId: 'packB', role: 'output', quantity: 30 },
], { facility: 'Xưởng chè' });
const test = ev('quality_test', '2026-07-04T12:00:00+07:00', [{ lotId: 'packA', role: 'subject', quantity: null }], { actor: 'Trung tâm Kiểm nghiệm', labResultId: 'lab1' });
const packing = ev('packing', '2026-07-05T08:00:00+07:00', [{ lotId: 'packA', role: 'subject', quantity: null }], { container: '089300000000000018' });
const dispatch = ev('dispatch', '2026-07-06T08:00:00+07:00', [{ lotId: 'packA', role: 'subject', quantity: null }], { counterparty: 'Điểm bán OCOP Hạc Thành' });
const storage = ev('storage', '2026-07-06T09:00:00+07:00', [{ lotId: 'packB', role: 'subject', quantity: null }], { epcisId: 'ni:///sha-256;abc?ver=CBV2.0' });

const data = (events: ExportEvent[], labPassed = true): ExportData => ({
  events,
  lots: new Map([leaf, packA, packB].map((l) => [l.id, l])),
  labs: new Map([['lab1', {
    laboratory: 'Trung tâm Kiểm nghiệm', reportNumber: 'KN-1', testedOn: '2026-07-04', passed: labPassed,
    indicators: [{ name: 'Chì', result: '0,01 mg/kg', limit: '≤ 0,3 mg/kg', passed: labPassed }, { name: 'Độ ẩm', result: '4 %', limit: null, passed: true }],
  }]]),
  producers: new Map([['prod', { id: 'prod', taxCode: '2801234567' }]]),
  correctedIds: new Map(),
});

const story = [harvest, processing, fix, transform, test, packing, dispatch, storage];
const doc = epcisDocument(data(story), new Date('2026-07-10T03:00:00Z'));
const list = doc.epcisBody.eventList;
const byKind = (kind: string) => list.find((e) => e['ocop:eventKind'] === kind)!;

describe('identifiers', () => {
  it('names lots by GS1 Digital Link (GTIN-14 = 0 + GTIN-13, "/" encoded) or by the trace-code URN, and reads them back', () => {
    expect(gtin14Of(GTIN)).toBe(`0${GTIN}`);
    expect(gtin14Of('123')).toBeNull();
    expect(epcClassOf(packA)).toBe(`https://id.gs1.org/01/0${GTIN}/10/CH%2F2026-1`);
    expect(epcClassOf(leaf)).toBe(`urn:vn:ocop:lot:${leafCode}`);
    expect(lotRefOf(epcClassOf(packA))).toEqual({ by: 'gtin', gtin: GTIN, lotNumber: 'CH/2026-1' });
    expect(lotRefOf(epcClassOf(leaf))).toEqual({ by: 'code', code: leafCode });
    // Another resolver's Digital Link, and an LGTIN EPC class of the same GTIN.
    expect(lotRefOf(`https://example.vn/p/01/0${GTIN}/10/ch-1?x=1`)).toEqual({ by: 'gtin', gtin: GTIN, lotNumber: 'CH-1' });
    expect(lotRefOf('urn:epc:class:lgtin:893000.0000001.L1')).toEqual({ by: 'gtin', gtin: GTIN, lotNumber: 'L1' });
    // A wrong check character is no lot; nor is anything else.
    expect(lotRefOf(`urn:vn:ocop:lot:${leafCode.slice(0, 10)}${leafCode.endsWith('0') ? '1' : '0'}`)).toBeNull();
    expect(lotRefOf('urn:epc:id:sgtin:0614141.107346.2018')).toBeNull();
    expect(refKey({ by: 'code', code: leafCode })).not.toBe(refKey({ by: 'gtin', gtin: GTIN, lotNumber: leafCode }));
  });

  it('places, parties and containers are URIs that read back to what was written', () => {
    expect(locationUri('14758')).toBe('urn:vn:ocop:loc:14758');
    expect(placeOf(locationUri('14758', 'Xưởng chè (số 2)'))).toEqual({ communeCode: '14758', facility: 'Xưởng chè (số 2)' });
    expect(placeOf('urn:epc:id:sgln:0614141.07346.1234')).toBeNull();
    expect(producerPartyUri({ id: 'x', taxCode: '2801234567' })).toBe('urn:vn:ocop:party:mst:2801234567');
    expect(producerPartyUri({ id: 'x', taxCode: null })).toBe('urn:vn:ocop:party:producer:x');
    expect(nameOfPartyUri(namedPartyUri('Siêu thị A & B'))).toBe('Siêu thị A & B');
    expect(containerUri('089300000000000018')).toBe('https://id.gs1.org/00/089300000000000018');
    expect(containerOf(containerUri('089300000000000018'))).toBe('089300000000000018');
    expect(containerOf(containerUri('Thùng 12/A'))).toBe('Thùng 12/A');
    expect(containerOf('urn:epc:id:sscc:0614141.1234567890')).toBe('urn:epc:id:sscc:0614141.1234567890');
  });

  it('eventIDs: the imported one, else urn:uuid of the event; lot records by a version-5 UUID of the trace code', () => {
    expect(eventIdOf({ id: 'e1', epcisId: null })).toBe('urn:uuid:e1');
    expect(eventIdOf({ id: 'e1', epcisId: 'ni:///sha-256;x?ver=CBV2.0' })).toBe('ni:///sha-256;x?ver=CBV2.0');
    // RFC 9562 appendix A.4: www.example.com in the DNS namespace.
    expect(nameUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(lotRecordEventId(leafCode)).toBe(lotRecordEventId(leafCode));
    expect(lotRecordEventId(leafCode)).not.toBe(lotRecordEventId(packCode));
    expect(vietnamTime(new Date('2026-07-02T01:00:00Z'))).toBe('2026-07-02T08:00:00.000+07:00');
  });
});

describe('export', () => {
  it('is valid against GS1\'s EPCIS 2.0 JSON Schema, with the ocop prefix declared', () => {
    expect(epcisSchemaProblems(doc)).toEqual([]);
    expect(doc['@context']).toEqual(['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { ocop: 'urn:vn:ocop:epcis:' }]);
    expect(doc.schemaVersion).toBe('2.0');
    expect(doc.creationDate).toBe('2026-07-10T03:00:00.000Z');
  });

  it('maps every kind by EPCIS_OF_KIND, with the time in Vietnam and the commune and facility as places', () => {
    for (const kind of TRACE_EVENT_KINDS) {
      if (kind === 'transformation' || kind === 'packing' || kind === 'quality_test') continue;
      const one = epcisDocument(data([ev(kind, '2026-07-02T08:00:00+07:00', [{ lotId: 'leaf', role: 'subject', quantity: null }], { facility: 'Kho 1' })]), new Date());
      const e = one.epcisBody.eventList.find((x) => x['ocop:eventKind'] === kind)!;
      const shape = EPCIS_OF_KIND[kind];
      expect({ type: e.type, action: e.action, bizStep: e.bizStep, disposition: e.disposition }, kind)
        .toEqual({ type: shape.type, action: shape.action, bizStep: shape.bizStep, disposition: shape.disposition });
      expect(e.eventTime).toBe('2026-07-02T08:00:00.000+07:00');
      expect(e.eventTimeZoneOffset).toBe('+07:00');
      expect(e.readPoint).toEqual({ id: 'urn:vn:ocop:loc:14758:Kho%201' });
      expect(e.bizLocation).toEqual({ id: 'urn:vn:ocop:loc:14758' });
      expect(e.quantityList).toEqual([{ epcClass: `urn:vn:ocop:lot:${leafCode}` }]);
      expect(epcisSchemaProblems(one), kind).toEqual([]);
    }
  });

  it('a harvest carries its lot\'s ILMD; other lots without a creating event get a lot record first', () => {
    const h = byKind('harvest');
    expect(h.action).toBe('ADD');
    expect(h.ilmd).toEqual({
      'cbvmda:lotNumber': 'LA-01', 'ocop:producedOn': '2026-07-01', 'ocop:quantity': 100, 'ocop:unit': 'kg', 'ocop:traceCode': leafCode,
      'ocop:facility': 'Đồi chè thôn Bản', 'ocop:productName': 'Chè búp tươi', 'ocop:productId': 'p-leaf', 'ocop:commune': '14758',
    });
    expect(list.filter((e) => e['ocop:lotRecord'] === true)).toEqual([]);
    // Without the harvest, the leaf lot is introduced by its record, dated its production day.
    const alone = epcisDocument(data([processing]), new Date()).epcisBody.eventList;
    expect(alone).toHaveLength(2);
    expect(alone[0]).toMatchObject({
      type: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning', disposition: 'active', eventTime: '2026-07-01T00:00:00.000+07:00',
      eventID: lotRecordEventId(leafCode), quantityList: [{ epcClass: `urn:vn:ocop:lot:${leafCode}`, quantity: 100, uom: 'KGM' }], 'ocop:lotRecord': true,
    });
    expect(alone[0]!['ocop:eventKind']).toBeUndefined();
  });

  it('a transformation: input and output quantities (uom for weights, none for counts) and each output\'s ILMD', () => {
    const t = byKind('transformation');
    expect(t.type).toBe('TransformationEvent');
    expect(t.action).toBeUndefined();
    expect(t.inputQuantityList).toEqual([{ epcClass: `urn:vn:ocop:lot:${leafCode}`, quantity: 80.5, uom: 'KGM' }]);
    expect(t.outputQuantityList).toEqual([
      { epcClass: `https://id.gs1.org/01/0${GTIN}/10/CH%2F2026-1`, quantity: 40 },
      { epcClass: `https://id.gs1.org/01/0${GTIN}/10/CH%2F2026-2`, quantity: 30 },
    ]);
    const lots = (t.ilmd as JsonObject)['ocop:lots'] as JsonObject[];
    expect(lots[0]).toEqual({
      'ocop:epcClass': `https://id.gs1.org/01/0${GTIN}/10/CH%2F2026-1`, 'cbvmda:lotNumber': 'CH/2026-1', 'cbvmda:itemExpirationDate': '2027-07-03',
      'ocop:producedOn': '2026-07-03', 'ocop:quantity': 40, 'ocop:unit': 'box', 'ocop:traceCode': packCode, 'ocop:facility': 'Xưởng chè',
      'ocop:productName': 'Chè Shan tuyết hộp 100 g', 'ocop:note': 'Hộp giấy',
    });
  });

  it('packing into a container is an AggregationEvent; a failed test is non-conformant and carries its report', () => {
    const p = list.find((e) => e.type === 'AggregationEvent')!;
    expect(p).toMatchObject({ action: 'ADD', bizStep: 'packing', parentID: 'https://id.gs1.org/00/089300000000000018', childQuantityList: [{ epcClass: epcClassOf(packA) }] });
    expect(byKind('quality_test').disposition).toBe('conformant');
    const failed = epcisDocument(data([test], false), new Date()).epcisBody.eventList.find((e) => e['ocop:eventKind'] === 'quality_test')!;
    expect(failed.disposition).toBe('non_conformant');
    expect(failed['ocop:labResult']).toMatchObject({ 'ocop:laboratory': 'Trung tâm Kiểm nghiệm', 'ocop:reportNumber': 'KN-1', 'ocop:passed': false });
  });

  it('dispatch names the producer and the buyer; a correction names the corrected eventID; an imported event keeps its eventID', () => {
    expect(byKind('dispatch').sourceList).toEqual([
      { type: 'owning_party', source: 'urn:vn:ocop:party:mst:2801234567' }, { type: 'location', source: 'urn:vn:ocop:loc:14758' },
    ]);
    expect(byKind('dispatch').destinationList).toEqual([{ type: 'owning_party', destination: namedPartyUri('Điểm bán OCOP Hạc Thành') }]);
    expect(list.find((e) => e['ocop:corrects'])!['ocop:corrects']).toBe(`urn:uuid:${processing.id}`);
    expect(byKind('storage').eventID).toBe('ni:///sha-256;abc?ver=CBV2.0');
  });
});

describe('reading a document back', () => {
  it('reads the platform\'s own document into exactly the commands that made it', () => {
    const { commands, problems } = commandsOf(doc);
    expect(problems).toEqual([]);
    expect(commands.map((c) => (c.type === 'event' ? c.kind : c.type))).toEqual(['harvest', 'processing', 'processing', 'transformation', 'quality_test', 'packing', 'dispatch', 'storage']);
    const h = commands[0] as EventCommand;
    expect(h.creates).toMatchObject({ lotNumber: 'LA-01', traceCode: leafCode, productId: 'p-leaf', quantity: 100, unit: 'kg', facility: 'Đồi chè thôn Bản', communeCode: '14758' });
    expect(h).toMatchObject({ eventId: `urn:uuid:${harvest.id}`, occurredAt: '2026-07-01T00:00:00.000Z', communeCode: '14758', facility: 'Đồi chè thôn Bản', actor: 'HTX chè Bản' });
    expect((commands[2] as EventCommand).corrects).toBe(`urn:uuid:${processing.id}`);
    const t = commands[3] as TransformationCommand;
    expect(t.inputs).toEqual([{ ref: { by: 'code', code: leafCode }, quantity: 80.5 }]);
    expect(t.outputs.map((o) => [o.lotNumber, o.traceCode, o.quantity, o.unit, o.expiresOn, o.note])).toEqual([
      ['CH/2026-1', packCode, 40, 'box', '2027-07-03', 'Hộp giấy'], ['CH/2026-2', boxCode, 30, 'box', '2027-07-03', 'Hộp giấy'],
    ]);
    expect((commands[4] as EventCommand).lab).toEqual({
      laboratory: 'Trung tâm Kiểm nghiệm', reportNumber: 'KN-1', testedOn: '2026-07-04',
      indicators: [{ name: 'Chì', result: '0,01 mg/kg', limit: '≤ 0,3 mg/kg', passed: true }, { name: 'Độ ẩm', result: '4 %', limit: null, passed: true }],
    });
    expect(commands[5]).toMatchObject({ kind: 'packing', container: '089300000000000018', subjectPath: 'childQuantityList[0].epcClass' });
    expect(commands[6]).toMatchObject({ kind: 'dispatch', counterparty: 'Điểm bán OCOP Hạc Thành' });
    const record = commandsOf(epcisDocument(data([processing]), new Date())).commands[0] as LotCommand;
    expect(record).toMatchObject({ type: 'lot', lot: { lotNumber: 'LA-01', producedOn: '2026-07-01', traceCode: leafCode } });
  });

  it('reads another system\'s events by their type, action, bizStep and disposition', () => {
    expect(inferKind('ObjectEvent', 'OBSERVE', 'receiving', 'sellable_accessible')).toBe('receipt');
    expect(inferKind('ObjectEvent', 'OBSERVE', 'receiving', 'in_progress')).toBe('receiving');
    expect(inferKind('ObjectEvent', 'OBSERVE', 'other', 'in_progress')).toBe('processing');
    expect(inferKind('ObjectEvent', 'OBSERVE', 'inspecting', 'non_conformant')).toBe('quality_test');
    expect(inferKind('ObjectEvent', 'OBSERVE', 'shipping', 'in_transit')).toBe('dispatch');
    expect(inferKind('AggregationEvent', 'ADD', 'packing', 'in_progress')).toBe('packing');
    expect(inferKind('ObjectEvent', 'OBSERVE', 'loading', 'in_transit')).toBeNull();
  });

  it('lists every problem of every event, each at its place', () => {
    const bad = structuredClone(doc) as unknown as { epcisBody: { eventList: Record<string, unknown>[] } };
    const events = bad.epcisBody.eventList;
    delete events[1]!.eventID;
    events[2]!.quantityList = [{ epcClass: 'urn:epc:id:sgtin:0614141.107346.2018' }];
    events[3]!.bizLocation = { id: 'urn:epc:id:sgln:0614141.07346.0' };
    events[3]!.readPoint = { id: 'urn:epc:id:sgln:0614141.07346.1' };
    events[6]!.eventID = events[5]!.eventID;
    events.push({ type: 'TransactionEvent', eventTime: '2026-07-01T00:00:00Z', eventTimeZoneOffset: '+07:00', eventID: 'urn:uuid:x', action: 'ADD', bizTransactionList: [] });
    const { problems } = commandsOf(bad);
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['epcisBody.eventList[1].eventID', 'epcis.event_id_required'],
      ['epcisBody.eventList[2].quantityList[0].epcClass', 'epcis.unknown_epc_class'],
      ['epcisBody.eventList[3].bizLocation.id', 'epcis.unknown_location'],
      ['epcisBody.eventList[6].eventID', 'epcis.event_id_repeated'],
      ['epcisBody.eventList[8].type', 'epcis.unsupported_event'],
    ]);
  });
});

describe('the schema', () => {
  it('lists every problem of a document with its place and event index', () => {
    const bad = structuredClone(doc) as unknown as Record<string, unknown> & { epcisBody: { eventList: Record<string, unknown>[] } };
    delete bad.schemaVersion;
    bad.epcisBody.eventList[1]!.eventTime = 'yesterday';
    bad.epcisBody.eventList[2]!.bizStep = 'brewing';
    delete bad.epcisBody.eventList[4]!.eventTimeZoneOffset;
    const problems = epcisSchemaProblems(bad);
    const places = problems.map((p) => p.path);
    expect(places).toEqual(expect.arrayContaining([
      'schemaVersion', 'epcisBody.eventList[1].eventTime', 'epcisBody.eventList[2].bizStep', 'epcisBody.eventList[4].eventTimeZoneOffset',
    ]));
    expect(problems.find((p) => p.path === 'epcisBody.eventList[1].eventTime')).toMatchObject({ index: 1, message: 'must match format "date-time"' });
    expect(problems.find((p) => p.path === 'schemaVersion')).toMatchObject({ index: null, message: 'must have property "schemaVersion"' });
    expect(epcisSchemaProblems([])).not.toEqual([]);
  });

  it('accepts GS1\'s own example of a transformation', () => {
    const example = {
      '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { example: 'http://ns.example.com/epcis/' }],
      id: 'https://id.example.org/document1', type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2013-06-04T14:59:02.099+02:00',
      epcisBody: {
        eventList: [{
          eventID: 'ni:///sha-256;e65c3a997e77f34b58306da7a82ab0fc91c7820013287700f0b50345e5795b97?ver=CBV2.0', type: 'TransformationEvent',
          eventTime: '2013-10-31T14:58:56.591Z', eventTimeZoneOffset: '+02:00',
          inputEPCList: ['urn:epc:id:sgtin:4012345.011122.25'], inputQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.011111.4444', quantity: 10, uom: 'KGM' }],
          outputEPCList: ['urn:epc:id:sgtin:4012345.077889.25'], bizStep: 'commissioning', disposition: 'in_progress',
          readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0' }, ilmd: { 'example:bestBeforeDate': '2014-12-10' }, 'example:myField': 'x',
        }],
      },
    };
    expect(epcisSchemaProblems(example)).toEqual([]);
  });

  it('paths read like the house\'s JSON imports', () => {
    expect(pathOf('/epcisBody/eventList/3/quantityList/0/epcClass')).toBe('epcisBody.eventList[3].quantityList[0].epcClass');
    expect(pathOf('')).toBe('');
    expect(pathOf('/a~1b/c~0d')).toBe('a/b.c~d');
  });
});
