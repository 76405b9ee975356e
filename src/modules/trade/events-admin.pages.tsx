/**
 * The back office of trade events (events-pages.routes.tsx): the list (/admin/su-kien: officers the
 * events of their area, producers the published ones and their own registrations) and one event
 * (/admin/su-kien/:id: facts, publish and cancel for its office, the registrations with a link to
 * decide each, and for a producer — or an officer registering one — the registration form).
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, FileField, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { IMAGE_LIMITS } from '../../domain/image';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import { FilterBar, SearchInput } from '../../web/components/filter-bar';
import { BackLink, Card, DescriptionList, Notice, PageHeader } from '../../web/components/page';
import { SampleBadge, Stars, StatusBadge, type Tone } from '../../web/components/badges';
import { listHref, pagerLabels } from '../../web/components/pager';
import { formatDateVi } from '../../domain/dates';
import { EVENT_STATUSES, type EventStatus, type RegistrationStatus } from '../../domain/trade';
import type { FieldMessages } from '../../errors';
import { EVENT_MANAGERS } from './events.policy';
import { TRADE_EVENT_KINDS, type EventDetailDto, type ManagedListQuery, type RegistrationDto } from './events.schema';
import { dateRange, dong, kindName } from './events.pages';

export const ADMIN_PATH = '/admin/su-kien';
export const adminEventHref = (id: string) => `${ADMIN_PATH}/${id}`;
export const registrationHref = (eventId: string, id: string) => `${ADMIN_PATH}/${eventId}/dang-ky/${id}`;
const ACTIVE = ADMIN_PATH;

const STATUS_TONE: Record<EventStatus, Tone> = { draft: 'neutral', published: 'success', cancelled: 'danger' };
const REG_TONE: Record<RegistrationStatus, Tone> = { pending: 'info', approved: 'success', rejected: 'danger', withdrawn: 'neutral' };

export function EventStatusBadge({ view, status }: { view: View; status: EventStatus }) {
  return <StatusBadge tone={STATUS_TONE[status]}>{view.t(`events.status.${status}`)}</StatusBadge>;
}
export function RegistrationBadge({ view, status }: { view: View; status: RegistrationStatus }) {
  return <StatusBadge tone={REG_TONE[status]}>{view.t(`events.reg.${status}`)}</StatusBadge>;
}

export function PostButton({ view, action, label, hidden, variant = 'btn-secondary' }: { view: View; action: string; label: string; hidden?: Record<string, string>; variant?: string }) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={view.csrfToken} />
      {Object.entries(hidden ?? {}).map(([k, v]) => <input type="hidden" name={k} value={v} />)}
      <button type="submit" class={`btn btn-sm ${variant}`}>{label}</button>
    </form>
  );
}

const isManager = (view: View) => (EVENT_MANAGERS as readonly string[]).includes(view.actor?.role ?? '');

export interface EventListProps {
  view: View;
  query: Omit<ManagedListQuery, 'pageSize'>;
  done: string | undefined;
  list: { items: EventDetailDto[]; total: number; page: number; pageSize: number };
  mine: RegistrationDto[] | null;
}

export function EventListPage({ view, query: q, done, list, mine }: EventListProps) {
  const { t } = view;
  return (
    <Layout view={view} title={t('events.admin.title')} active={ACTIVE}>
      <PageHeader title={t('events.admin.title')} lead={view.actor?.role === 'producer' ? t('events.admin.leadProducer') : t('events.admin.lead')}
        actions={isManager(view) ? <a class="btn btn-primary" href={`${ADMIN_PATH}/moi`}>{t('events.new')}</a> : undefined} />
      {done === 'cancelled' && <Notice tone="success">{t('events.done.cancelled')}</Notice>}
      {mine && (
        <section aria-labelledby="mine-h">
          <h2 id="mine-h">{t('events.mine')}</h2>
          <DataTable<RegistrationDto> caption={t('events.mine')} captionHidden rows={mine} empty={t('events.mineEmpty')} rowKey={(r) => r.id}
            columns={[
              { key: 'event', label: t('events.event'), render: (r) => <a href={registrationHref(r.eventId, r.id)}>{r.eventTitle}</a> },
              { key: 'status', label: t('events.state'), render: (r) => <RegistrationBadge view={view} status={r.status} /> },
              { key: 'booth', label: t('events.booth'), render: (r) => r.booth ?? '—' },
            ]} />
        </section>
      )}
      <FilterBar action={ADMIN_PATH} submitLabel={t('common.filter')} reset={{ href: ADMIN_PATH, label: t('common.all') }}>
        <SearchInput name="q" label={t('events.search')} value={q.q} />
        <SelectField name="kind" label={t('events.kind')} value={q.kind} placeholder={t('common.all')}
          options={TRADE_EVENT_KINDS.map((k) => ({ value: k, label: kindName(view.locale, k) }))} />
        {view.actor?.role !== 'producer' && (
          <SelectField name="status" label={t('events.state')} value={q.status} placeholder={t('common.all')}
            options={EVENT_STATUSES.map((s) => ({ value: s, label: t(`events.status.${s}`) }))} />
        )}
      </FilterBar>
      <p class="muted">{t('common.total', { total: list.total })}</p>
      <DataTable<EventDetailDto>
        caption={t('events.admin.title')} captionHidden rows={list.items} empty={t('events.empty')} rowKey={(e) => e.id}
        columns={[
          { key: 'title', label: t('events.titleField'), render: (e) => <><a href={adminEventHref(e.id)}>{e.title}</a>{e.isSample && <> <SampleBadge label={t('common.sample')} /></>}</> },
          { key: 'kind', label: t('events.kind'), render: (e) => kindName(view.locale, e.kind) },
          { key: 'dates', label: t('events.dates'), render: (e) => dateRange(e.startsOn, e.endsOn) },
          { key: 'place', label: t('events.province'), render: (e) => e.venue.provinceName },
          { key: 'status', label: t('events.state'), render: (e) => <EventStatusBadge view={view} status={e.status} /> },
          { key: 'booths', label: t('events.exhibitors'), numeric: true, render: (e) => (e.boothQuota !== null ? `${e.approved}/${e.boothQuota}` : e.approved) },
        ]}
      />
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} href={listHref(ADMIN_PATH, q)} labels={pagerLabels(view)} />
    </Layout>
  );
}

// ─── One event ───────────────────────────────────────────────────────────────

export interface RegisterFormState {
  /** The producer registered (a producer account: itself). */
  producer: { id: string; name: string };
  products: { id: string; name: string; stars: number }[];
  values: { productIds: string[]; note: string };
  errors: FieldMessages;
  summary?: string | undefined;
}

export interface EventAdminProps {
  view: View;
  e: EventDetailDto;
  done: string | undefined;
  /** Officers reading the event: its registrations. */
  registrations: RegistrationDto[] | null;
  /** The producer's own registration (or the one of the producer an officer picked). */
  mine: RegistrationDto | null;
  /** The registration form, when the caller may register (a producer, or an officer who picked one). */
  form: RegisterFormState | null;
  /** Officers: producers to register on behalf of (after a search). */
  picker: { q: string | undefined; producers: { id: string; name: string; communeName: string }[] } | null;
  errors: FieldMessages;
  summary?: string | undefined;
}

function RegisterForm({ view, e, form }: { view: View; e: EventDetailDto; form: RegisterFormState }) {
  const { t } = view;
  const labels = { productIds: t('events.products'), note: t('events.note'), producerId: t('events.producer'), form: t('events.registerTitle') };
  const err = form.errors.productIds;
  return (
    <Card title={view.actor?.role === 'producer' ? t('events.registerTitle') : t('events.registerFor', { name: form.producer.name })} variant="accent">
      {form.summary && <ErrorSummary title={t('form.errorSummary')} errors={form.errors} labels={labels} />}
      {form.products.length === 0 ? <Notice tone="warning">{t('events.noCertified')}</Notice> : (
        <form method="post" action={`${adminEventHref(e.id)}/dang-ky`} novalidate>
          <CsrfField token={view.csrfToken} />
          {view.actor?.role !== 'producer' && <input type="hidden" name="producerId" value={form.producer.id} />}
          <fieldset id="field-productIds" class={err ? 'field field--error' : 'field'} aria-describedby={err ? 'field-productIds-error' : 'field-productIds-hint'}>
            <legend>{t('events.products')}</legend>
            <p class="field-hint" id="field-productIds-hint">{t('events.productsHint')}</p>
            {err && <p class="field-error-message" id="field-productIds-error"><span class="visually-hidden">{`${t('form.errorPrefix')}: `}</span>{err}</p>}
            {form.products.map((p) => (
              <div class="checkbox-row">
                <input class="checkbox-input" type="checkbox" id={`product-${p.id}`} name="productIds" value={p.id} checked={form.values.productIds.includes(p.id) || undefined} />
                <label class="checkbox-label" for={`product-${p.id}`}>{p.name} <Stars count={p.stars} showText /></label>
              </div>
            ))}
          </fieldset>
          <TextArea name="note" label={labels.note} hint={t('events.noteHint')} value={form.values.note} error={form.errors.note} rows={3} maxLength={1000} optionalLabel={t('form.optional')} />
          <SubmitRow><button type="submit" class="btn btn-primary">{t('events.registerSubmit')}</button></SubmitRow>
        </form>
      )}
    </Card>
  );
}

function Registrations({ view, e, list }: { view: View; e: EventDetailDto; list: RegistrationDto[] }) {
  const { t } = view;
  return (
    <section aria-labelledby="regs-h">
      <h2 id="regs-h">{t('events.registrations')} ({list.length})</h2>
      <DataTable<RegistrationDto> caption={t('events.registrations')} captionHidden rows={list} empty={t('events.registrationsEmpty')} rowKey={(r) => r.id}
        columns={[
          { key: 'producer', label: t('events.producer'), render: (r) => <><a href={registrationHref(e.id, r.id)}>{r.producer.name}</a><br /><span class="muted">{r.producer.provinceName}</span></> },
          { key: 'products', label: t('events.products'), render: (r) => r.products.map((p) => p.name).join(', ') },
          { key: 'status', label: t('events.state'), render: (r) => <RegistrationBadge view={view} status={r.status} /> },
          { key: 'booth', label: t('events.booth'), render: (r) => r.booth ?? '—' },
          { key: 'sales', label: t('events.sales'), numeric: true, render: (r) => (r.result ? dong(r.result.salesValue) : '—') },
          { key: 'act', label: t('common.actions'), render: (r) => (r.actions.approve
            ? <PostButton view={view} action={`${registrationHref(e.id, r.id)}/approve`} label={t('events.approve')} hidden={{ version: String(r.version) }} variant="btn-primary" />
            : <a href={registrationHref(e.id, r.id)}>{t('common.details')}<span class="visually-hidden"> {r.producer.name}</span></a>) },
        ]} />
    </section>
  );
}

export function EventAdminPage({ view, e, done, registrations, mine, form, picker, errors, summary }: EventAdminProps) {
  const { t } = view;
  const base = adminEventHref(e.id);
  const doneKey = done && ['created', 'saved', 'published', 'registered', 'withdrawn', 'approved', 'plan'].includes(done) ? done : null;
  const v = e.venue;
  return (
    <Layout view={view} title={e.title} active={ACTIVE}>
      <BackLink href={ADMIN_PATH}>{t('events.admin.title')}</BackLink>
      <PageHeader title={e.title} caption={kindName(view.locale, e.kind)}
        actions={<>
          {e.actions.edit && <a class="btn btn-secondary" href={`${base}/sua`}>{t('common.edit')}</a>}{' '}
          {registrations && <a class="btn btn-secondary" href={`${base}/bao-cao`}>{t('events.report')}</a>}{' '}
          {e.status !== 'draft' || e.actions.edit ? <a class="btn btn-ghost" href={e.url}>{t('events.publicPage')}</a> : null}
        </>} />
      {doneKey && <Notice tone="success">{t(`events.done.${doneKey}` as 'events.done.created')}</Notice>}
      {summary && !form?.summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={{ form: t('events.admin.title'), reason: t('events.cancelReason'), file: t('events.boothPlan') }} />}
      {e.isSample && <Notice tone="info">{t('common.sampleNote')}</Notice>}
      {e.status === 'cancelled' && <Notice tone="danger">{t('events.cancelledNote')}</Notice>}
      <Card>
        <DescriptionList items={[
          { term: t('events.state'), detail: <EventStatusBadge view={view} status={e.status} /> },
          { term: t('events.dates'), detail: dateRange(e.startsOn, e.endsOn) },
          { term: t('events.venue'), detail: <>{[v.name, v.address, v.communeName, v.provinceName].filter(Boolean).join(', ')}{v.mapUrl && <> · <a href={v.mapUrl} rel="noopener">{t('events.map')}</a></>}</> },
          { term: t('events.organiser'), detail: e.organiser },
          { term: t('events.owner'), detail: e.national ? t('events.national') : e.ownerProvinceName ?? e.ownerProvinceCode ?? '—' },
          { term: t('events.registrationClosesOn'), detail: e.registrationClosesOn ? formatDateVi(e.registrationClosesOn) : t('events.closesDefault') },
          { term: t('events.booths'), detail: e.boothQuota !== null ? t('events.boothsOf', { n: e.approved, quota: e.boothQuota }) : t('events.boothsNoQuota', { n: e.approved }) },
          { term: t('events.boothFee'), detail: e.boothFee === 0 ? t('events.free') : dong(e.boothFee) },
          ...(e.support ? [{ term: t('events.support'), detail: e.support }] : []),
          { term: t('events.registration'), detail: e.registrationOpen ? t('events.registrationOpen') : t('events.registrationClosed') },
        ]} />
      </Card>
      {e.actions.publish && (
        <Card title={t('events.publish')}>
          <p>{t('events.publishLead')}</p>
          <PostButton view={view} action={`${base}/publish`} label={t('events.publish')} hidden={{ version: String(e.version) }} variant="btn-primary" />
        </Card>
      )}
      {mine && (
        <Card title={t('events.myRegistration')}>
          <p><RegistrationBadge view={view} status={mine.status} />{mine.booth && <> · {t('events.boothN', { booth: mine.booth })}</>}</p>
          <p><a href={registrationHref(e.id, mine.id)}>{t('events.openRegistration')}</a></p>
        </Card>
      )}
      {form && <RegisterForm view={view} e={e} form={form} />}
      {picker && e.registrationOpen && (
        <Card title={t('events.onBehalf')}>
          <p>{t('events.onBehalfLead')}</p>
          <FilterBar action={base} submitLabel={t('common.search')} label={t('events.pickProducer')}>
            <SearchInput name="pq" label={t('events.pickProducer')} value={picker.q} />
          </FilterBar>
          {picker.producers.length ? (
            <ul class="council-list">{picker.producers.map((p) => <li><a href={`${base}?producer=${p.id}`}>{p.name}</a> <span class="muted">({p.communeName})</span></li>)}</ul>
          ) : <p class="muted">{t('events.noProducers')}</p>}
        </Card>
      )}
      {registrations && <Registrations view={view} e={e} list={registrations} />}
      {(e.actions.edit || e.boothPlan) && (
        <Card title={t('events.boothPlan')}>
          {e.boothPlan ? <p><a href={e.boothPlan}>{t('events.boothPlanOpen')}</a></p> : <p class="muted">{t('events.boothPlanNone')}</p>}
          {e.actions.edit && (
            <form method="post" action={`${base}/so-do`} enctype="multipart/form-data" class="form-narrow">
              <CsrfField token={view.csrfToken} />
              <FileField name="file" label={t('events.boothPlanUpload')} hint={t('events.boothPlanHint', { mb: IMAGE_LIMITS.maxBytes / 1024 / 1024 })}
                accept="image/jpeg,image/png,image/webp" maxBytes={IMAGE_LIMITS.maxBytes} error={errors.file} required />
              <SubmitRow><button type="submit" class="btn btn-secondary">{t('events.boothPlanSubmit')}</button></SubmitRow>
            </form>
          )}
        </Card>
      )}
      {e.actions.cancel && (
        <Card title={t('events.cancel')}>
          <p>{t('events.cancelLead')}</p>
          <form method="post" action={`${base}/cancel`} novalidate class="form-narrow">
            <CsrfField token={view.csrfToken} />
            <input type="hidden" name="version" value={String(e.version)} />
            <TextField name="reason" label={t('events.cancelReason')} value="" error={errors.reason} maxLength={500} optionalLabel={t('form.optional')} />
            <SubmitRow><button type="submit" class="btn btn-danger">{t('events.cancel')}</button></SubmitRow>
          </form>
        </Card>
      )}
    </Layout>
  );
}
