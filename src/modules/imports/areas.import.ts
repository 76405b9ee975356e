/**
 * `areas`: adds or updates administrative units (national administrators only). Provinces have
 * 2-digit codes, communes 5-digit codes and a parent province (in the database or the file).
 */
import { normalizeVi } from '../../domain/text';
import * as repo from './import.repository';
import * as f from './fields';
import type { ImportPlan, KindContext } from './import.context';
import type { DataRow } from './parse';

const LEVELS: Record<string, 'province' | 'commune'> = {
  province: 'province', tinh: 'province', 'thanh pho': 'province', 'cap tinh': 'province',
  commune: 'commune', xa: 'commune', phuong: 'commune', 'dac khu': 'commune', 'cap xa': 'commune',
};

const DEFAULT_KIND = { province: 'Tỉnh', commune: 'Xã' } as const;

export async function planAreas(k: KindContext, dataRows: DataRow[]): Promise<ImportPlan | null> {
  const parsed: (repo.AreaRow & { row: number })[] = [];
  const seen = new Map<string, number>();
  for (const r of dataRows) {
    const rd = new f.RowReader(r.values, (field, p) => k.errors.addProblem(r.row, field, p));
    const levelRaw = rd.raw('level');
    const level = LEVELS[normalizeVi(levelRaw)];
    if (levelRaw === '') rd.problem('level', 'import.required');
    else if (!level) rd.problem('level', 'import.level');
    // Unit codes must be exact here (no restored leading zeros): they become identifiers.
    const code = rd.raw('code');
    if (code === '') rd.problem('code', 'import.required');
    else if (level && !(level === 'province' ? /^\d{2}$/ : /^\d{5}$/).test(code)) rd.problem('code', 'import.area_code');
    const name = rd.get('name', (v) => f.requiredText(v, f.MAX_TEXT.name));
    const kind = rd.get('kind', (v) => f.text(v, f.MAX_TEXT.short));
    const parentCode = f.areaCode(rd.raw('parent_code'), 2);
    if (level === 'province' && parentCode !== '') rd.problem('parent_code', 'import.parent_for_province');
    if (level === 'commune' && parentCode === '') rd.problem('parent_code', 'import.required');
    if (k.errors.hasRow(r.row)) continue;
    const first = seen.get(code);
    if (first !== undefined) { k.errors.add(r.row, 'code', 'import.duplicate_row', { row: first }); continue; }
    seen.set(code, r.row);
    parsed.push({ row: r.row, code, name: name!, kind: kind || DEFAULT_KIND[level!], level: level!, parentCode: level === 'commune' ? parentCode : null });
  }
  const fileProvinces = new Set(parsed.filter((a) => a.level === 'province').map((a) => a.code));
  let created = 0;
  for (const a of parsed) {
    const stored = k.ref.areas.get(a.code);
    if (stored && stored.level !== a.level) k.errors.add(a.row, 'level', 'import.level_change');
    if (!stored) created++;
    if (a.level === 'commune' && !fileProvinces.has(a.parentCode!) && k.ref.areas.get(a.parentCode!)?.level !== 'province') {
      k.errors.add(a.row, 'parent_code', 'import.unknown_parent', { code: a.parentCode! });
    }
  }
  if (k.errors.size) return null;
  // Provinces first: communes reference them.
  const ordered = [...parsed.filter((a) => a.level === 'province'), ...parsed.filter((a) => a.level === 'commune')]
    .map(({ row: _row, ...a }) => a);
  return {
    work: ordered.length,
    async write(tx, progress) {
      await repo.upsertAreas(tx, ordered, progress.advance);
      return { rows: dataRows.length, created, updated: ordered.length - created };
    },
  };
}
