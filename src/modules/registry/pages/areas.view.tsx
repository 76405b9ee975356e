/** /admin/areas: the areas (provinces and communes), searchable, with the successors of old areas. */
import type { View } from '../../../web/view';
import { Layout } from '../../../web/components/layout';
import { SelectField } from '../../../web/components/form';
import { DataTable } from '../../../web/components/table';
import { Pagination } from '../../../web/components/pagination';
import { FilterBar, SearchInput } from '../../../web/components/filter-bar';
import { PageHeader, Notice } from '../../../web/components/page';
import { listHref, pagerLabels } from '../../../web/components/pager';
import type { AreaRow } from '../area.service';

export interface AreasQuery { q?: string | undefined; level?: 'province' | 'commune' | undefined; page: number }
/** An old unit (before 1 July 2025) and the units it is now part of. */
export interface OldArea { name: string; code: string; names: string[] }

export function AreasPage({ view, query, items, total, pageSize, oldAreas }: {
  view: View; query: AreasQuery; items: AreaRow[]; total: number; pageSize: number; oldAreas: OldArea[];
}) {
  const { t } = view;
  return (
    <Layout view={view} title={t('areas.title')} active="/admin/areas">
      <PageHeader title={t('areas.title')} lead={t('areas.lead')} caption={t('common.total', { total })} />
      <FilterBar action="/admin/areas" submitLabel={t('common.search')}>
        <SearchInput name="q" label={t('common.search')} value={query.q} placeholder={t('areas.search')} />
        <SelectField name="level" label={t('areas.level')} value={query.level} placeholder={t('common.all')} autoSubmit
          options={[{ value: 'province', label: t('areas.level.province') }, { value: 'commune', label: t('areas.level.commune') }]} />
      </FilterBar>
      {oldAreas.length > 0 && (
        <Notice tone="info" title={t('areas.old')}>
          <ul>{oldAreas.slice(0, 10).map((o) => <li>{t('areas.oldFound', { old: o.name, code: o.code, names: o.names.join(', ') })}</li>)}</ul>
        </Notice>
      )}
      <DataTable<AreaRow>
        caption={t('areas.title')} captionHidden rows={items} empty={t('common.empty')} rowKey={(a) => a.code}
        columns={[
          { key: 'code', label: t('areas.code'), render: (a) => <code>{a.code}</code> },
          { key: 'name', label: t('areas.name'), render: (a) => a.name },
          { key: 'kind', label: t('areas.kind'), render: (a) => a.kind },
          { key: 'parent', label: t('areas.parent'), render: (a) => a.parentCode ?? '—' },
        ]}
      />
      <Pagination page={query.page} pageSize={pageSize} total={total} href={listHref('/admin/areas', { ...query })} labels={pagerLabels(view)} />
    </Layout>
  );
}
