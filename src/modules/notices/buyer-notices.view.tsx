/**
 * A buyer organisation's member reads their notices and chooses what reaches them, in the public
 * chrome buyers use (/tai-khoan/thong-bao and its settings). Components only: data comes as props.
 */
import { Layout } from '../../web/components/layout';
import { BackLink, Notice, PageHeader } from '../../web/components/page';
import { PostButton } from '../certification/certificate.view';
import { NoticeList, SettingsForm, type NotificationsPageProps, type SettingsPageProps } from './notices.view';

export const BUYER_NOTICES = '/tai-khoan/thong-bao';
export const BUYER_SETTINGS = '/tai-khoan/thong-bao/cai-dat';
export const BUYER_READ_ALL = '/tai-khoan/thong-bao/da-doc';
export const buyerReadOne = (id: number) => `/tai-khoan/thong-bao/${id}/da-doc`;

export function BuyerNoticesPage({ view, page, allRead }: NotificationsPageProps & { allRead?: boolean }) {
  const { t } = view;
  return (
    <Layout view={view} title={t('notices.buyer.title')} variant="public">
      <div class="portal-page buyer-page">
        <BackLink href="/tai-khoan">{t('notices.buyer.back')}</BackLink>
        <PageHeader title={t('notices.buyer.title')} caption={page.unread ? `${t('notifications.unread')}: ${page.unread}` : undefined}
          actions={<>
            {page.unread ? <PostButton view={view} action={BUYER_READ_ALL} label={t('notices.readAll')} /> : null}
            <a class="btn btn-secondary" href={BUYER_SETTINGS}>{t('notices.settings.link')}</a>
          </>} />
        {allRead ? <Notice tone="success">{t('notices.readAll.done')}</Notice> : null}
        <NoticeList view={view} page={page} readAction={buyerReadOne} href={(p) => `${BUYER_NOTICES}?trang=${p}`} />
      </div>
    </Layout>
  );
}

export function BuyerSettingsPage(props: SettingsPageProps) {
  const { view } = props;
  const { t } = view;
  return (
    <Layout view={view} title={t('notices.settings.title')} variant="public">
      <div class="portal-page buyer-page">
        <BackLink href={BUYER_NOTICES}>{t('notices.settings.back')}</BackLink>
        <PageHeader title={t('notices.settings.title')} lead={t('notices.settings.lead')} />
        <SettingsForm {...props} action={BUYER_SETTINGS} />
      </div>
    </Layout>
  );
}
