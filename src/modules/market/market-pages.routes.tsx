/**
 * The floor's pages (market.pages.tsx). The floor and listing pages are public and cached like
 * the catalogue's (portalCached: page cache, ETag, change feed). The cart lives in a cookie of
 * the buyer's browser (`ocop_cart`, variant:quantity pairs, nothing personal); after checkout the
 * browser keeps the codes of its orders and the phone they were placed with (`ocop_orders`,
 * HttpOnly) so the buyer sees them at once without typing anything, and follows them later by code
 * and phone. Orders are looked up with a POST: the phone stays out of addresses and logs. A signed-in
 * buyer (buyer.service.ts) is offered their kept addresses at checkout and may keep a new one, and
 * opens their own orders at /don-hang/<code> without the phone. The review form is multipart: its
 * optional photo is read by readReviewUpload below and kept by review-photo.service.ts.
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import { AppError, problem } from '../../errors';
import { isUuid } from '../../domain/ids';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { fieldMessage, fieldMessages } from '../../web/field-errors';
import { readMultipart, type UploadedFile } from '../../web/multipart';
import { IMAGE_LIMITS } from '../../domain/image';
import { isSecureRequest, preSessionCsrf } from '../identity/auth.plugin';
import { portalCached } from '../portal/portal-http';
import { sendPortalPage } from '../portal/portal-page';
import { qrSvg } from '../portal/qr';
import { checkout } from './checkout.service';
import { FLOOR_PATH, listingPath } from './market.dto';
import { CartPage, FloorPage, ListingPage, OrdersPage, type ReviewState } from './market.pages';
import { cartLines, communeOf, communesOf, provinces as floorProvinces, shopTerms } from './floor.service';
import { ListingQuerySchema, type CheckoutInput, type OrderDto } from './market.schema';
import { actAsBuyer, followOrder } from './orders.service';
import { publicListing, searchFloor } from './shops.service';
import { listingReviews, reviewOrder } from './reviews.service';
import { isBuyer } from './buyer.policy';
import { checkoutAccount, getMyAddress, keepCheckoutAddress } from './buyer.service';
import { PHOTO_FIELD, photoError } from './review-photo.service';

export const CART_COOKIE = 'ocop_cart';
export const ORDERS_COOKIE = 'ocop_orders';
const MAX_LINES = 50;
const PERSONAL = 'private, no-store';

/** The cart cookie: `variantId:quantity` pairs joined by dots; anything malformed is dropped. */
export function readCart(value: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of (value ?? '').split('.').slice(0, MAX_LINES)) {
    const [id = '', q = ''] = part.split(':');
    const n = Number(q);
    if (isUuid(id) && Number.isInteger(n) && n > 0 && n <= 10_000) out.set(id.toLowerCase(), n);
  }
  return out;
}
const writeCart = (cart: Map<string, number>) => [...cart].slice(0, MAX_LINES).map(([id, q]) => `${id}:${q}`).join('.');

/**
 * preValidation of the review form: a multipart post (its optional photo in `file`) into
 * `req.body`, so the CSRF check sees its `_csrf` first; a plain form post stays as it is. A photo
 * over the limit arrives cut off (`truncated`) for the service to refuse; a body that is not
 * readable multipart is a 400 with the stable code `market.upload_malformed`, never a 500.
 */
export async function readReviewUpload(req: FastifyRequest) {
  if (!req.isMultipart()) return;
  try {
    req.body = await readMultipart(req, { maxBytes: IMAGE_LIMITS.maxBytes, tooLarge: 'truncate', fields: ['_csrf', 'phone', 'listingId', 'stars', 'text'], what: 'the photo' });
  } catch (e) {
    // readMultipart answers an unreadable body with 400 bad_request; the review form says it at the photo.
    if (e instanceof AppError && e.code === 'bad_request') throw photoError(req.ctx, 'bad_request', 'market.upload_malformed');
    throw e;
  }
}
const ReviewForm = z.object({
  _csrf: z.string().max(200).optional(), phone: z.string().max(200).optional(), listingId: z.string().max(64).optional(),
  stars: z.string().max(4).optional(), text: z.string().max(2_100).optional(), file: z.custom<UploadedFile | null>().optional(),
});

export function registerMarketPages(app: App, deps: Deps) {
  const cached = { ...portalCached(deps, 'page'), config: { access: 'public' as const, rateLimit: false as const } };
  const cookieOpts = (req: FastifyRequest) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, secure: isSecureRequest(req, deps), maxAge: 30 * 86_400 });
  const provinces = async (req: FastifyRequest) => floorProvinces(req.ctx);

  app.get(FLOOR_PATH, { ...cached, schema: { hide: true, querystring: z.record(z.string(), z.string()) } }, async (req, reply) => {
    const parsed = ListingQuerySchema.safeParse(Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== '')));
    const q = parsed.success ? parsed.data : ListingQuerySchema.parse({});
    const found = await searchFloor(req.ctx, q);
    const view = viewOf(req);
    return sendPortalPage(req, reply, deps, { title: view.t('market.floor.title'), description: view.t('market.floor.lead'), path: req.url },
      <FloorPage view={view} q={q} items={found.items} total={found.total} provinces={await provinces(req)} />, parsed.success ? 200 : 400);
  });

  app.get(`${FLOOR_PATH}/:slug`, { ...cached, schema: { hide: true, params: z.object({ slug: z.string().max(300) }) } }, async (req, reply) => {
    const id = req.params.slug.slice(-36);
    const l = await publicListing(req.ctx, id);
    const canonical = listingPath(l.id, l.title);
    if (req.url.split('?')[0] !== canonical) return reply.code(301).header('location', canonical).send();
    const [terms, reviews] = await Promise.all([shopTerms(req.ctx, l.shop.id), listingReviews(req.ctx, l.id)]);
    const view = viewOf(req);
    return sendPortalPage(req, reply, deps, { title: l.title, description: `${l.title} — ${l.shop.name}`, path: canonical, image: l.photo, type: 'product' },
      <ListingPage view={view} l={l} shopPhone={terms.phone} returnDays={terms.returnDays} returnPolicy={terms.returnPolicy} reviews={reviews} />);
  });

  // ── The cart ──
  app.get('/gio-hang/them', { config: { access: 'public' }, schema: { hide: true, querystring: z.object({ v: z.string().max(64).default(''), sl: z.string().max(8).default('1') }) } }, (req, reply) => {
    const cart = readCart(req.cookies[CART_COOKIE]);
    const n = Number(req.query.sl);
    if (isUuid(req.query.v) && Number.isInteger(n) && n > 0 && n <= 10_000) cart.set(req.query.v.toLowerCase(), Math.min(10_000, (cart.get(req.query.v.toLowerCase()) ?? 0) + n));
    reply.setCookie(CART_COOKIE, writeCart(cart), cookieOpts(req));
    return redirect(reply, '/gio-hang');
  });

  async function showCart(req: FastifyRequest, reply: FastifyReply, state: { values?: Record<string, string>; errors?: Record<string, string>; message?: { tone: 'info' | 'warning' | 'danger'; text: string } } = {}, status = 200) {
    const view = viewOf(req);
    const token = view.csrfToken ?? preSessionCsrf(req, reply, deps);
    const query = req.query as { tinh?: string; 'dia-chi'?: string };
    const account = await checkoutAccount(req.ctx);
    // A signed-in buyer's details fill a fresh form; a form sent back keeps what was posted.
    const values = state.values ? { ...state.values } : { name: account?.name ?? '', phone: account?.phone ?? '', email: account?.email ?? '' } as Record<string, string>;
    const province = values.province || query.tinh || '';
    const communes = /^\d{2}$/.test(province) ? await communesOf(req.ctx, province) : [];
    values.province = province;
    const useSaved = !!account?.addresses.length && (state.values ? values.mode === 'saved' : !province && query['dia-chi'] !== 'moi');
    reply.header('cache-control', PERSONAL).header('x-robots-tag', 'noindex');
    return sendPage(reply, <CartPage view={view} token={token} lines={await cartLines(req.ctx, readCart(req.cookies[CART_COOKIE]))} provinces={await provinces(req)} communes={communes}
      values={values} errors={state.errors ?? {}} message={state.message} account={account ? { ...account, useSaved } : null} />, status);
  }

  app.get('/gio-hang', { config: { access: 'public' }, schema: { hide: true, querystring: z.object({ tinh: z.string().max(2).optional(), 'dia-chi': z.string().max(5).optional() }) } }, (req, reply) => showCart(req, reply));

  app.post('/gio-hang/cap-nhat', { config: { access: 'public' }, schema: { hide: true, body: z.record(z.string(), z.string().max(20)) } }, (req, reply) => {
    const cart = readCart(req.cookies[CART_COOKIE]);
    for (const [k, v] of Object.entries(req.body)) {
      const id = k.startsWith('q_') ? k.slice(2).toLowerCase() : '';
      const n = Number(v);
      if (!cart.has(id) || !Number.isInteger(n) || n < 0) continue;
      if (n === 0) cart.delete(id); else cart.set(id, Math.min(n, 10_000));
    }
    reply.setCookie(CART_COOKIE, writeCart(cart), cookieOpts(req));
    return redirect(reply, '/gio-hang');
  });

  app.post('/gio-hang/dat-hang', { config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } }, schema: { hide: true, body: z.record(z.string(), z.string().max(600)) } }, async (req, reply) => {
    const b = req.body;
    const { t } = viewOf(req);
    const values = { name: b.name ?? '', phone: b.phone ?? '', email: b.email ?? '', communeCode: b.communeCode ?? '', street: b.street ?? '', payment: b.payment ?? 'vietqr', note: b.note ?? '', addressId: b.addressId ?? '', save: b.save ?? '' };
    // A signed-in buyer delivering to a kept address: the order takes its recipient and place.
    const mode = values.addressId && isBuyer(req.ctx.actor) ? 'saved' : 'new';
    if (mode === 'saved') {
      const kept = await getMyAddress(req.ctx, values.addressId).catch((e: unknown) => { if (e instanceof AppError && e.code === 'not_found') return null; throw e; });
      if (!kept) return showCart(req, reply, { values: { ...values, mode }, errors: { addressId: fieldMessage(problem('buyer.address_unknown'), req.ctx.locale) } }, 400);
      Object.assign(values, { name: kept.recipientName, phone: kept.phone, communeCode: kept.communeCode, street: kept.street });
    }
    const commune = /^\d{5}$/.test(values.communeCode) ? await communeOf(req.ctx, values.communeCode) : null;
    const state = { ...values, mode, province: commune?.provinceCode ?? '' };
    const cart = readCart(req.cookies[CART_COOKIE]);
    if (!cart.size) return showCart(req, reply, { values: state, message: { tone: 'info', text: t('market.cart.empty') } }, 400);
    const errors: Record<string, string> = {};
    if (values.name.trim().length < 2) errors.name = t('market.err.name');
    if (values.street.trim().length < 3) errors.street = t('market.err.street');
    if (!commune) errors.communeCode = t('field.market.unknown_commune');
    if (Object.keys(errors).length) return showCart(req, reply, { values: state, errors }, 400);
    const input: CheckoutInput = {
      buyer: { name: values.name.trim(), phone: values.phone, email: values.email.trim() || null },
      address: { communeCode: values.communeCode, street: values.street.trim() },
      items: [...cart].map(([variantId, quantity]) => {
        const seen = Number(b[`p_${variantId}`]);
        return Number.isInteger(seen) && seen > 0 ? { variantId, quantity, price: seen } : { variantId, quantity };
      }),
      payment: values.payment === 'cod' ? 'cod' : 'vietqr', note: values.note.slice(0, 500),
    };
    try {
      const done = await checkout(req.ctx, input);
      if (mode === 'new' && values.save === 'on') {
        // The orders are placed: keeping the address is a convenience that must not undo that answer.
        await keepCheckoutAddress(req.ctx, { recipientName: values.name, phone: values.phone, communeCode: values.communeCode, street: values.street })
          .catch((e: unknown) => { if (!(e instanceof AppError)) throw e; });
      }
      reply.clearCookie(CART_COOKIE, { path: '/' });
      reply.setCookie(ORDERS_COOKIE, `${done.orders.map((o) => o.code).join('.')}|${done.orders[0]!.buyer.phone}`, cookieOpts(req));
      return redirect(reply, '/don-hang/vua-dat');
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      if (e.code === 'validation_failed') {
        const named = fieldMessages(e.fields ?? {}, req.ctx.locale);
        const map: Record<string, string> = { 'buyer.name': 'name', 'buyer.phone': 'phone', 'buyer.email': 'email', 'address.communeCode': 'communeCode', 'address.street': 'street' };
        const fields = Object.fromEntries(Object.entries(named).map(([k, v]) => [map[k] ?? k, v]));
        return showCart(req, reply, { values: state, errors: fields }, 400);
      }
      const known = ['not_on_sale', 'price_changed', 'out_of_stock'] as const;
      if ((known as readonly string[]).includes(e.code)) {
        return showCart(req, reply, { values: state, message: { tone: e.code === 'price_changed' ? 'warning' : 'danger', text: t(`errors.${e.code as (typeof known)[number]}`) } }, 409);
      }
      throw e;
    }
  });

  // ── Orders ──
  async function showOrders(req: FastifyRequest, reply: FastifyReply, orders: OrderDto[], phone: string, extra: {
    placed?: boolean; notFound?: boolean; message?: string; done?: string; values?: { code?: string; phone?: string }; review?: ReviewState | undefined; hint?: string;
  } = {}, status = 200) {
    const view = viewOf(req);
    const token = view.csrfToken ?? preSessionCsrf(req, reply, deps);
    const qrs: Record<string, string> = {};
    for (const o of orders) {
      if (o.payment.vietqr) qrs[o.code] = `data:image/svg+xml;base64,${Buffer.from(await qrSvg(o.payment.vietqr.payload, { mm: null, px: 240, dpi: 96 })).toString('base64')}`;
    }
    reply.header('cache-control', PERSONAL).header('x-robots-tag', 'noindex');
    return sendPage(reply, <OrdersPage view={view} token={token} orders={orders} qrs={qrs} phone={phone} placed={extra.placed} notFound={extra.notFound} message={extra.message} done={extra.done}
      values={extra.values ?? {}} review={extra.review} hint={extra.hint} />, status);
  }

  /** The orders this browser placed (ocop_orders cookie), as their buyer sees them. */
  async function recentOrders(req: FastifyRequest): Promise<{ orders: OrderDto[]; phone: string }> {
    const [codes = '', phone = ''] = (req.cookies[ORDERS_COOKIE] ?? '').split('|');
    const orders: OrderDto[] = [];
    for (const code of codes.split('.').filter(Boolean).slice(0, 20)) {
      try { orders.push(await followOrder(req.ctx, code, phone)); } catch (e) { if (!(e instanceof AppError)) throw e; }
    }
    return { orders, phone };
  }

  app.get('/don-hang/vua-dat', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const { orders, phone } = await recentOrders(req);
    return showOrders(req, reply, orders, phone, { placed: orders.length > 0 });
  });

  app.get('/don-hang', { config: { access: 'public' }, schema: { hide: true } }, (req, reply) => showOrders(req, reply, [], ''));

  const followRate = { rateLimit: { max: 30, timeWindow: '1 minute' } };
  app.post('/don-hang', { config: { access: 'public', ...followRate }, schema: { hide: true, body: z.record(z.string(), z.string().max(200)) } }, async (req, reply) => {
    const code = (req.body.code ?? '').trim();
    const phone = (req.body.phone ?? '').trim();
    try {
      return await showOrders(req, reply, [await followOrder(req.ctx, code, phone)], phone, { values: { code, phone } });
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'not_found') throw e;
      return showOrders(req, reply, [], '', { notFound: true, values: { code, phone } }, 404);
    }
  });

  app.post('/don-hang/:code/danh-gia', {
    config: { access: 'public', ...followRate }, preValidation: readReviewUpload,
    schema: { hide: true, params: z.object({ code: z.string().max(20) }), body: ReviewForm },
  }, async (req, reply) => {
    const b = req.body;
    const phone = (b.phone ?? '').trim();
    const stars = Number(b.stars);
    const listingId = b.listingId ?? '';
    const text = (b.text ?? '').trim().slice(0, 2_000);
    const { t } = viewOf(req);
    try {
      if (!Number.isInteger(stars) || stars < 1 || stars > 5 || !isUuid(listingId)) throw new AppError('bad_request', 'stars 1–5 and a listing');
      await reviewOrder(req.ctx, req.params.code, phone, { listingId, stars, text, photo: b.file ?? null });
      return showOrders(req, reply, [await followOrder(req.ctx, req.params.code, phone)], phone, { done: t('market.review.thanks') });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      if (e.code === 'not_found') return showOrders(req, reply, [], '', { notFound: true }, 404);
      // A refused photo (type, size, damaged) comes back on its form, with what was written.
      const photo = e.fields?.[PHOTO_FIELD];
      const review: ReviewState | undefined = photo ? { listingId, stars: b.stars ?? '5', text, error: fieldMessage(photo, req.ctx.locale) } : undefined;
      return showOrders(req, reply, [await followOrder(req.ctx, req.params.code, phone)], phone, { message: review?.error ?? t('market.err.action'), review }, e.status);
    }
  });

  // A signed-in buyer opens their own order by its address; anyone else is asked for the phone.
  app.get('/don-hang/:code', { config: { access: 'public', ...followRate }, schema: { hide: true, params: z.object({ code: z.string().max(20) }) } }, async (req, reply) => {
    try {
      return await showOrders(req, reply, [await followOrder(req.ctx, req.params.code, '')], '');
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'not_found') throw e;
      return showOrders(req, reply, [], '', { values: { code: req.params.code }, hint: viewOf(req).t('buyer.order.needPhone', { code: req.params.code }) });
    }
  });

  app.post('/don-hang/:code', { config: { access: 'public', ...followRate }, schema: { hide: true, params: z.object({ code: z.string().max(20) }), body: z.record(z.string(), z.string().max(600)) } }, async (req, reply) => {
    const phone = (req.body.phone ?? '').trim();
    const action = req.body.action as 'cancel' | 'complete' | 'request_return';
    const { t } = viewOf(req);
    try {
      const o = await actAsBuyer(req.ctx, req.params.code, phone, { action, ...(req.body.comment ? { comment: req.body.comment.slice(0, 500) } : {}) });
      return showOrders(req, reply, [o], phone);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      if (e.code === 'not_found') return showOrders(req, reply, [], '', { notFound: true }, 404);
      const current = await followOrder(req.ctx, req.params.code, phone);
      const text = e.code === 'validation_failed' ? Object.values(fieldMessages(e.fields ?? {}, req.ctx.locale)).join(' ') : e.code === 'return_period_over' ? t('errors.return_period_over') : t('market.err.action');
      return showOrders(req, reply, [current], phone, { message: text }, e.status);
    }
  });
}
