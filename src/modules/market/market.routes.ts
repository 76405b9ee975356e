/**
 * The marketplace API (api.md "Marketplace" is the minimum; docs/decisions/036): the public
 * floor, checkout and following an order; shops, listings and orders kept by producers (and by
 * officers on their behalf); bank-transfer notifications. The pages are in market.pages.tsx.
 */
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { FileDownload } from '../../files/spreadsheet';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { errorResponses, pageOf } from '../../web/api-schemas';
import { constantSecurityHeaders } from '../../web/security-headers';
import { SHOP_KEEPERS, SHOP_READERS } from './market.policy';
import {
  BankNotificationSchema, CassoNotificationSchema, CheckoutResultSchema, CheckoutSchema, ListingInputSchema, ListingPatchSchema, ListingQuerySchema, ListingSchema,
  NotifySecretSchema, OrderActionSchema, OrderSchema, ShopInputSchema, ShopOrdersQuerySchema, ShopPatchSchema, ShopSchema,
} from './market.schema';
import { checkout } from './checkout.service';
import { actAsBuyer, actAsShop, followOrder, listShopOrders, markPaidByShop, shopOrder } from './orders.service';
import { receiveBankNotification, receiveCassoNotification } from './payments.service';
import {
  createListing, getListingForShop, getShop, listShopListings, listShops, myShop, newNotifyKey, openShop, publicListing, searchFloor, setNotifySecret,
  updateListing, updateShop,
} from './shops.service';
import { BANKS } from './vietqr';
import { hideReview, listingReviews, replyToReview, reviewOrder, shopReviews } from './reviews.service';
import { salesFigures, shopSales, shopSalesXlsx } from './sales.service';
import { registerMarketPages } from './market-pages.routes';
import { portalCached } from '../portal/portal-http';
import { registerShopAdminPages } from './shop-admin.routes';
import { registerCartRoutes } from './cart.routes';

const tags = ['market'];

/** A spreadsheet, whole, private to the caller. */
function sendFile(reply: FastifyReply, file: FileDownload) {
  return reply.header('content-type', file.contentType).header('content-length', String(file.body.length))
    .header('content-disposition', `attachment; filename="${file.fileName}"`).header('cache-control', 'private, no-store').send(file.body);
}
const IdParams = z.object({ id: z.string().max(64) });
const CodeParams = z.object({ code: z.string().max(40) });
const PageQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) });
/** An Idempotency-Key: a retry with the same key and body gets the first answer. */
const IdemHeaders = z.object({ 'idempotency-key': z.string().min(8).max(100).regex(/^[\x21-\x7e]+$/, 'printable ASCII').optional() });
const BuyerActionSchema = OrderActionSchema.extend({ phone: z.string().max(30).describe('the phone the order was placed with') });
const Text = (max: number) => z.string().trim().max(max).refine((x) => !x.includes(String.fromCharCode(0)), { message: 'no NUL characters' });
const ReviewSchema = z.object({
  id: z.string(), listingId: z.string(), stars: z.number().int(), text: z.string(), author: z.string().describe('the buyer\'s name shortened ("Nguyễn T. M.")'),
  photo: z.object({ thumb: z.string(), full: z.string() }).nullable().describe('the buyer\'s photo: its thumbnail and display copy'),
  createdAt: z.string(), reply: z.string().nullable(), repliedAt: z.string().nullable(), hidden: z.boolean(), hiddenReason: z.string().nullable(),
});
const PaidSchema = z.object({ reference: z.string().trim().max(100).nullable().optional().describe('the bank\'s reference of the transfer') });

/** Per-IP limits of the public writes and look-ups (RATE_LIMIT_ALLOWLIST exempts load tests and proxies). */
export const MARKET_LIMITS = {
  checkout: { max: 30, timeWindow: '1 minute' },
  follow: { max: 60, timeWindow: '1 minute' },
  notifications: { max: 600, timeWindow: '1 minute' },
} as const;

export function registerMarketRoutes(app: App, deps: Deps) {
  registerMarketPages(app, deps);
  registerShopAdminPages(app, deps);
  registerCartRoutes(app);
  // ── Public: the floor, checkout, following an order ──
  app.get('/api/v1/market/banks', {
    config: { access: 'public' },
    schema: { tags, summary: 'Banks that receive VietQR transfers (NAPAS members), by BIN', response: { 200: z.object({ items: z.array(z.object({ bin: z.string(), shortName: z.string(), name: z.string() })) }) } },
  }, async () => ({ items: [...BANKS] }));

  // Held like the catalogue's answers, for a second at most: they carry exact stock, which a sale changes without a notice.
  const held = { ...portalCached(deps, 'api', { maxAgeMs: 1_000 }), config: { access: 'public' as const, rateLimit: false as const } };
  app.get('/api/v1/market/listings', {
    ...held,
    schema: {
      tags, summary: 'Listings on the floor today: only products with an OCOP certificate valid today, in open shops. '
        + 'q: words of the title, product or shop (diacritics optional); stars; province (of the shop); set; priceMin/priceMax (whole đồng, any variant); inStock',
      querystring: ListingQuerySchema, response: { 200: pageOf(ListingSchema), ...errorResponses(400) },
    },
  }, async (req) => searchFloor(req.ctx, req.query, { exactStock: true }));

  app.get('/api/v1/market/listings/:id', {
    ...held,
    schema: { tags, summary: 'A listing on the floor (404 when it is not on sale today)', params: IdParams, response: { 200: ListingSchema, ...errorResponses(404) } },
  }, async (req) => publicListing(req.ctx, req.params.id));

  app.post('/api/v1/market/checkout', {
    config: { access: 'public', rateLimit: MARKET_LIMITS.checkout },
    ...constantSecurityHeaders,
    schema: {
      tags, summary: 'Place a cart: one order per shop, with that shop\'s shipping fee; prices, fee and stock frozen. An Idempotency-Key header makes a retry '
        + 'return the first answer. 409 not_on_sale (certificate no longer valid, listing or shop withdrawn), 409 price_changed (details.prices: confirm the new total), '
        + '409 out_of_stock (details.variantIds): nothing is written. vietqr: each order carries the VietQR payload of a transfer to the shop\'s own account',
      headers: IdemHeaders, body: CheckoutSchema, response: { 201: CheckoutResultSchema, ...errorResponses(400, 409, 429) },
    },
  }, async (req, reply) => reply.code(201).send(await checkout(req.ctx, req.body, req.headers['idempotency-key'])));

  app.get('/api/v1/market/orders/:code', {
    config: { access: 'public', rateLimit: MARKET_LIMITS.follow },
    schema: {
      tags, summary: 'Follow an order by its code and the buyer\'s phone (a signed-in buyer: their own orders without it); a wrong code or phone is 404',
      params: CodeParams, querystring: z.object({ phone: z.string().max(30).default('') }), response: { 200: OrderSchema, ...errorResponses(404, 429) },
    },
  }, async (req) => followOrder(req.ctx, req.params.code, req.query.phone));

  app.post('/api/v1/market/orders/:code/actions', {
    config: { access: 'public', rateLimit: MARKET_LIMITS.follow },
    schema: {
      tags, summary: 'The buyer\'s moves: cancel (before the shop confirms), complete (received), request_return (within the shop\'s return period, with a reason)',
      params: CodeParams, body: BuyerActionSchema, response: { 200: OrderSchema, ...errorResponses(400, 403, 404, 409, 429) },
    },
  }, async (req) => actAsBuyer(req.ctx, req.params.code, req.body.phone, req.body));

  app.post('/api/v1/market/payments/notifications', {
    config: { access: 'public', rateLimit: MARKET_LIMITS.notifications },
    schema: {
      tags, summary: 'A bank-transfer notification (SePay\'s webhook JSON), sent with `Authorization: Apikey <the shop\'s key>`. A transfer in whose memo carries '
        + 'one of the shop\'s order codes and exactly its total marks the order paid. Idempotent by the notification\'s id; every outcome is kept',
      body: BankNotificationSchema,
      response: { 200: z.object({ success: z.literal(true), outcome: z.string(), order: z.string().nullable() }), ...errorResponses(400, 401, 429) },
    },
  }, async (req) => receiveBankNotification(req.ctx, req.headers.authorization, req.body));

  app.post('/api/v1/market/payments/casso/:shopId', {
    config: { access: 'public', rateLimit: MARKET_LIMITS.notifications },
    schema: {
      tags, summary: 'A bank-transfer notification from Casso (webhook v2) for one shop, signed with the shop\'s secret: `X-Casso-Signature: t=<ms>,v1=<hex '
        + 'HMAC-SHA512 of t + "." + the body\'s JSON with keys sorted>`. A bad or missing signature, or one more than 5 minutes off, is 401 unauthenticated '
        + '(details.reason: not_set_up, missing, bad_signature, stale) and nothing is kept. Then as the SePay notification: matched by order code and exact amount, '
        + 'idempotent by Casso\'s transaction id, every outcome kept',
      params: z.object({ shopId: z.string().max(64) }), headers: z.object({ 'x-casso-signature': z.string().max(400).optional() }), body: CassoNotificationSchema,
      response: { 200: z.object({ success: z.literal(true), outcome: z.string(), order: z.string().nullable() }), ...errorResponses(400, 401, 429) },
    },
  }, async (req) => receiveCassoNotification(req.ctx, req.params.shopId, req.headers['x-casso-signature'], req.body));

  // ── Reviews ──
  app.post('/api/v1/market/orders/:code/reviews', {
    config: { access: 'public', rateLimit: MARKET_LIMITS.follow },
    schema: {
      tags, summary: 'The buyer of a completed order reviews a product of it (code and phone as to follow the order): stars 1–5 and a text; one review per product and order (409 duplicate)',
      params: CodeParams, body: z.object({ phone: z.string().max(30), listingId: z.string().uuid(), stars: z.number().int().min(1).max(5), text: Text(2_000).default('') }),
      response: { 201: ReviewSchema, ...errorResponses(400, 404, 409, 429) },
    },
  }, async (req, reply) => reply.code(201).send(await reviewOrder(req.ctx, req.params.code, req.body.phone, req.body)));

  app.get('/api/v1/market/listings/:id/reviews', {
    config: { access: 'public' },
    schema: { tags, summary: 'A listing\'s reviews (hidden ones left out), with the average stars', params: IdParams, response: { 200: z.object({ average: z.number().nullable(), count: z.number().int(), items: z.array(ReviewSchema) }), ...errorResponses(404) } },
  }, async (req) => listingReviews(req.ctx, req.params.id));

  app.get('/api/v1/market/shops/:id/reviews', {
    config: { access: [...new Set([...SHOP_KEEPERS, ...SHOP_READERS])] },
    schema: { tags, summary: 'A shop\'s reviews, hidden ones too (with the reason)', params: IdParams, response: { 200: z.object({ items: z.array(ReviewSchema) }), ...errorResponses(401, 403, 404) } },
  }, async (req) => ({ items: await shopReviews(req.ctx, req.params.id) }));

  app.post('/api/v1/market/reviews/:id/reply', {
    config: { access: SHOP_KEEPERS },
    schema: { tags, summary: 'The shop replies to a review (once)', params: IdParams, body: z.object({ reply: Text(2_000).pipe(z.string().min(1)) }), response: { 200: ReviewSchema, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => replyToReview(req.ctx, req.params.id, req.body.reply));

  app.post('/api/v1/market/reviews/:id/hide', {
    config: { access: ['national_admin', 'province_officer', 'commune_officer'] },
    schema: { tags, summary: 'An officer who keeps the shop\'s producer hides an abusive review, with the reason (kept; shown to the shop, not the public)', params: IdParams, body: z.object({ reason: Text(500).pipe(z.string().min(3)) }), response: { 200: ReviewSchema, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => hideReview(req.ctx, req.params.id, req.body.reason));

  // ── Sales figures ("doanh thu qua sàn") ──
  const SalesSchema = z.object({
    by: z.string(), from: z.string(), to: z.string(), area: z.string().nullable(),
    rows: z.array(z.object({ key: z.string(), label: z.string(), orders: z.number().int(), units: z.number().int(), amount: z.number().int() })),
    total: z.object({ orders: z.number().int(), units: z.number().int(), amount: z.number().int() }),
  });
  const Period = { from: z.string().max(10).optional().describe('YYYY-MM-DD (default: 1 January)'), to: z.string().max(10).optional().describe('YYYY-MM-DD (default: today)') };
  app.get('/api/v1/market/sales', {
    config: { access: ['national_admin', 'province_officer', 'commune_officer', 'inspector'] },
    schema: {
      tags, summary: 'Sales through the OCOP market in the caller\'s area (delivered and completed orders, goods in whole đồng, by the day placed): by province, product set, stars, month or product',
      querystring: z.object({ by: z.enum(['province', 'set', 'stars', 'month', 'listing']).default('province'), province: z.string().regex(/^\d{2}$/).optional(), ...Period }),
      response: { 200: SalesSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => salesFigures(req.ctx, req.query));

  app.get('/api/v1/market/shops/:id/sales', {
    config: { access: [...new Set([...SHOP_KEEPERS, ...SHOP_READERS])] },
    schema: {
      tags, summary: 'A shop\'s sales by month or product (delivered and completed orders)',
      params: IdParams, querystring: z.object({ by: z.enum(['month', 'listing']).default('month'), ...Period }),
      response: { 200: SalesSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => shopSales(req.ctx, req.params.id, req.query));

  app.get('/api/v1/market/shops/:id/sales.xlsx', {
    config: { access: [...new Set([...SHOP_KEEPERS, ...SHOP_READERS])] },
    schema: { tags, summary: 'A shop\'s sales by month and by product, as a spreadsheet', params: IdParams, querystring: z.object(Period), response: errorResponses(400, 401, 403, 404) },
  }, async (req, reply) => {
    return sendFile(reply, await shopSalesXlsx(req.ctx, req.params.id, req.query));
  });

  // ── Shops and listings ──
  app.get('/api/v1/market/shops', {
    config: { access: [...new Set([...SHOP_KEEPERS, ...SHOP_READERS])] },
    schema: { tags, summary: 'Shops in the caller\'s area (a producer: their own)', querystring: PageQuery, response: { 200: pageOf(ShopSchema), ...errorResponses(401, 403) } },
  }, async (req) => listShops(req.ctx, req.query.page, req.query.pageSize));

  app.post('/api/v1/market/shops', {
    config: { access: SHOP_KEEPERS },
    schema: {
      tags, summary: 'Open the shop of a producer (one per producer): a producer their own, officers on behalf of producers in their area. The bank account receives the buyers\' transfers directly',
      body: ShopInputSchema, response: { 201: ShopSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await openShop(req.ctx, req.body)));

  app.get('/api/v1/market/shops/mine', {
    config: { access: ['producer'] },
    schema: { tags, summary: 'The signed-in producer\'s shop (404 when none yet)', response: { 200: ShopSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => myShop(req.ctx));

  app.get('/api/v1/market/shops/:id', {
    config: { access: [...new Set([...SHOP_KEEPERS, ...SHOP_READERS])] },
    schema: { tags, summary: 'A shop', params: IdParams, response: { 200: ShopSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getShop(req.ctx, req.params.id));

  app.patch('/api/v1/market/shops/:id', {
    config: { access: SHOP_KEEPERS },
    schema: { tags, summary: 'Change a shop (status paused takes its listings off the floor); a stale version → 409', params: IdParams, body: ShopPatchSchema, response: { 200: ShopSchema, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => updateShop(req.ctx, req.params.id, req.body));

  app.post('/api/v1/market/shops/:id/notify-key', {
    config: { access: SHOP_KEEPERS },
    schema: {
      tags, summary: 'A new key for the shop\'s bank-notification service (shown once; replaces the old one). The service posts to /api/v1/market/payments/notifications with `Authorization: Apikey <key>`',
      params: IdParams, response: { 200: z.object({ key: z.string() }), ...errorResponses(401, 403, 404) },
    },
  }, async (req) => newNotifyKey(req.ctx, req.params.id));

  app.put('/api/v1/market/shops/:id/notify-secret', {
    config: { access: SHOP_KEEPERS },
    schema: {
      tags, summary: 'Link (or, with null, unlink) the shop\'s Casso Webhook V2 integration: its "Key bảo mật", which signs every post to '
        + '/api/v1/market/payments/casso/{shop id}. Kept to check signatures, never shown back',
      params: IdParams, body: NotifySecretSchema, response: { 200: ShopSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => setNotifySecret(req.ctx, req.params.id, req.body.secret));

  app.get('/api/v1/market/shops/:id/listings', {
    config: { access: [...new Set([...SHOP_KEEPERS, ...SHOP_READERS])] },
    schema: { tags, summary: 'A shop\'s listings, on sale or not (onSale says which)', params: IdParams, querystring: ListingQuerySchema, response: { 200: pageOf(ListingSchema), ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => listShopListings(req.ctx, req.params.id, req.query));

  app.post('/api/v1/market/shops/:id/listings', {
    config: { access: SHOP_KEEPERS },
    schema: {
      tags, summary: 'List a product of the shop\'s producer for sale, in variants (price in whole đồng, stock). Only a product with an OCOP certificate valid today: else 409 not_certifiable; one listing per product (409 duplicate)',
      params: IdParams, body: ListingInputSchema, response: { 201: ListingSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await createListing(req.ctx, req.params.id, req.body)));

  app.get('/api/v1/market/shop-listings/:id', {
    config: { access: [...new Set([...SHOP_KEEPERS, ...SHOP_READERS])] },
    schema: { tags, summary: 'A listing as its shop sees it (on sale or not), its variants withdrawn from sale too (active: false)', params: IdParams, response: { 200: ListingSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getListingForShop(req.ctx, req.params.id));

  app.patch('/api/v1/market/listings/:id', {
    config: { access: SHOP_KEEPERS },
    schema: { tags, summary: 'Change a listing: title, description, status (hidden: off the floor), variants (the complete list: changed, added, withdrawn with active false or '
      + 'left out; at least one on sale; a GTIN\'s check digit is checked; each sent with stockWas keeps a sale made meanwhile, or is 409 when its stock was changed too). '
      + 'A stale version → 409', params: IdParams, body: ListingPatchSchema, response: { 200: ListingSchema, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => updateListing(req.ctx, req.params.id, req.body));

  // ── A shop's orders ──
  app.get('/api/v1/market/shops/:id/orders', {
    config: { access: [...new Set([...SHOP_KEEPERS, ...SHOP_READERS])] },
    schema: { tags, summary: 'A shop\'s orders, newest first (status; unpaid)', params: IdParams, querystring: ShopOrdersQuerySchema, response: { 200: pageOf(OrderSchema), ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => listShopOrders(req.ctx, req.params.id, req.query));

  app.get('/api/v1/market/shop-orders/:code', {
    config: { access: SHOP_KEEPERS },
    schema: { tags, summary: 'An order of the caller\'s shop (another shop\'s order: 404)', params: CodeParams, response: { 200: OrderSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => shopOrder(req.ctx, req.params.code));

  app.post('/api/v1/market/shop-orders/:code/actions', {
    config: { access: SHOP_KEEPERS },
    schema: {
      tags, summary: 'The shop\'s moves: confirm; ship (carrier and tracking number; a bank-transfer order once paid: else 409 payment_required); deliver; cancel (with a reason); accept_return / refuse_return',
      params: CodeParams, body: OrderActionSchema, response: { 200: OrderSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => actAsShop(req.ctx, req.params.code, req.body));

  app.post('/api/v1/market/shop-orders/:code/paid', {
    config: { access: SHOP_KEEPERS },
    schema: {
      tags, summary: 'Record the bank transfer received. A second time: 409 already_paid — unless sent with the same Idempotency-Key as the first, which returns the first answer',
      params: CodeParams, headers: IdemHeaders, body: PaidSchema, response: { 200: OrderSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => markPaidByShop(req.ctx, req.params.code, req.body.reference ?? null, req.headers['idempotency-key']));
}
