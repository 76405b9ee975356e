import type { Actor } from '../../context';
import { ALL, NONE, allOf, anyOf, fact, where, type RowScope } from '../../core/scope';
import { AppError } from '../../errors';
import type { Role } from '../../core/roles';
import type { COUNCIL_ROLES } from './council.tables';
import type { RoundAction } from './council.schema';

/**
 * Who may see and act on evaluation rounds (deny unless a rule below allows):
 * - organisers: national_admin (every round); a province_officer for the rounds of their
 *   province. They create rounds, form the council, assign dossiers, record field visits, open,
 *   see the board and close;
 * - a seat holder (users with role council_member, or officers, added to the council) sees the
 *   round; the chair and the member-secretary also see the board, close and order re-scores; every
 *   scoring seat scores its own sheets; a member declares their own conflicts, the secretary on
 *   anyone's behalf;
 * - the chair alone ends the scoring early (a member cannot finish): from then on the submitted
 *   sheets are compiled and the round may close with them (docs/decisions/030);
 * - results (every member's total) only after the round closes, to organisers and seat holders;
 *   a dossier's tally before that only once it is compiled (tally.ts);
 * - everyone else (producers included): 404, so neither rounds nor scores leak.
 */
export type Seat = (typeof COUNCIL_ROLES)[number];
export interface RoundRef {
  level: 'province' | 'national'; provinceCode: string | null; status: 'planning' | 'scoring' | 'closed';
  /** When the chair ended the scoring (absent or null: not ended). */
  scoringEndedAt?: Date | null | undefined;
}

/**
 * Roles whose users may hold a council seat. Within them, by the round's level (the repository's
 * `seatable`, one rule for the list offered and the service): a province round seats national
 * administrators, council members of that province or of none, and officers of the province and
 * its communes — never someone of another province (issue 18, item 10); a national round seats
 * council members, national administrators and province officers of every province.
 */
export const SEAT_ROLES: readonly Role[] = ['council_member', 'national_admin', 'province_officer', 'commune_officer'];
/** Roles that use the rounds pages and lists at all. */
export const ROUND_ROLES = ['national_admin', 'province_officer', 'commune_officer', 'council_member'] as const;

export function isOrganiser(actor: Actor, round: Pick<RoundRef, 'level' | 'provinceCode'>): boolean {
  if (actor.role === 'national_admin') return true;
  return actor.role === 'province_officer' && round.level === 'province' && actor.areaCode !== null && actor.areaCode === round.provinceCode;
}

/** May this actor create a round at that level / province? */
export function mayCreate(actor: Actor, level: 'province' | 'national', provinceCode: string | null): boolean {
  if (actor.role === 'national_admin') return true;
  return level === 'province' && isOrganiser(actor, { level, provinceCode });
}

export function canSee(actor: Actor, round: RoundRef, seat: Seat | null): boolean {
  return isOrganiser(actor, round) || seat !== null;
}

/** The actions this actor may take on the round now (also drives the buttons on the pages). */
export function allowedActions(actor: Actor, round: RoundRef, seat: Seat | null): RoundAction[] {
  const org = isOrganiser(actor, round);
  const lead = seat === 'chair' || seat === 'secretary';
  const out: RoundAction[] = [];
  if (org && round.status === 'planning') out.push('manage', 'open');
  if (seat === 'chair' && round.status === 'scoring' && !round.scoringEndedAt) out.push('end_scoring');
  if ((org || lead) && round.status === 'scoring') out.push('close');
  if ((org || lead) && round.status !== 'planning') out.push('board');
  if (lead && round.status === 'scoring') out.push('rescore');
  if ((org || seat !== null) && round.status !== 'closed') out.push('declare_conflict');
  if ((org || seat === 'secretary') && round.status !== 'closed') out.push('field_visit');
  if ((org || seat !== null) && round.status === 'closed') out.push('results');
  return out;
}

/** 404 when the round is not the caller's business. */
export function assertSee(actor: Actor, round: RoundRef, seat: Seat | null): void {
  if (!canSee(actor, round, seat)) throw new AppError('not_found', 'round not found');
}

/** The action must be allowed: 404 when the round is invisible, 409 when its state forbids it, else 403. */
export function assertAction(actor: Actor, round: RoundRef, seat: Seat | null, action: RoundAction): void {
  assertSee(actor, round, seat);
  if (allowedActions(actor, round, seat).includes(action)) return;
  // Would it be allowed in another state? Then it is the state, not the person.
  for (const status of ['planning', 'scoring', 'closed'] as const) {
    if (status !== round.status && allowedActions(actor, { ...round, status }, seat).includes(action)) {
      throw new AppError('invalid_transition', `not possible while the round is ${round.status}`, undefined, { reason: 'round_status', status: round.status });
    }
  }
  throw new AppError('forbidden', 'not allowed');
}

/**
 * The rounds an actor may list: every round (national_admin); the province rounds of their
 * province and the rounds they sit on (province_officer); only the rounds they sit on (commune
 * officers and council members); none for anyone else. Logical columns: 'level', 'province';
 * fact 'seated' = the user holds a seat in the round's council (defined by council.repository).
 */
export function roundScope(actor: Actor): RowScope {
  const seated = fact('seated', actor.userId);
  switch (actor.role) {
    case 'national_admin':
      return ALL;
    case 'province_officer':
      return actor.areaCode ? anyOf(allOf(where('level', 'province'), where('province', actor.areaCode)), seated) : seated;
    case 'commune_officer':
    case 'council_member':
      return seated;
    default:
      return NONE;
  }
}
