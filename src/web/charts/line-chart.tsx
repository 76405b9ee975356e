/**
 * Line / stacked-area chart over time (server-rendered SVG): each series an area with its own
 * colour and pattern and a line with its own dash; whole-number value axis; about six time
 * labels whatever the number of points, so it reads on a 390-px phone.
 */
import { useUiText } from '../components/ui-locale';
import { CHART_TEXT, formatNumber, niceMax, patternId, seriesStyle, ticks } from './format';
import { ChartData, ChartSvg, Legend } from './parts';

export interface LineSeries { name: string; values: readonly number[] }

export interface LineChartProps {
  id: string;
  title: string;
  desc?: string;
  /** Short labels of the points on the time axis ("6/25"). */
  labels: readonly string[];
  /** Full labels for the data table and the description (default: `labels`). */
  fullLabels?: readonly string[];
  series: readonly LineSeries[];
  /** Stack the series (areas add up to the total); otherwise plain lines. Default true. */
  stacked?: boolean;
  /** Header of the time column in the data table. */
  timeLabel: string;
  emptyText?: string;
}

export const LINE_GEOMETRY = { width: 360, height: 220, top: 20, right: 8, bottom: 28 } as const;

export function LineChart({ id, title, desc, labels, fullLabels, series, stacked = true, timeLabel, emptyText }: LineChartProps) {
  const { locale } = useUiText();
  const fmt = (v: number) => formatNumber(v, locale);
  const n = labels.length;
  if (n === 0 || series.length === 0) return <p class="chart-empty">{emptyText ?? CHART_TEXT[locale].empty}</p>;
  const full = fullLabels ?? labels;
  const value = (s: LineSeries, i: number) => Math.max(0, s.values[i] ?? 0);
  // Cumulative tops (stacked) or the values themselves.
  const tops = series.map((_, si) => labels.map((_, i) => (stacked
    ? series.slice(0, si + 1).reduce((sum, s) => sum + value(s, i), 0) : value(series[si]!, i))));
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + value(s, i), 0));
  const max = Math.max(0, ...tops.flat());
  const yTicks = ticks(max);
  const yTop = niceMax(max);
  const { width, height, top, right, bottom } = LINE_GEOMETRY;
  const left = Math.max(22, fmt(yTop).length * 8 + 8);
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (i: number) => (n === 1 ? left + plotW / 2 : left + (i * plotW) / (n - 1));
  const y = (v: number) => top + plotH - (v / yTop) * plotH;
  // At most five labels, counted back from the last, so neighbours never overlap on a phone.
  const every = Math.max(1, Math.ceil((n - 1) / 4));
  const shown = labels.map((_, i) => i).filter((i) => (n - 1 - i) % every === 0);
  const path = (vals: readonly number[]) => vals.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)} ${y(v).toFixed(1)}`).join(' ');
  const area = (upper: readonly number[], lower: readonly number[] | null) => {
    const back = labels.map((_, i) => n - 1 - i).map((i) => `L${x(i).toFixed(1)} ${y(lower ? lower[i]! : 0).toFixed(1)}`).join(' ');
    return `${path(upper)} ${back} Z`;
  };
  const last = n - 1;
  const summary = desc ?? [
    `${full[0]}: ${fmt(totals[0]!)}`,
    `${full[last]}: ${fmt(totals[last]!)}${series.length > 1 ? ` (${series.map((s) => `${s.name} ${fmt(value(s, last))}`).join(', ')})` : ''}`,
  ].join(' → ');
  return (
    <figure class="chart chart--line">
      <Legend chartId={id} names={series.map((s) => s.name)} line />
      <ChartSvg id={id} title={title} desc={summary} viewWidth={width} viewHeight={height}>
        <g class="chart-grid">
          {yTicks.map((v) => (
            <g key={v}>
              <line x1={left} x2={width - right} y1={y(v)} y2={y(v)} stroke={v === 0 ? '#6b7570' : '#d5dbd7'} stroke-width="1" />
              <text x={left - 6} y={y(v) + 4} font-size="13" text-anchor="end" fill="#4f5b55">{fmt(v)}</text>
            </g>
          ))}
          {shown.map((i) => (
            <text key={i} x={x(i)} y={height - 8} font-size="13" fill="#4f5b55"
              text-anchor={n > 1 && i === last ? 'end' : n > 1 && i === 0 ? 'start' : 'middle'}>{labels[i]}</text>
          ))}
        </g>
        {stacked && series.map((s, si) => (
          <path key={`a${s.name}`} class="chart-area" d={area(tops[si]!, si > 0 ? tops[si - 1]! : null)}
            fill={`url(#${patternId(id, si)})`} fill-opacity="0.35" />
        ))}
        {series.map((s, si) => (
          <path key={`l${s.name}`} class="chart-line" d={path(tops[si]!)} fill="none" stroke={seriesStyle(si).colour}
            stroke-width="2.5" stroke-linejoin="round" stroke-dasharray={seriesStyle(si).dash || undefined} />
        ))}
        <circle cx={x(last)} cy={y(stacked ? totals[last]! : Math.max(...tops.map((t) => t[last]!)))} r="3.5" fill="#1b1f1d" />
        <text class="chart-value" x={x(last) - 6} y={Math.max(12, y(stacked ? totals[last]! : Math.max(...tops.map((t) => t[last]!))) - 8)}
          font-size="14" font-weight="700" text-anchor="end" fill="#1b1f1d">{fmt(stacked ? totals[last]! : Math.max(...tops.map((t) => t[last]!)))}</text>
      </ChartSvg>
      <ChartData locale={locale} spec={{
        caption: title,
        head: [timeLabel, ...series.map((s) => s.name), ...(stacked && series.length > 1 ? [CHART_TEXT[locale].total] : [])],
        rows: labels.map((_, i) => [full[i]!, ...series.map((s) => fmt(value(s, i))), ...(stacked && series.length > 1 ? [fmt(totals[i]!)] : [])]),
      }} />
    </figure>
  );
}
