/**
 * Accounts over the API (docs/decisions/045): administrators' users (list, disable, enable, role)
 * and everyone's own account (password, API tokens, sessions). Pages: accounts-pages.routes.tsx.
 */
import { z } from 'zod';
import type { App } from '../../web/http';
import { ROLES } from '../../core/roles';
import { ACCOUNT_OFFICERS } from './account.policy';
import {
  changeOwnPassword, changeRole, createOwnToken, disableUser, enableUser, endOtherSessions, listManagedUsers,
  managedUser, ownSessions, ownTokens, revokeToken,
} from './accounts.service';
import { LOGIN_RATE_LIMIT } from './identity.routes';
import { DEFAULT_TOKEN_DAYS, TOKEN_DAYS } from './tokens';

const UserSchema = z.object({
  id: z.string(), username: z.string(), displayName: z.string(), email: z.string().nullable(), role: z.enum(ROLES),
  areaCode: z.string().nullable(), areaName: z.string().nullable(), producerId: z.string().nullable(), producerName: z.string().nullable(),
  disabled: z.boolean(), disabledReason: z.string().nullable(), mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(), createdAt: z.string(), isSample: z.boolean(),
});
const TokenSchema = z.object({
  id: z.string(), name: z.string(), prefix: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable(),
  expiresAt: z.string().describe('the token stops working at this time'), expired: z.boolean().describe('past expiresAt: it no longer works'),
});
const SessionSchema = z.object({
  current: z.boolean(), createdAt: z.string(), lastSeenAt: z.string(), expiresAt: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable(),
});
const IdParam = z.object({ id: z.string().max(100) });
const officers = { access: ACCOUNT_OFFICERS };

export function registerAccountRoutes(app: App) {
  app.get('/api/v1/users', {
    config: officers,
    schema: {
      tags: ['accounts'], summary: 'Users the caller administers: national admin all; a province officer those of its province below it; a commune officer its commune\'s producer users',
      querystring: z.object({
        q: z.string().max(100).optional(), role: z.enum(ROLES).optional(), status: z.enum(['enabled', 'disabled']).optional(),
        page: z.coerce.number().int().min(1).max(10_000).optional(),
      }),
      response: { 200: z.object({ items: z.array(UserSchema), page: z.number(), more: z.boolean() }) },
    },
  }, async (req) => listManagedUsers(req.ctx, req.query));

  app.get('/api/v1/users/:id', {
    config: officers,
    schema: {
      tags: ['accounts'], summary: 'A user the caller administers, with their API tokens (404 outside the caller\'s area)', params: IdParam,
      response: { 200: z.object({ user: UserSchema, tokens: z.array(TokenSchema), openSessions: z.number(), assignableRoles: z.array(z.enum(ROLES)) }) },
    },
  }, async (req) => {
    const found = await managedUser(req.ctx, req.params.id);
    return { ...found, assignableRoles: [...found.assignableRoles] };
  });

  app.post('/api/v1/users/:id/disable', {
    config: officers,
    schema: {
      tags: ['accounts'], summary: 'Disable a user (reason required): no sign-in, sessions end, API tokens stop working. Not oneself, not the last national admin',
      params: IdParam, body: z.object({ reason: z.string().max(500) }), response: { 200: z.object({ user: UserSchema }) },
    },
  }, async (req) => ({ user: await disableUser(req.ctx, req.params.id, req.body.reason) }));

  app.post('/api/v1/users/:id/enable', {
    config: officers,
    schema: { tags: ['accounts'], summary: 'Enable a disabled user again', params: IdParam, response: { 200: z.object({ user: UserSchema }) } },
  }, async (req) => ({ user: await enableUser(req.ctx, req.params.id) }));

  app.post('/api/v1/users/:id/role', {
    config: { access: ['national_admin', 'province_officer'] },
    schema: {
      tags: ['accounts'], summary: 'Change a user\'s role (with the area or producer it needs); the user\'s sessions end',
      params: IdParam,
      body: z.object({ role: z.enum(ROLES), areaCode: z.string().max(20).nullable().optional(), producerId: z.string().uuid().nullable().optional() }),
      response: { 200: z.object({ user: UserSchema }) },
    },
  }, async (req) => ({ user: await changeRole(req.ctx, req.params.id, req.body) }));

  app.delete('/api/v1/tokens/:id', {
    schema: {
      tags: ['accounts'], summary: 'Revoke an API token: one\'s own, or of a user the caller administers (404 otherwise)',
      params: IdParam, response: { 200: z.object({ token: TokenSchema }) },
    },
  }, async (req) => ({ token: await revokeToken(req.ctx, req.params.id) }));

  // ── One's own account ──
  app.post('/api/v1/auth/password', {
    config: { rateLimit: { max: LOGIN_RATE_LIMIT, timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'], summary: 'Change one\'s password (the current one asked again); every other session ends',
      body: z.object({ currentPassword: z.string().max(300), newPassword: z.string().max(300), confirm: z.string().max(300).optional() }),
      response: { 200: z.object({ sessionsEnded: z.number() }) },
    },
  }, async (req) => changeOwnPassword(req.ctx, req.body, req.sessionToken));

  app.get('/api/v1/auth/tokens', {
    schema: { tags: ['auth'], summary: 'One\'s API tokens (the secret itself is shown only when created)', response: { 200: z.object({ items: z.array(TokenSchema) }) } },
  }, async (req) => ({ items: await ownTokens(req.ctx) }));

  app.post('/api/v1/auth/tokens', {
    schema: {
      tags: ['auth'], summary: 'Create an API token of one\'s own; the token is in this answer only',
      body: z.object({
        name: z.string().max(100),
        days: z.number().int().optional().describe(`how long it works, in days: one of ${TOKEN_DAYS.join(', ')} (${DEFAULT_TOKEN_DAYS} when not said)`),
      }),
      response: { 201: z.object({ token: z.string(), item: TokenSchema }) },
    },
  }, async (req, reply) => reply.code(201).send(await createOwnToken(req.ctx, req.body)));

  app.get('/api/v1/auth/sessions', {
    schema: { tags: ['auth'], summary: 'One\'s open sessions (the current one marked)', response: { 200: z.object({ items: z.array(SessionSchema) }) } },
  }, async (req) => ({ items: await ownSessions(req.ctx, req.sessionToken) }));

  app.post('/api/v1/auth/sessions/end-others', {
    schema: { tags: ['auth'], summary: 'Sign out every other session of one\'s own', response: { 200: z.object({ sessionsEnded: z.number() }) } },
  }, async (req) => endOtherSessions(req.ctx, req.sessionToken));
}
