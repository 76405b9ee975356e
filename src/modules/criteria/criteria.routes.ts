import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../context';
import { XLSX_TYPE } from '../../files/spreadsheet';
import { criteriaWorkbook } from './criteria.xlsx';
import type { App } from '../../web/http';
import { errorResponses, pageOf } from '../../web/api-schemas';
import {
  confirmVersion, createDraft, getSheet, getSheetRevision, listRevisions, listSets, listVersions, publishSheet, sheetFile, updateDraft,
} from './criteria.service';
import {
  CriteriaFileSchema, DraftBody, DraftUpdateBody, ExportQuery, type SheetInput, PageQuery, RevisionSchema, SetSchema, SheetIdParams, SheetParams, SheetSchema,
  VersionParams, VersionSchema, type SheetDto,
} from './criteria.schema';
import { registerCriteriaPages } from './criteria-admin.routes';

const AUTHORS = ['national_admin'] as const;

/** `?format=json|xlsx`: the sheet as a criteria import file, downloaded (decision 006 "Import format"). */
async function sheetOrFile(reply: FastifyReply, sheet: SheetDto, format: 'json' | 'xlsx' | undefined) {
  if (!format) return sheet;
  const name = `criteria-${sheet.sheetsFrom}-set-${sheet.productSet.code}-r${sheet.revision}${sheet.status === 'draft' ? '-draft' : ''}.${format}`;
  reply.header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store');
  if (format === 'xlsx') return reply.type(XLSX_TYPE).send(await criteriaWorkbook(sheetFile(sheet)));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(sheetFile(sheet), null, 2));
}

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
      params: SheetParams, querystring: ExportQuery,
      response: { 200: z.union([SheetSchema, CriteriaFileSchema]).describe('the sheet; with `format=json` a `CriteriaFile` download that re-imports'), ...errorResponses(400, 404) },
    },
  }, async (req, reply) => sheetOrFile(reply, await getSheet(req.ctx, req.params.version, req.params.productSetCode), req.query.format));

  registerCriteriaAdminRoutes(app);
  registerCriteriaPages(app);
}

/** Authoring: national administrators only; every write is audited by the service (decision 006). */
function registerCriteriaAdminRoutes(app: App) {
  app.get('/api/v1/criteria/:version/sets/:productSetCode/revisions', {
    config: { access: AUTHORS },
    schema: {
      tags: ['criteria'], summary: 'Every revision of a set\'s scoring sheet, drafts included, newest first (national administrators)',
      params: SheetParams,
      response: { 200: z.object({ sheetsFrom: z.string(), items: z.array(RevisionSchema) }), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => listRevisions(req.ctx, req.params.version, req.params.productSetCode));

  app.post('/api/v1/criteria/:version/sets/:productSetCode/drafts', {
    config: { access: AUTHORS },
    schema: {
      tags: ['criteria'],
      summary: 'New draft revision: a copy of the newest revision (or empty parts at the version\'s maxima)',
      description: '409 `conflict` when the set already has a draft (one draft per set).',
      params: SheetParams, body: DraftBody,
      response: { 201: SheetSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => {
    const body = req.body ?? {};
    const sheet = await createDraft(req.ctx, {
      version: req.params.version, productSetCode: req.params.productSetCode,
      ...(body.provenance !== undefined ? { provenance: body.provenance } : {}),
    });
    return reply.code(201).send(sheet);
  });

  app.get('/api/v1/criteria/sheets/:sheetId', {
    config: { access: AUTHORS },
    schema: {
      tags: ['criteria'], summary: 'Any revision of a scoring sheet by id, drafts included (national administrators)',
      params: SheetIdParams, querystring: ExportQuery,
      response: { 200: z.union([SheetSchema, CriteriaFileSchema]).describe('the revision; with `format=json` a `CriteriaFile` download'), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req, reply) => sheetOrFile(reply, await getSheetRevision(req.ctx, req.params.sheetId), req.query.format));

  app.put('/api/v1/criteria/sheets/:sheetId', {
    config: { access: AUTHORS },
    schema: {
      tags: ['criteria'], summary: 'Replace a draft revision\'s tree (and provenance): the authoring API',
      description: 'Same node shape as the criteria file. 400 `validation_failed` for a malformed tree; 409 `sheet_immutable` '
        + 'for a published revision. The integrity check is enforced at publish, not here (a draft may be incomplete).',
      params: SheetIdParams, body: DraftUpdateBody,
      response: { 200: SheetSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => updateDraft(req.ctx, req.params.sheetId, { parts: req.body.parts as SheetInput['parts'] }, req.body.provenance !== undefined ? { provenance: req.body.provenance } : {}));

  app.post('/api/v1/criteria/sheets/:sheetId/publish', {
    config: { access: AUTHORS },
    schema: {
      tags: ['criteria'], summary: 'Publish a draft revision after the integrity check; from then on it never changes',
      description: '400 `validation_failed` with each integrity problem as a field (node code → reason); 409 `sheet_immutable` when already published.',
      params: SheetIdParams,
      response: { 200: SheetSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => publishSheet(req.ctx, req.params.sheetId));

  app.post('/api/v1/criteria/:version/confirm', {
    config: { access: AUTHORS },
    schema: {
      tags: ['criteria'], summary: 'Confirm a version shipped as "to verify" after checking it against the official text',
      params: VersionParams,
      response: { 200: VersionSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => confirmVersion(req.ctx, req.params.version));
}
