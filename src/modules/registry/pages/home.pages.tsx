import { z } from 'zod';
import { sql } from 'drizzle-orm';
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
import { rows } from '../../../db/client';
import { exec, type Ctx } from '../../../context';
import { todayInVietnam } from '../../../domain/dates';
import { listAreas, findSuccessors, findArea, type AreaRow } from '../area.repository';
import { listProducers } from '../producer.service';
import { listProducts } from '../product.service';
import { ProductTable } from './product.pages';
import { listHref, pagerLabels } from './shared';

/** Public figures for the home page: valid certificates today by star. */
async function publicFigures(ctx: Ctx) {
  const today = todayInVietnam(ctx.deps.clock());
  const [r] = await rows<{ producers: number; products: number; s3: number; s4: number; s5: number }>(exec(ctx), sql`
    select (select count(*)::int from producers) producers,
           (select count(*)::int from products) products,
           count(*) filter (where stars = 3)::int s3, count(*) filter (where stars = 4)::int s4, count(*) filter (where stars = 5)::int s5
    from certificates where state = 'active' and issued_on <= ${today} and expires_on > ${today}`);
  return r ?? { producers: 0, products: 0, s3: 0, s4: 0, s5: 0 };
}

const AreaQuery = z.object({
  q: z.string().max(200).optional(),
  level: z.enum(['province', 'commune']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

export function registerHomePages(app: App) {
  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const view = viewOf(req);
    const { t } = view;
    const f = await publicFigures(req.ctx);
    return sendPage(reply, (
      <Layout view={view} title={t('home.title')} variant="public">
        <PageHeader title={t('home.title')} lead={t('home.lead')}
          actions={<a class="btn btn-primary" href={view.actor ? '/admin' : '/login'}>{view.actor ? t('nav.dashboard') : t('home.officerLogin')}</a>} />
        <h2>{t('home.figures')}</h2>
        <StatGrid items={[
          { label: t('dashboard.producers'), value: f.producers.toLocaleString('vi-VN') },
          { label: t('dashboard.products'), value: f.products.toLocaleString('vi-VN') },
          { label: '3 ★', value: f.s3.toLocaleString('vi-VN') },
          { label: '4 ★', value: f.s4.toLocaleString('vi-VN') },
          { label: '5 ★', value: f.s5.toLocaleString('vi-VN') },
        ]} />
      </Layout>
    ));
  });

  app.get('/admin', { schema: { hide: true } }, async (req, reply) => {
    const actor = requireActor(req);
    const view = viewOf(req);
    const { t } = view;
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
    return sendPage(reply, (
      <Layout view={view} title={t('dashboard.title')} active="/admin">
        <PageHeader title={t('dashboard.welcome', { name: actor.displayName })} caption={caption} />
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
