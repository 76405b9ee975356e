/**
 * Product images over HTTP: the JSON API under /api/v1/products/:id/images and the files under
 * /media/products/… (served to anyone who may read the product, for <img> tags of the back office).
 * Uploads are multipart; `readImageUpload` (a preValidation hook, also used by the back-office
 * form) puts the parts into `req.body` so the CSRF check sees the form's `_csrf` field first.
 */
import { z } from 'zod';
import { errorResponses } from '../../web/api-schemas';
import { readMultipart, type MultipartBody } from '../../web/multipart';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { IMAGE_LIMITS } from '../../domain/image';
import {
  addProductImage, deleteProductImage, listProductImages, readProductImage, reorderProductImages, setMainProductImage,
} from './product-images.service';
import { IMAGE_VARIANTS, ImageOrderSchema, ProductImageSchema } from './product-images.schema';


const ProductParams = z.object({ id: z.string().max(64) });
const ImageParams = z.object({ id: z.string().max(64), imageId: z.string().max(64) });
const ImageList = z.object({ items: z.array(ProductImageSchema) });
const Binary = z.any().meta({ type: 'string', format: 'binary' });

/** For the OpenAPI document; the multipart parts are read by readImageUpload before validation. */
const UploadSchema = z.object({
  file: z.any().meta({ type: 'string', format: 'binary', description: 'JPEG, PNG or WebP, at most 5 MB' }),
});

export type ImageUploadBody = MultipartBody<'_csrf'>;

/**
 * preValidation: the multipart parts into `req.body`. A file over the limit is not an error
 * here (the CSRF check has not run yet); it arrives cut off with `truncated` set and the
 * service answers 413.
 */
export async function readImageUpload(req: FastifyRequest) {
  req.body = await readMultipart(req, { maxBytes: IMAGE_LIMITS.maxBytes, tooLarge: 'truncate', fields: ['_csrf'], what: 'the image' });
}

export function registerProductImageRoutes(app: App, _deps: Deps) {
  app.get('/api/v1/products/:id/images', {
    config: { access: 'user' },
    schema: {
      tags: ['registry'], summary: 'Images of a product, main image first',
      params: ProductParams, response: { 200: ImageList, ...errorResponses(401, 404) },
    },
  }, async (req) => ({ items: await listProductImages(req.ctx, req.params.id) }));

  app.post('/api/v1/products/:id/images', {
    config: { access: 'user' },
    preValidation: readImageUpload,
    schema: {
      tags: ['registry'],
      summary: 'Add an image to a product (multipart field "file")',
      description: `JPEG, PNG or WebP (recognised by the file's first bytes; the declared type and name are ignored), `
        + `at most ${IMAGE_LIMITS.maxBytes / 1024 / 1024} MB and ${IMAGE_LIMITS.maxPixels / 1_000_000} megapixels, `
        + `${IMAGE_LIMITS.maxPerProduct} images per product. The image is re-encoded without metadata (EXIF, GPS), `
        + `stored at most ${IMAGE_LIMITS.displayMax} px on its longest side, with a ${IMAGE_LIMITS.thumbMax} px WebP thumbnail. `
        + 'Not an image → 415; larger than the limits → 413; damaged → 400; product already has the maximum → 409. '
        + 'Allowed to whoever may edit the product.',
      consumes: ['multipart/form-data'],
      params: ProductParams,
      body: UploadSchema,
      response: { 201: ProductImageSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
    },
  }, async (req, reply) => {
    const { file } = req.body as ImageUploadBody;
    return reply.code(201).send(await addProductImage(req.ctx, req.params.id, file));
  });

  app.delete('/api/v1/products/:id/images/:imageId', {
    config: { access: 'user' },
    schema: {
      tags: ['registry'], summary: 'Delete a product image (the files go too)',
      params: ImageParams, response: { 204: z.null().describe('deleted'), ...errorResponses(401, 403, 404) },
    },
  }, async (req, reply) => {
    await deleteProductImage(req.ctx, req.params.id, req.params.imageId);
    return reply.code(204).send(null);
  });

  app.post('/api/v1/products/:id/images/:imageId/main', {
    config: { access: 'user' },
    schema: {
      tags: ['registry'], summary: 'Make an image the main one (moves it first; the others keep their order)',
      params: ImageParams, response: { 200: ImageList, ...errorResponses(401, 403, 404) },
    },
  }, async (req) => ({ items: await setMainProductImage(req.ctx, req.params.id, req.params.imageId) }));

  app.put('/api/v1/products/:id/images/order', {
    config: { access: 'user' },
    schema: {
      tags: ['registry'], summary: 'Reorder the images (every image id of the product, main image first)',
      params: ProductParams, body: ImageOrderSchema, response: { 200: ImageList, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => ({ items: await reorderProductImages(req.ctx, req.params.id, req.body) }));

  app.get('/media/products/:id/:imageId/:variant', {
    config: { access: 'user' },
    schema: {
      tags: ['registry'],
      summary: 'Image file: "full" (display copy, the stored type) or "thumb" (WebP)',
      description: 'For whoever may read the product. An image id never changes content, so the answer may be '
        + 'cached for a year by the browser (private: never by shared caches); If-None-Match answers 304.',
      params: ImageParams.extend({ variant: z.enum(IMAGE_VARIANTS) }),
      response: {
        200: {
          description: 'the image',
          content: Object.fromEntries(['image/jpeg', 'image/png', 'image/webp'].map((type) => [type, { schema: Binary }])),
        },
        304: z.null().describe('not modified'),
        ...errorResponses(400, 401, 404),
      },
    },
  }, async (req, reply) => {
    const file = await readProductImage(req.ctx, req.params.id, req.params.imageId, req.params.variant);
    reply
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=31536000, immutable')
      .header('etag', file.etag)
      .header('content-disposition', 'inline');
    if (req.headers['if-none-match'] === file.etag) return reply.code(304).send(null);
    return reply.type(file.mime).send(file.data);
  });
}
