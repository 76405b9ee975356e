import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { appSettings } from '../../db/settings.tables';
import { areas, areaSuccessions, areaUnitsHistory, productSets } from './registry.tables';

export type AreaInsert = typeof areas.$inferInsert;
export type SuccessionInsert = typeof areaSuccessions.$inferInsert;
export type HistoryInsert = typeof areaUnitsHistory.$inferInsert;
export type ProductSetInsert = typeof productSets.$inferInsert;

const VERSION_KEY = 'reference_data_version';

/** The version of the reference data the database holds (null: never loaded). */
export async function referenceDataVersion(db: Db): Promise<unknown> {
  const [current] = await db.select().from(appSettings).where(eq(appSettings.key, VERSION_KEY));
  return current?.value ?? null;
}

async function chunked<T>(items: T[], size: number, fn: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await fn(items.slice(i, i + size));
}

export interface ReferenceData {
  provinces: AreaInsert[];
  communes: AreaInsert[];
  successions: SuccessionInsert[];
  /** The pre-reform units of 2019–2025 with their list dates. */
  history: HistoryInsert[];
  sets: ProductSetInsert[];
  version: string;
}

/** Upsert areas, successions and product sets and record the version, in one transaction. */
export async function saveReferenceData(db: Db, d: ReferenceData): Promise<void> {
  await db.transaction(async (tx) => {
    const upsertAreas = (chunk: AreaInsert[]) => tx.insert(areas).values(chunk).onConflictDoUpdate({
      target: areas.code,
      set: { name: sql`excluded.name`, kind: sql`excluded.kind`, level: sql`excluded.level`, parentCode: sql`excluded.parent_code`, updatedAt: sql`now()` },
    });
    await upsertAreas(d.provinces);
    await chunked(d.communes, 1000, upsertAreas);
    await chunked(d.successions, 1000, (chunk) => tx.insert(areaSuccessions).values(chunk).onConflictDoNothing());
    await chunked(d.history, 1000, (chunk) => tx.insert(areaUnitsHistory).values(chunk).onConflictDoUpdate({
      target: [areaUnitsHistory.level, areaUnitsHistory.code, areaUnitsHistory.firstListed],
      set: { name: sql`excluded.name`, kind: sql`excluded.kind`, parentCode: sql`excluded.parent_code`, lastListed: sql`excluded.last_listed` },
    }));
    await tx.insert(productSets).values(d.sets).onConflictDoUpdate({
      target: [productSets.classification, productSets.code],
      set: { name: sql`excluded.name`, groupName: sql`excluded.group_name`, topGroup: sql`excluded.top_group`, topGroupName: sql`excluded.top_group_name`, leadMinistry: sql`excluded.lead_ministry`, nameKey: sql`excluded.name_key` },
    });
    await tx.insert(appSettings).values({ key: VERSION_KEY, value: d.version })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: d.version, updatedAt: sql`now()` } });
  });
}
