/**
 * Horizontal bar chart (server-rendered SVG, no client script): one row per category, the label
 * above its bar so long Vietnamese names fit a 390-px phone, the figure at the bar's end. With
 * several series the bars are stacked, each segment with its own colour and pattern and a legend.
 */
import { useUiText } from '../components/ui-locale';
import { CHART_TEXT, formatNumber, niceMax, patternId, truncate } from './format';
import { ChartData, ChartSvg, Legend } from './parts';

export interface BarRow {
  key: string;
  label: string;
  /** One value per series. */
  values: readonly number[];
}

export interface BarChartProps {
  id: string;
  title: string;
  /** Summary for screen readers; generated from the rows when absent. */
  desc?: string;
  /** Series names (one: a plain bar chart; more: stacked). */
  series: readonly string[];
  rows: readonly BarRow[];
  /** Header of the category column in the data table. */
  categoryLabel: string;
  /** Shown instead of the chart when there are no rows. */
  emptyText?: string;
  /** Characters of a label drawn in the chart (the table keeps the full label). */
  labelChars?: number;
}

export const BAR_GEOMETRY = { width: 360, rowHeight: 44, barHeight: 16, labelGap: 22, valueRoom: 52 } as const;

const total = (r: BarRow) => r.values.reduce((s, v) => s + Math.max(0, v), 0);

export function BarChart({ id, title, desc, series, rows, categoryLabel, emptyText, labelChars = 44 }: BarChartProps) {
  const { locale } = useUiText();
  const fmt = (n: number) => formatNumber(n, locale);
  if (rows.length === 0) return <p class="chart-empty">{emptyText ?? CHART_TEXT[locale].empty}</p>;
  const { width, rowHeight, barHeight, labelGap, valueRoom } = BAR_GEOMETRY;
  const top = niceMax(Math.max(...rows.map(total)));
  const plot = width - valueRoom;
  const height = rows.length * rowHeight + 4;
  const summary = desc ?? rows.slice(0, 12).map((r) => `${r.label}: ${fmt(total(r))}`).join('; ')
    + (rows.length > 12 ? ' …' : '');
  const stacked = series.length > 1;
  return (
    <figure class="chart chart--bar">
      <Legend chartId={id} names={series} />
      <ChartSvg id={id} title={title} desc={summary} viewWidth={width} viewHeight={height}>
        {rows.map((r, i) => {
          const y = i * rowHeight;
          let x = 0;
          const sum = total(r);
          return (
            <g key={r.key} class="chart-row">
              <text x="0" y={y + 15} font-size="14" fill="#1b1f1d">{truncate(r.label, labelChars)}</text>
              <rect x="0" y={y + labelGap} width={plot} height={barHeight} fill="#eef1ee" rx="2" />
              {r.values.map((v, s) => {
                const w = v > 0 ? Math.max(1.5, (v / top) * plot) : 0;
                const seg = w > 0
                  ? <rect key={s} class="chart-bar" x={x} y={y + labelGap} width={w} height={barHeight}
                    fill={`url(#${patternId(id, s)})`} stroke="#ffffff" stroke-width={stacked ? 1 : 0} data-value={v} />
                  : null;
                x += w;
                return seg;
              })}
              <text class="chart-value" x={x + 6} y={y + labelGap + barHeight - 3} font-size="14" font-weight="700" fill="#1b1f1d">{fmt(sum)}</text>
            </g>
          );
        })}
      </ChartSvg>
      <ChartData locale={locale} spec={{
        caption: title,
        head: [categoryLabel, ...(stacked ? series : []), stacked ? CHART_TEXT[locale].total : series[0] ?? CHART_TEXT[locale].total],
        rows: rows.map((r) => [r.label, ...(stacked ? r.values.map(fmt) : []), fmt(total(r))]),
      }} />
    </figure>
  );
}
