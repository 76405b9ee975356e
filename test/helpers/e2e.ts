/**
 * End-to-end helpers (engineering.md §12): Debian's Chromium driven by playwright-core (never a
 * downloaded browser), the app listening on a free port over its own fresh database, and sign-in
 * that skips the login form (a real session from the identity service, its cookie set directly).
 *
 *   const skip = !hasChromium();
 *   describe.skipIf(skip)('catalogue', () => {
 *     let s: ServedApp; let browser: Browser;
 *     beforeAll(async () => { s = await serveTestApp(); browser = await launchChromium(); });
 *     afterAll(async () => { await browser?.close(); await s?.close(); });
 *     it('…', async () => {
 *       const context = await browser.newContext({ baseURL: s.baseUrl });
 *       await signIn(context, s, await createTestUser(s.deps, { role: 'national_admin' }));
 *       …
 *     });
 *   });
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, LaunchOptions } from 'playwright-core';
import { makeCtx } from '../../src/context';
import { login } from '../../src/modules/identity/identity.service';
import { SESSION_COOKIE } from '../../src/web/auth.plugin';
import { testApp, type TestApp } from './app';
import type { FreshDepsOptions } from './db';
import type { TestUser } from './users';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** e2e files skip themselves when this is false (CI installs Debian's chromium when it can). */
export const hasChromium = (): boolean => existsSync(CHROMIUM_PATH);

export async function launchChromium(opts: LaunchOptions = {}): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Root in containers: Chromium's sandbox needs user namespaces we may not have.
    args: ['--no-sandbox', '--disable-dev-shm-usage', ...(opts.args ?? [])],
    ...opts,
  });
}

export interface ServedApp extends TestApp {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  baseUrl: string;
}

/** The app on a fresh database, listening on 127.0.0.1 and a free port. `close()` stops both. */
export async function serveTestApp(opts: FreshDepsOptions = {}): Promise<ServedApp> {
  const t = await testApp(opts);
  try {
    const baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
    return { ...t, baseUrl: baseUrl.replace(/\/$/, '') };
  } catch (e) {
    await t.close();
    throw e;
  }
}

/** Open a real session for `user` and put its cookie into the browser context; returns the CSRF token. */
export async function signIn(context: BrowserContext, served: ServedApp, user: TestUser): Promise<{ csrf: string }> {
  const result = await login(makeCtx(served.deps), user.username, user.password, { ip: '127.0.0.1', userAgent: 'e2e' });
  await context.addCookies([{
    name: SESSION_COOKIE, value: result.sessionToken, url: served.baseUrl, httpOnly: true, sameSite: 'Lax',
  }]);
  return { csrf: result.csrfToken };
}
