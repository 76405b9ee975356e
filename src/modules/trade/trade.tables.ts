/**
 * Trade connection and events (issue 16, docs/decisions/037–038): buyer organisations and their
 * members, demands (RFQ) with the certified products matched to them, producers' offers with
 * their files, the question thread of a demand with each producer, trade agreements ("hợp đồng
 * tiêu thụ") with their items and history; events (fairs, product weeks, exhibitions, trade
 * conferences, OCOP corners) with registrations, the products brought, booths and the results
 * exhibitors report. Money is whole đồng in `bigint` columns read as JavaScript numbers.
 */
import { sql } from 'drizzle-orm';
import {
  pgTable, text, integer, bigint, boolean, timestamp, uuid, date, index, uniqueIndex, jsonb, check, primaryKey, doublePrecision, bigserial,
} from 'drizzle-orm/pg-core';
import { areas, producers, products } from '../registry/registry.tables';
import { users } from '../identity/identity.tables';
import {
  AGREEMENT_STATUSES, BUYER_ORG_KINDS, BUYER_ORG_STATUSES, DEMAND_STATUSES, OFFER_STATUSES, TRADE_EVENT_KINDS,
  EVENT_STATUSES, REGISTRATION_STATUSES,
} from '../../domain/trade';

const dong = (name: string) => bigint(name, { mode: 'number' });
const stamp = (name: string) => timestamp(name, { withTimezone: true });

/** A supermarket, distributor, exporter, hotel, restaurant or airport buying from producers. */
export const buyerOrgs = pgTable('buyer_orgs', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind', { enum: BUYER_ORG_KINDS }).notNull(),
  taxCode: text('tax_code').notNull(),
  communeCode: text('commune_code').notNull().references(() => areas.code),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  address: text('address').notNull(),
  contactName: text('contact_name').notNull(),
  phone: text('phone').notNull(),
  email: text('email').notNull(),
  website: text('website'),
  status: text('status', { enum: BUYER_ORG_STATUSES }).notNull().default('pending'),
  /** The officer's reason when rejected (shown to the organisation). */
  reviewNote: text('review_note'),
  reviewedBy: uuid('reviewed_by').references(() => users.id),
  reviewedAt: stamp('reviewed_at'),
  isSample: boolean('is_sample').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: stamp('created_at').notNull().defaultNow(),
  updatedAt: stamp('updated_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('buyer_orgs_tax_code_uq').on(t.taxCode),
  index('buyer_orgs_province_idx').on(t.provinceCode, t.status),
]);

/** The accounts (role buyer) that act for a buyer organisation; an account belongs to at most one. */
export const buyerOrgMembers = pgTable('buyer_org_members', {
  userId: uuid('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  orgId: uuid('org_id').notNull().references(() => buyerOrgs.id, { onDelete: 'cascade' }),
  createdAt: stamp('created_at').notNull().defaultNow(),
}, (t) => [index('buyer_org_members_org_idx').on(t.orgId)]);

/** A request for quotation: what a buyer organisation wants to buy, until its deadline. */
export const tradeDemands = pgTable('trade_demands', {
  id: uuid('id').primaryKey().defaultRandom(),
  buyerOrgId: uuid('buyer_org_id').notNull().references(() => buyerOrgs.id),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  /** The product set wanted (product_sets.code), or null for a free-text demand. */
  productSetCode: text('product_set_code'),
  minStars: integer('min_stars'),
  quantity: integer('quantity').notNull(),
  unit: text('unit').notNull(),
  packaging: text('packaging').notNull().default(''),
  deliveryProvinceCode: text('delivery_province_code').notNull().references(() => areas.code),
  neededBy: date('needed_by', { mode: 'string' }),
  /** Certifications wanted beside OCOP (VietGAP, HACCP, ISO 22000 …), as the buyer wrote them. */
  certifications: jsonb('certifications').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  deadline: date('deadline', { mode: 'string' }).notNull(),
  status: text('status', { enum: DEMAND_STATUSES }).notNull().default('open'),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  isSample: boolean('is_sample').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: stamp('created_at').notNull().defaultNow(),
  updatedAt: stamp('updated_at').notNull().defaultNow(),
}, (t) => [
  index('trade_demands_org_idx').on(t.buyerOrgId, t.createdAt),
  index('trade_demands_province_idx').on(t.deliveryProvinceCode, t.status),
  check('trade_demands_ck', sql`${t.quantity} > 0 and (${t.minStars} is null or ${t.minStars} between 3 and 5)`),
]);

/**
 * The certified products a demand matched when it was posted (best first): whose producers were
 * told, and who may see the demand and offer on it.
 */
export const tradeDemandMatches = pgTable('trade_demand_matches', {
  demandId: uuid('demand_id').notNull().references(() => tradeDemands.id, { onDelete: 'cascade' }),
  productId: uuid('product_id').notNull().references(() => products.id),
  producerId: uuid('producer_id').notNull().references(() => producers.id),
  rank: integer('rank').notNull(),
  createdAt: stamp('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.demandId, t.productId] }),
  index('trade_demand_matches_producer_idx').on(t.producerId, t.demandId),
]);

/** A producer's answer to a demand: one product, a price per unit, a quantity and a delivery date. */
export const tradeOffers = pgTable('trade_offers', {
  id: uuid('id').primaryKey().defaultRandom(),
  demandId: uuid('demand_id').notNull().references(() => tradeDemands.id),
  producerId: uuid('producer_id').notNull().references(() => producers.id),
  productId: uuid('product_id').notNull().references(() => products.id),
  unitPrice: dong('unit_price').notNull(),
  quantity: integer('quantity').notNull(),
  deliveryOn: date('delivery_on', { mode: 'string' }).notNull(),
  note: text('note').notNull().default(''),
  status: text('status', { enum: OFFER_STATUSES }).notNull().default('submitted'),
  /** The buyer's reason when declining (shown to the producer). */
  decisionNote: text('decision_note'),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  decidedAt: stamp('decided_at'),
  isSample: boolean('is_sample').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: stamp('created_at').notNull().defaultNow(),
  updatedAt: stamp('updated_at').notNull().defaultNow(),
}, (t) => [
  index('trade_offers_demand_idx').on(t.demandId, t.createdAt),
  index('trade_offers_producer_idx').on(t.producerId, t.createdAt),
  /** One live offer per producer and demand (a new one replaces a withdrawn or declined one). */
  uniqueIndex('trade_offers_live_uq').on(t.demandId, t.producerId).where(sql`status in ('submitted', 'accepted')`),
  check('trade_offers_ck', sql`${t.unitPrice} > 0 and ${t.quantity} > 0`),
]);

/** Files attached to an offer (price sheet, specification, certificates); kept in storage. */
export const tradeOfferFiles = pgTable('trade_offer_files', {
  id: uuid('id').primaryKey().defaultRandom(),
  offerId: uuid('offer_id').notNull().references(() => tradeOffers.id, { onDelete: 'cascade' }),
  storageKey: text('storage_key').notNull(),
  filename: text('filename').notNull(),
  mime: text('mime').notNull(),
  size: integer('size').notNull(),
  createdAt: stamp('created_at').notNull().defaultNow(),
}, (t) => [index('trade_offer_files_offer_idx').on(t.offerId)]);

/** The question thread of a demand between its buyer and one producer (private to the two). */
export const tradeMessages = pgTable('trade_messages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  demandId: uuid('demand_id').notNull().references(() => tradeDemands.id, { onDelete: 'cascade' }),
  producerId: uuid('producer_id').notNull().references(() => producers.id),
  side: text('side', { enum: ['buyer', 'producer'] }).notNull(),
  authorId: uuid('author_id').notNull().references(() => users.id),
  body: text('body').notNull(),
  createdAt: stamp('created_at').notNull().defaultNow(),
}, (t) => [index('trade_messages_thread_idx').on(t.demandId, t.producerId, t.id)]);

/**
 * A trade agreement ("hợp đồng tiêu thụ"): from an accepted offer, or recorded by an officer or an
 * exhibitor (signed at an event). The producer's province, the product set and stars are frozen
 * for the programme's figures.
 */
export const tradeAgreements = pgTable('trade_agreements', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull(),
  buyerOrgId: uuid('buyer_org_id').references(() => buyerOrgs.id),
  /** The buyer as named when it is not a registered organisation (an event's agreement). */
  buyerName: text('buyer_name').notNull(),
  producerId: uuid('producer_id').notNull().references(() => producers.id),
  demandId: uuid('demand_id').references(() => tradeDemands.id),
  offerId: uuid('offer_id').references(() => tradeOffers.id),
  eventId: uuid('event_id').references(() => tradeEvents.id),
  status: text('status', { enum: AGREEMENT_STATUSES }).notNull().default('negotiating'),
  value: dong('value').notNull(),
  startsOn: date('starts_on', { mode: 'string' }),
  endsOn: date('ends_on', { mode: 'string' }),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  productSetCode: text('product_set_code'),
  stars: integer('stars'),
  signedOn: date('signed_on', { mode: 'string' }),
  cancelReason: text('cancel_reason'),
  isSample: boolean('is_sample').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: stamp('created_at').notNull().defaultNow(),
  updatedAt: stamp('updated_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('trade_agreements_code_uq').on(t.code),
  uniqueIndex('trade_agreements_offer_uq').on(t.offerId),
  index('trade_agreements_province_idx').on(t.provinceCode, t.status),
  index('trade_agreements_producer_idx').on(t.producerId),
  index('trade_agreements_buyer_idx').on(t.buyerOrgId),
  index('trade_agreements_event_idx').on(t.eventId),
  check('trade_agreements_ck', sql`${t.value} >= 0`),
]);

/** What an agreement covers: products, quantities and prices. */
export const tradeAgreementItems = pgTable('trade_agreement_items', {
  agreementId: uuid('agreement_id').notNull().references(() => tradeAgreements.id, { onDelete: 'cascade' }),
  productId: uuid('product_id').notNull().references(() => products.id),
  quantity: integer('quantity').notNull(),
  unit: text('unit').notNull(),
  unitPrice: dong('unit_price').notNull(),
}, (t) => [
  primaryKey({ columns: [t.agreementId, t.productId] }),
  check('trade_agreement_items_ck', sql`${t.quantity} > 0 and ${t.unitPrice} >= 0`),
]);

/** An agreement's history: every transition, who and why. */
export const tradeAgreementEvents = pgTable('trade_agreement_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  agreementId: uuid('agreement_id').notNull().references(() => tradeAgreements.id, { onDelete: 'cascade' }),
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  action: text('action').notNull(),
  side: text('side').notNull(),
  actorId: uuid('actor_id').references(() => users.id),
  comment: text('comment'),
  at: stamp('at').notNull().defaultNow(),
}, (t) => [index('trade_agreement_events_idx').on(t.agreementId, t.id)]);

/** A fair, product week, exhibition, trade conference or OCOP corner, created by officers. */
export const tradeEvents = pgTable('trade_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: TRADE_EVENT_KINDS }).notNull(),
  title: text('title').notNull(),
  summary: text('summary').notNull().default(''),
  /** HTML of the safe subset, sanitised when stored (never rendered otherwise). */
  body: text('body').notNull().default(''),
  startsOn: date('starts_on', { mode: 'string' }).notNull(),
  endsOn: date('ends_on', { mode: 'string' }).notNull(),
  registrationClosesOn: date('registration_closes_on', { mode: 'string' }),
  venueName: text('venue_name').notNull().default(''),
  venueAddress: text('venue_address').notNull(),
  venueCommuneCode: text('venue_commune_code').notNull().references(() => areas.code),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  organiser: text('organiser').notNull(),
  /** The province whose office runs it (null: the national office); who may manage it. */
  ownerProvinceCode: text('owner_province_code').references(() => areas.code),
  boothQuota: integer('booth_quota'),
  /** Fee per booth in đồng (0: free), and what the programme supports (transport, booth, …). */
  boothFee: dong('booth_fee').notNull().default(0),
  support: text('support').notNull().default(''),
  /** A booth plan image kept in storage (optional). */
  boothPlanKey: text('booth_plan_key'),
  status: text('status', { enum: EVENT_STATUSES }).notNull().default('draft'),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  isSample: boolean('is_sample').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: stamp('created_at').notNull().defaultNow(),
  updatedAt: stamp('updated_at').notNull().defaultNow(),
}, (t) => [
  index('trade_events_dates_idx').on(t.startsOn, t.endsOn),
  index('trade_events_province_idx').on(t.provinceCode, t.startsOn),
  check('trade_events_ck', sql`${t.endsOn} >= ${t.startsOn} and (${t.boothQuota} is null or ${t.boothQuota} > 0) and ${t.boothFee} >= 0`),
]);

/** A producer's registration for an event; approved ones get a booth, unique within the event. */
export const tradeEventRegistrations = pgTable('trade_event_registrations', {
  id: uuid('id').primaryKey().defaultRandom(),
  eventId: uuid('event_id').notNull().references(() => tradeEvents.id, { onDelete: 'cascade' }),
  producerId: uuid('producer_id').notNull().references(() => producers.id),
  status: text('status', { enum: REGISTRATION_STATUSES }).notNull().default('pending'),
  /** The booth as kept (domain normaliseBooth), null until allocated. */
  booth: text('booth'),
  note: text('note').notNull().default(''),
  decisionNote: text('decision_note'),
  decidedBy: uuid('decided_by').references(() => users.id),
  decidedAt: stamp('decided_at'),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  version: integer('version').notNull().default(1),
  createdAt: stamp('created_at').notNull().defaultNow(),
  updatedAt: stamp('updated_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('trade_event_registrations_uq').on(t.eventId, t.producerId),
  uniqueIndex('trade_event_booth_uq').on(t.eventId, t.booth).where(sql`booth is not null`),
  index('trade_event_registrations_producer_idx').on(t.producerId),
]);

/** The products an exhibitor brings. */
export const tradeEventProducts = pgTable('trade_event_products', {
  registrationId: uuid('registration_id').notNull().references(() => tradeEventRegistrations.id, { onDelete: 'cascade' }),
  productId: uuid('product_id').notNull().references(() => products.id),
}, (t) => [primaryKey({ columns: [t.registrationId, t.productId] })]);

/** What an exhibitor sold at the event, reported after it (agreements signed there are trade_agreements). */
export const tradeEventResults = pgTable('trade_event_results', {
  registrationId: uuid('registration_id').primaryKey().references(() => tradeEventRegistrations.id, { onDelete: 'cascade' }),
  salesValue: dong('sales_value').notNull(),
  visitors: integer('visitors'),
  note: text('note').notNull().default(''),
  reportedBy: uuid('reported_by').notNull().references(() => users.id),
  reportedAt: stamp('reported_at').notNull().defaultNow(),
}, (t) => [check('trade_event_results_ck', sql`${t.salesValue} >= 0 and (${t.visitors} is null or ${t.visitors} >= 0)`)]);
