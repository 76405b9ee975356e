/**
 * Routes of the rulebook's back-office pages: versions with their status, each version's product
 * sets, a set's sheet (tree) and, for national administrators, its revisions with New draft,
 * Publish and Confirm. Reading is open to every signed-in role; writing is national
 * administrators only. The views are in criteria.view.tsx and sheet.view.tsx.
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { AppError } from '../../errors';
import { tDynamic, type Locale } from '../../core/i18n';
import {
  confirmVersion, createDraft, getSheet, getSheetRevision, listRevisions, listSets, listVersions, publishSheet,
} from './criteria.service';
import { IndexPage, isAuthor, SetSheetPage, SetsPage, versionStatus, type VersionRow } from './criteria.view';
import { RevisionPage } from './sheet.view';
import { integrityMessages, registerSheetEditPages } from './sheet-edit.routes';

const AUTHORS = ['national_admin'] as const;
const ALL = { page: 1, pageSize: 100 };
const VersionParams = z.object({ version: z.string().min(1).max(40) });
const SetParams = VersionParams.extend({ code: z.string().min(1).max(10) });
const SheetIdParams = z.object({ id: z.uuid() });
const NoticeQuery = z.object({ confirmed: z.string().max(40).optional(), created: z.string().max(10).optional(), published: z.string().max(10).optional() });

async function versionOf(req: FastifyRequest, code: string) {
  const versions = (await listVersions(req.ctx, ALL)).items;
  const version = versions.find((v) => v.code === code);
  if (!version) throw new AppError('not_found', `unknown criteria version "${code}"`);
  return version;
}

async function versionRows(req: FastifyRequest): Promise<VersionRow[]> {
  const versions = (await listVersions(req.ctx, ALL)).items;
  return Promise.all(versions.map(async (v): Promise<VersionRow> => {
    const sets = (await listSets(req.ctx, v.code, ALL)).items;
    return { ...v, status: versionStatus(v, sets), total: sets.length, withSheet: sets.filter((s) => s.hasSheet).length };
  }));
}

/**
 * A refused criteria action as one message (with what to do): the reason's `refusal.<reason>`
 * message when there is one, else the error code's. Not-found and signed-out keep their pages.
 */
function refusedAction(e: unknown, locale: Locale): { message: string; status: number } {
  if (!(e instanceof AppError) || e.code === 'not_found' || e.code === 'unauthenticated' || e.status >= 500) throw e;
  const reason = (e.details as { reason?: string } | undefined)?.reason;
  const key = reason ? `refusal.${reason}` : `errors.${e.code}`;
  return { message: tDynamic(locale, key, tDynamic(locale, `errors.${e.code}`, e.message)), status: e.status };
}

export function registerCriteriaPages(app: App) {
  registerSheetEditPages(app);
  app.get('/admin/criteria', { schema: { hide: true, querystring: NoticeQuery } }, async (req, reply) => {
    const view = viewOf(req);
    const rows = await versionRows(req);
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
    try {
      const draft = await createDraft(req.ctx, { version: req.params.version, productSetCode: req.params.code });
      return redirect(reply, `/admin/criteria/sheets/${draft.id}?created=${draft.revision}`);
    } catch (e) {
      const error = refusedAction(e, req.ctx.locale);
      const view = viewOf(req);
      const version = await versionOf(req, req.params.version);
      const set = (await listSets(req.ctx, version.code, ALL)).items.find((s) => s.code === req.params.code);
      if (!set) throw e;
      const sheet = set.hasSheet ? await getSheet(req.ctx, version.code, set.code) : null;
      const revisions = (await listRevisions(req.ctx, version.code, set.code)).items;
      return sendPage(reply, <SetSheetPage view={view} version={version} set={set} sheet={sheet} revisions={revisions} error={error.message} />, error.status);
    }
  });

  app.post('/admin/criteria/:version/confirm', { config: { access: AUTHORS }, schema: { hide: true, params: VersionParams } }, async (req, reply) => {
    try {
      const v = await confirmVersion(req.ctx, req.params.version);
      return redirect(reply, `/admin/criteria?confirmed=${encodeURIComponent(v.code)}`);
    } catch (e) {
      const error = refusedAction(e, req.ctx.locale);
      return sendPage(reply, <IndexPage view={viewOf(req)} rows={await versionRows(req)} error={error.message} />, error.status);
    }
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
      if (e instanceof AppError && e.code === 'validation_failed') {
        const draft = await getSheetRevision(req.ctx, req.params.id);
        return revisionPage(req, reply, req.params.id, { errors: integrityMessages(req.ctx.locale, draft) }, 400);
      }
      const error = refusedAction(e, req.ctx.locale);
      return sendPage(reply, <RevisionPage view={viewOf(req)} sheet={await getSheetRevision(req.ctx, req.params.id)} error={error.message} />, error.status);
    }
  });
}

