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
