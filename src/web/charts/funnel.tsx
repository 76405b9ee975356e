/**
 * Funnel (server-rendered SVG): one centred bar per step, its width in proportion to the largest
 * step, the step's name and figure above it and the share of the previous step beside the figure.
 * A share is a part of the step above, so never above 100 %: a step counting more than the one
 * above (products certified this year from dossiers of earlier years) gets "—", and the note
 * under the chart says what the percentages are of.
 */
import { useUiText } from '../components/ui-locale';
import { CHART_TEXT, formatNumber, formatPercent, patternId, truncate } from './format';
import { ChartData, ChartSvg } from './parts';

export interface FunnelStep { key: string; label: string; value: number }

export interface FunnelProps {
  id: string;
  title: string;
  desc?: string;
  steps: readonly FunnelStep[];
  /** Header of the step column in the data table. */
  stepLabel: string;
  /** Header of the figure column in the data table. */
  valueLabel: string;
  emptyText?: string;
}

export const FUNNEL_GEOMETRY = { width: 360, rowHeight: 50, barHeight: 20 } as const;

export function Funnel({ id, title, desc, steps, stepLabel, valueLabel, emptyText }: FunnelProps) {
  const { locale } = useUiText();
  const fmt = (v: number) => formatNumber(v, locale);
  if (steps.length === 0) return <p class="chart-empty">{emptyText ?? CHART_TEXT[locale].empty}</p>;
  const { width, rowHeight, barHeight } = FUNNEL_GEOMETRY;
  const max = Math.max(1, ...steps.map((s) => s.value));
  const notShare = (i: number) => i > 0 && steps[i]!.value > steps[i - 1]!.value;
  const share = (i: number) => (i === 0 ? '' : notShare(i) ? '—' : formatPercent(steps[i]!.value, steps[i - 1]!.value, locale));
  const summary = desc ?? steps.map((s, i) => `${s.label}: ${fmt(s.value)}${i > 0 ? ` (${share(i)})` : ''}`).join(' → ');
  return (
    <figure class="chart chart--funnel">
      <ChartSvg id={id} title={title} desc={summary} viewWidth={width} viewHeight={steps.length * rowHeight + 2}>
        {steps.map((s, i) => {
          const y = i * rowHeight;
          const w = s.value > 0 ? Math.max(3, (s.value / max) * width) : 0;
          return (
            <g key={s.key} class="chart-step">
              <text x="0" y={y + 15} font-size="14" fill="#1b1f1d">{truncate(s.label, 30)}</text>
              <text x={width} y={y + 15} font-size="14" text-anchor="end" fill="#1b1f1d">
                <tspan class="chart-value" font-weight="700">{fmt(s.value)}</tspan>
                {i > 0 && <tspan fill="#4f5b55">{` · ${share(i)}`}</tspan>}
              </text>
              <rect x="0" y={y + 22} width={width} height={barHeight} fill="#eef1ee" rx="3" />
              {w > 0 && <rect class="chart-bar" x={(width - w) / 2} y={y + 22} width={w} height={barHeight} rx="3"
                fill={`url(#${patternId(id, i)})`} data-value={s.value} />}
            </g>
          );
        })}
      </ChartSvg>
      <ChartData locale={locale} spec={{
        caption: title,
        head: [stepLabel, valueLabel, CHART_TEXT[locale].ofPrevious],
        rows: steps.map((s, i) => [s.label, fmt(s.value), i === 0 ? '—' : share(i)]),
      }} />
      <figcaption class="small muted funnel-note">
        {CHART_TEXT[locale].funnelShare}{steps.some((_, i) => notShare(i)) ? ` ${CHART_TEXT[locale].funnelNotShare}` : ''}
      </figcaption>
    </figure>
  );
}
