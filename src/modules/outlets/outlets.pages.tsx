/**
 * The views of the back-office pages of the points of sale (outlets-admin.routes.tsx): the
 * register with filters, the form, and one outlet with its products and a picker of the
 * province's certified products.
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SelectField, SubmitRow, TextField } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import { FilterBar, SearchInput } from '../../web/components/filter-bar';
import { BackLink, Card, DescriptionList, Notice, PageHeader } from '../../web/components/page';
import { SampleBadge, Stars, StatusBadge } from '../../web/components/badges';
import type { FieldMessages } from '../../errors';
import type { Locale } from '../../core/i18n';
import { formatDateVi } from '../../domain/dates';
import { listHref, pagerLabels } from '../../web/components/pager';
import { OUTLET_WRITERS } from './outlets.policy';
import { OUTLET_KINDS, OUTLET_KIND_NAMES, type CertifiedChoice, type OutletDetailDto, type OutletDto } from './outlets.schema';

export type CommuneChoice = { code: string; name: string };

export const outletHref = (id: string) => `/admin/outlets/${id}`;
export const kindName = (locale: Locale, kind: OutletDto['kind']) => OUTLET_KIND_NAMES[kind][locale];
const isWriter = (view: View) => (OUTLET_WRITERS as readonly string[]).includes(view.actor?.role ?? '');

function StateBadge({ view, o }: { view: View; o: OutletDto }) {
  if (o.open) return <StatusBadge tone="success">{view.t('outlets.state.open')}</StatusBadge>;
  if (o.closedOn) return <StatusBadge tone="neutral">{view.t('outlets.state.closed')}</StatusBadge>;
  return <StatusBadge tone="info">{view.t('outlets.state.notYet')}</StatusBadge>;
}

function PostButton({ view, action, label, hidden, hiddenLabel, variant = 'btn-secondary' }: {
  view: View; action: string; label: string; hidden?: Record<string, string>; hiddenLabel?: string; variant?: string;
}) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={view.csrfToken} />
      {Object.entries(hidden ?? {}).map(([k, v]) => <input type="hidden" name={k} value={v} />)}
      <button type="submit" class={`btn btn-sm ${variant}`}>{label}{hiddenLabel && <span class="visually-hidden"> {hiddenLabel}</span>}</button>
    </form>
  );
}

export interface OutletListProps {
  view: View;
  query: { q?: string | undefined; kind?: OutletDto['kind'] | undefined; state: 'open' | 'closed' | 'all'; area?: string | undefined; page: number };
  done: string | undefined;
  list: { items: OutletDto[]; total: number; page: number; pageSize: number };
  communes: CommuneChoice[] | null;
}

export function OutletListPage({ view, query: q, done, list, communes }: OutletListProps) {
  const { t } = view;
  return (
    <Layout view={view} title={t('outlets.title')} active="/admin/programme">
      <BackLink href="/admin/programme">{t('nav.programme')}</BackLink>
      <PageHeader title={t('outlets.title')} lead={t('outlets.lead')}
        actions={isWriter(view) ? <a class="btn btn-primary" href="/admin/outlets/new">{t('outlets.new')}</a> : undefined} />
      {done === 'deleted' && <Notice tone="success">{t('outlets.done.deleted')}</Notice>}
      <FilterBar action="/admin/outlets" submitLabel={t('common.filter')} reset={{ href: '/admin/outlets', label: t('common.all') }}>
        <SearchInput name="q" label={t('outlets.search')} value={q.q} />
        <SelectField name="kind" label={t('outlets.kind')} value={q.kind} placeholder={t('common.all')}
          options={OUTLET_KINDS.map((k) => ({ value: k, label: kindName(view.locale, k) }))} />
        {communes && communes.length > 1
          ? <SelectField name="area" label={t('outlets.commune')} value={q.area} placeholder={t('common.all')} options={communes.map((c) => ({ value: c.code, label: c.name }))} />
          : !communes ? <TextField name="area" label={t('outlets.area')} hint={t('outlets.communeHint')} value={q.area} width="sm" inputMode="numeric" /> : null}
        <SelectField name="state" label={t('outlets.state')} value={q.state === 'all' ? '' : q.state} placeholder={t('common.all')}
          options={(['open', 'closed'] as const).map((s) => ({ value: s, label: t(`outlets.filterState.${s}`) }))} />
      </FilterBar>
      <p class="muted">{t('common.total', { total: list.total })}</p>
      <DataTable<OutletDto>
        caption={t('outlets.list')} captionHidden rows={list.items} empty={t('outlets.empty')} rowKey={(o) => o.id}
        columns={[
          { key: 'name', label: t('outlets.name'), render: (o) => <><a href={outletHref(o.id)}>{o.name}</a>{o.isSample && <> <SampleBadge label={t('common.sample')} /></>}</> },
          { key: 'kind', label: t('outlets.kind'), render: (o) => kindName(view.locale, o.kind) },
          { key: 'area', label: t('outlets.area'), render: (o) => `${o.communeName}, ${o.provinceName}` },
          { key: 'openedOn', label: t('outlets.openedOn'), render: (o) => (o.openedOn ? formatDateVi(o.openedOn) : '—') },
          { key: 'state', label: t('outlets.state'), render: (o) => <StateBadge view={view} o={o} /> },
          { key: 'products', label: t('outlets.productCount'), numeric: true, render: (o) => o.productCount },
        ]}
      />
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total}
        href={listHref('/admin/outlets', { ...q, state: q.state === 'all' ? undefined : q.state })} labels={pagerLabels(view)} />
    </Layout>
  );
}

export interface OutletFormProps {
  view: View;
  o: OutletDetailDto | null;
  values: Record<string, string>;
  communes: CommuneChoice[] | null;
  errors?: FieldMessages;
  summary?: string | undefined;
}

export function OutletFormPage({ view, o, values, communes, errors = {}, summary }: OutletFormProps) {
  const { t } = view;
  const title = o ? t('outlets.edit') : t('outlets.new');
  const labels: Record<string, string> = {
    name: t('outlets.name'), kind: t('outlets.kind'), address: t('outlets.address'), communeCode: communes ? t('outlets.commune') : t('outlets.communeCode'),
    openedOn: t('outlets.openedOn'), closedOn: t('outlets.closedOn'), website: t('outlets.website'), phone: t('outlets.phone'), form: title,
  };
  const v = (k: string) => values[k] ?? '';
  return (
    <Layout view={view} title={title} active="/admin/programme">
      <BackLink href={o ? outletHref(o.id) : '/admin/outlets'}>{t('common.back')}</BackLink>
      <PageHeader title={title} caption={o?.name} />
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      <form method="post" action={o ? outletHref(o.id) : '/admin/outlets'} novalidate class="form-narrow">
        <CsrfField token={view.csrfToken} />
        {o && <input type="hidden" name="version" value={v('version') || String(o.version)} />}
        <TextField name="name" label={labels.name!} hint={t('outlets.nameHint')} value={v('name')} error={errors.name} required maxLength={200} />
        <SelectField name="kind" label={labels.kind!} value={v('kind')} error={errors.kind} required placeholder="—"
          options={OUTLET_KINDS.map((k) => ({ value: k, label: kindName(view.locale, k) }))} />
        {communes
          ? <SelectField name="communeCode" label={labels.communeCode!} value={v('communeCode')} error={errors.communeCode} required placeholder={communes.length > 1 ? '—' : undefined}
            options={communes.map((c) => ({ value: c.code, label: c.name }))} />
          : <TextField name="communeCode" label={labels.communeCode!} hint={t('outlets.communeHint')} value={v('communeCode')} error={errors.communeCode} required width="sm" inputMode="numeric" maxLength={5} />}
        <TextField name="address" label={labels.address!} hint={t('outlets.addressHint')} value={v('address')} error={errors.address} maxLength={300} optionalLabel={t('form.optional')} />
        <TextField name="openedOn" type="date" label={labels.openedOn!} value={v('openedOn')} error={errors.openedOn} width="md" optionalLabel={t('form.optional')} />
        {o && <TextField name="closedOn" type="date" label={labels.closedOn!} hint={t('outlets.closedOnHint')} value={v('closedOn')} error={errors.closedOn} width="md" optionalLabel={t('form.optional')} />}
        <TextField name="website" type="url" label={labels.website!} hint={t('outlets.websiteHint')} value={v('website')} error={errors.website} maxLength={300} optionalLabel={t('form.optional')} spellcheck={false} />
        <TextField name="phone" type="tel" label={labels.phone!} value={v('phone')} error={errors.phone} width="md" maxLength={30} optionalLabel={t('form.optional')} autocomplete="tel" />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{o ? t('outlets.save') : t('outlets.new')}</button>
          <a class="btn btn-ghost" href={o ? outletHref(o.id) : '/admin/outlets'}>{t('common.cancel')}</a>
        </SubmitRow>
      </form>
    </Layout>
  );
}

export function OutletPage({ view, o, choices, q, errors, summary }: {
  view: View; o: OutletDetailDto; choices: CertifiedChoice[]; q: { done?: string | undefined; pq?: string | undefined }; errors: FieldMessages; summary?: string | undefined;
}) {
  const { t } = view;
  const doneKey = q.done && ['created', 'saved', 'added', 'removed'].includes(q.done) ? q.done : null;
  const base = outletHref(o.id);
  return (
    <Layout view={view} title={o.name} active="/admin/programme">
      <BackLink href="/admin/outlets">{t('outlets.title')}</BackLink>
      <PageHeader title={o.name} caption={kindName(view.locale, o.kind)}
        actions={o.actions.edit ? <a class="btn btn-secondary" href={`${base}/edit`}>{t('common.edit')}</a> : undefined} />
      {doneKey && <Notice tone="success">{t(`outlets.done.${doneKey}` as 'outlets.done.created')}</Notice>}
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={{ form: t('outlets.products') }} />}
      {o.isSample && <Notice tone="info">{t('common.sampleNote')}</Notice>}
      {!o.actions.edit && <Notice tone="info">{t('outlets.readOnly')}</Notice>}
      <Card>
        <DescriptionList items={[
          { term: t('outlets.state'), detail: <StateBadge view={view} o={o} /> },
          { term: t('outlets.kind'), detail: kindName(view.locale, o.kind) },
          { term: t('outlets.address'), detail: [o.address, o.communeName, o.provinceName].filter(Boolean).join(', ') },
          { term: t('outlets.openedOn'), detail: o.openedOn ? formatDateVi(o.openedOn) : '—' },
          ...(o.closedOn ? [{ term: t('outlets.closedOn'), detail: formatDateVi(o.closedOn) }] : []),
          { term: t('outlets.website'), detail: o.website ? <a href={o.website} rel="nofollow noopener">{o.website}</a> : '—' },
          { term: t('outlets.phone'), detail: o.phone ? <a href={`tel:${o.phone.replace(/[^\d+]/g, '')}`}>{o.phone}</a> : '—' },
          { term: t('outlets.createdBy'), detail: o.createdBy },
        ]} />
      </Card>
      <section aria-labelledby="products-h" class="stamp-section">
        <h2 id="products-h">{t('outlets.products')} ({o.products.length})</h2>
        <DataTable
          caption={t('outlets.products')} captionHidden rows={o.products} empty={t('outlets.productsEmpty')} rowKey={(p) => p.id}
          columns={[
            { key: 'name', label: t('outlets.product'), render: (p) => <><strong>{p.name}</strong><br /><span class="muted">{p.producerName}</span></> },
            { key: 'stars', label: t('outlets.stars'), render: (p) => (p.stars !== null ? <Stars count={p.stars} showText /> : <StatusBadge tone="warning">{t('outlets.notCertified')}</StatusBadge>) },
            { key: 'since', label: t('outlets.since'), render: (p) => (p.since ? formatDateVi(p.since) : '—') },
            ...(o.actions.edit ? [{ key: 'remove', label: t('common.actions'), render: (p: OutletDetailDto['products'][number]) => (
              <PostButton view={view} action={`${base}/products/remove`} hidden={{ productId: p.id }} label={t('outlets.remove')} hiddenLabel={p.name} />
            ) }] : []),
          ]}
        />
      </section>
      {o.actions.edit && (
        <Card title={t('outlets.addTitle')} variant="accent">
          <p>{t('outlets.addLead')}</p>
          <FilterBar action={base} submitLabel={t('common.search')} label={t('outlets.pickSearch')}>
            <SearchInput name="pq" label={t('outlets.pickSearch')} value={q.pq} />
          </FilterBar>
          <DataTable
            caption={t('outlets.addTitle')} captionHidden rows={choices} empty={t('outlets.noChoices')} rowKey={(c) => c.id}
            columns={[
              { key: 'name', label: t('outlets.product'), render: (c) => <><strong>{c.name}</strong><br /><span class="muted">{c.producerName} · {c.communeName}</span></> },
              { key: 'stars', label: t('outlets.stars'), render: (c) => <Stars count={c.stars} showText /> },
              { key: 'add', label: t('common.actions'), render: (c) => (
                <form method="post" action={`${base}/products/add`} class="inline-form">
                  <CsrfField token={view.csrfToken} />
                  <input type="hidden" name="productId" value={c.id} />
                  <button type="submit" class="btn btn-sm btn-primary">{t('outlets.add')}<span class="visually-hidden"> {c.name}</span></button>
                </form>
              ) },
            ]}
          />
        </Card>
      )}
      {o.actions.edit && (o.actions.delete ? (
        <Card title={t('outlets.delete')}>
          <p>{t('outlets.deleteLead')}</p>
          <PostButton view={view} action={`${base}/delete`} hidden={{ version: String(o.version) }} label={t('outlets.delete')} variant="btn-danger" />
        </Card>
      ) : !o.closedOn && (
        <Card title={t('outlets.close')}>
          <p>{t('outlets.closeLead')}</p>
          <a class="btn btn-secondary" href={`${base}/edit#field-closedOn`}>{t('outlets.close')}</a>
        </Card>
      ))}
    </Layout>
  );
}
