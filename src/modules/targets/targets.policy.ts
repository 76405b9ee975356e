/**
 * Who may read and set targets. Deny unless a rule below allows:
 * - setting (create, edit, delete): national administrators for the country and any area;
 *   province officers for their province and its communes;
 * - reading: whoever may read reports of the target's area (reports/report-scope.ts
 *   canReadArea: national administrators everything, province officers their province and its
 *   communes, commune officers their commune, inspectors their scope or everything when unscoped);
 * - out-of-scope reads by id answer 404 so existence does not leak.
 */
import type { Actor } from '../../context';
import { ALL, NONE, anyOf, where, type RowScope } from '../../core/scope';
import { canReadArea, REPORT_READERS, type ReportArea } from '../reports/report-scope';

export const TARGET_READERS = REPORT_READERS;
export const TARGET_AUTHORITIES = ['national_admin', 'province_officer'] as const;

type AreaRef = Pick<ReportArea, 'code' | 'provinceCode'>;

export const canReadTarget = (actor: Actor, area: AreaRef): boolean => canReadArea(actor, area);

export function canManageTarget(actor: Actor, area: AreaRef): boolean {
  if (actor.role === 'national_admin') return true;
  return actor.role === 'province_officer' && actor.areaCode !== null && area.code !== null && area.provinceCode === actor.areaCode;
}

/**
 * The targets the actor may read, on the logical columns 'area' (the target's area code) and
 * 'parent' (the province of a commune target).
 */
export function targetScope(actor: Actor): RowScope {
  const own = actor.areaCode;
  const provinceWide = (code: string) => anyOf(where('area', code), where('parent', code));
  switch (actor.role) {
    case 'national_admin':
      return ALL;
    case 'inspector':
      if (own === null) return ALL;
      return own.length === 2 ? provinceWide(own) : where('area', own);
    case 'province_officer':
      return own ? provinceWide(own) : NONE;
    case 'commune_officer':
      return own ? where('area', own) : NONE;
    default:
      return NONE;
  }
}
