/**
 * Review photos over HTTP: the file for <img> tags (public while the review is shown, cached for a
 * year: a photo's address never changes content) and the API's way to send one (JSON, base64: a
 * guest identified by code and phone may send it, and anonymous callers' API takes JSON only). The
 * order page's multipart review form is read in market-pages.routes.tsx.
 */
import { z } from 'zod';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { errorResponses } from '../../web/api-schemas';
import { IMAGE_LIMITS } from '../../domain/image';
import { MARKET_LIMITS } from './market.routes';
import { photoError, photoFromBase64, PHOTO_FIELD, REVIEW_PHOTO_VARIANTS } from './review-photo.service';
import { addReviewPhoto, reviewPhoto } from './reviews.service';

const tags = ['market'];
const MB = IMAGE_LIMITS.maxBytes / 1024 / 1024;
const Binary = z.any().meta({ type: 'string', format: 'binary' });
const PhotoSchema = z.object({ thumb: z.string(), full: z.string() }).nullable().describe('the photo\'s thumbnail and display copy (/anh/danh-gia/…)');
/** A review as the floor's review answers show it, with its photo. */
const ReviewSchema = z.object({
  id: z.string(), listingId: z.string(), stars: z.number().int(), text: z.string(), author: z.string(), createdAt: z.string(),
  reply: z.string().nullable(), repliedAt: z.string().nullable(), hidden: z.boolean(), hiddenReason: z.string().nullable(), photo: PhotoSchema,
});

export function registerReviewPhotoRoutes(app: App, _deps: Deps) {
  app.get('/anh/danh-gia/:id/:variant', {
    config: { access: 'public' },
    schema: {
      tags, summary: 'A review\'s photo: "thumb" (WebP, at most 320 px) or "full" (at most 1600 px). Public while the review is shown; a hidden review\'s only for who reads its shop',
      params: z.object({ id: z.string().max(64), variant: z.enum(REVIEW_PHOTO_VARIANTS) }),
      response: {
        200: { description: 'the image', content: Object.fromEntries(['image/jpeg', 'image/png', 'image/webp'].map((type) => [type, { schema: Binary }])) },
        304: z.null().describe('not modified'), ...errorResponses(400, 404),
      },
    },
  }, async (req, reply) => {
    const photo = await reviewPhoto(req.ctx, req.params.id, req.params.variant);
    reply.header('x-content-type-options', 'nosniff').header('etag', photo.etag).header('content-disposition', 'inline')
      .header('cache-control', photo.shared ? 'public, max-age=31536000, immutable' : 'private, no-store');
    if (req.headers['if-none-match'] === photo.etag) return reply.code(304).send(null);
    return reply.type(photo.mime).send(photo.data);
  });

  app.post('/api/v1/market/orders/:code/reviews/:listingId/photo', {
    config: { access: 'public', rateLimit: MARKET_LIMITS.follow },
    // Base64 makes a file a third larger: room for the largest photo and the JSON around it.
    bodyLimit: Math.ceil(IMAGE_LIMITS.maxBytes * 4 / 3) + 64 * 1024,
    schema: {
      tags, summary: 'The buyer adds a photo to their review of a product of a completed order (code and phone as to follow the order; a signed-in buyer\'s own order without the phone). Once: 409 conflict when the review has one',
      description: `JSON with the photo as base64 (a data: URL prefix is accepted): JPEG, PNG or WebP recognised by its first bytes, at most ${MB} MB and `
        + `${IMAGE_LIMITS.maxPixels / 1_000_000} megapixels, re-encoded without metadata (EXIF, GPS). Not base64 → 400 (market.photo_base64); not an image → 415 `
        + '(image.not_image); too large → 413 (image.too_large, image.too_many_pixels); damaged → 400 (image.unreadable); no review of this product yet → 404',
      params: z.object({ code: z.string().max(40), listingId: z.string().max(64) }),
      body: z.object({ phone: z.string().max(30).default(''), [PHOTO_FIELD]: z.string().min(1).describe('the image, base64') }),
      response: { 200: ReviewSchema, ...errorResponses(400, 404, 409, 413, 415, 429) },
    },
  }, async (req) => {
    const upload = photoFromBase64(req.body.photo);
    if (!upload) throw photoError(req.ctx, 'validation_failed', 'market.photo_base64');
    return addReviewPhoto(req.ctx, req.params.code, req.body.phone, req.params.listingId, upload);
  });
}
