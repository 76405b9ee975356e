/**
 * Who may plan, record and read inspections (kiểm tra, hậu kiểm). Deny unless a rule allows:
 * - plans, their team and visits are managed by national administrators anywhere, province
 *   officers in their province, and inspectors in their scope (unscoped: everywhere; a province);
 *   an inspector scoped to a commune reads the plans of its province and records visits to
 *   producers of that commune;
 * - commune officers read the visits to producers of their commune (not plans, stats of other
 *   communes or proposals): the API answers 403 for those lists and 404 for other communes' visits;
 * - revocation proposals are read in the same scope as plans; the certificate's authority (the
 *   revocation rules of the certification module: a province officer for the stars the province
 *   recognises, a national administrator for 5★) revokes or dismisses them.
 */
import type { Actor } from '../../context';
import { ALL, NONE, where, type RowScope } from '../../core/scope';

export const INSPECTION_MANAGERS = ['national_admin', 'province_officer', 'inspector'] as const;
export const VISIT_READERS = ['national_admin', 'province_officer', 'inspector', 'commune_officer'] as const;

export function canManagePlan(actor: Actor, provinceCode: string): boolean {
  switch (actor.role) {
    case 'national_admin':
      return true;
    case 'province_officer':
      return actor.areaCode !== null && actor.areaCode === provinceCode;
    case 'inspector':
      return actor.areaCode === null || actor.areaCode === provinceCode;
    default:
      return false;
  }
}

export function canReadPlan(actor: Actor, provinceCode: string): boolean {
  return canManagePlan(actor, provinceCode) || (actor.role === 'inspector' && actor.provinceCode === provinceCode);
}

/** May record a visit to a producer of this commune under a plan of this province. */
export function canRecordVisit(actor: Actor, provinceCode: string, communeCode: string): boolean {
  return canManagePlan(actor, provinceCode) || (actor.role === 'inspector' && actor.areaCode === communeCode);
}

export function canReadVisit(actor: Actor, v: { provinceCode: string; communeCode: string }): boolean {
  return canReadPlan(actor, v.provinceCode) || (actor.role === 'commune_officer' && actor.areaCode === v.communeCode);
}

/** Plans (and proposals) the actor may list, on the logical column 'province'. */
export function planScope(actor: Actor): RowScope {
  switch (actor.role) {
    case 'national_admin':
      return ALL;
    case 'province_officer':
      return actor.areaCode ? where('province', actor.areaCode) : NONE;
    case 'inspector':
      return actor.provinceCode ? where('province', actor.provinceCode) : ALL;
    default:
      return NONE;
  }
}

/** Visits the actor may list, on the logical columns 'province' and 'commune'. */
export function visitScope(actor: Actor): RowScope {
  if (actor.role === 'commune_officer') return actor.areaCode ? where('commune', actor.areaCode) : NONE;
  return planScope(actor);
}
