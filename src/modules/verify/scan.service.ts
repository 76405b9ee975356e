/**
 * Reading a QR code from a photo (the fallback of the "Quét mã QR" button for browsers without
 * BarcodeDetector, and for pages without JavaScript): the photo is checked by its bytes like a
 * report's photo, turned upright and scaled by sharp, and decoded by jsQR (Apache-2.0) at a few
 * sizes — a QR code filling a small part of a large photo is found at a larger size, a blurred
 * one at a smaller. Nothing is stored. docs/decisions/024-verify-journey.md.
 */
import sharp from 'sharp';
import jsQR from 'jsqr';
import { AppError, problem, validation } from '../../errors';
import { IMAGE_LIMITS, sniffImageType } from '../../domain/image';
import type { UploadedFile } from '../../web/multipart';

/** Longest sides tried, in order. */
const SIZES = [1200, 800, 1800] as const;

async function decodeAt(photo: Buffer, side: number): Promise<string | null> {
  const { data, info } = await sharp(photo, { limitInputPixels: IMAGE_LIMITS.maxPixels, autoOrient: true })
    .resize(side, side, { fit: 'inside', withoutEnlargement: true })
    .ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const found = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height, { inversionAttempts: 'attemptBoth' });
  return found?.data ? found.data : null;
}

/**
 * The text of the QR code in a photo, or null when none could be read. Not an image → 415;
 * too large → 413; unreadable image → 400 (field `photo`).
 */
export async function readQrPhoto(photo: UploadedFile): Promise<string | null> {
  if (photo.truncated || photo.data.length > IMAGE_LIMITS.maxBytes) {
    throw new AppError('payload_too_large', `the photo is larger than ${IMAGE_LIMITS.maxBytes / 1024 / 1024} MB`, { photo: problem('report.photo_too_large') });
  }
  if (!photo.data.length) throw validation({ photo: problem('scan.photo_missing') }, 'choose a photo of the QR code');
  if (!sniffImageType(photo.data)) throw new AppError('unsupported_media_type', 'the photo must be a JPEG, PNG or WebP image', { photo: problem('report.photo_type') });
  try {
    for (const side of SIZES) {
      const text = await decodeAt(photo.data, side);
      if (text) return text;
    }
    return null;
  } catch {
    throw validation({ photo: problem('report.photo_unreadable') }, 'the photo could not be read');
  }
}
