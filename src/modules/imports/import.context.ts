/**
 * What every import kind works with: the error list, reference data indexes, the actor's area
 * scope, and write progress.
 */
import type { Actor, Ctx } from '../../context';
import { normalizeVi } from '../../domain/text';
import { t, type FieldCode, type Params } from '../../core/i18n';
import { fieldMessage } from '../../web/field-errors';
import { CURRENT_CLASSIFICATION } from '../registry/reference-data';
import type { ColumnKey } from './columns';
import { areaCode, type Problem, type RowReader } from './fields';
import { loadAreas, loadProductSets, type AreaRow } from './import.repository';
import type { ImportDetails } from './imports.tables';

/** row: 1-based spreadsheet row (header = 1, first data row = 2); 0 = the file as a whole. */
export type RowError = { row: number; field: string; message: string };

export const MAX_ERRORS = 10_000;

export class ErrorList {
  readonly errors: RowError[] = [];
  private readonly rows = new Set<number>();
  private truncated = false;

  constructor(private readonly locale: Ctx['locale']) {}

  /** A finding: a field code (`import.*`, or a criteria file's) in the requester's language. */
  add(row: number, field: ColumnKey | string, code: FieldCode, params?: Params): void {
    this.push(row, field, () => fieldMessage(params ? { code, params } : { code }, this.locale));
  }

  private push(row: number, field: string, message: () => string): void {
    this.rows.add(row);
    if (this.errors.length >= MAX_ERRORS) {
      if (!this.truncated) {
        this.truncated = true;
        this.errors.push({ row: 0, field: 'file', message: t(this.locale, 'imports.err.tooManyErrors', { max: MAX_ERRORS }) });
      }
      return;
    }
    this.errors.push({ row, field, message: message() });
  }

  addProblem(row: number, field: ColumnKey | string, p: Problem): void {
    this.add(row, field, p.code, p.params);
  }

  hasRow(row: number): boolean {
    return this.rows.has(row);
  }

  get size(): number {
    return this.errors.length;
  }

  get rowCount(): number {
    return this.rows.size;
  }

  /** Errors in spreadsheet order (row, then the order they were found). */
  sorted(): RowError[] {
    return this.errors.map((e, i) => ({ e, i })).sort((a, b) => (a.e.row - b.e.row) || (a.i - b.i)).map((x) => x.e);
  }
}

export interface Reference {
  areas: Map<string, AreaRow>;
  /** Product sets of the current classification by code and by normalised name. */
  setsByCode: Map<string, string>;
  setsByName: Map<string, string>;
}

export async function loadReference(ctx: Ctx): Promise<Reference> {
  const [areaRows, sets] = await Promise.all([loadAreas(ctx), loadProductSets(ctx, CURRENT_CLASSIFICATION)]);
  return {
    areas: new Map(areaRows.map((a) => [a.code, a])),
    setsByCode: new Map(sets.map((s) => [s.code, s.code])),
    setsByName: new Map(sets.map((s) => [normalizeVi(s.name), s.code])),
  };
}

/** A product set given by code ("4", "04") or name (any case, with or without diacritics). */
export function resolveProductSet(ref: Reference, value: string): string | null {
  if (/^\d{1,3}$/.test(value)) return ref.setsByCode.get(String(Number(value))) ?? null;
  return ref.setsByCode.get(value) ?? ref.setsByName.get(normalizeVi(value)) ?? null;
}

/** May the actor import records located in this province? */
export function inScope(actor: Actor, provinceCode: string): boolean {
  if (actor.role === 'national_admin') return true;
  if (actor.role === 'province_officer') return (actor.provinceCode ?? actor.areaCode) === provinceCode;
  return false;
}

/** Write progress over a known amount of work, reported as rows. */
export class Progress {
  private done = 0;

  constructor(
    private readonly totalRows: number,
    private readonly work: number,
    private readonly report: (done: number, total: number) => void,
  ) {}

  start(): void {
    this.report(0, this.totalRows);
  }

  /** Count finished units of work (rows written by one statement). */
  advance = (units: number): void => {
    this.done += units;
    const rows = this.work === 0 ? this.totalRows : Math.min(this.totalRows, Math.floor((this.done / this.work) * this.totalRows));
    this.report(rows, this.totalRows);
  };
}

export interface KindContext {
  ctx: Ctx;
  actor: Actor;
  ref: Reference;
  errors: ErrorList;
  /** Today in Vietnam, 'YYYY-MM-DD'. */
  today: string;
}

/** What a kind hands back after validation: the writes to make, counted for progress. */
export interface ImportPlan {
  /** Units of work (rows written) for progress. */
  work: number;
  write(txCtx: Ctx, progress: Progress): Promise<Record<string, number>>;
  /** What the plan inferred, shown with the result. */
  details?: ImportDetails;
}

/** The `product_set` cell: required, by code or name; null (after reporting why) when missing or unknown. */
export function readProductSet(ref: Reference, rd: RowReader): string | null {
  const raw = rd.raw('product_set');
  if (raw === '') {
    rd.problem('product_set', 'import.required');
    return null;
  }
  const code = resolveProductSet(ref, raw);
  if (!code) rd.problem('product_set', 'import.unknown_product_set', { value: raw, classification: CURRENT_CLASSIFICATION });
  return code;
}

/**
 * The `commune_code` cell of a record placed in a commune: required, a known commune, in the
 * actor's area. Its province, or undefined after reporting why.
 */
export function readCommune(k: KindContext, rd: RowReader): { communeCode: string; provinceCode: string | undefined } {
  const communeCode = areaCode(rd.raw('commune_code'), 5);
  if (communeCode === '') {
    rd.problem('commune_code', 'import.required');
    return { communeCode, provinceCode: undefined };
  }
  const commune = k.ref.areas.get(communeCode);
  if (!commune || commune.level !== 'commune' || !commune.parentCode) {
    rd.problem('commune_code', 'import.unknown_commune', { code: rd.raw('commune_code') });
  } else if (!inScope(k.actor, commune.parentCode)) {
    rd.problem('commune_code', 'import.outside_area');
  } else {
    return { communeCode, provinceCode: commune.parentCode };
  }
  return { communeCode, provinceCode: undefined };
}
