/**
 * The caller's notifications (newest first, with a link to their settings) and the notification
 * settings page: per kind e-mail on/off, quiet hours. Components only: data comes as props.
 */
import type { View } from '../../web/view';
import type { FieldMessages } from '../../errors';
import { Layout } from '../../web/components/layout';
import { Checkbox, CsrfField, ErrorSummary, SubmitRow, TextField } from '../../web/components/form';
import { Pagination } from '../../web/components/pagination';
import { BackLink, Card, Notice, PageHeader } from '../../web/components/page';
import { StatusBadge } from '../../web/components/badges';
import { pagerLabels } from '../../web/components/pager';
import { formatDateTimeVi } from '../../domain/dates';
import type { MessageKey } from '../../core/i18n';
import type { NotificationDto } from '../certification/certification.schema';
import { PostButton } from '../certification/certificate.view';
import type { NoticeSettings } from './notices.service';

export const SETTINGS_HREF = '/admin/notifications/settings';
export const READ_ALL_HREF = '/admin/notifications/read-all';

export interface NotificationsPageProps {
  view: View;
  page: { items: NotificationDto[]; total: number; unread: number; page: number; pageSize: number };
}

/** The list of notices, newest first, each with its link and a "mark read" button. */
export function NoticeList({ view, page: r, readAction, href }: {
  view: View; page: NotificationsPageProps['page']; readAction: (id: number) => string; href: (page: number) => string;
}) {
  const { t } = view;
  return (
    <>
      {r.items.length === 0 ? <Notice tone="info">{t('notifications.empty')}</Notice> : (
        <ul class="cert-notifications">
          {r.items.map((n) => (
            <li class={n.readAt ? 'cert-note' : 'cert-note cert-note--unread'}>
              <h2 class="cert-note-title">
                {!n.readAt && <StatusBadge tone="info">{t('notifications.unread')}</StatusBadge>} {n.title}
              </h2>
              <p>{n.body}</p>
              <p class="muted">{formatDateTimeVi(new Date(n.createdAt))}</p>
              <div class="cert-note-actions">
                {n.link && <a class="btn btn-sm btn-secondary" href={n.link}>{t('notifications.open')}</a>}
                {!n.readAt && <PostButton view={view} action={readAction(n.id)} label={t('notifications.markRead')} variant="btn-ghost" />}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={r.page} pageSize={r.pageSize} total={r.total} href={href} labels={pagerLabels(view)} />
    </>
  );
}

export function NotificationsPage({ view, page: r, allRead }: NotificationsPageProps & { allRead?: boolean }) {
  const { t } = view;
  return (
    <Layout view={view} title={t('notifications.title')} active="/admin/decisions">
      <PageHeader title={t('notifications.title')} caption={r.unread ? `${t('notifications.unread')}: ${r.unread}` : undefined}
        actions={<>
          {r.unread ? <PostButton view={view} action={READ_ALL_HREF} label={t('notices.readAll')} /> : null}
          <a class="btn btn-secondary" href={SETTINGS_HREF}>{t('notices.settings.link')}</a>
        </>} />
      {allRead ? <Notice tone="success">{t('notices.readAll.done')}</Notice> : null}
      <NoticeList view={view} page={r} readAction={(id) => `/admin/notifications/${id}/read`} href={(p) => `/admin/notifications?page=${p}`} />
    </Layout>
  );
}

export interface SettingsPageProps {
  view: View;
  settings: NoticeSettings;
  /** The posted values when re-rendering after an error. */
  values?: { emailOn: string[]; textOn: string[]; quietStart: string; quietEnd: string };
  errors?: FieldMessages;
  message?: string;
  saved?: boolean;
}

/** The settings form: e-mail per kind, text messages per kind (when a channel is set up), quiet hours. */
export function SettingsForm({ view, settings, values, errors = {}, message, saved, action }: Omit<SettingsPageProps, 'view'> & { view: View; action: string }) {
  const { t } = view;
  const on = new Set(values?.emailOn ?? settings.kinds.filter((k) => k.email).map((k) => k.kind));
  const texting = new Set(values?.textOn ?? settings.text?.kinds.filter((k) => k.on).map((k) => k.kind) ?? []);
  const labels = { quietStart: t('notices.settings.quietStart'), quietEnd: t('notices.settings.quietEnd') };
  const text = settings.text;
  return (
    <>
      {saved ? <Notice tone="success">{t('notices.settings.saved')}</Notice> : null}
      {message ? <ErrorSummary errors={errors} labels={labels} title={message} /> : null}
      <form method="post" action={action} class="stack" novalidate>
        <CsrfField token={view.csrfToken} />
        <Card title={t('notices.settings.email')}>
          <p class="muted">{settings.emailAddress ? t('notices.settings.emailTo', { email: settings.emailAddress }) : t('notices.settings.noEmail')}</p>
          {settings.kinds.length === 0 && settings.inAppOnly.length === 0 ? <p>{t('notices.settings.noKinds')}</p> : null}
          {settings.kinds.length === 0 ? null : (
            <fieldset>
              <legend class="visually-hidden">{t('notices.settings.email')}</legend>
              {settings.kinds.map((k) => (
                <Checkbox name={`email_${k.kind}`} label={t(`notices.kind.${k.kind}` as MessageKey)} checked={on.has(k.kind)} />
              ))}
            </fieldset>
          )}
          {settings.inAppOnly.length ? (
            <>
              <p class="muted">{t('notices.settings.inAppOnly')}</p>
              <ul>{settings.inAppOnly.map((kind) => <li>{t(`notices.kind.${kind}` as MessageKey)}</li>)}</ul>
            </>
          ) : null}
        </Card>
        {text ? (
          <Card title={t(`notices.settings.text.${text.channel}`)}>
            <p class="muted">{t('notices.settings.textLead')}</p>
            <p class="muted">{text.phone ? t('notices.settings.textTo', { phone: text.phone }) : t('notices.settings.noPhone')}</p>
            {text.phone ? (
              <fieldset>
                <legend class="visually-hidden">{t(`notices.settings.text.${text.channel}`)}</legend>
                {text.kinds.map((k) => (
                  <Checkbox name={`text_${k.kind}`} label={t(`notices.kind.${k.kind}` as MessageKey)} checked={texting.has(k.kind)} />
                ))}
              </fieldset>
            ) : null}
          </Card>
        ) : null}
        <Card title={t('notices.settings.quiet')}>
          <p class="muted">{t('notices.settings.quietLead')}</p>
          <div>
            <TextField name="quietStart" label={labels.quietStart} value={values?.quietStart ?? settings.quietStart ?? ''} error={errors.quietStart}
              width="xs" placeholder="22:00" maxLength={5} autocomplete="off" spellcheck={false} />
            <TextField name="quietEnd" label={labels.quietEnd} value={values?.quietEnd ?? settings.quietEnd ?? ''} error={errors.quietEnd}
              width="xs" placeholder="06:30" maxLength={5} autocomplete="off" spellcheck={false} />
          </div>
        </Card>
        <SubmitRow><button type="submit" class="btn btn-primary">{t('notices.settings.save')}</button></SubmitRow>
      </form>
    </>
  );
}

export function SettingsPage(props: SettingsPageProps) {
  const { view } = props;
  const { t } = view;
  return (
    <Layout view={view} title={t('notices.settings.title')} active="/admin/decisions">
      <BackLink href="/admin/notifications">{t('notices.settings.back')}</BackLink>
      <PageHeader title={t('notices.settings.title')} lead={t('notices.settings.lead')} />
      <SettingsForm {...props} action={SETTINGS_HREF} />
    </Layout>
  );
}
