/**
 * Lot traceability (issue 17, docs/decisions/041): production lots, what happened to them (trace
 * events, append-only), the platform's own trace code for products without a GTIN, and how each
 * event reads in GS1 EPCIS 2.0. Pure: no I/O, no clock (the caller passes "now").
 *
 * Quantities are decimals with at most three places (kilograms to the gram); they are compared in
 * thousandths, as integers, so 0.1 + 0.2 never exceeds 0.3.
 */

/** What can happen to a lot ("một bước trước – một bước sau"). */
export const TRACE_EVENT_KINDS = [
  'planting', 'harvest', 'receiving', 'processing', 'packing', 'quality_test', 'storage', 'dispatch', 'receipt', 'transformation',
] as const;
export type TraceEventKind = (typeof TRACE_EVENT_KINDS)[number];

/** Kinds that describe growing or raising: they may come before the lot's production (harvest) day. */
export const BEFORE_PRODUCTION_KINDS: ReadonlySet<TraceEventKind> = new Set(['planting']);

/**
 * Units of a lot's quantity, with their UN/CEFACT Rec. 20 code where EPCIS wants one; a count
 * (boxes, bottles, packs, pieces) has none: EPCIS reads a quantity without `uom` as a count.
 */
export const TRACE_UNITS = ['kg', 'g', 'tonne', 'l', 'ml', 'box', 'bottle', 'pack', 'piece'] as const;
export type TraceUnit = (typeof TRACE_UNITS)[number];
export const UOM_OF_UNIT: Readonly<Record<TraceUnit, string | null>> = {
  kg: 'KGM', g: 'GRM', tonne: 'TNE', l: 'LTR', ml: 'MLT', box: null, bottle: null, pack: null, piece: null,
};

/** Where a raw-material input came from. */
export const INPUT_SOURCE_KINDS = ['producer', 'area', 'text'] as const;
export type InputSourceKind = (typeof INPUT_SOURCE_KINDS)[number];

/** A lot takes part in an event as its subject, or as an input consumed / output made by a transformation. */
export const EVENT_LOT_ROLES = ['subject', 'input', 'output'] as const;
export type EventLotRole = (typeof EVENT_LOT_ROLES)[number];

export const RECALL_STATUSES = ['open', 'closed'] as const;
export type RecallStatus = (typeof RECALL_STATUSES)[number];

// ─── Lot numbers ────────────────────────────────────────────────────────────

/**
 * A lot number as GS1 AI (10) carries it in a barcode and a Digital Link: 1–20 characters; the
 * platform keeps to letters, digits and `- . /` (a subset of GS1's character set 82 that needs no
 * escaping in a URL path segment except `/`, which is percent-encoded there).
 */
export const LOT_NUMBER_MAX = 20;
const LOT_NUMBER = /^[A-Za-z0-9][A-Za-z0-9./-]{0,19}$/;

export function normalizeLotNumber(raw: string): string {
  return raw.normalize('NFC').trim().toUpperCase();
}

export function isLotNumber(value: string): boolean {
  return LOT_NUMBER.test(value);
}

// ─── The platform's trace code ──────────────────────────────────────────────

/**
 * The trace code of a lot (printed under the QR, typed on /truy-xuat): the two-digit code of the
 * producer's province, eight characters drawn from digits and capital letters without I, O and U
 * (never read as 1, 0 or V), and one check character of ISO/IEC 7064 MOD 37,36 over the ten before
 * it — e.g. `46` `7K2MQ9XR` `C`, written `46-7K2M-Q9XR-C`. Any single wrong character and any swap
 * of two neighbours makes the check fail, so a mistyped code is "unknown", never another lot.
 */
export const TRACE_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTVWXYZ';
const MOD37_36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const TRACE_CODE = /^(\d{2})([0-9A-HJ-NP-TV-Z]{8})([0-9A-Z])$/;

/** ISO/IEC 7064 MOD 37,36 (hybrid system): the check character of digits and capital letters. */
export function mod3736CheckChar(body: string): string {
  let p = 36;
  for (const ch of body) {
    const a = MOD37_36.indexOf(ch);
    if (a < 0) throw new RangeError(`mod3736CheckChar: "${ch}" is not a digit or capital letter`);
    let s = (p + a) % 36;
    if (s === 0) s = 36;
    p = (s * 2) % 37;
  }
  return MOD37_36.charAt((37 - p) % 36);
}

/** A trace code from the province code and eight random characters of TRACE_CODE_ALPHABET. */
export function makeTraceCode(provinceCode: string, random8: string): string {
  if (!/^\d{2}$/.test(provinceCode)) throw new RangeError(`makeTraceCode: province code "${provinceCode}" is not two digits`);
  if (!/^[0-9A-HJ-NP-TV-Z]{8}$/.test(random8)) throw new RangeError(`makeTraceCode: "${random8}" is not eight characters of the alphabet`);
  const body = provinceCode + random8;
  return body + mod3736CheckChar(body);
}

/** Eight characters for makeTraceCode from eight random bytes (the caller's). */
export function traceCodeRandom(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new RangeError('traceCodeRandom: eight bytes needed');
  let s = '';
  for (let i = 0; i < 8; i++) s += TRACE_CODE_ALPHABET.charAt(bytes[i]! % TRACE_CODE_ALPHABET.length);
  return s;
}

export type TraceCodeResult = { ok: true; code: string } | { ok: false; reason: 'format' | 'checksum' };

/** A code as typed or scanned (any case, spaces and hyphens ignored), checked. */
export function parseTraceCode(input: string): TraceCodeResult {
  const s = input.normalize('NFC').replace(/[\s-]/g, '').toUpperCase();
  const m = TRACE_CODE.exec(s);
  if (!m) return { ok: false, reason: 'format' };
  return mod3736CheckChar(m[1]! + m[2]!) === m[3] ? { ok: true, code: s } : { ok: false, reason: 'checksum' };
}

/** `46-7K2M-Q9XR-C`: the code as printed. */
export function formatTraceCode(code: string): string {
  return `${code.slice(0, 2)}-${code.slice(2, 6)}-${code.slice(6, 10)}-${code.slice(10)}`;
}

// ─── Quantities and dates ───────────────────────────────────────────────────

export const QUANTITY_MAX = 1_000_000_000;

/** Thousandths of a unit, as an integer (the quantities' exact arithmetic). */
export const milli = (q: number) => Math.round(q * 1000);

/** A quantity of a lot or an input: positive, at most three decimals, at most a billion. */
export function quantityProblem(q: number): 'not_positive' | 'too_precise' | 'too_large' | null {
  if (!Number.isFinite(q) || q <= 0) return 'not_positive';
  if (q > QUANTITY_MAX) return 'too_large';
  if (Math.abs(q * 1000 - Math.round(q * 1000)) > 1e-6) return 'too_precise';
  return null;
}

/** What a transformation may still take from a lot: its quantity less what earlier ones consumed. */
export function remainingOf(lotQuantity: number, consumed: readonly number[]): number {
  return (milli(lotQuantity) - consumed.reduce((s, q) => s + milli(q), 0)) / 1000;
}

/** An event that would take more than a lot still holds. */
export function overConsumes(lotQuantity: number, consumed: readonly number[], requested: number): boolean {
  return milli(requested) > milli(remainingOf(lotQuantity, consumed));
}

/** A few minutes of clock difference between a phone and the server are not "the future". */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** The first instant of a Vietnamese calendar day (UTC+7, no daylight saving). */
export const vietnamDayStart = (day: string) => new Date(`${day}T00:00:00+07:00`);

/**
 * Why an event cannot be dated `at` for a lot produced on `producedOn`: before that day (growing
 * and raising aside: they come first), or in the future.
 */
export function eventDateProblem(kind: TraceEventKind, at: Date, producedOn: string, now: Date): 'before_production' | 'in_future' | null {
  if (Number.isNaN(at.getTime())) return 'in_future';
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) return 'in_future';
  if (!BEFORE_PRODUCTION_KINDS.has(kind) && at.getTime() < vietnamDayStart(producedOn).getTime()) return 'before_production';
  return null;
}

/** A lot's dates: production not in the future; expiry, when given, not before production (both told). */
export function lotDatesProblems(producedOn: string, expiresOn: string | null, today: string): ('expiry_before_production' | 'production_in_future')[] {
  const out: ('expiry_before_production' | 'production_in_future')[] = [];
  if (producedOn > today) out.push('production_in_future');
  if (expiresOn !== null && expiresOn < producedOn) out.push('expiry_before_production');
  return out;
}

// ─── GS1 EPCIS 2.0 ──────────────────────────────────────────────────────────

export type EpcisEventType = 'ObjectEvent' | 'AggregationEvent' | 'TransformationEvent';

export interface EpcisShape {
  type: EpcisEventType;
  /** ObjectEvent and AggregationEvent only. */
  action?: 'ADD' | 'OBSERVE' | 'DELETE';
  /** CBV 2.0 business step and disposition (bare names, as EPCIS 2.0 JSON-LD writes them). */
  bizStep: string;
  disposition: string;
}

/**
 * How each kind of event reads in EPCIS 2.0 (the mapping table of docs/decisions/041 and the
 * operators' guide). A packing event that names a container (a carton's SSCC or code) is an
 * AggregationEvent of the lot into it; without one, an ObjectEvent. The platform's own kind travels
 * beside the standard fields as `ocop:eventKind`, so an import reads back exactly what was written.
 */
export const EPCIS_OF_KIND: Readonly<Record<TraceEventKind, EpcisShape>> = {
  planting: { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'other', disposition: 'in_progress' },
  harvest: { type: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning', disposition: 'active' },
  receiving: { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'receiving', disposition: 'in_progress' },
  processing: { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'other', disposition: 'in_progress' },
  packing: { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'packing', disposition: 'in_progress' },
  quality_test: { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'inspecting', disposition: 'conformant' },
  storage: { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'storing', disposition: 'sellable_not_accessible' },
  dispatch: { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'shipping', disposition: 'in_transit' },
  receipt: { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'receiving', disposition: 'sellable_accessible' },
  transformation: { type: 'TransformationEvent', bizStep: 'commissioning', disposition: 'active' },
};

/** A packing event with a container: the lot aggregated into it. */
export const EPCIS_PACKING_INTO_CONTAINER: EpcisShape = { type: 'AggregationEvent', action: 'ADD', bizStep: 'packing', disposition: 'in_progress' };

/** A failed quality test reads as non-conformant. */
export const EPCIS_FAILED_TEST_DISPOSITION = 'non_conformant';
