import { resolve } from 'node:path';
import { openDatabase, type OpenOptions } from './db/client';
import { migrateDatabase } from './db/migrate';
import { readEnv, type Env } from './config/env';
import { diskStorage } from './storage';
import { ensureReferenceData } from './modules/registry/reference-data';
import { ensureCriteriaData } from './modules/criteria/criteria-data';
import type { Deps } from './context';

export interface PrepareOptions {
  env?: Env;
  /** Overrides for the database location (CLI flags, tests). */
  database?: OpenOptions;
  /** Skip migrations and reference data (a database known to be ready, e.g. a test snapshot). */
  skipMigrate?: boolean;
  clock?: () => Date;
}

/** Open the database, bring it up to date, and assemble the dependencies every service takes. */
export async function prepare(opts: PrepareOptions = {}): Promise<Deps> {
  const env = opts.env ?? readEnv();
  const dataDir = opts.database?.dataDir ?? env.OCOP_DATA_DIR;
  const database = await openDatabase({
    url: env.DATABASE_URL, readUrl: env.DATABASE_READ_URL, dataDir, ...opts.database,
  });
  try {
    if (!opts.skipMigrate) {
      await migrateDatabase(database);
      await ensureReferenceData(database.db);
      // After the reference data: sheets reference its product sets.
      await ensureCriteriaData(database.db);
    }
  } catch (e) {
    await database.close();
    throw e;
  }
  return {
    database,
    env: { ...env, OCOP_DATA_DIR: dataDir },
    storage: diskStorage(resolve(dataDir, 'uploads')),
    clock: opts.clock ?? (() => new Date()),
  };
}
