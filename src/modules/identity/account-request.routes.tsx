/** Account requests: the public form and the officers' pages (docs/decisions/022-accounts.md). */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Ctx, Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { formErrors, str, type FormBody } from '../../web/forms';
import { AppError } from '../../errors';
import { listAreas } from '../registry/area.service';
import { deliverSoon } from '../mail/mail.service';
import { preSessionCsrf } from './auth.plugin';
import { ACCOUNT_OFFICERS } from './account.policy';
import {
  approveAccountRequest, countPendingRequests, getAccountRequest, listAccountRequests, rejectAccountRequest,
  submitAccountRequest, type AccountRequestInput,
} from './account-request.service';
import { AccountRequestDetail, AccountRequestForm, AccountRequestList, AccountRequestSent } from './account-request.view';

/** Requests per IP per hour from the public form. */
export const REQUEST_RATE_LIMIT = 10;
const requestRate = { rateLimit: { max: REQUEST_RATE_LIMIT, timeWindow: '1 hour' } };

const FIELDS = ['producerName', 'kind', 'taxCode', 'communeCode', 'address', 'contactName', 'phone', 'email', 'username'] as const;

async function areaOptions(ctx: Ctx, province: string) {
  const provinces = (await listAreas(ctx, { level: 'province', limit: 100, offset: 0 })).items.map((a) => ({ value: a.code, label: a.name }));
  const known = provinces.some((p) => p.value === province);
  const communes = known
    ? (await listAreas(ctx, { level: 'commune', parent: province, limit: 1000, offset: 0 })).items.map((a) => ({ value: a.code, label: a.name }))
    : [];
  return { provinces, province: known ? province : '', communes };
}

const Id = z.object({ id: z.string().max(64) });
const StatusQuery = z.object({ status: z.enum(['pending', 'approved', 'rejected']).default('pending'), page: z.coerce.number().int().min(1).max(10_000).default(1) });

export function registerAccountRequestRoutes(app: App, deps: Deps) {
  const anonymousView = (req: FastifyRequest, reply: Parameters<typeof preSessionCsrf>[1]) =>
    ({ ...viewOf(req), csrfToken: req.csrfToken ?? preSessionCsrf(req, reply, deps) });

  app.get('/dang-ky-tai-khoan', {
    config: { access: 'public' }, schema: { hide: true, querystring: z.object({ province: z.string().max(10).default('') }) },
  }, async (req, reply) => {
    const areas = await areaOptions(req.ctx, req.query.province);
    return sendPage(reply, <AccountRequestForm view={anonymousView(req, reply)} {...areas} values={{}} errors={{}} />);
  });

  app.post('/dang-ky-tai-khoan', { config: { access: 'public', ...requestRate }, schema: { hide: true } }, async (req, reply) => {
    const view = anonymousView(req, reply);
    const body = (req.body ?? {}) as FormBody;
    const values: Record<string, string> = Object.fromEntries(FIELDS.map((k) => [k, str(body, k) ?? '']));
    try {
      const done = await submitAccountRequest(req.ctx, { ...values, password: typeof body.password === 'string' ? body.password : '' } as AccountRequestInput);
      if (done.mailed) void deliverSoon(req.ctx);
      return redirect(reply, `/dang-ky-tai-khoan/da-gui${done.mailed ? '?mail=1' : ''}`);
    } catch (e) {
      const { fields, status } = formErrors(e, view.locale);
      const areas = await areaOptions(req.ctx, str(body, 'province') ?? '');
      return sendPage(reply, <AccountRequestForm view={view} {...areas} values={values} errors={fields} />, status);
    }
  });

  app.get('/dang-ky-tai-khoan/da-gui', {
    config: { access: 'public' }, schema: { hide: true, querystring: z.object({ mail: z.string().max(2).optional() }) },
  }, async (req, reply) => sendPage(reply, <AccountRequestSent view={anonymousView(req, reply)} mailed={req.query.mail === '1'} />));

  app.get('/admin/account-requests', { config: { access: ACCOUNT_OFFICERS }, schema: { hide: true, querystring: StatusQuery } }, async (req, reply) => {
    const [list, pending] = await Promise.all([
      listAccountRequests(req.ctx, req.query.status, req.query.page, 50),
      countPendingRequests(req.ctx),
    ]);
    return sendPage(reply, <AccountRequestList view={viewOf(req)} status={req.query.status} items={list.items} total={list.total} counts={{ pending }} />);
  });

  app.get('/admin/account-requests/:id', { config: { access: ACCOUNT_OFFICERS }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const item = await getAccountRequest(req.ctx, req.params.id);
    return sendPage(reply, <AccountRequestDetail view={viewOf(req)} item={item} />);
  });

  const decide = (action: 'approve' | 'reject') => async (req: FastifyRequest<{ Params: { id: string } }>, reply: Parameters<typeof redirect>[0]) => {
    const view = viewOf(req);
    try {
      const done = action === 'approve'
        ? await approveAccountRequest(req.ctx, req.params.id)
        : await rejectAccountRequest(req.ctx, req.params.id, str((req.body ?? {}) as FormBody, 'reason') ?? '');
      if (done.mailed) void deliverSoon(req.ctx);
      return redirect(reply, `/admin/account-requests/${req.params.id}`);
    } catch (e) {
      if (e instanceof AppError && e.code === 'not_found') throw e;
      const { fields, message, status } = formErrors(e, view.locale, ['validation_failed', 'duplicate', 'invalid_transition', 'forbidden']);
      const item = await getAccountRequest(req.ctx, req.params.id);
      const said = e instanceof AppError && e.code === 'invalid_transition' ? view.t('requests.alreadyDecided') : message;
      return sendPage(reply, <AccountRequestDetail view={view} item={item} errors={fields} message={said} />, status);
    }
  };
  app.post('/admin/account-requests/:id/approve', { config: { access: ACCOUNT_OFFICERS }, schema: { hide: true, params: Id } }, decide('approve'));
  app.post('/admin/account-requests/:id/reject', { config: { access: ACCOUNT_OFFICERS }, schema: { hide: true, params: Id } }, decide('reject'));
}
