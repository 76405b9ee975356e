/**
 * Notices: the caller's notifications page and their notification settings (back office; a
 * buyer's in the public chrome, buyer-notices.routes.tsx); the header's bell on the pages that
 * show it; and the dispatcher's place in the app — a pass right after every successful write and
 * one a minute (decisions/028, 039). Under NODE_ENV=test both wait for NOTICE_DISPATCH=auto, so
 * tests dispatch when they choose.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { formErrors, type FormBody } from '../../web/forms';
import { readSettingsForm } from './settings-form';
import { setHeaderBell } from '../../web/components/layout';
import { errorResponses } from '../../web/api-schemas';
import { listNotifications, markRead } from '../certification/notification.service';
import { BELL_CAP, getNoticeSettings, markAllNoticesRead, saveNoticeSettings, unreadForBell } from './notices.service';
import { noticeRunner, scheduleNotices } from './notices.dispatch';
import { textChannel } from './channels/config';
import { NotificationsPage, READ_ALL_HREF, SettingsPage, SETTINGS_HREF } from './notices.view';
import { BUYER_NOTICES } from './buyer-notices.view';
import { registerBuyerNoticeRoutes } from './buyer-notices.routes';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether the app dispatches by itself (after writes and on a timer). */
export const dispatchesByItself = (env: Deps['env']) => (env.NOTICE_DISPATCH ?? (env.NODE_ENV === 'test' ? 'off' : 'auto')) === 'auto';

/**
 * The bell's count for the pages that show it: back-office pages (a buyer's account pages for a
 * buyer), read in a browser session. Public pages, the API and writes count nothing.
 */
async function countForBell(req: FastifyRequest): Promise<void> {
  const actor = req.ctx?.actor;
  if (!actor || req.authVia !== 'session' || (req.method !== 'GET' && req.method !== 'HEAD')) return;
  const url = req.routeOptions.url ?? '';
  const buyer = actor.role === 'buyer';
  if (buyer ? !url.startsWith('/tai-khoan') : !url.startsWith('/admin')) return;
  setHeaderBell(actor, { href: buyer ? BUYER_NOTICES : '/admin/notifications', count: await unreadForBell(req.ctx), cap: BELL_CAP });
}

export function registerNoticesRoutes(app: App, deps: Deps) {
  const setup = textChannel(deps.env);
  if (setup.problem) app.log.warn(`notices: text messages are off: ${setup.problem}`);
  if (dispatchesByItself(deps.env)) {
    const runner = noticeRunner(deps, (msg, err) => app.log.error({ err }, msg));
    let stop = () => {};
    app.addHook('onResponse', async (req, reply) => {
      if (WRITES.has(req.method) && reply.statusCode < 400) runner.afterWrite();
    });
    app.addHook('onReady', async () => { stop = scheduleNotices(runner); });
    app.addHook('onClose', async () => { stop(); runner.stop(); await runner.idle(); });
  }
  app.addHook('preHandler', countForBell);

  app.get('/admin/notifications', {
    config: { access: 'user' },
    schema: { hide: true, querystring: z.object({ page: z.coerce.number().int().min(1).default(1), done: z.string().max(5).optional() }) },
  }, async (req, reply) => {
    if (req.ctx.actor?.role === 'buyer') return redirect(reply, BUYER_NOTICES);
    const page = await listNotifications(req.ctx, { page: req.query.page, pageSize: 20 });
    return sendPage(reply, <NotificationsPage view={viewOf(req)} page={page} allRead={req.query.done === '1'} />);
  });

  app.post('/admin/notifications/:id/read', {
    config: { access: 'user' }, schema: { hide: true, params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }) },
  }, async (req, reply) => {
    await markRead(req.ctx, req.params.id);
    return redirect(reply, '/admin/notifications');
  });

  app.post(READ_ALL_HREF, { config: { access: 'user' }, schema: { hide: true } }, async (req, reply) => {
    await markAllNoticesRead(req.ctx);
    return redirect(reply, '/admin/notifications?done=1');
  });

  app.post('/api/v1/notifications/read-all', {
    config: { access: 'user' },
    schema: {
      tags: ['certification'], summary: 'Mark all the caller\'s notifications read',
      response: { 200: z.object({ marked: z.number().int().describe('how many were unread') }), ...errorResponses(401, 403) },
    },
  }, async (req) => ({ marked: await markAllNoticesRead(req.ctx) }));

  app.get(SETTINGS_HREF, {
    config: { access: 'user' }, schema: { hide: true, querystring: z.object({ saved: z.string().max(5).optional() }) },
  }, async (req, reply) => sendPage(reply, <SettingsPage view={viewOf(req)} settings={await getNoticeSettings(req.ctx)} saved={req.query.saved === '1'} />));

  app.post(SETTINGS_HREF, { config: { access: 'user' }, schema: { hide: true } }, async (req, reply) => {
    const values = readSettingsForm((req.body ?? {}) as FormBody);
    try {
      await saveNoticeSettings(req.ctx, values);
      return redirect(reply, `${SETTINGS_HREF}?saved=1`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, viewOf(req).locale);
      return sendPage(reply, <SettingsPage view={viewOf(req)} settings={await getNoticeSettings(req.ctx)} values={values} errors={fields} message={message} />, status);
    }
  });

  registerBuyerNoticeRoutes(app);
}
