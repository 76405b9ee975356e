/**
 * Offers on demands (issue 16, item 2): a producer that sees a demand answers with one of its
 * products certified today in the demand's set and stars (domain offerGuard), a price per unit,
 * a quantity, a delivery date, a note and files; until the deadline day, one live offer per
 * producer. The buyer compares the offers side by side and accepts (a trade agreement is
 * opened, negotiating) or declines them; the producer may withdraw its own. A competitor's offer
 * does not exist for a producer (404).
 */
import { randomUUID } from 'node:crypto';
import { inTx, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { todayInVietnam } from '../../domain/dates';
import { isUuid } from '../../domain/ids';
import { DOCUMENT_EXTENSIONS, sniffDocumentType, uploadName } from '../../domain/image';
import { offerGuard } from '../../domain/trade';
import { AppError, notFound, problem, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import type { UploadedFile } from '../../web/multipart';
import { recordAudit } from '../audit/audit.service';
import { openAgreement } from './agreements.service';
import { memberOf, REASON_MAX } from './buyer-orgs.service';
import * as demands from './demands.repository';
import { findProducer } from './events.repository';
import { readableDemand } from './demands.service';
import * as repo from './offers.repository';
import { canActForProducer, canReadOffer } from './trade.policy';
import { OfferInputSchema, type OfferDecisionInput, type OfferDto, type OfferInput } from './trade.schema';

export const OFFER_FILE_LIMITS = { maxBytes: 10 * 1024 * 1024, maxPerOffer: 5 } as const;
const MAX_MB = OFFER_FILE_LIMITS.maxBytes / 1024 / 1024;

const today = (ctx: Ctx) => todayInVietnam(ctx.deps.clock());
const located = (o: repo.OfferRow) => ({ provinceCode: o.producer_province_code, communeCode: o.producer_commune_code, producerId: o.producer_id });

async function offerDtos(ctx: Ctx, offers: repo.OfferRow[]): Promise<OfferDto[]> {
  const files = await repo.filesOf(ctx, offers.map((o) => o.id));
  return offers.map((o) => ({
    id: o.id, demandId: o.demand_id, producer: { id: o.producer_id, name: o.producer_name, provinceName: o.producer_province_name },
    product: { id: o.product_id, name: o.product_name, stars: o.stars, certificateNumber: o.certificate_number },
    unitPrice: o.unit_price, quantity: o.quantity, total: o.unit_price * o.quantity, deliveryOn: o.delivery_on, note: o.note, status: o.status,
    decisionNote: o.decision_note, agreementId: o.agreement_id, isSample: o.is_sample, createdAt: new Date(o.created_at).toISOString(), version: o.version,
    files: files.filter((f) => f.offerId === o.id).map((f) => ({ id: f.id, filename: f.filename, mime: f.mime, size: f.size, url: `/api/v1/trade/offer-files/${f.id}` })),
  }));
}

/** The producer the actor offers for: its own, or the one an officer names and keeps. */
async function offeringProducer(ctx: Ctx, named: string | null | undefined) {
  const actor = requireActor(ctx);
  const id = actor.role === 'producer' ? actor.producerId : named ?? null;
  const producer = id && isUuid(id) ? await findProducer(ctx, id) : null;
  if (!producer) throw validation({ producerId: problem('trade.unknown_producer') });
  if (!canActForProducer(actor, { ...producer, producerId: producer.id })) throw new AppError('forbidden', 'not a producer you act for');
  return producer;
}

export async function makeOffer(ctx: Ctx, demandId: string, raw: OfferInput): Promise<OfferDto> {
  const actor = requireActor(ctx);
  if (actor.role === 'buyer') throw new AppError('forbidden', 'producers make offers');
  const parsed = OfferInputSchema.safeParse(raw);
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  const producer = await offeringProducer(ctx, parsed.success ? parsed.data.producerId : null);
  // An officer offering for a producer reads the demand as its officer; a producer must see it.
  const demand = await readableDemand(ctx, demandId);
  const day = today(ctx);
  const certified = await demands.certifiedProductsOf(ctx, producer.id, day);
  const guard = offerGuard({ status: demand.status, deadline: demand.deadline, productSetCode: demand.product_set_code, minStars: demand.min_stars }, day, certified);
  if (!guard.ok) {
    if (guard.reason === 'demand_closed') throw new AppError('invalid_transition', `the demand is ${demand.status}`);
    throw new AppError(guard.reason, guard.reason === 'deadline_passed' ? 'the deadline has passed' : 'no product certified today fits the demand');
  }
  if (!parsed.success) throw validation(fields);
  const d = parsed.data;
  const product = certified.find((p) => p.productId === d.productId);
  const fits = product && (demand.product_set_code === null || product.productSetCode === demand.product_set_code) && product.stars >= (demand.min_stars ?? 0);
  if (!fits) fields.productId = problem('trade.product_not_offerable');
  if (d.deliveryOn < day) fields.deliveryOn = problem('trade.delivery_past');
  if (Object.keys(fields).length) throw validation(fields);
  return inTx(ctx, async (tx) => {
    const now = ctx.deps.clock();
    const id = await repo.insertOffer(tx, {
      demandId: demand.id, producerId: producer.id, productId: d.productId, unitPrice: d.unitPrice, quantity: d.quantity, deliveryOn: d.deliveryOn,
      note: d.note, createdBy: actor.userId, createdAt: now, updatedAt: now,
    });
    if (!id) throw new AppError('duplicate', 'the producer has a live offer on this demand: withdraw it first');
    await recordAudit(tx, {
      action: 'trade_offer.create', entityType: 'trade_offer', entityId: id, provinceCode: producer.provinceCode,
      after: { demandId: demand.id, producerId: producer.id, productId: d.productId, unitPrice: d.unitPrice, quantity: d.quantity },
    });
    return (await offerDtos(tx, [(await repo.offerById(tx, id, day))!]))[0]!;
  });
}

/** The offers of a demand the actor may read: all for its buyer (and officers), a producer's own only. */
export async function listOffers(ctx: Ctx, demandId: string): Promise<OfferDto[]> {
  const actor = requireActor(ctx);
  const demand = await readableDemand(ctx, demandId);
  const mine = actor.role === 'producer' ? actor.producerId ?? undefined : undefined;
  const org = await memberOf(ctx);
  const all = await repo.offersOfDemand(ctx, demand.id, today(ctx), mine);
  return offerDtos(ctx, all.filter((o) => canReadOffer(actor, { buyerOrgId: o.buyer_org_id, producer: located(o) }, org)));
}

async function readableOffer(ctx: Ctx, id: string): Promise<repo.OfferRow> {
  const actor = requireActor(ctx);
  const o = isUuid(id) ? await repo.offerById(ctx, id, today(ctx)) : null;
  if (!o || !canReadOffer(actor, { buyerOrgId: o.buyer_org_id, producer: located(o) }, await memberOf(ctx))) throw notFound('offer');
  return o;
}

export async function getOffer(ctx: Ctx, id: string): Promise<OfferDto> {
  return (await offerDtos(ctx, [await readableOffer(ctx, id)]))[0]!;
}

/**
 * The buyer accepts an offer (the demand becomes awarded; a trade agreement opens, negotiating)
 * or declines it with an optional reason; the producer withdraws its own submitted offer.
 */
export async function decideOffer(ctx: Ctx, id: string, action: 'accept' | 'decline' | 'withdraw', input: OfferDecisionInput = {}): Promise<OfferDto> {
  const actor = requireActor(ctx);
  const o = await readableOffer(ctx, id);
  const org = await memberOf(ctx);
  const buyerSide = org !== null && org === o.buyer_org_id;
  if (action === 'withdraw' ? !canActForProducer(actor, located(o)) : !buyerSide) throw new AppError('forbidden', action === 'withdraw' ? 'the producer withdraws its offer' : 'the buyer decides on offers');
  const reason = input.reason?.trim() || null;
  if (reason && reason.length > REASON_MAX) throw validation({ reason: problem('too_long', { max: REASON_MAX }) });
  return inTx(ctx, async (tx) => {
    const demand = await demands.lockDemand(tx, o.demand_id);
    const offer = await repo.lockOffer(tx, o.id);
    if (!demand || !offer) throw notFound('offer');
    if (offer.status !== 'submitted') throw new AppError('invalid_transition', `the offer is ${offer.status}`);
    if (action !== 'withdraw' && demand.status !== 'open' && demand.status !== 'awarded') throw new AppError('invalid_transition', `the demand is ${demand.status}`);
    const now = ctx.deps.clock();
    const status = action === 'accept' ? 'accepted' : action === 'decline' ? 'declined' : 'withdrawn';
    await repo.setOfferStatus(tx, offer.id, { status, decisionNote: action === 'decline' ? reason : null, decidedAt: now });
    await recordAudit(tx, {
      action: `trade_offer.${action}`, entityType: 'trade_offer', entityId: offer.id, provinceCode: o.producer_province_code,
      before: { status: offer.status }, after: { status, demandId: offer.demandId, producerId: offer.producerId, ...(reason && action === 'decline' ? { reason } : {}) },
    });
    if (action === 'accept') {
      if (demand.status === 'open') {
        await demands.setDemandStatus(tx, demand.id, 'awarded', now);
        await recordAudit(tx, { action: 'trade_demand.award', entityType: 'trade_demand', entityId: demand.id, provinceCode: demand.deliveryProvinceCode, before: { status: 'open' }, after: { status: 'awarded' } });
      }
      await openAgreement(tx, { demand, offer, startsOn: input.startsOn ?? null, endsOn: input.endsOn ?? null });
    }
    return (await offerDtos(tx, [(await repo.offerById(tx, offer.id, today(ctx)))!]))[0]!;
  });
}

/** Attaches a file (PDF or image, at most 10 MB, at most 5 per offer) to the producer's submitted offer. */
export async function addOfferFile(ctx: Ctx, id: string, file: UploadedFile | null): Promise<OfferDto> {
  const actor = requireActor(ctx);
  const o = await readableOffer(ctx, id);
  if (!canActForProducer(actor, located(o))) throw new AppError('forbidden', 'the producer attaches files to its offer');
  if (o.status !== 'submitted') throw new AppError('invalid_transition', `the offer is ${o.status}`);
  if (!file || file.data.length === 0 || file.truncated || file.data.length > OFFER_FILE_LIMITS.maxBytes) {
    throw new AppError(file && file.data.length ? 'payload_too_large' : 'validation_failed', 'choose a file of at most 10 MB', { file: problem('trade.file', { maxMb: MAX_MB }) });
  }
  const mime = sniffDocumentType(file.data);
  if (!mime) throw new AppError('unsupported_media_type', 'send a PDF, JPEG, PNG or WebP file', { file: problem('trade.file', { maxMb: MAX_MB }) });
  if ((await repo.filesOf(ctx, [o.id])).length >= OFFER_FILE_LIMITS.maxPerOffer) throw new AppError('conflict', `at most ${OFFER_FILE_LIMITS.maxPerOffer} files per offer`);
  const fileId = randomUUID();
  const storageKey = `trade/offers/${o.id}/${fileId}.${DOCUMENT_EXTENSIONS[mime]}`;
  await ctx.deps.storage.put(storageKey, file.data);
  const filename = uploadName(file.name);
  return inTx(ctx, async (tx) => {
    await repo.insertOfferFile(tx, { id: fileId, offerId: o.id, storageKey, filename, mime, size: file.data.length, createdAt: ctx.deps.clock() });
    await recordAudit(tx, { action: 'trade_offer.file_add', entityType: 'trade_offer', entityId: o.id, provinceCode: o.producer_province_code, after: { fileId, filename, size: file.data.length } });
    return (await offerDtos(tx, [o]))[0]!;
  });
}

/** A file of an offer, for whoever may read the offer. */
export async function offerFile(ctx: Ctx, fileId: string): Promise<{ filename: string; mime: string; data: Buffer }> {
  const f = isUuid(fileId) ? await repo.fileById(ctx, fileId) : null;
  if (!f) throw notFound('file');
  await readableOffer(ctx, f.offerId);
  const data = await ctx.deps.storage.get(f.storageKey);
  if (!data) throw notFound('file');
  return { filename: f.filename, mime: f.mime, data };
}
