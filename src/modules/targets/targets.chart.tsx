/**
 * A target's progress chart, drawn on the server as inline SVG: the actual value on evenly
 * spaced days (solid line with dots), the straight line from the level at the start to the target
 * at the period's end (dashed), and the forecast at the current pace (dotted). The SVG has a
 * <title> and aria-labelledby; the same numbers are in a table below it (the fallback).
 */
import { formatDateVi } from '../../domain/dates';
import { daysBetween } from '../../domain/target-progress';
import type { View } from '../../web/view';
import type { TargetDto } from './targets.schema';
import type { SeriesPoint } from './targets.service';

const W = 480;
const H = 280;
const PAD = { left: 52, right: 16, top: 16, bottom: 40 };

/** A tidy upper bound for the y axis (1, 2, 2.5, 5 × 10^k). */
export function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

export function fmtNumber(view: View, n: number, unit?: string): string {
  const s = new Intl.NumberFormat(view.locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(n);
  return unit === 'percent' ? `${s}%` : s;
}

export function TargetChart({ view, target, points, id }: { view: View; target: TargetDto; points: SeriesPoint[]; id: string }) {
  const { t } = view;
  const start = target.periodStart;
  const end = target.periodEnd;
  const total = Math.max(1, daysBetween(start, end));
  const p = target.progress;
  const top = niceMax(Math.max(target.targetValue, p.forecast, p.baseline, ...points.map((x) => x.value)) * 1.05);
  const x = (day: string) => PAD.left + ((W - PAD.left - PAD.right) * daysBetween(start, day)) / total;
  const y = (v: number) => H - PAD.bottom - ((H - PAD.top - PAD.bottom) * v) / top;
  const r1 = (n: number) => Math.round(n * 10) / 10;
  const ticks = [0, top / 4, top / 2, (3 * top) / 4, top];
  const actual = points.map((pt) => `${r1(x(pt.day))},${r1(y(pt.value))}`).join(' ');
  const last = points.at(-1);
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const label = t('targets.chartLabel', {
    indicator: target.indicatorName, area: target.area.name, from: formatDateVi(start), to: formatDateVi(end),
    target: fmtNumber(view, target.targetValue, target.unit),
  });
  return (
    <figure class="target-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${titleId} ${descId}`} class="target-chart-svg" preserveAspectRatio="xMidYMid meet">
        <title id={titleId}>{label}</title>
        <desc id={descId}>{t('targets.forecastLine', { forecast: fmtNumber(view, p.forecast, target.unit), percent: fmtNumber(view, p.forecastPercent) })}</desc>
        <g class="target-chart-grid" aria-hidden="true">
          {ticks.map((v) => (
            <g>
              <line x1={PAD.left} x2={W - PAD.right} y1={r1(y(v))} y2={r1(y(v))} />
              <text x={PAD.left - 8} y={r1(y(v)) + 4} text-anchor="end">{fmtNumber(view, Math.round(v * 100) / 100)}</text>
            </g>
          ))}
          <text x={PAD.left} y={H - 16} text-anchor="start">{formatDateVi(start)}</text>
          <text x={W - PAD.right} y={H - 16} text-anchor="end">{formatDateVi(end)}</text>
        </g>
        <line class="target-chart-line" x1={r1(x(start))} y1={r1(y(p.baseline))} x2={r1(x(end))} y2={r1(y(target.targetValue))} />
        {last && last.day < end && (
          <line class="target-chart-forecast" x1={r1(x(last.day))} y1={r1(y(last.value))} x2={r1(x(end))} y2={r1(y(p.forecast))} />
        )}
        {points.length > 1 && <polyline class="target-chart-actual" points={actual} />}
        {points.map((pt) => <circle class="target-chart-dot" cx={r1(x(pt.day))} cy={r1(y(pt.value))} r="3.5" />)}
        <g aria-hidden="true">
          <circle class="target-chart-goal" cx={r1(x(end))} cy={r1(y(target.targetValue))} r="5" />
        </g>
      </svg>
      <figcaption class="target-chart-legend">
        <span class="target-legend target-legend--actual">{t('targets.chartActual')}</span>
        <span class="target-legend target-legend--line">{t('targets.chartLine')}</span>
        <span class="target-legend target-legend--forecast">{t('targets.forecast')}</span>
      </figcaption>
    </figure>
  );
}

/** The chart's numbers as a table (the text alternative); three narrow columns, a plain table on phones too. */
export function TargetChartTable({ view, target, points }: { view: View; target: TargetDto; points: SeriesPoint[] }) {
  const { t } = view;
  return (
    <div class="table-wrap" role="region" aria-label={t('targets.chartTable')} tabindex={0}>
      <table class="target-data-table">
        <caption class="visually-hidden">{t('targets.chartTable')}</caption>
        <thead><tr><th scope="col">{t('targets.day')}</th><th scope="col" class="num">{t('targets.chartActual')}</th><th scope="col" class="num">{t('targets.expected')}</th></tr></thead>
        <tbody>
          {points.map((pt) => (
            <tr key={pt.day}><th scope="row">{formatDateVi(pt.day)}</th><td class="num">{fmtNumber(view, pt.value, target.unit)}</td><td class="num">{fmtNumber(view, pt.expected, target.unit)}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
