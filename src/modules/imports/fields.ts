/**
 * Cell value checks shared by every import kind. Each returns the clean value or a problem
 * (a field code `import.*` of imports.i18n.ts with its parameters), never throws.
 */
import { validateTaxCode } from '../../domain/tax-code';
import { validateGtin13 } from '../../domain/gtin';
import { excelSerialToDate, parseDateInput } from '../../domain/dates';
import { parseProducerKind, type ProducerKind } from '../../domain/producer-kind';
import { validateEmail, validateVnPhone } from '../../domain/contact';
import { normalizeVi } from '../../domain/text';
import type { FieldCode, Params } from '../../core/i18n';
import type { FieldProblem } from '../../errors';
import type { ColumnKey } from './columns';

export type Problem = FieldProblem;
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: Problem };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = (code: FieldCode, params?: Params): Checked<never> =>
  ({ ok: false, problem: params ? { code, params } : { code } });

export const MAX_TEXT = { name: 300, address: 500, description: 5000, short: 100 } as const;

export function text(value: string, max: number): Checked<string> {
  return value.length > max ? fail('import.too_long', { max }) : ok(value);
}

export function requiredText(value: string, max: number): Checked<string> {
  return value === '' ? fail('import.required') : text(value, max);
}

/** Tax code; a 9-digit value is a 10-digit code whose leading 0 a spreadsheet dropped. */
export function taxCode(value: string): Checked<string | null> {
  if (value === '') return ok(null);
  let r = validateTaxCode(value);
  if (!r.ok && /^\d{9}(-?\d{3})?$/.test(value)) {
    const padded = validateTaxCode('0' + value);
    if (padded.ok) r = padded;
  }
  if (r.ok) return ok(r.value);
  return fail(r.reason === 'checksum' ? 'import.tax_code_checksum' : 'import.tax_code_format');
}

export function gtin(value: string): Checked<string | null> {
  if (value === '') return ok(null);
  const r = validateGtin13(value);
  if (r.ok) return ok(r.value);
  return fail(r.reason === 'checksum' ? 'import.gtin_checksum' : 'import.gtin_format');
}

/** Area codes lose their leading zeros when a spreadsheet stores them as numbers. */
export function areaCode(value: string, width: 2 | 5): string {
  return /^\d{1,5}$/.test(value) && value.length < width ? value.padStart(width, '0') : value;
}

/** YYYY-MM-DD, d/m/yyyy, or an Excel serial number left in a general-formatted cell. */
export function date(value: string): Checked<string> {
  if (value === '') return fail('import.required');
  // "15/08/2025 00:00:00" from tools that export date-times: the time is dropped.
  const day = value.replace(/[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/, '');
  const parsed = /^\d{5}(\.\d+)?$/.test(day) ? excelSerialToDate(Number(day)) : parseDateInput(day);
  return parsed ? ok(parsed) : fail('import.date');
}

export function stars(value: string): Checked<3 | 4 | 5> {
  if (value === '') return fail('import.required');
  const m = /^([345])(?:[.,]0+)?\s*(?:sao|★|\*|stars?)?$/i.exec(value);
  return m ? ok(Number(m[1]) as 3 | 4 | 5) : fail('import.stars');
}

const TRUE = new Set(['yes', 'y', 'true', 'co', 'x', '1', 'dung']);
const FALSE = new Set(['no', 'n', 'false', 'khong', '0', 'sai']);

export function bool(value: string): Checked<boolean> {
  if (value === '') return ok(false);
  const k = normalizeVi(value);
  if (TRUE.has(k)) return ok(true);
  if (FALSE.has(k)) return ok(false);
  return fail('import.boolean');
}

export function producerKind(value: string): Checked<ProducerKind> {
  if (value === '') return fail('import.required');
  const k = parseProducerKind(value);
  return k ? ok(k) : fail('import.producer_kind');
}

export function phone(value: string): Checked<string | null> {
  if (value === '') return ok(null);
  const r = validateVnPhone(value);
  return r.ok ? ok(r.value) : fail('import.phone');
}

export function email(value: string): Checked<string | null> {
  if (value === '') return ok(null);
  const r = validateEmail(value);
  return r.ok ? ok(r.value) : fail('import.email');
}

export function year(value: string, thisYear: number): Checked<number | null> {
  if (value === '') return ok(null);
  const n = Number(value);
  return /^\d{4}$/.test(value) && n >= 1900 && n <= thisYear ? ok(n) : fail('import.year');
}

export function count(value: string): Checked<number | null> {
  if (value === '') return ok(null);
  return /^\d{1,7}$/.test(value) ? ok(Number(value)) : fail('import.integer');
}

/** Collects checked values of one row; problems go to the caller's error list. */
export class RowReader {
  constructor(
    private readonly values: Partial<Record<ColumnKey, string>>,
    private readonly report: (field: ColumnKey, p: Problem) => void,
  ) {}

  raw(field: ColumnKey): string {
    return this.values[field] ?? '';
  }

  /** The checked value, or undefined after reporting the problem. */
  get<T>(field: ColumnKey, check: (v: string) => Checked<T>): T | undefined {
    const r = check(this.raw(field));
    if (r.ok) return r.value;
    this.report(field, r.problem);
    return undefined;
  }

  problem(field: ColumnKey, code: FieldCode, params?: Params): void {
    this.report(field, params ? { code, params } : { code });
  }
}
