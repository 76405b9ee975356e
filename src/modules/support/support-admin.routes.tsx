/**
 * Back-office pages of support to producers: /admin/support (totals for an area and period, the
 * records with filters) and /admin/support/new (producer in scope, kind, amount in VND written
 * "15.000.000", date, source, note); the views are in support.pages.tsx. Forms work without
 * JavaScript (post/redirect/get).
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { formErrors, str, type FormBody } from '../../web/forms';
import { AppError, type FieldMessages } from '../../errors';
import { todayInVietnam } from '../../domain/dates';
import { SUPPORT_READERS, SUPPORT_WRITERS } from './support.policy';
import { SUPPORT_KINDS } from './support.schema';
import { createSupport, deleteSupport, listSupport, supportableProducers, supportTotals } from './support.service';
import { parseVnd, SupportFormPage, SupportListPage } from './support.pages';

const ListQuery = z.object({
  kind: z.enum(SUPPORT_KINDS).optional().catch(undefined),
  from: z.string().max(10).optional().catch(undefined),
  to: z.string().max(10).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  done: z.string().max(20).optional(),
});

export function registerSupportPages(app: App, _deps: Deps) {
  app.get('/admin/support', { config: { access: SUPPORT_READERS }, schema: { hide: true, querystring: ListQuery } }, async (req, reply) => {
    const view = viewOf(req);
    const { done, ...q } = req.query;
    let errors: FieldMessages = {};
    let period = { from: q.from || undefined, to: q.to || undefined };
    let records;
    let totals;
    try {
      [records, totals] = await Promise.all([
        listSupport(req.ctx, { ...q, ...period, pageSize: 20 }),
        supportTotals(req.ctx, period),
      ]);
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'validation_failed')) throw e;
      errors = formErrors(e, view.locale).fields;
      period = { from: undefined, to: undefined };
      [records, totals] = await Promise.all([listSupport(req.ctx, { ...q, ...period, pageSize: 20 }), supportTotals(req.ctx, period)]);
    }
    return sendPage(reply, <SupportListPage view={view} query={q} done={done} errors={errors} records={records} totals={totals} />);
  });

  const newPage = async (req: FastifyRequest, values: Record<string, string> = {}, errors: FieldMessages = {}, summary?: string) =>
    <SupportFormPage view={viewOf(req)} producers={await supportableProducers(req.ctx)} today={todayInVietnam(req.ctx.deps.clock())}
      values={values} errors={errors} summary={summary} />;

  app.get('/admin/support/new', { config: { access: SUPPORT_WRITERS }, schema: { hide: true } }, async (req, reply) => sendPage(reply, await newPage(req)));

  app.post('/admin/support', { config: { access: SUPPORT_WRITERS }, schema: { hide: true } }, async (req, reply) => {
    const body = req.body as FormBody;
    const values = Object.fromEntries(['producerId', 'kind', 'amountVnd', 'grantedOn', 'source', 'note'].map((k) => [k, str(body, k) ?? '']));
    try {
      await createSupport(req.ctx, {
        producerId: values.producerId || undefined, kind: values.kind || undefined,
        amountVnd: values.amountVnd ? parseVnd(values.amountVnd) : undefined,
        grantedOn: values.grantedOn || undefined, source: values.source, note: values.note,
      });
      return redirect(reply, '/admin/support?done=created');
    } catch (e) {
      const { fields, message, status } = formErrors(e, viewOf(req).locale);
      return sendPage(reply, await newPage(req, values, fields, message), status);
    }
  });

  app.post('/admin/support/:id/delete', { config: { access: SUPPORT_WRITERS }, schema: { hide: true, params: z.object({ id: z.string().max(64) }) } }, async (req, reply) => {
    await deleteSupport(req.ctx, req.params.id);
    return redirect(reply, '/admin/support?done=deleted');
  });
}
