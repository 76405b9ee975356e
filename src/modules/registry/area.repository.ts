import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { areas, areaSuccessions } from './registry.tables';
import { normalizeVi } from '../../domain/text';
import { containsWords } from '../../db/search';

export type AreaRow = typeof areas.$inferSelect;

export async function findArea(ctx: Ctx, code: string): Promise<AreaRow | null> {
  const [row] = await exec(ctx).select().from(areas).where(eq(areas.code, code)).limit(1);
  return row ?? null;
}

export interface AreaQuery { level?: 'province' | 'commune' | undefined; parent?: string | undefined; q?: string | undefined; limit: number; offset: number }

export async function listAreas(ctx: Ctx, query: AreaQuery) {
  const conds: (SQL | undefined)[] = [];
  if (query.level) conds.push(eq(areas.level, query.level));
  if (query.parent) conds.push(eq(areas.parentCode, query.parent));
  if (query.q) conds.push(containsWords(areas.searchText, query.q));
  const where = and(...conds);
  const db = exec(ctx);
  const [items, [count]] = await Promise.all([
    db.select().from(areas).where(where).orderBy(asc(areas.level), asc(areas.code)).limit(query.limit).offset(query.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(areas).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

/** Today's units that an old (pre-July-2025) code or name became. */
export async function findSuccessors(ctx: Ctx, oldCodeOrName: string) {
  // "Hà Giang" matches "Tỉnh Hà Giang": names are compared without their unit prefix.
  const key = normalizeVi(oldCodeOrName);
  if (!key) return [];
  return rows<{ old_level: string; old_code: string; old_name: string; merge_type: string; code: string; name: string; level: string; parent_code: string | null }>(exec(ctx), sql`
    select s.old_level, s.old_code, s.old_name, s.merge_type, a.code, a.name, a.level, a.parent_code
    from ${areaSuccessions} s join ${areas} a on a.code = s.new_code
    where s.old_code = ${oldCodeOrName} or s.old_name_key = ${key} or s.old_name_key like ${'% ' + key}
    order by s.old_level desc, a.code`);
}
