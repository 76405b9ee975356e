/**
 * Progress bars drawn as they claim (issue 12, defect 1: bars drawn full width at 0 % because the
 * CSP blocked their inline width). For every progress bar on the page:
 * - `[role=progressbar]` (the targets' SVG bars): the drawn width of its fill (`[data-progress-fill]`)
 *   over the bar's inner width equals (aria-valuenow − min) / (max − min), within 1 px or 1 %;
 *   the fill stays inside the bar; a percentage in its aria-valuetext agrees with the bar (below
 *   100 %: within 1 point of it; 100 % or more: a full bar);
 * - `<progress>`: a value between 0 and max;
 * - funnels (`.chart--funnel`, src/web/charts/funnel.tsx): each bar's width is its value over the
 *   largest, and no step claims more than 100 % of the step before it.
 *   await expectProgressBarsMatchValues(page);   // returns how many bars were checked
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface BarReading {
  kind: 'progressbar' | 'progress' | 'funnel';
  label: string;
  problem: string | null;
}

/** Reads every bar in the page and says what is wrong with each (null when it is right). */
export function readProgressBars(page: Page): Promise<BarReading[]> {
  // A string, so that the test runner's transform leaves the browser code alone.
  return page.evaluate(`(() => {
    const out = [];
    const lang = (document.documentElement.lang || 'vi').slice(0, 2);
    const num = (s) => Number(lang === 'vi' ? s.replace(/\\./g, '').replace(',', '.') : s.replace(/,/g, ''));
    const percentIn = (s) => { const m = /(-?\\d[\\d.,]*)\\s*%/.exec(s || ''); return m ? num(m[1]) : null; };
    const describe = (el) => (el.getAttribute('aria-label') || '') + ' ' + (el.getAttribute('aria-valuetext') || '') + ' @' + (el.closest('[id]')?.id || el.closest('tr, li, section')?.textContent?.trim().slice(0, 60) || '');
    const visible = (el) => el.getClientRects().length > 0;
    for (const el of document.querySelectorAll('[role=progressbar]')) {
      if (!visible(el)) continue;
      const label = describe(el);
      const min = Number(el.getAttribute('aria-valuemin') ?? 0);
      const max = Number(el.getAttribute('aria-valuemax') ?? 100);
      const nowAttr = el.getAttribute('aria-valuenow');
      if (nowAttr === null || !Number.isFinite(Number(nowAttr)) || !(max > min)) {
        out.push({ kind: 'progressbar', label, problem: 'needs aria-valuenow (and aria-valuemin < aria-valuemax) to be checked' });
        continue;
      }
      const now = Number(nowAttr);
      const fill = el.querySelector('[data-progress-fill]');
      if (!fill) { out.push({ kind: 'progressbar', label, problem: 'has no [data-progress-fill] element to measure' }); continue; }
      const track = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      const left = track.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft);
      const inner = track.width - parseFloat(cs.borderLeftWidth) - parseFloat(cs.borderRightWidth) - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      const f = fill.getBoundingClientRect();
      const drawn = f.width;
      const claimed = Math.max(0, Math.min(1, (now - min) / (max - min)));
      const problems = [];
      if (Math.abs(drawn - claimed * inner) > Math.max(1, inner * 0.01)) {
        problems.push('drawn ' + drawn.toFixed(1) + ' px of ' + inner.toFixed(1) + ' px (' + (100 * drawn / inner).toFixed(1) + ' %) but aria-valuenow says ' + (100 * claimed).toFixed(1) + ' %');
      }
      if (f.left < left - 1 || f.right > left + inner + 1) problems.push('fill outside the bar');
      const shown = percentIn(el.getAttribute('aria-valuetext'));
      if (shown !== null) {
        if (shown < 100 && Math.abs(shown - 100 * claimed) > 1) problems.push('says ' + shown + ' % but the bar is at ' + (100 * claimed).toFixed(1) + ' %');
        if (shown >= 100 && claimed < 0.99) problems.push('says ' + shown + ' % but the bar is not full');
      }
      out.push({ kind: 'progressbar', label, problem: problems.length ? problems.join('; ') : null });
    }
    for (const el of document.querySelectorAll('progress')) {
      const label = describe(el);
      const value = el.value; const max = el.max;
      out.push({ kind: 'progress', label, problem: value >= 0 && value <= max ? null : 'value ' + value + ' outside 0…' + max });
    }
    for (const fig of document.querySelectorAll('.chart--funnel')) {
      if (!visible(fig)) continue;
      const steps = [...fig.querySelectorAll('.chart-step')];
      const bars = steps.map((g) => g.querySelector('.chart-bar'));
      const values = bars.map((b) => (b ? Number(b.getAttribute('data-value')) : 0));
      const widest = Math.max(...bars.map((b) => (b ? b.getBoundingClientRect().width : 0)));
      const largest = Math.max(...values);
      steps.forEach((g, i) => {
        const label = 'funnel ' + (fig.querySelector('svg')?.id || '') + ' step ' + (g.querySelector('text')?.textContent || i);
        const problems = [];
        const b = bars[i];
        if (b && largest > 0 && widest > 0) {
          const w = b.getBoundingClientRect().width;
          // Bars have a minimum drawn width of 3 user units (funnel.tsx), so very small steps are let be.
          if (Math.abs(w - (values[i] / largest) * widest) > Math.max(1, widest * 0.01) && w > widest * 0.02) {
            problems.push('drawn ' + w.toFixed(1) + ' px of ' + widest.toFixed(1) + ' px for ' + values[i] + ' of ' + largest);
          }
        }
        const share = i > 0 ? percentIn([...g.querySelectorAll('tspan')].map((t) => t.textContent).join(' ')) : null;
        if (share !== null && share > 100) problems.push('claims ' + share + ' % of the step before');
        out.push({ kind: 'funnel', label, problem: problems.length ? problems.join('; ') : null });
      });
    }
    return out;
  })()`);
}

/** Fails with every bar (of these kinds; all by default) whose drawing disagrees with its value; returns how many were checked. */
export async function expectProgressBarsMatchValues(page: Page, kinds?: BarReading['kind'][]): Promise<number> {
  const bars = (await readProgressBars(page)).filter((b) => !kinds || kinds.includes(b.kind));
  const wrong = bars.filter((b) => b.problem !== null).map((b) => `${b.kind} ${b.label.replace(/\s+/g, ' ').trim()}: ${b.problem}`);
  expect(wrong, `progress bars on ${page.url()}`).toEqual([]);
  return bars.length;
}
