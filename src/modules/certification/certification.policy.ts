import { registryScope } from '../registry/registry.policy';
import type { Actor } from '../../context';
import { AppError } from '../../errors';
import { ALL, allOf, NONE, where, whereNot, type RowScope } from '../../core/scope';
import type { DecisionLevel } from '../../domain/decision';

/**
 * Who may see and act on recognition decisions and certificates (docs/decisions/008). Deny unless
 * a rule below allows:
 * - acting on a decision (draft, edit, approve, publish) belongs to the authority of its level:
 *   a province officer of that province for a province round's decision, a national
 *   administrator for the national round's decision — nobody else, not even a national
 *   administrator on a province's decision;
 * - reading: national_admin everything; province officers their province; inspectors their area
 *   (national when unscoped); producers only their own certificates (never decisions);
 * - revoking: the authority of the certificate's star level (see revokingLevel);
 * - out-of-scope reads answer 404 so existence does not leak; in scope but not the authority: 403.
 */
/** `areaCode` is the deciding province; null for a national decision. */
export interface DecisionTarget { level: DecisionLevel | 'district'; areaCode: string | null }
export interface CertificateTarget { provinceCode: string; communeCode: string; producerId: string }

export const DECISION_ROLES = ['national_admin', 'province_officer', 'inspector'] as const;
export const CERTIFICATE_ROLES = ['national_admin', 'province_officer', 'commune_officer', 'inspector', 'producer'] as const;
/** Who has the certificates pages: the readers of certificates (commune officers and producers see certificates only). */
export const CERTIFICATION_PAGE_ROLES = ['national_admin', 'province_officer', 'commune_officer', 'inspector', 'producer'] as const;

export function canReadDecision(actor: Actor, d: DecisionTarget): boolean {
  switch (actor.role) {
    case 'national_admin':
      return true;
    case 'province_officer':
      return d.level !== 'national' && actor.areaCode === d.areaCode;
    case 'inspector':
      return actor.areaCode === null || (d.level !== 'national' && actor.provinceCode === d.areaCode);
    default:
      return false;
  }
}

/** The authority that signs decisions of this level (and of this province). */
export function isDecisionAuthority(actor: Actor, level: DecisionLevel, provinceCode: string | null): boolean {
  if (level === 'national') return actor.role === 'national_admin';
  return actor.role === 'province_officer' && actor.areaCode !== null && actor.areaCode === provinceCode;
}

/** 404 when the actor may not even see it, 403 when they may see but not act. */
export function assertDecisionAuthority(actor: Actor, d: DecisionTarget): void {
  if (!canReadDecision(actor, d)) throw new AppError('not_found', 'decision not found');
  const level: DecisionLevel = d.level === 'national' ? 'national' : 'province';
  if (!isDecisionAuthority(actor, level, d.areaCode)) throw new AppError('forbidden', 'only the authority of this decision may do this');
}

/** Decisions an actor may list, on the logical columns 'level' and 'area' (the deciding province). */
export function decisionScope(actor: Actor): RowScope {
  switch (actor.role) {
    case 'national_admin':
      return ALL;
    case 'province_officer':
      return actor.areaCode ? allOf(whereNot('level', 'national'), where('area', actor.areaCode)) : NONE;
    case 'inspector':
      return actor.areaCode === null ? ALL : allOf(whereNot('level', 'national'), where('area', actor.provinceCode ?? ''));
    default:
      return NONE;
  }
}

export function canReadCertificate(actor: Actor, c: CertificateTarget): boolean {
  switch (actor.role) {
    case 'national_admin':
      return true;
    case 'province_officer':
      return actor.areaCode === c.provinceCode;
    case 'commune_officer':
      return actor.areaCode === c.communeCode;
    case 'inspector':
      return actor.areaCode === null || actor.areaCode === c.provinceCode || actor.areaCode === c.communeCode;
    case 'producer':
      return actor.producerId !== null && actor.producerId === c.producerId;
    default:
      return false;
  }
}

export function assertCanReadCertificate(actor: Actor, c: CertificateTarget): void {
  if (!canReadCertificate(actor, c)) throw new AppError('not_found', 'certificate not found');
}

/** May this actor revoke a certificate whose star level belongs to `authority`? */
export function canRevoke(actor: Actor, authority: DecisionLevel | null, c: CertificateTarget): boolean {
  if (authority === 'national') return actor.role === 'national_admin';
  if (authority === 'province') return actor.role === 'province_officer' && actor.areaCode === c.provinceCode;
  return false;
}

/**
 * Certificates an actor may list: the registry's area scope (logical columns 'province',
 * 'commune', 'producer'), except council members (none).
 */
export function certificateScope(actor: Actor): RowScope {
  return actor.role === 'council_member' ? NONE : registryScope(actor);
}

/** Rounds whose results and minutes this actor may read (council membership is checked apart). */
export function canReadRound(actor: Actor, round: { level: 'province' | 'national'; provinceCode: string | null }): boolean {
  if (actor.role === 'national_admin') return true;
  if (actor.role === 'province_officer') return round.level === 'province' && actor.areaCode === round.provinceCode;
  return false;
}

/** Closed rounds an actor may list, on the logical columns 'level' and 'province'. */
export function roundScope(actor: Actor): RowScope {
  if (actor.role === 'national_admin') return ALL;
  if (actor.role === 'province_officer' && actor.areaCode) return allOf(where('level', 'province'), where('province', actor.areaCode));
  return NONE;
}
