/**
 * Administering accounts (docs/decisions/045): administrators disable and enable users and change
 * their roles within their area (the same scope as the officer's password reset,
 * account.policy.ts); every user lists and revokes their own API tokens, sees their sessions and
 * changes their password. Everything is audited; disabling, a role change and a new password end
 * the user's sessions (a disabled user's tokens stop working with the account).
 */
import { inTx, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import type { Role } from '../../core/roles';
import { AppError, problem, validation, type FieldErrors } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import { assignableRoles, canResetPasswordOf } from './account.policy';
import * as repo from './accounts.repository';
import { issueApiToken, roleHasArea, roleProblems } from './identity.service';
import { hashPassword, passwordProblem, verifyPassword } from './password';
import { placeOf } from './password-reset.service';
import { DEFAULT_TOKEN_DAYS, TOKEN_DAYS } from './tokens';
import { findUserPlace } from './password-reset.repository';
import { findArea } from '../registry/area.service';
import { sha256 } from './tokens';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Live API tokens a user may hold at once. */
export const MAX_TOKENS = 20;

const notInArea = () => new AppError('not_found', 'no such user in your area', { username: problem('account.not_in_area') });

type PlaceRow = NonNullable<Awaited<ReturnType<typeof repo.findUserPlaceById>>>;

/** A user the caller administers, by id or username (404 otherwise, so that existence does not leak). */
export async function findManagedUser(ctx: Ctx, ref: string): Promise<PlaceRow> {
  const actor = requireActor(ctx);
  const key = ref.trim();
  const row = UUID.test(key) ? await repo.findUserPlaceById(ctx, key) : await findByUsername(ctx, key);
  // Oneself is found (and shown), but every action on it is refused with a reason (refuseSelf).
  if (!row || (row.user.id !== actor.userId && !canResetPasswordOf(actor, placeOf(row)))) throw notInArea();
  return row;
}

const findByUsername = async (ctx: Ctx, username: string): Promise<PlaceRow | null> => (username ? findUserPlace(ctx, username) : null);

export interface UserListQuery { q?: string | undefined; role?: Role | undefined; status?: 'enabled' | 'disabled' | undefined; page?: number | undefined }
export const USERS_PAGE = 50;

/** The users the caller administers, filtered, a page at a time. */
export async function listManagedUsers(ctx: Ctx, query: UserListQuery) {
  const actor = requireActor(ctx);
  let scope: repo.UserScope;
  if (actor.role === 'national_admin') scope = {};
  else if (actor.role === 'province_officer' && actor.areaCode) scope = { provinceCode: actor.areaCode, excludeRoles: ['national_admin', 'province_officer'] };
  else if (actor.role === 'commune_officer' && actor.areaCode) scope = { communeCode: actor.areaCode, onlyRoles: ['producer'] };
  else throw new AppError('forbidden', 'your role does not administer accounts');
  const page = Math.max(1, query.page ?? 1);
  const rows = await repo.listUsers(ctx, scope, query, USERS_PAGE, (page - 1) * USERS_PAGE);
  const items = rows.slice(0, USERS_PAGE).filter((r) => r.user.id === actor.userId || canResetPasswordOf(actor, placeOf(r)));
  return { items: items.map((r) => userDto(r, r.areaName)), page, more: rows.length > USERS_PAGE };
}

export function userDto(r: PlaceRow, areaName: string | null = null) {
  const u = r.user;
  return {
    id: u.id, username: u.username, displayName: u.displayName, email: u.email, role: u.role,
    areaCode: u.areaCode, areaName, producerId: u.producerId, producerName: r.producerName,
    disabled: u.disabled, disabledReason: u.disabledReason, mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null, createdAt: u.createdAt.toISOString(), isSample: u.isSample,
  };
}
export type UserDto = ReturnType<typeof userDto>;

/** One administered user with their API tokens and how many sessions are open. */
export async function managedUser(ctx: Ctx, ref: string) {
  const row = await findManagedUser(ctx, ref);
  const now = ctx.deps.clock();
  const [tokens, sessions] = await Promise.all([repo.listTokens(ctx, row.user.id), repo.listSessions(ctx, row.user.id, now)]);
  return { user: userDto(row), tokens: tokens.map((t) => tokenDto(t, ctx.deps.clock())), openSessions: sessions.length, assignableRoles: assignableRoles(requireActor(ctx)) };
}

function refuseSelf(ctx: Ctx, row: PlaceRow) {
  if (row.user.id === requireActor(ctx).userId) throw new AppError('forbidden', 'you cannot do this to your own account', { username: problem('account.self') });
}

/** Another enabled national administrator must remain. */
async function keepAnAdmin(ctx: Ctx, row: PlaceRow) {
  if (row.user.role === 'national_admin' && !row.user.disabled && (await repo.countOtherEnabledAdmins(ctx, row.user.id)) === 0) {
    throw new AppError('conflict', 'the last national administrator stays', { username: problem('account.last_admin') });
  }
}

/** Disable: the user can no longer sign in; their sessions end and their API tokens stop working. */
export async function disableUser(ctx: Ctx, ref: string, reason: string) {
  const why = reason.trim();
  if (!why) throw validation({ reason: problem('account.reason_required') });
  if (why.length > 500) throw validation({ reason: problem('too_long', { max: 500 }) });
  const row = await findManagedUser(ctx, ref);
  refuseSelf(ctx, row);
  if (row.user.disabled) return userDto(row);
  await keepAnAdmin(ctx, row);
  return inTx(ctx, async (tx) => {
    await repo.setDisabled(tx, row.user.id, true, why);
    const sessionsEnded = await repo.endSessions(tx, row.user.id, null);
    await repo.forgetDevices(tx, row.user.id);
    await recordAudit(tx, { action: 'user.disable', entityType: 'user', entityId: row.user.id, before: { disabled: false }, after: { disabled: true, reason: why, sessionsEnded } });
    return userDto({ ...row, user: { ...row.user, disabled: true, disabledReason: why } });
  });
}

export async function enableUser(ctx: Ctx, ref: string) {
  const row = await findManagedUser(ctx, ref);
  refuseSelf(ctx, row);
  if (!row.user.disabled) return userDto(row);
  return inTx(ctx, async (tx) => {
    await repo.setDisabled(tx, row.user.id, false, null);
    await recordAudit(tx, { action: 'user.enable', entityType: 'user', entityId: row.user.id, before: { disabled: true, reason: row.user.disabledReason }, after: { disabled: false } });
    return userDto({ ...row, user: { ...row.user, disabled: false, disabledReason: null } });
  });
}

export interface RoleChange { role: Role; areaCode?: string | null | undefined; producerId?: string | null | undefined }

/**
 * Change a user's role (and the area or producer it needs). The caller may only give the roles
 * it administers, in its own area; the user's sessions end (they sign in again with the new role).
 */
export async function changeRole(ctx: Ctx, ref: string, change: RoleChange) {
  const actor = requireActor(ctx);
  const row = await findManagedUser(ctx, ref);
  refuseSelf(ctx, row);
  if (!assignableRoles(actor).includes(change.role)) throw validation({ role: problem('account.role_not_assignable') });
  const fields = await roleProblems(ctx, change.role, change.areaCode, change.producerId);
  if (Object.keys(fields).length) throw validation(fields);
  // A role without an area (national admin, producer, buyer) keeps none.
  const after = { role: change.role, areaCode: roleHasArea(change.role) ? change.areaCode ?? null : null, producerId: change.role === 'producer' ? change.producerId ?? null : null };
  // The new area must be within the caller's too.
  if (actor.role !== 'national_admin' && !(await areaWithin(ctx, after.areaCode, actor.areaCode))) throw validation({ areaCode: problem('account.area_outside') });
  if (row.user.role === 'national_admin' && change.role !== 'national_admin') await keepAnAdmin(ctx, row);
  await inTx(ctx, async (tx) => {
    await repo.setRole(tx, row.user.id, after);
    const sessionsEnded = await repo.endSessions(tx, row.user.id, null);
    await recordAudit(tx, {
      action: 'user.role_change', entityType: 'user', entityId: row.user.id,
      before: { role: row.user.role, areaCode: row.user.areaCode, producerId: row.user.producerId }, after: { ...after, sessionsEnded },
    });
  });
  return userDto((await repo.findUserPlaceById(ctx, row.user.id))!);
}

/** An area that is the province itself or one of its communes (a role without an area is the province's only for the national admin). */
async function areaWithin(ctx: Ctx, areaCode: string | null, provinceCode: string | null): Promise<boolean> {
  if (!provinceCode || !areaCode) return false;
  if (areaCode === provinceCode) return true;
  const area = await findArea(ctx, areaCode);
  return area?.parentCode === provinceCode;
}

/**
 * Set a user's password as an operator (the command line): checked against the password rules;
 * with `temporary` the user must choose a new one at their next sign-in. Sessions end.
 */
export async function setUserPassword(ctx: Ctx, ref: string, password: string, temporary: boolean) {
  const row = await findManagedUser(ctx, ref);
  const pw = passwordProblem(password, row.user.username);
  if (pw) throw validation({ password: pw });
  const passwordHash = await hashPassword(password);
  await inTx(ctx, async (tx) => {
    await repo.setPasswordHash(tx, row.user.id, passwordHash, temporary);
    const sessionsEnded = await repo.endSessions(tx, row.user.id, null);
    await recordAudit(tx, { action: 'user.password_set', entityType: 'user', entityId: row.user.id, after: { temporary, sessionsEnded } });
  });
  return userDto(row);
}

// ── The caller's own account ──

/** Change one's own password: the current one is asked again; every other session ends. */
export async function changeOwnPassword(ctx: Ctx, input: { currentPassword: string; newPassword: string; confirm?: string | undefined }, sessionToken: string | null) {
  const actor = requireActor(ctx);
  const row = await repo.findUserPlaceById(ctx, actor.userId);
  if (!row) throw new AppError('unauthenticated', 'authentication required');
  if (!(await verifyPassword(row.user.passwordHash, input.currentPassword))) throw validation({ currentPassword: problem('password.wrong_current') });
  const pw = passwordProblem(input.newPassword, row.user.username)
    ?? (input.newPassword === input.currentPassword ? problem('password.same') : null);
  if (pw) throw validation({ newPassword: pw });
  if (input.confirm !== undefined && input.confirm !== input.newPassword) throw validation({ confirm: problem('password.mismatch') });
  const passwordHash = await hashPassword(input.newPassword);
  return inTx(ctx, async (tx) => {
    await repo.setPasswordHash(tx, row.user.id, passwordHash, false);
    const sessionsEnded = await repo.endSessions(tx, row.user.id, sessionToken ? sha256(sessionToken) : null);
    await recordAudit(tx, { action: 'user.password_change', entityType: 'user', entityId: row.user.id, after: { sessionsEnded } });
    return { sessionsEnded };
  });
}

/** A token as shown (`expired`: past its end at `now`; it no longer works). */
const tokenDto = (t: Awaited<ReturnType<typeof repo.listTokens>>[number], now: Date) => ({
  id: t.id, name: t.name, prefix: t.prefix, createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null,
  expiresAt: t.expiresAt.toISOString(), expired: t.expiresAt <= now,
});
export type TokenDto = ReturnType<typeof tokenDto>;

export async function ownTokens(ctx: Ctx) {
  return (await repo.listTokens(ctx, requireActor(ctx).userId)).map((t) => tokenDto(t, ctx.deps.clock()));
}

export interface OwnTokenInput {
  name: string;
  /** How long it works: one of TOKEN_DAYS (DEFAULT_TOKEN_DAYS when not said). */
  days?: number | undefined;
  /** The create form's one-time key (the page's form): sent twice, it makes one token. */
  formKey?: string | undefined;
}

/** A new API token of one's own, shown once; it works for the days chosen. */
export async function createOwnToken(ctx: Ctx, input: OwnTokenInput): Promise<{ token: string; item: TokenDto }> {
  const actor = requireActor(ctx);
  const label = input.name.trim();
  const days = input.days ?? DEFAULT_TOKEN_DAYS;
  const fields: FieldErrors = {};
  if (!label) fields.name = problem('token.name_required');
  if (!(TOKEN_DAYS as readonly number[]).includes(days)) fields.days = problem('token.days', { choices: TOKEN_DAYS.join(', ') });
  if (Object.keys(fields).length) throw validation(fields);
  if ((await repo.countLiveTokens(ctx, actor.userId, ctx.deps.clock())) >= MAX_TOKENS) throw validation({ name: problem('token.too_many', { max: MAX_TOKENS }) });
  const { token, row } = await issueApiToken(ctx, actor.userId, label.slice(0, 100), { days, formKey: input.formKey ?? null });
  return { token, item: tokenDto(row, ctx.deps.clock()) };
}

/**
 * Revoke an API token: one's own, or one of a user the caller administers (404 otherwise). A
 * token revoked already is answered as it stands.
 */
export async function revokeToken(ctx: Ctx, tokenId: string) {
  const actor = requireActor(ctx);
  const token = UUID.test(tokenId) ? await repo.findToken(ctx, tokenId) : null;
  if (!token) throw new AppError('not_found', 'no such token');
  if (token.userId !== actor.userId) {
    const owner = await repo.findUserPlaceById(ctx, token.userId);
    if (!owner || !canResetPasswordOf(actor, placeOf(owner))) throw new AppError('not_found', 'no such token');
  }
  if (token.revokedAt) return tokenDto(token, ctx.deps.clock());
  const now = ctx.deps.clock();
  return inTx(ctx, async (tx) => {
    await repo.revokeToken(tx, token.id, now);
    await recordAudit(tx, { action: 'token.revoke', entityType: 'api_token', entityId: token.id, after: { userId: token.userId, prefix: token.prefix, name: token.name } });
    return tokenDto({ ...token, revokedAt: now }, now);
  });
}

/** Revoke by the token's visible prefix (the command line); refuses an ambiguous prefix. */
export async function revokeTokenByPrefix(ctx: Ctx, prefix: string) {
  const found = await repo.findTokensByPrefix(ctx, prefix.trim());
  if (found.length === 0) throw new AppError('not_found', `no live token with prefix ${prefix}`);
  if (found.length > 1) throw new AppError('conflict', `${found.length} live tokens share prefix ${prefix}: revoke by id`);
  return { ...(await revokeToken(ctx, found[0]!.token.id)), username: found[0]!.username };
}

/** One's own open sessions (the current one marked). */
export async function ownSessions(ctx: Ctx, sessionToken: string | null) {
  const actor = requireActor(ctx);
  const current = sessionToken ? sha256(sessionToken) : null;
  return (await repo.listSessions(ctx, actor.userId, ctx.deps.clock())).map((s) => ({
    current: s.idHash === current, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(), ip: s.ip, userAgent: s.userAgent,
  }));
}

/** End one's other sessions (signed in on another device). */
export async function endOtherSessions(ctx: Ctx, sessionToken: string | null) {
  const actor = requireActor(ctx);
  return inTx(ctx, async (tx) => {
    const ended = await repo.endSessions(tx, actor.userId, sessionToken ? sha256(sessionToken) : null);
    await recordAudit(tx, { action: 'user.sessions_end', entityType: 'user', entityId: actor.userId, after: { sessionsEnded: ended } });
    return { sessionsEnded: ended };
  });
}
