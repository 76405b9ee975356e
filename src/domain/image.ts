/**
 * Rules for product images that need no I/O: which files count as images (by their first bytes,
 * never by name or declared type), the limits, and the size of a resized copy.
 */

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

export const IMAGE_LIMITS = {
  /** Upload size (5 MiB). */
  maxBytes: 5 * 1024 * 1024,
  /** Decoded size: refuses decompression bombs before any pixel is decoded. */
  maxPixels: 40_000_000,
  maxPerProduct: 8,
  /** Longest side of the stored display copy. */
  displayMax: 1600,
  /** Longest side of the thumbnail. */
  thumbMax: 320,
} as const;

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];

const at = (data: Uint8Array, offset: number, magic: number[]) =>
  data.length >= offset + magic.length && magic.every((b, i) => data[offset + i] === b);

/** The image type the bytes start with: JPEG (FF D8 FF), PNG (89 PNG CR LF SUB LF), WebP (RIFF····WEBP); else null. */
export function sniffImageType(data: Uint8Array): ImageMime | null {
  if (at(data, 0, JPEG)) return 'image/jpeg';
  if (at(data, 0, PNG)) return 'image/png';
  if (at(data, 0, RIFF) && at(data, 8, WEBP)) return 'image/webp';
  return null;
}

export const IMAGE_EXTENSIONS: Record<ImageMime, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/**
 * The size of a copy that fits in a `max`×`max` box, keeping the aspect ratio and never
 * enlarging. Each side is at least 1 pixel.
 */
export function fitWithin(width: number, height: number, max: number): { width: number; height: number } {
  if (width <= max && height <= max) return { width, height };
  const scale = max / Math.max(width, height);
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/** A document: PDF or one of the image types (dossier files, offer attachments). */
export type DocumentMime = 'application/pdf' | ImageMime;
export const DOCUMENT_EXTENSIONS: Record<DocumentMime, string> = { 'application/pdf': 'pdf', ...IMAGE_EXTENSIONS };

/** PDF ("%PDF-") or one of the image types, recognised by their first bytes; null otherwise. */
export function sniffDocumentType(data: Uint8Array): DocumentMime | null {
  if (data.length >= 5 && String.fromCharCode(...data.subarray(0, 5)) === '%PDF-') return 'application/pdf';
  return sniffImageType(data);
}

/** The name of an uploaded file as it is kept and shown: its last path part, control and markup characters replaced, at most 200 characters. */
export function uploadName(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return (raw.split(/[\\/]/).pop() ?? 'file').replace(/[\u0000-\u001f\u007f"<>|]/g, '_').slice(0, 200) || 'file';
}
