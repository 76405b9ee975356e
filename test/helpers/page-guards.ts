/**
 * What must never happen on a page in the browser tests (issue 12, docs/decisions/026-browser-guards.md):
 * uncaught script errors, console errors, CSP violations, sub-resources or fetches that fail, and
 * a refused action (an answer 4xx/5xx to a fetch, an XHR or a page navigation) that leaves nothing
 * visible on the page to say why. Every page of an app context is tracked, and every tracked
 * page's list is checked after each e2e test (test/setup/e2e-guards.ts); a test states what it
 * expects to fail with `expectFailure(errors, /pattern/)`.
 *
 *   const { page, errors } = await openPageAs(browser, s, user);
 *   expectFailure(errors, /404 .*\/media\/missing/);  // this one is expected
 *   const res = await clickAndWaitForResponse(…);  await expectVisibleRefusal(page, res);
 */
import type { BrowserContext, Locator, Page, Response } from 'playwright-core';
import { expect } from 'vitest';

interface Tracked {
  page: Page;
  errors: string[];
  /** Patterns of errors this test expects (expectFailure); they are not recorded. */
  allowed: RegExp[];
  /** Refusal checks still waiting for their second to pass. */
  pending: Set<Promise<void>>;
}

const byPage = new WeakMap<Page, Tracked>();
const byErrors = new WeakMap<string[], Tracked>();
const tracked: Tracked[] = [];
/** CSP violations reported by a page before trackPageErrors was called on it. */
const early = new WeakMap<Page, string[]>();

/** Errors recorded as "refused silently" cannot be waived: a refusal must always say why. */
const SILENT = 'refused silently';

function record(t: Tracked, message: string): void {
  if (!message.startsWith(SILENT) && t.allowed.some((p) => p.test(message))) return;
  t.errors.push(message);
}

const CSP_BINDING = '__ocopCspViolation';

/**
 * Every page of the context reports each CSP violation (the `securitypolicyviolation` event, fired
 * by the browser for a blocked inline style, script, frame or connection) to the test through a
 * binding. Called by newAppContext; Chromium's console line "Refused to …" is caught as well.
 */
export async function watchCspViolations(context: BrowserContext): Promise<void> {
  await context.exposeBinding(CSP_BINDING, ({ page }, text: string) => {
    if (!page) return;
    const t = byPage.get(page);
    if (t) record(t, text);
    else early.set(page, [...(early.get(page) ?? []), text]);
  });
  await context.addInitScript(`(() => {
    const report = (e) => {
      // axe-core, evaluated by the test over the DevTools protocol, probes eval(): not the app's.
      if (e.blockedURI === 'eval' && !e.sourceFile) return;
      const fn = window.${CSP_BINDING};
      const where = e.sourceFile ? ' at ' + e.sourceFile + ':' + e.lineNumber : '';
      const sample = e.sample ? ' «' + e.sample + '»' : '';
      if (typeof fn === 'function') fn('csp: ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + where + sample + ' on ' + location.pathname + location.search);
    };
    document.addEventListener('securitypolicyviolation', report, true);
  })()`);
}

/** A visible [role=alert] (error page, form error summary, a script's message) with words in it. */
const VISIBLE_ALERT = `(() => [...document.querySelectorAll('[role=alert], .error-summary')].some((el) =>
  (el.textContent || '').trim().length > 0 && el.getClientRects().length > 0
  && getComputedStyle(el).visibility !== 'hidden'))()`;

function watchRefusal(t: Tracked, r: Response): void {
  const req = r.request();
  const page = t.page;
  const type = req.resourceType();
  const isNavigation = type === 'document' && req.frame() === page.mainFrame();
  if (r.status() < 400 || !(isNavigation || type === 'fetch' || type === 'xhr')) return;
  const what = `${r.status()} ${req.method()} ${r.url()}`;
  // A navigation: its own page must carry the message; a fetch: the page the script leaves.
  const predicate = isNavigation
    ? `location.href === ${JSON.stringify(r.url())} && ${VISIBLE_ALERT}`
    : VISIBLE_ALERT;
  // Five seconds: a loaded machine (CI runs two engines' suites on two cores) may take more than one
  // to render the page a refused form answered with.
  const check = page.waitForFunction(predicate, undefined, { timeout: 5000, polling: 100 }).then(
    () => undefined,
    () => {
      if (page.isClosed()) return;
      // The test moved on to another page meanwhile: nothing can be said about this one.
      if (isNavigation && page.url() !== r.url()) return;
      record(t, `${SILENT}: ${what} left no visible [role=alert] on ${page.url()}`);
    },
  ).finally(() => t.pending.delete(check));
  t.pending.add(check);
}

/**
 * Collects what should never happen on a page (see the head of this file). Error statuses of a
 * page itself (403/404 pages, forms answered with 400) are not errors as long as the page shows
 * a visible [role=alert] saying why; sub-resources and fetches answered ≥ 400 are, unless
 * expected with expectFailure. Calling it twice for one page returns the same list.
 */
export function trackPageErrors(page: Page): string[] {
  const existing = byPage.get(page);
  if (existing) return existing.errors;
  const t: Tracked = { page, errors: [], allowed: [], pending: new Set() };
  byPage.set(page, t);
  byErrors.set(t.errors, t);
  tracked.push(t);
  for (const text of early.get(page) ?? []) record(t, text);
  early.delete(page);
  page.on('pageerror', (e) => record(t, `pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    // The status itself is reported (with its URL) by the response handler below.
    if (text.startsWith('Failed to load resource: the server responded with a status of')) return;
    // A CSP line is long; its first sentence names the directive (the listener adds the source).
    record(t, `console: ${text.replace(/\s+/g, ' ').replace(/(Content Security Policy directive '[^']*'[^.]*)\..*$/, '$1').slice(0, 400)}`);
  });
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'document' && r.status() >= 400) record(t, `${r.status()} ${r.request().method()} ${r.url()}`);
    watchRefusal(t, r);
  });
  page.on('requestfailed', (r) => {
    const reason = r.failure()?.errorText ?? '';
    // ERR_ABORTED: the browser dropped it because the test already navigated on (a favicon, say).
    if (r.resourceType() !== 'document' && reason !== 'net::ERR_ABORTED') record(t, `failed: ${r.method()} ${r.url()} ${reason}`);
  });
  return t.errors;
}

/**
 * This test expects errors matching `pattern` on the page whose list `errors` is (a 404 it asks
 * for on purpose, say): they are not recorded from now on, and ones already recorded are dropped.
 * "Refused silently" is never waived.
 */
export function expectFailure(errors: string[], pattern: RegExp): void {
  const t = byErrors.get(errors);
  if (!t) throw new Error('expectFailure: these errors are not a tracked page’s (use trackPageErrors/openPageAs/openPublicPage)');
  t.allowed.push(pattern);
  for (let i = errors.length - 1; i >= 0; i--) if (!errors[i]!.startsWith(SILENT) && pattern.test(errors[i]!)) errors.splice(i, 1);
}

/**
 * Fails when any tracked page has recorded an error (after the pending refusal checks finish);
 * the errors reported are cleared, so a page kept for the next test is checked afresh there.
 */
export async function assertNoPageErrors(): Promise<void> {
  await Promise.all(tracked.flatMap((t) => [...t.pending]));
  const found: string[] = [];
  for (const t of tracked) {
    found.push(...t.errors);
    t.errors.splice(0);
    t.allowed.splice(0);
  }
  for (let i = tracked.length - 1; i >= 0; i--) if (tracked[i]!.page.isClosed()) tracked.splice(i, 1);
  expect(found, 'errors on the pages of this test (console, CSP, failed requests, silent refusals)').toEqual([]);
}


/**
 * After an action the server refused: the answer is a 4xx and the page shows a visible
 * [role=alert] (or a form's error summary) with words in it. Returns those words.
 */
export async function expectVisibleRefusal(page: Page, response: Response | null): Promise<string> {
  expect(response, 'the refused action had no response').not.toBeNull();
  const status = response!.status();
  expect(status, `expected a refusal (4xx) from ${response!.url()}`).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
  const alert = page.locator('[role=alert], .error-summary').filter({ hasText: /\S/ }).filter({ visible: true }).first();
  await alert.waitFor({ state: 'visible', timeout: 2000 });
  const text = (await alert.innerText()).trim();
  expect(text.length, 'the refusal message is empty').toBeGreaterThan(0);
  return text;
}

/**
 * Submits a form (or follows a link) that the server is expected to refuse, and checks that the
 * page it leads to answers 4xx and shows why (expectVisibleRefusal). Returns the words shown.
 */
export async function submitRefused(page: Page, target: Locator): Promise<string> {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame(), { timeout: 30_000 }),
    target.click(),
  ]);
  await page.waitForLoadState();
  return expectVisibleRefusal(page, res);
}
