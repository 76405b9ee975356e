/**
 * SAMPLE targets for the demo (seed/demo/targets.json: invented, stored with is_sample = true),
 * for Thanh Hóa (38), one of its communes, Hà Nội and the country, mostly for the current year.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ctx } from '../../context';
import { todayInVietnam } from '../../domain/dates';
import { SEED_DIR } from '../../paths';
import { recordAudit } from '../audit/audit.service';
import type { Indicator } from './targets.tables';
import { areaOf, insertTarget } from './targets.repository';

interface DemoTarget {
  area: string | null;
  indicator: Indicator;
  year?: 'current';
  periodStart?: string;
  periodEnd?: string;
  targetValue: number;
  note: string;
}

export async function loadDemoTargets(ctx: Ctx): Promise<void> {
  const { targets } = JSON.parse(await readFile(join(SEED_DIR, 'demo', 'targets.json'), 'utf8')) as { targets: DemoTarget[] };
  const year = todayInVietnam(ctx.deps.clock()).slice(0, 4);
  for (const d of targets) {
    const periodStart = d.year === 'current' ? `${year}-01-01` : d.periodStart;
    const periodEnd = d.year === 'current' ? `${year}-12-31` : d.periodEnd;
    if (!periodStart || !periodEnd) throw new Error(`demo targets: ${d.indicator} of ${d.area ?? 'the country'} has no period`);
    const area = d.area ? await areaOf(ctx, d.area) : null;
    if (d.area && !area) throw new Error(`demo targets: unknown area ${d.area}`);
    const row = await insertTarget(ctx, {
      areaCode: d.area, indicator: d.indicator, periodStart, periodEnd, targetValue: String(d.targetValue), note: d.note,
      isSample: true, createdBy: ctx.actor?.label ?? 'demo',
    });
    await recordAudit(ctx, {
      action: 'target.create', entityType: 'target', entityId: row.id, provinceCode: area ? (area.level === 'province' ? area.code : area.parentCode) : null,
      after: { areaCode: d.area, indicator: d.indicator, periodStart, periodEnd, targetValue: d.targetValue, sample: true },
    });
  }
}
