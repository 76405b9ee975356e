/**
 * The public catalogue over HTTP: pages (/, /san-pham, /san-pham/<slug>-<id>, /chu-the/…,
 * /tinh/…), public product photos (/anh/san-pham/…), and the JSON API under
 * /api/v1/catalogue (public, rate-limited per IP, in the OpenAPI document).
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { AppError, problem } from '../../errors';
import { errorResponses } from '../../web/api-schemas';
import { viewOf } from '../../web/view';
import { IMAGE_VARIANTS } from '../registry/product-images.schema';
import { certificateVerifyUrl } from '../../domain/decision';
import { issuerFull } from '../../domain/admin-units';
import { PRODUCER_KIND_LABELS } from '../../domain/producer-kind';
import { publicBase } from '../certification/certification.routes';
import {
  catalogueFigures, codeFromRef, featured, getProvince, getPublicProducer, getPublicProduct, idFromRef, productPath, producerPath,
  productsOfProducer, provinceLinks, publicProductImage, searchCatalogue, type CatalogueQuery, type PublicProduct,
} from './catalogue.service';
import { CatalogueListSchema, CatalogueQuerySchema, FiguresSchema, PublicProductSchema, QrQuerySchema, type CatalogueQueryInput } from './catalogue.schema';
import { HomePage, ProducerPage, ProductPage, ProvincePage, SearchPage } from './catalogue.pages';
import { sendPortalPage } from './portal-page';
import { portalCached } from './portal-http';
import { parseQrSize, qrPng, qrSvg } from './qr';
import { RATE_LIMITS } from './portal.limits';
import { postsTagged } from '../promo/promo.service';

/** Posts in a page's "Tin tức" section (the newest tagged to it). */
const NEWS_ON_PAGE = 3;

const tags = ['catalogue'];
const IdParams = z.object({ id: z.string().max(64) });
const RefParams = z.object({ ref: z.string().max(300) });
const Binary = z.any().meta({ type: 'string', format: 'binary' });

const toQuery = (q: CatalogueQueryInput, pageSize = 20): CatalogueQuery => ({
  q: q.q, stars: q.stars, group: q.group, set: q.set, province: q.province, kind: q.kind,
  sort: q.sort, page: q.page ?? 1, pageSize: q.pageSize ?? pageSize,
});

/** The path a request asked for differs from the canonical one: send the visitor there (keeping the query). */
function canonicalRedirect(req: FastifyRequest, reply: FastifyReply, path: string): boolean {
  const [asked, query] = req.url.split('?');
  if (decodeURIComponent(asked!) === path) return false;
  void reply.code(301).header('location', query ? `${path}?${query}` : path).send();
  return true;
}

/** schema.org Product with its OCOP certification (https://schema.org/Certification). */
export function productJsonLd(p: PublicProduct, base: string): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: p.name,
    url: `${base}${p.url}`,
    ...(p.description ? { description: p.description } : {}),
    ...(p.images.length ? { image: p.images.map((i) => `${base}${i.full}`) } : {}),
    ...(p.gtin ? { gtin13: p.gtin } : {}),
    ...(p.productSet.name ? { category: p.productSet.name } : {}),
    countryOfOrigin: { '@type': 'Country', name: 'VN' },
    manufacturer: {
      '@type': 'Organization',
      name: p.producer.name,
      url: `${base}${p.producer.url}`,
      address: { '@type': 'PostalAddress', addressLocality: p.communeName, addressRegion: p.province.name, addressCountry: 'VN' },
    },
    hasCertification: {
      '@type': 'Certification',
      name: `OCOP ${p.certificate.stars}★`,
      certificationIdentification: p.certificate.number,
      certificationStatus: p.certified ? 'CertificationActive' : 'CertificationInactive',
      certificationRating: { '@type': 'Rating', ratingValue: p.certificate.stars, bestRating: 5, worstRating: 1 },
      validFrom: p.certificate.issuedOn,
      expires: p.certificate.validUntil,
      url: certificateVerifyUrl(base, p.certificate.number, p.certificate.issuerKey),
      issuedBy: { '@type': 'GovernmentOrganization', name: issuerFull(p.certificate.issuer) },
    },
  };
}

export function registerCatalogueRoutes(app: App, deps: Deps) {
  // Anonymous answers are cached in this process and by proxies (portal-http.ts, decisions/033).
  const page = { ...portalCached(deps, 'page'), config: { access: 'public' as const, rateLimit: false as const } };
  const api = { ...portalCached(deps, 'api'), config: { access: 'public' as const, rateLimit: false as const } };
  // ─── Pages ───────────────────────────────────────────────────────────────
  app.get('/', { ...page, schema: { hide: true } }, async (req, reply) => {
    const view = viewOf(req);
    const { t } = view;
    const [figures, feat, provinces] = await Promise.all([catalogueFigures(req.ctx), featured(req.ctx), provinceLinks(req.ctx)]);
    const base = publicBase(req, deps);
    return sendPortalPage(req, reply, deps, {
      title: t('portal.home.title'), description: t('portal.home.description'), path: '/',
      jsonLd: [{
        '@context': 'https://schema.org', '@type': 'WebSite', name: t('portal.home.title'), url: `${base}/`,
        potentialAction: { '@type': 'SearchAction', target: `${base}/san-pham?q={search_term_string}`, 'query-input': 'required name=search_term_string' },
      }],
    }, <HomePage view={view} figures={figures} fiveStar={feat.fiveStar} recent={feat.recent} provinces={provinces} />);
  });

  app.get('/san-pham', { ...page, schema: { hide: true, querystring: CatalogueQuerySchema } }, async (req, reply) => {
    const view = viewOf(req);
    const { t } = view;
    const q = req.query;
    const result = await searchCatalogue(req.ctx, toQuery(q, 24));
    const state = { q: q.q, stars: q.stars, group: q.group, set: q.set, province: q.province, kind: q.kind, sort: q.sort, page: q.page };
    const title = result.q ? t('portal.search.titleFor', { q: result.q }) : t('portal.search.title');
    return sendPortalPage(req, reply, deps, {
      title, description: t('portal.search.description'), path: req.url,
      // Result lists are many addresses for the same products: keep them out of search engines.
      noindex: Boolean(result.q) || result.page > 1 || result.total === 0,
    }, <SearchPage view={view} result={result} state={state} />);
  });

  app.get('/san-pham/:ref', { ...page, schema: { hide: true, params: RefParams } }, async (req, reply) => {
    const p = await getPublicProduct(req.ctx, idFromRef(req.params.ref));
    if (canonicalRedirect(req, reply, p.url)) return reply;
    const view = viewOf(req);
    const { t } = view;
    const [others, news] = await Promise.all([
      productsOfProducer(req.ctx, p.producer.id), postsTagged(req.ctx, { kind: 'product', ref: p.id, limit: NEWS_ON_PAGE }),
    ]);
    const more = others.filter((x) => x.id !== p.id).slice(0, 4);
    const base = publicBase(req, deps);
    return sendPortalPage(req, reply, deps, {
      title: p.name,
      description: t('portal.product.description', {
        name: p.name, stars: p.certificate.stars, producer: p.producer.name, province: p.province.name,
        number: p.certificate.number, date: p.certificate.validUntil.split('-').reverse().join('/'),
      }),
      path: p.url, type: 'product', image: p.images[0]?.full ?? null, noindex: !p.certified,
      jsonLd: [productJsonLd(p, base)],
    }, <ProductPage view={view} p={p} more={more} news={news} />);
  });

  app.get('/chu-the/:ref', { ...page, schema: { hide: true, params: RefParams } }, async (req, reply) => {
    const p = await getPublicProducer(req.ctx, idFromRef(req.params.ref));
    if (canonicalRedirect(req, reply, p.url)) return reply;
    const view = viewOf(req);
    const news = await postsTagged(req.ctx, { kind: 'producer', ref: p.id, limit: NEWS_ON_PAGE });
    return sendPortalPage(req, reply, deps, {
      title: p.name,
      description: view.t('portal.producer.description', { name: p.name, kind: PRODUCER_KIND_LABELS[p.kind][view.locale], province: p.province.name }),
      path: p.url, noindex: p.products.length === 0,
      jsonLd: [{
        '@context': 'https://schema.org', '@type': 'Organization', name: p.name, url: `${publicBase(req, deps)}${p.url}`,
        address: { '@type': 'PostalAddress', addressLocality: p.communeName, addressRegion: p.province.name, addressCountry: 'VN' },
      }],
    }, <ProducerPage view={view} p={p} news={news} />);
  });

  app.get('/tinh/:ref', { ...page, schema: { hide: true, params: RefParams } }, async (req, reply) => {
    const province = await getProvince(req.ctx, codeFromRef(req.params.ref));
    if (canonicalRedirect(req, reply, province.url)) return reply;
    const view = viewOf(req);
    const [products, news] = await Promise.all([
      searchCatalogue(req.ctx, { province: province.code, sort: 'relevance', page: 1, pageSize: 12 }, { facets: false }),
      postsTagged(req.ctx, { kind: 'province', ref: province.code, limit: NEWS_ON_PAGE }),
    ]);
    return sendPortalPage(req, reply, deps, {
      title: view.t('portal.province.title', { name: province.name }),
      description: view.t('portal.province.description', { name: province.name }), path: province.url,
    }, <ProvincePage view={view} province={province} figures={province.figures} products={products} news={news} />);
  });

  // Photos of products with a certificate (valid or not: the product page shows them), for anyone.
  app.get('/anh/san-pham/:id/:imageId/:variant', {
    config: { access: 'public' },
    schema: { hide: true, params: z.object({ id: z.string().max(64), imageId: z.string().max(64), variant: z.enum(IMAGE_VARIANTS) }) },
  }, async (req, reply) => {
    const { id, imageId, variant } = req.params;
    const image = await publicProductImage(req.ctx, id, imageId, variant);
    reply.header('x-content-type-options', 'nosniff').header('cache-control', 'public, max-age=31536000, immutable').header('etag', image.etag);
    if (req.headers['if-none-match'] === image.etag) return reply.code(304).send();
    return reply.type(image.mime).send(image.data);
  });

  // ─── JSON API ────────────────────────────────────────────────────────────

  app.get('/api/v1/catalogue/products', {
    ...api,
    schema: {
      tags, summary: 'Search certified OCOP products (certificate valid today), with facet counts',
      description: 'Public, no authentication; rate-limited per IP. Words match the beginnings of words without diacritics '
        + '("mat ong" finds "Mật ong"); when nothing matches, words are corrected by similarity ("mât ongg"). '
        + 'Filters: stars, group, set, province, kind. Sort: relevance, name, stars, newest.',
      querystring: CatalogueQuerySchema, response: { 200: CatalogueListSchema, ...errorResponses(400, 429) },
    },
  }, async (req) => {
    return searchCatalogue(req.ctx, toQuery(req.query));
  });

  app.get('/api/v1/catalogue/products/:id', {
    ...api,
    schema: {
      tags, summary: 'A product\'s public facts: certificate (with its status today), producer (public facts only), photos, where to buy',
      description: 'Products that never had a certificate answer 404. `certified` says whether the certificate is valid today.',
      params: IdParams, response: { 200: PublicProductSchema, ...errorResponses(404, 429) },
    },
  }, async (req) => {
    return getPublicProduct(req.ctx, req.params.id);
  });

  app.get('/api/v1/catalogue/figures', {
    ...api,
    schema: {
      tags, summary: 'Certified products today by star, producers by kind, provinces and communes (national, or one province)',
      querystring: z.object({ province: z.string().regex(/^\d{2}$/).optional() }),
      response: { 200: FiguresSchema, ...errorResponses(400, 404, 429) },
    },
  }, async (req) => {
    if (req.query.province) return (await getProvince(req.ctx, req.query.province)).figures;
    return catalogueFigures(req.ctx);
  });

  app.get('/api/v1/catalogue/provinces', {
    ...api,
    schema: {
      tags, summary: 'Provinces with their count of certified products today',
      response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), url: z.string(), products: z.number().int() })) }), ...errorResponses(429) },
    },
  }, async (req) => {
    return { items: await provinceLinks(req.ctx) };
  });

  app.get('/api/v1/catalogue/producers/:id', {
    ...api,
    schema: {
      tags, summary: 'A producer\'s public facts (name, kind, commune, province) and its certified products',
      params: IdParams,
      response: {
        200: z.object({
          id: z.string(), name: z.string(), kind: z.string(), url: z.string(), communeName: z.string(),
          province: z.object({ code: z.string(), name: z.string(), url: z.string() }), isSample: z.boolean(),
          products: CatalogueListSchema.shape.items,
        }),
        ...errorResponses(404, 429),
      },
    },
  }, async (req) => {
    return getPublicProducer(req.ctx, req.params.id);
  });

  // ─── QR codes ────────────────────────────────────────────────────────────
  const qr = (format: 'svg' | 'png') => async (req: FastifyRequest<{ Params: { id: string }; Querystring: { size?: string; dpi?: number } }>, reply: FastifyReply) => {
    const p = await getPublicProduct(req.ctx, req.params.id);
    if (!p.certified) throw new AppError('not_found', 'the product has no valid certificate');
    const size = parseQrSize(req.query.size, req.query.dpi);
    if (!size) throw new AppError('validation_failed', 'size: 10–300mm or 64–4096px; dpi: 72–1200', { size: problem('qr.size_out_of_range') });
    const target = certificateVerifyUrl(publicBase(req, deps), p.certificate.number, p.certificate.issuerKey);
    const name = `ocop-qr-${p.certificate.number}${size.mm ? `-${size.mm}mm` : `-${size.px}px`}.${format}`;
    reply.header('cache-control', 'public, max-age=3600').header('content-disposition', `inline; filename="${name}"`).header('x-qr-target', target);
    if (format === 'svg') return reply.type('image/svg+xml').send(await qrSvg(target, size));
    return reply.type('image/png').send(await qrPng(target, size));
  };
  for (const format of ['svg', 'png'] as const) {
    app.get(`/api/v1/catalogue/products/:id/qr.${format}`, {
      config: { access: 'public', rateLimit: RATE_LIMITS.qr },
      schema: {
        tags,
        summary: `QR code (${format.toUpperCase()}) to the product's verification page <PUBLIC_BASE_URL>/v/<certificate number>, at a print size`,
        description: 'Only for products whose certificate is valid today (else 404). size: "30mm" (default; 10–300 mm) or pixels "600px" '
          + '(64–4096); dpi (72–1200, default 300) sets the pixel width of mm sizes and the PNG\'s resolution. Error correction M, 4-module quiet zone. '
          + 'The header x-qr-target carries the encoded address.',
        params: IdParams, querystring: QrQuerySchema,
        response: {
          200: { description: 'the QR code', content: { [format === 'svg' ? 'image/svg+xml' : 'image/png']: { schema: Binary } } },
          ...errorResponses(400, 404, 429),
        },
      },
    }, qr(format));
  }
}

export { productPath, producerPath };
