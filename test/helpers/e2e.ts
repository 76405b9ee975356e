/**
 * End-to-end helpers (engineering.md §12): Debian's Chromium driven by playwright-core (never a
 * downloaded browser), the app listening on a free port over its own fresh database, sign-in
 * that skips the login form (a real session from the identity service, its cookie set directly),
 * axe-core checks, and screenshots for docs/screenshots (only with SCREENSHOTS=1).
 *
 * Every page opened by openPageAs/openPublicPage (or tracked with trackPageErrors) is checked
 * after each test (test/setup/e2e-guards.ts): console errors, CSP violations, failed requests and refusals
 * without a visible message fail the test (test/helpers/page-guards.ts).
 *
 *   describe.skipIf(!hasChromium())('catalogue', () => {
 *     let s: ServedApp; let browser: Browser;
 *     beforeAll(async () => { [s, browser] = await Promise.all([serveTestApp(), launchChromium()]); });
 *     afterAll(async () => { await browser?.close(); await s?.close(); });
 *     it('…', async () => {
 *       const { page, errors } = await openPageAs(browser, s, await createTestUser(s.deps, { role: 'national_admin' }));
 *       expectFailure(errors, /404 GET .*\/anh\/missing/);   // only what this test expects to fail
 *       await page.goto('/admin');
 *       await expectAccessible(page, 'dashboard');
 *       await screenshots(page, 'dashboard');
 *     });
 *   });
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, LaunchOptions, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { trackPageErrors, watchCspViolations } from './page-guards';
import { ROOT } from '../../src/paths';
import { makeCtx } from '../../src/context';
import { login } from '../../src/modules/identity/identity.service';
import { SESSION_COOKIE } from '../../src/modules/identity/auth.plugin';
import { testApp, type TestApp } from './app';
import type { FreshDepsOptions } from './db';
import type { TestUser } from './users';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** e2e files skip themselves when this is false (CI installs Debian's chromium when it can). */
export const hasChromium = (): boolean => existsSync(CHROMIUM_PATH);

/**
 * Flags for Debian's Chromium in a container: no sandbox (root; the sandbox needs user namespaces
 * we may not have), no GPU, no background requests to anything but the app.
 */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'];

export async function launchChromium(opts: LaunchOptions = {}): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const { args = [], ...rest } = opts;
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    ...rest,
    args: [...CHROMIUM_ARGS, ...args],
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

/**
 * A browser context on the served app, under the app's own CSP (never bypassed: a violation is a
 * defect the tests must see). Every page in it reports `securitypolicyviolation` events to its
 * error list (see trackPageErrors); axe-core is evaluated through the DevTools protocol, which the
 * page's CSP does not govern, so it needs no script tag.
 */
export async function newAppContext(browser: Browser, served: ServedApp, opts: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: served.baseUrl, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh',
    viewport: DESKTOP, ...opts,
  });
  await watchCspViolations(context);
  // Every page opened in an app context is tracked, so the check after each test sees it.
  context.on('page', (page) => { trackPageErrors(page); });
  return context;
}

export interface SignedInPage { context: BrowserContext; page: Page; errors: string[] }

/** A new app context signed in as `user`, one page in it, and that page's errors tracked (checked after each test). */
export async function openPageAs(browser: Browser, served: ServedApp, user: TestUser, opts: BrowserContextOptions = {}): Promise<SignedInPage> {
  const context = await newAppContext(browser, served, opts);
  await signIn(context, served, user);
  const page = await context.newPage();
  return { context, page, errors: trackPageErrors(page) };
}

/** A new app context for a visitor who is not signed in, one page in it, its errors tracked. */
export async function openPublicPage(browser: Browser, served: ServedApp, opts: BrowserContextOptions = {}): Promise<SignedInPage> {
  const context = await newAppContext(browser, served, opts);
  const page = await context.newPage();
  return { context, page, errors: trackPageErrors(page) };
}

// ─── Accessibility (axe-core) ────────────────────────────────────────────────

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeSourceText: string | undefined;
const axeSource = (): string => (axeSourceText ??= readFileSync(AXE_PATH, 'utf8'));

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core on the page as it is now and returns every violation. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol: not subject to the page's CSP (a script tag would be).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary })),
    }));
  });
}

/** Fails with a readable list when axe finds a serious or critical problem on the page. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.slice(0, 5)
    .map((n) => `    ${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`).join('\n')}`);
  expect(report, `axe on ${label} (${page.url()})`).toEqual([]);
}

// ─── Screenshots (only with SCREENSHOTS=1) ───────────────────────────────────

export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;
export const SCREENSHOT_DIR = join(ROOT, 'docs', 'screenshots');
export const takingScreenshots = () => process.env.SCREENSHOTS === '1';

/**
 * The page was loaded at another size: run the enhancements that measure the layout once on load
 * (nav-scroll brings the current menu item into view on phones) again, as a load at this size would.
 * Uses the `init` export of the page's own app.js (the same module instance, so nothing runs twice).
 */
async function rerunLayoutEnhancements(page: Page): Promise<void> {
  // A string, so that the test runner's transform leaves the browser's own import() alone.
  await page.evaluate(`(async () => {
    const script = document.querySelector('script[type="module"][src*="app.js"]');
    const targets = document.querySelectorAll('[data-module~="nav-scroll"]');
    if (!script || targets.length === 0) return;
    targets.forEach((el) => { el.scrollLeft = 0; delete el.dataset.moduleInit; });
    const mod = await import(script.src);
    if (typeof mod.init === 'function') mod.init();
  })()`);
}

/**
 * With SCREENSHOTS=1, saves the page as docs/screenshots/<name>-phone.png (390×844) and
 * <name>-desktop.png (1280×800), full length, then restores the viewport. A no-op otherwise,
 * so ordinary runs (and CI) never rewrite the committed pictures.
 */
export async function screenshots(page: Page, name: string): Promise<void> {
  if (!takingScreenshots()) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const before = page.viewportSize();
  for (const [suffix, size] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    await page.setViewportSize(size);
    await rerunLayoutEnhancements(page);
    // The caret and focus ring are not part of what we want to compare.
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${suffix}.png`), fullPage: true, animations: 'disabled', caret: 'hide' });
  }
  if (before) await page.setViewportSize(before);
}

export { trackPageErrors, expectFailure, assertNoPageErrors, expectVisibleRefusal, submitRefused, watchCspViolations } from './page-guards';

/**
 * Click something that submits a form (or follows a link) and wait for the page it leads to.
 * `click(); waitForLoadState()` alone can return before the navigation starts, reading the old page.
 */
export async function clickAndWait(page: Page, target: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30_000 }), target.click()]);
  await page.waitForLoadState();
}
