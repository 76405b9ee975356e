/** /admin/areas: the areas (provinces and communes), searchable, with the successors of old areas. */
import { z } from 'zod';
import type { App } from '../../../web/http';
import { sendPage } from '../../../web/render';
import { viewOf } from '../../../web/view';
import { Layout } from '../../../web/components/layout';
import { SelectField } from '../../../web/components/form';
import { DataTable } from '../../../web/components/table';
import { Pagination } from '../../../web/components/pagination';
import { FilterBar, SearchInput } from '../../../web/components/filter-bar';
import { PageHeader, Notice } from '../../../web/components/page';
import { listAreas, findSuccessors, type AreaRow } from '../area.repository';
import { listHref, pagerLabels } from '../../../web/components/pager';

const AreaQuery = z.object({
  q: z.string().max(200).optional(),
  level: z.enum(['province', 'commune']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

export function registerAreaPages(app: App) {
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
