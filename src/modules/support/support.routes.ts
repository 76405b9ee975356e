/**
 * Support to producers API: records (list, create, read, delete) and their totals by kind, source
 * and commune for an area and period; the back-office pages are in support.pages.tsx.
 */
import { z } from 'zod';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { errorResponses, pageOf } from '../../web/api-schemas';
import { SUPPORT_READERS, SUPPORT_WRITERS } from './support.policy';
import { SupportInputSchema, SupportListQuerySchema, SupportSchema, TotalsQuerySchema, TotalsSchema } from './support.schema';
import { createSupport, deleteSupport, getSupport, listSupport, supportTotals } from './support.service';
import { registerSupportPages } from './support-admin.routes';

const IdParams = z.object({ id: z.string().max(64) });
const tags = ['support'];

export function registerSupportRoutes(app: App, deps: Deps) {
  app.get('/api/v1/support', {
    config: { access: SUPPORT_READERS },
    schema: {
      tags, summary: 'Support records in the caller\'s scope, newest first (filters: kind, producerId, area, from, to, q: producer or source)',
      querystring: SupportListQuerySchema, response: { 200: pageOf(SupportSchema), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => listSupport(req.ctx, req.query));

  app.get('/api/v1/support/totals', {
    config: { access: SUPPORT_READERS },
    schema: {
      tags, summary: 'Totals of support in VND for an area (default: the caller\'s) and period (from/to, inclusive): overall, by kind, by source, by commune, and producers supported. '
        + 'An area outside the caller\'s scope → 403, an unknown one → 404',
      querystring: TotalsQuerySchema, response: { 200: TotalsSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => supportTotals(req.ctx, req.query));

  app.post('/api/v1/support', {
    config: { access: SUPPORT_WRITERS },
    schema: {
      tags, summary: 'Record support to a producer in the caller\'s area: kind, amountVnd (integer, > 0, ≤ 10^12), grantedOn (not in the future), source, note',
      body: SupportInputSchema,
      response: { 201: SupportSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (req, reply) => reply.code(201).send(await createSupport(req.ctx, req.body)));

  app.get('/api/v1/support/:id', {
    config: { access: SUPPORT_READERS },
    schema: { tags, summary: 'A support record (404 outside the caller\'s scope)', params: IdParams, response: { 200: SupportSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getSupport(req.ctx, req.params.id));

  app.delete('/api/v1/support/:id', {
    config: { access: SUPPORT_WRITERS },
    schema: { tags, summary: 'Delete a support record entered by mistake (audited)', params: IdParams, response: { 204: z.null(), ...errorResponses(401, 403, 404) } },
  }, async (req, reply) => { await deleteSupport(req.ctx, req.params.id); return reply.code(204).send(null); });

  registerSupportPages(app, deps);
}
