/**
 * The pages of trade events. Public: /su-kien (the calendar) and /su-kien/:id (one event), plain
 * server-rendered pages with short shared caching for anonymous visitors (a minute; a signed-in
 * reader's page is private). Back office: /admin/su-kien (the list), /moi and /:id/sua (the event
 * form), /:id (one event: publish, cancel, registrations, registering), /:id/dang-ky/:rid (one
 * registration: approve, reject, booth, withdraw, results) and /:id/bao-cao (the report, with its
 * XLSX and PDF). Every form posts, then redirects (post/redirect/get); failures are said on the page.
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { renderPage, sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { formErrors, formVersion, str, wholeFormFailure, type FormBody, type FormFailure } from '../../web/forms';
import { AppError } from '../../errors';
import { t } from '../../core/i18n';
import { EVENT_STATUSES } from '../../domain/trade';
import { EVENT_MANAGERS, EVENT_OFFICERS, EVENT_STAFF } from './events.policy';
import { TRADE_EVENT_KINDS, type EventDetailDto } from './events.schema';
import {
  cancelEvent, createEvent, eventCalendar, getEvent, getEventForStaff, listManagedEvents, provinceChoices, publishEvent, today, updateEvent, venueChoices,
} from './events.service';
import {
  allocateBooth, approveRegistration, getRegistration, listEventRegistrations, listMyRegistrations, producerChoices, productChoices, register,
  registrationFor, rejectRegistration, reportResult, withdrawRegistration,
} from './events-registrations.service';
import { reportPdf, reportXlsx, eventReport } from './events-report';
import { postsTagged } from '../promo/promo.service';
import { listAgreements, recordEventAgreement } from './agreements.service';
import { AGREEMENT_FIELDS } from './events-agreement.pages';
import { newsHref, PromoPostsAside } from '../promo/promo.view';
import { CalendarPage, EventPage, eventHead, pageHead } from './events.pages';
import { ADMIN_PATH, EventAdminPage, EventListPage, adminEventHref, registrationHref, type RegisterFormState } from './events-admin.pages';
import { EVENT_FORM_FIELDS, EventFormPage, RegistrationPage, type EventFormValues } from './events-forms.pages';
import { EventReportPage } from './events-report.pages';
import { registerBoothPlanRoutes } from './events-booth-plan.routes';

const Id = z.object({ id: z.string().max(64) });
const RegId = z.object({ id: z.string().max(64), rid: z.string().max(64) });
const CalendarQuery = z.object({
  province: z.string().regex(/^\d{2}$/).optional().catch(undefined),
  kind: z.enum(TRADE_EVENT_KINDS).optional().catch(undefined),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
const ListQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  kind: z.enum(TRADE_EVENT_KINDS).optional().catch(undefined),
  status: z.enum(EVENT_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  done: z.string().max(20).optional(),
});
const DetailQuery = z.object({
  done: z.string().max(20).optional(),
  producer: z.string().max(64).optional().catch(undefined),
  pq: z.string().trim().max(100).optional().catch(undefined),
});
const PUBLIC_PAGE = 'public, max-age=60, s-maxage=60, stale-while-revalidate=60';
const PRIVATE_PAGE = 'private, no-cache';

/** A whole number typed in a form: digits, with "." or spaces between thousands ("1.500.000"); '' → undefined; anything else → NaN (refused with its code). */
export function formNumber(s: string | undefined): number | undefined {
  if (s === undefined || s.trim() === '') return undefined;
  const v = s.trim().replace(/\s+/g, '');
  if (/^-?\d{1,3}(\.\d{3})+$/.test(v)) return Number(v.replace(/\./g, ''));
  return /^-?\d+([.,]\d+)?$/.test(v) ? Number(v.replace(',', '.')) : Number.NaN;
}
const emptyToNull = (s: string) => (s === '' ? null : s);
const listOf = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** Failures a page says: field problems and refusals (stale, closed, full, taken …) in the reader's language; anything else is the error page's. */
function failure(req: FastifyRequest, e: unknown): FormFailure {
  const locale = viewOf(req).locale;
  if (e instanceof AppError && e.code === 'conflict' && !e.fields) return wholeFormFailure(e, t(locale, 'events.err.stale'));
  const f = formErrors(e, locale, ['validation_failed', 'duplicate', 'conflict', 'forbidden', 'invalid_transition', 'quota_full', 'booth_taken', 'registration_closed']);
  return Object.keys(f.fields).length ? f : { ...f, fields: { form: f.message } };
}

const baseUrl = (req: FastifyRequest, deps: Deps) => (deps.env.PUBLIC_BASE_URL ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');

/**
 * A public page: shared a minute when anonymous, private for a signed-in reader or when the
 * address switches the language (the answer sets a cookie); `head` adds what search engines read.
 */
function sendPublic(req: FastifyRequest, reply: FastifyReply, node: VNode, shared: boolean, head: string) {
  const share = shared && !req.ctx.actor && !/[?&]lang=/.test(req.url);
  reply.header('cache-control', share ? PUBLIC_PAGE : PRIVATE_PAGE).header('vary', 'Cookie');
  return reply.type('text/html; charset=utf-8').send(renderPage(node).replace('</head>', `${head}</head>`));
}

export function registerEventPages(app: App, deps: Deps) {
  // ─── Public ────────────────────────────────────────────────────────────────
  app.get('/su-kien', { config: { access: 'public' }, schema: { hide: true, querystring: z.record(z.string(), z.string()) } }, async (req, reply) => {
    const q = CalendarQuery.parse(Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== '')));
    const [data, provinces] = await Promise.all([eventCalendar(req.ctx, q), provinceChoices(req.ctx)]);
    const view = viewOf(req);
    const og = { title: view.t('events.calendar.title'), description: view.t('events.calendar.lead'), url: `${baseUrl(req, deps)}/su-kien`, type: 'website' as const };
    return sendPublic(req, reply, <CalendarPage view={view} q={q} today={data.today} upcoming={data.upcoming} past={data.past} provinces={provinces} og={og} />, true,
      pageHead(og.description, og.url, Object.keys(q).some((k) => k !== 'page' && q[k as keyof typeof q] !== undefined)));
  });

  app.get('/su-kien/:id', { config: { access: 'public' }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const e = await getEvent(req.ctx, req.params.id);
    const view = viewOf(req);
    const url = `${baseUrl(req, deps)}${e.url}`;
    // The promotion posts tagged with the event (news and videos about it).
    const posts = await postsTagged(req.ctx, { kind: 'event', ref: e.id, limit: 3 });
    const aside = <PromoPostsAside view={view} posts={posts} moreHref={newsHref('event', e.id)} />;
    const og = { title: e.title, description: e.summary || `${view.t('events.calendar.title')}: ${e.title}`, url, type: 'article' as const, image: e.boothPlan ? `${baseUrl(req, deps)}${e.boothPlan}` : null };
    return sendPublic(req, reply, <EventPage view={view} e={e} today={today(req.ctx)} aside={aside} og={og} />, e.status === 'published',
      eventHead(e, url));
  });

  // ─── The list and the event form ────────────────────────────────────────────
  app.get(ADMIN_PATH, { config: { access: EVENT_STAFF }, schema: { hide: true, querystring: ListQuery } }, async (req, reply) => {
    const { done, ...q } = req.query;
    const [list, mine] = await Promise.all([
      listManagedEvents(req.ctx, { ...q, pageSize: 20 }),
      req.ctx.actor?.role === 'producer' ? listMyRegistrations(req.ctx, { page: 1, pageSize: 50 }).then((r) => r.items) : Promise.resolve(null),
    ]);
    return sendPage(reply, <EventListPage view={viewOf(req)} query={q} done={done} list={list} mine={mine} />);
  });

  const formPage = async (req: FastifyRequest, e: EventDetailDto | null, values: Partial<EventFormValues>, f?: FormFailure) =>
    <EventFormPage view={viewOf(req)} e={e} values={values} communes={await venueChoices(req.ctx)} errors={f?.fields} summary={f?.message} />;
  const formValues = (body: FormBody) => Object.fromEntries(EVENT_FORM_FIELDS.map((k) => [k, typeof body[k] === 'string' ? (body[k] as string) : ''])) as EventFormValues;
  const input = (v: EventFormValues) => ({
    kind: v.kind || undefined, title: v.title, summary: v.summary, body: v.body, startsOn: v.startsOn.trim(), endsOn: v.endsOn.trim(),
    registrationClosesOn: emptyToNull(v.registrationClosesOn.trim()), venueName: v.venueName, venueAddress: v.venueAddress, venueCommuneCode: v.venueCommuneCode.trim(),
    latitude: formNumber(v.latitude) ?? null, longitude: formNumber(v.longitude) ?? null, organiser: v.organiser,
    boothQuota: formNumber(v.boothQuota) ?? null, boothFee: formNumber(v.boothFee) ?? 0, support: v.support,
  });

  app.get(`${ADMIN_PATH}/moi`, { config: { access: EVENT_MANAGERS }, schema: { hide: true } }, async (req, reply) => sendPage(reply, await formPage(req, null, { boothFee: '0' })));

  app.post(ADMIN_PATH, { config: { access: EVENT_MANAGERS }, schema: { hide: true } }, async (req, reply) => {
    const values = formValues(req.body as FormBody);
    try {
      const e = await createEvent(req.ctx, input(values));
      return redirect(reply, `${adminEventHref(e.id)}?done=created`);
    } catch (e) {
      const f = failure(req, e);
      return sendPage(reply, await formPage(req, null, values, f), f.status);
    }
  });

  app.get(`${ADMIN_PATH}/:id/sua`, { config: { access: EVENT_MANAGERS }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const e = await getEventForStaff(req.ctx, req.params.id);
    const values: EventFormValues = {
      kind: e.kind, title: e.title, summary: e.summary, body: e.body, startsOn: e.startsOn, endsOn: e.endsOn, registrationClosesOn: e.registrationClosesOn ?? '',
      venueName: e.venue.name, venueAddress: e.venue.address, venueCommuneCode: e.venue.communeCode, latitude: e.venue.latitude?.toString() ?? '',
      longitude: e.venue.longitude?.toString() ?? '', organiser: e.organiser, boothQuota: e.boothQuota?.toString() ?? '', boothFee: String(e.boothFee),
      support: e.support, version: String(e.version),
    };
    return sendPage(reply, await formPage(req, e, values));
  });

  app.post(`${ADMIN_PATH}/:id`, { config: { access: EVENT_MANAGERS }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const values = formValues(req.body as FormBody);
    try {
      await updateEvent(req.ctx, req.params.id, { ...input(values), version: formVersion(values.version) });
      return redirect(reply, `${adminEventHref(req.params.id)}?done=saved`);
    } catch (e) {
      const f = failure(req, e);
      return sendPage(reply, await formPage(req, await getEventForStaff(req.ctx, req.params.id), values, f), f.status);
    }
  });

  // ─── One event ──────────────────────────────────────────────────────────────
  const eventPage = async (req: FastifyRequest, id: string, q: z.infer<typeof DetailQuery>, f?: FormFailure, posted?: { productIds: string[]; note: string; producerId?: string }) => {
    const actor = req.ctx.actor!;
    const e = await getEventForStaff(req.ctx, id);
    const officer = (EVENT_OFFICERS as readonly string[]).includes(actor.role);
    // Officers read every registration of the event (its page lists them all: events have tens, not thousands).
    const registrations = officer ? (await listEventRegistrations(req.ctx, id, { page: 1, pageSize: 500 })).items : null;
    // The producer whose registration form is shown: a producer itself, or the one an officer picked (or posted for).
    const forProducer = actor.role === 'producer' ? actor.producerId : (posted?.producerId ?? q.producer);
    const mine = forProducer ? await registrationFor(req.ctx, id, forProducer) : null;
    let form: RegisterFormState | null = null;
    if (forProducer && e.registrationOpen && (!mine || mine.status === 'withdrawn' || mine.status === 'rejected')) {
      const choice = await productChoices(req.ctx, forProducer);
      form = {
        producer: { id: choice.producer.id, name: choice.producer.name }, products: choice.products,
        values: { productIds: posted?.productIds ?? [], note: posted?.note ?? '' }, errors: f?.fields ?? {}, summary: posted ? f?.message : undefined,
      };
    }
    const picker = officer && !q.producer && !posted ? { q: q.pq, producers: q.pq ? await producerChoices(req.ctx, q.pq) : [] } : null;
    return <EventAdminPage view={viewOf(req)} e={e} done={q.done} registrations={registrations} mine={officer ? null : mine} form={form} picker={picker}
      errors={posted ? {} : f?.fields ?? {}} summary={posted ? undefined : f?.message} />;
  };

  app.get(`${ADMIN_PATH}/:id`, { config: { access: EVENT_STAFF }, schema: { hide: true, params: Id, querystring: DetailQuery } }, async (req, reply) =>
    sendPage(reply, await eventPage(req, req.params.id, req.query)));

  const eventAction = (path: string, access: typeof EVENT_MANAGERS | typeof EVENT_STAFF, run: (req: FastifyRequest, id: string, body: FormBody) => Promise<unknown>, done: string) => {
    app.post(`${ADMIN_PATH}/:id/${path}`, { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) => {
      try {
        await run(req, req.params.id, req.body as FormBody);
        return redirect(reply, `${adminEventHref(req.params.id)}?done=${done}`);
      } catch (e) {
        const f = failure(req, e);
        return sendPage(reply, await eventPage(req, req.params.id, {}, f), f.status);
      }
    });
  };
  eventAction('publish', EVENT_MANAGERS, (req, id, b) => publishEvent(req.ctx, id, formVersion(str(b, 'version'))), 'published');
  app.post(`${ADMIN_PATH}/:id/cancel`, { config: { access: EVENT_MANAGERS }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const b = req.body as FormBody;
    try {
      await cancelEvent(req.ctx, req.params.id, { version: formVersion(str(b, 'version')), reason: typeof b.reason === 'string' ? b.reason : undefined });
      return redirect(reply, `${ADMIN_PATH}?done=cancelled`);
    } catch (e) {
      const f = failure(req, e);
      return sendPage(reply, await eventPage(req, req.params.id, {}, f), f.status);
    }
  });

  app.post(`${ADMIN_PATH}/:id/dang-ky`, { config: { access: EVENT_STAFF }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const b = req.body as FormBody;
    const posted = { productIds: listOf(b.productIds), note: typeof b.note === 'string' ? b.note : '', producerId: str(b, 'producerId') };
    try {
      const r = await register(req.ctx, req.params.id, { ...(posted.producerId ? { producerId: posted.producerId } : {}), productIds: posted.productIds, note: posted.note });
      return redirect(reply, `${registrationHref(req.params.id, r.id)}?done=registered`);
    } catch (e) {
      const f = failure(req, e);
      return sendPage(reply, await eventPage(req, req.params.id, {}, f, posted), f.status);
    }
  });

  registerBoothPlanRoutes(app, deps, async (req, reply, id, e) => {
    const f = failure(req, e);
    return sendPage(reply, await eventPage(req, id, {}, f), f.status);
  });

  // ─── One registration ───────────────────────────────────────────────────────
  const registrationPage = async (req: FastifyRequest, p: { id: string; rid: string }, done?: string, values: Record<string, string> = {}, f?: FormFailure) => {
    const r = await getRegistration(req.ctx, p.rid);
    if (r.eventId !== p.id) throw new AppError('not_found', 'registration not found');
    // An officer keeping the producer may not read an event of another province in the back office: its public page's facts then.
    const e = await getEventForStaff(req.ctx, p.id).catch(async () => getEvent(req.ctx, p.id));
    const agreements = r.actions.result
      ? (await listAgreements(req.ctx, { eventId: e.id, page: 1, pageSize: 100 })).items.filter((a) => a.producer.id === r.producer.id) : [];
    return <RegistrationPage view={viewOf(req)} e={e} r={r} done={done} values={values} errors={f?.fields ?? {}} summary={f?.message} agreements={agreements} today={today(req.ctx)} />;
  };

  app.get(`${ADMIN_PATH}/:id/dang-ky/:rid`, { config: { access: EVENT_STAFF }, schema: { hide: true, params: RegId, querystring: z.object({ done: z.string().max(20).optional() }) } }, async (req, reply) =>
    sendPage(reply, await registrationPage(req, req.params, req.query.done)));

  const regAction = (path: string, access: typeof EVENT_MANAGERS | typeof EVENT_STAFF, fields: string[], run: (req: FastifyRequest, rid: string, b: FormBody) => Promise<unknown>, done: string) => {
    app.post(`${ADMIN_PATH}/:id/dang-ky/:rid/${path}`, { config: { access }, schema: { hide: true, params: RegId } }, async (req, reply) => {
      const b = req.body as FormBody;
      const values = Object.fromEntries(fields.map((k) => [k, typeof b[k] === 'string' ? (b[k] as string) : '']));
      try {
        const r = await getRegistration(req.ctx, req.params.rid);
        if (r.eventId !== req.params.id) throw new AppError('not_found', 'registration not found');
        await run(req, req.params.rid, b);
        return redirect(reply, `${registrationHref(req.params.id, req.params.rid)}?done=${done}`);
      } catch (e) {
        const f = failure(req, e);
        return sendPage(reply, await registrationPage(req, req.params, undefined, values, f), f.status);
      }
    });
  };
  const version = (b: FormBody) => formVersion(str(b, 'version'));
  regAction('approve', EVENT_MANAGERS, [], (req, rid, b) => approveRegistration(req.ctx, rid, version(b)), 'approved');
  regAction('reject', EVENT_MANAGERS, ['reason'], (req, rid, b) => rejectRegistration(req.ctx, rid, { reason: typeof b.reason === 'string' ? b.reason : '', version: version(b) }), 'rejected');
  regAction('booth', EVENT_MANAGERS, ['booth'], (req, rid, b) => allocateBooth(req.ctx, rid, { booth: typeof b.booth === 'string' && b.booth.trim() !== '' ? b.booth : null, version: version(b) }), 'booth');
  regAction('withdraw', EVENT_STAFF, [], (req, rid, b) => withdrawRegistration(req.ctx, rid, version(b)), 'withdrawn');
  regAction('result', EVENT_STAFF, ['salesValue', 'visitors', 'note'], (req, rid, b) => reportResult(req.ctx, rid, {
    salesValue: formNumber(str(b, 'salesValue')), visitors: formNumber(str(b, 'visitors')) ?? null, note: typeof b.note === 'string' ? b.note : '',
  }), 'result');
  // An agreement signed at the event, recorded for the exhibitor (a trade agreement with the event's id).
  regAction('agreement', EVENT_STAFF, [...AGREEMENT_FIELDS], async (req, rid, b) => {
    const r = await getRegistration(req.ctx, rid);
    return recordEventAgreement(req.ctx, {
      eventId: r.eventId, producerId: r.producer.id, buyerName: str(b, 'buyerName') ?? '', productId: str(b, 'productId') ?? '',
      quantity: formNumber(str(b, 'quantity')) ?? Number.NaN, unit: str(b, 'unit') ?? '', unitPrice: formNumber(str(b, 'unitPrice')) ?? Number.NaN,
      signedOn: str(b, 'signedOn') ?? '',
    });
  }, 'agreement');

  // ─── The report ─────────────────────────────────────────────────────────────
  app.get(`${ADMIN_PATH}/:id/bao-cao`, { config: { access: EVENT_OFFICERS }, schema: { hide: true, params: Id } }, async (req, reply) =>
    sendPage(reply, <EventReportPage view={viewOf(req)} r={await eventReport(req.ctx, req.params.id)} />));

  const download = (ext: 'xlsx' | 'pdf', make: typeof reportXlsx) => {
    app.get(`${ADMIN_PATH}/:id/bao-cao.${ext}`, { config: { access: EVENT_OFFICERS }, schema: { hide: true, params: Id } }, async (req, reply) => {
      const f = await make(req.ctx, req.params.id);
      return reply.header('content-type', f.contentType)
        .header('content-disposition', `${ext === 'pdf' ? 'inline' : 'attachment'}; filename="${f.fileName}"`)
        .header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').send(f.body);
    });
  };
  download('xlsx', reportXlsx);
  download('pdf', reportPdf);
}
