/**
 * A buyer's pages (buyer.pages.tsx): signing up (public, rate-limited, CSRF like every anonymous
 * form: the pre-session cookie), which signs the new buyer in at once; then the account, the
 * addresses kept and the orders placed from it (`buyer` role only). Personal pages: never cached,
 * never indexed.
 */
import { z } from 'zod';
import type { VNode } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { safeNext } from '../identity/landing';
import { formErrors } from '../../web/forms';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { isSecureRequest, preSessionCsrf, SESSION_COOKIE } from '../identity/auth.plugin';
import { login } from '../identity/identity.service';
import { afterLogin } from '../identity/landing';
import { BUYERS, isBuyer } from './buyer.policy';
import {
  ACCOUNT_PATH, AccountPage, ADDRESSES_PATH, AddressesPage, AddressFormPage, MY_ORDERS_PATH, MyOrdersPage, SIGNUP_PATH, SignupPage,
} from './buyer.pages';
import {
  addAddress, checkoutAccount, deleteAddress, getMyAddress, listMyAddresses, myOrders, setDefaultAddress, signUpBuyer, updateAddress,
} from './buyer.service';
import { communesOf, provinces as floorProvinces } from './floor.service';

/** Sign-ups per IP per hour (the form and the API; RATE_LIMIT_ALLOWLIST exempts load tests and proxies). */
export const SIGNUP_LIMIT = { max: 10, timeWindow: '1 hour' } as const;

const Form = z.record(z.string(), z.string().max(600));
const Id = z.object({ id: z.string().max(64) });
const Province = z.object({ tinh: z.string().max(2).optional() });
const SIGNUP_FIELDS = ['name', 'phone', 'email', 'username'] as const;
const ADDRESS_FIELDS = ['province', 'recipientName', 'phone', 'communeCode', 'street', 'isDefault'] as const;
const DONE = { saved: 'buyer.addresses.done.saved', deleted: 'buyer.addresses.done.deleted', default: 'buyer.addresses.done.default' } as const;

const pick = <K extends string>(body: Record<string, string>, keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, body[k] ?? ''])) as Record<K, string>;
/** A posted address form as the service takes it (an unticked box: the default is left as it is). */
const addressInput = (v: Record<(typeof ADDRESS_FIELDS)[number], string>) => ({
  recipientName: v.recipientName, phone: v.phone, communeCode: v.communeCode, street: v.street, ...(v.isDefault === 'on' ? { isDefault: true } : {}),
});

export function registerBuyerPages(app: App, deps: Deps) {
  const buyersOnly = { access: BUYERS };
  const personal = (reply: FastifyReply, node: VNode, status = 200) => {
    reply.header('cache-control', 'private, no-store').header('x-robots-tag', 'noindex');
    return sendPage(reply, node, status);
  };

  // ── Signing up ──
  const showSignup = (req: FastifyRequest, reply: FastifyReply, next: string, values: Record<string, string> = {}, errors: Record<string, string> = {}, status = 200) =>
    personal(reply, <SignupPage view={viewOf(req)} token={req.csrfToken ?? preSessionCsrf(req, reply, deps)} next={next} values={values} errors={errors} />, status);

  app.get(SIGNUP_PATH, { config: { access: 'public' }, schema: { hide: true, querystring: z.object({ next: z.string().max(2000).optional() }) } }, (req, reply) => {
    if (isBuyer(req.ctx.actor)) return redirect(reply, afterLogin('buyer', req.query.next));
    return showSignup(req, reply, safeNext(req.query.next) ?? '');
  });

  app.post(SIGNUP_PATH, { config: { access: 'public', rateLimit: SIGNUP_LIMIT }, schema: { hide: true, body: Form } }, async (req, reply) => {
    const values = pick(req.body, SIGNUP_FIELDS);
    const password = req.body.password ?? '';
    const next = safeNext(req.body.next) ?? '';
    try {
      const buyer = await signUpBuyer(req.ctx, { ...values, password, passwordAgain: req.body.passwordAgain ?? '' });
      const session = await login(req.ctx, buyer.username, password, { ip: req.ip, userAgent: req.headers['user-agent'] });
      // A lifetime rather than a date: a phone whose clock is wrong keeps the session all the same.
      const maxAge = Math.round((session.expiresAt.getTime() - deps.clock().getTime()) / 1000);
      reply.setCookie(SESSION_COOKIE, session.sessionToken, { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecureRequest(req, deps), maxAge });
      return redirect(reply, next ? afterLogin('buyer', next) : `${ACCOUNT_PATH}?moi=1`);
    } catch (e) {
      const { fields, status } = formErrors(e, req.ctx.locale);
      return showSignup(req, reply, next, values, fields, status);
    }
  });

  // ── The account ──
  app.get(ACCOUNT_PATH, { config: buyersOnly, schema: { hide: true, querystring: z.object({ moi: z.string().max(2).optional() }) } }, async (req, reply) => {
    const [addresses, orders] = await Promise.all([listMyAddresses(req.ctx), myOrders(req.ctx, { page: 1, pageSize: 3 })]);
    return personal(reply, <AccountPage view={viewOf(req)} login={req.ctx.actor!.username} address={addresses.find((a) => a.isDefault) ?? null} orders={orders.items} created={req.query.moi === '1'} />);
  });

  app.get(MY_ORDERS_PATH, { config: buyersOnly, schema: { hide: true, querystring: z.object({ trang: z.coerce.number().int().min(1).max(10_000).catch(1).default(1) }) } }, async (req, reply) => {
    const found = await myOrders(req.ctx, { page: req.query.trang, pageSize: 10 });
    return personal(reply, <MyOrdersPage view={viewOf(req)} orders={found.items} total={found.total} page={found.page} pageSize={found.pageSize} />);
  });

  // ── Addresses ──
  app.get(ADDRESSES_PATH, { config: buyersOnly, schema: { hide: true, querystring: z.object({ done: z.enum(['saved', 'deleted', 'default']).optional() }) } }, async (req, reply) => {
    const view = viewOf(req);
    return personal(reply, <AddressesPage view={view} addresses={await listMyAddresses(req.ctx)} done={req.query.done ? view.t(DONE[req.query.done]) : undefined} />);
  });

  async function showAddressForm(req: FastifyRequest, reply: FastifyReply, action: string, values: Record<string, string>, errors: Record<string, string> = {}, status = 200) {
    const view = viewOf(req);
    const [provinces, communes] = await Promise.all([floorProvinces(req.ctx), /^\d{2}$/.test(values.province ?? '') ? communesOf(req.ctx, values.province!) : []]);
    const isNew = action.endsWith('/them');
    return personal(reply, <AddressFormPage view={view} action={action} title={view.t(isNew ? 'buyer.addresses.addTitle' : 'buyer.addresses.editTitle')}
      provinces={provinces} communes={communes} values={values} errors={errors} canBeDefault={isNew || values.wasDefault !== 'true'} />, status);
  }

  /** Saves a posted address form (`save`), or shows it again with what was wrong. */
  const saveAddress = (action: (req: FastifyRequest<{ Params: Record<string, string> }>) => string, save: (req: FastifyRequest<{ Params: Record<string, string> }>, input: ReturnType<typeof addressInput>) => Promise<unknown>) =>
    async (req: FastifyRequest<{ Params: Record<string, string>; Body: Record<string, string> }>, reply: FastifyReply) => {
      const values = pick(req.body, ADDRESS_FIELDS);
      try {
        await save(req, addressInput(values));
        return redirect(reply, `${ADDRESSES_PATH}?done=saved`);
      } catch (e) {
        const { fields, status } = formErrors(e, req.ctx.locale);
        return showAddressForm(req, reply, action(req), values, fields, status);
      }
    };

  app.get(`${ADDRESSES_PATH}/them`, { config: buyersOnly, schema: { hide: true, querystring: Province } }, async (req, reply) => {
    const account = await checkoutAccount(req.ctx);
    return showAddressForm(req, reply, `${ADDRESSES_PATH}/them`, { province: req.query.tinh ?? '', recipientName: account?.name ?? '', phone: account?.phone ?? '' });
  });
  app.post(`${ADDRESSES_PATH}/them`, { config: buyersOnly, schema: { hide: true, body: Form } },
    saveAddress(() => `${ADDRESSES_PATH}/them`, (req, input) => addAddress(req.ctx, input)));

  app.get(`${ADDRESSES_PATH}/:id/sua`, { config: buyersOnly, schema: { hide: true, params: Id, querystring: Province } }, async (req, reply) => {
    const a = await getMyAddress(req.ctx, req.params.id);
    const province = req.query.tinh && req.query.tinh !== a.provinceCode ? req.query.tinh : a.provinceCode;
    return showAddressForm(req, reply, `${ADDRESSES_PATH}/${a.id}/sua`, {
      province, recipientName: a.recipientName, phone: a.phone, communeCode: province === a.provinceCode ? a.communeCode : '', street: a.street, wasDefault: String(a.isDefault),
    });
  });
  app.post(`${ADDRESSES_PATH}/:id/sua`, { config: buyersOnly, schema: { hide: true, params: Id, body: Form } },
    saveAddress((req) => `${ADDRESSES_PATH}/${req.params.id}/sua`, (req, input) => updateAddress(req.ctx, req.params.id!, input)));

  app.post(`${ADDRESSES_PATH}/:id/xoa`, { config: buyersOnly, schema: { hide: true, params: Id, body: Form } }, async (req, reply) => {
    await deleteAddress(req.ctx, req.params.id);
    return redirect(reply, `${ADDRESSES_PATH}?done=deleted`);
  });

  app.post(`${ADDRESSES_PATH}/:id/mac-dinh`, { config: buyersOnly, schema: { hide: true, params: Id, body: Form } }, async (req, reply) => {
    await setDefaultAddress(req.ctx, req.params.id);
    return redirect(reply, `${ADDRESSES_PATH}?done=default`);
  });
}
