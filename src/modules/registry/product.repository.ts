import { and, asc, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import type { RowScope } from '../../core/scope';
import { scopeWhere } from '../../db/scope';
import { startsWords } from '../../db/search';
import { producers, products, productSets } from './registry.tables';
import { certificates } from '../certification/certification.tables';
import { isUuid } from '../../domain/ids';
import type { ProductListQuery } from './product.schema';

export type ProductRow = typeof products.$inferSelect;
export type CertificateRow = typeof certificates.$inferSelect;

/** The product's current certificate: the newest one that was not superseded. */
const currentCertificate = sql`(
  select c.id from ${certificates} c where c.product_id = ${products.id} and c.state <> 'superseded'
  order by c.issued_on desc, c.created_at desc limit 1)`;

// Every column but the search index column (large, and of no use to callers).
const { searchWords: _searchWords, ...productColumns } = getTableColumns(products);

const columns = {
  product: productColumns,
  producerName: producers.name,
  productSetName: productSets.name,
  certificate: certificates,
};

function joined(ctx: Ctx) {
  return exec(ctx).select(columns).from(products)
    .innerJoin(producers, eq(producers.id, products.producerId))
    .leftJoin(productSets, and(eq(productSets.classification, products.classification), eq(productSets.code, products.productSetCode)))
    .leftJoin(certificates, eq(certificates.id, currentCertificate));
}

export type ProductWithRelations = Awaited<ReturnType<typeof joined>>[number];

export async function findProduct(ctx: Ctx, id: string): Promise<ProductWithRelations | null> {
  if (!isUuid(id)) return null;
  const [row] = await joined(ctx).where(eq(products.id, id)).limit(1);
  return row ?? null;
}

export async function findProductRow(ctx: Ctx, id: string): Promise<ProductRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).select().from(products).where(eq(products.id, id)).limit(1);
  return row ?? null;
}

export async function findProductSet(ctx: Ctx, classification: string, code: string) {
  const [row] = await exec(ctx).select().from(productSets)
    .where(and(eq(productSets.classification, classification), eq(productSets.code, code))).limit(1);
  return row ?? null;
}

export async function listProductSets(ctx: Ctx, classification: string) {
  return exec(ctx).select().from(productSets).where(eq(productSets.classification, classification))
    .orderBy(sql`${productSets.code}::int`);
}

export async function gtinTaken(ctx: Ctx, gtin: string, exceptId?: string) {
  const found = await exec(ctx).select({ id: products.id }).from(products)
    .where(and(eq(products.gtin, gtin), exceptId ? sql`${products.id} <> ${exceptId}` : undefined)).limit(1);
  return found.length > 0;
}

export async function insertProduct(ctx: Ctx, values: typeof products.$inferInsert) {
  const [row] = await exec(ctx).insert(products).values(values).returning();
  return row!;
}

export async function updateProduct(ctx: Ctx, id: string, values: Partial<typeof products.$inferInsert>) {
  const [row] = await exec(ctx).update(products).set({ ...values, updatedAt: new Date() }).where(eq(products.id, id)).returning();
  return row!;
}

const SORTS = {
  name: asc(products.name),
  '-name': desc(products.name),
  created: asc(products.createdAt),
  '-created': desc(products.createdAt),
} as const;

export async function listProducts(ctx: Ctx, scope: RowScope, q: ProductListQuery) {
  const where = and(
    scopeWhere(scope, { province: products.provinceCode, commune: products.communeCode, producer: products.producerId }),
    q.province ? eq(products.provinceCode, q.province) : undefined,
    q.commune ? eq(products.communeCode, q.commune) : undefined,
    q.producerId ? eq(products.producerId, q.producerId) : undefined,
    q.productSet ? eq(products.productSetCode, q.productSet) : undefined,
    q.status ? eq(products.status, q.status) : undefined,
    q.stars ? sql`exists (select 1 from ${certificates} c where c.product_id = ${products.id} and c.state = 'active' and c.stars = ${q.stars})` : undefined,
    q.q ? startsWords(products.searchWords, q.q) : undefined,
  );
  const order = [SORTS[q.sort], asc(products.id)];
  // The page of ids first, then the joins (and the current-certificate lookup) for those rows only.
  const page = exec(ctx).select({ id: products.id }).from(products).where(where)
    .orderBy(...order).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [items, [count]] = await Promise.all([
    joined(ctx).where(inArray(products.id, page)).orderBy(...order),
    exec(ctx).select({ n: sql<number>`count(*)::int` }).from(products).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}
