/**
 * A buyer's notices in the public chrome (role buyer): the list (/tai-khoan/thong-bao), marking
 * one or all read, and the settings (/tai-khoan/thong-bao/cai-dat). Forms post with the CSRF token.
 */
import { z } from 'zod';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { formErrors, type FormBody } from '../../web/forms';
import { listNotifications, markRead } from '../certification/notification.service';
import { getNoticeSettings, markAllNoticesRead, saveNoticeSettings } from './notices.service';
import { BUYER_NOTICES, BUYER_READ_ALL, BUYER_SETTINGS, BuyerNoticesPage, BuyerSettingsPage } from './buyer-notices.view';
import { readSettingsForm } from './settings-form';

const buyersOnly = { access: ['buyer'] as const };

export function registerBuyerNoticeRoutes(app: App) {
  app.get(BUYER_NOTICES, {
    config: buyersOnly,
    schema: { hide: true, querystring: z.object({ trang: z.coerce.number().int().min(1).max(10_000).catch(1).default(1), done: z.string().max(5).optional() }) },
  }, async (req, reply) => {
    const page = await listNotifications(req.ctx, { page: req.query.trang, pageSize: 20 });
    return sendPage(reply, <BuyerNoticesPage view={viewOf(req)} page={page} allRead={req.query.done === '1'} />);
  });

  app.post(`${BUYER_NOTICES}/:id/da-doc`, {
    config: buyersOnly, schema: { hide: true, params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }) },
  }, async (req, reply) => {
    await markRead(req.ctx, req.params.id);
    return redirect(reply, BUYER_NOTICES);
  });

  app.post(BUYER_READ_ALL, { config: buyersOnly, schema: { hide: true } }, async (req, reply) => {
    await markAllNoticesRead(req.ctx);
    return redirect(reply, `${BUYER_NOTICES}?done=1`);
  });

  app.get(BUYER_SETTINGS, {
    config: buyersOnly, schema: { hide: true, querystring: z.object({ saved: z.string().max(5).optional() }) },
  }, async (req, reply) => sendPage(reply, <BuyerSettingsPage view={viewOf(req)} settings={await getNoticeSettings(req.ctx)} saved={req.query.saved === '1'} />));

  app.post(BUYER_SETTINGS, { config: buyersOnly, schema: { hide: true } }, async (req, reply) => {
    const values = readSettingsForm((req.body ?? {}) as FormBody);
    try {
      await saveNoticeSettings(req.ctx, values);
      return redirect(reply, `${BUYER_SETTINGS}?saved=1`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, viewOf(req).locale);
      return sendPage(reply, <BuyerSettingsPage view={viewOf(req)} settings={await getNoticeSettings(req.ctx)} values={values} errors={fields} message={message} />, status);
    }
  });
}
