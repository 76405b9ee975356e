import type { FastifyInstance, FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { Actor, Ctx } from '../context';
import type { Role } from '../core/roles';
import { AppError } from '../errors';

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/**
 * Every route declares who may call it (default deny):
 * - 'public': anyone;
 * - 'user': any signed-in user (the service then applies the entity policy);
 * - a list of roles.
 * A route without `config.access` is treated as 'user'.
 */
export type Access = 'public' | 'user' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    ctx: Ctx;
    /** How the actor was identified: session cookie (needs CSRF on writes), bearer token, or none. */
    authVia: 'session' | 'token' | null;
    csrfToken: string | null;
    sessionToken: string | null;
  }
}

export function isApiRequest(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/');
}

/** The signed-in actor, or a 401. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.ctx.actor) throw new AppError('unauthenticated', 'authentication required');
  return req.ctx.actor;
}

export function redirect(reply: FastifyReply, to: string) {
  return reply.code(303).header('location', to).send();
}

