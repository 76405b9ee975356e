/**
 * The views of the back-office pages of support to producers (support-admin.routes.tsx): totals
 * for an area and period, the records with filters, and the form of a new record.
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import { FilterBar, SearchInput } from '../../web/components/filter-bar';
import { BackLink, Notice, PageHeader, StatGrid } from '../../web/components/page';
import { SampleBadge } from '../../web/components/badges';
import type { FieldMessages } from '../../errors';
import { formatDateVi } from '../../domain/dates';
import { listHref, pagerLabels } from '../../web/components/pager';
import type { MessageKey } from '../../core/i18n';
import { SUPPORT_WRITERS } from './support.policy';
import { SUPPORT_KINDS, type SupportDto, type SupportListQuery, type TotalsDto } from './support.schema';

/** "15.000.000", "15 000 000", "15,000,000" or "15000000" → 15000000; anything else → NaN. */
export function parseVnd(input: string): number {
  const s = input.trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (/^\d{1,3}([. ,]\d{3})+$/.test(s)) return Number(s.replace(/[. ,]/g, ''));
  return Number.NaN;
}

const kindLabel = (view: View, k: SupportDto['kind']) => view.t(`support.kind.${k}` as MessageKey);
export const vnd = (view: View, n: number) => view.t('support.vnd', { amount: new Intl.NumberFormat(view.locale === 'vi' ? 'vi-VN' : 'en-GB').format(n) });
const writer = (view: View) => (SUPPORT_WRITERS as readonly string[]).includes(view.actor?.role ?? '');

function TotalsCard({ view, totals }: { view: View; totals: TotalsDto }) {
  const { t } = view;
  const period = totals.from || totals.to
    ? `${totals.from ? formatDateVi(totals.from) : '…'} – ${totals.to ? formatDateVi(totals.to) : '…'}`
    : t('support.allTime');
  return (
    <section aria-labelledby="support-totals-h" class="support-section">
      <h2 id="support-totals-h">{t('support.totals')}</h2>
      <p class="muted">{t('support.totalsLead', { area: totals.area.name, period })}</p>
      <StatGrid items={[
        { label: t('support.totalAmount'), value: vnd(view, totals.amountVnd) },
        { label: t('support.totalRecords'), value: totals.records },
        { label: t('support.totalProducers'), value: totals.producers },
      ]} />
      {totals.records === 0 ? <Notice tone="info">{t('support.noTotals')}</Notice> : (
        <div class="grid grid-2">
          <DataTable caption={t('support.byKind')} empty={t('support.noTotals')} rows={totals.byKind} rowKey={(r) => r.kind} columns={[
            { key: 'kind', label: t('support.kind'), render: (r) => kindLabel(view, r.kind) },
            { key: 'count', label: t('support.count'), numeric: true, render: (r) => r.count },
            { key: 'amount', label: t('support.amount'), numeric: true, render: (r) => vnd(view, r.amountVnd) },
          ]} />
          <DataTable caption={t('support.bySource')} empty={t('support.noTotals')} rows={totals.bySource} rowKey={(r) => r.source} columns={[
            { key: 'source', label: t('support.source'), render: (r) => r.source },
            { key: 'count', label: t('support.count'), numeric: true, render: (r) => r.count },
            { key: 'amount', label: t('support.amount'), numeric: true, render: (r) => vnd(view, r.amountVnd) },
          ]} />
          <DataTable caption={t('support.byCommune')} empty={t('support.noTotals')} rows={totals.byCommune} rowKey={(r) => r.communeCode} columns={[
            { key: 'commune', label: t('support.commune'), render: (r) => r.communeName },
            { key: 'producers', label: t('support.producersCount'), numeric: true, render: (r) => r.producers },
            { key: 'count', label: t('support.count'), numeric: true, render: (r) => r.count },
            { key: 'amount', label: t('support.amount'), numeric: true, render: (r) => vnd(view, r.amountVnd) },
          ]} />
        </div>
      )}
    </section>
  );
}

export interface SupportListProps {
  view: View;
  query: Omit<SupportListQuery, 'pageSize'>;
  done: string | undefined;
  errors: FieldMessages;
  records: { items: SupportDto[]; total: number; page: number; pageSize: number };
  totals: TotalsDto;
}

export function SupportListPage({ view, query: q, done, errors, records, totals }: SupportListProps) {
  const { t } = view;
  return (
    <Layout view={view} title={t('support.title')} active="/admin/programme">
      <PageHeader title={t('support.title')} lead={t('support.lead')}
        actions={writer(view) ? <a class="btn btn-primary" href="/admin/support/new">{t('support.new')}</a> : undefined} />
      {done === 'created' && <Notice tone="success">{t('support.created')}</Notice>}
      {done === 'deleted' && <Notice tone="success">{t('support.deleted')}</Notice>}
      <FilterBar action="/admin/support" submitLabel={t('common.filter')} reset={{ href: '/admin/support', label: t('common.all') }}>
        <SearchInput name="q" label={t('support.search')} value={q.q} />
        <SelectField name="kind" label={t('support.kind')} value={q.kind} placeholder={t('common.all')}
          options={SUPPORT_KINDS.map((k) => ({ value: k, label: kindLabel(view, k) }))} />
        <TextField name="from" type="date" label={t('support.filterFrom')} value={q.from} error={errors.from} width="md" />
        <TextField name="to" type="date" label={t('support.filterTo')} value={q.to} error={errors.to} width="md" />
      </FilterBar>
      <TotalsCard view={view} totals={totals} />
      <section aria-labelledby="support-records-h" class="support-section">
        <h2 id="support-records-h">{t('support.records')}</h2>
        <p class="muted">{t('common.total', { total: records.total })}</p>
        <DataTable<SupportDto> caption={t('support.records')} captionHidden rows={records.items} empty={t('support.empty')} rowKey={(r) => r.id}
          columns={[
            { key: 'producer', label: t('support.producer'), render: (r) => <><strong>{r.producer.name}</strong>{r.isSample && <> <SampleBadge label={t('common.sample')} /></>}<br /><span class="muted">{r.communeName}</span></> },
            { key: 'kind', label: t('support.kind'), render: (r) => kindLabel(view, r.kind) },
            { key: 'amount', label: t('support.amount'), numeric: true, render: (r) => vnd(view, r.amountVnd) },
            { key: 'date', label: t('support.grantedOn'), render: (r) => formatDateVi(r.grantedOn) },
            { key: 'source', label: t('support.source'), render: (r) => <>{r.source}{r.note && <><br /><span class="muted">{r.note}</span></>}</> },
            ...(writer(view) ? [{ key: 'actions', label: t('common.actions'), render: (r: SupportDto) => r.canDelete && (
              <form method="post" action={`/admin/support/${r.id}/delete`} class="inline-form">
                <CsrfField token={view.csrfToken} />
                <button type="submit" class="btn btn-sm btn-secondary">{t('support.delete')}<span class="visually-hidden"> {r.producer.name} {formatDateVi(r.grantedOn)}</span></button>
              </form>
            ) }] : []),
          ]} />
        <Pagination page={records.page} pageSize={records.pageSize} total={records.total} href={listHref('/admin/support', q)} labels={pagerLabels(view)} />
      </section>
    </Layout>
  );
}

export interface SupportFormProps {
  view: View;
  producers: { id: string; name: string; communeName: string }[];
  today: string;
  values?: Record<string, string>;
  errors?: FieldMessages;
  summary?: string | undefined;
}

export function SupportFormPage({ view, producers, today, values = {}, errors = {}, summary }: SupportFormProps) {
  const { t } = view;
  const labels = {
    producerId: t('support.producer'), kind: t('support.kind'), amountVnd: t('support.amount'), grantedOn: t('support.grantedOn'),
    source: t('support.source'), note: t('support.note'), form: t('support.new'),
  };
  return (
    <Layout view={view} title={t('support.new')} active="/admin/programme">
      <BackLink href="/admin/support">{t('common.back')}</BackLink>
      <PageHeader title={t('support.new')} lead={t('support.lead')} />
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      <form method="post" action="/admin/support" novalidate class="form-narrow">
        <CsrfField token={view.csrfToken} />
        <SelectField name="producerId" label={labels.producerId} hint={t('support.producerHint')} value={values.producerId} error={errors.producerId} required
          placeholder={t('support.chooseProducer')} options={producers.map((p) => ({ value: p.id, label: `${p.name} — ${p.communeName}` }))} />
        <SelectField name="kind" label={labels.kind} value={values.kind} error={errors.kind} required placeholder={t('support.chooseKind')}
          options={SUPPORT_KINDS.map((k) => ({ value: k, label: kindLabel(view, k) }))} />
        <TextField name="amountVnd" label={labels.amountVnd} hint={t('support.amountHint')} value={values.amountVnd} error={errors.amountVnd} required inputMode="numeric" width="md" placeholder="15.000.000" />
        <TextField name="grantedOn" type="date" label={labels.grantedOn} value={values.grantedOn ?? today} error={errors.grantedOn} required width="md" />
        <TextField name="source" label={labels.source} hint={t('support.sourceHint')} value={values.source} error={errors.source} required maxLength={200} />
        <TextArea name="note" label={labels.note} value={values.note} error={errors.note} maxLength={2000} rows={3} optionalLabel={t('form.optional')} />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{t('support.create')}</button>
          <a class="btn btn-ghost" href="/admin/support">{t('common.cancel')}</a>
        </SubmitRow>
      </form>
    </Layout>
  );
}
