/**
 * Who may record and read support to producers (hỗ trợ chủ thể). Deny unless a rule allows:
 * - recording and deleting: national administrators anywhere, province officers in their province,
 *   commune officers in their commune;
 * - reading: the same, plus inspectors in their scope (a province, a commune, or national when
 *   unscoped);
 * - out-of-scope reads by id answer 404 so existence does not leak.
 */
import { eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Actor } from '../../context';

export const SUPPORT_WRITERS = ['national_admin', 'province_officer', 'commune_officer'] as const;
export const SUPPORT_READERS = ['national_admin', 'province_officer', 'commune_officer', 'inspector'] as const;

export interface SupportTarget { provinceCode: string; communeCode: string }

export function canWriteSupport(actor: Actor, t: SupportTarget): boolean {
  switch (actor.role) {
    case 'national_admin':
      return true;
    case 'province_officer':
      return actor.areaCode !== null && actor.areaCode === t.provinceCode;
    case 'commune_officer':
      return actor.areaCode !== null && actor.areaCode === t.communeCode;
    default:
      return false;
  }
}

export function canReadSupport(actor: Actor, t: SupportTarget): boolean {
  if (canWriteSupport(actor, t)) return true;
  if (actor.role !== 'inspector') return false;
  return actor.areaCode === null || actor.areaCode === t.provinceCode || actor.areaCode === t.communeCode;
}

/** The list filter of records the actor may read (undefined: everything). */
export function supportScope(actor: Actor, cols: { province: AnyColumn; commune: AnyColumn }): SQL | undefined {
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
