/**
 * The recalls queue (/admin/truy-xuat/thu-hoi: inspectors and officers their area's, producers
 * their own; open ones first, each taken up with "Tiếp nhận" and closed with a note by a province
 * officer or a national administrator) and a producer's raw-material areas
 * (/admin/truy-xuat/vung-nguyen-lieu: the list and the form to add one; officers pick the producer).
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { StatusBadge } from '../../web/components/badges';
import { CsrfField, ErrorSummary, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { FilterBar, SearchInput } from '../../web/components/filter-bar';
import { BackLink, Card, EmptyState, Notice, PageHeader } from '../../web/components/page';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import { pagerLabels } from '../../web/components/pager';
import { formatDateTimeVi } from '../../domain/dates';
import type { RecallDto } from './trace.schema';
import type { DoneKey } from './trace-forms';
import { AREAS_PATH, CommuneFields, DoneNotice, lotHref, RECALLS_PATH, TRACE_ADMIN, TraceCode, type CommuneChoice } from './trace-admin-shared.pages';

const at = (iso: string) => formatDateTimeVi(new Date(iso));

export interface RecallsPageProps {
  view: View;
  status: 'open' | 'closed';
  list: { items: RecallDto[]; total: number; page: number; pageSize: number };
  done: DoneKey | undefined;
  /** A refused action, told on its recall (and at the top). */
  failed?: { id: string; errors: Record<string, string>; message: string } | undefined;
  canAcknowledge: boolean;
  canClose: boolean;
}

function RecallCard({ view, r, canAcknowledge, canClose, errors }: { view: View; r: RecallDto; canAcknowledge: boolean; canClose: boolean; errors: Record<string, string> }) {
  const { t } = view;
  const base = `${RECALLS_PATH}/${r.id}`;
  const open = r.status === 'open';
  return (
    <li class={open ? 'stamp-alert stamp-alert--danger' : 'stamp-alert stamp-alert--done'} id={`thu-hoi-${r.id}`}>
      <h2 class="order-head mt-0">
        <a href={lotHref(r.lotId)}>{r.productName} · {t('traceAdmin.lotN', { lot: r.lotNumber })}</a>
        <StatusBadge tone={open ? 'danger' : 'neutral'}>{t(open ? 'traceAdmin.recall.open' : 'traceAdmin.recall.closed')}</StatusBadge>
        {open ? <StatusBadge tone={r.acknowledgedAt ? 'success' : 'warning'}>{t(r.acknowledgedAt ? 'traceAdmin.recall.acknowledged' : 'traceAdmin.recall.waiting')}</StatusBadge> : null}
      </h2>
      <p class="stamp-alert-meta small">{r.producerName} · <TraceCode code={r.traceCode} /> · {t('traceAdmin.recall.since', { at: at(r.recalledAt) })}</p>
      <p class="pre-line"><strong>{t('traceAdmin.recall.reason')}:</strong> {r.reason}</p>
      <p class="pre-line"><strong>{t('traceAdmin.recall.scope')}:</strong> {r.scope}</p>
      <p class="pre-line"><strong>{t('traceAdmin.recall.instructions')}:</strong> {r.instructions}</p>
      <p class="small muted">
        {t('traceAdmin.recall.buyers', { n: r.buyersNotified })}
        {r.acknowledgedAt ? <> · {t('traceAdmin.recall.acknowledgedAt', { at: at(r.acknowledgedAt) })}</> : null}
        {r.closedAt ? <> · {t('traceAdmin.recall.closedAt', { at: at(r.closedAt) })}</> : null}
      </p>
      {r.closeNote ? <p class="pre-line"><strong>{t('traceAdmin.recall.closeNote')}:</strong> {r.closeNote}</p> : null}
      {errors.form ? <p class="field-error-message" role="alert">{errors.form}</p> : null}
      <div class="stack">
      {open && canAcknowledge && !r.acknowledgedAt ? (
        <form method="post" action={`${base}/tiep-nhan`} class="inline-form">
          <CsrfField token={view.csrfToken} />
          <button type="submit" class="btn btn-primary btn-sm">{t('traceAdmin.recall.acknowledge')}<span class="visually-hidden"> {r.productName} {r.lotNumber}</span></button>
        </form>
      ) : null}
      {open && canClose ? (
        <form method="post" action={`${base}/ket-thuc`} novalidate class="form-section">
          <CsrfField token={view.csrfToken} />
          <TextArea name="note" label={t('traceAdmin.recall.closeNote')} hint={t('traceAdmin.recall.closeHint')} error={errors.note} required rows={2} maxLength={1000} />
          <SubmitRow><button type="submit" class="btn btn-secondary btn-sm">{t('traceAdmin.recall.close')}<span class="visually-hidden"> {r.productName} {r.lotNumber}</span></button></SubmitRow>
        </form>
      ) : null}
      </div>
    </li>
  );
}

export function RecallsPage({ view, status, list, done, failed, canAcknowledge, canClose }: RecallsPageProps) {
  const { t } = view;
  const href = (s: 'open' | 'closed', p = 1) => {
    const q = new URLSearchParams();
    if (s === 'closed') q.set('trang-thai', 'closed');
    if (p > 1) q.set('page', String(p));
    const qs = q.toString();
    return qs ? `${RECALLS_PATH}?${qs}` : RECALLS_PATH;
  };
  return (
    <Layout view={view} title={t('traceAdmin.recalls.title')} active={RECALLS_PATH}>
      <BackLink href={TRACE_ADMIN}>{t('traceAdmin.lots.title')}</BackLink>
      <PageHeader title={t('traceAdmin.recalls.title')} lead={t(view.actor?.role === 'producer' ? 'traceAdmin.recalls.leadProducer' : 'traceAdmin.recalls.lead')} />
      <DoneNotice view={view} done={done} />
      {failed ? <Notice tone="danger">{failed.errors.form ?? failed.message}</Notice> : null}
      <nav class="stamp-tabs trade-tabs" aria-label={t('traceAdmin.recall.status')}>
        <a href={href('open')} aria-current={status === 'open' ? 'page' : undefined}>{t('traceAdmin.recalls.openTab')}</a>
        <a href={href('closed')} aria-current={status === 'closed' ? 'page' : undefined}>{t('traceAdmin.recalls.closedTab')}</a>
      </nav>
      <p class="search-count" role="status">{t('traceAdmin.recalls.count', { n: list.total })}</p>
      {list.items.length ? (
        <ul class="stamp-alerts">
          {list.items.map((r) => <RecallCard view={view} r={r} canAcknowledge={canAcknowledge} canClose={canClose} errors={failed?.id === r.id ? failed.errors : {}} />)}
        </ul>
      ) : <EmptyState>{t(status === 'open' ? 'traceAdmin.recalls.noneOpen' : 'traceAdmin.recalls.noneClosed')}</EmptyState>}
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} href={(p) => href(status, p)} labels={pagerLabels(view)} />
    </Layout>
  );
}

// ─── Raw-material areas ──────────────────────────────────────────────────────

export interface AreaRow { id: string; name: string; crop: string; communeName: string; hectares: number | null; certification: string | null }

export interface AreasPageProps {
  view: View;
  /** The producer whose areas these are (null: an officer still picking). */
  producer: { id: string; name: string } | null;
  picker: { q: string | undefined; producers: { id: string; name: string; communeName: string }[] } | null;
  areas: AreaRow[];
  communes: CommuneChoice[];
  values: Record<string, string>;
  errors: Record<string, string>;
  done: DoneKey | undefined;
}

export const areaLabels = (view: View): Record<string, string> => {
  const { t } = view;
  return {
    form: t('traceAdmin.areas.add'), producerId: t('traceAdmin.producer'), name: t('traceAdmin.areas.name'), communeCode: t('traceAdmin.areas.commune'),
    hectares: t('traceAdmin.areas.hectares'), crop: t('traceAdmin.areas.crop'), certification: t('traceAdmin.areas.certification'),
  };
};

export function AreasPage({ view, producer, picker, areas, communes, values, errors, done }: AreasPageProps) {
  const { t } = view;
  const labels = areaLabels(view);
  const v = (k: string) => values[k] ?? '';
  const officer = view.actor?.role !== 'producer';
  const ha = new Intl.NumberFormat(view.locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 4 });
  return (
    <Layout view={view} title={t('traceAdmin.areas.title')} active={AREAS_PATH}>
      <BackLink href={TRACE_ADMIN}>{t('traceAdmin.lots.title')}</BackLink>
      <PageHeader title={t('traceAdmin.areas.title')} caption={producer?.name} lead={t('traceAdmin.areas.lead')} />
      <DoneNotice view={view} done={done} />
      <ErrorSummary errors={errors} labels={labels} title={t('form.errorSummary')} />
      {picker ? (
        <Card title={t('traceAdmin.newLot.pickProducer')}>
          <FilterBar action={AREAS_PATH} submitLabel={t('common.search')} label={t('traceAdmin.newLot.pickProducer')}>
            <SearchInput name="tim" label={t('traceAdmin.producerSearch')} value={picker.q} />
          </FilterBar>
          {picker.producers.length ? (
            <ul class="council-list">{picker.producers.map((p) => <li><a href={`${AREAS_PATH}?chu-the=${p.id}`}>{p.name}</a> <span class="muted">({p.communeName})</span></li>)}</ul>
          ) : <p class="muted">{t('traceAdmin.noProducers')}</p>}
        </Card>
      ) : null}
      {producer && officer ? <p><a href={AREAS_PATH}>{t('traceAdmin.otherProducer')}</a></p> : null}
      {producer ? (
        <>
          <DataTable<AreaRow> caption={t('traceAdmin.areas.caption', { n: areas.length })} rows={areas} rowKey={(a) => a.id} empty={<EmptyState>{t('traceAdmin.areas.none')}</EmptyState>}
            columns={[
              { key: 'name', label: t('traceAdmin.areas.name'), render: (a) => a.name },
              { key: 'crop', label: t('traceAdmin.areas.crop'), render: (a) => a.crop },
              { key: 'commune', label: t('traceAdmin.areas.commune'), render: (a) => a.communeName },
              { key: 'ha', label: t('traceAdmin.areas.hectares'), numeric: true, render: (a) => (a.hectares !== null ? ha.format(a.hectares) : '—') },
              { key: 'cert', label: t('traceAdmin.areas.certification'), render: (a) => a.certification ?? '—' },
            ]} />
          <Card title={t('traceAdmin.areas.add')}>
            <form method="post" action={AREAS_PATH} novalidate class="form-section">
              <CsrfField token={view.csrfToken} />
              {officer ? <input type="hidden" name="producerId" value={producer.id} /> : null}
              <TextField name="name" label={labels.name!} hint={t('traceAdmin.areas.nameHint')} value={v('name')} error={errors.name} required maxLength={200} />
              <TextField name="crop" label={labels.crop!} hint={t('traceAdmin.areas.cropHint')} value={v('crop')} error={errors.crop} required maxLength={200} />
              <CommuneFields view={view} label={labels.communeCode!} choices={communes} values={values} errors={errors} />
              <TextField name="hectares" label={labels.hectares!} value={v('hectares')} error={errors.hectares} width="sm" inputMode="decimal" maxLength={12} optionalLabel={t('form.optional')} />
              <TextField name="certification" label={labels.certification!} hint={t('traceAdmin.areas.certificationHint')} value={v('certification')} error={errors.certification} maxLength={300} optionalLabel={t('form.optional')} />
              <SubmitRow><button type="submit" class="btn btn-primary">{t('traceAdmin.areas.save')}</button></SubmitRow>
            </form>
          </Card>
        </>
      ) : null}
    </Layout>
  );
}
