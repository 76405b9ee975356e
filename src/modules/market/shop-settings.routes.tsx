/**
 * The shop's settings pages (shop-settings.pages.tsx): the settings form over updateShop (with the
 * version read: a change made meanwhile is refused with the latest values shown), the
 * bank-notification key (shown once) and the Casso secret.
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx, Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { problem, type FieldErrors } from '../../errors';
import { SHOP_KEEPERS } from './market.policy';
import { NotifySecretSchema, ShopPatchSchema, type ShopDto } from './market.schema';
import { communeOf, communesOf, provinces } from './floor.service';
import { getShop, newNotifyKey, setNotifySecret, shopFieldProblems, updateShop } from './shops.service';
import { settingsPath } from './shop-admin.pages';
import { settingsValues, ShopSettingsPage } from './shop-settings.pages';
import { attempt, FormBody, formMessages, money, optional, parseForm, renamed, whole } from './shop-forms';

const Params = z.object({ id: z.string().max(64) });
const DONE = ['saved', 'secret', 'secretCleared'] as const;

/** The API's paths of the shop's fields → the form's names. */
const FORM_NAME: Record<string, string> = {
  'pickup.communeCode': 'communeCode', 'pickup.street': 'street', 'bank.bin': 'bankBin', 'bank.accountNumber': 'bankAccount', 'bank.holder': 'bankHolder',
  'shipping.inProvince': 'shipIn', 'shipping.otherProvinces': 'shipOut', 'shipping.freeFrom': 'shipFreeFrom',
};
const formName = (path: string) => FORM_NAME[path] ?? path;

/**
 * The settings form as the API's patch (money typed as digits; each amount that is not is named);
 * when it does not parse, the service's checks of the fields that did (phone, commune, bank …)
 * are named too, so that every problem is shown at once.
 */
async function readSettings(ctx: Ctx, b: Record<string, string>) {
  const known: FieldErrors = {};
  const amount = (name: string, optionalAmount = false) => {
    if (optionalAmount && !b[name]?.trim()) return null;
    const n = money(b[name]);
    if (Number.isNaN(n)) known[name] = problem('market.money');
    return n;
  };
  const shipping = { inProvince: amount('shipIn'), otherProvinces: amount('shipOut'), freeFrom: amount('shipFreeFrom', true) };
  const candidate = {
    name: (b.name ?? '').trim(), description: b.description ?? '', status: b.status, phone: b.phone ?? '', email: optional(b.email),
    pickup: { communeCode: b.communeCode ?? '', street: (b.street ?? '').trim() },
    bank: { bin: b.bankBin ?? '', accountNumber: b.bankAccount ?? '', holder: (b.bankHolder ?? '').trim() },
    shipping, returnDays: whole(b.returnDays), returnPolicy: b.returnPolicy ?? '', payWithinHours: whole(b.payWithinHours),
    version: whole(b.version) || undefined,
  };
  const parsed = parseForm(ShopPatchSchema, candidate, known);
  const fields = parsed.input ? parsed.fields : { ...await shopFieldProblems(ctx, candidate), ...parsed.fields };
  return { input: parsed.input, fields: renamed(fields, formName) };
}

export function registerShopSettingsPages(app: App, deps: Deps) {
  const base = (req: FastifyRequest) => (deps.env.PUBLIC_BASE_URL ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');

  interface Shown { values?: Record<string, string>; errors?: Record<string, string>; done?: string; error?: string; newKey?: string; province?: string }
  async function show(req: FastifyRequest, reply: FastifyReply, shop: ShopDto, s: Shown = {}, status = 200) {
    const view = viewOf(req);
    const values = s.values ?? settingsValues(shop);
    // The province whose communes are listed: the one asked for, else the chosen commune's, else the shop's.
    const chosen = /^\d{5}$/.test(values.communeCode ?? '') ? await communeOf(req.ctx, values.communeCode!) : null;
    const province = s.province && /^\d{2}$/.test(s.province) ? s.province : chosen?.provinceCode ?? shop.pickup.provinceCode;
    const [places, communes] = await Promise.all([provinces(req.ctx), communesOf(req.ctx, province)]);
    reply.header('cache-control', 'private, no-store');
    const webhooks = { sepay: `${base(req)}/api/v1/market/payments/notifications`, casso: `${base(req)}/api/v1/market/payments/casso/${shop.id}` };
    return sendPage(reply, <ShopSettingsPage view={view} shop={shop} provinces={places} communes={communes} province={province}
      values={values} errors={s.errors ?? {}} done={s.done} error={s.error} newKey={s.newKey} webhooks={webhooks} />, status);
  }

  const keep = { access: SHOP_KEEPERS };
  app.get(settingsPath(':id'), {
    config: keep,
    schema: { hide: true, params: Params, querystring: z.object({ tinh: z.string().max(2).optional(), done: z.string().max(20).optional() }) },
  }, async (req, reply) => {
    const shop = await getShop(req.ctx, req.params.id);
    const done = (DONE as readonly string[]).includes(req.query.done ?? '') ? viewOf(req).t(`shop.done.${req.query.done as (typeof DONE)[number]}`) : undefined;
    // Another province asked for: its communes listed, the commune to choose again.
    const values = req.query.tinh && req.query.tinh !== shop.pickup.provinceCode ? { ...settingsValues(shop), communeCode: '' } : undefined;
    return show(req, reply, shop, { done, province: req.query.tinh, ...(values ? { values } : {}) });
  });

  app.post(settingsPath(':id'), { config: keep, schema: { hide: true, params: Params, body: FormBody } }, async (req, reply) => {
    const shop = await getShop(req.ctx, req.params.id);
    const { t } = viewOf(req);
    const { input, fields } = await readSettings(req.ctx, req.body);
    if (!input) return show(req, reply, shop, { values: req.body, errors: formMessages(fields, req.ctx.locale) }, 400);
    const saved = await attempt(() => updateShop(req.ctx, shop.id, input), req.ctx.locale, formName);
    if ('ok' in saved) return redirect(reply, `${settingsPath(shop.id)}?done=saved`);
    if (saved.refused.code === 'conflict') {
      // Changed meanwhile: the latest settings are shown (and their version), to be changed again.
      return show(req, reply, await getShop(req.ctx, shop.id), { error: t('shop.err.stale') }, 409);
    }
    return show(req, reply, shop, { values: req.body, errors: saved.refused.errors, error: saved.refused.code === 'validation_failed' ? undefined : t('errors.conflict') }, saved.refused.status);
  });

  app.post(`${settingsPath(':id')}/bao-co/khoa`, { config: keep, schema: { hide: true, params: Params } }, async (req, reply) => {
    const { key } = await newNotifyKey(req.ctx, req.params.id);
    return show(req, reply, await getShop(req.ctx, req.params.id), { newKey: key });
  });

  app.post(`${settingsPath(':id')}/bao-co/bi-mat`, { config: keep, schema: { hide: true, params: Params, body: FormBody } }, async (req, reply) => {
    const { input, fields } = parseForm(NotifySecretSchema, { secret: req.body.secret ?? '' });
    if (!input?.secret) {
      return show(req, reply, await getShop(req.ctx, req.params.id), { errors: formMessages(fields, req.ctx.locale) }, 400);
    }
    await setNotifySecret(req.ctx, req.params.id, input.secret);
    return redirect(reply, `${settingsPath(req.params.id)}?done=secret#bao-co`);
  });

  app.post(`${settingsPath(':id')}/bao-co/bi-mat/go`, { config: keep, schema: { hide: true, params: Params } }, async (req, reply) => {
    await setNotifySecret(req.ctx, req.params.id, null);
    return redirect(reply, `${settingsPath(req.params.id)}?done=secretCleared#bao-co`);
  });
}
