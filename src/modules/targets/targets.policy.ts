/**
 * Who may read and set targets. Deny unless a rule below allows:
 * - setting (create, edit, delete): national administrators for the country and any area;
 *   province officers for their province and its communes;
 * - reading: whoever may read reports of the target's area (reports/report-scope.ts
 *   canReadArea: national administrators everything, province officers their province and its
 *   communes, commune officers their commune, inspectors their scope or everything when unscoped);
 * - out-of-scope reads by id answer 404 so existence does not leak.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../context';
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
 * The list filter of targets the actor may read, on `area_code` of targets aliased `t` and
 * `parent_code` of its area aliased `a` (undefined: everything).
 */
export function targetScope(actor: Actor): SQL | undefined {
  const own = actor.areaCode;
  switch (actor.role) {
    case 'national_admin':
      return undefined;
    case 'inspector':
      if (own === null) return undefined;
      return own.length === 2 ? sql`(t.area_code = ${own} or a.parent_code = ${own})` : sql`t.area_code = ${own}`;
    case 'province_officer':
      return own ? sql`(t.area_code = ${own} or a.parent_code = ${own})` : sql`false`;
    case 'commune_officer':
      return own ? sql`t.area_code = ${own}` : sql`false`;
    default:
      return sql`false`;
  }
}
