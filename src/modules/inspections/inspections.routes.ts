/**
 * Inspections API: plans (CRUD, transitions), their multi-agency team, visits with checks and
 * outcome, revocation proposals (list, revoke, dismiss) and counts; the back-office pages are in
 * inspections.pages.tsx and proposals.pages.tsx.
 */
import { z } from 'zod';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { errorResponses, pageOf } from '../../web/api-schemas';
import { INSPECTION_MANAGERS, VISIT_READERS } from './inspections.policy';
import {
  DismissInputSchema, MemberInputSchema, PlanInputSchema, PlanListQuerySchema, PlanPatchSchema, PlanSchema, ProposalListQuerySchema,
  ProposalRevokeInputSchema, ProposalSchema, StatsQuerySchema, StatsSchema, TransitionInputSchema, VisitInputSchema, VisitListQuerySchema, VisitSchema,
} from './inspections.schema';
import {
  addMember, createPlan, deletePlan, getPlan, getVisit, inspectionStats, listPlans, listVisits, recordVisit, removeMember, transitionPlan, updatePlan,
} from './inspections.service';
import { dismissProposal, getProposal, listProposals, revokeFromProposal } from './proposals.service';
import { registerInspectionsPages } from './inspections-admin.routes';

const IdParams = z.object({ id: z.string().max(64) });
const MemberParams = z.object({ id: z.string().max(64), memberId: z.string().max(64) });
const tags = ['inspections'];
const StatsResponse = StatsSchema.extend({
  scope: z.object({ planId: z.string().nullable(), area: z.string().nullable(), areaName: z.string(), from: z.string().nullable(), to: z.string().nullable() }),
});

export function registerInspectionsRoutes(app: App, deps: Deps) {
  const base = '/api/v1/inspections';

  app.get(`${base}/plans`, {
    config: { access: INSPECTION_MANAGERS },
    schema: { tags, summary: 'Inspection plans in the caller\'s scope, newest period first, each with its team and counts', querystring: PlanListQuerySchema, response: { 200: pageOf(PlanSchema), ...errorResponses(400, 401, 403) } },
  }, async (req) => listPlans(req.ctx, req.query));

  app.post(`${base}/plans`, {
    config: { access: INSPECTION_MANAGERS },
    schema: {
      tags, summary: 'Create a plan (status planned) for a province and period, with the number of producers it means to visit: a province officer or inspector of the province, or a national administrator',
      body: PlanInputSchema, response: { 201: PlanSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (req, reply) => reply.code(201).send(await createPlan(req.ctx, req.body)));

  app.get(`${base}/plans/:id`, {
    config: { access: INSPECTION_MANAGERS },
    schema: { tags, summary: 'A plan with its team, counts ("41/50 producers, 334 products") and allowed actions', params: IdParams, response: { 200: PlanSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getPlan(req.ctx, req.params.id));

  app.patch(`${base}/plans/:id`, {
    config: { access: INSPECTION_MANAGERS },
    schema: { tags, summary: 'Edit title, period or planned producers at a version (stale → 409 conflict)', params: IdParams, body: PlanPatchSchema, response: { 200: PlanSchema, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => updatePlan(req.ctx, req.params.id, req.body));

  app.delete(`${base}/plans/:id`, {
    config: { access: INSPECTION_MANAGERS },
    schema: { tags, summary: 'Delete a plan without visits (with visits → 409 conflict: close it instead)', params: IdParams, response: { 204: z.null(), ...errorResponses(401, 403, 404, 409) } },
  }, async (req, reply) => { await deletePlan(req.ctx, req.params.id); return reply.code(204).send(null); });

  app.post(`${base}/plans/:id/transition`, {
    config: { access: INSPECTION_MANAGERS },
    schema: {
      tags, summary: 'Move the plan: start (planned → in_progress), close (in_progress → closed), reopen (closed → in_progress, comment required). Anything else → 409 invalid_transition; a stale version → 409 conflict',
      params: IdParams, body: TransitionInputSchema, response: { 200: PlanSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => transitionPlan(req.ctx, req.params.id, req.body));

  app.post(`${base}/plans/:id/team`, {
    config: { access: INSPECTION_MANAGERS },
    schema: { tags, summary: 'Add a team member (name, agency, lead|member; one lead) to a plan that is not closed', params: IdParams, body: MemberInputSchema, response: { 201: PlanSchema, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req, reply) => reply.code(201).send(await addMember(req.ctx, req.params.id, req.body)));

  app.delete(`${base}/plans/:id/team/:memberId`, {
    config: { access: INSPECTION_MANAGERS },
    schema: { tags, summary: 'Remove a team member', params: MemberParams, response: { 200: PlanSchema, ...errorResponses(401, 403, 404, 409) } },
  }, async (req) => removeMember(req.ctx, req.params.id, req.params.memberId));

  app.post(`${base}/plans/:id/visits`, {
    config: { access: INSPECTION_MANAGERS },
    schema: {
      tags, summary: 'Record a visit to a producer of the plan\'s province, on a day within the plan period: the products checked (each with its current certificate, and a finding or none) '
        + 'and the outcome. revocation_proposal needs proposal {productId of a checked product with a certificate, reason} and opens a proposal for the certificate\'s authority. '
        + 'A product not of the producer → 400; a closed plan → 409 invalid_transition; the first visit starts a planned plan',
      params: IdParams, body: VisitInputSchema, response: { 201: VisitSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await recordVisit(req.ctx, req.params.id, req.body)));

  app.get(`${base}/visits`, {
    config: { access: VISIT_READERS },
    schema: { tags, summary: 'Visits in the caller\'s scope, newest first (commune officers: visits to producers of their commune)', querystring: VisitListQuerySchema, response: { 200: pageOf(VisitSchema), ...errorResponses(400, 401, 403) } },
  }, async (req) => listVisits(req.ctx, req.query));

  app.get(`${base}/visits/:id`, {
    config: { access: VISIT_READERS },
    schema: { tags, summary: 'A visit with its checks, outcome and proposals (404 outside the caller\'s scope)', params: IdParams, response: { 200: VisitSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getVisit(req.ctx, req.params.id));

  app.get(`${base}/proposals`, {
    config: { access: INSPECTION_MANAGERS },
    schema: {
      tags, summary: 'Revocation proposals in the caller\'s scope (status open by default | revoked | dismissed | all); a proposal whose certificate was revoked by any means reads revoked',
      querystring: ProposalListQuerySchema, response: { 200: pageOf(ProposalSchema), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => listProposals(req.ctx, req.query));

  app.get(`${base}/proposals/:id`, {
    config: { access: INSPECTION_MANAGERS },
    schema: { tags, summary: 'A revocation proposal', params: IdParams, response: { 200: ProposalSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getProposal(req.ctx, req.params.id));

  app.post(`${base}/proposals/:id/revoke`, {
    config: { access: INSPECTION_MANAGERS },
    schema: {
      tags, summary: 'The certificate\'s authority revokes the certificate (as POST /api/v1/certificates/:number/revoke: reason, legalBasis) and the proposal becomes revoked, in one transaction. '
        + 'Not the authority → 403; decided already → 409 invalid_transition',
      params: IdParams, body: ProposalRevokeInputSchema, response: { 200: ProposalSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => revokeFromProposal(req.ctx, req.params.id, req.body));

  app.post(`${base}/proposals/:id/dismiss`, {
    config: { access: INSPECTION_MANAGERS },
    schema: {
      tags, summary: 'The certificate\'s authority dismisses the proposal with a note (the certificate stays). Not the authority → 403; decided or certificate revoked → 409 invalid_transition',
      params: IdParams, body: DismissInputSchema, response: { 200: ProposalSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => dismissProposal(req.ctx, req.params.id, req.body));

  app.get(`${base}/stats`, {
    config: { access: INSPECTION_MANAGERS },
    schema: {
      tags, summary: 'Counts of a plan (planId) or of an area (default: the caller\'s) and period (visits from…to; planned producers of the plans overlapping it): '
        + 'producers visited of planned, products checked, findings by kind, outcomes',
      querystring: StatsQuerySchema, response: { 200: StatsResponse, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => inspectionStats(req.ctx, req.query));

  registerInspectionsPages(app, deps);
}
