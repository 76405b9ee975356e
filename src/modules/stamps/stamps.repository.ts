/**
 * Queries of stamp batches, their alerts and the stamp secret (scan tallies: stamp-scans.repository.ts).
 * A batch may be issued for one production lot (trace_lots, read here as the schema's tables).
 */
import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { exec, readDb, type Ctx } from '../../context';
import { scopeWhere } from '../../db/scope';
import type { RowScope } from '../../core/scope';
import { appSettings } from '../../db/settings.tables';
import { areas, producers, products } from '../registry/registry.tables';
import { certificates } from '../certification/certification.tables';
import { isUuid } from '../../domain/ids';
import type { TraceUnit } from '../../domain/trace';
import { traceLots } from '../trace/trace.tables';
import { stampAlerts, stampBatches, stampScans } from './stamps.tables';

export type BatchRow = typeof stampBatches.$inferSelect;
export type BatchStatus = BatchRow['status'];

const batchColumns = {
  batch: stampBatches,
  productName: products.name,
  producerId: products.producerId,
  producerName: producers.name,
  communeCode: certificates.communeCode,
  certificateNumber: certificates.number,
  certificateStars: certificates.stars,
  certificateExpiresOn: certificates.expiresOn,
  certificateState: certificates.state,
  provinceName: areas.name,
  lotNumber: traceLots.lotNumber,
  lotTraceCode: traceLots.traceCode,
  scanSerials: sql<number>`(select count(*)::int from ${stampScans} where ${stampScans.batchId} = ${stampBatches.id})`,
  scanTotal: sql<number>`(select coalesce(sum(${stampScans.count}), 0)::bigint from ${stampScans} where ${stampScans.batchId} = ${stampBatches.id})`,
  openAlerts: sql<number>`(select count(*)::int from ${stampAlerts} where ${stampAlerts.batchId} = ${stampBatches.id} and ${stampAlerts.acknowledgedAt} is null)`,
};

function batchQuery(ctx: Ctx) {
  return exec(ctx).select(batchColumns).from(stampBatches)
    .innerJoin(products, eq(products.id, stampBatches.productId))
    .innerJoin(producers, eq(producers.id, products.producerId))
    .innerJoin(certificates, eq(certificates.id, stampBatches.certificateId))
    .innerJoin(areas, eq(areas.code, stampBatches.provinceCode))
    .leftJoin(traceLots, eq(traceLots.id, stampBatches.lotId));
}
export type BatchView = NonNullable<Awaited<ReturnType<typeof findBatch>>>;

export async function findBatch(ctx: Ctx, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await batchQuery(ctx).where(eq(stampBatches.id, id));
  return row ? { ...row, scanTotal: Number(row.scanTotal) } : null;
}

export interface BatchFilter { status?: BatchStatus; productId?: string; lotId?: string; province?: string; q?: string; page: number; pageSize: number }

export async function listBatches(ctx: Ctx, scope: RowScope, f: BatchFilter) {
  const where = and(
    scopeWhere(scope, { province: stampBatches.provinceCode, commune: certificates.communeCode }),
    f.status ? eq(stampBatches.status, f.status) : undefined,
    f.productId ? eq(stampBatches.productId, f.productId) : undefined,
    f.lotId ? eq(stampBatches.lotId, f.lotId) : undefined,
    f.province ? eq(stampBatches.provinceCode, f.province) : undefined,
    f.q ? sql`(upper(${stampBatches.code}) = ${f.q.toUpperCase()} or upper(${certificates.number}) = ${f.q.toUpperCase()}
      or ocop_norm(${products.name}) like '%' || ocop_norm(${f.q}) || '%')` : undefined,
  );
  const [items, [count]] = await Promise.all([
    batchQuery(ctx).where(where).orderBy(desc(stampBatches.createdAt), desc(stampBatches.id))
      .limit(f.pageSize).offset((f.page - 1) * f.pageSize),
    exec(ctx).select({ n: sql<number>`count(*)::int` }).from(stampBatches)
      .innerJoin(products, eq(products.id, stampBatches.productId))
      .innerJoin(certificates, eq(certificates.id, stampBatches.certificateId))
      .where(where),
  ]);
  return { items: items.map((r) => ({ ...r, scanTotal: Number(r.scanTotal) })), total: count?.n ?? 0 };
}

/** Insert unless the code is taken (then null: the caller draws another code). */
export async function insertBatch(ctx: Ctx, values: typeof stampBatches.$inferInsert): Promise<BatchRow | null> {
  const [row] = await exec(ctx).insert(stampBatches).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

/**
 * Move a batch on from one of `from` (and, when given, at `version`): the row after, or null when
 * another request changed it first.
 */
export async function updateBatchIf(ctx: Ctx, id: string, from: readonly BatchStatus[], version: number | undefined,
  values: Partial<typeof stampBatches.$inferInsert>): Promise<BatchRow | null> {
  const [row] = await exec(ctx).update(stampBatches)
    .set({ ...values, version: sql`${stampBatches.version} + 1`, updatedAt: ctx.deps.clock() })
    .where(and(eq(stampBatches.id, id), inArray(stampBatches.status, [...from]), version !== undefined ? eq(stampBatches.version, version) : undefined))
    .returning();
  return row ?? null;
}

/** The product and its province, and its certificates in force (state active), newest first. */
export async function productWithCertificates(ctx: Ctx, productId: string) {
  if (!isUuid(productId)) return null;
  const [product] = await exec(ctx).select().from(products).where(eq(products.id, productId));
  if (!product) return null;
  const certs = await exec(ctx).select().from(certificates)
    .where(and(eq(certificates.productId, productId), eq(certificates.state, 'active')))
    .orderBy(desc(certificates.issuedOn));
  return { product, certificates: certs };
}

// ---- lots -------------------------------------------------------------------------------

/** A production lot as issuing stamps for it needs it: its product, dates, quantity, and whether it is recalled. */
export interface LotForStamps {
  id: string;
  productId: string;
  lotNumber: string;
  traceCode: string;
  producedOn: string;
  expiresOn: string | null;
  quantity: number;
  unit: TraceUnit;
  /** An open recall of the lot itself. */
  recalled: boolean;
}

const lotColumns = {
  id: traceLots.id, productId: traceLots.productId, lotNumber: traceLots.lotNumber, traceCode: traceLots.traceCode,
  producedOn: traceLots.producedOn, expiresOn: traceLots.expiresOn, quantity: traceLots.quantity, unit: traceLots.unit,
  // Written out: a select from one table renders its columns unqualified, which the subquery would read as its own.
  recalled: sql<boolean>`exists (select 1 from trace_recalls r where r.lot_id = trace_lots.id and r.status = 'open')`,
};

export async function findLotForStamps(ctx: Ctx, id: string): Promise<LotForStamps | null> {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).select(lotColumns).from(traceLots).where(eq(traceLots.id, id));
  return row ?? null;
}

/** The lots of a product, newest production first (the issue form's choice). */
export async function lotsOfProduct(ctx: Ctx, productId: string, limit = 100): Promise<LotForStamps[]> {
  if (!isUuid(productId)) return [];
  return exec(ctx).select(lotColumns).from(traceLots).where(eq(traceLots.productId, productId))
    .orderBy(desc(traceLots.producedOn), desc(traceLots.createdAt)).limit(limit);
}

// ---- alerts ------------------------------------------------------------------------------

const alertColumns = {
  alert: stampAlerts,
  batchCode: stampBatches.code,
  batchStatus: stampBatches.status,
  productId: stampBatches.productId,
  productName: products.name,
  communeCode: certificates.communeCode,
  provinceName: areas.name,
  scans: sql<number>`coalesce((select ${stampScans.count} from ${stampScans} where ${stampScans.serial} = ${stampAlerts.serial}), 0)::bigint`,
};

function alertQuery(ctx: Ctx) {
  return exec(ctx).select(alertColumns).from(stampAlerts)
    .innerJoin(stampBatches, eq(stampBatches.id, stampAlerts.batchId))
    .innerJoin(products, eq(products.id, stampBatches.productId))
    .innerJoin(certificates, eq(certificates.id, stampBatches.certificateId))
    .innerJoin(areas, eq(areas.code, stampAlerts.provinceCode));
}
export type AlertView = NonNullable<Awaited<ReturnType<typeof findAlert>>>;

export async function findAlert(ctx: Ctx, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await alertQuery(ctx).where(eq(stampAlerts.id, id));
  return row ? { ...row, scans: Number(row.scans) } : null;
}

export interface AlertFilter { kind?: (typeof stampAlerts.$inferSelect)['kind']; state: 'open' | 'acknowledged' | 'all'; batchId?: string; page: number; pageSize: number }

export async function listAlerts(ctx: Ctx, scope: RowScope, f: AlertFilter) {
  const where = and(
    scopeWhere(scope, { province: stampAlerts.provinceCode, commune: certificates.communeCode }),
    f.kind ? eq(stampAlerts.kind, f.kind) : undefined,
    f.state === 'open' ? isNull(stampAlerts.acknowledgedAt) : f.state === 'acknowledged' ? isNotNull(stampAlerts.acknowledgedAt) : undefined,
    f.batchId ? eq(stampAlerts.batchId, f.batchId) : undefined,
  );
  const [items, [count]] = await Promise.all([
    alertQuery(ctx).where(where).orderBy(desc(stampAlerts.createdAt), desc(stampAlerts.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize),
    exec(ctx).select({ n: sql<number>`count(*)::int` }).from(stampAlerts)
      .innerJoin(stampBatches, eq(stampBatches.id, stampAlerts.batchId))
      .innerJoin(certificates, eq(certificates.id, stampBatches.certificateId))
      .where(where),
  ]);
  return { items: items.map((r) => ({ ...r, scans: Number(r.scans) })), total: count?.n ?? 0 };
}

/** Acknowledge unless already acknowledged (then null). */
export async function acknowledgeAlertIf(ctx: Ctx, id: string, by: string) {
  const [row] = await exec(ctx).update(stampAlerts).set({ acknowledgedAt: ctx.deps.clock(), acknowledgedBy: by })
    .where(and(eq(stampAlerts.id, id), isNull(stampAlerts.acknowledgedAt))).returning();
  return row ?? null;
}

/** A batch as a scan needs it: the row, and the number and trace code of its lot when it was issued for one. */
export interface BatchForScan extends BatchRow { lotNumber: string | null; lotTraceCode: string | null }

/** The batch of a code, case-insensitively (on the read database: verification traffic). */
export async function findBatchByCode(ctx: Ctx, upperCode: string): Promise<BatchForScan | null> {
  const [row] = await readDb(ctx).select({ batch: stampBatches, lotNumber: traceLots.lotNumber, lotTraceCode: traceLots.traceCode })
    .from(stampBatches).leftJoin(traceLots, eq(traceLots.id, stampBatches.lotId))
    .where(sql`upper(${stampBatches.code}) = ${upperCode}`);
  return row ? { ...row.batch, lotNumber: row.lotNumber, lotTraceCode: row.lotTraceCode } : null;
}

/** The stored setting `key`, created with `value` when absent (first writer wins); returns the stored value. */
export async function ensureSetting(ctx: Ctx, key: string, value: string): Promise<string> {
  const db = ctx.deps.database.db;
  await db.insert(appSettings).values({ key, value }).onConflictDoNothing();
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, key));
  return String(row!.value);
}
