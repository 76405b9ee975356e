/**
 * Promotion posts over the API (/api/v1/promo/posts: the published ones for anyone; writers —
 * national administrators, province officers — also read and change the posts they may write) and
 * the cover pictures' files (/anh/tin-tuc/…). The public pages (/tin-tuc…) are the portal's
 * (portal/news.routes.tsx); the back-office pages are in promo-admin.routes.tsx.
 */
import { z } from 'zod';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { errorResponses, pageOf, VersionQuerySchema } from '../../web/api-schemas';
import { IMAGE_LIMITS } from '../../domain/image';
import { PROMO_WRITERS } from './promo.policy';
import { PostInputSchema, PostListQuerySchema, PostPatchSchema, PostSchema, PostSummarySchema, VersionSchema } from './promo.schema';
import { createPost, getPost, listPosts, publishPost, updatePost, withdrawPost } from './promo.service';
import { COVER_VARIANTS, readCover, removeCover, setCover } from './promo-cover.service';
import { readCoverUpload, registerPromoPages, type CoverUploadBody } from './promo-admin.routes';

const tags = ['promo'];
const IdParams = z.object({ id: z.string().max(64) });
const Binary = z.any().meta({ type: 'string', format: 'binary' });
const MB = IMAGE_LIMITS.maxBytes / 1024 / 1024;

export function registerPromoRoutes(app: App, deps: Deps) {
  app.get('/api/v1/promo/posts', {
    config: { access: 'public' },
    schema: {
      tags, summary: 'News and video posts: published ones for anyone (newest first); writers also see their drafts and withdrawn posts (last changed first)',
      description: 'Filters: one tag (product, producer, event: ids; province: code), kind, q (words of the title), status (writers only). '
        + 'National administrators write every post; province officers their province\'s.',
      querystring: PostListQuerySchema, response: { 200: pageOf(PostSummarySchema), ...errorResponses(400) },
    },
  }, async (req) => listPosts(req.ctx, req.query));

  app.get('/api/v1/promo/posts/:id', {
    config: { access: 'public' },
    schema: {
      tags, summary: 'A post with its body (HTML of the safe subset, as stored). A draft or withdrawn post only for who may write it (404 otherwise)',
      params: IdParams, response: { 200: PostSchema, ...errorResponses(404) },
    },
  }, async (req) => getPost(req.ctx, req.params.id));

  app.post('/api/v1/promo/posts', {
    config: { access: PROMO_WRITERS },
    schema: {
      tags, summary: 'Write a post (a draft): national administrators (a national post), province officers (their province\'s)',
      description: 'The body is sanitised when stored: only the safe subset stays (paragraphs, headings, emphasis, lists, quotes, links, tables, '
        + 'pictures on the platform); text without any markup becomes paragraphs. A video needs videoUrl: the https page of the clip on YouTube, '
        + 'Facebook, TikTok or Zalo (promo.video_url, promo.video_required). Tags are ids (or addresses of the public pages) and province codes; '
        + 'each must exist (promo.unknown_tag, promo.bad_ref). The address (slug) is made from the title, unique.',
      body: PostInputSchema, response: { 201: PostSchema, ...errorResponses(400, 401, 403, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await createPost(req.ctx, req.body)));

  app.patch('/api/v1/promo/posts/:id', {
    config: { access: PROMO_WRITERS },
    schema: {
      tags, summary: 'Edit a post (tags, when sent, replace them all). A draft\'s address follows its title; a published post keeps its own. '
        + 'Send the version read: a stale one → 409 conflict. Another province\'s post → 404',
      params: IdParams, body: PostPatchSchema, response: { 200: PostSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => updatePost(req.ctx, req.params.id, req.body));

  app.post('/api/v1/promo/posts/:id/publish', {
    config: { access: PROMO_WRITERS },
    schema: {
      tags, summary: 'Publish a draft (or a withdrawn post again): it shows at once on /tin-tuc, in the feeds and on the pages it is tagged to. '
        + 'A published post → 409 invalid_transition',
      params: IdParams, body: VersionSchema.nullish(), response: { 200: PostSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => publishPost(req.ctx, req.params.id, req.body?.version));

  app.post('/api/v1/promo/posts/:id/withdraw', {
    config: { access: PROMO_WRITERS },
    schema: {
      tags, summary: 'Withdraw a published post: it leaves the portal at once (its address answers 404). Anything else → 409 invalid_transition',
      params: IdParams, body: VersionSchema.nullish(), response: { 200: PostSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => withdrawPost(req.ctx, req.params.id, req.body?.version));

  app.post('/api/v1/promo/posts/:id/cover', {
    config: { access: PROMO_WRITERS },
    preValidation: readCoverUpload,
    schema: {
      tags, summary: 'Set the cover picture (multipart field "file"; optional field "version")',
      description: `JPEG, PNG or WebP recognised by its first bytes, at most ${MB} MB and ${IMAGE_LIMITS.maxPixels / 1_000_000} megapixels; re-encoded `
        + `without metadata (EXIF, GPS), at most ${IMAGE_LIMITS.displayMax} px, with a ${IMAGE_LIMITS.thumbMax} px WebP thumbnail. `
        + 'Not an image → 415; too large → 413; damaged → 400.',
      consumes: ['multipart/form-data'], params: IdParams,
      body: z.object({ file: Binary, version: z.string().optional() }),
      response: { 200: PostSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
    },
  }, async (req) => {
    const { file, version } = req.body as CoverUploadBody;
    return setCover(req.ctx, req.params.id, file, version && /^\d+$/.test(version) ? Number(version) : undefined);
  });

  app.delete('/api/v1/promo/posts/:id/cover', {
    config: { access: PROMO_WRITERS },
    schema: {
      tags, summary: 'Remove the cover picture (?version= refuses a stale one with 409)',
      params: IdParams, querystring: VersionQuerySchema, response: { 200: PostSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => removeCover(req.ctx, req.params.id, req.query.version));

  app.get('/anh/tin-tuc/:id/:name/:variant', {
    config: { access: 'public' },
    schema: {
      tags, summary: 'A post\'s cover picture: "thumb" (WebP, at most 320 px) or "full". Public while the post is published; a new cover has a new address',
      params: z.object({ id: z.string().max(64), name: z.string().max(64), variant: z.enum(COVER_VARIANTS) }),
      response: {
        200: { description: 'the picture', content: Object.fromEntries(['image/jpeg', 'image/png', 'image/webp'].map((type) => [type, { schema: Binary }])) },
        304: z.null().describe('not modified'), ...errorResponses(400, 404),
      },
    },
  }, async (req, reply) => {
    const c = await readCover(req.ctx, req.params.id, req.params.name, req.params.variant);
    reply.header('x-content-type-options', 'nosniff').header('etag', c.etag).header('content-disposition', 'inline')
      .header('cache-control', c.shared ? 'public, max-age=31536000, immutable' : 'private, no-store');
    if (req.headers['if-none-match'] === c.etag) return reply.code(304).send(null);
    return reply.type(c.mime).send(c.data);
  });

  registerPromoPages(app, deps);
}
