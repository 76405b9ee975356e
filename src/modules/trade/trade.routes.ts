/**
 * Trade connection over the API (issue 16; api.md "Trade connection and events"): buyer
 * organisations (sign-up public and rate-limited, verification by officers), demands with their
 * matches, offers and their files, the question threads, and trade agreements. Events are in
 * events.routes.ts; the pages in trade-pages.routes.tsx.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { errorResponses, pageOf } from '../../web/api-schemas';
import { readMultipart, type MultipartBody } from '../../web/multipart';
import { getAgreement, listAgreements, moveAgreement, recordEventAgreement } from './agreements.service';
import { getBuyerOrg, listBuyerOrgs, myOrg, reviewBuyerOrg, signUpBuyerOrg } from './buyer-orgs.service';
import { demandMatches, endDemand, getDemand, listDemands, postDemand } from './demands.service';
import { addOfferFile, decideOffer, getOffer, listOffers, makeOffer, offerFile, OFFER_FILE_LIMITS } from './offers.service';
import { getThread, postMessage, threadList } from './threads.service';
import { TRADE_BUYERS, TRADE_OFFICERS, TRADE_PARTIES } from './trade.policy';
import {
  AgreementActionBody, AgreementQuerySchema, AgreementSchema, BuyerOrgQuerySchema, BuyerOrgSchema, BuyerOrgSignupBody, DemandBody, DemandQuerySchema,
  DemandSchema, EventAgreementBody, MatchSchema, MessageBody, OfferBody, OfferDecisionBody, OfferSchema, ReviewBody, ThreadSchema,
} from './trade.schema';

const tags = ['trade'];
const IdParams = z.object({ id: z.string().max(64) });
const Binary = z.any().meta({ type: 'string', format: 'binary' });
/** Sign-ups of buyer organisations per address: a handful an hour is plenty for people. */
export const ORG_SIGNUP_LIMIT = { max: 10, timeWindow: '1 hour' } as const;

type FileBody = MultipartBody<'_csrf'>;
async function readOfferFile(req: FastifyRequest) {
  req.body = await readMultipart(req, { maxBytes: OFFER_FILE_LIMITS.maxBytes, tooLarge: 'truncate', fields: ['_csrf'], what: 'the file' });
}

export function registerTradeRoutes(app: App, _deps: Deps) {
  // ─── Buyer organisations ───────────────────────────────────────────────────
  app.post('/api/v1/trade/buyer-orgs', {
    config: { access: 'public', rateLimit: ORG_SIGNUP_LIMIT },
    schema: {
      tags, summary: 'Sign a buyer organisation up with its first member account (role buyer); it posts demands once an officer verifies it. '
        + 'Field codes: tax_code.format, tax_code.check_digit, trade.tax_code_registered (409 duplicate), market.phone, market.email, market.unknown_commune, username.*, password.*',
      body: BuyerOrgSignupBody, response: { 201: BuyerOrgSchema, ...errorResponses(400, 409, 429) },
    },
  }, async (req, reply) => reply.code(201).send(await signUpBuyerOrg(req.ctx, req.body)));

  app.get('/api/v1/trade/buyer-orgs', {
    config: { access: TRADE_OFFICERS },
    schema: { tags, summary: 'Buyer organisations of the officer\'s province (national: all), those awaiting verification first', querystring: BuyerOrgQuerySchema, response: { 200: pageOf(BuyerOrgSchema), ...errorResponses(401, 403) } },
  }, async (req) => listBuyerOrgs(req.ctx, req.query));

  app.get('/api/v1/trade/buyer-orgs/mine', {
    config: { access: TRADE_BUYERS },
    schema: { tags, summary: 'The organisation the signed-in buyer acts for (404: none)', response: { 200: BuyerOrgSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => myOrg(req.ctx));

  app.get('/api/v1/trade/buyer-orgs/:id', {
    config: { access: TRADE_PARTIES },
    schema: { tags, summary: 'One buyer organisation (its members and the officers of its province)', params: IdParams, response: { 200: BuyerOrgSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getBuyerOrg(req.ctx, req.params.id));

  app.post('/api/v1/trade/buyer-orgs/:id/review', {
    config: { access: ['national_admin', 'province_officer'] },
    schema: {
      tags, summary: 'Verify or reject (with a reason, shown to the organisation) a buyer organisation of the officer\'s province',
      params: IdParams, body: ReviewBody, response: { 200: BuyerOrgSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => reviewBuyerOrg(req.ctx, req.params.id, req.body));

  // ─── Demands ───────────────────────────────────────────────────────────────
  app.get('/api/v1/trade/demands', {
    config: { access: TRADE_PARTIES },
    schema: {
      tags, summary: 'Demands in reach: a verified buyer\'s own, officers\' of their province (delivered there or posted from there), producers\' those matching their certified products',
      querystring: DemandQuerySchema, response: { 200: pageOf(DemandSchema), ...errorResponses(401, 403) },
    },
  }, async (req) => listDemands(req.ctx, req.query));

  app.post('/api/v1/trade/demands', {
    config: { access: TRADE_BUYERS },
    schema: {
      tags, summary: 'Post a demand (verified organisations only: 403 buyer_not_verified otherwise). Certified products that fit are matched at once and their producers told',
      body: DemandBody, response: { 201: DemandSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (req, reply) => reply.code(201).send(await postDemand(req.ctx, req.body)));

  app.get('/api/v1/trade/demands/:id', {
    config: { access: TRADE_PARTIES },
    schema: { tags, summary: 'One demand (out of reach: 404)', params: IdParams, response: { 200: DemandSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getDemand(req.ctx, req.params.id));

  app.get('/api/v1/trade/demands/:id/matches', {
    config: { access: ['buyer', 'national_admin', 'province_officer', 'commune_officer'] },
    schema: { tags, summary: 'The certified products matched to the demand, best first (same province, in stock, stars)', params: IdParams, response: { 200: z.object({ items: z.array(MatchSchema) }), ...errorResponses(401, 403, 404) } },
  }, async (req) => ({ items: await demandMatches(req.ctx, req.params.id) }));

  for (const action of ['close', 'cancel'] as const) {
    app.post(`/api/v1/trade/demands/:id/${action}`, {
      config: { access: TRADE_BUYERS },
      schema: {
        tags, summary: action === 'close' ? 'Close the demand: no more offers; offers still waiting are declined' : 'Cancel an open demand; offers still waiting are declined',
        params: IdParams, response: { 200: DemandSchema, ...errorResponses(401, 403, 404, 409) },
      },
    }, async (req) => endDemand(req.ctx, req.params.id, action));
  }

  // ─── Offers ────────────────────────────────────────────────────────────────
  app.get('/api/v1/trade/demands/:id/offers', {
    config: { access: TRADE_PARTIES },
    schema: { tags, summary: 'Offers on the demand: all for its buyer (side by side, the lowest total first), a producer\'s own only', params: IdParams, response: { 200: z.object({ items: z.array(OfferSchema) }), ...errorResponses(401, 403, 404) } },
  }, async (req) => ({ items: await listOffers(req.ctx, req.params.id) }));

  app.post('/api/v1/trade/demands/:id/offers', {
    config: { access: ['producer', 'national_admin', 'province_officer', 'commune_officer'] },
    schema: {
      tags, summary: 'Offer on a demand until its deadline day (409 deadline_passed), with a product certified today in its set and stars (409 no_certified_product; field trade.product_not_offerable). One live offer per producer (409 duplicate)',
      params: IdParams, body: OfferBody, response: { 201: OfferSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await makeOffer(req.ctx, req.params.id, req.body)));

  app.get('/api/v1/trade/offers/:id', {
    config: { access: TRADE_PARTIES },
    schema: { tags, summary: 'One offer (a competitor\'s: 404)', params: IdParams, response: { 200: OfferSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getOffer(req.ctx, req.params.id));

  for (const action of ['accept', 'decline', 'withdraw'] as const) {
    app.post(`/api/v1/trade/offers/:id/${action}`, {
      config: { access: action === 'withdraw' ? ['producer', 'national_admin', 'province_officer', 'commune_officer'] : TRADE_BUYERS },
      schema: {
        tags, summary: action === 'accept' ? 'The buyer accepts the offer: the demand is awarded and a trade agreement opens (negotiating)'
          : action === 'decline' ? 'The buyer declines the offer (reason optional, shown to the producer)' : 'The producer withdraws its submitted offer',
        params: IdParams, body: OfferDecisionBody.optional(), response: { 200: OfferSchema, ...errorResponses(401, 403, 404, 409) },
      },
    }, async (req) => decideOffer(req.ctx, req.params.id, action, req.body ?? {}));
  }

  app.post('/api/v1/trade/offers/:id/files', {
    config: { access: ['producer', 'national_admin', 'province_officer', 'commune_officer'] },
    preValidation: readOfferFile,
    schema: {
      tags, summary: `Attach a file to the producer's submitted offer (multipart field "file"): PDF, JPEG, PNG or WebP, at most ${OFFER_FILE_LIMITS.maxBytes / 1024 / 1024} MB, ${OFFER_FILE_LIMITS.maxPerOffer} per offer`,
      consumes: ['multipart/form-data'], params: IdParams, body: z.object({ file: Binary }),
      response: { 201: OfferSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
    },
  }, async (req, reply) => reply.code(201).send(await addOfferFile(req.ctx, req.params.id, (req.body as FileBody).file)));

  app.get('/api/v1/trade/offer-files/:id', {
    config: { access: TRADE_PARTIES },
    schema: { tags, summary: 'Download a file of an offer (whoever may read the offer)', params: IdParams, response: { 200: { description: 'the file', content: { 'application/octet-stream': { schema: Binary } } }, ...errorResponses(401, 403, 404) } },
  }, async (req, reply) => {
    const f = await offerFile(req.ctx, req.params.id);
    return reply.header('content-type', f.mime).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`).send(f.data);
  });

  // ─── Threads ───────────────────────────────────────────────────────────────
  const ThreadQuery = z.object({ producer: z.string().max(64).optional() });
  app.get('/api/v1/trade/demands/:id/threads', {
    config: { access: TRADE_BUYERS },
    schema: { tags, summary: 'The buyer\'s conversations on its demand: producers with messages or offers', params: IdParams, response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), messages: z.number().int() })) }), ...errorResponses(401, 403, 404) } },
  }, async (req) => ({ items: await threadList(req.ctx, req.params.id) }));

  app.get('/api/v1/trade/demands/:id/thread', {
    config: { access: ['buyer', 'producer', 'national_admin', 'province_officer', 'commune_officer'] },
    schema: { tags, summary: 'The thread of the demand with one producer (?producer= for the buyer and officers; a producer reads its own). Another buyer\'s or producer\'s: 404', params: IdParams, querystring: ThreadQuery, response: { 200: ThreadSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getThread(req.ctx, req.params.id, req.query.producer));

  app.post('/api/v1/trade/demands/:id/thread', {
    config: { access: ['buyer', 'producer', 'national_admin', 'province_officer', 'commune_officer'] },
    schema: { tags, summary: 'Write a question or answer in the thread (the buyer names the producer)', params: IdParams, body: MessageBody, response: { 201: ThreadSchema, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req, reply) => reply.code(201).send(await postMessage(req.ctx, req.params.id, req.body)));

  // ─── Agreements ────────────────────────────────────────────────────────────
  app.get('/api/v1/trade/agreements', {
    config: { access: TRADE_PARTIES },
    schema: { tags, summary: 'Trade agreements in reach: a buyer\'s, a producer\'s, officers\' of their area', querystring: AgreementQuerySchema, response: { 200: pageOf(AgreementSchema), ...errorResponses(401, 403) } },
  }, async (req) => listAgreements(req.ctx, req.query));

  app.post('/api/v1/trade/agreements', {
    config: { access: ['producer', 'national_admin', 'province_officer', 'commune_officer'] },
    schema: { tags, summary: 'Record an agreement signed at an event by an approved exhibitor (status signed: a programme result)', body: EventAgreementBody, response: { 201: AgreementSchema, ...errorResponses(400, 401, 403, 404) } },
  }, async (req, reply) => reply.code(201).send(await recordEventAgreement(req.ctx, req.body)));

  app.get('/api/v1/trade/agreements/:id', {
    config: { access: TRADE_PARTIES },
    schema: { tags, summary: 'One trade agreement with its items, history and the actions the reader may take', params: IdParams, response: { 200: AgreementSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getAgreement(req.ctx, req.params.id));

  app.post('/api/v1/trade/agreements/:id/transitions', {
    config: { access: TRADE_PARTIES },
    schema: {
      tags, summary: 'Move the agreement: sign (either party), start_delivery (producer), complete (either), cancel (either, with a comment). Others: 409 invalid_transition',
      params: IdParams, body: AgreementActionBody, response: { 200: AgreementSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => moveAgreement(req.ctx, req.params.id, req.body));
}
