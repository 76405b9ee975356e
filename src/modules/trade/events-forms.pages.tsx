/**
 * The back office's forms of trade events: the event form (/admin/su-kien/moi and /:id/sua) and
 * one registration (/admin/su-kien/:id/dang-ky/:rid: approve, reject with a reason, allocate a
 * booth, withdraw, report sales). Each form works without JavaScript (post/redirect/get).
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { BackLink, Card, DescriptionList, Notice, PageHeader } from '../../web/components/page';
import { Stars } from '../../web/components/badges';
import { formatDateTimeVi } from '../../domain/dates';
import type { FieldMessages } from '../../errors';
import { TRADE_EVENT_KINDS, type EventDetailDto, type RegistrationDto } from './events.schema';
import { dong, kindName } from './events.pages';
import { EventAgreementsCard } from './events-agreement.pages';
import type { AgreementDto } from './trade.schema';
import { ADMIN_PATH, PostButton, RegistrationBadge, adminEventHref, registrationHref } from './events-admin.pages';

export const EVENT_FORM_FIELDS = [
  'kind', 'title', 'summary', 'body', 'startsOn', 'endsOn', 'registrationClosesOn', 'venueName', 'venueAddress', 'venueCommuneCode',
  'latitude', 'longitude', 'organiser', 'boothQuota', 'boothFee', 'support', 'version',
] as const;
export type EventFormValues = Record<(typeof EVENT_FORM_FIELDS)[number], string>;

export interface EventFormProps {
  view: View;
  e: EventDetailDto | null;
  values: Partial<EventFormValues>;
  communes: { code: string; name: string }[] | null;
  errors?: FieldMessages;
  summary?: string | undefined;
}

export function EventFormPage({ view, e, values, communes, errors = {}, summary }: EventFormProps) {
  const { t } = view;
  const title = e ? t('events.edit') : t('events.new');
  const labels: Record<string, string> = {
    kind: t('events.kind'), title: t('events.titleField'), summary: t('events.summary'), body: t('events.body'), startsOn: t('events.startsOn'),
    endsOn: t('events.endsOn'), registrationClosesOn: t('events.registrationClosesOn'), venueName: t('events.venueName'), venueAddress: t('events.venueAddress'),
    venueCommuneCode: communes ? t('events.venueCommune') : t('events.venueCommuneCode'), latitude: t('events.latitude'), longitude: t('events.longitude'),
    organiser: t('events.organiser'), boothQuota: t('events.boothQuota'), boothFee: t('events.boothFeeField'), support: t('events.support'), form: title,
  };
  const v = (k: keyof EventFormValues) => values[k] ?? '';
  const opt = t('form.optional');
  const action = e ? adminEventHref(e.id) : ADMIN_PATH;
  return (
    <Layout view={view} title={title} active={ADMIN_PATH}>
      <BackLink href={e ? adminEventHref(e.id) : ADMIN_PATH}>{t('common.back')}</BackLink>
      <PageHeader title={title} caption={e?.title} />
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      <form method="post" action={action} novalidate class="form-narrow">
        <CsrfField token={view.csrfToken} />
        {e && <input type="hidden" name="version" value={v('version') || String(e.version)} />}
        <SelectField name="kind" label={labels.kind!} value={v('kind')} error={errors.kind} required placeholder="—"
          options={TRADE_EVENT_KINDS.map((k) => ({ value: k, label: kindName(view.locale, k) }))} />
        <TextField name="title" label={labels.title!} hint={t('events.titleHint')} value={v('title')} error={errors.title} required maxLength={200} />
        <TextArea name="summary" label={labels.summary!} hint={t('events.summaryHint')} value={v('summary')} error={errors.summary} rows={3} maxLength={500} optionalLabel={opt} />
        <TextArea name="body" label={labels.body!} hint={t('events.bodyHint')} value={v('body')} error={errors.body} rows={8} maxLength={50_000} optionalLabel={opt} />
        <TextField name="startsOn" type="date" label={labels.startsOn!} value={v('startsOn')} error={errors.startsOn} required width="md" />
        <TextField name="endsOn" type="date" label={labels.endsOn!} value={v('endsOn')} error={errors.endsOn} required width="md" />
        <TextField name="registrationClosesOn" type="date" label={labels.registrationClosesOn!} hint={t('events.registrationClosesHint')} value={v('registrationClosesOn')} error={errors.registrationClosesOn} width="md" optionalLabel={opt} />
        <TextField name="venueName" label={labels.venueName!} hint={t('events.venueNameHint')} value={v('venueName')} error={errors.venueName} maxLength={200} optionalLabel={opt} />
        <TextField name="venueAddress" label={labels.venueAddress!} hint={t('events.venueAddressHint')} value={v('venueAddress')} error={errors.venueAddress} required maxLength={300} />
        {communes
          ? <SelectField name="venueCommuneCode" label={labels.venueCommuneCode!} value={v('venueCommuneCode')} error={errors.venueCommuneCode} required placeholder="—"
            options={communes.map((c) => ({ value: c.code, label: c.name }))} />
          : <TextField name="venueCommuneCode" label={labels.venueCommuneCode!} hint={t('events.communeHint')} value={v('venueCommuneCode')} error={errors.venueCommuneCode} required width="sm" inputMode="numeric" maxLength={5} />}
        <TextField name="latitude" label={labels.latitude!} hint={t('events.coordinatesHint')} value={v('latitude')} error={errors.latitude} width="md" inputMode="decimal" maxLength={20} optionalLabel={opt} />
        <TextField name="longitude" label={labels.longitude!} value={v('longitude')} error={errors.longitude} width="md" inputMode="decimal" maxLength={20} optionalLabel={opt} />
        <TextField name="organiser" label={labels.organiser!} hint={t('events.organiserHint')} value={v('organiser')} error={errors.organiser} required maxLength={200} />
        <TextField name="boothQuota" type="number" label={labels.boothQuota!} hint={t('events.boothQuotaHint')} value={v('boothQuota')} error={errors.boothQuota} width="sm" optionalLabel={opt} />
        <TextField name="boothFee" label={labels.boothFee!} hint={t('events.boothFeeHint')} value={v('boothFee')} error={errors.boothFee} width="md" inputMode="numeric" maxLength={20} optionalLabel={opt} />
        <TextArea name="support" label={labels.support!} hint={t('events.supportHint')} value={v('support')} error={errors.support} rows={3} maxLength={2000} optionalLabel={opt} />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{e ? t('events.save') : t('events.create')}</button>
          <a class="btn btn-ghost" href={e ? adminEventHref(e.id) : ADMIN_PATH}>{t('common.cancel')}</a>
        </SubmitRow>
      </form>
    </Layout>
  );
}

// ─── One registration ────────────────────────────────────────────────────────

export interface RegistrationPageProps {
  view: View;
  e: EventDetailDto;
  r: RegistrationDto;
  done: string | undefined;
  values: Record<string, string>;
  errors: FieldMessages;
  summary?: string | undefined;
  /** The exhibitor's agreements signed at the event (shown with the results). */
  agreements?: AgreementDto[];
  today?: string;
}

export function RegistrationPage({ view, e, r, done, values, errors, summary, agreements = [], today = '' }: RegistrationPageProps) {
  const { t } = view;
  const base = registrationHref(e.id, r.id);
  const opt = t('form.optional');
  const doneKey = done && ['registered', 'approved', 'rejected', 'booth', 'withdrawn', 'result', 'agreement'].includes(done) ? done : null;
  const labels = {
    reason: t('events.rejectReason'), booth: t('events.booth'), salesValue: t('events.salesValue'), visitors: t('events.visitors'), note: t('events.resultNote'), form: t('events.registration'),
    buyerName: t('events.agreements.buyerName'), productId: t('events.agreements.product'), quantity: t('events.agreements.quantity'), unit: t('events.agreements.unit'),
    unitPrice: t('events.agreements.unitPrice'), signedOn: t('events.agreements.signedOn'), eventId: t('events.registration'),
  };
  return (
    <Layout view={view} title={`${r.producer.name} · ${e.title}`} active={ADMIN_PATH}>
      <BackLink href={adminEventHref(e.id)}>{e.title}</BackLink>
      <PageHeader title={r.producer.name} caption={t('events.registrationOf', { title: e.title })} />
      {doneKey && <Notice tone="success">{t(`events.done.${doneKey}` as 'events.done.registered')}</Notice>}
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      <Card>
        <DescriptionList items={[
          { term: t('events.state'), detail: <RegistrationBadge view={view} status={r.status} /> },
          { term: t('events.booth'), detail: r.booth ?? '—' },
          { term: t('events.products'), detail: <ul class="council-list">{r.products.map((p) => <li>{p.name} {p.stars ? <Stars count={p.stars} showText /> : <span class="muted">({t('events.notCertifiedToday')})</span>}</li>)}</ul> },
          ...(r.note ? [{ term: t('events.note'), detail: r.note }] : []),
          ...(r.decisionNote ? [{ term: t('events.rejectReason'), detail: r.decisionNote }] : []),
          { term: t('events.registeredAt'), detail: formatDateTimeVi(new Date(r.createdAt)) },
          ...(r.result ? [
            { term: t('events.salesValue'), detail: dong(r.result.salesValue) },
            { term: t('events.visitors'), detail: r.result.visitors ?? '—' },
          ] : []),
        ]} />
      </Card>
      {r.actions.approve && (
        <Card title={t('events.approve')}>
          <p>{e.boothQuota !== null ? t('events.boothsOf', { n: e.approved, quota: e.boothQuota }) : t('events.boothsNoQuota', { n: e.approved })}</p>
          <PostButton view={view} action={`${base}/approve`} label={t('events.approve')} hidden={{ version: String(r.version) }} variant="btn-primary" />
        </Card>
      )}
      {r.actions.booth && (
        <Card title={t('events.allocateBooth')}>
          <form method="post" action={`${base}/booth`} novalidate class="form-narrow">
            <CsrfField token={view.csrfToken} />
            <input type="hidden" name="version" value={String(r.version)} />
            <TextField name="booth" label={labels.booth} hint={t('events.boothHint')} value={values.booth ?? r.booth ?? ''} error={errors.booth} width="md" maxLength={40} optionalLabel={opt} />
            <SubmitRow><button type="submit" class="btn btn-primary">{t('events.saveBooth')}</button></SubmitRow>
          </form>
        </Card>
      )}
      {r.actions.result && (
        <Card title={t('events.resultTitle')}>
          <p>{t('events.resultLead')}</p>
          <form method="post" action={`${base}/result`} novalidate class="form-narrow">
            <CsrfField token={view.csrfToken} />
            <TextField name="salesValue" label={labels.salesValue} hint={t('events.salesHint')} value={values.salesValue ?? (r.result ? String(r.result.salesValue) : '')} error={errors.salesValue} required width="md" inputMode="numeric" maxLength={20} />
            <TextField name="visitors" type="number" label={labels.visitors} value={values.visitors ?? (r.result?.visitors != null ? String(r.result.visitors) : '')} error={errors.visitors} width="sm" optionalLabel={opt} />
            <TextArea name="note" label={labels.note} value={values.note ?? r.result?.note ?? ''} error={errors.note} rows={3} maxLength={1000} optionalLabel={opt} />
            <SubmitRow><button type="submit" class="btn btn-primary">{t('events.saveResult')}</button></SubmitRow>
          </form>
        </Card>
      )}
      {r.actions.result && <EventAgreementsCard view={view} r={r} action={`${base}/agreement`} agreements={agreements} values={values} errors={errors} today={today} />}
      {r.actions.reject && (
        <Card title={t('events.reject')}>
          <form method="post" action={`${base}/reject`} novalidate class="form-narrow">
            <CsrfField token={view.csrfToken} />
            <input type="hidden" name="version" value={String(r.version)} />
            <TextField name="reason" label={labels.reason} hint={t('events.rejectHint')} value={values.reason ?? ''} error={errors.reason} required maxLength={500} />
            <SubmitRow><button type="submit" class="btn btn-danger">{t('events.reject')}</button></SubmitRow>
          </form>
        </Card>
      )}
      {r.actions.withdraw && (
        <Card title={t('events.withdraw')}>
          <p>{t('events.withdrawLead')}</p>
          <PostButton view={view} action={`${base}/withdraw`} label={t('events.withdraw')} hidden={{ version: String(r.version) }} variant="btn-danger" />
        </Card>
      )}
    </Layout>
  );
}
