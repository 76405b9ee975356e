import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { SEED_DIR } from '../../paths';
import { nameKey, normalizeVi } from '../../domain/text';
import { appSettings } from '../ops/ops.tables';
import { areas, areaSuccessions, productSets } from './registry.tables';

/** Classification codes: the instrument that defines the product sets. */
export const CLASSIFICATIONS = {
  '148-2023': { title: 'QĐ 148/QĐ-TTg (2023)', file: 'product-sets-148.csv' },
  '1048-2019': { title: 'QĐ 1048/QĐ-TTg (2019)', file: 'product-sets-1048.csv' },
} as const;
export type ClassificationCode = keyof typeof CLASSIFICATIONS;
export const CURRENT_CLASSIFICATION: ClassificationCode = '148-2023';

function readCsv(...path: string[]): Record<string, string>[] {
  return parse(readFileSync(join(SEED_DIR, ...path)), { columns: true, bom: true, skip_empty_lines: true });
}

const FILES = [
  ['areas', 'provinces-2025.csv'], ['areas', 'communes-2025.csv'],
  ['areas', 'province-mergers-2025.csv'], ['areas', 'commune-mergers-2025.csv'],
  ['classification', 'product-sets-148.csv'], ['classification', 'product-sets-1048.csv'],
] as const;

function shippedVersion(): string {
  const h = createHash('sha256');
  for (const f of FILES) h.update(readFileSync(join(SEED_DIR, ...f)));
  return h.digest('hex').slice(0, 16);
}

async function chunked<T>(items: T[], size: number, fn: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await fn(items.slice(i, i + size));
}

/**
 * Load the shipped areas and classifications when the database holds an older version.
 * Upserts, so units added by `ocop import areas` survive.
 */
export async function ensureReferenceData(db: Db): Promise<'loaded' | 'current'> {
  const version = shippedVersion();
  const [current] = await db.select().from(appSettings).where(eq(appSettings.key, 'reference_data_version'));
  if (current?.value === version) return 'current';

  type AreaInsert = typeof areas.$inferInsert;
  type SuccessionInsert = typeof areaSuccessions.$inferInsert;
  const provinces: AreaInsert[] = readCsv('areas', 'provinces-2025.csv').map((r) => ({
    code: r.code!, name: r.name!, kind: r.kind!, level: 'province', parentCode: null,
  }));
  const communes: AreaInsert[] = readCsv('areas', 'communes-2025.csv').map((r) => ({
    code: r.code!, name: r.name!, kind: r.kind!, level: 'commune', parentCode: r.province_code!,
  }));
  const succession = (level: 'province' | 'commune') => (r: Record<string, string>): SuccessionInsert => ({
    oldLevel: level, oldCode: r.old_code!, oldName: r.old_name!, newCode: r.code!,
    mergeType: r.merge_type === 'partial' ? 'partial' : 'full', oldNameKey: normalizeVi(r.old_name!),
  });
  const successions = [
    ...readCsv('areas', 'province-mergers-2025.csv').map(succession('province')),
    ...readCsv('areas', 'commune-mergers-2025.csv').map(succession('commune')),
  ];
  const sets = (Object.keys(CLASSIFICATIONS) as ClassificationCode[]).flatMap((classification) =>
    readCsv('classification', CLASSIFICATIONS[classification].file).map((r) => ({
      classification, code: r.code!, name: r.name!, groupName: r.group!, topGroup: r.top_group_code!,
      topGroupName: r.top_group!, leadMinistry: r.lead_ministry || null, nameKey: nameKey(r.name!),
    })));

  await db.transaction(async (tx) => {
    const upsertAreas = (chunk: AreaInsert[]) => tx.insert(areas).values(chunk).onConflictDoUpdate({
      target: areas.code,
      set: { name: sql`excluded.name`, kind: sql`excluded.kind`, level: sql`excluded.level`, parentCode: sql`excluded.parent_code`, updatedAt: sql`now()` },
    });
    await upsertAreas(provinces);
    await chunked(communes, 1000, upsertAreas);
    await chunked(successions, 1000, (chunk) => tx.insert(areaSuccessions).values(chunk).onConflictDoNothing());
    await tx.insert(productSets).values(sets).onConflictDoUpdate({
      target: [productSets.classification, productSets.code],
      set: { name: sql`excluded.name`, groupName: sql`excluded.group_name`, topGroup: sql`excluded.top_group`, topGroupName: sql`excluded.top_group_name`, leadMinistry: sql`excluded.lead_ministry`, nameKey: sql`excluded.name_key` },
    });
    await tx.insert(appSettings).values({ key: 'reference_data_version', value: version })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: version, updatedAt: sql`now()` } });
  });
  return 'loaded';
}
