/**
 * Product images: the `product_images` rows, the product they belong to (only what the policy
 * needs), the image files in `deps.storage`, and new image ids.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { productImages, products } from './registry.tables';
import { isUuid } from '../../domain/ids';

export type ProductImageRow = typeof productImages.$inferSelect;

/** The product's identity and location: enough for the registry policy and the audit row. */
export interface ImageOwner {
  id: string;
  name: string;
  provinceCode: string;
  communeCode: string;
  producerId: string;
}

/**
 * The product, or null. With `lock`, the row is locked until the transaction ends so that
 * concurrent uploads to one product are counted one after the other (the per-product limit).
 */
export async function findImageOwner(ctx: Ctx, productId: string, opts: { lock?: boolean } = {}): Promise<ImageOwner | null> {
  if (!isUuid(productId)) return null;
  const q = exec(ctx).select({
    id: products.id, name: products.name, provinceCode: products.provinceCode,
    communeCode: products.communeCode, producerId: products.producerId,
  }).from(products).where(eq(products.id, productId)).limit(1);
  const [row] = opts.lock ? await q.for('update') : await q;
  return row ?? null;
}

export async function listImages(ctx: Ctx, productId: string): Promise<ProductImageRow[]> {
  return exec(ctx).select().from(productImages).where(eq(productImages.productId, productId))
    .orderBy(asc(productImages.position), asc(productImages.createdAt), asc(productImages.id));
}

export async function countImages(ctx: Ctx, productId: string): Promise<number> {
  const [row] = await exec(ctx).select({ n: sql<number>`count(*)::int` }).from(productImages)
    .where(eq(productImages.productId, productId));
  return row?.n ?? 0;
}

export async function findImage(ctx: Ctx, productId: string, imageId: string): Promise<ProductImageRow | null> {
  if (!isUuid(productId) || !isUuid(imageId)) return null;
  const [row] = await exec(ctx).select().from(productImages)
    .where(and(eq(productImages.id, imageId), eq(productImages.productId, productId))).limit(1);
  return row ?? null;
}

export async function insertImage(ctx: Ctx, values: typeof productImages.$inferInsert): Promise<ProductImageRow> {
  const [row] = await exec(ctx).insert(productImages).values(values).returning();
  return row!;
}

export async function deleteImage(ctx: Ctx, imageId: string): Promise<ProductImageRow | null> {
  const [row] = await exec(ctx).delete(productImages).where(eq(productImages.id, imageId)).returning();
  return row ?? null;
}

/** Positions 0…n-1 in the order given (ids of one product's images). */
export async function setPositions(ctx: Ctx, productId: string, orderedIds: string[]): Promise<void> {
  for (const [position, id] of orderedIds.entries()) {
    await exec(ctx).update(productImages).set({ position })
      .where(and(eq(productImages.id, id), eq(productImages.productId, productId)));
  }
}

export const newImageId = (): string => randomUUID();

/**
 * Storage keys of an image's files: the display copy and the thumbnail. A sample picture (an
 * illustration drawn by the project for demo data, not a photo of the product) carries
 * SAMPLE_PICTURE_MARK in both keys, so the row itself says what it is (decisions/025).
 */
export function imageKeys(productId: string, imageId: string, extension: string, opts: { sample?: boolean } = {}) {
  const name = opts.sample ? `${imageId}${SAMPLE_PICTURE_MARK}` : imageId;
  return {
    storageKey: `products/${productId}/${name}.${extension}`,
    thumbKey: `products/${productId}/${name}-thumb.webp`,
  };
}

/** What ends the file name of a sample picture's files, before the extension. */
export const SAMPLE_PICTURE_MARK = '-sample';

/** Whether an image's storage key is a sample picture's (see imageKeys). */
export const isSamplePictureKey = (storageKey: string): boolean => /-sample\.[a-z]+$/.test(storageKey);

/** Store files; if one fails, the ones already written are removed before rethrowing. */
export async function putFiles(ctx: Ctx, files: { key: string; data: Buffer }[]): Promise<void> {
  const written: string[] = [];
  try {
    for (const f of files) {
      await ctx.deps.storage.put(f.key, f.data);
      written.push(f.key);
    }
  } catch (e) {
    await removeFiles(ctx, written).catch(() => undefined);
    throw e;
  }
}

/** Remove files; every key is tried, the first failure is rethrown afterwards. */
export async function removeFiles(ctx: Ctx, keys: string[]): Promise<void> {
  const results = await Promise.allSettled(keys.map((k) => ctx.deps.storage.remove(k)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

export async function readFile(ctx: Ctx, key: string): Promise<Buffer | null> {
  return ctx.deps.storage.get(key);
}
