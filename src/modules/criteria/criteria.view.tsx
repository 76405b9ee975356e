/**
 * Views of the rulebook's back-office pages: versions with their status, each version's product
 * sets, and a set's sheet with its revisions (props only; criteria-admin.routes.tsx loads them).
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { CsrfField } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { Breadcrumbs, Card, Notice, PageHeader } from '../../web/components/page';
import { StatusBadge, type Tone } from '../../web/components/badges';
import { formatDateVi } from '../../domain/dates';
import type { RevisionDto, SetDto, SheetDto, VersionDto } from './criteria.schema';
import { canAuthorCriteria } from './criteria.policy';
import { ExportLinks, RevisionTable, SheetTree } from './sheet.view';

export type VersionStatus = 'official' | 'reconstructed' | 'toVerify';
const STATUS_TONE: Record<VersionStatus, Tone> = { official: 'success', reconstructed: 'warning', toVerify: 'warning' };

/** "To verify" until confirmed; "reconstructed" when a sheet in force is not an official text. */
export function versionStatus(v: VersionDto, sets: SetDto[]): VersionStatus {
  if (v.toVerify) return 'toVerify';
  return sets.some((s) => s.sheet && !s.sheet.official) ? 'reconstructed' : 'official';
}

export const isAuthor = (view: View) => !!view.actor && canAuthorCriteria(view.actor);
const effective = (view: View, v: VersionDto) => (v.effectiveTo
  ? view.t('criteria.effectiveRange', { from: formatDateVi(v.effectiveFrom), to: formatDateVi(v.effectiveTo) })
  : view.t('criteria.effective', { from: formatDateVi(v.effectiveFrom) }));

function ConfirmForm({ view, version }: { view: View; version: string }) {
  return (
    <form method="post" action={`/admin/criteria/${version}/confirm`} class="inline-form">
      <CsrfField token={view.csrfToken} />
      <button type="submit" class="btn btn-secondary btn-sm">{view.t('criteria.confirm')}</button>
    </form>
  );
}

export type VersionRow = VersionDto & { status: VersionStatus; total: number; withSheet: number };

export function IndexPage({ view, rows, notice, error }: { view: View; rows: VersionRow[]; notice?: string | undefined; error?: string | undefined }) {
  const { t } = view;
  const author = isAuthor(view);
  return (
    <Layout view={view} title={t('criteria.title')} active="/admin/criteria">
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      {error ? <Notice tone="danger">{error}</Notice> : null}
      <PageHeader title={t('criteria.title')} lead={t('criteria.lead')}
        actions={author ? <a class="btn btn-primary" href="/admin/imports">{t('criteria.importAnnex')}</a> : undefined} />
      {author ? <p class="muted">{t('criteria.importHint')}</p> : null}
      <DataTable<VersionRow>
        caption={t('criteria.title')} captionHidden empty={t('common.empty')} rows={rows} rowKey={(v) => v.code}
        columns={[
          { key: 'version', label: t('criteria.col.version'), render: (v) => <><a href={`/admin/criteria/${v.code}`}>{v.title}</a><br /><span class="small muted">{v.instruments.join(' · ')}</span></> },
          { key: 'effective', label: t('criteria.col.effective'), render: (v) => effective(view, v) },
          {
            key: 'status', label: t('criteria.col.status'), render: (v) => (
              <div class="stack">
                <StatusBadge tone={STATUS_TONE[v.status]}>{t(`criteria.status.${v.status}`)}</StatusBadge>
                {v.status === 'toVerify' && author ? <ConfirmForm view={view} version={v.code} /> : null}
              </div>
            ),
          },
          { key: 'sets', label: t('criteria.col.sets'), numeric: true, render: (v) => <a href={`/admin/criteria/${v.code}`}>{t('criteria.setsWithSheet', { count: v.withSheet, total: v.total })}</a> },
        ]}
      />
    </Layout>
  );
}

export function SetsPage({ view, version, status, sets }: { view: View; version: VersionDto; status: VersionStatus; sets: SetDto[] }) {
  const { t } = view;
  return (
    <Layout view={view} title={t('criteria.setsTitle', { version: version.code })} active="/admin/criteria">
      <Breadcrumbs items={[{ href: '/admin/criteria', label: t('criteria.back') }, { label: version.code }]} />
      <PageHeader title={version.title} caption={`${version.code} · ${effective(view, version)}`} lead={t('criteria.partMaxima', version.partMaxima)} />
      <p><StatusBadge tone={STATUS_TONE[status]}>{t(`criteria.status.${status}`)}</StatusBadge></p>
      {version.toVerify ? (
        <Notice tone="warning" title={t('criteria.toVerify')}>
          {version.verificationNote ? <p>{version.verificationNote}</p> : null}
          {isAuthor(view) ? <><p>{t('criteria.confirmHint')}</p><ConfirmForm view={view} version={version.code} /></> : null}
        </Notice>
      ) : null}
      {version.sheetsFrom !== version.code ? <p>{t('criteria.sheetsFrom', { version: version.sheetsFrom })}</p> : null}
      <DataTable<SetDto>
        caption={t('criteria.setsTitle', { version: version.code })} empty={t('common.empty')} rows={sets} rowKey={(s) => s.code}
        columns={[
          { key: 'code', label: t('criteria.col.code'), render: (s) => s.code },
          { key: 'name', label: t('criteria.col.set'), render: (s) => <a href={`/admin/criteria/${version.code}/sets/${s.code}`}>{s.name}</a> },
          { key: 'group', label: t('criteria.col.group'), render: (s) => s.group },
          {
            key: 'sheet', label: t('criteria.col.sheet'), render: (s) => (s.sheet ? (
              <span class="cluster">
                <span>{t('criteria.revisionCaption', { revision: s.sheet.revision })}</span>
                {s.sheet.official ? <StatusBadge tone="success">{t('criteria.status.official')}</StatusBadge> : <StatusBadge tone="warning">{t('criteria.notOfficial')}</StatusBadge>}
              </span>
            ) : <StatusBadge tone="neutral">{t('criteria.noSheet')}</StatusBadge>),
          },
        ]}
      />
    </Layout>
  );
}

interface SetSheetProps { view: View; version: VersionDto; set: SetDto; sheet: SheetDto | null; revisions: RevisionDto[] | null; error?: string | undefined }

export function SetSheetPage({ view, version, set, sheet, revisions, error }: SetSheetProps) {
  const { t } = view;
  const title = `${set.code}. ${set.name}`;
  const hasDraft = revisions?.some((r) => r.status === 'draft') ?? false;
  return (
    <Layout view={view} title={title} active="/admin/criteria">
      <Breadcrumbs items={[
        { href: '/admin/criteria', label: t('criteria.back') }, { href: `/admin/criteria/${version.code}`, label: version.code }, { label: title },
      ]} />
      {error ? <Notice tone="danger">{error}</Notice> : null}
      <PageHeader title={title} caption={`${version.code} · ${set.group}`}
        actions={sheet ? <ExportLinks t={t} href={`/api/v1/criteria/${version.code}/sets/${set.code}`} /> : undefined} />
      {revisions ? (
        <Card title={t('criteria.revisions')}>
          <RevisionTable view={view} revisions={revisions} />
          {!hasDraft ? (
            <form method="post" action={`/admin/criteria/${version.code}/sets/${set.code}/drafts`} class="inline-form">
              <CsrfField token={view.csrfToken} />
              <button type="submit" class="btn btn-secondary">{t('criteria.newDraft')}</button>
            </form>
          ) : null}
        </Card>
      ) : null}
      {sheet ? (
        <>
          <p class="muted">{t('criteria.revisionCaption', { revision: sheet.revision })} · {t('criteria.published')}</p>
          <SheetTree view={view} sheet={sheet} />
        </>
      ) : <Notice tone="info">{t('errors.sheet_not_available')}</Notice>}
    </Layout>
  );
}
