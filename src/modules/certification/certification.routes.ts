import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { errorResponses, pageOf } from '../../web/api-schemas';
import { pdfHeaders } from '../../web/pdf';
import type { Deps } from '../../context';
import { allowedHost } from '../../config/env';
import type { App } from '../../web/http';
import {
  addItem, approveDecision, draftDecision, getDecision, getResult, listDecisions, publishDecision, removeItem, updateDecision,
} from './decision.service';
import { certificatePdf, getCertificate, listCertificates, revokeCertificate } from './certificate.service';
import { minutesPdf } from './minutes.service';
import { listNotifications, markRead } from './notification.service';
import { CERTIFICATE_ROLES, DECISION_ROLES } from './certification.policy';
import {
  AddItemSchema, CertificateListQuerySchema, CertificateSchema, DecisionDraftInputSchema, DecisionListQuerySchema, DecisionSchema,
  DecisionSummarySchema, DecisionUpdateSchema, NotificationListQuerySchema, NotificationSchema, ResultSchema, RevokeInputSchema,
  ApproveInputSchema,
} from './certification.schema';
import { registerCertificationPages } from './certification-pages.routes';

const IdParams = z.object({ id: z.string().max(64) });
const NumberParams = z.object({ number: z.string().min(1).max(100) });
/** `?issuer=<issuerKey>`: which issuer's certificate, where several issuers gave one legacy number (docs/decisions/032). */
const IssuerQuery = z.object({ issuer: z.string().min(1).max(200).optional().describe('issuer key ("province:02", "district:399", "national") when several issuers gave the number') });
const Pdf = { description: 'the PDF document', content: { 'application/pdf': { schema: z.any().meta({ type: 'string', format: 'binary' }) } } };
const tags = ['certification'];
const AUTHORITIES = ['national_admin', 'province_officer'] as const;
const OFFICERS_AND_COUNCIL = ['national_admin', 'province_officer', 'council_member'] as const;

/**
 * The base of absolute links in answers (canonical and Open Graph links, sitemap, open data, feeds,
 * QR codes): PUBLIC_BASE_URL; else the request's own origin when its host is allowed (config/env.ts
 * allowedHost: ALLOWED_HOSTS, HOST, loopback names outside production); else '' — relative links.
 * A forged Host header never reaches an answer, some of which shared caches keep (issue 18, item 7).
 */
export function publicBase(req: FastifyRequest, deps: Deps): string {
  if (deps.env.PUBLIC_BASE_URL) return deps.env.PUBLIC_BASE_URL.replace(/\/+$/, '');
  const host = allowedHost(deps.env, req.host);
  return host ? `${req.protocol === 'https' ? 'https' : 'http'}://${host}` : '';
}

/** Recognition decisions, certificates, their lifecycle and notifications (items 7–8). */
export function registerCertificationRoutes(app: App, deps: Deps) {
  app.get('/api/v1/decisions', {
    config: { access: DECISION_ROLES },
    schema: {
      tags, summary: 'Recognition decisions drafted from council rounds, in the caller\'s scope (newest first)',
      querystring: DecisionListQuerySchema, response: { 200: pageOf(DecisionSummarySchema), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => listDecisions(req.ctx, req.query));

  app.post('/api/v1/decisions', {
    config: { access: AUTHORITIES },
    schema: {
      tags, summary: 'Draft the recognition decision of a closed round: lists every result the council passed (recognised ≥3★, not eliminated). '
        + 'Province rounds: a province officer of that province, number "<n>/QĐ-UBND"; national rounds: a national administrator, "<n>/QĐ-BNNMT"',
      body: DecisionDraftInputSchema, response: { 201: DecisionSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await draftDecision(req.ctx, req.body)));

  app.get('/api/v1/decisions/:id', {
    config: { access: DECISION_ROLES },
    schema: { tags, summary: 'A decision with its items, the round\'s other passing results and the caller\'s allowed actions', params: IdParams, response: { 200: DecisionSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getDecision(req.ctx, req.params.id));

  app.patch('/api/v1/decisions/:id', {
    config: { access: AUTHORITIES },
    schema: { tags, summary: 'Edit a draft decision (number, date, signer, title); 409 invalid_transition once approved', params: IdParams, body: DecisionUpdateSchema, response: { 200: DecisionSchema, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => updateDecision(req.ctx, req.params.id, req.body));

  app.post('/api/v1/decisions/:id/items', {
    config: { access: AUTHORITIES },
    schema: { tags, summary: 'Add a product of the round back to a draft; a product the council did not pass is 409 not_certifiable', params: IdParams, body: AddItemSchema, response: { 200: DecisionSchema, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => addItem(req.ctx, req.params.id, req.body));

  app.delete('/api/v1/decisions/:id/items/:dossierId', {
    config: { access: AUTHORITIES },
    schema: { tags, summary: 'Remove a product from a draft decision', params: IdParams.extend({ dossierId: z.string().max(64) }), response: { 200: DecisionSchema, ...errorResponses(401, 403, 404, 409) } },
  }, async (req) => removeItem(req.ctx, req.params.id, req.params.dossierId));

  app.post('/api/v1/decisions/:id/approve', {
    config: { access: AUTHORITIES },
    schema: {
      tags, summary: 'Approve (the authority of the decision\'s level): issues the certificates (36 months), supersedes previous ones, recognises the listed dossiers and rejects the round\'s others. '
        + 'Twice → 409 invalid_transition; of concurrent approvals exactly one wins',
      params: IdParams, body: ApproveInputSchema.optional(), response: { 200: DecisionSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => approveDecision(req.ctx, req.params.id, req.body ?? {}));

  app.post('/api/v1/decisions/:id/publish', {
    config: { access: AUTHORITIES },
    schema: { tags, summary: 'Publish the results of an approved decision: producers see their dossiers\' results from now on', params: IdParams, response: { 200: DecisionSchema, ...errorResponses(401, 403, 404, 409) } },
  }, async (req) => publishDecision(req.ctx, req.params.id));

  app.get('/api/v1/dossiers/:id/result', {
    config: { access: CERTIFICATE_ROLES },
    schema: {
      tags, summary: 'The council\'s result of a dossier (mean, stars, recognised stars, potential 5★, certificate). Its producer: only after the decision is published (404 before); officers in scope: once the round is closed',
      params: IdParams, response: { 200: ResultSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (req) => getResult(req.ctx, req.params.id));

  app.get('/api/v1/rounds/:id/minutes.pdf', {
    config: { access: OFFICERS_AND_COUNCIL },
    schema: { tags, summary: 'Council minutes (biên bản) of a closed round as an A4 PDF: the council, attendance, every member\'s total per dossier, mean and stars', params: IdParams, response: { 200: Pdf, ...errorResponses(401, 403, 404, 409) } },
  }, async (req, reply) => {
    const { bytes, name } = await minutesPdf(req.ctx, req.params.id);
    return reply.headers(pdfHeaders(name)).send(bytes);
  });

  app.get('/api/v1/certificates', {
    config: { access: CERTIFICATE_ROLES },
    schema: { tags, summary: 'Certificates in the caller\'s scope (a producer: their own). status is valid|expired (by date)|revoked|superseded today', querystring: CertificateListQuerySchema, response: { 200: pageOf(CertificateSchema), ...errorResponses(400, 401, 403) } },
  }, async (req) => listCertificates(req.ctx, req.query));

  app.get('/api/v1/certificates/:number', {
    config: { access: CERTIFICATE_ROLES },
    schema: {
      tags, summary: 'A certificate by number (case-insensitive); ?issuer= names the issuer when several gave the number (else 409 conflict listing them in details.candidates)',
      params: NumberParams, querystring: IssuerQuery, response: { 200: CertificateSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => getCertificate(req.ctx, req.params.number, req.query.issuer ?? null));

  app.get('/api/v1/certificates/:number/pdf', {
    config: { access: CERTIFICATE_ROLES },
    schema: {
      tags, summary: 'The certificate as a print-ready A4 PDF (embedded DejaVu Sans) headed and signed by its issuer as signed, with a QR code to <PUBLIC_BASE_URL>/v/<number> (legacy numbers: ?issuer=<issuerKey>)',
      params: NumberParams, querystring: IssuerQuery, response: { 200: Pdf, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => {
    const { bytes, number } = await certificatePdf(req.ctx, req.params.number, publicBase(req, deps), req.query.issuer ?? null);
    return reply.headers(pdfHeaders(`chung-nhan-${number}.pdf`)).send(bytes);
  });

  app.post('/api/v1/certificates/:number/revoke', {
    config: { access: AUTHORITIES },
    schema: {
      tags, summary: 'Revoke with a reason and legal basis: the authority of the star level under the regime in force (province officer of its province for 3★–4★, national administrator for 5★). Twice → 409',
      params: NumberParams, querystring: IssuerQuery, body: RevokeInputSchema, response: { 200: CertificateSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => revokeCertificate(req.ctx, req.params.number, req.body, req.query.issuer ?? null));

  app.get('/api/v1/notifications', {
    config: { access: 'user' },
    schema: {
      tags, summary: 'The caller\'s own notifications, newest first (?unread=true for unread only)', querystring: NotificationListQuerySchema,
      response: { 200: pageOf(NotificationSchema).extend({ unread: z.number().int() }), ...errorResponses(400, 401) },
    },
  }, async (req) => listNotifications(req.ctx, req.query));

  app.post('/api/v1/notifications/:id/read', {
    config: { access: 'user' },
    schema: { tags, summary: 'Mark one of the caller\'s notifications read (another user\'s: 404)', params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }), response: { 200: NotificationSchema, ...errorResponses(400, 401, 404) } },
  }, async (req) => markRead(req.ctx, req.params.id));

  registerCertificationPages(app, deps);
}
