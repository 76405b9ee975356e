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
import { viewOf, type View } from '../../web/view';
import { DataTable } from '../../web/components/table';
import { formatDateVi, todayInVietnam } from '../../domain/dates';
import { publicBase } from '../certification/certification.routes';
import { camel, LICENCE, OPEN_FIELDS, OPEN_TYPES, openDataFile, type OpenField, type OpenFormat } from './opendata.service';
import { PortalShell, sendPortalPage } from './portal-page';
import { RATE_LIMITS } from './portal.limits';

const FORMATS: OpenFormat[] = ['csv', 'json', 'xlsx'];
const fileUrl = (f: OpenFormat) => `/api/v1/open-data/certified-products.${f}`;
const licenceLink = (base: string) => `<${LICENCE.url}>; rel="license", <${base}/du-lieu-mo>; rel="describedby"`;

function OpenDataPage({ view, asOf }: { view: View; asOf: string }) {
  const { t } = view;
  return (
    <PortalShell view={view} title={t('portal.open.title')} active="openData">
      <h1>{t('portal.open.title')}</h1>
      <p class="lead">{t('portal.open.lead')}</p>
      <p class="muted small">{t('portal.asOf', { date: formatDateVi(asOf) })}</p>
      <h2>{t('portal.open.downloads')}</h2>
      <ul class="download-list">
        {FORMATS.map((f) => (
          <li><a class="btn btn-secondary" href={fileUrl(f)} download>{t(`portal.open.${f}`)}</a></li>
        ))}
      </ul>
      <h2>{t('portal.open.licence')}</h2>
      <p>{t('portal.open.licenceText')} <a href={LICENCE.url} rel="license">{LICENCE.name}</a></p>
      <p>{t('portal.open.attribution', { attribution: LICENCE.attribution })}</p>
      <p class="muted">{t('portal.open.privacy')}</p>
      <h2>{t('portal.open.fields')}</h2>
      <DataTable<OpenField>
        caption={t('portal.open.fields')} captionHidden rows={[...OPEN_FIELDS]} rowKey={(f) => f} empty=""
        columns={[
          { key: 'field', label: t('portal.open.field'), render: (f) => <><code>{f}</code><br /><code class="muted small">{camel(f)}</code></> },
          { key: 'meaning', label: t('portal.open.meaning'), render: (f) => t(`portal.f.${f}`) },
        ]}
      />
      <p class="muted small">{t('portal.open.sampleNote')}</p>
      <h2>{t('portal.open.api')}</h2>
      <p>{t('portal.open.apiText', { catalogue: RATE_LIMITS.catalogue.max, downloads: RATE_LIMITS.downloads.max, docs: '/api/docs' })}</p>
      <ul class="api-list">
        <li><code>GET /api/v1/catalogue/products?q=&amp;stars=&amp;group=&amp;set=&amp;province=&amp;kind=&amp;sort=&amp;page=&amp;pageSize=</code></li>
        <li><code>GET /api/v1/catalogue/products/:id</code></li>
        <li><code>GET /api/v1/catalogue/figures?province=</code></li>
        <li><code>GET /api/v1/open-data</code></li>
        <li><code>GET /01/:gtin?linkType=</code></li>
      </ul>
      <p><a href="/api/docs">/api/docs</a></p>
    </PortalShell>
  );
}

export function registerOpenDataRoutes(app: App, deps: Deps) {
  app.get('/du-lieu-mo', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
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
    config: { access: 'public', rateLimit: RATE_LIMITS.catalogue },
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
    reply.header('link', licenceLink(base)).header('cache-control', 'public, max-age=300');
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
