import { eq } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import type { UnitHistoryRow } from '../../domain/admin-units';
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
