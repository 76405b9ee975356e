/**
 * /admin/inspections/proposals: the board of revocation proposals. The certificate's authority
 * revokes the certificate from here (the certification module's revocation, the proposal closed in
 * the same transaction) or on the certificate's own page, or dismisses the proposal with a note.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf, type View } from '../../web/view';
import { formErrors, str, type FormBody } from '../../web/forms';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { Pagination } from '../../web/components/pagination';
import { BackLink, Notice, PageHeader } from '../../web/components/page';
import { SampleBadge, Stars } from '../../web/components/badges';
import { AppError, type FieldErrors } from '../../errors';
import { formatDateTimeVi, formatDateVi } from '../../domain/dates';
import { listHref, pagerLabels } from '../../web/components/pager';
import { INSPECTION_MANAGERS } from './inspections.policy';
import type { ProposalDto } from './inspections.schema';
import { dismissProposal, listProposals, revokeFromProposal } from './proposals.service';
import { ProposalStatus, tk } from './inspections.view';

const STATES = ['open', 'revoked', 'dismissed', 'all'] as const;
const BOARD = '/admin/inspections/proposals';

interface Failed { id: string; errors: FieldErrors; summary: string; values: Record<string, string> }

function ProposalCard({ view, p, failed }: { view: View; p: ProposalDto; failed?: Failed }) {
  const { t } = view;
  const mine = failed?.id === p.id ? failed : undefined;
  // Field names carry the proposal id: several cards on one page must not share element ids.
  const n = (k: string) => `${k}-${p.id}`;
  const errors: FieldErrors = Object.fromEntries(Object.entries(mine?.errors ?? {}).map(([k, v]) => [k === 'form' ? k : n(k), v]));
  const values = mine?.values ?? {};
  const certHref = `/admin/certificates/${encodeURIComponent(p.certificate.number)}`;
  return (
    <li class={`card insp-proposal insp-proposal--${p.status}`} id={`proposal-${p.id}`}>
      <div class="insp-proposal-head">
        <ProposalStatus view={view} status={p.status} />
        <strong>{p.product.name}</strong>
        {p.isSample && <SampleBadge label={t('common.sample')} />}
      </div>
      <p>{p.producer.name} · {p.provinceName}</p>
      <p>{t('insp.certificate')}: <a href={certHref}>{p.certificate.number}</a> <Stars count={p.certificate.stars} showText /></p>
      <p class="insp-proposal-reason">{p.reason}</p>
      <p class="muted">
        {t('insp.proposedBy', { by: p.proposedBy, at: formatDateTimeVi(new Date(p.proposedAt)) })}
        {p.visit && <> · <a href={`/admin/inspections/visits/${p.visit.id}`}>{t('insp.fromVisit', { date: formatDateVi(p.visit.visitedOn), plan: p.visit.planTitle })}</a></>}
      </p>
      {p.status === 'revoked' && p.certificate.revokedOn && <p>{t('certificates.revokedOn')}: {formatDateVi(p.certificate.revokedOn)}{p.certificate.revokedReason ? ` — ${p.certificate.revokedReason}` : ''}</p>}
      {p.decidedBy && p.decidedAt && <p class="muted">{t('insp.decidedBy', { by: p.decidedBy, at: formatDateTimeVi(new Date(p.decidedAt)) })}{p.decisionNote ? ` — ${p.decisionNote}` : ''}</p>}
      {mine && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={{ [n('reason')]: t('insp.revokeReason'), [n('legalBasis')]: t('insp.legalBasis'), [n('note')]: t('insp.dismissNote'), form: p.product.name }} />}
      {p.status === 'open' && !p.actions.revoke && <p class="muted">{t('insp.notAuthority')}</p>}
      {p.actions.revoke && (
        <div class="grid grid-2 insp-proposal-actions">
          <form method="post" action={`${BOARD}/${p.id}/revoke`} novalidate>
            <CsrfField token={view.csrfToken} />
            <h3 class="h4">{t('insp.revoke')}</h3>
            <TextArea name={n('reason')} label={t('insp.revokeReason')} value={values.reason ?? p.reason} error={errors[n('reason')]} required rows={3} maxLength={2000} />
            <TextField name={n('legalBasis')} label={t('insp.legalBasis')} hint={t('insp.legalBasisHint')} value={values.legalBasis} error={errors[n('legalBasis')]} required maxLength={1000} />
            <SubmitRow>
              <button type="submit" class="btn btn-danger">{t('insp.revoke')}</button>
              <a class="btn btn-ghost" href={certHref}>{t('insp.openCertificate')}</a>
            </SubmitRow>
          </form>
          <form method="post" action={`${BOARD}/${p.id}/dismiss`} novalidate>
            <CsrfField token={view.csrfToken} />
            <h3 class="h4">{t('insp.dismiss')}</h3>
            <TextArea name={n('note')} label={t('insp.dismissNote')} value={values.note} error={errors[n('note')]} required rows={3} maxLength={2000} />
            <SubmitRow><button type="submit" class="btn btn-secondary">{t('insp.dismiss')}</button></SubmitRow>
          </form>
        </div>
      )}
    </li>
  );
}

export function registerProposalPages(app: App) {
  const board = async (req: FastifyRequest, status: (typeof STATES)[number], page: number, done?: string, failed?: Failed) => {
    const view = viewOf(req);
    const { t } = view;
    const list = await listProposals(req.ctx, { status, page, pageSize: 20 });
    return (
      <Layout view={view} title={t('insp.proposals')} active="/admin/programme">
        <BackLink href="/admin/inspections">{t('insp.title')}</BackLink>
        <PageHeader title={t('insp.proposals')} lead={t('insp.proposalsLead')} />
        {done === 'revoked' && <Notice tone="success">{t('insp.revokedDone')}</Notice>}
        {done === 'dismissed' && <Notice tone="success">{t('insp.dismissedDone')}</Notice>}
        <nav class="stamp-tabs" aria-label={t('insp.status')}>
          {STATES.map((s) => <a href={`${BOARD}?status=${s}`} aria-current={s === status ? 'page' : undefined}>{tk(view, `insp.pstatus.${s}`)}</a>)}
        </nav>
        <p class="muted">{t('common.total', { total: list.total })}</p>
        {list.items.length === 0 ? <Notice tone="success">{t('insp.proposalsEmpty')}</Notice> : (
          <ul class="insp-proposals">{list.items.map((p) => <ProposalCard view={view} p={p} failed={failed} />)}</ul>
        )}
        <Pagination page={list.page} pageSize={list.pageSize} total={list.total} href={listHref(BOARD, { status })} labels={pagerLabels(view)} />
      </Layout>
    );
  };

  app.get(BOARD, {
    config: { access: INSPECTION_MANAGERS },
    schema: {
      hide: true,
      querystring: z.object({
        status: z.enum(STATES).default('open').catch('open'), page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1), done: z.string().max(20).optional(),
      }),
    },
  }, async (req, reply) => sendPage(reply, await board(req, req.query.status, req.query.page, req.query.done)));

  const act = (path: string, run: (req: FastifyRequest, id: string, body: FormBody) => Promise<unknown>, done: string) => {
    app.post(path, { config: { access: INSPECTION_MANAGERS }, schema: { hide: true, params: z.object({ id: z.string().max(64) }) } }, async (req, reply) => {
      const body = req.body as FormBody;
      const { id } = req.params;
      try {
        await run(req, id, body);
        return redirect(reply, `${BOARD}?status=${done}&done=${done}`);
      } catch (e) {
        const view = viewOf(req);
        let fields: FieldErrors;
        let message: string;
        let status: number;
        if (e instanceof AppError && e.code === 'invalid_transition') {
          ({ message, status } = { message: e.message, status: e.status });
          fields = { form: message };
        } else {
          ({ fields, message, status } = formErrors(e, view.locale));
          if (e instanceof AppError && e.fields) {
            fields = Object.fromEntries(Object.keys(e.fields).map((k) => [k, view.t('insp.err.required')]));
          }
        }
        const values = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k.replace(`-${id}`, ''), v])) as Record<string, string>;
        return sendPage(reply, await board(req, 'all', 1, undefined, { id, errors: fields, summary: message, values }), status);
      }
    });
  };
  act(`${BOARD}/:id/revoke`, (req, id, body) => revokeFromProposal(req.ctx, id, { reason: str(body, `reason-${id}`) ?? '', legalBasis: str(body, `legalBasis-${id}`) ?? '' }), 'revoked');
  act(`${BOARD}/:id/dismiss`, (req, id, body) => dismissProposal(req.ctx, id, { note: str(body, `note-${id}`) ?? '' }), 'dismissed');
}
