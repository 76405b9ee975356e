// The one schema: each module owns its tables; this index is what Drizzle and drizzle-kit see.
export * from '../modules/registry/registry.tables';
export * from '../modules/identity/identity.tables';
export * from '../modules/certification/certification.tables';
export * from '../modules/imports/imports.tables';
export * from '../modules/ops/ops.tables';
export * from '../modules/criteria/criteria.tables';
export * from '../modules/cycle/cycle.tables';
