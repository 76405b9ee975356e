import { Layout } from '../../web/components/layout';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import type { View } from '../../web/view';
import { formatDateTimeVi } from '../../domain/dates';

export interface AuditLine { id: number; at: Date; actor: string; action: string; entity: string; change: string }

export interface AuditPageProps { view: View; items: AuditLine[]; page: number; pageSize: number; total: number }

/** /admin/audit: who changed what, newest first. */
export function AuditPage({ view, items, page, pageSize, total }: AuditPageProps) {
  const { t } = view;
  return (
    <Layout view={view} title={t('audit.title')} active="/admin/audit">
      <h1>{t('audit.title')}</h1>
      <DataTable
        caption={t('audit.title')}
        captionHidden
        rows={items}
        empty={t('common.empty')}
        columns={[
          { key: 'at', label: t('audit.at'), render: (i) => formatDateTimeVi(i.at) },
          { key: 'actor', label: t('audit.actor'), render: (i) => i.actor },
          { key: 'action', label: t('audit.action'), render: (i) => <code>{i.action}</code> },
          { key: 'entity', label: t('audit.entity'), render: (i) => i.entity },
          { key: 'change', label: t('audit.change'), render: (i) => i.change },
        ]}
      />
      <Pagination page={page} pageSize={pageSize} total={total}
        href={(p) => `/admin/audit?page=${p}`}
        labels={{ prev: t('common.prev'), next: t('common.next'), page: (p, n) => t('common.page', { page: p, pages: n }) }} />
    </Layout>
  );
}
