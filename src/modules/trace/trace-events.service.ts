/**
 * Trace events (issue 17, item 2): what happened to a lot, when, where, by whom, with evidence.
 * Append-only (the database refuses UPDATE and DELETE of them): a correction is a new event that
 * names the one it corrects, which stays on the record marked "corrected". A transformation takes
 * quantities of input lots (never more than a lot still holds: the lots are locked while it is
 * checked, so two at once cannot both take the last kilogram) and makes new lots.
 */
import { inTx, userIdOf, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { todayInVietnam } from '../../domain/dates';
import { eventDateProblem, overConsumes, remainingOf } from '../../domain/trace';
import { AppError, notFound, problem, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import type { UploadedFile } from '../../web/multipart';
import { recordAudit } from '../audit/audit.service';
import { publicFactsChanged } from '../registry/public-facts-feed';
import * as repo from './trace.repository';
import * as events from './trace-events.repository';
import { canReadLot, canWriteLot } from './trace.policy';
import { freshTraceCode, located, lotProblems, storeUpload, writableLot } from './lots.service';
import { EventSchema, TransformationSchema, type EventInput, type TransformationInput } from './trace.schema';

/** An instant as sent: ISO 8601 with its offset, or a bare day (noon in Vietnam). */
export const instantOf = (s: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T12:00:00+07:00` : s);

/** Records an event of one lot (any kind but a transformation), or a correction of an earlier one. */
export async function recordEvent(ctx: Ctx, lotId: string, raw: unknown, evidence: UploadedFile | null = null, opts: { epcisId?: string } = {}): Promise<events.EventRecord> {
  const lot = await writableLot(ctx, lotId);
  const parsed = EventSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const v: EventInput = parsed.data;
  const at = instantOf(v.occurredAt);
  const fields: FieldErrors = {};
  const when = eventDateProblem(v.kind, at, lot.producedOn, ctx.deps.clock());
  if (when === 'in_future') fields.occurredAt = problem('trace.in_future');
  if (when === 'before_production') fields.occurredAt = problem('trace.before_production');
  if (!(await repo.findCommune(ctx, v.communeCode))) fields.communeCode = problem('trace.unknown_commune');
  if (v.correctsId) {
    const original = await events.findEvent(ctx, v.correctsId);
    if (!original || !original.lotIds.includes(lot.id)) fields.correctsId = problem('trace.unknown_event');
    else if (original.kind === 'transformation') fields.correctsId = problem('trace.transformation_not_correctable');
  }
  if (Object.keys(fields).length) throw validation(fields);
  const file = evidence && evidence.data.length ? await storeUpload(ctx, `evidence/${lot.id}`, 'evidence', evidence) : null;
  return inTx(ctx, async (tx) => {
    const e = await events.insertEvent(tx, {
      kind: v.kind, producerId: lot.producerId, occurredAt: at, communeCode: v.communeCode, facility: v.facility || null, actor: v.actor,
      note: v.note || null, counterparty: v.counterparty || null, container: v.container || null, correctsId: v.correctsId || null,
      evidenceKey: file?.key ?? null, evidenceName: file?.name ?? null, evidenceMime: file?.mime ?? null,
      epcisId: opts.epcisId ?? null, recordedBy: userIdOf(ctx.actor),
    }, [{ lotId: lot.id, role: 'subject', quantity: null }]);
    await recordAudit(tx, { action: v.correctsId ? 'trace_event.correct' : 'trace_event.create', entityType: 'trace_lot', entityId: lot.id, provinceCode: lot.provinceCode, after: { eventId: e.id, kind: v.kind, correctsId: v.correctsId ?? null } });
    await publicFactsChanged(tx, {});
    return e;
  });
}

/**
 * A transformation: quantities of input lots (of the same producer, or of others it keeps) into
 * new lots of the producer's products. Every problem is told at once; `inputs.<i>.quantity` names
 * the line that takes more than its lot holds.
 */
export async function recordTransformation(ctx: Ctx, raw: unknown, opts: { epcisId?: string; outputCodes?: (string | undefined)[]; isSample?: boolean } = {}): Promise<{ event: events.EventRecord; outputs: repo.LotRecord[] }> {
  const actor = requireActor(ctx);
  const parsed = TransformationSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const v: TransformationInput = parsed.data;
  const at = instantOf(v.occurredAt);
  const now = ctx.deps.clock();
  const today = todayInVietnam(now);
  return inTx(ctx, async (tx) => {
    const inputIds = [...new Set(v.inputs.map((i) => i.lotId))];
    await repo.lockLots(tx, inputIds);
    const inputs = new Map((await repo.lotsByIds(tx, inputIds)).map((l) => [l.id, l]));
    const fields: FieldErrors = {};
    if (inputIds.length !== v.inputs.length) fields.inputs = problem('trace.input_repeated');
    for (const [i, line] of v.inputs.entries()) {
      const lot = inputs.get(line.lotId);
      if (!lot || !canReadLot(actor, located(lot))) { fields[`inputs.${i}.lotId`] = problem('trace.unknown_lot'); continue; }
      if (!canWriteLot(actor, located(lot))) { fields[`inputs.${i}.lotId`] = problem('trace.not_your_lot'); continue; }
      const when = eventDateProblem('transformation', at, lot.producedOn, now);
      if (when === 'before_production') fields.occurredAt = problem('trace.before_production');
    }
    if (at.getTime() > now.getTime() + 5 * 60_000) fields.occurredAt = problem('trace.in_future');
    const consumed = await events.consumedOf(tx, [...inputs.keys()]);
    for (const [i, line] of v.inputs.entries()) {
      const lot = inputs.get(line.lotId);
      if (!lot || fields[`inputs.${i}.lotId`]) continue;
      if (overConsumes(lot.quantity, consumed.get(lot.id) ?? [], line.quantity)) {
        fields[`inputs.${i}.quantity`] = problem('trace.over_consumed', { remaining: remainingOf(lot.quantity, consumed.get(lot.id) ?? []), unit: lot.unit });
      }
    }
    if (!(await repo.findCommune(tx, v.communeCode))) fields.communeCode = problem('trace.unknown_commune');
    const products = new Map<string, repo.ProductFacts>();
    const numbers = new Map<string, Set<string>>();
    for (const [i, out] of v.outputs.entries()) {
      const product = await repo.findProduct(tx, out.productId);
      if (!product || !canWriteLot(actor, { provinceCode: product.provinceCode, communeCode: product.communeCode, producerId: product.producerId })
        || (actor.role === 'producer' && product.producerId !== actor.producerId)) {
        fields[`outputs.${i}.productId`] = problem('trace.unknown_product');
        continue;
      }
      products.set(product.id, product);
      const taken = numbers.get(product.id) ?? new Set<string>();
      for (const [k, p] of Object.entries(await lotProblems(tx, out, product.id, today, taken))) fields[`outputs.${i}.${k}`] = p;
      taken.add(out.lotNumber);
      numbers.set(product.id, taken);
      if (out.producedOn < todayInVietnam(at)) fields[`outputs.${i}.producedOn`] = problem('trace.output_before_transformation');
    }
    if (Object.keys(fields).length) throw validation(fields, 'the transformation cannot be recorded as given');
    const first = [...products.values()][0]!;
    const outputs: repo.LotRecord[] = [];
    for (const [i, out] of v.outputs.entries()) {
      const product = products.get(out.productId)!;
      outputs.push(await repo.insertLot(tx, {
        productId: product.id, producerId: product.producerId, provinceCode: product.provinceCode, lotNumber: out.lotNumber,
        traceCode: opts.outputCodes?.[i] ?? await freshTraceCode(tx, product.provinceCode),
        producedOn: out.producedOn, expiresOn: out.expiresOn ?? null, quantity: out.quantity, unit: out.unit,
        facility: out.facility || v.facility || '', communeCode: v.communeCode, note: out.note || null, isSample: opts.isSample ?? false, createdBy: userIdOf(actor),
      }));
    }
    const event = await events.insertEvent(tx, {
      kind: 'transformation', producerId: first.producerId, occurredAt: at, communeCode: v.communeCode, facility: v.facility || null,
      actor: v.actor, note: v.note || null, epcisId: opts.epcisId ?? null, recordedBy: userIdOf(actor),
    }, [
      ...v.inputs.map((l) => ({ lotId: l.lotId, role: 'input' as const, quantity: l.quantity })),
      ...outputs.map((l) => ({ lotId: l.id, role: 'output' as const, quantity: l.quantity })),
    ]);
    await recordAudit(tx, {
      action: 'trace_event.transform', entityType: 'trace_event', entityId: event.id, provinceCode: first.provinceCode,
      after: { inputs: v.inputs, outputs: outputs.map((o) => ({ id: o.id, lotNumber: o.lotNumber, traceCode: o.traceCode })) },
    });
    await publicFactsChanged(tx, {});
    return { event, outputs };
  }).catch((e: unknown) => {
    if (repo.lotClash(e) === 'number') throw new AppError('duplicate', 'a lot number is recorded for the product', { outputs: problem('trace.lot_number_taken') });
    throw e;
  });
}

/** An event of a lot the actor may read (its evidence is theirs to open). */
export async function readableEvent(ctx: Ctx, id: string) {
  const e = await events.findEvent(ctx, id);
  if (!e) throw notFound('event');
  const lots = await repo.lotsByIds(ctx, e.lotIds);
  if (!lots.some((l) => canReadLot(ctx.actor, located(l)))) throw notFound('event');
  return e;
}
