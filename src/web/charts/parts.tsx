/** Pieces every chart uses: the fill patterns, the legend, and the <details> data table. */
import type { ComponentChildren } from 'preact';
import { patternId, seriesStyle, SERIES, CHART_TEXT, type ChartLocale } from './format';

/** One <pattern> per series style: colour plus texture (stripes, dots, cross-hatch). */
export function PatternDefs({ chartId }: { chartId: string }) {
  return (
    <defs>
      {SERIES.map((s, i) => (
        <pattern key={i} id={patternId(chartId, i)} width="6" height="6" patternUnits="userSpaceOnUse"
          patternTransform={s.pattern === 'stripes' ? 'rotate(45)' : undefined}>
          <rect width="6" height="6" fill={s.colour} />
          {s.pattern === 'stripes' && <rect width="2" height="6" fill="#ffffff" fill-opacity="0.55" />}
          {s.pattern === 'dots' && <circle cx="3" cy="3" r="1.3" fill="#ffffff" fill-opacity="0.7" />}
          {s.pattern === 'cross' && <path d="M0 0L6 6M6 0L0 6" stroke="#ffffff" stroke-opacity="0.6" stroke-width="1" />}
        </pattern>
      ))}
    </defs>
  );
}

/** The legend: a swatch with the series' pattern and line, and its name (HTML, so it wraps). */
export function Legend({ chartId, names, line = false }: { chartId: string; names: readonly string[]; line?: boolean }) {
  if (names.length < 2) return null;
  return (
    <ul class="chart-legend">
      {names.map((name, i) => (
        <li key={name}>
          <svg class="chart-swatch" viewBox="0 0 24 14" width="24" height="14" aria-hidden="true" focusable="false">
            <rect x="0" y="1" width="24" height="12" rx="2" fill={`url(#${patternId(chartId, i)})`} />
            {line && <line x1="0" y1="7" x2="24" y2="7" stroke="#1b1f1d" stroke-width="2" stroke-dasharray={seriesStyle(i).dash || undefined} />}
          </svg>
          {name}
        </li>
      ))}
    </ul>
  );
}

export interface DataTableSpec {
  caption: string;
  head: readonly string[];
  rows: readonly (readonly ComponentChildren[])[];
}

/** The figures behind a chart, folded under a <details> (for screen readers, keyboards and printouts). */
export function ChartData({ spec, locale }: { spec: DataTableSpec; locale: ChartLocale }) {
  return (
    <details class="chart-data">
      <summary>{CHART_TEXT[locale].data}</summary>
      {/* A scrolling region: focusable so keyboard users can scroll it. */}
      <div class="table-wrap" role="region" aria-label={spec.caption} tabindex={0}>
        <table class="data-table chart-table">
          <caption class="visually-hidden">{spec.caption}</caption>
          <thead><tr>{spec.head.map((h, i) => <th key={i} scope="col" class={i > 0 ? 'num' : undefined}>{h}</th>)}</tr></thead>
          <tbody>
            {spec.rows.map((r, i) => (
              <tr key={i}>{r.map((c, j) => (j === 0 ? <th key={j} scope="row">{c}</th> : <td key={j} class="num">{c}</td>))}</tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export interface ChartFrameProps {
  id: string;
  title: string;
  desc: string;
  viewWidth: number;
  viewHeight: number;
  children: ComponentChildren;
}

/** The <svg role="img"> with its <title> and <desc>; scales to its container (viewBox, width 100%). */
export function ChartSvg({ id, title, desc, viewWidth, viewHeight, children }: ChartFrameProps) {
  return (
    <svg class="chart-svg" id={id} role="img" aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${viewWidth} ${viewHeight}`} width="100%" preserveAspectRatio="xMidYMid meet"
      font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      <PatternDefs chartId={id} />
      {children}
    </svg>
  );
}
