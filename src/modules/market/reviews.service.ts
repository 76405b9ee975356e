/**
 * Reviews (docs/decisions/036): only the buyer of a completed order reviews what it held — one
 * review per listing of the order, stars 1–5 and a text — identified as for following the order
 * (code and phone, or their buyer account). The shop replies once; an officer who keeps the shop's
 * producer hides an abusive review with a reason (kept, shown to the shop, not to the public).
 * Texts are stored as written and always shown as text.
 */
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

export interface ReviewDto {
  id: string; listingId: string; stars: number; text: string; author: string; createdAt: string;
  reply: string | null; repliedAt: string | null; hidden: boolean; hiddenReason: string | null;
}

const dto = (r: repo.ReviewRecord, withHidden = false): ReviewDto => ({
  id: r.id, listingId: r.listingId, stars: r.stars, text: r.text, author: r.authorName, createdAt: new Date(r.createdAt).toISOString(),
  reply: r.reply, repliedAt: r.repliedAt ? new Date(r.repliedAt).toISOString() : null,
  hidden: r.hiddenReason !== null, hiddenReason: withHidden ? r.hiddenReason : null,
});

/** "Nguyễn Thị Mua" → "Nguyễn T. M." : reviews name their author without their full name. */
export const shortName = (name: string) => {
  const parts = name.trim().split(/\s+/u);
  if (parts.length < 2) return parts[0] ?? '';
  return `${parts[0]} ${parts.slice(1).map((p) => `${p[0]!.toUpperCase()}.`).join(' ')}`;
};

export async function reviewOrder(ctx: Ctx, code: string, phone: string, input: { listingId: string; stars: number; text: string }): Promise<ReviewDto> {
  return inTx(ctx, async (tx) => {
    const order = await orderForBuyer(tx, code, phone);
    if (order.status !== 'completed') throw new AppError('invalid_transition', 'only a completed order is reviewed');
    const items = await itemsOf(tx, [order.id]);
    if (!items.some((i) => i.listingId === input.listingId)) throw notFound('listing');
    const id = await repo.insertReview(tx, {
      orderId: order.id, listingId: input.listingId, stars: input.stars, text: input.text, authorName: shortName(order.buyerName), createdAt: ctx.deps.clock(),
    });
    if (!id) throw new AppError('duplicate', 'this order reviewed this product already');
    await recordAudit(tx, { action: 'market.review', entityType: 'review', entityId: id, after: { order: order.code, stars: input.stars } });
    const listing = (await listingRecord(tx, input.listingId))!;
    await publicFactsChanged(tx, { productIds: [listing.productId] });
    return dto((await repo.getReview(tx, id))!);
  });
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
