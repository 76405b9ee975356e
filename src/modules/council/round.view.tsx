/**
 * A round: status and dates, results (closed) or the board (organisers, chair, secretary), the
 * assigned dossiers with the member's own sheet, eligible dossiers to assign, the council, the
 * conflicts of interest and the field visits — each form posts to round.routes.tsx.
 */
import type { View } from '../../web/view';
import type { FieldMessages } from '../../errors';
import { CsrfField, ErrorSummary, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { Layout } from '../../web/components/layout';
import { DataTable } from '../../web/components/table';
import { BackLink, Card, DescriptionList, Notice, PageHeader } from '../../web/components/page';
import { StatusBadge } from '../../web/components/badges';
import { formatDateTimeVi, formatDateVi } from '../../domain/dates';
import { tDynamic } from '../../core/i18n';
import { COUNCIL_SEATS } from '../../domain/council';
import type { BoardDto, EligibleDto, IneligibleDto, ResultsDto, RoundDto } from './council.schema';
import { BoardCard, ResultsCard, TallyCell } from './board.view';
import { RoundStatus } from './rounds.view';

/** The success notice after each round action (`?done=`). */
const DONE: Record<string, 'round.done.opened' | 'round.done.closed' | 'round.done.ended'> = {
  opened: 'round.done.opened', closed: 'round.done.closed', ended: 'round.done.ended',
};

/** What the round page shows besides the round itself (each part only when the actor may see it). */
export interface RoundExtras {
  board: BoardDto | null;
  eligible: EligibleDto[];
  /** Dossiers the round cannot take, with why (explains an empty eligible list). */
  ineligible: IneligibleDto[];
  candidates: { value: string; label: string }[];
  results: ResultsDto | null;
  /** The province's name (province rounds). */
  provinceName: string | null;
  error?: { message: string; fields: FieldMessages } | undefined;
  done?: string | undefined;
}

export function RoundPage({ view, round, x }: { view: View; round: RoundDto; x: RoundExtras }) {
  const { t } = view;
  const can = (a: RoundDto['allowedActions'][number]) => round.allowedActions.includes(a);
  const base = `/admin/rounds/${round.id}`;
  // Seats that score (the secretary who is not a member does not): what "submitted" is counted against.
  const scoringSeats = round.members.filter((m) => m.scoring).length;
  // Only the chair ends the scoring: named as the council knows them (the record keeps the account).
  const endedBy = round.members.find((m) => m.councilRole === 'chair')?.fullName ?? round.scoringEndedBy ?? '—';
  const lead = can('board') || can('manage');
  const memberOptions = round.members.filter((m) => lead || m.id === round.mySeat?.id).map((m) => ({ value: m.id, label: `${m.fullName} — ${t(`seat.${m.councilRole}`)}` }));
  const producerOptions = [...new Map(round.dossiers.map((d) => [d.producerId, d.producerName])).entries()].map(([value, label]) => ({ value, label }));
  return (
    <Layout view={view} title={round.name} active="/admin/rounds">
      <BackLink href="/admin/rounds">{t('rounds.title')}</BackLink>
      {x.done && <Notice tone="success">{t(DONE[x.done] ?? 'round.done')}</Notice>}
      {round.status === 'scoring' && round.scoringEndedAt && x.done !== 'ended' && (
        <Notice tone="info">{t('round.scoringEnded', { at: formatDateTimeVi(new Date(round.scoringEndedAt)), by: endedBy })}</Notice>
      )}
      {x.error && (Object.keys(x.error.fields).length
        ? <ErrorSummary title={x.error.message} errors={x.error.fields} labels={{}} />
        : <Notice tone="danger">{x.error.message}</Notice>)}
      <PageHeader title={round.name} caption={`${t(`round.level.${round.level}`)}${x.provinceName ? ` · ${x.provinceName}` : ''} · ${t('round.stage', { stage: round.stage })}`}
        actions={<>
          {can('open') && (
            <form method="post" action={`${base}/open`} class="inline-form">
              <CsrfField token={view.csrfToken} />
              <button type="submit" class="btn btn-primary">{t('round.open')}</button>
            </form>
          )}
          {can('end_scoring') && (
            <form method="post" action={`${base}/end-scoring`} class="inline-form" data-module="confirm" data-confirm={t('round.endScoringConfirm')}>
              <CsrfField token={view.csrfToken} />
              <button type="submit" class="btn btn-secondary">{t('round.endScoring')}</button>
            </form>
          )}
          {can('close') && (
            <form method="post" action={`${base}/close`} class="inline-form">
              <CsrfField token={view.csrfToken} />
              <button type="submit" class="btn btn-primary">{t('round.close')}</button>
            </form>
          )}
        </>} />
      <Card title={<>{t('round.status')}: <RoundStatus view={view} status={round.status} /></>}>
        <DescriptionList items={[
          { term: t('round.regime'), detail: round.regimeName },
          { term: t('round.sessionDate'), detail: formatDateVi(round.sessionDate) },
          { term: t('round.cutoffDate'), detail: formatDateVi(round.cutoffDate) },
          { term: t('round.spreadLimit'), detail: String(round.spreadLimit) },
          ...(round.scoringEndedAt ? [{ term: t('round.scoringEndedTerm'), detail: `${formatDateTimeVi(new Date(round.scoringEndedAt))} — ${endedBy}` }] : []),
          ...(round.twoStage ? [{ term: t('round.twoStage'), detail: t('round.stage', { stage: round.stage }) }] : []),
        ]} />
      </Card>

      {x.results && <ResultsCard view={view} results={x.results} roundId={round.id} />}
      {x.board && <BoardCard view={view} round={round} board={x.board} />}

      <Card title={t('round.assigned')}>
        {round.status === 'scoring' && round.dossiers.some((d) => !d.tally) && <p class="muted">{t('round.confidential')}</p>}
        <DataTable<RoundDto['dossiers'][number]>
          caption={t('round.assigned')} captionHidden rows={round.dossiers} empty={t('round.assignedEmpty')} rowKey={(d) => d.dossierId}
          columns={[
            { key: 'number', label: t('round.number'), render: (d) => <span class="mono">{d.number}</span> },
            { key: 'product', label: t('round.product'), render: (d) => <>{d.productName}{d.isService && <> <StatusBadge tone="info">{t('round.service')}</StatusBadge></>}</> },
            { key: 'producer', label: t('round.producer'), render: (d) => d.producerName },
            ...(round.status === 'planning' ? [] : [{
              key: 'progress', label: t('round.progress'), numeric: true,
              render: (d: RoundDto['dossiers'][number]) => `${d.submittedSheets}/${scoringSeats}`,
            }]),
            ...(round.status === 'scoring' ? [{
              key: 'tally', label: t('round.tally'),
              render: (d: RoundDto['dossiers'][number]) => <TallyCell view={view} tally={d.tally} />,
            }] : []),
            ...(round.mySeat ? [{
              key: 'mine', label: t('round.mySheet'), render: (d: RoundDto['dossiers'][number]) => (d.mySheet
                ? <a class="btn btn-secondary btn-small" href={`${base}/dossiers/${d.dossierId}/score`}>{t('round.score')} · {t(`sheet.status.${d.mySheet.status}`)}</a>
                : '—'),
            }] : []),
          ]}
        />
      </Card>

      {can('manage') && (
        <Card title={t('round.eligible')}>
          {x.eligible.length === 0 ? <WhyNoneEligible view={view} round={round} ineligible={x.ineligible} /> : (
            <form method="post" action={`${base}/assignments`}>
              <CsrfField token={view.csrfToken} />
              <fieldset class="fieldset">
                <legend class="visually-hidden">{t('round.eligible')}</legend>
                {x.eligible.map((d) => (
                  <div class="checkbox-row" key={d.dossierId}>
                    <input class="checkbox-input" type="checkbox" id={`assign-${d.dossierId}`} name="dossierIds" value={d.dossierId} checked />
                    <label class="checkbox-label" for={`assign-${d.dossierId}`}>
                      <span class="mono">{d.number}</span> — {d.productName} ({d.producerName}){d.isService ? ` · ${t('round.service')}` : ''}
                    </label>
                  </div>
                ))}
              </fieldset>
              <SubmitRow><button type="submit" class="btn btn-primary">{t('round.assign')}</button></SubmitRow>
            </form>
          )}
        </Card>
      )}

      <Card title={t('round.council')}>
        <DataTable<RoundDto['members'][number]>
          caption={t('round.council')} captionHidden rows={round.members} empty="—" rowKey={(m) => m.id}
          columns={[
            { key: 'name', label: t('round.person'), render: (m) => m.fullName },
            { key: 'seat', label: t('round.seat'), render: (m) => t(`seat.${m.councilRole}`) },
            { key: 'org', label: t('round.organisation'), render: (m) => m.organisation || '—' },
            ...(can('manage') ? [{
              key: 'remove', label: t('round.remove'), render: (m: RoundDto['members'][number]) => (
                <form method="post" action={`${base}/members/${m.id}/remove`} class="inline-form">
                  <CsrfField token={view.csrfToken} />
                  <button type="submit" class="btn btn-ghost btn-small" aria-label={`${t('round.remove')} ${m.fullName}`}>{t('round.remove')}</button>
                </form>
              ),
            }] : []),
          ]}
        />
        {can('manage') && (
          <form method="post" action={`${base}/members`} class="form-narrow" novalidate>
            <h3>{t('round.addMember')}</h3>
            <CsrfField token={view.csrfToken} />
            <SelectField name="userId" label={t('round.person')} options={x.candidates} required placeholder="—" error={x.error?.fields.userId} />
            <SelectField name="councilRole" label={t('round.seat')} options={COUNCIL_SEATS.map((r) => ({ value: r, label: t(`seat.${r}`) }))} required value="member" error={x.error?.fields.councilRole} />
            <TextField name="organisation" label={t('round.organisation')} maxLength={300} optionalLabel={t('form.optional')} />
            <SubmitRow><button type="submit" class="btn btn-secondary">{t('round.addMember')}</button></SubmitRow>
          </form>
        )}
      </Card>

      <Card title={t('round.conflicts')}>
        {round.conflicts.length === 0 ? <p class="muted">{t('round.conflictsEmpty')}</p> : (
          <ul class="council-list">
            {round.conflicts.map((c) => <li key={c.id}><strong>{c.memberName}</strong> — {c.producerName}: {c.reason}</li>)}
          </ul>
        )}
        {can('declare_conflict') && memberOptions.length > 0 && producerOptions.length > 0 && (
          <form method="post" action={`${base}/conflicts`} class="form-narrow" novalidate>
            <h3>{t('round.declare')}</h3>
            <CsrfField token={view.csrfToken} />
            <SelectField name="memberId" label={t('round.member')} options={memberOptions} required value={round.mySeat?.id ?? null} />
            <SelectField name="producerId" label={t('round.producer')} options={producerOptions} required placeholder="—" error={x.error?.fields.producerId} />
            <TextArea name="reason" label={t('round.reason')} required rows={2} maxLength={2000} error={x.error?.fields.reason} />
            <SubmitRow><button type="submit" class="btn btn-secondary">{t('round.declare')}</button></SubmitRow>
          </form>
        )}
      </Card>

      {(round.fieldVisits.length > 0 || (can('field_visit') && round.dossiers.some((d) => d.isService))) && (
        <Card title={t('round.fieldVisits')}>
          <ul class="council-list">
            {round.fieldVisits.map((v) => {
              const d = round.dossiers.find((x2) => x2.dossierId === v.dossierId);
              return <li key={v.id}><strong>{formatDateVi(v.visitedOn)}</strong> — {d?.productName ?? v.dossierId}: {v.findings} <span class="muted">({v.participants})</span></li>;
            })}
          </ul>
          {can('field_visit') && (
            <form method="post" action={`${base}/field-visits`} class="form-narrow" novalidate>
              <h3>{t('round.recordVisit')}</h3>
              <CsrfField token={view.csrfToken} />
              <SelectField name="dossierId" label={t('round.product')} required placeholder="—"
                options={round.dossiers.filter((d) => d.isService).map((d) => ({ value: d.dossierId, label: `${d.number} — ${d.productName}` }))} />
              <TextField name="visitedOn" type="date" label={t('round.visitedOn')} required error={x.error?.fields.visitedOn} />
              <TextField name="participants" label={t('round.participants')} required maxLength={2000} />
              <TextArea name="findings" label={t('round.findings')} required rows={3} maxLength={10000} />
              <SubmitRow><button type="submit" class="btn btn-secondary">{t('round.recordVisit')}</button></SubmitRow>
            </form>
          )}
        </Card>
      )}
    </Layout>
  );
}

/** An empty eligible list, explained: the dossiers there are and why the round cannot take each. */
function WhyNoneEligible({ view, round, ineligible }: { view: View; round: RoundDto; ineligible: IneligibleDto[] }) {
  const { t } = view;
  const params = (d: IneligibleDto) => ({
    status: tDynamic(view.locale, `dossier.status.${d.status}`, d.status), submitted: d.submittedOn ? formatDateVi(d.submittedOn) : '—', cutoff: formatDateVi(round.cutoffDate),
  });
  return (
    <>
      <p>{t('round.eligibleEmpty')} {ineligible.length ? t('round.eligibleWhy', { count: ineligible.length }) : t(round.level === 'national' ? 'round.eligibleNoneNational' : 'round.eligibleNone')}</p>
      {ineligible.length > 0 && (
        <ul class="eligible-why">
          {ineligible.map((d) => (
            <li key={d.dossierId}>
              <span class="mono">{d.number}</span> — {d.productName} ({d.producerName}): {t(`round.ineligible.${d.reason}`, params(d))}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
