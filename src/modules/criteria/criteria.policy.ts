import type { Actor } from '../../context';

/**
 * The rulebook is public to read (the rules every producer is scored by). Only national
 * administrators draft, publish or confirm it: the criteria are set by the Prime Minister's
 * decisions and must be the same in every province.
 */
export function canAuthorCriteria(actor: Actor): boolean {
  return actor.role === 'national_admin';
}
