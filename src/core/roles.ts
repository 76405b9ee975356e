/** The roles of the platform (api.md "Roles"); every layer may name them. */
export const ROLES = [
  'national_admin', 'province_officer', 'commune_officer', 'council_member', 'inspector', 'producer', 'buyer',
] as const;
export type Role = (typeof ROLES)[number];
