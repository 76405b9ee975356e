/** Reviews of listings: the only queries of them. */
import { and, desc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import { exec, readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { listings, reviews } from './market.tables';

export type ReviewRecord = typeof reviews.$inferSelect;

export async function insertReview(ctx: Ctx, values: typeof reviews.$inferInsert): Promise<string | null> {
  const done = await exec(ctx).insert(reviews).values(values).onConflictDoNothing().returning({ id: reviews.id });
  return done[0]?.id ?? null;
}

export async function getReview(ctx: Ctx, id: string): Promise<ReviewRecord | null> {
  const [row] = await exec(ctx).select().from(reviews).where(eq(reviews.id, id)).limit(1);
  return row ?? null;
}

export async function updateReview(ctx: Ctx, id: string, values: Partial<typeof reviews.$inferInsert>): Promise<void> {
  await exec(ctx).update(reviews).set(values).where(eq(reviews.id, id));
}

/** The review an order gave a listing, or null. */
export async function reviewOf(ctx: Ctx, orderId: string, listingId: string): Promise<ReviewRecord | null> {
  const [row] = await exec(ctx).select().from(reviews).where(and(eq(reviews.orderId, orderId), eq(reviews.listingId, listingId))).limit(1);
  return row ?? null;
}

/** Gives a review without a photo its photo; false when it has one already. */
export async function setPhotoKey(ctx: Ctx, id: string, photoKey: string): Promise<boolean> {
  const done = await exec(ctx).update(reviews).set({ photoKey }).where(and(eq(reviews.id, id), isNull(reviews.photoKey))).returning({ id: reviews.id });
  return done.length > 0;
}

/** A listing's reviews people see (not hidden), newest first. */
export async function visibleReviews(ctx: Ctx, listingId: string, limit = 50): Promise<ReviewRecord[]> {
  return readDb(ctx).select().from(reviews).where(and(eq(reviews.listingId, listingId), isNull(reviews.hiddenReason)))
    .orderBy(desc(reviews.createdAt)).limit(limit);
}

/** A shop's reviews, hidden ones too (the shop and officers see why), newest first. */
export async function reviewsOfShop(ctx: Ctx, shopId: string, limit = 100): Promise<ReviewRecord[]> {
  return readDb(ctx).select(getTableColumns(reviews)).from(reviews).innerJoin(listings, eq(listings.id, reviews.listingId))
    .where(eq(listings.shopId, shopId)).orderBy(desc(reviews.createdAt)).limit(limit);
}

/** The average stars and count of a listing's visible reviews. */
export async function ratingOf(ctx: Ctx, listingId: string): Promise<{ average: number | null; count: number }> {
  const [r] = await rows<{ avg: string | null; n: string }>(readDb(ctx), sql`
    select avg(stars) as avg, count(*) as n from reviews where listing_id = ${listingId}::uuid and hidden_reason is null`);
  return { average: r?.avg === null || r?.avg === undefined ? null : Math.round(Number(r.avg) * 10) / 10, count: Number(r?.n ?? 0) };
}

/** The (order, listing) pairs reviewed among these orders. */
export async function reviewedIn(ctx: Ctx, orderIds: readonly string[]): Promise<{ orderId: string; listingId: string }[]> {
  if (!orderIds.length) return [];
  return exec(ctx).select({ orderId: reviews.orderId, listingId: reviews.listingId }).from(reviews).where(inArray(reviews.orderId, [...orderIds]));
}
