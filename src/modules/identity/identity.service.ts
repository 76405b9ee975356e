import type { Actor, Ctx } from '../../context';
import { inTx } from '../../context';
import { AppError, problem, validation, type FieldErrors } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import * as repo from './identity.repository';
import { ROLES, type Role } from '../../core/roles';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './password';
import { newApiToken, randomToken, sha256 } from './tokens';
import { findArea } from '../registry/area.service';
import { findProducerRow } from '../registry/producer.repository';

export const SESSION_DAYS = 7;
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

type ActorSource = NonNullable<Awaited<ReturnType<typeof repo.findUserById>>>;

export function toActor(row: ActorSource): Actor {
  const u = row.user;
  const provinceCode = u.areaCode ? (row.scopeLevel === 'commune' ? row.scopeParent : u.areaCode) : null;
  return {
    userId: u.id, username: u.username, displayName: u.displayName || u.username, role: u.role,
    areaCode: u.areaCode, provinceCode, producerId: u.producerId, label: u.username,
  };
}

export interface CreateUserInput {
  username: string;
  password: string;
  role: Role;
  displayName?: string | undefined;
  email?: string | undefined;
  areaCode?: string | undefined;
  producerId?: string | undefined;
  isSample?: boolean | undefined;
}

/** Usernames: 3–64 characters, lower-case letters, digits and . _ - (not first). */
export const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** Roles that must be scoped to an area, and the level they are scoped to. */
const SCOPE_LEVEL: Partial<Record<Role, 'province' | 'commune' | 'any'>> = {
  province_officer: 'province',
  commune_officer: 'commune',
  inspector: 'any',
  council_member: 'any',
};

export async function createUser(ctx: Ctx, input: CreateUserInput) {
  const username = input.username.trim().toLowerCase();
  const fields: FieldErrors = {};
  if (!USERNAME.test(username)) fields.username = problem('username.format');
  if (!ROLES.includes(input.role)) fields.role = problem('role.unknown', { roles: ROLES.join(', ') });
  const pw = passwordProblem(input.password, username);
  if (pw) fields.password = pw;
  const scope = SCOPE_LEVEL[input.role];
  if (input.areaCode) {
    const area = await findArea(ctx, input.areaCode);
    if (!area) fields.areaCode = problem('area.unknown');
    else if (scope && scope !== 'any' && area.level !== scope) fields.areaCode = problem(scope === 'province' ? 'area.not_province' : 'area.not_commune');
  } else if (scope === 'province' || scope === 'commune') {
    fields.areaCode = problem('area.required_for_role', { role: input.role });
  }
  if (input.role === 'producer') {
    if (!input.producerId) fields.producerId = problem('producer.required_for_account');
    else if (!(await findProducerRow(ctx, input.producerId))) fields.producerId = problem('producer.unknown');
  }
  if (Object.keys(fields).length) throw validation(fields);
  if (await repo.findUserByUsername(ctx, username)) {
    throw new AppError('duplicate', 'username already exists', { username: problem('username.taken') });
  }
  const passwordHash = await hashPassword(input.password);
  return inTx(ctx, async (tx) => {
    const user = await repo.insertUser(tx, {
      username, passwordHash, role: input.role, displayName: input.displayName ?? '',
      email: input.email ?? null, areaCode: input.areaCode ?? null,
      producerId: input.role === 'producer' ? input.producerId ?? null : null,
      isSample: input.isSample ?? false,
    });
    await recordAudit(tx, {
      action: 'user.create', entityType: 'user', entityId: user.id,
      after: { username, role: user.role, areaCode: user.areaCode, producerId: user.producerId },
    });
    return user;
  });
}

/** A correct temporary password: the user must choose a new one before any session opens. */
export class PasswordChangeRequired extends AppError {
  constructor(readonly userId: string) {
    super('forbidden', 'a new password is required: sign in on the web page to choose it');
  }
}

export interface LoginResult { actor: Actor; sessionToken: string; csrfToken: string; expiresAt: Date }

/** Check credentials with lockout, then open a server-side session. */
export async function login(ctx: Ctx, username: string, password: string, meta: { ip?: string; userAgent?: string }): Promise<LoginResult> {
  const row = await repo.findUserByUsername(ctx, username.trim());
  if (!row || row.user.disabled) {
    await verifyPassword(await dummyPasswordHash(), password);
    throw new AppError('invalid_credentials', 'invalid credentials');
  }
  const now = ctx.deps.clock();
  if (row.user.lockedUntil && row.user.lockedUntil > now) {
    throw new AppError('account_locked', 'account locked');
  }
  if (!(await verifyPassword(row.user.passwordHash, password))) {
    await repo.recordLoginFailure(ctx, row.user.id, now, LOCK_AFTER_FAILURES, LOCK_MINUTES);
    throw new AppError('invalid_credentials', 'invalid credentials');
  }
  if (row.user.mustChangePassword) {
    await repo.recordLoginSuccess(ctx, row.user.id, now);
    throw new PasswordChangeRequired(row.user.id);
  }
  const sessionToken = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await inTx(ctx, async (tx) => {
    await repo.recordLoginSuccess(tx, row.user.id, now);
    await repo.deleteExpiredSessions(tx, row.user.id, now);
    await repo.insertSession(tx, {
      idHash: sha256(sessionToken), userId: row.user.id, csrfToken, expiresAt,
      ip: meta.ip ?? null, userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
  });
  return { actor: toActor(row), sessionToken, csrfToken, expiresAt };
}

export async function resolveSession(ctx: Ctx, sessionToken: string) {
  const row = await repo.findSession(ctx, sha256(sessionToken), ctx.deps.clock());
  if (!row) return null;
  return { actor: toActor(row), csrfToken: row.session.csrfToken };
}

export async function logout(ctx: Ctx, sessionToken: string) {
  await repo.deleteSession(ctx, sha256(sessionToken));
}

export async function resolveApiToken(ctx: Ctx, token: string): Promise<Actor | null> {
  if (!token.startsWith('ocop_') || token.length > 200) return null;
  const row = await repo.findByApiToken(ctx, sha256(token));
  if (!row) return null;
  await repo.touchApiToken(ctx, row.tokenId, ctx.deps.clock());
  return toActor(row);
}

export async function createApiToken(ctx: Ctx, username: string, name = 'cli'): Promise<string> {
  const row = await repo.findUserByUsername(ctx, username);
  if (!row) throw new AppError('not_found', `no user ${username}`);
  const t = newApiToken();
  await inTx(ctx, async (tx) => {
    const saved = await repo.insertApiToken(tx, { userId: row.user.id, name, tokenHash: t.hash, prefix: t.prefix });
    await recordAudit(tx, {
      action: 'token.create', entityType: 'api_token', entityId: saved.id,
      after: { userId: row.user.id, name, prefix: t.prefix },
    });
  });
  return t.token;
}
