/**
 * Promotion content (issue 16, item 4): news and video posts officers publish about products,
 * producers, events and provinces, and the tags that place them on those pages and in the feed.
 */
import { pgTable, text, integer, boolean, timestamp, uuid, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import { areas } from '../registry/registry.tables';
import { users } from '../identity/identity.tables';

export const PROMO_KINDS = ['news', 'video'] as const;
export const PROMO_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export const PROMO_TAG_KINDS = ['product', 'producer', 'event', 'province'] as const;

const stamp = (name: string) => timestamp(name, { withTimezone: true });

/** A news item or a video link; the body is HTML of the safe subset, sanitised when stored. */
export const promoPosts = pgTable('promo_posts', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull(),
  kind: text('kind', { enum: PROMO_KINDS }).notNull(),
  title: text('title').notNull(),
  summary: text('summary').notNull().default(''),
  body: text('body').notNull().default(''),
  /** For a video: the page of the clip on YouTube, Facebook, TikTok or Zalo (shown as a link). */
  videoUrl: text('video_url'),
  /** A cover image kept in storage (optional). */
  coverKey: text('cover_key'),
  status: text('status', { enum: PROMO_STATUSES }).notNull().default('draft'),
  /** The province whose office wrote it (null: the national office); who may edit it. */
  ownerProvinceCode: text('owner_province_code').references(() => areas.code),
  publishedAt: stamp('published_at'),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  isSample: boolean('is_sample').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: stamp('created_at').notNull().defaultNow(),
  updatedAt: stamp('updated_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('promo_posts_slug_uq').on(t.slug),
  index('promo_posts_published_idx').on(t.status, t.publishedAt),
]);

/** What a post is about: a product, producer, event (ids) or province (area code). */
export const promoPostTags = pgTable('promo_post_tags', {
  postId: uuid('post_id').notNull().references(() => promoPosts.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: PROMO_TAG_KINDS }).notNull(),
  ref: text('ref').notNull(),
}, (t) => [
  primaryKey({ columns: [t.postId, t.kind, t.ref] }),
  index('promo_post_tags_ref_idx').on(t.kind, t.ref),
]);
