import { z } from 'zod';
import { errorResponses, pageOf } from '../../web/api-schemas';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { CYCLE_ROLES } from './cycle.policy';
import { createIdea, getIdea, listIdeas, transitionIdea, updateIdea } from './idea.service';
import { getPlan, savePlan, transitionPlan } from './plan.service';
import {
  IdeaInputSchema, IdeaListQuerySchema, IdeaSchema, IdeaSummarySchema, IdeaUpdateSchema, PlanInputSchema, PlanSchema,
  TransitionInputSchema,
} from './cycle.schema';
import { registerIdeaPages } from './idea.routes';

const IdParams = z.object({ id: z.string().max(64) });
const access = CYCLE_ROLES;
const tags = ['cycle'];

/** OCOP cycle steps 2–3: product ideas and their business plans, with review. */
export function registerCycleRoutes(app: App, deps: Deps) {
  app.post('/api/v1/ideas', {
    config: { access },
    schema: {
      tags, summary: 'Register a product idea (draft). Producers file their own; officers on behalf of a producer in their area',
      body: IdeaInputSchema, response: { 201: IdeaSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (req, reply) => reply.code(201).send(await createIdea(req.ctx, req.body)));

  app.get('/api/v1/ideas', {
    config: { access },
    schema: {
      tags, summary: 'Ideas visible to the caller (a producer: their own; officers: their area). `queue=review`: waiting for a reviewer, oldest first',
      querystring: IdeaListQuerySchema, response: { 200: pageOf(IdeaSummarySchema), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => listIdeas(req.ctx, req.query));

  app.get('/api/v1/ideas/:id', {
    config: { access },
    schema: {
      tags, summary: 'An idea with its business plan, the caller\'s allowed actions and the whole timeline',
      params: IdParams, response: { 200: IdeaSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (req) => getIdea(req.ctx, req.params.id));

  app.patch('/api/v1/ideas/:id', {
    config: { access },
    schema: {
      tags, summary: 'Edit an idea while it is a draft or returned (409 invalid_transition otherwise)',
      params: IdParams, body: IdeaUpdateSchema, response: { 200: IdeaSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => updateIdea(req.ctx, req.params.id, req.body));

  app.post('/api/v1/ideas/:id/transitions', {
    config: { access },
    schema: {
      tags, summary: 'Move the idea: submit (producer side), accept or return with a comment (reviewer). 409 invalid_transition when its state does not allow it',
      params: IdParams, body: TransitionInputSchema, response: { 200: IdeaSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => transitionIdea(req.ctx, req.params.id, req.body));

  app.get('/api/v1/ideas/:id/plan', {
    config: { access },
    schema: {
      tags, summary: 'The business plan of an idea (404 when none was filed)',
      params: IdParams, response: { 200: PlanSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (req) => getPlan(req.ctx, req.params.id));

  app.put('/api/v1/ideas/:id/plan', {
    config: { access },
    schema: {
      tags, summary: 'File (201) or edit (200) the business plan of an accepted idea (409 idea_not_accepted otherwise). Text sections only; no attachment yet',
      params: IdParams, body: PlanInputSchema, response: { 200: PlanSchema, 201: PlanSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => {
    const { plan, created } = await savePlan(req.ctx, req.params.id, req.body);
    return reply.code(created ? 201 : 200).send(plan);
  });

  app.post('/api/v1/ideas/:id/plan/transitions', {
    config: { access },
    schema: {
      tags, summary: 'Move the business plan: submit, accept or return with a comment',
      params: IdParams, body: TransitionInputSchema, response: { 200: PlanSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => transitionPlan(req.ctx, req.params.id, req.body));

  registerIdeaPages(app, deps);
}
