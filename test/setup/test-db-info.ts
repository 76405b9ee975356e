/**
 * What the global setup hands to test files (vitest `provide` → `inject`): where the one migrated
 * database lives that every test file copies.
 */
export type TestDbInfo =
  | {
    engine: 'pglite';
    /** A dumped (uncompressed tar) PGlite data dir: migrated, reference data loaded. */
    snapshot: string;
  }
  | {
    engine: 'postgres';
    /** Connection string of the server's admin database (the DATABASE_URL the run was given). */
    adminUrl: string;
    /** Migrated template database; each test file gets `CREATE DATABASE … TEMPLATE <template>`. */
    template: string;
    /** Name prefix of this run's per-file databases (dropped together at teardown). */
    prefix: string;
  };

declare module 'vitest' {
  export interface ProvidedContext {
    ocopTestDb: TestDbInfo;
  }
}

export const PROVIDE_KEY = 'ocopTestDb' as const;

/** The same server, another database. */
export function databaseUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Identifiers we create are [a-z0-9_] only; quote anyway. */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
