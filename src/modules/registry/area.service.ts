import type { Ctx } from '../../context';
import * as repo from './area.repository';

export type { AreaRow, AreaQuery } from './area.repository';

/** Administrative units, filtered and paged (public reference data). */
export const listAreas = (ctx: Ctx, query: repo.AreaQuery) => repo.listAreas(ctx, query);

/** Today's units that an old (pre-July-2025) code or name became. */
export const findSuccessors = (ctx: Ctx, oldCodeOrName: string) => repo.findSuccessors(ctx, oldCodeOrName);

export const findArea = (ctx: Ctx, code: string) => repo.findArea(ctx, code);

/**
 * The communes a form offers the actor: officers scoped to a province pick from its communes (a
 * commune officer only their own); others (null) type the code.
 */
export async function communeChoices(ctx: Ctx): Promise<{ value: string; label: string }[] | null> {
  const actor = ctx.actor;
  const province = actor?.role === 'province_officer' ? actor.areaCode : actor?.role === 'commune_officer' ? actor.provinceCode : null;
  if (!province) return null;
  const { items } = await repo.listAreas(ctx, { level: 'commune', parent: province, limit: 500, offset: 0 });
  return items
    .filter((a) => actor?.role !== 'commune_officer' || a.code === actor.areaCode)
    .map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }));
}
