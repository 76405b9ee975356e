/**
 * The label sheet of a lot (issue 17, item 3; trace-labels.ts) for those who keep it: the back
 * office's `/admin/truy-xuat/lo/:id/nhan.pdf?count=` and the API's
 * `/api/v1/trace/lots/:id/labels.pdf?count=`. A lot out of reach answers 404, a bad count 400
 * (field `count`), a lot under recall 409.
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { errorResponses } from '../../web/api-schemas';
import { pdfHeaders } from '../../web/pdf';
import { publicBase } from '../certification/certification.routes';
import { LABELS_MAX, LABELS_PER_PAGE, lotLabels } from './trace-labels';
import { TRACE_STAFF } from './trace.policy';

const Params = z.object({ id: z.string().max(64) });
const Query = z.object({ count: z.string().max(20).optional() });
const Pdf = { description: 'the PDF document', content: { 'application/pdf': { schema: z.any().meta({ type: 'string', format: 'binary' }) } } };

export function registerTraceLabelRoutes(app: App, deps: Deps) {
  const send = async (req: FastifyRequest<{ Params: z.infer<typeof Params>; Querystring: z.infer<typeof Query> }>, reply: FastifyReply) => {
    const { bytes, name } = await lotLabels(req.ctx, req.params.id, req.query.count, publicBase(req, deps));
    return reply.headers(pdfHeaders(name, false)).send(bytes);
  };

  app.get('/admin/truy-xuat/lo/:id/nhan.pdf', {
    config: { access: TRACE_STAFF },
    schema: { hide: true, params: Params, querystring: Query },
  }, send);

  app.get('/api/v1/trace/lots/:id/labels.pdf', {
    config: { access: TRACE_STAFF },
    schema: {
      tags: ['trace'],
      summary: `Printable A4 label sheet of a lot (3 × 8 labels a page; embedded DejaVu fonts) for those who keep it: each label with the lot's QR code `
        + '(the GS1 Digital Link <PUBLIC_BASE_URL>/01/<GTIN>/10/<lot> when the product has a GTIN, else <PUBLIC_BASE_URL>/truy-xuat/<trace code>), the product name, lot number, '
        + `NSX/HSD dates, the trace code, and a "MẪU" tag for sample data. count: 1–${LABELS_MAX} (default ${LABELS_PER_PAGE}, one sheet; field code trace.label_count). `
        + 'A lot under recall (its own or one it was made from) → 409',
      params: Params, querystring: Query, response: { 200: Pdf, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, send);
}
