/**
 * The programme's trade connection figures ("kết nối cung – cầu") of a report area over the
 * report's period: buyers' demands, producers' offers (count, value), trade agreements counted as
 * results ("hợp đồng tiêu thụ": count, value; those still being negotiated apart) and what
 * exhibitors sold at events — by province, product set and star, with the total — for the
 * statistics page, its XLSX/PDF files and the officers' dashboard. What counts where:
 * trade-figures.repository.ts and docs/decisions/040-trade-figures.md. SAMPLE (demo) records are
 * counted and said.
 */
import type { Ctx } from '../../context';
import { translator } from '../../core/i18n';
import type { Cell } from '../../files/spreadsheet';
import { formatDateVi } from '../../domain/dates';
import type { ReportArea } from './report-scope';
import type { ReportTable } from './report-export';
import { formatDong } from './market-sales.service';
import { tradeFigureRows, type TradeGroupRow } from './trade-figures.repository';

export interface TradeFigure {
  key: string;
  label: string;
  demands: number;
  offers: number; offerValue: number;
  agreements: number; agreementValue: number;
  /** Exhibitors' reported results at events, and their sales. */
  results: number; sales: number;
}

export interface TradeTotal extends Omit<TradeFigure, 'key' | 'label'> {
  /** Of the agreements: those signed at an event. */
  atEvents: number; atEventsValue: number;
  /** Agreements still being negotiated (not results). */
  negotiating: number; negotiatingValue: number;
  /** Published events ending in the period. */
  events: number;
}

export interface TradeFigures {
  from: string; to: string;
  byProvince: TradeFigure[]; bySet: TradeFigure[]; byStars: TradeFigure[];
  total: TradeTotal;
  /** SAMPLE (demo) records counted in the figures. */
  sample: number;
}

/** The files print the page's Vietnamese texts (trade-figures.i18n.ts), so both say the same. */
const vi = translator('vi');

const figure = (r: TradeGroupRow, label: string): TradeFigure => ({
  key: r.key ?? '', label, demands: r.demands, offers: r.offers, offerValue: r.offer_value,
  agreements: r.agreements, agreementValue: r.agreement_value, results: r.results, sales: r.sales,
});
const byValue = (a: TradeFigure, b: TradeFigure) => b.agreementValue - a.agreementValue || b.sales - a.sales
  || b.demands + b.offers - a.demands - a.offers || a.label.localeCompare(b.label, 'vi');

export async function tradeFigures(ctx: Ctx, area: ReportArea, from: string, to: string): Promise<TradeFigures> {
  const found = await tradeFigureRows(ctx, area, from, to);
  const provinces = found.filter((r) => r.dim === 'province');
  // Every fact has one province: the province rows add up to the total.
  const sum = (k: keyof TradeGroupRow) => provinces.reduce((s, r) => s + (r[k] as number), 0);
  return {
    from, to,
    byProvince: provinces.map((r) => figure(r, r.label ?? r.key ?? '')).sort(byValue),
    bySet: found.filter((r) => r.dim === 'set').map((r) => figure(r, r.key === null ? vi('statistics.trade.noSet') : r.label ?? r.key)).sort(byValue),
    byStars: found.filter((r) => r.dim === 'stars').map((r) => figure(r, r.key === null ? vi('statistics.trade.noStars') : vi('statistics.trade.star', { n: r.key })))
      .sort((a, b) => (a.key || '9').localeCompare(b.key || '9')),
    total: {
      demands: sum('demands'), offers: sum('offers'), offerValue: sum('offer_value'),
      agreements: sum('agreements'), agreementValue: sum('agreement_value'), atEvents: sum('at_events'), atEventsValue: sum('at_events_value'),
      negotiating: sum('negotiating'), negotiatingValue: sum('negotiating_value'),
      events: sum('events'), results: sum('results'), sales: sum('sales'),
    },
    sample: sum('sample'),
  };
}

/** The columns of the files' tables: the page's, money in đồng. */
export const tradeHeaderVi = (): string[] => [
  vi('statistics.trade.demands'), vi('statistics.trade.offers'), `${vi('statistics.trade.offerValue')} (đồng)`,
  vi('statistics.trade.agreements'), `${vi('statistics.trade.agreementValue')} (đồng)`, vi('statistics.trade.results'), `${vi('statistics.trade.sales')} (đồng)`,
];

const cells = (r: Omit<TradeFigure, 'key' | 'label'>): Cell[] => [r.demands, r.offers, r.offerValue, r.agreements, r.agreementValue, r.results, r.sales];

/** The note under the files' tables: the page's rules, then the events, the agreements signed at events, the negotiating and sample records. */
export function tradeNoteVi(s: TradeFigures): string {
  return [
    vi('statistics.trade.note'),
    `${vi('statistics.trade.events')}: ${s.total.events}.`,
    s.total.atEvents ? vi('statistics.trade.atEvents', { n: s.total.atEvents, amount: formatDong(s.total.atEventsValue) }) : '',
    vi('statistics.trade.negotiatingLine', { n: s.total.negotiating, amount: formatDong(s.total.negotiatingValue) }),
    s.sample ? vi('statistics.trade.sample', { n: s.sample }) : '',
  ].filter(Boolean).join(' ');
}

/** The lines of the workbook's summary sheet ("Tổng hợp"). */
export const tradeSummaryRows = (s: TradeFigures): Cell[][] => [
  [`${vi('statistics.trade.agreements')} trong kỳ`, s.total.agreements],
  [`${vi('statistics.trade.agreementValue')} trong kỳ (đồng)`, s.total.agreementValue],
  [`${vi('statistics.trade.sales')} trong kỳ (đồng)`, s.total.sales],
];

/** The tables of the files (statistics' XLSX and PDF), as report-export.ts prints its own. */
export function tradeFiguresTables(s: TradeFigures): ReportTable[] {
  const total = vi('statistics.trade.total');
  const body = (list: TradeFigure[]): Cell[][] => [...list.map((r) => [r.label, ...cells(r)]), [total, ...cells(s.total)]];
  const period = `từ ${formatDateVi(s.from)} đến ${formatDateVi(s.to)}`;
  const header = tradeHeaderVi();
  const widths = [2.6, 1, 1, 1.5, 1.1, 1.5, 1.1, 1.5];
  return [
    { sheet: 'Kết nối cung cầu - tỉnh', title: `${vi('statistics.trade.byProvince')} ${period}`, header: [vi('statistics.trade.province'), ...header], rows: body(s.byProvince), widths },
    { sheet: 'Kết nối cung cầu - bộ SP', title: `${vi('statistics.trade.bySet')} ${period}`, header: [vi('statistics.trade.set'), ...header], rows: body(s.bySet), widths },
    { sheet: 'Kết nối cung cầu - hạng sao', title: `${vi('statistics.trade.byStars')} ${period}`, header: [vi('statistics.trade.rank'), ...header], rows: body(s.byStars), widths, note: tradeNoteVi(s) },
  ];
}
