/**
 * The summary in the units of its date (api.md `units=then`): before 1 July 2025 the old
 * province, district or commune, with the districts and communes of that date as denominators
 * (docs/decisions/031-administrative-history.md).
 */
import type { Actor, Ctx } from '../../context';
import { fieldError, forbidden, notFound } from '../../errors';
import { beforeReform, listDateOn } from '../../domain/admin-units';
import { COUNTRY_NAME, REPORT_READERS } from './report-scope';
import { headlineOfTotals, type Summary } from './summary.service';
import * as repo from './then.repository';

export interface ThenSummary extends Summary {
  units: 'then';
  /** The date of the unit list the figures are placed by. */
  unitsListedOn: string;
  districts?: { withCertifiedProducts: number; total: number };
}

const AREA_CODE = /^(\d{2}|\d{3}|\d{5})$/;

/** Whether the actor's area today covers the old unit (through the 2025 successions). */
async function covers(ctx: Ctx, actor: Actor, unit: repo.ThenUnitRow): Promise<boolean> {
  if (actor.role === 'national_admin' || (actor.role === 'inspector' && actor.areaCode === null)) return true;
  if (!actor.areaCode) return false;
  const byProvince = actor.role === 'province_officer' || (actor.role === 'inspector' && actor.areaCode.length === 2);
  if (byProvince) return !!unit.province_code && (await repo.successorProvinces(ctx, unit.province_code)).includes(actor.areaCode);
  const byCommune = actor.role === 'commune_officer' || actor.role === 'inspector';
  return byCommune && unit.level === 'commune' && (await repo.successorCommunes(ctx, unit.code)).includes(actor.areaCode);
}

export async function summaryThen(ctx: Ctx, code: string | undefined, asOf: string): Promise<ThenSummary> {
  const actor = ctx.actor;
  if (!actor || !(REPORT_READERS as readonly string[]).includes(actor.role)) throw forbidden();
  const list = listDateOn(await repo.listDates(ctx), asOf);
  if (!list) throw notFound('administrative units of that date');
  const wanted = code?.trim() ?? '';
  let unit: repo.ThenUnitRow | null = null;
  if (wanted === '') {
    if (!(actor.role === 'national_admin' || (actor.role === 'inspector' && actor.areaCode === null))) throw fieldError('area', 'report.area_then_required');
  } else {
    if (!AREA_CODE.test(wanted)) throw fieldError('area', 'report.area_code_then');
    unit = await repo.unitOnList(ctx, wanted, list);
    if (!unit) throw notFound('area');
    if (!(await covers(ctx, actor, unit))) throw forbidden();
  }
  const [grouped, totals] = await Promise.all([repo.certifiedThen(ctx, unit, asOf, list), repo.unitTotals(ctx, unit, list)]);
  const area = { code: unit?.code ?? null, name: unit?.name ?? COUNTRY_NAME };
  const { products, producers, communes } = headlineOfTotals(area, asOf, grouped, totals.communes);
  const districtsWith = Number(grouped.find((r) => r.g === 1)?.districts ?? 0);
  return {
    area, asOf, units: 'then', unitsListedOn: list, products, producers, communes,
    ...(unit?.level === 'commune' ? {} : { districts: { withCertifiedProducts: districtsWith, total: totals.districts } }),
  };
}

export type { DistrictThenRow } from './then.repository';

export interface ThenSection { summary: ThenSummary; districts: repo.DistrictThenRow[] }

/**
 * For a province's report on a date before the reform: each old province that became it, in the
 * units of that date, with its districts (empty from 1/7/2025, and for communes and the country).
 */
export async function thenSections(ctx: Ctx, area: { code: string | null; level: string }, asOf: string): Promise<ThenSection[]> {
  if (!beforeReform(asOf) || area.level !== 'province' || !area.code) return [];
  const list = listDateOn(await repo.listDates(ctx), asOf);
  if (!list) return [];
  const out: ThenSection[] = [];
  for (const old of await repo.predecessorProvinces(ctx, area.code)) {
    out.push({ summary: await summaryThen(ctx, old, asOf), districts: await repo.districtsThen(ctx, old, asOf, list) });
  }
  return out;
}
