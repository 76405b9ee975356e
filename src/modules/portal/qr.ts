/**
 * Printable QR codes of a certified product's verification address (`<base>/v/<number>`): SVG
 * with its physical size in millimetres, or PNG at a pixel width (with the print resolution
 * written into the file, so "30 mm at 300 dpi" prints at 30 mm). Error correction M (15%: a
 * scuffed label still scans) and the standard 4-module quiet zone.
 */
import QRCode from 'qrcode';
import sharp from 'sharp';

export const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;
export const QR_LIMITS = { minMm: 10, maxMm: 300, minPx: 64, maxPx: 4096, minDpi: 72, maxDpi: 1200 } as const;
export const QR_PRINT_SIZES_MM = [20, 30, 50] as const;
export const QR_DEFAULT = { mm: 30, dpi: 300 } as const;

export interface QrSize { mm: number | null; px: number; dpi: number }

/**
 * "30mm", "600px" or "600" (pixels), with a print resolution; null when out of range or
 * malformed (the route answers 400).
 */
export function parseQrSize(size: string | undefined, dpi: number = QR_DEFAULT.dpi): QrSize | null {
  if (!Number.isInteger(dpi) || dpi < QR_LIMITS.minDpi || dpi > QR_LIMITS.maxDpi) return null;
  const s = (size ?? `${QR_DEFAULT.mm}mm`).trim().toLowerCase();
  const m = /^(\d{1,4}(?:\.\d{1,2})?)\s*(mm|px)?$/.exec(s);
  if (!m) return null;
  const n = Number(m[1]);
  if (m[2] === 'mm') {
    if (n < QR_LIMITS.minMm || n > QR_LIMITS.maxMm) return null;
    return { mm: n, px: Math.round((n / 25.4) * dpi), dpi };
  }
  if (!Number.isInteger(n) || n < QR_LIMITS.minPx || n > QR_LIMITS.maxPx) return null;
  return { mm: null, px: n, dpi };
}

/** The SVG of `text`, sized in mm when asked (else in px). */
export async function qrSvg(text: string, size: QrSize): Promise<string> {
  const svg = await QRCode.toString(text, { ...QR_OPTIONS, type: 'svg' });
  const dims = size.mm !== null ? `width="${size.mm}mm" height="${size.mm}mm"` : `width="${size.px}" height="${size.px}"`;
  return svg.replace('<svg xmlns="http://www.w3.org/2000/svg" ', `<svg xmlns="http://www.w3.org/2000/svg" ${dims} `);
}

/** The PNG of `text`, `size.px` wide, with its resolution (pHYs) set to `size.dpi`. */
export async function qrPng(text: string, size: QrSize): Promise<Buffer> {
  const png = await QRCode.toBuffer(text, { ...QR_OPTIONS, type: 'png', width: size.px });
  return sharp(png).withMetadata({ density: size.dpi }).png({ compressionLevel: 9, palette: true }).toBuffer();
}

/** Modules across the symbol (quiet zone included) for `text`: what the SVG's viewBox spans. */
export function qrModules(text: string): number {
  return QRCode.create(text, { errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel }).modules.size + 2 * QR_OPTIONS.margin;
}
