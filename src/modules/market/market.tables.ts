/**
 * The OCOP marketplace (sàn thương mại điện tử): producers' shops, their listings and sale
 * variants, orders (one per shop of a checkout) with their lines and history, payment
 * notifications from banks, answers kept under idempotency keys, and reviews (docs/decisions/036).
 * Money is whole đồng in `bigint` columns read as JavaScript numbers (≤ 10^12, domain/market.ts).
 */
import { sql } from 'drizzle-orm';
import {
  pgTable, text, integer, bigint, boolean, timestamp, uuid, index, uniqueIndex, jsonb, check,
} from 'drizzle-orm/pg-core';
import { areas, producers, products } from '../registry/registry.tables';
import { users } from '../identity/identity.tables';
import { ORDER_STATUSES, PAYMENT_METHODS } from '../../domain/order';

const dong = (name: string) => bigint(name, { mode: 'number' });

export const SHOP_STATUSES = ['open', 'paused'] as const;
export const LISTING_STATUSES = ['active', 'hidden'] as const;

/** A producer's shop: one per producer, with the bank account that receives its buyers' transfers. */
export const shops = pgTable('shops', {
  id: uuid('id').primaryKey().defaultRandom(),
  producerId: uuid('producer_id').notNull().references(() => producers.id),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  status: text('status', { enum: SHOP_STATUSES }).notNull().default('open'),
  phone: text('phone').notNull(),
  email: text('email'),
  pickupCommuneCode: text('pickup_commune_code').notNull().references(() => areas.code),
  pickupProvinceCode: text('pickup_province_code').notNull().references(() => areas.code),
  pickupStreet: text('pickup_street').notNull(),
  /** NAPAS BIN of the receiving bank (6 digits), its account number and holder as the bank has it. */
  bankBin: text('bank_bin').notNull(),
  bankAccount: text('bank_account').notNull(),
  bankHolder: text('bank_holder').notNull(),
  shipInProvince: dong('ship_in_province').notNull(),
  shipOtherProvinces: dong('ship_other_provinces').notNull(),
  shipFreeFrom: dong('ship_free_from'),
  /** Days after delivery within which a buyer may ask to return an order (0: no returns). */
  returnDays: integer('return_days').notNull().default(7),
  returnPolicy: text('return_policy').notNull().default(''),
  /** Hours a bank-transfer order waits for its payment before it expires and frees its stock. */
  payWithinHours: integer('pay_within_hours').notNull().default(24),
  /**
   * SHA-256 of the key the shop's bank-notification service sends with each transfer it posts
   * (null: none set up; the shop marks transfers received by hand).
   */
  notifyKeyHash: text('notify_key_hash'),
  /**
   * The secret a signing notification service (Casso's webhook v2) shares with the shop to sign
   * each post with HMAC; kept as given, since checking a signature needs the secret itself
   * (null: none set up).
   */
  notifySecret: text('notify_secret'),
  isSample: boolean('is_sample').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('shops_producer_uq').on(t.producerId),
  index('shops_province_idx').on(t.pickupProvinceCode),
  check('shops_money_ck', sql`${t.shipInProvince} >= 0 and ${t.shipOtherProvinces} >= 0 and (${t.shipFreeFrom} is null or ${t.shipFreeFrom} >= 0)`),
  check('shops_days_ck', sql`${t.returnDays} between 0 and 90 and ${t.payWithinHours} between 1 and 168`),
]);

/** A product of the shop's producer offered for sale; on the floor only while its certificate is valid. */
export const listings = pgTable('listings', {
  id: uuid('id').primaryKey().defaultRandom(),
  shopId: uuid('shop_id').notNull().references(() => shops.id),
  productId: uuid('product_id').notNull().references(() => products.id),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  status: text('status', { enum: LISTING_STATUSES }).notNull().default('active'),
  isSample: boolean('is_sample').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('listings_product_uq').on(t.productId),
  index('listings_shop_idx').on(t.shopId),
]);

/** What is sold: a pack size or weight at a price, with its stock. */
export const listingVariants = pgTable('listing_variants', {
  id: uuid('id').primaryKey().defaultRandom(),
  listingId: uuid('listing_id').notNull().references(() => listings.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  price: dong('price').notNull(),
  stock: integer('stock').notNull(),
  sku: text('sku'),
  gtin: text('gtin'),
  position: integer('position').notNull().default(0),
  active: boolean('active').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('listing_variants_listing_idx').on(t.listingId, t.position),
  check('listing_variants_ck', sql`${t.price} > 0 and ${t.stock} >= 0`),
]);

/**
 * Stock set aside by a checkout between taking it and writing its orders (docs/decisions/036):
 * taken in one statement with the stock itself, removed by the transaction that writes the orders,
 * or given back when that fails — or, should the process die in between, by the market's sweep.
 */
export const stockHolds = pgTable('stock_holds', {
  checkoutId: uuid('checkout_id').notNull(),
  variantId: uuid('variant_id').notNull().references(() => listingVariants.id, { onDelete: 'cascade' }),
  quantity: integer('quantity').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('stock_holds_pk').on(t.checkoutId, t.variantId),
  index('stock_holds_created_idx').on(t.createdAt),
  check('stock_holds_quantity_ck', sql`${t.quantity} > 0`),
]);

/** One order: one shop's part of a checkout, its prices and fee frozen. */
export const orders = pgTable('orders', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull(),
  checkoutId: uuid('checkout_id').notNull(),
  shopId: uuid('shop_id').notNull().references(() => shops.id),
  buyerUserId: uuid('buyer_user_id').references(() => users.id),
  buyerName: text('buyer_name').notNull(),
  buyerPhone: text('buyer_phone').notNull(),
  buyerEmail: text('buyer_email'),
  communeCode: text('commune_code').notNull().references(() => areas.code),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  street: text('street').notNull(),
  note: text('note').notNull().default(''),
  status: text('status', { enum: ORDER_STATUSES }).notNull().default('placed'),
  paymentMethod: text('payment_method', { enum: PAYMENT_METHODS }).notNull(),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  /** Who recorded the payment: the shop by hand, a bank notification, or the courier's cash (delivery). */
  paidVia: text('paid_via', { enum: ['shop', 'bank_notification', 'cash_on_delivery'] }),
  /** The bank's own reference of the transfer (from its notification). */
  paymentReference: text('payment_reference'),
  subtotal: dong('subtotal').notNull(),
  shippingFee: dong('shipping_fee').notNull(),
  total: dong('total').notNull(),
  /** The receiving account, frozen: a shop changing banks later does not change what a buyer was shown. */
  bankBin: text('bank_bin').notNull(),
  bankAccount: text('bank_account').notNull(),
  bankHolder: text('bank_holder').notNull(),
  payBy: timestamp('pay_by', { withTimezone: true }),
  carrier: text('carrier'),
  trackingNumber: text('tracking_number'),
  reason: text('reason'),
  placedAt: timestamp('placed_at', { withTimezone: true }).notNull().defaultNow(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  isSample: boolean('is_sample').notNull().default(false),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('orders_code_uq').on(t.code),
  index('orders_shop_idx').on(t.shopId, t.placedAt),
  index('orders_checkout_idx').on(t.checkoutId),
  index('orders_buyer_idx').on(t.buyerUserId, t.placedAt),
  index('orders_province_idx').on(t.provinceCode, t.placedAt),
  index('orders_unpaid_idx').on(t.payBy).where(sql`${t.status} = 'placed' and ${t.paidAt} is null and ${t.payBy} is not null`),
  check('orders_money_ck', sql`${t.subtotal} >= 0 and ${t.shippingFee} >= 0 and ${t.total} = ${t.subtotal} + ${t.shippingFee}`),
]);

/** An order's lines: what was bought at what price (copied from the listing at checkout). */
export const orderItems = pgTable('order_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  orderId: uuid('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
  variantId: uuid('variant_id').notNull().references(() => listingVariants.id),
  listingId: uuid('listing_id').notNull().references(() => listings.id),
  productId: uuid('product_id').notNull().references(() => products.id),
  title: text('title').notNull(),
  variantName: text('variant_name').notNull(),
  certificateNumber: text('certificate_number'),
  stars: integer('stars'),
  unitPrice: dong('unit_price').notNull(),
  quantity: integer('quantity').notNull(),
  lineTotal: dong('line_total').notNull(),
}, (t) => [
  index('order_items_order_idx').on(t.orderId),
  index('order_items_listing_idx').on(t.listingId),
  check('order_items_ck', sql`${t.quantity} > 0 and ${t.unitPrice} > 0 and ${t.lineTotal} = ${t.unitPrice} * ${t.quantity}`),
]);

/** Every move of an order, who made it and why. */
export const orderEvents = pgTable('order_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  orderId: uuid('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  action: text('action').notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  side: text('side', { enum: ['buyer', 'shop', 'system'] }).notNull(),
  actorUserId: uuid('actor_user_id'),
  actorLabel: text('actor_label').notNull(),
  comment: text('comment'),
}, (t) => [index('order_events_order_idx').on(t.orderId, t.at)]);

/**
 * The first answer to a request sent with an Idempotency-Key (a checkout, a payment confirmed by
 * hand): a retry with the same key and body gets it again; the same key with another body is a 409.
 * `key` is namespaced by what it answers (`checkout:…`, `paid:<order>:…`).
 */
export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text('key').primaryKey(),
  requestHash: text('request_hash').notNull(),
  status: integer('status').notNull(),
  response: jsonb('response').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Transfer notifications received from banks' notification services, each kept once. */
export const paymentNotifications = pgTable('payment_notifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The service's own id of the transfer: a replay of the same notification is recognised by it. */
  externalId: text('external_id').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  amount: dong('amount').notNull(),
  memo: text('memo').notNull(),
  accountNumber: text('account_number'),
  orderId: uuid('order_id').references(() => orders.id),
  outcome: text('outcome', { enum: ['paid', 'already_paid', 'unknown_order', 'wrong_amount', 'wrong_account', 'not_payable'] }).notNull(),
  payload: jsonb('payload').notNull(),
}, (t) => [
  uniqueIndex('payment_notifications_external_uq').on(t.externalId),
  index('payment_notifications_order_idx').on(t.orderId),
]);

/** A buyer's review of a listing, from a completed order; the shop may reply, officers hide abuse. */
export const reviews = pgTable('reviews', {
  id: uuid('id').primaryKey().defaultRandom(),
  orderId: uuid('order_id').notNull().references(() => orders.id),
  listingId: uuid('listing_id').notNull().references(() => listings.id),
  stars: integer('stars').notNull(),
  text: text('text').notNull().default(''),
  photoKey: text('photo_key'),
  authorName: text('author_name').notNull(),
  reply: text('reply'),
  repliedAt: timestamp('replied_at', { withTimezone: true }),
  hiddenReason: text('hidden_reason'),
  hiddenBy: text('hidden_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('reviews_order_listing_uq').on(t.orderId, t.listingId),
  index('reviews_listing_idx').on(t.listingId, t.createdAt),
  check('reviews_stars_ck', sql`${t.stars} between 1 and 5`),
]);

/** An address a signed-in buyer keeps for checkout (a guest types it each time). */
export const buyerAddresses = pgTable('buyer_addresses', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  recipientName: text('recipient_name').notNull(),
  phone: text('phone').notNull(),
  communeCode: text('commune_code').notNull().references(() => areas.code),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  street: text('street').notNull(),
  isDefault: boolean('is_default').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('buyer_addresses_user_idx').on(t.userId, t.createdAt),
  uniqueIndex('buyer_addresses_default_uq').on(t.userId).where(sql`${t.isDefault}`),
]);
