import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, TextField, SubmitRow } from '../../web/components/form';
import { Notice } from '../../web/components/page';
import type { View } from '../../web/view';

export interface LoginPageProps {
  view: View;
  next: string;
  username?: string;
  error?: 'invalid_credentials' | string;
  /** Sign-in for this username is held back this many seconds (too many failures). */
  retryAfter?: number | undefined;
  /** What just happened: a new password was set, or an account was requested. */
  done?: 'reset' | 'requested' | undefined;
}

export function LoginPage({ view, next, username, error, retryAfter, done }: LoginPageProps) {
  const { t } = view;
  const message = retryAfter !== undefined ? t('login.delayed', { seconds: retryAfter }) : error ? t('errors.invalid_credentials') : null;
  return (
    <Layout view={view} title={t('login.title')} variant="public">
      <div class="auth-card">
        <h1>{t('login.title')}</h1>
        {done === 'reset' && <Notice tone="success">{t('reset.done')}</Notice>}
        {done === 'requested' && <Notice tone="success">{t('request.sent')}</Notice>}
        {message && <ErrorSummary title={t('form.errorSummary')} errors={{ username: message }} />}
        <form method="post" action="/login" novalidate>
          <CsrfField token={view.csrfToken} />
          {next && <input type="hidden" name="next" value={next} />}
          <TextField name="username" label={t('login.username')} value={username ?? ''} autocomplete="username" required spellcheck={false} error={message ?? undefined} />
          <TextField name="password" label={t('login.password')} type="password" autocomplete="current-password" required />
          <p class="auth-forgot"><a href="/quen-mat-khau">{t('login.forgot')}</a></p>
          <SubmitRow>
            <button type="submit" class="btn btn-primary">{t('login.submit')}</button>
          </SubmitRow>
        </form>
        <div class="auth-alt">
          <p>{t('login.noAccount')}</p>
          <a class="btn btn-secondary" href="/dang-ky-tai-khoan">{t('login.register')}</a>
          <p class="auth-alt-buyer">{t('login.buyer')}</p>
          <a class="btn btn-secondary" href={`/dang-ky-mua-hang${next ? `?next=${encodeURIComponent(next)}` : ''}`}>{t('buyer.invite')}</a>
        </div>
      </div>
    </Layout>
  );
}
