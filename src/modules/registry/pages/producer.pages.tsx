import type { View } from '../../../web/view';
import type { FieldMessages } from '../../../errors';
import { Layout } from '../../../web/components/layout';
import { CsrfField, ErrorSummary, TextField, SelectField, Checkbox, SubmitRow } from '../../../web/components/form';
import { DataTable } from '../../../web/components/table';
import { Pagination } from '../../../web/components/pagination';
import { FilterBar, SearchInput } from '../../../web/components/filter-bar';
import { PageHeader, Notice, DescriptionList, Card, BackLink } from '../../../web/components/page';
import { SampleBadge } from '../../../web/components/badges';
import { listHref, pagerLabels } from '../../../web/components/pager';
import { PRODUCER_KINDS, PRODUCER_KIND_LABELS } from '../../../domain/producer-kind';
import type { ProducerDto, ProducerInput, ProducerListQuery } from '../producer.schema';
import type { ProductDto } from '../product.schema';
import { ProductTable } from './product.pages';

/** The producer pages of the back office: components that receive their data as props. */

const kindOptions = (view: View) => PRODUCER_KINDS.map((k) => ({ value: k, label: PRODUCER_KIND_LABELS[k][view.locale] }));

interface FormProps {
  view: View;
  action: string;
  title: string;
  values: Partial<Record<keyof ProducerInput, unknown>>;
  errors: FieldMessages;
  summary?: string;
  communes: { value: string; label: string }[] | null;
}

export function ProducerForm({ view, action, title, values, errors, summary, communes }: FormProps) {
  const { t } = view;
  const v = (k: keyof ProducerInput) => (values[k] === undefined || values[k] === null ? '' : String(values[k]));
  const labels = {
    // The commune is chosen from a list where the officer has one (then the summary names it as the list does).
    name: t('producer.name'), kind: t('producer.kind'), taxCode: t('producer.taxCode'), communeCode: t(communes ? 'producer.commune' : 'producer.communeCode'),
    phone: t('producer.phone'), email: t('producer.email'), foundedYear: t('producer.foundedYear'), members: t('producer.members'),
  };
  return (
    <Layout view={view} title={title} active="/admin/producers">
      <BackLink href="/admin/producers">{t('common.back')}</BackLink>
      <PageHeader title={title} />
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      <form method="post" action={action} novalidate class="form-narrow">
        <CsrfField token={view.csrfToken} />
        <TextField name="name" label={labels.name} value={v('name')} error={errors.name} required maxLength={300} />
        <SelectField name="kind" label={labels.kind} value={v('kind')} options={kindOptions(view)} error={errors.kind} required placeholder="—" />
        <TextField name="taxCode" label={labels.taxCode} hint={t('producer.taxCodeHint')} value={v('taxCode')} error={errors.taxCode} inputMode="numeric" width="sm" spellcheck={false} optionalLabel={t('form.optional')} />
        {communes
          ? <SelectField name="communeCode" label={t('producer.commune')} value={v('communeCode')} options={communes} error={errors.communeCode} required placeholder="—" />
          : <TextField name="communeCode" label={labels.communeCode} hint={t('producer.communeHint')} value={v('communeCode')} error={errors.communeCode} required inputMode="numeric" width="xs" maxLength={5} />}
        <TextField name="address" label={t('producer.address')} value={v('address')} error={errors.address} optionalLabel={t('form.optional')} />
        <TextField name="representative" label={t('producer.representative')} value={v('representative')} error={errors.representative} optionalLabel={t('form.optional')} />
        <TextField name="phone" label={labels.phone} type="tel" value={v('phone')} error={errors.phone} autocomplete="tel" width="sm" optionalLabel={t('form.optional')} />
        <TextField name="email" label={labels.email} type="email" value={v('email')} error={errors.email} autocomplete="email" optionalLabel={t('form.optional')} />
        <TextField name="foundedYear" label={labels.foundedYear} value={v('foundedYear')} error={errors.foundedYear} inputMode="numeric" width="xs" maxLength={4} optionalLabel={t('form.optional')} />
        <TextField name="members" label={labels.members} value={v('members')} error={errors.members} inputMode="numeric" width="xs" optionalLabel={t('form.optional')} />
        <Checkbox name="womenLed" label={t('producer.womenLed')} checked={values.womenLed === true} />
        <Checkbox name="ethnicMinorityLed" label={t('producer.ethnicMinorityLed')} checked={values.ethnicMinorityLed === true} />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{t('common.save')}</button>
          <a class="btn btn-ghost" href="/admin/producers">{t('common.cancel')}</a>
        </SubmitRow>
      </form>
    </Layout>
  );
}

export interface ProducerListProps {
  view: View;
  query: ProducerListQuery;
  result: { items: ProducerDto[]; total: number; page: number; pageSize: number };
  mayCreate: boolean;
}

export function ProducerListPage({ view, query: q, result: r, mayCreate }: ProducerListProps) {
  const { t } = view;
  return (
    <Layout view={view} title={t('producers.title')} active="/admin/producers">
      <PageHeader title={t('producers.title')} caption={t('common.total', { total: r.total })}
        actions={mayCreate ? <a class="btn btn-primary" href="/admin/producers/new">{t('producers.new')}</a> : undefined} />
      <FilterBar action="/admin/producers" submitLabel={t('common.search')} reset={{ href: '/admin/producers', label: t('common.all') }}>
        <SearchInput name="q" label={t('common.search')} value={q.q} placeholder={t('producers.search')} />
        <SelectField name="kind" label={t('producer.kind')} value={q.kind} options={kindOptions(view)} placeholder={t('common.all')} autoSubmit />
        <SelectField name="sort" label={t('common.sortBy')} value={q.sort} autoSubmit options={[
          { value: 'name', label: `${t('producer.name')} A→Z` }, { value: '-name', label: `${t('producer.name')} Z→A` },
          { value: '-created', label: '↓ ' + t('common.create') }, { value: 'created', label: '↑ ' + t('common.create') },
        ]} />
      </FilterBar>
      <DataTable<ProducerDto>
        caption={t('producers.title')} captionHidden rows={r.items} empty={t('common.empty')} rowKey={(p) => p.id}
        columns={[
          { key: 'name', label: t('producer.name'), render: (p) => <><a href={`/admin/producers/${p.id}`}>{p.name}</a>{p.isSample && <> <SampleBadge label={t('common.sample')} /></>}</> },
          { key: 'kind', label: t('producer.kind'), render: (p) => PRODUCER_KIND_LABELS[p.kind][view.locale] },
          { key: 'tax', label: t('producer.taxCode'), render: (p) => p.taxCode ?? '—' },
          { key: 'area', label: t('producer.commune'), render: (p) => `${p.communeName}, ${p.provinceName}` },
        ]}
      />
      <Pagination page={r.page} pageSize={r.pageSize} total={r.total} href={listHref('/admin/producers', q)} labels={pagerLabels(view)} />
    </Layout>
  );
}

export interface ProducerDetailProps {
  view: View;
  producer: ProducerDto;
  products: ProductDto[];
  mayEdit: boolean;
  saved: boolean;
}

export function ProducerDetailPage({ view, producer: p, products, mayEdit, saved }: ProducerDetailProps) {
  const { t } = view;
  return (
    <Layout view={view} title={p.name} active="/admin/producers">
      <BackLink href="/admin/producers">{t('producers.title')}</BackLink>
      {saved && <Notice tone="success">{t('producers.saved')}</Notice>}
      <PageHeader title={p.name} caption={PRODUCER_KIND_LABELS[p.kind][view.locale]}
        actions={<>
          {mayEdit && <a class="btn btn-secondary" href={`/admin/producers/${p.id}/edit`}>{t('common.edit')}</a>}
          {mayEdit && <a class="btn btn-primary" href={`/admin/products/new?producerId=${p.id}`}>{t('products.new')}</a>}
        </>} />
      {p.isSample && <Notice tone="info">{t('common.sampleNote')}</Notice>}
      <Card>
        <DescriptionList items={[
          { term: t('producer.taxCode'), detail: p.taxCode ?? '—' },
          { term: t('producer.commune'), detail: `${p.communeName} (${p.communeCode}), ${p.provinceName}` },
          { term: t('producer.address'), detail: p.address || '—' },
          { term: t('producer.representative'), detail: p.representative || '—' },
          { term: t('producer.phone'), detail: p.phone ?? '—' },
          { term: t('producer.email'), detail: p.email ?? '—' },
          { term: t('producer.foundedYear'), detail: p.foundedYear ?? '—' },
          { term: t('producer.members'), detail: p.members ?? '—' },
          { term: t('producer.womenLed'), detail: p.womenLed ? t('common.yes') : t('common.no') },
          { term: t('producer.ethnicMinorityLed'), detail: p.ethnicMinorityLed ? t('common.yes') : t('common.no') },
        ]} />
      </Card>
      <h2>{t('producer.products')}</h2>
      <ProductTable view={view} rows={products} />
    </Layout>
  );
}
