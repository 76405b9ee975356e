import type { Actor, Ctx } from '../../context';
import { inTx } from '../../context';
import { AppError, problem, validation, type FieldErrors } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import * as repo from './identity.repository';
import * as throttle from './login-throttle.repository';
import { ROLES, type Role } from '../../core/roles';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './password';
import { CLI_MAX_DAYS, CLI_TOKEN_DAYS, newApiToken, randomToken, sha256, tokenExpiry } from './tokens';
import { findArea } from '../registry/area.service';
import { findProducerRow } from '../registry/producer.repository';

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

/** Whether a role is scoped to an area (officers, inspectors, council members). */
export const roleHasArea = (role: Role) => SCOPE_LEVEL[role] !== undefined;

/**
 * The problems of a role with its area and producer: an officer's area at the level of the role,
 * a producer account linked to a producer (null: none). Used when creating a user and changing a role.
 */
export async function roleProblems(ctx: Ctx, role: Role, areaCode: string | undefined | null, producerId: string | undefined | null): Promise<FieldErrors> {
  const fields: FieldErrors = {};
  if (!ROLES.includes(role)) return { role: problem('role.unknown', { roles: ROLES.join(', ') }) };
  const scope = SCOPE_LEVEL[role];
  if (areaCode) {
    const area = await findArea(ctx, areaCode);
    if (!area) fields.areaCode = problem('area.unknown');
    else if (scope && scope !== 'any' && area.level !== scope) fields.areaCode = problem(scope === 'province' ? 'area.not_province' : 'area.not_commune');
  } else if (scope === 'province' || scope === 'commune') {
    fields.areaCode = problem('area.required_for_role', { role });
  }
  if (role === 'producer') {
    if (!producerId) fields.producerId = problem('producer.required_for_account');
    else if (!(await findProducerRow(ctx, producerId))) fields.producerId = problem('producer.unknown');
  }
  return fields;
}

export async function createUser(ctx: Ctx, input: CreateUserInput) {
  const username = input.username.trim().toLowerCase();
  const fields: FieldErrors = await roleProblems(ctx, input.role, input.areaCode, input.producerId);
  if (!USERNAME.test(username)) fields.username = problem('username.format');
  const pw = passwordProblem(input.password, username);
  if (pw) fields.password = pw;
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

export interface LoginResult {
  actor: Actor; sessionToken: string; csrfToken: string; expiresAt: Date;
  /** The device cookie to keep (new, or the one presented): later sign-ins from it skip others' delays. */
  deviceToken: string;
}

/**
 * Throttling of failed sign-ins (docs/decisions/045): no lock anyone could trigger. Per typed
 * username — whether or not the account exists, so the answers tell nothing — the first
 * FREE_FAILURES failures in an hour cost nothing; each further failure holds that username's
 * sign-in back for a doubling delay (1 s, 2 s, 4 s … at most MAX_DELAY_SECONDS), answered 429
 * with Retry-After: at most ~60 guesses an hour, and the account's owner waits a minute at worst.
 * From a device the user already signed in from, the delays do not apply (its own 5 failures
 * forget it). Per IP, the routes' rate limit applies on top.
 */
export const THROTTLE = { freeFailures: 5, maxDelaySeconds: 60, forgetMinutes: 60, deviceFailures: 5 } as const;

export const loginDelaySeconds = (failures: number) =>
  failures < THROTTLE.freeFailures ? 0 : Math.min(2 ** (failures - THROTTLE.freeFailures), THROTTLE.maxDelaySeconds);

/** Sign-in for this username is held back: wait `retryAfter` seconds (the same answer for every username). */
export class LoginDelayed extends AppError {
  constructor(readonly retryAfter: number) {
    super('rate_limited', `too many failed sign-ins for this username: try again in ${retryAfter} s`, undefined, { retryAfter });
  }
}

const throttleKey = (username: string) => `user:${username.trim().toLowerCase().slice(0, 200)}`;
const DEVICE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface LoginMeta { ip?: string; userAgent?: string; deviceToken?: string | undefined }

/** Check credentials (throttled per username), then open a server-side session. */
export async function login(ctx: Ctx, username: string, password: string, meta: LoginMeta): Promise<LoginResult> {
  const key = throttleKey(username);
  const now = ctx.deps.clock();
  const row = await repo.findUserByUsername(ctx, username.trim());
  const account = row && !row.user.disabled ? row : null;
  const deviceHash = meta.deviceToken && DEVICE_TOKEN.test(meta.deviceToken) ? sha256(meta.deviceToken) : null;
  const device = deviceHash && account ? await throttle.findDevice(ctx, deviceHash) : null;
  const known = device?.userId === account?.user.id && !!device;
  if (!known) {
    const held = await throttle.findThrottle(ctx, key);
    if (held?.nextAllowedAt && held.nextAllowedAt > now) throw new LoginDelayed(Math.ceil((held.nextAllowedAt.getTime() - now.getTime()) / 1000));
  }
  const ok = account ? await verifyPassword(account.user.passwordHash, password) : (await verifyPassword(await dummyPasswordHash(), password), false);
  if (!ok || !account) {
    if (known) await throttle.deviceFailure(ctx, deviceHash!, THROTTLE.deviceFailures);
    else await throttle.recordFailure(ctx, key, now, new Date(now.getTime() - THROTTLE.forgetMinutes * 60_000), loginDelaySeconds);
    throw new AppError('invalid_credentials', 'invalid credentials');
  }
  // A password that no longer passes the rules (set before them) is changed now (ASVS 2.1.7).
  if (account.user.mustChangePassword || passwordProblem(password, account.user.username)) {
    await repo.recordLoginSuccess(ctx, account.user.id, now);
    throw new PasswordChangeRequired(account.user.id);
  }
  const sessionToken = randomToken();
  const csrfToken = randomToken();
  const deviceToken = known ? meta.deviceToken! : randomToken();
  const expiresAt = new Date(now.getTime() + sessionLimits(ctx, account.user.role).maxMs);
  await inTx(ctx, async (tx) => {
    await repo.recordLoginSuccess(tx, account.user.id, now);
    if (!known) await throttle.clearThrottle(tx, key);
    await throttle.saveDevice(tx, sha256(deviceToken), account.user.id, now);
    await repo.deleteExpiredSessions(tx, account.user.id, now);
    await repo.insertSession(tx, {
      idHash: sha256(sessionToken), userId: account.user.id, csrfToken, expiresAt, createdAt: now, lastSeenAt: now,
      ip: meta.ip ?? null, userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
  });
  return { actor: toActor(account), sessionToken, csrfToken, expiresAt, deviceToken };
}

/** Buyers (the public side) keep their sessions longer than the back office. */
const BUYER_SESSION = { idleMs: 7 * 86_400_000, maxMs: 30 * 86_400_000 };

/**
 * How long a session lives: back office SESSION_IDLE_MINUTES without a request (30) and
 * SESSION_MAX_HOURS after sign-in (12) at most; buyers 7 days idle, 30 days at most.
 */
export function sessionLimits(ctx: Ctx, role: Role): { idleMs: number; maxMs: number } {
  if (role === 'buyer') return BUYER_SESSION;
  return { idleMs: ctx.deps.env.SESSION_IDLE_MINUTES * 60_000, maxMs: ctx.deps.env.SESSION_MAX_HOURS * 3_600_000 };
}

/** The last request is written at most this often (a write per request would be waste). */
const TOUCH_EVERY_MS = 60_000;

export async function resolveSession(ctx: Ctx, sessionToken: string) {
  const idHash = sha256(sessionToken);
  const now = ctx.deps.clock();
  const row = await repo.findSession(ctx, idHash, now);
  if (!row) return null;
  const idleFor = now.getTime() - row.session.lastSeenAt.getTime();
  if (idleFor > sessionLimits(ctx, row.user.role).idleMs) {
    await repo.deleteSession(ctx, idHash);
    return null;
  }
  if (idleFor > TOUCH_EVERY_MS) await repo.touchSession(ctx, idHash, now);
  return { actor: toActor(row), csrfToken: row.session.csrfToken };
}

export async function logout(ctx: Ctx, sessionToken: string) {
  await repo.deleteSession(ctx, sha256(sessionToken));
}

export async function resolveApiToken(ctx: Ctx, token: string): Promise<Actor | null> {
  if (!token.startsWith('ocop_') || token.length > 200) return null;
  const now = ctx.deps.clock();
  const row = await repo.findByApiToken(ctx, sha256(token), now);
  if (!row) return null;
  await repo.touchApiToken(ctx, row.tokenId, now);
  return toActor(row);
}

/** A token for a user, from the command line: it works `days` days (CLI_TOKEN_DAYS when not said, at most CLI_MAX_DAYS). */
export async function createApiToken(ctx: Ctx, username: string, name = 'cli', days = CLI_TOKEN_DAYS): Promise<string> {
  if (!Number.isInteger(days) || days < 1 || days > CLI_MAX_DAYS) throw validation({ days: problem('token.days_cli', { max: CLI_MAX_DAYS }) });
  const row = await repo.findUserByUsername(ctx, username);
  if (!row) throw new AppError('not_found', `no user ${username}`);
  return (await issueApiToken(ctx, row.user.id, name, { days })).token;
}

/**
 * A new API token for a user (audited): the token itself, shown once, and its stored row. It
 * works `days` days. `formKey`: the create form's one-time key (a second use is refused by the
 * table's unique index, so a form sent twice never makes two tokens).
 */
export async function issueApiToken(ctx: Ctx, userId: string, name: string, opts: { days: number; formKey?: string | null }) {
  const t = newApiToken();
  const now = ctx.deps.clock();
  return inTx(ctx, async (tx) => {
    const saved = await repo.insertApiToken(tx, {
      userId, name, tokenHash: t.hash, prefix: t.prefix, createdAt: now, expiresAt: tokenExpiry(now, opts.days), formKey: opts.formKey ?? null,
    });
    // The form was sent before (a reload, a double click): its token exists and was shown then.
    if (!saved) throw validation({ name: problem('token.already_made') });
    await recordAudit(tx, {
      action: 'token.create', entityType: 'api_token', entityId: saved.id,
      after: { userId, name, prefix: t.prefix, expiresAt: saved.expiresAt.toISOString() },
    });
    return { token: t.token, row: saved };
  });
}
