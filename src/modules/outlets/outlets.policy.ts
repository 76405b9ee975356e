/**
 * Who may see and keep the register of points of sale. Deny unless a rule below allows:
 * - registering, editing, closing, deleting and listing products: national administrators
 *   anywhere; province officers in their province; commune officers in their commune;
 * - reading: the same, and inspectors in their scope (national when unscoped);
 * - everyone else: nothing (the public sees open outlets on product pages only);
 * - out-of-scope reads by id answer 404 so existence does not leak.
 */
import { eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Actor } from '../../context';

export const OUTLET_WRITERS = ['national_admin', 'province_officer', 'commune_officer'] as const;
export const OUTLET_READERS = ['national_admin', 'province_officer', 'commune_officer', 'inspector'] as const;

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

/** The list filter of rows the actor may read (undefined: everything). */
export function areaScope(actor: Actor, cols: { province: AnyColumn; commune: AnyColumn }): SQL | undefined {
  switch (actor.role) {
    case 'national_admin':
      return undefined;
    case 'province_officer':
      return actor.areaCode ? eq(cols.province, actor.areaCode) : sql`false`;
    case 'commune_officer':
      return actor.areaCode ? eq(cols.commune, actor.areaCode) : sql`false`;
    case 'inspector':
      if (!actor.areaCode) return undefined;
      return actor.areaCode.length === 2 ? eq(cols.province, actor.areaCode) : eq(cols.commune, actor.areaCode);
    default:
      return sql`false`;
  }
}
