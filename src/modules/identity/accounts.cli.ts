/**
 * The command line's account commands (`ocop user …`, `ocop token …`), acting as the system:
 * what an operator does when nobody can sign in, or from a script. Each returns the lines to print.
 */
import type { Ctx } from '../../context';
import { ROLES, type Role } from '../../core/roles';
import { AppError } from '../../errors';
import { changeRole, disableUser, enableUser, findManagedUser, revokeToken, revokeTokenByPrefix, setUserPassword } from './accounts.service';
import { createApiToken, createUser } from './identity.service';
import { listTokens } from './accounts.repository';

export interface AccountFlags {
  username?: string | undefined; password?: string | undefined; role?: string | undefined; area?: string | undefined;
  producer?: string | undefined; name?: string | undefined; reason?: string | undefined; temporary?: boolean | undefined;
  prefix?: string | undefined; id?: string | undefined; days?: string | undefined;
}

export const USER_COMMANDS = ['create', 'disable', 'enable', 'set-password', 'set-role'] as const;
export const TOKEN_COMMANDS = ['create', 'list', 'revoke'] as const;

function need<K extends keyof AccountFlags>(flags: AccountFlags, name: K): NonNullable<AccountFlags[K]> {
  const value = flags[name];
  if (value === undefined || value === '') throw new AppError('validation_failed', `--${name} is required`);
  return value as NonNullable<AccountFlags[K]>;
}

function role(flags: AccountFlags): Role {
  const r = need(flags, 'role');
  if (!(ROLES as readonly string[]).includes(r)) throw new AppError('validation_failed', `--role must be one of ${ROLES.join(', ')}`);
  return r as Role;
}

export async function userCommand(ctx: Ctx, sub: string, flags: AccountFlags): Promise<string[]> {
  switch (sub) {
    case 'create': {
      const user = await createUser(ctx, {
        username: need(flags, 'username'), password: need(flags, 'password'), role: role(flags), areaCode: flags.area, producerId: flags.producer,
      });
      return [`Created user ${user.username} (${user.role}) ${user.id}`];
    }
    case 'disable': {
      const u = await disableUser(ctx, need(flags, 'username'), need(flags, 'reason'));
      return [`Disabled ${u.username}: they cannot sign in; their sessions ended and their API tokens stopped working.`];
    }
    case 'enable': {
      const u = await enableUser(ctx, need(flags, 'username'));
      return [`Enabled ${u.username}.`];
    }
    case 'set-password': {
      const u = await setUserPassword(ctx, need(flags, 'username'), need(flags, 'password'), flags.temporary ?? false);
      return [`Password of ${u.username} set${flags.temporary ? ' (temporary: a new one is chosen at the next sign-in)' : ''}; their sessions ended.`];
    }
    case 'set-role': {
      const u = await changeRole(ctx, need(flags, 'username'), { role: role(flags), areaCode: flags.area ?? null, producerId: flags.producer ?? null });
      return [`${u.username} is now ${u.role}${u.areaCode ? ` of area ${u.areaCode}` : ''}; their sessions ended.`];
    }
    default:
      throw new AppError('validation_failed', `unknown command: user ${sub} (one of ${USER_COMMANDS.join(', ')})`);
  }
}

export async function tokenCommand(ctx: Ctx, sub: string, flags: AccountFlags): Promise<string[]> {
  switch (sub) {
    case 'create':
      return [await createApiToken(ctx, need(flags, 'username'), flags.name ?? 'cli', flags.days === undefined ? undefined : Number(flags.days))];
    case 'list': {
      const user = await findManagedUser(ctx, need(flags, 'username'));
      const rows = await listTokens(ctx, user.user.id);
      if (!rows.length) return [`${user.user.username} has no API tokens.`];
      const now = ctx.deps.clock();
      return rows.map((t) => [t.id, `ocop_${t.prefix}_…`,
        t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : t.expiresAt <= now ? `expired ${t.expiresAt.toISOString()}` : `live until ${t.expiresAt.toISOString()}`,
        `last used ${t.lastUsedAt?.toISOString() ?? 'never'}`, t.name].join('\t'));
    }
    case 'revoke': {
      if (flags.id) {
        const t = await revokeToken(ctx, flags.id);
        return [`Revoked token ${t.id} (ocop_${t.prefix}_…).`];
      }
      // The 8 characters after `ocop_` (a prefix made before hex ones may hold `_` or `-` itself).
      const prefix = need(flags, 'prefix').replace(/^ocop_/, '').slice(0, 8);
      const t = await revokeTokenByPrefix(ctx, prefix);
      return [`Revoked token ${t.id} (ocop_${t.prefix}_…) of ${t.username}.`];
    }
    default:
      throw new AppError('validation_failed', `unknown command: token ${sub} (one of ${TOKEN_COMMANDS.join(', ')})`);
  }
}
