import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { errorResponses, pageOf } from '../../web/api-schemas';
import { getSheet, listSets, listVersions } from './criteria.service';
import { PageQuery, SetSchema, SheetParams, SheetSchema, VersionParams, VersionSchema } from './criteria.schema';

/**
 * The rulebook is public: these are the rules every product is scored by, and producers,
 * consultants and the public portal read them without an account (decision 006).
 */
export function registerCriteriaRoutes(app: App, _deps: Deps) {
  app.get('/api/v1/criteria', {
    config: { access: 'public' },
    schema: {
      tags: ['criteria'], summary: 'Rulebook versions (regimes) with effective dates, part maxima, star bands and levels',
      querystring: PageQuery,
      response: { 200: pageOf(VersionSchema), ...errorResponses(400) },
    },
  }, async (req) => listVersions(req.ctx, req.query));

  app.get('/api/v1/criteria/:version/sets', {
    config: { access: 'public' },
    schema: {
      tags: ['criteria'], summary: 'Product sets of a version; hasSheet says whether a scoring sheet is published',
      params: VersionParams, querystring: PageQuery,
      response: { 200: pageOf(SetSchema), ...errorResponses(400, 404) },
    },
  }, async (req) => listSets(req.ctx, req.params.version, req.query));

  app.get('/api/v1/criteria/:version/sets/:productSetCode', {
    config: { access: 'public' },
    schema: {
      tags: ['criteria'],
      summary: 'Scoring sheet of a product set: parts → sections/criteria (children) → options with points',
      description: '404 `not_found` for an unknown version or product set; 404 `sheet_not_available` when the set exists but no sheet is published (e.g. 148/2023 until its annex is imported). `official:false` sheets are not official texts: see `provenance`.',
      params: SheetParams,
      response: { 200: SheetSchema, ...errorResponses(400, 404) },
    },
  }, async (req) => getSheet(req.ctx, req.params.version, req.params.productSetCode));
}
