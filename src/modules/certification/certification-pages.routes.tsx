/**
 * Back-office pages of decisions and certificates: the decisions and certificates lists (a
 * producer sees only their own certificates), drafting a decision from a closed round, the
 * decision page (edit while draft, approve, publish, PDFs) and a certificate with its revoke
 * form (the caller's notifications page is the notices module's). Every form works without
 * JavaScript. Views: decision.view.tsx, certificate.view.tsx.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect, requireActor } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { formErrors as sharedFormErrors, FORM_CODES, str, type FormBody, wholeFormFailure } from '../../web/forms';
import type { Locale } from '../../core/i18n';
import { AppError, type FieldMessages } from '../../errors';
import { CERTIFICATION_PAGE_ROLES, DECISION_ROLES } from './certification.policy';
import {
  addItem, approveDecision, draftDecision, getDecision, listDecisions, publishDecision, removeItem, roundPreview, roundsToDecide,
  today, updateDecision,
} from './decision.service';
import { getCertificate, listCertificates, revokeCertificate } from './certificate.service';
import { CertificateListQuerySchema } from './certification.schema';
import { ChooseRoundPage, DecisionPage, DecisionsPage, NewDecisionPage } from './decision.view';
import { certHref, CertificateChooserPage, CertificatePage, type IssuerChoice } from './certificate.view';

const AUTHORITIES = ['national_admin', 'province_officer'] as const;
/** State conflicts re-render the page with a summary, like validation errors. */
const STATE_CODES = ['invalid_transition', 'not_certifiable'];

/** The shared form errors; a state conflict is shown as the form's own problem. */
function formErrors(e: unknown, locale: Locale) {
  const failure = sharedFormErrors(e, locale, [...FORM_CODES, ...STATE_CODES]);
  return e instanceof AppError && STATE_CODES.includes(e.code) ? wholeFormFailure(e, failure.message) : failure;
}

const Id = z.object({ id: z.string().max(64) });
const NumberParam = z.object({ number: z.string().min(1).max(100) });
const Done = z.object({ done: z.string().max(20).optional() });
const CertQuery = Done.extend({ issuer: z.string().min(1).max(200).optional() });
const issuerParam = (req: FastifyRequest) => {
  const v = (req.query as Record<string, unknown> | undefined)?.issuer;
  return typeof v === 'string' && v ? v : null;
};

export function registerCertificationPages(app: App, _deps: Deps) {
  app.get('/admin/decisions', { config: { access: CERTIFICATION_PAGE_ROLES }, schema: { hide: true, querystring: CertificateListQuerySchema.extend({ dpage: z.coerce.number().int().min(1).default(1) }) } }, async (req, reply) => {
    const actor = requireActor(req);
    const view = viewOf(req);
    const { t } = view;
    const { dpage, ...cq } = req.query;
    const producer = actor.role === 'producer';
    const showDecisions = (DECISION_ROLES as readonly string[]).includes(actor.role);
    const [certs, decisions] = await Promise.all([
      listCertificates(req.ctx, cq),
      showDecisions ? listDecisions(req.ctx, { page: dpage, pageSize: 20 }) : Promise.resolve(null),
    ]);
    const title = producer ? t('certificates.mine') : showDecisions ? t('decisions.title') : t('certificates.title');
    const authority = (AUTHORITIES as readonly string[]).includes(actor.role);
    return sendPage(reply, (
      <DecisionsPage view={view} title={title} producer={producer} showDecisions={showDecisions} authority={authority}
        decisions={decisions} certs={certs} cq={cq} />
    ));
  });

  // ---- drafting --------------------------------------------------------------------------

  const newPage = async (req: FastifyRequest, roundId: string | undefined, values: Record<string, string> = {}, errors: FieldMessages = {}, summary?: string) => {
    const view = viewOf(req);
    if (!roundId) return <ChooseRoundPage view={view} rounds={await roundsToDecide(req.ctx)} />;
    const { round, passing, decisions } = await roundPreview(req.ctx, roundId);
    return (
      <NewDecisionPage view={view} round={round} passing={passing} hasDecision={decisions.length > 0} today={today(req.ctx)}
        values={values} errors={errors} summary={summary} />
    );
  };

  app.get('/admin/decisions/new', { config: { access: AUTHORITIES }, schema: { hide: true, querystring: z.object({ round: z.string().max(64).optional() }) } }, async (req, reply) =>
    sendPage(reply, await newPage(req, req.query.round)));

  app.post('/admin/decisions', { config: { access: AUTHORITIES }, schema: { hide: true } }, async (req, reply) => {
    const body = req.body as FormBody;
    const values = Object.fromEntries(['roundId', 'number', 'decisionDate', 'signerName', 'signerTitle', 'title'].map((k) => [k, str(body, k) ?? '']));
    try {
      const d = await draftDecision(req.ctx, values as never);
      return redirect(reply, `/admin/decisions/${d.id}?done=draft`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, viewOf(req).locale);
      return sendPage(reply, await newPage(req, values.roundId || undefined, values, fields, message), status);
    }
  });

  // ---- one decision ----------------------------------------------------------------------

  const detail = async (req: FastifyRequest, id: string, done?: string, errors: FieldMessages = {}, summary?: string, values?: Record<string, string>) => {
    const view = viewOf(req);
    const d = await getDecision(req.ctx, id);
    return <DecisionPage view={view} d={d} done={done} errors={errors} summary={summary} values={values} />;
  };

  app.get('/admin/decisions/:id', { config: { access: DECISION_ROLES }, schema: { hide: true, params: Id, querystring: Done } }, async (req, reply) =>
    sendPage(reply, await detail(req, req.params.id, req.query.done)));

  const act = (path: string, run: (req: FastifyRequest, id: string, body: FormBody) => Promise<unknown>, done: string) => {
    app.post(path, { config: { access: AUTHORITIES }, schema: { hide: true, params: Id } }, async (req, reply) => {
      const body = req.body as FormBody;
      const { id } = req.params;
      try {
        await run(req, id, body);
        return redirect(reply, `/admin/decisions/${id}?done=${done}`);
      } catch (e) {
        const { fields, message, status } = formErrors(e, viewOf(req).locale);
        const values = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
        return sendPage(reply, await detail(req, id, undefined, fields, message, values), status);
      }
    });
  };
  const version = (body: FormBody) => (str(body, 'version') ? Number(str(body, 'version')) : undefined);
  act('/admin/decisions/:id/edit', (req, id, body) => updateDecision(req.ctx, id, {
    number: str(body, 'number') ?? '', decisionDate: str(body, 'decisionDate') ?? '', signerName: str(body, 'signerName') ?? '',
    signerTitle: str(body, 'signerTitle') ?? '', title: str(body, 'title') ?? '', version: version(body),
  }), 'saved');
  act('/admin/decisions/:id/items/add', (req, id, body) => addItem(req.ctx, id, { dossierId: str(body, 'dossierId') }), 'items');
  act('/admin/decisions/:id/items/remove', (req, id, body) => removeItem(req.ctx, id, str(body, 'dossierId') ?? ''), 'items');
  act('/admin/decisions/:id/approve', (req, id, body) => approveDecision(req.ctx, id, { version: version(body), scheduled: str(body, 'scheduled') === 'on' }), 'approve');
  act('/admin/decisions/:id/publish', (req, id) => publishDecision(req.ctx, id), 'publish');

  // ---- one certificate -------------------------------------------------------------------

  const certPage = async (req: FastifyRequest, number: string, done?: string, errors: FieldMessages = {}, summary?: string, values: Record<string, string> = {}) => {
    const view = viewOf(req);
    let c;
    try {
      c = await getCertificate(req.ctx, number, issuerParam(req));
    } catch (e) {
      // A legacy number several issuers gave: choose one (docs/decisions/032).
      const candidates = e instanceof AppError && e.code === 'conflict' ? (e.details as { candidates?: IssuerChoice[] } | undefined)?.candidates : undefined;
      if (!candidates) throw e;
      return <CertificateChooserPage view={view} number={number} candidates={candidates} />;
    }
    return <CertificatePage view={view} c={c} done={done} errors={errors} summary={summary} values={values} />;
  };

  app.get('/admin/certificates/:number', { config: { access: CERTIFICATION_PAGE_ROLES }, schema: { hide: true, params: NumberParam, querystring: CertQuery } }, async (req, reply) =>
    sendPage(reply, await certPage(req, req.params.number, req.query.done)));

  app.post('/admin/certificates/:number/revoke', { config: { access: AUTHORITIES }, schema: { hide: true, params: NumberParam } }, async (req, reply) => {
    const body = req.body as FormBody;
    const values = { reason: str(body, 'reason') ?? '', legalBasis: str(body, 'legalBasis') ?? '', revokedOn: str(body, 'revokedOn') ?? '' };
    try {
      const c = await revokeCertificate(req.ctx, req.params.number, { reason: values.reason, legalBasis: values.legalBasis, revokedOn: values.revokedOn || undefined }, issuerParam(req));
      const href = certHref(c.number, c.issuerKey);
      return redirect(reply, `${href}${href.includes('?') ? '&' : '?'}done=revoked`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, viewOf(req).locale);
      return sendPage(reply, await certPage(req, req.params.number, undefined, fields, message, values), status);
    }
  });
}
