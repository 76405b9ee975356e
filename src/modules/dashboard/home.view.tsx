/**
 * The views of /admin (home.routes.tsx): the area dashboard of the report roles, and the welcome
 * page of the other roles (their figures, a producer's products, the latest notifications).
 */
import type { JSX } from 'preact';
import type { Actor } from '../../context';
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { Card, Notice, PageHeader, StatGrid } from '../../web/components/page';
import type { ReportArea } from '../reports/report-scope';
import { ProductTable } from '../registry/pages/product.pages';
import type { AreaOption, Dashboard } from './dashboard.service';
import { AreaSwitch, DashboardBody } from './dashboard.view';

type ProductRows = Parameters<typeof ProductTable>[0]['rows'];

export interface LatestNotifications { unread: number; items: { id: string | number; title: string; link: string | null }[] }

function Notifications({ view, latest }: { view: View; latest: LatestNotifications }) {
  const { t } = view;
  if (latest.unread <= 0) return null;
  return (
    <Notice tone="info" title={t('dashboard.notifications', { count: latest.unread })}>
      <ul>{latest.items.map((n) => <li key={n.id}>{n.link ? <a href={n.link}>{n.title}</a> : n.title}</li>)}</ul>
      <p><a href="/admin/notifications">{t('dashboard.allNotifications')}</a></p>
    </Notice>
  );
}

export interface AreaDashboardProps {
  view: View;
  actor: Actor;
  area: ReportArea;
  home: ReportArea;
  data: Dashboard;
  latest: LatestNotifications;
  options: AreaOption[] | null;
  targets: JSX.Element | null;
}

/** The dashboard of national admins, province and commune officers and inspectors. */
export function AreaDashboardPage({ view, actor, area, home, data, latest, options, targets }: AreaDashboardProps) {
  const { t } = view;
  const caption = [t(`role.${actor.role}`), t('dashboard.scope', { scope: home.code ? home.name : t('dashboard.national') })].join(' · ');
  return (
    <Layout view={view} title={t('dashboard.title')} active="/admin">
      <PageHeader title={t('dashboard.welcome', { name: actor.displayName })} caption={caption}
        actions={<>
          <a class="btn btn-primary" href={area.code ? `/admin/statistics?area=${area.code}` : '/admin/statistics'}>{t('dashboards.fullReport')}</a>
          <a class="btn btn-secondary" href="/admin/programme">{t('dashboards.programme')}</a>
        </>} />
      <Notifications view={view} latest={latest} />
      {options && <AreaSwitch view={view} area={area} home={home} options={options} />}
      <DashboardBody view={view} data={data} targets={targets} />
    </Layout>
  );
}

export interface WelcomeProps {
  view: View;
  actor: Actor;
  /** What the account covers: its area, its organisation, or nothing to say (a buyer). */
  scope: string | undefined;
  latest: LatestNotifications;
  counts: { producers: number; products: number; certified: number } | null;
  myProducts: ProductRows | null;
}

/** /admin for producers, council members and buyers. */
export function WelcomePage({ view, actor, scope, latest, counts, myProducts }: WelcomeProps) {
  const { t } = view;
  const caption = [t(`role.${actor.role}`), scope && t('dashboard.scope', { scope })].filter(Boolean).join(' · ');
  return (
    <Layout view={view} title={t('dashboard.title')} active="/admin">
      <PageHeader title={t('dashboard.welcome', { name: actor.displayName })} caption={caption} />
      <Notifications view={view} latest={latest} />
      {counts && (
        <StatGrid items={[
          { label: t('dashboard.producers'), value: counts.producers.toLocaleString('vi-VN') },
          { label: t('dashboard.products'), value: counts.products.toLocaleString('vi-VN') },
          { label: t('dashboard.certified'), value: counts.certified.toLocaleString('vi-VN') },
        ]} />
      )}
      {myProducts && (
        <Card title={t('dashboard.myProducts')} actions={<a class="btn btn-primary" href="/admin/products/new">{t('products.new')}</a>}>
          <ProductTable view={view} rows={myProducts} />
        </Card>
      )}
      {!counts && <Notice tone="info">{t('home.lead')}</Notice>}
    </Layout>
  );
}
