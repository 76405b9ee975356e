/**
 * Back-office pages of targets: /admin/targets (list), /admin/targets/new and
 * /admin/targets/:id/edit (forms), /admin/targets/:id (progress and chart); the views are in
 * targets.pages.tsx. Every form works without JavaScript (post/redirect/get).
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect, requireActor } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { formErrors, str, type FormBody } from '../../web/forms';
import { AppError, type FieldMessages } from '../../errors';
import { parseDateInput, todayInVietnam } from '../../domain/dates';
import { INDICATORS } from './indicators';
import { TARGET_AUTHORITIES, TARGET_READERS } from './targets.policy';
import type { TargetDto } from './targets.schema';
import {
  createTarget, deleteTarget, getTarget, listTargets, targetAreaChoices, targetSeries, updateTarget,
} from './targets.service';
import { TARGET_FIELDS, TargetDetailPage, TargetFormPage, TargetListPage, targetHref } from './targets.pages';

const Id = z.object({ id: z.string().max(64) });
const ListQuery = z.object({
  area: z.string().trim().regex(/^(\d{2}|\d{5}|national)$/).optional().catch(undefined),
  indicator: z.enum(INDICATORS).optional().catch(undefined),
  year: z.coerce.number().int().min(2018).max(2100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  done: z.string().max(20).optional(),
});

function formValues(body: FormBody): Record<string, string> {
  return Object.fromEntries(TARGET_FIELDS.map((k) => [k, typeof body[k] === 'string' ? (body[k] as string).trim() : '']));
}

/** A number typed in a form: "12,5" or "12.5"; spaces and a lone thousands dot ("1.000") are understood. */
export function parseNumberInput(s: string): number | undefined {
  const v = s.replace(/\s/g, '');
  if (v === '') return undefined;
  if (/^\d{1,3}(\.\d{3})+$/.test(v)) return Number(v.replace(/\./g, ''));
  return Number(v.includes(',') && !v.includes('.') ? v.replace(',', '.') : v);
}
const dateInput = (s: string) => (s === '' ? undefined : parseDateInput(s) ?? s);


export function registerTargetsPages(app: App, _deps: Deps) {
  app.get('/admin/targets', { config: { access: TARGET_READERS }, schema: { hide: true, querystring: ListQuery } }, async (req, reply) => {
    const view = viewOf(req);
    const { done, ...q } = req.query;
    const list = await listTargets(req.ctx, { ...q, pageSize: 20 });
    const authority = (TARGET_AUTHORITIES as readonly string[]).includes(requireActor(req).role);
    const thisYear = Number(todayInVietnam(req.ctx.deps.clock()).slice(0, 4));
    const years = Array.from({ length: 8 }, (_, i) => thisYear - 3 + i);
    const doneKey = done === 'deleted' ? 'targets.done.deleted' : null;
    return sendPage(reply, <TargetListPage view={view} query={q} list={list} authority={authority} years={years} doneKey={doneKey} />);
  });

  // ---- forms ---------------------------------------------------------------------------------

  const formPage = async (req: FastifyRequest, existing: TargetDto | null, values: Record<string, string>, errors: FieldMessages = {}, summary?: string) => {
    const actor = requireActor(req);
    const areas = existing ? null : await targetAreaChoices(req.ctx);
    return <TargetFormPage view={viewOf(req)} actor={actor} existing={existing} values={values} errors={errors} summary={summary} areas={areas} />;
  };

  /** A conflict is a duplicate target, or (editing) a stale version: said in the page's language. */
  const failure = (req: FastifyRequest, e: unknown, stale: boolean) => {
    const view = viewOf(req);
    const out = formErrors(e, view.locale);
    if (e instanceof AppError && e.code === 'conflict') out.fields.form = view.t(stale ? 'targets.err.stale' : 'targets.err.duplicate');
    return out;
  };
  app.get('/admin/targets/new', { config: { access: TARGET_AUTHORITIES }, schema: { hide: true } }, async (req, reply) => {
    const year = todayInVietnam(req.ctx.deps.clock()).slice(0, 4);
    return sendPage(reply, await formPage(req, null, { periodStart: `${year}-01-01`, periodEnd: `${year}-12-31` }));
  });

  app.post('/admin/targets', { config: { access: TARGET_AUTHORITIES }, schema: { hide: true } }, async (req, reply) => {
    const values = formValues(req.body as FormBody);
    try {
      const created = await createTarget(req.ctx, {
        areaCode: values.areaCode === '' ? null : values.areaCode, indicator: values.indicator || undefined,
        periodStart: dateInput(values.periodStart!), periodEnd: dateInput(values.periodEnd!),
        targetValue: parseNumberInput(values.targetValue!), note: values.note,
      });
      return redirect(reply, `${targetHref(created.id)}?done=created`);
    } catch (e) {
      const { fields, message, status } = failure(req, e, false);
      return sendPage(reply, await formPage(req, null, values, fields, message), status);
    }
  });

  app.get('/admin/targets/:id/edit', { config: { access: TARGET_AUTHORITIES }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const target = await getTarget(req.ctx, req.params.id);
    if (!target.actions.edit) throw new AppError('forbidden', 'not allowed');
    return sendPage(reply, await formPage(req, target, {
      indicator: target.indicator, periodStart: target.periodStart, periodEnd: target.periodEnd,
      targetValue: String(target.targetValue), note: target.note, version: String(target.version),
    }));
  });

  app.post('/admin/targets/:id', { config: { access: TARGET_AUTHORITIES }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const values = formValues(req.body as FormBody);
    const { id } = req.params;
    try {
      await updateTarget(req.ctx, id, {
        indicator: values.indicator || undefined, periodStart: dateInput(values.periodStart!), periodEnd: dateInput(values.periodEnd!),
        targetValue: parseNumberInput(values.targetValue!), note: values.note, version: values.version ? Number(values.version) : undefined,
      });
      return redirect(reply, `${targetHref(id)}?done=updated`);
    } catch (e) {
      const current = await getTarget(req.ctx, id);
      const { fields, message, status } = failure(req, e, values.version !== '' && values.version !== String(current.version));
      return sendPage(reply, await formPage(req, current, values, fields, message), status);
    }
  });

  app.post('/admin/targets/:id/delete', { config: { access: TARGET_AUTHORITIES }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const body = req.body as FormBody;
    const version = str(body, 'version');
    await deleteTarget(req.ctx, req.params.id, version ? Number(version) : undefined);
    return redirect(reply, '/admin/targets?done=deleted');
  });

  // ---- one target ----------------------------------------------------------------------------

  app.get('/admin/targets/:id', {
    config: { access: TARGET_READERS }, schema: { hide: true, params: Id, querystring: z.object({ done: z.string().max(20).optional() }) },
  }, async (req, reply) => {
    const { target, points } = await targetSeries(req.ctx, req.params.id);
    const done = req.query.done;
    const doneKey = done === 'created' || done === 'updated' ? (`targets.done.${done}` as const) : null;
    return sendPage(reply, <TargetDetailPage view={viewOf(req)} target={target} points={points} doneKey={doneKey} />);
  });
}
