/**
 * Who may keep and read training courses: the common rule of area-kept registers
 * (registry/area-kept.policy.ts) — national administrators anywhere, province officers in their
 * province, commune officers in their commune; inspectors read in their scope.
 */
import { OUTLET_WRITERS } from '../outlets/outlets.policy';

export const TRAINING_WRITERS = OUTLET_WRITERS;
export const TRAINING_READERS = ['national_admin', 'province_officer', 'commune_officer', 'inspector'] as const;
