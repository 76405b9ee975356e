/**
 * Who may do what on the marketplace. Deny unless a rule below allows:
 * - a shop and its listings are kept by the producer's own accounts, and on its behalf by the
 *   officers who keep that producer in the registry (national administrators anywhere, province
 *   officers in their province, commune officers in their commune);
 * - a shop's orders are worked (confirm, ship, mark paid …) by the same people;
 * - the floor (listings on sale, shop pages) is public; so is following an order by its code
 *   and the buyer's phone; a signed-in buyer also sees the orders placed from their account;
 * - officers read shops and sales figures in their area (inspectors too, read only);
 * - anything out of reach answers 404, so existence does not leak.
 */
import type { Actor } from '../../context';
import { can, type Located } from '../registry/registry.policy';

/** Roles that may keep a shop (their own, or on a producer's behalf). */
export const SHOP_KEEPERS = ['producer', 'national_admin', 'province_officer', 'commune_officer'] as const;
/** Roles that read the shops of their area. */
export const SHOP_READERS = ['national_admin', 'province_officer', 'commune_officer', 'inspector'] as const;

/** May the actor keep the shop of a producer located there? */
export const canKeepShop = (actor: Actor, producer: Located): boolean =>
  (SHOP_KEEPERS as readonly string[]).includes(actor.role) && can(actor, 'write', producer);

/** May the actor read the shop (its orders, figures)? */
export const canReadShop = (actor: Actor, producer: Located): boolean =>
  canKeepShop(actor, producer) || (actor.role === 'inspector' && can(actor, 'read', producer));

/** The province whose shops an officer lists (null: all, for national roles); undefined: none. */
export function shopListScope(actor: Actor): string | null | undefined {
  if (actor.role === 'national_admin' || (actor.role === 'inspector' && actor.areaCode === null)) return null;
  if (actor.role === 'province_officer' || actor.role === 'commune_officer' || actor.role === 'inspector') return actor.provinceCode ?? undefined;
  return undefined;
}
