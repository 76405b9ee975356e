/**
 * Product images: upload (checked by magic bytes and by decoding, re-encoded so that no EXIF,
 * GPS or other metadata survives), list, delete, reorder, and the files for the media route.
 * Who may do what follows the product: reading images needs `read` on the product, changing
 * them needs `write` (registry.policy.ts).
 *
 * Files and rows are kept consistent by ordering: an upload writes its files first and removes
 * them again if the transaction fails; a delete commits first and removes the files afterwards.
 * A row therefore never points at a missing file; at worst a file is left without a row.
 */
import { publicFactsChanged } from './public-facts-feed';
import sharp from 'sharp';
import { inTx, type Ctx } from '../../context';
import { AppError } from '../../errors';
import { fitWithin, IMAGE_EXTENSIONS, IMAGE_LIMITS, sniffImageType, type ImageMime } from '../../domain/image';
import { t, type FieldCode, type Params } from '../../core/i18n';
import { recordAudit } from '../audit/audit.service';
import { requireActor } from '../../core/actor';
import { assertCan, type RegistryAction } from './registry.policy';
import * as repo from './product-images.repository';
import type { ImageOrderInput, ImageVariant, ProductImageDto } from './product-images.schema';

export interface ImageUpload {
  name: string;
  data: Buffer;
  /** The upload stopped at the size limit (multipart `truncated`): the file is larger. */
  truncated?: boolean;
}

const MB = IMAGE_LIMITS.maxBytes / 1024 / 1024;
const SHARP_FORMAT: Record<ImageMime, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

export function toImageDto(r: repo.ProductImageRow): ProductImageDto {
  const thumb = fitWithin(r.width, r.height, IMAGE_LIMITS.thumbMax);
  const base = `/media/products/${r.productId}/${r.id}`;
  return {
    id: r.id, productId: r.productId, position: r.position, isMain: r.position === 0,
    mime: r.mime as ImageMime, width: r.width, height: r.height, bytes: r.bytes,
    url: `${base}/full`, thumbUrl: `${base}/thumb`, thumbWidth: thumb.width, thumbHeight: thumb.height,
    sample: repo.isSamplePictureKey(r.storageKey),
    createdAt: r.createdAt.toISOString(),
  };
}

/** The product, when the actor may `action` it; 404 otherwise (existence does not leak). */
export async function ownerFor(ctx: Ctx, productId: string, action: RegistryAction, lock = false): Promise<repo.ImageOwner> {
  const actor = requireActor(ctx);
  const owner = await repo.findImageOwner(ctx, productId, { lock });
  if (!owner) throw new AppError('not_found', 'product not found');
  assertCan(actor, action, owner, 'product');
  return owner;
}

/** Storage and the database must be kept in step by these functions themselves. */
export function outsideTransaction(ctx: Ctx) {
  if (ctx.tx) throw new Error('product image writes manage their own transaction; call them outside one');
}

type FileCode = Extract<FieldCode, `image.${string}`>;

/**
 * A problem with the uploaded file, as the `file` field's code (forms translate it there). The API
 * answers it in the caller's language, as message and as the field's text.
 */
function fileError(ctx: Ctx, status: 'payload_too_large' | 'unsupported_media_type' | 'validation_failed' | 'conflict', code: FileCode, params?: Params) {
  const message = t(ctx.locale, `field.${code}`, params);
  return new AppError(status, message, { file: { code, ...(params ? { params } : {}), message } });
}

function limitReached(ctx: Ctx) {
  return fileError(ctx, 'conflict', 'image.limit_reached', { max: IMAGE_LIMITS.maxPerProduct });
}

// A 40-megapixel image decodes to up to ~160 MB of pixels; a few at a time keeps memory bounded.
const MAX_PARALLEL = 2;
let running = 0;
const waiting: (() => void)[] = [];
async function limited<T>(fn: () => Promise<T>): Promise<T> {
  // A finishing task hands its slot straight to the next waiter, so `running` never overshoots.
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export interface Processed { mime: ImageMime; full: Buffer; thumb: Buffer; width: number; height: number; source: { width: number; height: number } }

/** Check that the bytes are a whole, reasonably sized image; make the display copy and thumbnail. */
export async function processImage(ctx: Ctx, data: Buffer, mime: ImageMime): Promise<Processed> {
  const unreadable = () => fileError(ctx, 'validation_failed', 'image.unreadable');
  // Header only (no pixels decoded), so the size can be checked before any decoding.
  const meta = await sharp(data, { limitInputPixels: false }).metadata().catch(() => null);
  if (!meta || meta.format !== SHARP_FORMAT[mime]) throw unreadable();
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) throw unreadable();
  if (width * height > IMAGE_LIMITS.maxPixels) {
    throw fileError(ctx, 'payload_too_large', 'image.too_many_pixels', { mp: IMAGE_LIMITS.maxPixels / 1_000_000, width, height });
  }
  const display = fitWithin(width, height, IMAGE_LIMITS.displayMax);
  const thumb = fitWithin(width, height, IMAGE_LIMITS.thumbMax);
  try {
    return await limited(async () => {
      // Re-encoding drops all metadata (sharp keeps none unless asked); autoOrient first applies
      // the EXIF orientation so the picture stays upright once the tag is gone.
      const pipeline = sharp(data, { limitInputPixels: IMAGE_LIMITS.maxPixels, failOn: 'truncated', autoOrient: true })
        .resize(display.width, display.height, { fit: 'fill' });
      const encoded = mime === 'image/jpeg' ? pipeline.jpeg({ quality: 85, progressive: true })
        : mime === 'image/png' ? pipeline.png()
          : pipeline.webp({ quality: 85 });
      const full = await encoded.toBuffer();
      const small = await sharp(full).resize(thumb.width, thumb.height, { fit: 'fill' }).webp({ quality: 75 }).toBuffer();
      return { mime, full, thumb: small, width: display.width, height: display.height, source: { width, height } };
    });
  } catch {
    throw unreadable();
  }
}

/** Add an image to a product (it goes last; the first image is the main one). */
export async function addProductImage(ctx: Ctx, productId: string, file: ImageUpload | null): Promise<ProductImageDto> {
  outsideTransaction(ctx);
  const owner = await ownerFor(ctx, productId, 'write');
  if (!file || file.data.length === 0) throw fileError(ctx, 'validation_failed', 'image.required');
  if (file.truncated || file.data.length > IMAGE_LIMITS.maxBytes) {
    throw fileError(ctx, 'payload_too_large', 'image.too_large', { mb: MB });
  }
  const mime = sniffImageType(file.data);
  if (!mime) throw fileError(ctx, 'unsupported_media_type', 'image.not_image');
  if (await repo.countImages(ctx, owner.id) >= IMAGE_LIMITS.maxPerProduct) throw limitReached(ctx);

  const img = await processImage(ctx, file.data, mime);
  const id = repo.newImageId();
  const keys = repo.imageKeys(owner.id, id, IMAGE_EXTENSIONS[mime]);
  await repo.putFiles(ctx, [{ key: keys.storageKey, data: img.full }, { key: keys.thumbKey, data: img.thumb }]);
  try {
    return await inTx(ctx, async (tx) => {
      await repo.findImageOwner(tx, owner.id, { lock: true });
      const count = await repo.countImages(tx, owner.id);
      if (count >= IMAGE_LIMITS.maxPerProduct) throw limitReached(ctx);
      const row = await repo.insertImage(tx, {
        id, productId: owner.id, ...keys, mime, width: img.width, height: img.height, bytes: img.full.length, position: count,
      });
      await recordAudit(tx, {
        action: 'product.image.add', entityType: 'product', entityId: owner.id, provinceCode: owner.provinceCode,
        after: { ...row, fileName: file.name.slice(0, 255), uploadedBytes: file.data.length, source: img.source },
      });
      await publicFactsChanged(tx, { productIds: [owner.id] });
      return toImageDto(row);
    });
  } catch (e) {
    await repo.removeFiles(ctx, [keys.storageKey, keys.thumbKey]).catch(() => undefined);
    throw e;
  }
}

export async function listProductImages(ctx: Ctx, productId: string): Promise<ProductImageDto[]> {
  const owner = await ownerFor(ctx, productId, 'read');
  return (await repo.listImages(ctx, owner.id)).map(toImageDto);
}

export async function deleteProductImage(ctx: Ctx, productId: string, imageId: string): Promise<void> {
  outsideTransaction(ctx);
  const owner = await ownerFor(ctx, productId, 'write');
  const removed = await inTx(ctx, async (tx) => {
    await repo.findImageOwner(tx, owner.id, { lock: true });
    const row = await repo.findImage(tx, owner.id, imageId);
    if (!row) throw new AppError('not_found', 'image not found');
    await repo.deleteImage(tx, row.id);
    const rest = await repo.listImages(tx, owner.id);
    await repo.setPositions(tx, owner.id, rest.map((r) => r.id));
    await recordAudit(tx, {
      action: 'product.image.delete', entityType: 'product', entityId: owner.id, provinceCode: owner.provinceCode, before: row,
    });
    await publicFactsChanged(tx, { productIds: [owner.id] });
    return row;
  });
  // After the commit: a failure here leaves an unreferenced file, never a row without its file.
  await repo.removeFiles(ctx, [removed.storageKey, removed.thumbKey]).catch(() => undefined);
}

/** Reorder under the product's lock; `order` gets the current rows and returns the new id order. */
async function applyOrder(
  ctx: Ctx, owner: repo.ImageOwner, action: string, order: (rows: repo.ProductImageRow[]) => string[],
): Promise<ProductImageDto[]> {
  return inTx(ctx, async (tx) => {
    await repo.findImageOwner(tx, owner.id, { lock: true });
    const before = await repo.listImages(tx, owner.id);
    const wanted = order(before);
    await repo.setPositions(tx, owner.id, wanted);
    await recordAudit(tx, {
      action, entityType: 'product', entityId: owner.id, provinceCode: owner.provinceCode,
      before: { imageIds: before.map((r) => r.id) }, after: { imageIds: wanted },
    });
    await publicFactsChanged(tx, { productIds: [owner.id] });
    return (await repo.listImages(tx, owner.id)).map(toImageDto);
  });
}

/** Put the images in this order; `imageIds` must be exactly the product's images. */
export async function reorderProductImages(ctx: Ctx, productId: string, input: ImageOrderInput): Promise<ProductImageDto[]> {
  const owner = await ownerFor(ctx, productId, 'write');
  return applyOrder(ctx, owner, 'product.image.reorder', (rows) => {
    const wanted = input.imageIds;
    const known = new Set(rows.map((r) => r.id));
    if (wanted.length !== known.size || new Set(wanted).size !== wanted.length || !wanted.every((id) => known.has(id))) {
      const message = t(ctx.locale, 'field.image.order_mismatch');
      throw new AppError('validation_failed', message, { imageIds: { code: 'image.order_mismatch', message } });
    }
    return wanted;
  });
}

/** Make an image the main one (first); the others keep their order. */
export async function setMainProductImage(ctx: Ctx, productId: string, imageId: string): Promise<ProductImageDto[]> {
  const owner = await ownerFor(ctx, productId, 'write');
  return applyOrder(ctx, owner, 'product.image.main', (rows) => {
    if (!rows.some((r) => r.id === imageId)) throw new AppError('not_found', 'image not found');
    return [imageId, ...rows.map((r) => r.id).filter((id) => id !== imageId)];
  });
}

export interface ImageFile { data: Buffer; mime: string; etag: string }

/** The bytes of an image's display copy or thumbnail, for anyone who may read the product. */
export async function readProductImage(ctx: Ctx, productId: string, imageId: string, variant: ImageVariant): Promise<ImageFile> {
  const owner = await ownerFor(ctx, productId, 'read');
  const row = await repo.findImage(ctx, owner.id, imageId);
  if (!row) throw new AppError('not_found', 'image not found');
  const data = await repo.readFile(ctx, variant === 'thumb' ? row.thumbKey : row.storageKey);
  if (!data) throw new AppError('not_found', 'image file not found');
  return { data, mime: variant === 'thumb' ? 'image/webp' : row.mime, etag: `"${row.id}-${variant}"` };
}
