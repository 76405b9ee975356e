/**
 * A role's dashboard for an area and a day: the headline figures (the reports' summary), the
 * certified products by star at each of the last 24 month ends (the last point is today), by
 * product group and by producer kind, the year's pipeline (ideas → plans → dossiers →
 * certified), a comparison of the areas inside (provinces for the country, the top 15 communes
 * for a province), certificates expiring in the next 90 days, dossiers waiting per step, and the
 * year's sales through the OCOP market ("doanh thu qua sàn", reports' market-sales.service.ts) and
 * its trade connection ("kết nối cung – cầu", reports' trade-figures.service.ts), and the share of
 * the products certified today with lot traceability (reports' trace-figures.service.ts).
 */
import type { Ctx } from '../../context';
import { findArea } from '../registry/area.repository';
import { addMonths } from '../../domain/dates';
import { DOSSIER_TRANSITIONS, type DossierSide, type DossierStatus } from '../../domain/dossier';
import { PRODUCER_KINDS, type ProducerKind } from '../../domain/producer-kind';
import { COUNTRY_NAME, type ReportArea } from '../reports/report-scope';
import { summary as headline, type Summary } from '../reports/summary.service';
import { marketSales, type MarketSales } from '../reports/market-sales.service';
import { tradeFigures, type TradeFigures } from '../reports/trade-figures.service';
import { traceFigures, type TraceFigures } from '../reports/trace-figures.service';
import {
  communesOf, dossiersByStatus, expiringCertificates, pipeline, provincesList, starsAtMonthEnds, starsByGroupAndArea,
  type ExpiringCertificate, type Pipeline, type StarPoint, type StarRow,
} from './dashboard.repository';

export const SERIES_MONTHS = 24;
export const EXPIRY_WINDOW_DAYS = 90;
export const EXPIRING_LIMIT = 20;
export const TOP_COMMUNES = 15;

/** Statuses in which a dossier waits for someone, in the order of the flow. */
export const WAITING_STATUSES = ['returned', 'submitted', 'forwarded', 'received', 'in_round', 'evaluated'] as const satisfies readonly DossierStatus[];

/** Who moves a dossier on from `status`: the side of its forward transition (src/domain/dossier.ts). */
export function nextSide(status: DossierStatus): DossierSide | null {
  const forward = DOSSIER_TRANSITIONS.find((t) => t.from === status && !['withdraw', 'return', 'unassign'].includes(t.action));
  return forward?.by ?? null;
}

export interface ComparisonRow { code: string; name: string; products: number; byStars: StarRow['byStars'] }

export interface Dashboard {
  area: ReportArea;
  today: string;
  year: number;
  summary: Summary;
  byGroup: StarRow[];
  byKind: { kind: ProducerKind; producers: number; products: number }[];
  /** Oldest first; the last point is `today`. */
  series: StarPoint[];
  /** Provinces (country) or the top communes (province); null for a commune. */
  comparison: { level: 'province' | 'commune'; rows: ComparisonRow[]; total: number } | null;
  pipeline: Pipeline;
  expiring: { until: string; total: number; items: ExpiringCertificate[] };
  waiting: { status: DossierStatus; side: DossierSide | null; count: number }[];
  /** Sales through the OCOP market from 1 January to today. */
  market: MarketSales;
  /** Trade connection from 1 January to today: agreements counted as results, events and their sales. */
  trade: TradeFigures;
  /** Products certified today with lot traceability, by province and star. */
  trace: TraceFigures;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The last day of each of the `months` - 1 months before `today`'s month, then `today`. */
export function seriesDays(today: string, months = SERIES_MONTHS): string[] {
  const firstOfMonth = `${today.slice(0, 8)}01`;
  const days: string[] = [];
  for (let k = months - 1; k >= 1; k--) {
    const next = new Date(`${addMonths(firstOfMonth, -k + 1)}T00:00:00Z`);
    days.push(iso(new Date(next.getTime() - 86_400_000)));
  }
  days.push(today);
  return days;
}

export function addDays(day: string, days: number): string {
  return iso(new Date(new Date(`${day}T00:00:00Z`).getTime() + days * 86_400_000));
}

export async function dashboard(ctx: Ctx, area: ReportArea, today: string): Promise<Dashboard> {
  const year = Number(today.slice(0, 4));
  const yearStart = `${year}-01-01`;
  const until = addDays(today, EXPIRY_WINDOW_DAYS);
  const [summary, { byGroup, byArea }, series, provinces, flow, expiring, statuses, market, trade, trace] = await Promise.all([
    headline(ctx, area, today),
    starsByGroupAndArea(ctx, area, today),
    starsAtMonthEnds(ctx, area, today, SERIES_MONTHS),
    area.level === 'country' ? provincesList(ctx) : Promise.resolve(null),
    // The year starts at midnight in Vietnam (UTC+7).
    pipeline(ctx, area, new Date(`${yearStart}T00:00:00+07:00`), yearStart, today),
    expiringCertificates(ctx, area, today, until, EXPIRING_LIMIT),
    dossiersByStatus(ctx, area),
    marketSales(ctx, area, yearStart, today),
    tradeFigures(ctx, area, yearStart, today),
    traceFigures(ctx, area, today),
  ]);
  let comparison: Dashboard['comparison'] = null;
  const toComparison = (r: StarRow): ComparisonRow => ({ code: r.key, name: r.name, products: r.products, byStars: r.byStars });
  if (provinces) {
    // Every province, those without certified products too.
    const counted = new Map(byArea.map((r) => [r.key, r]));
    comparison = {
      level: 'province', total: provinces.length,
      rows: provinces.map((p) => toComparison(counted.get(p.code) ?? { key: p.code, name: p.name, products: 0, byStars: { 3: 0, 4: 0, 5: 0 } }))
        .sort((a, b) => b.products - a.products || a.name.localeCompare(b.name, 'vi')),
    };
  } else if (area.level === 'province') {
    comparison = { level: 'commune', total: byArea.length, rows: byArea.slice(0, TOP_COMMUNES).map(toComparison) };
  }
  return {
    area, today, year, summary, byGroup,
    byKind: PRODUCER_KINDS.map((kind) => ({ kind, ...summary.producers.byKind[kind] })),
    series, comparison, pipeline: flow,
    expiring: { until, ...expiring },
    waiting: WAITING_STATUSES.map((status) => ({ status, side: nextSide(status), count: statuses[status] ?? 0 })),
    market,
    trade,
    trace,
  };
}

export interface AreaOption { value: string; label: string; whole?: boolean }

/** Areas the switch offers (`whole`: the actor's whole area, named by the view): the actor's own area, then provinces (national roles) and the communes of the province in view. */
export async function areaOptions(ctx: Ctx, area: ReportArea, home: ReportArea): Promise<AreaOption[] | null> {
  const national = home.level === 'country';
  if (home.level === 'commune') return null;
  const options: AreaOption[] = [{ value: home.code ?? '', label: home.code ? home.name : COUNTRY_NAME, whole: true }];
  if (national) options.push(...(await provincesList(ctx)).map((p) => ({ value: p.code, label: p.name })));
  const province = area.provinceCode ?? (home.level === 'province' ? home.code : null);
  if (province) {
    const communes = await communesOf(ctx, province);
    options.push(...communes.map((c) => ({ value: c.code, label: `— ${c.name}` })));
  }
  return options;
}


/** The name of an area (null when unknown). */
export async function areaName(ctx: Ctx, code: string): Promise<string | null> {
  return (await findArea(ctx, code))?.name ?? null;
}
