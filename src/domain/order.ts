/**
 * A marketplace order (sàn thương mại điện tử OCOP): its states and the explicit table of moves
 * between them, who may make each, and what each does to stock and payment. Pure: no I/O, no
 * clock (deadlines are computed from times the caller passes).
 *
 *   placed ──confirm──▶ confirmed ──ship──▶ shipped ──deliver──▶ delivered ──complete──▶ completed
 *     │ cancel (buyer, shop)  │ cancel (shop)                         │ request_return
 *     │ expire (system: unpaid transfer)                              ▼
 *     ▼                                                      return_requested ──accept_return──▶ returned
 *   cancelled / expired (stock released)                              └──refuse_return──▶ delivered
 */
import { decideSidedTransition, sidedActions, type SidedDecision, type SidedRow } from './state-machine';

export const ORDER_STATUSES = [
  'placed', 'confirmed', 'shipped', 'delivered', 'completed', 'cancelled', 'expired', 'return_requested', 'returned',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_ACTIONS = [
  'confirm', 'ship', 'deliver', 'complete', 'cancel', 'expire', 'request_return', 'accept_return', 'refuse_return',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/** Who makes a move: the buyer (by account, or by order code and phone), the shop, or the system. */
export type OrderSide = 'buyer' | 'shop' | 'system';

export const PAYMENT_METHODS = ['cod', 'vietqr'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface OrderTransition extends SidedRow<OrderStatus, OrderAction, OrderSide> {
  /** The order's reserved stock goes back to the shelf. */
  releasesStock?: boolean;
}

/** Every allowed move; anything not listed is refused. */
export const ORDER_TRANSITIONS: readonly OrderTransition[] = [
  { from: 'placed', action: 'confirm', to: 'confirmed', by: ['shop'] },
  { from: 'placed', action: 'cancel', to: 'cancelled', by: ['buyer'], releasesStock: true },
  { from: 'placed', action: 'cancel', to: 'cancelled', by: ['shop'], commentRequired: true, releasesStock: true },
  { from: 'placed', action: 'expire', to: 'expired', by: ['system'], releasesStock: true },
  { from: 'confirmed', action: 'cancel', to: 'cancelled', by: ['shop'], commentRequired: true, releasesStock: true },
  { from: 'confirmed', action: 'ship', to: 'shipped', by: ['shop'] },
  { from: 'shipped', action: 'deliver', to: 'delivered', by: ['shop'] },
  { from: 'delivered', action: 'complete', to: 'completed', by: ['buyer', 'system'] },
  { from: 'delivered', action: 'request_return', to: 'return_requested', by: ['buyer'], commentRequired: true },
  { from: 'return_requested', action: 'accept_return', to: 'returned', by: ['shop'] },
  { from: 'return_requested', action: 'refuse_return', to: 'delivered', by: ['shop'], commentRequired: true },
];

export type OrderDecision = SidedDecision<OrderStatus, OrderTransition>;

/** The move `action` from `from` by `side`: allowed by the table for that side, with its comment. */
export const decideOrderTransition = (from: OrderStatus, action: OrderAction, side: OrderSide, comment?: string | null): OrderDecision =>
  decideSidedTransition(ORDER_TRANSITIONS, from, action, side, comment);

/** The actions `side` may take on an order in `status` (the buttons to show). */
export const orderActionsFor = (status: OrderStatus, side: OrderSide): OrderAction[] => sidedActions(ORDER_TRANSITIONS, status, side);

/** States in which nothing more happens. */
export const FINAL_ORDER_STATUSES: readonly OrderStatus[] = ['completed', 'cancelled', 'expired', 'returned'];

/**
 * Guards beyond the table: a bank-transfer order ships only once paid; a return is asked within
 * the shop's return period, counted in days from delivery.
 */
export function orderGuard(
  action: OrderAction,
  order: { paymentMethod: PaymentMethod; paid: boolean; deliveredAt: Date | null; returnDays: number },
  now: Date,
): { ok: true } | { ok: false; reason: 'payment_required' | 'return_period_over' } {
  if (action === 'ship' && order.paymentMethod === 'vietqr' && !order.paid) return { ok: false, reason: 'payment_required' };
  if (action === 'request_return') {
    const until = order.deliveredAt ? order.deliveredAt.getTime() + order.returnDays * 86_400_000 : -Infinity;
    if (order.returnDays <= 0 || now.getTime() > until) return { ok: false, reason: 'return_period_over' };
  }
  return { ok: true };
}
