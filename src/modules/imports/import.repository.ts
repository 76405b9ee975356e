/**
 * Queries of the import capability: the job rows, reference lookups, and multi-row writes to
 * the registry tables (the one place imports touch areas, producers and products).
 */
import { and, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { chunk, textArray } from '../certification/certification.repository';
import { areas, productSets, producers, products } from '../registry/registry.tables';
import { importJobs } from './imports.tables';
import { isUuid } from '../../domain/ids';

export type JobRow = typeof importJobs.$inferSelect;
export type AreaRow = Pick<typeof areas.$inferSelect, 'code' | 'name' | 'kind' | 'level' | 'parentCode'>;
export type ProducerRow = Omit<typeof producers.$inferSelect, 'searchText'>;
export type ProducerInsert = typeof producers.$inferInsert & { id: string };
export type ProductInsert = typeof products.$inferInsert & { id: string };
export interface ProductMatchRow { id: string; producerId: string; name: string; gtin: string | null }


// ---- jobs ----------------------------------------------------------------------------------

export async function insertJob(ctx: Ctx, values: typeof importJobs.$inferInsert): Promise<JobRow> {
  const [row] = await exec(ctx).insert(importJobs).values(values).returning();
  return row!;
}

export async function updateJob(ctx: Ctx, id: string, values: Partial<typeof importJobs.$inferInsert>): Promise<void> {
  await exec(ctx).update(importJobs).set(values).where(eq(importJobs.id, id));
}

const RUNNING = ['validating', 'importing'] as const;

/**
 * A running job's own writes (progress, heartbeat): only while it is still running, so that a
 * late write never touches a job the sweep has failed. False when the job is no longer running.
 */
export async function updateRunningJob(ctx: Ctx, id: string, values: Partial<typeof importJobs.$inferInsert>): Promise<boolean> {
  const done = await exec(ctx).update(importJobs).set(values)
    .where(and(eq(importJobs.id, id), inArray(importJobs.status, [...RUNNING]))).returning({ id: importJobs.id });
  return done.length > 0;
}

/**
 * Move a job from `from` to the values given (e.g. validating → importing, importing →
 * succeeded), only if it is still in `from`. False when it is not (the sweep failed it).
 */
export async function moveJob(ctx: Ctx, id: string, from: JobRow['status'], values: Partial<typeof importJobs.$inferInsert>): Promise<boolean> {
  const done = await exec(ctx).update(importJobs).set(values)
    .where(and(eq(importJobs.id, id), eq(importJobs.status, from))).returning({ id: importJobs.id });
  return done.length > 0;
}

/**
 * Jobs still marked running whose worker last showed it was alive before `heartbeatBefore`
 * (rows without a heartbeat: their creation; null: every running job), except `exceptIds`:
 * failed with `errors`, their progress back to 0 (nothing of them was written). Returns how many.
 */
export async function failRunningJobs(
  ctx: Ctx, heartbeatBefore: Date | null, errors: JobRow['errors'], now: Date, exceptIds: readonly string[] = [],
): Promise<number> {
  const done = await exec(ctx).update(importJobs).set({ status: 'failed', errors, processedRows: 0, finishedAt: now })
    .where(and(
      inArray(importJobs.status, [...RUNNING]),
      heartbeatBefore ? sql`coalesce(${importJobs.heartbeatAt}, ${importJobs.createdAt}) < ${heartbeatBefore.toISOString()}::timestamptz` : undefined,
      exceptIds.length ? notInArray(importJobs.id, [...exceptIds]) : undefined,
    ))
    .returning({ id: importJobs.id });
  return done.length;
}

export async function findJob(ctx: Ctx, id: string): Promise<JobRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).select().from(importJobs).where(eq(importJobs.id, id)).limit(1);
  return row ?? null;
}

/** Recent jobs without their (possibly long) error lists. */
export async function listJobs(ctx: Ctx, createdBy: string | null | undefined, limit: number) {
  return exec(ctx).select({
    id: importJobs.id, kind: importJobs.kind, fileName: importJobs.fileName, status: importJobs.status,
    totalRows: importJobs.totalRows, processedRows: importJobs.processedRows, createdAt: importJobs.createdAt,
    finishedAt: importJobs.finishedAt, errorCount: sql<number>`jsonb_array_length(${importJobs.errors})::int`,
  }).from(importJobs)
    .where(createdBy === undefined ? undefined : createdBy === null ? sql`${importJobs.createdBy} is null` : eq(importJobs.createdBy, createdBy))
    .orderBy(desc(importJobs.createdAt)).limit(limit);
}

// ---- reference data ------------------------------------------------------------------------

export async function loadAreas(ctx: Ctx): Promise<AreaRow[]> {
  return exec(ctx).select({
    code: areas.code, name: areas.name, kind: areas.kind, level: areas.level, parentCode: areas.parentCode,
  }).from(areas);
}

export async function loadProductSets(ctx: Ctx, classification: string) {
  return exec(ctx).select({ code: productSets.code, name: productSets.name })
    .from(productSets).where(eq(productSets.classification, classification));
}

// ---- producers -----------------------------------------------------------------------------

const producerColumns = {
  id: producers.id, name: producers.name, nameKey: producers.nameKey, kind: producers.kind, taxCode: producers.taxCode,
  communeCode: producers.communeCode, provinceCode: producers.provinceCode, address: producers.address,
  representative: producers.representative, phone: producers.phone, email: producers.email,
  foundedYear: producers.foundedYear, members: producers.members, womenLed: producers.womenLed,
  ethnicMinorityLed: producers.ethnicMinorityLed, isSample: producers.isSample,
  createdAt: producers.createdAt, updatedAt: producers.updatedAt,
};

export async function findProducersByTaxCodes(ctx: Ctx, codes: string[]): Promise<ProducerRow[]> {
  const out: ProducerRow[] = [];
  for (const part of chunk([...new Set(codes)], 5000)) {
    out.push(...await exec(ctx).select(producerColumns).from(producers).where(inArray(producers.taxCode, part)));
  }
  return out;
}

export async function findProducersByNames(ctx: Ctx, keys: { communeCode: string; nameKey: string }[]): Promise<ProducerRow[]> {
  const out: ProducerRow[] = [];
  for (const part of chunk(keys, 5000)) {
    out.push(...await exec(ctx).select(producerColumns).from(producers).where(sql`(${producers.communeCode}, ${producers.nameKey})
      in (select c, n from unnest(${textArray(part.map((k) => k.communeCode))}, ${textArray(part.map((k) => k.nameKey))}) as u(c, n))`));
  }
  return out;
}

export async function insertProducers(ctx: Ctx, values: ProducerInsert[], onBatch?: (n: number) => void): Promise<void> {
  for (const part of chunk(values)) {
    await exec(ctx).insert(producers).values(part);
    onBatch?.(part.length);
  }
}

/** Full-row updates of existing producers, one statement per batch. */
export async function updateProducers(ctx: Ctx, values: ProducerInsert[], onBatch?: (n: number) => void): Promise<void> {
  for (const part of chunk(values)) {
    const tuples = sql.join(part.map((p) => sql`(${p.id}::uuid, ${p.name}, ${p.nameKey}, ${p.kind}, ${p.taxCode ?? null},
      ${p.communeCode}, ${p.provinceCode}, ${p.address ?? ''}, ${p.representative ?? ''}, ${p.phone ?? null},
      ${p.email ?? null}, ${p.foundedYear ?? null}::smallint, ${p.members ?? null}::int, ${p.womenLed ?? false}::boolean,
      ${p.ethnicMinorityLed ?? false}::boolean)`), sql`, `);
    await exec(ctx).execute(sql`
      update ${producers} set name = v.name, name_key = v.name_key, kind = v.kind, tax_code = v.tax_code,
        commune_code = v.commune_code, province_code = v.province_code, address = v.address,
        representative = v.representative, phone = v.phone, email = v.email, founded_year = v.founded_year,
        members = v.members, women_led = v.women_led, ethnic_minority_led = v.ethnic_minority_led, updated_at = now()
      from (values ${tuples}) as v(id, name, name_key, kind, tax_code, commune_code, province_code, address,
        representative, phone, email, founded_year, members, women_led, ethnic_minority_led)
      where ${producers.id} = v.id`);
    onBatch?.(part.length);
  }
}

export async function setProducerTaxCodes(ctx: Ctx, items: { id: string; taxCode: string }[]): Promise<void> {
  for (const part of chunk(items)) {
    const tuples = sql.join(part.map((i) => sql`(${i.id}::uuid, ${i.taxCode})`), sql`, `);
    await exec(ctx).execute(sql`update ${producers} set tax_code = v.tax_code, updated_at = now()
      from (values ${tuples}) as v(id, tax_code) where ${producers.id} = v.id`);
  }
}

// ---- products ------------------------------------------------------------------------------

export async function findProductsOfProducers(ctx: Ctx, producerIds: string[]): Promise<ProductMatchRow[]> {
  const out: ProductMatchRow[] = [];
  for (const part of chunk([...new Set(producerIds)], 5000)) {
    out.push(...await exec(ctx).select({ id: products.id, producerId: products.producerId, name: products.name, gtin: products.gtin })
      .from(products).where(inArray(products.producerId, part)));
  }
  return out;
}

export async function findProductsByGtins(ctx: Ctx, gtins: string[]): Promise<{ id: string; gtin: string | null }[]> {
  const out: { id: string; gtin: string | null }[] = [];
  for (const part of chunk([...new Set(gtins)], 5000)) {
    out.push(...await exec(ctx).select({ id: products.id, gtin: products.gtin }).from(products).where(inArray(products.gtin, part)));
  }
  return out;
}

export async function insertProducts(ctx: Ctx, values: ProductInsert[], onBatch?: (n: number) => void): Promise<void> {
  for (const part of chunk(values)) {
    await exec(ctx).insert(products).values(part);
    onBatch?.(part.length);
  }
}

export async function updateProducts(
  ctx: Ctx, values: { id: string; productSetCode: string; description: string | null; gtin: string | null }[],
  onBatch?: (n: number) => void,
): Promise<void> {
  for (const part of chunk(values)) {
    const tuples = sql.join(part.map((p) => sql`(${p.id}::uuid, ${p.productSetCode}, ${p.description}, ${p.gtin})`), sql`, `);
    await exec(ctx).execute(sql`
      update ${products} set product_set_code = v.set_code, description = coalesce(v.description, ${products.description}),
        gtin = coalesce(v.gtin, ${products.gtin}), updated_at = now()
      from (values ${tuples}) as v(id, set_code, description, gtin) where ${products.id} = v.id`);
    onBatch?.(part.length);
  }
}

export async function setProductStatus(ctx: Ctx, ids: string[], status: 'certified' | 'expired'): Promise<void> {
  for (const part of chunk(ids, 5000)) {
    await exec(ctx).update(products).set({ status, updatedAt: ctx.deps.clock() }).where(inArray(products.id, part));
  }
}

// ---- areas ---------------------------------------------------------------------------------

export async function upsertAreas(ctx: Ctx, values: AreaRow[], onBatch?: (n: number) => void): Promise<void> {
  for (const part of chunk(values)) {
    await exec(ctx).insert(areas).values(part).onConflictDoUpdate({
      target: areas.code,
      set: { name: sql`excluded.name`, kind: sql`excluded.kind`, parentCode: sql`excluded.parent_code`, updatedAt: sql`now()` },
    });
    onBatch?.(part.length);
  }
}

/** Serialise imports (PostgreSQL; harmless on PGlite): held until the transaction ends. */
export async function lockImports(ctx: Ctx): Promise<void> {
  await exec(ctx).execute(sql`select pg_advisory_xact_lock(4242101)`);
}

