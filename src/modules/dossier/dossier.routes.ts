import { z } from 'zod';
import { errorResponses, pageOf } from '../../web/api-schemas';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { DOSSIER_ROLES } from './dossier.policy';
import { createDossier, getDossier, listDossiers, patchDossier, transitionDossier } from './dossier.service';
import { DOCUMENT_LIMITS, deleteDocument, listDocuments, readDocument, uploadDocument } from './dossier-documents.service';
import {
  DossierCreateSchema, DossierDocumentSchema, DossierListQuerySchema, DossierPatchSchema, DossierSchema, DossierSummarySchema,
  DossierTransitionSchema, HandoverInputSchema,
} from './dossier.schema';
import { AnswersInputSchema, getSelfAssessment, saveSelfAssessment, SelfAssessmentSchema } from './self-assessment.service';
import { registerDossierPages } from './dossier-pages.routes';
import { handOverDossier } from './dossier-handover.service';
import { readDocumentUpload, type DocumentUploadBody } from './dossier-upload';

const access = DOSSIER_ROLES;
const tags = ['dossiers'];
const IdParams = z.object({ id: z.string().max(64) });
const DocParams = z.object({ id: z.string().max(64), docId: z.string().max(64) });
const Binary = z.any().meta({ type: 'string', format: 'binary' });


/** OCOP cycle step 5: self-assessment and evaluation dossiers. */
export function registerDossierRoutes(app: App, deps: Deps) {
  app.get('/api/v1/products/:id/self-assessment', {
    config: { access },
    schema: {
      tags, summary: 'The product\'s self-assessment on the sheet in force today: subtotals, estimated stars, and what would raise it to the next star',
      description: '404 sheet_not_available when no sheet is published for the product set under the regime in force. Producers of the product and officers in scope.',
      params: IdParams, response: { 200: SelfAssessmentSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (req) => {
    const { sheetDto: _s, starBands: _b, ...dto } = await getSelfAssessment(req.ctx, req.params.id);
    return dto;
  });

  app.put('/api/v1/products/:id/self-assessment', {
    config: { access },
    schema: {
      tags, summary: 'Save the self-assessment answers {options, knockOuts, left?} (the producer of the product, or the officers filing its open dossier on the producer\'s behalf)',
      description: 'While officers of the area hold the product\'s open dossier (filed on the producer\'s behalf, not yet handed over) they fill it in while the dossier can be edited, and the producer only reads it (403). '
        + 'Unknown options, options of another product set, two options of one criterion or two alternative cases → 400 validation_failed listing them (details.issues).',
      params: IdParams, body: AnswersInputSchema, response: { 200: SelfAssessmentSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => saveSelfAssessment(req.ctx, req.params.id, req.body));

  app.post('/api/v1/dossiers', {
    config: { access },
    schema: {
      tags, summary: 'Open a dossier for a product: first evaluation, upgrade or re-evaluation',
      description: 'An upgrade or re-evaluation needs the product\'s previous dossier or active certificate; it carries over the previous dossier\'s documents and form. One open dossier per product (409 duplicate).',
      body: DossierCreateSchema, response: { 201: DossierSchema, ...errorResponses(400, 401, 403, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await createDossier(req.ctx, req.body)));

  app.get('/api/v1/dossiers', {
    config: { access },
    schema: {
      tags, summary: 'Dossiers visible to the caller (producers: their own; officers: their area). queue=commune: submitted, waiting for the commune; queue=province: forwarded, waiting for the province (oldest first)',
      querystring: DossierListQuerySchema, response: { 200: pageOf(DossierSummarySchema), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => listDossiers(req.ctx, req.query));

  app.get('/api/v1/dossiers/:id', {
    config: { access },
    schema: {
      tags, summary: 'A dossier with its completeness checklist, documents, the caller\'s allowed actions and the timeline',
      params: IdParams, response: { 200: DossierSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (req) => getDossier(req.ctx, req.params.id));

  app.patch('/api/v1/dossiers/:id', {
    config: { access },
    schema: {
      tags, summary: 'Edit the registration form or the note of changes while the dossier is a draft or returned',
      params: IdParams, body: DossierPatchSchema, response: { 200: DossierSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => patchDossier(req.ctx, req.params.id, req.body));

  app.post('/api/v1/dossiers/:id/transitions', {
    config: { access },
    schema: {
      tags, summary: 'Move the dossier: submit / withdraw (producer), forward (with the commune assessment) or return (commune), receive or return (province)',
      description: 'submit → 409 dossier_incomplete with details.missing when the checklist is not complete; a state that does not allow the action → 409 invalid_transition; a stale version → 409 conflict; return needs a comment.',
      params: IdParams, body: DossierTransitionSchema, response: { 200: DossierSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => transitionDossier(req.ctx, req.params.id, req.body));

  app.post('/api/v1/dossiers/:id/handover', {
    config: { access },
    schema: {
      tags, summary: 'Hand a dossier filed on the producer\'s behalf over to the producer\'s account (assisted filing)',
      description: 'An officer of the dossier\'s area, while officers hold it. The producer then owns its forms; the dossier keeps who filed it (assisted.filedBy). '
        + 'No producer account yet → 400 validation_failed (fields.userId); a dossier the producer filed, or one already handed over → 409 invalid_transition; a stale version → 409 conflict.',
      params: IdParams, body: HandoverInputSchema, response: { 200: DossierSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => handOverDossier(req.ctx, req.params.id, req.body));

  app.get('/api/v1/dossiers/:id/documents', {
    config: { access },
    schema: { tags, summary: 'Files of the dossier', params: IdParams, response: { 200: z.object({ items: z.array(DossierDocumentSchema) }), ...errorResponses(401, 403, 404) } },
  }, async (req) => ({ items: await listDocuments(req.ctx, req.params.id) }));

  app.post('/api/v1/dossiers/:id/documents', {
    config: { access },
    preValidation: readDocumentUpload,
    schema: {
      tags, summary: 'Upload a file for a required document (multipart fields "docType" and "file")',
      description: `PDF, JPEG, PNG or WebP recognised by the first bytes (else 415), at most ${DOCUMENT_LIMITS.maxBytes / 1024 / 1024} MB (else 413; `
        + 'both with `fields.file` naming the file, the accepted types and the limit), '
        + `${DOCUMENT_LIMITS.maxPerType} files per document type (else 409). Only while the dossier is editable.`,
      consumes: ['multipart/form-data'], params: IdParams,
      body: z.object({ docType: z.string().optional(), file: z.any().meta({ type: 'string', format: 'binary' }) }),
      response: { 201: DossierDocumentSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
    },
  }, async (req, reply) => {
    const body = req.body as DocumentUploadBody;
    return reply.code(201).send(await uploadDocument(req.ctx, req.params.id, body.docType, body.file));
  });

  app.get('/api/v1/dossiers/:id/documents/:docId/file', {
    config: { access },
    schema: {
      tags, summary: 'Download a file of the dossier (same access as the dossier)', params: DocParams,
      response: {
        200: { description: 'the file', content: Object.fromEntries(['application/pdf', 'image/jpeg', 'image/png', 'image/webp'].map((t) => [t, { schema: Binary }])) },
        ...errorResponses(401, 403, 404),
      },
    },
  }, async (req, reply) => {
    const { doc, data } = await readDocument(req.ctx, req.params.id, req.params.docId);
    return reply
      .header('content-type', doc.mediaType)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`)
      .send(data);
  });

  app.delete('/api/v1/dossiers/:id/documents/:docId', {
    config: { access },
    schema: { tags, summary: 'Delete a file while the dossier is editable', params: DocParams, response: { 204: z.null().describe('deleted'), ...errorResponses(401, 403, 404, 409) } },
  }, async (req, reply) => {
    await deleteDocument(req.ctx, req.params.id, req.params.docId);
    return reply.code(204).send(null);
  });

  registerDossierPages(app, deps);
}
