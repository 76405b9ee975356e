import { publicFactsChanged } from './public-facts-feed';
import { inTx, type Ctx } from '../../context';
import { AppError, problem, stringFieldsOf, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import type { z } from 'zod';
import { validateGtin13 } from '../../domain/gtin';
import { certificateStatusOn, lastValidDay } from '../../domain/certificate';
import { todayInVietnam } from '../../domain/dates';
import { recordAudit } from '../audit/audit.service';
import { requireActor } from '../../core/actor';
import { isUuid } from '../../domain/ids';
import * as repo from './product.repository';
import { findProducerRow } from './producer.repository';
import { assertCan, canListRegistry, registryScope } from './registry.policy';
import { CURRENT_CLASSIFICATION } from './reference-data';
import {
  ProductInputSchema, ProductUpdateSchema, type ProductDto, type ProductInput, type ProductListQuery, type ProductUpdate,
} from './product.schema';
import type { products } from './registry.tables';

export function toProductDto(r: repo.ProductWithRelations, today: string): ProductDto {
  const p = r.product;
  const c = r.certificate;
  return {
    id: p.id, producerId: p.producerId, producerName: r.producerName, name: p.name,
    classification: p.classification, productSetCode: p.productSetCode, productSetName: r.productSetName ?? '',
    description: p.description, story: p.story, ingredients: p.ingredients, packaging: p.packaging,
    shelfLife: p.shelfLife, gtin: p.gtin, status: p.status, provinceCode: p.provinceCode,
    communeCode: p.communeCode, isSample: p.isSample,
    certificate: c ? {
      number: c.number, stars: c.stars, issuedOn: c.issuedOn, expiresOn: c.expiresOn, validUntil: lastValidDay(c.expiresOn),
      status: certificateStatusOn(c, today), potentialFiveStar: c.potentialFiveStar,
    } : null,
    createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(),
  };
}

/** Schema errors together with the GTIN and product-set checks on whatever strings were given. */
async function invalidProduct(ctx: Ctx, raw: unknown, issues: z.core.$ZodIssue[], classification: string, exceptId?: string) {
  const fields: FieldErrors = {};
  const given = stringFieldsOf(raw, ['gtin', 'productSetCode'] as const);
  if (given.productSetCode && !(await repo.findProductSet(ctx, classification, given.productSetCode))) fields.productSetCode = problem('product_set.unknown');
  await checkGtin(ctx, given.gtin, fields, exceptId);
  return validation({ ...fields, ...zodFieldErrors(issues) });
}

async function checkGtin(ctx: Ctx, gtin: string | null | undefined, fields: FieldErrors, exceptId?: string) {
  if (!gtin) return gtin === undefined ? undefined : null;
  const r = validateGtin13(gtin);
  if (!r.ok) {
    fields.gtin = problem(r.reason === 'checksum' ? 'gtin.check_digit' : 'gtin.format');
    return undefined;
  }
  if (await repo.gtinTaken(ctx, r.value, exceptId)) fields.gtin = problem('gtin.taken');
  return r.value;
}

export async function createProduct(ctx: Ctx, raw: ProductInput, opts: { isSample?: boolean } = {}): Promise<ProductDto> {
  const actor = requireActor(ctx);
  const parsed = ProductInputSchema.safeParse(raw);
  if (!parsed.success) throw await invalidProduct(ctx, raw, parsed.error.issues, CURRENT_CLASSIFICATION);
  const input = parsed.data;
  const producer = await findProducerRow(ctx, input.producerId);
  if (!producer) throw validation({ producerId: problem('producer.unknown') });
  assertCan(actor, 'write', { ...producer, producerId: producer.id }, 'producer');
  const fields: FieldErrors = {};
  if (!(await repo.findProductSet(ctx, CURRENT_CLASSIFICATION, input.productSetCode))) fields.productSetCode = problem('product_set.unknown');
  const gtin = await checkGtin(ctx, input.gtin, fields);
  if (Object.keys(fields).length) throw validation(fields);
  return inTx(ctx, async (tx) => {
    const row = await repo.insertProduct(tx, {
      ...input, gtin: gtin ?? null, classification: CURRENT_CLASSIFICATION,
      provinceCode: producer.provinceCode, communeCode: producer.communeCode, isSample: opts.isSample ?? false,
    });
    await recordAudit(tx, { action: 'product.create', entityType: 'product', entityId: row.id, provinceCode: row.provinceCode, after: row });
    return toProductDto((await repo.findProduct(tx, row.id))!, todayInVietnam(ctx.deps.clock()));
  });
}

export async function updateProduct(ctx: Ctx, id: string, raw: ProductUpdate): Promise<ProductDto> {
  const actor = requireActor(ctx);
  const before = await repo.findProductRow(ctx, id);
  if (!before) throw new AppError('not_found', 'product not found');
  assertCan(actor, 'write', before, 'product');
  const parsed = ProductUpdateSchema.safeParse(raw);
  if (!parsed.success) throw await invalidProduct(ctx, raw, parsed.error.issues, before.classification, id);
  const input = parsed.data;
  const fields: FieldErrors = {};
  if (input.productSetCode && !(await repo.findProductSet(ctx, before.classification, input.productSetCode))) {
    fields.productSetCode = problem('product_set.unknown');
  }
  const gtin = await checkGtin(ctx, input.gtin, fields, id);
  if (Object.keys(fields).length) throw validation(fields);
  if (input.status && ['certified', 'expired', 'revoked'].includes(before.status)) {
    throw new AppError('conflict', 'the status of a certified product follows its certificate', { status: problem('product.status_follows_certificate') });
  }
  return inTx(ctx, async (tx) => {
    const values: Partial<typeof products.$inferInsert> = { ...input };
    if (gtin !== undefined) values.gtin = gtin;
    const row = await repo.updateProduct(tx, id, values);
    await recordAudit(tx, { action: 'product.update', entityType: 'product', entityId: id, provinceCode: row.provinceCode, before, after: row });
    await publicFactsChanged(tx, { productIds: [id] });
    return toProductDto((await repo.findProduct(tx, id))!, todayInVietnam(ctx.deps.clock()));
  });
}

export async function getProduct(ctx: Ctx, id: string): Promise<ProductDto> {
  const actor = requireActor(ctx);
  const found = await repo.findProduct(ctx, id);
  if (!found) throw new AppError('not_found', 'product not found');
  assertCan(actor, 'read', found.product, 'product');
  return toProductDto(found, todayInVietnam(ctx.deps.clock()));
}

export async function listProducts(ctx: Ctx, query: ProductListQuery) {
  const actor = requireActor(ctx);
  if (!canListRegistry(actor)) throw new AppError('forbidden', 'not allowed');
  // Pages pass a posted producer id as typed: a malformed one has no products (not a query error).
  if (query.producerId !== undefined && !isUuid(query.producerId)) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
  const { items, total } = await repo.listProducts(ctx, registryScope(actor), query);
  const today = todayInVietnam(ctx.deps.clock());
  return { items: items.map((r) => toProductDto(r, today)), total, page: query.page, pageSize: query.pageSize };
}

export async function listProductSets(ctx: Ctx, classification: string = CURRENT_CLASSIFICATION) {
  return repo.listProductSets(ctx, classification);
}
