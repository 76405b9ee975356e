import type { Actor } from '../../context';
import { AppError } from '../../errors';
import { ALL, NONE, where, type RowScope } from '../../core/scope';

/**
 * Who may see and change registry records. Deny unless a rule below allows:
 * - national_admin: everything;
 * - province_officer: records in their province (read, write);
 * - commune_officer: records in their commune (read, write: they guide producers);
 * - inspector, council_member: read within their area (national when unscoped);
 * - producer: their own producer and its products;
 * - buyer: nothing in the back office.
 */
export interface Located { provinceCode: string; communeCode: string; producerId: string }

export type RegistryAction = 'read' | 'write';

export function can(actor: Actor, action: RegistryAction, target: Located): boolean {
  switch (actor.role) {
    case 'national_admin':
      return true;
    case 'province_officer':
      return actor.areaCode === target.provinceCode;
    case 'commune_officer':
      return actor.areaCode === target.communeCode;
    case 'inspector':
    case 'council_member':
      return action === 'read' && inArea(actor, target);
    case 'producer':
      return actor.producerId === target.producerId;
    default:
      return false;
  }
}

function inArea(actor: Actor, target: Located): boolean {
  return actor.areaCode === null || actor.areaCode === target.provinceCode || actor.areaCode === target.communeCode;
}

/** May this actor create a producer in that commune? */
export function canCreateProducerIn(actor: Actor, provinceCode: string, communeCode: string): boolean {
  return (actor.role === 'national_admin')
    || (actor.role === 'province_officer' && actor.areaCode === provinceCode)
    || (actor.role === 'commune_officer' && actor.areaCode === communeCode);
}

/** Which roles see registry lists at all. */
export function canListRegistry(actor: Actor): boolean {
  return actor.role !== 'buyer';
}

/** Throws 404 (not 403) so existence does not leak. */
export function assertCan(actor: Actor, action: RegistryAction, target: Located, what: string): void {
  if (!can(actor, action, target)) throw new AppError('not_found', `${what} not found`);
}

/**
 * The rows of registry-kept records (producers, products, and what hangs off them) an actor may
 * read, on the logical columns 'province', 'commune' and 'producer'.
 */
export function registryScope(actor: Actor): RowScope {
  switch (actor.role) {
    case 'national_admin':
      return ALL;
    case 'province_officer':
      return where('province', actor.areaCode ?? '');
    case 'commune_officer':
      return where('commune', actor.areaCode ?? '');
    case 'inspector':
    case 'council_member':
      if (!actor.areaCode) return ALL;
      return actor.areaCode.length === 2 ? where('province', actor.areaCode) : where('commune', actor.areaCode);
    case 'producer':
      return actor.producerId ? where('producer', actor.producerId) : NONE;
    default:
      return NONE;
  }
}
