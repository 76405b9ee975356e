/**
 * An EPCIS 2.0 document (already valid against GS1's schema) read back into import commands:
 * lots to create (a lot record, or the master data of a harvest or a transformation's outputs),
 * events of one lot, and transformations. Pure. Every problem is told, each with its place in the
 * document (`epcisBody.eventList[3].bizLocation.id`); the service then checks the identifiers
 * against the database and the rules of the services. The platform's own documents (epcis.ts)
 * read back exactly; other systems' documents are read where they say enough: the kind from
 * `ocop:eventKind` or else from the type, action, bizStep and disposition; quantities and units
 * of a new lot from its quantity element when ILMD does not give them.
 */
import { todayInVietnam } from '../../domain/dates';
import { gtinCheckDigit } from '../../domain/gtin';
import {
  EPCIS_OF_KIND, TRACE_EVENT_KINDS, TRACE_UNITS, UOM_OF_UNIT, isLotNumber, normalizeLotNumber, parseTraceCode,
  type TraceEventKind, type TraceUnit,
} from '../../domain/trace';
import type { FieldCode, Params } from '../../core/i18n';

/** At most this many events in one document (the export's cap too). */
export const EPCIS_MAX_EVENTS = 50_000;

export type LotRef = { by: 'gtin'; gtin: string; lotNumber: string } | { by: 'code'; code: string };
export const refKey = (r: LotRef) => (r.by === 'gtin' ? `gtin:${r.gtin}/${r.lotNumber}` : `code:${r.code}`);

export interface LotSpec {
  ref: LotRef;
  /** Where its master data is in the document (for problems). */
  path: string;
  lotNumber: string; producedOn: string; expiresOn: string | null; quantity: number; unit: TraceUnit; facility: string;
  traceCode: string | null; productId: string | null; note: string | null; isSample: boolean; communeCode: string | null;
}

export interface LabSpec {
  laboratory: string; reportNumber: string | null; testedOn: string;
  indicators: { name: string; result: string; limit: string | null; passed: boolean }[];
}

interface Base {
  index: number; eventId: string; occurredAt: string; communeCode: string; facility: string | null; actor: string | null; note: string | null;
}
export type LotCommand = Base & { type: 'lot'; lot: LotSpec };
export type EventCommand = Base & {
  type: 'event'; kind: Exclude<TraceEventKind, 'transformation'>; subject: LotRef; subjectPath: string; creates: LotSpec | null;
  counterparty: string | null; container: string | null; corrects: string | null; lab: LabSpec | null;
};
export type TransformationCommand = Base & { type: 'transformation'; inputs: { ref: LotRef; quantity: number }[]; outputs: LotSpec[] };
export type ImportCommand = LotCommand | EventCommand | TransformationCommand;

export interface ImportProblem { index: number | null; path: string; code: FieldCode; params?: Params }

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const decode = (s: string): string | null => { try { return decodeURIComponent(s); } catch { return null; } };
const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** A lot named by a GS1 Digital Link, an LGTIN EPC class URI or the platform's trace-code URN; null otherwise. */
export function lotRefOf(epcClass: string): LotRef | null {
  const dl = /^https?:\/\/[^/?#]+(?:\/[^?#]*)?\/01\/(\d{14})\/10\/([^/?#]+)\/?(?:[?#].*)?$/.exec(epcClass);
  if (dl) {
    const lot = decode(dl[2]!);
    return lot === null ? null : { by: 'gtin', gtin: dl[1]!.startsWith('0') ? dl[1]!.slice(1) : dl[1]!, lotNumber: normalizeLotNumber(lot) };
  }
  const lgtin = /^urn:epc:class:lgtin:(\d{6,12})\.(\d{1,7})\.(.+)$/.exec(epcClass);
  if (lgtin && lgtin[1]!.length + lgtin[2]!.length === 13) {
    const lot = decode(lgtin[3]!);
    const [cp, ir] = [lgtin[1]!, lgtin[2]!];
    if (lot === null || ir[0] !== '0') return null;
    const first12 = cp + ir.slice(1);
    return { by: 'gtin', gtin: first12 + String(gtinCheckDigit(first12)), lotNumber: normalizeLotNumber(lot) };
  }
  const own = /^urn:vn:ocop:lot:(.+)$/.exec(epcClass);
  if (own) {
    const code = parseTraceCode(own[1]!);
    return code.ok ? { by: 'code', code: code.code } : null;
  }
  return null;
}

/** `urn:vn:ocop:loc:<commune>[:<facility>]` → its parts; null for any other place. */
export function placeOf(uri: string): { communeCode: string; facility: string | null } | null {
  const m = /^urn:vn:ocop:loc:(\d{5})(?::(.+))?$/.exec(uri);
  if (!m) return null;
  return { communeCode: m[1]!, facility: m[2] ? decode(m[2]) : null };
}

/** The text of a party or container URI the platform wrote; another URI is kept as it is written. */
export function nameOfPartyUri(uri: string): string {
  const m = /^urn:vn:ocop:party:name:(.+)$/.exec(uri);
  return (m && decode(m[1]!)) ?? uri;
}
export function containerOf(uri: string): string {
  const sscc = /^https?:\/\/[^/?#]+(?:\/[^?#]*)?\/00\/(\d{18})$/.exec(uri);
  if (sscc) return sscc[1]!;
  const m = /^urn:vn:ocop:container:(.+)$/.exec(uri);
  return (m && decode(m[1]!)) ?? uri;
}

const unitOfUom = (uom: string | null): TraceUnit | null =>
  (uom ? (Object.entries(UOM_OF_UNIT).find(([, u]) => u === uom)?.[0] as TraceUnit | undefined) ?? null : 'piece');

/** Inference order when a document does not say `ocop:eventKind` ("other" reads as processing). */
const INFERENCE: readonly Exclude<TraceEventKind, 'transformation'>[] = ['harvest', 'receiving', 'receipt', 'processing', 'packing', 'quality_test', 'storage', 'dispatch', 'planting'];

export function inferKind(type: string, action: unknown, bizStep: unknown, disposition: unknown): Exclude<TraceEventKind, 'transformation'> | null {
  if (type !== 'ObjectEvent') return type === 'AggregationEvent' ? 'packing' : null;
  const fits = INFERENCE.filter((k) => EPCIS_OF_KIND[k].action === action && EPCIS_OF_KIND[k].bizStep === bizStep);
  return fits.find((k) => EPCIS_OF_KIND[k].disposition === disposition) ?? fits[0] ?? null;
}

class Reader {
  readonly problems: ImportProblem[] = [];
  constructor(readonly index: number) {}
  bad(path: string, code: FieldCode, params?: Params) {
    this.problems.push({ index: this.index, path: `epcisBody.eventList[${this.index}]${path ? `.${path}` : ''}`, code, ...(params ? { params } : {}) });
  }
  ref(v: unknown, path: string): LotRef | null {
    const s = str(v);
    const r = s ? lotRefOf(s) : null;
    if (!r) this.bad(path, 'epcis.unknown_epc_class');
    return r;
  }
  day(v: unknown, path: string): string | null {
    const s = str(v);
    if (s && isDay(s)) return s;
    this.bad(path, 'trace.not_date');
    return null;
  }
  /** A new lot's master data (`m`), with the quantity element naming it for what ILMD leaves out. */
  lot(m: Obj, path: string, ref: LotRef, q: Obj | null, eventDay: string): LotSpec | null {
    const before = this.problems.length;
    const at = (k: string) => `${path}.${k}`;
    const lotNumber = normalizeLotNumber(str(m['cbvmda:lotNumber']) ?? (ref.by === 'gtin' ? ref.lotNumber : ''));
    if (!isLotNumber(lotNumber)) this.bad(at('cbvmda:lotNumber'), 'trace.lot_number');
    else if (ref.by === 'gtin' && ref.lotNumber !== lotNumber) this.bad(at('cbvmda:lotNumber'), 'epcis.lot_number_mismatch');
    const producedOn = m['ocop:producedOn'] === undefined ? eventDay : this.day(m['ocop:producedOn'], at('ocop:producedOn'));
    const expiresOn = m['cbvmda:itemExpirationDate'] === undefined ? null : this.day(m['cbvmda:itemExpirationDate'], at('cbvmda:itemExpirationDate'));
    const quantity = num(m['ocop:quantity']) ?? num(q?.quantity);
    if (quantity === null) this.bad(at('ocop:quantity'), 'epcis.quantity_required');
    const unitRaw = str(m['ocop:unit']) ?? unitOfUom(str(q?.uom));
    const unit = (TRACE_UNITS as readonly string[]).includes(unitRaw ?? '') ? unitRaw as TraceUnit : null;
    if (!unit) this.bad(at('ocop:unit'), 'epcis.unknown_unit');
    let traceCode: string | null = ref.by === 'code' ? ref.code : null;
    if (m['ocop:traceCode'] !== undefined) {
      const c = parseTraceCode(String(m['ocop:traceCode']));
      if (!c.ok || (traceCode !== null && c.code !== traceCode)) this.bad(at('ocop:traceCode'), 'epcis.trace_code');
      else traceCode = c.code;
    }
    if (this.problems.length > before) return null;
    return {
      ref, path: `epcisBody.eventList[${this.index}].${path}`, lotNumber, producedOn: producedOn!, expiresOn, quantity: quantity!, unit: unit!,
      facility: str(m['ocop:facility']) ?? '', traceCode, productId: str(m['ocop:productId']), note: str(m['ocop:note']),
      isSample: m['ocop:sample'] === true, communeCode: str(m['ocop:commune']),
    };
  }
  lab(v: unknown, path: string): LabSpec | null {
    if (!isObj(v)) { this.bad(path, 'epcis.lab_result'); return null; }
    const indicators = arr(v['ocop:indicators']).filter(isObj).map((i) => ({
      name: str(i['ocop:name']) ?? '', result: str(i['ocop:result']) ?? '', limit: str(i['ocop:limit']), passed: i['ocop:passed'] === true,
    }));
    const laboratory = str(v['ocop:laboratory']);
    const testedOn = this.day(v['ocop:testedOn'], `${path}.ocop:testedOn`);
    if (!laboratory || !indicators.length || indicators.some((i) => !i.name || !i.result)) this.bad(path, 'epcis.lab_result');
    return laboratory && testedOn ? { laboratory, reportNumber: str(v['ocop:reportNumber']), testedOn, indicators } : null;
  }
}

function commandOf(ev: Obj, index: number): { command: ImportCommand | null; problems: ImportProblem[] } {
  const r = new Reader(index);
  const eventId = str(ev.eventID);
  if (!eventId) r.bad('eventID', 'epcis.event_id_required');
  const type = String(ev.type);
  if (type !== 'ObjectEvent' && type !== 'AggregationEvent' && type !== 'TransformationEvent') {
    r.bad('type', 'epcis.unsupported_event');
    return { command: null, problems: r.problems };
  }
  const at = new Date(String(ev.eventTime));
  const eventDay = Number.isNaN(at.getTime()) ? '' : todayInVietnam(at);
  const kindRaw = ev['ocop:eventKind'];
  const kindGiven = kindRaw === undefined ? null : (TRACE_EVENT_KINDS as readonly unknown[]).includes(kindRaw) ? kindRaw as TraceEventKind : null;
  if (kindRaw !== undefined && !kindGiven) r.bad('ocop:eventKind', 'epcis.unknown_kind');
  const bizPlace = isObj(ev.bizLocation) ? placeOf(String(ev.bizLocation.id)) : null;
  const readPlace = isObj(ev.readPoint) ? placeOf(String(ev.readPoint.id)) : null;
  const place = bizPlace ?? readPlace;
  if (!place) r.bad(isObj(ev.bizLocation) ? 'bizLocation.id' : isObj(ev.readPoint) ? 'readPoint.id' : 'bizLocation', 'epcis.unknown_location');
  const base = {
    index, eventId: eventId ?? '', occurredAt: at.toISOString(), communeCode: place?.communeCode ?? '',
    facility: str(ev['ocop:facility']) ?? readPlace?.facility ?? null, actor: str(ev['ocop:actor']), note: str(ev['ocop:note']),
  };
  const done = (command: ImportCommand | null) => ({ command: r.problems.length ? null : command, problems: r.problems });
  const ilmd = isObj(ev.ilmd) ? ev.ilmd : null;

  if (type === 'TransformationEvent') {
    if (kindGiven && kindGiven !== 'transformation') r.bad('ocop:eventKind', 'epcis.kind_mismatch');
    if (arr(ev.inputEPCList).length) r.bad('inputEPCList', 'epcis.instance_level');
    if (arr(ev.outputEPCList).length) r.bad('outputEPCList', 'epcis.instance_level');
    const inputs: TransformationCommand['inputs'] = [];
    for (const [i, q] of arr(ev.inputQuantityList).entries()) {
      const ref = r.ref(isObj(q) ? q.epcClass : null, `inputQuantityList[${i}].epcClass`);
      const quantity = isObj(q) ? num(q.quantity) : null;
      if (quantity === null) r.bad(`inputQuantityList[${i}].quantity`, 'epcis.quantity_required');
      if (ref && quantity !== null) inputs.push({ ref, quantity });
    }
    const entries = arr(ilmd?.['ocop:lots']).filter(isObj);
    const outputs: LotSpec[] = [];
    for (const [i, q] of arr(ev.outputQuantityList).entries()) {
      const ref = r.ref(isObj(q) ? q.epcClass : null, `outputQuantityList[${i}].epcClass`);
      if (!ref || !isObj(q)) continue;
      const k = entries.findIndex((m) => m['ocop:epcClass'] === q.epcClass);
      // One output may carry its master data at the top of ILMD (as other systems write it).
      const m = k >= 0 ? entries[k]! : arr(ev.outputQuantityList).length === 1 && ilmd && !entries.length ? ilmd : null;
      if (!m) { r.bad(`outputQuantityList[${i}]`, 'epcis.ilmd_missing'); continue; }
      const spec = r.lot(m, k >= 0 ? `ilmd.ocop:lots[${k}]` : 'ilmd', ref, q, eventDay);
      if (spec && num(q.quantity) !== null && num(q.quantity) !== spec.quantity) r.bad(`outputQuantityList[${i}].quantity`, 'epcis.quantity_mismatch');
      if (spec) outputs.push(spec);
    }
    if (!inputs.length && !r.problems.length) r.bad('inputQuantityList', 'epcis.quantity_required');
    if (!outputs.length && !r.problems.length) r.bad('outputQuantityList', 'epcis.ilmd_missing');
    return done({ ...base, type: 'transformation', inputs, outputs });
  }

  const aggregation = type === 'AggregationEvent';
  const listKey = aggregation ? 'childQuantityList' : 'quantityList';
  if (ev.action === 'DELETE' || (aggregation && ev.action !== 'ADD')) r.bad('action', 'epcis.unsupported_action');
  if (arr(aggregation ? ev.childEPCs : ev.epcList).length) r.bad(aggregation ? 'childEPCs' : 'epcList', 'epcis.instance_level');
  const list = arr(ev[listKey]);
  if (list.length !== 1) r.bad(listKey, 'epcis.one_lot');
  const q = isObj(list[0]) ? list[0] : null;
  const subject = list.length === 1 ? r.ref(q?.epcClass, `${listKey}[0].epcClass`) : null;

  // A lot's own record: master data, no event kind.
  if (!aggregation && ev.action === 'ADD' && ilmd && kindRaw === undefined) {
    const lot = subject ? r.lot(ilmd, 'ilmd', subject, q, eventDay) : null;
    return done(lot ? { ...base, type: 'lot', lot } : null);
  }
  const kind = kindGiven ?? inferKind(type, ev.action, ev.bizStep, ev.disposition);
  if (!kind) r.bad('bizStep', 'epcis.unsupported_step');
  if (kind === 'transformation' || (aggregation && kind && kind !== 'packing')) r.bad('ocop:eventKind', 'epcis.kind_mismatch');
  const creates = ilmd && subject ? r.lot(ilmd, 'ilmd', subject, q, eventDay) : null;
  const lab = ev['ocop:labResult'] === undefined ? null : r.lab(ev['ocop:labResult'], 'ocop:labResult');
  if (lab && kind !== 'quality_test') r.bad('ocop:labResult', 'epcis.kind_mismatch');
  // The counterparty: as the platform wrote it, else the other party of the source or destination list.
  const parties = [...arr(ev.sourceList), ...arr(ev.destinationList)].filter(isObj)
    .map((p) => String(p.source ?? p.destination ?? '')).filter((u) => u.startsWith('urn:vn:ocop:party:name:'));
  let container = str(ev['ocop:container']);
  if (aggregation && !container) {
    if (typeof ev.parentID === 'string') container = containerOf(ev.parentID);
    else r.bad('parentID', 'epcis.container_required');
  }
  if (!subject || !kind || kind === 'transformation') return done(null);
  return done({
    ...base, type: 'event', kind, subject, subjectPath: `${listKey}[0].epcClass`, creates,
    counterparty: str(ev['ocop:counterparty']) ?? (parties[0] ? nameOfPartyUri(parties[0]) : null),
    container, corrects: str(ev['ocop:corrects']), lab,
  });
}

/** The commands of a schema-valid EPCIS document, in its order, and every problem found. */
export function commandsOf(doc: unknown): { commands: ImportCommand[]; problems: ImportProblem[] } {
  const list = isObj(doc) && isObj(doc.epcisBody) ? arr(doc.epcisBody.eventList) : [];
  if (list.length > EPCIS_MAX_EVENTS) {
    return { commands: [], problems: [{ index: null, path: 'epcisBody.eventList', code: 'epcis.too_many_events', params: { max: EPCIS_MAX_EVENTS } }] };
  }
  const commands: ImportCommand[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  for (const [i, ev] of list.entries()) {
    const out = commandOf(isObj(ev) ? ev : {}, i);
    problems.push(...out.problems);
    const id = isObj(ev) ? str(ev.eventID) : null;
    if (id && seen.has(id)) problems.push({ index: i, path: `epcisBody.eventList[${i}].eventID`, code: 'epcis.event_id_repeated' });
    if (id) seen.add(id);
    if (out.command) commands.push(out.command);
  }
  return { commands, problems };
}
