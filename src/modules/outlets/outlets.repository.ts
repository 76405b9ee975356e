/**
 * Points of sale (outlets): the rows the public product page shows as "where to buy", and the
 * writes of the demo loader. Reads go to the read replica when there is one.
 */
import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { RowScope } from '../../core/scope';
import { scopeWhere } from '../../db/scope';
import { exec, readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { isUuid } from '../../domain/ids';
import { areas, producers, products } from '../registry/registry.tables';
import { certifiedProducts, validOnDay } from '../reports/certified-on.repository';
import { outletProducts, outlets, type OUTLET_KINDS } from './outlets.tables';

export type OutletKind = (typeof OUTLET_KINDS)[number];

export interface OutletRow {
  id: string;
  name: string;
  kind: OutletKind;
  address: string;
  commune_name: string;
  province_name: string;
  website: string | null;
  phone: string | null;
  is_sample: boolean;
}

/** Open outlets (opened on or before `today`, not closed) that carry the product, OCOP centres first. */
export async function outletsCarrying(ctx: Ctx, productId: string, today: string, limit = 30): Promise<OutletRow[]> {
  return rows<OutletRow>(readDb(ctx), sql`
    select o.id, o.name, o.kind, o.address, com.name as commune_name, prov.name as province_name, o.website, o.phone, o.is_sample
    from ${outletProducts} op
    join ${outlets} o on o.id = op.outlet_id
    join areas com on com.code = o.commune_code
    join areas prov on prov.code = o.province_code
    where op.product_id = ${productId}::uuid
      and (o.opened_on is null or o.opened_on <= ${today}::date)
      and (o.closed_on is null or o.closed_on > ${today}::date)
    order by (o.kind = 'ocop_centre') desc, o.province_code, o.name
    limit ${limit}`);
}

export type NewOutlet = typeof outlets.$inferInsert;

export async function insertOutlet(ctx: Ctx, values: NewOutlet): Promise<string> {
  const [row] = await exec(ctx).insert(outlets).values(values).returning({ id: outlets.id });
  return row!.id;
}

export async function addOutletProducts(ctx: Ctx, outletId: string, productIds: string[], since: string | null): Promise<void> {
  if (!productIds.length) return;
  await exec(ctx).insert(outletProducts).values(productIds.map((productId) => ({ outletId, productId, since })))
    .onConflictDoNothing();
}

// ---- the back-office register ------------------------------------------------------------

export type OutletRecord = typeof outlets.$inferSelect;

export interface OutletView {
  outlet: OutletRecord;
  communeName: string;
  provinceName: string;
  productCount: number;
}

const comAreas = alias(areas, 'com');
const provAreas = alias(areas, 'prov');
const viewColumns = {
  outlet: outlets,
  communeName: comAreas.name,
  provinceName: provAreas.name,
  productCount: sql<number>`(select count(*)::int from ${outletProducts} where ${outletProducts.outletId} = ${outlets.id})`,
};

function outletQuery(ctx: Ctx) {
  return exec(ctx).select(viewColumns).from(outlets)
    .innerJoin(comAreas, eq(comAreas.code, outlets.communeCode))
    .innerJoin(provAreas, eq(provAreas.code, outlets.provinceCode));
}

export async function findOutlet(ctx: Ctx, id: string): Promise<OutletView | null> {
  if (!isUuid(id)) return null;
  const [row] = await outletQuery(ctx).where(eq(outlets.id, id));
  return row ?? null;
}

export interface OutletFilter {
  area?: string | undefined;
  kind?: OutletKind | undefined;
  state: 'open' | 'closed' | 'all';
  q?: string | undefined;
  today: string;
  page: number;
  pageSize: number;
}

export async function listOutlets(ctx: Ctx, scope: RowScope, f: OutletFilter) {
  const openToday = sql`((${outlets.openedOn} is null or ${outlets.openedOn} <= ${f.today}::date) and (${outlets.closedOn} is null or ${outlets.closedOn} > ${f.today}::date))`;
  const where = and(
    scopeWhere(scope, { province: outlets.provinceCode, commune: outlets.communeCode }),
    f.area ? (f.area.length === 2 ? eq(outlets.provinceCode, f.area) : eq(outlets.communeCode, f.area)) : undefined,
    f.kind ? eq(outlets.kind, f.kind) : undefined,
    f.state === 'open' ? openToday : f.state === 'closed' ? sql`(${outlets.closedOn} is not null and ${outlets.closedOn} <= ${f.today}::date)` : undefined,
    f.q ? sql`(ocop_norm(${outlets.name}) like '%' || ocop_norm(${f.q}) || '%' or ocop_norm(${outlets.address}) like '%' || ocop_norm(${f.q}) || '%')` : undefined,
  );
  const [items, [count]] = await Promise.all([
    outletQuery(ctx).where(where).orderBy(asc(outlets.provinceCode), asc(outlets.name), asc(outlets.id))
      .limit(f.pageSize).offset((f.page - 1) * f.pageSize),
    exec(ctx).select({ n: sql<number>`count(*)::int` }).from(outlets).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

/** Update when still at `version` (and add 1 to it); null when it moved on (or is gone). */
export async function updateOutletIf(ctx: Ctx, id: string, version: number, values: Partial<NewOutlet>): Promise<OutletRecord | null> {
  const [row] = await exec(ctx).update(outlets).set({ ...values, version: sql`${outlets.version} + 1` })
    .where(and(eq(outlets.id, id), eq(outlets.version, version))).returning();
  return row ?? null;
}

/** Delete when still at `version`; false when it moved on (or is gone). */
export async function deleteOutletIf(ctx: Ctx, id: string, version: number): Promise<boolean> {
  const gone = await exec(ctx).delete(outlets).where(and(eq(outlets.id, id), eq(outlets.version, version))).returning({ id: outlets.id });
  return gone.length > 0;
}

export interface CarriedRow { id: string; name: string; producer_name: string; stars: number | null; since: string | null }

/** The products an outlet carries, with the stars of the certificate in force on `today` (null: none). */
export async function carriedProducts(ctx: Ctx, outletId: string, today: string): Promise<CarriedRow[]> {
  return rows<CarriedRow>(exec(ctx), sql`
    select p.id, p.name, pr.name as producer_name, op.since::text as since,
      (select max(c.stars)::int from certificates c where c.product_id = p.id and ${validOnDay(today)}) as stars
    from ${outletProducts} op
    join products p on p.id = op.product_id
    join producers pr on pr.id = p.producer_id
    where op.outlet_id = ${outletId}::uuid
    order by p.name, p.id`);
}

/** Of `ids`, the products with a certificate in force on `today`. */
export async function certifiedAmong(ctx: Ctx, ids: string[], today: string): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const found = await rows<{ id: string }>(exec(ctx), sql`
    select distinct c.product_id::text as id from certificates c
    where c.product_id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)}) and ${validOnDay(today)}`);
  return new Set(found.map((r) => r.id));
}

export async function productNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const found = await exec(ctx).select({ id: products.id, name: products.name }).from(products).where(inArray(products.id, ids));
  return new Map(found.map((r) => [r.id, r.name]));
}

/** Replace the set of carried products: drop the ones not in `ids`, add the new ones since `since`. */
export async function replaceOutletProducts(ctx: Ctx, outletId: string, ids: string[], since: string): Promise<void> {
  await exec(ctx).delete(outletProducts).where(and(eq(outletProducts.outletId, outletId),
    ids.length ? notInArray(outletProducts.productId, ids) : undefined));
  await addOutletProducts(ctx, outletId, ids, since);
}

export interface CertifiedChoiceRow { id: string; name: string; producer_name: string; stars: number; commune_name: string }

/** Products certified on `today` in a province (the outlet's), for the picker; optionally by name. */
export async function certifiedInProvince(ctx: Ctx, provinceCode: string, today: string, q: string | undefined, limit: number): Promise<CertifiedChoiceRow[]> {
  return rows<CertifiedChoiceRow>(exec(ctx), sql`
    select v.product_id::text as id, p.name, pr.name as producer_name, v.stars::int as stars, com.name as commune_name
    from (${certifiedProducts({ code: provinceCode, level: 'province' }, today)}) v
    join products p on p.id = v.product_id
    join producers pr on pr.id = p.producer_id
    join areas com on com.code = p.commune_code
    where ${q ? sql`(ocop_norm(p.name) like '%' || ocop_norm(${q}) || '%' or ocop_norm(pr.name) like '%' || ocop_norm(${q}) || '%')` : sql`true`}
    order by p.name, p.id
    limit ${limit}`);
}

export async function findCommune(ctx: Ctx, code: string): Promise<{ code: string; name: string; provinceCode: string } | null> {
  const [row] = await exec(ctx).select({ code: areas.code, name: areas.name, parent: areas.parentCode, level: areas.level })
    .from(areas).where(eq(areas.code, code)).limit(1);
  if (!row || row.level !== 'commune' || !row.parent) return null;
  return { code: row.code, name: row.name, provinceCode: row.parent };
}

/** Communes of a province, for the area pickers of forms. */
export async function communesOf(ctx: Ctx, provinceCode: string): Promise<{ code: string; name: string }[]> {
  return exec(ctx).select({ code: areas.code, name: areas.name }).from(areas)
    .where(and(eq(areas.parentCode, provinceCode), eq(areas.level, 'commune'))).orderBy(asc(areas.name));
}

export async function provinces(ctx: Ctx): Promise<{ code: string; name: string }[]> {
  return exec(ctx).select({ code: areas.code, name: areas.name }).from(areas).where(eq(areas.level, 'province')).orderBy(asc(areas.code));
}

/** A product by its producer's name and its own (the demo's seed names them so); null when unknown. */
export async function productIdByNames(ctx: Ctx, producer: string, product: string): Promise<string | null> {
  const [row] = await exec(ctx).select({ id: products.id }).from(products)
    .innerJoin(producers, eq(producers.id, products.producerId))
    .where(and(eq(producers.name, producer), eq(products.name, product))).limit(1);
  return row?.id ?? null;
}
