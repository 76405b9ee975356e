import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect, requireActor } from '../../web/http';
import { isSecureRequest, preSessionCsrf, SESSION_COOKIE } from './auth.plugin';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { AppError } from '../../errors';
import { login, LoginDelayed, logout, PasswordChangeRequired, type LoginResult } from './identity.service';
import { afterLogin, safeNext } from './landing';
import { exchangeTemporaryPassword, resetPath } from './password-reset.service';
import { LoginPage } from './login.view';
import { registerPasswordResetRoutes } from './password-reset.routes';
import { registerAccountRequestRoutes } from './account-request.routes';

/** Attempts per IP per minute on the login endpoints (the per-username delays are separate). */
export const LOGIN_RATE_LIMIT = 10;
const loginRate = { rateLimit: { max: LOGIN_RATE_LIMIT, timeWindow: '1 minute' } };

const LoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
const ActorSchema = z.object({
  userId: z.string(), username: z.string(), displayName: z.string(), role: z.string(),
  areaCode: z.string().nullable(), provinceCode: z.string().nullable(), producerId: z.string().nullable(),
});

/** The device cookie: a random token naming a browser its user signed in from (decision 045). */
export const DEVICE_COOKIE = 'ocop_dev';

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, deps: Deps, result: LoginResult) {
  const secure = isSecureRequest(req, deps);
  reply.setCookie(SESSION_COOKIE, result.sessionToken, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: result.expiresAt });
  reply.setCookie(DEVICE_COOKIE, result.deviceToken, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 365 * 86_400 });
}

const loginMeta = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers['user-agent'], deviceToken: req.cookies[DEVICE_COOKIE] });

/** Sign in; a held-back username answers 429 with Retry-After. */
async function signIn(req: FastifyRequest, reply: FastifyReply, username: string, password: string): Promise<LoginResult> {
  try {
    const result = await login(req.ctx, username, password, loginMeta(req));
    req.log.info({ event: 'sign_in', userId: result.actor.userId }, 'signed in');
    return result;
  } catch (e) {
    if (e instanceof LoginDelayed) reply.header('retry-after', String(e.retryAfter));
    // Failed sign-ins are security events (ASVS 7.1.3): the username as typed, never the password.
    if (e instanceof AppError) req.log.warn({ event: 'sign_in_refused', code: e.code, username: username.slice(0, 64) }, 'sign-in refused');
    throw e;
  }
}

const actorJson = (a: LoginResult['actor']) => ({
  userId: a.userId, username: a.username, displayName: a.displayName, role: a.role,
  areaCode: a.areaCode, provinceCode: a.provinceCode, producerId: a.producerId,
});

export function registerIdentityRoutes(app: App, deps: Deps) {
  app.post('/api/v1/auth/login', {
    config: { access: 'public', ...loginRate },
    schema: {
      tags: ['auth'], summary: 'Log in; sets the session cookie. Unsafe requests with the cookie need the returned csrfToken in x-csrf-token.',
      body: LoginBody,
      response: { 200: z.object({ user: ActorSchema, csrfToken: z.string(), expiresAt: z.string() }) },
    },
  }, async (req, reply) => {
    const result = await signIn(req, reply, req.body.username, req.body.password);
    setSessionCookie(req, reply, deps, result);
    return { user: actorJson(result.actor), csrfToken: result.csrfToken, expiresAt: result.expiresAt.toISOString() };
  });

  app.post('/api/v1/auth/logout', {
    schema: { tags: ['auth'], summary: 'End the current session', response: { 204: z.null() } },
  }, async (req, reply) => {
    if (req.sessionToken) await logout(req.ctx, req.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get('/api/v1/auth/me', {
    schema: { tags: ['auth'], summary: 'The caller', response: { 200: z.object({ user: ActorSchema }) } },
  }, async (req) => ({ user: actorJson(requireActor(req)) }));

  app.get('/login', {
    config: { access: 'public' },
    schema: { hide: true, querystring: z.object({ next: z.string().max(2000).optional(), done: z.enum(['reset', 'requested']).optional() }) },
  }, async (req, reply) => {
    if (req.ctx.actor) return redirect(reply, afterLogin(req.ctx.actor.role, req.query.next));
    const view = { ...viewOf(req), csrfToken: preSessionCsrf(req, reply, deps) };
    return sendPage(reply, <LoginPage view={view} next={safeNext(req.query.next) ?? ''} done={req.query.done} />);
  });

  app.post('/login', {
    config: { access: 'public', ...loginRate },
    schema: {
      hide: true,
      body: z.object({ username: z.string().max(200).default(''), password: z.string().max(300).default(''), next: z.string().max(2000).optional(), _csrf: z.string().optional() }),
    },
  }, async (req, reply) => {
    const next = safeNext(req.body.next) ?? '';
    try {
      const result = await signIn(req, reply, req.body.username, req.body.password);
      setSessionCookie(req, reply, deps, result);
      return redirect(reply, afterLogin(result.actor.role, next));
    } catch (e) {
      // A temporary password from an officer: choose the new one now (no session until then).
      if (e instanceof PasswordChangeRequired) return redirect(reply, resetPath(await exchangeTemporaryPassword(req.ctx, e.userId)));
      if (!(e instanceof LoginDelayed) && !(e instanceof AppError && e.code === 'invalid_credentials')) throw e;
      const view = { ...viewOf(req), csrfToken: preSessionCsrf(req, reply, deps) };
      const retryAfter = e instanceof LoginDelayed ? e.retryAfter : undefined;
      return sendPage(reply, <LoginPage view={view} next={next} username={req.body.username} error={e.code} retryAfter={retryAfter} />, e.status);
    }
  });

  app.post('/logout', { schema: { hide: true } }, async (req, reply) => {
    if (req.sessionToken) await logout(req.ctx, req.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return redirect(reply, '/');
  });

  registerPasswordResetRoutes(app, deps);
  registerAccountRequestRoutes(app, deps);

}
