/**
 * Printable A4 label sheets of a stamp batch: a grid of 4 × 7 stamps per page, each with the OCOP
 * mark text, the star level (★), the product name (shortened to two lines), its serial and a QR
 * code to `<base>/v/<serial>`. Light cut marks frame each stamp. The layout is pure data
 * (`layoutStampSheet`) so tests can check what each page carries without reading the PDF.
 */
import { makeSerial } from '../../domain/stamp-serial';
import { formatDateVi } from '../../domain/dates';
import { A4, createPdf, drawQr, FONT, labelFonts, pdfBytes, type Pdf } from '../../web/pdf';

export const SHEET_COLUMNS = 4;
export const SHEET_ROWS = 7;
export const STAMPS_PER_PAGE = SHEET_COLUMNS * SHEET_ROWS;
const MARGIN_X = 28;
const MARGIN_TOP = 30;
const MARGIN_BOTTOM = 34;
const GUTTER = 4;
/** Longest product name printed before it is shortened (two lines of the stamp). */
export const NAME_MAX = 56;

const GREEN = '#0b5d3b';
const GOLD = '#b8860b';
const INK = '#1a1a1a';
const MUTED = '#555555';

export interface SheetInput {
  batchCode: string;
  productName: string;
  stars: number;
  provinceName: string;
  /** Batch size (for the footer "… of 100,000"). */
  quantity: number;
  from: number;
  to: number;
  /** Absolute base of the QR codes, no trailing slash. */
  baseUrl: string;
  /** The day the sheet is printed (footer), YYYY-MM-DD. */
  printedOn: string;
}

export interface StampCell { seq: number; serial: string; url: string; x: number; y: number; width: number; height: number }
export interface SheetPage { number: number; cells: StampCell[] }

/** The verification address a stamp's QR code carries. */
export const stampUrl = (baseUrl: string, serial: string) => `${baseUrl.replace(/\/+$/, '')}/v/${serial}`;

/** A product name that fits two lines of a stamp: cut at a word boundary, with an ellipsis. */
export function stampName(name: string, max = NAME_MAX): string {
  const s = name.replace(/\s+/g, ' ').trim();
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, '')}…`;
}

/** Pages of stamps `from…to` of a batch, with every stamp's serial, QR address and place on the page. */
export function layoutStampSheet(secret: string, input: SheetInput): SheetPage[] {
  const cellW = (A4.width - 2 * MARGIN_X) / SHEET_COLUMNS;
  const cellH = (A4.height - MARGIN_TOP - MARGIN_BOTTOM) / SHEET_ROWS;
  const pages: SheetPage[] = [];
  for (let seq = input.from; seq <= input.to; seq++) {
    const i = seq - input.from;
    const slot = i % STAMPS_PER_PAGE;
    if (slot === 0) pages.push({ number: pages.length + 1, cells: [] });
    const serial = makeSerial(secret, input.batchCode, seq);
    pages[pages.length - 1]!.cells.push({
      seq, serial, url: stampUrl(input.baseUrl, serial),
      x: MARGIN_X + (slot % SHEET_COLUMNS) * cellW, y: MARGIN_TOP + Math.floor(slot / SHEET_COLUMNS) * cellH, width: cellW, height: cellH,
    });
  }
  return pages;
}


const fmt = (n: number) => new Intl.NumberFormat('vi-VN').format(n);

export async function renderStampSheet(secret: string, input: SheetInput): Promise<{ bytes: Buffer; pages: SheetPage[] }> {
  const pages = layoutStampSheet(secret, input);
  const first = pages[0]?.cells[0]?.serial ?? '';
  const last = pages.at(-1)?.cells.at(-1)?.serial ?? '';
  const doc = createPdf({
    title: `Tem OCOP — lô ${input.batchCode}, tem ${input.from}–${input.to}`,
    subject: `${input.productName} — ${input.stars} sao`,
    // First and last serial as metadata (archives and tests can read them without decoding QR codes).
    keywords: `OCOP; ${input.batchCode}; ${first}; ${last}`,
    margin: 0,
  });
  const f = labelFonts();
  doc.registerFont('Mono', f.mono);
  doc.registerFont('Condensed', f.condensed);
  const name = stampName(input.productName);
  pages.forEach((page, i) => {
    if (i > 0) doc.addPage({ size: 'A4', margin: 0 });
    drawPageFrame(doc, input, page, pages.length);
    for (const cell of page.cells) drawStamp(doc, cell, name, input.stars);
  });
  return { bytes: await pdfBytes(doc), pages };
}

function drawPageFrame(doc: Pdf, input: SheetInput, page: SheetPage, total: number): void {
  const firstSeq = page.cells[0]!.seq;
  const lastSeq = page.cells.at(-1)!.seq;
  doc.font(FONT.bold).fontSize(7).fillColor(GREEN)
    .text(`TEM SẢN PHẨM OCOP — LÔ ${input.batchCode}`, MARGIN_X, 12, { width: 300, lineBreak: false });
  doc.font(FONT.regular).fontSize(7).fillColor(MUTED)
    .text(`${input.provinceName} · in ngày ${formatDateVi(input.printedOn)}`, A4.width - MARGIN_X - 260, 12, { width: 260, align: 'right', lineBreak: false });
  doc.text(
    `Tem số ${fmt(firstSeq)}–${fmt(lastSeq)} (phần ${fmt(input.from)}–${fmt(input.to)} của lô ${fmt(input.quantity)} tem) · Trang ${page.number}/${total} · Cắt theo đường viền`,
    MARGIN_X, A4.height - 22, { width: A4.width - 2 * MARGIN_X, align: 'center', lineBreak: false },
  );
}

function drawStamp(doc: Pdf, c: StampCell, name: string, stars: number): void {
  // Cut marks: the cell's frame, light and dashed.
  doc.save().lineWidth(0.3).dash(2, { space: 2 }).strokeColor('#b0b0b0').rect(c.x, c.y, c.width, c.height).stroke().undash().restore();
  const x = c.x + GUTTER;
  const y = c.y + GUTTER;
  const w = c.width - 2 * GUTTER;
  const h = c.height - 2 * GUTTER;
  doc.save().roundedRect(x, y, w, h, 6).lineWidth(1).strokeColor(GREEN).stroke().restore();
  // The OCOP mark band.
  const band = 13;
  doc.save().roundedRect(x, y, w, band + 6, 6).clip().rect(x, y, w, band).fill(GREEN).restore();
  doc.font(FONT.bold).fontSize(6.4).fillColor('#ffffff').text('SẢN PHẨM OCOP VIỆT NAM', x, y + 3.2, { width: w, align: 'center', lineBreak: false });

  const qr = 56;
  const qy = y + band + 2;
  drawQr(doc, c.url, x + 2, qy, qr);
  const rx = x + qr + 4;
  const rw = w - qr - 6;
  doc.font(FONT.bold).fontSize(11).fillColor(GOLD).text('★'.repeat(Math.max(1, Math.min(5, stars))), rx, qy + 5, { width: rw, align: 'center', lineBreak: false });
  doc.font(FONT.bold).fontSize(7).fillColor(INK).text(`HẠNG ${stars} SAO`, rx, qy + 21, { width: rw, align: 'center', lineBreak: false });
  doc.font(FONT.regular).fontSize(5.4).fillColor(MUTED).text('Quét mã QR để kiểm tra tem thật', rx, qy + 32, { width: rw, align: 'center', height: 16 });

  const ny = qy + qr + 1;
  doc.font('Condensed').fontSize(6.8).fillColor(INK).text(name, x + 4, ny, { width: w - 8, align: 'center', height: 17, ellipsis: true, lineGap: -0.6 });
  doc.font('Mono').fontSize(7.2).fillColor(INK).text(c.serial, x, y + h - 10.5, { width: w, align: 'center', lineBreak: false, characterSpacing: 0.1 });
}
