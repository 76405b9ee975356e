/**
 * Views of certificates (routes: certification-pages.routes.tsx): the certificate with its
 * revoke form, the certificates table, and small pieces the decision views share. Components
 * only: data comes as props.
 */
import type { ComponentChildren } from 'preact';
import type { View } from '../../web/view';
import type { FieldMessages } from '../../errors';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { BackLink, Card, DescriptionList, Notice, PageHeader } from '../../web/components/page';
import { Stars, StatusBadge, type Tone } from '../../web/components/badges';
import { formatDateVi } from '../../domain/dates';
import { ValidUntilDate, validUntilLabel } from '../../web/components/valid-until';
import { issuerQuery } from '../../domain/certificate';
import type { CertificateDto } from './certification.schema';

/** A certificate's page; legacy numbers (unique per issuer only) name their issuer (docs/decisions/032). */
export const certHref = (n: string, issuerKey?: string) => `/admin/certificates/${encodeURIComponent(n)}${issuerQuery(n, issuerKey)}`;
export const score = (n: number) => n.toFixed(2);

const STATUS_TONE: Record<CertificateDto['status'], Tone> = { valid: 'success', not_yet_valid: 'warning', expired: 'warning', revoked: 'danger', superseded: 'neutral' };

export function CertStatus({ view, status }: { view: View; status: CertificateDto['status'] }) {
  return <StatusBadge tone={STATUS_TONE[status]}>{view.t(`certificates.status.${status}`)}</StatusBadge>;
}

export function PostButton({ view, action, label, fields = {}, variant = 'btn-secondary' }: {
  view: View; action: string; label: ComponentChildren; fields?: Record<string, string>; variant?: string;
}) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={view.csrfToken} />
      {Object.entries(fields).map(([k, v]) => <input type="hidden" name={k} value={v} />)}
      <button type="submit" class={`btn btn-sm ${variant}`}>{label}</button>
    </form>
  );
}

export function CertificatesTable({ view, items, caption }: { view: View; items: CertificateDto[]; caption: string }) {
  const { t } = view;
  return (
    <DataTable<CertificateDto>
      caption={caption} captionHidden rows={items} empty={t('certificates.empty')} rowKey={(c) => c.number}
      columns={[
        { key: 'number', label: t('certificates.number'), render: (c) => <a href={certHref(c.number, c.issuerKey)}>{c.number}</a> },
        { key: 'product', label: t('items.product'), render: (c) => c.product.name },
        { key: 'producer', label: t('items.producer'), render: (c) => `${c.producer.name} — ${c.provinceName}` },
        { key: 'stars', label: t('items.stars'), render: (c) => <Stars count={c.stars} showText /> },
        { key: 'valid', label: validUntilLabel(t), render: (c) => <ValidUntilDate expiresOn={c.expiresOn} /> },
        { key: 'status', label: t('certificates.status'), render: (c) => <CertStatus view={view} status={c.status} /> },
      ]}
    />
  );
}

export function CertificatePage({ view, c, done, errors, summary, values }: {
  view: View; c: CertificateDto; done?: string; errors: FieldMessages; summary?: string; values: Record<string, string>;
}) {
  const { t } = view;
  const labels = { reason: t('certificates.reason'), legalBasis: t('certificates.legalBasis'), revokedOn: t('certificates.revokeDate'), form: t('certificates.revoke') };
  const pdf = `/api/v1/certificates/${encodeURIComponent(c.number)}/pdf${issuerQuery(c.number, c.issuerKey)}`;
  return (
    <Layout view={view} title={`${t('items.certificate')} ${c.number}`} active="/admin/decisions">
      <BackLink href="/admin/decisions">{t('common.back')}</BackLink>
      <PageHeader title={c.product.name} caption={`${t('items.certificate')} ${c.number}`}
        actions={<>
          <a class="btn btn-primary" href={pdf}>{t('certificates.pdf')}</a>
          <a class="btn btn-ghost" href={`/v/${encodeURIComponent(c.number)}${issuerQuery(c.number, c.issuerKey)}`}>{t('certificates.verifyPage')}</a>
        </>} />
      {done === 'revoked' && <Notice tone="success">{t('certificates.revoked')}</Notice>}
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      <Card>
        <DescriptionList items={[
          { term: t('certificates.status'), detail: <CertStatus view={view} status={c.status} /> },
          { term: t('items.stars'), detail: <Stars count={c.stars} showText /> },
          { term: t('items.score'), detail: c.score === null ? '—' : score(c.score) },
          { term: t('items.producer'), detail: c.producer.name },
          { term: t('certificates.address'), detail: [c.producer.address, c.communeName, c.provinceName].filter(Boolean).join(', ') },
          { term: t('certificates.decision'), detail: `${c.decision.number} (${formatDateVi(c.decision.decisionDate)})` },
          { term: t('certificates.issuer'), detail: <span data-issuer>{c.decision.issuer}</span> },
          { term: t('certificates.issuedOn'), detail: formatDateVi(c.issuedOn) },
          { term: validUntilLabel(t), detail: <ValidUntilDate expiresOn={c.expiresOn} /> },
          ...(c.potentialFiveStar ? [{ term: t('items.potential'), detail: '✓' }] : []),
          ...(c.revokedOn ? [
            { term: t('certificates.revokedOn'), detail: formatDateVi(c.revokedOn) },
            { term: t('certificates.revokedReason'), detail: c.revokedReason },
            { term: t('certificates.revocationBasis'), detail: c.revocationBasis },
          ] : []),
          ...(c.supersededBy ? [{ term: t('certificates.supersededBy'), detail: <a href={certHref(c.supersededBy.number)}>{c.supersededBy.number}</a> }] : []),
        ]} />
      </Card>
      {c.canRevoke && (
        <Card title={t('certificates.revoke')}>
          <p>{t('certificates.revokeLead')}</p>
          <form method="post" action={`/admin/certificates/${encodeURIComponent(c.number)}/revoke${issuerQuery(c.number, c.issuerKey)}`} novalidate class="form-narrow">
            <CsrfField token={view.csrfToken} />
            <TextArea name="reason" label={labels.reason} value={values.reason} error={errors.reason} required maxLength={2000} rows={3} />
            <TextField name="legalBasis" label={labels.legalBasis} hint={t('certificates.legalBasisHint')} value={values.legalBasis} error={errors.legalBasis} required maxLength={1000} />
            <TextField name="revokedOn" type="date" label={labels.revokedOn} hint={t('certificates.revokeDateHint')} value={values.revokedOn} error={errors.revokedOn} width="md" optionalLabel={t('form.optional')} />
            <SubmitRow><button type="submit" class="btn btn-danger">{t('certificates.revoke')}</button></SubmitRow>
          </form>
        </Card>
      )}
    </Layout>
  );
}

export interface IssuerChoice { issuerKey: string; issuer: string }

/** A legacy number several issuers gave: which issuer's certificate to open. */
export function CertificateChooserPage({ view, number, candidates }: { view: View; number: string; candidates: IssuerChoice[] }) {
  const { t } = view;
  return (
    <Layout view={view} title={`${t('items.certificate')} ${number}`} active="/admin/decisions">
      <BackLink href="/admin/decisions">{t('common.back')}</BackLink>
      <PageHeader title={`${t('items.certificate')} ${number}`} />
      <Notice tone="info">{t('certificates.sharedNumber', { count: candidates.length })}</Notice>
      <ul class="cert-issuers">
        {candidates.map((c) => (
          <li><a href={certHref(number, c.issuerKey)}>{t('certificates.issuer')}: {c.issuer}</a></li>
        ))}
      </ul>
    </Layout>
  );
}

