/**
 * Reads for exports, in pages (ordered by area then name, so files read like the provinces'
 * own lists), filtered by the caller's row scope (registry's `registryScope`: province, commune,
 * producer).
 */
import { and, asc, eq, ne } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import type { RowScope } from '../../core/scope';
import { scopeWhere } from '../../db/scope';
import { certificates, decisions } from '../certification/certification.tables';
import { producers, products } from '../registry/registry.tables';

export const EXPORT_PAGE = 5000;

export async function producerPage(ctx: Ctx, rows: RowScope, offset: number) {
  const scope = scopeWhere(rows, { province: producers.provinceCode, commune: producers.communeCode, producer: producers.id });
  return exec(ctx).select({
    name: producers.name, kind: producers.kind, taxCode: producers.taxCode, communeCode: producers.communeCode,
    address: producers.address, representative: producers.representative, phone: producers.phone, email: producers.email,
    foundedYear: producers.foundedYear, members: producers.members, womenLed: producers.womenLed,
    ethnicMinorityLed: producers.ethnicMinorityLed,
  }).from(producers).where(scope)
    .orderBy(asc(producers.provinceCode), asc(producers.communeCode), asc(producers.nameKey), asc(producers.id))
    .limit(EXPORT_PAGE).offset(offset);
}

export async function productPage(ctx: Ctx, rows: RowScope, offset: number) {
  const scope = scopeWhere(rows, { province: products.provinceCode, commune: products.communeCode, producer: products.producerId });
  return exec(ctx).select({
    producerTaxCode: producers.taxCode, producerName: producers.name, communeCode: producers.communeCode,
    name: products.name, productSetCode: products.productSetCode, description: products.description, gtin: products.gtin,
  }).from(products).innerJoin(producers, eq(producers.id, products.producerId)).where(scope)
    .orderBy(asc(products.provinceCode), asc(products.communeCode), asc(producers.nameKey), asc(products.name), asc(products.id))
    .limit(EXPORT_PAGE).offset(offset);
}

/** Certificates that were not revoked (current and past), one row each. */
export async function certifiedPage(ctx: Ctx, rows: RowScope, offset: number) {
  const scope = scopeWhere(rows, { province: certificates.provinceCode, commune: certificates.communeCode, producer: products.producerId });
  return exec(ctx).select({
    productName: products.name, productSetCode: products.productSetCode, producerName: producers.name,
    producerKind: producers.kind, taxCode: producers.taxCode, communeCode: producers.communeCode, address: producers.address,
    stars: certificates.stars, decisionNumber: decisions.number, decisionDate: decisions.decisionDate,
    certificateNumber: certificates.number, potentialFiveStar: certificates.potentialFiveStar,
    oldDistrict: certificates.oldDistrict, communeCodeThen: certificates.communeCodeThen,
    decisionLevel: decisions.level, issuer: decisions.issuer,
  }).from(certificates)
    .innerJoin(products, eq(products.id, certificates.productId))
    .innerJoin(producers, eq(producers.id, products.producerId))
    .innerJoin(decisions, eq(decisions.id, certificates.decisionId))
    .where(and(ne(certificates.state, 'revoked'), scope))
    .orderBy(asc(certificates.provinceCode), asc(decisions.decisionDate), asc(certificates.number), asc(certificates.id))
    .limit(EXPORT_PAGE).offset(offset);
}
