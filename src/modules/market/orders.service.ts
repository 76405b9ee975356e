/**
 * Orders after checkout (docs/decisions/036): what the buyer and the shop see of them, the moves
 * of the transition table (domain/order.ts) with their guards, the payment recorded by the shop
 * or by a bank notification (payments.service.ts), unpaid transfers expiring, and an e-mail to the
 * buyer and the shop at each step. Buyers follow an order by its code and their phone, without an
 * account; a wrong phone is the same 404 as a wrong code.
 */
import { inTx, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { validateVnPhone } from '../../domain/contact';
import { normaliseOrderCode } from '../../domain/market';
import { decideOrderTransition, orderActionsFor, orderGuard, type OrderAction, type OrderSide } from '../../domain/order';
import { AppError, notFound, problem, validation } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import { queueMail } from '../mail/mail.service';
import { publicFactsChanged } from '../registry/public-facts-feed';
import { once } from './idempotency';
import { reviewedIn } from './reviews.repository';
import * as repo from './orders.repository';
import { getShop } from './market.repository';
import type { OrderActionInput, OrderDto, ShopOrdersQuery } from './market.schema';
import { readShop } from './shops.service';
import { bankByBin, vietQrPayload } from './vietqr';

/** What an order shows besides its own row. */
export interface OrderParts {
  items: readonly repo.OrderItemRecord[];
  events: readonly repo.OrderEventRecord[];
  /** `order|listing` of the reviews the orders received. */
  reviewed: ReadonlySet<string>;
  shops: ReadonlyMap<string, repo.ShopContact>;
  communes: ReadonlyMap<string, { name: string; provinceName: string }>;
}

/** The orders as `side` sees them (the actions offered are that side's). */
export async function orderDtos(ctx: Ctx, orders: readonly repo.OrderRecord[], side: OrderSide): Promise<OrderDto[]> {
  const ids = orders.map((o) => o.id);
  const [items, events, reviewed, shops, communes] = await Promise.all([
    repo.itemsOf(ctx, ids), repo.eventsOf(ctx, ids), reviewedByOrder(ctx, ids),
    repo.shopContacts(ctx, orders.map((o) => o.shopId)), repo.communeNames(ctx, orders.map((o) => o.communeCode)),
  ]);
  return toOrderDtos(orders, { items, events, reviewed, shops, communes }, side);
}

/** The orders as `side` sees them, from their parts at hand (checkout has them from writing them). */
export function toOrderDtos(orders: readonly repo.OrderRecord[], { items, events, reviewed, shops, communes }: OrderParts, side: OrderSide): OrderDto[] {
  const out: OrderDto[] = [];
  for (const o of orders) {
    const shop = shops.get(o.shopId)!;
    const commune = communes.get(o.communeCode);
    const unpaidTransfer = o.paymentMethod === 'vietqr' && o.paidAt === null && (o.status === 'placed' || o.status === 'confirmed');
    out.push({
      code: o.code,
      shop: { id: shop.id, name: shop.name, phone: shop.phone },
      status: o.status,
      items: items.filter((i) => i.orderId === o.id).map((i) => ({
        variantId: i.variantId, listingId: i.listingId, productId: i.productId, title: i.title, variantName: i.variantName,
        certificateNumber: i.certificateNumber, stars: i.stars, unitPrice: i.unitPrice, quantity: i.quantity, lineTotal: i.lineTotal,
        reviewed: reviewed.has(`${o.id}|${i.listingId}`),
      })),
      subtotal: o.subtotal, shippingFee: o.shippingFee, total: o.total,
      payment: {
        method: o.paymentMethod, paid: o.paidAt !== null, paidAt: o.paidAt?.toISOString() ?? null, payBy: o.payBy?.toISOString() ?? null,
        vietqr: o.paymentMethod === 'vietqr' ? {
          payload: vietQrPayload({ bankBin: o.bankBin, accountNumber: o.bankAccount, amount: o.total, memo: o.code }),
          bankBin: o.bankBin, bankName: bankByBin(o.bankBin)?.shortName ?? o.bankBin, accountNumber: o.bankAccount, accountHolder: o.bankHolder,
          amount: o.total, memo: o.code,
        } : null,
      },
      buyer: { name: o.buyerName, phone: o.buyerPhone, email: o.buyerEmail },
      address: { communeCode: o.communeCode, communeName: commune?.name ?? '', provinceName: commune?.provinceName ?? '', street: o.street },
      note: o.note,
      shipping: { carrier: o.carrier, trackingNumber: o.trackingNumber },
      reason: o.reason,
      placedAt: o.placedAt.toISOString(),
      history: events.filter((e) => e.orderId === o.id).map((e) => ({
        at: e.at.toISOString(), action: e.action, status: e.toStatus as OrderDto['status'], by: e.side, comment: e.comment,
      })),
      actions: orderActionsFor(o.status, side).filter((a) => !(a === 'ship' && unpaidTransfer)),
      isSample: o.isSample,
    });
  }
  return out;
}

/** `order|listing` of the reviews the orders received. */
async function reviewedByOrder(ctx: Ctx, orderIds: readonly string[]): Promise<Set<string>> {
  return new Set((await reviewedIn(ctx, orderIds)).map((r) => `${r.orderId}|${r.listingId}`));
}

/** The order of `code` when `phone` is the buyer's (a wrong code or phone: the same 404). */
export async function orderForBuyer(ctx: Ctx, code: string, phone: string): Promise<repo.OrderRecord> {
  const c = normaliseOrderCode(code);
  const p = validateVnPhone(phone);
  const order = c ? await repo.orderByCode(ctx, c) : null;
  if (!order) throw notFound('order');
  // A signed-in buyer's own order needs no phone.
  const own = ctx.actor?.role === 'buyer' && order.buyerUserId === ctx.actor.userId;
  if (!own && (!p.ok || p.value !== order.buyerPhone)) throw notFound('order');
  return order;
}

export async function followOrder(ctx: Ctx, code: string, phone: string): Promise<OrderDto> {
  return (await orderDtos(ctx, [await orderForBuyer(ctx, code, phone)], 'buyer'))[0]!;
}

/** The order of `code` when the actor keeps its shop (404 otherwise: another shop's order does not exist for them). */
async function orderForShop(ctx: Ctx, code: string): Promise<repo.OrderRecord> {
  const c = normaliseOrderCode(code);
  const order = c ? await repo.orderByCode(ctx, c) : null;
  if (!order) throw notFound('order');
  await readShop(ctx, order.shopId, true).catch(() => { throw notFound('order'); });
  return order;
}

export async function shopOrder(ctx: Ctx, code: string): Promise<OrderDto> {
  return (await orderDtos(ctx, [await orderForShop(ctx, code)], 'shop'))[0]!;
}

export async function listShopOrders(ctx: Ctx, shopId: string, q: ShopOrdersQuery) {
  const shop = await readShop(ctx, shopId, false);
  const found = await repo.shopOrders(ctx, shop.id, q, q.page, q.pageSize);
  return { items: await orderDtos(ctx, found.items, 'shop'), total: found.total, page: q.page, pageSize: q.pageSize };
}

/** Makes one move of the order by `side` (the buyer: identified by code and phone beforehand). */
async function move(ctx: Ctx, order: repo.OrderRecord, side: OrderSide, input: OrderActionInput): Promise<repo.OrderRecord> {
  const decided = decideOrderTransition(order.status, input.action, side, input.comment);
  if (!decided.ok) {
    if (decided.reason === 'comment_required') throw validation({ comment: problem('market.reason_required') });
    throw new AppError(decided.reason === 'not_allowed' ? 'forbidden' : 'invalid_transition', `cannot ${input.action} an order that is ${order.status}`);
  }
  const shop = (await getShop(ctx, order.shopId))!;
  const now = ctx.deps.clock();
  const guard = orderGuard(input.action, { paymentMethod: order.paymentMethod, paid: order.paidAt !== null, deliveredAt: order.deliveredAt, returnDays: shop.returnDays }, now);
  if (!guard.ok) throw new AppError(guard.reason, guard.reason === 'payment_required' ? 'a bank-transfer order ships once paid' : 'the return period is over');
  const values: Record<string, unknown> = { status: decided.to };
  if (input.action === 'ship') {
    if (!input.carrier || !input.trackingNumber) {
      throw validation({ ...(input.carrier ? {} : { carrier: problem('market.carrier_required') }), ...(input.trackingNumber ? {} : { trackingNumber: problem('market.tracking_required') }) });
    }
    Object.assign(values, { carrier: input.carrier, trackingNumber: input.trackingNumber });
  }
  if (input.action === 'deliver') values.deliveredAt = now;
  if (decided.transition.commentRequired || input.action === 'cancel') values.reason = input.comment ?? null;
  if (!(await repo.updateOrder(ctx, order.id, order.status, values, input.version ?? null))) {
    throw new AppError('conflict', 'the order changed meanwhile: reload it');
  }
  if (decided.transition.releasesStock) {
    await repo.releaseStock(ctx, order.id);
    await publicFactsChanged(ctx, {});
  }
  if (input.action === 'deliver' && order.paymentMethod === 'cod') await repo.markPaid(ctx, order.id, 'cash_on_delivery', null);
  await repo.insertEvent(ctx, {
    orderId: order.id, at: now, action: input.action, fromStatus: order.status, toStatus: decided.to, side,
    actorUserId: ctx.actor?.userId ?? null, actorLabel: ctx.actor?.label ?? (side === 'buyer' ? order.buyerName : side), comment: input.comment ?? null,
  });
  await recordAudit(ctx, { action: `market.order_${input.action}`, entityType: 'order', entityId: order.id, provinceCode: shop.pickupProvinceCode, before: { status: order.status }, after: values });
  const moved = (await repo.orderByCode(ctx, order.code))!;
  await notifyOrder(ctx, moved, input.action);
  return moved;
}

export async function actAsShop(ctx: Ctx, code: string, input: OrderActionInput): Promise<OrderDto> {
  requireActor(ctx);
  return inTx(ctx, async (tx) => (await orderDtos(tx, [await move(tx, await orderForShop(tx, code), 'shop', input)], 'shop'))[0]!);
}

export async function actAsBuyer(ctx: Ctx, code: string, phone: string, input: OrderActionInput): Promise<OrderDto> {
  return inTx(ctx, async (tx) => (await orderDtos(tx, [await move(tx, await orderForBuyer(tx, code, phone), 'buyer', input)], 'buyer'))[0]!);
}

/**
 * The shop records the transfer received. A second time: 409 already_paid — unless it is a retry
 * with the first request's Idempotency-Key, which gets the first answer.
 */
export async function markPaidByShop(ctx: Ctx, code: string, reference: string | null, idempotencyKey?: string): Promise<OrderDto> {
  const key = idempotencyKey === undefined ? undefined : `paid:${code}:${idempotencyKey}`;
  return once(ctx, key, { code, reference }, async (tx) => {
    const order = await orderForShop(tx, code);
    await recordPayment(tx, order, 'shop', reference);
    return (await orderDtos(tx, [(await repo.orderByCode(tx, order.code))!], 'shop'))[0]!;
  });
}

/** Records the payment of a bank-transfer order still open; refuses a second one and a closed order. */
export async function recordPayment(ctx: Ctx, order: repo.OrderRecord, via: 'shop' | 'bank_notification', reference: string | null): Promise<void> {
  if (order.paymentMethod !== 'vietqr') throw new AppError('invalid_transition', 'a cash-on-delivery order is paid on delivery');
  if (order.paidAt !== null) throw new AppError('already_paid', 'this order was paid already');
  if (order.status !== 'placed' && order.status !== 'confirmed') throw new AppError('invalid_transition', `the order is ${order.status}`);
  if (!(await repo.markPaid(ctx, order.id, via, reference))) throw new AppError('already_paid', 'this order was paid already');
  const now = ctx.deps.clock();
  await repo.insertEvent(ctx, {
    orderId: order.id, at: now, action: 'pay', fromStatus: order.status, toStatus: order.status, side: via === 'shop' ? 'shop' : 'system',
    actorUserId: ctx.actor?.userId ?? null, actorLabel: via === 'shop' ? (ctx.actor?.label ?? 'shop') : 'bank notification', comment: reference,
  });
  await recordAudit(ctx, { action: 'market.order_paid', entityType: 'order', entityId: order.id, after: { via, reference, amount: order.total } });
  await notifyOrder(ctx, (await repo.orderByCode(ctx, order.code))!, 'pay');
}

/** Unpaid bank-transfer orders past their time expire and free their stock (run every minute by the server). */
export async function expireUnpaidOrders(ctx: Ctx): Promise<number> {
  const due = await repo.overdueUnpaid(ctx, ctx.deps.clock());
  let n = 0;
  for (const o of due) {
    const done = await inTx(ctx, async (tx) => {
      const fresh = await repo.orderByCode(tx, o.code);
      if (!fresh || fresh.status !== 'placed' || fresh.paidAt !== null) return false;
      await move(tx, fresh, 'system', { action: 'expire', comment: 'unpaid' });
      return true;
    });
    if (done) n++;
  }
  return n;
}

const STEP_VI: Partial<Record<OrderAction | 'place' | 'pay', string>> = {
  place: 'đã được đặt', pay: 'đã được thanh toán', confirm: 'đã được xác nhận', ship: 'đã được giao cho đơn vị vận chuyển',
  deliver: 'đã được giao', complete: 'đã hoàn tất', cancel: 'đã bị huỷ', expire: 'đã hết hạn thanh toán', request_return: 'có yêu cầu trả hàng',
  accept_return: 'đã được nhận trả hàng', refuse_return: 'không được nhận trả hàng',
};

/** An e-mail to the buyer (when they gave an address) and to the shop at each step (`shop`: when the caller has it at hand). */
export async function notifyOrder(ctx: Ctx, o: repo.OrderRecord, step: OrderAction | 'place' | 'pay', shop?: repo.ShopContact): Promise<void> {
  shop ??= (await repo.shopContacts(ctx, [o.shopId])).get(o.shopId)!;
  const what = STEP_VI[step] ?? step;
  const total = `${o.total.toLocaleString('vi-VN')} đ`;
  const body = [
    `Đơn hàng ${o.code} ${what}.`, `Cửa hàng: ${shop.name}. Tổng tiền: ${total}.`,
    o.reason ? `Lý do: ${o.reason}` : '',
    o.carrier ? `Vận chuyển: ${o.carrier}, mã vận đơn ${o.trackingNumber ?? ''}.` : '',
    '', `Order ${o.code}: ${step}. Total ${o.total} VND.`,
  ].filter((l, i, a) => l !== '' || a[i - 1] !== '').join('\n');
  const subject = `Đơn hàng ${o.code} ${what}`;
  const key = `order:${o.code}:${step}:${o.version}`;
  if (o.buyerEmail) await queueMail(ctx, { toAddress: o.buyerEmail, subject, body, dedupeKey: `${key}:buyer` });
  if (shop.email) await queueMail(ctx, { toAddress: shop.email, subject: `[${shop.name}] ${subject}`, body, dedupeKey: `${key}:shop` });
}

/** The shop is told (e-mail) when a variant's stock falls to the "only N left" level or runs out. */
export async function stockAlert(ctx: Ctx, v: { shop_name: string; shop_email: string | null; listing_title: string; variant_name: string; variant_id: string }, left: number): Promise<void> {
  const shop = { name: v.shop_name, email: v.shop_email };
  if (!shop.email) return;
  const what = left <= 0 ? 'đã hết hàng' : `chỉ còn ${left}`;
  await queueMail(ctx, {
    toAddress: shop.email, subject: `[${shop.name}] ${v.listing_title} · ${v.variant_name} ${what}`,
    body: `${v.listing_title} · ${v.variant_name} ${what} trên chợ OCOP. Hãy cập nhật tồn kho.\n\n${v.listing_title} · ${v.variant_name}: ${left <= 0 ? 'sold out' : `${left} left`} on the OCOP market.`,
    dedupeKey: `stock:${v.variant_id}:${left}`,
  });
}
