/**
 * Recalls (issue 17, item 5): the producer or an officer of the lot's area withdraws a lot from
 * sale with a reason, its scope and what holders should do. From the commit on, the trace page of
 * the lot and of every lot made from it shows the recall in red at the top (the public pages are
 * dropped from the cache by the change feed in the same transaction). Buyers of marketplace orders
 * that may hold it are told by e-mail (and in the app, by the notices module reading the audit
 * row); the recall waits in the inspectors' queue until one takes it up; a province officer or
 * national administrator closes it with a note.
 */
import { inTx, userIdOf, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { vietnamDayStart } from '../../domain/trace';
import { AppError, forbidden, notFound, validation, zodFieldErrors } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import { queueMail } from '../mail/mail.service';
import { publicFactsChanged } from '../registry/public-facts-feed';
import * as repo from './trace.repository';
import * as events from './trace-events.repository';
import { canAcknowledgeRecall, canCloseRecall, canReadLot, canRecall, traceScope } from './trace.policy';
import { located } from './lots.service';
import { CloseRecallSchema, RecallSchema, type RecallDto } from './trace.schema';

export const recallDto = (r: events.RecallRow): RecallDto => ({
  id: r.id, lotId: r.lotId, lotNumber: r.lotNumber, traceCode: r.traceCode, productName: r.productName, producerName: r.producerName,
  provinceCode: r.provinceCode, reason: r.reason, scope: r.scope, instructions: r.instructions, status: r.status,
  recalledAt: r.recalledAt.toISOString(), acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null, closedAt: r.closedAt?.toISOString() ?? null,
  closeNote: r.closeNote, buyersNotified: r.buyersNotified,
});

async function recallRow(ctx: Ctx, id: string): Promise<{ recall: events.RecallRow; lot: repo.LotView }> {
  const r = await events.findRecall(ctx, id);
  const lot = r ? await repo.findLot(ctx, r.lotId) : null;
  if (!r || !lot || !canReadLot(ctx.actor, located(lot))) throw notFound('recall');
  const [row] = (await events.recallsOfLots(ctx, [lot.id], true)).filter((x) => x.id === r.id);
  return { recall: row!, lot };
}

/** Recalls a lot; an unknown lot (or one out of reach) is 404, a lot already recalled 409. */
export async function recallLot(ctx: Ctx, lotId: string, raw: unknown): Promise<RecallDto> {
  const actor = requireActor(ctx);
  const lot = await repo.findLot(ctx, lotId);
  if (!lot || !(canReadLot(actor, located(lot)) || canRecall(actor, located(lot)))) throw notFound('lot');
  if (!canRecall(actor, located(lot))) throw forbidden();
  const parsed = RecallSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const v = parsed.data;
  const id = await inTx(ctx, async (tx) => {
    if ((await events.recallsOfLots(tx, [lot.id])).length) throw new AppError('conflict', 'the lot is recalled already');
    const recall = await events.insertRecall(tx, {
      lotId: lot.id, provinceCode: lot.provinceCode, reason: v.reason, scope: v.scope, instructions: v.instructions,
      recalledBy: userIdOf(actor), recalledAt: ctx.deps.clock(),
    });
    // Marketplace orders that may hold units of it, or of lots made from it.
    const made = await events.lineage(tx, [lot.id], 'down');
    const lots = [lot, ...await repo.lotsByIds(tx, made.map((m) => m.lot_id))];
    const buyers = await events.ordersOfProducts(tx, [...new Set(lots.map((l) => l.productId))], vietnamDayStart(lot.producedOn));
    for (const b of buyers) {
      if (!b.buyer_email) continue;
      await queueMail(tx, {
        toAddress: b.buyer_email,
        subject: `Thu hồi sản phẩm: ${lot.productName}, lô ${lot.lotNumber}`,
        body: [
          `Kính gửi ${b.buyer_name},`, '',
          `Đơn hàng ${b.code} của bạn trên chợ OCOP có thể chứa sản phẩm thuộc lô đang bị thu hồi:`,
          `${lot.productName} — lô ${lot.lotNumber} (${lot.producerName}).`,
          `Lý do: ${v.reason}`, `Phạm vi: ${v.scope}`, `Hướng dẫn: ${v.instructions}`, '',
          `Tra cứu lô: /truy-xuat/${lot.traceCode}`, '',
          `Recall of ${lot.productName}, lot ${lot.lotNumber}: your order ${b.code} may contain it. Reason: ${v.reason}`,
        ].join('\n'),
        dedupeKey: `recall:${recall.id}:${b.order_id}`,
      });
    }
    await events.updateRecall(tx, recall.id, { buyersNotified: buyers.length });
    await recordAudit(tx, {
      action: 'trace_lot.recall', entityType: 'trace_recall', entityId: recall.id, provinceCode: lot.provinceCode,
      after: { lotId: lot.id, lotNumber: lot.lotNumber, reason: v.reason, buyers: buyers.length, buyerUserIds: [...new Set(buyers.map((b) => b.buyer_user_id).filter((u): u is string => !!u))] },
    });
    await publicFactsChanged(tx, {});
    return recall.id;
  }).catch((e: unknown) => {
    if (String((e as { message?: string })?.message ?? '').includes('trace_recalls_open_uq') || String((e as { cause?: { message?: string } })?.cause?.message ?? '').includes('trace_recalls_open_uq')) {
      throw new AppError('conflict', 'the lot is recalled already');
    }
    throw e;
  });
  return recallDto((await recallRow(ctx, id)).recall);
}

/** An inspector or officer takes the recall up (the queue shows who and when). */
export async function acknowledgeRecall(ctx: Ctx, id: string): Promise<RecallDto> {
  const actor = requireActor(ctx);
  const { recall, lot } = await recallRow(ctx, id);
  if (!canAcknowledgeRecall(actor, located(lot))) throw forbidden();
  if (recall.acknowledgedAt) return recallDto(recall);
  await inTx(ctx, async (tx) => {
    await events.updateRecall(tx, id, { acknowledgedBy: userIdOf(actor), acknowledgedAt: ctx.deps.clock() });
    await recordAudit(tx, { action: 'trace_recall.acknowledge', entityType: 'trace_recall', entityId: id, provinceCode: lot.provinceCode });
  });
  return recallDto((await recallRow(ctx, id)).recall);
}

/** Closes a recall (the lot is back to normal on its page); province officers and national administrators. */
export async function closeRecall(ctx: Ctx, id: string, raw: unknown): Promise<RecallDto> {
  const actor = requireActor(ctx);
  const { recall, lot } = await recallRow(ctx, id);
  if (!canCloseRecall(actor, located(lot))) throw forbidden();
  if (recall.status === 'closed') throw new AppError('invalid_transition', 'the recall is closed already');
  const parsed = CloseRecallSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  await inTx(ctx, async (tx) => {
    await events.updateRecall(tx, id, { status: 'closed', closedBy: userIdOf(actor), closedAt: ctx.deps.clock(), closeNote: parsed.data.note });
    await recordAudit(tx, { action: 'trace_recall.close', entityType: 'trace_recall', entityId: id, provinceCode: lot.provinceCode, after: { note: parsed.data.note } });
    await publicFactsChanged(tx, {});
  });
  return recallDto((await recallRow(ctx, id)).recall);
}

/** The recalls queue of the actor's area. */
export async function listRecalls(ctx: Ctx, q: { status?: 'open' | 'closed'; page?: number; pageSize?: number }) {
  const actor = requireActor(ctx);
  const page = q.page ?? 1; const pageSize = q.pageSize ?? 20;
  const { items, total } = await events.listRecalls(ctx, traceScope(actor), { status: q.status, limit: pageSize, offset: (page - 1) * pageSize });
  return { items: items.map(recallDto), total, page, pageSize };
}
