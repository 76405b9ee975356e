/** Storage of targets (targets.tables.ts): rows with their area, a page of them, writes guarded by version. */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { exec, readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';
import type { RowScope } from '../../core/scope';
import { scopeWhere } from '../../db/scope';
import { targets } from './targets.tables';

export type TargetRow = typeof targets.$inferSelect;
export type NewTarget = typeof targets.$inferInsert;

export interface TargetView {
  row: TargetRow;
  areaName: string | null;
  areaLevel: 'province' | 'commune' | null;
  areaParent: string | null;
}

interface RawView {
  id: string; area_code: string | null; indicator: TargetRow['indicator']; period_start: string; period_end: string;
  target_value: string; note: string; is_sample: boolean; created_by: string; version: number;
  created_at: string | Date; updated_at: string | Date;
  area_name: string | null; area_level: 'province' | 'commune' | null; area_parent: string | null;
}

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const ts = (v: string | Date): Date => (v instanceof Date ? v : new Date(v));

function toView(r: RawView): TargetView {
  return {
    row: {
      id: r.id, areaCode: r.area_code, indicator: r.indicator, periodStart: iso(r.period_start), periodEnd: iso(r.period_end),
      targetValue: String(r.target_value), note: r.note, isSample: r.is_sample, createdBy: r.created_by, version: Number(r.version),
      createdAt: ts(r.created_at), updatedAt: ts(r.updated_at),
    },
    areaName: r.area_name, areaLevel: r.area_level, areaParent: r.area_parent,
  };
}

const SELECT = sql`
  select t.id, t.area_code, t.indicator, t.period_start::text as period_start, t.period_end::text as period_end,
    t.target_value::text as target_value, t.note, t.is_sample, t.created_by, t.version, t.created_at, t.updated_at,
    a.name as area_name, a.level as area_level, a.parent_code as area_parent
  from targets t left join areas a on a.code = t.area_code`;

export async function findTarget(ctx: Ctx, id: string): Promise<TargetView | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const db = ctx.tx ?? readDb(ctx);
  const [r] = await rows<RawView>(db, sql`${SELECT} where t.id = ${id}`);
  return r ? toView(r) : null;
}

export interface TargetFilter {
  /** null: national targets only. */
  area?: string | null | undefined;
  indicator?: string | undefined;
  year?: number | undefined;
  /** Targets whose period includes the day. */
  inForceOn?: string | undefined;
}

export async function listTargets(ctx: Ctx, scope: RowScope, f: TargetFilter, page: number, pageSize: number): Promise<{ items: TargetView[]; total: number }> {
  const where: SQL[] = [];
  const scoped = scopeWhere(scope, { area: sql`t.area_code`, parent: sql`a.parent_code` });
  if (scoped) where.push(scoped);
  if (f.area === null) where.push(sql`t.area_code is null`);
  else if (f.area) where.push(sql`t.area_code = ${f.area}`);
  if (f.indicator) where.push(sql`t.indicator = ${f.indicator}`);
  if (f.year) where.push(sql`t.period_start <= ${`${f.year}-12-31`}::date and t.period_end >= ${`${f.year}-01-01`}::date`);
  if (f.inForceOn) where.push(sql`t.period_start <= ${f.inForceOn}::date and t.period_end >= ${f.inForceOn}::date`);
  const cond = where.length ? sql.join(where, sql` and `) : sql`true`;
  const [items, [count]] = await Promise.all([
    rows<RawView>(readDb(ctx), sql`${SELECT} where ${cond}
      order by t.period_end desc, t.area_code nulls first, t.indicator, t.id
      limit ${pageSize} offset ${(page - 1) * pageSize}`),
    rows<{ n: number }>(readDb(ctx), sql`select count(*)::int as n from targets t left join areas a on a.code = t.area_code where ${cond}`),
  ]);
  return { items: items.map(toView), total: Number(count?.n ?? 0) };
}

/** The target with the same area, indicator and period (other than `exceptId`), if any. */
export async function findDuplicate(ctx: Ctx, t: { areaCode: string | null; indicator: string; periodStart: string; periodEnd: string }, exceptId?: string): Promise<string | null> {
  const [r] = await rows<{ id: string }>(ctx.tx ?? readDb(ctx), sql`
    select id from targets where coalesce(area_code, '') = ${t.areaCode ?? ''} and indicator = ${t.indicator}
      and period_start = ${t.periodStart}::date and period_end = ${t.periodEnd}::date
      ${exceptId ? sql`and id <> ${exceptId}` : sql``} limit 1`);
  return r?.id ?? null;
}

export async function insertTarget(ctx: Ctx, values: NewTarget): Promise<TargetRow> {
  const [row] = await exec(ctx).insert(targets).values(values).returning();
  return row!;
}

/** Update when still at `version`; null when it moved on (or is gone). */
export async function updateTargetIf(ctx: Ctx, id: string, version: number, values: Partial<NewTarget>): Promise<TargetRow | null> {
  const [row] = await exec(ctx).update(targets)
    .set({ ...values, version: sql`${targets.version} + 1` })
    .where(and(eq(targets.id, id), eq(targets.version, version))).returning();
  return row ?? null;
}

export async function deleteTargetIf(ctx: Ctx, id: string, version: number): Promise<boolean> {
  const res = await exec(ctx).delete(targets).where(and(eq(targets.id, id), eq(targets.version, version))).returning({ id: targets.id });
  return res.length > 0;
}

export async function areaOf(ctx: Ctx, code: string): Promise<{ code: string; name: string; level: 'province' | 'commune'; parentCode: string | null } | null> {
  const [r] = await rows<{ code: string; name: string; level: 'province' | 'commune'; parent_code: string | null }>(ctx.tx ?? readDb(ctx),
    sql`select code, name, level, parent_code from areas where code = ${code}`);
  return r ? { code: r.code, name: r.name, level: r.level, parentCode: r.parent_code } : null;
}

/** A province and its communes (for the area choice of a province officer's form). */
export async function provinceAndCommunes(ctx: Ctx, province: string): Promise<{ code: string; name: string; level: string }[]> {
  return rows<{ code: string; name: string; level: string }>(readDb(ctx), sql`
    select code, name, level from areas where code = ${province} or (parent_code = ${province} and level = 'commune')
    order by (level = 'province') desc, name`);
}
