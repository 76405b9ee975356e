/**
 * A post's cover picture: checked and processed by the product images' pipeline
 * (registry/product-images.service.ts: type by the first bytes, size and pixel limits, re-encoded
 * without EXIF or GPS, a display copy and a WebP thumbnail) and stored as
 * `promo/<post id>/<random>.<ext>` with `…-thumb.webp` beside it. A new cover gets a new name, so
 * its address (/anh/tin-tuc/<post>/<name>/<variant>) can be cached for a year. Files and rows are
 * kept in step as for product images: the new files are written first and removed again when the
 * transaction fails; the old ones are removed after the commit.
 */
import { randomUUID } from 'node:crypto';
import { inTx, type Ctx } from '../../context';
import { AppError, notFound } from '../../errors';
import { t } from '../../core/i18n';
import { IMAGE_EXTENSIONS, IMAGE_LIMITS, sniffImageType } from '../../domain/image';
import { recordAudit } from '../audit/audit.service';
import { processImage } from '../registry/product-images.service';
import { putFiles, readFile, removeFiles } from '../registry/product-images.repository';
import { publicFactsChanged } from '../registry/public-facts-feed';
import * as repo from './promo.repository';
import { canManagePost } from './promo.policy';
import { getPost, manageablePost, STALE } from './promo.service';
import type { PostDto } from './promo.schema';

export interface CoverUpload { name: string; data: Buffer; truncated?: boolean }
export const COVER_VARIANTS = ['thumb', 'full'] as const;
export type CoverVariant = (typeof COVER_VARIANTS)[number];

/** A problem with the uploaded picture, as the form's `file` field (the API tells it in the caller's language). */
function fileError(ctx: Ctx, status: 'payload_too_large' | 'unsupported_media_type' | 'validation_failed', code: 'image.required' | 'image.too_large' | 'image.not_image', params?: Record<string, number>) {
  const message = t(ctx.locale, `field.${code}`, params);
  return new AppError(status, message, { file: { code, ...(params ? { params } : {}), message } });
}

const thumbKeyOf = (key: string) => key.replace(/\.[a-z]+$/, '-thumb.webp');
const keysOf = (key: string | null) => (key ? [key, thumbKeyOf(key)] : []);

async function swapCover(ctx: Ctx, post: repo.PostRow, coverKey: string | null, version: number | undefined): Promise<void> {
  if (version !== undefined && version !== post.version) throw new AppError('conflict', STALE);
  await inTx(ctx, async (tx) => {
    const row = await repo.updatePostIf(tx, post.id, post.version, { coverKey, updatedAt: ctx.deps.clock() });
    if (!row) throw new AppError('conflict', STALE);
    await recordAudit(tx, {
      action: 'promo_post.update', entityType: 'promo_post', entityId: post.id, provinceCode: post.ownerProvinceCode,
      before: { coverKey: post.coverKey, version: post.version }, after: { coverKey, version: row.version },
    });
    if (row.status === 'published') await publicFactsChanged(tx, {});
  });
  // The old picture's files go once the row no longer names them (a leftover file is harmless).
  await removeFiles(ctx, keysOf(post.coverKey)).catch(() => undefined);
}

/** Set (or replace) the cover: JPEG, PNG or WebP, at most 5 MB and 40 megapixels. */
export async function setCover(ctx: Ctx, id: string, upload: CoverUpload | null, version?: number): Promise<PostDto> {
  if (ctx.tx) throw new Error('cover writes manage their own transaction; call them outside one');
  const post = await manageablePost(ctx, id);
  if (!upload || (upload.data.length === 0 && !upload.truncated)) throw fileError(ctx, 'validation_failed', 'image.required');
  if (upload.truncated || upload.data.length > IMAGE_LIMITS.maxBytes) {
    throw fileError(ctx, 'payload_too_large', 'image.too_large', { mb: IMAGE_LIMITS.maxBytes / 1024 / 1024 });
  }
  const mime = sniffImageType(upload.data);
  if (!mime) throw fileError(ctx, 'unsupported_media_type', 'image.not_image');
  const image = await processImage(ctx, upload.data, mime);
  const key = `promo/${post.id}/${randomUUID()}.${IMAGE_EXTENSIONS[mime]}`;
  await putFiles(ctx, [{ key, data: image.full }, { key: thumbKeyOf(key), data: image.thumb }]);
  try {
    await swapCover(ctx, post, key, version);
  } catch (e) {
    await removeFiles(ctx, keysOf(key)).catch(() => undefined);
    throw e;
  }
  return getPost(ctx, post.id);
}

export async function removeCover(ctx: Ctx, id: string, version?: number): Promise<PostDto> {
  const post = await manageablePost(ctx, id);
  if (post.coverKey) await swapCover(ctx, post, null, version);
  return getPost(ctx, post.id);
}

const MIME: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/**
 * The cover's bytes for <img> tags: anyone's while the post is published (`shared`: cacheable by
 * everyone), its writers' otherwise; 404 for an old name or a missing file.
 */
export async function readCover(ctx: Ctx, id: string, name: string, variant: CoverVariant): Promise<{ data: Buffer; mime: string; etag: string; shared: boolean }> {
  const post = await repo.findPost(ctx, id);
  if (!post?.coverKey || !/^[0-9a-f-]{36}$/.test(name) || !post.coverKey.endsWith(`/${name}.${post.coverKey.split('.').pop()}`)) throw notFound('cover');
  const shared = post.status === 'published';
  if (!shared && !canManagePost(ctx.actor, post)) throw notFound('cover');
  const key = variant === 'thumb' ? thumbKeyOf(post.coverKey) : post.coverKey;
  const data = await readFile(ctx, key);
  if (!data) throw notFound('cover');
  return { data, mime: variant === 'thumb' ? 'image/webp' : MIME[post.coverKey.split('.').pop() ?? ''] ?? 'application/octet-stream', etag: `"${name}-${variant}"`, shared };
}
