/**
 * The flow of the statistics PDF: headings, tables and notes down A4 pages with a footer on each.
 * Print rules (docs/decisions/019-one-end-date.md):
 * - a heading is never the last thing on a page: it is kept with its table's header and first
 *   rows (or with the note that follows it);
 * - a table's `keepWhole` columns (certificate numbers) are made wide enough for their longest
 *   value, so a number is never broken across lines;
 * - a short table stays on one page; a long one repeats its header on every page.
 */
import { formatDateVi } from '../../domain/dates';
import type { Cell } from '../../files/spreadsheet';
import { FONT, type Pdf } from '../../web/pdf';

export const GREEN = '#0b5d3b';
export const INK = '#1a1a1a';
export const MUTED = '#555555';
const RULE = '#c9d3cd';
const HEAD_BG = '#e8f1ec';
export const MARGIN = 40;
const FOOTER = 24;
const PAD = 3;
const SIZE = 8;
/** A long table starts on a page only with its header and at least this many rows below it. */
const MIN_ROWS_WITH_HEADING = 3;

export function cellText(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return new Intl.NumberFormat('vi-VN').format(v);
  if (typeof v === 'string') return v;
  return formatDateVi(v.date);
}

/** A percentage as the reports write it: one decimal and the sign ("66,7%"); text (a dash) as it is. */
export function percentText(v: Cell): string {
  return typeof v === 'number' ? `${new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v)}%` : cellText(v);
}

export interface TableOptions {
  /** Printed above the table, kept on the same page as its header and first rows. */
  title?: string;
  /** Text of the single row of an empty table. */
  empty?: string;
  /** Columns whose values must not wrap (certificate numbers): widened to their longest value. */
  keepWhole?: number[];
  /** Columns holding a percentage: numbers printed with one decimal and "%". */
  percent?: number[];
}

export class PdfWriter {
  page = 0;
  constructor(readonly doc: Pdf, readonly footer: string) {
    doc.on('pageAdded', () => this.decorate());
    this.decorate();
  }

  get width() { return this.doc.page.width - 2 * MARGIN; }
  get bottom() { return this.doc.page.height - MARGIN - FOOTER; }

  private decorate() {
    this.page += 1;
    const { doc } = this;
    const y = doc.y;
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONT.regular).fontSize(7.5).fillColor(MUTED)
      .text(`${this.footer} · Trang ${this.page}`, MARGIN, doc.page.height - MARGIN, { width: this.width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = margin;
    doc.x = MARGIN;
    doc.y = this.page === 1 ? y : MARGIN;
    doc.fillColor(INK);
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number) {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  private headingHeight(text: string): number {
    this.doc.font(FONT.bold).fontSize(11);
    return this.doc.heightOfString(text, { width: this.width }) + 11 * 0.9 + 4;
  }

  private drawHeading(text: string) {
    this.doc.moveDown(0.6).font(FONT.bold).fontSize(11).fillColor(GREEN).text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3).fillColor(INK);
  }

  /** A heading followed by a note (the note is kept with it). */
  headingWithNote(title: string, text: string) {
    this.doc.font(FONT.oblique).fontSize(8);
    this.ensure(this.headingHeight(title) + this.doc.heightOfString(text, { width: this.width }) + 6);
    this.drawHeading(title);
    this.note(text);
  }

  note(text: string) {
    this.doc.font(FONT.oblique).fontSize(8);
    this.ensure(this.doc.heightOfString(text, { width: this.width }) + 6);
    this.doc.font(FONT.oblique).fontSize(8).fillColor(MUTED).text(text, MARGIN, this.doc.y + 3, { width: this.width });
    this.doc.fillColor(INK);
  }

  /**
   * Column widths from relative weights; a column is widened to its longest header word (no
   * "ST/T") and a keepWhole column to its longest value, the others giving up the room.
   */
  private columnWidths(header: string[], rows: string[][], weights: number[], keepWhole: number[]): number[] {
    const { doc } = this;
    const total = weights.reduce((s, w) => s + w, 0);
    const widths = weights.map((w) => (w / total) * this.width);
    const keep = new Set(keepWhole);
    const need = header.map((h, i) => {
      doc.font(FONT.bold).fontSize(SIZE);
      let w = Math.max(0, ...h.split(/\s+/).map((word) => doc.widthOfString(word)));
      if (keep.has(i)) {
        doc.font(FONT.regular).fontSize(SIZE);
        w = Math.max(w, ...rows.map((r) => doc.widthOfString(r[i] ?? '')));
      }
      return w + 2 * PAD + 1;
    });
    const short = widths.map((w, i) => Math.max(0, need[i]! - w));
    const extra = short.reduce((s, x) => s + x, 0);
    if (extra === 0) return widths;
    const spare = widths.reduce((s, w, i) => (short[i]! > 0 ? s : s + w - need[i]!), 0);
    return widths.map((w, i) => (short[i]! > 0 ? need[i]! : w - ((w - need[i]!) / spare) * extra));
  }

  table(header: string[], rows: Cell[][], weights: number[], opts: TableOptions = {}) {
    const { doc } = this;
    const percent = new Set(opts.percent ?? []);
    const texts = rows.map((r) => r.map((v, i) => (percent.has(i) ? percentText(v) : cellText(v))));
    const widths = this.columnWidths(header, texts, weights, opts.keepWhole ?? []);
    const keep = new Set(opts.keepWhole ?? []);
    const numeric = (i: number, v: Cell) => i > 0 && (typeof v === 'number' || percent.has(i));
    const rowHeight = (cells: string[], font: string) => {
      doc.font(font).fontSize(SIZE);
      return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 2 * PAD }))) + 2 * PAD;
    };
    const drawRow = (cells: string[], raw: Cell[] | null, font: string, bg: string | null) => {
      const h = rowHeight(cells, font);
      const y = doc.y;
      if (bg) doc.save().rect(MARGIN, y, this.width, h).fill(bg).restore();
      let x = MARGIN;
      doc.font(font).fontSize(SIZE).fillColor(INK);
      cells.forEach((c, i) => {
        const right = numeric(i, (raw ?? rows[0])?.[i] ?? null);
        doc.text(c, x + PAD, y + PAD, { width: widths[i]! - 2 * PAD, align: right ? 'right' : 'left', ...(keep.has(i) && raw ? { lineBreak: false } : {}) });
        x += widths[i]!;
      });
      doc.save().moveTo(MARGIN, y + h).lineTo(MARGIN + this.width, y + h).lineWidth(0.5).strokeColor(RULE).stroke().restore();
      doc.x = MARGIN;
      doc.y = y + h;
    };
    const drawHeader = () => drawRow(header, null, FONT.bold, HEAD_BG);
    const emptyRow = [opts.empty ?? 'Không có số liệu.', ...header.slice(1).map(() => '')];
    // What must stay together at the top: the title, the header and the first rows — the whole
    // table when it is short (15 rows or fewer).
    const first = texts.length === 0 ? [emptyRow] : texts.slice(0, texts.length <= 15 ? texts.length : MIN_ROWS_WITH_HEADING);
    const together = (opts.title ? this.headingHeight(opts.title) : 0) + rowHeight(header, FONT.bold)
      + first.reduce((s, r) => s + rowHeight(r, texts.length === 0 ? FONT.oblique : FONT.regular), 0);
    this.ensure(Math.min(together, this.bottom - MARGIN));
    if (opts.title) this.drawHeading(opts.title);
    drawHeader();
    if (rows.length === 0) {
      drawRow(emptyRow, null, FONT.oblique, null);
      return;
    }
    rows.forEach((raw, r) => {
      if (doc.y + rowHeight(texts[r]!, FONT.regular) > this.bottom) {
        doc.addPage();
        drawHeader();
      }
      drawRow(texts[r]!, raw, FONT.regular, null);
    });
  }
}
