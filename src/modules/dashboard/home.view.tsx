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
import { DataTable } from '../../web/components/table';
import { DossierStatusBadge } from '../dossier/dossier.view';
import { nextStepShort } from '../dossier/dossier-guidance.view';
import type { DossierSummaryDto } from '../dossier/dossier.schema';
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
  /** A producer's dossiers (the newest first) and how many there are. */
  myDossiers?: { items: DossierSummaryDto[]; total: number } | null;
}

function MyDossiers({ view, dossiers }: { view: View; dossiers: { items: DossierSummaryDto[]; total: number } }) {
  const { t } = view;
  return (
    <Card title={t('dashboards.myDossiers')} actions={<a class="btn btn-primary" href="/admin/dossiers/new">{t('dossiers.new')}</a>}>
      <p class="small muted">{t('dashboards.myDossiersLead')}</p>
      <div class="dossier-table"><DataTable<DossierSummaryDto> caption={t('dashboards.myDossiers')} captionHidden empty={t('dashboards.myDossiersEmpty')}
        rows={dossiers.items} rowKey={(d) => d.id}
        columns={[
          { key: 'number', label: t('dossier.number'), render: (d) => <a href={`/admin/dossiers/${d.id}`} class="mono">{d.number}</a> },
          { key: 'product', label: t('dossier.product'), render: (d) => d.product.name },
          { key: 'status', label: t('dossier.status'), render: (d) => <DossierStatusBadge view={view} status={d.status} /> },
          { key: 'next', label: t('dossier.nextColumn'), render: (d) => nextStepShort(view, d.status) },
        ]} /></div>
      {dossiers.total > dossiers.items.length ? <p><a href="/admin/dossiers">{t('dashboards.myDossiersAll', { total: dossiers.total })}</a></p> : null}
    </Card>
  );
}

/** /admin for producers, council members and buyers. */
export function WelcomePage({ view, actor, scope, latest, counts, myProducts, myDossiers }: WelcomeProps) {
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
      {myDossiers ? <MyDossiers view={view} dossiers={myDossiers} /> : null}
      {myProducts && (
        <Card title={t('dashboard.myProducts')} actions={<a class="btn btn-primary" href="/admin/products/new">{t('products.new')}</a>}>
          <ProductTable view={view} rows={myProducts} />
        </Card>
      )}
      {!counts && <Notice tone="info">{t('home.lead')}</Notice>}
    </Layout>
  );
}
