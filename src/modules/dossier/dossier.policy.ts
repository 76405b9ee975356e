import type { Actor } from '../../context';
import { AppError } from '../../errors';
import { ALL, NONE, where, type RowScope } from '../../core/scope';
import type { DossierSide } from '../../domain/dossier';

/**
 * Who may see and act on evaluation dossiers and self-assessments. Deny unless a rule allows:
 * - producer: their own producer's dossiers (owner side: create, edit, upload, submit, withdraw);
 * - commune_officer: dossiers of their commune — the commune review (forward / return), and the
 *   owner side on a producer's behalf (paper filers);
 * - province_officer: dossiers of their province — the commune review too (when the commune
 *   office cannot) and the province reception (receive / return);
 * - national_admin: everything;
 * - others: nothing (councils get their own view in the council module).
 * Out-of-scope reads answer 404 so existence does not leak.
 */
export interface Located { provinceCode: string; communeCode: string; producerId: string }

export const DOSSIER_ROLES = ['national_admin', 'province_officer', 'commune_officer', 'producer'] as const;

function officerInArea(actor: Actor, t: Located): boolean {
  switch (actor.role) {
    case 'national_admin': return true;
    case 'province_officer': return actor.areaCode !== null && actor.areaCode === t.provinceCode;
    case 'commune_officer': return actor.areaCode !== null && actor.areaCode === t.communeCode;
    default: return false;
  }
}

const own = (actor: Actor, t: Located) => actor.role === 'producer' && actor.producerId !== null && actor.producerId === t.producerId;

export function canRead(actor: Actor, t: Located): boolean {
  return own(actor, t) || officerInArea(actor, t);
}

/** The sides of the dossier state machine this actor may act on for that dossier. */
export function sidesOf(actor: Actor, t: Located): DossierSide[] {
  const sides: DossierSide[] = [];
  if (own(actor, t) || officerInArea(actor, t)) sides.push('owner');
  if (officerInArea(actor, t)) sides.push('commune');
  if (actor.role === 'national_admin' || (actor.role === 'province_officer' && actor.areaCode === t.provinceCode)) sides.push('province');
  return sides;
}

export function assertRead(actor: Actor, t: Located, what = 'dossier'): void {
  if (!canRead(actor, t)) throw new AppError('not_found', `${what} not found`);
}

/** Self-assessment: the product's producer edits; officers in scope read. */
export function canEditSelfAssessment(actor: Actor, t: Located): boolean {
  return own(actor, t);
}

/** The dossiers an actor may list, on the logical columns 'province', 'commune' and 'producer' (as canRead). */
export function dossierScope(actor: Actor): RowScope {
  switch (actor.role) {
    case 'national_admin': return ALL;
    case 'province_officer': return actor.areaCode ? where('province', actor.areaCode) : NONE;
    case 'commune_officer': return actor.areaCode ? where('commune', actor.areaCode) : NONE;
    case 'producer': return actor.producerId ? where('producer', actor.producerId) : NONE;
    default: return NONE;
  }
}
