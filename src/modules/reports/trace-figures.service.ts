/**
 * The indicator "sản phẩm OCOP có truy xuất nguồn gốc theo lô" (issue 17) of a report area on the
 * report's day: of the products certified that day, those with a production lot recorded with
 * trace events by then — count with traceability, certified count and the share (percent, one
 * decimal) by province and star, with the area's total — for the statistics page, its XLSX/PDF
 * files and the dashboards. What counts: trace-figures.repository.ts. Products traced only
 * through SAMPLE (demo) lots are counted and said.
 */
import type { Ctx } from '../../context';
import { translator, type Locale } from '../../core/i18n';
import type { Cell } from '../../files/spreadsheet';
import { formatDateVi } from '../../domain/dates';
import type { ReportArea } from './report-scope';
import type { ReportTable } from './report-export';
import { traceFigureRows } from './trace-figures.repository';

export const TRACE_STARS = ['3', '4', '5'] as const;
export type TraceStar = (typeof TRACE_STARS)[number];

export interface TraceCount {
  /** Products with lot traceability. */
  traced: number;
  /** Products certified on the day. */
  certified: number;
  /** traced / certified in percent, rounded to one decimal; null when nothing is certified. */
  share: number | null;
}

export interface TraceRow extends TraceCount {
  /** A province's code ('' for the total). */
  key: string;
  label: string;
  byStars: Record<TraceStar, TraceCount>;
}

export interface TraceFigures {
  asOf: string;
  /** Whether the area is the whole country (the total row is then "Toàn quốc"). */
  national: boolean;
  byProvince: TraceRow[];
  total: TraceRow;
  /** Of the traced products: those traced through SAMPLE (demo) lots only. */
  sample: number;
}

/** Percent with one decimal (66.7), or null for 0 / 0. */
export function shareOf(traced: number, certified: number): number | null {
  return certified > 0 ? Math.round((traced * 1000) / certified) / 10 : null;
}

/** The house's way to write a share: "66,7%" (vi), "66.7%" (en); "—" when there is none. */
export function formatShare(share: number | null, locale: Locale = 'vi'): string {
  if (share === null) return '—';
  return new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(share) + '%';
}

const count = (traced: number, certified: number): TraceCount => ({ traced, certified, share: shareOf(traced, certified) });
const empty = (): Record<TraceStar, { traced: number; certified: number }> => ({ 3: { traced: 0, certified: 0 }, 4: { traced: 0, certified: 0 }, 5: { traced: 0, certified: 0 } });
const isStar = (s: string): s is TraceStar => (TRACE_STARS as readonly string[]).includes(s);

interface Tally { label: string; traced: number; certified: number; byStars: ReturnType<typeof empty> }

const rowOf = (key: string, t: Tally): TraceRow => ({
  key, label: t.label, ...count(t.traced, t.certified),
  byStars: { 3: count(t.byStars[3].traced, t.byStars[3].certified), 4: count(t.byStars[4].traced, t.byStars[4].certified), 5: count(t.byStars[5].traced, t.byStars[5].certified) },
});

/** The files print the page's Vietnamese texts (trace-figures.i18n.ts), so both say the same. */
const vi = translator('vi');

export async function traceFigures(ctx: Ctx, area: ReportArea, asOf: string): Promise<TraceFigures> {
  const found = await traceFigureRows(ctx, area, asOf);
  const national = area.level === 'country';
  const provinces = new Map<string, Tally>();
  const total: Tally = { label: '', traced: 0, certified: 0, byStars: empty() };
  let sample = 0;
  for (const r of found) {
    let p = provinces.get(r.province);
    if (!p) provinces.set(r.province, p = { label: r.label ?? r.province, traced: 0, certified: 0, byStars: empty() });
    const star = String(r.stars);
    for (const t of [p, total]) {
      t.traced += r.traced;
      t.certified += r.certified;
      if (isStar(star)) { t.byStars[star].traced += r.traced; t.byStars[star].certified += r.certified; }
    }
    sample += r.sample;
  }
  total.label = vi(national ? 'statistics.traced.country' : 'statistics.traced.total');
  return {
    asOf, national,
    byProvince: [...provinces].map(([k, t]) => rowOf(k, t))
      .sort((a, b) => (b.share ?? -1) - (a.share ?? -1) || b.certified - a.certified || a.label.localeCompare(b.label, 'vi')),
    total: rowOf('', total),
    sample,
  };
}

/** The lines of the workbook's summary sheet ("Tổng hợp"). */
export const traceSummaryRows = (s: TraceFigures): Cell[][] => [
  [`Sản phẩm OCOP ${vi('statistics.traced.traced').toLowerCase()}`, s.total.traced],
  [`${vi('statistics.traced.share')} (%)`, s.total.share ?? '—'],
];

/** The note under the files' tables: the page's definition, then the sample products. */
export function traceNoteVi(s: TraceFigures): string {
  return [vi('statistics.traced.note'), s.sample ? vi('statistics.traced.sample', { n: s.sample }) : ''].filter(Boolean).join(' ');
}

/** Percent columns hold a number (one decimal) or "—" when nothing is certified. */
const pct = (share: number | null): Cell => share ?? '—';

/** The tables of the files (statistics' XLSX and PDF): by province (with each star's share) and by star; their share columns are `percent`. */
export function traceFiguresTables(s: TraceFigures): ReportTable[] {
  const on = `tại ngày ${formatDateVi(s.asOf)}`;
  const counts = [vi('statistics.traced.traced'), vi('statistics.traced.certified'), `${vi('statistics.traced.shareShort')} (%)`];
  const province = (r: TraceRow): Cell[] => [r.label, r.traced, r.certified, pct(r.share), ...TRACE_STARS.map((k) => pct(r.byStars[k].share))];
  const starRows: Cell[][] = TRACE_STARS.map((k) => {
    const c = s.total.byStars[k];
    return [vi('statistics.traced.star', { n: k }), c.traced, c.certified, pct(c.share)];
  });
  return [
    {
      sheet: 'Truy xuất theo lô - tỉnh', title: `${vi('statistics.traced.byProvince')} ${on}`,
      header: [vi('statistics.traced.province'), ...counts, ...TRACE_STARS.map((k) => `${vi('statistics.traced.starShare', { n: k })} (%)`)],
      rows: [...s.byProvince.map(province), province(s.total)], widths: [2.6, 1.2, 1.2, 1, 1, 1, 1], percent: [3, 4, 5, 6],
    },
    {
      sheet: 'Truy xuất theo lô - hạng sao', title: `${vi('statistics.traced.byStars')} ${on}`,
      header: [vi('statistics.traced.rank'), ...counts],
      rows: [...starRows, [s.total.label, s.total.traced, s.total.certified, pct(s.total.share)]], widths: [2.6, 1.2, 1.2, 1], percent: [3],
      note: traceNoteVi(s),
    },
  ];
}
