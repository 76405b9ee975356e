/**
 * What the floor's pages read besides listings and orders: the places of the filters and the
 * buyer's address, the shop's terms shown on a listing, the cart's lines as they stand today, and
 * what a shop may still put on sale.
 */
import type { Ctx } from '../../context';
import { todayInVietnam } from '../../domain/dates';
import * as repo from './market.repository';
import { listingPath } from './market.dto';
import { isOnSale, sellableVariants } from './orders.repository';

export const provinces = (ctx: Ctx) => repo.provinces(ctx);
export const communesOf = (ctx: Ctx, provinceCode: string) => repo.communesOf(ctx, provinceCode);
export const communeOf = (ctx: Ctx, code: string) => repo.findCommune(ctx, code);

/** The terms a listing page shows of its shop. */
export async function shopTerms(ctx: Ctx, shopId: string): Promise<{ phone: string; returnDays: number; returnPolicy: string }> {
  const shop = (await repo.getShop(ctx, shopId))!;
  return { phone: shop.phone, returnDays: shop.returnDays, returnPolicy: shop.returnPolicy };
}

export interface CartLine { variantId: string; quantity: number; title: string; variantName: string; price: number; stock: number; shopId: string; shopName: string; onSale: boolean; url: string }

/** The cart's lines as they stand today: price, stock and whether each is still on sale. */
export async function cartLines(ctx: Ctx, cart: ReadonlyMap<string, number>): Promise<CartLine[]> {
  const found = await sellableVariants(ctx, [...cart.keys()], todayInVietnam(ctx.deps.clock()));
  return found.map((v) => ({
    variantId: v.variant_id, quantity: cart.get(v.variant_id) ?? 1, title: v.listing_title, variantName: v.variant_name, price: v.price, stock: v.stock,
    shopId: v.shop_id, shopName: v.shop_name, url: listingPath(v.listing_id, v.listing_title),
    onSale: isOnSale(v),
  }));
}

/** The producer's products certified today and not listed yet. */
export const productsToList = (ctx: Ctx, producerId: string) => repo.unlistedCertifiedProducts(ctx, producerId, todayInVietnam(ctx.deps.clock()));
