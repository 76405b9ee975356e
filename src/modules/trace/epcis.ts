/**
 * Trace events as GS1 EPCIS 2.0 JSON-LD (issue 17, item 6; docs/decisions/041). Pure: the
 * service reads the rows and writes the results. This file holds the identifiers the platform
 * defines and the export (events and lots → an `EPCISDocument`); epcis-read.ts reads a document
 * back into import commands.
 *
 * Identifiers (each reversible, so a document imports back to exactly what was exported):
 * - a lot (an EPCIS class, `epcClass`): for a product with a GTIN-13, the GS1 Digital Link URI
 *   `https://id.gs1.org/01/<GTIN-14>/10/<lot number>` (GTIN-14 = "0" + GTIN-13; a `/` of the lot
 *   number percent-encoded); otherwise `urn:vn:ocop:lot:<trace code>` (domain/trace.ts);
 * - a place: `urn:vn:ocop:loc:<commune code>` (the business location, `bizLocation`) and, when the
 *   event names a facility, `urn:vn:ocop:loc:<commune code>:<facility, percent-encoded>` (the read
 *   point); the commune codes are the national codes of seed/areas;
 * - a party (`sourceList`/`destinationList`, type `owning_party`): the producer as
 *   `urn:vn:ocop:party:mst:<tax code>` (`urn:vn:ocop:party:producer:<id>` without one); a buyer,
 *   supplier or point of sale written as text, `urn:vn:ocop:party:name:<text, percent-encoded>`;
 * - a container (the parent of a packing AggregationEvent): an 18-digit SSCC as
 *   `https://id.gs1.org/00/<SSCC>`, any other code as `urn:vn:ocop:container:<code, percent-encoded>`;
 * - an event (`eventID`): the eventID it was imported with, else `urn:uuid:<the event's id>` —
 *   stable for ever (events are append-only), so exporting twice gives the same ids and importing a
 *   document again records nothing twice;
 * - a lot's own record (below): `urn:uuid:` + a name-based (version 5, SHA-1) UUID of its trace code.
 *
 * Where a lot comes from (ILMD, instance/lot master data, on the event that creates it): a
 * transformation's outputs in its `ilmd` (`ocop:lots`, one entry per output); a lot harvested in
 * the document on its first harvest (an ObjectEvent ADD, commissioning); any other lot the
 * document names gets a "lot record", an ObjectEvent ADD/commissioning dated the lot's production
 * day with `ocop:lotRecord: true` and no `ocop:eventKind`. ILMD uses CBV's `cbvmda:lotNumber` and
 * `cbvmda:itemExpirationDate`; CBV has no production date, so it is `ocop:producedOn`.
 *
 * The platform's own fields travel as extensions with the prefix `ocop` (declared in @context as
 * `urn:vn:ocop:epcis:`): `ocop:eventKind`, `ocop:actor`, `ocop:facility`, `ocop:note`,
 * `ocop:counterparty`, `ocop:container`, `ocop:corrects` (the eventID of the event corrected) and
 * `ocop:labResult` (the laboratory's report: laboratory, report number, test day, indicators;
 * the report's file stays on the platform). Recalls are not trace events and are not exported.
 */
import { createHash } from 'node:crypto';
import {
  EPCIS_FAILED_TEST_DISPOSITION, EPCIS_OF_KIND, EPCIS_PACKING_INTO_CONTAINER, UOM_OF_UNIT,
  type EventLotRole, type TraceEventKind, type TraceUnit,
} from '../../domain/trace';

export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
/** The IRI of the `ocop` prefix of the platform's extension fields. */
export const OCOP_NAMESPACE = 'urn:vn:ocop:epcis:';
export const EPCIS_MEDIA_TYPE = 'application/ld+json';
export const VIETNAM_OFFSET = '+07:00';
const GS1_RESOLVER = 'https://id.gs1.org';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface EpcisDocument {
  '@context': Json;
  type: 'EPCISDocument';
  schemaVersion: '2.0';
  creationDate: string;
  epcisBody: { eventList: JsonObject[] };
}

// ─── Identifiers ────────────────────────────────────────────────────────────

/** GTIN-14 of a stored GTIN (GTIN-13 gets a leading zero); null for anything else. */
export function gtin14Of(gtin: string | null): string | null {
  if (gtin && /^\d{13}$/.test(gtin)) return `0${gtin}`;
  if (gtin && /^\d{14}$/.test(gtin)) return gtin;
  return null;
}

export function epcClassOf(lot: { gtin: string | null; lotNumber: string; traceCode: string }): string {
  const g = gtin14Of(lot.gtin);
  return g ? `${GS1_RESOLVER}/01/${g}/10/${encodeURIComponent(lot.lotNumber)}` : `urn:vn:ocop:lot:${lot.traceCode}`;
}

export const locationUri = (communeCode: string, facility?: string | null) =>
  (facility ? `urn:vn:ocop:loc:${communeCode}:${encodeURIComponent(facility)}` : `urn:vn:ocop:loc:${communeCode}`);

export const producerPartyUri = (p: { id: string; taxCode: string | null }) =>
  (p.taxCode ? `urn:vn:ocop:party:mst:${encodeURIComponent(p.taxCode)}` : `urn:vn:ocop:party:producer:${p.id}`);

export const namedPartyUri = (name: string) => `urn:vn:ocop:party:name:${encodeURIComponent(name)}`;

export const containerUri = (code: string) =>
  (/^\d{18}$/.test(code) ? `${GS1_RESOLVER}/00/${code}` : `urn:vn:ocop:container:${encodeURIComponent(code)}`);

export const eventIdOf = (e: { id: string; epcisId: string | null }) => e.epcisId ?? `urn:uuid:${e.id}`;

/** A fixed namespace for the name-based UUIDs of lot records (RFC 9562 version 5). */
const LOT_RECORD_NAMESPACE = '5b0f6a52-8d1e-4c7a-9f3e-2a61c4d8e907';

export function nameUuid(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(Buffer.concat([ns, Buffer.from(name, 'utf8')])).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export const lotRecordEventId = (traceCode: string) => `urn:uuid:${nameUuid(LOT_RECORD_NAMESPACE, `lot:${traceCode}`)}`;

/** An instant as Vietnam reads it: `2026-07-02T08:00:00.000+07:00`. */
export const vietnamTime = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().replace('Z', VIETNAM_OFFSET);

// ─── Export ─────────────────────────────────────────────────────────────────

export interface ExportLot {
  id: string; traceCode: string; lotNumber: string; productId: string; productName: string; gtin: string | null;
  producedOn: string; expiresOn: string | null; quantity: number; unit: TraceUnit; facility: string; communeCode: string;
  note: string | null; isSample: boolean;
}

export interface ExportEvent {
  id: string; kind: TraceEventKind; occurredAt: Date; communeCode: string; facility: string | null; actor: string;
  note: string | null; counterparty: string | null; container: string | null; labResultId: string | null;
  correctsId: string | null; epcisId: string | null; producerId: string;
  lots: { lotId: string; role: EventLotRole; quantity: number | null }[];
}

export interface ExportLab {
  laboratory: string; reportNumber: string | null; testedOn: string; passed: boolean;
  indicators: { name: string; result: string; limit: string | null; passed: boolean }[];
}

export interface ExportData {
  /** In the order they happened. */
  events: ExportEvent[];
  /** Every lot an event names. */
  lots: ReadonlyMap<string, ExportLot>;
  labs: ReadonlyMap<string, ExportLab>;
  producers: ReadonlyMap<string, { id: string; taxCode: string | null }>;
  /** The eventID of corrected events that are not in `events` (our id → eventID). */
  correctedIds: ReadonlyMap<string, string>;
}

const when = (at: Date) => ({ eventTime: vietnamTime(at), eventTimeZoneOffset: VIETNAM_OFFSET });

function quantityElement(lot: ExportLot, quantity: number | null): JsonObject {
  const uom = UOM_OF_UNIT[lot.unit];
  return quantity === null ? { epcClass: epcClassOf(lot) } : { epcClass: epcClassOf(lot), quantity, ...(uom ? { uom } : {}) };
}

/** A lot's instance/lot master data; `commune` for ObjectEvents (a transformation's outputs are made where it happens). */
export function lotIlmd(lot: ExportLot, withCommune: boolean): JsonObject {
  return {
    'cbvmda:lotNumber': lot.lotNumber,
    ...(lot.expiresOn ? { 'cbvmda:itemExpirationDate': lot.expiresOn } : {}),
    'ocop:producedOn': lot.producedOn,
    'ocop:quantity': lot.quantity,
    'ocop:unit': lot.unit,
    'ocop:traceCode': lot.traceCode,
    'ocop:facility': lot.facility,
    'ocop:productName': lot.productName,
    // Without a GTIN the product is named by its id on this platform (another one cannot resolve it).
    ...(gtin14Of(lot.gtin) ? {} : { 'ocop:productId': lot.productId }),
    ...(withCommune ? { 'ocop:commune': lot.communeCode } : {}),
    ...(lot.note ? { 'ocop:note': lot.note } : {}),
    ...(lot.isSample ? { 'ocop:sample': true } : {}),
  };
}

const labJson = (lab: ExportLab): JsonObject => ({
  'ocop:laboratory': lab.laboratory,
  ...(lab.reportNumber ? { 'ocop:reportNumber': lab.reportNumber } : {}),
  'ocop:testedOn': lab.testedOn,
  'ocop:passed': lab.passed,
  'ocop:indicators': lab.indicators.map((i) => ({
    'ocop:name': i.name, 'ocop:result': i.result, ...(i.limit ? { 'ocop:limit': i.limit } : {}), 'ocop:passed': i.passed,
  })),
});

function partiesOf(e: ExportEvent, producer: { id: string; taxCode: string | null }): JsonObject {
  const own = producerPartyUri(producer);
  const here = locationUri(e.communeCode, e.facility);
  const other = e.counterparty ? namedPartyUri(e.counterparty) : null;
  if (e.kind === 'dispatch') {
    return {
      sourceList: [{ type: 'owning_party', source: own }, { type: 'location', source: here }],
      ...(other ? { destinationList: [{ type: 'owning_party', destination: other }] } : {}),
    };
  }
  if (e.kind === 'receiving') {
    return {
      ...(other ? { sourceList: [{ type: 'owning_party', source: other }] } : {}),
      destinationList: [{ type: 'owning_party', destination: own }, { type: 'location', destination: here }],
    };
  }
  if (e.kind === 'receipt') {
    return {
      sourceList: [{ type: 'owning_party', source: own }],
      destinationList: [{ type: 'location', destination: here }, ...(other ? [{ type: 'owning_party', destination: other }] : [])],
    };
  }
  return {};
}

function lotRecordOf(lot: ExportLot): JsonObject {
  return {
    type: 'ObjectEvent',
    eventTime: `${lot.producedOn}T00:00:00.000${VIETNAM_OFFSET}`, eventTimeZoneOffset: VIETNAM_OFFSET,
    eventID: lotRecordEventId(lot.traceCode),
    action: 'ADD', bizStep: 'commissioning', disposition: 'active',
    quantityList: [quantityElement(lot, lot.quantity)],
    readPoint: { id: locationUri(lot.communeCode, lot.facility) }, bizLocation: { id: locationUri(lot.communeCode) },
    ilmd: lotIlmd(lot, true),
    'ocop:lotRecord': true,
  };
}

function lotOf(data: ExportData, id: string): ExportLot {
  const lot = data.lots.get(id);
  if (!lot) throw new Error(`epcisDocument: lot ${id} of an event is missing`);
  return lot;
}

function eventOf(e: ExportEvent, data: ExportData, eventIds: ReadonlyMap<string, string>, createsLot: ExportLot | null): JsonObject {
  const lab = e.labResultId ? data.labs.get(e.labResultId) ?? null : null;
  const ext: JsonObject = {
    'ocop:eventKind': e.kind,
    'ocop:actor': e.actor,
    ...(e.facility ? { 'ocop:facility': e.facility } : {}),
    ...(e.note ? { 'ocop:note': e.note } : {}),
    ...(e.counterparty ? { 'ocop:counterparty': e.counterparty } : {}),
    ...(e.container ? { 'ocop:container': e.container } : {}),
    ...(e.correctsId ? { 'ocop:corrects': eventIds.get(e.correctsId) ?? data.correctedIds.get(e.correctsId) ?? `urn:uuid:${e.correctsId}` } : {}),
    ...(lab ? { 'ocop:labResult': labJson(lab) } : {}),
  };
  const where = { readPoint: { id: locationUri(e.communeCode, e.facility) }, bizLocation: { id: locationUri(e.communeCode) } };
  if (e.kind === 'transformation') {
    const shape = EPCIS_OF_KIND.transformation;
    const inputs = e.lots.filter((l) => l.role === 'input');
    const outputs = e.lots.filter((l) => l.role === 'output');
    return {
      type: 'TransformationEvent', ...when(e.occurredAt), eventID: eventIdOf(e),
      inputQuantityList: inputs.map((l) => quantityElement(lotOf(data, l.lotId), l.quantity)),
      outputQuantityList: outputs.map((l) => quantityElement(lotOf(data, l.lotId), l.quantity)),
      bizStep: shape.bizStep, disposition: shape.disposition, ...where,
      ilmd: { 'ocop:lots': outputs.map((l) => ({ 'ocop:epcClass': epcClassOf(lotOf(data, l.lotId)), ...lotIlmd(lotOf(data, l.lotId), false) })) },
      ...ext,
    };
  }
  const subject = e.lots.find((l) => l.role === 'subject');
  if (!subject) throw new Error(`epcisDocument: event ${e.id} has no subject lot`);
  const lot = lotOf(data, subject.lotId);
  const shape = e.kind === 'packing' && e.container ? EPCIS_PACKING_INTO_CONTAINER : EPCIS_OF_KIND[e.kind];
  const disposition = e.kind === 'quality_test' && lab && !lab.passed ? EPCIS_FAILED_TEST_DISPOSITION : shape.disposition;
  const producer = data.producers.get(e.producerId) ?? { id: e.producerId, taxCode: null };
  const head = { ...when(e.occurredAt), eventID: eventIdOf(e) };
  if (shape.type === 'AggregationEvent') {
    return {
      type: 'AggregationEvent', ...head, parentID: containerUri(e.container!), childQuantityList: [quantityElement(lot, null)],
      action: shape.action!, bizStep: shape.bizStep, disposition, ...where, ...partiesOf(e, producer), ...ext,
    };
  }
  return {
    type: 'ObjectEvent', ...head, quantityList: [quantityElement(lot, null)],
    action: shape.action!, bizStep: shape.bizStep, disposition, ...where, ...partiesOf(e, producer),
    ...(createsLot ? { ilmd: lotIlmd(createsLot, true) } : {}),
    ...ext,
  };
}

/**
 * The EPCIS 2.0 document of the events (in the order given), led by the records of the lots
 * they name that no event of the document creates (oldest production first).
 */
export function epcisDocument(data: ExportData, creationDate: Date): EpcisDocument {
  const made = new Set<string>();
  for (const e of data.events) if (e.kind === 'transformation') for (const l of e.lots) if (l.role === 'output') made.add(l.lotId);
  // A lot harvested in the document carries its master data on its first harvest.
  const harvestOf = new Map<string, string>();
  for (const e of data.events) {
    if (e.kind !== 'harvest' || e.correctsId || e.lots.length !== 1) continue;
    const lotId = e.lots[0]!.lotId;
    if (!made.has(lotId) && !harvestOf.has(lotId)) harvestOf.set(lotId, e.id);
  }
  const named = new Set<string>();
  for (const e of data.events) for (const l of e.lots) named.add(l.lotId);
  const records = [...named].filter((id) => !made.has(id) && !harvestOf.has(id)).map((id) => lotOf(data, id))
    .sort((a, b) => a.producedOn.localeCompare(b.producedOn) || a.traceCode.localeCompare(b.traceCode));
  const eventIds = new Map(data.events.map((e) => [e.id, eventIdOf(e)]));
  const creates = new Map([...harvestOf].map(([lotId, eventId]) => [eventId, lotId]));
  return {
    '@context': [EPCIS_CONTEXT, { ocop: OCOP_NAMESPACE }],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: creationDate.toISOString(),
    epcisBody: {
      eventList: [
        ...records.map(lotRecordOf),
        ...data.events.map((e) => eventOf(e, data, eventIds, creates.has(e.id) ? lotOf(data, creates.get(e.id)!) : null)),
      ],
    },
  };
}
