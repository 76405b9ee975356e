/**
 * What the SVG charts share: number formatting for the page locale, "nice" axis scales, label
 * shortening, the series styles (a colour *and* a fill pattern and line dash, so series never
 * differ by colour alone) and the charts' own few words.
 */
export type ChartLocale = 'vi' | 'en';

const formatters: Record<ChartLocale, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN'),
  en: new Intl.NumberFormat('en-GB'),
};

/** 1.234 (vi) / 1,234 (en). */
export const formatNumber = (n: number, locale: ChartLocale = 'vi'): string => formatters[locale].format(n);

/** A share as a percentage with one decimal at most: "12,5 %" (vi) / "12.5%" (en). */
export function formatPercent(part: number, whole: number, locale: ChartLocale = 'vi'): string {
  if (whole <= 0) return '—';
  const v = Math.round((part / whole) * 1000) / 10;
  const s = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }).format(v);
  return locale === 'vi' ? `${s} %` : `${s}%`;
}

/**
 * The top of a value axis: the smallest of 1, 2, 2.5, 5 × 10^k that is ≥ max (at least 1, and
 * whole numbers only since the charts count things).
 */
export function niceMax(max: number): number {
  if (!Number.isFinite(max) || max <= 0) return 1;
  if (max <= 5) return Math.ceil(max);
  const exp = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) {
    const top = m * exp;
    if (top >= max && Number.isInteger(top)) return top;
  }
  return 10 * exp;
}

/**
 * Evenly spaced whole ticks from 0 to niceMax(max): the smallest step of 1, 2, 2.5 or 5 × 10^k
 * that divides the top into at most `count` intervals.
 */
export function ticks(max: number, count = 5): number[] {
  const top = niceMax(max);
  let step = top;
  for (let exp = 1; exp <= top; exp *= 10) {
    const found = [1, 2, 2.5, 5].map((m) => m * exp).find((s) => Number.isInteger(s) && top % s === 0 && top / s <= count);
    if (found) { step = found; break; }
  }
  const out: number[] = [];
  for (let v = 0; v <= top; v += step) out.push(v);
  return out;
}

/** Shortens a label to `max` characters with an ellipsis (the data table keeps the full text). */
export function truncate(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max ? label : `${chars.slice(0, Math.max(1, max - 1)).join('').trimEnd()}…`;
}

export interface SeriesStyle {
  colour: string;
  /** The fill: url(#…) of the series' pattern. */
  pattern: 'solid' | 'stripes' | 'dots' | 'cross';
  /** stroke-dasharray of the series' line ('' = solid). */
  dash: string;
}

/** Series styles in order: green solid, gold stripes, red dots, blue cross-hatch, grey solid. */
export const SERIES: readonly SeriesStyle[] = [
  { colour: '#0b5d3b', pattern: 'solid', dash: '' },
  { colour: '#b7791f', pattern: 'stripes', dash: '6 3' },
  { colour: '#b3261e', pattern: 'dots', dash: '2 3' },
  { colour: '#1558a6', pattern: 'cross', dash: '8 3 2 3' },
  { colour: '#4f5b55', pattern: 'solid', dash: '1 2' },
];

export const seriesStyle = (i: number): SeriesStyle => SERIES[i % SERIES.length]!;

/** The id of series `i`'s fill pattern inside chart `chartId`. */
export const patternId = (chartId: string, i: number) => `${chartId}-p${i % SERIES.length}`;

export const CHART_TEXT = {
  vi: {
    data: 'Xem bảng số liệu', empty: 'Chưa có số liệu', total: 'Tổng', ofPrevious: 'so với bước trước',
    funnelShare: 'Tỉ lệ % là phần của bước ngay trên đi tiếp đến bước này.',
    funnelNotShare: '«—»: số của bước này lớn hơn bước trên (gồm cả hồ sơ từ các năm trước) nên không tính tỉ lệ.',
  },
  en: {
    data: 'Show the figures as a table', empty: 'No figures yet', total: 'Total', ofPrevious: 'of the previous step',
    funnelShare: 'Each % is the share of the step above that reached this step.',
    funnelNotShare: '"—": this step counts more than the step above (it includes earlier years), so no share is given.',
  },
} as const;
