/**
 * Printable lot labels (issue 17, item 3: carriers): A4 sheets of 3 × 8 labels, like the stamp
 * sheets (stamps.sheet.ts), each with the lot's QR code, the product name, the lot number, the
 * production and expiry dates as Vietnamese packaging writes them ("NSX", "HSD"), the trace code
 * as printed (`46-7K2M-Q9XR-C`), and a red "MẪU" tag when the lot is sample data.
 *
 * The QR code carries the GS1 Digital Link of the lot, `<base>/01/<GTIN-13>/10/<lot>`, when the
 * product has a GTIN, else the platform's trace page `<base>/truy-xuat/<code>` (labelPayload).
 * The layout is pure data (layoutLabelSheet) so tests can find a label on the page. Labels are
 * printed for those who keep the lot; a lot under recall (its own or one upstream) is not
 * labelled (409).
 */
import type { Ctx } from '../../context';
import { formatDateVi, todayInVietnam } from '../../domain/dates';
import { formatTraceCode } from '../../domain/trace';
import { AppError, problem, validation } from '../../errors';
import { A4, createPdf, drawQr, FONT, labelFonts, pdfBytes, type Pdf } from '../../web/pdf';
import * as events from './trace-events.repository';
import { readableLot } from './lots.service';
import { digitalLinkPath, tracePath } from './trace-read.service';

export const LABEL_COLUMNS = 3;
export const LABEL_ROWS = 8;
export const LABELS_PER_PAGE = LABEL_COLUMNS * LABEL_ROWS;
/** Labels one request may print (100 sheets): the labels of a lot are all alike, so a print shop repeats a sheet. */
export const LABELS_MAX = 100 * LABELS_PER_PAGE;
const MARGIN_X = 28;
const MARGIN_TOP = 30;
const MARGIN_BOTTOM = 34;
const GUTTER = 4;
const QR = 74;

const GREEN = '#0b5d3b';
const RED = '#b3261e';
const INK = '#1a1a1a';
const MUTED = '#555555';

/** What a label shows of a lot. */
export interface LabelLot {
  productName: string;
  producerName: string;
  gtin: string | null;
  lotNumber: string;
  traceCode: string;
  producedOn: string;
  expiresOn: string | null;
  isSample: boolean;
}

export interface LabelSheetInput {
  lot: LabelLot;
  count: number;
  /** Absolute base of the QR code, no trailing slash needed. */
  baseUrl: string;
  /** The day the sheet is printed (footer), YYYY-MM-DD. */
  printedOn: string;
}

export interface LabelCell { index: number; x: number; y: number; width: number; height: number }
export interface LabelPage { number: number; cells: LabelCell[] }

/**
 * What a lot's QR code carries: the GS1 Digital Link `<base>/01/<GTIN>/10/<lot>` (the lot number
 * percent-encoded where a path needs it), or `<base>/truy-xuat/<trace code>` without a GTIN.
 */
export function labelPayload(baseUrl: string, lot: Pick<LabelLot, 'gtin' | 'lotNumber' | 'traceCode'>): string {
  const base = baseUrl.replace(/\/+$/, '');
  return lot.gtin ? `${base}${digitalLinkPath(lot.gtin, lot.lotNumber)}` : `${base}${tracePath(lot.traceCode)}`;
}

/** The number of labels a request asks for: a full sheet by default, at most LABELS_MAX. */
export function labelCount(raw: string | undefined): number {
  const s = (raw ?? '').trim();
  if (s === '') return LABELS_PER_PAGE;
  const n = /^\d{1,6}$/.test(s) ? Number(s) : NaN;
  if (!(n >= 1 && n <= LABELS_MAX)) throw validation({ count: problem('trace.label_count', { max: LABELS_MAX }) }, 'count: a whole number of labels from 1 to ' + LABELS_MAX);
  return n;
}

/** Pages of `count` labels, each with its place on the page (points, from the top left). */
export function layoutLabelSheet(count: number): LabelPage[] {
  const cellW = (A4.width - 2 * MARGIN_X) / LABEL_COLUMNS;
  const cellH = (A4.height - MARGIN_TOP - MARGIN_BOTTOM) / LABEL_ROWS;
  const pages: LabelPage[] = [];
  for (let i = 0; i < count; i++) {
    const slot = i % LABELS_PER_PAGE;
    if (slot === 0) pages.push({ number: pages.length + 1, cells: [] });
    pages[pages.length - 1]!.cells.push({
      index: i + 1, x: MARGIN_X + (slot % LABEL_COLUMNS) * cellW, y: MARGIN_TOP + Math.floor(slot / LABEL_COLUMNS) * cellH, width: cellW, height: cellH,
    });
  }
  return pages;
}

/** Where a label's QR code sits in its cell (tests crop the rendered page there). */
export const qrBox = (c: LabelCell) => ({ x: c.x + GUTTER + 2, y: c.y + GUTTER + 2, size: QR });


const fmt = (n: number) => new Intl.NumberFormat('vi-VN').format(n);

export async function renderLabelSheet(input: LabelSheetInput): Promise<{ bytes: Buffer; pages: LabelPage[]; payload: string }> {
  const { lot } = input;
  const payload = labelPayload(input.baseUrl, lot);
  const pages = layoutLabelSheet(input.count);
  const doc = createPdf({
    title: `Nhãn truy xuất nguồn gốc — lô ${lot.lotNumber}`,
    subject: `${lot.productName} — ${lot.producerName}`,
    // The trace code and the QR payload as metadata (archives and tests read them without decoding QR codes).
    keywords: `OCOP; truy xuất nguồn gốc; ${lot.traceCode}; ${payload}`,
    margin: 0,
  });
  const f = labelFonts();
  doc.registerFont('Mono', f.mono);
  doc.registerFont('Condensed', f.condensed);
  pages.forEach((page, i) => {
    if (i > 0) doc.addPage({ size: 'A4', margin: 0 });
    drawPageFrame(doc, input, page, pages.length);
    for (const cell of page.cells) drawLabel(doc, cell, lot, payload);
  });
  return { bytes: await pdfBytes(doc), pages, payload };
}

function drawPageFrame(doc: Pdf, input: LabelSheetInput, page: LabelPage, total: number): void {
  const { lot } = input;
  doc.font(FONT.bold).fontSize(7).fillColor(GREEN)
    .text(`NHÃN TRUY XUẤT NGUỒN GỐC — LÔ ${lot.lotNumber}`, MARGIN_X, 12, { width: 300, lineBreak: false });
  doc.font(FONT.regular).fontSize(7).fillColor(MUTED)
    .text(`${lot.producerName} · in ngày ${formatDateVi(input.printedOn)}`, A4.width - MARGIN_X - 240, 12, { width: 240, align: 'right', lineBreak: false, ellipsis: true, height: 9 });
  const footer = `Nhãn ${fmt(page.cells[0]!.index)}–${fmt(page.cells.at(-1)!.index)} của ${fmt(input.count)} · Trang ${page.number}/${total} · Cắt theo đường viền`;
  doc.text(footer, MARGIN_X, A4.height - 26, { width: A4.width - 2 * MARGIN_X, align: 'center', lineBreak: false });
  if (lot.isSample) {
    doc.font(FONT.bold).fontSize(7).fillColor(RED)
      .text('DỮ LIỆU MẪU ĐỂ TRÌNH DIỄN — KHÔNG DÁN LÊN HÀNG HÓA THẬT', MARGIN_X, A4.height - 17, { width: A4.width - 2 * MARGIN_X, align: 'center', lineBreak: false });
  }
}

function drawLabel(doc: Pdf, c: LabelCell, lot: LabelLot, payload: string): void {
  // Cut marks: the cell's frame, light and dashed.
  doc.save().lineWidth(0.3).dash(2, { space: 2 }).strokeColor('#b0b0b0').rect(c.x, c.y, c.width, c.height).stroke().undash().restore();
  const x = c.x + GUTTER;
  const y = c.y + GUTTER;
  const w = c.width - 2 * GUTTER;
  const h = c.height - 2 * GUTTER;
  doc.save().roundedRect(x, y, w, h, 5).lineWidth(0.8).strokeColor(lot.isSample ? RED : GREEN).stroke().restore();

  const q = qrBox(c);
  drawQr(doc, payload, q.x, q.y, q.size);
  doc.font(FONT.regular).fontSize(5).fillColor(MUTED).text('Quét mã QR để xem nguồn gốc lô hàng', q.x, q.y + q.size, { width: q.size, align: 'center', height: 12 });

  const rx = q.x + q.size + 4;
  const rw = x + w - rx - 4;
  doc.font(FONT.bold).fontSize(5.6).fillColor(GREEN).text('TRUY XUẤT NGUỒN GỐC', rx, y + 4, { width: rw, lineBreak: false });
  doc.font('Condensed').fontSize(7.2).fillColor(INK).text(lot.productName, rx, y + 12, { width: rw, height: 17, ellipsis: true, lineGap: -0.6 });
  const line = (label: string, value: string, at: number) => {
    const head = `${label}: `;
    const headW = doc.font(FONT.regular).fontSize(6.6).widthOfString(head);
    // A long value (a lot number has up to 20 characters) is set smaller, never past the frame.
    const size = Math.min(6.6, (6.6 * (rw - headW)) / doc.font('Condensed').fontSize(6.6).widthOfString(value));
    doc.font(FONT.regular).fontSize(6.6).fillColor(MUTED).text(head, rx, at, { lineBreak: false });
    doc.font('Condensed').fontSize(size).fillColor(INK).text(value, rx + headW, at + (6.6 - size) * 0.8, { lineBreak: false });
  };
  line('Số lô', lot.lotNumber, y + 31);
  line('NSX', formatDateVi(lot.producedOn), y + 41);
  if (lot.expiresOn) line('HSD', formatDateVi(lot.expiresOn), y + 51);
  doc.font(FONT.regular).fontSize(5.4).fillColor(MUTED).text('Mã truy xuất', rx, y + 62, { width: rw, lineBreak: false });
  doc.font('Mono').fontSize(7.6).fillColor(INK).text(formatTraceCode(lot.traceCode), rx, y + 69, { width: rw, lineBreak: false });
  if (lot.isSample) {
    const tw = 24;
    doc.save().roundedRect(x + w - tw - 3, y + h - 12, tw, 9, 2).fill(RED).restore();
    doc.font(FONT.bold).fontSize(6).fillColor('#ffffff').text('MẪU', x + w - tw - 3, y + h - 10.4, { width: tw, align: 'center', lineBreak: false });
  }
}

/**
 * The label sheet of a lot for whoever keeps it (404 otherwise): `count` labels (a full sheet by
 * default); 409 when an open recall reaches the lot.
 */
export async function lotLabels(ctx: Ctx, id: string, rawCount: string | undefined, baseUrl: string): Promise<{ bytes: Buffer; name: string }> {
  const lot = await readableLot(ctx, id);
  const count = labelCount(rawCount);
  const up = await events.lineage(ctx, [lot.id], 'up');
  const recalls = await events.recallsOfLots(ctx, [lot.id, ...up.map((u) => u.lot_id)]);
  if (recalls.length) throw new AppError('conflict', 'the lot is recalled: its labels are not printed');
  const { bytes } = await renderLabelSheet({
    lot: {
      productName: lot.productName, producerName: lot.producerName, gtin: lot.gtin, lotNumber: lot.lotNumber, traceCode: lot.traceCode,
      producedOn: lot.producedOn, expiresOn: lot.expiresOn, isSample: lot.isSample,
    },
    count, baseUrl, printedOn: todayInVietnam(ctx.deps.clock()),
  });
  return { bytes, name: `nhan-lo-${lot.lotNumber.replace(/[^A-Za-z0-9.-]+/g, '-')}-${lot.traceCode}.pdf` };
}
