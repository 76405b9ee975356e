/**
 * Which trade connection and event step becomes which notice, for whom (pure; decisions/039).
 * The audit rows are the contract the trade services write (buyer_org.*, trade_demand.create,
 * trade_offer.*, trade_message.create, trade_agreement.*, trade_event.publish,
 * trade_event_registration.*); the facts are what the dispatcher reads of the record each names.
 */
import { formatDateVi } from '../../domain/dates';
import type { Audience, AuditEvent, Notice, NoticeKind, NoticeParams } from './notices.policy';

/** Kinds a producer receives from trade connection and events. */
export const TRADE_PRODUCER_KINDS = [
  'trade_demand_matched', 'trade_offer_accepted', 'trade_offer_declined', 'trade_message', 'trade_agreement',
  'trade_event_published', 'event_registration_approved', 'event_registration_rejected', 'event_booth_allocated', 'event_reminder',
] as const;
/** Kinds a buyer organisation's member (role buyer) receives. */
export const BUYER_KINDS = ['buyer_org_verified', 'buyer_org_rejected', 'trade_offer_received', 'trade_message', 'trade_agreement'] as const;
/** Kinds officers receive from trade connection. */
export const TRADE_OFFICER_KINDS = ['buyer_org_registered'] as const;

export const TRADE_ACTIONS = [
  'buyer_org.register', 'buyer_org.verify', 'buyer_org.reject',
  'trade_demand.create',
  'trade_offer.create', 'trade_offer.accept', 'trade_offer.decline',
  'trade_message.create',
  'trade_agreement.create', 'trade_agreement.sign', 'trade_agreement.start_delivery', 'trade_agreement.complete', 'trade_agreement.cancel',
  'trade_event.publish',
  'trade_event_registration.approve', 'trade_event_registration.reject', 'trade_event_registration.booth',
] as const;

export interface BuyerOrgFacts { type: 'buyer_org'; id: string; name: string; provinceCode: string; reviewNote: string | null }
export interface DemandFacts { type: 'trade_demand'; id: string; title: string; buyerName: string; quantity: number; unit: string; deadline: string }
export interface OfferFacts {
  type: 'trade_offer'; id: string; demandId: string; demandTitle: string; buyerOrgId: string;
  producerId: string; producerName: string; productName: string; decisionNote: string | null;
}
export interface MessageFacts {
  type: 'trade_message'; demandId: string; demandTitle: string; buyerOrgId: string; buyerName: string;
  producerId: string; producerName: string; side: 'buyer' | 'producer'; body: string;
}
export interface AgreementFacts {
  type: 'trade_agreement'; code: string; producerId: string; producerName: string; buyerOrgId: string | null; buyerName: string;
  value: number; cancelReason: string | null;
}
export interface EventFacts {
  type: 'trade_event'; id: string; title: string; startsOn: string; endsOn: string; venue: string;
  provinceCode: string; provinceName: string; ownerProvinceCode: string | null;
}
export interface RegistrationFacts {
  type: 'trade_event_registration'; id: string; eventId: string; eventTitle: string; startsOn: string; venue: string;
  producerId: string; booth: string | null; decisionNote: string | null;
}
export type TradeFacts = BuyerOrgFacts | DemandFacts | OfferFacts | MessageFacts | AgreementFacts | EventFacts | RegistrationFacts;

/** The pages the notices link to (fixed addresses of issue 16). */
export const TRADE_LINKS = {
  buyerOrgs: '/admin/ket-noi/doanh-nghiep',
  buyerDemands: '/tai-khoan/nhu-cau',
  buyerDemand: (id: string) => `/tai-khoan/nhu-cau/${id}`,
  officeDemand: (id: string) => `/admin/ket-noi/nhu-cau/${id}`,
  officeAgreements: '/admin/ket-noi/hop-dong',
  buyerAgreements: '/tai-khoan/hop-dong',
  event: (id: string) => `/su-kien/${id}`,
  officeEvent: (id: string) => `/admin/su-kien/${id}`,
} as const;

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
/** A message's opening words, for the notice (the thread shows it whole). */
export const excerpt = (s: string, max = 140): string => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1).trimEnd()}…`;
};
const dong = (n: number) => `${n.toLocaleString('vi-VN')} ₫`;
const AGREEMENT_STEPS = ['create', 'sign', 'start_delivery', 'complete', 'cancel'] as const;

/** The notices one trade audit event gives, given the facts of the record it names. */
export function tradeNotices(event: AuditEvent, f: TradeFacts): Notice[] {
  const after = (event.after ?? {}) as Record<string, unknown>;
  const one = (kind: NoticeKind, audience: Audience, params: NoticeParams, link: string, variant: string | null = null): Notice =>
    ({ kind, variant, audience, params, link });
  switch (f.type) {
    case 'buyer_org': {
      const params = { org: f.name };
      const members: Audience = { to: 'buyer_org', orgId: f.id };
      if (event.action === 'buyer_org.register') return [one('buyer_org_registered', { to: 'province_office', provinceCode: f.provinceCode }, params, TRADE_LINKS.buyerOrgs)];
      if (event.action === 'buyer_org.verify') return [one('buyer_org_verified', members, params, TRADE_LINKS.buyerDemands)];
      if (event.action === 'buyer_org.reject') {
        return [one('buyer_org_rejected', members, { ...params, reason: text(after.reason) ?? f.reviewNote ?? '—' }, TRADE_LINKS.buyerDemands)];
      }
      return [];
    }
    case 'trade_demand':
      if (event.action !== 'trade_demand.create') return [];
      return [one('trade_demand_matched', { to: 'demand_matches', demandId: f.id },
        { title: f.title, buyer: f.buyerName, quantity: f.quantity, unit: f.unit, deadline: formatDateVi(f.deadline) }, TRADE_LINKS.officeDemand(f.id))];
    case 'trade_offer': {
      const params = { title: f.demandTitle, producer: f.producerName, product: f.productName };
      const producer: Audience = { to: 'producer', producerId: f.producerId };
      if (event.action === 'trade_offer.create') return [one('trade_offer_received', { to: 'buyer_org', orgId: f.buyerOrgId }, params, TRADE_LINKS.buyerDemand(f.demandId))];
      if (event.action === 'trade_offer.accept') return [one('trade_offer_accepted', producer, params, TRADE_LINKS.officeDemand(f.demandId))];
      if (event.action === 'trade_offer.decline') {
        return [one('trade_offer_declined', producer, { ...params, reason: text(after.reason) ?? f.decisionNote ?? '—' }, TRADE_LINKS.officeDemand(f.demandId))];
      }
      return [];
    }
    case 'trade_message': {
      if (event.action !== 'trade_message.create') return [];
      const params = { title: f.demandTitle, body: excerpt(f.body) };
      return f.side === 'buyer'
        ? [one('trade_message', { to: 'producer', producerId: f.producerId }, { ...params, from: f.buyerName }, TRADE_LINKS.officeDemand(f.demandId))]
        : [one('trade_message', { to: 'buyer_org', orgId: f.buyerOrgId }, { ...params, from: f.producerName }, TRADE_LINKS.buyerDemand(f.demandId))];
    }
    case 'trade_agreement': {
      const step = event.action.slice('trade_agreement.'.length);
      if (!(AGREEMENT_STEPS as readonly string[]).includes(step)) return [];
      const params = { code: f.code, producer: f.producerName, buyer: f.buyerName, value: dong(f.value), reason: text(after.reason) ?? text(after.comment) ?? f.cancelReason ?? '—' };
      const variant = step === 'create' ? 'created' : step;
      const out = [one('trade_agreement', { to: 'producer', producerId: f.producerId }, params, TRADE_LINKS.officeAgreements, variant)];
      if (f.buyerOrgId) out.push(one('trade_agreement', { to: 'buyer_org', orgId: f.buyerOrgId }, params, TRADE_LINKS.buyerAgreements, variant));
      return out;
    }
    case 'trade_event': {
      if (event.action !== 'trade_event.publish') return [];
      const national = f.ownerProvinceCode === null;
      const audience: Audience = national ? { to: 'all_producers' } : { to: 'producers_in_province', provinceCode: f.ownerProvinceCode! };
      return [one('trade_event_published', audience, eventParams(f), TRADE_LINKS.event(f.id), national ? 'national' : null)];
    }
    case 'trade_event_registration': {
      const producer: Audience = { to: 'producer', producerId: f.producerId };
      const params = { event: f.eventTitle, date: formatDateVi(f.startsOn), venue: f.venue };
      const link = TRADE_LINKS.officeEvent(f.eventId);
      if (event.action === 'trade_event_registration.approve') return [one('event_registration_approved', producer, params, link)];
      if (event.action === 'trade_event_registration.reject') {
        return [one('event_registration_rejected', producer, { ...params, reason: text(after.reason) ?? f.decisionNote ?? '—' }, link)];
      }
      if (event.action === 'trade_event_registration.booth') {
        const booth = text(after.booth) ?? f.booth;
        return booth ? [one('event_booth_allocated', producer, { ...params, booth }, link)] : [];
      }
      return [];
    }
  }
}

const eventParams = (f: EventFacts): NoticeParams => ({
  event: f.title, from: formatDateVi(f.startsOn), to: formatDateVi(f.endsOn), venue: f.venue, province: f.provinceName,
});

/** The reminder an approved exhibitor gets the day before the event starts (the minute job's pass). */
export function reminderNotice(r: Pick<RegistrationFacts, 'eventId' | 'eventTitle' | 'startsOn' | 'venue' | 'producerId' | 'booth'>): Notice {
  return {
    kind: 'event_reminder', variant: r.booth ? null : 'no_booth', audience: { to: 'producer', producerId: r.producerId },
    params: { event: r.eventTitle, date: formatDateVi(r.startsOn), venue: r.venue, booth: r.booth ?? '' }, link: TRADE_LINKS.event(r.eventId),
  };
}
