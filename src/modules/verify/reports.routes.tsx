/**
 * The officers' queue of "suspected fake" reports: JSON API under /api/v1/fake-reports and the
 * back-office page /admin/reports (national administrators, province officers and inspectors;
 * each sees the reports of their province, unknown codes only nationally; 404 outside).
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { AppError, problem } from '../../errors';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf, type View } from '../../web/view';
import { errorResponses, pageOf } from '../../web/api-schemas';
import { Layout } from '../../web/components/layout';
import { CsrfField, SelectField } from '../../web/components/form';
import { Pagination } from '../../web/components/pagination';
import { FilterBar } from '../../web/components/filter-bar';
import { DescriptionList, EmptyState, Notice, PageHeader } from '../../web/components/page';
import { StatusBadge, type Tone } from '../../web/components/badges';
import { formatDateTimeVi } from '../../domain/dates';
import { listHref, pagerLabels } from '../../web/components/pager';
import { REPORT_ROLES, REPORT_TRANSITIONS } from './reports.policy';
import { ReportListQuerySchema, ReportSchema, ReportUpdateSchema, type ReportDto } from './reports.schema';
import { getReport, listReports, reportCounts, reportPhoto, updateReport } from './reports.service';

const Id = z.object({ id: z.string().max(64) });
const access = REPORT_ROLES;

const STATUS_TONE: Record<ReportDto['status'], Tone> = { new: 'warning', reviewing: 'info', closed: 'success' };
const VERIFIED_TONE: Record<string, Tone> = { valid: 'success', expired: 'warning', revoked: 'danger', unknown: 'neutral' };

function ReportCard({ view, r, errors }: { view: View; r: ReportDto; errors?: Record<string, string> }) {
  const { t } = view;
  const next = [r.status, ...REPORT_TRANSITIONS[r.status]];
  const verified = ['valid', 'expired', 'revoked', 'unknown'].includes(r.verifiedStatus) ? r.verifiedStatus as 'valid' : 'unknown';
  return (
    <article class="card report-card" id={`report-${r.id}`} aria-labelledby={`report-${r.id}-title`}>
      <div class="card-body">
        <header class="report-card-head">
          <h2 class="report-card-title" id={`report-${r.id}-title`}>
            <a href={`/v/${encodeURIComponent(r.code || '-')}`}><code>{r.code || '—'}</code></a>
          </h2>
          <StatusBadge tone={STATUS_TONE[r.status]}>{t(`reports.status.${r.status}`)}</StatusBadge>
        </header>
        {r.reference && <p class="report-reference">{t('reports.reference')}: <strong>{r.reference}</strong></p>}
        <p class="report-message">{r.message}</p>
        <DescriptionList items={[
          { term: t('reports.verifiedAs'), detail: <StatusBadge tone={VERIFIED_TONE[verified] ?? 'neutral'}>{t(`verify.${verified}.title`)}</StatusBadge> },
          { term: t('reports.place'), detail: r.placeSeen },
          { term: t('reports.contact'), detail: r.contact ?? t('reports.noContact') },
          { term: t('verify.province'), detail: r.provinceName ?? t('reports.national') },
          { term: t('reports.receivedAt'), detail: formatDateTimeVi(new Date(r.createdAt)) },
          ...(r.photoUrl ? [{ term: t('reports.photo'), detail: <a href={r.photoUrl}>{t('reports.viewPhoto')}</a> }] : []),
          ...(r.handledBy ? [{ term: t('reports.handledBy'), detail: `${r.handledBy}${r.handledAt ? ` · ${formatDateTimeVi(new Date(r.handledAt))}` : ''}` }] : []),
          ...(r.resolution ? [{ term: t('reports.resolution'), detail: r.resolution }] : []),
        ]} />
        <form method="post" action={`/admin/reports/${r.id}`} class="report-form">
          <CsrfField token={view.csrfToken} />
          {errors && <Notice tone="danger" title={t('reports.errorsTitle')}>{Object.values(errors).map((m) => <p>{m}</p>)}</Notice>}
          <div class="field">
            <label class="field-label" for={`status-${r.id}`}>{t('reports.status')}</label>
            <select class="select" id={`status-${r.id}`} name="status">
              {next.map((s) => <option value={s} selected={s === r.status}>{t(`reports.status.${s}`)}</option>)}
            </select>
          </div>
          <div class={errors?.resolution ? 'field field--error' : 'field'}>
            <label class="field-label" for={`resolution-${r.id}`}>{t('reports.resolution')}</label>
            <p class="field-hint" id={`resolution-${r.id}-hint`}>{t('reports.resolutionHint')}</p>
            <textarea class="textarea" id={`resolution-${r.id}`} name="resolution" rows={2} maxLength={2000}
              aria-describedby={`resolution-${r.id}-hint`} aria-invalid={errors?.resolution ? 'true' : undefined}>{r.resolution ?? ''}</textarea>
          </div>
          <button type="submit" class="btn btn-primary btn-sm">{t('reports.save')}</button>
        </form>
      </div>
    </article>
  );
}

async function queuePage(req: FastifyRequest, query: z.infer<typeof ReportListQuerySchema>, extra: { done?: boolean; failed?: { id: string; errors: Record<string, string>; message: string } } = {}) {
  const view = viewOf(req);
  const { t } = view;
  const [list, counts] = await Promise.all([listReports(req.ctx, query), reportCounts(req.ctx)]);
  return (
    <Layout view={view} title={t('reports.queue.title')} active="/admin/reports">
      <PageHeader title={t('reports.queue.title')} lead={t('reports.queue.lead')} />
      {extra.done && <Notice tone="success">{t('reports.saved')}</Notice>}
      {extra.failed && <Notice tone="danger">{extra.failed.message}</Notice>}
      <FilterBar action="/admin/reports" submitLabel={t('reports.filter')}>
        <SelectField name="status" label={t('reports.status')} value={query.status ?? ''} placeholder={t('reports.all')} autoSubmit
          options={(['new', 'reviewing', 'closed'] as const).map((s) => ({ value: s, label: `${t(`reports.status.${s}`)} (${counts[s]})` }))} />
      </FilterBar>
      <p class="report-count">{t('reports.count', { count: list.total })}</p>
      {list.items.length === 0 ? <EmptyState>{t('reports.empty')}</EmptyState> : (
        <div class="report-list">
          {list.items.map((r) => <ReportCard view={view} r={r} errors={extra.failed?.id === r.id ? extra.failed.errors : undefined} />)}
        </div>
      )}
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} href={listHref('/admin/reports', query)} labels={pagerLabels(view)} />
    </Layout>
  );
}

export function registerReportRoutes(app: App) {
  app.get('/api/v1/fake-reports', {
    config: { access },
    schema: {
      tags: ['verify'], summary: 'The queue of suspected-fake reports in the caller\'s scope (newest first)',
      querystring: ReportListQuerySchema, response: { 200: pageOf(ReportSchema), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => listReports(req.ctx, req.query));

  app.get('/api/v1/fake-reports/:id', {
    config: { access },
    schema: { tags: ['verify'], summary: 'One suspected-fake report (404 outside the caller\'s scope)', params: Id, response: { 200: ReportSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getReport(req.ctx, req.params.id));

  app.patch('/api/v1/fake-reports/:id', {
    config: { access },
    schema: {
      tags: ['verify'], summary: 'Move a report: new → reviewing → closed (closing needs a resolution); a closed report may be reopened',
      params: Id, body: ReportUpdateSchema, response: { 200: ReportSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => updateReport(req.ctx, req.params.id, req.body));

  app.get('/api/v1/fake-reports/:id/photo', {
    config: { access },
    schema: { tags: ['verify'], summary: 'The report\'s photo (JPEG, metadata removed); 404 outside the caller\'s scope or without a photo', params: Id },
  }, async (req, reply) => {
    const photo = await reportPhoto(req.ctx, req.params.id);
    return reply.type(photo.type).header('cache-control', 'private, no-store').header('content-disposition', 'inline').send(photo.data);
  });

  app.get('/admin/reports', {
    config: { access },
    schema: { hide: true, querystring: ReportListQuerySchema.extend({ done: z.string().max(5).optional() }) },
  }, async (req, reply) => {
    const { done, ...query } = req.query;
    return sendPage(reply, await queuePage(req, query, { done: done === '1' }));
  });

  app.post('/admin/reports/:id', {
    config: { access },
    schema: { hide: true, params: Id, body: z.object({ status: z.string().max(20).optional(), resolution: z.string().max(5000).optional(), _csrf: z.string().optional() }) },
  }, async (req, reply) => {
    const view = viewOf(req);
    const parsed = ReportUpdateSchema.safeParse({ status: req.body.status, resolution: req.body.resolution });
    try {
      if (!parsed.success) throw new AppError('validation_failed', 'invalid input', { status: problem('report.status_missing') });
      await updateReport(req.ctx, req.params.id, parsed.data);
      return redirect(reply, `/admin/reports?done=1#report-${req.params.id}`);
    } catch (e) {
      if (!(e instanceof AppError) || !['validation_failed', 'invalid_transition', 'conflict'].includes(e.code)) throw e;
      const errors: Record<string, string> = e.fields?.resolution ? { resolution: view.t('reports.resolutionHint') } : { status: view.t('reports.errorsTitle') };
      const page = await queuePage(req, { page: 1, pageSize: 20 }, { failed: { id: req.params.id, errors, message: view.t('reports.errorsTitle') } });
      return sendPage(reply, page, e.status);
    }
  });
}
