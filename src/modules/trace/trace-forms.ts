/**
 * How the traceability pages of the back office read their forms (trace-admin.routes.tsx): numbers,
 * dates and times as people type them on a phone, repeated rows (indicators of a lab report, input
 * and output lots of a transformation) with their empty rows left out, and the refusals told on the
 * page — a field problem of a row the service numbered among the filled rows is put back on the
 * row of the form it came from.
 */
import type { FastifyRequest } from 'fastify';
import { parseDateInput } from '../../domain/dates';
import { problem, type FieldErrors, type FieldMessages } from '../../errors';
import { formErrors, type FormFailure } from '../../web/forms';

/** Every field of a form as posted (text only; a multipart file travels apart). */
export type FormValues = Record<string, string>;

/** Refusals a page says in words (the rest are the error page's: not found, …). */
export const PAGE_REFUSALS = ['validation_failed', 'duplicate', 'conflict', 'forbidden', 'invalid_transition', 'payload_too_large', 'unsupported_media_type'] as const as readonly string[];

/** The text fields of a body, as strings (arrays and files left out). */
export function valuesOf(body: unknown, names?: readonly string[]): FormValues {
  const out: FormValues = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === '_csrf' || (names && !names.includes(k))) continue;
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

const text = (v: FormValues, k: string) => (v[k] ?? '').trim();
/** An optional text: '' → null. */
const orNull = (v: FormValues, k: string) => text(v, k) || null;

/**
 * A quantity as typed: "12,5" and "12.5" are twelve and a half, "1.500" and "1 500" fifteen hundred
 * (a dot followed by groups of three digits separates thousands, as Vietnamese writes them);
 * '' → undefined; anything else → NaN, which the schema refuses as "not a number".
 */
export function decimal(s: string | undefined): number | undefined {
  const v = (s ?? '').trim().replace(/[\s\u00a0]+/g, '');
  if (v === '') return undefined;
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(v)) return Number(v.replace(/\./g, '').replace(',', '.'));
  if (/^\d+([.,]\d+)?$/.test(v)) return Number(v.replace(',', '.'));
  return Number.NaN;
}

/** A day typed (dd/mm/yyyy) or picked (yyyy-mm-dd); '' stays '' (refused when required). */
export const dayField = (s: string | undefined): string => {
  const v = (s ?? '').trim();
  return v === '' ? '' : parseDateInput(v) ?? v;
};

/** An optional day: '' → null. */
const dayOrNull = (s: string | undefined) => dayField(s) || null;

/**
 * A date and time picked (`datetime-local`: "2026-07-02T08:30") or typed ("02/07/2026 08:30"), read
 * as Vietnam's wall clock (UTC+7); anything else is left for the schema to refuse.
 */
export function instantField(s: string | undefined): string {
  const v = (s ?? '').trim();
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?$/.exec(v);
  if (iso) return `${iso[1]}T${iso[2]}${iso[3] ?? ':00'}+07:00`;
  const typed = /^(\d{1,2}[/.-]\d{1,2}[/.-]\d{4})\s+(\d{1,2}):(\d{2})$/.exec(v);
  const day = typed ? parseDateInput(typed[1]!) : null;
  if (typed && day) return `${day}T${typed[2]!.padStart(2, '0')}:${typed[3]}:00+07:00`;
  return v;
}

/** Now as a `datetime-local` value on Vietnam's wall clock ("2026-07-02T08:30"). */
export const localNow = (now: Date) => new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 16);

/** A commune chosen from the list, or the code typed in "another commune" (which wins). */
const commune = (v: FormValues, k = 'communeCode') => text(v, `${k}Other`) || text(v, k);

// ─── Lots, areas, inputs ─────────────────────────────────────────────────────

export const LOT_FIELDS = ['producerId', 'productId', 'lotNumber', 'producedOn', 'expiresOn', 'quantity', 'unit', 'facility', 'communeCode', 'note'] as const;

export const lotInputOf = (v: FormValues) => ({
  productId: text(v, 'productId'), lotNumber: text(v, 'lotNumber'), producedOn: dayField(v.producedOn), expiresOn: dayOrNull(v.expiresOn),
  quantity: decimal(v.quantity), unit: text(v, 'unit') || undefined, facility: text(v, 'facility'),
  communeCode: text(v, 'communeCode') || undefined, note: orNull(v, 'note'),
});

export const AREA_FIELDS = ['producerId', 'name', 'communeCode', 'communeCodeOther', 'hectares', 'crop', 'certification'] as const;

export const areaInputOf = (v: FormValues) => ({
  producerId: text(v, 'producerId') || undefined, name: text(v, 'name'), communeCode: commune(v),
  hectares: v.hectares?.trim() ? decimal(v.hectares) : null, crop: text(v, 'crop'), certification: orNull(v, 'certification'),
});

export const INPUT_FIELDS = ['material', 'sourceKind', 'supplierProducerId', 'materialAreaId', 'supplierText', 'quantity', 'unit', 'receivedOn'] as const;

export const inputInputOf = (v: FormValues) => {
  const kind = text(v, 'sourceKind');
  const quantity = decimal(v.quantity);
  return {
    material: text(v, 'material'), sourceKind: kind || undefined,
    supplierProducerId: kind === 'producer' ? text(v, 'supplierProducerId') || null : null,
    materialAreaId: kind === 'area' ? text(v, 'materialAreaId') || null : null,
    supplierText: kind === 'text' ? orNull(v, 'supplierText') : null,
    quantity: quantity ?? null, unit: quantity === undefined ? null : text(v, 'unit') || null, receivedOn: dayOrNull(v.receivedOn),
  };
};

// ─── Events ──────────────────────────────────────────────────────────────────

export const EVENT_FIELDS = ['kind', 'occurredAt', 'communeCode', 'communeCodeOther', 'facility', 'actor', 'note', 'counterparty', 'container', 'correctsId'] as const;

export const eventInputOf = (v: FormValues) => ({
  kind: text(v, 'kind') || undefined, occurredAt: instantField(v.occurredAt), communeCode: commune(v), facility: orNull(v, 'facility'),
  actor: text(v, 'actor'), note: orNull(v, 'note'), counterparty: orNull(v, 'counterparty'), container: orNull(v, 'container'),
  correctsId: orNull(v, 'correctsId'),
});

// ─── Repeated rows ───────────────────────────────────────────────────────────

/** Rows of a repeated part of a form, and which row of the form each filled one came from. */
export interface Rows<T> { rows: T[]; formRow: number[] }

function rowsOf<T>(count: number, filled: (i: number) => boolean, read: (i: number) => T): Rows<T> {
  const rows: T[] = []; const formRow: number[] = [];
  for (let i = 0; i < count; i++) {
    if (!filled(i)) continue;
    rows.push(read(i)); formRow.push(i);
  }
  return { rows, formRow };
}

/** The field names of `count` rows of `part` (`indicators.0.name` …), for the multipart reader. */
export const rowFields = (part: string, count: number, names: readonly string[]) =>
  Array.from({ length: count }, (_, i) => names.map((n) => `${part}.${i}.${n}`)).flat();

export const LAB_ROWS = 6;
export const LAB_FIELDS = ['laboratory', 'reportNumber', 'testedOn', ...rowFields('indicators', LAB_ROWS, ['name', 'result', 'limit', 'passed'])] as const;

/** A lab report: its indicators are the rows with a name, result or limit (the "passed" choice alone is no row). */
export function labInputOf(v: FormValues) {
  const f = (i: number, n: string) => text(v, `indicators.${i}.${n}`);
  const indicators = rowsOf(LAB_ROWS, (i) => !!(f(i, 'name') || f(i, 'result') || f(i, 'limit')),
    (i) => ({ name: f(i, 'name'), result: f(i, 'result'), limit: f(i, 'limit') || null, passed: f(i, 'passed') !== 'no' }));
  return { input: { laboratory: text(v, 'laboratory'), reportNumber: orNull(v, 'reportNumber'), testedOn: dayField(v.testedOn), indicators: indicators.rows }, rows: { indicators: indicators.formRow } };
}

/** Other input lots a transformation may take besides the lot it starts from. */
export const EXTRA_INPUT_ROWS = 3;
export const OUTPUT_ROWS = 3;
export const TRANSFORM_FIELDS = [
  'occurredAt', 'communeCode', 'communeCodeOther', 'facility', 'actor', 'note', 'inputs.0.quantity',
  ...Array.from({ length: EXTRA_INPUT_ROWS }, (_, i) => [`inputs.${i + 1}.lotId`, `inputs.${i + 1}.quantity`]).flat(),
  ...rowFields('outputs', OUTPUT_ROWS, ['productId', 'lotNumber', 'producedOn', 'expiresOn', 'quantity', 'unit']),
] as const;

/**
 * A transformation from the lot `lotId`: the quantity taken from it (row 0 of the inputs), the
 * other input lots chosen (rows 1–3, a row with neither lot nor quantity left out) and the output
 * lots (a row with neither lot number nor quantity left out).
 */
export function transformationInputOf(v: FormValues, lotId: string) {
  const f = (part: string, i: number, n: string) => text(v, `${part}.${i}.${n}`);
  const inputs = rowsOf(EXTRA_INPUT_ROWS + 1, (i) => i === 0 || !!(f('inputs', i, 'lotId') || f('inputs', i, 'quantity')),
    (i) => ({ lotId: i === 0 ? lotId : f('inputs', i, 'lotId'), quantity: decimal(v[`inputs.${i}.quantity`]) }));
  const outputs = rowsOf(OUTPUT_ROWS, (i) => !!(f('outputs', i, 'lotNumber') || f('outputs', i, 'quantity')), (i) => ({
    productId: f('outputs', i, 'productId'), lotNumber: f('outputs', i, 'lotNumber'), producedOn: dayField(v[`outputs.${i}.producedOn`]),
    expiresOn: dayOrNull(v[`outputs.${i}.expiresOn`]), quantity: decimal(v[`outputs.${i}.quantity`]), unit: f('outputs', i, 'unit') || undefined,
  }));
  return {
    input: {
      occurredAt: instantField(v.occurredAt), communeCode: commune(v), facility: orNull(v, 'facility'), actor: text(v, 'actor'), note: orNull(v, 'note'),
      inputs: inputs.rows, outputs: outputs.rows,
    },
    rows: { inputs: inputs.formRow, outputs: outputs.formRow },
  };
}

/** Puts `part.<n>.x` back on the form's row: the service counts the filled rows only. */
export function onFormRows(fields: FieldMessages, rows: Record<string, number[]>): FieldMessages {
  const out: FieldMessages = {};
  for (const [k, msg] of Object.entries(fields)) {
    const m = /^(\w+)\.(\d+)(\..*)?$/.exec(k);
    const map = m ? rows[m[1]!] : undefined;
    const row = m && map ? map[Number(m[2])] : undefined;
    out[row !== undefined ? `${m![1]}.${row}${m![3] ?? ''}` : k] = msg;
  }
  return out;
}

// ─── Recalls ─────────────────────────────────────────────────────────────────

export const RECALL_FIELDS = ['reason', 'scope', 'instructions', 'confirm'] as const;

export const recallInputOf = (v: FormValues) => ({ reason: text(v, 'reason'), scope: text(v, 'scope'), instructions: text(v, 'instructions') });

/** The recall form's "I confirm" box, which the service does not know: told with the service's own problems. */
export const recallConfirmProblem = (v: FormValues): FieldErrors => (v.confirm === 'on' ? {} : { confirm: problem('traceAdmin.confirm_recall') });

// ─── Failures and flashes ────────────────────────────────────────────────────

/** The file's field as the services name it (evidence, document, report) is the form's `file`. */
const FILE_FIELDS = new Set(['evidence', 'document', 'report', 'file']);

/**
 * What a refusal says, always something visible: field messages (a file's under `file`, a row's on
 * its form row), or the whole-form message when no field is named.
 */
export function pageFailure(req: FastifyRequest, e: unknown, rows: Record<string, number[]> = {}): FormFailure {
  const f = formErrors(e, req.ctx.locale, PAGE_REFUSALS);
  const fields = onFormRows(Object.fromEntries(Object.entries(f.fields).map(([k, m]) => [FILE_FIELDS.has(k) ? 'file' : k, m])), rows);
  return Object.keys(fields).length ? { ...f, fields } : { ...f, fields: { form: f.message } };
}

/** A choice left empty ("—") reads as `message` rather than "not a valid reference". */
export function unchosen(fields: FieldMessages, values: FormValues, field: RegExp, message: string): FieldMessages {
  return Object.fromEntries(Object.entries(fields).map(([k, m]) => [k, field.test(k) && !(values[k] ?? '').trim() ? message : m]));
}

/** What `?done=<key>` after a redirect says (unknown keys: nothing). */
export const DONE_KEYS = ['created', 'event', 'corrected', 'input', 'lab', 'transformed', 'recalled', 'acknowledged', 'closed', 'area'] as const;
export type DoneKey = (typeof DONE_KEYS)[number];
export const doneKey = (s: string | undefined): DoneKey | undefined => (DONE_KEYS as readonly string[]).includes(s ?? '') ? s as DoneKey : undefined;
