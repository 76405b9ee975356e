import type { Actor } from '../../context';
import { AppError } from '../../errors';
import { ALL, NONE, where, type RowScope } from '../../core/scope';
import type { ReviewSide } from '../../domain/review-cycle';

/**
 * Who may see and act on product ideas and business plans (cycle steps 2–3). Deny unless a rule
 * below allows:
 * - producer: their own producer's ideas and plans, on the owner side (draft, edit, submit);
 * - commune_officer: those of producers in their commune — review them, and act on the owner
 *   side on a producer's behalf (many producers file on paper with the commune's help);
 * - province_officer: likewise for their province;
 * - national_admin: everything;
 * - inspector, council_member, buyer: nothing yet (later steps give councils their own view).
 */
export interface Located { provinceCode: string; communeCode: string; producerId: string }

export type CycleAccess = 'read' | ReviewSide;

function officerInArea(actor: Actor, target: Located): boolean {
  switch (actor.role) {
    case 'national_admin':
      return true;
    case 'province_officer':
      return actor.areaCode !== null && actor.areaCode === target.provinceCode;
    case 'commune_officer':
      return actor.areaCode !== null && actor.areaCode === target.communeCode;
    default:
      return false;
  }
}

export function can(actor: Actor, access: CycleAccess, target: Located): boolean {
  const own = actor.role === 'producer' && actor.producerId !== null && actor.producerId === target.producerId;
  switch (access) {
    case 'read':
    case 'owner':
      return own || officerInArea(actor, target);
    case 'reviewer':
      return officerInArea(actor, target);
  }
}

/** The sides of the review machine this actor may act on for that record. */
export function sidesOf(actor: Actor, target: Located): ReviewSide[] {
  const sides: ReviewSide[] = [];
  if (can(actor, 'owner', target)) sides.push('owner');
  if (can(actor, 'reviewer', target)) sides.push('reviewer');
  return sides;
}

/** Roles that use cycle pages and lists at all. */
export const CYCLE_ROLES = ['national_admin', 'province_officer', 'commune_officer', 'producer'] as const;

/** Throws 404 (not 403) so existence does not leak. */
export function assertCan(actor: Actor, access: CycleAccess, target: Located, what = 'idea'): void {
  if (!can(actor, access, target)) throw new AppError('not_found', `${what} not found`);
}

/** The ideas and plans the actor may read, on the logical columns 'province', 'commune' and 'producer'. */
export function cycleScope(actor: Actor): RowScope {
  switch (actor.role) {
    case 'national_admin':
      return ALL;
    case 'province_officer':
      return actor.areaCode ? where('province', actor.areaCode) : NONE;
    case 'commune_officer':
      return actor.areaCode ? where('commune', actor.areaCode) : NONE;
    case 'producer':
      return actor.producerId ? where('producer', actor.producerId) : NONE;
    default:
      return NONE;
  }
}
