/**
 * Which recall step becomes which notice, for whom (pure; issue 17 item 5). The audit rows are the
 * contract the trace module's recall service writes: `trace_lot.recall` (entity `trace_recall`,
 * after = { lotId, lotNumber, reason, buyers, buyerUserIds }) and `trace_recall.close` (after =
 * { note }); the facts are what the dispatcher reads of the recall, its lot and who recalled it.
 *
 * - A recall: the lot's producer, unless one of its own accounts recalled it; the inspectors and
 *   province officers of the lot's province (the inspectors' queue); the buyer accounts whose
 *   marketplace orders may hold the lot — in the app only: the recall service already e-mails
 *   every order's address, so a second e-mail would say the same thing twice.
 * - A closing: the producer and the same officers.
 * Whoever acted is left out of every audience by the dispatcher.
 */
import { formatTraceCode } from '../../domain/trace';
import type { Audience, AuditEvent, Notice, NoticeKind, NoticeParams } from './notices.policy';

/** Kinds a producer receives about its lots' recalls. */
export const TRACE_PRODUCER_KINDS = ['lot_recalled', 'lot_recall_closed'] as const;
/** Kinds inspectors and province officers receive about recalls in their province. */
export const TRACE_OFFICER_KINDS = ['lot_recall_queue', 'lot_recall_closed'] as const;
/** Kinds a buyer account receives, in the app only (the order's e-mail comes from the recall itself). */
export const TRACE_BUYER_KINDS = ['lot_recalled_order'] as const;

export const TRACE_ACTIONS = ['trace_lot.recall', 'trace_recall.close'] as const;

export interface RecallFacts {
  type: 'trace_recall';
  id: string;
  lotId: string;
  lotNumber: string;
  traceCode: string;
  productName: string;
  producerId: string;
  producerName: string;
  provinceCode: string;
  reason: string;
  scope: string;
  instructions: string;
  closeNote: string | null;
  /** The producer of the account that recalled the lot (null: an officer, an inspector or the system). */
  recalledByProducerId: string | null;
}
export type TraceFacts = RecallFacts;

/** The pages the notices link to (the trace module's addresses). */
export const TRACE_LINKS = {
  /** The public trace page of a lot. */
  trace: (traceCode: string) => `/truy-xuat/${encodeURIComponent(traceCode)}`,
  /** A lot in the back office. */
  lot: (lotId: string) => `/admin/truy-xuat/lo/${lotId}`,
  /** The inspectors' queue of recalls. */
  queue: '/admin/truy-xuat/thu-hoi',
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
/** A text the message follows with its own full stop. */
const clause = (s: string): string => s.trim().replace(/[.;]+$/, '');
/** The account ids an audit row lists (anything else is dropped: the delivery casts them). */
const userIds = (v: unknown): string[] => (Array.isArray(v) ? [...new Set(v.filter((x): x is string => typeof x === 'string' && UUID.test(x)).map((x) => x.toLowerCase()))] : []);

/** The notices one recall audit event gives, given the facts of the recall it names. */
export function traceNotices(event: AuditEvent, f: TraceFacts): Notice[] {
  const after = (event.after ?? {}) as Record<string, unknown>;
  const one = (kind: NoticeKind, audience: Audience, params: NoticeParams, link: string, inAppOnly = false): Notice =>
    ({ kind, variant: null, audience, params, link, ...(inAppOnly ? { inAppOnly: true } : {}) });
  const producer: Audience = { to: 'producer', producerId: f.producerId };
  const officers: Audience = { to: 'recall_handlers', provinceCode: f.provinceCode };
  const base = { product: f.productName, lot: f.lotNumber, producer: f.producerName, code: formatTraceCode(f.traceCode) };
  if (event.action === 'trace_lot.recall') {
    // A reason given in the audit row wins over the record's (decisions/039).
    const params = { ...base, reason: clause(text(after.reason) ?? f.reason), scope: clause(f.scope), instructions: clause(f.instructions) };
    const out: Notice[] = [];
    if (f.recalledByProducerId !== f.producerId) out.push(one('lot_recalled', producer, params, TRACE_LINKS.lot(f.lotId)));
    out.push(one('lot_recall_queue', officers, params, TRACE_LINKS.queue));
    const buyers = userIds(after.buyerUserIds);
    if (buyers.length) out.push(one('lot_recalled_order', { to: 'buyer_accounts', userIds: buyers }, params, TRACE_LINKS.trace(f.traceCode), true));
    return out;
  }
  if (event.action === 'trace_recall.close') {
    const params = { ...base, note: text(after.note) ?? f.closeNote ?? '—' };
    return [
      one('lot_recall_closed', producer, params, TRACE_LINKS.lot(f.lotId)),
      one('lot_recall_closed', officers, params, TRACE_LINKS.queue),
    ];
  }
  return [];
}
