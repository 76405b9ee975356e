import { and, asc, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { exec, type Ctx } from '../../context';
import type { RowScope } from '../../core/scope';
import { scopeWhere } from '../../db/scope';
import { areas, producers } from './registry.tables';
import { containsWords } from '../../db/search';
import type { ProducerListQuery } from './producer.schema';
import { isUuid } from '../../domain/ids';

export type ProducerRow = typeof producers.$inferSelect;

const commune = alias(areas, 'commune');
const province = alias(areas, 'province');

const columns = {
  producer: producers,
  communeName: commune.name,
  provinceName: province.name,
};

function joined(ctx: Ctx) {
  return exec(ctx).select(columns).from(producers)
    .innerJoin(commune, eq(commune.code, producers.communeCode))
    .innerJoin(province, eq(province.code, producers.provinceCode));
}

export type ProducerWithAreas = { producer: ProducerRow; communeName: string; provinceName: string };

export async function findProducerRow(ctx: Ctx, id: string): Promise<ProducerRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).select().from(producers).where(eq(producers.id, id)).limit(1);
  return row ?? null;
}

export async function findProducer(ctx: Ctx, id: string): Promise<ProducerWithAreas | null> {
  if (!isUuid(id)) return null;
  const [row] = await joined(ctx).where(eq(producers.id, id)).limit(1);
  return row ?? null;
}

export async function findDuplicate(ctx: Ctx, p: { taxCode: string | null; communeCode: string; nameKey: string }, exceptId?: string) {
  const conds: SQL[] = [];
  const notSelf = exceptId ? ne(producers.id, exceptId) : undefined;
  if (p.taxCode) conds.push(eq(producers.taxCode, p.taxCode));
  conds.push(and(eq(producers.communeCode, p.communeCode), eq(producers.nameKey, p.nameKey))!);
  const found = await exec(ctx).select().from(producers)
    .where(and(sql`(${sql.join(conds, sql` or `)})`, notSelf)).limit(1);
  return found[0] ?? null;
}

export async function insertProducer(ctx: Ctx, values: typeof producers.$inferInsert) {
  const [row] = await exec(ctx).insert(producers).values(values).returning();
  return row!;
}

export async function updateProducer(ctx: Ctx, id: string, values: Partial<typeof producers.$inferInsert>) {
  const [row] = await exec(ctx).update(producers).set({ ...values, updatedAt: new Date() })
    .where(eq(producers.id, id)).returning();
  return row!;
}

const SORTS = {
  name: asc(producers.nameKey),
  '-name': desc(producers.nameKey),
  created: asc(producers.createdAt),
  '-created': desc(producers.createdAt),
} as const;

export async function listProducers(ctx: Ctx, scope: RowScope, q: ProducerListQuery) {
  const conds = [
    scopeWhere(scope, { province: producers.provinceCode, commune: producers.communeCode, producer: producers.id }),
    q.province ? eq(producers.provinceCode, q.province) : undefined,
    q.commune ? eq(producers.communeCode, q.commune) : undefined,
    q.kind ? eq(producers.kind, q.kind) : undefined,
    q.q ? containsWords(producers.searchText, q.q) : undefined,
  ];
  const where = and(...conds);
  const [items, [count]] = await Promise.all([
    joined(ctx).where(where).orderBy(SORTS[q.sort], asc(producers.id))
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    exec(ctx).select({ n: sql<number>`count(*)::int` }).from(producers).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

