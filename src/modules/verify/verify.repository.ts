/**
 * What verification reads: one certificate (by number or id) with only what its holder has
 * published — product name, stars, producer name, province, dates — never scores, tax codes,
 * contacts or notes. Reads go to the executor the service picks (the read replica normally,
 * the primary just after a change).
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import type { StampMatch } from '../stamps/stamp-lookup';
import { areas, producers, products } from '../registry/registry.tables';
import { certificates, decisions } from '../certification/certification.tables';

export interface CertificateFacts {
  id: string;
  number: string;
  stars: number;
  issuedOn: string;
  expiresOn: string;
  revokedOn: string | null;
  supersededOn: string | null;
  productName: string;
  producerName: string;
  provinceCode: string;
  provinceName: string;
  supersededByNumber: string | null;
  supersededByStars: number | null;
}

/** What the database said about a code: a certificate, a genuine stamp of one, or nothing. */
export interface VerifyFacts {
  certificate: CertificateFacts | null;
  stamp: StampMatch | null;
}

export const UNKNOWN_FACTS: VerifyFacts = Object.freeze({ certificate: null, stamp: null });

const province = alias(areas, 'verify_province');
const replacement = alias(certificates, 'verify_replacement');

async function findOne(db: Db, where: SQL): Promise<CertificateFacts | null> {
  const [row] = await db.select({
    id: certificates.id, number: certificates.number, stars: certificates.stars,
    issuedOn: certificates.issuedOn, expiresOn: certificates.expiresOn,
    revokedOn: certificates.revokedOn, supersededOn: certificates.supersededOn,
    productName: products.name, producerName: producers.name,
    provinceCode: certificates.provinceCode, provinceName: province.name,
    supersededByNumber: replacement.number, supersededByStars: replacement.stars,
  }).from(certificates)
    .innerJoin(products, eq(products.id, certificates.productId))
    .innerJoin(producers, eq(producers.id, products.producerId))
    .innerJoin(province, eq(province.code, certificates.provinceCode))
    .innerJoin(decisions, eq(decisions.id, certificates.decisionId))
    .leftJoin(replacement, eq(replacement.id, certificates.supersededBy))
    .where(and(where, eq(decisions.status, 'approved')))
    .limit(1);
  return row ?? null;
}

/** A certificate of an approved decision by number, case-insensitively (unique index on upper(number)). */
export const findCertificateFactsByNumber = (db: Db, upperNumber: string) =>
  findOne(db, sql`upper(${certificates.number}) = ${upperNumber}`);

export const findCertificateFactsById = (db: Db, id: string) => findOne(db, eq(certificates.id, id));
