/**
 * A buyer organisation's pages (issue 16), in the public chrome of a buyer's account: signing the
 * organisation up (/ket-noi/dang-ky), its demands with their status (/tai-khoan/nhu-cau), posting
 * one (/moi), one demand with the offers side by side, the matched products and the question
 * threads (/:id), and its trade agreements (/tai-khoan/hop-dong). Phone first; every form works
 * without JavaScript. Components only: data comes as props.
 */
import type { ComponentChildren } from 'preact';
import type { View } from '../../web/view';
import { SampleBadge, StatusBadge } from '../../web/components/badges';
import { CsrfField, ErrorSummary, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { Card, DescriptionList, EmptyState, Notice } from '../../web/components/page';
import { DataTable } from '../../web/components/table';
import { BUYER_ORG_KINDS } from '../../domain/trade';
import { PortalShell } from '../portal/portal-page';
import type { AgreementDto, BuyerOrgDto, DemandDto, MatchDto, OfferDto, ThreadDto } from './trade.schema';
import { AgreementCard, day, DemandFacts, DemandStatus, MatchesTable, OfferCards, ORG_TONE, StatusTabs, ThreadBox } from './trade-shared.pages';

export const ORG_SIGNUP_PATH = '/ket-noi/dang-ky';
export const MY_DEMANDS = '/tai-khoan/nhu-cau';
export const NEW_DEMAND = '/tai-khoan/nhu-cau/moi';
export const MY_AGREEMENTS = '/tai-khoan/hop-dong';
export const myDemand = (id: string) => `${MY_DEMANDS}/${id}`;

type Option = { value: string; label: string };
type Tab = 'account' | 'addresses' | 'orders' | 'demands' | 'agreements';

/** The account's sections, as the market's account pages list them, with trade connection's two. */
function AccountNav({ view, active }: { view: View; active: Tab }) {
  const { t } = view;
  const items: [Tab, string, string][] = [
    ['account', '/tai-khoan', t('buyer.nav.account')], ['addresses', '/tai-khoan/dia-chi', t('buyer.nav.addresses')], ['orders', '/tai-khoan/don-hang', t('buyer.nav.orders')],
    ['demands', MY_DEMANDS, t('tradeUi.nav.demands')], ['agreements', MY_AGREEMENTS, t('tradeUi.nav.agreements')],
  ];
  return (
    <nav class="active-filters account-nav" aria-label={t('buyer.nav')}>
      <ul>{items.map(([key, href, label]) => <li><a class="chip" href={href} aria-current={key === active ? 'page' : undefined}>{label}</a></li>)}</ul>
    </nav>
  );
}

function Shell({ view, title, active, children }: { view: View; title: string; active: Tab; children: ComponentChildren }) {
  return (
    <PortalShell view={view} title={title} active="market">
      <div class="portal-page buyer-page trade-page">
        <AccountNav view={view} active={active} />
        <h1>{title}</h1>
        {children}
      </div>
    </PortalShell>
  );
}

// ─── Signing an organisation up ───────────────────────────────────────────────

export const SIGNUP_FIELDS = ['name', 'kind', 'taxCode', 'communeCode', 'address', 'contactName', 'phone', 'email', 'website', 'username'] as const;

export interface OrgSignupProps {
  view: View; token: string; provinces: Option[]; province: string; communes: Option[];
  values: Record<string, string>; errors: Record<string, string>; signedInAs: string | null;
}

/** Province first (a GET form: its communes follow without JavaScript), then the organisation and its login. */
export function OrgSignupPage({ view, token, provinces, province, communes, values, errors, signedInAs }: OrgSignupProps) {
  const { t } = view;
  const v = (k: string) => values[k] ?? '';
  const opt = t('form.optional');
  const label = (k: (typeof SIGNUP_FIELDS)[number] | 'password' | 'passwordAgain') => t(`tradeUi.signup.${k}`);
  const labels = Object.fromEntries([...SIGNUP_FIELDS, 'password', 'passwordAgain'].map((k) => [k, label(k as 'name')]));
  return (
    <PortalShell view={view} title={t('tradeUi.signup.title')} active="market">
      <div class="auth-card auth-card--wide">
        <h1>{t('tradeUi.signup.title')}</h1>
        <p>{t('tradeUi.signup.lead')}</p>
        {signedInAs ? <Notice tone="info">{t('tradeUi.signup.signedIn', { name: signedInAs })}</Notice> : null}
        <ErrorSummary errors={errors} labels={labels} title={t('tradeUi.errors')} />
        <form method="get" action={ORG_SIGNUP_PATH} class="request-province">
          <SelectField name="tinh" label={t('tradeUi.signup.province')} value={province} options={provinces} placeholder={t('tradeUi.signup.chooseProvince')} autoSubmit required />
          <button type="submit" class="btn btn-secondary btn-sm">{t('tradeUi.signup.showCommunes')}</button>
        </form>
        <form method="post" action={ORG_SIGNUP_PATH} novalidate>
          <CsrfField token={token} />
          <input type="hidden" name="tinh" value={province} />
          <SelectField name="communeCode" label={label('communeCode')} value={v('communeCode')} options={communes} error={errors.communeCode} required
            placeholder={province ? t('tradeUi.signup.chooseCommune') : t('tradeUi.signup.provinceFirst')} hint={province ? undefined : t('tradeUi.signup.provinceFirstHint')} />
          <TextField name="name" label={label('name')} value={v('name')} error={errors.name} required maxLength={200} autocomplete="organization" />
          <SelectField name="kind" label={label('kind')} value={v('kind')} error={errors.kind} required placeholder="—"
            options={BUYER_ORG_KINDS.map((k) => ({ value: k, label: t(`trade.kind.${k}`) }))} />
          <TextField name="taxCode" label={label('taxCode')} hint={t('tradeUi.signup.taxCodeHint')} value={v('taxCode')} error={errors.taxCode} required inputMode="numeric" width="sm" maxLength={20} spellcheck={false} />
          <TextField name="address" label={label('address')} hint={t('tradeUi.signup.addressHint')} value={v('address')} error={errors.address} required maxLength={300} autocomplete="street-address" />
          <TextField name="contactName" label={label('contactName')} value={v('contactName')} error={errors.contactName} required maxLength={100} autocomplete="name" />
          <TextField name="phone" label={label('phone')} type="tel" value={v('phone')} error={errors.phone} required inputMode="tel" width="sm" maxLength={30} autocomplete="tel" />
          <TextField name="email" label={label('email')} type="email" hint={t('tradeUi.signup.emailHint')} value={v('email')} error={errors.email} required maxLength={254} autocomplete="email" spellcheck={false} />
          <TextField name="website" label={label('website')} value={v('website')} error={errors.website} optionalLabel={opt} maxLength={300} spellcheck={false} />
          <TextField name="username" label={label('username')} hint={t('tradeUi.signup.usernameHint')} value={v('username')} error={errors.username} optionalLabel={opt} width="md" maxLength={64} autocomplete="username" spellcheck={false} />
          <TextField name="password" label={label('password')} type="password" hint={t('tradeUi.signup.passwordHint')} error={errors.password} required maxLength={256} autocomplete="new-password" />
          <TextField name="passwordAgain" label={label('passwordAgain')} type="password" error={errors.passwordAgain} required maxLength={256} autocomplete="new-password" />
          <SubmitRow><button type="submit" class="btn btn-primary">{t('tradeUi.signup.submit')}</button></SubmitRow>
        </form>
        <p><a href={`/login?next=${encodeURIComponent(MY_DEMANDS)}`}>{t('tradeUi.signup.haveAccount')}</a></p>
      </div>
    </PortalShell>
  );
}

// ─── The organisation's demands ───────────────────────────────────────────────

/** Where the organisation stands: verified, awaiting verification, or not verified (with the reason). */
function OrgBanner({ view, org }: { view: View; org: BuyerOrgDto }) {
  const { t } = view;
  const tone = org.status === 'verified' ? 'success' : org.status === 'pending' ? 'warning' : 'danger';
  return (
    <Notice tone={tone} title={`${org.name} · ${t(`trade.orgStatus.${org.status}`)}`}>
      <p>{org.status === 'verified' ? t('tradeUi.org.verifiedText') : org.status === 'pending'
        ? t('tradeUi.org.pendingText', { province: org.provinceName }) : t('tradeUi.org.rejectedText', { reason: org.reviewNote ?? '—' })}</p>
    </Notice>
  );
}

export function NoOrgPage({ view }: { view: View }) {
  const { t } = view;
  return (
    <Shell view={view} title={t('tradeUi.nav.demands')} active="demands">
      <Notice tone="info" title={t('tradeUi.noOrg.title')}><p>{t('tradeUi.noOrg.text')}</p></Notice>
      <p><a class="btn btn-primary" href={ORG_SIGNUP_PATH}>{t('tradeUi.signup.title')}</a></p>
    </Shell>
  );
}

export function MyDemandsPage({ view, org, demands, total, created, done }: {
  view: View; org: BuyerOrgDto; demands: DemandDto[]; total: number; created: string | null; done?: string | undefined;
}) {
  const { t } = view;
  return (
    <Shell view={view} title={t('tradeUi.nav.demands')} active="demands">
      {created ? <Notice tone="success">{t('tradeUi.org.created', { name: org.name, login: created })}</Notice> : null}
      {done ? <Notice tone="success">{done}</Notice> : null}
      <OrgBanner view={view} org={org} />
      {org.status === 'verified'
        ? <p><a class="btn btn-primary" href={NEW_DEMAND}>{t('tradeUi.demand.new')}</a></p>
        : <p class="muted">{t('tradeUi.demand.cannotPost')}</p>}
      <DataTable<DemandDto> caption={t('tradeUi.demands.caption', { n: total })} rows={demands} rowKey={(d) => d.id}
        empty={<EmptyState>{t('tradeUi.demands.none')}</EmptyState>}
        columns={[
          { key: 'title', label: t('tradeUi.demand.title'), render: (d) => <><a href={myDemand(d.id)}>{d.title}</a>{d.isSample ? <> <SampleBadge label={t('portal.sample')} /></> : null}</> },
          { key: 'quantity', label: t('tradeUi.demand.quantity'), numeric: true, render: (d) => `${d.quantity.toLocaleString('vi-VN')} ${d.unit}` },
          { key: 'deadline', label: t('tradeUi.demand.deadline'), render: (d) => day(d.deadline) },
          { key: 'offers', label: t('tradeUi.demand.offers'), numeric: true, render: (d) => d.offers },
          { key: 'status', label: t('tradeUi.demand.status'), render: (d) => <DemandStatus view={view} status={d.status} /> },
        ]} />
      <details class="trade-org-facts">
        <summary>{t('tradeUi.org.facts')}</summary>
        <OrgFacts view={view} org={org} />
      </details>
    </Shell>
  );
}

export const DEMAND_FIELDS = ['title', 'productSetCode', 'minStars', 'quantity', 'unit', 'packaging', 'deliveryProvinceCode', 'neededBy', 'certifications', 'deadline', 'description'] as const;

export function DemandFormPage({ view, sets, provinces, values, errors }: { view: View; sets: Option[]; provinces: Option[]; values: Record<string, string>; errors: Record<string, string> }) {
  const { t } = view;
  const v = (k: string) => values[k] ?? '';
  const opt = t('form.optional');
  const label = (k: (typeof DEMAND_FIELDS)[number]) => t(`tradeUi.demand.${k}`);
  return (
    <Shell view={view} title={t('tradeUi.demand.newTitle')} active="demands">
      <ErrorSummary errors={errors} title={t('tradeUi.errors')} labels={Object.fromEntries(DEMAND_FIELDS.map((k) => [k, label(k)]))} />
      <form method="post" action={NEW_DEMAND} class="form-narrow" novalidate>
        <CsrfField token={view.csrfToken} />
        <TextField name="title" label={label('title')} hint={t('tradeUi.demand.titleHint')} value={v('title')} error={errors.title} required maxLength={200} />
        <SelectField name="productSetCode" label={label('productSetCode')} value={v('productSetCode')} error={errors.productSetCode} options={sets} placeholder={t('tradeUi.demand.freeText')} optionalLabel={opt} />
        <SelectField name="minStars" label={label('minStars')} value={v('minStars')} error={errors.minStars} placeholder={t('tradeUi.demand.anyStars')} optionalLabel={opt}
          options={[3, 4, 5].map((n) => ({ value: String(n), label: t(n === 5 ? 'tradeUi.demand.stars5' : 'tradeUi.demand.starsFrom', { n }) }))} />
        <TextField name="quantity" label={label('quantity')} value={v('quantity')} error={errors.quantity} required inputMode="numeric" width="sm" maxLength={10} />
        <TextField name="unit" label={label('unit')} hint={t('tradeUi.demand.unitHint')} value={v('unit')} error={errors.unit} required width="sm" maxLength={30} />
        <TextField name="packaging" label={label('packaging')} value={v('packaging')} error={errors.packaging} optionalLabel={opt} maxLength={300} />
        <SelectField name="deliveryProvinceCode" label={label('deliveryProvinceCode')} value={v('deliveryProvinceCode')} error={errors.deliveryProvinceCode} required placeholder="—" options={provinces} />
        <TextField name="deadline" type="date" label={label('deadline')} hint={t('tradeUi.demand.deadlineHint')} value={v('deadline')} error={errors.deadline} required width="md" />
        <TextField name="neededBy" type="date" label={label('neededBy')} value={v('neededBy')} error={errors.neededBy} optionalLabel={opt} width="md" />
        <TextField name="certifications" label={label('certifications')} hint={t('tradeUi.demand.certificationsHint')} value={v('certifications')} error={errors.certifications} optionalLabel={opt} maxLength={600} />
        <TextArea name="description" label={label('description')} value={v('description')} error={errors.description} optionalLabel={opt} rows={4} maxLength={4000} />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{t('tradeUi.demand.submit')}</button>
          <a class="btn btn-link" href={MY_DEMANDS}>{t('tradeUi.demand.back')}</a>
        </SubmitRow>
      </form>
    </Shell>
  );
}

// ─── One demand ───────────────────────────────────────────────────────────────

export interface BuyerDemandProps {
  view: View; d: DemandDto; offers: OfferDto[]; matches: MatchDto[];
  producers: { id: string; name: string; messages: number }[]; thread: ThreadDto | null;
  done?: string | undefined; error?: string | undefined; threadError?: string | undefined;
}

export function BuyerDemandPage({ view, d, offers, matches, producers, thread, done, error, threadError }: BuyerDemandProps) {
  const { t } = view;
  const base = myDemand(d.id);
  const deciding = d.status === 'open' || d.status === 'awarded';
  const decide = (o: OfferDto) => (o.status !== 'submitted' || !deciding ? null : (
    <div class="stack trade-decide">
      <form method="post" action={`${base}/chao-gia/${o.id}/chap-nhan`} class="inline-form">
        <CsrfField token={view.csrfToken} />
        <button type="submit" class="btn btn-primary btn-sm" aria-label={t('tradeUi.offer.acceptLabel', { name: o.producer.name })}>{t('tradeUi.offer.accept')}</button>
      </form>
      <form method="post" action={`${base}/chao-gia/${o.id}/tu-choi`} class="trade-decline" novalidate>
        <CsrfField token={view.csrfToken} />
        <TextField name="reason" label={t('tradeUi.offer.reason')} maxLength={1000} optionalLabel={t('form.optional')} />
        <button type="submit" class="btn btn-secondary btn-sm" aria-label={t('tradeUi.offer.declineLabel', { name: o.producer.name })}>{t('tradeUi.offer.decline')}</button>
      </form>
    </div>
  ));
  return (
    <Shell view={view} title={d.title} active="demands">
      {done ? <Notice tone="success">{done}</Notice> : null}
      {error ? <Notice tone="danger">{error}</Notice> : null}
      <p><a href={MY_DEMANDS}>{t('tradeUi.demand.back')}</a></p>
      <p class="cluster">
        <DemandStatus view={view} status={d.status} />
        <span>{t('tradeUi.demand.summary', { quantity: `${d.quantity.toLocaleString('vi-VN')} ${d.unit}`, province: d.deliveryProvinceName, deadline: day(d.deadline) })}</span>
      </p>
      <details class="trade-details">
        <summary>{t('tradeUi.demand.details')}</summary>
        <DemandFacts view={view} d={d} />
      </details>
      <section aria-labelledby="offers-title" class="trade-section">
        <h2 id="offers-title">{t('tradeUi.offers.title', { n: offers.length })}</h2>
        <p class="muted">{t('tradeUi.offers.lead')}</p>
        <OfferCards view={view} offers={offers} unit={d.unit} actions={decide} label={t('tradeUi.offers.caption', { n: offers.length })} />
        {offers.some((o) => o.status === 'accepted') ? <p><a href={MY_AGREEMENTS}>{t('tradeUi.offers.toAgreements')}</a></p> : null}
      </section>
      <section aria-labelledby="thread-title" class="trade-section" id="hoi-dap">
        <h2 id="thread-title">{t('tradeUi.thread.title')}</h2>
        {producers.length ? (
          <nav class="stamp-tabs trade-tabs" aria-label={t('tradeUi.thread.producers')}>
            {producers.map((p) => (
              <a href={`${base}?chu-the=${p.id}#hoi-dap`} aria-current={thread?.producer.id === p.id ? 'page' : undefined}>
                {p.name}{p.messages ? ` (${p.messages})` : ''}
              </a>
            ))}
          </nav>
        ) : <p class="muted">{t('tradeUi.thread.noProducers')}</p>}
        {thread ? (
          <Card title={t('tradeUi.thread.with', { name: thread.producer.name })} level={3}>
            <ThreadBox view={view} thread={thread} action={`${base}/hoi-dap`} producerId={thread.producer.id} ownSide="buyer" error={threadError} closed={d.status === 'cancelled'} />
          </Card>
        ) : producers.length ? <p class="muted">{t('tradeUi.thread.choose')}</p> : null}
      </section>
      <section aria-labelledby="matches-title" class="trade-section">
        <h2 id="matches-title">{t('tradeUi.matches.title', { n: matches.length })}</h2>
        <p class="muted">{t('tradeUi.matches.lead')}</p>
        <MatchesTable view={view} matches={matches} ask={d.status === 'cancelled' ? undefined : (id) => `${base}?chu-the=${id}#hoi-dap`} />
      </section>
      {d.status === 'open' || d.status === 'awarded' ? (
        <section aria-labelledby="end-title" class="trade-section">
          <h2 id="end-title">{t('tradeUi.demand.endTitle')}</h2>
          <p class="muted">{t(d.status === 'open' ? 'tradeUi.demand.endLead' : 'tradeUi.demand.closeLead')}</p>
          <div class="cluster">
            <form method="post" action={`${base}/dong`} class="inline-form">
              <CsrfField token={view.csrfToken} />
              <button type="submit" class="btn btn-secondary">{t('tradeUi.demand.close')}</button>
            </form>
            {d.status === 'open' ? (
              <form method="post" action={`${base}/huy`} class="inline-form">
                <CsrfField token={view.csrfToken} />
                <button type="submit" class="btn btn-ghost">{t('tradeUi.demand.cancel')}</button>
              </form>
            ) : null}
          </div>
        </section>
      ) : null}
    </Shell>
  );
}

// ─── Agreements ───────────────────────────────────────────────────────────────

export function MyAgreementsPage({ view, items, status, done, failed }: {
  view: View; items: AgreementDto[]; status: AgreementDto['status'] | undefined; done?: string | undefined;
  failed?: { id: string; errors: Record<string, string>; message: string } | undefined;
}) {
  const { t } = view;
  return (
    <Shell view={view} title={t('tradeUi.nav.agreements')} active="agreements">
      {done ? <Notice tone="success">{done}</Notice> : null}
      {failed ? <Notice tone="danger">{failed.errors.form ?? failed.message}</Notice> : null}
      <p class="muted">{t('tradeUi.agreements.buyerLead')}</p>
      <StatusTabs view={view} label={t('tradeUi.agreements.status')} statuses={['negotiating', 'signed', 'delivering', 'completed', 'cancelled'] as const} current={status}
        href={(s) => (s ? `${MY_AGREEMENTS}?trang-thai=${s}` : MY_AGREEMENTS)} text={(s) => t(`trade.agreementStatus.${s}`)} />
      {items.length ? (
        <ul class="plain-list trade-agreements">
          {items.map((a) => <AgreementCard view={view} a={a} action={`${MY_AGREEMENTS}/${a.id}`} errors={failed?.id === a.id ? failed.errors : {}} demandHref={myDemand} />)}
        </ul>
      ) : <EmptyState>{t('tradeUi.agreements.none')}</EmptyState>}
    </Shell>
  );
}

/** The organisation as registered (on its demands page). */
function OrgFacts({ view, org }: { view: View; org: BuyerOrgDto }) {
  const { t } = view;
  return (
    <DescriptionList items={[
      { term: t('tradeUi.signup.kind'), detail: t(`trade.kind.${org.kind}`) },
      { term: t('tradeUi.signup.taxCode'), detail: org.taxCode },
      { term: t('tradeUi.signup.address'), detail: `${org.address}, ${org.provinceName}` },
      { term: t('tradeUi.signup.contactName'), detail: `${org.contactName} · ${org.phone} · ${org.email}` },
      { term: t('tradeUi.org.status'), detail: <StatusBadge tone={ORG_TONE[org.status]}>{t(`trade.orgStatus.${org.status}`)}</StatusBadge> },
    ]} />
  );
}
