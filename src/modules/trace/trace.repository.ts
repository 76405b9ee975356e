/**
 * The queries of lots, their raw-material inputs and areas, and lab results (the events, the
 * lineage and recalls are in trace-events.repository.ts).
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { scopeWhere } from '../../db/scope';
import type { RowScope } from '../../core/scope';
import { isUuid } from '../../domain/ids';
import type { TraceUnit } from '../../domain/trace';
import { areas, producers, products } from '../registry/registry.tables';
import { traceLabResults, traceLotInputs, traceLots, traceMaterialAreas, traceRecalls } from './trace.tables';

export type LotRecord = typeof traceLots.$inferSelect;
export type NewLot = typeof traceLots.$inferInsert;
export type AreaRecord = typeof traceMaterialAreas.$inferSelect;
export type LabRecord = typeof traceLabResults.$inferSelect;
export type InputRecord = typeof traceLotInputs.$inferSelect;

/** A lot with what its pages and answers name: the product, the producer, the places. */
export interface LotView extends LotRecord {
  productName: string;
  gtin: string | null;
  producerName: string;
  producerCommuneCode: string;
  communeName: string;
  provinceName: string;
}

const prov = sql`(select a.name from areas a where a.code = ${traceLots.provinceCode})`;
const lotColumns = {
  lot: traceLots,
  productName: products.name,
  gtin: products.gtin,
  producerName: producers.name,
  producerCommuneCode: producers.communeCode,
  communeName: areas.name,
  provinceName: sql<string>`${prov}`,
};

function lotQuery(ctx: Ctx) {
  return exec(ctx).select(lotColumns).from(traceLots)
    .innerJoin(products, eq(products.id, traceLots.productId))
    .innerJoin(producers, eq(producers.id, traceLots.producerId))
    .innerJoin(areas, eq(areas.code, traceLots.communeCode));
}
const toView = (r: Awaited<ReturnType<ReturnType<typeof lotQuery>['execute']>>[number]): LotView => ({
  ...r.lot, productName: r.productName, gtin: r.gtin, producerName: r.producerName, producerCommuneCode: r.producerCommuneCode,
  communeName: r.communeName, provinceName: r.provinceName,
});

export async function findLot(ctx: Ctx, id: string): Promise<LotView | null> {
  if (!isUuid(id)) return null;
  const [r] = await lotQuery(ctx).where(eq(traceLots.id, id));
  return r ? toView(r) : null;
}

export async function findLotByCode(ctx: Ctx, code: string): Promise<LotView | null> {
  const [r] = await lotQuery(ctx).where(eq(traceLots.traceCode, code));
  return r ? toView(r) : null;
}

/** The lot of a GS1 Digital Link `/01/<gtin>/10/<lot>`. */
export async function findLotByGtin(ctx: Ctx, gtin: string, lotNumber: string): Promise<LotView | null> {
  const [r] = await lotQuery(ctx).where(and(eq(products.gtin, gtin), eq(traceLots.lotNumber, lotNumber)));
  return r ? toView(r) : null;
}

export async function lotsByIds(ctx: Ctx, ids: string[]): Promise<LotView[]> {
  const ok = ids.filter(isUuid);
  if (!ok.length) return [];
  return (await lotQuery(ctx).where(inArray(traceLots.id, ok))).map(toView);
}

/** The lots named, locked for the transaction (consumption is read after). Sorted: no deadlock between two. */
export async function lockLots(ctx: Ctx, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await exec(ctx).select({ id: traceLots.id }).from(traceLots).where(inArray(traceLots.id, [...ids].sort())).orderBy(asc(traceLots.id)).for('update');
}

export async function insertLot(ctx: Ctx, values: NewLot): Promise<LotRecord> {
  const [r] = await exec(ctx).insert(traceLots).values(values).returning();
  return r!;
}

export async function lotNumberTaken(ctx: Ctx, productId: string, lotNumber: string): Promise<boolean> {
  const [r] = await exec(ctx).select({ id: traceLots.id }).from(traceLots).where(and(eq(traceLots.productId, productId), eq(traceLots.lotNumber, lotNumber)));
  return !!r;
}

export async function traceCodeTaken(ctx: Ctx, code: string): Promise<boolean> {
  const [r] = await exec(ctx).select({ id: traceLots.id }).from(traceLots).where(eq(traceLots.traceCode, code));
  return !!r;
}

/** The unique indexes a concurrent insert can meet. */
export function lotClash(e: unknown): 'number' | 'code' | null {
  const text = String((e as { message?: string; cause?: { message?: string; constraint?: string } })?.cause?.constraint ?? '')
    + String((e as { message?: string })?.message ?? '') + String((e as { cause?: { message?: string } })?.cause?.message ?? '');
  if (text.includes('trace_lots_number_uq')) return 'number';
  if (text.includes('trace_lots_code_uq')) return 'code';
  return null;
}

export interface LotFilter { productId?: string; producerId?: string; q?: string; limit: number; offset: number }

export interface LotListRow extends LotView { events: number; recalled: boolean }

/** Lots the scope allows, newest production first. */
export async function listLots(ctx: Ctx, scope: RowScope, f: LotFilter): Promise<{ items: LotListRow[]; total: number }> {
  const conds: (SQL | undefined)[] = [
    scopeWhere(scope, { province: traceLots.provinceCode, commune: producers.communeCode, producer: traceLots.producerId }),
    f.productId ? eq(traceLots.productId, f.productId) : undefined,
    f.producerId ? eq(traceLots.producerId, f.producerId) : undefined,
    f.q ? sql`(${traceLots.lotNumber} ilike ${`%${f.q}%`} or ${traceLots.traceCode} = ${f.q.toUpperCase().replace(/[\s-]/g, '')} or ocop_norm(${products.name}) like '%' || ocop_norm(${f.q}) || '%')` : undefined,
  ];
  const where = and(...conds.filter((c): c is SQL => !!c));
  const [list, [count]] = await Promise.all([
    exec(ctx).select({
      ...lotColumns,
      events: sql<number>`(select count(*)::int from trace_event_lots el where el.lot_id = ${traceLots.id})`,
      recalled: sql<boolean>`exists (select 1 from ${traceRecalls} r where r.lot_id = ${traceLots.id} and r.status = 'open')`,
    }).from(traceLots)
      .innerJoin(products, eq(products.id, traceLots.productId))
      .innerJoin(producers, eq(producers.id, traceLots.producerId))
      .innerJoin(areas, eq(areas.code, traceLots.communeCode))
      .where(where).orderBy(desc(traceLots.producedOn), desc(traceLots.createdAt)).limit(f.limit).offset(f.offset),
    exec(ctx).select({ n: sql<number>`count(*)::int` }).from(traceLots)
      .innerJoin(products, eq(products.id, traceLots.productId))
      .innerJoin(producers, eq(producers.id, traceLots.producerId)).where(where),
  ]);
  return { items: list.map((r) => ({ ...toView(r), events: Number(r.events), recalled: r.recalled === true || String(r.recalled) === 'true' })), total: count?.n ?? 0 };
}

// ─── Products, producers, communes ─────────────────────────────────────────

export interface ProductFacts { id: string; name: string; gtin: string | null; producerId: string; producerName: string; provinceCode: string; communeCode: string }

export async function findProduct(ctx: Ctx, id: string): Promise<ProductFacts | null> {
  if (!isUuid(id)) return null;
  const [r] = await exec(ctx).select({
    id: products.id, name: products.name, gtin: products.gtin, producerId: products.producerId, producerName: producers.name,
    provinceCode: producers.provinceCode, communeCode: producers.communeCode,
  }).from(products).innerJoin(producers, eq(producers.id, products.producerId)).where(eq(products.id, id));
  return r ?? null;
}

export async function findProductByGtin(ctx: Ctx, gtin: string): Promise<ProductFacts | null> {
  const [r] = await exec(ctx).select({ id: products.id }).from(products).where(eq(products.gtin, gtin));
  return r ? findProduct(ctx, r.id) : null;
}

export async function productsOf(ctx: Ctx, producerId: string): Promise<{ id: string; name: string; gtin: string | null }[]> {
  return exec(ctx).select({ id: products.id, name: products.name, gtin: products.gtin }).from(products)
    .where(eq(products.producerId, producerId)).orderBy(asc(products.name));
}

export interface ProducerFacts { id: string; name: string; provinceCode: string; communeCode: string }

export async function findProducer(ctx: Ctx, id: string): Promise<ProducerFacts | null> {
  if (!isUuid(id)) return null;
  const [r] = await exec(ctx).select({ id: producers.id, name: producers.name, provinceCode: producers.provinceCode, communeCode: producers.communeCode })
    .from(producers).where(eq(producers.id, id));
  return r ?? null;
}

export async function findCommune(ctx: Ctx, code: string): Promise<{ code: string; name: string; provinceCode: string; provinceName: string } | null> {
  const [r] = await rows<{ code: string; name: string; province_code: string; province_name: string }>(exec(ctx), sql`
    select c.code, c.name, c.parent_code as province_code, p.name as province_name
    from areas c join areas p on p.code = c.parent_code where c.code = ${code} and c.level = 'commune'`);
  return r ? { code: r.code, name: r.name, provinceCode: r.province_code, provinceName: r.province_name } : null;
}

// ─── Raw-material areas and inputs ─────────────────────────────────────────

export async function insertArea(ctx: Ctx, values: typeof traceMaterialAreas.$inferInsert): Promise<AreaRecord> {
  const [r] = await exec(ctx).insert(traceMaterialAreas).values(values).returning();
  return r!;
}

export async function areasOf(ctx: Ctx, producerId: string): Promise<(AreaRecord & { communeName: string })[]> {
  const list = await exec(ctx).select({ a: traceMaterialAreas, communeName: areas.name }).from(traceMaterialAreas)
    .innerJoin(areas, eq(areas.code, traceMaterialAreas.communeCode))
    .where(eq(traceMaterialAreas.producerId, producerId)).orderBy(asc(traceMaterialAreas.name));
  return list.map((r) => ({ ...r.a, communeName: r.communeName }));
}

export async function findArea(ctx: Ctx, id: string): Promise<AreaRecord | null> {
  if (!isUuid(id)) return null;
  const [r] = await exec(ctx).select().from(traceMaterialAreas).where(eq(traceMaterialAreas.id, id));
  return r ?? null;
}

export async function insertInput(ctx: Ctx, values: typeof traceLotInputs.$inferInsert): Promise<InputRecord> {
  const [r] = await exec(ctx).insert(traceLotInputs).values(values).returning();
  return r!;
}

export interface InputView extends InputRecord {
  supplierName: string | null;
  supplierCommuneName: string | null;
  supplierProvinceName: string | null;
  area: { id: string; name: string; crop: string; hectares: number | null; certification: string | null; communeName: string; provinceName: string } | null;
}

export async function inputsOf(ctx: Ctx, lotIds: string[]): Promise<InputView[]> {
  if (!lotIds.length) return [];
  const list = await rows<{
    id: string; lot_id: string; material: string; source_kind: 'producer' | 'area' | 'text'; supplier_producer_id: string | null;
    material_area_id: string | null; supplier_text: string | null; quantity: string | null; unit: TraceUnit | null; received_on: string | null;
    document_key: string | null; document_name: string | null; document_mime: string | null; created_at: string | Date;
    supplier_name: string | null; supplier_commune: string | null; supplier_province: string | null;
    area_name: string | null; area_crop: string | null; area_hectares: string | null; area_certification: string | null; area_commune: string | null; area_province: string | null;
  }>(exec(ctx), sql`
    select i.id, i.lot_id, i.material, i.source_kind, i.supplier_producer_id, i.material_area_id, i.supplier_text, i.quantity, i.unit,
           to_char(i.received_on, 'YYYY-MM-DD') as received_on, i.document_key, i.document_name, i.document_mime, i.created_at,
           sp.name as supplier_name, sc.name as supplier_commune, spv.name as supplier_province,
           ma.name as area_name, ma.crop as area_crop, ma.hectares as area_hectares, ma.certification as area_certification,
           mc.name as area_commune, mp.name as area_province
    from trace_lot_inputs i
    left join producers sp on sp.id = i.supplier_producer_id
    left join areas sc on sc.code = sp.commune_code
    left join areas spv on spv.code = sp.province_code
    left join trace_material_areas ma on ma.id = i.material_area_id
    left join areas mc on mc.code = ma.commune_code
    left join areas mp on mp.code = mc.parent_code
    where i.lot_id in (${sql.join(lotIds.map((id) => sql`${id}::uuid`), sql`, `)})
    order by i.created_at, i.id`);
  return list.map((r) => ({
    id: r.id, lotId: r.lot_id, material: r.material, sourceKind: r.source_kind, supplierProducerId: r.supplier_producer_id,
    materialAreaId: r.material_area_id, supplierText: r.supplier_text, quantity: r.quantity === null ? null : Number(r.quantity), unit: r.unit,
    receivedOn: r.received_on, documentKey: r.document_key, documentName: r.document_name, documentMime: r.document_mime,
    createdAt: new Date(r.created_at),
    supplierName: r.supplier_name, supplierCommuneName: r.supplier_commune, supplierProvinceName: r.supplier_province,
    area: r.material_area_id ? {
      id: r.material_area_id, name: r.area_name!, crop: r.area_crop!, hectares: r.area_hectares === null ? null : Number(r.area_hectares),
      certification: r.area_certification, communeName: r.area_commune ?? '', provinceName: r.area_province ?? '',
    } : null,
  }));
}

export async function findInput(ctx: Ctx, id: string): Promise<InputRecord | null> {
  if (!isUuid(id)) return null;
  const [r] = await exec(ctx).select().from(traceLotInputs).where(eq(traceLotInputs.id, id));
  return r ?? null;
}

// ─── Lab results ───────────────────────────────────────────────────────────

export async function insertLabResult(ctx: Ctx, values: typeof traceLabResults.$inferInsert): Promise<LabRecord> {
  const [r] = await exec(ctx).insert(traceLabResults).values(values).returning();
  return r!;
}

export async function labResultsOf(ctx: Ctx, lotIds: string[]): Promise<LabRecord[]> {
  if (!lotIds.length) return [];
  return exec(ctx).select().from(traceLabResults).where(inArray(traceLabResults.lotId, lotIds)).orderBy(asc(traceLabResults.testedOn), asc(traceLabResults.createdAt));
}

export async function findLabResult(ctx: Ctx, id: string): Promise<LabRecord | null> {
  if (!isUuid(id)) return null;
  const [r] = await exec(ctx).select().from(traceLabResults).where(eq(traceLabResults.id, id));
  return r ?? null;
}

export interface CertificateFacts {
  number: string; stars: number; issued_on: string; expires_on: string; revoked_on: string | null; superseded_on: string | null; issuer_key: string;
}

/** The product's latest certificate not superseded (its status today is the caller's to compute), or null. */
export async function latestCertificate(ctx: Ctx, productId: string): Promise<CertificateFacts | null> {
  const [r] = await rows<CertificateFacts>(exec(ctx), sql`
    select c.number, c.stars::int as stars, to_char(c.issued_on, 'YYYY-MM-DD') as issued_on, to_char(c.expires_on, 'YYYY-MM-DD') as expires_on,
           to_char(c.revoked_on, 'YYYY-MM-DD') as revoked_on, to_char(c.superseded_on, 'YYYY-MM-DD') as superseded_on, c.issuer_key
    from certificates c where c.product_id = ${productId}::uuid and c.state <> 'superseded'
    order by c.issued_on desc, c.created_at desc limit 1`);
  return r ? { ...r, stars: Number(r.stars) } : null;
}
