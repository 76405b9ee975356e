/**
 * The trade connection pages (issue 16). Public: /ket-noi/dang-ky, a buyer organisation's sign-up
 * (rate-limited like the API, CSRF like every anonymous form), which signs its first member in at
 * once. A member's (role buyer): /tai-khoan/nhu-cau (the organisation's status and demands),
 * /moi (post one), /:id (offers side by side, accept or decline, threads, close or cancel) and
 * /tai-khoan/hop-dong (agreements and their moves). The back office's are in
 * trade-admin-pages.routes.tsx. Forms post, then redirect with what was done (post/redirect/get);
 * a refusal re-renders the page saying why. Personal pages: never cached, never indexed.
 */
import { z } from 'zod';
import type { VNode } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import { AGREEMENT_STATUSES } from '../../domain/trade';
import { AppError } from '../../errors';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { formErrors, formVersion } from '../../web/forms';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { isSecureRequest, preSessionCsrf, SESSION_COOKIE } from '../identity/auth.plugin';
import { login } from '../identity/identity.service';
import { listAreas } from '../registry/area.service';
import { listProductSets } from '../registry/product.service';
import { listAgreements, moveAgreement } from './agreements.service';
import { memberOf, myOrg, signUpBuyerOrg } from './buyer-orgs.service';
import { demandMatches, endDemand, getDemand, listDemands, postDemand } from './demands.service';
import { decideOffer, listOffers } from './offers.service';
import { getThread, postMessage, threadList } from './threads.service';
import { TRADE_BUYERS } from './trade.policy';
import { AgreementActionBody, MessageBody, OfferDecisionBody, type BuyerOrgSignupInput } from './trade.schema';
import { ORG_SIGNUP_LIMIT } from './trade.routes';
import {
  BuyerDemandPage, DEMAND_FIELDS, DemandFormPage, MY_AGREEMENTS, MY_DEMANDS, myDemand, MyAgreementsPage, MyDemandsPage, NEW_DEMAND, NoOrgPage,
  ORG_SIGNUP_PATH, OrgSignupPage, SIGNUP_FIELDS,
} from './buyer-trade.pages';
import { registerTradeAdminPages } from './trade-admin-pages.routes';
import { bodyOf, dateField, doneText, pageFailure, wholeNumber } from './trade-forms';

const Form = z.record(z.string(), z.string().max(5000));
const Id = z.object({ id: z.string().max(64) });
const pick = <K extends string>(body: Record<string, string>, keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, body[k] ?? ''])) as Record<K, string>;
const isNotFound = (e: unknown) => e instanceof AppError && e.code === 'not_found';
const DoneQuery = z.string().max(20).optional();

/** Provinces by name, and the communes of `province` when it is one. */
async function places(req: FastifyRequest, province: string) {
  const all = (await listAreas(req.ctx, { level: 'province', limit: 100, offset: 0 })).items;
  const provinces = all.map((a) => ({ value: a.code, label: a.name })).sort((a, b) => a.label.localeCompare(b.label, 'vi'));
  const known = provinces.some((p) => p.value === province);
  const communes = known
    ? (await listAreas(req.ctx, { level: 'commune', parent: province, limit: 2000, offset: 0 })).items.map((a) => ({ value: a.code, label: a.name })).sort((a, b) => a.label.localeCompare(b.label, 'vi'))
    : [];
  return { provinces, province: known ? province : '', communes };
}

export function registerTradePages(app: App, deps: Deps) {
  const buyers = { access: TRADE_BUYERS };
  const personal = (reply: FastifyReply, node: VNode, status = 200) => {
    reply.header('cache-control', 'private, no-store').header('x-robots-tag', 'noindex');
    return sendPage(reply, node, status);
  };

  // ── Signing an organisation up ──
  async function showSignup(req: FastifyRequest, reply: FastifyReply, province: string, values: Record<string, string> = {}, errors: Record<string, string> = {}, status = 200) {
    const where = await places(req, province);
    const actor = req.ctx.actor;
    return personal(reply, <OrgSignupPage view={viewOf(req)} token={req.csrfToken ?? preSessionCsrf(req, reply, deps)} {...where} values={values} errors={errors}
      signedInAs={actor ? actor.displayName : null} />, status);
  }

  app.get(ORG_SIGNUP_PATH, { config: { access: 'public' }, schema: { hide: true, querystring: z.object({ tinh: z.string().max(10).optional() }) } }, async (req, reply) => {
    if (await memberOf(req.ctx)) return redirect(reply, MY_DEMANDS);
    return showSignup(req, reply, req.query.tinh ?? '');
  });

  app.post(ORG_SIGNUP_PATH, { config: { access: 'public', rateLimit: ORG_SIGNUP_LIMIT }, schema: { hide: true, body: Form } }, async (req, reply) => {
    const values = pick(req.body, SIGNUP_FIELDS);
    const password = req.body.password ?? '';
    try {
      const org = await signUpBuyerOrg(req.ctx, { ...values, kind: values.kind as BuyerOrgSignupInput['kind'], website: values.website || null, username: values.username || null, password, passwordAgain: req.body.passwordAgain ?? '' });
      const session = await login(req.ctx, org.username!, password, { ip: req.ip, userAgent: req.headers['user-agent'] });
      // A lifetime rather than a date: a phone whose clock is wrong keeps the session all the same.
      const maxAge = Math.round((session.expiresAt.getTime() - deps.clock().getTime()) / 1000);
      reply.setCookie(SESSION_COOKIE, session.sessionToken, { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecureRequest(req, deps), maxAge });
      return redirect(reply, `${MY_DEMANDS}?moi=1`);
    } catch (e) {
      const { fields, status } = formErrors(e, req.ctx.locale);
      return showSignup(req, reply, req.body.tinh ?? '', values, fields, status);
    }
  });

  // ── The organisation's demands ──
  /** The member's organisation, or null (a market buyer without one). */
  const orgOf = async (req: FastifyRequest) => {
    try {
      return await myOrg(req.ctx);
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  };

  app.get(MY_DEMANDS, { config: buyers, schema: { hide: true, querystring: z.object({ moi: z.string().max(2).optional(), done: DoneQuery }) } }, async (req, reply) => {
    const org = await orgOf(req);
    const view = viewOf(req);
    if (!org) return personal(reply, <NoOrgPage view={view} />);
    const demands = await listDemands(req.ctx, { page: 1, pageSize: 100 });
    return personal(reply, <MyDemandsPage view={view} org={org} demands={demands.items} total={demands.total}
      created={req.query.moi === '1' ? req.ctx.actor!.username : null} done={doneText(req, req.query.done)} />);
  });

  async function showDemandForm(req: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: Record<string, string> = {}, status = 200) {
    const [sets, where] = await Promise.all([listProductSets(req.ctx), places(req, '')]);
    return personal(reply, <DemandFormPage view={viewOf(req)} sets={sets.map((s) => ({ value: s.code, label: `${s.code}. ${s.name}` }))} provinces={where.provinces} values={values} errors={errors} />, status);
  }

  app.get(NEW_DEMAND, { config: buyers, schema: { hide: true } }, async (req, reply) => {
    const org = await orgOf(req);
    if (!org) return personal(reply, <NoOrgPage view={viewOf(req)} />);
    if (org.status !== 'verified') return redirect(reply, MY_DEMANDS);
    return showDemandForm(req, reply, { deliveryProvinceCode: org.provinceCode, quantity: '', unit: '' });
  });

  app.post(NEW_DEMAND, { config: buyers, schema: { hide: true, body: Form } }, async (req, reply) => {
    const v = pick(req.body, DEMAND_FIELDS);
    try {
      const d = await postDemand(req.ctx, {
        title: v.title, description: v.description, productSetCode: v.productSetCode || null, minStars: v.minStars, quantity: wholeNumber(v.quantity),
        unit: v.unit, packaging: v.packaging, deliveryProvinceCode: v.deliveryProvinceCode, neededBy: dateField(v.neededBy), deadline: dateField(v.deadline),
        certifications: v.certifications.split(',').map((c) => c.trim()).filter(Boolean),
      });
      return redirect(reply, `${myDemand(d.id)}?done=posted`);
    } catch (e) {
      const f = pageFailure(req, e);
      return showDemandForm(req, reply, v, f.fields, f.status);
    }
  });

  // ── One demand ──
  async function showDemand(req: FastifyRequest, reply: FastifyReply, id: string, extra: { producer?: string | undefined; done?: string | undefined; error?: string | undefined; threadError?: string | undefined } = {}, status = 200) {
    const d = await getDemand(req.ctx, id);
    const [offers, matches, threads] = await Promise.all([listOffers(req.ctx, d.id), demandMatches(req.ctx, d.id), threadList(req.ctx, d.id)]);
    // Whom the buyer can write to: producers with a thread or an offer, then those matched.
    const producers = [...threads];
    for (const m of matches) if (!producers.some((p) => p.id === m.producer.id)) producers.push({ id: m.producer.id, name: m.producer.name, messages: 0 });
    let thread = null;
    if (extra.producer) {
      try {
        thread = await getThread(req.ctx, d.id, extra.producer);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    return personal(reply, <BuyerDemandPage view={viewOf(req)} d={d} offers={offers} matches={matches} producers={producers} thread={thread}
      done={extra.done} error={extra.error} threadError={extra.threadError} />, status);
  }

  app.get(`${MY_DEMANDS}/:id`, {
    config: buyers, schema: { hide: true, params: Id, querystring: z.object({ 'chu-the': z.string().max(64).optional(), done: DoneQuery }) },
  }, async (req, reply) => showDemand(req, reply, req.params.id, { producer: req.query['chu-the'], done: doneText(req, req.query.done) }));

  const OfferParams = z.object({ id: z.string().max(64), offer: z.string().max(64) });
  for (const [slug, action] of [['chap-nhan', 'accept'], ['tu-choi', 'decline']] as const) {
    app.post(`${MY_DEMANDS}/:id/chao-gia/:offer/${slug}`, { config: buyers, schema: { hide: true, params: OfferParams, body: Form } }, async (req, reply) => {
      try {
        await decideOffer(req.ctx, req.params.offer, action, action === 'decline' ? bodyOf(OfferDecisionBody, { reason: req.body.reason?.trim() || null }) : {});
        return redirect(reply, `${myDemand(req.params.id)}?done=${action === 'accept' ? 'accepted' : 'declined'}`);
      } catch (e) {
        const f = pageFailure(req, e);
        return showDemand(req, reply, req.params.id, { error: f.message }, f.status);
      }
    });
  }

  app.post(`${MY_DEMANDS}/:id/hoi-dap`, { config: buyers, schema: { hide: true, params: Id, body: Form } }, async (req, reply) => {
    const producer = req.body.producerId ?? '';
    try {
      await postMessage(req.ctx, req.params.id, bodyOf(MessageBody, { body: req.body.body ?? '', producerId: producer }));
      return redirect(reply, `${myDemand(req.params.id)}?chu-the=${encodeURIComponent(producer)}&done=sent#hoi-dap`);
    } catch (e) {
      const f = pageFailure(req, e);
      return showDemand(req, reply, req.params.id, { producer, error: f.message, threadError: f.fields.body }, f.status);
    }
  });

  for (const [slug, action] of [['dong', 'close'], ['huy', 'cancel']] as const) {
    app.post(`${MY_DEMANDS}/:id/${slug}`, { config: buyers, schema: { hide: true, params: Id, body: Form } }, async (req, reply) => {
      try {
        await endDemand(req.ctx, req.params.id, action);
        return redirect(reply, `${myDemand(req.params.id)}?done=${action === 'close' ? 'closed' : 'cancelled'}`);
      } catch (e) {
        const f = pageFailure(req, e);
        return showDemand(req, reply, req.params.id, { error: f.message }, f.status);
      }
    });
  }

  // ── Agreements ──
  const AgreementsQuery = z.object({ 'trang-thai': z.enum(AGREEMENT_STATUSES).optional().catch(undefined), done: DoneQuery });
  async function showAgreements(req: FastifyRequest, reply: FastifyReply, status: (typeof AGREEMENT_STATUSES)[number] | undefined, extra: { done?: string | undefined; failed?: { id: string; errors: Record<string, string>; message: string } } = {}, code = 200) {
    if (!(await orgOf(req))) return personal(reply, <NoOrgPage view={viewOf(req)} />);
    const list = await listAgreements(req.ctx, { status, page: 1, pageSize: 100 });
    return personal(reply, <MyAgreementsPage view={viewOf(req)} items={list.items} status={status} done={extra.done} failed={extra.failed} />, code);
  }

  app.get(MY_AGREEMENTS, { config: buyers, schema: { hide: true, querystring: AgreementsQuery } }, async (req, reply) =>
    showAgreements(req, reply, req.query['trang-thai'], { done: doneText(req, req.query.done) }));

  app.post(`${MY_AGREEMENTS}/:id`, { config: buyers, schema: { hide: true, params: Id, body: Form } }, async (req, reply) => {
    const action = req.body.action ?? '';
    try {
      await moveAgreement(req.ctx, req.params.id, bodyOf(AgreementActionBody, { action, comment: req.body.comment?.trim() || null, version: formVersion(req.body.version) }));
      return redirect(reply, `${MY_AGREEMENTS}?done=${encodeURIComponent(action)}#hop-dong-${req.params.id}`);
    } catch (e) {
      const f = pageFailure(req, e);
      return showAgreements(req, reply, undefined, { failed: { id: req.params.id, errors: f.fields, message: f.message } }, f.status);
    }
  });

  registerTradeAdminPages(app, deps);
}
