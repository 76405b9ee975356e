/**
 * Promotion posts and their tags: every query of the module. Public reads (lists, a post by its
 * address, the posts tagged to a page) go to the read replica when there is one; writes and the
 * back office's reads use the caller's transaction.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { exec, readDb, type Ctx } from '../../context';
import { rows, type Executor } from '../../db/client';
import { scopeWhere } from '../../db/scope';
import { isUuid } from '../../domain/ids';
import type { RowScope } from '../../core/scope';
import { areas, producers, products } from '../registry/registry.tables';
import { users } from '../identity/identity.tables';
import { tradeEvents } from '../trade/trade.tables';
import { promoPosts, promoPostTags } from './promo.tables';
import type { PromoKind, PromoTagKind } from './promo.schema';

/** Reads: the read replica, or the caller's transaction when inside one (a demo load, a service composing writes). */
const reader = (ctx: Ctx): Executor => (ctx.tx ? exec(ctx) : readDb(ctx));

export type PostRow = typeof promoPosts.$inferSelect;
export type NewPost = typeof promoPosts.$inferInsert;
export interface TagRef { kind: PromoTagKind; ref: string }
export interface TagRow extends TagRef { postId: string }

export async function insertPost(ctx: Ctx, values: NewPost): Promise<PostRow> {
  const [row] = await exec(ctx).insert(promoPosts).values(values).returning();
  return row!;
}

/** Update when still at `version` (and add 1 to it); null when it moved on (or is gone). */
export async function updatePostIf(ctx: Ctx, id: string, version: number, values: Partial<NewPost>): Promise<PostRow | null> {
  const [row] = await exec(ctx).update(promoPosts).set({ ...values, version: sql`${promoPosts.version} + 1` })
    .where(and(eq(promoPosts.id, id), eq(promoPosts.version, version))).returning();
  return row ?? null;
}

export async function findPost(ctx: Ctx, id: string): Promise<PostRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).select().from(promoPosts).where(eq(promoPosts.id, id)).limit(1);
  return row ?? null;
}

/** A published post by its address. */
export async function findPublishedBySlug(ctx: Ctx, slug: string): Promise<PostRow | null> {
  const [row] = await reader(ctx).select().from(promoPosts)
    .where(and(eq(promoPosts.slug, slug), eq(promoPosts.status, 'published'))).limit(1);
  return row ?? null;
}

/** Slugs taken that start with `base` (base itself and base-N). */
export async function slugsLike(ctx: Ctx, base: string): Promise<Set<string>> {
  const found = await exec(ctx).select({ slug: promoPosts.slug }).from(promoPosts)
    .where(sql`${promoPosts.slug} = ${base} or ${promoPosts.slug} like ${`${base.slice(0, 70)}%`}`);
  return new Set(found.map((r) => r.slug));
}

export async function replaceTags(ctx: Ctx, postId: string, tags: readonly TagRef[]): Promise<void> {
  await exec(ctx).delete(promoPostTags).where(eq(promoPostTags.postId, postId));
  if (tags.length) await exec(ctx).insert(promoPostTags).values(tags.map((t) => ({ postId, kind: t.kind, ref: t.ref }))).onConflictDoNothing();
}

/** The tags of posts; `fresh`: from the primary (inside a write). */
export async function tagsOf(ctx: Ctx, postIds: readonly string[], fresh = false): Promise<TagRow[]> {
  if (!postIds.length) return [];
  const db: Executor = fresh ? exec(ctx) : reader(ctx);
  return db.select({ postId: promoPostTags.postId, kind: promoPostTags.kind, ref: promoPostTags.ref }).from(promoPostTags)
    .where(inArray(promoPostTags.postId, [...postIds])).orderBy(asc(promoPostTags.kind), asc(promoPostTags.ref));
}

const uuidList = (ids: readonly string[]) => sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `);
const textList = (ids: readonly string[]) => sql.join(ids.map((i) => sql`${i}`), sql`, `);

/** Which of the references exist (products, producers, events by id; provinces by code). */
export async function existingRefs(ctx: Ctx, kind: PromoTagKind, refs: readonly string[]): Promise<Set<string>> {
  if (!refs.length) return new Set();
  const db = exec(ctx);
  const found = kind === 'product' ? await db.select({ ref: sql<string>`${products.id}::text` }).from(products).where(inArray(products.id, [...refs]))
    : kind === 'producer' ? await db.select({ ref: sql<string>`${producers.id}::text` }).from(producers).where(inArray(producers.id, [...refs]))
      : kind === 'event' ? await db.select({ ref: sql<string>`${tradeEvents.id}::text` }).from(tradeEvents).where(inArray(tradeEvents.id, [...refs]))
        : await db.select({ ref: areas.code }).from(areas).where(and(inArray(areas.code, [...refs]), eq(areas.level, 'province')));
  return new Set(found.map((r) => r.ref));
}

export interface TagLabelRow { kind: PromoTagKind; ref: string; label: string; public: boolean }

/**
 * Names of tagged things and whether their public page exists: a product with a certificate, a
 * producer with a certified product, a published event, a province.
 */
export async function tagLabels(ctx: Ctx, tags: readonly TagRef[]): Promise<TagLabelRow[]> {
  const of = (kind: PromoTagKind) => [...new Set(tags.filter((t) => t.kind === kind).map((t) => t.ref))];
  const [pids, rids, eids, codes] = [of('product'), of('producer'), of('event'), of('province')];
  const parts: SQL[] = [];
  if (pids.length) parts.push(sql`select 'product' as kind, p.id::text as ref, p.name as label,
    exists (select 1 from certificates c where c.product_id = p.id) as public from products p where p.id in (${uuidList(pids)})`);
  if (rids.length) parts.push(sql`select 'producer' as kind, pr.id::text as ref, pr.name as label,
    exists (select 1 from products p join certificates c on c.product_id = p.id where p.producer_id = pr.id) as public from producers pr where pr.id in (${uuidList(rids)})`);
  if (eids.length) parts.push(sql`select 'event' as kind, e.id::text as ref, e.title as label, e.status = 'published' as public from trade_events e where e.id in (${uuidList(eids)})`);
  if (codes.length) parts.push(sql`select 'province' as kind, a.code as ref, a.name as label, true as public from areas a where a.level = 'province' and a.code in (${textList(codes)})`);
  if (!parts.length) return [];
  return rows<TagLabelRow>(reader(ctx), sql.join(parts, sql` union all `));
}

export interface PostListFilter {
  status?: PostRow['status'] | undefined;
  kind?: PromoKind | undefined;
  q?: string | undefined;
  tag?: TagRef | undefined;
  /** 'published': newest publication first (public lists); 'updated': last changed first (the back office). */
  order: 'published' | 'updated';
  /** Read the primary (the back office, right after its own writes); else the read replica. */
  fresh: boolean;
  limit: number;
  offset: number;
}

const taggedWith = (tag: TagRef) => sql`exists (select 1 from ${promoPostTags} t where t.post_id = ${promoPosts.id} and t.kind = ${tag.kind} and t.ref = ${tag.ref})`;

export async function listPosts(ctx: Ctx, scope: RowScope, f: PostListFilter): Promise<{ items: PostRow[]; total: number }> {
  const where = and(
    scopeWhere(scope, { status: promoPosts.status, owner: promoPosts.ownerProvinceCode }),
    f.status ? eq(promoPosts.status, f.status) : undefined,
    f.kind ? eq(promoPosts.kind, f.kind) : undefined,
    f.q ? sql`ocop_norm(${promoPosts.title}) like '%' || ocop_norm(${f.q}) || '%'` : undefined,
    f.tag ? taggedWith(f.tag) : undefined,
  );
  const db = f.fresh ? exec(ctx) : reader(ctx);
  const order = f.order === 'published'
    ? [sql`${promoPosts.publishedAt} desc nulls last`, desc(promoPosts.createdAt), asc(promoPosts.id)]
    : [desc(promoPosts.updatedAt), asc(promoPosts.id)];
  const [items, [count]] = await Promise.all([
    db.select().from(promoPosts).where(where).orderBy(...order).limit(f.limit).offset(f.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(promoPosts).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

/** The newest published posts tagged with one product, producer, event or province. */
export async function publishedTagged(ctx: Ctx, tag: TagRef, limit: number): Promise<PostRow[]> {
  return reader(ctx).select().from(promoPosts)
    .where(and(eq(promoPosts.status, 'published'), taggedWith(tag)))
    .orderBy(desc(promoPosts.publishedAt), asc(promoPosts.id)).limit(limit);
}

/** Provinces, for the tag picker. */
export async function provinces(ctx: Ctx): Promise<{ code: string; name: string }[]> {
  return reader(ctx).select({ code: areas.code, name: areas.name }).from(areas).where(eq(areas.level, 'province')).orderBy(asc(areas.code));
}

// ─── The demo ───────────────────────────────────────────────────────────────

export async function userIdByUsername(ctx: Ctx, username: string): Promise<string | null> {
  const [row] = await exec(ctx).select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  return row?.id ?? null;
}

export async function producerIdByName(ctx: Ctx, name: string): Promise<string | null> {
  const [row] = await exec(ctx).select({ id: producers.id }).from(producers).where(eq(producers.name, name)).limit(1);
  return row?.id ?? null;
}

export async function productIdByNames(ctx: Ctx, producerId: string, name: string): Promise<string | null> {
  const [row] = await exec(ctx).select({ id: products.id }).from(products)
    .where(and(eq(products.producerId, producerId), eq(products.name, name))).limit(1);
  return row?.id ?? null;
}

export async function markSample(ctx: Ctx, id: string): Promise<void> {
  await exec(ctx).update(promoPosts).set({ isSample: true }).where(eq(promoPosts.id, id));
}
