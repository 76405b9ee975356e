import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { BackLink, Card, DescriptionList, EmptyState, Notice, PageHeader } from '../../web/components/page';
import { DataTable } from '../../web/components/table';
import { StatusBadge } from '../../web/components/badges';
import type { View } from '../../web/view';
import { PRODUCER_KIND_LABELS, PRODUCER_KINDS } from '../../domain/producer-kind';
import { formatDateTimeVi } from '../../domain/dates';
import type { AccountRequestRow, RequestStatus } from './account-request.service';
import { PASSWORD_MIN_LENGTH } from './password';

type Option = { value: string; label: string };

export interface RequestFormProps {
  view: View;
  provinces: Option[];
  province: string;
  communes: Option[];
  values: Record<string, string>;
  errors: Record<string, string>;
}

/** The public form: province first (it lists the communes), then the rest. */
export function AccountRequestForm({ view, provinces, province, communes, values, errors }: RequestFormProps) {
  const { t } = view;
  const v = (k: string) => values[k] ?? '';
  const labels: Record<string, string> = {
    producerName: t('request.producerName'), kind: t('request.kind'), taxCode: t('request.taxCode'), communeCode: t('request.commune'),
    contactName: t('request.contactName'), phone: t('request.phone'), email: t('request.email'), username: t('login.username'),
    password: t('login.password'),
  };
  const opt = t('form.optional');
  return (
    <Layout view={view} title={t('request.title')} variant="public">
      <div class="auth-card auth-card--wide">
        <h1>{t('request.title')}</h1>
        <p>{t('request.lead')}</p>
        <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />
        <form method="get" action="/dang-ky-tai-khoan" class="request-province">
          <SelectField name="province" label={t('request.province')} value={province} options={provinces} placeholder={t('request.chooseProvince')} autoSubmit required />
          <button type="submit" class="btn btn-secondary btn-sm">{t('request.showCommunes')}</button>
        </form>
        <form method="post" action="/dang-ky-tai-khoan" novalidate>
          <CsrfField token={view.csrfToken} />
          <input type="hidden" name="province" value={province} />
          <SelectField name="communeCode" label={labels.communeCode!} value={v('communeCode')} options={communes} error={errors.communeCode} required
            placeholder={province ? t('request.chooseCommune') : t('request.provinceFirst')} hint={province ? undefined : t('request.provinceFirstHint')} />
          <TextField name="producerName" label={labels.producerName!} hint={t('request.producerNameHint')} value={v('producerName')} error={errors.producerName} required maxLength={300} />
          <SelectField name="kind" label={labels.kind!} value={v('kind')} error={errors.kind} required placeholder="—"
            options={PRODUCER_KINDS.map((k) => ({ value: k, label: PRODUCER_KIND_LABELS[k][view.locale] }))} />
          <TextField name="taxCode" label={labels.taxCode!} optionalLabel={opt} hint={t('request.taxCodeHint')} value={v('taxCode')} error={errors.taxCode} inputMode="numeric" width="sm" maxLength={14} spellcheck={false} />
          <TextField name="address" label={t('request.address')} optionalLabel={opt} value={v('address')} error={errors.address} maxLength={500} />
          <TextField name="contactName" label={labels.contactName!} value={v('contactName')} error={errors.contactName} required autocomplete="name" maxLength={200} />
          <TextField name="phone" label={labels.phone!} type="tel" value={v('phone')} error={errors.phone} required autocomplete="tel" inputMode="tel" width="sm" maxLength={30} />
          <TextField name="email" label={labels.email!} type="email" optionalLabel={opt} hint={t('request.emailHint')} value={v('email')} error={errors.email} autocomplete="email" maxLength={254} spellcheck={false} />
          <TextField name="username" label={labels.username!} hint={t('field.username.format')} value={v('username')} error={errors.username} required autocomplete="username" width="md" maxLength={64} spellcheck={false} />
          <TextField name="password" label={labels.password!} type="password" hint={t('reset.policy', { min: PASSWORD_MIN_LENGTH })} error={errors.password} required autocomplete="new-password" />
          <SubmitRow><button type="submit" class="btn btn-primary">{t('request.submit')}</button></SubmitRow>
        </form>
        <p><a href="/login">{t('request.haveAccount')}</a></p>
      </div>
    </Layout>
  );
}

/** After sending: what happens next. */
export function AccountRequestSent({ view, mailed }: { view: View; mailed: boolean }) {
  const { t } = view;
  return (
    <Layout view={view} title={t('request.sentTitle')} variant="public">
      <div class="auth-card">
        <h1>{t('request.sentTitle')}</h1>
        <Notice tone="success">{t('request.sent')}</Notice>
        <p>{mailed ? t('request.sentMailed') : t('request.sentNoMail')}</p>
        <p><a href="/">{t('request.backHome')}</a></p>
      </div>
    </Layout>
  );
}

type Listed = { request: AccountRequestRow; communeName: string; provinceName: string };

const STATUS_TONE = { pending: 'warning', approved: 'success', rejected: 'danger' } as const;

/** The officer's list of requests in their area, by status. */
export function AccountRequestList({ view, status, items, total, counts }: { view: View; status: RequestStatus; items: Listed[]; total: number; counts: { pending: number } }) {
  const { t } = view;
  const tabs: RequestStatus[] = ['pending', 'approved', 'rejected'];
  return (
    <Layout view={view} title={t('requests.title')} active="/admin/account-requests">
      <PageHeader title={t('requests.title')} lead={t('requests.lead')}
        actions={<a class="btn btn-secondary" href="/admin/accounts/password">{t('officerReset.title')}</a>} />
      <nav class="stamp-tabs" aria-label={t('requests.status')}>
        {tabs.map((s) => (
          <a key={s} href={`/admin/account-requests?status=${s}`} aria-current={s === status ? 'page' : undefined}>
            {t(`requests.status.${s}`)}{s === 'pending' ? ` (${counts.pending})` : ''}
          </a>
        ))}
      </nav>
      <DataTable<Listed>
        caption={t('requests.caption', { n: total })}
        rows={items}
        rowKey={(r) => r.request.id}
        empty={<EmptyState>{t(`requests.empty.${status}`)}</EmptyState>}
        columns={[
          { key: 'name', label: t('request.producerName'), render: (r) => <a href={`/admin/account-requests/${r.request.id}`}>{r.request.producerName}</a> },
          { key: 'kind', label: t('request.kind'), render: (r) => PRODUCER_KIND_LABELS[r.request.kind][view.locale] },
          { key: 'commune', label: t('request.commune'), render: (r) => `${r.communeName}, ${r.provinceName}` },
          { key: 'contact', label: t('request.contactName'), render: (r) => `${r.request.contactName} · ${r.request.phone}` },
          { key: 'at', label: t('requests.sentAt'), render: (r) => formatDateTimeVi(r.request.createdAt) },
        ]}
      />
    </Layout>
  );
}

/** One request: its details, and approve / reject while pending. */
export function AccountRequestDetail({ view, item, errors = {}, message }: { view: View; item: Listed; errors?: Record<string, string>; message?: string }) {
  const { t } = view;
  const r = item.request;
  return (
    <Layout view={view} title={r.producerName} active="/admin/account-requests">
      <BackLink href="/admin/account-requests">{t('requests.title')}</BackLink>
      <PageHeader title={r.producerName} caption={t('requests.one')} />
      <p><StatusBadge tone={STATUS_TONE[r.status]}>{t(`requests.status.${r.status}`)}</StatusBadge></p>
      {message && (Object.keys(errors).length ? <ErrorSummary title={message} errors={errors} /> : <Notice tone="danger">{message}</Notice>)}
      <Card title={t('requests.details')}>
        <DescriptionList items={[
          { term: t('request.kind'), detail: PRODUCER_KIND_LABELS[r.kind][view.locale] },
          { term: t('request.taxCode'), detail: r.taxCode ?? '—' },
          { term: t('request.commune'), detail: `${item.communeName} (${r.communeCode}), ${item.provinceName}` },
          { term: t('request.address'), detail: r.address || '—' },
          { term: t('request.contactName'), detail: r.contactName },
          { term: t('request.phone'), detail: r.phone },
          { term: t('request.email'), detail: r.email ?? '—' },
          { term: t('login.username'), detail: r.username },
          { term: t('requests.sentAt'), detail: formatDateTimeVi(r.createdAt) },
          ...(r.rejectReason ? [{ term: t('requests.reason'), detail: r.rejectReason }] : []),
        ]} />
        {r.producerId && <p><a href={`/admin/producers/${r.producerId}`}>{t('requests.openProducer')}</a></p>}
      </Card>
      {r.status === 'pending' && (
        <div class="request-decide">
          <Card title={t('requests.approveTitle')}>
            <p>{t('requests.approveLead', { username: r.username })}</p>
            <form method="post" action={`/admin/account-requests/${r.id}/approve`}>
              <CsrfField token={view.csrfToken} />
              <SubmitRow><button type="submit" class="btn btn-primary">{t('requests.approve')}</button></SubmitRow>
            </form>
          </Card>
          <Card title={t('requests.rejectTitle')}>
            <form method="post" action={`/admin/account-requests/${r.id}/reject`} novalidate>
              <CsrfField token={view.csrfToken} />
              <TextArea name="reason" label={t('requests.reason')} hint={r.email ? t('requests.reasonHintMail') : t('requests.reasonHint')} error={errors.reason} required rows={3} maxLength={1000} />
              <SubmitRow><button type="submit" class="btn btn-danger">{t('requests.reject')}</button></SubmitRow>
            </form>
          </Card>
        </div>
      )}
    </Layout>
  );
}
