import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../../web/http';
import { requireActor } from '../../../web/http';
import { sendPage } from '../../../web/render';
import { viewOf } from '../../../web/view';
import { Layout } from '../../../web/components/layout';
import { SelectField } from '../../../web/components/form';
import { DataTable } from '../../../web/components/table';
import { Pagination } from '../../../web/components/pagination';
import { FilterBar, SearchInput } from '../../../web/components/filter-bar';
import { PageHeader, StatGrid, Notice, Card } from '../../../web/components/page';
import { listAreas, findSuccessors, findArea, type AreaRow } from '../area.repository';
import { listProducers } from '../producer.service';
import { listProducts } from '../product.service';
import { ProductTable } from './product.pages';
import { listHref, pagerLabels } from '../../../web/components/pager';
import { listNotifications } from '../../certification/notification.service';
import { REPORT_READERS, resolveReportArea } from '../../reports/report-scope';
import { todayInVietnam } from '../../../domain/dates';
import { dashboard } from '../../dashboard/dashboard.service';
import { AreaSwitch, DashboardBody, areaOptions } from '../../dashboard/dashboard.pages';
import { renderTargetsPanel } from '../../targets/targets.panel';

const AreaQuery = z.object({
  q: z.string().max(200).optional(),
  level: z.enum(['province', 'commune']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

const HomeQuery = z.object({ area: z.string().max(20).optional() });

/**
 * The dashboard of national admins, province and commune officers and inspectors: their area
 * (or, with ?area=, one inside it: 403 outside their scope, 404 for an unknown code).
 */
async function areaDashboard(req: FastifyRequest, code: string | undefined) {
  const actor = requireActor(req);
  const view = viewOf(req);
  const { t } = view;
  const today = todayInVietnam(req.ctx.deps.clock());
  const [home, area] = await Promise.all([resolveReportArea(req.ctx, null), resolveReportArea(req.ctx, code)]);
  const [data, latest, targets, options] = await Promise.all([
    dashboard(req.ctx, area, today),
    listNotifications(req.ctx, { unread: 'true', page: 1, pageSize: 3 }),
    renderTargetsPanel(req.ctx, view, area, today),
    areaOptions(req.ctx, area, home, view),
  ]);
  const caption = [t(`role.${actor.role}`), t('dashboard.scope', { scope: home.code ? home.name : t('dashboard.national') })].join(' · ');
  return (
    <Layout view={view} title={t('dashboard.title')} active="/admin">
      <PageHeader title={t('dashboard.welcome', { name: actor.displayName })} caption={caption}
        actions={<>
          <a class="btn btn-primary" href={area.code ? `/admin/statistics?area=${area.code}` : '/admin/statistics'}>{t('dashboards.fullReport')}</a>
          <a class="btn btn-secondary" href="/admin/programme">{t('dashboards.programme')}</a>
        </>} />
      {latest.unread > 0 && (
        <Notice tone="info" title={t('dashboard.notifications', { count: latest.unread })}>
          <ul>{latest.items.map((n) => <li key={n.id}>{n.link ? <a href={n.link}>{n.title}</a> : n.title}</li>)}</ul>
          <p><a href="/admin/notifications">{t('dashboard.allNotifications')}</a></p>
        </Notice>
      )}
      {options && <AreaSwitch view={view} area={area} home={home} options={options} />}
      <DashboardBody view={view} data={data} targets={targets} />
    </Layout>
  );
}

export function registerHomePages(app: App) {
  app.get('/admin', { schema: { hide: true, querystring: HomeQuery } }, async (req, reply) => {
    const actor = requireActor(req);
    const view = viewOf(req);
    const { t } = view;
    if ((REPORT_READERS as readonly string[]).includes(actor.role)) return sendPage(reply, await areaDashboard(req, req.query.area));
    const scopeArea = actor.areaCode ? await findArea(req.ctx, actor.areaCode) : null;
    const canList = actor.role !== 'buyer';
    const [producers, products, certified] = canList ? await Promise.all([
      listProducers(req.ctx, { page: 1, pageSize: 1, sort: 'name' }),
      listProducts(req.ctx, { page: 1, pageSize: actor.role === 'producer' ? 50 : 1, sort: 'name' }),
      listProducts(req.ctx, { page: 1, pageSize: 1, sort: 'name', status: 'certified' }),
    ]) : [null, null, null];
    // What the account covers: its area, its own organisation (a producer: the list holds only it),
    // or nothing to say (a buyer).
    const scope = actor.role === 'producer' ? producers?.items[0]?.name
      : actor.role === 'buyer' ? undefined
      : scopeArea?.name ?? t('dashboard.national');
    const caption = [t(`role.${actor.role}`), scope && t('dashboard.scope', { scope })].filter(Boolean).join(' · ');
    const latest = await listNotifications(req.ctx, { unread: 'true', page: 1, pageSize: 3 });
    return sendPage(reply, (
      <Layout view={view} title={t('dashboard.title')} active="/admin">
        <PageHeader title={t('dashboard.welcome', { name: actor.displayName })} caption={caption} />
        {latest.unread > 0 && (
          <Notice tone="info" title={t('dashboard.notifications', { count: latest.unread })}>
            <ul>{latest.items.map((n) => <li key={n.id}>{n.link ? <a href={n.link}>{n.title}</a> : n.title}</li>)}</ul>
            <p><a href="/admin/notifications">{t('dashboard.allNotifications')}</a></p>
          </Notice>
        )}
        {producers && products && certified && (
          <StatGrid items={[
            { label: t('dashboard.producers'), value: producers.total.toLocaleString('vi-VN') },
            { label: t('dashboard.products'), value: products.total.toLocaleString('vi-VN') },
            { label: t('dashboard.certified'), value: certified.total.toLocaleString('vi-VN') },
          ]} />
        )}
        {actor.role === 'producer' && products && (
          <Card title={t('dashboard.myProducts')} actions={<a class="btn btn-primary" href="/admin/products/new">{t('products.new')}</a>}>
            <ProductTable view={view} rows={products.items} />
          </Card>
        )}
        {!canList && <Notice tone="info">{t('home.lead')}</Notice>}
      </Layout>
    ));
  });

  app.get('/admin/areas', {
    config: { access: ['national_admin', 'province_officer', 'commune_officer', 'inspector', 'council_member'] },
    schema: { hide: true, querystring: AreaQuery },
  }, async (req, reply) => {
    const view = viewOf(req);
    const { t } = view;
    const q = req.query;
    const pageSize = 50;
    const [r, successors] = await Promise.all([
      listAreas(req.ctx, { q: q.q, level: q.level, limit: pageSize, offset: (q.page - 1) * pageSize }),
      q.q ? findSuccessors(req.ctx, q.q) : Promise.resolve([]),
    ]);
    const byOld = new Map<string, { name: string; code: string; names: string[] }>();
    for (const s of successors) {
      const key = `${s.old_level}:${s.old_code}`;
      const entry = byOld.get(key) ?? { name: s.old_name, code: s.old_code, names: [] };
      entry.names.push(`${s.name} (${s.code})`);
      byOld.set(key, entry);
    }
    return sendPage(reply, (
      <Layout view={view} title={t('areas.title')} active="/admin/areas">
        <PageHeader title={t('areas.title')} lead={t('areas.lead')} caption={t('common.total', { total: r.total })} />
        <FilterBar action="/admin/areas" submitLabel={t('common.search')}>
          <SearchInput name="q" label={t('common.search')} value={q.q} placeholder={t('areas.search')} />
          <SelectField name="level" label={t('areas.level')} value={q.level} placeholder={t('common.all')} autoSubmit
            options={[{ value: 'province', label: t('areas.level.province') }, { value: 'commune', label: t('areas.level.commune') }]} />
        </FilterBar>
        {byOld.size > 0 && (
          <Notice tone="info" title={t('areas.old')}>
            <ul>{[...byOld.values()].slice(0, 10).map((o) => <li>{t('areas.oldFound', { old: o.name, code: o.code, names: o.names.join(', ') })}</li>)}</ul>
          </Notice>
        )}
        <DataTable<AreaRow>
          caption={t('areas.title')} captionHidden rows={r.items} empty={t('common.empty')} rowKey={(a) => a.code}
          columns={[
            { key: 'code', label: t('areas.code'), render: (a) => <code>{a.code}</code> },
            { key: 'name', label: t('areas.name'), render: (a) => a.name },
            { key: 'kind', label: t('areas.kind'), render: (a) => a.kind },
            { key: 'parent', label: t('areas.parent'), render: (a) => a.parentCode ?? '—' },
          ]}
        />
        <Pagination page={q.page} pageSize={pageSize} total={r.total} href={listHref('/admin/areas', q)} labels={pagerLabels(view)} />
      </Layout>
    ));
  });
}
