/**
 * Who may use a buyer's account pages and API. Deny unless a rule below allows:
 * - anyone may sign up as a buyer (rate-limited; the account can do nothing but buy);
 * - a buyer keeps only their own addresses and sees only the orders placed from their account;
 *   another buyer's address or order does not exist for them (404, so existence does not leak);
 * - no other role has addresses or an order history here (officers and producers check out as
 *   guests if they buy).
 */
import type { Actor } from '../../context';

/** The roles of the account routes (`config.access`). */
export const BUYERS = ['buyer'] as const;

/** Is the actor a signed-in buyer (their own account pages, kept addresses at checkout)? */
export const isBuyer = (actor: Actor | null): actor is Actor => actor?.role === 'buyer';

/** May the actor keep (read, change, delete) this address? */
export const ownsAddress = (actor: Actor | null, address: { userId: string }): boolean =>
  isBuyer(actor) && address.userId === actor.userId;
