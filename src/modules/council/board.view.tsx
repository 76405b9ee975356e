/**
 * The secretary's board (progress, quorum and spread of every dossier; the re-score form) and the
 * results of a closed round, as cards of the round page. Views only: the data comes as props.
 */
import type { View } from '../../web/view';
import { CsrfField, SelectField, SubmitRow, TextArea } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { Card } from '../../web/components/page';
import { Stars, StatusBadge } from '../../web/components/badges';
import type { BoardDto, ResultsDto, RoundDto, TallyDto } from './council.schema';

const yesNo = (view: View, v: boolean) => (v ? view.t('round.yes') : view.t('round.no'));

export function BoardCard({ view, round, board }: { view: View; round: RoundDto; board: BoardDto }) {
  const { t } = view;
  const mayRescore = round.allowedActions.includes('rescore');
  // Submitted sheets that may be reopened, flagged dossiers first.
  const choices = [...board.items].sort((a, b) => Number(b.spreadFlag) - Number(a.spreadFlag)).flatMap((i) => i.sheets
    .filter((s) => s.status === 'submitted')
    .map((s) => ({ value: `${i.dossierId}:${s.memberId}`, label: `${i.number} — ${s.fullName} (${t(`seat.${s.councilRole}`)})${i.spreadFlag ? ' ⚠' : ''}` })));
  return (
    <Card title={t('round.board')} variant="accent">
      <p class="muted">{t('round.boardLead')}</p>
      <DataTable<BoardDto['items'][number]>
        caption={t('round.board')} captionHidden rows={board.items} empty={t('round.assignedEmpty')} rowKey={(i) => i.dossierId}
        columns={[
          { key: 'product', label: t('round.product'), render: (i) => <><span class="mono">{i.number}</span> {i.productName}</> },
          { key: 'progress', label: t('round.progress'), numeric: true, render: (i) => `${i.submitted}/${i.expected}` },
          { key: 'waiting', label: t('round.waiting'), render: (i) => waitingFor(i) || '—' },
          { key: 'quorum', label: t('round.quorum'), render: (i) => <StatusBadge tone={i.quorumMet ? 'success' : 'warning'}>{yesNo(view, i.quorumMet)}</StatusBadge> },
          { key: 'spread', label: t('round.spread'), numeric: true, render: (i) => (i.spread === null ? '—' : <StatusBadge tone={i.spreadFlag ? 'danger' : 'success'}>{i.spread}</StatusBadge>) },
          { key: 'visit', label: t('round.fieldVisit'), render: (i) => t(`round.fieldVisit.${i.fieldVisit}`) },
        ]}
      />
      {mayRescore && choices.length > 0 && (
        <form method="post" action={`/admin/rounds/${round.id}/rescore`} class="form-narrow council-rescore" novalidate>
          <h3>{t('round.rescore')}</h3>
          <CsrfField token={view.csrfToken} />
          <SelectField name="sheet" label={t('round.member')} required placeholder="—" options={choices} />
          <TextArea name="reason" label={t('round.rescoreReason')} required rows={2} maxLength={2000} />
          <SubmitRow><button type="submit" class="btn btn-secondary">{t('round.rescore')}</button></SubmitRow>
        </form>
      )}
    </Card>
  );
}

/** The members who have still to submit the dossier's sheet (the board's progress: who, never what). */
const waitingFor = (i: BoardDto['items'][number]) => i.sheets.filter((s) => s.status !== 'submitted').map((s) => s.fullName).join(', ');

const fmt = (view: View, n: number) => new Intl.NumberFormat(view.locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(n);

/**
 * A dossier's tally on the round page once it may be shown (mean, spread, each member's total);
 * before that only "kept confidential".
 */
export function TallyCell({ view, tally }: { view: View; tally: TallyDto | null }) {
  const { t } = view;
  if (!tally) return <span class="muted">{t('round.tallyHidden')}</span>;
  return (
    <div class="council-tally">
      <p class="council-tally-head">
        {tally.mean === null ? '—' : t('round.tallyMean', { mean: fmt(view, tally.mean) })}
        {tally.spread !== null && <> <StatusBadge tone={tally.spreadFlag ? 'danger' : 'success'}>{t('round.tallySpread', { spread: fmt(view, tally.spread) })}</StatusBadge></>}
      </p>
      <ul class="council-tally-list">
        {tally.sheets.map((s) => (
          <li key={s.memberId}>{s.fullName}: <strong>{s.total === null ? t('round.tallyNotIn') : fmt(view, s.total)}</strong></li>
        ))}
      </ul>
    </div>
  );
}

export function ResultsCard({ view, results, roundId }: { view: View; results: ResultsDto; roundId: string }) {
  const { t } = view;
  // The next step for the deciding authority: a recognition decision from these results.
  const decides = view.actor?.role === 'province_officer' || view.actor?.role === 'national_admin';
  return (
    <Card title={t('round.results')} variant="accent"
      actions={decides ? <a class="btn btn-secondary btn-sm" href={`/admin/decisions/new?round=${roundId}`}>{t('round.draftDecision')}</a> : undefined}>
      <DataTable<ResultsDto['items'][number]>
        caption={t('round.results')} captionHidden rows={results.items} empty="—" rowKey={(i) => i.dossierId}
        columns={[
          { key: 'product', label: t('round.product'), render: (i) => <><span class="mono">{i.number}</span> {i.productName}</> },
          { key: 'totals', label: t('round.totals'), render: (i) => i.sheets.map((s) => s.total).join(' · ') },
          { key: 'mean', label: t('round.mean'), numeric: true, render: (i) => (i.meanScore ?? '—') },
          { key: 'band', label: t('round.band'), render: (i) => (i.bandStars ? <Stars count={i.bandStars} /> : '—') },
          { key: 'recognised', label: t('round.recognised'), render: (i) => (i.recognisedStars ? <Stars count={i.recognisedStars} showText /> : '—') },
          { key: 'flags', label: t('round.forwarded'), render: (i) => [
            i.potentialFiveStar ? t('round.potential') : null, i.forwarded ? t('round.forwarded') : null, i.eliminated ? t('round.eliminated') : null,
            i.shortlisted ? t('round.shortlisted') : null,
          ].filter(Boolean).join(', ') || '—' },
        ]}
      />
    </Card>
  );
}
