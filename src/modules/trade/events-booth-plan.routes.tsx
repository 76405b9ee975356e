/**
 * The booth plan of an event over HTTP: the image (/anh/su-kien/:id/so-do, cached for good: a new
 * plan has a new address), the API's upload (JSON, base64) and the back office's form (multipart,
 * read before the CSRF check as the other uploads are).
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { errorResponses } from '../../web/api-schemas';
import { readMultipart, type UploadedFile } from '../../web/multipart';
import { IMAGE_LIMITS } from '../../domain/image';
import { AppError } from '../../errors';
import { EVENT_MANAGERS } from './events.policy';
import { EventDetailSchema } from './events.schema';
import { boothPlanImage, planFromBase64, setBoothPlan } from './events-booth-plan.service';
import { adminEventHref } from './events-admin.pages';

const IdParams = z.object({ id: z.string().max(64) });
const Binary = z.any().meta({ type: 'string', format: 'binary' });
const MB = IMAGE_LIMITS.maxBytes / 1024 / 1024;

async function readPlanUpload(req: FastifyRequest) {
  if (!req.isMultipart()) return;
  req.body = await readMultipart(req, { maxBytes: IMAGE_LIMITS.maxBytes, tooLarge: 'truncate', fields: ['_csrf'], what: 'the booth plan' });
}

/** `failed` says a refused upload on the event's page (the pages' own rendering). */
export function registerBoothPlanRoutes(app: App, _deps: Deps, failed: (req: FastifyRequest, reply: FastifyReply, id: string, e: unknown) => Promise<unknown>) {
  app.get('/anh/su-kien/:id/so-do', {
    config: { access: 'public' },
    schema: {
      tags: ['trade-events'], summary: 'An event\'s booth plan (public with a published event)',
      params: IdParams,
      response: { 200: { description: 'the image', content: Object.fromEntries(['image/jpeg', 'image/png', 'image/webp'].map((type) => [type, { schema: Binary }])) }, 304: z.null(), ...errorResponses(404) },
    },
  }, async (req, reply) => {
    const plan = await boothPlanImage(req.ctx, req.params.id);
    reply.header('x-content-type-options', 'nosniff').header('etag', plan.etag).header('content-disposition', 'inline')
      .header('cache-control', plan.shared ? 'public, max-age=31536000, immutable' : 'private, no-store');
    if (req.headers['if-none-match'] === plan.etag) return reply.code(304).send(null);
    return reply.type(plan.mime).send(plan.data);
  });

  app.put('/api/v1/trade/events/:id/booth-plan', {
    config: { access: EVENT_MANAGERS },
    bodyLimit: Math.ceil(IMAGE_LIMITS.maxBytes * 4 / 3) + 64 * 1024,
    schema: {
      tags: ['trade-events'], summary: 'Upload the event\'s booth plan (replaces the previous one)',
      description: `JSON with the image as base64 (a data: URL prefix is accepted): JPEG, PNG or WebP recognised by its first bytes, at most ${MB} MB, `
        + 're-encoded without metadata. Not an image → 415 (image.not_image); too large → 413 (image.too_large); damaged → 400 (image.unreadable)',
      params: IdParams, body: z.object({ image: z.string().min(1).describe('the image, base64') }),
      response: { 200: EventDetailSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
    },
  }, async (req) => {
    const upload = planFromBase64(req.body.image);
    if (!upload) throw new AppError('validation_failed', 'not base64', { image: { code: 'trade_event.plan_missing' } });
    return setBoothPlan(req.ctx, req.params.id, upload);
  });

  app.post('/admin/su-kien/:id/so-do', {
    config: { access: EVENT_MANAGERS }, preValidation: readPlanUpload,
    schema: { hide: true, params: IdParams, body: z.object({ _csrf: z.string().max(200).optional(), file: z.custom<UploadedFile | null>().optional() }).optional() },
  }, async (req, reply) => {
    try {
      await setBoothPlan(req.ctx, req.params.id, req.body?.file ?? null);
      return redirect(reply, `${adminEventHref(req.params.id)}?done=plan`);
    } catch (e) {
      return failed(req, reply, req.params.id, e);
    }
  });
}
