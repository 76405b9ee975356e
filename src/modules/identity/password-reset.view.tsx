import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SubmitRow, TextField } from '../../web/components/form';
import { BackLink, Card, DescriptionList, Notice, PageHeader } from '../../web/components/page';
import type { View } from '../../web/view';
import { PASSWORD_MIN_LENGTH } from './password';

/** "Quên mật khẩu": the request form, and after it the same answer whatever was typed. */
export function ForgotPasswordPage({ view, sent, error, login }: { view: View; sent?: boolean; error?: string; login?: string }) {
  const { t } = view;
  return (
    <Layout view={view} title={t('forgot.title')} variant="public">
      <div class="auth-card">
        <h1>{t('forgot.title')}</h1>
        {sent ? (
          <>
            <Notice tone="success" title={t('forgot.sentTitle')}>{t('forgot.sent', { minutes: 30 })}</Notice>
            <p>{t('forgot.noEmail')}</p>
            <p><a href="/login">{t('forgot.backToLogin')}</a></p>
          </>
        ) : (
          <>
            <p>{t('forgot.lead')}</p>
            {error && <ErrorSummary title={t('form.errorSummary')} errors={{ login: error }} />}
            <form method="post" action="/quen-mat-khau" novalidate>
              <CsrfField token={view.csrfToken} />
              <TextField name="login" label={t('forgot.login')} value={login ?? ''} autocomplete="username" required spellcheck={false} error={error} />
              <SubmitRow><button type="submit" class="btn btn-primary">{t('forgot.submit')}</button></SubmitRow>
            </form>
            <p class="muted small">{t('forgot.noEmail')}</p>
            <p><a href="/login">{t('forgot.backToLogin')}</a></p>
          </>
        )}
      </div>
    </Layout>
  );
}

export interface ResetPageProps {
  view: View;
  action: string;
  /** null: the link is unknown, used or expired. */
  username: string | null;
  temporary?: boolean;
  errors?: Record<string, string>;
}

/** Choosing a new password through a link (from the e-mail, or after a temporary password). */
export function ResetPasswordPage({ view, action, username, temporary, errors = {} }: ResetPageProps) {
  const { t } = view;
  return (
    <Layout view={view} title={t('reset.title')} variant="public">
      <div class="auth-card">
        <h1>{t('reset.title')}</h1>
        {username === null ? (
          <>
            <Notice tone="warning" title={t('reset.invalidTitle')}>{t('reset.invalid')}</Notice>
            <p><a class="btn btn-primary" href="/quen-mat-khau">{t('reset.askAgain')}</a></p>
          </>
        ) : (
          <>
            {temporary && <Notice tone="info">{t('reset.temporary')}</Notice>}
            <p>{t('reset.lead', { username })}</p>
            <ErrorSummary title={t('form.errorSummary')} errors={errors} />
            <form method="post" action={action} novalidate>
              <CsrfField token={view.csrfToken} />
              <input type="text" name="username" value={username} autocomplete="username" hidden readOnly />
              <TextField name="password" label={t('reset.password')} type="password" autocomplete="new-password" required
                hint={t('reset.policy', { min: PASSWORD_MIN_LENGTH })} error={errors.password} />
              <TextField name="confirm" label={t('reset.confirm')} type="password" autocomplete="new-password" required error={errors.confirm} />
              <SubmitRow><button type="submit" class="btn btn-primary">{t('reset.submit')}</button></SubmitRow>
            </form>
          </>
        )}
      </div>
    </Layout>
  );
}

export interface OfficerResetProps {
  view: View;
  username?: string;
  error?: string;
  found?: { username: string; displayName: string; role: string; email: string | null; producerName: string | null };
  issued?: { username: string; password: string };
}

/** An officer gives a user of their area a temporary password (for users without e-mail). */
export function OfficerResetPage({ view, username, error, found, issued }: OfficerResetProps) {
  const { t } = view;
  return (
    <Layout view={view} title={t('officerReset.title')} active="/admin/account-requests">
      <BackLink href="/admin/account-requests">{t('requests.title')}</BackLink>
      <PageHeader title={t('officerReset.title')} lead={t('officerReset.lead')} />
      {issued ? (
        <Card title={t('officerReset.issuedTitle', { username: issued.username })}>
          <p>{t('officerReset.issued')}</p>
          <p class="temp-password mono">{issued.password}</p>
          <p class="muted">{t('officerReset.issuedNote')}</p>
        </Card>
      ) : found ? (
        <Card title={t('officerReset.confirmTitle')}>
          <DescriptionList items={[
            { term: t('login.username'), detail: found.username },
            { term: t('officerReset.name'), detail: found.displayName || '—' },
            { term: t('officerReset.role'), detail: t(`role.${found.role}` as 'role.producer') },
            ...(found.producerName ? [{ term: t('role.producer'), detail: found.producerName }] : []),
            { term: t('officerReset.email'), detail: found.email ?? t('officerReset.noEmail') },
          ]} />
          <form method="post" action="/admin/accounts/password" class="stack">
            <CsrfField token={view.csrfToken} />
            <input type="hidden" name="username" value={found.username} />
            <input type="hidden" name="confirm" value="yes" />
            <SubmitRow>
              <button type="submit" class="btn btn-primary">{t('officerReset.submit')}</button>
              <a class="btn btn-ghost" href="/admin/accounts/password">{t('officerReset.cancel')}</a>
            </SubmitRow>
          </form>
        </Card>
      ) : (
        <Card title={t('officerReset.findTitle')}>
          {error && <ErrorSummary title={t('form.errorSummary')} errors={{ username: error }} />}
          <form method="get" action="/admin/accounts/password" novalidate>
            <TextField name="username" label={t('login.username')} value={username ?? ''} required spellcheck={false} error={error} width="md" />
            <SubmitRow><button type="submit" class="btn btn-primary">{t('officerReset.find')}</button></SubmitRow>
          </form>
        </Card>
      )}
    </Layout>
  );
}
