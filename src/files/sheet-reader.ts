/**
 * Reads an uploaded spreadsheet into rows of strings: XLSX (every sheet, or the first) or CSV
 * (UTF-8). The type comes from the bytes, never from the file name. Problems with the file as a
 * whole are thrown as FileProblem (a code with parameters); callers turn them into errors in the
 * user's language. Programme-agnostic: imports no module.
 */
import { isUtf8 } from 'node:buffer';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { forbiddenCharOf } from '../web/input-hygiene';

export const MAX_IMPORT_BYTES = 25 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;

/** Problems of reading a file, and of its header row (for readers of tables with named columns). */
export type ReadProblemCode =
  | 'too_large' | 'unsupported_type' | 'old_xls' | 'utf16' | 'not_utf8' | 'unreadable'
  | 'malformed_csv' | 'empty' | 'header_only' | 'too_many_rows'
  | 'missing_column' | 'unknown_column' | 'duplicate_column'
  /** A cell holds NUL or another control character (docs/decisions/042-input-hygiene.md). */
  | 'control_chars';

/** A problem with the file itself (not with one row's values); callers may add their own codes. */
export class FileProblem<C extends string = ReadProblemCode> extends Error {
  constructor(
    readonly problem: C | ReadProblemCode,
    /** Spreadsheet row the problem is on (1 = header), 0 for the whole file. */
    readonly row = 0,
    /** Column name or 'file'. */
    readonly field = 'file',
    readonly params: Record<string, string | number> = {},
  ) {
    super(problem);
    this.name = 'FileProblem';
  }
}

/** Several header problems reported together. */
export class FileProblems<C extends string = ReadProblemCode> extends Error {
  constructor(readonly problems: FileProblem<C>[]) {
    super(problems.map((p) => p.problem).join(', '));
    this.name = 'FileProblems';
  }
}

export type SheetFormat = 'csv' | 'xlsx';
export interface RawRow { row: number; cells: string[] }
export interface RawSheet { format: SheetFormat; rows: RawRow[] }

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (data: Buffer, magic: number[]) => magic.every((b, i) => data[i] === b);

/** File type by magic bytes: zip → xlsx, readable text (UTF-8, even with a stray NUL) → csv, anything else is refused. */
export function detectFormat(data: Buffer): SheetFormat {
  if (data.length === 0) throw new FileProblem('empty');
  if (data.length > MAX_IMPORT_BYTES) throw new FileProblem('too_large', 0, 'file', { mb: MAX_IMPORT_BYTES / 1024 / 1024 });
  if (startsWith(data, ZIP)) return 'xlsx';
  if (startsWith(data, OLE2)) throw new FileProblem('old_xls');
  if (startsWith(data, [0xff, 0xfe]) || startsWith(data, [0xfe, 0xff])) throw new FileProblem('utf16');
  const head = data.subarray(0, 4096);
  const nul = head.indexOf(0);
  if (nul >= 0) {
    // UTF-16 without a BOM shows a NUL in every other byte of ASCII text.
    let alternating = 0;
    for (let i = 0; i + 1 < head.length; i += 2) if ((head[i] === 0) !== (head[i + 1] === 0)) alternating++;
    if (alternating > head.length / 4) throw new FileProblem('utf16');
    // UTF-8 text with a stray NUL is still a CSV: the cells holding it are refused one by one.
    if (!isUtf8(data)) throw new FileProblem('unsupported_type');
  }
  return 'csv';
}

/** Undo neutralizeCell (our own exports) and tidy whitespace; text stays otherwise verbatim. */
export function cleanCell(value: string): string {
  let s = value.normalize('NFC').trim();
  if (s.length > 1 && s.charAt(0) === "'" && '=+-@\t\r'.includes(s.charAt(1))) s = s.slice(1);
  return s;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeCsv(data: Buffer): string {
  let bytes = data;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) bytes = bytes.subarray(3);
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new FileProblem('not_utf8');
  }
}

/** The delimiter used most in the first line outside quotes: ',' (default), ';' or tab. */
export function detectDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text.slice(0, 64 * 1024)) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  let best = ',';
  for (const d of [';', '\t']) if (counts[d]! > counts[best]!) best = d;
  return best;
}

function readCsvRows(data: Buffer): RawRow[] {
  const text = decodeCsv(data);
  if (text.trim() === '') throw new FileProblem('empty');
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter: detectDelimiter(text), relax_column_count: true, skip_empty_lines: false,
      max_record_size: 1024 * 1024,
    }) as string[][];
  } catch (e) {
    const err = e as { lines?: number; message?: string };
    throw new FileProblem('malformed_csv', err.lines ?? 0, 'file', { detail: String(err.message ?? e).slice(0, 200) });
  }
  if (records.length > MAX_IMPORT_ROWS + 50) throw new FileProblem('too_many_rows', 0, 'file', { max: MAX_IMPORT_ROWS });
  return records.map((cells, i) => ({ row: i + 1, cells: cells.map(cleanCell) }));
}

/** Spreadsheet number without float noise: 0.1+0.2 → "0.3", 2800123456 → "2800123456". */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
  return String(Number(n.toPrecision(15)));
}

function dateText(d: Date): string {
  return new Date(Math.round(d.getTime())).toISOString().slice(0, 10);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      // What the user saw; a formula is never evaluated, only kept as text.
      const { result } = value as ExcelJS.CellFormulaValue;
      if (result !== undefined && result !== null && typeof result !== 'object') return cellText(result);
      if (result instanceof Date) return dateText(result);
      const f = (value as ExcelJS.CellFormulaValue).formula ?? '';
      return f ? `=${f}` : '';
    }
    if ('hyperlink' in value) return cellText((value as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue);
    if ('error' in value) return String((value as ExcelJS.CellErrorValue).error);
    if ('text' in value) return String((value as { text: unknown }).text);
  }
  return String(value);
}

export interface RawWorksheet { name: string; rows: RawRow[] }

/** Every worksheet of a workbook as non-empty rows with their real row numbers. */
export async function readXlsxWorkbook(data: Buffer): Promise<RawWorksheet[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new FileProblem('unreadable');
  }
  if (!wb.worksheets.length) throw new FileProblem('unreadable');
  return wb.worksheets.map((ws) => {
    if (ws.actualRowCount > MAX_IMPORT_ROWS + 50) throw new FileProblem('too_many_rows', 0, 'file', { max: MAX_IMPORT_ROWS });
    const rows: RawRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      const n = row.cellCount;
      for (let i = 1; i <= n; i++) cells.push(cleanCell(cellText(row.getCell(i).value)));
      rows.push({ row: rowNumber, cells });
    });
    return { name: ws.name, rows };
  });
}

async function readXlsxRows(data: Buffer): Promise<RawRow[]> {
  return (await readXlsxWorkbook(data))[0]!.rows;
}

/** Bytes → non-empty rows with their real spreadsheet row numbers. */
export async function readSheet(data: Buffer): Promise<RawSheet> {
  const format = detectFormat(data);
  const rows = format === 'xlsx' ? await readXlsxRows(data) : readCsvRows(data);
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c !== ''));
  if (nonEmpty.length === 0) throw new FileProblem('empty');
  return { format, rows: nonEmpty };
}

/** The spreadsheet letter of a 0-based column: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * The cells of a row holding a character no text input may hold (src/web/input-hygiene.ts: NUL
 * and the other control characters; TAB, LF and CR are kept, as Excel puts them in cells), with
 * their 0-based column and the first such character (`U+0000`). Readers turn them into row
 * problems; none reaches the database.
 */
export function forbiddenCells(row: RawRow): { column: number; char: string }[] {
  const out: { column: number; char: string }[] = [];
  row.cells.forEach((cell, column) => {
    const char = forbiddenCharOf(cell);
    if (char) out.push({ column, char });
  });
  return out;
}
