import { and, eq, gte, lte, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { rows } from '../../db/client';
import type { UnitHistoryRow, UnitLevel } from '../../domain/admin-units';
import { areas, areaSuccessions, areaUnitsHistory } from './registry.tables';

/** Every pre-reform unit (13,000 rows: small enough to read whole for an import). */
export async function loadUnitHistory(ctx: Ctx): Promise<UnitHistoryRow[]> {
  return exec(ctx).select({
    level: areaUnitsHistory.level, code: areaUnitsHistory.code, name: areaUnitsHistory.name, kind: areaUnitsHistory.kind,
    parentCode: areaUnitsHistory.parentCode, firstListed: areaUnitsHistory.firstListed, lastListed: areaUnitsHistory.lastListed,
  }).from(areaUnitsHistory);
}

/** The 2025 successions of old communes: old code → today's commune (several for a split). */
export async function loadCommuneSuccessions(ctx: Ctx) {
  return exec(ctx).select({ oldCode: areaSuccessions.oldCode, newCode: areaSuccessions.newCode, newName: areas.name, mergeType: areaSuccessions.mergeType })
    .from(areaSuccessions).innerJoin(areas, eq(areas.code, areaSuccessions.newCode)).where(eq(areaSuccessions.oldLevel, 'commune'));
}

/** The unit of a level and code listed on a list date. */
export async function unitOnList(ctx: Ctx, level: UnitLevel, code: string, listDate: string) {
  const [row] = await exec(ctx).select().from(areaUnitsHistory).where(and(
    eq(areaUnitsHistory.level, level), eq(areaUnitsHistory.code, code),
    lte(areaUnitsHistory.firstListed, listDate), gte(areaUnitsHistory.lastListed, listDate),
  )).limit(1);
  return row ?? null;
}

/** The list dates of the history (sorted). */
export async function listDates(ctx: Ctx): Promise<string[]> {
  const found = await rows<{ d: string }>(exec(ctx), sql`
    select d from (select first_listed::text as d from ${areaUnitsHistory} union select last_listed::text from ${areaUnitsHistory}) x order by d`);
  return found.map((r) => r.d);
}

/** How many districts and communes an old province had on a list date. */
export async function countUnitsOnList(ctx: Ctx, provinceCode: string, listDate: string): Promise<{ districts: number; communes: number }> {
  const [row] = await rows<{ districts: number; communes: number }>(exec(ctx), sql`
    with d as (
      select code from ${areaUnitsHistory}
      where level = 'district' and parent_code = ${provinceCode} and first_listed <= ${listDate} and last_listed >= ${listDate})
    select (select count(*)::int from d) as districts,
      (select count(*)::int from ${areaUnitsHistory} c
        where c.level = 'commune' and c.parent_code in (select code from d)
          and c.first_listed <= ${listDate} and c.last_listed >= ${listDate}) as communes`);
  return row ?? { districts: 0, communes: 0 };
}
