/**
 * Who may do what with lots. Deny unless a rule below allows; anything out of reach answers 404,
 * so its existence does not leak:
 * - everyone reads a lot's public trace (the trace page, `GET /api/v1/trace/lots/:id`'s public
 *   fields): what a shopper holding the package is meant to read;
 * - a producer records its own lots, their inputs, lab results and events, and recalls them;
 * - officers keep the lots of the producers they keep (the registry's rule: province officers their
 *   province, commune officers their commune, national administrators all) and may record on a
 *   producer's behalf; inspectors and council members read within their area;
 * - a recall is made by the producer or an officer (inspectors included) of the lot's area; it is
 *   taken up in the queue by inspectors and officers, and closed by province officers and national
 *   administrators only (a producer cannot lift its own recall).
 */
import type { Actor } from '../../context';
import type { RowScope } from '../../core/scope';
import { can, registryScope, type Located } from '../registry/registry.policy';

/** Roles that reach the traceability pages and API of the back office. */
export const TRACE_STAFF = ['national_admin', 'province_officer', 'commune_officer', 'inspector', 'council_member', 'producer'] as const;
/** Roles that see the recalls queue. */
export const RECALL_QUEUE = ['national_admin', 'province_officer', 'commune_officer', 'inspector', 'producer'] as const;

export const canReadLot = (actor: Actor | null, lot: Located): boolean => !!actor && can(actor, 'read', lot);

export const canWriteLot = (actor: Actor | null, lot: Located): boolean =>
  !!actor && ['national_admin', 'province_officer', 'commune_officer', 'producer'].includes(actor.role) && can(actor, 'write', lot);

export function canRecall(actor: Actor | null, lot: Located): boolean {
  if (!actor) return false;
  if (actor.role === 'inspector') return actor.areaCode === null || actor.areaCode === lot.provinceCode || actor.areaCode === lot.communeCode;
  return canWriteLot(actor, lot);
}

/** Taking a recall up in the inspectors' queue. */
export function canAcknowledgeRecall(actor: Actor | null, lot: Located): boolean {
  if (!actor) return false;
  if (actor.role === 'inspector') return canRecall(actor, lot);
  return (actor.role === 'national_admin' || actor.role === 'province_officer') && can(actor, 'write', lot);
}

export const canCloseRecall = (actor: Actor | null, lot: Located): boolean =>
  !!actor && (actor.role === 'national_admin' || actor.role === 'province_officer') && can(actor, 'write', lot);

/** The lots (and recalls) an actor's lists show. */
export const traceScope = (actor: Actor): RowScope => registryScope(actor);
