/**
 * Trade agreements ("hợp đồng tiêu thụ", issue 16): opened when a buyer accepts an offer, or
 * recorded by an exhibitor (or its officer) as signed at an event. They move by the domain's
 * transition table (negotiating → signed → delivering → completed; cancelled with a reason), each
 * move in the history and the audit log; signed, delivering and completed ones are the
 * programme's results. The producer's province, product set and stars are frozen on the record.
 */
import { randomInt } from 'node:crypto';
import { inTx, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { todayInVietnam } from '../../domain/dates';
import { isUuid } from '../../domain/ids';
import { agreementActionsFor, COUNTED_AGREEMENT_STATUSES, decideAgreementTransition, type AgreementStatus } from '../../domain/trade';
import { AppError, notFound, problem, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import * as repo from './agreements.repository';
import { memberOf, REASON_MAX } from './buyer-orgs.service';
import * as demands from './demands.repository';
import { findProducer } from './events.repository';
import type { DemandRecord } from './demands.repository';
import type { OfferRecord } from './offers.repository';
import { agreementSide, canActForProducer, officerProvince } from './trade.policy';
import { EventAgreementSchema, type AgreementActionInput, type AgreementDto, type AgreementQuery, type EventAgreementInput } from './trade.schema';

const today = (ctx: Ctx) => todayInVietnam(ctx.deps.clock());
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** "HĐ-2026-7KQ4M2": the year and six characters without look-alikes (O/0, I/1). */
const drawCode = (day: string) => `HĐ-${day.slice(0, 4)}-${Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')}`;

const located = (a: repo.AgreementRow) => ({ provinceCode: a.producer_province_code, communeCode: a.producer_commune_code, producerId: a.producer_id });

async function agreementDtos(ctx: Ctx, list: repo.AgreementRow[]): Promise<AgreementDto[]> {
  const ids = list.map((a) => a.id);
  const [items, history, org] = [await repo.itemsOf(ctx, ids), await repo.historyOf(ctx, ids), await memberOf(ctx)];
  const actor = requireActor(ctx);
  return list.map((a) => {
    const side = agreementSide(actor, { buyerOrgId: a.buyer_org_id, producer: located(a) }, org);
    return {
      id: a.id, code: a.code, buyer: { id: a.buyer_org_id, name: a.buyer_name }, producer: { id: a.producer_id, name: a.producer_name },
      demandId: a.demand_id, offerId: a.offer_id, eventId: a.event_id,
      items: items.filter((i) => i.agreement_id === a.id).map((i) => ({ productId: i.product_id, productName: i.product_name, quantity: i.quantity, unit: i.unit, unitPrice: i.unit_price })),
      value: a.value, startsOn: a.starts_on, endsOn: a.ends_on, signedOn: a.signed_on, status: a.status,
      counted: COUNTED_AGREEMENT_STATUSES.includes(a.status), cancelReason: a.cancel_reason, provinceCode: a.province_code,
      productSet: a.product_set_code, stars: a.stars, actions: side ? agreementActionsFor(a.status, side) : [],
      history: history.filter((h) => h.agreementId === a.id).map((h) => ({ from: h.fromStatus, to: h.toStatus, action: h.action, side: h.side, comment: h.comment, at: h.at.toISOString() })),
      isSample: a.is_sample, version: a.version, createdAt: new Date(a.created_at).toISOString(),
    };
  });
}

interface NewAgreement {
  buyerOrgId: string | null; buyerName: string; producerId: string; demandId: string | null; offerId: string | null; eventId: string | null;
  status: AgreementStatus; signedOn: string | null; startsOn: string | null; endsOn: string | null; productId: string; quantity: number; unit: string; unitPrice: number;
}

/** Writes an agreement with its item, first history row and audit row (in the caller's transaction). */
async function insertAgreement(ctx: Ctx, a: NewAgreement): Promise<string> {
  const producer = (await findProducer(ctx, a.producerId))!;
  const product = (await demands.certifiedProductsOf(ctx, a.producerId, today(ctx))).find((p) => p.productId === a.productId);
  const facts = await repo.productFacts(ctx, a.productId);
  const now = ctx.deps.clock();
  const value = a.unitPrice * a.quantity;
  let id: string | null = null;
  let code = '';
  for (let i = 0; !id && i < 5; i++) {
    code = drawCode(today(ctx));
    id = await repo.insertAgreement(ctx, {
      code, buyerOrgId: a.buyerOrgId, buyerName: a.buyerName, producerId: a.producerId, demandId: a.demandId, offerId: a.offerId, eventId: a.eventId,
      status: a.status, value, startsOn: a.startsOn, endsOn: a.endsOn, signedOn: a.signedOn, provinceCode: producer.provinceCode,
      productSetCode: facts?.productSetCode ?? null, stars: product?.stars ?? null, createdAt: now, updatedAt: now,
    });
  }
  if (!id) throw new AppError('conflict', 'could not draw a free agreement code; try again');
  await repo.insertItems(ctx, [{ agreementId: id, productId: a.productId, quantity: a.quantity, unit: a.unit, unitPrice: a.unitPrice }]);
  await repo.insertHistory(ctx, { agreementId: id, fromStatus: null, toStatus: a.status, action: 'create', side: a.eventId ? 'producer' : 'buyer', actorId: ctx.actor?.userId ?? null, at: now });
  await recordAudit(ctx, {
    action: 'trade_agreement.create', entityType: 'trade_agreement', entityId: id, provinceCode: producer.provinceCode,
    after: { code, producerId: a.producerId, buyerOrgId: a.buyerOrgId, value, status: a.status, eventId: a.eventId },
  });
  return id;
}

/** The agreement an accepted offer opens (negotiating), in the acceptance's transaction. */
export async function openAgreement(ctx: Ctx, p: { demand: DemandRecord; offer: OfferRecord; startsOn: string | null; endsOn: string | null }): Promise<string> {
  const org = await demands.demandById(ctx, p.demand.id);
  return insertAgreement(ctx, {
    buyerOrgId: p.demand.buyerOrgId, buyerName: org?.buyer_name ?? '', producerId: p.offer.producerId, demandId: p.demand.id, offerId: p.offer.id,
    eventId: null, status: 'negotiating', signedOn: null, startsOn: p.startsOn || null, endsOn: p.endsOn || p.demand.neededBy || null,
    productId: p.offer.productId, quantity: p.offer.quantity, unit: p.demand.unit, unitPrice: p.offer.unitPrice,
  });
}

/** An agreement signed at an event, recorded by the exhibitor or its officer (counted at once: signed). */
export async function recordEventAgreement(ctx: Ctx, raw: EventAgreementInput): Promise<AgreementDto> {
  const actor = requireActor(ctx);
  const parsed = EventAgreementSchema.safeParse(raw);
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  if (!parsed.success) throw validation(fields);
  const d = parsed.data;
  const producerId = actor.role === 'producer' ? actor.producerId : d.producerId;
  const producer = producerId && isUuid(producerId) ? await findProducer(ctx, producerId) : null;
  if (!producer) throw validation({ producerId: problem('trade.unknown_producer') });
  if (!canActForProducer(actor, { ...producer, producerId: producer.id })) throw new AppError('forbidden', 'not a producer you act for');
  const event = isUuid(d.eventId) ? await repo.eventForAgreement(ctx, d.eventId, producer.id) : null;
  if (!event || event.status !== 'published') throw notFound('event');
  if (!event.exhibited) fields.eventId = problem('trade.event_not_exhibited');
  const product = isUuid(d.productId) ? await repo.productFacts(ctx, d.productId) : null;
  if (!product || product.producerId !== producer.id) fields.productId = problem('trade.product_not_offerable');
  if (d.signedOn > today(ctx)) fields.signedOn = problem('trade.signed_future');
  if (d.startsOn && d.endsOn && d.endsOn < d.startsOn) fields.endsOn = problem('trade.period');
  if (Object.keys(fields).length) throw validation(fields);
  const buyerOrgId = d.buyerOrgId && isUuid(d.buyerOrgId) ? d.buyerOrgId : null;
  return inTx(ctx, async (tx) => {
    const id = await insertAgreement(tx, {
      buyerOrgId, buyerName: d.buyerName, producerId: producer.id, demandId: null, offerId: null, eventId: event.id, status: 'signed',
      signedOn: d.signedOn, startsOn: d.startsOn, endsOn: d.endsOn, productId: d.productId, quantity: d.quantity, unit: d.unit, unitPrice: d.unitPrice,
    });
    return (await agreementDtos(tx, [(await repo.agreementById(tx, id))!]))[0]!;
  });
}

async function readableAgreement(ctx: Ctx, id: string): Promise<{ row: repo.AgreementRow; side: 'buyer' | 'producer' | 'officer' | null }> {
  const actor = requireActor(ctx);
  const row = isUuid(id) ? await repo.agreementById(ctx, id) : null;
  if (!row) throw notFound('agreement');
  const side = agreementSide(actor, { buyerOrgId: row.buyer_org_id, producer: located(row) }, await memberOf(ctx));
  const officerReads = officerProvince(actor) === null || (officerProvince(actor) !== undefined && officerProvince(actor) === row.province_code && actor.role !== 'commune_officer');
  if (!side && !officerReads) throw notFound('agreement');
  return { row, side };
}

export async function getAgreement(ctx: Ctx, id: string): Promise<AgreementDto> {
  return (await agreementDtos(ctx, [(await readableAgreement(ctx, id)).row]))[0]!;
}

export async function listAgreements(ctx: Ctx, q: AgreementQuery): Promise<{ items: AgreementDto[]; total: number; page: number; pageSize: number }> {
  const actor = requireActor(ctx);
  let scope: repo.AgreementScope;
  if (actor.role === 'buyer') {
    const org = await memberOf(ctx);
    if (!org) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    scope = { kind: 'buyer', orgId: org };
  } else if (actor.role === 'producer') {
    if (!actor.producerId) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    scope = { kind: 'producer', producerId: actor.producerId };
  } else {
    const province = officerProvince(actor);
    if (province === undefined) throw new AppError('forbidden', 'not a party of trade connection');
    scope = { kind: 'officer', provinceCode: province, communeCode: actor.role === 'commune_officer' ? actor.areaCode : null };
  }
  const { items, total } = await repo.listAgreements(ctx, scope, { status: q.status, eventId: q.eventId && isUuid(q.eventId) ? q.eventId : undefined }, q.page, q.pageSize);
  return { items: await agreementDtos(ctx, items), total, page: q.page, pageSize: q.pageSize };
}

/** Moves an agreement by the transition table, as the side the actor stands on. */
export async function moveAgreement(ctx: Ctx, id: string, input: AgreementActionInput): Promise<AgreementDto> {
  const { row, side } = await readableAgreement(ctx, id);
  if (!side) throw new AppError('forbidden', 'not a party of this agreement');
  if (input.version !== undefined && input.version !== row.version) throw new AppError('conflict', 'changed since it was read');
  const comment = input.comment?.trim() || null;
  if (comment && comment.length > REASON_MAX) throw validation({ comment: problem('too_long', { max: REASON_MAX }) });
  const decision = decideAgreementTransition(row.status, input.action, side, comment);
  if (!decision.ok) {
    if (decision.reason === 'comment_required') throw validation({ comment: problem('trade.reason_required') });
    if (decision.reason === 'not_allowed') throw new AppError('forbidden', `the ${side} may not ${input.action}`);
    throw new AppError('invalid_transition', `an agreement ${row.status} cannot ${input.action}`);
  }
  const to = decision.transition.to;
  return inTx(ctx, async (tx) => {
    const now = ctx.deps.clock();
    const moved = await repo.moveAgreement(tx, row.id, row.status, {
      status: to, updatedAt: now, ...(to === 'signed' ? { signedOn: today(ctx) } : {}), ...(to === 'cancelled' ? { cancelReason: comment } : {}),
    });
    if (!moved) throw new AppError('conflict', 'the agreement changed meanwhile; reload it');
    await repo.insertHistory(tx, { agreementId: row.id, fromStatus: row.status, toStatus: to, action: input.action, side, actorId: ctx.actor?.userId ?? null, comment, at: now });
    await recordAudit(tx, {
      action: `trade_agreement.${input.action}`, entityType: 'trade_agreement', entityId: row.id, provinceCode: row.province_code,
      before: { status: row.status }, after: { status: to, ...(comment ? { comment } : {}) },
    });
    return (await agreementDtos(tx, [(await repo.agreementById(tx, row.id))!]))[0]!;
  });
}
