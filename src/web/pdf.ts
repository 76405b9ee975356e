/**
 * Print-ready PDF documents (certificates, council minutes, reports): pdfkit on A4 with the
 * DejaVu Sans font embedded (subset), which covers Vietnamese and the ★ glyph. The font files are
 * read once per process; each document parses them from memory.
 *
 *   const doc = createPdf({ title: 'Biên bản', layout: 'landscape' });
 *   doc.font(FONT.bold).fontSize(16).text('BIÊN BẢN');
 *   const bytes = await pdfBytes(doc);
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

export type Pdf = PDFKit.PDFDocument;

/** Registered font names. */
export const FONT = { regular: 'DejaVuSans', bold: 'DejaVuSans-Bold', oblique: 'DejaVuSans-Oblique' } as const;

let fontDir: string | null = null;
const fontCache = new Map<string, Buffer>();

function fontBytes(name: string): Buffer {
  let bytes = fontCache.get(name);
  if (!bytes) {
    fontDir ??= join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    bytes = readFileSync(join(fontDir, `${name}.ttf`));
    fontCache.set(name, bytes);
  }
  return bytes;
}

/** The bold monospaced and condensed DejaVu faces label sheets print serials and codes with (read once). */
export function labelFonts(): { mono: Buffer; condensed: Buffer } {
  return { mono: fontBytes('DejaVuSansMono-Bold'), condensed: fontBytes('DejaVuSansCondensed-Bold') };
}

/** A4 in PDF points. */
export const A4 = { width: 595.28, height: 841.89 } as const;

export interface PdfOptions {
  title: string;
  subject?: string;
  /** Document keywords (metadata). */
  keywords?: string;
  author?: string;
  layout?: 'portrait' | 'landscape';
  margin?: number;
  /** Fixed creation date (reproducible output); default now. */
  createdAt?: Date;
}

/** A new A4 document with the DejaVu fonts registered and the regular one selected. */
export function createPdf(opts: PdfOptions): Pdf {
  const doc = new PDFDocument({
    size: 'A4',
    layout: opts.layout ?? 'portrait',
    margin: opts.margin ?? 56,
    font: fontBytes(FONT.regular) as unknown as string,
    // pdfkit reads every info key it is given: leave out the unset ones.
    info: Object.fromEntries(Object.entries({
      Title: opts.title, Subject: opts.subject, Keywords: opts.keywords, Author: opts.author ?? 'OCOP Platform',
      Creator: 'OCOP Platform', Producer: 'OCOP Platform (pdfkit)', CreationDate: opts.createdAt ?? new Date(),
    }).filter(([, v]) => v !== undefined)),
    displayTitle: true,
    lang: 'vi-VN',
    bufferPages: false,
  });
  for (const name of Object.values(FONT)) doc.registerFont(name, fontBytes(name));
  doc.font(FONT.regular);
  return doc;
}

/** Finish the document and collect its bytes. */
export function pdfBytes(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/**
 * A QR code drawn as vector squares (sharp at any print size, no image decoding), with the
 * quiet zone of 4 modules included in `size`. Error correction M survives a creased paper.
 */
export function drawQr(doc: Pdf, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / (n + 8);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) { c++; continue; }
      // Runs of dark modules as one rectangle: fewer path operations, smaller file.
      let end = c;
      while (end + 1 < n && qr.modules.get(r, end + 1)) end++;
      doc.rect(x + (c + 4) * cell, y + (r + 4) * cell, (end - c + 1) * cell + 0.01, cell + 0.01);
      c = end + 1;
    }
  }
  doc.fill().restore();
}

/** Attachment headers for a PDF answer. */
export function pdfHeaders(fileName: string, inline = true): Record<string, string> {
  const ascii = fileName.replace(/[^\w.-]+/g, '_');
  return {
    'content-type': 'application/pdf',
    'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  };
}

// ── the parts of an official document (Nghị định 30/2020/NĐ-CP layout) ────────────────────────

const INK = '#1a1a1a';
const MUTED = '#555555';

/** The issuing body in capitals: "ỦY BAN NHÂN DÂN TỈNH THANH HÓA", "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG". */
export function issuingAuthority(level: string, areaName: string): string {
  if (level === 'national' || level === 'country') return 'BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG';
  return `ỦY BAN NHÂN DÂN ${areaName.toUpperCase()}`;
}

/** The place in a date line: "Tỉnh Thanh Hóa" → "Thanh Hóa". */
export const placeName = (areaName: string): string => areaName.replace(/^(Tỉnh|Thành phố|Xã|Phường|Đặc khu)\s+/, '');

/**
 * The header blocks of a document signed by an issuing body as signed (a decision's `issuer`:
 * "UBND tỉnh Hà Giang", "UBND huyện Hoằng Hóa", "Bộ Nông nghiệp và Phát triển nông thôn"):
 * the body in capitals, on whose behalf it is signed, and the place of the date line — of that
 * body, never of its successor. `heading` is the capitalised name (domain/admin-units `issuerHeading`).
 */
export function issuerBlocks(issuer: string, heading: string): { body: string; onBehalf: string; place: string } {
  const committee = /^UBND\s+(tỉnh|thành phố|huyện|quận|thị xã|thành phố thuộc tỉnh)\s+(.+)$/iu.exec(issuer.trim());
  if (committee) return { body: heading, onBehalf: 'TM. ỦY BAN NHÂN DÂN', place: committee[2]! };
  // A ministry (or any other body): its seat is the capital.
  return { body: heading, onBehalf: `TM. ${heading}`, place: 'Hà Nội' };
}

/**
 * "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc" with its short rule,
 * centred in [x, x + width] from y. Returns the y below the rule.
 */
export function drawNationalMotto(doc: Pdf, x: number, y: number, width: number, size = 11): number {
  doc.font(FONT.bold).fontSize(size).fillColor(INK).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', x, y, { width, align: 'center', lineBreak: false });
  doc.font(FONT.bold).fontSize(size - 0.5).text('Độc lập - Tự do - Hạnh phúc', x, y + size + 5, { width, align: 'center', lineBreak: false });
  const ruleY = y + 2 * size + 10;
  const half = Math.min(70, doc.widthOfString('Độc lập - Tự do - Hạnh phúc') / 2);
  doc.save().moveTo(x + width / 2 - half, ruleY).lineTo(x + width / 2 + half, ruleY).lineWidth(0.6).strokeColor(INK).stroke().restore();
  return ruleY + 4;
}

export interface SignatureBlock {
  x: number;
  y: number;
  width: number;
  /** "Thanh Hóa, ngày 01/07/2026" (oblique); omitted when empty. */
  placeDate?: string;
  /** "TM. ỦY BAN NHÂN DÂN", "NGƯỜI LẬP BIỂU". */
  onBehalf: string;
  /** The signer's title, printed in capitals under onBehalf. */
  title?: string;
  /** "(đã ký theo quyết định)", "(ký, ghi rõ họ tên, đóng dấu)". */
  note: string;
  /** The signer's name, under the space for the signature. */
  name?: string;
}

/** Height the signature block needs (for keeping it whole on a page). */
export const SIGNATURE_HEIGHT = 130;

/** The signature block of a document, centred in [x, x + width]. Returns the y below it. */
export function drawSignatureBlock(doc: Pdf, s: SignatureBlock): number {
  const opts = { width: s.width, align: 'center' as const };
  let y = s.y;
  if (s.placeDate) {
    doc.font(FONT.oblique).fontSize(10).fillColor(INK).text(s.placeDate, s.x, y, opts);
    y += 18;
  }
  doc.font(FONT.bold).fontSize(10.5).fillColor(INK).text(s.onBehalf, s.x, y, opts);
  if (s.title) doc.font(FONT.bold).fontSize(10.5).text(s.title.toUpperCase(), s.x, doc.y + 2, opts);
  doc.font(FONT.oblique).fontSize(9).fillColor(MUTED).text(s.note, s.x, doc.y + 30, opts);
  if (s.name) doc.font(FONT.bold).fontSize(12).fillColor(INK).text(s.name, s.x, doc.y + 10, opts);
  doc.fillColor(INK);
  return doc.y;
}
