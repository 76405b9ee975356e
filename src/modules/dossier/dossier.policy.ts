import type { Actor } from '../../context';
import { AppError } from '../../errors';
import { ALL, NONE, where, type RowScope } from '../../core/scope';
import { ownerMayEdit, type DossierSide, type DossierStatus } from '../../domain/dossier';

/**
 * Who may see and act on evaluation dossiers and self-assessments. Deny unless a rule allows:
 * - producer: their own producer's dossiers (read always; the owner side — create, edit, upload,
 *   fill the self-assessment, submit, withdraw — while the dossier is in the producer's custody);
 * - commune_officer: dossiers of their commune — the commune review (forward / return); and the
 *   owner side of a dossier they file on a producer's behalf (assisted filing, decisions/029)
 *   until it is handed over to the producer's account;
 * - province_officer: dossiers of their province — the commune review too (when the commune
 *   office cannot), the province reception (receive / return), and assisted filing like the commune;
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

/**
 * Who holds a dossier's owner side: the producer, or — for a dossier an officer filed on the
 * producer's behalf and has not yet handed over — the officers of its area.
 */
export type Custody = 'producer' | 'officer';

/** A dossier as the policy sees it: where it is and who filed it. */
export interface Held extends Located { filedOnBehalf: boolean; handedOverAt: Date | null }

export function custodyOf(d: Pick<Held, 'filedOnBehalf' | 'handedOverAt'>): Custody {
  return d.filedOnBehalf && d.handedOverAt === null ? 'officer' : 'producer';
}

/** The owner side of a dossier: the custodian only (one owner at a time). */
function holdsOwnerSide(actor: Actor, d: Held): boolean {
  return custodyOf(d) === 'officer' ? officerInArea(actor, d) : own(actor, d);
}

/** The sides of the dossier state machine this actor may act on for that dossier. */
export function sidesOf(actor: Actor, d: Held): DossierSide[] {
  const sides: DossierSide[] = [];
  if (holdsOwnerSide(actor, d)) sides.push('owner');
  if (officerInArea(actor, d)) sides.push('commune');
  if (actor.role === 'national_admin' || (actor.role === 'province_officer' && actor.areaCode === d.provinceCode)) sides.push('province');
  return sides;
}

/** Opening a dossier for a product: its producer, or an officer of its area (then filed on the producer's behalf). */
export function canOpenDossier(actor: Actor, product: Located): boolean {
  return own(actor, product) || officerInArea(actor, product);
}

/** An officer opening a dossier files it on the producer's behalf (recorded with their name). */
export function filesOnBehalf(actor: Actor, product: Located): boolean {
  return !own(actor, product) && officerInArea(actor, product);
}

/** Handing an assisted dossier to the producer's account: an officer of its area, while the officers hold it. */
export function canHandOver(actor: Actor, d: Held): boolean {
  return custodyOf(d) === 'officer' && officerInArea(actor, d);
}

export function assertRead(actor: Actor, t: Located, what = 'dossier'): void {
  if (!canRead(actor, t)) throw new AppError('not_found', `${what} not found`);
}

/**
 * Self-assessment (Form 02) of a product: the producer fills it in; while the product's open
 * dossier is held by the officers who filed it on the producer's behalf, those officers fill it
 * in instead, and only while that dossier can be edited. Officers in scope otherwise read.
 */
export function canEditSelfAssessment(actor: Actor, product: Located, open: (Held & { status: DossierStatus }) | null): boolean {
  if (open && custodyOf(open) === 'officer') return officerInArea(actor, product) && ownerMayEdit(open.status);
  return own(actor, product);
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
