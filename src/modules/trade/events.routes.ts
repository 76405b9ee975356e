/**
 * Trade events over the API (api.md "Trade connection and events"): the public list and event,
 * the officers' events (create, edit, publish, cancel), registrations (register, list, approve,
 * reject, booth, withdraw, result) and the event's report. The pages are in
 * events-pages.routes.tsx.
 */
import { z } from 'zod';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { errorResponses, pageOf } from '../../web/api-schemas';
import { EVENT_MANAGERS, EVENT_OFFICERS, EVENT_STAFF } from './events.policy';
import {
  BoothBody, CancelBody, EventBody, EventDetailSchema, EventItemSchema, EventListQuerySchema, EventPatchBody, EventReportSchema,
  ManagedListQuerySchema, RegistrationBody, RegistrationListQuerySchema, RegistrationSchema, RejectBody, ResultBody, VersionBody,
} from './events.schema';
import { cancelEvent, createEvent, getEvent, listManagedEvents, listPublicEvents, publishEvent, updateEvent } from './events.service';
import {
  allocateBooth, approveRegistration, getRegistration, listEventRegistrations, listMyRegistrations, register, rejectRegistration,
  reportResult, withdrawRegistration,
} from './events-registrations.service';
import { eventReport } from './events-report';
import { registerEventPages } from './events-pages.routes';

const IdParams = z.object({ id: z.string().max(64) });
const tags = ['trade-events'];
const SHORT_PUBLIC = 'public, max-age=60, s-maxage=60';

export function registerEventRoutes(app: App, deps: Deps) {
  app.get('/api/v1/trade/events', {
    config: { access: 'public' },
    schema: {
      tags, summary: 'Published trade events (fairs, product weeks, exhibitions, trade conferences, OCOP corners) with their approved exhibitors, booths and products (stars in force today). '
        + 'from/to: events overlapping the period (ending on or after from, starting on or before to); province: the venue\'s; kind. By start date',
      querystring: EventListQuerySchema, response: { 200: pageOf(EventItemSchema), ...errorResponses(400) },
    },
  }, async (req, reply) => {
    reply.header('cache-control', req.ctx.actor ? 'private, no-cache' : SHORT_PUBLIC);
    return listPublicEvents(req.ctx, req.query);
  });

  app.get('/api/v1/trade/events/managed', {
    config: { access: EVENT_STAFF },
    schema: {
      tags, summary: 'The back office\'s events: officers those run by or held in their province (national administrators all), any status; producers the published and cancelled ones. Newest first',
      querystring: ManagedListQuerySchema, response: { 200: pageOf(EventDetailSchema), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => listManagedEvents(req.ctx, req.query));

  app.get('/api/v1/trade/events/:id', {
    config: { access: 'public' },
    schema: {
      tags, summary: 'One event: published events for everyone; a draft or cancelled one for the officers who read it in the back office (404 otherwise)',
      params: IdParams, response: { 200: EventDetailSchema, ...errorResponses(404) },
    },
  }, async (req, reply) => {
    const e = await getEvent(req.ctx, req.params.id);
    reply.header('cache-control', req.ctx.actor || e.status !== 'published' ? 'private, no-cache' : SHORT_PUBLIC);
    return e;
  });

  app.post('/api/v1/trade/events', {
    config: { access: EVENT_MANAGERS },
    schema: {
      tags, summary: 'Create an event as a draft: national administrators (a national event) or province officers (run by their province, held in one of its communes). '
        + 'Every field problem at once (400 with fieldCodes: trade_event.whole_dong, trade_event.fee_negative, trade_event.quota_positive, trade_event.ends_before_start …). The body is sanitised (safe rich-text subset)',
      body: EventBody, response: { 201: EventDetailSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (req, reply) => reply.code(201).send(await createEvent(req.ctx, req.body)));

  app.patch('/api/v1/trade/events/:id', {
    config: { access: EVENT_MANAGERS },
    schema: {
      tags, summary: 'Edit a draft or published event (its office only: 404 out of reach, 403 read only). Send the version read: a stale one → 409 conflict. A cancelled event → 409 invalid_transition',
      params: IdParams, body: EventPatchBody, response: { 200: EventDetailSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => updateEvent(req.ctx, req.params.id, req.body));

  app.post('/api/v1/trade/events/:id/publish', {
    config: { access: EVENT_MANAGERS },
    schema: { tags, summary: 'Publish a draft: it appears on /su-kien and in the public list, and producers may register', params: IdParams, body: VersionBody, response: { 200: EventDetailSchema, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => publishEvent(req.ctx, req.params.id, req.body.version));

  app.post('/api/v1/trade/events/:id/cancel', {
    config: { access: EVENT_MANAGERS },
    schema: { tags, summary: 'Cancel an event (draft or published); it leaves the public calendar', params: IdParams, body: CancelBody, response: { 200: EventDetailSchema, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => cancelEvent(req.ctx, req.params.id, req.body));

  app.get('/api/v1/trade/events/:id/registrations', {
    config: { access: EVENT_STAFF },
    schema: {
      tags, summary: 'An event\'s registrations: every one for its officers; a producer its own only',
      params: IdParams, querystring: RegistrationListQuerySchema, response: { 200: pageOf(RegistrationSchema), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => listEventRegistrations(req.ctx, req.params.id, req.query));

  app.post('/api/v1/trade/events/:id/registrations', {
    config: { access: EVENT_STAFF },
    schema: {
      tags, summary: 'Register for a published event with the products brought: a producer for itself; an officer names producerId (a producer it keeps). '
        + 'Only the producer\'s own products, each certified today (400 trade_event.not_own_product / not_certified); closed (from the start day or after registrationClosesOn) → 409 registration_closed; '
        + 'every booth taken → 409 quota_full; registered already → 409 duplicate',
      params: IdParams, body: RegistrationBody, response: { 201: RegistrationSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await register(req.ctx, req.params.id, req.body)));

  app.get('/api/v1/trade/registrations', {
    config: { access: ['producer'] },
    schema: { tags, summary: 'The producer\'s own registrations', querystring: RegistrationListQuerySchema, response: { 200: pageOf(RegistrationSchema), ...errorResponses(400, 401, 403) } },
  }, async (req) => listMyRegistrations(req.ctx, req.query));

  app.get('/api/v1/trade/registrations/:id', {
    config: { access: EVENT_STAFF },
    schema: { tags, summary: 'One registration: its producer (and the officers keeping it) and the event\'s officers; anyone else 404', params: IdParams, response: { 200: RegistrationSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getRegistration(req.ctx, req.params.id));

  app.post('/api/v1/trade/registrations/:id/approve', {
    config: { access: EVENT_MANAGERS },
    schema: { tags, summary: 'Approve a registration (the event\'s office); the approved reaching the booth quota → 409 quota_full', params: IdParams, body: VersionBody, response: { 200: RegistrationSchema, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => approveRegistration(req.ctx, req.params.id, req.body.version));

  app.post('/api/v1/trade/registrations/:id/reject', {
    config: { access: EVENT_MANAGERS },
    schema: { tags, summary: 'Reject a registration with a reason (shown to the producer); its booth is freed', params: IdParams, body: RejectBody, response: { 200: RegistrationSchema, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => rejectRegistration(req.ctx, req.params.id, req.body));

  app.put('/api/v1/trade/registrations/:id/booth', {
    config: { access: EVENT_MANAGERS },
    schema: {
      tags, summary: 'Allocate (or free, with null) an approved exhibitor\'s booth. A booth another exhibitor of the event holds → 409 booth_taken (two allocations at once: one wins, the other 409)',
      params: IdParams, body: BoothBody, response: { 200: RegistrationSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => allocateBooth(req.ctx, req.params.id, req.body));

  app.post('/api/v1/trade/registrations/:id/withdraw', {
    config: { access: EVENT_STAFF },
    schema: { tags, summary: 'The producer (or an officer keeping it) withdraws before the event\'s first day', params: IdParams, body: VersionBody, response: { 200: RegistrationSchema, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => withdrawRegistration(req.ctx, req.params.id, req.body.version));

  app.put('/api/v1/trade/registrations/:id/result', {
    config: { access: EVENT_STAFF },
    schema: {
      tags, summary: 'An approved exhibitor (or an officer for it) reports its sales at the event in whole đồng (and visitors), from the event\'s first day; reported again, replaced',
      params: IdParams, body: ResultBody, response: { 200: RegistrationSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => reportResult(req.ctx, req.params.id, req.body));

  app.get('/api/v1/trade/events/:id/report', {
    config: { access: EVENT_OFFICERS },
    schema: {
      tags, summary: 'The event\'s report: per approved exhibitor its booth, products, reported sales and the agreements signed at the event (signed, delivering, completed); totals. '
        + 'XLSX and PDF: /admin/su-kien/:id/bao-cao.xlsx and .pdf',
      params: IdParams, response: { 200: EventReportSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (req) => eventReport(req.ctx, req.params.id));

  registerEventPages(app, deps);
}
