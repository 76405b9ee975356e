/**
 * Views of the stamps pages (routes: stamps-pages.routes.tsx): the alerts board and the batches
 * list, choosing a certified product and issuing a batch, and a batch with its label sheets,
 * delivery, voiding and alerts. Components only: data comes as props.
 */
import type { ComponentChildren } from 'preact';
import type { View } from '../../web/view';
import type { FieldMessages } from '../../errors';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import { FilterBar, SearchInput } from '../../web/components/filter-bar';
import { BackLink, Card, DescriptionList, Notice, PageHeader } from '../../web/components/page';
import { Stars, StatusBadge, type Tone } from '../../web/components/badges';
import { listHref, pagerLabels } from '../../web/components/pager';
import { formatDateTimeVi, formatDateVi } from '../../domain/dates';
import { formatTraceCode } from '../../domain/trace';
import { ValidUntilDate, validUntilLabel } from '../../web/components/valid-until';
import type { CertificateDto } from '../certification/certification.schema';
import { STAMP_AUTHORITIES } from './stamps.policy';
import { BATCH_STATUSES, MAX_SHEET_STAMPS, type AlertDto, type BatchDto, type BatchListQuery } from './stamps.schema';

interface Paged<T> { items: T[]; total: number; page: number; pageSize: number }

const STATUS_TONE: Record<BatchDto['status'], Tone> = { issued: 'info', delivered: 'success', voided: 'danger' };
const ALERT_TONE: Record<AlertDto['kind'], Tone> = { excessive_scans: 'warning', voided_batch_scanned: 'danger', revoked_certificate_scanned: 'danger' };
export const batchHref = (id: string) => `/admin/stamps/${id}`;
const num = (view: View, n: number) => new Intl.NumberFormat(view.locale === 'vi' ? 'vi-VN' : 'en-GB').format(n);

export function BatchStatus({ view, status }: { view: View; status: BatchDto['status'] }) {
  return <StatusBadge tone={STATUS_TONE[status]}>{view.t(`stamps.status.${status}`)}</StatusBadge>;
}

function PostButton({ view, action, label, variant = 'btn-secondary' }: { view: View; action: string; label: ComponentChildren; variant?: string }) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={view.csrfToken} />
      <button type="submit" class={`btn btn-sm ${variant}`}>{label}</button>
    </form>
  );
}

function alertDetail(view: View, a: AlertDto): string {
  const d = a.details as Record<string, unknown>;
  switch (a.kind) {
    case 'excessive_scans':
      return view.t('stamps.alert.excessive_scans.detail', { scans: num(view, a.scans), threshold: String(d.threshold ?? '') });
    case 'voided_batch_scanned':
      return view.t('stamps.alert.voided_batch_scanned.detail', { batch: a.batch.code });
    default:
      return view.t('stamps.alert.revoked_certificate_scanned.detail', { number: String(d.certificateNumber ?? '') });
  }
}

/** The alerts board: one card per alert, with what happened, where, and the acknowledge button. */
export function AlertList({ view, items, back }: { view: View; items: AlertDto[]; back: string }) {
  const { t } = view;
  if (items.length === 0) return <Notice tone="success">{t('stamps.alertsEmpty')}</Notice>;
  return (
    <ul class="stamp-alerts">
      {items.map((a) => (
        <li class={`stamp-alert stamp-alert--${ALERT_TONE[a.kind]}${a.acknowledgedAt ? ' stamp-alert--done' : ''}`}>
          <div class="stamp-alert-head">
            <StatusBadge tone={a.acknowledgedAt ? 'neutral' : ALERT_TONE[a.kind]}>{t(`stamps.alert.${a.kind}`)}</StatusBadge>
            <code class="stamp-serial">{a.serial}</code>
          </div>
          <p class="stamp-alert-text">{alertDetail(view, a)}</p>
          <p class="stamp-alert-meta">
            <a href={batchHref(a.batch.id)}>{t('stamps.batch')} {a.batch.code}</a> · {a.product.name} · {a.provinceName}
            {' · '}{t('stamps.scans')}: {num(view, a.scans)}
          </p>
          <p class="stamp-alert-meta muted">
            {t('stamps.alertRaised', { at: formatDateTimeVi(new Date(a.createdAt)) })}
            {a.acknowledgedAt && <> · {t('stamps.alertAcknowledged', { by: a.acknowledgedBy ?? '', at: formatDateTimeVi(new Date(a.acknowledgedAt)) })}</>}
          </p>
          {!a.acknowledgedAt && (
            <PostButton view={view} action={`/admin/stamps/alerts/${a.id}/acknowledge?back=${encodeURIComponent(back)}`} label={t('stamps.acknowledge')} />
          )}
        </li>
      ))}
    </ul>
  );
}

export function BatchesTable({ view, items }: { view: View; items: BatchDto[] }) {
  const { t } = view;
  return (
    <DataTable<BatchDto>
      caption={t('stamps.batches')} captionHidden rows={items} empty={t('stamps.batchesEmpty')} rowKey={(b) => b.id}
      columns={[
        { key: 'code', label: t('stamps.code'), render: (b) => <a href={batchHref(b.id)} class="stamp-code">{b.code}</a> },
        { key: 'product', label: t('stamps.product'), render: (b) => <>{b.product.name}{b.lot && <> · {t('stamps.lotOf', { lotNumber: b.lot.lotNumber })}</>}<br /><span class="muted">{b.producer.name}</span></> },
        { key: 'stars', label: t('stamps.stars'), render: (b) => <Stars count={b.certificate.stars} showText /> },
        { key: 'quantity', label: t('stamps.quantity'), numeric: true, render: (b) => num(view, b.quantity) },
        { key: 'issuedOn', label: t('stamps.issuedOn'), render: (b) => formatDateVi(b.issuedOn) },
        { key: 'status', label: t('stamps.status'), render: (b) => <BatchStatus view={view} status={b.status} /> },
        { key: 'scans', label: t('stamps.scans'), numeric: true, render: (b) => <>{num(view, b.scans.total)}{b.openAlerts > 0 && <> <StatusBadge tone="warning">{b.openAlerts}<span class="visually-hidden"> {t('stamps.openAlerts')}</span></StatusBadge></>}</> },
      ]}
    />
  );
}

export interface StampsPageProps {
  view: View;
  batches: Paged<BatchDto>;
  alerts: Paged<AlertDto>;
  alertState: 'open' | 'acknowledged' | 'all';
  /** The batches filter (its page is `batches.page`). */
  bq: Pick<BatchListQuery, 'status' | 'q' | 'page'>;
  done?: string | undefined;
  authority: boolean;
}

/** The alerts board and the batches list. */
export function StampsPage({ view, batches, alerts, alertState, bq, done, authority }: StampsPageProps) {
  const { t } = view;
  const here = view.url;
  return (
    <Layout view={view} title={t('stamps.title')} active="/admin/stamps">
      <PageHeader title={t('stamps.title')} lead={t('stamps.lead')}
        actions={authority ? <a class="btn btn-primary" href="/admin/stamps/new">{t('stamps.issue')}</a> : undefined} />
      {done === 'acknowledged' && <Notice tone="success">{t('stamps.done.acknowledged')}</Notice>}
      <section aria-labelledby="alerts-h" class="stamp-section">
        <div class="stamp-section-head">
          <h2 id="alerts-h">{t('stamps.alerts')}{alerts.total > 0 && alertState === 'open' ? ` (${alerts.total})` : ''}</h2>
          <nav class="stamp-tabs" aria-label={t('stamps.alertsState')}>
            {(['open', 'acknowledged', 'all'] as const).map((s) => (
              <a href={`/admin/stamps?alerts=${s}`} aria-current={s === alertState ? 'page' : undefined}>{t(`stamps.alertsState.${s}`)}</a>
            ))}
          </nav>
        </div>
        <p class="muted">{t('stamps.alertsLead')}</p>
        <AlertList view={view} items={alerts.items} back={here} />
        <Pagination page={alerts.page} pageSize={alerts.pageSize} total={alerts.total}
          href={(p) => listHref('/admin/stamps', { ...bq, alerts: alertState, apage: p })(bq.page)} labels={pagerLabels(view)} />
      </section>
      <section aria-labelledby="batches-h" class="stamp-section">
        <h2 id="batches-h">{t('stamps.batches')}</h2>
        <FilterBar action="/admin/stamps" submitLabel={t('common.filter')} reset={{ href: '/admin/stamps', label: t('common.all') }}>
          <SearchInput name="q" label={t('stamps.search')} value={bq.q} />
          <SelectField name="status" label={t('stamps.status')} value={bq.status} placeholder={t('common.all')} autoSubmit
            options={BATCH_STATUSES.map((s) => ({ value: s, label: t(`stamps.status.${s}`) }))} />
        </FilterBar>
        <p class="muted">{t('common.total', { total: batches.total })}</p>
        <BatchesTable view={view} items={batches.items} />
        <Pagination page={batches.page} pageSize={batches.pageSize} total={batches.total}
          href={listHref('/admin/stamps', { ...bq, alerts: alertState === 'open' ? undefined : alertState })} labels={pagerLabels(view)} />
      </section>
    </Layout>
  );
}

/** Step 1 of issuing: the products with a certificate in force. */
export function ChooseProductPage({ view, certs, q }: { view: View; certs: CertificateDto[]; q?: string | undefined }) {
  const { t } = view;
  const title = t('stamps.new');
  return (
    <Layout view={view} title={title} active="/admin/stamps">
      <BackLink href="/admin/stamps">{t('common.back')}</BackLink>
      <PageHeader title={title} lead={t('stamps.newLead')} />
      <FilterBar action="/admin/stamps/new" submitLabel={t('common.search')}>
        <SearchInput name="q" label={t('stamps.chooseSearch')} value={q} />
      </FilterBar>
      <DataTable
        caption={t('stamps.validCertificates')} rows={certs} empty={t('stamps.noCertificates')} rowKey={(c) => c.number}
        columns={[
          { key: 'product', label: t('stamps.product'), render: (c) => <><strong>{c.product.name}</strong><br /><span class="muted">{c.producer.name}</span></> },
          { key: 'number', label: t('stamps.certificate'), render: (c) => c.number },
          { key: 'stars', label: t('stamps.stars'), render: (c) => <Stars count={c.stars} showText /> },
          { key: 'valid', label: validUntilLabel(t), render: (c) => <ValidUntilDate expiresOn={c.expiresOn} /> },
          { key: 'choose', label: t('common.actions'), render: (c) => <a class="btn btn-sm btn-secondary" href={`/admin/stamps/new?product=${c.product.id}`}>{t('stamps.choose')}<span class="visually-hidden"> {c.product.name}</span></a> },
        ]}
      />
    </Layout>
  );
}

export interface IssuePreview {
  productId: string; productName: string; certificateNumber: string; stars: number; expiresOn: string;
  lots: { id: string; lotNumber: string; traceCode: string; producedOn: string; expiresOn: string | null; recalled: boolean }[];
}

/** Step 2: the product's certificate, then quantity, printer and date. */
export function NewBatchPage({ view, p, today, values, errors, summary }: {
  view: View; p: IssuePreview; today: string; values: Record<string, string>; errors: FieldMessages; summary?: string | undefined;
}) {
  const { t } = view;
  const title = t('stamps.new');
  const labels = { quantity: t('stamps.quantity'), printer: t('stamps.printer'), issuedOn: t('stamps.issuedOn'), productId: t('stamps.product'), lotId: t('stamps.lot'), form: t('stamps.new') };
  const v = (k: string, d = '') => values[k] ?? d;
  // A recalled lot gets no stamps: it is not offered.
  const lots = p.lots.filter((l) => !l.recalled);
  return (
    <Layout view={view} title={title} active="/admin/stamps">
      <BackLink href="/admin/stamps/new">{t('stamps.chooseOther')}</BackLink>
      <PageHeader title={title} caption={p.productName} lead={t('stamps.newLead')} />
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      <Card>
        <DescriptionList items={[
          { term: t('stamps.product'), detail: <strong>{p.productName}</strong> },
          { term: t('stamps.certificate'), detail: p.certificateNumber },
          { term: t('stamps.stars'), detail: <Stars count={p.stars} showText /> },
          { term: validUntilLabel(t), detail: <ValidUntilDate expiresOn={p.expiresOn} /> },
        ]} />
      </Card>
      <form method="post" action="/admin/stamps" novalidate class="form-narrow stamp-form">
        <CsrfField token={view.csrfToken} />
        <input type="hidden" name="productId" value={p.productId} />
        {lots.length > 0
          ? <SelectField name="lotId" label={labels.lotId} hint={t('stamps.lotHint')} value={v('lotId')} error={errors.lotId} placeholder={t('stamps.lotNone')}
            optionalLabel={t('form.optional')}
            options={lots.map((l) => ({ value: l.id, label: `${t('stamps.lotOption', { lotNumber: l.lotNumber, producedOn: formatDateVi(l.producedOn) })} · ${formatTraceCode(l.traceCode)}` }))} />
          : <p class="field-hint">{t('stamps.lotNoLots')}</p>}
        <TextField name="quantity" type="number" inputMode="numeric" label={labels.quantity} hint={t('stamps.quantityHint')} value={v('quantity')} error={errors.quantity} required width="sm" />
        <TextField name="printer" label={labels.printer} hint={t('stamps.printerHint')} value={v('printer')} error={errors.printer} required maxLength={200} />
        <TextField name="issuedOn" type="date" label={labels.issuedOn} value={v('issuedOn', today)} error={errors.issuedOn} required width="md" />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{t('stamps.create')}</button>
          <a class="btn btn-ghost" href="/admin/stamps">{t('common.cancel')}</a>
        </SubmitRow>
      </form>
    </Layout>
  );
}

function SheetCard({ view, b }: { view: View; b: BatchDto }) {
  const { t } = view;
  const pdf = `/api/v1/stamps/batches/${b.id}/sheet.pdf`;
  const parts: { from: number; to: number }[] = [];
  for (let from = 1; from <= b.quantity && parts.length < 12; from += MAX_SHEET_STAMPS) parts.push({ from, to: Math.min(b.quantity, from + MAX_SHEET_STAMPS - 1) });
  return (
    <Card title={t('stamps.sheet')} variant="accent">
      <p>{t('stamps.sheetLead', { max: num(view, MAX_SHEET_STAMPS) })}</p>
      {b.quantity <= MAX_SHEET_STAMPS
        ? <p><a class="btn btn-primary" href={pdf} download>{t('stamps.sheetDownload')}</a></p>
        : (
          <>
            <form method="get" action={pdf} class="stamp-range">
              <TextField name="from" type="number" inputMode="numeric" label={t('stamps.sheetFrom')} value="1" width="sm" />
              <TextField name="to" type="number" inputMode="numeric" label={t('stamps.sheetTo')} value={String(Math.min(b.quantity, MAX_SHEET_STAMPS))} width="sm" />
              <SubmitRow><button type="submit" class="btn btn-primary">{t('stamps.sheetDownload')}</button></SubmitRow>
            </form>
            <h3 class="stamp-parts-title">{t('stamps.sheetParts')}</h3>
            <ul class="stamp-parts">
              {parts.map((p) => <li><a href={`${pdf}?from=${p.from}&to=${p.to}`} download>{t('stamps.sheetPart', { from: num(view, p.from), to: num(view, p.to) })}</a></li>)}
            </ul>
          </>
        )}
    </Card>
  );
}

export function BatchPage({ view, b, alerts, done, errors, summary, values }: {
  view: View; b: BatchDto; alerts: AlertDto[]; done?: string; errors: FieldMessages; summary?: string; values: Record<string, string>;
}) {
  const { t } = view;
  const labels = { deliveredOn: t('stamps.deliveredOn'), reason: t('stamps.voidReason'), form: t('stamps.batch') };
  const doneKey = done && ['issued', 'delivered', 'voided'].includes(done) ? done : null;
  const authority = (STAMP_AUTHORITIES as readonly string[]).includes(view.actor?.role ?? '');
  return (
    <Layout view={view} title={`${t('stamps.batch')} ${b.code}`} active="/admin/stamps">
      <BackLink href="/admin/stamps">{t('common.back')}</BackLink>
      <PageHeader title={`${t('stamps.batch')} ${b.code}`} caption={b.product.name}
        actions={<a class="btn btn-ghost" href={`/v/${b.firstSerial}`}>{t('stamps.verifySample')}</a>} />
      {doneKey && <Notice tone="success">{t(`stamps.done.${doneKey}` as 'stamps.done.issued')}</Notice>}
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      {!authority && <Notice tone="info">{t('stamps.notAuthority')}</Notice>}
      <Card>
        <DescriptionList items={[
          { term: t('stamps.status'), detail: <BatchStatus view={view} status={b.status} /> },
          { term: t('stamps.product'), detail: <strong>{b.product.name}</strong> },
          { term: t('stamps.producer'), detail: b.producer.name },
          { term: t('stamps.certificate'), detail: <a href={`/admin/certificates/${encodeURIComponent(b.certificate.number)}`}>{b.certificate.number}</a> },
          { term: t('stamps.stars'), detail: <Stars count={b.certificate.stars} showText /> },
          ...(b.lot ? [{
            term: t('stamps.lot'),
            detail: <>{t('stamps.lotOf', { lotNumber: b.lot.lotNumber })} · {t('stamps.traceCode')} <code class="stamp-serial">{formatTraceCode(b.lot.traceCode)}</code><br /><a href={b.lot.tracePath}>{t('stamps.tracePage')}</a></>,
          }] : []),
          { term: t('stamps.quantity'), detail: num(view, b.quantity) },
          { term: t('stamps.printer'), detail: b.printer },
          { term: t('stamps.issuedOn'), detail: `${formatDateVi(b.issuedOn)} — ${b.createdBy}` },
          ...(b.deliveredOn ? [{ term: t('stamps.deliveredOn'), detail: formatDateVi(b.deliveredOn) }] : []),
          ...(b.voidedAt ? [
            { term: t('stamps.voidedAt'), detail: formatDateTimeVi(new Date(b.voidedAt)) },
            { term: t('stamps.voidReason'), detail: b.voidReason },
          ] : []),
          { term: t('stamps.province'), detail: b.provinceName },
          { term: t('stamps.scans'), detail: t('stamps.scansDetail', { total: num(view, b.scans.total), serials: num(view, b.scans.serials) }) },
          { term: t('stamps.serials'), detail: <><code class="stamp-serial">{b.firstSerial}</code> … <code class="stamp-serial">{b.lastSerial}</code><p class="field-hint">{t('stamps.serialsHint')}</p></> },
        ]} />
      </Card>
      {authority && (b.status === 'voided' ? <Notice tone="warning">{t('stamps.sheetVoided')}</Notice> : <SheetCard view={view} b={b} />)}
      {b.actions.deliver && (
        <Card title={t('stamps.deliver')}>
          <p>{t('stamps.deliverLead')}</p>
          <form method="post" action={`/admin/stamps/${b.id}/deliver`} novalidate class="form-narrow">
            <CsrfField token={view.csrfToken} />
            <input type="hidden" name="version" value={String(b.version)} />
            <TextField name="deliveredOn" type="date" label={labels.deliveredOn} value={values.deliveredOn} error={errors.deliveredOn} width="md" optionalLabel={t('form.optional')} />
            <SubmitRow><button type="submit" class="btn btn-secondary">{t('stamps.deliver')}</button></SubmitRow>
          </form>
        </Card>
      )}
      <section class="stamp-section" aria-labelledby="batch-alerts-h">
        <h2 id="batch-alerts-h">{t('stamps.batchAlerts')}</h2>
        <AlertList view={view} items={alerts} back={`/admin/stamps/${b.id}`} />
      </section>
      {b.actions.void && (
        <Card title={t('stamps.void')}>
          <p>{t('stamps.voidLead')}</p>
          <form method="post" action={`/admin/stamps/${b.id}/void`} novalidate class="form-narrow">
            <CsrfField token={view.csrfToken} />
            <input type="hidden" name="version" value={String(b.version)} />
            <TextArea name="reason" label={labels.reason} hint={t('stamps.voidReasonHint')} value={values.reason} error={errors.reason} required maxLength={2000} rows={3} />
            <SubmitRow><button type="submit" class="btn btn-danger">{t('stamps.void')}</button></SubmitRow>
          </form>
        </Card>
      )}
    </Layout>
  );
}

