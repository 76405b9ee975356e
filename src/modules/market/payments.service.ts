/**
 * Bank-transfer notifications (docs/decisions/036): a shop links its bank account to a
 * transfer-notification service (SePay's webhook contract: a JSON post per transfer, sent with
 * `Authorization: Apikey <key>`), pointed at this platform with the key the shop made here. A
 * transfer whose memo carries one of the shop's order codes and exactly its total marks that
 * order paid. Every notification is kept once (a replay is recognised by the service's own id)
 * with what came of it; the money itself never passes through the platform.
 */
import { inTx, type Ctx } from '../../context';
import { orderCodeInMemo, normaliseOrderCode } from '../../domain/market';
import { AppError } from '../../errors';
import { sha256 } from '../identity/tokens';
import * as repo from './orders.repository';
import { shopByNotifyKeyHash } from './market.repository';
import type { BankNotification } from './market.schema';
import { recordPayment } from './orders.service';

/** What came of a notification, as kept. */
type KeptOutcome = 'paid' | 'already_paid' | 'unknown_order' | 'wrong_amount' | 'wrong_account' | 'not_payable';
/** …and as answered: an outgoing transfer is ignored, a replay recognised. */
export type NotificationOutcome = KeptOutcome | 'ignored' | 'duplicate';

/** The key of an `Authorization: Apikey <key>` header (any letter case of the scheme). */
export function apiKeyOf(header: string | undefined): string | null {
  const m = /^apikey\s+(\S{16,200})$/i.exec(header?.trim() ?? '');
  return m ? m[1]! : null;
}

export async function receiveBankNotification(ctx: Ctx, authorization: string | undefined, n: BankNotification): Promise<{ success: true; outcome: NotificationOutcome; order: string | null }> {
  const key = apiKeyOf(authorization);
  const shop = key ? await shopByNotifyKeyHash(ctx, sha256(key)) : null;
  if (!shop) throw new AppError('unauthenticated', 'unknown or missing bank-notification key');
  if (n.transferType !== 'in') return { success: true, outcome: 'ignored', order: null };
  const externalId = `sepay:${shop.id}:${String(n.id)}`;
  return inTx(ctx, async (tx) => {
    const memo = [n.code ?? '', n.content, n.description ?? ''].join(' ');
    const code = (n.code && normaliseOrderCode(n.code)) || orderCodeInMemo(memo);
    const order = code ? await repo.orderByCode(tx, code) : null;
    const mine = order && order.shopId === shop.id ? order : null;
    const account = n.accountNumber?.replace(/\s/g, '').toUpperCase();
    const outcome: KeptOutcome = account && account !== shop.bankAccount ? 'wrong_account'
      : !mine ? 'unknown_order'
        : mine.paymentMethod !== 'vietqr' || (mine.status !== 'placed' && mine.status !== 'confirmed') ? 'not_payable'
          : mine.paidAt !== null ? 'already_paid'
            : n.transferAmount !== mine.total ? 'wrong_amount' : 'paid';
    const recorded = await repo.recordNotification(tx, {
      externalId, amount: n.transferAmount, memo: n.content.slice(0, 500), accountNumber: account ?? null, orderId: mine?.id ?? null,
      outcome, payload: n,
    });
    if (!recorded) return { success: true as const, outcome: 'duplicate' as const, order: mine?.code ?? null };
    if (outcome === 'paid') await recordPayment(tx, mine!, 'bank_notification', n.referenceCode ?? String(n.id));
    return { success: true as const, outcome, order: mine?.code ?? null };
  });
}
