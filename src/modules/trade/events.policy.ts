/**
 * Who may do what with trade events (fairs, product weeks, exhibitions, trade conferences, OCOP
 * corners). Deny unless a rule below allows; anything out of reach answers 404:
 * - managing an event (create, edit, publish, cancel, decide registrations, allocate booths):
 *   national administrators any event; province officers the events their province's office runs
 *   (`ownerProvinceCode`), created in their province;
 * - reading an event in the back office (with its registrations and report): its managers;
 *   province officers also the events held in their province; commune officers, read only, the
 *   events run by or held in their province;
 * - producers see published events (any province: producers go to other provinces' and national
 *   fairs) and register with their own products; officers register on a producer's behalf as they
 *   keep its registry record (national administrators any, province officers their province,
 *   commune officers their commune);
 * - a registration is read by its producer (and the officers who keep that producer) and by the
 *   event's readers; another producer never reads it;
 * - the public sees published events only.
 */
import type { Actor } from '../../context';
import { ALL, NONE, anyOf, where, type RowScope } from '../../core/scope';
import { can, type Located } from '../registry/registry.policy';
import type { EventStatus } from '../../domain/trade';

/** Roles that create and run events (in their own area). */
export const EVENT_MANAGERS = ['national_admin', 'province_officer'] as const;
/** Roles that open the events' back office (officers read, producers register). */
export const EVENT_STAFF = ['national_admin', 'province_officer', 'commune_officer', 'producer'] as const;
/** Roles that read an event's registrations and report. */
export const EVENT_OFFICERS = ['national_admin', 'province_officer', 'commune_officer'] as const;

export interface EventFacts { ownerProvinceCode: string | null; provinceCode: string; status: EventStatus }

/** May the actor create, edit, publish or cancel the event and decide its registrations? */
export function canManageEvent(actor: Actor, e: Pick<EventFacts, 'ownerProvinceCode'>): boolean {
  if (actor.role === 'national_admin') return true;
  return actor.role === 'province_officer' && actor.areaCode !== null && actor.areaCode === e.ownerProvinceCode;
}

/** May an officer read the event in the back office (drafts included)? */
export function canReadEventAsOfficer(actor: Actor, e: EventFacts): boolean {
  if (canManageEvent(actor, e)) return true;
  if (actor.role !== 'province_officer' && actor.role !== 'commune_officer') return false;
  const p = actor.provinceCode;
  return p !== null && (p === e.ownerProvinceCode || p === e.provinceCode);
}

/** May the actor see the event in the back office at all (officers as above; producers once published)? */
export function canSeeEvent(actor: Actor, e: EventFacts): boolean {
  if (canReadEventAsOfficer(actor, e)) return true;
  return actor.role === 'producer' && e.status !== 'draft';
}

/** The public sees published events only. */
export const isPublic = (e: Pick<EventFacts, 'status'>): boolean => e.status === 'published';

/** The province an officer creates events for: null for the national office. */
export function ownerProvinceFor(actor: Actor): string | null | undefined {
  if (actor.role === 'national_admin') return null;
  if (actor.role === 'province_officer' && actor.areaCode) return actor.areaCode;
  return undefined;
}

/** A venue's commune the actor may choose: national administrators any, province officers their province's. */
export const canHoldIn = (actor: Actor, provinceCode: string): boolean =>
  actor.role === 'national_admin' || (actor.role === 'province_officer' && actor.areaCode === provinceCode);

/**
 * The events of the back office's list, on the logical columns 'owner' (ownerProvinceCode),
 * 'province' (the venue's) and 'status'.
 */
export function eventRowScope(actor: Actor): RowScope {
  switch (actor.role) {
    case 'national_admin':
      return ALL;
    case 'province_officer':
    case 'commune_officer':
      return actor.provinceCode ? anyOf(where('owner', actor.provinceCode), where('province', actor.provinceCode)) : NONE;
    case 'producer':
      return anyOf(where('status', 'published'), where('status', 'cancelled'));
    default:
      return NONE;
  }
}

/** May the actor register (or withdraw, or report results) for this producer? Producers themselves, and officers keeping its record. */
export const canActForProducer = (actor: Actor, producer: Located): boolean =>
  (actor.role === 'producer' || actor.role === 'national_admin' || actor.role === 'province_officer' || actor.role === 'commune_officer')
  && can(actor, 'write', producer);

/** May the actor read a registration: its producer's side, or the event's officers? */
export const canReadRegistration = (actor: Actor, event: EventFacts, producer: Located): boolean =>
  canActForProducer(actor, producer) || canReadEventAsOfficer(actor, event);

/** The producer a producer account acts for (officers name one). */
export const ownProducer = (actor: Actor): string | null => (actor.role === 'producer' ? actor.producerId : null);
