/** Queries of support records (the only support file that builds SQL). */
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { RowScope } from '../../core/scope';
import { scopeWhere } from '../../db/scope';
import { exec, readDb, type Ctx } from '../../context';
import { areas, producers } from '../registry/registry.tables';
import { isUuid } from '../../domain/ids';
import { supportRecords } from './support.tables';

export type SupportRow = typeof supportRecords.$inferSelect;

const columns = { record: supportRecords, producerName: producers.name, communeName: areas.name };

function query(ctx: Ctx) {
  return exec(ctx).select(columns).from(supportRecords)
    .innerJoin(producers, eq(producers.id, supportRecords.producerId))
    .innerJoin(areas, eq(areas.code, supportRecords.communeCode));
}
export type SupportView = NonNullable<Awaited<ReturnType<typeof findRecord>>>;

export async function findRecord(ctx: Ctx, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await query(ctx).where(eq(supportRecords.id, id));
  return row ?? null;
}

export interface SupportFilter {
  kind?: SupportRow['kind']; producerId?: string; area?: RowScope; from?: string; to?: string; q?: string; page: number; pageSize: number;
}

const recordColumns = { province: supportRecords.provinceCode, commune: supportRecords.communeCode };

/** The records in the caller's scope matching the filter (a RowScope each on 'province' and 'commune'). */
function filterOf(scope: RowScope, f: Omit<SupportFilter, 'page' | 'pageSize'>): SQL | undefined {
  return and(
    scopeWhere(scope, recordColumns),
    f.area ? scopeWhere(f.area, recordColumns) : undefined,
    f.kind ? eq(supportRecords.kind, f.kind) : undefined,
    f.producerId ? eq(supportRecords.producerId, f.producerId) : undefined,
    f.from ? gte(supportRecords.grantedOn, f.from) : undefined,
    f.to ? lte(supportRecords.grantedOn, f.to) : undefined,
    f.q ? sql`(ocop_norm(${producers.name}) like '%' || ocop_norm(${f.q}) || '%' or ocop_norm(${supportRecords.source}) like '%' || ocop_norm(${f.q}) || '%')` : undefined,
  );
}

export async function listRecords(ctx: Ctx, scope: RowScope, f: SupportFilter) {
  const { page, pageSize } = f;
  const where = filterOf(scope, f);
  const [items, [count]] = await Promise.all([
    query(ctx).where(where).orderBy(desc(supportRecords.grantedOn), desc(supportRecords.createdAt), desc(supportRecords.id))
      .limit(pageSize).offset((page - 1) * pageSize),
    exec(ctx).select({ n: sql<number>`count(*)::int` }).from(supportRecords)
      .innerJoin(producers, eq(producers.id, supportRecords.producerId)).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function insertRecord(ctx: Ctx, values: typeof supportRecords.$inferInsert): Promise<SupportRow> {
  const [row] = await exec(ctx).insert(supportRecords).values(values).returning();
  return row!;
}

export async function deleteRecord(ctx: Ctx, id: string): Promise<SupportRow | null> {
  const [row] = await exec(ctx).delete(supportRecords).where(eq(supportRecords.id, id)).returning();
  return row ?? null;
}

/** A producer by id (null when unknown or not an id). */
export { findProducerRow as findProducer } from '../registry/producer.repository';

/** Producers the form may offer (in the caller's scope), by name. */
export async function producersIn(ctx: Ctx, scope: RowScope, limit = 500) {
  return exec(ctx).select({ id: producers.id, name: producers.name, communeName: areas.name }).from(producers)
    .innerJoin(areas, eq(areas.code, producers.communeCode))
    .where(scopeWhere(scope, { province: producers.provinceCode, commune: producers.communeCode })).orderBy(producers.name).limit(limit);
}

const n = (v: unknown) => Number(v ?? 0);

/** Totals of the records matching `where`: overall, by kind, by source, by commune. */
export async function totals(ctx: Ctx, scope: RowScope, f: Omit<SupportFilter, 'page' | 'pageSize'>) {
  const where = filterOf(scope, f);
  const db = readDb(ctx);
  const amount = sql<string>`coalesce(sum(${supportRecords.amountVnd}), 0)::text`;
  const count = sql<number>`count(*)::int`;
  const [all, byKind, bySource, byCommune] = await Promise.all([
    db.select({ count, amount, producers: sql<number>`count(distinct ${supportRecords.producerId})::int` }).from(supportRecords)
      .innerJoin(producers, eq(producers.id, supportRecords.producerId)).where(where),
    db.select({ kind: supportRecords.kind, count, amount }).from(supportRecords)
      .innerJoin(producers, eq(producers.id, supportRecords.producerId)).where(where)
      .groupBy(supportRecords.kind).orderBy(supportRecords.kind),
    db.select({ source: supportRecords.source, count, amount }).from(supportRecords)
      .innerJoin(producers, eq(producers.id, supportRecords.producerId)).where(where)
      .groupBy(supportRecords.source).orderBy(desc(sql`sum(${supportRecords.amountVnd})`), supportRecords.source),
    db.select({
      communeCode: supportRecords.communeCode, communeName: areas.name, count, amount,
      producers: sql<number>`count(distinct ${supportRecords.producerId})::int`,
    }).from(supportRecords)
      .innerJoin(producers, eq(producers.id, supportRecords.producerId))
      .innerJoin(areas, eq(areas.code, supportRecords.communeCode)).where(where)
      .groupBy(supportRecords.communeCode, areas.name).orderBy(desc(sql`sum(${supportRecords.amountVnd})`), supportRecords.communeCode),
  ]);
  return {
    records: all[0]?.count ?? 0, producers: all[0]?.producers ?? 0, amountVnd: n(all[0]?.amount),
    byKind: byKind.map((r) => ({ kind: r.kind, count: r.count, amountVnd: n(r.amount) })),
    bySource: bySource.map((r) => ({ source: r.source, count: r.count, amountVnd: n(r.amount) })),
    byCommune: byCommune.map((r) => ({ communeCode: r.communeCode, communeName: r.communeName, count: r.count, producers: r.producers, amountVnd: n(r.amount) })),
  };
}

/** A producer by name (the demo's seed names them so); null when unknown. */
export async function producerByName(ctx: Ctx, name: string) {
  const [row] = await exec(ctx).select().from(producers).where(eq(producers.name, name)).limit(1);
  return row ?? null;
}
