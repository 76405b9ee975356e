/** The areas the statistics form offers the caller (data only; the view names the groups). */
import type { Actor, Ctx } from '../../context';
import type { ReportArea } from './report-scope';
import { communeRows, findAreaRow, provinceRows } from './reports.repository';

export interface AreaChoice { value: string; label: string }
/** A group of the area select: `communesOf` names the province of a group of communes; `country` adds the whole country first. */
export interface AreaGroup { communesOf?: string; country?: boolean; options: AreaChoice[] }

const choice = (a: { code: string; name: string }): AreaChoice => ({ value: a.code, label: a.name });

/** The areas the caller may choose, grouped: the country and provinces, or a province and its communes. */
export async function statisticsAreaGroups(ctx: Ctx, actor: Actor, area: ReportArea | null): Promise<AreaGroup[]> {
  const national = actor.role === 'national_admin' || (actor.role === 'inspector' && actor.areaCode === null);
  if (national) {
    const provinces = await provinceRows(ctx);
    const groups: AreaGroup[] = [{ country: true, options: provinces.map(choice) }];
    if (area?.provinceCode) {
      const province = provinces.find((p) => p.code === area.provinceCode);
      const communes = await communeRows(ctx, area.provinceCode);
      groups.push({ communesOf: province?.name ?? area.provinceCode, options: communes.map(choice) });
    }
    return groups;
  }
  if (!actor.areaCode) return [];
  const own = await findAreaRow(ctx, actor.areaCode);
  if (!own) return [];
  if (own.level === 'commune') return [{ options: [choice(own)] }];
  const communes = await communeRows(ctx, own.code);
  return [{ options: [choice(own)] }, { communesOf: own.name, options: communes.map(choice) }];
}
