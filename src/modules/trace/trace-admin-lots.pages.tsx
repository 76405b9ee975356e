/**
 * The lots of the back office: the list (/admin/truy-xuat — a producer its own lots, officers those
 * of their area; searched by lot number, trace code or product) and the new-lot form
 * (/admin/truy-xuat/lo/moi — a producer's own products; an officer first picks the producer).
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { SampleBadge } from '../../web/components/badges';
import { CsrfField, ErrorSummary, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { FilterBar, SearchInput } from '../../web/components/filter-bar';
import { BackLink, Card, EmptyState, Notice, PageHeader } from '../../web/components/page';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import { listHref, pagerLabels } from '../../web/components/pager';
import { formatDateVi } from '../../domain/dates';
import { TRACE_UNITS } from '../../domain/trace';
import type { LotSummaryDto } from './trace.schema';
import {
  AREAS_PATH, CommuneFields, lotHref, NEW_LOT, qty, RecalledBadge, RECALLS_PATH, TRACE_ADMIN, TraceCode, unitOptions, type CommuneChoice,
} from './trace-admin-shared.pages';

export interface LotListProps {
  view: View;
  list: { items: LotSummaryDto[]; total: number; page: number; pageSize: number };
  query: { q?: string | undefined; product?: string | undefined };
  /** The products to filter by (null: too many to list; the search finds them by name). */
  products: { id: string; name: string }[] | null;
  canCreate: boolean;
  /** May open the recalls queue (not council members). */
  canSeeRecalls: boolean;
}

export function LotListPage({ view, list, query, products, canCreate, canSeeRecalls }: LotListProps) {
  const { t } = view;
  const producer = view.actor?.role === 'producer';
  return (
    <Layout view={view} title={t('traceAdmin.lots.title')} active={TRACE_ADMIN}>
      <PageHeader title={t('traceAdmin.lots.title')} lead={t(producer ? 'traceAdmin.lots.leadProducer' : 'traceAdmin.lots.leadOfficer')}
        actions={canCreate ? <a class="btn btn-primary" href={NEW_LOT}>{t('traceAdmin.newLot')}</a> : undefined} />
      <p class="cluster">
        {canSeeRecalls ? <a href={RECALLS_PATH}>{t('traceAdmin.recalls.title')}</a> : null}
        {canCreate ? <a href={AREAS_PATH}>{t('traceAdmin.areas.title')}</a> : null}
      </p>
      <FilterBar action={TRACE_ADMIN} submitLabel={t('common.search')} label={t('traceAdmin.lots.search')} reset={{ href: TRACE_ADMIN, label: t('common.all') }}>
        <SearchInput name="q" label={t('traceAdmin.lots.search')} hint={t('traceAdmin.lots.searchHint')} value={query.q} />
        {products && products.length > 1 ? (
          <SelectField name="product" label={t('traceAdmin.product')} value={query.product} placeholder={t('common.all')}
            options={products.map((p) => ({ value: p.id, label: p.name }))} />
        ) : null}
      </FilterBar>
      <p class="search-count" role="status">{t('traceAdmin.lots.count', { n: list.total })}</p>
      <DataTable<LotSummaryDto> caption={t('traceAdmin.lots.title')} captionHidden rows={list.items} rowKey={(l) => l.id}
        empty={<EmptyState action={canCreate ? <a class="btn btn-secondary" href={NEW_LOT}>{t('traceAdmin.newLot')}</a> : undefined}>
          {t(query.q || query.product ? 'traceAdmin.lots.noneFound' : 'traceAdmin.lots.none')}</EmptyState>}
        columns={[
          {
            key: 'lot', label: t('traceAdmin.lotNumber'), render: (l) => (
              <><a href={lotHref(l.id)}>{l.lotNumber}</a><br /><TraceCode code={l.traceCode} /></>
            ),
          },
          { key: 'product', label: t('traceAdmin.product'), render: (l) => <>{l.product.name}{producer ? null : <><br /><span class="muted small">{l.producer.name}</span></>}</> },
          { key: 'produced', label: t('traceAdmin.producedOn'), render: (l) => formatDateVi(l.producedOn) },
          { key: 'expires', label: t('traceAdmin.expiresOn'), render: (l) => (l.expiresOn ? formatDateVi(l.expiresOn) : '—') },
          { key: 'quantity', label: t('traceAdmin.quantity'), numeric: true, render: (l) => qty(view, l.quantity, l.unit) },
          { key: 'events', label: t('traceAdmin.events'), numeric: true, render: (l) => l.events },
          {
            key: 'state', label: t('traceAdmin.state'), render: (l) => (l.recalled || l.isSample ? (
              <span class="cluster">{l.recalled ? <RecalledBadge view={view} /> : null}{l.isSample ? <SampleBadge label={t('common.sample')} /> : null}</span>
            ) : '—'),
          },
        ]} />
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} href={listHref(TRACE_ADMIN, { q: query.q, product: query.product })} labels={pagerLabels(view)} />
    </Layout>
  );
}

// ─── New lot ─────────────────────────────────────────────────────────────────

export interface NewLotProps {
  view: View;
  /** The producer the lot is for (a producer: itself; an officer: the one picked), or null while picking. */
  producer: { id: string; name: string } | null;
  /** Officers: the producers of their area found by the search (before one is picked). */
  picker: { q: string | undefined; producers: { id: string; name: string; communeName: string }[]; total: number } | null;
  products: { id: string; name: string; gtin: string | null }[];
  communes: CommuneChoice[];
  values: Record<string, string>;
  errors: Record<string, string>;
}

function ProducerPicker({ view, picker }: { view: View; picker: NonNullable<NewLotProps['picker']> }) {
  const { t } = view;
  return (
    <Card title={t('traceAdmin.newLot.pickProducer')}>
      <p>{t('traceAdmin.newLot.pickLead')}</p>
      <FilterBar action={NEW_LOT} submitLabel={t('common.search')} label={t('traceAdmin.newLot.pickProducer')}>
        <SearchInput name="tim" label={t('traceAdmin.producerSearch')} value={picker.q} />
      </FilterBar>
      {picker.producers.length ? (
        <ul class="council-list">
          {picker.producers.map((p) => <li><a href={`${NEW_LOT}?chu-the=${p.id}`}>{p.name}</a> <span class="muted">({p.communeName})</span></li>)}
        </ul>
      ) : <p class="muted">{t('traceAdmin.noProducers')}</p>}
      {picker.total > picker.producers.length ? <p class="muted small">{t('traceAdmin.moreProducers', { n: picker.total })}</p> : null}
    </Card>
  );
}

export const lotFormLabels = (view: View): Record<string, string> => {
  const { t } = view;
  return {
    form: t('traceAdmin.newLot'), producerId: t('traceAdmin.producer'), productId: t('traceAdmin.product'), lotNumber: t('traceAdmin.lotNumber'),
    producedOn: t('traceAdmin.producedOn'), expiresOn: t('traceAdmin.expiresOn'), quantity: t('traceAdmin.quantity'), unit: t('traceAdmin.unit'),
    facility: t('traceAdmin.facility'), communeCode: t('traceAdmin.lotCommune'), note: t('traceAdmin.note'),
  };
};

export function NewLotPage({ view, producer, picker, products, communes, values, errors }: NewLotProps) {
  const { t } = view;
  const labels = lotFormLabels(view);
  const v = (k: string) => values[k] ?? '';
  const opt = t('form.optional');
  const officer = view.actor?.role !== 'producer';
  return (
    <Layout view={view} title={t('traceAdmin.newLot')} active={TRACE_ADMIN}>
      <BackLink href={TRACE_ADMIN}>{t('traceAdmin.lots.title')}</BackLink>
      <PageHeader title={t('traceAdmin.newLot')} caption={producer?.name} lead={t('traceAdmin.newLot.lead')} />
      <ErrorSummary errors={errors} labels={labels} title={t('form.errorSummary')} />
      {picker ? <ProducerPicker view={view} picker={picker} /> : null}
      {producer && officer ? <p><a href={NEW_LOT}>{t('traceAdmin.otherProducer')}</a></p> : null}
      {producer && !products.length ? (
        <Notice tone="warning">{t('traceAdmin.newLot.noProducts')} <a href="/admin/products">{t('traceAdmin.newLot.products')}</a></Notice>
      ) : null}
      {producer && products.length ? (
        <form method="post" action={`${TRACE_ADMIN}/lo`} novalidate class="form-section">
          <CsrfField token={view.csrfToken} />
          {officer ? <input type="hidden" name="producerId" value={producer.id} /> : null}
          <SelectField name="productId" label={labels.productId!} value={v('productId') || (products.length === 1 ? products[0]!.id : '')} error={errors.productId} required placeholder="—"
            options={products.map((p) => ({ value: p.id, label: p.gtin ? `${p.name} · GTIN ${p.gtin}` : p.name }))} />
          <TextField name="lotNumber" label={labels.lotNumber!} hint={t('traceAdmin.lotNumberHint')} value={v('lotNumber')} error={errors.lotNumber} required width="md" maxLength={20} spellcheck={false} autocomplete="off" />
          <TextField name="producedOn" type="date" label={labels.producedOn!} hint={t('traceAdmin.producedOnHint')} value={v('producedOn')} error={errors.producedOn} required width="md" />
          <TextField name="expiresOn" type="date" label={labels.expiresOn!} value={v('expiresOn')} error={errors.expiresOn} width="md" optionalLabel={opt} />
          <TextField name="quantity" label={labels.quantity!} hint={t('traceAdmin.quantityHint')} value={v('quantity')} error={errors.quantity} required width="sm" inputMode="decimal" maxLength={16} />
          <SelectField name="unit" label={labels.unit!} value={v('unit') || 'kg'} error={errors.unit} required options={unitOptions(view, TRACE_UNITS)} width="sm" />
          <TextField name="facility" label={labels.facility!} hint={t('traceAdmin.facilityHint')} value={v('facility')} error={errors.facility} required maxLength={300} />
          <CommuneFields view={view} label={labels.communeCode!} choices={communes} values={values} errors={errors} other={false} />
          <TextArea name="note" label={labels.note!} value={v('note')} error={errors.note} rows={3} maxLength={2000} optionalLabel={opt} />
          <SubmitRow>
            <button type="submit" class="btn btn-primary">{t('traceAdmin.newLot.submit')}</button>
            <a href={TRACE_ADMIN}>{t('common.cancel')}</a>
          </SubmitRow>
        </form>
      ) : null}
    </Layout>
  );
}
