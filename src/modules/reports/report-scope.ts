/**
 * Which area a report may be asked for. Deny unless a rule allows:
 * - national administrators: the whole country (no area) or any province or commune;
 * - province officers: their province or one of its communes;
 * - commune officers: their commune;
 * - inspectors: their scope (a province, a commune — or the whole country when unscoped) and
 *   what lies inside it;
 * - everyone else (council members, producers, buyers): nothing.
 * An unknown area code answers 404; a known one outside the caller's scope 403.
 */
import type { Actor, Ctx } from '../../context';
import { ALL, where, type RowScope } from '../../core/scope';
import { fieldError, forbidden, notFound } from '../../errors';
import { findAreaRow } from './reports.repository';

export const REPORT_READERS = ['national_admin', 'province_officer', 'commune_officer', 'inspector'] as const;

export interface ReportArea {
  /** null: the whole country. */
  code: string | null;
  name: string;
  level: 'country' | 'province' | 'commune';
  /** The province of the area (itself for a province; null for the country). */
  provinceCode: string | null;
}

export const COUNTRY_NAME = 'Toàn quốc';

const AREA_CODE = /^(\d{2}|\d{5})$/;

/** Whether `actor` may see reports of `area`. */
export function canReadArea(actor: Actor, area: Pick<ReportArea, 'code' | 'provinceCode'>): boolean {
  switch (actor.role) {
    case 'national_admin':
      return true;
    case 'inspector':
      if (actor.areaCode === null) return true;
      return area.code !== null && (area.code === actor.areaCode || area.provinceCode === actor.areaCode);
    case 'province_officer':
      return actor.areaCode !== null && area.code !== null && area.provinceCode === actor.areaCode;
    case 'commune_officer':
      return actor.areaCode !== null && area.code === actor.areaCode;
    default:
      return false;
  }
}

/**
 * The area a report is about: `code` when given (validated and checked against the caller's
 * scope), else the caller's own area (the country for unscoped national roles).
 */
export async function resolveReportArea(ctx: Ctx, code: string | undefined | null): Promise<ReportArea> {
  const actor = ctx.actor;
  if (!actor || !(REPORT_READERS as readonly string[]).includes(actor.role)) throw forbidden();
  const wanted = code === undefined || code === null || code === '' ? actor.areaCode : code.trim();
  if (wanted === null) {
    const country: ReportArea = { code: null, name: COUNTRY_NAME, level: 'country', provinceCode: null };
    if (!canReadArea(actor, country)) throw forbidden();
    return country;
  }
  if (!AREA_CODE.test(wanted)) {
    throw fieldError('area', 'report.area_code');
  }
  const row = await findAreaRow(ctx, wanted);
  if (!row) throw notFound('area');
  const area: ReportArea = {
    code: row.code, name: row.name, level: row.level, provinceCode: row.level === 'province' ? row.code : row.parent_code,
  };
  if (!canReadArea(actor, area)) throw forbidden();
  return area;
}

/** The rows of the area, on the logical columns 'province' and 'commune' (everything for the country). */
export function areaRows(area: Pick<ReportArea, 'code' | 'level'>): RowScope {
  if (area.code === null) return ALL;
  return area.level === 'province' ? where('province', area.code) : where('commune', area.code);
}
