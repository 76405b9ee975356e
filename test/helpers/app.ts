/**
 * HTTP-tier helpers: an app on its own fresh database, driven with `app.inject` (no sockets),
 * and users of any role with a Bearer token and, on request, a cookie session + CSRF token.
 *
 *   const t = await testApp();
 *   afterAll(() => t.close());
 *   const officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38' });
 *   const res = await t.app.inject({ method: 'GET', url: '/api/v1/producers', headers: officer.headers() });
 *   expect(json(res).items).toEqual([]);
 */
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app';
import type { Ctx, Deps } from '../../src/context';
import type { App } from '../../src/web/http';
import { createApiToken } from '../../src/modules/identity/identity.service';
import { CLI_MAX_DAYS } from '../../src/modules/identity/tokens';
import { SESSION_COOKIE } from '../../src/modules/identity/auth.plugin';
import { freshDeps, type FreshDepsOptions, type TestDeps } from './db';
import { createTestUser, systemCtx, type TestUser, type UserSpec } from './users';

export * from './users';

export type InjectResponse = LightMyRequestResponse;
export type Headers = Record<string, string>;

export interface TestApp {
  deps: TestDeps;
  app: App;
  /** A system (national_admin) context for arranging data through services. */
  ctx: Ctx;
  /** Close the app, then the database (drops the copy on PostgreSQL). */
  close(): Promise<void>;
}

/** The app (logger off) on a fresh database. */
export async function testApp(opts: FreshDepsOptions = {}): Promise<TestApp> {
  const deps = await freshDeps(opts);
  let app: App;
  try {
    app = await buildApp({ deps, logger: false });
    await app.ready();
  } catch (e) {
    await deps.cleanup();
    throw e;
  }
  return {
    deps, app, ctx: systemCtx(deps),
    close: async () => {
      try { await app.close(); } finally { await deps.cleanup(); }
    },
  };
}

/** Parsed JSON body; fails with the raw body when it is not JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function json<T = any>(res: InjectResponse): T {
  try {
    return JSON.parse(res.body) as T;
  } catch {
    throw new Error(`expected a JSON body, got ${res.statusCode} ${res.headers['content-type'] ?? ''}: ${res.body.slice(0, 300)}`);
  }
}

export interface ErrorBody { error: { code: string; message: string; fields?: Record<string, string>; fieldCodes?: Record<string, string> } }

/** Asserts the API error shape, status and code; returns the error for further checks. */
export function expectError(res: InjectResponse, status: number, code: string): ErrorBody['error'] {
  const body = json<ErrorBody>(res);
  expect({ status: res.statusCode, code: body.error?.code }, res.body).toEqual({ status, code });
  expect(typeof body.error.message).toBe('string');
  return body.error;
}

export interface Session {
  /** `ocop_sid=<token>`, ready for a `cookie` header. */
  cookie: string;
  csrf: string;
  /** Cookie + x-csrf-token headers (plus extra). */
  headers(extra?: Headers): Headers;
}

export interface AuthedUser extends TestUser {
  /** API token (Bearer). */
  token: string;
  /** Set once logged in (asUser(…, { login: true }) or login()). */
  cookie: string | null;
  csrf: string | null;
  /** `Authorization: Bearer …` (plus extra). */
  headers(extra?: Headers): Headers;
  /** Cookie + CSRF headers; throws unless logged in. */
  sessionHeaders(extra?: Headers): Headers;
  /** Log in through `POST /api/v1/auth/login`; stores and returns the session. */
  login(opts?: { remoteAddress?: string }): Promise<Session>;
}

export interface LoginOptions {
  /** Client IP as the server sees it (the login route is rate-limited per IP). */
  remoteAddress?: string;
  headers?: Headers;
}

/** `POST /api/v1/auth/login` with a JSON body; returns the raw response. */
export function loginRequest(app: App, username: string, password: string, opts: LoginOptions = {}) {
  return app.inject({
    method: 'POST', url: '/api/v1/auth/login',
    payload: { username, password },
    headers: opts.headers ?? {},
    ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
  });
}

/** The session from a successful login response. */
export function sessionFrom(res: InjectResponse): Session {
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const sid = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!sid) throw new Error(`login set no ${SESSION_COOKIE} cookie`);
  const cookie = `${SESSION_COOKIE}=${sid.value}`;
  const csrf = json<{ csrfToken: string }>(res).csrfToken;
  return { cookie, csrf, headers: (extra = {}) => ({ cookie, 'x-csrf-token': csrf, ...extra }) };
}

export async function login(app: App, username: string, password: string, opts: LoginOptions = {}): Promise<Session> {
  return sessionFrom(await loginRequest(app, username, password, opts));
}

/**
 * A user of the given role with an API token; with `login: true` also a cookie session.
 * `headers()` authenticates with the token (no CSRF needed), `sessionHeaders()` with the cookie.
 */
export async function asUser(app: App, deps: Deps, spec: UserSpec & { login?: boolean }): Promise<AuthedUser> {
  const base = await createTestUser(deps, spec);
  // The longest an operator may give: tests that move the clock years on keep their callers.
  const token = await createApiToken(systemCtx(deps), base.username, 'test', CLI_MAX_DAYS);
  const u: AuthedUser = {
    ...base,
    token,
    cookie: null,
    csrf: null,
    headers: (extra = {}) => ({ authorization: `Bearer ${token}`, ...extra }),
    sessionHeaders(extra = {}) {
      if (!u.cookie || !u.csrf) throw new Error('not logged in: call login() first');
      return { cookie: u.cookie, 'x-csrf-token': u.csrf, ...extra };
    },
    async login(opts = {}) {
      const s = await login(app, base.username, base.password, opts);
      u.cookie = s.cookie;
      u.csrf = s.csrf;
      return s;
    },
  };
  if (spec.login) await u.login();
  return u;
}
