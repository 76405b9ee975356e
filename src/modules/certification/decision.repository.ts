/**
 * Reads and writes of recognition decisions and the certificates they issue. Council results are
 * read straight from the council's tables (closed rounds only); dossier statuses are changed
 * only through moveDossier.
 */
import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { exec, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { scopeWhere } from '../../db/scope';
import type { RowScope } from '../../core/scope';
import { areas, producers, products } from '../registry/registry.tables';
import { users } from '../identity/identity.tables';
import { dossiers } from '../dossier/dossier.tables';
import { councilMembers, evaluationRounds, roundDossiers, scoreSheets } from '../council/council.tables';
import { isUuid } from '../../domain/ids';
import { certificates, decisionItems, decisions } from './certification.tables';

export type RoundRow = typeof evaluationRounds.$inferSelect;
export type DecisionRow = typeof decisions.$inferSelect;
export type CertificateRow = typeof certificates.$inferSelect;

export async function findRound(ctx: Ctx, id: string): Promise<RoundRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).select().from(evaluationRounds).where(eq(evaluationRounds.id, id));
  return row ?? null;
}

/** Closed rounds (newest first) the scope allows, for the "draft a decision" chooser. */
export async function listClosedRounds(ctx: Ctx, scope: RowScope) {
  return exec(ctx).select({
    round: evaluationRounds,
    decisions: sql<number>`(select count(*)::int from ${decisions} d where d.round_id = ${evaluationRounds.id})`,
  }).from(evaluationRounds)
    .where(and(eq(evaluationRounds.status, 'closed'), scopeWhere(scope, { level: evaluationRounds.level, province: evaluationRounds.provinceCode })))
    .orderBy(desc(evaluationRounds.closedAt)).limit(100);
}

const resultColumns = {
  dossierId: roundDossiers.dossierId,
  status: roundDossiers.status,
  meanScore: roundDossiers.meanScore,
  bandStars: roundDossiers.bandStars,
  recognisedStars: roundDossiers.recognisedStars,
  potentialFiveStar: roundDossiers.potentialFiveStar,
  forwarded: roundDossiers.forwarded,
  eliminated: roundDossiers.eliminated,
  dossierNumber: dossiers.number,
  dossierStatus: dossiers.status,
  productId: dossiers.productId,
  productName: products.name,
  producerId: dossiers.producerId,
  producerName: producers.name,
  provinceCode: dossiers.provinceCode,
  communeCode: dossiers.communeCode,
};

/** Every dossier of a round with the council's result, in dossier-number order. */
export async function roundResults(ctx: Ctx, roundId: string) {
  return exec(ctx).select(resultColumns).from(roundDossiers)
    .innerJoin(dossiers, eq(dossiers.id, roundDossiers.dossierId))
    .innerJoin(products, eq(products.id, dossiers.productId))
    .innerJoin(producers, eq(producers.id, dossiers.producerId))
    .where(eq(roundDossiers.roundId, roundId))
    .orderBy(asc(dossiers.number));
}
export type RoundResultRow = Awaited<ReturnType<typeof roundResults>>[number];

/** The council members of a round and every submitted total, for the minutes. */
export async function roundScores(ctx: Ctx, roundId: string) {
  const members = await exec(ctx).select().from(councilMembers).where(eq(councilMembers.roundId, roundId))
    .orderBy(sql`case ${councilMembers.councilRole} when 'chair' then 0 when 'vice_chair' then 1 when 'member' then 2 when 'secretary' then 3 else 4 end`, asc(councilMembers.fullName));
  const sheets = await exec(ctx).select({
    dossierId: scoreSheets.dossierId, memberId: scoreSheets.memberId, total: scoreSheets.total,
    status: scoreSheets.status, outcome: scoreSheets.outcome, attempt: scoreSheets.attempt,
  }).from(scoreSheets).where(eq(scoreSheets.roundId, roundId));
  return { members, sheets };
}

/** Is this user a council member of the round? */
export async function isCouncilMember(ctx: Ctx, roundId: string, userId: string): Promise<boolean> {
  const [row] = await exec(ctx).select({ id: councilMembers.id }).from(councilMembers)
    .where(and(eq(councilMembers.roundId, roundId), eq(councilMembers.userId, userId))).limit(1);
  return !!row;
}

// ---- decisions ----------------------------------------------------------------------------

export async function findDecision(ctx: Ctx, id: string): Promise<DecisionRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).select().from(decisions).where(eq(decisions.id, id));
  return row ?? null;
}

export async function lockDecision(ctx: Ctx, id: string): Promise<DecisionRow | null> {
  const [row] = await exec(ctx).select().from(decisions).where(eq(decisions.id, id)).for('update');
  return row ?? null;
}

export async function decisionsOfRound(ctx: Ctx, roundId: string): Promise<DecisionRow[]> {
  return exec(ctx).select().from(decisions).where(eq(decisions.roundId, roundId)).orderBy(asc(decisions.createdAt));
}

/** A decision with the same number and date by the same body (provinces: same area). */
export async function findSameNumber(ctx: Ctx, level: 'province' | 'national', areaCode: string | null, number: string, date: string, exceptId?: string) {
  const [row] = await exec(ctx).select({ id: decisions.id }).from(decisions).where(and(
    eq(decisions.number, number), eq(decisions.decisionDate, date),
    level === 'national' ? eq(decisions.level, 'national') : and(eq(decisions.level, 'province'), eq(decisions.areaCode, areaCode ?? '')),
    exceptId ? sql`${decisions.id} <> ${exceptId}` : undefined,
  )).limit(1);
  return row ?? null;
}

export async function insertDecision(ctx: Ctx, values: typeof decisions.$inferInsert): Promise<DecisionRow> {
  const [row] = await exec(ctx).insert(decisions).values(values).returning();
  return row!;
}

/** Update only while the decision is still at `version` (and in `status`): null when someone else changed it. */
export async function updateDecisionIf(ctx: Ctx, id: string, version: number, status: 'draft' | 'approved', values: Partial<typeof decisions.$inferInsert>) {
  const [row] = await exec(ctx).update(decisions).set({ ...values, version: sql`${decisions.version} + 1` })
    .where(and(eq(decisions.id, id), eq(decisions.version, version), eq(decisions.status, status))).returning();
  return row ?? null;
}

export async function listDecisions(ctx: Ctx, scope: RowScope, q: { status?: 'draft' | 'approved'; page: number; pageSize: number }) {
  const where = and(scopeWhere(scope, { level: decisions.level, area: decisions.areaCode }), eq(decisions.source, 'evaluation'), q.status ? eq(decisions.status, q.status) : undefined);
  const [items, [count]] = await Promise.all([
    exec(ctx).select({
      decision: decisions, areaName: areas.name,
      items: sql<number>`(select count(*)::int from ${decisionItems} i where i.decision_id = ${decisions.id})`,
    }).from(decisions).leftJoin(areas, eq(areas.code, decisions.areaCode)).where(where)
      .orderBy(desc(decisions.createdAt), asc(decisions.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    exec(ctx).select({ n: sql<number>`count(*)::int` }).from(decisions).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function listDecisionsByIds(ctx: Ctx, ids: string[]) {
  return exec(ctx).select({
    decision: decisions, areaName: areas.name,
    items: sql<number>`(select count(*)::int from ${decisionItems} i where i.decision_id = ${decisions.id})`,
  }).from(decisions).leftJoin(areas, eq(areas.code, decisions.areaCode)).where(inArray(decisions.id, ids));
}

// ---- items --------------------------------------------------------------------------------

export async function insertItems(ctx: Ctx, values: (typeof decisionItems.$inferInsert)[]): Promise<void> {
  if (values.length) await exec(ctx).insert(decisionItems).values(values).onConflictDoNothing();
}

export async function deleteItem(ctx: Ctx, decisionId: string, dossierId: string): Promise<boolean> {
  const gone = await exec(ctx).delete(decisionItems)
    .where(and(eq(decisionItems.decisionId, decisionId), eq(decisionItems.dossierId, dossierId))).returning();
  return gone.length > 0;
}

export async function listItems(ctx: Ctx, decisionId: string) {
  const issued = alias(certificates, 'issued');
  return exec(ctx).select({
    dossierId: decisionItems.dossierId, productId: decisionItems.productId, stars: decisionItems.stars,
    score: decisionItems.score, potentialFiveStar: decisionItems.potentialFiveStar,
    productName: products.name, producerId: products.producerId, producerName: producers.name,
    provinceCode: products.provinceCode, communeCode: products.communeCode, dossierNumber: dossiers.number,
    certificateNumber: issued.number, certificateExpiresOn: issued.expiresOn,
  }).from(decisionItems)
    .innerJoin(products, eq(products.id, decisionItems.productId))
    .innerJoin(producers, eq(producers.id, products.producerId))
    .leftJoin(dossiers, eq(dossiers.id, decisionItems.dossierId))
    .leftJoin(issued, and(eq(issued.decisionId, decisionItems.decisionId), eq(issued.dossierId, decisionItems.dossierId)))
    .where(eq(decisionItems.decisionId, decisionId))
    .orderBy(desc(decisionItems.stars), asc(products.name));
}
export type ItemRow = Awaited<ReturnType<typeof listItems>>[number];

// ---- certificates -------------------------------------------------------------------------

/**
 * Serialise numbering per province and year for the rest of the transaction, so concurrent
 * approvals never pick the same sequence number. The certified-products import takes it too,
 * in its write transaction (imports/certified.import.ts `numberUnderLock`).
 */
export async function lockNumbering(ctx: Ctx, provinceCode: string, year: number): Promise<void> {
  await exec(ctx).execute(sql`select pg_advisory_xact_lock(hashtext(${`ocop-certificate-number-${provinceCode}-${year}`}))`);
}

/** The product's active certificates (normally one), locked for update. */
export async function activeCertificatesOf(ctx: Ctx, productId: string): Promise<CertificateRow[]> {
  return exec(ctx).select().from(certificates)
    .where(and(eq(certificates.productId, productId), eq(certificates.state, 'active'))).for('update');
}

export async function insertCertificate(ctx: Ctx, values: typeof certificates.$inferInsert): Promise<CertificateRow> {
  const [row] = await exec(ctx).insert(certificates).values(values).returning();
  return row!;
}

export async function updateCertificateIf(ctx: Ctx, id: string, state: CertificateRow['state'], values: Partial<typeof certificates.$inferInsert>) {
  const [row] = await exec(ctx).update(certificates).set({ ...values, updatedAt: ctx.deps.clock() })
    .where(and(eq(certificates.id, id), eq(certificates.state, state))).returning();
  return row ?? null;
}

export async function setProductStatus(ctx: Ctx, productId: string, status: 'certified' | 'expired' | 'revoked'): Promise<void> {
  await exec(ctx).update(products).set({ status, updatedAt: ctx.deps.clock() }).where(eq(products.id, productId));
}

const province = alias(areas, 'province');
const commune = alias(areas, 'commune');
const replacement = alias(certificates, 'replacement');

const certificateColumns = {
  certificate: certificates,
  productName: products.name,
  productSetCode: products.productSetCode,
  producerId: products.producerId,
  producerName: producers.name,
  producerAddress: producers.address,
  producerEmail: producers.email,
  provinceName: province.name,
  communeName: commune.name,
  decisionNumber: decisions.number,
  decisionDate: decisions.decisionDate,
  decisionLevel: decisions.level,
  decisionIssuer: decisions.issuer,
  decisionSigner: decisions.signer,
  decisionStatus: decisions.status,
  supersededByNumber: replacement.number,
  supersededByStars: replacement.stars,
};

function certificateQuery(ctx: Ctx) {
  return exec(ctx).select(certificateColumns).from(certificates)
    .innerJoin(products, eq(products.id, certificates.productId))
    .innerJoin(producers, eq(producers.id, products.producerId))
    .innerJoin(province, eq(province.code, certificates.provinceCode))
    .innerJoin(commune, eq(commune.code, certificates.communeCode))
    .innerJoin(decisions, eq(decisions.id, certificates.decisionId))
    .leftJoin(replacement, eq(replacement.id, certificates.supersededBy));
}

/**
 * A certificate by number, case-insensitively. Numbers are unique per issuer (index on
 * issuer_key, upper(number)): a platform number names one certificate; for a legacy number held
 * by several issuers this is the newest — callers that must tell them apart use
 * findCertificatesByNumber.
 */
export async function findCertificateByNumber(ctx: Ctx, number: string) {
  const [row] = await findCertificatesByNumber(ctx, number, null, 1);
  return row ?? null;
}
export type CertificateView = NonNullable<Awaited<ReturnType<typeof findCertificateByNumber>>>;

/** The certificates with this number (several issuers may hold one legacy number), of one issuer when given; newest first. */
export async function findCertificatesByNumber(ctx: Ctx, number: string, issuerKey: string | null, limit = 20) {
  return certificateQuery(ctx)
    .where(and(sql`upper(${certificates.number}) = upper(${number})`, issuerKey === null ? undefined : eq(certificates.issuerKey, issuerKey)))
    .orderBy(desc(certificates.issuedOn), asc(certificates.issuerKey)).limit(limit);
}

export async function findCertificateById(ctx: Ctx, id: string) {
  const [row] = await certificateQuery(ctx).where(eq(certificates.id, id)).limit(1);
  return row ?? null;
}

export interface CertificateFilter {
  state?: 'active' | 'revoked' | 'superseded';
  /** valid / expired on `today` (derived from the dates). */
  validity?: 'valid' | 'expired';
  stars?: number;
  province?: string;
  decisionId?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export async function listCertificates(ctx: Ctx, scope: RowScope, f: CertificateFilter, today: string) {
  const where = and(
    scopeWhere(scope, { province: certificates.provinceCode, commune: certificates.communeCode, producer: products.producerId }),
    f.state ? eq(certificates.state, f.state) : undefined,
    f.validity === 'valid' ? and(eq(certificates.state, 'active'), sql`${certificates.expiresOn} > ${today}::date`) : undefined,
    f.validity === 'expired' ? and(eq(certificates.state, 'active'), sql`${certificates.expiresOn} <= ${today}::date`) : undefined,
    f.stars ? eq(certificates.stars, f.stars) : undefined,
    f.province ? eq(certificates.provinceCode, f.province) : undefined,
    f.decisionId && isUuid(f.decisionId) ? eq(certificates.decisionId, f.decisionId) : undefined,
    f.q ? sql`(upper(${certificates.number}) like ${`%${f.q.toUpperCase()}%`} or ocop_norm(${products.name}) like '%' || ocop_norm(${f.q}) || '%')` : undefined,
  );
  const base = () => exec(ctx).select({ n: sql<number>`count(*)::int` }).from(certificates)
    .innerJoin(products, eq(products.id, certificates.productId));
  const [items, [count]] = await Promise.all([
    certificateQuery(ctx).where(where).orderBy(desc(certificates.issuedOn), asc(certificates.number))
      .limit(f.pageSize).offset((f.page - 1) * f.pageSize),
    base().where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

/** Certificates issued on these dossiers (result lookups). */
export async function certificatesOfDossiers(ctx: Ctx, dossierIds: string[]) {
  if (!dossierIds.length) return [];
  return exec(ctx).select({ dossierId: certificates.dossierId, number: certificates.number, state: certificates.state })
    .from(certificates).where(inArray(certificates.dossierId, dossierIds));
}

// ---- results ------------------------------------------------------------------------------

/** The closed rounds a dossier was in, newest first, with whether a decision on it was published. */
export async function closedRoundsOfDossier(ctx: Ctx, dossierId: string) {
  return exec(ctx).select({
    round: evaluationRounds, result: roundDossiers,
    published: sql<boolean>`exists (select 1 from ${decisions} d where d.round_id = ${evaluationRounds.id} and d.published_at is not null)`,
  }).from(roundDossiers)
    .innerJoin(evaluationRounds, eq(evaluationRounds.id, roundDossiers.roundId))
    .where(and(eq(roundDossiers.dossierId, dossierId), eq(evaluationRounds.status, 'closed'), isNotNull(evaluationRounds.closedAt)))
    .orderBy(desc(evaluationRounds.closedAt));
}

export async function findDossier(ctx: Ctx, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).select().from(dossiers).where(eq(dossiers.id, id));
  return row ?? null;
}

// ---- reminders ----------------------------------------------------------------------------

/** Active certificates with expiresOn in (today, until], with the people to remind. */
export async function certificatesExpiringBetween(ctx: Ctx, today: string, until: string) {
  return rows<{
    id: string; number: string; stars: number; expires_on: string; province_code: string; producer_id: string;
    product_name: string; producer_name: string; producer_email: string | null;
  }>(exec(ctx), sql`
    select c.id, c.number, c.stars, to_char(c.expires_on, 'YYYY-MM-DD') as expires_on, c.province_code,
      p.producer_id, p.name as product_name, pr.name as producer_name, pr.email as producer_email
    from ${certificates} c
    join ${products} p on p.id = c.product_id
    join ${producers} pr on pr.id = p.producer_id
    where c.state = 'active' and c.expires_on > ${today}::date and c.expires_on <= ${until}::date
    order by c.expires_on, c.number`);
}

/** Enabled users of a producer, and enabled province officers of a province. */
export async function usersToRemind(ctx: Ctx, producerIds: string[], provinceCodes: string[]) {
  if (!producerIds.length && !provinceCodes.length) return [];
  return exec(ctx).select({ id: users.id, role: users.role, producerId: users.producerId, areaCode: users.areaCode })
    .from(users).where(and(eq(users.disabled, false), sql`(
      (${users.role} = 'producer' and ${users.producerId} in (select unnest(${`{${producerIds.join(',')}}`}::uuid[])))
      or (${users.role} = 'province_officer' and ${users.areaCode} in (select unnest(${`{${provinceCodes.join(',')}}`}::text[]))))`));
}

export async function areaName(ctx: Ctx, code: string): Promise<string | null> {
  const [row] = await exec(ctx).select({ name: areas.name }).from(areas).where(eq(areas.code, code));
  return row?.name ?? null;
}
