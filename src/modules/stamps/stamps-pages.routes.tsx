/**
 * Back-office pages of stamps: /admin/stamps (the alerts board and the batches list),
 * /admin/stamps/new (choose a certified product, then quantity, printer, date and, optionally, one
 * of its production lots; `?product=<id>&lot=<id>` opens the form with the lot chosen) and
 * /admin/stamps/:id (a batch: details, label sheet download in parts, deliver, void, its alerts).
 * Every form works without JavaScript (post/redirect/get). Views: stamps.view.tsx.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { formErrors as sharedFormErrors, FORM_CODES, str, type FormBody, wholeFormFailure } from '../../web/forms';
import { AppError, type FieldMessages } from '../../errors';
import type { Locale } from '../../core/i18n';
import { todayInVietnam } from '../../domain/dates';
import { listCertificates } from '../certification/certificate.service';
import { STAMP_AUTHORITIES, STAMP_READERS } from './stamps.policy';
import { BATCH_STATUSES } from './stamps.schema';
import {
  acknowledgeAlert, deliverBatch, getBatch, issueBatch, issuePreview, listAlerts, listBatches, voidBatch,
} from './stamps.service';
import { BatchPage, batchHref, ChooseProductPage, NewBatchPage, StampsPage } from './stamps.view';

const Id = z.object({ id: z.string().max(64) });
const Done = z.object({ done: z.string().max(20).optional() });
const ListQuery = z.object({
  status: z.enum(BATCH_STATUSES).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  alerts: z.enum(['open', 'acknowledged', 'all']).default('open').catch('open'),
  apage: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  done: z.string().max(20).optional(),
});

/** The shared form errors; a state conflict is shown as the form's own problem, like validation errors. */
function formErrors(e: unknown, locale: Locale) {
  const failure = sharedFormErrors(e, locale, [...FORM_CODES, 'invalid_transition']);
  return e instanceof AppError && e.code === 'invalid_transition' ? wholeFormFailure(e, failure.message) : failure;
}

export function registerStampsPages(app: App, _deps: Deps) {
  app.get('/admin/stamps', { config: { access: STAMP_READERS }, schema: { hide: true, querystring: ListQuery } }, async (req, reply) => {
    const view = viewOf(req);
    const { alerts: alertState, apage, done, ...bq } = req.query;
    const [batches, alerts] = await Promise.all([
      listBatches(req.ctx, { ...bq, pageSize: 20 }),
      listAlerts(req.ctx, { state: alertState, page: apage, pageSize: 10 }),
    ]);
    const authority = (STAMP_AUTHORITIES as readonly string[]).includes(view.actor!.role);
    return sendPage(reply, <StampsPage view={view} batches={batches} alerts={alerts} alertState={alertState} bq={bq} done={done} authority={authority} />);
  });

  // ---- issuing -----------------------------------------------------------------------------

  const newPage = async (req: FastifyRequest, q: { product?: string; lot?: string; q?: string }, values: Record<string, string> = {}, errors: FieldMessages = {}, summary?: string) => {
    const view = viewOf(req);
    if (!q.product) {
      const certs = await listCertificates(req.ctx, { status: 'valid', q: q.q, page: 1, pageSize: 20 });
      return <ChooseProductPage view={view} certs={certs.items} q={q.q} />;
    }
    const p = await issuePreview(req.ctx, q.product);
    const chosen = values.lotId === undefined && q.lot ? { ...values, lotId: q.lot } : values;
    return <NewBatchPage view={view} p={p} today={todayInVietnam(req.ctx.deps.clock())} values={chosen} errors={errors} summary={summary} />;
  };

  app.get('/admin/stamps/new', {
    config: { access: STAMP_AUTHORITIES },
    schema: { hide: true, querystring: z.object({ product: z.string().max(64).optional(), lot: z.string().max(64).optional().catch(undefined), q: z.string().trim().max(100).optional() }) },
  }, async (req, reply) => sendPage(reply, await newPage(req, req.query)));

  app.post('/admin/stamps', { config: { access: STAMP_AUTHORITIES }, schema: { hide: true } }, async (req, reply) => {
    const body = req.body as FormBody;
    const values = Object.fromEntries(['productId', 'quantity', 'printer', 'issuedOn', 'lotId'].map((k) => [k, str(body, k) ?? '']));
    try {
      const quantity = values.quantity === '' ? undefined : Number(values.quantity);
      const b = await issueBatch(req.ctx, { productId: values.productId, quantity, printer: values.printer, issuedOn: values.issuedOn, lotId: values.lotId || null });
      return redirect(reply, `${batchHref(b.id)}?done=issued`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, viewOf(req).locale);
      return sendPage(reply, await newPage(req, { product: values.productId || undefined }, values, fields, message), status);
    }
  });

  // ---- one batch ---------------------------------------------------------------------------

  const detail = async (req: FastifyRequest, id: string, done?: string, errors: FieldMessages = {}, summary?: string, values: Record<string, string> = {}) => {
    const view = viewOf(req);
    const [b, alerts] = await Promise.all([getBatch(req.ctx, id), listAlerts(req.ctx, { state: 'all', batchId: id, page: 1, pageSize: 50 })]);
    return <BatchPage view={view} b={b} alerts={alerts.items} done={done} errors={errors} summary={summary} values={values} />;
  };

  app.get('/admin/stamps/:id', { config: { access: STAMP_READERS }, schema: { hide: true, params: Id, querystring: Done } }, async (req, reply) =>
    sendPage(reply, await detail(req, req.params.id, req.query.done)));

  const act = (path: string, run: (req: FastifyRequest, id: string, body: FormBody) => Promise<unknown>, done: string) => {
    app.post(path, { config: { access: STAMP_AUTHORITIES }, schema: { hide: true, params: Id } }, async (req, reply) => {
      const body = req.body as FormBody;
      const { id } = req.params;
      try {
        await run(req, id, body);
        return redirect(reply, `${batchHref(id)}?done=${done}`);
      } catch (e) {
        const { fields, message, status } = formErrors(e, viewOf(req).locale);
        const values = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
        return sendPage(reply, await detail(req, id, undefined, fields, message, values), status);
      }
    });
  };
  const version = (body: FormBody) => (str(body, 'version') ? Number(str(body, 'version')) : undefined);
  act('/admin/stamps/:id/deliver', (req, id, body) => deliverBatch(req.ctx, id, { deliveredOn: str(body, 'deliveredOn'), version: version(body) }), 'delivered');
  act('/admin/stamps/:id/void', (req, id, body) => voidBatch(req.ctx, id, { reason: str(body, 'reason') ?? '', version: version(body) }), 'voided');

  app.post('/admin/stamps/alerts/:id/acknowledge', {
    config: { access: STAMP_READERS },
    schema: { hide: true, params: Id, querystring: z.object({ back: z.string().max(500).optional() }) },
  }, async (req, reply) => {
    await acknowledgeAlert(req.ctx, req.params.id).catch((e: unknown) => {
      // Already acknowledged by someone else: the board shows it as handled.
      if (!(e instanceof AppError && e.code === 'invalid_transition')) throw e;
    });
    const back = req.query.back && /^\/admin\/stamps(\/|\?|$)/.test(req.query.back) ? req.query.back : '/admin/stamps';
    const [path, query = ''] = back.split('?');
    const params = new URLSearchParams(query);
    params.set('done', 'acknowledged');
    return redirect(reply, `${path}?${params.toString()}`);
  });
}
