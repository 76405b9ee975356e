/**
 * The cart quote (docs/decisions/036): the cart split into one part per shop, as checkout will
 * split it, with each shop's shipping fee to the delivery province and the total — and, per line,
 * why checkout would refuse it now (no longer on sale, short of stock). Nothing is held or written:
 * the stock is taken at checkout.
 */
import type { Ctx } from '../../context';
import { todayInVietnam } from '../../domain/dates';
import { shippingFee } from '../../domain/market';
import { problem, validation } from '../../errors';
import { listingPath } from './market.dto';
import { cartFacts, isOnSale, type SellableVariant } from './orders.repository';
import type { CartQuote, CartQuoteInput } from './cart.schema';

export async function quoteCart(ctx: Ctx, input: CartQuoteInput): Promise<CartQuote> {
  const wanted = new Map<string, number>();
  for (const i of input.items) wanted.set(i.variantId, (wanted.get(i.variantId) ?? 0) + i.quantity);
  const { variants, commune } = await cartFacts(ctx, [...wanted.keys()], input.communeCode ?? '', todayInVietnam(ctx.deps.clock()));
  if (input.communeCode !== undefined && !commune) throw validation({ communeCode: problem('market.unknown_commune') });
  const byShop = new Map<string, SellableVariant[]>();
  for (const v of variants) byShop.set(v.shop_id, [...(byShop.get(v.shop_id) ?? []), v]);
  const shops = [...byShop.values()].map((vs) => {
    const shop = vs[0]!;
    const items = vs.map((v) => {
      const quantity = wanted.get(v.variant_id)!;
      return {
        variantId: v.variant_id, listingId: v.listing_id, title: v.listing_title, variantName: v.variant_name, url: listingPath(v.listing_id, v.listing_title),
        price: v.price, quantity, lineTotal: v.price * quantity, stock: v.stock,
        problem: !isOnSale(v) ? 'not_on_sale' as const : v.stock < quantity ? 'out_of_stock' as const : null,
      };
    });
    const subtotal = items.filter((i) => !i.problem).reduce((n, i) => n + i.lineTotal, 0);
    const fee = commune && subtotal > 0
      ? shippingFee({ inProvince: shop.ship_in_province, otherProvinces: shop.ship_other_provinces, freeFrom: shop.ship_free_from }, shop.shop_province_code, commune.provinceCode, subtotal)
      : commune ? 0 : null;
    return { shop: { id: shop.shop_id, name: shop.shop_name }, items, subtotal, shippingFee: fee, total: fee === null ? null : subtotal + fee };
  });
  const unknown = [...wanted.keys()].filter((id) => !variants.some((v) => v.variant_id === id));
  return {
    shops, unknown,
    total: commune ? shops.reduce((n, s) => n + s.total!, 0) : null,
    ready: unknown.length === 0 && shops.every((s) => s.items.every((i) => !i.problem)),
  };
}
