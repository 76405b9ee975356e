import { z } from 'zod';

export const IMAGE_VARIANTS = ['thumb', 'full'] as const;
export type ImageVariant = (typeof IMAGE_VARIANTS)[number];

export const ProductImageSchema = z.object({
  id: z.string().uuid(),
  productId: z.string().uuid(),
  /** 0 = the main image. */
  position: z.number().int(),
  isMain: z.boolean(),
  /** Type of the stored display copy (the original's type; metadata removed). */
  mime: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  /** Display copy, at most 1600 px on its longest side. */
  url: z.string(),
  /** WebP thumbnail, at most 320 px on its longest side. */
  thumbUrl: z.string(),
  thumbWidth: z.number().int(),
  thumbHeight: z.number().int(),
  /**
   * A sample picture: an illustration drawn by the project for demo data ("Ảnh minh họa mẫu"),
   * not a photo of the product. Pages showing it say so.
   */
  sample: z.boolean(),
  createdAt: z.string(),
});
export type ProductImageDto = z.infer<typeof ProductImageSchema>;

export const ImageOrderSchema = z.object({
  imageIds: z.array(z.string().uuid()).min(1).max(100),
});
export type ImageOrderInput = z.infer<typeof ImageOrderSchema>;
