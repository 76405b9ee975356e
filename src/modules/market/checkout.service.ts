/**
 * Checkout (docs/decisions/036): a cart across several shops becomes one order per shop, each
 * with that shop's shipping fee, its prices and fee frozen. Payment goes straight to the shop's
 * own account (cash on delivery, or a bank transfer by VietQR); the platform holds no money and
 * takes no commission.
 *
 * The cart is read outside any transaction, then its stock is taken and recorded as held in one
 * statement (orders.repository holdStock): with concurrent buyers never more than there is, and a
 * buyer who comes too late is answered at once instead of waiting for others' orders to be
 * written. The transaction that writes the orders turns the holds into orders; a failure gives
 * them back, and so does the market's sweep for a process that died in between.
 *
 * Refused, writing nothing: an item no longer on sale (its certificate expired or was revoked,
 * the listing or shop withdrawn) → 409 not_on_sale; a price that changed since the buyer saw it →
 * 409 price_changed (the buyer confirms the new total); short stock → 409 out_of_stock. Each
 * names the variants in `details`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { inTx, type Ctx } from '../../context';
import { validateEmail, validateVnPhone } from '../../domain/contact';
import { todayInVietnam } from '../../domain/dates';
import { orderCode, shippingFee } from '../../domain/market';
import { AppError, problem, validation, type FieldErrors } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import { publicFactsChanged } from '../registry/public-facts-feed';
import * as repo from './orders.repository';
import type { CheckoutInput, CheckoutResult } from './market.schema';
import { keptAnswer, once } from './idempotency';
import { notifyOrder, orderDtos, stockAlert } from './orders.service';

/** Stock at or under this is shown as "only N left": reaching it changes the public pages. */
export const LOW_STOCK = 5;

interface Line { variantId: string; quantity: number; price?: number }

/** The cart's lines, one per variant (quantities of a variant listed twice added up). */
function mergeLines(items: CheckoutInput['items']): Line[] {
  const by = new Map<string, Line>();
  for (const i of items) {
    const seen = by.get(i.variantId);
    if (seen) seen.quantity += i.quantity;
    else by.set(i.variantId, { ...i });
  }
  return [...by.values()];
}

export async function checkout(ctx: Ctx, input: CheckoutInput, idempotencyKey?: string): Promise<CheckoutResult> {
  const key = idempotencyKey === undefined ? undefined : `checkout:${idempotencyKey}`;
  // A retry of a checkout that was answered: that answer, before anything is read or held.
  const kept = key ? await keptAnswer<CheckoutResult>(ctx, key, input) : undefined;
  if (kept) return kept;
  const cart = await readCart(ctx, input);
  const checkoutId = randomUUID();
  const left = await repo.holdStock(ctx, checkoutId, cart.lines);
  const short = cart.lines.filter((l) => !left.has(l.variantId)).map((l) => l.variantId);
  let written = false;
  try {
    if (short.length) throw outOfStock(short, cart.found);
    // With an Idempotency-Key the answer is kept in the transaction that writes the orders; without, it is read after the commit.
    if (key) return await once(ctx, key, input, async (tx) => answerOf(tx, await place(tx, input, cart, checkoutId, left)), 201);
    await inTx(ctx, (tx) => place(tx, input, cart, checkoutId, left));
    written = true;
    return await answerOf(ctx, checkoutId);
  } finally {
    // Held but not written (short elsewhere in the cart, a failed write, a retry answered meanwhile): given back.
    if (!written && left.size) await repo.releaseHolds(ctx, { checkoutId });
  }
}

const answerOf = async (ctx: Ctx, checkoutId: string): Promise<CheckoutResult> => ({ checkoutId, orders: await orderDtos(ctx, await repo.ordersOfCheckout(ctx, checkoutId), 'buyer') });

interface Cart { lines: Line[]; buyer: { name: string; phone: string; email: string | null }; commune: repo.DeliveryCommune; found: Map<string, repo.SellableVariant>; now: Date }

/** The cart checked, as it stands: refused (nothing written) when anything in it cannot be sold as asked. */
async function readCart(ctx: Ctx, input: CheckoutInput): Promise<Cart> {
  const fields: FieldErrors = {};
  const phone = validateVnPhone(input.buyer.phone);
  if (!phone.ok) fields['buyer.phone'] = problem('market.phone');
  const email = input.buyer.email ? validateEmail(input.buyer.email) : null;
  if (email && !email.ok) fields['buyer.email'] = problem('market.email');
  const lines = mergeLines(input.items);
  if (lines.some((l) => l.quantity > 10_000)) fields.items = problem('market.quantity');
  const now = ctx.deps.clock();
  const { commune, variants } = await repo.cartFacts(ctx, lines.map((l) => l.variantId), input.address.communeCode, todayInVietnam(now));
  if (!commune) fields['address.communeCode'] = problem('market.unknown_commune');
  if (Object.keys(fields).length) throw validation(fields);
  const found = new Map(variants.map((v) => [v.variant_id, v]));
  refuseUnsellable(input, lines, found);
  return { lines, commune: commune!, found, now, buyer: { name: input.buyer.name, phone: (phone as { value: string }).value, email: email?.ok ? email.value : null } };
}

/** Writes the orders (one per shop) of stock held under `checkoutId` (`left`: what each variant has left). */
async function place(tx: Ctx, input: CheckoutInput, { lines, buyer, commune, found, now }: Cart, checkoutId: string, left: ReadonlyMap<string, number>): Promise<string> {
  // The holds become orders in this transaction; gone already (the sweep took a checkout this slow for dead): nothing is written.
  if (await repo.consumeHolds(tx, checkoutId) !== lines.length) throw outOfStock(lines.map((l) => l.variantId), found);
  // Public pages show "in stock" and "only N left": they change when stock reaches that; the shop is told.
  const low = lines.filter((l) => left.get(l.variantId)! <= LOW_STOCK);
  if (low.length) {
    await publicFactsChanged(tx, {});
    for (const l of low) await stockAlert(tx, found.get(l.variantId)!, left.get(l.variantId)!);
  }

  const byShop = new Map<string, Line[]>();
  for (const l of lines) {
    const shopId = found.get(l.variantId)!.shop_id;
    byShop.set(shopId, [...(byShop.get(shopId) ?? []), l]);
  }
  const placed: [repo.OrderRecord, repo.ShopContact][] = [];
  for (const [shopId, shopLines] of byShop) {
    const shop = found.get(shopLines[0]!.variantId)!;
    const subtotal = shopLines.reduce((n, l) => n + found.get(l.variantId)!.price * l.quantity, 0);
    const fee = shippingFee({ inProvince: shop.ship_in_province, otherProvinces: shop.ship_other_provinces, freeFrom: shop.ship_free_from },
      shop.shop_province_code, commune.provinceCode, subtotal);
    let order: repo.OrderRecord | null = null;
    // A fresh code (40 random bits: a clash is rare, and the unique index turns it down).
    while (!order) {
      order = await repo.insertOrder(tx, {
        code: orderCode(randomBytes(8)), checkoutId, shopId, buyerUserId: tx.actor?.role === 'buyer' ? tx.actor.userId : null,
        buyerName: buyer.name, buyerPhone: buyer.phone, buyerEmail: buyer.email,
        communeCode: commune.code, provinceCode: commune.provinceCode, street: input.address.street, note: input.note,
        paymentMethod: input.payment, subtotal, shippingFee: fee, total: subtotal + fee,
        bankBin: shop.bank_bin, bankAccount: shop.bank_account, bankHolder: shop.bank_holder,
        payBy: input.payment === 'vietqr' ? new Date(now.getTime() + shop.pay_within_hours * 3_600_000) : null,
        placedAt: now, updatedAt: now, isSample: shop.shop_sample,
      });
    }
    await repo.insertItems(tx, shopLines.map((l) => {
      const v = found.get(l.variantId)!;
      return {
        orderId: order.id, variantId: v.variant_id, listingId: v.listing_id, productId: v.product_id, title: v.listing_title, variantName: v.variant_name,
        certificateNumber: v.cert_number, stars: v.cert_stars, unitPrice: v.price, quantity: l.quantity, lineTotal: v.price * l.quantity,
      };
    }));
    await repo.insertEvent(tx, { orderId: order.id, at: now, action: 'place', toStatus: 'placed', side: 'buyer', actorUserId: tx.actor?.userId ?? null, actorLabel: tx.actor?.label ?? buyer.name });
    await recordAudit(tx, { action: 'market.order_place', entityType: 'order', entityId: order.id, provinceCode: shop.shop_province_code, after: { code: order.code, shopId, total: order.total, payment: input.payment } });
    placed.push([order, { id: shopId, name: shop.shop_name, phone: shop.shop_phone, email: shop.shop_email }]);
  }
  for (const [order, shop] of placed) await notifyOrder(tx, order, 'place', shop);

  return checkoutId;
}

/**
 * Refuses, before anything is written, a cart with a variant unknown, not on sale, at another
 * price than the buyer saw, or short of stock as read.
 */
function refuseUnsellable(input: CheckoutInput, lines: readonly Line[], found: ReadonlyMap<string, repo.SellableVariant>): void {
  const unknown = lines.filter((l) => !found.has(l.variantId));
  if (unknown.length) {
    throw validation(Object.fromEntries(unknown.map((l) => [`items.${input.items.findIndex((i) => i.variantId === l.variantId)}.variantId`, problem('market.unknown_variant')])));
  }
  const off = lines.filter((l) => !repo.isOnSale(found.get(l.variantId)!));
  if (off.length) {
    throw new AppError('not_on_sale', 'some items are no longer on sale (their OCOP certificate is no longer valid, or the shop withdrew them); nothing was ordered',
      undefined, { variantIds: off.map((l) => l.variantId) });
  }
  const changed = lines.filter((l) => l.price !== undefined && l.price !== found.get(l.variantId)!.price);
  if (changed.length) {
    throw new AppError('price_changed', 'prices changed since the cart was filled: confirm the new total; nothing was ordered', undefined, {
      variantIds: changed.map((l) => l.variantId),
      prices: Object.fromEntries(changed.map((l) => [l.variantId, found.get(l.variantId)!.price])),
    });
  }
  const short = lines.filter((l) => found.get(l.variantId)!.stock < l.quantity).map((l) => l.variantId);
  if (short.length) throw outOfStock(short, found);
}

function outOfStock(variantIds: string[], found: ReadonlyMap<string, { stock: number }>): AppError {
  return new AppError('out_of_stock', 'not enough in stock; nothing was ordered', undefined, {
    variantIds, available: Object.fromEntries(variantIds.map((id) => [id, found.get(id)!.stock])),
  });
}

/** A hold older than this belongs to a checkout whose process died between taking the stock and writing its orders. */
export const STALE_HOLD_MS = 5 * 60_000;

/** Gives back the stock of holds no checkout will write any more: how many. */
export async function releaseStaleHolds(ctx: Ctx): Promise<number> {
  return repo.releaseHolds(ctx, { before: new Date(ctx.deps.clock().getTime() - STALE_HOLD_MS) });
}
