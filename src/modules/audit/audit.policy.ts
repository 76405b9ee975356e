import type { Actor } from '../../context';
import type { Role } from '../../core/roles';
import { NONE, ALL, where, type RowScope } from '../../core/scope';

/** Who reads the audit log. */
export const AUDIT_ROLES = ['national_admin', 'province_officer'] as const satisfies readonly Role[];

export const canReadAudit = (actor: Actor): boolean => (AUDIT_ROLES as readonly Role[]).includes(actor.role);

/** National admins see everything; province officers the changes within their province. */
export function auditScope(actor: Actor): RowScope {
  if (actor.role === 'national_admin') return ALL;
  if (actor.role === 'province_officer') return where('province', actor.areaCode ?? '');
  return NONE;
}
