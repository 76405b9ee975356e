/**
 * The common rule of area-kept registers (points of sale, training, support to producers):
 * - keeping the records: national administrators anywhere, province officers in their province,
 *   commune officers in their commune;
 * - reading them: the same, and inspectors in their scope (a province, a commune, or national
 *   when unscoped);
 * - everyone else: nothing.
 * Modules state which registers follow it in their own policy files. Pure: the list filter is a
 * RowScope on the logical columns 'province' and 'commune', turned into SQL by repositories.
 */
import type { Actor } from '../../context';
import { ALL, NONE, where, type RowScope } from '../../core/scope';

export interface AreaTarget { provinceCode: string; communeCode: string | null }

export function canManageArea(actor: Actor, t: AreaTarget): boolean {
  switch (actor.role) {
    case 'national_admin':
      return true;
    case 'province_officer':
      return actor.areaCode !== null && actor.areaCode === t.provinceCode;
    case 'commune_officer':
      return actor.areaCode !== null && t.communeCode !== null && actor.areaCode === t.communeCode;
    default:
      return false;
  }
}

export function canReadArea(actor: Actor, t: AreaTarget): boolean {
  if (actor.role === 'inspector') {
    return actor.areaCode === null || actor.areaCode === t.provinceCode || (t.communeCode !== null && actor.areaCode === t.communeCode);
  }
  return canManageArea(actor, t);
}

/** The rows of an area-kept register the actor may read, on the logical columns 'province' and 'commune'. */
export function areaRowScope(actor: Actor): RowScope {
  switch (actor.role) {
    case 'national_admin':
      return ALL;
    case 'province_officer':
      return actor.areaCode ? where('province', actor.areaCode) : NONE;
    case 'commune_officer':
      return actor.areaCode ? where('commune', actor.areaCode) : NONE;
    case 'inspector':
      if (!actor.areaCode) return ALL;
      return actor.areaCode.length === 2 ? where('province', actor.areaCode) : where('commune', actor.areaCode);
    default:
      return NONE;
  }
}
