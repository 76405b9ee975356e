/**
 * Sample pictures for the demo's products (seed/sample-pictures/): the products of the sample
 * dataset have no photos, so each gets an illustration drawn by the project, chosen by the words
 * of its name (pictures.json). Every drawing used is rendered once and shared; the pictures are
 * stored as sample pictures (registry/product-images.samples.ts), which every page labels
 * "Ảnh minh họa mẫu". Only at seed time: a demo restart on the same data directory renders nothing.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ctx } from '../../context';
import { SEED_DIR } from '../../paths';
import { normalizeVi } from '../../domain/text';
import { listProducts } from '../registry/product.service';
import { addSamplePictures, renderSamplePicture, type SamplePicture } from '../registry/product-images.samples';

export const SAMPLE_PICTURES_DIR = join(SEED_DIR, 'sample-pictures');

export interface PictureRule { file: string; words: string[] }

export async function pictureRules(): Promise<PictureRule[]> {
  const parsed = JSON.parse(await readFile(join(SAMPLE_PICTURES_DIR, 'pictures.json'), 'utf8')) as { pictures: PictureRule[] };
  return parsed.pictures;
}

/** The drawing for a product name: the first rule with a phrase found as whole words, or null. */
export function pictureFor(rules: PictureRule[], productName: string): string | null {
  const name = ` ${normalizeVi(productName)} `;
  return rules.find((r) => r.words.some((w) => name.includes(` ${w} `)))?.file ?? null;
}

/** Give every product of the demo registry (just loaded: no images yet) its sample picture; returns how many. */
export async function loadDemoPictures(ctx: Ctx): Promise<number> {
  const rules = await pictureRules();
  const wanted: { productId: string; file: string }[] = [];
  for (let page = 1; ; page++) {
    const list = await listProducts(ctx, { page, pageSize: 100, sort: 'name' });
    for (const p of list.items) {
      const file = pictureFor(rules, p.name);
      if (file) wanted.push({ productId: p.id, file });
    }
    if (page * 100 >= list.total) break;
  }
  // Each drawing once (about 50 ms each; the image pipeline bounds how many run at a time).
  const files = [...new Set(wanted.map((w) => w.file))];
  const pictures = await Promise.all(files.map(async (file) => renderSamplePicture(ctx, file, await readFile(join(SAMPLE_PICTURES_DIR, file)))));
  const rendered = new Map<string, SamplePicture>(files.map((f, i) => [f, pictures[i]!]));
  return addSamplePictures(ctx, wanted.map((w) => ({ productId: w.productId, picture: rendered.get(w.file)! })));
}
