/**
 * Public verification: `GET /api/v1/verify/:code` (docs/api.md) and its HTML twin `GET /v/:code`
 * for people who scan a certificate's or a stamp's QR code; the "report a suspected fake" form
 * (`POST /v/report`) and its JSON twin (`POST /api/v1/fake-reports`). An unknown, too long or odd
 * code answers 200 "unknown" — a scan never looks like an error page.
 *
 * Hot path (docs/decisions/010): answers come from the in-process cache; the JSON bytes and the
 * anonymous page are memoised on the cache entry (dropped with it on invalidation). Caching
 * headers: the JSON may be held by a CDN for at most 1 s (`s-maxage=1`), never by browsers; the
 * page carries a per-browser form token and the chosen language, so only the browser keeps it
 * and must revalidate (`private, no-cache`). Each IP may verify VERIFY_RATE_LIMIT times a
 * minute (429 + Retry-After; RATE_LIMIT_ALLOWLIST is exempt), so one flood does not starve others.
 */
import { z } from 'zod';
import { VERIFY_STATUSES } from '../../domain/decision';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import { AppError } from '../../errors';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { preSessionCsrf } from '../identity/auth.plugin';
import { renderPage, sendPage } from '../../web/render';
import { viewOf, type View } from '../../web/view';
import { CertificateExpiresOn, CertificateValidUntil, errorResponses } from '../../web/api-schemas';
import { readMultipart, type MultipartBody } from '../../web/multipart';
import { issuerKeyOf, verifyAnswer, VERIFY_REASONS, type VerifyAnswer } from './verify.service';
import { CACHE_LIMITS, pageWithToken } from './verify-cache';
import { RETRY_AFTER_SECONDS } from './db-guard';
import { startVerifyListener, verifyRuntime } from './verify-changes';
import { VerifyPage, type ReportFormState, type ScanProblem } from './verify.pages';
import { normaliseReference, PHOTO_MAX_BYTES, submitReport } from './reports.service';
import { registerFollowRoutes } from './follow.routes';
import { readQrPhoto } from './scan.service';
import { scanTarget, verifyPathOf } from '../../domain/scan-target';
import { REPORT_LIMITS, ReportInputSchema } from './reports.schema';
import { registerReportRoutes } from './reports.routes';
import { API_CACHE, API_HEADERS, PAGE_HEADERS, SECURITY_HEADERS } from './verify-headers';
import { VERIFY_RATE_LIMIT } from './verify-limiter';
import type { VerifyLimiter } from './verify-limiter';

export { VERIFY_RATE_LIMIT } from './verify-limiter';
export { API_CACHE, PAGE_CACHE } from './verify-headers';

const AnswerShape = {
  status: z.enum(VERIFY_STATUSES),
  product: z.object({ name: z.string(), stars: z.number().int() }).nullable(),
  producer: z.object({ name: z.string(), provinceName: z.string() }).nullable(),
  certificate: z.object({
    number: z.string(), issuedOn: z.string(), expiresOn: CertificateExpiresOn, validUntil: CertificateValidUntil,
    issuer: z.string().describe('the body as signed (e.g. "UBND tỉnh Hà Giang"), never its successor'),
  }).nullable(),
  reason: z.enum(VERIFY_REASONS).nullable(),
  supersededBy: z.object({ number: z.string(), stars: z.number().int() }).nullable(),
  revokedOn: z.string().nullable(),
};
const VerifySchema = z.object({
  ...AnswerShape,
  stamp: z.object({
    serial: z.string(),
    lot: z.object({ lotNumber: z.string(), traceCode: z.string(), url: z.string() }).nullable().describe('the production lot the stamp was issued for: its public trace page'),
  }).nullable(),
  candidates: z.array(z.object({
    ...AnswerShape, issuer: z.string(), issuerKey: z.string(),
    links: z.object({ page: z.string(), api: z.string() }),
  })).describe('every certificate of a number several issuers gave (status unknown, reason shared_number); else empty'),
  checkedOn: z.string(),
});
const VerifyQuery = z.object({
  issuer: z.string().max(2000).optional().describe('issuer key ("province:02", "district:399", "national"): that issuer\'s certificate of the number only'),
});
const issuerOf = (req: FastifyRequest) => issuerKeyOf((req.query as Record<string, unknown> | undefined)?.issuer);

/** A stale answer (database down) is never stored by anyone. */
const STALE = { 'cache-control': 'no-store', 'x-verify-source': 'stale-cache' };
const UNAVAILABLE = { 'cache-control': 'no-store', 'retry-after': String(RETRY_AFTER_SECONDS) };
const TOKEN_PLACEHOLDER = '__OCOP_FORM_TOKEN__';

/**
 * Hot routes: the security headers from a constant instead of a helmet built per request
 * (verify-headers.ts), and the per-IP budget of verify-limiter.ts (shared with the fast path)
 * instead of the general rate limiter.
 */
const hot = (limiter: VerifyLimiter) => ({
  helmet: false as const,
  onRequest: (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    reply.headers(SECURITY_HEADERS);
    const take = limiter.take(req.ip);
    if (take.allowed) return done();
    reply.header('retry-after', String(take.retryAfter));
    done(new AppError('rate_limited', `rate limit exceeded, retry in ${take.retryAfter} seconds`));
  },
});
const reportRate = { rateLimit: { max: REPORT_LIMITS.requestsPerHour, timeWindow: '1 hour' } };
/** Decoding a photo costs CPU: a budget per IP. */
const scanRate = { rateLimit: { max: 30, timeWindow: '10 minutes' } };

/** The code from `/…/:code` or, for codes too long for a route parameter or with a slash, `/…/*`. */
const codeOf = (req: FastifyRequest) => {
  const p = req.params as Record<string, string | undefined>;
  return p.code ?? p['*'] ?? '';
};

const isUnavailable = (e: unknown) => e instanceof AppError && e.code === 'service_unavailable';

/** The JSON bytes of an answer, memoised on its cache entry for the day. */
function jsonOf(a: VerifyAnswer): string {
  const day = a.result.checkedOn;
  if (a.entry?.json?.day === day) return a.entry.json.body;
  const body = JSON.stringify(a.result);
  if (a.entry && !a.stale) a.entry.json = { day, body };
  return body;
}

type ReportFormBody = MultipartBody<'_csrf' | 'code' | 'message' | 'placeSeen' | 'contact' | 'website'>;

/** preValidation: multipart parts into `req.body` (so the CSRF check sees `_csrf`); url-encoded forms pass through. */
async function readReportForm(req: FastifyRequest) {
  if (!req.isMultipart()) return;
  req.body = await readMultipart(req, {
    maxBytes: PHOTO_MAX_BYTES, tooLarge: 'truncate', fields: ['_csrf', 'code', 'message', 'placeSeen', 'contact', 'website'], what: 'the photo',
  });
}

/** preValidation of /v/scan: the photo (at most 5 MB) and the form token. */
async function readScanForm(req: FastifyRequest) {
  if (!req.isMultipart()) return;
  req.body = await readMultipart(req, { maxBytes: PHOTO_MAX_BYTES, tooLarge: 'truncate', fields: ['_csrf'], what: 'the photo of the QR code' });
}

/** Field errors of a refused report, in the reader's language (the form's field names). */
function reportState(view: View, e: AppError, values: ReportFormState['values']): ReportFormState {
  const { t } = view;
  const errors: Record<string, string> = {};
  let problem: string | undefined;
  const f = e.fields ?? {};
  if (e.code === 'rate_limited') problem = t('reports.error.rateLimited');
  else if (e.code === 'payload_too_large') errors.file = t('reports.error.photoSize');
  else if (e.code === 'unsupported_media_type') errors.file = t('reports.error.photoType');
  else if (f.form) problem = t('reports.error.spam');
  if (f.message) errors.message = t('reports.error.message');
  if (f.placeSeen) errors.placeSeen = t('reports.error.placeSeen');
  if (f.contact) errors.contact = f.contact.code === 'report.contact_invalid' ? t('field.report.contact_invalid') : t('reports.error.contact');
  if (f.photo && e.code === 'validation_failed') errors.file = t('reports.error.photoUnreadable');
  return { values, errors, problem };
}

export function registerVerifyRoutes(app: App, deps: Deps) {
  const { limiter, pageLimiter, guard } = verifyRuntime(deps);
  const verifyRate = { rateLimit: false as const };
  // The database back (a probe or any query succeeded): lookups go through again at once (decisions/043).
  const unfollow = guard.follow(deps.database.health);
  const hotApi = hot(limiter);
  const hotPage = hot(pageLimiter);
  const listener = { stop: async () => {} };
  app.addHook('onReady', async () => {
    const l = startVerifyListener(deps, (msg, err) => app.log.warn({ err }, msg));
    listener.stop = l.stop;
    await l.ready;
  });
  app.addHook('onClose', async () => { unfollow(); await listener.stop(); });

  const api = async (req: FastifyRequest, reply: FastifyReply) => {
    let a: VerifyAnswer;
    try {
      a = await verifyAnswer(req.ctx, codeOf(req), issuerOf(req));
    } catch (e) {
      if (isUnavailable(e)) reply.headers(UNAVAILABLE);
      throw e;
    }
    reply.headers(API_HEADERS);
    if (a.stale) reply.headers(STALE);
    return reply.send(jsonOf(a));
  };
  const apiSchema = {
    tags: ['verify'],
    summary: 'Verify a certificate number or a stamp serial (public, no auth). status: valid | not_yet_valid | expired | revoked | unknown',
    description: 'certificate.issuer is the body as signed, never its successor. '
      + 'A legacy number held by several issuers answers unknown with reason "shared_number" and every candidate (issuer, issuerKey, status, product, producer, '
      + 'certificate, links); ?issuer=<issuerKey> answers for that issuer\'s certificate alone (docs/decisions/032). '
      + 'A superseded certificate (replaced by an upgrade or re-evaluation) answers expired with reason "superseded" and supersededBy. '
      + 'A stamp serial answers like its certificate (and names the stamp); a serial of a voided batch answers revoked with reason "voided"; '
      + 'a guessed or altered serial, and unknown, malformed or over-long codes, answer 200 unknown. '
      + `Cache-Control: "${API_CACHE}" (a CDN may keep an answer 1 s). At most ${VERIFY_RATE_LIMIT} requests per minute per IP (429 with Retry-After). `
      + 'When the database cannot answer and the code is not cached: 503 with Retry-After.',
    params: z.object({ code: z.string() }),
    querystring: VerifyQuery,
    response: { 200: VerifySchema, ...errorResponses(429, 503) },
  };
  app.get('/api/v1/verify/:code', { ...hotApi, config: { access: 'public', ...verifyRate }, schema: apiSchema }, api);
  app.get('/api/v1/verify/*', { ...hotApi, config: { access: 'public', ...verifyRate }, schema: { hide: true, querystring: VerifyQuery, response: { 200: VerifySchema } } }, api);

  const page = async (req: FastifyRequest, reply: FastifyReply, code: string, report: ReportFormState | null = null, status = 200, scan: ScanProblem | null = null) => {
    const view = viewOf(req);
    const token = view.csrfToken ?? preSessionCsrf(req, reply, deps);
    const shown = code.slice(0, 64);
    const sentParam = (req.query as Record<string, unknown> | undefined)?.sent;
    const sent = typeof sentParam === 'string' ? normaliseReference(sentParam) : null;
    let a: VerifyAnswer | null = null;
    if (code.trim()) {
      try {
        a = await verifyAnswer(req.ctx, code, issuerOf(req));
      } catch (e) {
        if (!isUnavailable(e)) throw e;
        reply.headers(UNAVAILABLE);
        return sendPage(reply, <VerifyPage view={view} result={null} code={shown} formToken={token} unavailable report={report} scan={scan} />, 503);
      }
    }
    reply.code(status).headers(PAGE_HEADERS);
    if (a?.stale) reply.headers(STALE);
    const render = (formToken: string) => renderPage(
      <VerifyPage view={view} result={a?.result ?? null} code={shown} formToken={formToken} stale={a?.stale} sent={sent} report={report} scan={scan} />,
    );
    // The anonymous page for a cached answer is rendered once per day, language and address.
    const entry = a?.entry;
    if (!entry || a?.stale || view.actor || report || sent || scan) return reply.send(render(token));
    const key = `${a!.result.checkedOn}|${view.locale}|${req.url}`;
    let bytes = entry.pages.get(key);
    if (!bytes) {
      if (entry.pages.size >= CACHE_LIMITS.pagesPerEntry) entry.pages.clear();
      bytes = { parts: render(TOKEN_PLACEHOLDER).split(TOKEN_PLACEHOLDER).map((part) => Buffer.from(part)) };
      entry.pages.set(key, bytes);
    }
    // Bytes encoded once per entry: only the token (in each form) is new on each request.
    return reply.send(pageWithToken(bytes, token));
  };

  app.get('/v', {
    ...hotPage,
    config: { access: 'public', ...verifyRate },
    schema: { hide: true, querystring: z.object({ code: z.string().max(2000).optional(), sent: z.string().max(40).optional() }) },
  }, async (req, reply) => {
    const code = req.query.code?.trim();
    if (code) return redirect(reply, `/v/${encodeURIComponent(code.slice(0, 200))}`);
    return page(req, reply, '');
  });
  app.get('/v/:code', { ...hotPage, config: { access: 'public', ...verifyRate }, schema: { hide: true } }, (req, reply) => page(req, reply, codeOf(req)));
  app.get('/v/*', { ...hotPage, config: { access: 'public', ...verifyRate }, schema: { hide: true } }, (req, reply) => page(req, reply, codeOf(req)));

  app.post('/v/report', { config: { access: 'public', ...reportRate }, preValidation: readReportForm, schema: { hide: true } }, async (req, reply) => {
    const body = (req.body ?? {}) as Partial<ReportFormBody>;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const values = { code: str(body.code)?.slice(0, 2000), message: str(body.message), placeSeen: str(body.placeSeen), contact: str(body.contact) };
    const code = (values.code ?? '').trim().slice(0, REPORT_LIMITS.codeMax);
    let filed: { reference: string; code: string };
    try {
      filed = await submitReport(req.ctx, {
        code, message: values.message ?? '', placeSeen: values.placeSeen ?? '', contact: values.contact, website: str(body.website),
      }, { ip: req.ip, photo: body.file ?? null });
    } catch (e) {
      if (!(e instanceof AppError) || !['validation_failed', 'rate_limited', 'payload_too_large', 'unsupported_media_type'].includes(e.code)) throw e;
      return page(req, reply, code, reportState(viewOf(req), e, values), e.status);
    }
    // Back to the page of the code the report was filed under (found in the text, or as typed).
    return redirect(reply, `${filed.code ? `/v/${encodeURIComponent(filed.code)}` : '/v'}?sent=${filed.reference}`);
  });

  // The photo fallback of "Quét mã QR": read the QR code on the server, then open what it points to.
  app.post('/v/scan', { config: { access: 'public', ...scanRate }, preValidation: readScanForm, schema: { hide: true } }, async (req, reply) => {
    const { t } = viewOf(req);
    const body = (req.body ?? {}) as Partial<MultipartBody<'_csrf'>>;
    const file = body.file;
    if (!file || (!file.data.length && !file.truncated)) return page(req, reply, '', null, 400, { message: t('scan.error.missing') });
    let text: string | null;
    try {
      text = await readQrPhoto(file);
    } catch (e) {
      if (!(e instanceof AppError) || !['validation_failed', 'payload_too_large', 'unsupported_media_type'].includes(e.code)) throw e;
      return page(req, reply, '', null, e.status, { message: t('scan.error.photo') });
    }
    const target = scanTarget(text ?? '', ownHosts(req));
    if (target.kind === 'path') return redirect(reply, target.path);
    if (target.kind === 'code') return redirect(reply, verifyPathOf(target.code));
    if (target.kind === 'foreign') return page(req, reply, '', null, 200, { message: t('scan.foreign'), text: target.text });
    return page(req, reply, '', null, 200, { message: t('scan.notFound') });
  });

  /** The hosts this site answers to: the request's and the public address's. */
  const ownHosts = (req: FastifyRequest): string[] => {
    const hosts = [req.host];
    if (deps.env.PUBLIC_BASE_URL) hosts.push(new URL(deps.env.PUBLIC_BASE_URL).host);
    return hosts;
  };
  registerFollowRoutes(app, deps);

  app.post('/api/v1/fake-reports', {
    config: { access: 'public', ...reportRate },
    schema: {
      tags: ['verify'],
      summary: 'Report a suspected fake (public, JSON; photos through the form on /v/:code)',
      description: `The report goes to the officers of the province the code belongs to (unknown codes: national). Message ≥ ${REPORT_LIMITS.messageMin} characters; `
        + `placeSeen required; contact optional (a Vietnamese phone number or an e-mail address, else 400 report.contact_invalid); the answer's reference `
        + `(BC-<year>-<6 digits>) lets the reporter follow the report on /v/theo-doi with that contact. The honeypot "website" must stay empty (else 400). At most ${REPORT_LIMITS.perHour} reports per hour per address (429).`,
      body: ReportInputSchema,
      response: { 201: z.object({ id: z.string(), reference: z.string(), status: z.literal('new') }), ...errorResponses(400, 429) },
    },
  }, async (req, reply) => {
    const { id, reference, status } = await submitReport(req.ctx, req.body, { ip: req.ip });
    return reply.code(201).send({ id, reference, status });
  });

  registerReportRoutes(app);
}
