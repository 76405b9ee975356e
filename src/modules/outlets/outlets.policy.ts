/**
 * Who may see and keep the register of points of sale. Deny unless a rule below allows:
 * - registering, editing, closing, deleting and listing products: national administrators
 *   anywhere; province officers in their province; commune officers in their commune;
 * - reading: the same, and inspectors in their scope (national when unscoped);
 * - everyone else: nothing (the public sees open outlets on product pages only);
 * - out-of-scope reads by id answer 404 so existence does not leak.
 */
export { areaRowScope, canManageArea, canReadArea, type AreaTarget } from '../registry/area-kept.policy';

export const OUTLET_WRITERS = ['national_admin', 'province_officer', 'commune_officer'] as const;
export const OUTLET_READERS = ['national_admin', 'province_officer', 'commune_officer', 'inspector'] as const;

