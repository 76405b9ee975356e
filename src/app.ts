import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { addressList } from './web/address-list';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import helmet from '@fastify/helmet';
import { createServer } from 'node:http';
import { verifyFastPath } from './modules/verify/verify-fast-path';
import { portalFastPath } from './modules/portal/portal-fast-path';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors, jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AppError, ERROR_STATUS, zodProblem, type ErrorCode, type FieldErrors } from './errors';
import { apiFieldCodes, apiFieldMessages } from './web/field-errors';
import type { Deps } from './context';
import { PUBLIC_DIR } from './paths';
import { logLevel, splitList } from './config/env';
import { isApiRequest, type Access, type App } from './web/http';
import { LANG_COOKIE, registerAuth, SESSION_COOKIE } from './modules/identity/auth.plugin';
import { renderErrorPage } from './web/error-page';
import { dbTrouble, type DbTrouble } from './db/availability';
import { quietDbErrors, registerDegradation, UNAVAILABLE_MESSAGE, unavailableHeaders, type Degradation } from './web/db-health';
import { registerInputHygiene } from './web/input-hygiene';
import { SECURITY_HEADERS } from './web/security-headers';
import { registerOps } from './modules/ops/ops.routes';
import { registerModules } from './modules';
import { registerGalleryRoutes } from './web/gallery.routes';

export const MAX_JSON_BODY = 1024 * 1024;
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

/** Every route an app serves (method without HEAD, Fastify URL), for checks such as "OpenAPI lists every route". */
export interface ServedRoute { method: string; url: string; hidden: boolean; access: Access }
const servedRoutes = new WeakMap<object, ServedRoute[]>();
export const routesOf = (app: App): readonly ServedRoute[] => servedRoutes.get(app) ?? [];

export interface BuildOptions {
  deps: Deps;
  logger?: boolean | object;
  /** Where the logger writes (default stdout); tests read the lines written. */
  logStream?: { write(line: string): void };
}

export async function buildApp({ deps, logger, logStream }: BuildOptions): Promise<App> {
  const { env } = deps;
  const trusted = splitList(env.TRUST_PROXY);
  const fastPath = verifyFastPath(deps, { trustProxy: trusted });
  const portalPath = portalFastPath(deps, { trustProxy: trusted, sessionCookie: SESSION_COOKIE, langCookie: LANG_COOKIE });
  const app = Fastify({
    // One JSON line per request in production; warnings and errors only in a demo (config/env logLevel).
    logger: logger ?? {
      level: logLevel(env), redact: ['req.headers.authorization', 'req.headers.cookie'], ...(logStream ? { stream: logStream } : {}),
      // A password-reset link's token is a credential (ASVS 7.1.1): the log shows the path without it.
      serializers: { req: (req: FastifyRequest) => ({ method: req.method, url: redactSecrets(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }) },
      // A database that is away is one line when it goes and one when it is back (decisions/043).
      hooks: { logMethod: quietDbErrors(deps.database.health) },
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: trusted.length ? trusted : false,
    bodyLimit: MAX_JSON_BODY,
    // The router's own refusals, before any hook: a path that is not valid percent-encoding, a path
    // parameter over 100 characters (where no wildcard route takes it). Told in the error
    // vocabulary, with the security headers helmet would have sent.
    frameworkErrors: (err, req, reply) => {
      reply.headers(SECURITY_HEADERS);
      return err.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? sendError(req, reply, 'uri_too_long', 'a part of the address is too long')
        : sendError(req, reply, 'bad_request', 'the address is not valid percent-encoding');
    },
    return503OnClosing: true,
    // Cached verification answers (decisions/010) and public pages (decisions/033) are served in front of the framework.
    serverFactory: (handler, opts) => {
      const server = createServer((req, res) => {
        if (!fastPath(req, res) && !portalPath(req, res)) handler(req, res);
      });
      // What Fastify sets on the servers it makes itself.
      const o = opts as { keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number };
      server.keepAliveTimeout = o.keepAliveTimeout ?? 72_000;
      server.requestTimeout = o.requestTimeout ?? 0;
      server.setTimeout(o.connectionTimeout ?? 0);
      return server;
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Routes added by plugins (static assets, the API reference) carry no access declaration;
  // they are public by nature. Everything else stays default-deny.
  const served: ServedRoute[] = [];
  servedRoutes.set(app, served);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/static/') || route.url.startsWith('/api/docs')) {
      route.config = { ...route.config, access: 'public' };
    }
    const hidden = Boolean((route.schema as { hide?: boolean } | undefined)?.hide);
    const access = (route.config as { access?: Access } | undefined)?.access ?? 'user';
    for (const method of [route.method].flat()) if (method !== 'HEAD') served.push({ method, url: route.url, hidden, access });
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: MAX_JSON_BODY });
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 5, fields: 50 } });

  const exempt = addressList(env.RATE_LIMIT_ALLOWLIST);
  await app.register(rateLimit, {
    global: true,
    max: 600,
    timeWindow: '1 minute',
    allowList: (req) => exempt(req.ip),
    errorResponseBuilder: (_req, ctx) => {
      return new AppError('rate_limited', `rate limit exceeded, retry in ${ctx.after}`);
    },
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OCOP Platform API',
        version: '1',
        description: 'Public contract of the OCOP Platform (One Commune One Product). Errors use '
          + '`{"error":{"code","message","fields"}}`. Authenticate with a session cookie (from '
          + '`POST /api/v1/auth/login`; unsafe requests then need the `x-csrf-token` header) or '
          + '`Authorization: Bearer <token>`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'ocop_sid' },
        },
      },
    },
    transform: jsonSchemaTransform,
    // Schemas registered with an id (recursive ones such as CriteriaNode) become components.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list' } });

  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/static/',
    immutable: true,
    maxAge: '365d',
    decorateReply: false,
    // Hidden files are never served (ASVS 14.3.x): the plugin's default is to allow them.
    dotfiles: 'deny',
  });

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  // The database away or too busy (decisions/043): before authentication, which reads it.
  const degradation = registerDegradation(app as unknown as App, deps);
  registerAuth(app, deps);
  // No NUL or other control character in any string input (decisions/042): 400 naming the field.
  registerInputHygiene(app as unknown as App);
  installErrorHandling(app as unknown as App, degradation);
  registerOps(app, deps);
  await registerModules(app, deps);
  if (env.NODE_ENV !== 'production') registerGalleryRoutes(app as unknown as App);
  return app as unknown as App;
}

function errorCodeFor(err: FastifyError): ErrorCode {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
      return 'payload_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return 'unsupported_media_type';
    default:
      break;
  }
  if (err.statusCode === 429) return 'rate_limited';
  if (err.statusCode === 413) return 'payload_too_large';
  if (err.statusCode === 415) return 'unsupported_media_type';
  if (err.statusCode === 404) return 'not_found';
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return 'bad_request';
  return 'internal_error';
}

/** Fastify's own client errors (a body that is not JSON, a wrong content type …) say what is wrong; other libraries' messages are not shown. */
const ownMessage = (err: FastifyError, code: ErrorCode) => (typeof err.code === 'string' && err.code.startsWith('FST_') ? err.message : code.replace(/_/g, ' '));

function sendError(
  req: FastifyRequest, reply: FastifyReply, code: ErrorCode, message: string, fields?: FieldErrors, details?: unknown, trouble?: DbTrouble,
) {
  const status = ERROR_STATUS[code];
  if (status === 503) unavailableHeaders(reply, trouble ?? 'down');
  if (isApiRequest(req) || !req.headers.accept?.includes('text/html')) {
    const fieldParts = fields ? { fields: apiFieldMessages(fields), fieldCodes: apiFieldCodes(fields) } : {};
    return reply.code(status).type('application/json; charset=utf-8')
      .send({ error: { code, message, ...fieldParts, ...(details !== undefined ? { details } : {}) } });
  }
  if (code === 'unauthenticated' && req.method === 'GET') {
    return reply.code(303).header('location', `/login?next=${encodeURIComponent(req.url)}`).send();
  }
  return renderErrorPage(req, reply, status, code, fields, trouble);
}

function installErrorHandling(app: App, degradation: Degradation) {
  app.setErrorHandler((error: FastifyError, req, reply) => {
    // The database away or too busy: 503 + Retry-After, not a 500, and no line per request (decisions/043).
    const trouble = dbTrouble(error);
    if (trouble) {
      degradation.answered(trouble);
      return sendError(req, reply, 'service_unavailable', UNAVAILABLE_MESSAGE[trouble], undefined, undefined, trouble);
    }
    if (error instanceof AppError) return sendError(req, reply, error.code, error.message, error.fields, error.details);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields: FieldErrors = {};
      for (const issue of error.validation) {
        const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
        const key = path || error.validationContext || 'body';
        fields[key] ??= zodProblem({ ...issue.params, code: issue.keyword, message: issue.message ?? 'invalid' });
      }
      return sendError(req, reply, 'validation_failed', 'invalid input', fields);
    }
    const code = errorCodeFor(error);
    if (code === 'internal_error') {
      req.log.error({ err: error }, 'unhandled error');
      return sendError(req, reply, code, `internal error (request id ${req.id})`);
    }
    return sendError(req, reply, code, ownMessage(error, code));
  });
  app.setNotFoundHandler((req, reply) => sendError(req, reply, 'not_found', 'not found'));
}

/** A URL as logged: the token of a password-reset link replaced (the rest kept for tracing). */
export const redactSecrets = (url: string) => url.replace(/(\/dat-lai-mat-khau\/)[^/?#]+/, '$1[redacted]');
