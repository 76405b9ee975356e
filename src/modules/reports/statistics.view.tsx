/**
 * The views of /admin/statistics (statistics.routes.tsx): the GET form (area, date, period) and
 * the report's tables — by star, producer kind, product group and set, commune, old district
 * (records from before July 2025), the period's changes and the evaluation pipeline; then the
 * indicators beside it: lot traceability on the report's day, sales through the market and the
 * trade connection over the period.
 */
import { Layout } from '../../web/components/layout';
import { ErrorSummary, fieldId, SelectField, TextField, type SelectOption } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { Notice, PageHeader, StatGrid } from '../../web/components/page';
import type { View } from '../../web/view';
import { formatDateVi } from '../../domain/dates';
import { PRODUCER_KIND_LABELS, PRODUCER_KINDS, type ProducerKind } from '../../domain/producer-kind';
import type { FieldMessages } from '../../errors';
import type { ReportArea } from './report-scope';
import { PERIOD_CHANGES, type PeriodChange, type ReportDates, type ReportDetail } from './period.service';
import type { AreaGroup } from './statistics.service';
import type { BreakdownRow } from './summary.service';
import type { ThenSection } from './then.service';
import { UnitsThenSections } from './then.view';
import type { MarketSales } from './market-sales.service';
import { MarketSalesSection } from './market-sales.view';
import type { TradeFigures } from './trade-figures.service';
import { TradeFiguresSection } from './trade-figures.view';
import type { TraceFigures } from './trace-figures.service';
import { TraceFiguresSection } from './trace-figures.view';

export const STATISTICS_BASE = '/admin/statistics';
const BASE = STATISTICS_BASE;

export function statisticsQueryString(area: ReportArea, d: ReportDates): string {
  const p = new URLSearchParams();
  if (area.code) p.set('area', area.code);
  p.set('asOf', d.asOf);
  p.set('from', d.from);
  p.set('to', d.to);
  return p.toString();
}

function AreaSelect({ view, groups: data, value }: { view: View; groups: AreaGroup[]; value: string }) {
  const { t } = view;
  const groups: { label?: string; options: SelectOption[] }[] = data.map((g) => ({
    label: g.communesOf ? t('statistics.communesOf', { province: g.communesOf }) : undefined,
    options: g.country ? [{ value: '', label: t('statistics.country') }, ...g.options] : g.options,
  }));
  if (groups.length <= 1) {
    return <SelectField name="area" label={view.t('statistics.area')} value={value} options={groups[0]?.options ?? []} />;
  }
  return (
    <div class="field">
      <label class="field-label" for={fieldId('area')}>{view.t('statistics.area')}</label>
      <select class="select" id={fieldId('area')} name="area">
        {groups.map((g, i) => (g.label ? (
          <optgroup key={i} label={g.label}>
            {g.options.map((o) => <option key={o.value} value={o.value} selected={o.value === value}>{o.label}</option>)}
          </optgroup>
        ) : g.options.map((o) => <option key={o.value} value={o.value} selected={o.value === value}>{o.label}</option>)))}
      </select>
    </div>
  );
}

const fmt = (view: View, x: number) => new Intl.NumberFormat(view.locale === 'vi' ? 'vi-VN' : 'en-GB').format(x);

function BreakdownTable({ view, caption, first, rows: list }: { view: View; caption: string; first: string; rows: (BreakdownRow & { extra?: string })[] }) {
  const { t } = view;
  return (
    <DataTable<BreakdownRow & { extra?: string }>
      caption={caption} captionHidden rows={list} empty={t('statistics.noRows')} rowKey={(r) => `${r.extra ?? ''}/${r.key}`}
      columns={[
        { key: 'name', label: first, render: (r) => (r.extra ? <>{r.name}<br /><span class="muted small">{r.extra}</span></> : r.name) },
        { key: 'products', label: t('statistics.products'), numeric: true, render: (r) => fmt(view, r.products) },
        { key: 's3', label: t('statistics.star3'), numeric: true, render: (r) => fmt(view, r.byStars['3']) },
        { key: 's4', label: t('statistics.star4'), numeric: true, render: (r) => fmt(view, r.byStars['4']) },
        { key: 's5', label: t('statistics.star5'), numeric: true, render: (r) => fmt(view, r.byStars['5']) },
        { key: 'p5', label: t('statistics.potential'), numeric: true, render: (r) => fmt(view, r.potentialFiveStar) },
        { key: 'producers', label: t('statistics.producers'), numeric: true, render: (r) => fmt(view, r.producers) },
      ]}
    />
  );
}

function Report({ view, r }: { view: View; r: ReportDetail }) {
  const { t } = view;
  const groupName = new Map(r.byGroup.map((g) => [g.key, g.name]));
  const starRows: { key: string; label: string; value: number; strong?: boolean }[] = [
    { key: '3', label: t('statistics.star3'), value: r.products.byStars['3'] },
    { key: '4', label: t('statistics.star4'), value: r.products.byStars['4'] },
    { key: 'p5', label: `— ${t('statistics.ofWhichPotential')}`, value: r.products.potentialFiveStar },
    { key: '5', label: t('statistics.star5'), value: r.products.byStars['5'] },
    { key: 'total', label: t('statistics.total'), value: r.products.certified, strong: true },
  ];
  const kindRows: { key: ProducerKind | 'total'; label: string; producers: number; products: number }[] = [
    ...PRODUCER_KINDS.map((k) => ({ key: k, label: PRODUCER_KIND_LABELS[k][view.locale], ...r.producers.byKind[k] })),
    { key: 'total', label: t('statistics.total'), producers: r.producers.withCertifiedProducts, products: r.products.certified },
  ];
  const c = r.period.changes;
  const pipeline: { key: string; label: string; value: number }[] = [
    { key: 'ideas', label: t('statistics.step.ideas'), value: r.pipeline.ideasSubmitted },
    { key: 'plans', label: t('statistics.step.plans'), value: r.pipeline.plansSubmitted },
    { key: 'dossiers', label: t('statistics.step.dossiers'), value: r.pipeline.dossiersSubmitted },
    { key: 'certified', label: t('statistics.step.certified'), value: r.pipeline.certified },
  ];
  return (
    <>
      <StatGrid items={[
        { label: t('statistics.fig.products'), value: r.products.certified },
        { label: t('statistics.fig.producers'), value: r.producers.withCertifiedProducts },
        { label: t('statistics.fig.communes'), value: r.communes.withCertifiedProducts, hint: t('statistics.fig.communesHint', { total: fmt(view, r.communes.total) }) },
        { label: t('statistics.fig.potential'), value: r.products.potentialFiveStar },
      ]} />
      <div class="grid grid-2 stats-pair">
        <section aria-labelledby="st-stars">
          <h2 id="st-stars">{t('statistics.byStars')}</h2>
          <DataTable
            caption={t('statistics.byStars')} captionHidden rows={starRows} empty="" rowKey={(x) => x.key}
            columns={[
              { key: 'label', label: t('statistics.rank'), render: (x) => (x.strong ? <strong>{x.label}</strong> : x.label) },
              { key: 'value', label: t('statistics.products'), numeric: true, render: (x) => (x.strong ? <strong>{fmt(view, x.value)}</strong> : fmt(view, x.value)) },
            ]}
          />
        </section>
        <section aria-labelledby="st-kind">
          <h2 id="st-kind">{t('statistics.byKind')}</h2>
          <DataTable
            caption={t('statistics.byKind')} captionHidden rows={kindRows} empty="" rowKey={(x) => x.key}
            columns={[
              { key: 'label', label: t('statistics.kind'), render: (x) => (x.key === 'total' ? <strong>{x.label}</strong> : x.label) },
              { key: 'producers', label: t('statistics.producers'), numeric: true, render: (x) => fmt(view, x.producers) },
              { key: 'products', label: t('statistics.products'), numeric: true, render: (x) => fmt(view, x.products) },
            ]}
          />
        </section>
      </div>
      <section aria-labelledby="st-group" class="stats-section">
        <h2 id="st-group">{t('statistics.byGroup')}</h2>
        <BreakdownTable view={view} caption={t('statistics.byGroup')} first={t('statistics.group')} rows={r.byGroup} />
      </section>
      <section aria-labelledby="st-set" class="stats-section">
        <h2 id="st-set">{t('statistics.bySet')}</h2>
        <BreakdownTable view={view} caption={t('statistics.bySet')} first={t('statistics.set')}
          rows={r.byProductSet.map((s) => ({ ...s, extra: groupName.get(s.group) ?? s.group }))} />
      </section>
      <section aria-labelledby="st-commune" class="stats-section">
        <h2 id="st-commune">{t('statistics.byCommune')}</h2>
        <p class="stats-line">{t('statistics.communesLine', { with: fmt(view, r.communes.withCertifiedProducts), total: fmt(view, r.communes.total) })}</p>
        <BreakdownTable view={view} caption={t('statistics.byCommune')} first={t('statistics.commune')} rows={r.byCommune} />
      </section>
      {r.byOldDistrict.length > 0 && (
        <section aria-labelledby="st-district" class="stats-section">
          <h2 id="st-district">{t('statistics.byOldDistrict')}</h2>
          <p class="muted">{t('statistics.oldDistrictNote')}</p>
          <BreakdownTable view={view} caption={t('statistics.byOldDistrict')} first={t('statistics.oldDistrict')} rows={r.byOldDistrict} />
        </section>
      )}
      <div class="grid grid-2 stats-pair">
        <section aria-labelledby="st-changes">
          <h2 id="st-changes">{t('statistics.changes')}</h2>
          <p class="muted">{formatDateVi(r.period.from)} – {formatDateVi(r.period.to)}</p>
          <DataTable<PeriodChange>
            caption={t('statistics.changes')} captionHidden rows={[...PERIOD_CHANGES]} empty="" rowKey={(k) => k}
            columns={[
              { key: 'label', label: t('statistics.change'), render: (k) => t(`statistics.change.${k}`) },
              { key: 'total', label: t('statistics.total'), numeric: true, render: (k) => <strong>{fmt(view, c[k].total)}</strong> },
              { key: 's3', label: t('statistics.star3'), numeric: true, render: (k) => fmt(view, c[k].byStars['3']) },
              { key: 's4', label: t('statistics.star4'), numeric: true, render: (k) => fmt(view, c[k].byStars['4']) },
              { key: 's5', label: t('statistics.star5'), numeric: true, render: (k) => fmt(view, c[k].byStars['5']) },
            ]}
          />
        </section>
        <section aria-labelledby="st-pipeline">
          <h2 id="st-pipeline">{t('statistics.pipeline')}</h2>
          <p class="muted">{t('statistics.pipelineNote')}</p>
          <DataTable
            caption={t('statistics.pipeline')} captionHidden rows={pipeline} empty="" rowKey={(x) => x.key}
            columns={[
              { key: 'label', label: t('statistics.step'), render: (x) => x.label },
              { key: 'value', label: t('statistics.count'), numeric: true, render: (x) => fmt(view, x.value) },
            ]}
          />
        </section>
      </div>
    </>
  );
}

export const isEmpty = (r: ReportDetail) => r.products.certified === 0
  && PERIOD_CHANGES.every((k) => r.period.changes[k].total === 0)
  && Object.values(r.pipeline).every((x) => x === 0);

export interface StatisticsPageProps {
  view: View;
  area: ReportArea;
  groups: AreaGroup[];
  query: { asOf?: string | undefined; from?: string | undefined; to?: string | undefined };
  dates: ReportDates | null;
  errors: FieldMessages;
  report: ReportDetail | null;
  /** The report in the units of its date (before 1/7/2025). */
  then?: ThenSection[];
  /** Sales through the OCOP market in the area over the period. */
  sales?: MarketSales | null;
  /** Trade connection figures (demands, offers, agreements, event results) in the area over the period. */
  trade?: TradeFigures | null;
  /** Lot traceability of the products certified in the area on the report's day. */
  trace?: TraceFigures | null;
}

export function StatisticsPage({ view, area, groups, query: q, dates, errors, report, then = [], sales = null, trade = null, trace = null }: StatisticsPageProps) {
  const { t } = view;
  const qs = dates ? statisticsQueryString(area, dates) : '';
  const labels = { asOf: t('statistics.asOf'), from: t('statistics.from'), to: t('statistics.to') };
  return (
  <Layout view={view} title={t('statistics.title')} active={BASE}>
    <PageHeader title={t('statistics.title')} lead={t('statistics.lead')}
      actions={report ? (
        <>
          <a class="btn btn-secondary" href={`${BASE}/export.xlsx?${qs}`} download>{t('statistics.exportXlsx')}</a>
          <a class="btn btn-secondary" href={`${BASE}/export.pdf?${qs}`} download>{t('statistics.exportPdf')}</a>
        </>
      ) : undefined} />
    {!report && <ErrorSummary errors={errors} labels={labels} title={t('statistics.errors')} />}
    <form class="filter-bar stats-form" method="get" action={BASE} aria-label={t('statistics.form')}>
      <div class="filter-fields">
        <AreaSelect view={view} groups={groups} value={area.code ?? ''} />
        <TextField name="asOf" type="date" label={labels.asOf} value={dates?.asOf ?? q.asOf ?? ''} error={errors.asOf} />
        <TextField name="from" type="date" label={labels.from} value={dates?.from ?? q.from ?? ''} error={errors.from} />
        <TextField name="to" type="date" label={labels.to} value={dates?.to ?? q.to ?? ''} error={errors.to} />
      </div>
      <div class="filter-actions">
        <button type="submit" class="btn btn-primary">{t('statistics.show')}</button>
        <a class="filter-reset" href={BASE}>{t('statistics.reset')}</a>
      </div>
    </form>
    {report && dates && (
      <>
        <h2 class="stats-heading">{t('statistics.heading', { area: area.name, asOf: formatDateVi(dates.asOf) })}</h2>
        <p class="muted">
          {t('statistics.periodLine', { from: formatDateVi(dates.from), to: formatDateVi(dates.to) })}
          {' '}<a href={`${BASE}?${qs}`}>{t('statistics.shareLink')}</a>
        </p>
        {isEmpty(report) && <Notice tone="info">{t('statistics.empty')}</Notice>}
        <div class="stats-report"><Report view={view} r={report} /></div>
        {trace ? <TraceFiguresSection view={view} trace={trace} /> : null}
        {sales ? <MarketSalesSection view={view} sales={sales} /> : null}
        {trade ? <TradeFiguresSection view={view} trade={trade} /> : null}
        <UnitsThenSections view={view} asOf={dates.asOf} sections={then} />
      </>
    )}
  </Layout>
  );
}
