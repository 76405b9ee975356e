/**
 * The account pages (docs/decisions/045) over accounts.service: one's own account in the back
 * office (/admin/tai-khoan: password, API tokens, sessions) and a buyer's (/tai-khoan/bao-mat:
 * password, sessions); administering users (/admin/nguoi-dung). Every form carries the CSRF
 * field, redirects (303) after success and re-renders with 400 and field errors on bad input;
 * the one exception is a new API token, answered with the page that shows it (never stored, so it
 * cannot be shown after a redirect); the form's one-time key makes a reload of that answer refused
 * with a message instead of a second token.
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf, type View } from '../../web/view';
import { formErrors, str, type FormBody } from '../../web/forms';
import type { Actor, Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { ROLES, type Role } from '../../core/roles';
import { AppError, problem, validation, type FieldMessages } from '../../errors';
import { findArea, listAreas } from '../registry/area.service';
import { getProducer } from '../registry/producer.service';
import { ACCOUNT_OFFICERS } from './account.policy';
import {
  changeOwnPassword, changeRole, createOwnToken, disableUser, enableUser, endOtherSessions, listManagedUsers, managedUser,
  ownSessions, ownTokens, revokeToken,
} from './accounts.service';
import { LOGIN_RATE_LIMIT } from './identity.routes';
import {
  BUYER_SECURITY, BuyerSecurityPage, MY_ACCOUNT, MY_TOKENS, MyAccountPage, TokenCreatedPage, endOthersPath, passwordPath,
  type OwnAccount, type OwnAccountProps,
} from './accounts.view';
import { USERS, UserPage, UsersPage, userPath, type AreaInput, type UserPageProps } from './users.view';

const BACK_OFFICE = ROLES.filter((r) => r !== 'buyer');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The password form asks for the current password: limited per IP like the login. */
const passwordRate = { rateLimit: { max: LOGIN_RATE_LIMIT, timeWindow: '1 minute' } };

const Id = z.object({ id: z.string().max(100) });
const TokenParams = z.object({ id: z.string().max(100), tokenId: z.string().max(100) });
const OwnQuery = z.object({
  done: z.enum(['password', 'sessions', 'revoked']).optional().catch(undefined),
  ended: z.coerce.number().int().min(0).max(100_000).optional().catch(undefined),
});
const UsersQuery = z.object({
  q: z.string().max(100).optional(),
  role: z.enum(ROLES).optional().catch(undefined),
  status: z.enum(['enabled', 'disabled']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
const UserQuery = z.object({ done: z.enum(['disabled', 'enabled', 'role', 'revoked']).optional().catch(undefined) });

/** A form field as typed (passwords are not trimmed); absent → ''. */
const raw = (body: FormBody, key: string) => (typeof body[key] === 'string' ? body[key] : '');
const bodyOf = (req: FastifyRequest) => (req.body ?? {}) as FormBody;
const tooLong = (field: string, value: string, max: number) => {
  if ([...value].length > max) throw validation({ [field]: problem('too_long', { max }) });
};

/** A not-found from a lookup that only decorates the page (the producer of one's own account). */
async function orNull<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof AppError && (e.code === 'not_found' || e.code === 'forbidden')) return null;
    throw e;
  }
}

/** What the own-account pages show: where the account belongs, its sessions and (not for buyers) its API tokens. */
async function ownAccount(req: FastifyRequest): Promise<OwnAccount> {
  const ctx = req.ctx;
  const actor = requireActor(ctx);
  const [sessions, tokens, area, producer] = await Promise.all([
    ownSessions(ctx, req.sessionToken),
    actor.role === 'buyer' ? null : ownTokens(ctx),
    actor.areaCode ? findArea(ctx, actor.areaCode) : null,
    actor.producerId ? orNull(getProducer(ctx, actor.producerId)) : null,
  ]);
  return {
    sessions, tokens, areaName: area?.name ?? actor.areaCode,
    producer: producer ? { id: producer.id, name: producer.name } : null,
  };
}

type OwnPage = (props: OwnAccountProps) => ReturnType<typeof MyAccountPage>;

/** The own-account routes under `base` (the back office's page or a buyer's). */
function registerOwnAccount(app: App, base: string, Page: OwnPage, access: readonly Role[]) {
  app.get(base, { config: { access }, schema: { hide: true, querystring: OwnQuery } }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return sendPage(reply, <Page view={viewOf(req)} account={await ownAccount(req)} done={req.query.done} ended={req.query.ended} />);
  });

  app.post(passwordPath(base), { config: { access, ...passwordRate }, schema: { hide: true } }, async (req, reply) => {
    const view = viewOf(req);
    const body = bodyOf(req);
    try {
      const { sessionsEnded } = await changeOwnPassword(req.ctx,
        { currentPassword: raw(body, 'currentPassword'), newPassword: raw(body, 'newPassword'), confirm: raw(body, 'confirm') }, req.sessionToken);
      return redirect(reply, `${base}?done=password&ended=${sessionsEnded}`);
    } catch (e) {
      const { fields, status } = formErrors(e, view.locale);
      return sendPage(reply, <Page view={view} account={await ownAccount(req)} errors={fields} />, status);
    }
  });

  app.post(endOthersPath(base), { config: { access }, schema: { hide: true } }, async (req, reply) => {
    const { sessionsEnded } = await endOtherSessions(req.ctx, req.sessionToken);
    return redirect(reply, `${base}?done=sessions&ended=${sessionsEnded}`);
  });
}

/** The roles the user list's filter offers: the roles the officer's scope holds. */
function listedRoles(actor: Actor): readonly Role[] {
  if (actor.role === 'national_admin') return ROLES;
  if (actor.role === 'province_officer') return ['commune_officer', 'council_member', 'inspector', 'producer'];
  return ['producer'];
}

/**
 * How the role form asks for the area: a province officer picks its province or one of its
 * communes; the national admin types a code (a list of every commune would be thousands long).
 */
async function areaInput(ctx: Ctx, view: View): Promise<AreaInput> {
  const actor = requireActor(ctx);
  if (actor.role !== 'province_officer' || !actor.areaCode) return { kind: 'code' };
  const [province, communes] = await Promise.all([
    findArea(ctx, actor.areaCode),
    listAreas(ctx, { level: 'commune', parent: actor.areaCode, limit: 1000, offset: 0 }),
  ]);
  return {
    kind: 'select',
    options: [
      { value: actor.areaCode, label: view.t('users.role.wholeProvince', { name: province?.name ?? actor.areaCode }) },
      ...communes.items.map((a) => ({ value: a.code, label: a.name })),
    ],
  };
}

type UserExtra = Pick<UserPageProps, 'done' | 'errors' | 'values'>;

async function sendUserPage(req: FastifyRequest, reply: FastifyReply, id: string, extra: UserExtra = {}, status = 200) {
  const view = viewOf(req);
  const [found, area] = await Promise.all([managedUser(req.ctx, id), areaInput(req.ctx, view)]);
  // managedUser names no area (the list does): read it for the page.
  const areaName = found.user.areaName ?? (found.user.areaCode ? (await findArea(req.ctx, found.user.areaCode))?.name ?? null : null);
  return sendPage(reply, <UserPage view={view} {...found} user={{ ...found.user, areaName }} area={area} {...extra} />, status);
}

/**
 * Re-render the user page with the failure at the form's fields. A refusal about the account
 * itself (oneself, the last national admin) is named `username` by the service; it is shown at
 * the field of the form that was sent (`at`). Not found stays the 404 page.
 */
async function userFailure(req: FastifyRequest, reply: FastifyReply, id: string, e: unknown, at: string, values: Record<string, string>) {
  const { fields, status } = formErrors(e, viewOf(req).locale);
  const { username, ...rest } = fields;
  const errors: FieldMessages = username && !rest[at] ? { ...rest, [at]: username } : rest;
  return sendUserPage(req, reply, id, { errors, values }, status);
}

/** The role change as the form sends it: a known role; an area and a producer only where the role has one. */
function roleChange(body: FormBody) {
  const role = str(body, 'role');
  if (!role || !(ROLES as readonly string[]).includes(role)) throw validation({ role: problem('role.unknown', { roles: ROLES.join(', ') }) });
  const r = role as Role;
  const producerId = r === 'producer' ? str(body, 'producerId') ?? null : null;
  if (producerId && !UUID.test(producerId)) throw validation({ producerId: problem('producer.unknown') });
  // The national admin is national and a producer belongs by its producer: an area typed (or
  // kept from the former role) is left out rather than stored.
  const areaCode = r === 'national_admin' || r === 'producer' || r === 'buyer' ? null : str(body, 'areaCode') ?? null;
  if (areaCode) tooLong('areaCode', areaCode, 10);
  return { role: r, areaCode, producerId };
}

export function registerAccountPages(app: App) {
  registerOwnAccount(app, MY_ACCOUNT, MyAccountPage, BACK_OFFICE);
  registerOwnAccount(app, BUYER_SECURITY, BuyerSecurityPage, ['buyer']);

  app.post(MY_TOKENS, { config: { access: BACK_OFFICE }, schema: { hide: true } }, async (req, reply) => {
    const view = viewOf(req);
    const body = bodyOf(req);
    const name = str(body, 'name') ?? '';
    const days = str(body, 'days') ?? '';
    const formKey = str(body, 'formKey') ?? '';
    try {
      tooLong('name', name, 100);
      tooLong('formKey', formKey, 100);
      // A choice that is no whole number is one of no lifetime offered (the service names the choices).
      const chosen = days === '' ? undefined : /^\d{1,4}$/.test(days) ? Number(days) : -1;
      const created = await createOwnToken(req.ctx, { name, days: chosen, formKey: formKey || undefined });
      // The secret is in this answer only: not kept by the browser's cache or history.
      reply.header('cache-control', 'no-store');
      return sendPage(reply, <TokenCreatedPage view={view} token={created.token} name={created.item.name} />);
    } catch (e) {
      const { fields, status } = formErrors(e, view.locale);
      return sendPage(reply, <MyAccountPage view={view} account={await ownAccount(req)} errors={fields} values={{ name, days }} />, status);
    }
  });

  app.post(`${MY_TOKENS}/:id/thu-hoi`, { config: { access: BACK_OFFICE }, schema: { hide: true, params: Id } }, async (req, reply) => {
    // Only one's own here (an officer revokes a user's tokens from the user's page).
    if (!(await ownTokens(req.ctx)).some((k) => k.id === req.params.id)) throw new AppError('not_found', 'no such token');
    await revokeToken(req.ctx, req.params.id);
    return redirect(reply, `${MY_ACCOUNT}?done=revoked`);
  });

  // ── Administering users ──
  const officers = { access: ACCOUNT_OFFICERS };

  app.get(USERS, { config: officers, schema: { hide: true, querystring: UsersQuery } }, async (req, reply) => {
    const actor = requireActor(req.ctx);
    const q = req.query.q?.trim() || undefined;
    const query = { q, role: req.query.role, status: req.query.status, page: req.query.page };
    const result = await listManagedUsers(req.ctx, query);
    return sendPage(reply, <UsersPage view={viewOf(req)} query={query} items={result.items} more={result.more} roles={listedRoles(actor)} />);
  });

  app.get(`${USERS}/:id`, { config: officers, schema: { hide: true, params: Id, querystring: UserQuery } }, async (req, reply) => {
    // Nobody administers their own account: theirs is "Tài khoản của tôi".
    const actor = requireActor(req.ctx);
    if (req.params.id === actor.userId || req.params.id === actor.username) return redirect(reply, MY_ACCOUNT);
    return sendUserPage(req, reply, req.params.id, { done: req.query.done });
  });

  app.post(`${USERS}/:id/khoa`, { config: officers, schema: { hide: true, params: Id } }, async (req, reply) => {
    const reason = str(bodyOf(req), 'reason') ?? '';
    try {
      tooLong('reason', reason, 500);
      const user = await disableUser(req.ctx, req.params.id, reason);
      return redirect(reply, `${userPath(user.id)}?done=disabled`);
    } catch (e) {
      return userFailure(req, reply, req.params.id, e, 'reason', { reason });
    }
  });

  app.post(`${USERS}/:id/mo-khoa`, { config: officers, schema: { hide: true, params: Id } }, async (req, reply) => {
    try {
      const user = await enableUser(req.ctx, req.params.id);
      return redirect(reply, `${userPath(user.id)}?done=enabled`);
    } catch (e) {
      return userFailure(req, reply, req.params.id, e, 'reason', {});
    }
  });

  app.post(`${USERS}/:id/vai-tro`, { config: { access: ['national_admin', 'province_officer'] }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const body = bodyOf(req);
    const values = { role: str(body, 'role') ?? '', areaCode: str(body, 'areaCode') ?? '', producerId: str(body, 'producerId') ?? '' };
    try {
      const user = await changeRole(req.ctx, req.params.id, roleChange(body));
      return redirect(reply, `${userPath(user.id)}?done=role`);
    } catch (e) {
      return userFailure(req, reply, req.params.id, e, 'role', values);
    }
  });

  app.post(`${USERS}/:id/khoa-api/:tokenId/thu-hoi`, { config: officers, schema: { hide: true, params: TokenParams } }, async (req, reply) => {
    // The token must be this user's (managedUser: 404 outside the officer's area).
    const found = await managedUser(req.ctx, req.params.id);
    if (!found.tokens.some((k) => k.id === req.params.tokenId)) throw new AppError('not_found', 'no such token');
    await revokeToken(req.ctx, req.params.tokenId);
    return redirect(reply, `${userPath(found.user.id)}?done=revoked`);
  });
}
