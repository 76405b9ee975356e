/**
 * Open data over HTTP: the page /du-lieu-mo (fields, licence, downloads, API), the downloads
 * /api/v1/open-data/certified-products.{csv,json,xlsx} and their description /api/v1/open-data.
 * Public, rate-limited per IP, in the OpenAPI document; every answer names its licence in a
 * `Link: <…>; rel="license"` header.
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { errorResponses } from '../../web/api-schemas';
import { viewOf } from '../../web/view';
import { todayInVietnam } from '../../domain/dates';
import { publicBase } from '../certification/certification.routes';
import { camel, LICENCE, OPEN_FIELDS, OPEN_FORMATS as FORMATS, OPEN_TYPES, openDataFile, openFileUrl as fileUrl, type OpenFormat } from './opendata.service';
import { OpenDataPage } from './opendata.view';
import { sendPortalPage } from './portal-page';
import { portalCached } from './portal-http';
import { RATE_LIMITS } from './portal.limits';

const licenceLink = (base: string) => `<${LICENCE.url}>; rel="license", <${base}/du-lieu-mo>; rel="describedby"`;

export function registerOpenDataRoutes(app: App, deps: Deps) {
  app.get('/du-lieu-mo', { ...portalCached(deps, 'page'), config: { access: 'public', rateLimit: false }, schema: { hide: true } }, async (req, reply) => {
    const view = viewOf(req);
    return sendPortalPage(req, reply, deps, {
      title: view.t('portal.open.title'), description: view.t('portal.open.description'), path: '/du-lieu-mo',
      jsonLd: [{
        '@context': 'https://schema.org', '@type': 'Dataset', name: 'Sản phẩm OCOP được chứng nhận', description: view.t('portal.open.lead'),
        license: LICENCE.url, isAccessibleForFree: true, url: `${publicBase(req, deps)}/du-lieu-mo`,
        distribution: FORMATS.map((f) => ({ '@type': 'DataDownload', encodingFormat: OPEN_TYPES[f].split(';')[0], contentUrl: `${publicBase(req, deps)}${fileUrl(f)}` })),
      }],
    }, <OpenDataPage view={view} asOf={todayInVietnam(deps.clock())} />);
  });
  app.get('/open-data', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => reply.code(301).header('location', '/du-lieu-mo?lang=en').send());

  app.get('/api/v1/open-data', {
    ...portalCached(deps, 'api'), config: { access: 'public', rateLimit: false },
    schema: {
      tags: ['open data'], summary: 'The certified-products dataset: licence, fields, downloads and rate limits',
      response: {
        200: z.object({
          title: z.string(), licence: z.object({ id: z.string(), name: z.string(), url: z.string(), attribution: z.string() }),
          asOf: z.string(), page: z.string(),
          fields: z.array(z.object({ name: z.string(), jsonName: z.string() })),
          distributions: z.array(z.object({ format: z.string(), mediaType: z.string(), url: z.string() })),
          rateLimits: z.object({ catalogue: z.string(), downloads: z.string() }),
        }),
        ...errorResponses(429),
      },
    },
  }, async (req, reply) => {
    const base = publicBase(req, deps);
    reply.header('link', licenceLink(base));
    return {
      title: 'Sản phẩm OCOP được chứng nhận / Certified OCOP products', licence: LICENCE,
      asOf: todayInVietnam(deps.clock()), page: `${base}/du-lieu-mo`,
      fields: OPEN_FIELDS.map((f) => ({ name: f, jsonName: camel(f) })),
      distributions: FORMATS.map((f) => ({ format: f, mediaType: OPEN_TYPES[f].split(';')[0]!, url: `${base}${fileUrl(f)}` })),
      rateLimits: {
        catalogue: `${RATE_LIMITS.catalogue.max} requests per ${RATE_LIMITS.catalogue.timeWindow} per IP`,
        downloads: `${RATE_LIMITS.downloads.max} requests per ${RATE_LIMITS.downloads.timeWindow} per IP`,
      },
    };
  });

  const download = (format: OpenFormat) => async (req: FastifyRequest, reply: FastifyReply) => {
    const base = publicBase(req, deps);
    const file = await openDataFile(req.ctx, base, format);
    reply.header('link', licenceLink(base)).header('etag', file.etag).header('cache-control', 'public, max-age=300')
      .header('x-licence', LICENCE.id).header('content-disposition', `attachment; filename="${file.fileName}"`);
    if (req.headers['if-none-match'] === file.etag) return reply.code(304).send();
    return reply.type(file.contentType).send(file.body);
  };
  for (const format of FORMATS) {
    app.get(fileUrl(format), {
      config: { access: 'public', rateLimit: RATE_LIMITS.downloads },
      schema: {
        tags: ['open data'],
        summary: `Every product certified today as ${format.toUpperCase()} (CC BY 4.0; see GET /api/v1/open-data for the fields)`,
        description: 'Public facts only. Rebuilt as soon as a certificate is issued, replaced or revoked; ETag / If-None-Match answer 304. '
          + (format === 'csv' ? 'UTF-8 with BOM; text cells that a spreadsheet would read as a formula are prefixed with a quote.'
            : format === 'json' ? 'An object with title, asOf, count, licence, source, fields and items (camelCase field names).'
            : 'Sheet "san-pham-ocop" (data) and "giay-phep" (licence and source).'),
        response: {
          200: { description: `the ${format.toUpperCase()} file`, content: { [OPEN_TYPES[format].split(';')[0]!]: { schema: z.any().meta({ type: 'string', format: 'binary' }) } } },
          304: z.null().describe('not modified'),
          ...errorResponses(429),
        },
      },
    }, download(format));
  }
}
