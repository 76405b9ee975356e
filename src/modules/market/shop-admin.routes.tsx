/** The shop's back-office pages (shop-admin.pages.tsx): forms over the same services as the API. */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import { requireActor } from '../../core/actor';
import { AppError } from '../../errors';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { fieldMessages } from '../../web/field-errors';
import { productsToList } from './floor.service';
import { SHOP_KEEPERS } from './market.policy';
import { ListingQuerySchema, type ShopInput } from './market.schema';
import { actAsShop, listShopOrders, markPaidByShop } from './orders.service';
import { createListing, getShop, listShopListings, listShops, myShop, openShop } from './shops.service';
import { OpenShopPage, SHOP_ADMIN, ShopListPage, ShopPage } from './shop-admin.pages';
import { replyToReview, shopReviews } from './reviews.service';
import { money as num } from './shop-forms';
import { registerShopSettingsPages } from './shop-settings.routes';
import { registerListingPages } from './listing-variants.routes';

const Form = z.record(z.string(), z.string().max(600));
const DONE = ['opened', 'listed', 'reply', 'paid', 'confirm', 'ship', 'deliver', 'cancel', 'accept_return', 'refuse_return'] as const;

export function registerShopAdminPages(app: App, deps: Deps) {
  const access = { access: SHOP_KEEPERS };
  registerShopSettingsPages(app, deps);
  registerListingPages(app, deps);

  async function showShop(req: FastifyRequest, reply: FastifyReply, id: string, extra: { done?: string; error?: string; values?: Record<string, string> } = {}, status = 200) {
    const view = viewOf(req);
    const shop = await getShop(req.ctx, id);
    const [listings, orders, reviews] = await Promise.all([
      listShopListings(req.ctx, shop.id, ListingQuerySchema.parse({ pageSize: '100', sort: 'newest' })),
      listShopOrders(req.ctx, shop.id, { page: 1, pageSize: 50 }),
      shopReviews(req.ctx, shop.id),
    ]);
    const products = await productsToList(req.ctx, shop.producer.id);
    return sendPage(reply, <ShopPage view={view} shop={shop} listings={listings.items} orders={orders.items} reviews={reviews} products={products} {...extra} />, status);
  }

  app.get(SHOP_ADMIN, { config: access, schema: { hide: true } }, async (req, reply) => {
    const actor = requireActor(req.ctx);
    if (actor.role === 'producer') {
      try {
        return redirect(reply, `${SHOP_ADMIN}/${(await myShop(req.ctx)).id}`);
      } catch (e) {
        if (!(e instanceof AppError && e.code === 'not_found')) throw e;
        return sendPage(reply, <OpenShopPage view={viewOf(req)} values={{}} errors={{}} />);
      }
    }
    const shops = await listShops(req.ctx, 1, 100);
    return sendPage(reply, <ShopListPage view={viewOf(req)} shops={shops.items} />);
  });

  app.post(SHOP_ADMIN, { config: access, schema: { hide: true, body: Form } }, async (req, reply) => {
    const b = req.body;
    const input = {
      name: (b.name ?? '').trim(), phone: b.phone ?? '', email: b.email?.trim() || null,
      pickup: { communeCode: b.communeCode ?? '', street: (b.street ?? '').trim() },
      bank: { bin: b.bankBin ?? '', accountNumber: b.bankAccount ?? '', holder: (b.bankHolder ?? '').trim() },
      shipping: { inProvince: num(b.shipIn), otherProvinces: num(b.shipOut), freeFrom: null },
      description: '', returnDays: 7, returnPolicy: '', payWithinHours: 24,
    } satisfies Omit<ShopInput, 'producerId'>;
    const errors: Record<string, string> = {};
    const { t } = viewOf(req);
    if (input.name.length < 2) errors.name = t('field.market.shop_name');
    if (input.pickup.street.length < 3) errors.street = t('field.market.pickup_street');
    if (input.bank.holder.length < 2) errors.bankHolder = t('field.market.account_holder');
    if (!Number.isSafeInteger(input.shipping.inProvince)) errors.shipIn = t('field.market.money');
    if (!Number.isSafeInteger(input.shipping.otherProvinces)) errors.shipOut = t('field.market.money');
    if (!/^\d{5}$/.test(input.pickup.communeCode)) errors.communeCode = t('field.market.unknown_commune');
    if (!/^\d{6}$/.test(input.bank.bin)) errors.bankBin = t('field.market.unknown_bank');
    if (Object.keys(errors).length) return sendPage(reply, <OpenShopPage view={viewOf(req)} values={b} errors={errors} />, 400);
    try {
      const shop = await openShop(req.ctx, input);
      return redirect(reply, `${SHOP_ADMIN}/${shop.id}?done=opened`);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'validation_failed') throw e;
      const named = fieldMessages(e.fields ?? {}, req.ctx.locale);
      const map: Record<string, string> = { 'pickup.communeCode': 'communeCode', 'bank.bin': 'bankBin', 'bank.accountNumber': 'bankAccount' };
      return sendPage(reply, <OpenShopPage view={viewOf(req)} values={b} errors={Object.fromEntries(Object.entries(named).map(([k, v]) => [map[k] ?? k, v]))} />, 400);
    }
  });

  app.get(`${SHOP_ADMIN}/:id`, { config: { access: [...SHOP_KEEPERS, 'inspector'] }, schema: { hide: true, params: z.object({ id: z.string().max(64) }), querystring: z.object({ done: z.string().max(20).optional() }) } }, async (req, reply) => {
    const { t } = viewOf(req);
    const done = (DONE as readonly string[]).includes(req.query.done ?? '') ? t(`shop.done.${req.query.done as (typeof DONE)[number]}`) : undefined;
    return showShop(req, reply, req.params.id, { done });
  });

  app.post(`${SHOP_ADMIN}/:id/san-pham`, { config: access, schema: { hide: true, params: z.object({ id: z.string().max(64) }), body: Form } }, async (req, reply) => {
    const b = req.body;
    const { t } = viewOf(req);
    const price = num(b.price);
    const stock = num(b.stock);
    if (!b.productId || !(b.variant ?? '').trim() || !(price > 0) || !(stock >= 0)) {
      return showShop(req, reply, req.params.id, { error: t('shop.err.listing'), values: b }, 400);
    }
    try {
      await createListing(req.ctx, req.params.id, { productId: b.productId, description: '', variants: [{ name: b.variant!.trim(), price, stock, active: true }] });
      return redirect(reply, `${SHOP_ADMIN}/${req.params.id}?done=listed`);
    } catch (e) {
      if (!(e instanceof AppError) || !['validation_failed', 'not_certifiable', 'duplicate'].includes(e.code)) throw e;
      return showShop(req, reply, req.params.id, { error: e.code === 'validation_failed' ? Object.values(fieldMessages(e.fields ?? {}, req.ctx.locale)).join(' ') : t(`errors.${e.code as 'duplicate'}`), values: b }, e.status);
    }
  });

  app.post(`${SHOP_ADMIN}/:id/danh-gia/:review`, { config: access, schema: { hide: true, params: z.object({ id: z.string().max(64), review: z.string().max(64) }), body: Form } }, async (req, reply) => {
    const text = (req.body.reply ?? '').trim();
    const { t } = viewOf(req);
    if (!text) return showShop(req, reply, req.params.id, { error: t('shop.reply') }, 400);
    try {
      await replyToReview(req.ctx, req.params.review, text.slice(0, 2_000));
      return redirect(reply, `${SHOP_ADMIN}/${req.params.id}?done=reply`);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'conflict') throw e;
      return showShop(req, reply, req.params.id, { error: t('errors.conflict') }, 409);
    }
  });

  app.post(`${SHOP_ADMIN}/:id/don/:code`, { config: access, schema: { hide: true, params: z.object({ id: z.string().max(64), code: z.string().max(20) }), body: Form } }, async (req, reply) => {
    const b = req.body;
    const action = b.action ?? '';
    const { t } = viewOf(req);
    try {
      if (action === 'paid') await markPaidByShop(req.ctx, req.params.code, null);
      else if (['confirm', 'ship', 'deliver', 'cancel', 'accept_return', 'refuse_return'].includes(action)) {
        await actAsShop(req.ctx, req.params.code, {
          action: action as 'confirm', ...(b.comment?.trim() ? { comment: b.comment.trim() } : {}),
          ...(b.carrier?.trim() ? { carrier: b.carrier.trim() } : {}), ...(b.trackingNumber?.trim() ? { trackingNumber: b.trackingNumber.trim() } : {}),
        });
      } else throw new AppError('bad_request', 'unknown action');
      return redirect(reply, `${SHOP_ADMIN}/${req.params.id}?done=${action}#order-${req.params.code}`);
    } catch (e) {
      if (!(e instanceof AppError) || e.code === 'not_found' || e.status >= 500) throw e;
      const text = e.code === 'validation_failed' ? Object.values(fieldMessages(e.fields ?? {}, req.ctx.locale)).join(' ')
        : e.code === 'invalid_transition' ? t('market.err.action') : t(`errors.${e.code as 'conflict'}`);
      return showShop(req, reply, req.params.id, { error: `${req.params.code}: ${text}` }, e.status);
    }
  });
}
