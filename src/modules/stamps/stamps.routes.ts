/**
 * Stamps (tem OCOP) API: batches (issue, list, read, deliver, void), their printable label
 * sheets, and the alerts board; the back-office pages are in stamps-pages.routes.tsx. Held scan counts
 * are written when the app closes.
 */
import { z } from 'zod';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { errorResponses, pageOf } from '../../web/api-schemas';
import { pdfHeaders } from '../../web/pdf';
import { publicBase } from '../certification/certification.routes';
import { STAMP_AUTHORITIES, STAMP_READERS } from './stamps.policy';
import {
  AlertListQuerySchema, AlertSchema, BatchInputSchema, BatchListQuerySchema, BatchSchema, DeliverInputSchema, MAX_BATCH_QUANTITY,
  MAX_SHEET_STAMPS, SheetQuerySchema, VoidInputSchema,
} from './stamps.schema';
import {
  acknowledgeAlert, batchSheet, deliverBatch, getBatch, issueBatch, listAlerts, listBatches, voidBatch,
} from './stamps.service';
import { closeStampScans, EXCESSIVE_SCANS } from './stamp-scans';
import { registerStampsPages } from './stamps-pages.routes';

const IdParams = z.object({ id: z.string().max(64) });
const Pdf = { description: 'the PDF document', content: { 'application/pdf': { schema: z.any().meta({ type: 'string', format: 'binary' }) } } };
const tags = ['stamps'];

export function registerStampsRoutes(app: App, deps: Deps) {
  app.addHook('onClose', async () => { await closeStampScans(deps); });

  app.get('/api/v1/stamps/batches', {
    config: { access: STAMP_READERS },
    schema: {
      tags, summary: 'Stamp batches in the caller\'s scope, newest first (q: batch code, certificate number or product name; lotId: the batches of one production lot)',
      querystring: BatchListQuerySchema, response: { 200: pageOf(BatchSchema), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => listBatches(req.ctx, req.query));

  app.post('/api/v1/stamps/batches', {
    config: { access: STAMP_AUTHORITIES },
    schema: {
      tags, summary: `Issue a stamp batch (1–${MAX_BATCH_QUANTITY.toLocaleString('en')} stamps) for a product with a certificate in force: a province officer of its province, `
        + 'or a national administrator. No certificate in force → 409; a product of another province → 404. The batch gets a unique code; serials are <code>-<seq>-<check>. '
        + 'Optional lotId: the production lot the stamps are for — a lot of the same product, not recalled (field lotId: stamps.unknown_lot, stamps.lot_of_other_product, stamps.lot_recalled; '
        + 'a lot counted in units takes at most one stamp per unit: quantity stamps.more_than_lot); a scan of such a stamp names the lot and its trace page',
      body: BatchInputSchema, response: { 201: BatchSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await issueBatch(req.ctx, req.body)));

  app.get('/api/v1/stamps/batches/:id', {
    config: { access: STAMP_READERS },
    schema: { tags, summary: 'A stamp batch with its first and last serial, scan counts and the caller\'s allowed actions', params: IdParams, response: { 200: BatchSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getBatch(req.ctx, req.params.id));

  app.post('/api/v1/stamps/batches/:id/deliver', {
    config: { access: STAMP_AUTHORITIES },
    schema: {
      tags, summary: 'Record that the printed stamps reached the producer (issued → delivered; deliveredOn defaults to today). Otherwise 409 invalid_transition; a stale version → 409 conflict',
      params: IdParams, body: DeliverInputSchema.optional(), response: { 200: BatchSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => deliverBatch(req.ctx, req.params.id, req.body));

  app.post('/api/v1/stamps/batches/:id/void', {
    config: { access: STAMP_AUTHORITIES },
    schema: {
      tags, summary: 'Void a batch with a reason (lost, stolen, misprinted): final; its serials stop verifying as valid and a scan of one raises an alert. '
        + 'Twice → 409 invalid_transition; of concurrent voids exactly one wins',
      params: IdParams, body: VoidInputSchema, response: { 200: BatchSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => voidBatch(req.ctx, req.params.id, req.body));

  app.get('/api/v1/stamps/batches/:id/sheet.pdf', {
    config: { access: STAMP_AUTHORITIES },
    schema: {
      tags, summary: `Printable A4 label sheets (4 × 7 stamps a page; embedded DejaVu fonts) of stamps from…to of the batch (default: the first ${MAX_SHEET_STAMPS.toLocaleString('en')}); `
        + `at most ${MAX_SHEET_STAMPS.toLocaleString('en')} stamps per request (400 beyond: print big batches in parts). Each stamp: the OCOP mark, stars, product name, serial and a QR code to <PUBLIC_BASE_URL>/v/<serial>. A voided batch → 409`,
      params: IdParams, querystring: SheetQuerySchema, response: { 200: Pdf, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => {
    const { bytes, name } = await batchSheet(req.ctx, req.params.id, req.query, publicBase(req, deps));
    return reply.headers(pdfHeaders(name, false)).send(bytes);
  });

  app.get('/api/v1/stamps/alerts', {
    config: { access: STAMP_READERS },
    schema: {
      tags, summary: `Alerts on suspicious scans in the caller's scope, newest first: excessive_scans (a serial scanned more than ${EXCESSIVE_SCANS} times), `
        + 'voided_batch_scanned, revoked_certificate_scanned — once per kind and serial. state: open (default) | acknowledged | all',
      querystring: AlertListQuerySchema, response: { 200: pageOf(AlertSchema), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => listAlerts(req.ctx, req.query));

  app.post('/api/v1/stamps/alerts/:id/acknowledge', {
    config: { access: STAMP_READERS },
    schema: { tags, summary: 'Acknowledge an alert (audited); twice → 409 invalid_transition', params: IdParams, response: { 200: AlertSchema, ...errorResponses(401, 403, 404, 409) } },
  }, async (req) => acknowledgeAlert(req.ctx, req.params.id));

  registerStampsPages(app, deps);
}
