/**
 * The views of the back-office pages of targets (targets-admin.routes.tsx): the list with progress
 * bars, status badges and filters, the form of a new or edited target, one target with its
 * progress, forecast, the SVG chart and its data table.
 */
import type { JSX } from 'preact';
import type { Actor } from '../../context';
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import { FilterBar } from '../../web/components/filter-bar';
import { BackLink, Card, DescriptionList, Notice, PageHeader } from '../../web/components/page';
import { SampleBadge, StatusBadge, type Tone } from '../../web/components/badges';
import type { FieldMessages } from '../../errors';
import type { MessageKey } from '../../core/i18n';
import { formatDateVi } from '../../domain/dates';
import type { TargetStatus } from '../../domain/target-progress';
import { listHref, pagerLabels } from '../../web/components/pager';
import { INDICATOR_INFO, INDICATORS, type Indicator } from './indicators';
import type { TargetDto } from './targets.schema';
import type { SeriesPoint } from './targets.service';
import { fmtNumber, TargetChart, TargetChartTable } from './targets.chart';

export const targetHref = (id: string) => `/admin/targets/${id}`;

export const STATUS_TONE: Record<TargetStatus, Tone> = {
  not_started: 'neutral', on_track: 'success', at_risk: 'warning', off_track: 'danger', achieved: 'success', missed: 'danger',
};

export function TargetStatusBadge({ view, status }: { view: View; status: TargetStatus }) {
  return <StatusBadge tone={STATUS_TONE[status]}>{view.t(`targets.status.${status}` as MessageKey)}</StatusBadge>;
}

/**
 * A progress bar with the figures in words next to it. The bar is a progressbar in percent of the
 * target (capped at 100, as it is drawn) whose value text is the words next to it, so that a
 * browser test can check the drawn width against the value (test/helpers/progress-bars.ts).
 */
export function ProgressBar({ view, target }: { view: View; target: TargetDto }) {
  const p = target.progress;
  const width = Math.max(0, Math.min(100, p.percent));
  const expected = target.targetValue > 0 ? Math.max(0, Math.min(100, (p.expectedNow / target.targetValue) * 100)) : 0;
  const unit = target.unit !== 'percent' ? ` ${view.t(`targets.unit.${target.unit}` as MessageKey)}` : '';
  const achieved = view.t('targets.achievedPercent', { percent: fmtNumber(view, p.percent) });
  return (
    <div class="target-progress">
      {/* SVG geometry, not a style attribute: the CSP allows no inline styles. */}
      <svg class={`target-bar target-bar--${STATUS_TONE[p.status]}`} viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false"
        role="progressbar" aria-label={view.t('targets.progress')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(width * 10) / 10}
        aria-valuetext={`${fmtNumber(view, p.value, target.unit)} / ${fmtNumber(view, target.targetValue, target.unit)}${unit} · ${achieved}`}>
        <rect class="target-bar-fill" data-progress-fill="" width={width.toFixed(1)} height="10" />
        {p.status !== 'achieved' && p.status !== 'missed' && <rect class="target-bar-mark" x={Math.max(0, expected - 0.5).toFixed(1)} width="1" height="10" />}
      </svg>
      <p class="target-progress-text">
        <strong>{fmtNumber(view, p.value, target.unit)}</strong> / {fmtNumber(view, target.targetValue, target.unit)}
        {unit}
        {' · '}{achieved}
      </p>
    </div>
  );
}

const areaLabel = (view: View, target: TargetDto) => (target.area.code === null ? view.t('targets.national') : target.area.name);
const period = (target: TargetDto) => `${formatDateVi(target.periodStart)} – ${formatDateVi(target.periodEnd)}`;

function TargetsTable({ view, items }: { view: View; items: TargetDto[] }) {
  const { t } = view;
  return (
    <DataTable<TargetDto>
      caption={t('targets.title')} captionHidden rows={items} empty={t('targets.empty')} rowKey={(x) => x.id}
      columns={[
        {
          key: 'indicator', label: t('targets.indicator'), render: (x) => (
            <>
              <a href={targetHref(x.id)}><strong>{x.indicatorName}</strong></a>
              {x.isSample && <> <SampleBadge /></>}
              <br /><span class="muted">{areaLabel(view, x)} · {period(x)}</span>
            </>
          ),
        },
        { key: 'progress', label: t('targets.progress'), render: (x) => <ProgressBar view={view} target={x} /> },
        { key: 'forecast', label: t('targets.forecast'), numeric: true, render: (x) => <>{fmtNumber(view, x.progress.forecast, x.unit)}<br /><span class="muted">{fmtNumber(view, x.progress.forecastPercent)}%</span></> },
        { key: 'status', label: t('targets.status'), render: (x) => <TargetStatusBadge view={view} status={x.progress.status} /> },
      ]}
    />
  );
}

const indicatorOptions = (view: View) => INDICATORS.map((k) => ({ value: k, label: view.t(`targets.ind.${k}` as MessageKey) }));

function IndicatorHints({ view }: { view: View }) {
  const { t } = view;
  return (
    <details class="target-hints">
      <summary>{t('targets.indicatorsTitle')}</summary>
      <dl>
        {INDICATORS.map((k) => (
          <div key={k}>
            <dt>{t(`targets.ind.${k}` as MessageKey)}</dt>
            <dd>{t(`targets.ind.${k}.hint` as MessageKey)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

export const TARGET_FIELDS = ['areaCode', 'indicator', 'periodStart', 'periodEnd', 'targetValue', 'note', 'version'] as const;

export interface TargetListProps {
  view: View;
  query: { area?: string | undefined; indicator?: Indicator | undefined; year?: number | undefined; page: number };
  list: { items: TargetDto[]; total: number; page: number; pageSize: number };
  authority: boolean;
  years: number[];
  doneKey: 'targets.done.deleted' | null;
}

export function TargetListPage({ view, query: q, list, authority, years, doneKey }: TargetListProps) {
  const { t } = view;
  return (
    <Layout view={view} title={t('targets.title')} active="/admin/programme">
      <BackLink href="/admin/programme">{t('nav.programme')}</BackLink>
      <PageHeader title={t('targets.title')} lead={t('targets.lead')}
        actions={authority ? <a class="btn btn-primary" href="/admin/targets/new">{t('targets.new')}</a> : undefined} />
      {doneKey && <Notice tone="success">{t(doneKey)}</Notice>}
      {!authority && <Notice tone="info">{t('targets.readOnly')}</Notice>}
      <FilterBar action="/admin/targets" submitLabel={t('common.filter')} reset={{ href: '/admin/targets', label: t('common.all') }}>
        <TextField name="area" label={t('targets.filter.area')} hint={t('targets.filter.areaHint')} value={q.area} width="sm" spellcheck={false} />
        <SelectField name="year" label={t('targets.year')} value={q.year ? String(q.year) : undefined} placeholder={t('common.all')}
          options={years.map((y) => ({ value: String(y), label: String(y) }))} />
        <SelectField name="indicator" label={t('targets.indicator')} value={q.indicator} placeholder={t('common.all')} options={indicatorOptions(view)} />
      </FilterBar>
      <p class="muted">{t('common.total', { total: list.total })}</p>
      <TargetsTable view={view} items={list.items} />
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} href={listHref('/admin/targets', q)} labels={pagerLabels(view)} />
      <p class="muted target-rules">{t('targets.statusRules')}</p>
    </Layout>
  );
}

export interface TargetFormProps {
  view: View;
  actor: Actor;
  existing: TargetDto | null;
  values: Record<string, string>;
  errors?: FieldMessages;
  summary?: string | undefined;
  /** A province officer's province and its communes (the area select of a new target). */
  areas: { code: string; name: string }[] | null;
}

export function TargetFormPage({ view, actor, existing, values, errors = {}, summary, areas }: TargetFormProps) {
  const { t } = view;
  const title = existing ? t('targets.edit') : t('targets.new');
  const labels: Record<string, string> = {
    areaCode: t('targets.area'), indicator: t('targets.indicator'), periodStart: t('targets.periodStart'), periodEnd: t('targets.periodEnd'),
    targetValue: t('targets.targetValue'), note: t('targets.note'), form: title,
  };
  const chosen = values.indicator as Indicator | undefined;
  const valueHint = chosen && INDICATOR_INFO[chosen]
    ? `${t(`targets.ind.${chosen}.hint` as MessageKey)} ${t('targets.targetValueHint')}`
    : t('targets.targetValueHint');
  let areaField: JSX.Element;
  if (existing) {
    areaField = <DescriptionList items={[{ term: t('targets.area'), detail: areaLabel(view, existing) }]} />;
  } else if (areas && actor.areaCode) {
    areaField = (
      <SelectField name="areaCode" label={labels.areaCode!} value={values.areaCode || actor.areaCode} error={errors.areaCode} required
        options={areas.map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))} />
    );
  } else {
    areaField = <TextField name="areaCode" label={labels.areaCode!} hint={t('targets.areaHint')} value={values.areaCode} error={errors.areaCode} width="sm" inputMode="numeric" spellcheck={false} optionalLabel={t('form.optional')} />;
  }
  const action = existing ? `/admin/targets/${existing.id}` : '/admin/targets';
  return (
    <Layout view={view} title={title} active="/admin/programme">
      <BackLink href={existing ? targetHref(existing.id) : '/admin/targets'}>{t('common.back')}</BackLink>
      <PageHeader title={title} caption={existing ? `${existing.indicatorName} · ${areaLabel(view, existing)}` : t('targets.title')} />
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      <form method="post" action={action} novalidate class="form-narrow target-form">
        <CsrfField token={view.csrfToken} />
        {existing && <input type="hidden" name="version" value={values.version || String(existing.version)} />}
        {areaField}
        <SelectField name="indicator" label={labels.indicator!} hint={t('targets.indicatorHint')} value={values.indicator} error={errors.indicator} required
          placeholder="—" options={indicatorOptions(view)} />
        <IndicatorHints view={view} />
        <fieldset class="target-period">
          <legend>{t('targets.period')}</legend>
          <p class="field-hint">{t('targets.periodHint')}</p>
          <TextField name="periodStart" type="date" label={labels.periodStart!} value={values.periodStart} error={errors.periodStart} required width="md" />
          <TextField name="periodEnd" type="date" label={labels.periodEnd!} value={values.periodEnd} error={errors.periodEnd} required width="md" />
        </fieldset>
        <TextField name="targetValue" inputMode="decimal" label={labels.targetValue!} hint={valueHint} value={values.targetValue} error={errors.targetValue} required width="sm" />
        <TextArea name="note" label={labels.note!} hint={t('targets.noteHint')} value={values.note} error={errors.note} maxLength={2000} rows={3} optionalLabel={t('form.optional')} />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{existing ? t('targets.save') : t('targets.create')}</button>
          <a class="btn btn-ghost" href={existing ? targetHref(existing.id) : '/admin/targets'}>{t('common.cancel')}</a>
        </SubmitRow>
      </form>
    </Layout>
  );
}

export interface TargetDetailProps {
  view: View;
  target: TargetDto;
  points: SeriesPoint[];
  doneKey: 'targets.done.created' | 'targets.done.updated' | null;
}

export function TargetDetailPage({ view, target, points, doneKey }: TargetDetailProps) {
  const { t } = view;
  const p = target.progress;
  const unitName = target.unit === 'percent' ? '%' : t(`targets.unit.${target.unit}` as MessageKey);
  return (
    <Layout view={view} title={`${target.indicatorName} · ${areaLabel(view, target)}`} active="/admin/programme">
      <BackLink href="/admin/targets">{t('targets.title')}</BackLink>
      <PageHeader title={target.indicatorName} caption={`${areaLabel(view, target)} · ${period(target)}`}
        actions={target.actions.edit ? <a class="btn btn-secondary" href={`/admin/targets/${target.id}/edit`}>{t('targets.edit')}</a> : undefined} />
      {doneKey && <Notice tone="success">{t(doneKey)}</Notice>}
      {target.isSample && <p><SampleBadge /></p>}
      <Card variant="accent">
        <div class="target-head">
          <TargetStatusBadge view={view} status={p.status} />
          <span class="muted">{t('targets.elapsed', { elapsed: p.elapsedDays, total: p.totalDays })}</span>
        </div>
        <ProgressBar view={view} target={target} />
        <p>{t('targets.forecastLine', { forecast: fmtNumber(view, p.forecast, target.unit), percent: fmtNumber(view, p.forecastPercent) })}</p>
        <DescriptionList items={[
          { term: t('targets.value'), detail: `${fmtNumber(view, p.value, target.unit)} (${formatDateVi(p.asOf)})` },
          { term: t('targets.target'), detail: `${fmtNumber(view, target.targetValue, target.unit)}${target.unit === 'percent' ? '' : ` ${unitName}`}` },
          ...(INDICATOR_INFO[target.indicator].kind === 'level' ? [{ term: t('targets.baseline'), detail: fmtNumber(view, p.baseline, target.unit) }] : []),
          { term: t('targets.indicator'), detail: t(`targets.ind.${target.indicator}.hint` as MessageKey) },
          ...(target.note ? [{ term: t('targets.note'), detail: target.note }] : []),
          { term: t('targets.createdBy'), detail: target.createdBy },
        ]} />
      </Card>
      <section aria-labelledby="chart-h" class="target-section">
        <h2 id="chart-h">{t('targets.chart')}</h2>
        {points.length === 0
          ? <Notice tone="info">{t('targets.chartEmpty')}</Notice>
          : <>
            <TargetChart view={view} target={target} points={points} id="target-chart" />
            <details class="target-data">
              <summary>{t('targets.chartTable')}</summary>
              <TargetChartTable view={view} target={target} points={points} />
            </details>
          </>}
        <p class="muted">{t('targets.forecastRules')} {t('targets.statusRules')}</p>
      </section>
      {target.actions.delete && (
        <Card title={t('targets.delete')}>
          <p>{t('targets.deleteLead')}</p>
          <form method="post" action={`/admin/targets/${target.id}/delete`} class="inline-form">
            <CsrfField token={view.csrfToken} />
            <input type="hidden" name="version" value={String(target.version)} />
            <button type="submit" class="btn btn-danger">{t('targets.deleteConfirm')}</button>
          </form>
        </Card>
      )}
    </Layout>
  );
}

/** The dashboard's card of an area's targets in force (targets.panel.tsx loads them). */
export function TargetsPanel({ view, items }: { view: View; items: TargetDto[] }) {
  const { t } = view;
  return (
    <Card title={t('targets.panel.title')} actions={<a href="/admin/targets">{t('targets.panel.all')}</a>}>
      <ul class="target-panel">
        {items.map((x) => (
          <li key={x.id} class="target-panel-item">
            <div class="target-head">
              <a href={`/admin/targets/${x.id}`}><strong>{x.indicatorName}</strong></a>
              <TargetStatusBadge view={view} status={x.progress.status} />
              {x.isSample && <SampleBadge />}
            </div>
            <ProgressBar view={view} target={x} />
            <p class="muted target-panel-meta">
              {t('targets.forecastLine', { forecast: fmtNumber(view, x.progress.forecast, x.unit), percent: fmtNumber(view, x.progress.forecastPercent) })}
              {' · '}{formatDateVi(x.periodStart)} – {formatDateVi(x.periodEnd)}
            </p>
          </li>
        ))}
      </ul>
    </Card>
  );
}
