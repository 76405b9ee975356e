// The one schema: each module owns its tables; this index is what Drizzle and drizzle-kit see.
export * from '../modules/registry/registry.tables';
export * from '../modules/identity/identity.tables';
export * from '../modules/audit/audit.tables';
export * from '../modules/certification/certification.tables';
export * from '../modules/imports/imports.tables';
export * from './settings.tables';
export * from '../modules/criteria/criteria.tables';
export * from '../modules/cycle/cycle.tables';
export * from '../modules/dossier/dossier.tables';
export * from '../modules/council/council.tables';
export * from '../modules/stamps/stamps.tables';
export * from '../modules/portal/portal.tables';
export * from '../modules/outlets/outlets.tables';
export * from '../modules/targets/targets.tables';
export * from '../modules/training/training.tables';
export * from '../modules/inspections/inspections.tables';
export * from '../modules/support/support.tables';
