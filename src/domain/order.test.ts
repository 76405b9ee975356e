/** The order's transition table (order.ts): who may make which move, and the guards beyond it. */
import { describe, expect, it } from 'vitest';
import { decideOrderTransition, FINAL_ORDER_STATUSES, ORDER_TRANSITIONS, orderActionsFor, orderGuard, type OrderStatus } from './order';

describe('the transition table', () => {
  it('takes an order from placed to completed through the shop\'s and the buyer\'s moves', () => {
    let status: OrderStatus = 'placed';
    for (const [action, side] of [['confirm', 'shop'], ['ship', 'shop'], ['deliver', 'shop'], ['complete', 'buyer']] as const) {
      const d = decideOrderTransition(status, action, side);
      expect(d.ok, `${status} ${action}`).toBe(true);
      if (d.ok) status = d.to;
    }
    expect(status).toBe('completed');
  });

  it('lets the buyer cancel only before the shop confirms, the shop with a reason', () => {
    expect(decideOrderTransition('placed', 'cancel', 'buyer')).toMatchObject({ ok: true, to: 'cancelled' });
    expect(decideOrderTransition('confirmed', 'cancel', 'buyer')).toEqual({ ok: false, reason: 'not_allowed' });
    expect(decideOrderTransition('confirmed', 'cancel', 'shop')).toEqual({ ok: false, reason: 'comment_required' });
    expect(decideOrderTransition('confirmed', 'cancel', 'shop', 'hết hàng')).toMatchObject({ ok: true, to: 'cancelled' });
    expect(decideOrderTransition('shipped', 'cancel', 'shop', 'x')).toEqual({ ok: false, reason: 'invalid_transition' });
  });

  it('refuses a side the row does not name: a buyer confirming, the shop completing, anyone expiring but the system', () => {
    expect(decideOrderTransition('placed', 'confirm', 'buyer')).toEqual({ ok: false, reason: 'not_allowed' });
    expect(decideOrderTransition('delivered', 'complete', 'shop')).toEqual({ ok: false, reason: 'not_allowed' });
    expect(decideOrderTransition('placed', 'expire', 'shop')).toEqual({ ok: false, reason: 'not_allowed' });
    expect(decideOrderTransition('placed', 'expire', 'system')).toMatchObject({ ok: true, to: 'expired' });
  });

  it('releases stock on every move to cancelled or expired, and on no other', () => {
    for (const t of ORDER_TRANSITIONS) expect(Boolean(t.releasesStock), `${t.from} ${t.action}`).toBe(t.to === 'cancelled' || t.to === 'expired');
  });

  it('has no move out of a final state', () => {
    for (const s of FINAL_ORDER_STATUSES) for (const side of ['buyer', 'shop', 'system'] as const) expect(orderActionsFor(s, side), s).toEqual([]);
  });

  it('offers each side its own buttons', () => {
    expect(orderActionsFor('placed', 'shop').sort()).toEqual(['cancel', 'confirm']);
    expect(orderActionsFor('placed', 'buyer')).toEqual(['cancel']);
    expect(orderActionsFor('delivered', 'buyer').sort()).toEqual(['complete', 'request_return']);
  });
});

describe('guards', () => {
  const now = new Date('2026-07-10T00:00:00Z');
  const delivered = new Date('2026-07-05T00:00:00Z');
  it('ships a bank-transfer order only once paid; cash on delivery any time', () => {
    expect(orderGuard('ship', { paymentMethod: 'vietqr', paid: false, deliveredAt: null, returnDays: 7 }, now)).toEqual({ ok: false, reason: 'payment_required' });
    expect(orderGuard('ship', { paymentMethod: 'vietqr', paid: true, deliveredAt: null, returnDays: 7 }, now)).toEqual({ ok: true });
    expect(orderGuard('ship', { paymentMethod: 'cod', paid: false, deliveredAt: null, returnDays: 7 }, now)).toEqual({ ok: true });
  });
  it('takes a return within the shop\'s days from delivery, never when it takes none', () => {
    const o = { paymentMethod: 'cod' as const, paid: true, deliveredAt: delivered };
    expect(orderGuard('request_return', { ...o, returnDays: 7 }, now)).toEqual({ ok: true });
    expect(orderGuard('request_return', { ...o, returnDays: 3 }, now)).toEqual({ ok: false, reason: 'return_period_over' });
    expect(orderGuard('request_return', { ...o, returnDays: 0 }, now)).toEqual({ ok: false, reason: 'return_period_over' });
  });
});
