/**
 * The view of /admin/inspections/proposals (proposals.routes.tsx): the board of revocation
 * proposals, each with the forms to revoke the certificate or dismiss the proposal.
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { Pagination } from '../../web/components/pagination';
import { BackLink, Notice, PageHeader } from '../../web/components/page';
import { SampleBadge, Stars } from '../../web/components/badges';
import type { FieldMessages } from '../../errors';
import { formatDateTimeVi, formatDateVi } from '../../domain/dates';
import { listHref, pagerLabels } from '../../web/components/pager';
import type { ProposalDto } from './inspections.schema';
import { ProposalStatus, tk } from './inspections.view';

export const PROPOSAL_STATES = ['open', 'revoked', 'dismissed', 'all'] as const;
export const BOARD = '/admin/inspections/proposals';
const STATES = PROPOSAL_STATES;

export interface Failed { id: string; errors: FieldMessages; summary: string; values: Record<string, string> }

function ProposalCard({ view, p, failed }: { view: View; p: ProposalDto; failed?: Failed }) {
  const { t } = view;
  const mine = failed?.id === p.id ? failed : undefined;
  // Field names carry the proposal id: several cards on one page must not share element ids.
  const n = (k: string) => `${k}-${p.id}`;
  const errors: FieldMessages = Object.fromEntries(Object.entries(mine?.errors ?? {}).map(([k, v]) => [k === 'form' ? k : n(k), v]));
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

export interface ProposalBoardProps {
  view: View;
  status: (typeof PROPOSAL_STATES)[number];
  done?: string | undefined;
  failed?: Failed | undefined;
  list: { items: ProposalDto[]; total: number; page: number; pageSize: number };
}

export function ProposalBoardPage({ view, status, done, failed, list }: ProposalBoardProps) {
  const { t } = view;
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
}
