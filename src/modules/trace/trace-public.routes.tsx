/**
 * The public half of lot traceability (issue 17, items 3–4):
 *
 * - `GET /truy-xuat/:code` — a lot's trace page by its trace code (any case, hyphens and spaces
 *   ignored: domain/trace.ts parseTraceCode); a code written otherwise than its canonical form is
 *   sent there (301), so one address holds one page in every cache. An unknown code or a wrong
 *   check character is the 404 page, never a 500.
 * - `GET /truy-xuat` — the code box (a GET form: `?ma=` is looked up and sent to the lot's page;
 *   what is wrong with it is said on the form, 400 for a malformed code, 404 for an unknown one).
 * - `GET /01/:gtin/10/:lot` and `…/21/:serial` — the lot's GS1 Digital Link: 307 to its trace page
 *   (a GTIN-14 with a leading 0 is the GTIN-13); `?linkType=all` the links as an RFC 9264 linkset
 *   (gs1:traceability the trace page, gs1:pip the product page, gs1:certificationInfo and
 *   gs1:verificationService the verification page); `linkType=gs1:pip` / `certificationInfo` go
 *   there. A lot not recorded here, of a known GTIN, is answered one level up (307 to `/01/<GTIN>`
 *   with the query, or to `/v/<serial>` when a serial follows), as GS1 resolvers do. These routes are more specific than the portal's `/01/:gtin/*` (static segment `10`
 *   after the GTIN) and win over it in the router. A serial must be an OCOP stamp of a batch issued
 *   for this lot (or for the lot's product without a lot named); a stamp of another lot or
 *   product, or anything that is not one of our stamps, is 404; a stamp of a voided batch is sent
 *   to its verification page, which says so.
 *
 * The pages are served like the public portal's (portal-http.ts `portalCached`): held in memory
 * for the day and language, shareable for a second, ETag and 304, gzipped, answered by the
 * portal's fast path when held. Every trace write (events, transformations, inputs, lab results,
 * recalls and their closing) publishes on the public-facts feed in its transaction, which drops
 * the held pages: a recall shows on the very next request.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Ctx, Deps } from '../../context';
import { formatTraceCode, isLotNumber, normalizeLotNumber, parseTraceCode } from '../../domain/trace';
import { AppError } from '../../errors';
import type { App } from '../../web/http';
import { viewOf } from '../../web/view';
import { publicBase } from '../certification/certification.routes';
import { productByGtin, productPath } from '../portal/catalogue.service';
import { gtinFromPath, linkTypeName } from '../portal/gs1.routes';
import { portalCached } from '../portal/portal-http';
import { sendPortalPage } from '../portal/portal-page';
import { lookupStamp, noteStampScan } from '../stamps/stamp-lookup';
import { codeOfDigitalLink, digitalLinkPath, getLot, traceByCode, tracePath, type TraceView } from './trace-read.service';
import { LOOKUP_FIELD, TraceLookupPage, TracePage } from './trace-public.pages';

const VOC = 'https://gs1.org/voc/';
const PRODUCT_TYPES = new Set(['pip', 'productinfo']);
const VERIFY_TYPES = new Set(['certificationinfo', 'verificationservice', 'verification', 'certification']);
/** A code longer than this is no trace code (the 404 page, without parsing it). */
const CODE_MAX = 64;

const notFound = (message: string) => new AppError('not_found', message);

/** Whether a lot has this (well-formed) trace code. */
const lotExists = (ctx: Ctx, code: string) => getLot(ctx, code).then(() => true, (e: unknown) => {
  if (e instanceof AppError && e.code === 'not_found') return false;
  throw e;
});

/** The product's public page: only a product with a certificate has one. */
const productUrlOf = (trace: TraceView) => (trace.certificate ? productPath(trace.lot.product.id, trace.lot.product.name) : null);

function linkset(trace: TraceView, base: string, anchor: string) {
  const l = trace.lot;
  const title = `${l.product.name} — ${l.lotNumber}`;
  const page = { href: `${base}${tracePath(l.traceCode)}`, title, hreflang: ['vi', 'en'], type: 'text/html' };
  const product = productUrlOf(trace);
  const c = trace.certificate;
  const verify = c ? [{ href: `${base}${c.verifyUrl}`, title: `OCOP ${c.number}`, type: 'text/html' }] : null;
  return {
    linkset: [{
      anchor,
      [`${VOC}defaultLink`]: [page],
      [`${VOC}traceability`]: [page],
      ...(product ? { [`${VOC}pip`]: [{ href: `${base}${product}`, title: l.product.name, hreflang: ['vi', 'en'], type: 'text/html' }] } : {}),
      ...(verify ? { [`${VOC}certificationInfo`]: verify, [`${VOC}verificationService`]: verify } : {}),
    }],
  };
}

type DigitalLinkRequest = FastifyRequest<{ Params: { gtin: string; lot: string; serial?: string }; Querystring: { linkType?: string } }>;

export function registerTracePublicRoutes(app: App, deps: Deps) {
  const page = { ...portalCached(deps, 'page'), config: { access: 'public' as const, rateLimit: false as const } };

  app.get('/truy-xuat', {
    ...page,
    schema: { hide: true, querystring: z.object({ [LOOKUP_FIELD]: z.string().max(2_000).optional().catch(undefined) }) },
  }, async (req, reply) => {
    const view = viewOf(req);
    const { t } = view;
    const raw = (req.query as Record<string, string | undefined>)[LOOKUP_FIELD]?.trim().slice(0, 200) ?? '';
    const meta = { title: t('trace.public.title'), description: t('trace.public.lookup.lead'), path: '/truy-xuat', noindex: raw !== '' };
    if (!raw) return sendPortalPage(req, reply, deps, meta, <TraceLookupPage view={view} />);
    const parsed = parseTraceCode(raw);
    if (!parsed.ok) {
      const error = t(parsed.reason === 'checksum' ? 'trace.public.lookup.checksum' : 'trace.public.lookup.format');
      return sendPortalPage(req, reply, deps, meta, <TraceLookupPage view={view} value={raw} error={error} />, 400);
    }
    if (!(await lotExists(req.ctx, parsed.code))) {
      return sendPortalPage(req, reply, deps, meta, <TraceLookupPage view={view} value={formatTraceCode(parsed.code)} error={t('trace.public.lookup.unknown')} />, 404);
    }
    return reply.code(303).header('location', tracePath(parsed.code)).send();
  });

  app.get('/truy-xuat/:code', { ...page, schema: { hide: true } }, async (req, reply) => {
    const given = (req.params as { code: string }).code;
    const parsed = given.length <= CODE_MAX ? parseTraceCode(given) : null;
    if (!parsed?.ok) throw notFound(parsed?.reason === 'checksum' ? 'not a trace code: wrong check character' : 'not a trace code');
    if (given !== parsed.code) {
      const query = req.url.indexOf('?');
      return reply.code(301).header('location', tracePath(parsed.code) + (query >= 0 ? req.url.slice(query) : '')).send();
    }
    const trace = await traceByCode(req.ctx, parsed.code);
    if (!trace) throw notFound('no lot has this trace code');
    const view = viewOf(req);
    const { t } = view;
    const l = trace.lot;
    const digitalLink = l.product.gtin ? `${publicBase(req, deps)}${digitalLinkPath(l.product.gtin, l.lotNumber)}` : null;
    return sendPortalPage(req, reply, deps, {
      title: t('trace.public.pageTitle', { product: l.product.name, lot: l.lotNumber }),
      description: t('trace.public.description', { lot: l.lotNumber, product: l.product.name, producer: l.producer.name }),
      path: tracePath(l.traceCode),
    }, <TracePage view={view} trace={trace} productUrl={productUrlOf(trace)} digitalLink={digitalLink} />);
  });

  const resolve = async (req: DigitalLinkRequest, reply: FastifyReply) => {
    const gtin = gtinFromPath(req.params.gtin);
    if (!gtin.ok) throw notFound(gtin.reason === 'checksum' ? 'not a valid GTIN: wrong check digit' : 'not a GTIN-13');
    const lotNumber = normalizeLotNumber(req.params.lot);
    const code = isLotNumber(lotNumber) ? await codeOfDigitalLink(req.ctx, gtin.gtin, lotNumber) : null;
    if (!code) {
      // A lot the platform has no record of, of an OCOP product: answered one level up, as GS1
      // resolvers do — the product's own link (or the stamp's verification when a serial follows).
      if (!(await productByGtin(req.ctx, gtin.gtin))) throw notFound('no OCOP product has this GTIN');
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      const up = req.params.serial !== undefined ? `/v/${encodeURIComponent(req.params.serial)}` : `/01/${gtin.gtin}${query}`;
      return reply.code(307).header('location', up).send();
    }
    if (req.params.serial !== undefined) {
      const match = await lookupStamp(req.ctx, req.params.serial);
      // A batch issued for a lot names it; one issued for the product alone (no lot named) is of each of its lots.
      const ofThisLot = !!match && (match.lot ? match.lot.traceCode === code : match.productId === (await getLot(req.ctx, code)).product.id);
      if (!ofThisLot) throw notFound('not an OCOP stamp of this lot');
      if (match.batchStatus === 'voided') return reply.code(307).header('location', `/v/${encodeURIComponent(match.serial)}`).send();
      void noteStampScan(deps, match);
    }
    const base = publicBase(req, deps);
    const type = linkTypeName(req.query.linkType);
    reply.header('cache-control', 'public, max-age=300').header('link', `<${base}${tracePath(code)}>; rel="${VOC}traceability"`);
    if (type === 'all' || (type && (PRODUCT_TYPES.has(type) || VERIFY_TYPES.has(type)))) {
      const trace = await traceByCode(req.ctx, code);
      if (!trace) throw notFound('no lot has this trace code');
      if (type === 'all') {
        const anchor = `${base}${digitalLinkPath(gtin.gtin, lotNumber)}${req.params.serial !== undefined ? `/21/${encodeURIComponent(req.params.serial)}` : ''}`;
        return reply.type('application/linkset+json').send(linkset(trace, base, anchor));
      }
      const target = PRODUCT_TYPES.has(type) ? productUrlOf(trace) : trace.certificate?.verifyUrl;
      return reply.code(307).header('location', target ?? tracePath(code)).send();
    }
    return reply.code(307).header('location', tracePath(code)).send();
  };
  const schema = {
    tags: ['trace'],
    summary: 'GS1 Digital Link of a lot: /01/<GTIN>/10/<lot> → its public trace page /truy-xuat/<trace code> (307)',
    description: 'linkType: gs1:traceability / gs1:defaultLink (the trace page, the default), gs1:pip (the product page), gs1:certificationInfo or '
      + 'gs1:verificationService (the certificate\'s verification page), all (the links as application/linkset+json, RFC 9264). A GTIN-14 with a '
      + 'leading 0 is accepted. /21/<serial>: an OCOP stamp serial of a batch issued for the lot (a voided batch: its verification page). '
      + 'A lot not recorded here, of a known GTIN: 307 to /01/<GTIN> (or /v/<serial>). Bad or unknown GTIN, or a serial of another lot: 404.',
    params: z.object({ gtin: z.string().max(20), lot: z.string().max(100) }),
    querystring: z.object({ linkType: z.string().max(200).optional() }),
    response: {
      200: z.any().describe('linkType=all: the links (application/linkset+json)'),
      307: z.null().describe('redirect'),
      404: z.any().describe('not a GTIN, wrong check digit, unknown GTIN, or a serial of another lot'),
    },
  };
  app.get('/01/:gtin/10/:lot', { config: { access: 'public' }, schema }, resolve);
  app.get('/01/:gtin/10/:lot/21/:serial', {
    config: { access: 'public' }, schema: { ...schema, params: schema.params.extend({ serial: z.string().max(100) }) },
  }, resolve);
}
