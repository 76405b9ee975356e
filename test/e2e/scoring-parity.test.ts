/**
 * One scoring implementation (issue 11): the live subtotals a member sees while ticking a sheet
 * are computed in the browser by the shipped bundle (public/app.js, built by scripts/build.mjs),
 * which imports the domain's `scoreSheet` and star bands. For every published scoring sheet the
 * app serves (each regime × product set, with that regime's star bands), a few hundred random
 * answer sets are ticked on the real SheetForm markup in Chromium and the figures the page shows
 * are compared with the server's `scoreSheet` + `starsForScore` on the same answers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { h, type VNode } from 'preact';
import { ROOT } from '../../src/paths';
import { t as translate } from '../../src/core/i18n';
import { renderPage } from '../../src/web/render';
import { LocaleContext } from '../../src/web/components/ui-locale';
import { SheetForm } from '../../src/web/components/sheet-form';
import { scoreSheet, type SheetNodeView, type SheetView } from '../../src/domain/scoring-sheet';
import { starsForScore, type StarBand } from '../../src/domain/stars';
import { hasChromium, launchChromium, trackPageErrors } from '../helpers/e2e';
import { testApp, type TestApp } from '../helpers/app';

const SAMPLES = 250;
const ORIGIN = 'http://scoring.test';
const BUNDLE = join(ROOT, 'public', 'app.js');

interface Version { code: string; starBands: StarBand[]; minCertifiableStars: number }
interface Case { options: string[]; knockOuts: string[] }
interface Shown { parts: Record<string, string>; total: string; stars: string; certifiable: string; outcome: string }

/** mulberry32: reproducible random answers (a failure names its seed). */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random answers a member could tick: some criteria left, one case per 'one' node, now and then a knock-out. */
function randomCases(sheet: SheetView, n: number, seed: number): Case[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const koNodes: string[] = [];
  const walk = (x: SheetNodeView) => { if (x.knockOut) koNodes.push(x.code); x.children.forEach(walk); };
  sheet.parts.forEach((p) => p.children.forEach(walk));
  const koRate = koNodes.length ? 0.4 / koNodes.length : 0;
  return Array.from({ length: n }, (_, i) => {
    const fill = i === 0 ? 1 : i === 1 ? 0 : rnd();
    const options: string[] = [];
    const knockOuts: string[] = [];
    const visit = (x: SheetNodeView) => {
      if (x.knockOut && rnd() < koRate) knockOuts.push(x.code);
      if (x.options.length) {
        if (rnd() < fill) options.push(pick(x.options).code);
        return;
      }
      if (x.selection === 'one') {
        if (x.children.length) visit(pick(x.children));
        return;
      }
      x.children.forEach(visit);
    };
    sheet.parts.forEach((p) => p.children.forEach(visit));
    return { options, knockOuts };
  });
}

const fmt = (n: number) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }).format(n);

/** What the page must show for these answers, from the server's rules. */
function expected(sheet: SheetView, v: Version, c: Case): Shown {
  const r = scoreSheet(sheet, c);
  if (!r.ok) throw new Error(`generated answers do not fit the sheet: ${JSON.stringify(r.issues)}`);
  const s = r.score;
  const stars = starsForScore(Math.min(100, Math.max(0, s.total)), v.starBands);
  return {
    parts: Object.fromEntries(sheet.parts.map((p) => [p.code, fmt(s.parts[p.code])])),
    total: fmt(s.total),
    // A knock-out (issue 12): no stars on this sheet, whatever the points.
    stars: s.knockOut ? '—' : translate('en', 'sheetForm.starsValue', { stars }),
    certifiable: s.knockOut ? translate('en', 'sheetForm.knockedOut')
      : stars >= v.minCertifiableStars ? translate('en', 'sheetForm.certifiable') : translate('en', 'sheetForm.notCertifiable', { min: v.minCertifiableStars }),
    outcome: !s.knockOut ? '' : translate('en', s.outcome === 'eliminated' ? 'sheetForm.outcome.eliminated' : 'sheetForm.outcome.stopped', { code: s.knockOut.code }),
  };
}

/** The scoring form as the app renders it (English, so the figures read back as plain numbers), loading the shipped bundle. */
function formPage(sheet: SheetView, v: Version): string {
  const form = h('form', { method: 'post', action: '/score' },
    h('input', { type: 'hidden', name: '_csrf', value: 'x' }),
    h(SheetForm, { sheet, answers: { options: [], knockOuts: [] }, starBands: v.starBands, minCertifiableStars: v.minCertifiableStars }));
  return renderPage(h('html', { lang: 'en' },
    h('head', null, h('meta', { charset: 'utf-8' }), h('title', null, 'scoring'), h('script', { type: 'module', src: '/app.js' })),
    h('body', null, h(LocaleContext.Provider, { value: 'en' }, form))) as VNode);
}

describe.skipIf(!hasChromium())('live scoring in the browser bundle = scoreSheet on the server', () => {
  let t: TestApp;
  let browser: Browser;
  let csp = '';
  const sheets: { label: string; sheet: SheetView; version: Version }[] = [];

  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run node scripts/build.mjs`);
    [t, browser] = await Promise.all([testApp(), launchChromium()]);
    csp = String((await t.app.inject({ url: '/' })).headers['content-security-policy'] ?? '');
    const get = async <T>(url: string): Promise<T> => {
      const res = await t.app.inject({ url, headers: { accept: 'application/json' } });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
      return res.json() as T;
    };
    // Every published sheet the app serves, under every regime (with that regime's bands).
    const versions = await get<{ items: Version[] }>('/api/v1/criteria?pageSize=100');
    const seen = new Set<string>();
    for (const v of versions.items) {
      for (let page = 1; ; page++) {
        const sets = await get<{ items: { code: string; hasSheet: boolean }[]; total: number }>(`/api/v1/criteria/${v.code}/sets?pageSize=100&page=${page}`);
        for (const set of sets.items.filter((x) => x.hasSheet)) {
          const sheet = await get<SheetView & { id: string }>(`/api/v1/criteria/${v.code}/sets/${encodeURIComponent(set.code)}`);
          const key = `${sheet.id}|${JSON.stringify(v.starBands)}|${v.minCertifiableStars}`;
          if (seen.has(key)) continue;
          seen.add(key);
          sheets.push({ label: `${v.code} set ${set.code}`, sheet, version: v });
        }
        if (page * 100 >= sets.total) break;
      }
    }
  });
  afterAll(async () => { await browser?.close(); await t?.close(); });

  it('finds the published sheets', () => {
    expect(csp).toContain("script-src 'self'");
    expect(sheets.length).toBeGreaterThan(0);
  });

  it(`shows the server's figures for ${SAMPLES} random answer sets of every published sheet`, async () => {
    const bundle = readFileSync(BUNDLE);
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    let html = '';
    // The page and the bundle from one origin, under the app's own strict CSP (no inline scripts run).
    await page.route(`${ORIGIN}/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/app.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: bundle });
      if (url.pathname === '/') return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': csp }, body: html });
      return route.fulfill({ status: 404, body: '' });
    });
    let compared = 0;
    for (const [i, s] of sheets.entries()) {
      html = formPage(s.sheet, s.version);
      await page.goto(`${ORIGIN}/`);
      await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-module~="sheet-form"]')?.dataset.sheetFormInit === '1');
      const cases = randomCases(s.sheet, SAMPLES, 1000 + i);
      const shown = await page.evaluate((list: Case[]) => {
        const root = document.querySelector<HTMLElement>('[data-module~="sheet-form"]')!;
        const text = (sel: string) => root.querySelector(sel)?.textContent ?? '';
        const outputs = Array.from(root.querySelectorAll<HTMLElement>('[data-subtotal], [data-total], [data-stars], [data-certifiable], [data-outcome]'));
        return list.map((c) => {
          root.querySelectorAll<HTMLInputElement>('input[type="radio"], input[type="checkbox"]').forEach((x) => { x.checked = false; });
          for (const code of c.options) root.querySelector<HTMLInputElement>(`input[type="radio"][value="${CSS.escape(code)}"]`)!.checked = true;
          for (const code of c.knockOuts) root.querySelector<HTMLInputElement>(`input[type="checkbox"][name="knockOut"][value="${CSS.escape(code)}"]`)!.checked = true;
          // Nothing stale can pass for a result: the outputs are emptied before the change.
          outputs.forEach((o) => { o.textContent = ''; });
          root.dispatchEvent(new Event('change', { bubbles: true }));
          const parts: Record<string, string> = {};
          root.querySelectorAll<HTMLElement>('[data-subtotal]').forEach((o) => { parts[o.dataset.subtotal!] = o.textContent ?? ''; });
          return { parts, total: text('[data-total]'), stars: text('[data-stars]'), certifiable: text('[data-certifiable]'), outcome: text('[data-outcome]') };
        });
      }, cases);
      for (const [k, c] of cases.entries()) {
        expect(shown[k], `${s.label}, answer set ${k} (seed ${1000 + i}): ${JSON.stringify(c)}`).toEqual(expected(s.sheet, s.version, c));
        compared++;
      }
    }
    expect(compared).toBe(sheets.length * SAMPLES);
    expect(errors).toEqual([]);
    await context.close();
  });
});
