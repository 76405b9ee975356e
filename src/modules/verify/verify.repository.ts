/**
 * What verification reads: the certificates of a number (one, or several when a legacy number is
 * held by several issuers: docs/decisions/032) or one by id, with only what its holder has
 * published — product name, stars, producer name, province, dates, the issuer as signed — never
 * scores, tax codes, contacts or notes. Reads go to the executor the service picks (the read replica normally,
 * the primary just after a change).
 */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
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
  /** The body that signed the decision, as signed ("UBND tỉnh Hà Giang"), never its successor. */
  issuer: string;
  /** The key numbers are unique under ("province:02", "district:399", "national"). */
  issuerKey: string;
  supersededByNumber: string | null;
  supersededByStars: number | null;
}

/**
 * What the database said about a code: a certificate, a genuine stamp of one, or nothing — or,
 * for a number several issuers gave, every candidate (`certificate` null then).
 */
export interface VerifyFacts {
  certificate: CertificateFacts | null;
  stamp: StampMatch | null;
  candidates?: readonly CertificateFacts[];
}

export const UNKNOWN_FACTS: VerifyFacts = Object.freeze({ certificate: null, stamp: null });

const province = alias(areas, 'verify_province');
const replacement = alias(certificates, 'verify_replacement');

/** Candidates listed for one number at most (a number shared by more bodies is not expected). */
export const MAX_CANDIDATES = 20;

async function find(db: Db, where: SQL, limit: number): Promise<CertificateFacts[]> {
  return db.select({
    id: certificates.id, number: certificates.number, stars: certificates.stars,
    issuedOn: certificates.issuedOn, expiresOn: certificates.expiresOn,
    revokedOn: certificates.revokedOn, supersededOn: certificates.supersededOn,
    productName: products.name, producerName: producers.name,
    provinceCode: certificates.provinceCode, provinceName: province.name,
    issuer: decisions.issuer, issuerKey: certificates.issuerKey,
    supersededByNumber: replacement.number, supersededByStars: replacement.stars,
  }).from(certificates)
    .innerJoin(products, eq(products.id, certificates.productId))
    .innerJoin(producers, eq(producers.id, products.producerId))
    .innerJoin(province, eq(province.code, certificates.provinceCode))
    .innerJoin(decisions, eq(decisions.id, certificates.decisionId))
    .leftJoin(replacement, eq(replacement.id, certificates.supersededBy))
    .where(and(where, eq(decisions.status, 'approved')))
    .orderBy(desc(certificates.issuedOn), asc(certificates.issuerKey))
    .limit(limit);
}

/**
 * The certificates of approved decisions with this number, case-insensitively (index on
 * upper(number); unique per issuer key), of one issuer when `issuerKey` is given.
 */
export const findCertificateFactsByNumber = (db: Db, upperNumber: string, issuerKey: string | null = null) =>
  find(db, and(sql`upper(${certificates.number}) = ${upperNumber}`, issuerKey === null ? undefined : eq(certificates.issuerKey, issuerKey))!, MAX_CANDIDATES);

export const findCertificateFactsById = async (db: Db, id: string) => (await find(db, eq(certificates.id, id), 1))[0] ?? null;
