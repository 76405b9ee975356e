/**
 * The dossier module's queries: dossiers, their documents and timeline, self-assessments, the
 * set-based moves of council rounds, and what a dossier page shows of its evaluation (the
 * council's result and the certificate, read from those modules' tables).
 */
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, like, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { scopeWhere } from '../../db/scope';
import type { RowScope } from '../../core/scope';
import type { DossierAction, DossierStatus } from '../../domain/dossier';
import { isUuid } from '../../domain/ids';
import { areas, producers, products } from '../registry/registry.tables';
import { users } from '../identity/identity.tables';
import { certificates, decisions } from '../certification/certification.tables';
import { evaluationRounds, roundDossiers } from '../council/council.tables';
import { dossierDocuments, dossierEvents, dossiers, selfAssessments } from './dossier.tables';
import type { DossierListQuery } from './dossier.schema';

export type DossierRow = typeof dossiers.$inferSelect;
export type DossierInsert = typeof dossiers.$inferInsert;
export type DocumentRow = typeof dossierDocuments.$inferSelect;
export type EventRow = typeof dossierEvents.$inferSelect;
export type SelfAssessmentRow = typeof selfAssessments.$inferSelect;

// ─── dossiers ───────────────────────────────────────────────────────────────

export async function findDossierRow(ctx: Ctx, id: string): Promise<DossierRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).select().from(dossiers).where(eq(dossiers.id, id)).limit(1);
  return row ?? null;
}

/** The dossier locked for update (the caller's transaction). */
export async function lockDossier(ctx: Ctx, id: string): Promise<DossierRow | null> {
  const [row] = await exec(ctx).select().from(dossiers).where(eq(dossiers.id, id)).for('update');
  return row ?? null;
}

/** The product's and producer's names shown with a dossier. */
export async function namesOfProduct(ctx: Ctx, productId: string) {
  const [r] = await exec(ctx).select({ productName: products.name, productSetCode: products.productSetCode, producerName: producers.name })
    .from(products).innerJoin(producers, eq(producers.id, products.producerId)).where(eq(products.id, productId)).limit(1);
  return r!;
}

/** One open dossier of the product (any of `statuses`), if any. */
export async function findDossierOfProductIn(ctx: Ctx, productId: string, statuses: readonly DossierStatus[]) {
  const [row] = await exec(ctx).select({ id: dossiers.id, number: dossiers.number }).from(dossiers)
    .where(and(eq(dossiers.productId, productId), inArray(dossiers.status, [...statuses]))).limit(1);
  return row ?? null;
}

/** The product's open dossier (any of `statuses`) as a full row: whose custody its self-assessment is in. */
export async function findDossierRowOfProductIn(ctx: Ctx, productId: string, statuses: readonly DossierStatus[]): Promise<DossierRow | null> {
  const [row] = await exec(ctx).select().from(dossiers)
    .where(and(eq(dossiers.productId, productId), inArray(dossiers.status, [...statuses]))).orderBy(desc(dossiers.createdAt)).limit(1);
  return row ?? null;
}

/** The producer's own accounts that can sign in (an assisted dossier is handed to one of them). */
export async function producerAccounts(ctx: Ctx, producerId: string): Promise<{ id: string; name: string }[]> {
  const found = await exec(ctx).select({ id: users.id, username: users.username, displayName: users.displayName }).from(users)
    .where(and(eq(users.producerId, producerId), eq(users.role, 'producer'), eq(users.disabled, false))).orderBy(asc(users.createdAt), asc(users.id));
  return found.map((u) => ({ id: u.id, name: u.displayName.trim() ? `${u.displayName.trim()} (${u.username})` : u.username }));
}

/** Record the handover of an assisted dossier, only while it is at `version` and not yet handed over (null otherwise). */
export async function handOverDossierRow(
  ctx: Ctx, id: string, version: number,
  set: { handedOverAt: Date; handedOverByUserId: string; handedOverByName: string; handedOverToUserId: string; handedOverToName: string },
): Promise<DossierRow | null> {
  const [row] = await exec(ctx).update(dossiers).set({ ...set, version: sql`${dossiers.version} + 1`, updatedAt: set.handedOverAt })
    .where(and(eq(dossiers.id, id), eq(dossiers.version, version), eq(dossiers.filedOnBehalf, true), isNull(dossiers.handedOverAt))).returning();
  return row ?? null;
}

/** The product's newest dossier in one of `statuses` (the previous dossier of an upgrade or re-evaluation). */
export async function findLatestDossierOfProductIn(ctx: Ctx, productId: string, statuses: readonly DossierStatus[]): Promise<DossierRow | null> {
  const [row] = await exec(ctx).select().from(dossiers)
    .where(and(eq(dossiers.productId, productId), inArray(dossiers.status, [...statuses])))
    .orderBy(desc(dossiers.createdAt)).limit(1);
  return row ?? null;
}

/** An active certificate of the product that has not expired more than a year before `today`. */
export async function findActiveCertificateId(ctx: Ctx, productId: string, today: string): Promise<string | null> {
  const [cert] = await exec(ctx).select({ id: certificates.id }).from(certificates)
    .where(and(eq(certificates.productId, productId), eq(certificates.state, 'active'), sql`${certificates.expiresOn} >= ${today}::date - interval '1 year'`))
    .orderBy(desc(certificates.issuedOn)).limit(1);
  return cert?.id ?? null;
}

/** "HS-<province>-<year>-<seq 6 digits>"; a transaction-scoped advisory lock per prefix makes it safe under concurrency. */
export async function nextDossierNumber(ctx: Ctx, provinceCode: string, year: number): Promise<string> {
  const prefix = `HS-${provinceCode}-${year}-`;
  const db = exec(ctx);
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`dossier-number:${prefix}`}))`);
  const [last] = await db.select({ number: dossiers.number }).from(dossiers)
    .where(like(dossiers.number, `${prefix}%`)).orderBy(desc(dossiers.number)).limit(1);
  const seq = last ? Number(last.number.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(seq).padStart(6, '0')}`;
}

export async function insertDossier(ctx: Ctx, values: DossierInsert): Promise<DossierRow> {
  const [row] = await exec(ctx).insert(dossiers).values(values).returning();
  return row!;
}

/** Update the dossier only while it is at `version` and in one of `statuses` (null: someone else changed it). */
export async function updateDossierIf(
  ctx: Ctx, id: string, version: number, statuses: readonly DossierStatus[], set: Partial<DossierInsert>,
): Promise<DossierRow | null> {
  const [row] = await exec(ctx).update(dossiers).set(set)
    .where(and(eq(dossiers.id, id), eq(dossiers.version, version), inArray(dossiers.status, [...statuses]))).returning();
  return row ?? null;
}

/** Set the status (and `set`), bump the version, only while the dossier is still at `version`. */
export async function moveDossierRow(
  ctx: Ctx, id: string, version: number, status: DossierStatus, set: Partial<DossierInsert>, now: Date,
): Promise<DossierRow | null> {
  const [row] = await exec(ctx).update(dossiers)
    .set({ ...set, status, version: sql`${dossiers.version} + 1`, updatedAt: now })
    .where(and(eq(dossiers.id, id), eq(dossiers.version, version)))
    .returning();
  return row ?? null;
}

/** A page of the dossiers in `scope` (logical columns province, commune, producer), with names. */
export async function listDossierRows(ctx: Ctx, scope: RowScope, q: DossierListQuery) {
  const where = and(
    scopeWhere(scope, { province: dossiers.provinceCode, commune: dossiers.communeCode, producer: dossiers.producerId }),
    q.status ? eq(dossiers.status, q.status) : undefined,
    q.kind ? eq(dossiers.kind, q.kind) : undefined,
    q.productId ? eq(dossiers.productId, q.productId) : undefined,
    q.queue === 'commune' ? eq(dossiers.status, 'submitted') : undefined,
    q.queue === 'province' ? eq(dossiers.status, 'forwarded') : undefined,
  );
  const db = exec(ctx);
  const [{ n }] = await db.select({ n: count() }).from(dossiers).where(where) as [{ n: number }];
  const items = await db.select({ d: dossiers, productName: products.name, productSetCode: products.productSetCode, producerName: producers.name })
    .from(dossiers).innerJoin(products, eq(products.id, dossiers.productId)).innerJoin(producers, eq(producers.id, dossiers.producerId))
    .where(where)
    .orderBy(...(q.queue ? [asc(dossiers.submittedAt), asc(dossiers.id)] : [desc(dossiers.updatedAt), desc(dossiers.id)]))
    .limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  return { items, total: Number(n) };
}

// ─── timeline ───────────────────────────────────────────────────────────────

export async function insertDossierEvent(ctx: Ctx, values: typeof dossierEvents.$inferInsert): Promise<void> {
  await exec(ctx).insert(dossierEvents).values(values);
}

/** The timeline, each step with the name of the person who took it (their display name; the recorded login when they have none or were the system). */
export async function listDossierEvents(ctx: Ctx, dossierId: string): Promise<(EventRow & { actorName: string })[]> {
  const found = await exec(ctx).select({ e: dossierEvents, displayName: users.displayName }).from(dossierEvents)
    .leftJoin(users, eq(users.id, dossierEvents.actorUserId))
    .where(eq(dossierEvents.dossierId, dossierId)).orderBy(asc(dossierEvents.id));
  return found.map((r) => ({ ...r.e, actorName: r.displayName?.trim() || r.e.actorLabel }));
}

/** The names of a dossier's commune and province (the code itself when the area is unknown). */
export async function areaNamesOf(ctx: Ctx, communeCode: string, provinceCode: string): Promise<{ communeName: string; provinceName: string }> {
  const found = await exec(ctx).select({ code: areas.code, name: areas.name }).from(areas).where(inArray(areas.code, [communeCode, provinceCode]));
  const name = (code: string) => found.find((a) => a.code === code)?.name ?? code;
  return { communeName: name(communeCode), provinceName: name(provinceCode) };
}

// ─── documents ──────────────────────────────────────────────────────────────

export async function listDocumentRows(ctx: Ctx, dossierId: string): Promise<DocumentRow[]> {
  return exec(ctx).select().from(dossierDocuments).where(eq(dossierDocuments.dossierId, dossierId))
    .orderBy(asc(dossierDocuments.docType), asc(dossierDocuments.uploadedAt), asc(dossierDocuments.id));
}

export async function findDocumentRow(ctx: Ctx, dossierId: string, docId: string): Promise<DocumentRow | null> {
  if (!isUuid(docId)) return null;
  const [doc] = await exec(ctx).select().from(dossierDocuments)
    .where(and(eq(dossierDocuments.id, docId), eq(dossierDocuments.dossierId, dossierId))).limit(1);
  return doc ?? null;
}

export async function countDocumentsOfType(ctx: Ctx, dossierId: string, docType: string): Promise<number> {
  const [{ n }] = await exec(ctx).select({ n: count() }).from(dossierDocuments)
    .where(and(eq(dossierDocuments.dossierId, dossierId), eq(dossierDocuments.docType, docType))) as [{ n: number }];
  return Number(n);
}

export async function insertDocument(ctx: Ctx, values: typeof dossierDocuments.$inferInsert): Promise<DocumentRow> {
  const [doc] = await exec(ctx).insert(dossierDocuments).values(values).returning();
  return doc!;
}

/** The previous dossier's documents, carried into a new one (same stored files). */
export async function carryDocuments(ctx: Ctx, dossierId: string, docs: readonly DocumentRow[]): Promise<void> {
  if (!docs.length) return;
  await exec(ctx).insert(dossierDocuments).values(docs.map((d) => ({
    dossierId, docType: d.docType, fileName: d.fileName, mediaType: d.mediaType, sizeBytes: d.sizeBytes,
    sha256: d.sha256, storageKey: d.storageKey, carriedFrom: d.id, uploadedBy: d.uploadedBy, uploadedAt: d.uploadedAt,
  })));
}

export async function deleteDocumentRow(ctx: Ctx, docId: string): Promise<void> {
  await exec(ctx).delete(dossierDocuments).where(eq(dossierDocuments.id, docId));
}

/** How many document rows still refer to a stored file. */
export async function countDocumentsOfFile(ctx: Ctx, storageKey: string): Promise<number> {
  const [{ n }] = await exec(ctx).select({ n: count() }).from(dossierDocuments).where(eq(dossierDocuments.storageKey, storageKey)) as [{ n: number }];
  return Number(n);
}

// ─── self-assessments ───────────────────────────────────────────────────────

export async function findSelfAssessment(ctx: Ctx, productId: string, sheetId: string): Promise<SelfAssessmentRow | null> {
  const [row] = await exec(ctx).select().from(selfAssessments)
    .where(and(eq(selfAssessments.productId, productId), eq(selfAssessments.sheetId, sheetId))).limit(1);
  return row ?? null;
}

type SelfAssessmentValues = Pick<typeof selfAssessments.$inferInsert, 'answers' | 'parts' | 'total' | 'estimatedStars' | 'outcome' | 'updatedBy' | 'updatedAt'>;

/** The product's working copy on the sheet, created or replaced. */
export async function upsertSelfAssessment(
  ctx: Ctx, key: { productId: string; producerId: string; sheetId: string; createdAt: Date }, values: SelfAssessmentValues,
): Promise<SelfAssessmentRow> {
  const [row] = await exec(ctx).insert(selfAssessments)
    .values({ ...key, ...values })
    .onConflictDoUpdate({ target: [selfAssessments.productId, selfAssessments.sheetId], set: values })
    .returning();
  return row!;
}

// ─── set-based moves (council rounds) ───────────────────────────────────────

export interface MovedDossier { id: string; from_status: DossierStatus; to_status: DossierStatus; version: number; province_code: string; after: Record<string, unknown> }

/**
 * Move every listed dossier whose status is a `from` of `allowed` to its `to`, bumping the version,
 * in one statement; returns the dossiers moved (those in another status are left as they are).
 */
export async function moveDossierRows(
  ctx: Ctx, moves: readonly { id: string; after: Record<string, unknown> }[], allowed: readonly { from: DossierStatus; to: DossierStatus }[], now: Date,
): Promise<MovedDossier[]> {
  const input = JSON.stringify(moves);
  // The pairs come from the transition table (src/domain/dossier.ts), never from input.
  const pairs = sql.join(allowed.map((a) => sql`(${sql.raw(`'${a.from}'`)}, ${sql.raw(`'${a.to}'`)})`), sql`, `);
  return rows<MovedDossier>(exec(ctx), sql`
    with input as (select * from jsonb_to_recordset(${input}::jsonb) as x(id uuid, after jsonb)),
    allowed(from_status, to_status) as (values ${pairs}),
    locked as (
      select d.id, d.status as from_status, a.to_status, d.version, d.province_code, i.after
      from ${dossiers} d join input i on i.id = d.id join allowed a on a.from_status = d.status
      for update of d
    ),
    upd as (
      update ${dossiers} d set status = l.to_status, version = d.version + 1, updated_at = ${now.toISOString()}::timestamptz
      from locked l where d.id = l.id and d.version = l.version
      returning d.id, d.version
    )
    select l.id, l.from_status, l.to_status, u.version, l.province_code, l.after from locked l join upd u on u.id = l.id`);
}

/** One timeline event per moved dossier, in one statement (one JSON parameter, not a parameter per value). */
export async function insertMoveEvents(
  ctx: Ctx, moved: readonly MovedDossier[], action: DossierAction, comment: string | null,
  who: { userId: string | null; label: string; role: string }, at: Date,
): Promise<void> {
  if (!moved.length) return;
  const payload = JSON.stringify(moved.map((m) => ({ id: m.id, from_status: m.from_status, to_status: m.to_status })));
  await exec(ctx).execute(sql`
    insert into ${dossierEvents} (dossier_id, action, from_status, to_status, comment, actor_user_id, actor_label, actor_role, at)
    select x.id, ${action}, x.from_status, x.to_status, ${comment}, ${who.userId}::uuid, ${who.label}, ${who.role}, ${at.toISOString()}::timestamptz
    from jsonb_to_recordset(${payload}::jsonb) as x(id uuid, from_status text, to_status text)`);
}

// ─── what a dossier shows of its evaluation ─────────────────────────────────

/** The closed rounds a dossier was in, newest first, with whether a decision on the round was published. */
export async function closedRoundsOfDossier(ctx: Ctx, dossierId: string) {
  return exec(ctx).select({
    round: { id: evaluationRounds.id, name: evaluationRounds.name, level: evaluationRounds.level },
    result: {
      meanScore: roundDossiers.meanScore, bandStars: roundDossiers.bandStars, recognisedStars: roundDossiers.recognisedStars,
      potentialFiveStar: roundDossiers.potentialFiveStar, forwarded: roundDossiers.forwarded, eliminated: roundDossiers.eliminated,
    },
    published: sql<boolean>`exists (select 1 from ${decisions} d where d.round_id = ${evaluationRounds.id} and d.published_at is not null)`,
  }).from(roundDossiers)
    .innerJoin(evaluationRounds, eq(evaluationRounds.id, roundDossiers.roundId))
    .where(and(eq(roundDossiers.dossierId, dossierId), eq(evaluationRounds.status, 'closed'), isNotNull(evaluationRounds.closedAt)))
    .orderBy(desc(evaluationRounds.closedAt));
}

/** The number of the certificate issued on the dossier, if any. */
export async function certificateNumberOfDossier(ctx: Ctx, dossierId: string): Promise<string | null> {
  const [c] = await exec(ctx).select({ number: certificates.number }).from(certificates).where(eq(certificates.dossierId, dossierId)).limit(1);
  return c?.number ?? null;
}

