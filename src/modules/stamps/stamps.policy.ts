/**
 * Who may see and act on stamp batches and their alerts. Deny unless a rule below allows:
 * - issuing, delivering and voiding a batch: a province officer of the batch's (the
 *   certificate's) province, or a national administrator anywhere;
 * - reading batches and alerts: national administrators everything; province officers their
 *   province; inspectors their area (a province, a commune — the product's — or national when
 *   unscoped);
 * - acknowledging an alert: whoever reads it except nobody else (province officers, inspectors,
 *   national administrators in scope);
 * - out-of-scope reads answer 404 so existence does not leak.
 */
import type { Actor } from '../../context';
import { ALL, NONE, where, type RowScope } from '../../core/scope';

export const STAMP_AUTHORITIES = ['national_admin', 'province_officer'] as const;
export const STAMP_READERS = ['national_admin', 'province_officer', 'inspector'] as const;

export interface StampTarget { provinceCode: string; communeCode: string }

export function canReadStamps(actor: Actor, t: StampTarget): boolean {
  switch (actor.role) {
    case 'national_admin':
      return true;
    case 'province_officer':
      return actor.areaCode !== null && actor.areaCode === t.provinceCode;
    case 'inspector':
      return actor.areaCode === null || actor.areaCode === t.provinceCode || actor.areaCode === t.communeCode;
    default:
      return false;
  }
}

/** May issue, deliver or void batches of this province. */
export function canManageStamps(actor: Actor, t: Pick<StampTarget, 'provinceCode'>): boolean {
  if (actor.role === 'national_admin') return true;
  return actor.role === 'province_officer' && actor.areaCode !== null && actor.areaCode === t.provinceCode;
}

export const canAcknowledgeAlert = (actor: Actor, t: StampTarget): boolean => canReadStamps(actor, t);

/** The batches/alerts the actor may read, on the logical columns 'province' and 'commune'. */
export function stampScope(actor: Actor): RowScope {
  switch (actor.role) {
    case 'national_admin':
      return ALL;
    case 'province_officer':
      return actor.areaCode ? where('province', actor.areaCode) : NONE;
    case 'inspector':
      if (!actor.areaCode) return ALL;
      return actor.areaCode.length === 2 ? where('province', actor.areaCode) : where('commune', actor.areaCode);
    default:
      return NONE;
  }
}
