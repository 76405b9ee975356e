/**
 * One's own account: who I am, the password change, my API tokens (not for buyers) and my open
 * sessions; in the back office (/admin/tai-khoan) and in a buyer's account (/tai-khoan/bao-mat).
 * The token tables are shared with the user page (users.view.tsx). Components only.
 */
import type { ComponentChildren } from 'preact';
import { Layout } from '../../web/components/layout';
import { randomUUID } from 'node:crypto';
import { CsrfField, ErrorSummary, SelectField, SubmitRow, TextField } from '../../web/components/form';
import { BackLink, Card, DescriptionList, Notice, PageHeader } from '../../web/components/page';
import { DataTable } from '../../web/components/table';
import { StatusBadge } from '../../web/components/badges';
import type { View } from '../../web/view';
import { formatDateTimeVi } from '../../domain/dates';
import type { FieldMessages } from '../../errors';
import type { ownSessions, TokenDto } from './accounts.service';
import { PASSWORD_MIN_LENGTH } from './password';
import { DEFAULT_TOKEN_DAYS, TOKEN_DAYS } from './tokens';

export const MY_ACCOUNT = '/admin/tai-khoan';
export const MY_TOKENS = `${MY_ACCOUNT}/khoa-api`;
export const myTokenRevoke = (id: string) => `${MY_TOKENS}/${id}/thu-hoi`;
export const BUYER_SECURITY = '/tai-khoan/bao-mat';
/** The password form and "sign out every other session" under either account page. */
export const passwordPath = (base: string) => `${base}/mat-khau`;
export const endOthersPath = (base: string) => `${base}/dang-xuat-khac`;

export type SessionItem = Awaited<ReturnType<typeof ownSessions>>[number];
export const when = (iso: string | null) => (iso ? formatDateTimeVi(new Date(iso)) : null);

const BROWSERS: [RegExp, string][] = [
  [/coc_coc_browser/i, 'Cốc Cốc'], [/Edg(e|A|iOS)?\//, 'Edge'], [/OPR\/|Opera/, 'Opera'], [/SamsungBrowser/, 'Samsung Internet'],
  [/Zalo/i, 'Zalo'], [/Firefox\/|FxiOS/, 'Firefox'], [/Chrome\/|CriOS|Chromium/, 'Chrome'], [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/Android/, 'Android'], [/iPhone|iPad|iPod/, 'iOS'], [/Windows/, 'Windows'], [/Mac OS X|Macintosh/, 'macOS'], [/CrOS/, 'ChromeOS'], [/Linux/, 'Linux'],
];

/** "Chrome trên Android" from a User-Agent; what cannot be read is shown as sent (shortened). */
export function deviceOf(view: View, userAgent: string | null): string {
  if (!userAgent) return view.t('account.sessions.unknownDevice');
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1];
  const os = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  if (browser && os) return view.t('account.sessions.on', { browser, os });
  return userAgent.length > 60 ? `${userAgent.slice(0, 57)}…` : userAgent;
}

/** An API token's state: in use, revoked or expired (with when). */
export function TokenStatus({ view, token }: { view: View; token: TokenDto }) {
  if (token.revokedAt) return <StatusBadge tone="neutral">{`${view.t('account.tokens.revoked')} ${when(token.revokedAt)}`}</StatusBadge>;
  if (token.expired) return <StatusBadge tone="neutral">{`${view.t('account.tokens.expired')} ${when(token.expiresAt)}`}</StatusBadge>;
  return <StatusBadge tone="success">{view.t('account.tokens.live')}</StatusBadge>;
}

/** API tokens with a revoke button (asks first) on the live ones; `revokePath` names the form's action. */
export function TokensTable({ view, tokens, revokePath }: { view: View; tokens: TokenDto[]; revokePath: (id: string) => string }) {
  const { t } = view;
  return (
    <DataTable<TokenDto>
      caption={t('account.tokens.title')} captionHidden rows={tokens} rowKey={(k) => k.id} empty={t('account.tokens.empty')}
      columns={[
        { key: 'name', label: t('account.tokens.name'), render: (k) => k.name },
        { key: 'prefix', label: t('account.tokens.prefix'), render: (k) => <code>{`ocop_${k.prefix}_…`}</code> },
        { key: 'created', label: t('account.createdAt'), render: (k) => when(k.createdAt) },
        { key: 'used', label: t('account.tokens.lastUsed'), render: (k) => when(k.lastUsedAt) ?? t('account.tokens.neverUsed') },
        { key: 'until', label: t('account.tokens.until'), render: (k) => when(k.expiresAt) },
        { key: 'status', label: t('users.status'), render: (k) => <TokenStatus view={view} token={k} /> },
        {
          key: 'actions', label: t('common.actions'), render: (k) => (k.revokedAt ? '—' : (
            <form method="post" action={revokePath(k.id)} class="inline-form">
              <CsrfField token={view.csrfToken} />
              <button type="submit" class="btn btn-sm btn-secondary" data-module="confirm"
                data-confirm={t('account.tokens.revokeConfirm', { name: k.name })}
                aria-label={`${t('account.tokens.revoke')}: ${k.name}`}>{t('account.tokens.revoke')}</button>
            </form>
          )),
        },
      ]}
    />
  );
}

/** The change-password form; the rules in plain words (the reset page's) under the new password. */
function PasswordCard({ view, base, errors }: { view: View; base: string; errors: FieldMessages }) {
  const { t } = view;
  return (
    <Card title={t('account.password.title')}>
      <p class="muted">{t('account.password.after')}</p>
      <form method="post" action={passwordPath(base)} novalidate>
        <CsrfField token={view.csrfToken} />
        {/* For password managers: whose password this is. */}
        <input type="text" name="username" value={view.actor?.username ?? ''} autocomplete="username" hidden readOnly />
        <TextField name="currentPassword" label={t('account.password.current')} type="password" autocomplete="current-password" required
          maxLength={300} error={errors.currentPassword} />
        <TextField name="newPassword" label={t('reset.password')} type="password" autocomplete="new-password" required maxLength={300}
          hint={t('reset.policy', { min: PASSWORD_MIN_LENGTH })} error={errors.newPassword} />
        <TextField name="confirm" label={t('reset.confirm')} type="password" autocomplete="new-password" required maxLength={300} error={errors.confirm} />
        <SubmitRow><button type="submit" class="btn btn-primary">{t('account.password.title')}</button></SubmitRow>
      </form>
    </Card>
  );
}

function SessionsCard({ view, base, sessions }: { view: View; base: string; sessions: SessionItem[] }) {
  const { t } = view;
  const others = sessions.some((s) => !s.current);
  return (
    <Card title={t('account.sessions.title')}>
      <p class="muted">{t('account.sessions.lead')}</p>
      <DataTable<SessionItem>
        caption={t('account.sessions.title')} captionHidden rows={sessions} empty={t('account.sessions.empty')}
        columns={[
          {
            key: 'device', label: t('account.sessions.device'), render: (s) => (
              <>{deviceOf(view, s.userAgent)}{s.current ? <> <StatusBadge tone="info">{t('account.sessions.current')}</StatusBadge></> : null}</>
            ),
          },
          { key: 'ip', label: t('account.sessions.ip'), render: (s) => (s.ip ? <span class="mono">{s.ip}</span> : '—') },
          { key: 'signedIn', label: t('account.sessions.signedIn'), render: (s) => when(s.createdAt) },
          { key: 'seen', label: t('account.sessions.lastSeen'), render: (s) => when(s.lastSeenAt) },
        ]}
      />
      {others ? (
        <form method="post" action={endOthersPath(base)}>
          <CsrfField token={view.csrfToken} />
          <SubmitRow>
            <button type="submit" class="btn btn-secondary" data-module="confirm" data-confirm={t('account.sessions.endOthersConfirm')}>
              {t('account.sessions.endOthers')}
            </button>
          </SubmitRow>
        </form>
      ) : null}
    </Card>
  );
}

export type Done = 'password' | 'sessions' | 'revoked';

/** The success notice after a redirect (`ended`: how many other sessions ended). */
function DoneNotice({ view, done, ended }: { view: View; done?: Done | undefined; ended?: number | undefined }) {
  const { t } = view;
  if (!done) return null;
  const sessions = ended !== undefined ? t('account.sessions.ended', { count: ended }) : null;
  if (done === 'password') return <Notice tone="success" title={t('account.password.done')}>{sessions ? <p>{sessions}</p> : null}</Notice>;
  if (done === 'sessions') return sessions ? <Notice tone="success">{sessions}</Notice> : null;
  return <Notice tone="success">{t('account.tokens.revokedDone')}</Notice>;
}

export interface OwnAccount {
  /** Where the account belongs: its area, or its producer. */
  areaName: string | null;
  producer: { id: string; name: string } | null;
  email?: string | null;
  sessions: SessionItem[];
  /** null: the account has no API tokens here (buyers). */
  tokens: TokenDto[] | null;
}

export interface OwnAccountProps {
  view: View;
  account: OwnAccount;
  done?: Done | undefined;
  ended?: number | undefined;
  errors?: FieldMessages;
  values?: { name?: string; days?: string };
}

/** Labels of the fields on the own-account page, for the error summary. */
function ownLabels(view: View): Record<string, string> {
  const { t } = view;
  return {
    currentPassword: t('account.password.current'), newPassword: t('reset.password'), confirm: t('reset.confirm'), name: t('account.tokens.name'), days: t('account.tokens.days'),
  };
}

function WhoCard({ view, account }: { view: View; account: OwnAccount }) {
  const { t, actor } = view;
  if (!actor) return null;
  // The latest sign-in among the open sessions (this one included).
  const last = account.sessions.map((s) => s.createdAt).sort().at(-1) ?? null;
  return (
    <Card title={t('account.who.title')}>
      <DescriptionList items={[
        { term: t('officerReset.name'), detail: actor.displayName },
        { term: t('login.username'), detail: <span class="mono">{actor.username}</span> },
        { term: t('officerReset.role'), detail: t(`role.${actor.role}`) },
        ...(account.producer
          ? [{ term: t('role.producer'), detail: <a href={`/admin/producers/${account.producer.id}`}>{account.producer.name}</a> as ComponentChildren }]
          : actor.role === 'buyer' ? [] : [{ term: t('account.who.area'), detail: account.areaName ?? t('account.who.national') }]),
        { term: t('account.who.lastSignIn'), detail: when(last) ?? t('account.who.never') },
      ]} />
    </Card>
  );
}

/** /admin/tai-khoan: "Tài khoản của tôi" of every back-office role. */
export function MyAccountPage({ view, account, done, ended, errors = {}, values = {} }: OwnAccountProps) {
  const { t } = view;
  return (
    <Layout view={view} title={t('nav.myAccount')}>
      <PageHeader title={t('nav.myAccount')} lead={t('account.mine.lead')} />
      <DoneNotice view={view} done={done} ended={ended} />
      <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={ownLabels(view)} />
      <WhoCard view={view} account={account} />
      <PasswordCard view={view} base={MY_ACCOUNT} errors={errors} />
      {account.tokens ? (
        <Card title={t('account.tokens.title')}>
          <p class="muted">{t('account.tokens.lead')}</p>
          <TokensTable view={view} tokens={account.tokens} revokePath={myTokenRevoke} />
          <form method="post" action={MY_TOKENS} novalidate>
            <CsrfField token={view.csrfToken} />
            {/* One token per form shown: a reload of the answer sends this key again and makes no second token. */}
            <input type="hidden" name="formKey" value={randomUUID()} />
            <TextField name="name" label={t('account.tokens.name')} hint={t('account.tokens.nameHint')} value={values.name ?? ''} required
              maxLength={100} error={errors.name} width="lg" />
            <SelectField name="days" label={t('account.tokens.days')} hint={t('account.tokens.daysHint')} required error={errors.days} width="sm"
              value={values.days ?? String(DEFAULT_TOKEN_DAYS)} options={TOKEN_DAYS.map((d) => ({ value: String(d), label: t('account.tokens.daysOption', { days: d }) }))} />
            <SubmitRow><button type="submit" class="btn btn-primary">{t('account.tokens.create')}</button></SubmitRow>
          </form>
        </Card>
      ) : null}
      <SessionsCard view={view} base={MY_ACCOUNT} sessions={account.sessions} />
    </Layout>
  );
}

/** /tai-khoan/bao-mat: a buyer's password and sessions, in the public chrome of the buyer's account. */
export function BuyerSecurityPage({ view, account, done, ended, errors = {} }: OwnAccountProps) {
  const { t } = view;
  return (
    <Layout view={view} title={t('account.security.title')} variant="public">
      <div class="portal-page buyer-page">
        <BackLink href="/tai-khoan">{t('nav.myAccount')}</BackLink>
        <PageHeader title={t('account.security.title')} lead={t('account.security.lead')} />
        <DoneNotice view={view} done={done} ended={ended} />
        <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={ownLabels(view)} />
        <WhoCard view={view} account={account} />
        <PasswordCard view={view} base={BUYER_SECURITY} errors={errors} />
        <SessionsCard view={view} base={BUYER_SECURITY} sessions={account.sessions} />
      </div>
    </Layout>
  );
}

/** The new token, shown this once (the answer to the create form; never stored or sent again). */
export function TokenCreatedPage({ view, token, name }: { view: View; token: string; name: string }) {
  const { t } = view;
  return (
    <Layout view={view} title={t('account.tokens.createdTitle', { name })}>
      <BackLink href={MY_ACCOUNT}>{t('nav.myAccount')}</BackLink>
      <PageHeader title={t('account.tokens.createdTitle', { name })} />
      <Notice tone="warning">{t('account.tokens.once')}</Notice>
      <Card>
        <div class="field">
          <label class="field-label" for="field-token">{t('account.tokens.title')}</label>
          <input class="input mono" id="field-token" type="text" value={token} readOnly autocomplete="off" spellcheck={false} />
        </div>
        <p>{t('account.tokens.howTo')}</p>
        <p><code>{'Authorization: Bearer '}{token}</code></p>
        <SubmitRow><a class="btn btn-primary" href={MY_ACCOUNT}>{t('account.tokens.copied')}</a></SubmitRow>
      </Card>
    </Layout>
  );
}
