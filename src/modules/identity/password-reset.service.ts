/**
 * Password reset, two ways (docs/decisions/022-accounts.md):
 * - by e-mail: the user gives their username or e-mail; every enabled account it names that has
 *   an e-mail address gets a single-use link valid RESET_MINUTES, of which only the SHA-256 is
 *   stored. The answer is the same whether or not an account exists.
 * - by an officer, for users without e-mail: an officer whose area covers the user sets a one-time
 *   temporary password; signing in with it leads straight to choosing a new one.
 * Setting a new password ends every session of the user and every other link, and is audited.
 */
import { inTx, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { t } from '../../core/i18n';
import { AppError, problem, validation } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import { queueMail } from '../mail/mail.service';
import { canResetPasswordOf, type UserPlace } from './account.policy';
import { hashPassword, passwordProblem } from './password';
import * as repo from './password-reset.repository';
import { randomToken, sha256 } from './tokens';

export const RESET_MINUTES = 30;
/** Reset e-mails per account per hour; further requests are answered the same and send nothing. */
export const RESETS_PER_HOUR = 3;
/** How long the link made from a temporary password lasts (the user is choosing a password now). */
const TEMPORARY_EXCHANGE_MINUTES = 15;

/** The address links in e-mail point to: PUBLIC_BASE_URL, never the request's Host header. */
export function publicBase(ctx: Ctx): string {
  return (ctx.deps.env.PUBLIC_BASE_URL ?? `http://localhost:${ctx.deps.env.PORT}`).replace(/\/+$/, '');
}

export const resetPath = (token: string) => `/dat-lai-mat-khau/${token}`;

async function issueLink(ctx: Ctx, userId: string, minutes: number, issuedBy: string | null): Promise<string> {
  const token = randomToken(32);
  const now = ctx.deps.clock();
  await repo.insertReset(ctx, { tokenHash: sha256(token), userId, issuedBy, createdAt: now, expiresAt: new Date(now.getTime() + minutes * 60_000) });
  return token;
}

/**
 * Ask for a reset link. Returns how many e-mails were queued (for the caller to trigger delivery;
 * never shown to the requester).
 */
export async function requestPasswordReset(ctx: Ctx, login: string): Promise<number> {
  const key = login.trim();
  if (!key || key.length > 254) return 0;
  const found = await repo.findUsersByLogin(ctx, key);
  const now = ctx.deps.clock();
  let queued = 0;
  await inTx(ctx, async (tx) => {
    for (const user of found) {
      const email = user.email?.trim();
      if (!email) continue;
      if (await repo.countResetsSince(tx, user.id, new Date(now.getTime() - 3_600_000)) >= RESETS_PER_HOUR) continue;
      const token = await issueLink(tx, user.id, RESET_MINUTES, null);
      const link = `${publicBase(ctx)}${resetPath(token)}`;
      await queueMail(tx, {
        toAddress: email, dedupeKey: `password-reset:${sha256(token)}`, createdAt: now,
        subject: t('vi', 'reset.mail.subject'),
        body: t('vi', 'reset.mail.body', { name: user.displayName || user.username, username: user.username, link, minutes: RESET_MINUTES }),
      });
      await recordAudit(tx, { action: 'user.password_reset_requested', entityType: 'user', entityId: user.id, after: { via: 'email' } });
      queued++;
    }
  });
  return queued;
}

/** The account a live link is for (its username), or null when the link is unknown, used or expired. */
export async function checkResetLink(ctx: Ctx, token: string): Promise<{ username: string; temporary: boolean } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await repo.findLiveReset(ctx, sha256(token), ctx.deps.clock());
  return row ? { username: row.user.username, temporary: row.reset.issuedBy !== null } : null;
}

/** Set a new password through a live link: single use; ends every session of the user. */
export async function resetPassword(ctx: Ctx, token: string, password: string, confirm: string): Promise<{ username: string }> {
  const link = await checkResetLink(ctx, token);
  if (!link) throw new AppError('not_found', 'this link is unknown, used or expired');
  const pw = passwordProblem(password, link.username);
  if (pw) throw validation({ password: pw });
  if (password !== confirm) throw validation({ confirm: problem('password.mismatch') });
  const passwordHash = await hashPassword(password);
  const hash = sha256(token);
  return inTx(ctx, async (tx) => {
    const now = ctx.deps.clock();
    const row = await repo.findLiveReset(tx, hash, now);
    if (!row || !(await repo.consumeReset(tx, hash, now))) throw new AppError('not_found', 'this link is unknown, used or expired');
    await repo.setPassword(tx, row.user.id, passwordHash, false);
    await repo.voidOtherResets(tx, row.user.id, hash, now);
    const sessionsEnded = await repo.deleteUserSessions(tx, row.user.id);
    await recordAudit(tx, {
      action: 'user.password_reset', entityType: 'user', entityId: row.user.id,
      after: { via: row.reset.issuedBy ? 'temporary_password' : 'email', sessionsEnded },
    });
    return { username: row.user.username };
  });
}

/** The place of a user as the account policy sees it. */
export function placeOf(row: NonNullable<Awaited<ReturnType<typeof repo.findUserPlace>>>): UserPlace & { userId: string } {
  const u = row.user;
  if (u.role === 'producer') return { userId: u.id, role: u.role, provinceCode: row.producerProvince, communeCode: row.producerCommune };
  const commune = row.areaLevel === 'commune' ? u.areaCode : null;
  return { userId: u.id, role: u.role, provinceCode: commune ? row.areaParent : u.areaCode, communeCode: commune };
}

/** A user the calling officer may give a temporary password to (404 otherwise, so existence does not leak). */
export async function findResettableUser(ctx: Ctx, username: string) {
  const actor = requireActor(ctx);
  const row = username.trim() ? await repo.findUserPlace(ctx, username) : null;
  if (!row || row.user.disabled || !canResetPasswordOf(actor, placeOf(row))) {
    throw new AppError('not_found', 'no such user in your area', { username: problem('account.not_in_area') });
  }
  const u = row.user;
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, email: u.email, producerName: row.producerName };
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A temporary password that is easy to read out and type: 3 groups of 4 from an alphabet without look-alikes. */
export function temporaryPassword(username: string): string {
  for (;;) {
    const bytes = Buffer.from(randomToken(24), 'base64url');
    const chars = [...bytes].slice(0, 12).map((b) => ALPHABET[b % ALPHABET.length]).join('');
    const pw = `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
    if (!passwordProblem(pw, username)) return pw;
  }
}

/**
 * Give `username` a one-time temporary password (shown once to the officer, to hand over). The
 * user's sessions end; their next sign-in with it leads to choosing a new password.
 */
export async function setTemporaryPassword(ctx: Ctx, username: string): Promise<{ username: string; password: string }> {
  const user = await findResettableUser(ctx, username);
  const password = temporaryPassword(user.username);
  const passwordHash = await hashPassword(password);
  await inTx(ctx, async (tx) => {
    await repo.setPassword(tx, user.id, passwordHash, true);
    const sessionsEnded = await repo.deleteUserSessions(tx, user.id);
    await recordAudit(tx, { action: 'user.password_temporary', entityType: 'user', entityId: user.id, after: { username: user.username, sessionsEnded } });
  });
  return { username: user.username, password };
}

/**
 * After a sign-in with a temporary password: instead of a session, a short link to choose the
 * new password (marked as issued, so the reset is audited as made through a temporary password).
 */
export async function exchangeTemporaryPassword(ctx: Ctx, userId: string): Promise<string> {
  return inTx(ctx, (tx) => issueLink(tx, userId, TEMPORARY_EXCHANGE_MINUTES, userId));
}
