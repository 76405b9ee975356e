import type { FastifyReply, FastifyRequest } from 'fastify';
import { makeCtx, type Deps } from '../../context';
import { AppError } from '../../errors';
import { dbTrouble } from '../../db/availability';
import { resolveApiToken, resolveSession } from './identity.service';
import { randomToken, safeEqual } from './tokens';
import { isLocale, type Locale } from '../../core/i18n';
import type { App } from '../../web/http';

export const SESSION_COOKIE = 'ocop_sid';
export const PRE_CSRF_COOKIE = 'ocop_pre';
export const LANG_COOKIE = 'lang';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isSecureRequest(req: FastifyRequest, deps: Deps): boolean {
  const setting = deps.env.COOKIE_SECURE;
  return setting === 'true' || (setting === 'auto' && req.protocol === 'https');
}

function pickLocale(req: FastifyRequest, reply: FastifyReply): Locale {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (isLocale(q)) {
    reply.setCookie(LANG_COOKIE, q, { path: '/', sameSite: 'lax', maxAge: 31_536_000 });
    return q;
  }
  const c = req.cookies[LANG_COOKIE];
  return isLocale(c) ? c : 'vi';
}

/**
 * Identifies the caller (bearer token or session cookie), enforces each route's declared access
 * (default deny), and checks CSRF on cookie-authenticated writes.
 */
export function registerAuth(app: App, deps: Deps) {
  app.decorateRequest('ctx', null as never);
  app.decorateRequest('authVia', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRequest', async (req, reply) => {
    const ctx = makeCtx(deps, { requestId: String(req.id), locale: pickLocale(req, reply) });
    req.ctx = ctx;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const actor = await resolveApiToken(ctx, auth.slice(7).trim());
      if (!actor) throw new AppError('unauthenticated', 'invalid or revoked token');
      ctx.actor = actor;
      req.authVia = 'token';
    } else {
      const sid = req.cookies[SESSION_COOKIE];
      if (sid && sid.length < 200) {
        const found = await resolveSession(ctx, sid).catch((e: unknown) => {
          // The database is away (decisions/043): a signed-in person may still read the public
          // pages held in memory, as a visitor; anything else answers 503.
          if (dbTrouble(e) && (req.method === 'GET' || req.method === 'HEAD') && req.routeOptions.config?.access === 'public') return null;
          throw e;
        });
        if (found) {
          ctx.actor = found.actor;
          req.authVia = 'session';
          req.csrfToken = found.csrfToken;
          req.sessionToken = sid;
        }
      }
    }
    const access = req.routeOptions.config?.access ?? 'user';
    if (!req.routeOptions.url) return; // unknown route: the not-found handler answers
    if (access === 'public') return;
    if (!ctx.actor) throw new AppError('unauthenticated', 'authentication required');
    if (access !== 'user' && !access.includes(ctx.actor.role)) {
      throw new AppError('forbidden', 'your role may not use this route');
    }
  });

  // What a signed-in person sees is theirs alone: never kept by a browser or proxy cache (the back
  // button after signing out shows nothing). A route that set its own policy keeps it.
  app.addHook('onSend', async (req, reply) => {
    if (req.authVia === 'session' && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  app.addHook('preHandler', async (req) => {
    if (!UNSAFE.has(req.method)) return;
    const body = req.body as Record<string, unknown> | undefined;
    const given = req.headers['x-csrf-token'] ?? (typeof body?._csrf === 'string' ? body._csrf : undefined);
    if (req.authVia === 'session') {
      if (typeof given !== 'string' || !req.csrfToken || !safeEqual(given, req.csrfToken)) {
        throw new AppError('csrf_failed', 'missing or wrong CSRF token');
      }
      return;
    }
    if (req.authVia === 'token') return;
    // Anonymous HTML form posts (login) use a double-submit cookie.
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
      if (req.url.startsWith('/api/')) throw new AppError('unsupported_media_type', 'the API takes JSON');
      const cookie = req.cookies[PRE_CSRF_COOKIE];
      if (typeof given !== 'string' || !cookie || !safeEqual(given, cookie)) {
        throw new AppError('csrf_failed', 'missing or wrong CSRF token');
      }
    }
  });
}

/**
 * A pre-session token as this server makes them (`randomToken(24)`: 32 base64url characters).
 * Anything else in the cookie is replaced: the token is written into pages as it is.
 */
export const isPreCsrfToken = (v: string) => /^[A-Za-z0-9_-]{32}$/.test(v);

/** The attributes of the pre-session token's cookie (also set by the verification fast path). */
export const preCsrfCookieOptions = (secure: boolean) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, secure });

/** The pre-session CSRF token for anonymous forms (login), set as a cookie when missing. */
export function preSessionCsrf(req: FastifyRequest, reply: FastifyReply, deps: Deps): string {
  let token = req.cookies[PRE_CSRF_COOKIE];
  if (!token || !isPreCsrfToken(token)) {
    token = randomToken(24);
    reply.setCookie(PRE_CSRF_COOKIE, token, preCsrfCookieOptions(isSecureRequest(req, deps)));
  }
  return token;
}
