/**
 * Sample pictures: illustrations drawn by the project (SVG, seed/sample-pictures/) for products
 * of demo data, which come with no photos. Each drawing is rendered to a raster ONCE and goes
 * through the same checks and re-encoding as an upload (processImage); every product showing it
 * gets its own row and files, marked as a sample in their storage keys (imageKeys), so that the
 * API says `sample: true` and pages label the picture "Ảnh minh họa mẫu" (decisions/025).
 */
import sharp from 'sharp';
import { inTx, type Ctx } from '../../context';
import { IMAGE_EXTENSIONS } from '../../domain/image';
import { recordAudit } from '../audit/audit.service';
import * as repo from './product-images.repository';
import { outsideTransaction, ownerFor, processImage, type Processed } from './product-images.service';

/** Side of the square raster a drawing is rendered at (the display copy keeps it). */
export const SAMPLE_PICTURE_SIZE = 800;

export interface SamplePicture { name: string; image: Processed }

/** Render one drawing (an SVG document) into the display copy and thumbnail every product will share. */
export async function renderSamplePicture(ctx: Ctx, name: string, svg: Buffer): Promise<SamplePicture> {
  // A fast, lossless intermediate (processImage compresses the copy it stores): ~50 ms a drawing,
  // where a palette PNG at the highest compression took a second.
  const png = await sharp(svg)
    .resize(SAMPLE_PICTURE_SIZE, SAMPLE_PICTURE_SIZE, { fit: 'contain', background: '#ffffff' })
    .png({ compressionLevel: 1 }).toBuffer();
  return { name, image: await processImage(ctx, png, 'image/png') };
}

/**
 * Give each product its sample picture, as its main image when it has none yet (a product with
 * images keeps them: the sample goes after). Files are written first and removed again if the
 * transaction fails, as for an upload. Returns how many pictures were added.
 */
export async function addSamplePictures(ctx: Ctx, items: { productId: string; picture: SamplePicture }[]): Promise<number> {
  outsideTransaction(ctx);
  const planned: { owner: repo.ImageOwner; id: string; keys: ReturnType<typeof repo.imageKeys>; picture: SamplePicture }[] = [];
  for (const { productId, picture } of items) {
    const owner = await ownerFor(ctx, productId, 'write');
    const id = repo.newImageId();
    const keys = repo.imageKeys(owner.id, id, IMAGE_EXTENSIONS[picture.image.mime], { sample: true });
    planned.push({ owner, id, keys, picture });
  }
  const written: string[] = [];
  try {
    for (const p of planned) {
      await repo.putFiles(ctx, [{ key: p.keys.storageKey, data: p.picture.image.full }, { key: p.keys.thumbKey, data: p.picture.image.thumb }]);
      written.push(p.keys.storageKey, p.keys.thumbKey);
    }
    await inTx(ctx, async (tx) => {
      for (const p of planned) {
        await repo.findImageOwner(tx, p.owner.id, { lock: true });
        const { image } = p.picture;
        const row = await repo.insertImage(tx, {
          id: p.id, productId: p.owner.id, ...p.keys, mime: image.mime, width: image.width, height: image.height,
          bytes: image.full.length, position: await repo.countImages(tx, p.owner.id),
        });
        await recordAudit(tx, {
          action: 'product.image.add', entityType: 'product', entityId: p.owner.id, provinceCode: p.owner.provinceCode,
          after: { ...row, samplePicture: p.picture.name, note: 'Ảnh minh họa mẫu (sample illustration, not a photo of the product)' },
        });
      }
    });
  } catch (e) {
    await repo.removeFiles(ctx, written).catch(() => undefined);
    throw e;
  }
  return planned.length;
}
