/**
 * GS1 EPCIS 2.0 over the API (issue 17, item 6; api.md "Traceability"): a lot's document, the
 * actor's events of a product or a period, and the import of one document, all or nothing. The
 * documents are `application/ld+json`; the import takes that or `application/json`.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { errorResponses } from '../../web/api-schemas';
import { EPCIS_MEDIA_TYPE, type EpcisDocument } from './epcis';
import { EPCIS_MAX_EVENTS } from './epcis-read';
import { EPCIS_EXPORT_MAX_EVENTS, importEpcis, lotEpcis, rangeEpcis } from './epcis.service';
import { TRACE_STAFF } from './trace.policy';

const tags = ['trace'];
const WRITERS = ['national_admin', 'province_officer', 'commune_officer', 'producer'] as const;
/** An import's body: a 50,000-event document is about 60 MB; one of 10,000 about 12 MB. */
export const EPCIS_MAX_BYTES = 64 * 1024 * 1024;

const DocumentOut = {
  description: 'a GS1 EPCIS 2.0 EPCISDocument (JSON-LD), valid against GS1\'s EPCIS 2.0 JSON Schema; the platform\'s fields are extensions with the prefix "ocop" (urn:vn:ocop:epcis:)',
  content: { [EPCIS_MEDIA_TYPE]: { schema: z.any().meta({ type: 'object', description: 'EPCISDocument' }) } },
};

/** The document, serialised once (a 10,000-event document is not validated again on the way out). */
const send = (reply: FastifyReply, doc: EpcisDocument, name: string) => reply
  .header('content-disposition', `inline; filename="${name}.jsonld"`)
  .header('cache-control', 'private, no-store')
  .type(`${EPCIS_MEDIA_TYPE}; charset=utf-8`)
  .send(JSON.stringify(doc));

export function registerEpcisRoutes(app: App, _deps: Deps) {
  // EPCIS documents are JSON-LD: read them like JSON (fastify's own parser, prototype poisoning refused).
  if (!app.hasContentTypeParser(EPCIS_MEDIA_TYPE)) {
    app.addContentTypeParser(EPCIS_MEDIA_TYPE, { parseAs: 'string', bodyLimit: EPCIS_MAX_BYTES }, app.getDefaultJsonParser('error', 'error'));
  }

  app.get('/api/v1/trace/lots/:id/epcis', {
    config: { access: 'public' },
    schema: {
      tags, summary: 'The lot (by id or trace code) as a GS1 EPCIS 2.0 document: its events and those of every lot it was made from (its journey), with the records of the lots they name; as public as the lot',
      params: z.object({ id: z.string().max(64) }),
      response: { 200: DocumentOut, ...errorResponses(404) },
    },
  }, async (req, reply) => send(reply, await lotEpcis(req.ctx, req.params.id), `epcis-lot-${req.params.id}`));

  app.get('/api/v1/trace/epcis', {
    config: { access: TRACE_STAFF },
    schema: {
      tags,
      summary: `Events of the lots in reach (a producer its own, officers their area's) as a GS1 EPCIS 2.0 document: ?product= (id or GTIN-13), ?from= and ?to= (days, inclusive, or instants with their offset). At most ${EPCIS_EXPORT_MAX_EVENTS.toLocaleString('en')} events: a larger range is refused with field "to" (epcis.too_many_events), never cut`,
      querystring: z.object({ product: z.string().max(40).optional(), from: z.string().max(40).optional(), to: z.string().max(40).optional() }),
      response: { 200: DocumentOut, ...errorResponses(400, 401, 403) },
    },
  }, async (req, reply) => send(reply, await rangeEpcis(req.ctx, req.query), 'epcis'));

  app.post('/api/v1/trace/epcis', {
    config: { access: WRITERS },
    bodyLimit: EPCIS_MAX_BYTES,
    schema: {
      tags,
      summary: 'Import one GS1 EPCIS 2.0 document (application/ld+json or application/json), all or nothing',
      description: [
        `At most ${EPCIS_MAX_EVENTS.toLocaleString('en')} events. The document is checked against GS1's EPCIS 2.0 JSON Schema first; then its identifiers`,
        '(lots by GS1 Digital Link, LGTIN or urn:vn:ocop:lot:<trace code>; products by GTIN; communes by urn:vn:ocop:loc:<code>) must be known',
        'or created by the document\'s ILMD, and the lots the actor\'s (a producer its own, officers their area\'s); then every event is recorded',
        'by the same rules as the API (dates, quantities a transformation takes) in one transaction. Any problem answers 422 import_failed with',
        'each problem as a field named by its place in the document (e.g. "epcisBody.eventList[3].bizLocation.id") and, in details,',
        '{stage: schema|document|identifiers|rules, problems: [{index, path, code, message}]}; nothing is written. An event whose eventID',
        'is recorded already is skipped (status "skipped"), so importing a document again records nothing twice.',
      ].join(' '),
      consumes: ['application/ld+json', 'application/json'],
      body: z.unknown(),
      response: {
        200: z.object({
          recorded: z.number().int(), skipped: z.number().int(),
          lotsCreated: z.array(z.object({ id: z.string(), traceCode: z.string(), lotNumber: z.string(), productId: z.string() })),
          events: z.array(z.object({ index: z.number().int(), eventID: z.string(), status: z.enum(['recorded', 'skipped']), id: z.string().nullable() })),
        }),
        ...errorResponses(400, 401, 403, 413, 415, 422),
      },
    },
  }, async (req) => importEpcis(req.ctx, req.body));
}
