/**
 * Views of product ideas (cycle step 2): the list (a producer's own, or an officer's review
 * queue) and the idea form. Components only: the data arrives as props from idea.routes.tsx.
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import { FilterBar } from '../../web/components/filter-bar';
import { BackLink, PageHeader } from '../../web/components/page';
import { listHref, pagerLabels } from '../../web/components/pager';
import type { FieldMessages } from '../../errors';
import { formatDateTimeVi } from '../../domain/dates';
import { REVIEW_STATUSES } from '../../domain/review-cycle';
import type { IdeaInput, IdeaListQuery, IdeaSummaryDto } from './cycle.schema';
import { shown, StatusBadge } from './idea-detail.view';

export interface IdeaFormOptions { producers: { value: string; label: string }[] | null; products: { value: string; label: string }[]; sets: { value: string; label: string }[] }

interface IdeasPageProps {
  view: View;
  /** The caller is a producer (their own ideas; no producer column, no review queue). */
  producer: boolean;
  query: IdeaListQuery;
  result: { items: IdeaSummaryDto[]; total: number; page: number; pageSize: number };
}

export function IdeasPage({ view, producer, query: q, result: r }: IdeasPageProps) {
  const { t } = view;
  const statusOptions = REVIEW_STATUSES.map((s) => ({ value: s, label: t(`cycle.status.${s}`) }));
  const title = producer ? t('ideas.mine') : t('ideas.title');
  return (
    <Layout view={view} title={title} active="/admin/ideas">
      <PageHeader title={title} lead={producer ? t('ideas.lead') : t('ideas.queueLead')} caption={t('common.total', { total: r.total })}
        actions={<a class="btn btn-primary" href="/admin/ideas/new">{t('ideas.new')}</a>} />
      <FilterBar action="/admin/ideas" submitLabel={t('common.filter')} reset={{ href: '/admin/ideas', label: t('common.all') }}>
        {!producer && <SelectField name="queue" label={t('cycle.filter.queue')} value={q.queue} options={[{ value: 'review', label: t('ideas.queue') }]} placeholder={t('common.all')} autoSubmit />}
        <SelectField name="status" label={t('cycle.filter.status')} value={q.status} options={statusOptions} placeholder={t('common.all')} autoSubmit />
        <SelectField name="planStatus" label={t('cycle.filter.planStatus')} value={q.planStatus} placeholder={t('common.all')} autoSubmit
          options={[{ value: 'none', label: t('cycle.status.none') }, ...statusOptions]} />
      </FilterBar>
      <DataTable<IdeaSummaryDto>
        caption={title} captionHidden rows={r.items} empty={t('ideas.empty')} rowKey={(i) => i.id}
        columns={[
          { key: 'name', label: t('idea.name'), render: (i) => <a href={`/admin/ideas/${i.id}`}>{i.name}</a> },
          ...(producer ? [] : [{ key: 'producer', label: t('idea.producer'), render: (i: IdeaSummaryDto) => `${i.producerName} — ${i.communeName}` }]),
          { key: 'status', label: t('idea.status'), render: (i) => <StatusBadge view={view} status={i.status} /> },
          { key: 'plan', label: t('idea.planStatus'), render: (i) => (i.planStatus ? <StatusBadge view={view} status={i.planStatus} /> : t('cycle.status.none')) },
          { key: 'updated', label: t('idea.updatedAt'), render: (i) => formatDateTimeVi(new Date(i.updatedAt)) },
        ]}
      />
      <Pagination page={r.page} pageSize={r.pageSize} total={r.total} href={listHref('/admin/ideas', q)} labels={pagerLabels(view)} />
    </Layout>
  );
}

interface IdeaFormProps { view: View; action: string; title: string; values: Partial<IdeaInput>; errors: FieldMessages; summary?: string; options: IdeaFormOptions; editing?: boolean }

export function IdeaForm({ view, action, title, values, errors, summary, options, editing }: IdeaFormProps) {
  const { t } = view;
  const v = (k: keyof IdeaInput) => (values[k] ?? '') as string;
  const labels = {
    producerId: t('idea.producer'), productId: t('idea.product'), name: t('idea.name'), productSetCode: t('idea.set'),
    description: t('idea.description'), rawMaterials: t('idea.rawMaterials'), expectedMarket: t('idea.expectedMarket'),
  };
  return (
    <Layout view={view} title={title} active="/admin/ideas">
      <BackLink href="/admin/ideas">{t('common.back')}</BackLink>
      <PageHeader title={title} lead={t('ideas.lead')} />
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={shown(errors, summary)} labels={labels} />}
      <form method="post" action={action} novalidate class="form-narrow">
        <CsrfField token={view.csrfToken} />
        {!editing && options.producers && (
          <SelectField name="producerId" label={labels.producerId} hint={t('idea.producerHint')} value={v('producerId')} options={options.producers} error={errors.producerId} required placeholder="—" />
        )}
        <TextField name="name" label={labels.name} value={v('name')} error={errors.name} required maxLength={300} />
        <SelectField name="productSetCode" label={labels.productSetCode} value={v('productSetCode')} options={options.sets} error={errors.productSetCode} required placeholder="—" />
        {options.products.length > 0 && (
          <SelectField name="productId" label={labels.productId} hint={t('idea.productHint')} value={v('productId')} options={options.products} error={errors.productId} placeholder="—" optionalLabel={t('form.optional')} />
        )}
        <TextArea name="description" label={labels.description} value={v('description')} error={errors.description} required maxLength={5000} />
        <TextArea name="rawMaterials" label={labels.rawMaterials} hint={t('idea.rawMaterialsHint')} value={v('rawMaterials')} error={errors.rawMaterials} required maxLength={5000} />
        <TextArea name="expectedMarket" label={labels.expectedMarket} value={v('expectedMarket')} error={errors.expectedMarket} required maxLength={5000} rows={3} />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{t('common.save')}</button>
          <a class="btn btn-ghost" href="/admin/ideas">{t('common.cancel')}</a>
        </SubmitRow>
      </form>
    </Layout>
  );
}
