/**
 * Checkout (docs/decisions/036): a cart across several shops becomes one order per shop, each
 * with that shop's shipping fee, its prices and fee frozen, and its stock taken in the same
 * transaction — with concurrent buyers, never more than there is. Payment goes straight to the
 * shop's own account (cash on delivery, or a bank transfer by VietQR); the platform holds no money
 * and takes no commission.
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
import { findCommune } from './market.repository';
import type { CheckoutInput, CheckoutResult } from './market.schema';
import { once } from './idempotency';
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
  const fields: FieldErrors = {};
  const phone = validateVnPhone(input.buyer.phone);
  if (!phone.ok) fields['buyer.phone'] = problem('market.phone');
  const email = input.buyer.email ? validateEmail(input.buyer.email) : null;
  if (email && !email.ok) fields['buyer.email'] = problem('market.email');
  const commune = await findCommune(ctx, input.address.communeCode);
  if (!commune) fields['address.communeCode'] = problem('market.unknown_commune');
  const lines = mergeLines(input.items);
  if (lines.some((l) => l.quantity > 10_000)) fields.items = problem('market.quantity');
  if (Object.keys(fields).length) throw validation(fields);
  const buyer = { name: input.buyer.name, phone: (phone as { value: string }).value, email: email?.ok ? email.value : null };

  /** Writes the orders and takes the stock; the checkout's id. */
  const place = async (tx: Ctx): Promise<string> => {
    const now = ctx.deps.clock();
    const today = todayInVietnam(now);
    const found = new Map((await repo.sellableVariants(tx, lines.map((l) => l.variantId), today)).map((v) => [v.variant_id, v]));
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
    // Short already by what was read: refused at once, before anything is written.
    const seenShort = lines.filter((l) => found.get(l.variantId)!.stock < l.quantity).map((l) => l.variantId);
    if (seenShort.length) throw outOfStock(seenShort, found);

    // The stock, first of the writes, in a fixed order (two checkouts never wait on each other's rows
    // crosswise); short now (another buyer was faster): nothing is kept. Its row locks are held until
    // the commit, so what follows is only the order's own rows (the answer is read after the commit).
    const short: string[] = [];
    const low: [string, number][] = [];
    for (const l of [...lines].sort((x, y) => x.variantId.localeCompare(y.variantId))) {
      const left = await repo.takeStock(tx, l.variantId, l.quantity);
      if (left === null) short.push(l.variantId);
      else if (left <= LOW_STOCK) low.push([l.variantId, left]);
    }
    if (short.length) throw outOfStock(short, found);
    // Public pages show "in stock" and "only N left": they change when stock reaches that; the shop is told.
    if (low.length) {
      await publicFactsChanged(tx, {});
      for (const [id, left] of low) await stockAlert(tx, found.get(id)!, left);
    }

    const checkoutId = randomUUID();
    const byShop = new Map<string, Line[]>();
    for (const l of lines) {
      const shopId = found.get(l.variantId)!.shop_id;
      byShop.set(shopId, [...(byShop.get(shopId) ?? []), l]);
    }
    for (const [shopId, shopLines] of byShop) {
      const shop = found.get(shopLines[0]!.variantId)!;
      const subtotal = shopLines.reduce((n, l) => n + found.get(l.variantId)!.price * l.quantity, 0);
      const fee = shippingFee({ inProvince: shop.ship_in_province, otherProvinces: shop.ship_other_provinces, freeFrom: shop.ship_free_from },
        shop.shop_province_code, commune!.provinceCode, subtotal);
      const code = await freshCode(tx);
      const id = await repo.insertOrder(tx, {
        code, checkoutId, shopId, buyerUserId: ctx.actor?.role === 'buyer' ? ctx.actor.userId : null,
        buyerName: buyer.name, buyerPhone: buyer.phone, buyerEmail: buyer.email,
        communeCode: commune!.code, provinceCode: commune!.provinceCode, street: input.address.street, note: input.note,
        paymentMethod: input.payment, subtotal, shippingFee: fee, total: subtotal + fee,
        bankBin: shop.bank_bin, bankAccount: shop.bank_account, bankHolder: shop.bank_holder,
        payBy: input.payment === 'vietqr' ? new Date(now.getTime() + shop.pay_within_hours * 3_600_000) : null,
        placedAt: now, updatedAt: now, isSample: shop.shop_sample,
      });
      await repo.insertItems(tx, shopLines.map((l) => {
        const v = found.get(l.variantId)!;
        return {
          orderId: id, variantId: v.variant_id, listingId: v.listing_id, productId: v.product_id, title: v.listing_title, variantName: v.variant_name,
          certificateNumber: v.cert_number, stars: v.cert_stars, unitPrice: v.price, quantity: l.quantity, lineTotal: v.price * l.quantity,
        };
      }));
      await repo.insertEvent(tx, { orderId: id, at: now, action: 'place', toStatus: 'placed', side: 'buyer', actorUserId: ctx.actor?.userId ?? null, actorLabel: ctx.actor?.label ?? buyer.name });
      await recordAudit(tx, { action: 'market.order_place', entityType: 'order', entityId: id, provinceCode: shop.shop_province_code, after: { code, shopId, total: subtotal + fee, payment: input.payment } });
    }
    for (const o of await repo.ordersOfCheckout(tx, checkoutId)) await notifyOrder(tx, o, 'place');
    return checkoutId;
  };
  const answer = async (c: Ctx, checkoutId: string): Promise<CheckoutResult> => ({ checkoutId, orders: await orderDtos(c, await repo.ordersOfCheckout(c, checkoutId), 'buyer') });
  // With an Idempotency-Key the answer is kept in the same transaction; without, it is read after the commit (the stock's locks are released sooner).
  if (idempotencyKey === undefined) return answer(ctx, await inTx(ctx, place));
  return once(ctx, `checkout:${idempotencyKey}`, input, async (tx) => answer(tx, await place(tx)), 201);
}

function outOfStock(variantIds: string[], found: ReadonlyMap<string, { stock: number }>): AppError {
  return new AppError('out_of_stock', 'not enough in stock; nothing was ordered', undefined, {
    variantIds, available: Object.fromEntries(variantIds.map((id) => [id, found.get(id)!.stock])),
  });
}

/** An order code not used yet (40 random bits: a clash is rare, and checked). */
async function freshCode(ctx: Ctx): Promise<string> {
  for (;;) {
    const code = orderCode(randomBytes(8));
    if (!(await repo.orderByCode(ctx, code))) return code;
  }
}
