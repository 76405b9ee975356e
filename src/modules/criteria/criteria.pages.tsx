/**
 * Back-office pages of the rulebook: versions with their status, each version's product sets,
 * a set's sheet (tree) and, for national administrators, its revisions with New draft, Publish
 * and Confirm. Reading is open to every signed-in role; writing is national administrators only.
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf, type View } from '../../web/view';
import { t as translate } from '../../core/i18n';
import { Layout } from '../../web/components/layout';
import { CsrfField } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { Breadcrumbs, Card, Notice, PageHeader } from '../../web/components/page';
import { StatusBadge, type Tone } from '../../web/components/badges';
import { formatDateVi } from '../../domain/dates';
import { checkSheet, type Sheet } from '../../domain/scoring-sheet';
import { AppError } from '../../errors';
import {
  confirmVersion, createDraft, getSheet, getSheetRevision, listRevisions, listSets, listVersions, publishSheet,
} from './criteria.service';
import type { RevisionDto, SetDto, SheetDto, VersionDto } from './criteria.schema';
import { canAuthorCriteria } from './criteria.policy';
import { integrityProblems } from './criteria.file';
import { ExportLinks, RevisionPage, RevisionTable, SheetTree } from './sheet.pages';
import { registerSheetEditPages } from './sheet-edit.pages';

const AUTHORS = ['national_admin'] as const;
const ALL = { page: 1, pageSize: 100 };
const VersionParams = z.object({ version: z.string().min(1).max(40) });
const SetParams = VersionParams.extend({ code: z.string().min(1).max(10) });
const SheetIdParams = z.object({ id: z.uuid() });
const NoticeQuery = z.object({ confirmed: z.string().max(40).optional(), created: z.string().max(10).optional(), published: z.string().max(10).optional() });

type VersionStatus = 'official' | 'reconstructed' | 'toVerify';
const STATUS_TONE: Record<VersionStatus, Tone> = { official: 'success', reconstructed: 'warning', toVerify: 'warning' };

/** "To verify" until confirmed; "reconstructed" when a sheet in force is not an official text. */
function versionStatus(v: VersionDto, sets: SetDto[]): VersionStatus {
  if (v.toVerify) return 'toVerify';
  return sets.some((s) => s.sheet && !s.sheet.official) ? 'reconstructed' : 'official';
}

const isAuthor = (view: View) => !!view.actor && canAuthorCriteria(view.actor);
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

type VersionRow = VersionDto & { status: VersionStatus; total: number; withSheet: number };

function IndexPage({ view, rows, notice }: { view: View; rows: VersionRow[]; notice?: string | undefined }) {
  const { t } = view;
  const author = isAuthor(view);
  return (
    <Layout view={view} title={t('criteria.title')} active="/admin/criteria">
      {notice ? <Notice tone="success">{notice}</Notice> : null}
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

function SetsPage({ view, version, status, sets }: { view: View; version: VersionDto; status: VersionStatus; sets: SetDto[] }) {
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

interface SetSheetProps { view: View; version: VersionDto; set: SetDto; sheet: SheetDto | null; revisions: RevisionDto[] | null }

function SetSheetPage({ view, version, set, sheet, revisions }: SetSheetProps) {
  const { t } = view;
  const title = `${set.code}. ${set.name}`;
  const hasDraft = revisions?.some((r) => r.status === 'draft') ?? false;
  return (
    <Layout view={view} title={title} active="/admin/criteria">
      <Breadcrumbs items={[
        { href: '/admin/criteria', label: t('criteria.back') }, { href: `/admin/criteria/${version.code}`, label: version.code }, { label: title },
      ]} />
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

async function versionOf(req: FastifyRequest, code: string) {
  const versions = (await listVersions(req.ctx, ALL)).items;
  const version = versions.find((v) => v.code === code);
  if (!version) throw new AppError('not_found', `unknown criteria version "${code}"`);
  return version;
}

/** Integrity problems of a draft in the reader's language, keyed by node code (publish refused). */
function integrityErrors(req: FastifyRequest, sheet: SheetDto): Record<string, string> {
  const tree = { parts: sheet.parts } as Sheet;
  const issues = checkSheet(tree, sheet.partMaxima);
  const out: Record<string, string> = {};
  integrityProblems('', tree, sheet.partMaxima, issues).forEach((p, i) => {
    const code = issues[i]!.code;
    const message = translate(req.ctx.locale, p.key, p.params);
    out[code] = out[code] ? `${out[code]}; ${message}` : message;
  });
  return out;
}

export function registerCriteriaPages(app: App) {
  registerSheetEditPages(app);
  app.get('/admin/criteria', { schema: { hide: true, querystring: NoticeQuery } }, async (req, reply) => {
    const view = viewOf(req);
    const versions = (await listVersions(req.ctx, ALL)).items;
    const rows = await Promise.all(versions.map(async (v): Promise<VersionRow> => {
      const sets = (await listSets(req.ctx, v.code, ALL)).items;
      return { ...v, status: versionStatus(v, sets), total: sets.length, withSheet: sets.filter((s) => s.hasSheet).length };
    }));
    const notice = req.query.confirmed ? view.t('criteria.confirmed', { version: req.query.confirmed }) : undefined;
    return sendPage(reply, <IndexPage view={view} rows={rows} notice={notice} />);
  });

  app.get('/admin/criteria/:version', { schema: { hide: true, params: VersionParams } }, async (req, reply) => {
    const version = await versionOf(req, req.params.version);
    const sets = (await listSets(req.ctx, version.code, ALL)).items;
    return sendPage(reply, <SetsPage view={viewOf(req)} version={version} status={versionStatus(version, sets)} sets={sets} />);
  });

  app.get('/admin/criteria/:version/sets/:code', { schema: { hide: true, params: SetParams } }, async (req, reply) => {
    const view = viewOf(req);
    const version = await versionOf(req, req.params.version);
    const set = (await listSets(req.ctx, version.code, ALL)).items.find((s) => s.code === req.params.code);
    if (!set) throw new AppError('not_found', 'product set not found');
    const sheet = set.hasSheet ? await getSheet(req.ctx, version.code, set.code) : null;
    const revisions = isAuthor(view) ? (await listRevisions(req.ctx, version.code, set.code)).items : null;
    return sendPage(reply, <SetSheetPage view={view} version={version} set={set} sheet={sheet} revisions={revisions} />);
  });

  app.post('/admin/criteria/:version/sets/:code/drafts', { config: { access: AUTHORS }, schema: { hide: true, params: SetParams } }, async (req, reply) => {
    const draft = await createDraft(req.ctx, { version: req.params.version, productSetCode: req.params.code });
    return redirect(reply, `/admin/criteria/sheets/${draft.id}?created=${draft.revision}`);
  });

  app.post('/admin/criteria/:version/confirm', { config: { access: AUTHORS }, schema: { hide: true, params: VersionParams } }, async (req, reply) => {
    const v = await confirmVersion(req.ctx, req.params.version);
    return redirect(reply, `/admin/criteria?confirmed=${encodeURIComponent(v.code)}`);
  });

  const revisionPage = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: { notice?: string; errors?: Record<string, string> } = {}, status = 200) =>
    sendPage(reply, <RevisionPage view={viewOf(req)} sheet={await getSheetRevision(req.ctx, id)} {...extra} />, status);

  app.get('/admin/criteria/sheets/:id', { config: { access: AUTHORS }, schema: { hide: true, params: SheetIdParams, querystring: NoticeQuery } }, async (req, reply) => {
    const { t } = viewOf(req);
    const notice = req.query.published ? t('criteria.publishedNotice', { revision: req.query.published })
      : req.query.created ? t('criteria.draftCreated', { revision: req.query.created }) : undefined;
    return revisionPage(req, reply, req.params.id, notice ? { notice } : {});
  });

  app.post('/admin/criteria/sheets/:id/publish', { config: { access: AUTHORS }, schema: { hide: true, params: SheetIdParams } }, async (req, reply) => {
    try {
      const sheet = await publishSheet(req.ctx, req.params.id);
      return redirect(reply, `/admin/criteria/sheets/${sheet.id}?published=${sheet.revision}`);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'validation_failed') throw e;
      const draft = await getSheetRevision(req.ctx, req.params.id);
      return revisionPage(req, reply, req.params.id, { errors: integrityErrors(req, draft) }, 400);
    }
  });
}

