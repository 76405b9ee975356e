/**
 * Decisions and certificates: bulk reads and writes used by imports (multi-row statements in
 * the caller's transaction). Dates are 'YYYY-MM-DD' strings throughout.
 */
import { and, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { certificates, decisions } from './certification.tables';
import { isPlatformNumber } from '../../domain/certificate';
import { verificationChanged } from './verification-feed';

export type DecisionInsert = typeof decisions.$inferInsert & { id: string };
export type CertificateInsert = typeof certificates.$inferInsert & { id: string };

/** Rows per multi-row statement: well under the 65,535 bind parameters of the protocol. */
export const BATCH_SIZE = 500;

/**
 * A text[] parameter written as an array literal, so that key lists go to the database as one
 * bind parameter per column (row-value IN lists with many bind parameters stall PGlite).
 */
export function textArray(values: readonly string[]): SQL {
  const literal = `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
  return sql`${literal}::text[]`;
}

export function chunk<T>(items: readonly T[], size = BATCH_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Which of these numbers are taken (case-insensitive); returns them upper-cased. */
/**
 * The numbers already held: per issuing body ("<issuerKey>|<NUMBER>"), and platform-form numbers
 * ("*|<NUMBER>") under any issuer, since those are unique nationally.
 */
export async function findTakenCertificateNumbers(ctx: Ctx, numbers: string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const part of chunk([...new Set(numbers.map((n) => n.toUpperCase()))], 5000)) {
    const found = await exec(ctx).select({ number: certificates.number, issuerKey: certificates.issuerKey }).from(certificates)
      .where(inArray(sql`upper(${certificates.number})`, part));
    for (const f of found) {
      taken.add(`${f.issuerKey}|${f.number.toUpperCase()}`);
      taken.add(`*|${f.number.toUpperCase()}`);
    }
  }
  return taken;
}

/** Highest sequence used by platform numbers "OCOP-<province>-<year>-NNNNN", 0 when none. */
export async function maxCertificateSeq(ctx: Ctx, provinceCode: string, year: number): Promise<number> {
  const prefix = `OCOP-${provinceCode}-${year}-`;
  const [row] = await rows<{ max: number | null }>(exec(ctx), sql`
    select max(substring(upper(${certificates.number}) from ${`^${prefix}(\\d{5})$`})::int) as max
    from ${certificates} where upper(${certificates.number}) like ${prefix + '%'}`);
  return row?.max ?? 0;
}

export interface CertificateTimelineRow {
  id: string; productId: string; issuedOn: string; expiresOn: string; state: 'active' | 'revoked' | 'superseded';
}

/** Every certificate that is not revoked, of these products. */
export async function findCertificatesOfProducts(ctx: Ctx, productIds: string[]): Promise<CertificateTimelineRow[]> {
  const out: CertificateTimelineRow[] = [];
  for (const part of chunk(productIds, 5000)) {
    out.push(...await exec(ctx).select({
      id: certificates.id, productId: certificates.productId, issuedOn: certificates.issuedOn,
      expiresOn: certificates.expiresOn, state: certificates.state,
    }).from(certificates).where(and(inArray(certificates.productId, part), ne(certificates.state, 'revoked'))));
  }
  return out;
}

/** A decision is one per issuing body, number and date (`issuerCode` '' for the ministry). */
export interface DecisionKey { level: string; issuerCode: string; number: string; decisionDate: string }

export async function findDecisions(ctx: Ctx, keys: DecisionKey[]) {
  const out: (typeof decisions.$inferSelect)[] = [];
  for (const part of chunk(keys, 5000)) {
    out.push(...await exec(ctx).select().from(decisions).where(sql`(${decisions.level}, coalesce(${decisions.issuerCode}, ''), ${decisions.number}, ${decisions.decisionDate})
      in (select l, i, n, d::date from unnest(${textArray(part.map((k) => k.level))}, ${textArray(part.map((k) => k.issuerCode))},
        ${textArray(part.map((k) => k.number))}, ${textArray(part.map((k) => k.decisionDate))}) as k(l, i, n, d))`));
  }
  return out;
}

export async function insertDecisions(ctx: Ctx, values: DecisionInsert[]): Promise<void> {
  for (const part of chunk(values)) await exec(ctx).insert(decisions).values(part);
}

export async function insertCertificates(
  ctx: Ctx, values: CertificateInsert[], onBatch?: (n: number) => void,
): Promise<void> {
  for (const part of chunk(values)) {
    await exec(ctx).insert(certificates).values(part);
    onBatch?.(part.length);
  }
  // Imported numbers may have been scanned before (cached as unknown, or as another issuer's
  // certificate of the same legacy number): decisions/010, decisions/032.
  if (values.length) {
    await verificationChanged(ctx, { certificateIds: values.map((v) => v.id), numbers: values.flatMap((v) => (isPlatformNumber(v.number) ? [] : [v.number])) });
  }
}

/** Mark active certificates superseded on the given dates. */
export async function supersedeCertificates(ctx: Ctx, items: { id: string; supersededOn: string }[]): Promise<void> {
  for (const part of chunk(items)) {
    const values = sql.join(part.map((i) => sql`(${i.id}::uuid, ${i.supersededOn}::date)`), sql`, `);
    await exec(ctx).execute(sql`
      update ${certificates} set state = 'superseded', superseded_on = v.on_date, updated_at = now()
      from (values ${values}) as v(id, on_date)
      where ${certificates.id} = v.id and ${certificates.state} = 'active'`);
  }
  if (items.length) await verificationChanged(ctx, { certificateIds: items.map((i) => i.id) });
}
