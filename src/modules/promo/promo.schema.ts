import { z } from 'zod';
import { zodCode } from '../../errors';
import { PROMO_KINDS, PROMO_STATUSES, PROMO_TAG_KINDS } from './promo.tables';

export { PROMO_KINDS, PROMO_STATUSES, PROMO_TAG_KINDS };
export type PromoKind = (typeof PROMO_KINDS)[number];
export type PromoTagKind = (typeof PROMO_TAG_KINDS)[number];

/** Tags per kind on one post. */
export const MAX_TAGS = 20;
export const TITLE_MAX = 200;
export const SUMMARY_MAX = 600;
/** The body as sent (HTML of the safe subset); it is sanitised before it is stored. */
export const BODY_MAX = 100_000;

const OneLine = (max: number) => z.string().trim().max(max).refine((s) => !/[\r\n]/.test(s), zodCode('promo.one_line'));
const Refs = z.array(z.string().trim().max(300)).max(MAX_TAGS, 'too many tags').default([])
  .describe('ids, or addresses of their public pages (/san-pham/…-<id>, /chu-the/…-<id>, /su-kien/<id>)');

export const TagsInputSchema = z.object({
  products: Refs,
  producers: Refs,
  events: Refs,
  provinces: z.array(z.string().trim().max(300)).max(MAX_TAGS, 'too many tags').default([]).describe('province codes ("38") or /tinh/ addresses'),
});
export type TagsInput = z.infer<typeof TagsInputSchema>;
const NO_TAGS = { products: [], producers: [], events: [], provinces: [] };

const fields = {
  kind: z.enum(PROMO_KINDS).describe('news, or video: a link to the clip on YouTube, Facebook, TikTok or Zalo'),
  title: OneLine(TITLE_MAX).pipe(z.string().min(1)),
  summary: z.string().trim().max(SUMMARY_MAX).describe('plain text, shown on cards and in feeds'),
  body: z.string().max(BODY_MAX).describe('HTML of the safe subset (paragraphs, headings h2–h4, emphasis, lists, quotes, links, tables, images on the platform); '
    + 'anything else (scripts, styles, event handlers, iframes, javascript: addresses) is removed when stored'),
  videoUrl: z.string().trim().max(600).nullable().describe('https address of the clip\'s page on YouTube, Facebook, TikTok or Zalo (required for a video)'),
};

export const PostInputSchema = z.object({
  kind: fields.kind,
  title: fields.title,
  summary: fields.summary.default(''),
  body: fields.body.default(''),
  videoUrl: fields.videoUrl.optional(),
  tags: TagsInputSchema.default(NO_TAGS),
});
export type PostInput = z.infer<typeof PostInputSchema>;

export const VersionSchema = z.object({
  version: z.number().int().positive().optional().describe('the version read (GET); a stale one → 409 conflict'),
});

export const PostPatchSchema = z.object({
  kind: fields.kind.optional(),
  title: fields.title.optional(),
  summary: fields.summary.optional(),
  body: fields.body.optional(),
  videoUrl: fields.videoUrl.optional(),
  /** Replaces every tag when sent. */
  tags: TagsInputSchema.optional(),
}).extend(VersionSchema.shape);
export type PostPatch = z.infer<typeof PostPatchSchema>;

export const TagSchema = z.object({
  kind: z.enum(PROMO_TAG_KINDS),
  ref: z.string().describe('the product, producer or event id, or the province code'),
  label: z.string().describe('its name (an event\'s title)'),
  /** Whether its public page exists (a product with a certificate, a published event…). */
  public: z.boolean(),
});
export type TagDto = z.infer<typeof TagSchema>;

export const CoverSchema = z.object({ thumb: z.string(), full: z.string() }).nullable()
  .describe('the cover picture: thumbnail (WebP, at most 320 px) and display copy (at most 1600 px)');

export const PostSummarySchema = z.object({
  id: z.string(),
  slug: z.string(),
  /** The public page (/tin-tuc/<slug>), shown while published. */
  url: z.string(),
  kind: z.enum(PROMO_KINDS),
  title: z.string(),
  summary: z.string(),
  videoUrl: z.string().nullable(),
  videoPlatform: z.enum(['youtube', 'facebook', 'tiktok', 'zalo']).nullable(),
  cover: CoverSchema,
  status: z.enum(PROMO_STATUSES),
  ownerProvinceCode: z.string().nullable().describe('the province whose office writes it; null: the national office'),
  publishedAt: z.string().nullable(),
  tags: z.array(TagSchema),
  isSample: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: z.object({ edit: z.boolean(), publish: z.boolean(), withdraw: z.boolean() }),
});
export type PostSummaryDto = z.infer<typeof PostSummarySchema>;

export const PostSchema = PostSummarySchema.extend({ body: z.string().describe('HTML of the safe subset, as stored (sanitised)') });
export type PostDto = z.infer<typeof PostSchema>;

const Id = z.string().uuid();
export const PostFilterSchema = z.object({
  province: z.string().regex(/^\d{2}$/).optional(),
  product: Id.optional(),
  producer: Id.optional(),
  event: Id.optional(),
});
export type PostFilter = z.infer<typeof PostFilterSchema>;

export const PostListQuerySchema = PostFilterSchema.extend({
  status: z.enum(PROMO_STATUSES).optional().describe('writers only (others see published posts)'),
  kind: z.enum(PROMO_KINDS).optional(),
  q: z.string().trim().max(100).optional().describe('words of the title'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type PostListQuery = z.infer<typeof PostListQuerySchema>;

/** A post as cards show it (lists, the product, producer, province and event pages). */
export interface PostCard {
  id: string;
  slug: string;
  url: string;
  kind: PromoKind;
  title: string;
  summary: string;
  videoPlatform: PostSummaryDto['videoPlatform'];
  cover: { thumb: string; full: string } | null;
  publishedAt: string | null;
  isSample: boolean;
}
