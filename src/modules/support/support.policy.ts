/**
 * Who may record and read support to producers (hỗ trợ chủ thể). Deny unless a rule allows:
 * - recording and deleting: national administrators anywhere, province officers in their province,
 *   commune officers in their commune;
 * - reading: the same, plus inspectors in their scope (a province, a commune, or national when
 *   unscoped);
 * - out-of-scope reads by id answer 404 so existence does not leak.
 */
import { areaRowScope, canManageArea, canReadArea } from '../registry/area-kept.policy';

export const SUPPORT_WRITERS = ['national_admin', 'province_officer', 'commune_officer'] as const;
export const SUPPORT_READERS = ['national_admin', 'province_officer', 'commune_officer', 'inspector'] as const;

export interface SupportTarget { provinceCode: string; communeCode: string }

export const canWriteSupport = canManageArea;
export const canReadSupport = canReadArea;
/** The records the actor may read, on the logical columns 'province' and 'commune'. */
export const supportScope = areaRowScope;
