/**
 * Back-office pages of rounds and councils: the list, a new round, a round (council, conflicts,
 * dossiers, field visits, the secretary's board with re-score, open / close, results) and "my
 * sheets". Every action posts a form with the CSRF token and goes through the same services as
 * the API; the views are in rounds.view.tsx, round.view.tsx and board.view.tsx.
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../web/http';
import { redirect, requireActor } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { bool, str, type FormBody } from '../../web/forms';
import type { FieldMessages } from '../../errors';
import type { CouncilSeat } from '../../domain/council';
import { ROUND_ROLES } from './council.policy';
import type { RoundDto, RoundInput } from './council.schema';
import {
  addMember, assignDossiers, createRound, declareConflict, getRound, listEligible, listIneligible, listMySheets, listRounds, openRound,
  newRoundDefaults, provinceName, recordFieldVisit, removeMember, seatCandidates,
} from './round.service';
import { rescoreSheet } from './sheet.service';
import { closeRound, getBoard, getResults } from './close.service';
import { endScoring } from './end-scoring.service';
import { councilFailure } from './council.refusals';
import { MySheetsPage, NewRoundPage, RoundsListPage } from './rounds.view';
import { RoundPage, type RoundExtras } from './round.view';

const access = ROUND_ROLES;
const Id = z.object({ id: z.string().max(64) });
const Flash = z.object({ done: z.string().max(40).optional() });

async function renderRound(req: FastifyRequest, reply: FastifyReply, id: string, opts: { error?: { message: string; fields: FieldMessages }; status?: number; done?: string | undefined } = {}) {
  const view = viewOf(req);
  const round = await getRound(req.ctx, id);
  const can = (a: RoundDto['allowedActions'][number]) => round.allowedActions.includes(a);
  const x: RoundExtras = {
    board: can('board') ? await getBoard(req.ctx, id) : null,
    eligible: can('manage') ? await listEligible(req.ctx, id) : [],
    ineligible: can('manage') ? await listIneligible(req.ctx, id) : [],
    candidates: can('manage') ? (await seatCandidates(req.ctx, id)).filter((u) => !round.members.some((m) => m.userId === u.id))
      .map((u) => ({ value: u.id, label: `${u.displayName || u.username} (${u.username})` })) : [],
    results: can('results') ? await getResults(req.ctx, id) : null,
    provinceName: round.provinceCode ? await provinceName(req.ctx, round.provinceCode) : null,
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
    const f = councilFailure(e, viewOf(req).locale);
    return renderRound(req, reply, id, { error: f, status: f.status });
  }
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

export function registerRoundPages(app: App) {
  app.get('/admin/rounds', { config: { access }, schema: { hide: true, querystring: z.object({ page: z.coerce.number().int().min(1).default(1) }) } }, async (req, reply) => {
    const actor = requireActor(req);
    const r = await listRounds(req.ctx, { page: req.query.page, pageSize: 50 });
    const organiser = actor.role === 'national_admin' || actor.role === 'province_officer';
    return sendPage(reply, <RoundsListPage view={viewOf(req)} items={r.items} organiser={organiser} />);
  });

  app.get('/admin/rounds/my-sheets', { config: { access }, schema: { hide: true } }, async (req, reply) =>
    sendPage(reply, <MySheetsPage view={viewOf(req)} items={await listMySheets(req.ctx)} />));

  app.get('/admin/rounds/new', { config: { access }, schema: { hide: true } }, async (req, reply) =>
    sendPage(reply, <NewRoundPage view={viewOf(req)} values={{}} errors={{}} defaults={await newRoundDefaults(req.ctx)} />));

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
      const f = councilFailure(e, view.locale);
      return sendPage(reply, <NewRoundPage view={view} values={input} errors={f.fields} summary={f.message} defaults={await newRoundDefaults(req.ctx)} />, f.status);
    }
  });

  app.get('/admin/rounds/:id', { config: { access: 'user' }, schema: { hide: true, params: Id, querystring: Flash } }, async (req, reply) =>
    renderRound(req, reply, req.params.id, { done: req.query.done }));

  app.post('/admin/rounds/:id/open', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) =>
    act(req, reply, req.params.id, () => openRound(req.ctx, req.params.id), `/admin/rounds/${req.params.id}?done=opened`));

  app.post('/admin/rounds/:id/end-scoring', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) =>
    act(req, reply, req.params.id, () => endScoring(req.ctx, req.params.id), `/admin/rounds/${req.params.id}?done=ended`));

  app.post('/admin/rounds/:id/close', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) =>
    act(req, reply, req.params.id, () => closeRound(req.ctx, req.params.id), `/admin/rounds/${req.params.id}?done=closed`));

  app.post('/admin/rounds/:id/members', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const b = req.body as FormBody;
    return act(req, reply, req.params.id, () => addMember(req.ctx, req.params.id, {
      userId: str(b, 'userId') ?? '', councilRole: (str(b, 'councilRole') ?? 'member') as CouncilSeat, organisation: str(b, 'organisation') ?? '',
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
}
