/**
 * Back-office pages of promotion posts: /admin/tin-tuc (the list), /admin/tin-tuc/moi (a new post),
 * /admin/tin-tuc/:id (edit, cover, publish, withdraw, preview). Writers only (national
 * administrators, province officers); another province's post is a 404. Every form works without
 * JavaScript (post/redirect/get); the cover form is multipart.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { FORM_CODES, formErrors, formVersion, wholeFormFailure, type FormBody, type FormFailure } from '../../web/forms';
import { readMultipart, type MultipartBody } from '../../web/multipart';
import { IMAGE_LIMITS } from '../../domain/image';
import { AppError, type FieldMessages } from '../../errors';
import { PROMO_WRITERS } from './promo.policy';
import { splitRefs } from './promo.rules';
import { PROMO_KINDS, PROMO_STATUSES, type PostDto } from './promo.schema';
import { createPost, getPost, listPosts, manageablePost, movePost, provinceChoices, updatePost } from './promo.service';
import { removeCover, setCover } from './promo-cover.service';
import { ADMIN_PATH, FORM_FIELDS, PostFormPage, PostListPage, postAdminHref, type PostFormValues } from './promo-admin.pages';

const Id = z.object({ id: z.string().max(64) });
const ListQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(PROMO_STATUSES).optional().catch(undefined),
  kind: z.enum(PROMO_KINDS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});
const DetailQuery = z.object({ done: z.string().max(20).optional() });
const config = { access: PROMO_WRITERS };

export type CoverUploadBody = MultipartBody<'_csrf' | 'version'>;

/**
 * preValidation of cover uploads (the form and the API): the multipart parts into `req.body`, so
 * the CSRF check sees `_csrf`; an oversized file arrives cut off for the service to refuse (413).
 */
export async function readCoverUpload(req: FastifyRequest) {
  req.body = await readMultipart(req, { maxBytes: IMAGE_LIMITS.maxBytes, tooLarge: 'truncate', fields: ['_csrf', 'version'], what: 'the picture' });
}
/** A refused picture (too large, not an image) is said on the page, beside the form. */
const COVER_CODES = [...FORM_CODES, 'payload_too_large', 'unsupported_media_type'];

/** A form's values as typed (strings; the provinces ticked). */
function formValues(body: FormBody): PostFormValues {
  const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  const ticked = body.provinces;
  const provinces = (Array.isArray(ticked) ? ticked : [ticked]).filter((v): v is string => typeof v === 'string' && v !== '');
  return { ...Object.fromEntries(FORM_FIELDS.map((k) => [k, text(k)])), provinces } as PostFormValues;
}

const valuesOf = (p: PostDto): PostFormValues => {
  const refs = (kind: string) => p.tags.filter((g) => g.kind === kind).map((g) => g.ref).join('\n');
  return {
    kind: p.kind, title: p.title, summary: p.summary, body: p.body, videoUrl: p.videoUrl ?? '', version: String(p.version),
    products: refs('product'), producers: refs('producer'), events: refs('event'), provinces: p.tags.filter((g) => g.kind === 'province').map((g) => g.ref),
  };
};

/** The service's input from the form: tags one per line; an empty video link is none. */
const inputOf = (v: PostFormValues) => ({
  kind: v.kind || undefined, title: v.title, summary: v.summary, body: v.body, videoUrl: v.videoUrl.trim() || null,
  tags: { products: splitRefs(v.products), producers: splitRefs(v.producers), events: splitRefs(v.events), provinces: v.provinces },
});

/** Field problems named as the form's fields (tags.products → products); a stale post or a lost race as one message. */
function failure(req: FastifyRequest, e: unknown, codes: readonly string[] = FORM_CODES): FormFailure {
  const { t } = viewOf(req);
  if (e instanceof AppError && e.code === 'conflict') return wholeFormFailure(e, t('promo.err.stale'));
  if (e instanceof AppError && e.code === 'invalid_transition') return wholeFormFailure(e, t('promo.err.transition'));
  const f = formErrors(e, viewOf(req).locale, codes);
  const fields: FieldMessages = {};
  for (const [k, m] of Object.entries(f.fields)) fields[k.replace(/^tags\./, '').replace(/\.\d+$/, '')] ??= m;
  return { ...f, fields };
}

export function registerPromoPages(app: App, _deps: Deps) {
  app.get(ADMIN_PATH, { config, schema: { hide: true, querystring: ListQuery } }, async (req, reply) => {
    const list = await listPosts(req.ctx, { ...req.query, pageSize: 20 });
    return sendPage(reply, <PostListPage view={viewOf(req)} query={req.query} list={list} />);
  });

  const form = async (req: FastifyRequest, post: PostDto | null, values: PostFormValues, f?: FormFailure, done?: string) => (
    <PostFormPage view={viewOf(req)} post={post} values={values} provinces={await provinceChoices(req.ctx)} errors={f?.fields} summary={f?.message} done={done} />
  );

  app.get(`${ADMIN_PATH}/moi`, { config, schema: { hide: true } }, async (req, reply) => {
    const own = req.ctx.actor?.role === 'province_officer' && req.ctx.actor.provinceCode ? [req.ctx.actor.provinceCode] : [];
    const empty = { ...Object.fromEntries(FORM_FIELDS.map((k) => [k, ''])), kind: 'news', provinces: own } as PostFormValues;
    return sendPage(reply, await form(req, null, empty));
  });

  app.post(ADMIN_PATH, { config, schema: { hide: true } }, async (req, reply) => {
    const values = formValues(req.body as FormBody);
    try {
      const p = await createPost(req.ctx, inputOf(values));
      return redirect(reply, `${postAdminHref(p.id)}?done=created`);
    } catch (e) {
      const f = failure(req, e);
      return sendPage(reply, await form(req, null, values, f), f.status);
    }
  });

  app.get(`${ADMIN_PATH}/:id`, { config, schema: { hide: true, params: Id, querystring: DetailQuery } }, async (req, reply) => {
    await manageablePost(req.ctx, req.params.id);
    const post = await getPost(req.ctx, req.params.id);
    return sendPage(reply, await form(req, post, valuesOf(post), undefined, req.query.done));
  });

  app.post(`${ADMIN_PATH}/:id`, { config, schema: { hide: true, params: Id } }, async (req, reply) => {
    const values = formValues(req.body as FormBody);
    try {
      await updatePost(req.ctx, req.params.id, { ...inputOf(values), version: formVersion(values.version) });
      return redirect(reply, `${postAdminHref(req.params.id)}?done=saved`);
    } catch (e) {
      const f = failure(req, e);
      return sendPage(reply, await form(req, await getPost(req.ctx, req.params.id), values, f), f.status);
    }
  });

  /** A button on the post's page (publish, withdraw, remove the cover): done, or the page again with why not. */
  const action = (path: string, run: (ctx: FastifyRequest['ctx'], id: string, version: number | undefined) => Promise<unknown>, done: string) => {
    app.post(`${ADMIN_PATH}/:id/${path}`, { config, schema: { hide: true, params: Id } }, async (req, reply) => {
      const version = formVersion(typeof (req.body as FormBody)?.version === 'string' ? (req.body as FormBody).version as string : undefined);
      try {
        await run(req.ctx, req.params.id, version);
        return redirect(reply, `${postAdminHref(req.params.id)}?done=${done}`);
      } catch (e) {
        const f = failure(req, e);
        const post = await getPost(req.ctx, req.params.id);
        return sendPage(reply, await form(req, post, valuesOf(post), f), f.status);
      }
    });
  };
  action('publish', (ctx, id, v) => movePost(ctx, id, 'publish', v), 'published');
  action('withdraw', (ctx, id, v) => movePost(ctx, id, 'withdraw', v), 'withdrawn');
  action('cover/remove', (ctx, id, v) => removeCover(ctx, id, v), 'coverRemoved');

  app.post(`${ADMIN_PATH}/:id/cover`, { config, preValidation: readCoverUpload, schema: { hide: true, params: Id } }, async (req, reply) => {
    const { file, version } = req.body as CoverUploadBody;
    try {
      await setCover(req.ctx, req.params.id, file, formVersion(version));
      return redirect(reply, `${postAdminHref(req.params.id)}?done=cover`);
    } catch (e) {
      const f = failure(req, e, COVER_CODES);
      const post = await getPost(req.ctx, req.params.id);
      return sendPage(reply, await form(req, post, valuesOf(post), f), f.status);
    }
  });
}
