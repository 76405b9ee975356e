import type { Actor } from '../../context';
import { ROLES, type Role } from '../../core/roles';

/** Where a user belongs: a producer user by their producer, anyone else by their own area. */
export interface UserPlace { role: Role; provinceCode: string | null; communeCode: string | null }

/**
 * Who may give another user a temporary password (the officer route of password reset), following
 * the area scoping of the registry (registry.policy.ts):
 * - national_admin: every user;
 * - province_officer: the users of their province below them (commune officers, inspectors,
 *   council members and producers of the province);
 * - commune_officer: the producer users of their commune;
 * - everyone else: nobody. Nobody resets their own password this way (they use "Quên mật khẩu").
 */
export function canResetPasswordOf(actor: Actor, target: UserPlace & { userId: string }): boolean {
  if (actor.userId === target.userId) return false;
  switch (actor.role) {
    case 'national_admin':
      return true;
    case 'province_officer':
      return !!actor.areaCode && target.provinceCode === actor.areaCode
        && target.role !== 'national_admin' && target.role !== 'province_officer';
    case 'commune_officer':
      return !!actor.areaCode && target.role === 'producer' && target.communeCode === actor.areaCode;
    default:
      return false;
  }
}

/** The roles that see the officer's account pages (requests and temporary passwords). */
export const ACCOUNT_OFFICERS = ['national_admin', 'province_officer', 'commune_officer'] as const satisfies readonly Role[];

/**
 * The roles an administrator may give (to users it administers, in its own area): the national
 * admin every role but buyer (a buyer's account is the buyer's own); a province officer the roles
 * below it in the province; nobody else.
 */
export function assignableRoles(actor: Actor): readonly Role[] {
  switch (actor.role) {
    case 'national_admin':
      return ROLES.filter((r) => r !== 'buyer');
    case 'province_officer':
      return ['commune_officer', 'council_member', 'inspector'];
    default:
      return [];
  }
}
