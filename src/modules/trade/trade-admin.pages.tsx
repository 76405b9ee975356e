/**
 * Trade connection in the back office (issue 16): the demands a producer's certified products fit
 * (with "Chào giá") or, for officers, those of their area (/admin/ket-noi/nhu-cau); one demand —
 * for a producer its own offer or the offer form and its thread with the buyer, for officers every
 * offer in their reach, read only, and the matched products (/:id); the buyer organisations an
 * officer verifies (/admin/ket-noi/doanh-nghiep); and the agreements in reach with their moves
 * (/admin/ket-noi/hop-dong). Components only: data comes as props.
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { SampleBadge, Stars, StatusBadge } from '../../web/components/badges';
import { CsrfField, ErrorSummary, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { Card, DescriptionList, EmptyState, Notice, PageHeader } from '../../web/components/page';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import { formatDateTimeVi } from '../../domain/dates';
import { BUYER_ORG_STATUSES, DEMAND_STATUSES } from '../../domain/trade';
import type { AgreementDto, BuyerOrgDto, DemandDto, MatchDto, OfferDto, ThreadDto } from './trade.schema';
import type { OfferableProduct } from './trade-pages.service';
import { AgreementCard, day, DemandFacts, DemandStatus, MatchesTable, OfferCards, ORG_TONE, StatusTabs, ThreadBox } from './trade-shared.pages';

export const ADMIN_DEMANDS = '/admin/ket-noi/nhu-cau';
export const ADMIN_ORGS = '/admin/ket-noi/doanh-nghiep';
export const ADMIN_AGREEMENTS = '/admin/ket-noi/hop-dong';
export const adminDemand = (id: string) => `${ADMIN_DEMANDS}/${id}`;

const pagerLabels = (view: View) => ({
  prev: view.t('tradeUi.prev'), next: view.t('tradeUi.next'), page: (p: number, n: number) => view.t('tradeUi.pageOf', { page: p, pages: n }), nav: view.t('tradeUi.pages'),
});

/** Can a producer still offer on the demand today? */
const taking = (d: DemandDto, today: string) => d.status === 'open' && today <= d.deadline;

export interface AdminDemandsProps {
  view: View; demands: DemandDto[]; total: number; page: number; pageSize: number; status: DemandDto['status'] | undefined; producer: boolean; today: string;
}

export function AdminDemandsPage({ view, demands, total, page, pageSize, status, producer, today }: AdminDemandsProps) {
  const { t } = view;
  const href = (s: DemandDto['status'] | undefined, p = 1) => {
    const q = new URLSearchParams();
    if (s) q.set('trang-thai', s);
    if (p > 1) q.set('trang', String(p));
    const qs = q.toString();
    return qs ? `${ADMIN_DEMANDS}?${qs}` : ADMIN_DEMANDS;
  };
  return (
    <Layout view={view} title={t('tradeUi.nav.demands')} active={ADMIN_DEMANDS}>
      <PageHeader title={t('tradeUi.nav.demands')} lead={t(producer ? 'tradeUi.admin.demandsProducerLead' : 'tradeUi.admin.demandsOfficerLead')} />
      <StatusTabs view={view} label={t('tradeUi.demand.status')} statuses={DEMAND_STATUSES} current={status} href={(s) => href(s)} text={(s) => t(`trade.demandStatus.${s}`)} />
      <DataTable<DemandDto> caption={t('tradeUi.demands.caption', { n: total })} rows={demands} rowKey={(d) => d.id}
        empty={<EmptyState>{t(producer ? 'tradeUi.admin.noDemandsProducer' : 'tradeUi.demands.none')}</EmptyState>}
        columns={[
          { key: 'title', label: t('tradeUi.demand.title'), render: (d) => <><a href={adminDemand(d.id)}>{d.title}</a>{d.isSample ? <> <SampleBadge label={t('portal.sample')} /></> : null}</> },
          { key: 'buyer', label: t('tradeUi.demand.buyer'), render: (d) => d.buyer.name },
          { key: 'what', label: t('tradeUi.demand.productSet'), render: (d) => <>{d.productSetName ?? t('tradeUi.demand.freeText')}{d.minStars ? <><br /><Stars count={d.minStars} showText /></> : null}</> },
          { key: 'quantity', label: t('tradeUi.demand.quantity'), numeric: true, render: (d) => `${d.quantity.toLocaleString('vi-VN')} ${d.unit}` },
          { key: 'province', label: t('tradeUi.demand.deliveryProvince'), render: (d) => d.deliveryProvinceName },
          { key: 'deadline', label: t('tradeUi.demand.deadline'), render: (d) => day(d.deadline) },
          { key: 'offers', label: t('tradeUi.demand.offers'), numeric: true, render: (d) => d.offers },
          { key: 'status', label: t('tradeUi.demand.status'), render: (d) => <DemandStatus view={view} status={d.status} /> },
          ...(producer ? [{
            key: 'cta', label: t('tradeUi.offer.actions'), render: (d: DemandDto) => (taking(d, today)
              ? <a class="btn btn-primary btn-sm" href={`${adminDemand(d.id)}#chao-gia`} aria-label={t('tradeUi.admin.offerOn', { title: d.title })}>{t('tradeUi.admin.offer')}</a> : '—'),
          }] : []),
        ]} />
      <Pagination page={page} pageSize={pageSize} total={total} href={(p) => href(status, p)} labels={pagerLabels(view)} />
    </Layout>
  );
}

export const OFFER_FIELDS = ['productId', 'unitPrice', 'quantity', 'deliveryOn', 'note'] as const;

/** The producer's offer: the form, or its offer with what it may still do. */
function ProducerOffer({ view, d, own, products, values, errors, today }: {
  view: View; d: DemandDto; own: OfferDto[]; products: OfferableProduct[]; values: Record<string, string>; errors: Record<string, string>; today: string;
}) {
  const { t } = view;
  const live = own.find((o) => o.status === 'submitted' || o.status === 'accepted');
  const base = adminDemand(d.id);
  const labels: Record<string, string> = {
    productId: t('tradeUi.offer.product'), unitPrice: t('tradeUi.offer.unitPrice', { unit: d.unit }), quantity: t('tradeUi.offer.quantity'),
    deliveryOn: t('tradeUi.offer.deliveryOn'), note: t('tradeUi.offer.note'), file: t('tradeUi.offer.file'),
  };
  const v = (k: string) => values[k] ?? '';
  return (
    <section aria-labelledby="offer-title" class="trade-section" id="chao-gia">
      <h2 id="offer-title">{t('tradeUi.admin.yourOffer')}</h2>
      {own.length ? (
        <OfferCards view={view} offers={own} unit={d.unit} label={t('tradeUi.admin.yourOffer')} actions={(o) => (o.status !== 'submitted' ? null : (
          <div class="stack">
            <form method="post" action={`${base}/chao-gia/${o.id}/tep`} enctype="multipart/form-data" class="trade-attach">
              <CsrfField token={view.csrfToken} />
              <div class="field">
                <label class="field-label" for={`file-${o.id}`}>{t('tradeUi.offer.addFile')}</label>
                <p class="field-hint" id={`file-${o.id}-hint`}>{t('tradeUi.offer.fileHint')}</p>
                <input class="input" type="file" id={`file-${o.id}`} name="file" accept=".pdf,image/jpeg,image/png,image/webp" aria-describedby={`file-${o.id}-hint`} required />
              </div>
              <button type="submit" class="btn btn-secondary btn-sm">{t('tradeUi.offer.attach')}</button>
            </form>
            <form method="post" action={`${base}/chao-gia/${o.id}/rut`} class="inline-form">
              <CsrfField token={view.csrfToken} />
              <button type="submit" class="btn btn-ghost btn-sm">{t('tradeUi.offer.withdraw')}</button>
            </form>
          </div>
        ))} />
      ) : null}
      {live ? null : !taking(d, today) ? <Notice tone="info">{t(d.status === 'open' ? 'tradeUi.admin.deadlinePassed' : 'tradeUi.admin.notTaking')}</Notice>
        : !products.length ? <Notice tone="warning">{t('tradeUi.admin.noProduct')}</Notice> : (
          <>
            <ErrorSummary errors={errors} labels={labels} title={t('tradeUi.errors')} />
            <form method="post" action={`${base}/chao-gia`} enctype="multipart/form-data" class="form-narrow" novalidate>
              <CsrfField token={view.csrfToken} />
              <SelectField name="productId" label={labels.productId!} value={v('productId') || (products.length === 1 ? products[0]!.id : '')} error={errors.productId} required placeholder="—"
                options={products.map((p) => ({ value: p.id, label: `${p.name} · ${t('stars.label', { count: p.stars })} · ${p.certificateNumber}` }))} />
              <TextField name="unitPrice" label={labels.unitPrice!} hint={t('tradeUi.offer.unitPriceHint')} value={v('unitPrice')} error={errors.unitPrice} required inputMode="numeric" width="sm" maxLength={16} />
              <TextField name="quantity" label={labels.quantity!} hint={t('tradeUi.offer.quantityHint', { n: d.quantity.toLocaleString('vi-VN'), unit: d.unit })} value={v('quantity')} error={errors.quantity} required inputMode="numeric" width="sm" maxLength={13} />
              <TextField name="deliveryOn" type="date" label={labels.deliveryOn!} value={v('deliveryOn')} error={errors.deliveryOn} required width="md" />
              <TextArea name="note" label={labels.note!} value={v('note')} error={errors.note} optionalLabel={t('form.optional')} rows={3} maxLength={2000} />
              <div class={errors.file ? 'field field--error' : 'field'}>
                <label class="field-label" for="field-file">{labels.file}<span class="field-optional"> ({t('form.optional')})</span></label>
                <p class="field-hint" id="field-file-hint">{t('tradeUi.offer.fileHint')}</p>
                {errors.file ? <p class="field-error-message" id="field-file-error">{errors.file}</p> : null}
                <input class="input" type="file" id="field-file" name="file" accept=".pdf,image/jpeg,image/png,image/webp"
                  aria-describedby={errors.file ? 'field-file-hint field-file-error' : 'field-file-hint'} aria-invalid={errors.file ? 'true' : undefined} />
              </div>
              <SubmitRow><button type="submit" class="btn btn-primary">{t('tradeUi.offer.send')}</button></SubmitRow>
            </form>
          </>
        )}
    </section>
  );
}

export interface AdminDemandProps {
  view: View; d: DemandDto; producer: boolean; today: string; offers: OfferDto[]; matches: MatchDto[]; products: OfferableProduct[]; thread: ThreadDto | null;
  values?: Record<string, string>; errors?: Record<string, string>; done?: string | undefined; error?: string | undefined; threadError?: string | undefined;
}

export function AdminDemandPage({ view, d, producer, today, offers, matches, products, thread, values = {}, errors = {}, done, error, threadError }: AdminDemandProps) {
  const { t } = view;
  return (
    <Layout view={view} title={d.title} active={ADMIN_DEMANDS}>
      <PageHeader title={d.title} caption={t('tradeUi.nav.demands')} />
      {done ? <Notice tone="success">{done}</Notice> : null}
      {error ? <Notice tone="danger">{error}</Notice> : null}
      <p><a href={ADMIN_DEMANDS}>{t('tradeUi.admin.back')}</a></p>
      <DemandFacts view={view} d={d} />
      {producer ? (
        <>
          <ProducerOffer view={view} d={d} own={offers} products={products} values={values} errors={errors} today={today} />
          {thread ? (
            <section aria-labelledby="thread-title" class="trade-section" id="hoi-dap">
              <h2 id="thread-title">{t('tradeUi.admin.threadWith', { name: d.buyer.name })}</h2>
              <ThreadBox view={view} thread={thread} action={`${adminDemand(d.id)}/hoi-dap`} ownSide="producer" error={threadError} closed={d.status === 'cancelled'} />
            </section>
          ) : null}
        </>
      ) : (
        <>
          <section aria-labelledby="offers-title" class="trade-section">
            <h2 id="offers-title">{t('tradeUi.offers.title', { n: offers.length })}</h2>
            <p class="muted">{t('tradeUi.admin.offersOfficerLead')}</p>
            <OfferCards view={view} offers={offers} unit={d.unit} label={t('tradeUi.offers.caption', { n: offers.length })} />
          </section>
          <section aria-labelledby="matches-title" class="trade-section">
            <h2 id="matches-title">{t('tradeUi.matches.title', { n: matches.length })}</h2>
            <MatchesTable view={view} matches={matches} />
          </section>
        </>
      )}
    </Layout>
  );
}

// ─── Buyer organisations ──────────────────────────────────────────────────────

export interface BuyerOrgsProps {
  view: View; orgs: BuyerOrgDto[]; total: number; page: number; pageSize: number; status: BuyerOrgDto['status'] | undefined;
  canReview: (org: BuyerOrgDto) => boolean; done?: string | undefined; failed?: { id: string; errors: Record<string, string>; message: string } | undefined;
}

function OrgCard({ view, org, canReview, errors }: { view: View; org: BuyerOrgDto; canReview: boolean; errors: Record<string, string> }) {
  const { t } = view;
  const action = `${ADMIN_ORGS}/${org.id}`;
  return (
    <li class="card order-card" id={`dn-${org.id}`}>
      <div class="card-body">
        <header class="order-head">
          <h2>{org.name}</h2>
          <StatusBadge tone={ORG_TONE[org.status]}>{t(`trade.orgStatus.${org.status}`)}</StatusBadge>
          {org.isSample ? <SampleBadge label={t('portal.sample')} /> : null}
        </header>
        <DescriptionList items={[
          { term: t('tradeUi.signup.kind'), detail: t(`trade.kind.${org.kind}`) },
          { term: t('tradeUi.signup.taxCode'), detail: <code>{org.taxCode}</code> },
          { term: t('tradeUi.signup.address'), detail: `${org.address}, ${org.provinceName}` },
          { term: t('tradeUi.signup.contactName'), detail: <>{org.contactName} · <a href={`tel:${org.phone}`}>{org.phone}</a> · <a href={`mailto:${org.email}`}>{org.email}</a></> },
          ...(org.website ? [{ term: t('tradeUi.signup.website'), detail: org.website }] : []),
          { term: t('tradeUi.org.registeredAt'), detail: formatDateTimeVi(new Date(org.createdAt)) },
          ...(org.reviewNote ? [{ term: t('tradeUi.org.reason'), detail: org.reviewNote }] : []),
        ]} />
        {canReview ? (
          <form method="post" action={action} class="order-actions" novalidate>
            <CsrfField token={view.csrfToken} />
            <input type="hidden" name="version" value={String(org.version)} />
            <TextField name="reason" label={t('tradeUi.org.rejectReason')} hint={t('tradeUi.org.rejectHint')} maxLength={1000} error={errors.reason} optionalLabel={t('tradeUi.org.reasonOptional')} />
            <div class="cluster">
              {org.status !== 'verified'
                ? <button type="submit" name="decision" value="verify" class="btn btn-primary btn-sm" aria-label={t('tradeUi.org.verifyLabel', { name: org.name })}>{t('tradeUi.org.verify')}</button> : null}
              {org.status !== 'rejected'
                ? <button type="submit" name="decision" value="reject" class="btn btn-secondary btn-sm" aria-label={t('tradeUi.org.rejectLabel', { name: org.name })}>{t('tradeUi.org.reject')}</button> : null}
            </div>
          </form>
        ) : null}
      </div>
    </li>
  );
}

export function BuyerOrgsPage({ view, orgs, total, page, pageSize, status, canReview, done, failed }: BuyerOrgsProps) {
  const { t } = view;
  const href = (s: BuyerOrgDto['status'] | undefined, p = 1) => {
    const q = new URLSearchParams();
    if (s) q.set('trang-thai', s);
    if (p > 1) q.set('trang', String(p));
    const qs = q.toString();
    return qs ? `${ADMIN_ORGS}?${qs}` : ADMIN_ORGS;
  };
  return (
    <Layout view={view} title={t('tradeUi.nav.orgs')} active={ADMIN_ORGS}>
      <PageHeader title={t('tradeUi.nav.orgs')} lead={t('tradeUi.admin.orgsLead')} />
      {done ? <Notice tone="success">{done}</Notice> : null}
      {failed ? <Notice tone="danger">{failed.errors.form ?? failed.message}</Notice> : null}
      <StatusTabs view={view} label={t('tradeUi.org.status')} statuses={BUYER_ORG_STATUSES} current={status} href={(s) => href(s)} text={(s) => t(`trade.orgStatus.${s}`)} />
      <p class="search-count" role="status">{t('tradeUi.admin.orgsCount', { n: total })}</p>
      {orgs.length ? (
        <ul class="plain-list">{orgs.map((o) => <OrgCard view={view} org={o} canReview={canReview(o)} errors={failed?.id === o.id ? failed.errors : {}} />)}</ul>
      ) : <EmptyState>{t('tradeUi.admin.noOrgs')}</EmptyState>}
      <Pagination page={page} pageSize={pageSize} total={total} href={(p) => href(status, p)} labels={pagerLabels(view)} />
    </Layout>
  );
}

// ─── Agreements ───────────────────────────────────────────────────────────────

export function AdminAgreementsPage({ view, items, total, status, counted, done, failed }: {
  view: View; items: AgreementDto[]; total: number; status: AgreementDto['status'] | undefined; counted: number | null;
  done?: string | undefined; failed?: { id: string; errors: Record<string, string>; message: string } | undefined;
}) {
  const { t } = view;
  return (
    <Layout view={view} title={t('tradeUi.nav.agreements')} active={ADMIN_AGREEMENTS}>
      <PageHeader title={t('tradeUi.nav.agreements')} lead={t(counted !== null ? 'tradeUi.admin.agreementsOfficerLead' : 'tradeUi.admin.agreementsProducerLead')} />
      {done ? <Notice tone="success">{done}</Notice> : null}
      {failed ? <Notice tone="danger">{failed.errors.form ?? failed.message}</Notice> : null}
      {counted !== null ? (
        <Card variant="accent">
          <p class="trade-counted">{t('tradeUi.admin.counted', { n: counted.toLocaleString('vi-VN') })}</p>
          <p class="muted small">{t('tradeUi.admin.countedHint')}</p>
        </Card>
      ) : null}
      <StatusTabs view={view} label={t('tradeUi.agreements.status')} statuses={['negotiating', 'signed', 'delivering', 'completed', 'cancelled'] as const} current={status}
        href={(s) => (s ? `${ADMIN_AGREEMENTS}?trang-thai=${s}` : ADMIN_AGREEMENTS)} text={(s) => t(`trade.agreementStatus.${s}`)} />
      <p class="search-count" role="status">{t('tradeUi.agreements.count', { n: total.toLocaleString('vi-VN') })}</p>
      {items.length ? (
        <ul class="plain-list trade-agreements">
          {items.map((a) => <AgreementCard view={view} a={a} action={`${ADMIN_AGREEMENTS}/${a.id}`} errors={failed?.id === a.id ? failed.errors : {}} demandHref={adminDemand} />)}
        </ul>
      ) : <EmptyState>{t('tradeUi.agreements.none')}</EmptyState>}
    </Layout>
  );
}
