/**
 * What happened in an area during a period [from, to] (both days included), from the
 * certificates' own dates and the cycle's submission times — never today's stored status:
 * - new: certificates issued in the period that are the product's first certificate;
 * - upgraded: issued in the period, superseding a lower-star certificate of the same product
 *   (by `superseded_by` from the evaluation flow, or — for imported lists, which only set
 *   `superseded_on` — a lower-star certificate of the product superseded that very day);
 * - reissued: the other certificates issued in the period (re-evaluation at expiry, same star);
 * - expired: certificates whose validity ended in the period by date (expires_on in the period,
 *   neither revoked nor superseded before that day);
 * - revoked: certificates revoked in the period;
 * and the evaluation pipeline: product ideas, business plans and dossiers submitted in the
 * period, and certificates issued in it on an evaluated dossier.
 * docs/decisions/012-programme-reports.md explains the choices.
 */
import type { Ctx } from '../../context';
import { problem, validation, type FieldProblem } from '../../errors';
import { isIsoDate } from '../../domain/dates';
import type { ReportArea } from './report-scope';
import { certifiedProductList, pipelineCounts, periodChangeCounts, type CertifiedProductRow } from './reports.repository';
import { REPORT_MAX_DATE, REPORT_MIN_DATE } from './reports.schema';
import { summaryDetail, type StarCounts, type SummaryDetail } from './summary.service';

/** The longest period a report covers (10 years, in days). */
export const MAX_PERIOD_DAYS = 3_660;

export const PERIOD_CHANGES = ['new', 'upgraded', 'reissued', 'expired', 'revoked'] as const;
export type PeriodChange = (typeof PERIOD_CHANGES)[number];

export interface StarTally { total: number; byStars: StarCounts }

export interface PeriodFigures {
  from: string;
  to: string;
  changes: Record<PeriodChange, StarTally>;
}

export interface Pipeline {
  ideasSubmitted: number;
  plansSubmitted: number;
  dossiersSubmitted: number;
  /** Certificates issued in the period on an evaluated dossier (imported lists are in `changes`). */
  certified: number;
}

export interface ReportDetail extends SummaryDetail {
  period: PeriodFigures;
  pipeline: Pipeline;
}

export interface ReportDates { asOf: string; from: string; to: string }

const DAY_MS = 86_400_000;
const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY_MS;

export function nextDay(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

const inRange = (d: string) => isIsoDate(d) && d >= REPORT_MIN_DATE && d <= REPORT_MAX_DATE;

export type DateProblem = 'date' | 'order' | 'span';
export type DateProblems = Partial<Record<keyof ReportDates, DateProblem>>;

const PROBLEM_CODE: Record<DateProblem, FieldProblem> = {
  date: problem('report.date', { min: REPORT_MIN_DATE, max: REPORT_MAX_DATE }),
  order: problem('report.period_order'),
  span: problem('report.period_span', { days: MAX_PERIOD_DAYS }),
};
/**
 * The dates of a report: `asOf` (default today), the period (default: 1 January of the year of
 * its end to its end, which defaults to asOf). Each must be a real date YYYY-MM-DD within the
 * reports' range, from ≤ to, and the period at most 10 years.
 */
export function checkReportDates(
  q: { asOf?: string | undefined; from?: string | undefined; to?: string | undefined }, today: string,
): { dates: ReportDates; problems: null } | { dates: null; problems: DateProblems } {
  const problems: DateProblems = {};
  const check = (name: keyof ReportDates, v: string | undefined) => {
    if (v === undefined || v === '') return undefined;
    if (!inRange(v)) {
      problems[name] = 'date';
      return undefined;
    }
    return v;
  };
  const asOfIn = check('asOf', q.asOf);
  const fromIn = check('from', q.from);
  const toIn = check('to', q.to);
  if (Object.keys(problems).length) return { dates: null, problems };
  const asOf = asOfIn ?? (today > REPORT_MAX_DATE ? REPORT_MAX_DATE : today < REPORT_MIN_DATE ? REPORT_MIN_DATE : today);
  const to = toIn ?? asOf;
  const yearStart = `${to.slice(0, 4)}-01-01`;
  const from = fromIn ?? (yearStart < REPORT_MIN_DATE ? REPORT_MIN_DATE : yearStart);
  if (from > to) return { dates: null, problems: { from: 'order' } };
  if (dayNumber(to) - dayNumber(from) + 1 > MAX_PERIOD_DAYS) return { dates: null, problems: { to: 'span' } };
  return { dates: { asOf, from, to }, problems: null };
}

/** checkReportDates for the API: problems answer 400 validation_failed with a message per field. */
export function reportDates(q: Parameters<typeof checkReportDates>[0], today: string): ReportDates {
  const r = checkReportDates(q, today);
  if (r.problems) {
    throw validation(Object.fromEntries(Object.entries(r.problems).map(([k, p]) => [k, PROBLEM_CODE[p]])), 'invalid report dates');
  }
  return r.dates;
}

const n = (v: unknown) => Number(v ?? 0);
const emptyTally = (): StarTally => ({ total: 0, byStars: { '3': 0, '4': 0, '5': 0 } });

/** New, upgraded, reissued, expired and revoked certificates of the area in [from, to]. */
export async function periodFigures(ctx: Ctx, area: ReportArea, from: string, to: string): Promise<PeriodFigures> {
  const counted = await periodChangeCounts(ctx, area, from, to);
  const changes = Object.fromEntries(PERIOD_CHANGES.map((k) => [k, emptyTally()])) as Record<PeriodChange, StarTally>;
  for (const r of counted) {
    const tally = changes[r.kind];
    tally.total += n(r.n);
    const star = String(r.stars) as keyof StarCounts;
    if (star in tally.byStars) tally.byStars[star] += n(r.n);
  }
  return { from, to, changes };
}

/** Ideas, plans and dossiers submitted in the period (Vietnam days) and certificates from dossiers. */
export async function pipelineFigures(ctx: Ctx, area: ReportArea, from: string, to: string): Promise<Pipeline> {
  const start = `${from}T00:00:00+07:00`;
  const end = `${nextDay(to)}T00:00:00+07:00`;
  const r = await pipelineCounts(ctx, area, { from, to }, { start, end });
  return { ideasSubmitted: n(r?.ideas), plansSubmitted: n(r?.plans), dossiersSubmitted: n(r?.dossiers), certified: n(r?.certified) };
}

/** Everything a report page shows: the figures on asOf, the period's changes and the pipeline. */
export async function reportDetail(ctx: Ctx, area: ReportArea, dates: ReportDates): Promise<ReportDetail> {
  const [detail, period, pipeline] = await Promise.all([
    summaryDetail(ctx, area, dates.asOf),
    periodFigures(ctx, area, dates.from, dates.to),
    pipelineFigures(ctx, area, dates.from, dates.to),
  ]);
  return { ...detail, period, pipeline };
}

export type { CertifiedProductRow } from './reports.repository';

export type ProductRowSource = (ctx: Ctx, area: ReportArea, asOf: string) => Promise<CertifiedProductRow[]>;

const collator = new Intl.Collator('vi');

/** Every product certified in the area on `asOf`, by commune then product name. */
export const certifiedProductRows: ProductRowSource = async (ctx, area, asOf) => {
  const list = await certifiedProductList(ctx, area, asOf);
  return list.sort((a, b) => collator.compare(a.commune, b.commune) || collator.compare(a.product, b.product)
    || a.certificateNumber.localeCompare(b.certificateNumber));
};
