import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { Db } from '../../db/client';
import { SEED_DIR } from '../../paths';
import { nameKey, normalizeVi } from '../../domain/text';
import { referenceDataVersion, saveReferenceData, type AreaInsert, type SuccessionInsert } from './reference-data.repository';

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
  ['areas', 'province-mergers-2025.csv'], ['areas', 'commune-mergers-2025.csv'], ['areas', 'units-2019-2025.csv'],
  ['classification', 'product-sets-148.csv'], ['classification', 'product-sets-1048.csv'],
] as const;

function shippedVersion(): string {
  const h = createHash('sha256');
  for (const f of FILES) h.update(readFileSync(join(SEED_DIR, ...f)));
  return h.digest('hex').slice(0, 16);
}

/**
 * Load the shipped areas and classifications when the database holds an older version.
 * Upserts, so units added by `ocop import areas` survive.
 */
export async function ensureReferenceData(db: Db): Promise<'loaded' | 'current'> {
  const version = shippedVersion();
  if ((await referenceDataVersion(db)) === version) return 'current';

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
  const history = readCsv('areas', 'units-2019-2025.csv').map((r) => ({
    level: r.level as 'province' | 'district' | 'commune', code: r.code!, name: r.name!, kind: r.kind!,
    parentCode: r.parent_code || null, firstListed: r.first_listed!, lastListed: r.last_listed!,
  }));
  const sets = (Object.keys(CLASSIFICATIONS) as ClassificationCode[]).flatMap((classification) =>
    readCsv('classification', CLASSIFICATIONS[classification].file).map((r) => ({
      classification, code: r.code!, name: r.name!, groupName: r.group!, topGroup: r.top_group_code!,
      topGroupName: r.top_group!, leadMinistry: r.lead_ministry || null, nameKey: nameKey(r.name!),
    })));

  await saveReferenceData(db, { provinces, communes, successions, history, sets, version });
  return 'loaded';
}
