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
import { eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Actor } from '../../context';

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

/** The list filter of batches/alerts the actor may read (undefined: everything). */
export function stampScope(actor: Actor, cols: { province: AnyColumn; commune: AnyColumn }): SQL | undefined {
  switch (actor.role) {
    case 'national_admin':
      return undefined;
    case 'province_officer':
      return actor.areaCode ? eq(cols.province, actor.areaCode) : sql`false`;
    case 'inspector':
      if (!actor.areaCode) return undefined;
      return actor.areaCode.length === 2 ? eq(cols.province, actor.areaCode) : eq(cols.commune, actor.areaCode);
    default:
      return sql`false`;
  }
}
