/**
 * The facts of the trade records an audit row names (trade-notices.policy.ts says who hears what),
 * and the exhibitors to remind the day before their event. Reads the trade tables only.
 */
import { eq, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { areas, producers, products } from '../registry/registry.tables';
import { users } from '../identity/identity.tables';
import { notifications } from '../certification/certification.tables';
import {
  buyerOrgs, tradeAgreements, tradeDemands, tradeEventRegistrations, tradeEvents, tradeMessages, tradeOffers,
} from '../trade/trade.tables';
import type { AuditEvent } from './notices.policy';
import type {
  AgreementFacts, BuyerOrgFacts, DemandFacts, EventFacts, MessageFacts, OfferFacts, RegistrationFacts, TradeFacts,
} from './trade-notices.policy';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function buyerOrgFacts(ctx: Ctx, id: string): Promise<BuyerOrgFacts | null> {
  const [o] = await exec(ctx).select({ id: buyerOrgs.id, name: buyerOrgs.name, provinceCode: buyerOrgs.provinceCode, reviewNote: buyerOrgs.reviewNote })
    .from(buyerOrgs).where(eq(buyerOrgs.id, id));
  return o ? { type: 'buyer_org', ...o } : null;
}

async function demandFacts(ctx: Ctx, id: string): Promise<DemandFacts | null> {
  const [d] = await exec(ctx).select({
    id: tradeDemands.id, title: tradeDemands.title, buyerName: buyerOrgs.name, quantity: tradeDemands.quantity, unit: tradeDemands.unit, deadline: tradeDemands.deadline,
  }).from(tradeDemands).innerJoin(buyerOrgs, eq(buyerOrgs.id, tradeDemands.buyerOrgId)).where(eq(tradeDemands.id, id));
  return d ? { type: 'trade_demand', ...d } : null;
}

async function offerFacts(ctx: Ctx, id: string): Promise<OfferFacts | null> {
  const [o] = await exec(ctx).select({
    id: tradeOffers.id, demandId: tradeOffers.demandId, demandTitle: tradeDemands.title, buyerOrgId: tradeDemands.buyerOrgId,
    producerId: tradeOffers.producerId, producerName: producers.name, productName: products.name, decisionNote: tradeOffers.decisionNote,
  }).from(tradeOffers)
    .innerJoin(tradeDemands, eq(tradeDemands.id, tradeOffers.demandId))
    .innerJoin(producers, eq(producers.id, tradeOffers.producerId))
    .innerJoin(products, eq(products.id, tradeOffers.productId))
    .where(eq(tradeOffers.id, id));
  return o ? { type: 'trade_offer', ...o } : null;
}

async function messageFacts(ctx: Ctx, id: string): Promise<MessageFacts | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const [m] = await exec(ctx).select({
    demandId: tradeMessages.demandId, demandTitle: tradeDemands.title, buyerOrgId: tradeDemands.buyerOrgId, buyerName: buyerOrgs.name,
    producerId: tradeMessages.producerId, producerName: producers.name, side: tradeMessages.side, body: tradeMessages.body,
  }).from(tradeMessages)
    .innerJoin(tradeDemands, eq(tradeDemands.id, tradeMessages.demandId))
    .innerJoin(buyerOrgs, eq(buyerOrgs.id, tradeDemands.buyerOrgId))
    .innerJoin(producers, eq(producers.id, tradeMessages.producerId))
    .where(eq(tradeMessages.id, Number(id)));
  return m ? { type: 'trade_message', ...m } : null;
}

async function agreementFacts(ctx: Ctx, id: string): Promise<AgreementFacts | null> {
  const [a] = await exec(ctx).select({
    code: tradeAgreements.code, producerId: tradeAgreements.producerId, producerName: producers.name, buyerOrgId: tradeAgreements.buyerOrgId,
    buyerName: sql<string>`coalesce(${buyerOrgs.name}, ${tradeAgreements.buyerName})`, value: tradeAgreements.value, cancelReason: tradeAgreements.cancelReason,
  }).from(tradeAgreements)
    .innerJoin(producers, eq(producers.id, tradeAgreements.producerId))
    .leftJoin(buyerOrgs, eq(buyerOrgs.id, tradeAgreements.buyerOrgId))
    .where(eq(tradeAgreements.id, id));
  return a ? { type: 'trade_agreement', ...a } : null;
}

const venue = sql<string>`case when ${tradeEvents.venueName} <> '' then ${tradeEvents.venueName} || ', ' || ${tradeEvents.venueAddress} else ${tradeEvents.venueAddress} end`;

async function eventFacts(ctx: Ctx, id: string): Promise<EventFacts | null> {
  const [e] = await exec(ctx).select({
    id: tradeEvents.id, title: tradeEvents.title, startsOn: tradeEvents.startsOn, endsOn: tradeEvents.endsOn, venue,
    provinceCode: tradeEvents.provinceCode, provinceName: areas.name, ownerProvinceCode: tradeEvents.ownerProvinceCode,
  }).from(tradeEvents).innerJoin(areas, eq(areas.code, tradeEvents.provinceCode)).where(eq(tradeEvents.id, id));
  return e ? { type: 'trade_event', ...e } : null;
}

const registrationColumns = {
  id: tradeEventRegistrations.id, eventId: tradeEventRegistrations.eventId, eventTitle: tradeEvents.title, startsOn: tradeEvents.startsOn, venue,
  producerId: tradeEventRegistrations.producerId, booth: tradeEventRegistrations.booth, decisionNote: tradeEventRegistrations.decisionNote,
};

async function registrationFacts(ctx: Ctx, id: string): Promise<RegistrationFacts | null> {
  const [r] = await exec(ctx).select(registrationColumns).from(tradeEventRegistrations)
    .innerJoin(tradeEvents, eq(tradeEvents.id, tradeEventRegistrations.eventId)).where(eq(tradeEventRegistrations.id, id));
  return r ? { type: 'trade_event_registration', ...r } : null;
}

/** The facts of the trade record an audit row names; null when it is not a trade record (or is gone). */
export async function tradeFacts(ctx: Ctx, e: AuditEvent): Promise<TradeFacts | null> {
  if (e.entityType === 'trade_message') return messageFacts(ctx, e.entityId);
  if (!UUID.test(e.entityId)) return null;
  switch (e.entityType) {
    case 'buyer_org': return buyerOrgFacts(ctx, e.entityId);
    case 'trade_demand': return demandFacts(ctx, e.entityId);
    case 'trade_offer': return offerFacts(ctx, e.entityId);
    case 'trade_agreement': return agreementFacts(ctx, e.entityId);
    case 'trade_event': return eventFacts(ctx, e.entityId);
    case 'trade_event_registration': return registrationFacts(ctx, e.entityId);
    default: return null;
  }
}

export type DueReminder = Omit<RegistrationFacts, 'type' | 'decisionNote'>;

/**
 * Approved exhibitors of published events that start on `day`, not yet reminded: no user of the
 * producer holds the registration's reminder (dedupe key `event_reminder:<registration id>`), and
 * the producer has an active account to tell.
 */
export async function dueReminders(ctx: Ctx, day: string): Promise<DueReminder[]> {
  return rows<DueReminder>(exec(ctx), sql`
    select r.id, r.event_id as "eventId", e.title as "eventTitle", e.starts_on::text as "startsOn",
      case when e.venue_name <> '' then e.venue_name || ', ' || e.venue_address else e.venue_address end as venue,
      r.producer_id as "producerId", r.booth
    from ${tradeEventRegistrations} r
    join ${tradeEvents} e on e.id = r.event_id
    where e.starts_on = ${day}::date and e.status = 'published' and r.status = 'approved'
      and exists (select 1 from ${users} u where u.producer_id = r.producer_id and u.role = 'producer' and not u.disabled)
      and not exists (
        select 1 from ${users} u join ${notifications} n on n.user_id = u.id and n.dedupe_key = 'event_reminder:' || r.id::text
        where u.producer_id = r.producer_id
      )
    order by r.id`);
}
