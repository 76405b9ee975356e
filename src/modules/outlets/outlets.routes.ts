/**
 * Points of sale and OCOP centres (điểm bán, trung tâm OCOP) API: the register kept by the
 * province and commune offices, and the certified products each outlet carries (shown on the
 * public product page as "where to buy"). The back-office pages are in outlets.pages.tsx.
 */
import { z } from 'zod';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { errorResponses, pageOf, VersionQuerySchema } from '../../web/api-schemas';
import { OUTLET_READERS, OUTLET_WRITERS } from './outlets.policy';
import { OutletDetailSchema, OutletInputSchema, OutletListQuerySchema, OutletPatchSchema, OutletProductsInputSchema, OutletSchema } from './outlets.schema';
import { createOutlet, deleteOutlet, getOutlet, listOutlets, setOutletProducts, updateOutlet } from './outlets.service';
import { registerOutletsPages } from './outlets-admin.routes';

const IdParams = z.object({ id: z.string().max(64) });
const tags = ['outlets'];

export function registerOutletsRoutes(app: App, deps: Deps) {
  app.get('/api/v1/outlets', {
    config: { access: OUTLET_READERS },
    schema: {
      tags, summary: 'Points of sale and OCOP centres in the caller\'s scope (area: province or commune code; kind; state open|closed|all; q: name or address)',
      querystring: OutletListQuerySchema, response: { 200: pageOf(OutletSchema), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => listOutlets(req.ctx, req.query));

  app.post('/api/v1/outlets', {
    config: { access: OUTLET_WRITERS },
    schema: {
      tags, summary: 'Register a point of sale: national administrators anywhere, province officers in their province, commune officers in their commune. '
        + 'The commune must exist and be in the caller\'s area (400 otherwise); dates real with closing ≥ opening; website http(s); Vietnamese phone',
      body: OutletInputSchema, response: { 201: OutletDetailSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (req, reply) => reply.code(201).send(await createOutlet(req.ctx, req.body)));

  app.get('/api/v1/outlets/:id', {
    config: { access: OUTLET_READERS },
    schema: { tags, summary: 'A point of sale with the products it carries (stars of the certificate in force today; null when no longer certified)', params: IdParams, response: { 200: OutletDetailSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getOutlet(req.ctx, req.params.id));

  app.patch('/api/v1/outlets/:id', {
    config: { access: OUTLET_WRITERS },
    schema: {
      tags, summary: 'Edit a point of sale; close it with closedOn (it leaves "where to buy" from that day and stays in the history and the targets). '
        + 'Send the version read: a stale version (someone else saved first) → 409 conflict and nothing is changed',
      params: IdParams, body: OutletPatchSchema, response: { 200: OutletDetailSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => updateOutlet(req.ctx, req.params.id, req.body));

  app.delete('/api/v1/outlets/:id', {
    config: { access: OUTLET_WRITERS },
    schema: {
      tags, summary: 'Delete a point of sale entered by mistake. One that has opened or listed products has history → 409 conflict: close it with PATCH closedOn instead. '
        + '?version= refuses with 409 conflict when it changed since',
      params: IdParams, querystring: VersionQuerySchema, response: { 204: z.null().describe('deleted'), ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => { await deleteOutlet(req.ctx, req.params.id, req.query.version); return reply.code(204).send(null); });

  app.put('/api/v1/outlets/:id/products', {
    config: { access: OUTLET_WRITERS },
    schema: {
      tags, summary: 'Set the products the outlet carries (the complete list). Every product added must hold an OCOP certificate in force today, '
        + 'else 409 not_certifiable (details.productIds); products already listed may stay; an unknown product → 404. '
        + 'A change adds 1 to the outlet\'s version; a stale version → 409 conflict',
      params: IdParams, body: OutletProductsInputSchema, response: { 200: OutletDetailSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => setOutletProducts(req.ctx, req.params.id, req.body));

  registerOutletsPages(app, deps);
}
