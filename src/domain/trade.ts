/**
 * Trade connection (kết nối cung - cầu) and trade events: buyer organisations, their demands and
 * the producers' offers, the trade agreements ("hợp đồng tiêu thụ") that come of them, and events
 * (fairs, product weeks, exhibitions, trade conferences, OCOP corners) with their booths. Pure: no
 * I/O, no clock (dates are the caller's, as Vietnamese calendar days `YYYY-MM-DD`).
 *
 * A trade agreement:
 *
 *   negotiating ──sign──▶ signed ──start_delivery──▶ delivering ──complete──▶ completed
 *        └────────────────────┴──────────cancel (with a reason)──────────────▶ cancelled
 */
import { decideSidedTransition, sidedActions, type SidedDecision, type SidedRow } from './state-machine';

/** Who buys from producers (issue 16): verified by an officer before they may post a demand. */
export const BUYER_ORG_KINDS = ['supermarket', 'distributor', 'exporter', 'hotel', 'restaurant', 'airport'] as const;
export type BuyerOrgKind = (typeof BUYER_ORG_KINDS)[number];

export const BUYER_ORG_STATUSES = ['pending', 'verified', 'rejected'] as const;
export type BuyerOrgStatus = (typeof BUYER_ORG_STATUSES)[number];

/** api.md "Trade connection and events": the kinds of event. */
export const TRADE_EVENT_KINDS = ['fair', 'product_week', 'exhibition', 'trade_conference', 'ocop_corner'] as const;
export type TradeEventKind = (typeof TRADE_EVENT_KINDS)[number];

/** An event is prepared as a draft, published for the public and producers, or cancelled. */
export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** A producer's registration for an event, decided by the event's officers. */
export const REGISTRATION_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const DEMAND_STATUSES = ['open', 'awarded', 'closed', 'cancelled'] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];

export const OFFER_STATUSES = ['submitted', 'accepted', 'declined', 'withdrawn'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

// ─── Trade agreements ────────────────────────────────────────────────────────

export const AGREEMENT_STATUSES = ['negotiating', 'signed', 'delivering', 'completed', 'cancelled'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const AGREEMENT_ACTIONS = ['sign', 'start_delivery', 'complete', 'cancel'] as const;
export type AgreementAction = (typeof AGREEMENT_ACTIONS)[number];

/** The parties of an agreement, and the officer who keeps the producer (recording what they report). */
export type AgreementSide = 'buyer' | 'producer' | 'officer';

export type AgreementTransition = SidedRow<AgreementStatus, AgreementAction, AgreementSide>;

/** Every allowed move; anything not listed is refused. */
export const AGREEMENT_TRANSITIONS: readonly AgreementTransition[] = [
  { from: 'negotiating', action: 'sign', to: 'signed', by: ['buyer', 'producer', 'officer'] },
  { from: 'signed', action: 'start_delivery', to: 'delivering', by: ['producer', 'officer'] },
  { from: 'delivering', action: 'complete', to: 'completed', by: ['buyer', 'producer', 'officer'] },
  { from: 'negotiating', action: 'cancel', to: 'cancelled', by: ['buyer', 'producer', 'officer'], commentRequired: true },
  { from: 'signed', action: 'cancel', to: 'cancelled', by: ['buyer', 'producer', 'officer'], commentRequired: true },
  { from: 'delivering', action: 'cancel', to: 'cancelled', by: ['buyer', 'producer', 'officer'], commentRequired: true },
];

export const FINAL_AGREEMENT_STATUSES: readonly AgreementStatus[] = ['completed', 'cancelled'];

/** Agreements the programme counts as results ("hợp đồng tiêu thụ"): signed, under way or done. */
export const COUNTED_AGREEMENT_STATUSES: readonly AgreementStatus[] = ['signed', 'delivering', 'completed'];

export const decideAgreementTransition = (from: AgreementStatus, action: AgreementAction, side: AgreementSide, comment?: string | null): SidedDecision<AgreementStatus, AgreementTransition> =>
  decideSidedTransition(AGREEMENT_TRANSITIONS, from, action, side, comment);

export const agreementActionsFor = (status: AgreementStatus, side: AgreementSide): AgreementAction[] => sidedActions(AGREEMENT_TRANSITIONS, status, side);

// ─── Guards ──────────────────────────────────────────────────────────────────

export type Refusal<R extends string> = { ok: true } | { ok: false; reason: R };

/** Only a verified buyer organisation posts a demand. */
export const demandGuard = (org: { status: BuyerOrgStatus }): Refusal<'buyer_not_verified'> =>
  org.status === 'verified' ? { ok: true } : { ok: false, reason: 'buyer_not_verified' };

/**
 * An offer is made to an open demand until its deadline day (inclusive, Vietnam's calendar), by a
 * producer with a product certified today in the demand's product set (when it names one) and of
 * at least its stars.
 */
export function offerGuard(
  demand: { status: DemandStatus; deadline: string; productSetCode: string | null; minStars: number | null },
  today: string,
  certified: readonly { productSetCode: string; stars: number }[],
): Refusal<'demand_closed' | 'deadline_passed' | 'no_certified_product'> {
  if (demand.status !== 'open') return { ok: false, reason: 'demand_closed' };
  if (today > demand.deadline) return { ok: false, reason: 'deadline_passed' };
  const fits = certified.some((p) => (demand.productSetCode === null || p.productSetCode === demand.productSetCode) && p.stars >= (demand.minStars ?? 0));
  return fits ? { ok: true } : { ok: false, reason: 'no_certified_product' };
}

/** A booth number as kept and compared: trimmed, inner spaces single, upper case ("a 12" → "A 12"). */
export const normaliseBooth = (booth: string): string => booth.trim().replace(/\s+/g, ' ').toUpperCase();

/**
 * A producer's registration for an event: while registration is open (until the day before the
 * event starts, unless the event says otherwise) and while approved exhibitors are fewer than the
 * booth quota (null: no quota).
 */
export function registrationGuard(
  event: { startsOn: string; registrationClosesOn: string | null; boothQuota: number | null; approved: number },
  today: string,
): Refusal<'registration_closed' | 'quota_full'> {
  const closes = event.registrationClosesOn ?? event.startsOn;
  if (event.registrationClosesOn ? today > closes : today >= closes) return { ok: false, reason: 'registration_closed' };
  if (event.boothQuota !== null && event.approved >= event.boothQuota) return { ok: false, reason: 'quota_full' };
  return { ok: true };
}

/** A booth for an exhibitor: not one another exhibitor of the event holds already. */
export function boothGuard(booth: string, held: readonly { registrationId: string; booth: string }[], registrationId: string): Refusal<'booth_taken' | 'booth_empty'> {
  const b = normaliseBooth(booth);
  if (!b) return { ok: false, reason: 'booth_empty' };
  return held.some((h) => h.registrationId !== registrationId && normaliseBooth(h.booth) === b) ? { ok: false, reason: 'booth_taken' } : { ok: true };
}

// ─── Matching a demand ───────────────────────────────────────────────────────

export interface MatchCandidate { productId: string; productSetCode: string; stars: number; provinceCode: string; inStock: boolean }

/**
 * Whether a certified product fits a demand, and how well: the demand's product set (when it
 * names one) and minimum stars are conditions; among those that fit, a product of the delivery
 * province comes first, then one with a listing in stock on the market, then more stars. The
 * rank is a number to sort by, highest first (null: does not fit).
 */
export function matchRank(demand: { productSetCode: string | null; minStars: number | null; deliveryProvince: string | null }, c: MatchCandidate): number | null {
  if (demand.productSetCode !== null && c.productSetCode !== demand.productSetCode) return null;
  if (c.stars < (demand.minStars ?? 0)) return null;
  return (c.provinceCode === demand.deliveryProvince ? 100 : 0) + (c.inStock ? 10 : 0) + c.stars;
}

/** The candidates that fit, best first (ties by product id, so the order is stable). */
export function rankMatches<C extends MatchCandidate>(demand: Parameters<typeof matchRank>[0], candidates: readonly C[]): C[] {
  return candidates
    .map((c) => ({ c, rank: matchRank(demand, c) }))
    .filter((x): x is { c: C; rank: number } => x.rank !== null)
    .sort((a, b) => b.rank - a.rank || a.c.productId.localeCompare(b.c.productId))
    .map((x) => x.c);
}
