/**
 * A review's optional photo (issue 15): checked and processed by the product images' pipeline
 * (registry/product-images.service.ts: type by the first bytes, size and pixel limits, re-encoded
 * without EXIF or GPS, a display copy and a WebP thumbnail) and stored beside them
 * (`reviews/<review id>.<ext>` and `…-thumb.webp`); `reviews.photo_key` names the display copy.
 * Files and rows are kept in step as for product images: the files are written first and removed
 * again when the transaction fails, so a review never points at a missing file.
 */
import type { Ctx } from '../../context';
import { t, type FieldCode, type Params } from '../../core/i18n';
import { IMAGE_EXTENSIONS, IMAGE_LIMITS, sniffImageType } from '../../domain/image';
import { AppError, type ErrorCode } from '../../errors';
import { processImage } from '../registry/product-images.service';
import { putFiles, readFile, removeFiles } from '../registry/product-images.repository';

export interface PhotoUpload {
  name: string;
  data: Buffer;
  /** The upload stopped at the size limit (multipart `truncated`): the file is larger. */
  truncated?: boolean;
}

export const REVIEW_PHOTO_VARIANTS = ['thumb', 'full'] as const;
export type ReviewPhotoVariant = (typeof REVIEW_PHOTO_VARIANTS)[number];

/** The field photo problems are reported on (the form's file input, the API's JSON field). */
export const PHOTO_FIELD = 'photo';

/** A problem with the photo, as the `photo` field's code; the API tells it in the caller's language. */
export function photoError(ctx: Ctx, status: ErrorCode, code: FieldCode, params?: Params): AppError {
  const message = t(ctx.locale, `field.${code}`, params);
  return new AppError(status, message, { [PHOTO_FIELD]: { code, ...(params ? { params } : {}), message } });
}

const thumbKeyOf = (photoKey: string) => photoKey.replace(/\.[a-z]+$/, '-thumb.webp');

/**
 * Runs `write` with the key of the stored photo (null without one): the photo is checked,
 * processed and written first; when `write` fails its files are removed again.
 */
export async function withReviewPhoto<T>(ctx: Ctx, reviewId: string, upload: PhotoUpload | null, write: (photoKey: string | null) => Promise<T>): Promise<T> {
  if (!upload || (upload.data.length === 0 && !upload.truncated)) return write(null);
  if (upload.truncated || upload.data.length > IMAGE_LIMITS.maxBytes) {
    throw photoError(ctx, 'payload_too_large', 'image.too_large', { mb: IMAGE_LIMITS.maxBytes / 1024 / 1024 });
  }
  const mime = sniffImageType(upload.data);
  if (!mime) throw photoError(ctx, 'unsupported_media_type', 'image.not_image');
  const image = await processImage(ctx, upload.data, mime).catch((e: unknown) => {
    // The pipeline names the product images' field; a review's photo is its own field.
    if (e instanceof AppError && e.fields?.file) throw photoError(ctx, e.code, e.fields.file.code, e.fields.file.params);
    throw e;
  });
  const photoKey = `reviews/${reviewId}.${IMAGE_EXTENSIONS[mime]}`;
  const keys = [photoKey, thumbKeyOf(photoKey)];
  await putFiles(ctx, [{ key: photoKey, data: image.full }, { key: keys[1]!, data: image.thumb }]);
  try {
    return await write(photoKey);
  } catch (e) {
    await removeFiles(ctx, keys).catch(() => undefined);
    throw e;
  }
}

const MIME: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** The bytes of a stored review photo's display copy or thumbnail (null when the file is missing). */
export async function readReviewPhoto(ctx: Ctx, photoKey: string, variant: ReviewPhotoVariant): Promise<{ data: Buffer; mime: string } | null> {
  const data = await readFile(ctx, variant === 'thumb' ? thumbKeyOf(photoKey) : photoKey);
  if (!data) return null;
  return { data, mime: variant === 'thumb' ? 'image/webp' : MIME[photoKey.split('.').pop() ?? ''] ?? 'application/octet-stream' };
}

/** A photo sent in JSON as base64 (a `data:image/…;base64,` prefix allowed); null when it is not base64. */
export function photoFromBase64(value: string): PhotoUpload | null {
  const b64 = value.replace(/^data:[\w/+.-]+;base64,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1) return null;
  return { name: 'photo', data: Buffer.from(b64, 'base64') };
}
