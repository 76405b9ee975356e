/**
 * Trade connection's back-office pages (trade-admin.pages.tsx): demands for producers and officers
 * (/admin/ket-noi/nhu-cau, /:id with the offer form — a multipart form, its file checked before
 * the offer is made — withdrawing, attaching a file, the thread), buyer organisations verified or
 * rejected by officers (/admin/ket-noi/doanh-nghiep) and agreements (/admin/ket-noi/hop-dong).
 * Every form posts, then redirects with what was done; a refusal re-renders the page saying why.
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import { todayInVietnam } from '../../domain/dates';
import { AGREEMENT_STATUSES, BUYER_ORG_STATUSES, DEMAND_STATUSES } from '../../domain/trade';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { formVersion } from '../../web/forms';
import { readMultipart, type MultipartBody } from '../../web/multipart';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { listAgreements, moveAgreement } from './agreements.service';
import { listBuyerOrgs, reviewBuyerOrg } from './buyer-orgs.service';
import { demandMatches, getDemand, listDemands } from './demands.service';
import { addOfferFile, decideOffer, listOffers, OFFER_FILE_LIMITS } from './offers.service';
import { getThread, postMessage } from './threads.service';
import { canReviewBuyerOrg, TRADE_OFFICERS, TRADE_STAFF } from './trade.policy';
import { countedAgreements, makeOfferWithFile, offerableProducts, offerFileProblem } from './trade-pages.service';
import { ADMIN_AGREEMENTS, ADMIN_DEMANDS, ADMIN_ORGS, AdminAgreementsPage, AdminDemandPage, AdminDemandsPage, adminDemand, BuyerOrgsPage, OFFER_FIELDS } from './trade-admin.pages';
import { bodyOf, dateField, doneText, pageFailure, wholeNumber } from './trade-forms';
import { AgreementActionBody, MessageBody, ReviewBody } from './trade.schema';

const Form = z.record(z.string(), z.string().max(5000));
const Id = z.object({ id: z.string().max(64) });
const OfferParams = z.object({ id: z.string().max(64), offer: z.string().max(64) });
const Page = z.coerce.number().int().min(1).max(10_000).catch(1).default(1);
const DoneQuery = z.string().max(20).optional();
const PAGE_SIZE = 20;

type OfferBody = MultipartBody<'_csrf' | (typeof OFFER_FIELDS)[number]>;
/** The offer form and the attach form are multipart (a file with the fields); the CSRF check reads `_csrf` from it. */
async function readOfferForm(req: FastifyRequest) {
  req.body = await readMultipart(req, { maxBytes: OFFER_FILE_LIMITS.maxBytes, tooLarge: 'truncate', fields: ['_csrf', ...OFFER_FIELDS], what: 'the file' });
}

export function registerTradeAdminPages(app: App, deps: Deps) {
  const staff = { access: TRADE_STAFF };
  const today = () => todayInVietnam(deps.clock());
  const isProducer = (req: FastifyRequest) => req.ctx.actor?.role === 'producer';

  // ── Demands ──
  app.get(ADMIN_DEMANDS, {
    config: staff, schema: { hide: true, querystring: z.object({ 'trang-thai': z.enum(DEMAND_STATUSES).optional().catch(undefined), trang: Page }) },
  }, async (req, reply) => {
    const status = req.query['trang-thai'];
    const list = await listDemands(req.ctx, { status, page: req.query.trang, pageSize: PAGE_SIZE });
    return sendPage(reply, <AdminDemandsPage view={viewOf(req)} demands={list.items} total={list.total} page={list.page} pageSize={list.pageSize} status={status}
      producer={isProducer(req)} today={today()} />);
  });

  interface Shown { values?: Record<string, string>; errors?: Record<string, string>; done?: string | undefined; error?: string | undefined; threadError?: string | undefined }
  async function showDemand(req: FastifyRequest, reply: FastifyReply, id: string, extra: Shown = {}, status = 200) {
    const d = await getDemand(req.ctx, id);
    const producer = isProducer(req);
    const [offers, matches, products, thread] = await Promise.all([
      listOffers(req.ctx, d.id),
      producer ? Promise.resolve([]) : demandMatches(req.ctx, d.id),
      producer ? offerableProducts(req.ctx, d.id) : Promise.resolve([]),
      producer ? getThread(req.ctx, d.id) : Promise.resolve(null),
    ]);
    return sendPage(reply, <AdminDemandPage view={viewOf(req)} d={d} producer={producer} today={today()} offers={offers} matches={matches} products={products} thread={thread} {...extra} />, status);
  }

  app.get(`${ADMIN_DEMANDS}/:id`, { config: staff, schema: { hide: true, params: Id, querystring: z.object({ done: DoneQuery }) } }, async (req, reply) =>
    showDemand(req, reply, req.params.id, { done: doneText(req, req.query.done) }));

  app.post(`${ADMIN_DEMANDS}/:id/chao-gia`, { config: { access: ['producer'] }, preValidation: readOfferForm, schema: { hide: true, params: Id } }, async (req, reply) => {
    const body = req.body as OfferBody;
    const values = Object.fromEntries(OFFER_FIELDS.map((k) => [k, body[k] ?? ''])) as Record<(typeof OFFER_FIELDS)[number], string>;
    try {
      await makeOfferWithFile(req.ctx, req.params.id, {
        productId: values.productId, unitPrice: wholeNumber(values.unitPrice), quantity: wholeNumber(values.quantity), deliveryOn: dateField(values.deliveryOn), note: values.note,
      }, body.file);
      return redirect(reply, `${adminDemand(req.params.id)}?done=offered#chao-gia`);
    } catch (e) {
      const f = pageFailure(req, e);
      const named = Object.keys(f.fields).some((k) => k !== 'form');
      return showDemand(req, reply, req.params.id, { values, errors: named ? f.fields : {}, error: f.fields.form ?? f.message }, f.status);
    }
  });

  app.post(`${ADMIN_DEMANDS}/:id/chao-gia/:offer/tep`, { config: { access: ['producer'] }, preValidation: readOfferForm, schema: { hide: true, params: OfferParams } }, async (req, reply) => {
    const file = (req.body as OfferBody).file;
    try {
      const refused = file ? offerFileProblem(file) : null;
      if (refused) throw refused;
      await addOfferFile(req.ctx, req.params.offer, file);
      return redirect(reply, `${adminDemand(req.params.id)}?done=attached#chao-gia`);
    } catch (e) {
      const f = pageFailure(req, e);
      return showDemand(req, reply, req.params.id, { error: Object.values(f.fields).join(' ') || f.message }, f.status);
    }
  });

  app.post(`${ADMIN_DEMANDS}/:id/chao-gia/:offer/rut`, { config: { access: ['producer'] }, schema: { hide: true, params: OfferParams, body: Form } }, async (req, reply) => {
    try {
      await decideOffer(req.ctx, req.params.offer, 'withdraw');
      return redirect(reply, `${adminDemand(req.params.id)}?done=withdrawn#chao-gia`);
    } catch (e) {
      const f = pageFailure(req, e);
      return showDemand(req, reply, req.params.id, { error: f.message }, f.status);
    }
  });

  app.post(`${ADMIN_DEMANDS}/:id/hoi-dap`, { config: { access: ['producer'] }, schema: { hide: true, params: Id, body: Form } }, async (req, reply) => {
    try {
      await postMessage(req.ctx, req.params.id, bodyOf(MessageBody, { body: req.body.body ?? '' }));
      return redirect(reply, `${adminDemand(req.params.id)}?done=sent#hoi-dap`);
    } catch (e) {
      const f = pageFailure(req, e);
      return showDemand(req, reply, req.params.id, { error: f.message, threadError: f.fields.body }, f.status);
    }
  });

  // ── Buyer organisations ──
  const OrgsQuery = z.object({ 'trang-thai': z.enum(BUYER_ORG_STATUSES).optional().catch(undefined), trang: Page, done: DoneQuery });
  async function showOrgs(req: FastifyRequest, reply: FastifyReply, q: z.infer<typeof OrgsQuery>, failed?: { id: string; errors: Record<string, string>; message: string }, code = 200) {
    const status = q['trang-thai'];
    const list = await listBuyerOrgs(req.ctx, { status, page: q.trang, pageSize: PAGE_SIZE });
    const view = viewOf(req);
    const actor = req.ctx.actor!;
    return sendPage(reply, <BuyerOrgsPage view={view} orgs={list.items} total={list.total} page={list.page} pageSize={list.pageSize} status={status}
      canReview={(o) => canReviewBuyerOrg(actor, o)} done={doneText(req, q.done)} failed={failed} />, code);
  }

  app.get(ADMIN_ORGS, { config: { access: TRADE_OFFICERS }, schema: { hide: true, querystring: OrgsQuery } }, async (req, reply) => showOrgs(req, reply, req.query));

  app.post(`${ADMIN_ORGS}/:id`, { config: { access: ['national_admin', 'province_officer'] }, schema: { hide: true, params: Id, body: Form } }, async (req, reply) => {
    try {
      const input = bodyOf(ReviewBody, { decision: req.body.decision, reason: req.body.reason?.trim() || null, version: formVersion(req.body.version) });
      await reviewBuyerOrg(req.ctx, req.params.id, input);
      return redirect(reply, `${ADMIN_ORGS}?done=${input.decision}`);
    } catch (e) {
      const f = pageFailure(req, e);
      return showOrgs(req, reply, { trang: 1, 'trang-thai': undefined, done: undefined }, { id: req.params.id, errors: f.fields, message: f.message }, f.status);
    }
  });

  // ── Agreements ──
  const AgreementsQuery = z.object({ 'trang-thai': z.enum(AGREEMENT_STATUSES).optional().catch(undefined), done: DoneQuery });
  async function showAgreements(req: FastifyRequest, reply: FastifyReply, status: (typeof AGREEMENT_STATUSES)[number] | undefined, extra: { done?: string | undefined; failed?: { id: string; errors: Record<string, string>; message: string } } = {}, code = 200) {
    const [list, counted] = await Promise.all([
      listAgreements(req.ctx, { status, page: 1, pageSize: 100 }),
      isProducer(req) ? Promise.resolve(null) : countedAgreements(req.ctx),
    ]);
    return sendPage(reply, <AdminAgreementsPage view={viewOf(req)} items={list.items} total={list.total} status={status} counted={counted} done={extra.done} failed={extra.failed} />, code);
  }

  app.get(ADMIN_AGREEMENTS, { config: staff, schema: { hide: true, querystring: AgreementsQuery } }, async (req, reply) =>
    showAgreements(req, reply, req.query['trang-thai'], { done: doneText(req, req.query.done) }));

  app.post(`${ADMIN_AGREEMENTS}/:id`, { config: staff, schema: { hide: true, params: Id, body: Form } }, async (req, reply) => {
    const action = req.body.action ?? '';
    try {
      await moveAgreement(req.ctx, req.params.id, bodyOf(AgreementActionBody, { action, comment: req.body.comment?.trim() || null, version: formVersion(req.body.version) }));
      return redirect(reply, `${ADMIN_AGREEMENTS}?done=${encodeURIComponent(action)}#hop-dong-${req.params.id}`);
    } catch (e) {
      const f = pageFailure(req, e);
      return showAgreements(req, reply, undefined, { failed: { id: req.params.id, errors: f.fields, message: f.message } }, f.status);
    }
  });
}
