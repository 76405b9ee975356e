/**
 * Who may do what in trade connection. Deny unless a rule below allows; anything out of reach
 * answers 404, so its existence does not leak:
 * - anyone may sign a buyer organisation up; officers verify it — national administrators any,
 *   province officers those of their province;
 * - a member (role buyer) acts for their organisation only: posts demands once it is verified,
 *   reads its demands, every offer on them, its threads and agreements;
 * - a producer sees the demands it was matched to or that its certified products fit, offers
 *   on them, reads its own offers and its own thread of a demand — never a competitor's;
 * - officers read the demands delivered to, and the organisations of, their province (national:
 *   all), and offers and agreements of producers they keep (registry's rule); they may offer, sign
 *   and record on a producer's behalf as they keep its registry record.
 */
import type { Actor } from '../../context';
import { can, type Located } from '../registry/registry.policy';

export const TRADE_BUYERS = ['buyer'] as const;
export const TRADE_OFFICERS = ['national_admin', 'province_officer', 'commune_officer'] as const;
/** Roles that reach the trade pages and API of the back office. */
export const TRADE_STAFF = ['national_admin', 'province_officer', 'commune_officer', 'producer'] as const;
/** Everyone signed in who takes part in trade connection. */
export const TRADE_PARTIES = ['national_admin', 'province_officer', 'commune_officer', 'producer', 'buyer'] as const;

const isOfficer = (a: Actor) => (TRADE_OFFICERS as readonly string[]).includes(a.role);

/** May the officer verify or reject a buyer organisation of that province? */
export const canReviewBuyerOrg = (actor: Actor, org: { provinceCode: string }): boolean =>
  actor.role === 'national_admin' || (actor.role === 'province_officer' && actor.areaCode === org.provinceCode);

/** The province whose organisations (and demands) an officer lists; null: all; undefined: none. */
export function officerProvince(actor: Actor): string | null | undefined {
  if (actor.role === 'national_admin') return null;
  if (actor.role === 'province_officer' || actor.role === 'commune_officer') return actor.provinceCode ?? undefined;
  return undefined;
}

/** An officer reads an organisation of their province (national: any). */
export const canReadBuyerOrg = (actor: Actor, org: { provinceCode: string }, memberOf: string | null, orgId: string): boolean =>
  memberOf === orgId || (isOfficer(actor) && (officerProvince(actor) === null || officerProvince(actor) === org.provinceCode));

export interface DemandFacts {
  buyerOrgId: string; buyerProvinceCode: string; deliveryProvinceCode: string;
  /** Whether the reading producer was matched to it or has a certified product that fits it now. */
  fitsProducer: boolean;
}

/** May the actor read the demand (`memberOf`: the organisation the actor acts for, if any)? */
export function canReadDemand(actor: Actor, d: DemandFacts, memberOf: string | null): boolean {
  if (actor.role === 'buyer') return memberOf === d.buyerOrgId;
  if (actor.role === 'producer') return actor.producerId !== null && d.fitsProducer;
  const p = officerProvince(actor);
  return p === null || (p !== undefined && (p === d.deliveryProvinceCode || p === d.buyerProvinceCode));
}

/** The producer an actor offers or writes for: a producer itself, or an officer keeping the one named. */
export const canActForProducer = (actor: Actor, producer: Located): boolean =>
  (actor.role === 'producer' || actor.role === 'national_admin' || actor.role === 'province_officer' || actor.role === 'commune_officer')
  && can(actor, 'write', producer);

/**
 * May the actor read an offer? The demand's buyer reads every offer on it; the offering producer
 * (and its officers) their own; a competitor never.
 */
export function canReadOffer(actor: Actor, offer: { buyerOrgId: string; producer: Located }, memberOf: string | null): boolean {
  if (actor.role === 'buyer') return memberOf === offer.buyerOrgId;
  return can(actor, 'read', offer.producer) && actor.role !== 'council_member' && actor.role !== 'inspector';
}

/**
 * A demand's thread with one producer: its buyer, that producer (and the officers who keep it).
 * Another buyer or another producer never reads it.
 */
export const canUseThread = (actor: Actor, thread: { buyerOrgId: string; producer: Located }, memberOf: string | null): boolean =>
  actor.role === 'buyer' ? memberOf === thread.buyerOrgId : canActForProducer(actor, thread.producer);

/** Which side of an agreement the actor stands on, or null (out of reach). */
export function agreementSide(actor: Actor, a: { buyerOrgId: string | null; producer: Located }, memberOf: string | null): 'buyer' | 'producer' | 'officer' | null {
  if (actor.role === 'buyer') return a.buyerOrgId !== null && memberOf === a.buyerOrgId ? 'buyer' : null;
  if (actor.role === 'producer') return can(actor, 'write', a.producer) ? 'producer' : null;
  if (isOfficer(actor) && can(actor, actor.role === 'commune_officer' ? 'read' : 'write', a.producer)) return 'officer';
  return null;
}
