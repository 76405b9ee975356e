/**
 * Writing spreadsheets for download: CSV (UTF-8 with BOM, CRLF, so Excel opens Vietnamese text
 * correctly) and XLSX. Every text cell goes through neutralizeCell (formula injection).
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { neutralizeCell } from '../domain/spreadsheet-safety';

/** A cell: text, a number, or a calendar date 'YYYY-MM-DD' marked as such. */
export type Cell = string | number | { date: string } | null;

export interface SheetSpec {
  name: string;
  header: string[];
  rows: Iterable<Cell[]>;
  /** Notes on header cells (XLSX comments). */
  headerNotes?: (string | undefined)[];
  /** Rows (0-based data indexes) drawn as examples: grey italics. */
  exampleRows?: number[];
  widths?: number[];
}

export interface FileDownload { fileName: string; contentType: string; body: Buffer }

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const BOM = '\uFEFF';

function csvField(value: Cell): string {
  if (value === null) return '';
  const s = typeof value === 'number' ? String(value) : typeof value === 'string' ? neutralizeCell(value) : value.date;
  return /[",;\r\n\t]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(sheet: Pick<SheetSpec, 'header' | 'rows'>): Buffer {
  const parts: string[] = [BOM, sheet.header.map(csvField).join(','), '\r\n'];
  for (const row of sheet.rows) parts.push(row.map(csvField).join(','), '\r\n');
  return Buffer.from(parts.join(''), 'utf8');
}

function xlsxValue(value: Cell): ExcelJS.CellValue {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return neutralizeCell(value);
  const [y, m, d] = value.date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}

/**
 * XLSX through exceljs' streaming writer (rows are committed as they come, so large exports
 * stay fast and small in memory). Header notes need the in-memory workbook (small templates).
 */
export async function toXlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const withNotes = sheets.some((s) => s.headerNotes?.some(Boolean));
  if (withNotes) return toXlsxInMemory(sheets);
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => { stream.on('end', resolve); stream.on('error', reject); });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.header.map((h, i) => ({ header: h, width: sheet.widths?.[i] ?? Math.min(40, Math.max(12, h.length + 2)) }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    let i = 0;
    for (const row of sheet.rows) {
      const r = ws.addRow(row.map(xlsxValue));
      row.forEach((v, c) => { if (v !== null && typeof v === 'object') r.getCell(c + 1).numFmt = 'dd/mm/yyyy'; });
      if (sheet.exampleRows?.includes(i)) r.font = { italic: true, color: { argb: 'FF6B7280' } };
      r.commit();
      i++;
    }
    ws.commit();
  }
  await wb.commit();
  await finished;
  return Buffer.concat(chunks);
}

async function toXlsxInMemory(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.header.map((h, i) => ({ header: h, width: sheet.widths?.[i] ?? Math.min(40, Math.max(12, h.length + 2)) }));
    ws.getRow(1).font = { bold: true };
    sheet.headerNotes?.forEach((note, i) => { if (note) ws.getRow(1).getCell(i + 1).note = note; });
    let i = 0;
    for (const row of sheet.rows) {
      const r = ws.addRow(row.map(xlsxValue));
      row.forEach((v, c) => { if (v !== null && typeof v === 'object') r.getCell(c + 1).numFmt = 'dd/mm/yyyy'; });
      if (sheet.exampleRows?.includes(i)) r.font = { italic: true, color: { argb: 'FF6B7280' } };
      i++;
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
