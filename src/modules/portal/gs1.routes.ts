/**
 * GS1 Digital Link resolver for OCOP products with a GTIN-13: `/01/<gtin>` (optionally with more
 * key qualifiers after it, ignored) sends people to the product page; `?linkType=` chooses
 * another link: gs1:certificationInfo / gs1:verificationService (or their short names) → the
 * certificate's verification page; `linkType=all` lists the links (RFC 9264 linkset). A GTIN-14
 * with a leading zero is the same GTIN-13. A malformed GTIN, a wrong check digit or an unknown
 * GTIN answers 404 (an HTML page for browsers), never 500.
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { AppError } from '../../errors';
import { validateGtin13 } from '../../domain/gtin';
import { certificateVerifyUrl } from '../../domain/decision';
import { publicBase } from '../certification/certification.routes';
import { productByGtin, type PublicProduct } from './catalogue.service';

const VOC = 'https://gs1.org/voc/';
const VERIFY_TYPES = new Set(['certificationinfo', 'verificationservice', 'verification', 'certification']);

/** `gs1:certificationInfo`, `https://gs1.org/voc/certificationInfo` and `certificationInfo` are one link type. */
export function linkTypeName(raw: string | undefined): string | null {
  if (!raw) return null;
  return raw.trim().replace(/^gs1:/i, '').replace(/^https?:\/\/(www\.)?gs1\.org\/voc\//i, '').toLowerCase() || null;
}

/** The GTIN-13 of a Digital Link's `01` value (13 digits, or 14 with a leading zero), or why not. */
export function gtinFromPath(value: string): { ok: true; gtin: string } | { ok: false; reason: 'format' | 'checksum' } {
  const digits = /^0\d{13}$/.test(value) ? value.slice(1) : value;
  const v = validateGtin13(digits);
  return v.ok ? { ok: true, gtin: v.value } : { ok: false, reason: v.reason };
}

function linkset(p: PublicProduct, base: string, anchor: string) {
  return {
    linkset: [{
      anchor,
      [`${VOC}defaultLink`]: [{ href: `${base}${p.url}`, title: p.name, hreflang: ['vi', 'en'], type: 'text/html' }],
      [`${VOC}pip`]: [{ href: `${base}${p.url}`, title: p.name, hreflang: ['vi', 'en'], type: 'text/html' }],
      [`${VOC}certificationInfo`]: [{ href: certificateVerifyUrl(base, p.certificate.number, p.certificate.issuerKey), title: `OCOP ${p.certificate.number}`, type: 'text/html' }],
      [`${VOC}verificationService`]: [{ href: certificateVerifyUrl(base, p.certificate.number, p.certificate.issuerKey), title: `OCOP ${p.certificate.number}`, type: 'text/html' }],
    }],
  };
}

export function registerGs1Routes(app: App, deps: Deps) {
  const resolve = async (req: FastifyRequest<{ Params: { gtin: string }; Querystring: { linkType?: string } }>, reply: FastifyReply) => {
    const parsed = gtinFromPath(req.params.gtin);
    if (!parsed.ok) throw new AppError('not_found', parsed.reason === 'checksum' ? 'not a valid GTIN: wrong check digit' : 'not a GTIN-13');
    const p = await productByGtin(req.ctx, parsed.gtin);
    if (!p) throw new AppError('not_found', 'no OCOP product has this GTIN');
    const base = publicBase(req, deps);
    const type = linkTypeName(req.query.linkType);
    reply.header('cache-control', 'public, max-age=300').header('link', `<${base}${p.url}>; rel="${VOC}pip"`);
    if (type === 'all') {
      return reply.type('application/linkset+json').send(linkset(p, base, `${base}/01/${parsed.gtin}`));
    }
    const target = type && VERIFY_TYPES.has(type) ? certificateVerifyUrl('', p.certificate.number, p.certificate.issuerKey) : p.url;
    return reply.code(307).header('location', target).send();
  };
  const schema = {
    tags: ['catalogue'],
    summary: 'GS1 Digital Link resolver: /01/<GTIN-13> → the product page (307); ?linkType=gs1:certificationInfo → its verification page',
    description: 'linkType: gs1:pip / gs1:defaultLink (product page, the default), gs1:certificationInfo or gs1:verificationService '
      + '(verification page /v/<certificate number>), all (the links as application/linkset+json). A GTIN-14 with a leading 0 is accepted. '
      + 'Bad format, wrong check digit or unknown GTIN: 404.',
    params: z.object({ gtin: z.string().max(20) }),
    querystring: z.object({ linkType: z.string().max(200).optional() }),
    response: {
      200: z.any().describe('linkType=all: the links (application/linkset+json)'),
      307: z.null().describe('redirect'),
      404: z.any().describe('not a GTIN, wrong check digit, or unknown'),
    },
  };
  app.get('/01/:gtin', { config: { access: 'public' }, schema }, resolve);
  app.get('/01/:gtin/*', { config: { access: 'public' }, schema: { ...schema, hide: true } }, resolve);
}
