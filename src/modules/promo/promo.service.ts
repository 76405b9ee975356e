/**
 * Promotion posts (issue 16, item 4): officers write news and video posts about products,
 * producers, events and provinces — draft → published → withdrawn (and published again) — and the
 * public reads the published ones on /tin-tuc, in the feeds and on the pages they are tagged to.
 *
 * Texts: the title and summary are plain text (escaped wherever shown); the body is HTML of the
 * safe subset, sanitised when stored (web/rich-text.ts) and shown as stored. A video post links to
 * the clip's page on YouTube, Facebook, TikTok or Zalo (promo.rules.ts): a link card, never an
 * embedded player. Publishing, withdrawing and editing a published post announce a change on the
 * public-facts feed in the same transaction, so the portal drops its held pages (the product,
 * producer and province pages show the posts tagged to them; decisions/033).
 */
import sanitizeHtml from 'sanitize-html';
import { inTx, type Ctx } from '../../context';
import { AppError, forbidden, notFound, problem, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import { requireActor } from '../../core/actor';
import { isUuid } from '../../domain/ids';
import { sanitizeRichText } from '../../web/rich-text';
import { recordAudit } from '../audit/audit.service';
import { publicFactsChanged } from '../registry/public-facts-feed';
import * as repo from './promo.repository';
import { canManagePost, isPromoWriter, ownerProvinceFor, postScope } from './promo.policy';
import { freeSlug, idOfRef, nextStatus, provinceOfRef, slugOf, stripControls, videoLink, videoPlatformOf, type PostAction } from './promo.rules';
import {
  PostInputSchema, PostListQuerySchema, PostPatchSchema, MAX_TAGS,
  type PostCard, type PostDto, type PostFilter, type PostListQuery, type PostSummaryDto, type PromoTagKind, type TagDto, type TagsInput,
} from './promo.schema';

export const postPath = (slug: string) => `/tin-tuc/${slug}`;
export const coverPath = (postId: string, coverKey: string, variant: 'thumb' | 'full') =>
  `/anh/tin-tuc/${postId}/${coverKey.split('/').pop()!.replace(/\.[a-z]+$/, '')}/${variant}`;
const coverOf = (r: repo.PostRow) => (r.coverKey ? { thumb: coverPath(r.id, r.coverKey, 'thumb'), full: coverPath(r.id, r.coverKey, 'full') } : null);

/** The message of a stale write (409 conflict); pages say it in the user's language (promo.err.stale). */
export const STALE = 'the post was changed meanwhile: reload it';

// ─── Reading ────────────────────────────────────────────────────────────────

export function toCard(r: repo.PostRow): PostCard {
  return {
    id: r.id, slug: r.slug, url: postPath(r.slug), kind: r.kind, title: r.title, summary: r.summary,
    videoPlatform: videoPlatformOf(r.videoUrl), cover: coverOf(r), publishedAt: r.publishedAt?.toISOString() ?? null, isSample: r.isSample,
  };
}

async function withTags(ctx: Ctx, list: repo.PostRow[], onlyPublic: boolean, fresh = false): Promise<Map<string, TagDto[]>> {
  const tags = await repo.tagsOf(ctx, list.map((r) => r.id), fresh);
  const labels = new Map((await repo.tagLabels(ctx, tags)).map((l) => [`${l.kind}:${l.ref}`, l]));
  const byPost = new Map<string, TagDto[]>(list.map((r) => [r.id, []]));
  for (const t of tags) {
    const l = labels.get(`${t.kind}:${t.ref}`);
    if (!l || (onlyPublic && !l.public)) continue;
    byPost.get(t.postId)!.push({ kind: t.kind, ref: t.ref, label: l.label, public: l.public });
  }
  return byPost;
}

function toSummary(ctx: Ctx, r: repo.PostRow, tags: TagDto[]): PostSummaryDto {
  const manage = canManagePost(ctx.actor, r);
  return {
    ...toCard(r), videoUrl: r.videoUrl, status: r.status, ownerProvinceCode: r.ownerProvinceCode, tags, version: r.version,
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
    actions: { edit: manage, publish: manage && nextStatus(r.status, 'publish') !== null, withdraw: manage && nextStatus(r.status, 'withdraw') !== null },
  };
}

/** A post the actor may read: published, or one they may write; 404 otherwise. */
async function readable(ctx: Ctx, id: string): Promise<repo.PostRow> {
  const r = await repo.findPost(ctx, id);
  if (!r || (r.status !== 'published' && !canManagePost(ctx.actor, r))) throw notFound('post');
  return r;
}

/** A post the actor may write; 404 otherwise (another province's post does not exist for them). */
async function manageable(ctx: Ctx, id: string): Promise<repo.PostRow> {
  const actor = requireActor(ctx);
  if (!isPromoWriter(actor)) throw forbidden();
  const r = await repo.findPost(ctx, id);
  if (!r || !canManagePost(actor, r)) throw notFound('post');
  return r;
}

export async function getPost(ctx: Ctx, id: string): Promise<PostDto> {
  const r = await readable(ctx, id);
  const tags = await withTags(ctx, [r], false, canManagePost(ctx.actor, r));
  return { ...toSummary(ctx, r, tags.get(r.id)!), body: r.body };
}

const tagOf = (f: PostFilter): repo.TagRef | undefined =>
  f.product ? { kind: 'product', ref: f.product } : f.producer ? { kind: 'producer', ref: f.producer }
    : f.event ? { kind: 'event', ref: f.event } : f.province ? { kind: 'province', ref: f.province } : undefined;

/** The API's list: published posts for everyone; a writer also sees the others they may write. */
export async function listPosts(ctx: Ctx, raw: Partial<PostListQuery>) {
  const q = PostListQuerySchema.parse(raw);
  const writer = isPromoWriter(ctx.actor);
  const { items, total } = await repo.listPosts(ctx, postScope(ctx.actor), {
    status: writer ? q.status : undefined, kind: q.kind, q: q.q, tag: tagOf(q),
    order: writer ? 'updated' : 'published', fresh: writer, limit: q.pageSize, offset: (q.page - 1) * q.pageSize,
  });
  const tags = await withTags(ctx, items, false, writer);
  return { items: items.map((r) => toSummary(ctx, r, tags.get(r.id)!)), total, page: q.page, pageSize: q.pageSize };
}

/** What a tag filter names, for the list's heading ("Tin về …"); null when it names nothing public. */
export async function filterLabel(ctx: Ctx, f: PostFilter): Promise<TagDto | null> {
  const tag = tagOf(f);
  if (!tag) return null;
  const [l] = await repo.tagLabels(ctx, [tag]);
  return l && l.public ? { kind: l.kind, ref: l.ref, label: l.label, public: true } : null;
}

/** Published posts, newest first, optionally those tagged with one thing (the public list). */
export async function publishedPosts(ctx: Ctx, f: PostFilter, page: number, pageSize: number) {
  const { items, total } = await repo.listPosts(ctx, postScope(null), {
    tag: tagOf(f), order: 'published', fresh: false, limit: pageSize, offset: (page - 1) * pageSize,
  });
  return { items: items.map(toCard), total, page, pageSize };
}

/** What a feed carries of the newest published posts (paths relative to the portal's origin). */
export async function feedItems(ctx: Ctx, f: PostFilter, limit = 20) {
  const { items } = await repo.listPosts(ctx, postScope(null), { tag: tagOf(f), order: 'published', fresh: false, limit, offset: 0 });
  const tags = await withTags(ctx, items, true);
  return items.map((r) => ({
    id: r.id, title: r.title, path: postPath(r.slug), summary: r.summary, html: r.body,
    published: r.publishedAt ?? r.createdAt, updated: r.updatedAt, image: coverOf(r)?.full ?? null,
    categories: tags.get(r.id)!.map((g) => g.label),
  }));
}

/** A published post by its address, with the tags whose pages exist; 404 otherwise (a withdrawn post is gone). */
export async function publicPost(ctx: Ctx, slug: string): Promise<{ post: PostDto; tags: TagDto[] }> {
  const r = /^[a-z0-9-]{1,80}$/.test(slug) ? await repo.findPublishedBySlug(ctx, slug) : null;
  if (!r) throw notFound('post');
  const tags = (await withTags(ctx, [r], true)).get(r.id)!;
  return { post: { ...toSummary(ctx, r, tags), body: r.body }, tags };
}

/**
 * The newest published posts tagged with a product, producer, event (ids) or province (code): the
 * "Tin tức" sections of the public pages (the event page places PromoPostsAside with them).
 */
export async function postsTagged(ctx: Ctx, tag: { kind: PromoTagKind; ref: string; limit?: number }): Promise<PostCard[]> {
  if (tag.kind === 'province' ? !/^\d{2}$/.test(tag.ref) : !isUuid(tag.ref)) return [];
  const found = await repo.publishedTagged(ctx, { kind: tag.kind, ref: tag.ref.toLowerCase() }, Math.min(Math.max(tag.limit ?? 4, 1), 20));
  return found.map(toCard);
}

/** Provinces for the tag picker of the form. */
export const provinceChoices = (ctx: Ctx) => repo.provinces(ctx);

// ─── Writing ────────────────────────────────────────────────────────────────

const TAG_FIELDS: Record<PromoTagKind, keyof TagsInput> = { product: 'products', producer: 'producers', event: 'events', province: 'provinces' };

/** The tags as references that exist; every unreadable or unknown one is a problem of its field (tags.products…). */
async function resolveTags(ctx: Ctx, input: TagsInput, fields: FieldErrors): Promise<repo.TagRef[]> {
  const out: repo.TagRef[] = [];
  for (const [kind, key] of Object.entries(TAG_FIELDS) as [PromoTagKind, keyof TagsInput][]) {
    const refs = input[key];
    const field = `tags.${key}`;
    if (refs.length > MAX_TAGS) { fields[field] ??= problem('too_many', { max: MAX_TAGS }); continue; }
    const read = refs.map((r) => ({ raw: r, ref: kind === 'province' ? provinceOfRef(r) : idOfRef(r) }));
    const bad = read.find((r) => r.ref === null);
    if (bad) { fields[field] ??= problem('promo.bad_ref', { ref: bad.raw.slice(0, 80) }); continue; }
    const ids = [...new Set(read.map((r) => r.ref!))];
    const found = await repo.existingRefs(ctx, kind, ids);
    const unknown = read.find((r) => !found.has(r.ref!));
    if (unknown) { fields[field] ??= problem('promo.unknown_tag', { ref: unknown.raw.slice(0, 80) }); continue; }
    out.push(...ids.map((ref) => ({ kind, ref })));
  }
  return out;
}

/** The video link as stored: required for a video, optional for news; null when none. */
function checkVideo(kind: string, url: string | null | undefined, fields: FieldErrors): string | null {
  if (url) {
    const v = videoLink(url);
    if (!v) { fields.videoUrl ??= problem('promo.video_url'); return null; }
    return v.url;
  }
  if (kind === 'video') fields.videoUrl ??= problem('promo.video_required');
  return null;
}

/**
 * The body as stored: pictures from other sites removed first (the pages' Content-Security-Policy
 * shows only the platform's own, `img-src 'self'`), then the safe subset kept by the maintained
 * sanitiser (web/rich-text.ts) — what is stored is always that sanitiser's output.
 */
const BLOCK_TAG = /<(?:p|h[1-6]|ul|ol|li|blockquote|table|figure|hr|br|div)\b/i;

export function storedBody(input: string): string {
  const text = stripControls(input).replace(/\r\n?/g, '\n');
  // Typed as text (perhaps with bold, italics, links): blank lines separate paragraphs, a line break
  // stays one. Text without any markup is escaped first ("giá < 100" stays text).
  const markup = /<\/?[a-z!][^>]*>/i.test(text);
  const html = BLOCK_TAG.test(text) ? text : text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)
    .map((p) => `<p>${(markup ? p : p.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]!))).replace(/\n/g, '<br />')}</p>`).join('\n');
  const ownPictures = sanitizeHtml(html, {
    // Everything passes this first step but pictures from elsewhere; the safe subset is kept by the next.
    allowedTags: false, allowedAttributes: false, allowVulnerableTags: true,
    exclusiveFilter: (frame) => frame.tag === 'img' && !/^\/(?![/\\])/.test(frame.attribs.src ?? ''),
  });
  return sanitizeRichText(ownPictures);
}

const plain = (s: string) => stripControls(s).trim();

async function uniqueSlug(ctx: Ctx, title: string): Promise<string> {
  const base = slugOf(title);
  return freeSlug(base, await repo.slugsLike(ctx, base));
}

const snapshot = (r: repo.PostRow, tags?: repo.TagRef[]) => ({
  kind: r.kind, title: r.title, slug: r.slug, summary: r.summary, videoUrl: r.videoUrl, coverKey: r.coverKey, status: r.status,
  ownerProvinceCode: r.ownerProvinceCode, ...(tags ? { tags: tags.map((t) => `${t.kind}:${t.ref}`) } : {}), version: r.version,
});

/** A unique-slug race lost to another writer: a conflict to retry, never a 500. */
function slugTaken(e: unknown): never {
  const code = (e as { code?: string; cause?: { code?: string } }).code ?? (e as { cause?: { code?: string } }).cause?.code;
  if (code === '23505') throw new AppError('conflict', 'another post took the same address meanwhile: save again');
  throw e;
}

export async function createPost(ctx: Ctx, raw: unknown, opts: { isSample?: boolean } = {}): Promise<PostDto> {
  const actor = requireActor(ctx);
  const owner = ownerProvinceFor(actor);
  if (owner === undefined) throw forbidden();
  const parsed = PostInputSchema.safeParse(raw);
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  if (!parsed.success) throw validation(fields);
  const input = parsed.data;
  const videoUrl = checkVideo(input.kind, input.videoUrl, fields);
  const tags = await resolveTags(ctx, input.tags, fields);
  if (Object.keys(fields).length) throw validation(fields);
  const id = await inTx(ctx, async (tx) => {
    const now = ctx.deps.clock();
    const title = plain(input.title);
    const row = await repo.insertPost(tx, {
      slug: await uniqueSlug(tx, title), kind: input.kind, title, summary: plain(input.summary), body: storedBody(input.body), videoUrl,
      ownerProvinceCode: owner, createdBy: actor.userId, isSample: opts.isSample ?? false, createdAt: now, updatedAt: now,
    }).catch(slugTaken);
    await repo.replaceTags(tx, row.id, tags);
    await recordAudit(tx, {
      action: 'promo_post.create', entityType: 'promo_post', entityId: row.id, provinceCode: owner,
      after: snapshot(row, tags),
    });
    return row.id;
  });
  return getPost(ctx, id);
}

export async function updatePost(ctx: Ctx, id: string, raw: unknown): Promise<PostDto> {
  const r = await manageable(ctx, id);
  const parsed = PostPatchSchema.safeParse(raw ?? {});
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  if (!parsed.success) throw validation(fields);
  const input = parsed.data;
  const kind = input.kind ?? r.kind;
  const videoUrl = checkVideo(kind, input.videoUrl !== undefined ? input.videoUrl : r.videoUrl, fields);
  const tags = input.tags ? await resolveTags(ctx, input.tags, fields) : null;
  if (Object.keys(fields).length) throw validation(fields);
  if (input.version !== undefined && input.version !== r.version) throw new AppError('conflict', STALE);
  const title = input.title !== undefined ? plain(input.title) : r.title;
  await inTx(ctx, async (tx) => {
    const before = await repo.tagsOf(tx, [r.id], true);
    // A post keeps its address once published (links to it are shared); a draft follows its title.
    const slug = !r.publishedAt && title !== r.title ? await uniqueSlug(tx, title) : r.slug;
    const row = await repo.updatePostIf(tx, r.id, r.version, {
      kind, title, slug, videoUrl, updatedAt: ctx.deps.clock(),
      ...(input.summary !== undefined ? { summary: plain(input.summary) } : {}),
      ...(input.body !== undefined ? { body: storedBody(input.body) } : {}),
    }).catch(slugTaken);
    if (!row) throw new AppError('conflict', STALE);
    if (tags) await repo.replaceTags(tx, r.id, tags);
    await recordAudit(tx, {
      action: 'promo_post.update', entityType: 'promo_post', entityId: r.id, provinceCode: r.ownerProvinceCode,
      before: snapshot(r, before), after: snapshot(row, tags ?? before),
    });
    if (row.status === 'published') await publicFactsChanged(tx, {});
  });
  return getPost(ctx, r.id);
}

/** Publish (a draft or a withdrawn post) or withdraw (a published one); anything else is 409 invalid_transition. */
export async function movePost(ctx: Ctx, id: string, action: PostAction, version?: number): Promise<PostDto> {
  const r = await manageable(ctx, id);
  const to = nextStatus(r.status, action);
  if (!to) throw new AppError('invalid_transition', `a ${r.status} post cannot be ${action === 'publish' ? 'published' : 'withdrawn'}`);
  if (version !== undefined && version !== r.version) throw new AppError('conflict', STALE);
  await inTx(ctx, async (tx) => {
    const now = ctx.deps.clock();
    const row = await repo.updatePostIf(tx, r.id, r.version, { status: to, updatedAt: now, ...(to === 'published' && !r.publishedAt ? { publishedAt: now } : {}) });
    if (!row) throw new AppError('conflict', STALE);
    await recordAudit(tx, {
      action: `promo_post.${action}`, entityType: 'promo_post', entityId: r.id, provinceCode: r.ownerProvinceCode,
      before: { status: r.status },
      after: { status: to, title: row.title, slug: row.slug, url: postPath(row.slug), ownerProvinceCode: row.ownerProvinceCode, national: row.ownerProvinceCode === null },
    });
    // The list, the feeds and the pages the post is tagged to change (decisions/033).
    await publicFactsChanged(tx, {});
  });
  return getPost(ctx, r.id);
}

export const publishPost = (ctx: Ctx, id: string, version?: number) => movePost(ctx, id, 'publish', version);
export const withdrawPost = (ctx: Ctx, id: string, version?: number) => movePost(ctx, id, 'withdraw', version);

export { manageable as manageablePost, readable as readablePost };
