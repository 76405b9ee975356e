/**
 * The criteria file (decision 006 "Import format"): reading its bytes, and turning schema and
 * integrity findings into problems that name where they are in the file ("sheets[0].parts[1]
 * .children[2].options[0].points") with a field code and its parameters. Pure: no I/O.
 */
import type { z } from 'zod';
import type { FieldCode, Params } from '../../core/i18n';
import { partMaxPoints, walk, type IntegrityIssue, type PartMaxima, type Sheet } from '../../domain/scoring-sheet';

/** A problem at a place in the file: a field code (`criteria_file.*`, criteria.i18n.ts) and its parameters. */
export interface FileProblem { path: string; code: FieldCode; params?: Params }

export type ReadResult =
  | { ok: true; value: unknown }
  | { ok: false; unsupported: true }
  | { ok: false; unsupported: false; problem: FileProblem };

export const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle = (b: Buffer) => b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/**
 * The JSON criteria file (workbooks are read by criteria.xlsx.ts before this): an old .xls, a CSV
 * or any file that does not look like JSON is refused as a whole (415), a .json file that does
 * not parse is a problem of the file (422).
 */
export function readCriteriaFile(name: string, data: Buffer): ReadResult {
  if (isZip(data) || isOle(data) || /\.(xlsx|xls|csv)$/i.test(name)) return { ok: false, unsupported: true };
  const text = data.toString('utf8').replace(/^\uFEFF/, '');
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') {
    if (/\.json$/i.test(name) && text.trim()) {
      return { ok: false, unsupported: false, problem: { path: 'file', code: 'criteria_file.json', params: { detail: 'not a JSON object' } } };
    }
    return { ok: false, unsupported: true };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, unsupported: false, problem: { path: 'file', code: 'criteria_file.json', params: { detail: (e as Error).message } } };
  }
}

/** `["sheets", 0, "parts"]` → `sheets[0].parts`, under an optional prefix. */
export function pathOf(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || 'file';
}

const values = (v: unknown) => (Array.isArray(v) ? v.map((x) => JSON.stringify(x)).join(', ') : '');

/** One schema issue as a problem (the reason in words of the dictionary, not zod's English). */
export function schemaProblem(prefix: string, issue: z.core.$ZodIssue): FileProblem {
  const path = pathOf(prefix, issue.path);
  const i = issue as z.core.$ZodIssue & { input?: unknown; origin?: string; expected?: string; maximum?: unknown; minimum?: unknown; values?: unknown; keys?: string[] };
  switch (i.code) {
    case 'invalid_type':
      return i.input === undefined ? { path, code: 'criteria_file.required' } : { path, code: 'criteria_file.type', params: { expected: String(i.expected) } };
    case 'too_big':
      if (i.origin === 'array') return { path, code: 'criteria_file.too_many', params: { max: String(i.maximum) } };
      if (i.origin === 'string') return { path, code: 'criteria_file.too_long', params: { max: String(i.maximum) } };
      return { path, code: 'criteria_file.too_high', params: { max: String(i.maximum) } };
    case 'too_small':
      if (i.origin === 'array') return { path, code: 'criteria_file.too_few', params: { min: String(i.minimum) } };
      if (i.origin === 'string') return { path, code: 'criteria_file.required' };
      return { path, code: 'criteria_file.too_low', params: { min: String(i.minimum) } };
    case 'invalid_value':
      return { path, code: 'criteria_file.one_of', params: { values: values(i.values) } };
    default:
      return { path, code: 'criteria_file.invalid' };
  }
}

/** Where each code sits in the entry, in sheet order (a duplicate code has several places). */
export function codePaths(prefix: string, sheet: Sheet): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (code: string, path: string) => out.set(code, [...(out.get(code) ?? []), path]);
  const visit = (n: Sheet['parts'][number]['children'][number], path: string) => {
    add(n.code, path);
    n.options.forEach((o, i) => add(o.code, `${path}.options[${i}]`));
    n.children.forEach((c, i) => visit(c, `${path}.children[${i}]`));
  };
  sheet.parts.forEach((p, pi) => {
    add(p.code, `${prefix}.parts[${pi}]`);
    p.children.forEach((c, i) => visit(c, `${prefix}.parts[${pi}].children[${i}]`));
  });
  return out;
}

/** The parameters of an integrity finding (domain/scoring-sheet.ts words them in English only). */
export function integrityParams(issue: IntegrityIssue, sheet: Sheet, maxima: PartMaxima): Params {
  const code = issue.code;
  const part = sheet.parts.find((p) => p.code === code);
  const expected = maxima[code as keyof PartMaxima];
  if (issue.problem === 'part_max_mismatch') return { code, declared: part?.maxPoints ?? 0, expected };
  if (issue.problem === 'part_total_mismatch') return { code, best: part ? partMaxPoints(part) : 0, expected };
  return { code };
}

/**
 * An integrity finding as a field problem of the draft (publish): `criteria.<problem>`, a section
 * without criteria apart from a criterion without options.
 */
export function integrityProblem(issue: IntegrityIssue, sheet: Sheet, maxima: PartMaxima): { code: FieldCode; params: Params } {
  const params = integrityParams(issue, sheet, maxima);
  if (issue.problem === 'no_options') {
    const section = [...walk(sheet)].some((n) => n.code === issue.code && n.kind === 'section');
    return { code: section ? 'criteria.section_empty' : 'criteria.no_options', params };
  }
  return { code: `criteria.${issue.problem}`, params };
}

/** The integrity check's findings (domain/scoring-sheet.ts) as problems at their place in the file. */
export function integrityProblems(prefix: string, sheet: Sheet, maxima: PartMaxima, issues: IntegrityIssue[]): FileProblem[] {
  const paths = codePaths(prefix, sheet);
  const duplicatesSeen = new Map<string, number>();
  return issues.map((issue): FileProblem => {
    const places = paths.get(issue.code) ?? [];
    const params = integrityParams(issue, sheet, maxima);
    switch (issue.problem) {
      case 'duplicate_code': {
        const n = (duplicatesSeen.get(issue.code) ?? 0) + 1;
        duplicatesSeen.set(issue.code, n);
        return { path: `${places[n] ?? places[0] ?? prefix}.code`, code: 'criteria_file.duplicate_code', params };
      }
      case 'part_missing':
        return { path: `${prefix}.parts`, code: 'criteria_file.part_missing', params };
      case 'part_max_mismatch':
        return { path: `${places[0] ?? prefix}.maxPoints`, code: 'criteria_file.part_max_mismatch', params };
      case 'bad_points':
        return { path: `${places[0] ?? prefix}.points`, code: 'criteria_file.bad_points', params };
      case 'bad_code':
        return { path: `${places[0] ?? prefix}.code`, code: 'criteria_file.bad_code', params };
      case 'empty_text':
        return { path: `${places[0] ?? prefix}.text`, code: 'criteria_file.empty_text', params };
      default:
        return { path: places[0] ?? prefix, code: `criteria_file.${issue.problem}`, params };
    }
  });
}
