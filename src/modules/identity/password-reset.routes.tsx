/**
 * Password reset pages: "Quên mật khẩu" (public), the link's page, and the officer's temporary
 * password (docs/decisions/022-accounts.md).
 */
import { z } from 'zod';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { formErrors } from '../../web/forms';
import { AppError } from '../../errors';
import { deliverSoon } from '../mail/mail.service';
import { preSessionCsrf } from './auth.plugin';
import { ACCOUNT_OFFICERS } from './account.policy';
import {
  checkResetLink, findResettableUser, requestPasswordReset, resetPassword, resetPath, setTemporaryPassword,
} from './password-reset.service';
import { ForgotPasswordPage, OfficerResetPage, ResetPasswordPage } from './password-reset.view';

/** Reset requests per IP per 15 minutes (each account is limited separately, RESETS_PER_HOUR). */
export const RESET_RATE_LIMIT = 5;
const resetRate = { rateLimit: { max: RESET_RATE_LIMIT, timeWindow: '15 minutes' } };

const Token = z.object({ token: z.string().max(200) });

export function registerPasswordResetRoutes(app: App, deps: Deps) {
  const anonymousView = (req: Parameters<typeof viewOf>[0], reply: Parameters<typeof preSessionCsrf>[1]) =>
    ({ ...viewOf(req), csrfToken: req.csrfToken ?? preSessionCsrf(req, reply, deps) });

  app.get('/quen-mat-khau', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) =>
    sendPage(reply, <ForgotPasswordPage view={anonymousView(req, reply)} />));

  app.post('/quen-mat-khau', {
    config: { access: 'public', ...resetRate },
    schema: { hide: true, body: z.object({ login: z.string().max(300).default(''), _csrf: z.string().optional() }) },
  }, async (req, reply) => {
    const view = anonymousView(req, reply);
    const login = req.body.login.trim();
    if (!login) return sendPage(reply, <ForgotPasswordPage view={view} error={view.t('forgot.required')} />, 400);
    const queued = await requestPasswordReset(req.ctx, login);
    // Delivered now rather than on the hourly cycle; not awaited, so the answer takes as long
    // whether or not a message was sent.
    if (queued) void deliverSoon(req.ctx);
    return sendPage(reply, <ForgotPasswordPage view={view} sent />);
  });

  app.get('/dat-lai-mat-khau/:token', { config: { access: 'public' }, schema: { hide: true, params: Token } }, async (req, reply) => {
    const link = await checkResetLink(req.ctx, req.params.token);
    reply.header('cache-control', 'no-store');
    return sendPage(reply, <ResetPasswordPage view={anonymousView(req, reply)} action={resetPath(req.params.token)}
      username={link?.username ?? null} temporary={link?.temporary} />, link ? 200 : 404);
  });

  app.post('/dat-lai-mat-khau/:token', {
    config: { access: 'public', ...resetRate },
    schema: { hide: true, params: Token, body: z.object({ password: z.string().max(300).default(''), confirm: z.string().max(300).default(''), _csrf: z.string().optional() }).passthrough() },
  }, async (req, reply) => {
    const view = anonymousView(req, reply);
    try {
      await resetPassword(req.ctx, req.params.token, req.body.password, req.body.confirm);
      return redirect(reply, '/login?done=reset');
    } catch (e) {
      if (e instanceof AppError && e.code === 'not_found') {
        return sendPage(reply, <ResetPasswordPage view={view} action={resetPath(req.params.token)} username={null} />, 404);
      }
      const { fields, status } = formErrors(e, view.locale);
      const link = await checkResetLink(req.ctx, req.params.token);
      return sendPage(reply, <ResetPasswordPage view={view} action={resetPath(req.params.token)} username={link?.username ?? null}
        temporary={link?.temporary} errors={fields} />, status);
    }
  });

  app.get('/admin/accounts/password', {
    config: { access: ACCOUNT_OFFICERS },
    schema: { hide: true, querystring: z.object({ username: z.string().max(100).optional() }) },
  }, async (req, reply) => {
    const view = viewOf(req);
    const username = req.query.username?.trim();
    if (!username) return sendPage(reply, <OfficerResetPage view={view} />);
    try {
      const found = await findResettableUser(req.ctx, username);
      return sendPage(reply, <OfficerResetPage view={view} username={username} found={found} />);
    } catch (e) {
      const { fields, status } = formErrors(e, view.locale, ['not_found']);
      return sendPage(reply, <OfficerResetPage view={view} username={username} error={fields.username} />, status);
    }
  });

  app.post('/admin/accounts/password', {
    config: { access: ACCOUNT_OFFICERS },
    schema: { hide: true, body: z.object({ username: z.string().max(100).default(''), _csrf: z.string().optional() }).passthrough() },
  }, async (req, reply) => {
    const view = viewOf(req);
    try {
      const issued = await setTemporaryPassword(req.ctx, req.body.username);
      reply.header('cache-control', 'no-store');
      return sendPage(reply, <OfficerResetPage view={view} issued={issued} />);
    } catch (e) {
      const { fields, status } = formErrors(e, view.locale, ['not_found']);
      return sendPage(reply, <OfficerResetPage view={view} username={req.body.username} error={fields.username} />, status);
    }
  });
}
