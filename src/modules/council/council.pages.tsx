/**
 * Back-office pages of rounds and councils: the list, a new round, a round (council, conflicts,
 * dossiers, field visits, the secretary's board with re-score, open / close, results), the
 * member's tablet scoring form (SheetForm with autosave) and "my sheets". Every action posts a
 * form with the CSRF token and goes through the same services as the API.
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect, requireActor } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf, type View } from '../../web/view';
import { bool, str, type FormBody } from '../../web/forms';
import { Layout } from '../../web/components/layout';
import { Checkbox, CsrfField, ErrorSummary, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { BackLink, Card, DescriptionList, EmptyState, Notice, PageHeader } from '../../web/components/page';
import { Stars, StatusBadge, type Tone } from '../../web/components/badges';
import { SheetForm, answersFromForm } from '../../web/components/sheet-form';
import { AppError, type FieldErrors } from '../../errors';
import { tDynamic, type Locale } from '../../core/i18n';
import { formatDateTimeVi, formatDateVi } from '../../domain/dates';
import { maxPoints, partMaxPoints, type Sheet, type SheetNode } from '../../domain/scoring-sheet';
import type { NodeDto, SheetDto } from '../criteria/criteria.schema';
import { findRegime, findSheet } from '../criteria/criteria.repository';
import type { ROUND_STATUSES } from './council.tables';
import { COUNCIL_ROLES } from './council.tables';
import { ROUND_ROLES } from './council.policy';
import type { BoardDto, EligibleDto, ResultsDto, RoundDto, RoundInput } from './council.schema';
import {
  addMember, assignDossiers, createRound, declareConflict, getRound, listEligible, listMySheets, listRounds, openRound,
  recordFieldVisit, removeMember, seatCandidates,
} from './round.service';
import { getMySheetWithTree, rescoreSheet, saveDraft, submitSheet } from './sheet.service';
import { closeRound, getBoard, getResults } from './close.service';
import { findArea } from '../registry/area.repository';

const access = ROUND_ROLES;
const Id = z.object({ id: z.string().max(64) });
const DossierId = Id.extend({ dossierId: z.string().max(64) });
const Flash = z.object({ done: z.string().max(40).optional() });
const STATUS_TONE: Record<(typeof ROUND_STATUSES)[number], Tone> = { planning: 'neutral', scoring: 'info', closed: 'success' };

/** An expected failure as a message for the page (anything else propagates to the error page). */
function failure(e: unknown, locale: Locale): { message: string; fields: FieldErrors; status: number } {
  if (e instanceof AppError && e.status < 500 && e.code !== 'not_found' && e.code !== 'unauthenticated') {
    return { message: `${tDynamic(locale, `errors.${e.code}`, e.message)} (${e.message})`, fields: e.fields ?? {}, status: e.status };
  }
  throw e;
}

function RoundStatus({ view, status }: { view: View; status: RoundDto['status'] }) {
  return <StatusBadge tone={STATUS_TONE[status]}>{view.t(`round.status.${status}`)}</StatusBadge>;
}

const yesNo = (view: View, v: boolean) => (v ? view.t('round.yes') : view.t('round.no'));

// ---- SheetDto for the SheetForm component, from the dossier's own sheet revision ----

function nodeDto(n: SheetNode): NodeDto {
  return {
    code: n.code, kind: n.kind, title: n.title, note: n.note, maxPoints: maxPoints(n), selection: n.selection, condition: n.condition,
    chooseOneCase: n.chooseOneCase, knockOut: n.knockOut, bonus: n.bonus, options: n.options.map((o) => ({ ...o })), children: n.children.map(nodeDto),
  };
}

async function sheetDto(req: FastifyRequest, sheetId: string, tree: Sheet): Promise<{ sheet: SheetDto; bands: { stars: number; min: number }[]; minStars: number }> {
  const row = (await findSheet(req.ctx, sheetId))!;
  const regime = (await findRegime(req.ctx, row.regimeCode))!;
  const order = ['A', 'B', 'C'];
  const parts = [...tree.parts].sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
  return {
    sheet: {
      id: row.id, version: row.regimeCode, sheetsFrom: row.regimeCode, productSet: { code: row.productSetCode, name: '', group: '' },
      revision: row.revision, status: row.status, official: row.official, provenance: row.provenance, source: row.source,
      publishedAt: row.publishedAt ? row.publishedAt.toISOString() : null, partMaxima: regime.partMaxima,
      totalPoints: parts.reduce((s, p) => s + partMaxPoints(p), 0),
      parts: parts.map((p) => ({ code: p.code, title: p.title, maxPoints: p.maxPoints, children: p.children.map(nodeDto) })),
    },
    bands: regime.starBands, minStars: regime.minCertifiableStars,
  };
}

// ---- the round page ----

interface Extras {
  board: BoardDto | null;
  eligible: EligibleDto[];
  candidates: { value: string; label: string }[];
  results: ResultsDto | null;
  /** The province's name (province rounds). */
  provinceName: string | null;
  error?: { message: string; fields: FieldErrors } | undefined;
  done?: string | undefined;
}

function RoundPage({ view, round, x }: { view: View; round: RoundDto; x: Extras }) {
  const { t } = view;
  const can = (a: RoundDto['allowedActions'][number]) => round.allowedActions.includes(a);
  const base = `/admin/rounds/${round.id}`;
  const lead = can('board') || can('manage');
  const memberOptions = round.members.filter((m) => lead || m.id === round.mySeat?.id).map((m) => ({ value: m.id, label: `${m.fullName} — ${t(`seat.${m.councilRole}`)}` }));
  const producerOptions = [...new Map(round.dossiers.map((d) => [d.producerId, d.producerName])).entries()].map(([value, label]) => ({ value, label }));
  return (
    <Layout view={view} title={round.name} active="/admin/rounds">
      <BackLink href="/admin/rounds">{t('rounds.title')}</BackLink>
      {x.done && <Notice tone="success">{t(x.done === 'opened' ? 'round.done.opened' : x.done === 'closed' ? 'round.done.closed' : 'round.done')}</Notice>}
      {x.error && <ErrorSummary title={x.error.message} errors={x.error.fields} labels={{}} />}
      <PageHeader title={round.name} caption={`${t(`round.level.${round.level}`)}${x.provinceName ? ` · ${x.provinceName}` : ''} · ${t('round.stage', { stage: round.stage })}`}
        actions={<>
          {can('open') && (
            <form method="post" action={`${base}/open`} class="inline-form">
              <CsrfField token={view.csrfToken} />
              <button type="submit" class="btn btn-primary">{t('round.open')}</button>
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
          { term: t('round.regime'), detail: round.regimeCode },
          { term: t('round.sessionDate'), detail: formatDateVi(round.sessionDate) },
          { term: t('round.cutoffDate'), detail: formatDateVi(round.cutoffDate) },
          { term: t('round.spreadLimit'), detail: String(round.spreadLimit) },
          ...(round.twoStage ? [{ term: t('round.twoStage'), detail: t('round.stage', { stage: round.stage }) }] : []),
        ]} />
      </Card>

      {x.results && <ResultsCard view={view} results={x.results} roundId={round.id} />}
      {x.board && <BoardCard view={view} round={round} board={x.board} />}

      <Card title={t('round.assigned')}>
        <DataTable<RoundDto['dossiers'][number]>
          caption={t('round.assigned')} captionHidden rows={round.dossiers} empty={t('round.assignedEmpty')} rowKey={(d) => d.dossierId}
          columns={[
            { key: 'number', label: t('round.number'), render: (d) => <span class="mono">{d.number}</span> },
            { key: 'product', label: t('round.product'), render: (d) => <>{d.productName}{d.isService && <> <StatusBadge tone="info">{t('round.service')}</StatusBadge></>}</> },
            { key: 'producer', label: t('round.producer'), render: (d) => d.producerName },
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
          {x.eligible.length === 0 ? <p class="muted">{t('round.eligibleEmpty')}</p> : (
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
            <SelectField name="councilRole" label={t('round.seat')} options={COUNCIL_ROLES.map((r) => ({ value: r, label: t(`seat.${r}`) }))} required value="member" error={x.error?.fields.councilRole} />
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

function BoardCard({ view, round, board }: { view: View; round: RoundDto; board: BoardDto }) {
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

function ResultsCard({ view, results, roundId }: { view: View; results: ResultsDto; roundId: string }) {
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

async function renderRound(req: FastifyRequest, reply: FastifyReply, id: string, opts: { error?: { message: string; fields: FieldErrors }; status?: number; done?: string } = {}) {
  const view = viewOf(req);
  const round = await getRound(req.ctx, id);
  const can = (a: RoundDto['allowedActions'][number]) => round.allowedActions.includes(a);
  const x: Extras = {
    board: can('board') ? await getBoard(req.ctx, id) : null,
    eligible: can('manage') ? await listEligible(req.ctx, id) : [],
    candidates: can('manage') ? (await seatCandidates(req.ctx, id)).filter((u) => !round.members.some((m) => m.userId === u.id))
      .map((u) => ({ value: u.id, label: `${u.displayName || u.username} (${u.username})` })) : [],
    results: can('results') ? await getResults(req.ctx, id) : null,
    provinceName: round.provinceCode ? (await findArea(req.ctx, round.provinceCode))?.name ?? round.provinceCode : null,
    error: opts.error, done: opts.done,
  };
  return sendPage(reply, <RoundPage view={view} round={round} x={x} />, opts.status ?? 200);
}

/** Run a round action from a posted form; errors re-render the round page with the message. */
async function act(req: FastifyRequest, reply: FastifyReply, id: string, fn: () => Promise<unknown>, next?: string) {
  try {
    await fn();
    return redirect(reply, next ?? `/admin/rounds/${id}?done=1`);
  } catch (e) {
    const f = failure(e, viewOf(req).locale);
    return renderRound(req, reply, id, { error: f, status: f.status });
  }
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

export function registerCouncilPages(app: App, _deps: Deps) {
  app.get('/admin/rounds', { config: { access }, schema: { hide: true, querystring: z.object({ page: z.coerce.number().int().min(1).default(1) }) } }, async (req, reply) => {
    const view = viewOf(req);
    const { t } = view;
    const actor = requireActor(req);
    const r = await listRounds(req.ctx, { page: req.query.page, pageSize: 50 });
    const organiser = actor.role === 'national_admin' || actor.role === 'province_officer';
    return sendPage(reply, (
      <Layout view={view} title={t('rounds.title')} active="/admin/rounds">
        <PageHeader title={t('rounds.title')} lead={t('rounds.lead')}
          actions={<>
            <a class="btn btn-secondary" href="/admin/rounds/my-sheets">{t('rounds.mySheets')}</a>
            {organiser && <a class="btn btn-primary" href="/admin/rounds/new">{t('rounds.new')}</a>}
          </>} />
        <DataTable<(typeof r.items)[number]>
          caption={t('rounds.title')} captionHidden rows={r.items} empty={<EmptyState>{t('rounds.empty')}</EmptyState>} rowKey={(i) => i.id}
          columns={[
            { key: 'name', label: t('round.name'), render: (i) => <a href={`/admin/rounds/${i.id}`}>{i.name}</a> },
            { key: 'level', label: t('round.level'), render: (i) => `${t(`round.level.${i.level}`)}${i.provinceCode ? ` ${i.provinceCode}` : ''}${i.twoStage ? ` · ${t('round.stage', { stage: i.stage })}` : ''}` },
            { key: 'date', label: t('round.sessionDate'), render: (i) => formatDateVi(i.sessionDate) },
            { key: 'dossiers', label: t('round.dossiers'), numeric: true, render: (i) => i.dossierCount },
            { key: 'status', label: t('round.status'), render: (i) => <RoundStatus view={view} status={i.status} /> },
          ]}
        />
      </Layout>
    ));
  });

  app.get('/admin/rounds/my-sheets', { config: { access }, schema: { hide: true } }, async (req, reply) => {
    const view = viewOf(req);
    const { t } = view;
    const items = await listMySheets(req.ctx);
    return sendPage(reply, (
      <Layout view={view} title={t('rounds.mySheets')} active="/admin/rounds">
        <BackLink href="/admin/rounds">{t('rounds.title')}</BackLink>
        <PageHeader title={t('rounds.mySheets')} lead={t('rounds.mySheetsLead')} />
        <DataTable<(typeof items)[number]>
          caption={t('rounds.mySheets')} captionHidden rows={items} empty={t('rounds.mySheetsEmpty')} rowKey={(i) => `${i.roundId}-${i.dossierId}`}
          columns={[
            { key: 'product', label: t('round.product'), render: (i) => <a href={`/admin/rounds/${i.roundId}/dossiers/${i.dossierId}/score`}>{i.productName}</a> },
            { key: 'producer', label: t('round.producer'), render: (i) => i.producerName },
            { key: 'round', label: t('round.name'), render: (i) => i.roundName },
            { key: 'status', label: t('round.status'), render: (i) => <StatusBadge tone={i.status === 'submitted' ? 'success' : i.rescoreReason ? 'warning' : 'neutral'}>{t(`sheet.status.${i.status}`)}{i.attempt > 1 ? ` (${i.attempt})` : ''}</StatusBadge> },
          ]}
        />
      </Layout>
    ));
  });

  const NewForm = ({ view, values, errors, summary }: { view: View; values: Partial<RoundInput>; errors: FieldErrors; summary?: string }) => {
    const { t } = view;
    const labels = { name: t('round.name'), level: t('round.level'), provinceCode: t('round.province'), sessionDate: t('round.sessionDate'), cutoffDate: t('round.cutoffDate'), spreadLimit: t('round.spreadLimit'), previousRoundId: t('round.previous') };
    return (
      <Layout view={view} title={t('rounds.new')} active="/admin/rounds">
        <BackLink href="/admin/rounds">{t('rounds.title')}</BackLink>
        <PageHeader title={t('rounds.new')} lead={t('rounds.lead')} />
        {summary && <ErrorSummary title={summary} errors={errors} labels={labels} />}
        <form method="post" action="/admin/rounds" class="form-narrow" novalidate>
          <CsrfField token={view.csrfToken} />
          <TextField name="name" label={labels.name} value={values.name} required maxLength={300} error={errors.name} />
          <SelectField name="level" label={labels.level} value={values.level ?? 'province'} required error={errors.level}
            options={[{ value: 'province', label: t('round.level.province') }, { value: 'national', label: t('round.level.national') }]} />
          <TextField name="provinceCode" label={labels.provinceCode} value={values.provinceCode ?? view.actor?.areaCode ?? ''} width="sm" inputMode="numeric" maxLength={2} error={errors.provinceCode} optionalLabel={t('form.optional')} />
          <TextField name="sessionDate" type="date" label={labels.sessionDate} value={values.sessionDate} required error={errors.sessionDate} />
          <TextField name="cutoffDate" type="date" label={labels.cutoffDate} hint={t('round.cutoffHint')} value={values.cutoffDate ?? ''} error={errors.cutoffDate} optionalLabel={t('form.optional')} />
          <TextField name="spreadLimit" type="number" label={labels.spreadLimit} value={values.spreadLimit ?? 10} width="sm" error={errors.spreadLimit} />
          <Checkbox name="twoStage" label={t('round.twoStage')} checked={Boolean(values.twoStage)} />
          <TextField name="previousRoundId" label={labels.previousRoundId} value={values.previousRoundId ?? ''} error={errors.previousRoundId} optionalLabel={t('form.optional')} spellcheck={false} />
          <SubmitRow>
            <button type="submit" class="btn btn-primary">{t('rounds.new')}</button>
            <a class="btn btn-ghost" href="/admin/rounds">{t('common.cancel')}</a>
          </SubmitRow>
        </form>
      </Layout>
    );
  };

  app.get('/admin/rounds/new', { config: { access }, schema: { hide: true } }, async (req, reply) =>
    sendPage(reply, <NewForm view={viewOf(req)} values={{}} errors={{}} />));

  app.post('/admin/rounds', { config: { access }, schema: { hide: true } }, async (req, reply) => {
    const view = viewOf(req);
    const b = req.body as FormBody;
    const limit = str(b, 'spreadLimit');
    const input: RoundInput = {
      name: str(b, 'name') ?? '', level: (str(b, 'level') ?? 'province') as RoundInput['level'],
      provinceCode: str(b, 'level') === 'national' ? null : str(b, 'provinceCode') ?? null, sessionDate: str(b, 'sessionDate') ?? '',
      cutoffDate: str(b, 'cutoffDate') ?? null, twoStage: bool(b, 'twoStage'), previousRoundId: str(b, 'previousRoundId') ?? null,
      ...(limit !== undefined ? { spreadLimit: Number(limit) } : {}),
    };
    try {
      const round = await createRound(req.ctx, input);
      return redirect(reply, `/admin/rounds/${round.id}?done=created`);
    } catch (e) {
      const f = failure(e, view.locale);
      return sendPage(reply, <NewForm view={view} values={input} errors={f.fields} summary={f.message} />, f.status);
    }
  });

  app.get('/admin/rounds/:id', { config: { access: 'user' }, schema: { hide: true, params: Id, querystring: Flash } }, async (req, reply) =>
    renderRound(req, reply, req.params.id, { done: req.query.done }));

  app.post('/admin/rounds/:id/open', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) =>
    act(req, reply, req.params.id, () => openRound(req.ctx, req.params.id), `/admin/rounds/${req.params.id}?done=opened`));

  app.post('/admin/rounds/:id/close', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) =>
    act(req, reply, req.params.id, () => closeRound(req.ctx, req.params.id), `/admin/rounds/${req.params.id}?done=closed`));

  app.post('/admin/rounds/:id/members', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const b = req.body as FormBody;
    return act(req, reply, req.params.id, () => addMember(req.ctx, req.params.id, {
      userId: str(b, 'userId') ?? '', councilRole: (str(b, 'councilRole') ?? 'member') as (typeof COUNCIL_ROLES)[number], organisation: str(b, 'organisation') ?? '',
    }));
  });

  app.post('/admin/rounds/:id/members/:memberId/remove', { config: { access }, schema: { hide: true, params: Id.extend({ memberId: z.string().max(64) }) } }, async (req, reply) =>
    act(req, reply, req.params.id, () => removeMember(req.ctx, req.params.id, req.params.memberId)));

  app.post('/admin/rounds/:id/conflicts', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const b = req.body as FormBody;
    return act(req, reply, req.params.id, () => declareConflict(req.ctx, req.params.id, { memberId: str(b, 'memberId') ?? '', producerId: str(b, 'producerId') ?? '', reason: str(b, 'reason') ?? '' }));
  });

  app.post('/admin/rounds/:id/assignments', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const b = req.body as FormBody;
    const ids = list(b.dossierIds);
    return act(req, reply, req.params.id, () => assignDossiers(req.ctx, req.params.id, { dossierIds: ids }));
  });

  app.post('/admin/rounds/:id/field-visits', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const b = req.body as FormBody;
    return act(req, reply, req.params.id, () => recordFieldVisit(req.ctx, req.params.id, {
      dossierId: str(b, 'dossierId') ?? '', visitedOn: str(b, 'visitedOn') ?? '', participants: str(b, 'participants') ?? '', findings: str(b, 'findings') ?? '',
    }));
  });

  app.post('/admin/rounds/:id/rescore', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const b = req.body as FormBody;
    const [dossierId = '', memberId = ''] = (str(b, 'sheet') ?? '').split(':');
    return act(req, reply, req.params.id, () => rescoreSheet(req.ctx, req.params.id, dossierId, memberId, { reason: str(b, 'reason') ?? '' }));
  });

  // ---- the member's scoring form (tablet-first) ----

  const scorePage = async (req: FastifyRequest, reply: FastifyReply, id: string, dossierId: string, flash: { done?: string | undefined; error?: { message: string; fields: FieldErrors }; status?: number } = {}) => {
    const view = viewOf(req);
    const { t } = view;
    const { dto, tree } = await getMySheetWithTree(req.ctx, id, dossierId);
    const { sheet, bands, minStars } = await sheetDto(req, dto.sheetId, tree);
    const action = `/admin/rounds/${id}/dossiers/${dossierId}/score`;
    const readOnly = !dto.editable;
    return sendPage(reply, (
      <Layout view={view} title={t('score.title', { product: dto.dossier.productName })} active="/admin/rounds">
        <BackLink href={`/admin/rounds/${id}`}>{t('rounds.title')}</BackLink>
        {flash.done === 'saved' && <Notice tone="success">{t('score.saved')}</Notice>}
        {flash.done === 'submitted' && <Notice tone="success">{t('score.done')}</Notice>}
        {flash.error && <ErrorSummary title={flash.error.message} errors={flash.error.fields} labels={{}} />}
        <PageHeader title={t('score.title', { product: dto.dossier.productName })} caption={`${dto.dossier.number} · ${dto.dossier.producerName}`} lead={t('score.lead')} />
        {dto.rescoreReason && dto.status !== 'submitted' && <Notice tone="warning">{t('score.rescoreNote', { attempt: dto.attempt, reason: dto.rescoreReason })}</Notice>}
        {dto.status === 'submitted' && dto.submittedAt && <Notice tone="info">{t('score.submitted', { at: formatDateTimeVi(new Date(dto.submittedAt)) })}</Notice>}
        {dto.fieldVisitRequired && !dto.fieldVisitRecorded && <Notice tone="warning">{t('score.visitFirst')}</Notice>}
        {dto.roundStatus !== 'scoring' && <Notice tone="info">{t('score.notOpen')}</Notice>}
        <form method="post" action={action} class="council-score" novalidate>
          <CsrfField token={view.csrfToken} />
          <input type="hidden" name="rowVersion" value={String(dto.rowVersion)} />
          <SheetForm sheet={sheet} answers={dto.answers} starBands={bands} minCertifiableStars={minStars} readOnly={readOnly}
            autosaveUrl={readOnly ? null : `${action}/autosave`}>
            {!readOnly && (
              <SubmitRow>
                <button type="submit" name="then" value="save" class="btn btn-secondary">{t('score.save')}</button>
                <button type="submit" name="then" value="submit" class="btn btn-primary">{t('score.submit')}</button>
              </SubmitRow>
            )}
          </SheetForm>
        </form>
      </Layout>
    ), flash.status ?? 200);
  };

  app.get('/admin/rounds/:id/dossiers/:dossierId/score', { config: { access: 'user' }, schema: { hide: true, params: DossierId, querystring: Flash } }, async (req, reply) =>
    scorePage(req, reply, req.params.id, req.params.dossierId, { done: req.query.done }));

  app.post('/admin/rounds/:id/dossiers/:dossierId/score', { config: { access: 'user' }, schema: { hide: true, params: DossierId } }, async (req, reply) => {
    const b = req.body as FormBody;
    const { options, knockOuts } = answersFromForm(b);
    const rowVersion = Number(str(b, 'rowVersion') ?? 0);
    const { id, dossierId } = req.params;
    try {
      if (str(b, 'then') === 'submit') {
        await submitSheet(req.ctx, id, dossierId, { answers: { options, knockOuts }, rowVersion });
        return redirect(reply, `/admin/rounds/${id}/dossiers/${dossierId}/score?done=submitted`);
      }
      await saveDraft(req.ctx, id, dossierId, { answers: { options, knockOuts }, rowVersion });
      return redirect(reply, `/admin/rounds/${id}/dossiers/${dossierId}/score?done=saved`);
    } catch (e) {
      const f = failure(e, viewOf(req).locale);
      return scorePage(req, reply, id, dossierId, { error: f, status: f.status });
    }
  });

  /**
   * Autosave from the tablet form (JSON {options, knockOuts}, CSRF header). The form does not
   * carry the row version, so this saves over the member's own latest draft; the API's PUT keeps
   * the strict optimistic lock for other clients.
   */
  app.put('/admin/rounds/:id/dossiers/:dossierId/score/autosave', {
    config: { access: 'user' },
    schema: { hide: true, params: DossierId, body: z.object({ options: z.array(z.string().max(80)).max(2000), knockOuts: z.array(z.string().max(80)).max(500).default([]) }) },
  }, async (req) => {
    const { id, dossierId } = req.params;
    const { dto } = await getMySheetWithTree(req.ctx, id, dossierId);
    const saved = await saveDraft(req.ctx, id, dossierId, { answers: req.body, rowVersion: dto.rowVersion });
    return { rowVersion: saved.rowVersion, status: saved.status, total: saved.score?.total ?? null };
  });
}
