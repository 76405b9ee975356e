/**
 * Lot traceability over the API (issue 17; api.md "Traceability"): lots, their raw-material inputs
 * and areas, lab results, events and transformations, recalls and the inspectors' queue, and the
 * files of a lot. A write that carries a file is multipart: the JSON of the fields in the part
 * `data`, the file in the part `file`; without a file it is plain JSON. The EPCIS export and
 * import are in epcis.routes.ts; the public trace page and the GS1 Digital Link of a lot in
 * trace-public.routes.tsx.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../context';
import { AppError, problem } from '../../errors';
import type { App } from '../../web/http';
import { errorResponses, pageOf } from '../../web/api-schemas';
import { readMultipart, type UploadedFile } from '../../web/multipart';
import { addInput, addLabResult, addMaterialArea, lotFile, materialAreas, TRACE_FILE_MAX_BYTES } from './lots.service';
import { createLot } from './lots.service';
import { recordEvent, recordTransformation } from './trace-events.service';
import { acknowledgeRecall, closeRecall, listRecalls, recallLot } from './recalls.service';
import { getLot, listLots } from './trace-read.service';
import { RECALL_QUEUE, TRACE_STAFF } from './trace.policy';
import { TRACE_EVENT_KINDS, TRACE_UNITS } from './trace.schema';

const tags = ['trace'];
const IdParams = z.object({ id: z.string().max(64) });
const WRITERS = ['national_admin', 'province_officer', 'commune_officer', 'producer'] as const;
const RECALLERS = ['national_admin', 'province_officer', 'commune_officer', 'inspector', 'producer'] as const;

const LotRefSchema = z.object({ id: z.string(), lotNumber: z.string(), traceCode: z.string(), productName: z.string(), producerName: z.string() });
const RecallOut = z.object({
  id: z.string(), lotId: z.string(), lotNumber: z.string(), traceCode: z.string(), productName: z.string(), producerName: z.string(), provinceCode: z.string(),
  reason: z.string(), scope: z.string(), instructions: z.string(), status: z.enum(['open', 'closed']), recalledAt: z.string(),
  acknowledgedAt: z.string().nullable(), closedAt: z.string().nullable(), closeNote: z.string().nullable(), buyersNotified: z.number().int(),
});
const FileRef = z.object({ url: z.string(), name: z.string() }).nullable();
const EventOut = z.object({
  id: z.string(), kind: z.enum(TRACE_EVENT_KINDS), occurredAt: z.string(), communeCode: z.string(), communeName: z.string(), provinceName: z.string(),
  facility: z.string().nullable(), actor: z.string(), note: z.string().nullable(), counterparty: z.string().nullable(), container: z.string().nullable(),
  labResultId: z.string().nullable(), correctsId: z.string().nullable(), correctedBy: z.string().nullable(),
  lots: z.array(z.object({ id: z.string(), lotNumber: z.string(), traceCode: z.string(), productName: z.string(), role: z.enum(['subject', 'input', 'output']), quantity: z.number().nullable(), unit: z.enum(TRACE_UNITS) })),
  evidence: FileRef, recordedAt: z.string(),
});
const InputOut = z.object({
  id: z.string(), material: z.string(), sourceKind: z.enum(['producer', 'area', 'text']),
  supplier: z.object({ name: z.string(), communeName: z.string().nullable(), provinceName: z.string().nullable(), url: z.string().nullable() }),
  area: z.object({ id: z.string(), name: z.string(), crop: z.string(), hectares: z.number().nullable(), certification: z.string().nullable() }).nullable(),
  quantity: z.number().nullable(), unit: z.enum(TRACE_UNITS).nullable(), receivedOn: z.string().nullable(), document: FileRef,
});
const LabOut = z.object({
  id: z.string(), laboratory: z.string(), reportNumber: z.string().nullable(), testedOn: z.string(), passed: z.boolean(),
  indicators: z.array(z.object({ name: z.string(), result: z.string(), limit: z.string().nullable(), passed: z.boolean() })), report: FileRef,
});
export const LotOut = z.object({
  id: z.string(), lotNumber: z.string(), traceCode: z.string().describe('the platform\'s trace code (domain/trace.ts; printed as 46-7K2M-Q9XR-C)'),
  product: z.object({ id: z.string(), name: z.string(), gtin: z.string().nullable() }), producer: z.object({ id: z.string(), name: z.string() }),
  producedOn: z.string(), expiresOn: z.string().nullable(), quantity: z.number(), unit: z.enum(TRACE_UNITS), facility: z.string(),
  communeCode: z.string(), communeName: z.string(), provinceName: z.string(), note: z.string().nullable(), isSample: z.boolean(),
  recalled: z.boolean().describe('an open recall of this lot or of a lot it was made from'), recalls: z.array(RecallOut),
  events: z.array(EventOut), inputs: z.array(InputOut), inputLots: z.array(LotRefSchema), outputLots: z.array(LotRefSchema), labResults: z.array(LabOut),
  remaining: z.number(), links: z.object({ trace: z.string(), digitalLink: z.string().nullable(), epcis: z.string() }),
  actions: z.object({ record: z.boolean(), recall: z.boolean() }),
});
const LotSummaryOut = z.object({
  id: z.string(), lotNumber: z.string(), traceCode: z.string(), product: z.object({ id: z.string(), name: z.string(), gtin: z.string().nullable() }),
  producer: z.object({ id: z.string(), name: z.string() }), producedOn: z.string(), expiresOn: z.string().nullable(), quantity: z.number(),
  unit: z.enum(TRACE_UNITS), events: z.number().int(), recalled: z.boolean(), isSample: z.boolean(),
});
const Created = z.object({ id: z.string() }).passthrough();
const AnyBody = z.record(z.string(), z.unknown()).describe('JSON fields, or multipart/form-data with the JSON in the part "data" and the file in "file"');

type WithFile = Record<string, unknown> & { __file?: UploadedFile | null };

/** A write with an optional file: multipart (`data` JSON + `file`) or JSON. */
async function jsonOrMultipart(req: FastifyRequest) {
  if (!req.isMultipart()) return;
  const body = await readMultipart(req, { maxBytes: TRACE_FILE_MAX_BYTES, tooLarge: 'truncate', fields: ['_csrf', 'data'], what: 'the file' });
  let data: unknown;
  try {
    data = body.data ? JSON.parse(body.data) : {};
  } catch {
    throw new AppError('validation_failed', 'the part "data" is not JSON', { data: problem('trace.not_json') });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new AppError('validation_failed', 'the part "data" is not a JSON object', { data: problem('trace.not_json') });
  req.body = { ...(data as Record<string, unknown>), __file: body.file };
}
const fileOf = (body: unknown): UploadedFile | null => (body as WithFile | undefined)?.__file ?? null;

export function registerTraceRoutes(app: App, _deps: Deps) {
  app.get('/api/v1/trace/lots', {
    config: { access: TRACE_STAFF },
    schema: {
      tags, summary: 'Lots in reach (a producer its own, officers their area\'s), newest production first; ?product= one product\'s, ?q= lot number, trace code or product name',
      querystring: z.object({ product: z.string().max(40).optional(), q: z.string().max(100).optional(), page: z.coerce.number().int().min(1).max(10_000).optional(), pageSize: z.coerce.number().int().min(1).max(100).optional() }),
      response: { 200: pageOf(LotSummaryOut), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => listLots(req.ctx, req.query));

  app.post('/api/v1/trace/lots', {
    config: { access: WRITERS },
    schema: {
      tags, summary: 'Record a production lot of one of the producer\'s products (officers: of a producer they keep). Field codes: trace.lot_number, trace.lot_number_taken (409 duplicate), trace.produced_future, trace.expiry_before_production, trace.quantity_*, trace.unknown_product, trace.unknown_commune',
      body: AnyBody, response: { 201: Created, ...errorResponses(400, 401, 403, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await createLot(req.ctx, req.body)));

  app.get('/api/v1/trace/lots/:id', {
    config: { access: 'public' },
    schema: {
      tags, summary: 'A lot by id or trace code: public fields for everyone (evidence and documents for those who keep it); its events, inputs one step back, lots made from it, lab results, and recalls reaching it',
      params: IdParams, response: { 200: LotOut, ...errorResponses(404) },
    },
  }, async (req) => getLot(req.ctx, req.params.id));

  app.post('/api/v1/trace/lots/:id/inputs', {
    config: { access: WRITERS }, preValidation: jsonOrMultipart,
    schema: {
      tags, summary: 'Add a raw-material input: from a registered producer (supplierProducerId), one of the producer\'s raw-material areas (materialAreaId), or a supplier written out (supplierText) with its delivery document (file, required then)',
      params: IdParams, body: AnyBody, consumes: ['application/json', 'multipart/form-data'], response: { 201: Created, ...errorResponses(400, 401, 403, 404, 413, 415) },
    },
  }, async (req, reply) => reply.code(201).send(await addInput(req.ctx, req.params.id, req.body, fileOf(req.body))));

  app.post('/api/v1/trace/lots/:id/lab-results', {
    config: { access: WRITERS }, preValidation: jsonOrMultipart,
    schema: {
      tags, summary: 'Add a laboratory\'s report (indicators tested, each passed or not; the report\'s PDF or photo in "file"): also a quality-test event of the lot',
      params: IdParams, body: AnyBody, consumes: ['application/json', 'multipart/form-data'], response: { 201: Created, ...errorResponses(400, 401, 403, 404, 413, 415) },
    },
  }, async (req, reply) => reply.code(201).send(await addLabResult(req.ctx, req.params.id, req.body, fileOf(req.body))));

  app.post('/api/v1/trace/lots/:id/events', {
    config: { access: WRITERS }, preValidation: jsonOrMultipart,
    schema: {
      tags, summary: `Record an event of the lot (${TRACE_EVENT_KINDS.filter((k) => k !== 'transformation').join(', ')}), or a correction of an earlier one (correctsId); evidence in "file". Events are append-only. Field codes: trace.before_production, trace.in_future, trace.unknown_commune, trace.unknown_event`,
      params: IdParams, body: AnyBody, consumes: ['application/json', 'multipart/form-data'], response: { 201: Created, ...errorResponses(400, 401, 403, 404, 413, 415) },
    },
  }, async (req, reply) => reply.code(201).send(await recordEvent(req.ctx, req.params.id, req.body, fileOf(req.body))));

  app.post('/api/v1/trace/transformations', {
    config: { access: WRITERS },
    schema: {
      tags, summary: 'A transformation: quantities of input lots into new lots (e.g. fresh tea leaves into packed tea). Never more than a lot still holds: inputs.<i>.quantity trace.over_consumed names the line',
      body: AnyBody, response: { 201: z.object({ event: Created, outputs: z.array(Created) }), ...errorResponses(400, 401, 403, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await recordTransformation(req.ctx, req.body)));

  app.post('/api/v1/trace/lots/:id/recall', {
    config: { access: RECALLERS },
    schema: {
      tags, summary: 'Recall a lot (reason, scope, instructions): shown at once on its trace page and on every lot made from it; marketplace buyers who may hold it are told; it enters the inspectors\' queue. Unknown lot: 404; recalled already: 409',
      params: IdParams, body: AnyBody, response: { 201: RecallOut, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await recallLot(req.ctx, req.params.id, req.body)));

  app.get('/api/v1/trace/recalls', {
    config: { access: RECALL_QUEUE },
    schema: {
      tags, summary: 'The recalls queue of the actor\'s area, open first',
      querystring: z.object({ status: z.enum(['open', 'closed']).optional(), page: z.coerce.number().int().min(1).max(10_000).optional(), pageSize: z.coerce.number().int().min(1).max(100).optional() }),
      response: { 200: pageOf(RecallOut), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => listRecalls(req.ctx, req.query));

  app.post('/api/v1/trace/recalls/:id/acknowledge', {
    config: { access: ['national_admin', 'province_officer', 'inspector'] },
    schema: { tags, summary: 'Take a recall up from the queue (inspectors, province officers)', params: IdParams, response: { 200: RecallOut, ...errorResponses(401, 403, 404) } },
  }, async (req) => acknowledgeRecall(req.ctx, req.params.id));

  app.post('/api/v1/trace/recalls/:id/close', {
    config: { access: ['national_admin', 'province_officer'] },
    schema: { tags, summary: 'Close a recall with a note (province officers, national administrators)', params: IdParams, body: z.object({ note: z.string().max(1000) }), response: { 200: RecallOut, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => closeRecall(req.ctx, req.params.id, req.body));

  app.get('/api/v1/trace/material-areas', {
    config: { access: WRITERS },
    schema: { tags, summary: 'The producer\'s raw-material areas (officers: ?producer=)', querystring: z.object({ producer: z.string().max(40).optional() }), response: { 200: z.object({ items: z.array(z.any()) }), ...errorResponses(400, 401, 403) } },
  }, async (req) => ({ items: await materialAreas(req.ctx, req.query.producer) }));

  app.post('/api/v1/trace/material-areas', {
    config: { access: WRITERS },
    schema: { tags, summary: 'Register a raw-material area (name, commune, crop, hectares, certification)', body: AnyBody, response: { 201: Created, ...errorResponses(400, 401, 403) } },
  }, async (req, reply) => reply.code(201).send(await addMaterialArea(req.ctx, req.body)));

  app.get('/api/v1/trace/files/:kind/:id', {
    config: { access: 'public' },
    schema: {
      tags, summary: 'A file of a lot: a lab report (public), an input\'s document or an event\'s evidence (those who keep the lot)',
      params: z.object({ kind: z.enum(['lab', 'input', 'evidence']), id: z.string().max(64) }),
      response: { 200: { description: 'the file', content: { 'application/octet-stream': { schema: z.any().meta({ type: 'string', format: 'binary' }) } } }, ...errorResponses(404) },
    },
  }, async (req, reply) => {
    const f = await lotFile(req.ctx, req.params.kind, req.params.id);
    return reply.header('content-type', f.mime).header('x-content-type-options', 'nosniff')
      .header('cache-control', req.params.kind === 'lab' ? 'public, max-age=300' : 'private, no-store')
      .header('content-disposition', `${f.mime === 'application/pdf' ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(f.name)}`).send(f.data);
  });
}
