/** Back-office view of one scoring sheet: parts → sections → criteria → options with points and their marks. */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, fieldId, SubmitRow } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { BackLink, Breadcrumbs, Card, DescriptionList, Notice, PageHeader } from '../../web/components/page';
import { StatusBadge } from '../../web/components/badges';
import { formatDateTimeVi } from '../../domain/dates';
import { bonusMaxPoints, headingText, type SheetNode } from '../../domain/scoring-sheet';
import type { NodeDto, RevisionDto, SheetDto } from './criteria.schema';

export const pointsText = (view: View, n: number) =>
  new Intl.NumberFormat(view.locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(n);

function Marks({ view, node }: { view: View; node: NodeDto }) {
  const { t } = view;
  const marks = [
    node.knockOut ? <StatusBadge tone="danger">{t(node.knockOut.effect === 'eliminate' ? 'criteria.mark.eliminate' : 'criteria.mark.stop')}</StatusBadge> : null,
    node.condition ? <StatusBadge tone="info">{t('criteria.mark.condition')}</StatusBadge> : null,
    node.chooseOneCase ? <StatusBadge tone="info">{t('criteria.mark.chooseOneCase')}</StatusBadge> : null,
    node.selection === 'one' ? <StatusBadge tone="info">{t('criteria.mark.selectionOne')}</StatusBadge> : null,
    node.bonus ? <StatusBadge tone="success">{t('criteria.mark.bonus')}</StatusBadge> : null,
  ].filter(Boolean);
  return marks.length ? <p class="cluster mb-0">{marks}</p> : null;
}

function NodeItem({ view, node }: { view: View; node: NodeDto }) {
  const { t } = view;
  const Title = node.kind === 'section' ? 'h3' : 'p';
  const extra = [node.condition, node.knockOut?.text].filter((x): x is string => !!x && x !== node.note);
  return (
    <li id={fieldId(node.code)}>
      <Title class="mb-0">
        <span class="mono">{node.code}</span> {node.kind === 'section' ? headingText(node.code, node.title) : <strong>{headingText(node.code, node.title)}</strong>}{' '}
        <span class="muted small nowrap">({node.maxPoints === 0 && bonusMaxPoints(node as unknown as SheetNode) > 0
          ? t('sheetForm.bonusMax', { points: pointsText(view, bonusMaxPoints(node as unknown as SheetNode)) })
          : t('criteria.maxPoints', { points: pointsText(view, node.maxPoints) })})</span>
      </Title>
      <Marks view={view} node={node} />
      {node.note ? <p class="small muted mb-0">{node.note}</p> : null}
      {extra.map((x) => <p class="small mb-0">{x}</p>)}
      {node.options.length ? (
        <ul aria-label={t('criteria.options')}>
          {node.options.map((o) => (
            <li key={o.code}>
              <span class="mono small">{o.code}</span> {o.text} — <strong class="nowrap">{t('criteria.points', { points: pointsText(view, o.points) })}</strong>
            </li>
          ))}
        </ul>
      ) : null}
      {node.children.length ? <ol>{node.children.map((c) => <NodeItem view={view} node={c} key={c.code} />)}</ol> : null}
    </li>
  );
}

/** The tree, one card per part; the provenance shows first when the sheet is not official. */
export function SheetTree({ view, sheet }: { view: View; sheet: SheetDto }) {
  const { t } = view;
  return (
    <>
      {!sheet.official ? (
        <Notice tone="warning" title={t('criteria.notOfficial')}>
          <p>{t('criteria.notOfficialLead')}</p>
          {sheet.provenance ? <p><strong>{t('criteria.provenance')}:</strong> {sheet.provenance}</p> : null}
        </Notice>
      ) : null}
      <p>{t('criteria.total', { points: pointsText(view, sheet.totalPoints) })}</p>
      {sheet.parts.map((p) => (
        <div id={fieldId(p.code)} key={p.code}>
          <Card title={`${t('sheetForm.part', { code: p.code })}. ${headingText(p.code, p.title)}`} actions={t('criteria.maxPoints', { points: pointsText(view, p.maxPoints) })}>
            <ol>{p.children.map((n) => <NodeItem view={view} node={n} key={n.code} />)}</ol>
          </Card>
        </div>
      ))}
    </>
  );
}

const dateTime = (s: string | null) => (s ? formatDateTimeVi(new Date(s)) : '—');

export function RevisionTable({ view, revisions }: { view: View; revisions: RevisionDto[] }) {
  const { t } = view;
  return (
    <DataTable<RevisionDto>
      caption={t('criteria.revisions')} empty={t('criteria.noRevisions')} rows={revisions} rowKey={(r) => r.id}
      columns={[
        { key: 'revision', label: t('criteria.col.revision'), render: (r) => <a href={`/admin/criteria/sheets/${r.id}`}>{t('criteria.revisionCaption', { revision: r.revision })}</a> },
        {
          key: 'status', label: t('criteria.col.status'), render: (r) => (
            <span class="cluster">
              <StatusBadge tone={r.status === 'draft' ? 'info' : 'success'}>{t(r.status === 'draft' ? 'criteria.draft' : 'criteria.published')}</StatusBadge>
              {r.official ? <StatusBadge tone="success">{t('criteria.status.official')}</StatusBadge> : <StatusBadge tone="warning">{t('criteria.notOfficial')}</StatusBadge>}
            </span>
          ),
        },
        { key: 'source', label: t('criteria.col.source'), render: (r) => t(`criteria.source.${r.source}`) },
        { key: 'createdAt', label: t('criteria.col.createdAt'), render: (r) => `${dateTime(r.createdAt)} · ${r.createdBy}` },
        { key: 'publishedAt', label: t('criteria.col.publishedAt'), render: (r) => dateTime(r.publishedAt) },
      ]}
    />
  );
}

export interface RevisionPageProps {
  view: View;
  sheet: SheetDto;
  notice?: string | undefined;
  errors?: Record<string, string> | undefined;
  /** A refused action, told in words with what to do. */
  error?: string | undefined;
}

/** One revision (drafts included) for national administrators, with Publish on a draft. */
export function RevisionPage({ view, sheet, notice, errors, error }: RevisionPageProps) {
  const { t } = view;
  const setHref = `/admin/criteria/${sheet.sheetsFrom}/sets/${sheet.productSet.code}`;
  const title = `${sheet.productSet.code}. ${sheet.productSet.name}`;
  return (
    <Layout view={view} title={title} active="/admin/criteria">
      <Breadcrumbs items={[
        { href: '/admin/criteria', label: t('criteria.back') },
        { href: `/admin/criteria/${sheet.sheetsFrom}`, label: sheet.sheetsFrom },
        { href: setHref, label: title },
        { label: t('criteria.revisionCaption', { revision: sheet.revision }) },
      ]} />
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      {error ? <Notice tone="danger">{error}</Notice> : null}
      {errors && Object.keys(errors).length ? <ErrorSummary title={t('criteria.integrityFailed')} errors={errors} labels={Object.fromEntries(Object.keys(errors).map((k) => [k, k]))} /> : null}
      <PageHeader title={title} caption={`${sheet.sheetsFrom} · ${t('criteria.revisionCaption', { revision: sheet.revision })}`}
        actions={<ExportLinks t={t} href={`/api/v1/criteria/sheets/${sheet.id}`} />} />
      <DescriptionList items={[
        { term: t('criteria.col.status'), detail: <StatusBadge tone={sheet.status === 'draft' ? 'info' : 'success'}>{t(sheet.status === 'draft' ? 'criteria.draft' : 'criteria.published')}</StatusBadge> },
        { term: t('criteria.col.source'), detail: t(`criteria.source.${sheet.source}`) },
        { term: t('criteria.col.publishedAt'), detail: dateTime(sheet.publishedAt) },
      ]} />
      {sheet.status === 'draft' ? (
        <Notice tone="info" title={t('criteria.draftNotice')}>
          <p>{t('criteria.publishHint')}</p>
          <p><a class="btn btn-secondary" href={`/admin/criteria/sheets/${sheet.id}/edit`}>{t('criteria.edit.open')}</a></p>
          <form method="post" action={`/admin/criteria/sheets/${sheet.id}/publish`} class="inline-form"
            data-module="confirm" data-confirm={t('criteria.publishConfirm')}>
            <CsrfField token={view.csrfToken} />
            <SubmitRow><button type="submit" class="btn btn-primary">{t('criteria.publish')}</button></SubmitRow>
          </form>
        </Notice>
      ) : null}
      <SheetTree view={view} sheet={sheet} />
      <p><BackLink href={setHref}>{title}</BackLink></p>
    </Layout>
  );
}

/** Download the sheet as an import file: JSON, or the XLSX template filled in (both re-import). */
export function ExportLinks({ t, href }: { t: View['t']; href: string }) {
  return (
    <span class="cluster">
      <a class="btn btn-secondary" href={`${href}?format=xlsx`} download>{t('criteria.exportXlsx')}</a>
      <a class="btn btn-secondary" href={`${href}?format=json`} download>{t('criteria.exportJson')}</a>
    </span>
  );
}
