/**
 * Import tables: the header row of an uploaded sheet (src/files/sheet-reader.ts reads the bytes)
 * mapped to the import kind's columns, and its data rows.
 */
import { columnLetter, FileProblem, FileProblems, forbiddenCells, MAX_IMPORT_ROWS, type RawRow, type RawSheet, type ReadProblemCode, type SheetFormat } from '../../files/sheet-reader';
import { forbiddenCharOf } from '../../web/input-hygiene';
import { COLUMNS, matchHeader, type ColumnKey, type TabularKind } from './columns';

/** Problems of an import file: reading it, and its columns for the kind. */
export type FileProblemCode = ReadProblemCode | 'producer_columns';

export interface DataRow { row: number; values: Partial<Record<ColumnKey, string>> }
export interface Table { format: SheetFormat; headerRow: number; columns: ColumnKey[]; rows: DataRow[] }

/**
 * Find the header row (the first of the first ten rows naming at least two known columns, else
 * the first row; title rows above it are skipped), map its cells to columns, and return the data
 * rows. Rows whose first cell starts with '#' are notes (the template's example row).
 */
export function toTable(sheet: RawSheet, kind: TabularKind): Table {
  const known = (r: RawRow) => r.cells.filter((c) => c && matchHeader(kind, c) && matchHeader(kind, c) !== 'ignored').length;
  const headerIdx = Math.max(0, sheet.rows.slice(0, 10).findIndex((r) => known(r) >= 2));
  const header = sheet.rows[headerIdx]!;
  const problems: FileProblem<FileProblemCode>[] = [];
  const positions: [number, ColumnKey][] = [];
  const seen = new Set<ColumnKey>();
  header.cells.forEach((cell, i) => {
    if (cell === '') return;
    const char = forbiddenCharOf(cell);
    if (char) {
      // The name itself is unreadable: the column is named by its letter.
      problems.push(new FileProblem('control_chars', header.row, columnLetter(i), { char, column: columnLetter(i) }));
      return;
    }
    const m = matchHeader(kind, cell);
    if (m === 'ignored') return;
    if (m === null) problems.push(new FileProblem('unknown_column', header.row, cell, { column: cell }));
    else if (seen.has(m)) problems.push(new FileProblem('duplicate_column', header.row, m, { column: cell }));
    else { seen.add(m); positions.push([i, m]); }
  });
  for (const spec of COLUMNS[kind]) {
    if (spec.required && !seen.has(spec.key)) {
      problems.push(new FileProblem('missing_column', header.row, spec.key, { column: spec.key, vi: spec.vi }));
    }
  }
  if (kind === 'products' && !seen.has('producer_tax_code') && !(seen.has('producer_name') && seen.has('commune_code'))) {
    problems.push(new FileProblem('producer_columns', header.row, 'producer_tax_code'));
  }
  if (problems.length) throw new FileProblems(problems);
  const rows: DataRow[] = [];
  // A control character in a cell that is read is a problem of its row and column (all listed).
  const dirty: FileProblem<FileProblemCode>[] = [];
  const columnAt = new Map(positions);
  for (const r of sheet.rows.slice(headerIdx + 1)) {
    if ((r.cells[0] ?? '').startsWith('#')) continue;
    for (const { column, char } of forbiddenCells(r)) {
      const key = columnAt.get(column);
      if (key) dirty.push(new FileProblem('control_chars', r.row, key, { char, column: header.cells[column] ?? key }));
    }
    const values: Partial<Record<ColumnKey, string>> = {};
    for (const [i, key] of positions) values[key] = r.cells[i] ?? '';
    if (Object.values(values).every((v) => v === '')) continue;
    rows.push({ row: r.row, values });
  }
  if (dirty.length) throw new FileProblems(dirty);
  if (rows.length === 0) throw new FileProblem('header_only', header.row);
  if (rows.length > MAX_IMPORT_ROWS) throw new FileProblem('too_many_rows', 0, 'file', { max: MAX_IMPORT_ROWS });
  return { format: sheet.format, headerRow: header.row, columns: positions.map(([, k]) => k), rows };
}
