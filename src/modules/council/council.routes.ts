import { z } from 'zod';
import { errorResponses, pageOf } from '../../web/api-schemas';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { ROUND_ROLES } from './council.policy';
import {
  addMember, assignDossiers, createRound, declareConflict, getRound, listEligible, listMySheets, listRounds, openRound,
  recordFieldVisit, removeMember,
} from './round.service';
import { getMySheet, rescoreSheet, saveDraft, submitSheet } from './sheet.service';
import { closeRound, getBoard, getResults } from './close.service';
import { endScoring } from './end-scoring.service';
import {
  AssignInputSchema, BoardSchema, CloseInputSchema, ConflictInputSchema, ConflictSchema, EligibleSchema, FieldVisitInputSchema,
  FieldVisitSchema, MemberInputSchema, MemberSchema, MySheetSchema, RescoreInputSchema, ResultsSchema, RoundInputSchema,
  RoundListQuerySchema, RoundSchema, RoundSummarySchema, ScoreSheetSchema, SheetSaveSchema, SheetSubmitSchema,
} from './council.schema';
import { registerRoundPages } from './round.routes';
import { registerSheetPages } from './sheet.routes';

const IdParams = z.object({ id: z.string().max(64) });
const DossierParams = IdParams.extend({ dossierId: z.string().max(64) });
const MemberParams = IdParams.extend({ memberId: z.string().max(64) });
const SheetMemberParams = DossierParams.extend({ memberId: z.string().max(64) });
const access = ROUND_ROLES;
/** Sheet and round-detail routes also answer producers and others — with a 404, so nothing leaks. */
const anyone = 'user' as const;
const tags = ['council'];

const CloseSummarySchema = z.object({
  roundId: z.string().uuid(), status: z.literal('closed'), closedAt: z.string(), dossiers: z.number().int(),
  recognised: z.number().int(), potentialFiveStar: z.number().int(), forwarded: z.number().int(), eliminated: z.number().int(),
  shortlisted: z.number().int().nullable(),
});
const EndScoringSchema = z.object({
  roundId: z.string().uuid(), scoringEndedAt: z.string(), scoringEndedBy: z.string(), version: z.number().int(),
  incomplete: z.number().int().describe('dossiers compiled with fewer sheets than seats'),
});
const RescoreResultSchema = z.object({
  memberId: z.string().uuid(), dossierId: z.string().uuid(), status: z.string(), attempt: z.number().int(), rescoreReason: z.string(),
  dossierStatus: z.string(),
});

/** Evaluation rounds, councils and scoring (issue 3, items 5 and 6). */
export function registerCouncilRoutes(app: App, _deps: Deps) {
  app.post('/api/v1/rounds', {
    config: { access },
    schema: {
      tags, summary: 'Create a province round (national_admin, or the officer of that province) or a national round (national_admin), under the regime in force on the session date',
      body: RoundInputSchema, response: { 201: RoundSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (req, reply) => reply.code(201).send(await createRound(req.ctx, req.body)));

  app.get('/api/v1/rounds', {
    config: { access },
    schema: {
      tags, summary: 'Rounds visible to the caller: organisers see their area\'s rounds; council members the rounds where they hold a seat',
      querystring: RoundListQuerySchema, response: { 200: pageOf(RoundSummarySchema), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => listRounds(req.ctx, req.query));

  app.get('/api/v1/rounds/my-sheets', {
    config: { access },
    schema: { tags, summary: 'The caller\'s own score sheets across rounds', response: { 200: z.object({ items: z.array(MySheetSchema) }), ...errorResponses(401, 403) } },
  }, async (req) => ({ items: await listMySheets(req.ctx) }));

  app.get('/api/v1/rounds/:id', {
    config: { access: anyone },
    schema: {
      tags, summary: 'A round with its council, conflicts (all for organisers and the secretary/chair; a member sees their own), dossiers, field visits and the caller\'s allowed actions',
      params: IdParams, response: { 200: RoundSchema, ...errorResponses(401, 404) },
    },
  }, async (req) => getRound(req.ctx, req.params.id));

  app.post('/api/v1/rounds/:id/members', {
    config: { access },
    schema: {
      tags, summary: 'Give a seat in the council (planning only): chair (one), vice_chair, member, secretary, or advisor (does not score)',
      params: IdParams, body: MemberInputSchema, response: { 201: MemberSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await addMember(req.ctx, req.params.id, req.body)));

  app.delete('/api/v1/rounds/:id/members/:memberId', {
    config: { access },
    schema: {
      tags, summary: 'Remove a seat (planning only); its sheets and declarations go too',
      params: MemberParams, response: { 204: z.null().describe('removed'), ...errorResponses(401, 403, 404, 409) },
    },
  }, async (req, reply) => {
    await removeMember(req.ctx, req.params.id, req.params.memberId);
    return reply.code(204).send(null);
  });

  app.post('/api/v1/rounds/:id/conflicts', {
    config: { access },
    schema: {
      tags, summary: 'Declare a conflict of interest of a member with a producer (the member, or the secretary / an organiser on their behalf). The member\'s sheets on that producer\'s dossiers are withdrawn',
      params: IdParams, body: ConflictInputSchema, response: { 201: ConflictSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await declareConflict(req.ctx, req.params.id, req.body)));

  app.get('/api/v1/rounds/:id/eligible', {
    config: { access },
    schema: {
      tags, summary: 'Dossiers the round may take now (province: received, of its province, submitted by the cut-off; stage 2: shortlisted by stage 1; national: recognised and potential 5★)',
      params: IdParams, response: { 200: z.object({ items: z.array(EligibleSchema) }), ...errorResponses(401, 403, 404, 409) },
    },
  }, async (req) => ({ items: await listEligible(req.ctx, req.params.id) }));

  app.post('/api/v1/rounds/:id/assignments', {
    config: { access },
    schema: {
      tags, summary: 'Assign dossiers (the listed ones, or every eligible one): one sheet per scoring seat except conflicted members; the dossiers move to in_round',
      params: IdParams, body: AssignInputSchema,
      response: { 200: z.object({ assigned: z.number().int(), dossierIds: z.array(z.string().uuid()) }), ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => assignDossiers(req.ctx, req.params.id, req.body));

  app.post('/api/v1/rounds/:id/field-visits', {
    config: { access },
    schema: {
      tags, summary: 'Record the field visit of a dossier (required for tourism services before scoring)',
      params: IdParams, body: FieldVisitInputSchema, response: { 201: FieldVisitSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await recordFieldVisit(req.ctx, req.params.id, req.body)));

  app.post('/api/v1/rounds/:id/open', {
    config: { access },
    schema: {
      tags, summary: 'Open the scoring session (needs one chair, a member-secretary and at least one dossier)',
      params: IdParams, body: CloseInputSchema.nullish(), response: { 200: RoundSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => openRound(req.ctx, req.params.id, req.body ?? {}));

  app.get('/api/v1/rounds/:id/board', {
    config: { access: anyone },
    schema: {
      tags, summary: 'Secretary\'s board (secretary, chair, organisers): per dossier who has submitted, submitted/expected, quorum, field visit; spread and the tally of totals only once every seat submitted the dossier or the chair ended the scoring',
      params: IdParams, response: { 200: BoardSchema, ...errorResponses(401, 403, 404, 409) },
    },
  }, async (req) => getBoard(req.ctx, req.params.id));

  app.post('/api/v1/rounds/:id/end-scoring', {
    config: { access },
    schema: {
      tags, summary: 'End the scoring early (the chair only), e.g. when a member cannot finish: 409 quorum_not_met (details list the dossiers) unless every dossier has ¾ of the scoring seats including the chair. Afterwards each dossier\'s tally is shown to the council, unsubmitted first sheets are no longer taken, and the round may close with the sheets submitted',
      params: IdParams, body: CloseInputSchema.nullish(), response: { 200: EndScoringSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => endScoring(req.ctx, req.params.id, req.body ?? {}));

  app.post('/api/v1/rounds/:id/close', {
    config: { access },
    schema: {
      tags, summary: 'Close the round (secretary, chair, organisers): 409 quorum_not_met; 409 invalid_transition (details.reason scoring_not_ended) while a member has still to submit and the chair has not ended the scoring; 409 spread_too_wide — each with the dossiers in details; else computes every result and moves the dossiers',
      params: IdParams, body: CloseInputSchema.nullish(), response: { 200: CloseSummarySchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => closeRound(req.ctx, req.params.id, req.body ?? {}));

  app.get('/api/v1/rounds/:id/results', {
    config: { access: anyone },
    schema: {
      tags, summary: 'After closing: every dossier with each member\'s total and the result (mean, stars, potential 5★, forwarded). 403 before the round closes',
      params: IdParams, response: { 200: ResultsSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (req) => getResults(req.ctx, req.params.id));

  app.get('/api/v1/rounds/:id/dossiers/:dossierId/sheet', {
    config: { access: anyone },
    schema: {
      tags, summary: 'The caller\'s own score sheet for a dossier (403 not_assigned / conflict_of_interest; 404 for those with no business in rounds)',
      params: DossierParams, response: { 200: ScoreSheetSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (req) => getMySheet(req.ctx, req.params.id, req.params.dossierId));

  app.put('/api/v1/rounds/:id/dossiers/:dossierId/sheet', {
    config: { access: anyone },
    schema: {
      tags, summary: 'Autosave the caller\'s draft answers. 409 conflict when rowVersion is stale, 409 sheet_locked after submission, 400 validation_failed listing unknown options',
      params: DossierParams, body: SheetSaveSchema, response: { 200: ScoreSheetSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => saveDraft(req.ctx, req.params.id, req.params.dossierId, req.body));

  app.post('/api/v1/rounds/:id/dossiers/:dossierId/sheet/submit', {
    config: { access: anyone },
    schema: {
      tags, summary: 'Submit the caller\'s sheet (the answers given, or the saved draft): validated, scored, versioned and locked',
      params: DossierParams, body: SheetSubmitSchema, response: { 200: ScoreSheetSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => submitSheet(req.ctx, req.params.id, req.params.dossierId, req.body));

  app.post('/api/v1/rounds/:id/dossiers/:dossierId/sheets/:memberId/rescore', {
    config: { access },
    schema: {
      tags, summary: 'Reopen a member\'s submitted sheet for a re-score (secretary or chair) with a written reason; the submitted version is kept',
      params: SheetMemberParams, body: RescoreInputSchema, response: { 200: RescoreResultSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => rescoreSheet(req.ctx, req.params.id, req.params.dossierId, req.params.memberId, req.body));

  registerRoundPages(app);
  registerSheetPages(app);
}
