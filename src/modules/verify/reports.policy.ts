/**
 * Who handles "suspected fake" reports (deny unless a rule allows): national administrators
 * all of them (and alone the national queue of unknown codes); province officers and inspectors
 * the reports of their own province; an inspector without an area is national. Out of scope → 404.
 */
import type { Actor } from '../../context';
import { ALL, NONE, where, type RowScope } from '../../core/scope';

export const REPORT_ROLES = ['national_admin', 'province_officer', 'inspector'] as const;

/** The province an officer's queue is limited to; null = every report; undefined = none. */
function queueOf(actor: Actor): string | null | undefined {
  switch (actor.role) {
    case 'national_admin':
      return null;
    case 'province_officer':
      return actor.areaCode ? actor.areaCode.slice(0, 2) : undefined;
    case 'inspector':
      return actor.areaCode ? (actor.provinceCode ?? actor.areaCode.slice(0, 2)) : null;
    default:
      return undefined;
  }
}

export function canHandleReport(actor: Actor, report: { provinceCode: string | null }): boolean {
  const q = queueOf(actor);
  if (q === undefined) return false;
  return q === null || (report.provinceCode !== null && report.provinceCode === q);
}

/** The reports in the actor's queue, on the logical column 'province'. */
export function reportScope(actor: Actor): RowScope {
  const q = queueOf(actor);
  if (q === undefined) return NONE;
  return q === null ? ALL : where('province', q);
}

/** Which status may follow which (closing needs a resolution note; a closed report may be reopened). */
export const REPORT_TRANSITIONS: Record<'new' | 'reviewing' | 'closed', readonly ('new' | 'reviewing' | 'closed')[]> = {
  new: ['reviewing', 'closed'],
  reviewing: ['closed'],
  closed: ['reviewing'],
};
