/**
 * Bank-transfer notifications (docs/decisions/036): a shop links its bank account to a
 * transfer-notification service, pointed at this platform. Two adapters, one core:
 * - SePay's webhook (a JSON post per transfer, `Authorization: Apikey <key>`, the key made here);
 * - Casso's webhook v2 (`{"error":0,"data":{…}}` signed with HMAC-SHA512 in `X-Casso-Signature`,
 *   with the secret made on Casso and entered here; casso.ts).
 * A transfer whose memo carries one of the shop's order codes and exactly its total marks that
 * order paid. Every notification is kept once (a replay is recognised by the service's own id)
 * with what came of it; the money itself never passes through the platform.
 */
import { inTx, type Ctx } from '../../context';
import { isUuid } from '../../domain/ids';
import { orderCodeInMemo, normaliseOrderCode } from '../../domain/market';
import { AppError } from '../../errors';
import { sha256 } from '../identity/tokens';
import * as repo from './orders.repository';
import { getShop, shopByNotifyKeyHash } from './market.repository';
import type { BankNotification, CassoNotification } from './market.schema';
import { recordPayment } from './orders.service';
import { checkCassoSignature } from './casso';

/** What came of a notification, as kept. */
type KeptOutcome = 'paid' | 'already_paid' | 'unknown_order' | 'wrong_amount' | 'wrong_account' | 'not_payable';
/** …and as answered: an outgoing transfer is ignored, a replay recognised. */
export type NotificationOutcome = KeptOutcome | 'ignored' | 'duplicate';
export interface NotificationAnswer { success: true; outcome: NotificationOutcome; order: string | null }

/** An incoming transfer as every adapter reads it. */
interface Transfer {
  /** The service's own id of the transfer, namespaced by service and shop. */
  externalId: string;
  amount: number;
  /** The transfer's memo (where the buyer typed the order code). */
  memo: string;
  /** An order code the service picked out of the memo itself, when it does. */
  code?: string | null;
  accountNumber?: string | null;
  /** The bank's reference of the transfer (kept on the paid order). */
  reference: string;
  payload: unknown;
}

/** The shop's order the transfer pays, and what came of it; kept once by its external id. */
async function settleTransfer(ctx: Ctx, shop: { id: string; bankAccount: string }, t: Transfer): Promise<NotificationAnswer> {
  return inTx(ctx, async (tx) => {
    const code = (t.code && normaliseOrderCode(t.code)) || orderCodeInMemo(t.memo);
    const order = code ? await repo.orderByCode(tx, code) : null;
    const mine = order && order.shopId === shop.id ? order : null;
    const account = t.accountNumber?.replace(/\s/g, '').toUpperCase() || null;
    const outcome: KeptOutcome = account && account !== shop.bankAccount ? 'wrong_account'
      : !mine ? 'unknown_order'
        : mine.paymentMethod !== 'vietqr' || (mine.status !== 'placed' && mine.status !== 'confirmed') ? 'not_payable'
          : mine.paidAt !== null ? 'already_paid'
            : t.amount !== mine.total ? 'wrong_amount' : 'paid';
    const recorded = await repo.recordNotification(tx, {
      externalId: t.externalId, amount: t.amount, memo: t.memo.slice(0, 500), accountNumber: account, orderId: mine?.id ?? null, outcome, payload: t.payload,
    });
    if (!recorded) return { success: true as const, outcome: 'duplicate' as const, order: mine?.code ?? null };
    if (outcome === 'paid') await recordPayment(tx, mine!, 'bank_notification', t.reference);
    return { success: true as const, outcome, order: mine?.code ?? null };
  });
}

const ignored: NotificationAnswer = { success: true, outcome: 'ignored', order: null };

/** The key of an `Authorization: Apikey <key>` header (any letter case of the scheme). */
export function apiKeyOf(header: string | undefined): string | null {
  const m = /^apikey\s+(\S{16,200})$/i.exec(header?.trim() ?? '');
  return m ? m[1]! : null;
}

/** SePay: the shop is the one whose key came with the post; 401 for any other key. */
export async function receiveBankNotification(ctx: Ctx, authorization: string | undefined, n: BankNotification): Promise<NotificationAnswer> {
  const key = apiKeyOf(authorization);
  const shop = key ? await shopByNotifyKeyHash(ctx, sha256(key)) : null;
  if (!shop) throw new AppError('unauthenticated', 'unknown or missing bank-notification key');
  if (n.transferType !== 'in') return ignored;
  return settleTransfer(ctx, shop, {
    externalId: `sepay:${shop.id}:${String(n.id)}`, amount: n.transferAmount,
    memo: [n.code ?? '', n.content, n.description ?? ''].join(' ').trim(), code: n.code, accountNumber: n.accountNumber,
    reference: n.referenceCode ?? String(n.id), payload: n,
  });
}

/**
 * Casso (webhook v2) for the shop in the address: signed with the shop's secret, within 5 minutes,
 * else 401 (details.reason: not_set_up, missing, bad_signature or stale) and nothing is kept.
 * A withdrawal (negative amount) or a post Casso marks as an error is ignored.
 */
export async function receiveCassoNotification(ctx: Ctx, shopId: string, signature: string | undefined, body: CassoNotification): Promise<NotificationAnswer> {
  const shop = isUuid(shopId) ? await getShop(ctx, shopId) : null;
  const check = shop?.notifySecret ? checkCassoSignature(shop.notifySecret, signature, body, ctx.deps.clock().getTime()) : 'not_set_up';
  if (check !== 'ok') throw new AppError('unauthenticated', 'the Casso signature does not check', undefined, { reason: check });
  const d = body.data;
  if (body.error !== 0 || d.amount <= 0) return ignored;
  return settleTransfer(ctx, shop!, {
    externalId: `casso:${shop!.id}:${String(d.id)}`, amount: d.amount, memo: d.description ?? '', accountNumber: d.accountNumber,
    reference: d.reference || String(d.id), payload: body,
  });
}
