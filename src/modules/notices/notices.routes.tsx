/**
 * Notices: the caller's notifications page and their notification settings; and the dispatcher's
 * place in the app — a pass right after every successful write and one a minute (decisions/028).
 * Under NODE_ENV=test both wait for NOTICE_DISPATCH=auto, so tests dispatch when they choose.
 */
import { z } from 'zod';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { formErrors, str, type FormBody } from '../../web/forms';
import { listNotifications, markRead } from '../certification/notification.service';
import { getNoticeSettings, saveNoticeSettings } from './notices.service';
import { noticeRunner, scheduleNotices } from './notices.dispatch';
import { NotificationsPage, SettingsPage, SETTINGS_HREF } from './notices.view';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether the app dispatches by itself (after writes and on a timer). */
export const dispatchesByItself = (env: Deps['env']) => (env.NOTICE_DISPATCH ?? (env.NODE_ENV === 'test' ? 'off' : 'auto')) === 'auto';

export function registerNoticesRoutes(app: App, deps: Deps) {
  if (dispatchesByItself(deps.env)) {
    const runner = noticeRunner(deps, (msg, err) => app.log.error({ err }, msg));
    let stop = () => {};
    app.addHook('onResponse', async (req, reply) => {
      if (WRITES.has(req.method) && reply.statusCode < 400) runner.afterWrite();
    });
    app.addHook('onReady', async () => { stop = scheduleNotices(runner); });
    app.addHook('onClose', async () => { stop(); runner.stop(); await runner.idle(); });
  }

  app.get('/admin/notifications', {
    config: { access: 'user' }, schema: { hide: true, querystring: z.object({ page: z.coerce.number().int().min(1).default(1) }) },
  }, async (req, reply) => {
    const page = await listNotifications(req.ctx, { page: req.query.page, pageSize: 20 });
    return sendPage(reply, <NotificationsPage view={viewOf(req)} page={page} />);
  });

  app.post('/admin/notifications/:id/read', {
    config: { access: 'user' }, schema: { hide: true, params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }) },
  }, async (req, reply) => {
    await markRead(req.ctx, req.params.id);
    return redirect(reply, '/admin/notifications');
  });

  app.get(SETTINGS_HREF, {
    config: { access: 'user' }, schema: { hide: true, querystring: z.object({ saved: z.string().max(5).optional() }) },
  }, async (req, reply) => sendPage(reply, <SettingsPage view={viewOf(req)} settings={await getNoticeSettings(req.ctx)} saved={req.query.saved === '1'} />));

  app.post(SETTINGS_HREF, { config: { access: 'user' }, schema: { hide: true } }, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const emailOn = Object.keys(body).filter((k) => k.startsWith('email_') && (body[k] === 'on' || body[k] === 'true')).map((k) => k.slice('email_'.length));
    const values = { emailOn, quietStart: str(body, 'quietStart') ?? '', quietEnd: str(body, 'quietEnd') ?? '' };
    try {
      await saveNoticeSettings(req.ctx, { emailOn, quietStart: values.quietStart, quietEnd: values.quietEnd });
      return redirect(reply, `${SETTINGS_HREF}?saved=1`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, viewOf(req).locale);
      return sendPage(reply, <SettingsPage view={viewOf(req)} settings={await getNoticeSettings(req.ctx)} values={values} errors={fields} message={message} />, status);
    }
  });
}
