/**
 * Back-office pages of targets: /admin/targets (list with progress bars, status badges and
 * filters), /admin/targets/new and /admin/targets/:id/edit (forms), /admin/targets/:id (progress,
 * forecast, the SVG chart and its data table). Every form works without JavaScript
 * (post/redirect/get).
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect, requireActor } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf, type View } from '../../web/view';
import { formErrors as baseFormErrors, str, type FormBody } from '../../web/forms';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import { FilterBar } from '../../web/components/filter-bar';
import { BackLink, Card, DescriptionList, Notice, PageHeader } from '../../web/components/page';
import { SampleBadge, StatusBadge, type Tone } from '../../web/components/badges';
import { AppError, type FieldErrors } from '../../errors';
import type { Locale, MessageKey } from '../../core/i18n';
import { formatDateVi, parseDateInput, todayInVietnam } from '../../domain/dates';
import type { TargetStatus } from '../../domain/target-progress';
import { listHref, pagerLabels } from '../../web/components/pager';
import { INDICATORS, type Indicator } from './targets.tables';
import { INDICATOR_INFO } from './indicators';
import { TARGET_AUTHORITIES, TARGET_READERS } from './targets.policy';
import type { TargetDto } from './targets.schema';
import {
  createTarget, deleteTarget, getTarget, listTargets, TARGET_FIELD_VI, targetSeries, updateTarget,
} from './targets.service';
import { provinceAndCommunes } from './targets.repository';
import { fmtNumber, TargetChart, TargetChartTable } from './targets.chart';

const Id = z.object({ id: z.string().max(64) });
const ListQuery = z.object({
  area: z.string().trim().regex(/^(\d{2}|\d{5}|national)$/).optional().catch(undefined),
  indicator: z.enum(INDICATORS).optional().catch(undefined),
  year: z.coerce.number().int().min(2018).max(2100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  done: z.string().max(20).optional(),
});

export const STATUS_TONE: Record<TargetStatus, Tone> = {
  not_started: 'neutral', on_track: 'success', at_risk: 'warning', off_track: 'danger', achieved: 'success', missed: 'danger',
};
const targetHref = (id: string) => `/admin/targets/${id}`;

export function TargetStatusBadge({ view, status }: { view: View; status: TargetStatus }) {
  return <StatusBadge tone={STATUS_TONE[status]}>{view.t(`targets.status.${status}` as MessageKey)}</StatusBadge>;
}

/** A progress bar (decorative) with the figures in words next to it. */
export function ProgressBar({ view, target }: { view: View; target: TargetDto }) {
  const p = target.progress;
  const width = Math.max(0, Math.min(100, p.percent));
  const expected = target.targetValue > 0 ? Math.max(0, Math.min(100, (p.expectedNow / target.targetValue) * 100)) : 0;
  return (
    <div class="target-progress">
      <div class={`target-bar target-bar--${STATUS_TONE[p.status]}`} aria-hidden="true">
        <span class="target-bar-fill" style={`width:${width.toFixed(1)}%`} />
        {p.status !== 'achieved' && p.status !== 'missed' && <span class="target-bar-mark" style={`left:${expected.toFixed(1)}%`} />}
      </div>
      <p class="target-progress-text">
        <strong>{fmtNumber(view, p.value, target.unit)}</strong> / {fmtNumber(view, target.targetValue, target.unit)}
        {target.unit !== 'percent' && <> {view.t(`targets.unit.${target.unit}` as MessageKey)}</>}
        {' · '}{view.t('targets.achievedPercent', { percent: fmtNumber(view, p.percent) })}
      </p>
    </div>
  );
}

const areaLabel = (view: View, target: TargetDto) => (target.area.code === null ? view.t('targets.national') : target.area.name);
const period = (target: TargetDto) => `${formatDateVi(target.periodStart)} – ${formatDateVi(target.periodEnd)}`;

/** Validation and conflict messages in the page's language. */
function formErrors(e: unknown, locale: Locale) {
  const out = baseFormErrors(e, locale);
  if (locale === 'vi' && e instanceof AppError) {
    for (const [k, msg] of Object.entries(e.fields ?? { form: e.message })) {
      const vi = TARGET_FIELD_VI[msg];
      if (vi) out.fields[k] = vi;
    }
  }
  return out;
}

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

const FIELDS = ['areaCode', 'indicator', 'periodStart', 'periodEnd', 'targetValue', 'note', 'version'] as const;

function formValues(body: FormBody): Record<string, string> {
  return Object.fromEntries(FIELDS.map((k) => [k, typeof body[k] === 'string' ? (body[k] as string).trim() : '']));
}

/** A number typed in a form: "12,5" or "12.5"; spaces and a lone thousands dot ("1.000") are understood. */
export function parseNumberInput(s: string): number | undefined {
  const v = s.replace(/\s/g, '');
  if (v === '') return undefined;
  if (/^\d{1,3}(\.\d{3})+$/.test(v)) return Number(v.replace(/\./g, ''));
  return Number(v.includes(',') && !v.includes('.') ? v.replace(',', '.') : v);
}
const dateInput = (s: string) => (s === '' ? undefined : parseDateInput(s) ?? s);

export function registerTargetsPages(app: App, _deps: Deps) {
  app.get('/admin/targets', { config: { access: TARGET_READERS }, schema: { hide: true, querystring: ListQuery } }, async (req, reply) => {
    const view = viewOf(req);
    const { t } = view;
    const { done, ...q } = req.query;
    const list = await listTargets(req.ctx, { ...q, pageSize: 20 });
    const authority = (TARGET_AUTHORITIES as readonly string[]).includes(view.actor!.role);
    const thisYear = Number(todayInVietnam(req.ctx.deps.clock()).slice(0, 4));
    const years = Array.from({ length: 8 }, (_, i) => thisYear - 3 + i);
    const doneKey = done === 'deleted' ? 'targets.done.deleted' : null;
    return sendPage(reply, (
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
    ));
  });

  // ---- forms ---------------------------------------------------------------------------------

  const formPage = async (req: FastifyRequest, existing: TargetDto | null, values: Record<string, string>, errors: FieldErrors = {}, summary?: string) => {
    const view = viewOf(req);
    const { t } = view;
    const actor = requireActor(req);
    const title = existing ? t('targets.edit') : t('targets.new');
    const labels: Record<string, string> = {
      areaCode: t('targets.area'), indicator: t('targets.indicator'), periodStart: t('targets.periodStart'), periodEnd: t('targets.periodEnd'),
      targetValue: t('targets.targetValue'), note: t('targets.note'), form: title,
    };
    const chosen = values.indicator as Indicator | undefined;
    const valueHint = chosen && INDICATOR_INFO[chosen]
      ? `${t(`targets.ind.${chosen}.hint` as MessageKey)} ${t('targets.targetValueHint')}`
      : t('targets.targetValueHint');
    let areaField;
    if (existing) {
      areaField = <DescriptionList items={[{ term: t('targets.area'), detail: areaLabel(view, existing) }]} />;
    } else if (actor.role === 'province_officer' && actor.areaCode) {
      const areas = await provinceAndCommunes(req.ctx, actor.areaCode);
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
  };

  app.get('/admin/targets/new', { config: { access: TARGET_AUTHORITIES }, schema: { hide: true } }, async (req, reply) => {
    const year = todayInVietnam(req.ctx.deps.clock()).slice(0, 4);
    return sendPage(reply, await formPage(req, null, { periodStart: `${year}-01-01`, periodEnd: `${year}-12-31` }));
  });

  app.post('/admin/targets', { config: { access: TARGET_AUTHORITIES }, schema: { hide: true } }, async (req, reply) => {
    const values = formValues(req.body as FormBody);
    try {
      const created = await createTarget(req.ctx, {
        areaCode: values.areaCode === '' ? null : values.areaCode, indicator: values.indicator || undefined,
        periodStart: dateInput(values.periodStart!), periodEnd: dateInput(values.periodEnd!),
        targetValue: parseNumberInput(values.targetValue!), note: values.note,
      });
      return redirect(reply, `${targetHref(created.id)}?done=created`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, viewOf(req).locale);
      return sendPage(reply, await formPage(req, null, values, fields, message), status);
    }
  });

  app.get('/admin/targets/:id/edit', { config: { access: TARGET_AUTHORITIES }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const target = await getTarget(req.ctx, req.params.id);
    if (!target.actions.edit) throw new AppError('forbidden', 'not allowed');
    return sendPage(reply, await formPage(req, target, {
      indicator: target.indicator, periodStart: target.periodStart, periodEnd: target.periodEnd,
      targetValue: String(target.targetValue), note: target.note, version: String(target.version),
    }));
  });

  app.post('/admin/targets/:id', { config: { access: TARGET_AUTHORITIES }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const values = formValues(req.body as FormBody);
    const { id } = req.params;
    try {
      await updateTarget(req.ctx, id, {
        indicator: values.indicator || undefined, periodStart: dateInput(values.periodStart!), periodEnd: dateInput(values.periodEnd!),
        targetValue: parseNumberInput(values.targetValue!), note: values.note, version: values.version ? Number(values.version) : undefined,
      });
      return redirect(reply, `${targetHref(id)}?done=updated`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, viewOf(req).locale);
      return sendPage(reply, await formPage(req, await getTarget(req.ctx, id), values, fields, message), status);
    }
  });

  app.post('/admin/targets/:id/delete', { config: { access: TARGET_AUTHORITIES }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const body = req.body as FormBody;
    const version = str(body, 'version');
    await deleteTarget(req.ctx, req.params.id, version ? Number(version) : undefined);
    return redirect(reply, '/admin/targets?done=deleted');
  });

  // ---- one target ----------------------------------------------------------------------------

  app.get('/admin/targets/:id', {
    config: { access: TARGET_READERS }, schema: { hide: true, params: Id, querystring: z.object({ done: z.string().max(20).optional() }) },
  }, async (req, reply) => {
    const view = viewOf(req);
    const { t } = view;
    const { target, points } = await targetSeries(req.ctx, req.params.id);
    const p = target.progress;
    const done = req.query.done;
    const doneKey = done === 'created' || done === 'updated' ? (`targets.done.${done}` as const) : null;
    const unitName = target.unit === 'percent' ? '%' : t(`targets.unit.${target.unit}` as MessageKey);
    return sendPage(reply, (
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
    ));
  });
}
