/**
 * Targets API: the indicators, targets per area and period with their progress (value, %
 * achieved, forecast at the current pace, status), and setting, editing and deleting them.
 * The back-office pages are in targets.pages.tsx.
 */
import { z } from 'zod';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { errorResponses, pageOf, VersionQuerySchema } from '../../web/api-schemas';
import { TARGET_AUTHORITIES, TARGET_READERS } from './targets.policy';
import {
  IndicatorSchema, TargetInputSchema, TargetListQuerySchema, TargetPatchSchema, TargetSchema,
} from './targets.schema';
import { createTarget, deleteTarget, getTarget, listIndicators, listTargets, updateTarget } from './targets.service';
import { registerTargetsPages } from './targets-admin.routes';

const IdParams = z.object({ id: z.string().max(64) });
const tags = ['targets'];
const RULES = 'Validation (400 with fields): unknown indicator, negative values, shares above 100 or counts above 100,000, '
  + 'malformed dates or dates outside 2018–2100, a period ending before it starts or longer than 10 years. '
  + 'The same area, indicator and period twice → 409 conflict';

export function registerTargetsRoutes(app: App, deps: Deps) {
  app.get('/api/v1/targets/indicators', {
    config: { access: TARGET_READERS },
    schema: {
      tags, summary: 'The indicators a target can be set on, with Vietnamese and English names, units, and how each is computed',
      response: { 200: z.object({ items: z.array(IndicatorSchema) }), ...errorResponses(401, 403) },
    },
  }, async () => ({ items: listIndicators() }));

  app.get('/api/v1/targets', {
    config: { access: TARGET_READERS },
    schema: {
      tags, summary: 'Targets in the caller\'s scope with their progress today (area: a province or commune code, or national; '
        + 'year: periods overlapping that year), latest period first',
      querystring: TargetListQuerySchema, response: { 200: pageOf(TargetSchema), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => listTargets(req.ctx, req.query));

  app.post('/api/v1/targets', {
    config: { access: TARGET_AUTHORITIES },
    schema: {
      tags, summary: `Set a target: national administrators for the country (areaCode null) or any area; province officers for their province and its communes (else 403). ${RULES}`,
      body: TargetInputSchema, response: { 201: TargetSchema, ...errorResponses(400, 401, 403, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await createTarget(req.ctx, req.body)));

  app.get('/api/v1/targets/:id', {
    config: { access: TARGET_READERS },
    schema: { tags, summary: 'A target with its progress today; out of the caller\'s scope → 404', params: IdParams, response: { 200: TargetSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getTarget(req.ctx, req.params.id));

  app.patch('/api/v1/targets/:id', {
    config: { access: TARGET_AUTHORITIES },
    schema: {
      tags, summary: `Edit a target's indicator, period, value or note (its area is fixed). A stale version → 409 conflict. ${RULES}`,
      params: IdParams, body: TargetPatchSchema, response: { 200: TargetSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => updateTarget(req.ctx, req.params.id, req.body));

  app.delete('/api/v1/targets/:id', {
    config: { access: TARGET_AUTHORITIES },
    schema: {
      tags, summary: 'Delete a target (audited); ?version= refuses with 409 conflict when stale',
      params: IdParams, querystring: VersionQuerySchema, response: { 204: z.null().describe('deleted'), ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => {
    await deleteTarget(req.ctx, req.params.id, req.query.version);
    return reply.code(204).send(null);
  });

  registerTargetsPages(app, deps);
}
