/**
 * Reviews (docs/decisions/036): only the buyer of a completed order reviews what it held — one
 * review per listing of the order, stars 1–5, a text and an optional photo (review-photo.service.ts)
 * — identified as for following the order (code and phone, or their buyer account). The shop
 * replies once; an officer who keeps the shop's producer hides an abusive review with a reason
 * (kept, shown to the shop, not to the public: its photo too). Texts are stored as written and
 * always shown as text.
 */
import { randomUUID } from 'node:crypto';
import { inTx, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { isUuid } from '../../domain/ids';
import { AppError, notFound } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import { publicFactsChanged } from '../registry/public-facts-feed';
import * as repo from './reviews.repository';
import { itemsOf } from './orders.repository';
import { orderForBuyer } from './orders.service';
import { readShop } from './shops.service';
import { listingRecord } from './market.repository';
import { reviewPhotoPath } from './market.dto';
import { readReviewPhoto, withReviewPhoto, type PhotoUpload, type ReviewPhotoVariant } from './review-photo.service';

export interface ReviewDto {
  id: string; listingId: string; stars: number; text: string; author: string; createdAt: string;
  reply: string | null; repliedAt: string | null; hidden: boolean; hiddenReason: string | null;
  /** The photo's thumbnail and display copy, when the buyer sent one. */
  photo: { thumb: string; full: string } | null;
}

const dto = (r: repo.ReviewRecord, withHidden = false): ReviewDto => ({
  id: r.id, listingId: r.listingId, stars: r.stars, text: r.text, author: r.authorName, createdAt: new Date(r.createdAt).toISOString(),
  reply: r.reply, repliedAt: r.repliedAt ? new Date(r.repliedAt).toISOString() : null,
  hidden: r.hiddenReason !== null, hiddenReason: withHidden ? r.hiddenReason : null,
  photo: r.photoKey ? { thumb: reviewPhotoPath(r.id, 'thumb'), full: reviewPhotoPath(r.id, 'full') } : null,
});

/** "Nguyễn Thị Mua" → "Nguyễn T. M." : reviews name their author without their full name. */
export const shortName = (name: string) => {
  const parts = name.trim().split(/\s+/u);
  if (parts.length < 2) return parts[0] ?? '';
  return `${parts[0]} ${parts.slice(1).map((p) => `${p[0]!.toUpperCase()}.`).join(' ')}`;
};

/** The buyer's completed order holding the listing (code and phone, or their account); 404 / 409 otherwise. */
async function reviewableOrder(ctx: Ctx, code: string, phone: string, listingId: string) {
  const order = await orderForBuyer(ctx, code, phone);
  if (order.status !== 'completed') throw new AppError('invalid_transition', 'only a completed order is reviewed');
  if (!(await itemsOf(ctx, [order.id])).some((i) => i.listingId === listingId)) throw notFound('listing');
  return order;
}

async function reviewChanged(ctx: Ctx, listingId: string) {
  const listing = (await listingRecord(ctx, listingId))!;
  await publicFactsChanged(ctx, { productIds: [listing.productId] });
}

const duplicateReview = () => new AppError('duplicate', 'this order reviewed this product already');

export interface ReviewInput { listingId: string; stars: number; text: string; photo?: PhotoUpload | null }

export async function reviewOrder(ctx: Ctx, code: string, phone: string, input: ReviewInput): Promise<ReviewDto> {
  if (input.photo) {
    // Checked before any picture is decoded: only the buyer of a completed order, once, makes us process one.
    const order = await reviewableOrder(ctx, code, phone, input.listingId);
    if (await repo.reviewOf(ctx, order.id, input.listingId)) throw duplicateReview();
  }
  const id = randomUUID();
  return withReviewPhoto(ctx, id, input.photo ?? null, (photoKey) => inTx(ctx, async (tx) => {
    const order = await reviewableOrder(tx, code, phone, input.listingId);
    const saved = await repo.insertReview(tx, {
      id, orderId: order.id, listingId: input.listingId, stars: input.stars, text: input.text, photoKey, authorName: shortName(order.buyerName), createdAt: ctx.deps.clock(),
    });
    if (!saved) throw duplicateReview();
    await recordAudit(tx, { action: 'market.review', entityType: 'review', entityId: id, after: { order: order.code, stars: input.stars, photo: photoKey !== null } });
    await reviewChanged(tx, input.listingId);
    return dto((await repo.getReview(tx, id))!);
  }));
}

/** The buyer adds a photo to their review of a product of the order (once: 409 conflict when it has one). */
export async function addReviewPhoto(ctx: Ctx, code: string, phone: string, listingId: string, photo: PhotoUpload): Promise<ReviewDto> {
  const order = await reviewableOrder(ctx, code, phone, listingId);
  const review = await repo.reviewOf(ctx, order.id, listingId);
  if (!review) throw notFound('review');
  if (review.photoKey || review.hiddenReason) throw new AppError('conflict', review.photoKey ? 'the review has a photo already' : 'the review was hidden');
  return withReviewPhoto(ctx, review.id, photo, (photoKey) => inTx(ctx, async (tx) => {
    if (!photoKey || !(await repo.setPhotoKey(tx, review.id, photoKey))) throw new AppError('conflict', 'the review has a photo already');
    await recordAudit(tx, { action: 'market.review_photo', entityType: 'review', entityId: review.id, after: { order: order.code } });
    await reviewChanged(tx, listingId);
    return dto((await repo.getReview(tx, review.id))!);
  }));
}

/**
 * A review's photo: for anyone while the review is shown; once hidden, only for those who read
 * its shop (404 for everyone else, as for a review that does not exist).
 */
export async function reviewPhoto(ctx: Ctx, id: string, variant: ReviewPhotoVariant): Promise<{ data: Buffer; mime: string; etag: string; shared: boolean }> {
  const review = isUuid(id) ? await repo.getReview(ctx, id) : null;
  if (!review?.photoKey) throw notFound('photo');
  if (review.hiddenReason !== null) {
    const listing = (await listingRecord(ctx, review.listingId))!;
    await readShop(ctx, listing.shopId).catch(() => { throw notFound('photo'); });
  }
  const file = await readReviewPhoto(ctx, review.photoKey, variant);
  if (!file) throw notFound('photo');
  return { ...file, etag: `"${review.id}-${variant}"`, shared: review.hiddenReason === null };
}

export async function listingReviews(ctx: Ctx, listingId: string): Promise<{ average: number | null; count: number; items: ReviewDto[] }> {
  if (!isUuid(listingId)) throw notFound('listing');
  const [rating, items] = await Promise.all([repo.ratingOf(ctx, listingId), repo.visibleReviews(ctx, listingId)]);
  return { ...rating, items: items.map((r) => dto(r)) };
}

export async function shopReviews(ctx: Ctx, shopId: string): Promise<ReviewDto[]> {
  const shop = await readShop(ctx, shopId, false);
  return (await repo.reviewsOfShop(ctx, shop.id)).map((r) => dto(r, true));
}

/** The review and its listing's shop, when the actor may keep (or, for hiding, oversee) that shop; 404 otherwise. */
async function reviewInReach(ctx: Ctx, id: string) {
  const review = isUuid(id) ? await repo.getReview(ctx, id) : null;
  if (!review) throw notFound('review');
  const listing = (await listingRecord(ctx, review.listingId))!;
  const shop = await readShop(ctx, listing.shopId, true).catch(() => { throw notFound('review'); });
  return { review, listing, shop };
}

export async function replyToReview(ctx: Ctx, id: string, reply: string): Promise<ReviewDto> {
  return inTx(ctx, async (tx) => {
    const { review, listing } = await reviewInReach(tx, id);
    if (review.reply !== null) throw new AppError('conflict', 'the shop replied already');
    await repo.updateReview(tx, review.id, { reply, repliedAt: ctx.deps.clock() });
    await recordAudit(tx, { action: 'market.review_reply', entityType: 'review', entityId: review.id });
    await publicFactsChanged(tx, { productIds: [listing.productId] });
    return dto((await repo.getReview(tx, review.id))!, true);
  });
}

/** Officers hide an abusive review with a reason (a producer may not hide reviews of its own shop). */
export async function hideReview(ctx: Ctx, id: string, reason: string): Promise<ReviewDto> {
  const actor = requireActor(ctx);
  if (actor.role === 'producer') throw new AppError('forbidden', 'officers hide reviews');
  return inTx(ctx, async (tx) => {
    const { review, listing, shop } = await reviewInReach(tx, id);
    await repo.updateReview(tx, review.id, { hiddenReason: reason, hiddenBy: actor.label });
    await recordAudit(tx, { action: 'market.review_hide', entityType: 'review', entityId: review.id, provinceCode: shop.pickupProvinceCode, after: { reason } });
    await publicFactsChanged(tx, { productIds: [listing.productId] });
    return dto((await repo.getReview(tx, review.id))!, true);
  });
}
