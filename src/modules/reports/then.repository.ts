/**
 * Reports in the units of their date (api.md `units=then`): the pre-reform province, district
 * or commune an area code named on the list in force on `asOf`, the certified products placed by
 * the units stored with each certificate, and the units' totals on that list.
 */
import { sql, type SQL } from 'drizzle-orm';
import { readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';
import type { ProducerKind } from '../../domain/producer-kind';
import type { UnitLevel } from '../../domain/admin-units';
import { validOnDay } from './certified-on.repository';

export interface ThenUnitRow { level: UnitLevel; code: string; name: string; parent_code: string | null; province_code: string | null }

const inForce = (alias: SQL, list: string) => sql`${alias}.first_listed <= ${list}::date and ${alias}.last_listed >= ${list}::date`;

/** The list dates of the pre-reform units. */
export async function listDates(ctx: Ctx): Promise<string[]> {
  const found = await rows<{ d: string }>(readDb(ctx), sql`
    select d from (select first_listed::text as d from area_units_history union select last_listed::text from area_units_history) x order by d`);
  return found.map((r) => r.d);
}

/** The unit a code named on a list (a 2-digit province, 3-digit district or 5-digit commune code), with its province. */
export async function unitOnList(ctx: Ctx, code: string, list: string): Promise<ThenUnitRow | null> {
  const level: UnitLevel = code.length === 2 ? 'province' : code.length === 3 ? 'district' : 'commune';
  const [row] = await rows<ThenUnitRow>(readDb(ctx), sql`
    select u.level, u.code, u.name, u.parent_code,
      case u.level when 'province' then u.code when 'district' then u.parent_code
        else (select d.parent_code from area_units_history d where d.level = 'district' and d.code = u.parent_code and ${inForce(sql`d`, list)} limit 1) end as province_code
    from area_units_history u where u.level = ${level} and u.code = ${code} and ${inForce(sql`u`, list)} limit 1`);
  return row ?? null;
}

/** Today's provinces an old province became (one: provinces merged whole). */
export async function successorProvinces(ctx: Ctx, oldCode: string): Promise<string[]> {
  const found = await rows<{ new_code: string }>(readDb(ctx), sql`
    select new_code from area_successions where old_level = 'province' and old_code = ${oldCode}`);
  return found.map((r) => r.new_code);
}

/** Today's communes an old commune became. */
export async function successorCommunes(ctx: Ctx, oldCode: string): Promise<string[]> {
  const found = await rows<{ new_code: string }>(readDb(ctx), sql`
    select new_code from area_successions where old_level = 'commune' and old_code = ${oldCode}`);
  return found.map((r) => r.new_code);
}

/** The districts and communes inside a unit on a list (a district: 0 districts; a commune: 1 commune). */
export async function unitTotals(ctx: Ctx, unit: Pick<ThenUnitRow, 'level' | 'code'> | null, list: string): Promise<{ districts: number; communes: number }> {
  if (unit?.level === 'commune') return { districts: 0, communes: 1 };
  const districtFilter = unit === null ? sql`true` : unit.level === 'province' ? sql`d.parent_code = ${unit.code}` : sql`d.code = ${unit.code}`;
  const [row] = await rows<{ districts: number; communes: number }>(readDb(ctx), sql`
    with d as (select d.code from area_units_history d where d.level = 'district' and ${districtFilter} and ${inForce(sql`d`, list)})
    select (select count(*)::int from d) as districts,
      (select count(*)::int from area_units_history c where c.level = 'commune' and c.parent_code in (select code from d) and ${inForce(sql`c`, list)}) as communes`);
  return { districts: unit?.level === 'district' ? 1 : Number(row?.districts ?? 0), communes: Number(row?.communes ?? 0) };
}

export interface ThenTotalRow {
  g: number; kind: ProducerKind | null;
  products: number; s3: number; s4: number; s5: number; p5: number; producers: number; communes: number; districts: number;
}

/**
 * The products certified on `asOf` in a unit of that date, by the units stored with each
 * certificate: communes and districts counted only when their unit was in force on the list
 * (a commune merged away between the issue date and `asOf` still counts in its province).
 */
export function certifiedThen(ctx: Ctx, unit: Pick<ThenUnitRow, 'level' | 'code'> | null, asOf: string, list: string): Promise<ThenTotalRow[]> {
  const where = unit === null ? sql`c.province_code_then is not null`
    : unit.level === 'province' ? sql`c.province_code_then = ${unit.code}`
      : unit.level === 'district' ? sql`c.district_code_then = ${unit.code}` : sql`c.commune_code_then = ${unit.code}`;
  return rows<ThenTotalRow>(readDb(ctx), sql`
    with v as (
      select distinct on (c.product_id) c.product_id, c.stars, c.potential_five_star, c.commune_code_then, c.district_code_then,
        p.producer_id, pr.kind as producer_kind
      from certificates c
      join products p on p.id = c.product_id
      join producers pr on pr.id = p.producer_id
      where ${validOnDay(asOf)} and ${where}
      order by c.product_id, c.stars desc, c.issued_on desc),
    cm as (select code from area_units_history u where u.level = 'commune' and ${inForce(sql`u`, list)}),
    ds as (select code from area_units_history u where u.level = 'district' and ${inForce(sql`u`, list)})
    select grouping(v.producer_kind)::int as g, v.producer_kind as kind,
      count(*)::int as products,
      (count(*) filter (where v.stars = 3))::int as s3,
      (count(*) filter (where v.stars = 4))::int as s4,
      (count(*) filter (where v.stars = 5))::int as s5,
      (count(*) filter (where v.stars = 4 and v.potential_five_star))::int as p5,
      count(distinct v.producer_id)::int as producers,
      count(distinct cm.code)::int as communes,
      count(distinct ds.code)::int as districts
    from v left join cm on cm.code = v.commune_code_then left join ds on ds.code = v.district_code_then
    group by grouping sets ((), (v.producer_kind))`);
}

export interface DistrictThenRow { code: string; name: string; products: number; communes_with: number; communes_total: number }

/** An old province's districts on the list, each with its certified products on `asOf` and communes with products / communes then. */
export function districtsThen(ctx: Ctx, provinceCode: string, asOf: string, list: string): Promise<DistrictThenRow[]> {
  return rows<DistrictThenRow>(readDb(ctx), sql`
    with v as (
      select distinct on (c.product_id) c.product_id, c.district_code_then, c.commune_code_then
      from certificates c
      where ${validOnDay(asOf)} and c.province_code_then = ${provinceCode}
      order by c.product_id, c.stars desc, c.issued_on desc),
    ds as (select u.code, u.name from area_units_history u where u.level = 'district' and u.parent_code = ${provinceCode} and ${inForce(sql`u`, list)}),
    cm as (select u.code, u.parent_code from area_units_history u where u.level = 'commune' and u.parent_code in (select code from ds) and ${inForce(sql`u`, list)})
    select d.code, d.name,
      (select count(*)::int from v where v.district_code_then = d.code) as products,
      (select count(distinct v.commune_code_then)::int from v join cm on cm.code = v.commune_code_then where cm.parent_code = d.code) as communes_with,
      (select count(*)::int from cm where cm.parent_code = d.code) as communes_total
    from ds d order by d.code`);
}

/** The old provinces that became today's province (2025 successions). */
export async function predecessorProvinces(ctx: Ctx, provinceCode: string): Promise<string[]> {
  const found = await rows<{ old_code: string }>(readDb(ctx), sql`
    select old_code from area_successions where old_level = 'province' and new_code = ${provinceCode} order by old_code`);
  return found.map((r) => r.old_code);
}
