import { and, asc, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { scopeWhere } from '../../db/scope';
import type { RowScope } from '../../core/scope';
import { dossiers } from '../dossier/dossier.tables';
import { areas, producers, products } from '../registry/registry.tables';
import { users } from '../identity/identity.tables';
import { isUuid } from '../../domain/ids';
import {
  conflictDeclarations, councilMembers, evaluationRounds, fieldVisits, roundDossiers, scoreSheets,
} from './council.tables';
import type { RoundListQuery } from './council.schema';

export type RoundRow = typeof evaluationRounds.$inferSelect;
export type MemberRow = typeof councilMembers.$inferSelect;
export type SheetRow = typeof scoreSheets.$inferSelect;
export type RoundDossierRow = typeof roundDossiers.$inferSelect;

export async function findRound(ctx: Ctx, id: string, opts: { forUpdate?: boolean } = {}): Promise<RoundRow | null> {
  if (!isUuid(id)) return null;
  const q = exec(ctx).select().from(evaluationRounds).where(eq(evaluationRounds.id, id));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

export async function insertRound(ctx: Ctx, values: typeof evaluationRounds.$inferInsert): Promise<RoundRow> {
  const [row] = await exec(ctx).insert(evaluationRounds).values(values).returning();
  return row!;
}

/** Update the round only at the expected version (no lost update); null when it moved meanwhile. */
export async function updateRoundIf(ctx: Ctx, id: string, version: number, values: Partial<typeof evaluationRounds.$inferInsert>) {
  const [row] = await exec(ctx).update(evaluationRounds)
    .set({ ...values, version: sql`${evaluationRounds.version} + 1`, updatedAt: ctx.deps.clock() })
    .where(and(eq(evaluationRounds.id, id), eq(evaluationRounds.version, version))).returning();
  return row ?? null;
}

export async function seatOf(ctx: Ctx, roundId: string, userId: string): Promise<MemberRow | null> {
  const [row] = await exec(ctx).select().from(councilMembers)
    .where(and(eq(councilMembers.roundId, roundId), eq(councilMembers.userId, userId)));
  return row ?? null;
}

export async function findMember(ctx: Ctx, roundId: string, memberId: string): Promise<MemberRow | null> {
  if (!isUuid(memberId)) return null;
  const [row] = await exec(ctx).select().from(councilMembers)
    .where(and(eq(councilMembers.roundId, roundId), eq(councilMembers.id, memberId)));
  return row ?? null;
}

const seatOrder = sql`case ${councilMembers.councilRole} when 'chair' then 0 when 'vice_chair' then 1 when 'member' then 2 when 'secretary' then 3 else 4 end`;

export async function listMembers(ctx: Ctx, roundId: string): Promise<MemberRow[]> {
  return exec(ctx).select().from(councilMembers).where(eq(councilMembers.roundId, roundId))
    .orderBy(seatOrder, asc(councilMembers.fullName), asc(councilMembers.id));
}

export async function insertMember(ctx: Ctx, values: typeof councilMembers.$inferInsert): Promise<MemberRow | null> {
  const [row] = await exec(ctx).insert(councilMembers).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function listConflicts(ctx: Ctx, roundId: string) {
  return exec(ctx).select({
    c: conflictDeclarations, memberName: councilMembers.fullName, producerName: producers.name,
  }).from(conflictDeclarations)
    .innerJoin(councilMembers, eq(councilMembers.id, conflictDeclarations.memberId))
    .innerJoin(producers, eq(producers.id, conflictDeclarations.producerId))
    .where(eq(conflictDeclarations.roundId, roundId))
    .orderBy(asc(conflictDeclarations.declaredAt), asc(conflictDeclarations.id));
}

export async function hasConflict(ctx: Ctx, memberId: string, producerId: string): Promise<boolean> {
  const [row] = await exec(ctx).select({ id: conflictDeclarations.id }).from(conflictDeclarations)
    .where(and(eq(conflictDeclarations.memberId, memberId), eq(conflictDeclarations.producerId, producerId)));
  return Boolean(row);
}

/** The round's dossiers with product, producer, field visit and (for `userId`) that member's sheet. */
export async function listRoundDossiers(ctx: Ctx, roundId: string, userId: string | null) {
  const mine = userId
    ? sql<{ status: SheetRow['status']; attempt: number } | null>`(select json_build_object('status', s.status, 'attempt', s.attempt)
        from ${scoreSheets} s join ${councilMembers} m on m.id = s.member_id
        where s.round_id = ${roundDossiers.roundId} and s.dossier_id = ${roundDossiers.dossierId} and m.user_id = ${userId})`
    : sql<null>`null`;
  return exec(ctx).select({
    rd: roundDossiers,
    number: dossiers.number, productId: dossiers.productId, producerId: dossiers.producerId, isService: dossiers.isService,
    productName: products.name, producerName: producers.name,
    visited: sql<boolean>`exists (select 1 from ${fieldVisits} f where f.round_id = ${roundDossiers.roundId} and f.dossier_id = ${roundDossiers.dossierId})`,
    submittedSheets: sql<number>`(select count(*)::int from ${scoreSheets} s
      where s.round_id = ${roundDossiers.roundId} and s.dossier_id = ${roundDossiers.dossierId} and s.status = 'submitted')`,
    mine,
  }).from(roundDossiers)
    .innerJoin(dossiers, eq(dossiers.id, roundDossiers.dossierId))
    .innerJoin(products, eq(products.id, dossiers.productId))
    .innerJoin(producers, eq(producers.id, dossiers.producerId))
    .where(eq(roundDossiers.roundId, roundId))
    .orderBy(asc(dossiers.number));
}

export async function listFieldVisits(ctx: Ctx, roundId: string) {
  return exec(ctx).select().from(fieldVisits).where(eq(fieldVisits.roundId, roundId)).orderBy(asc(fieldVisits.visitedOn), asc(fieldVisits.createdAt));
}

export async function fieldVisitRecorded(ctx: Ctx, roundId: string, dossierId: string): Promise<boolean> {
  const [row] = await exec(ctx).select({ id: fieldVisits.id }).from(fieldVisits)
    .where(and(eq(fieldVisits.roundId, roundId), eq(fieldVisits.dossierId, dossierId))).limit(1);
  return Boolean(row);
}

/** The policy's round scope as SQL: 'seated' = the user holds a seat in the round's council. */
function roundWhere(scope: RowScope): SQL | undefined {
  return scopeWhere(scope, { level: evaluationRounds.level, province: evaluationRounds.provinceCode }, {
    seated: (userId) => sql`exists (select 1 from ${councilMembers} where ${councilMembers.roundId} = ${evaluationRounds.id} and ${councilMembers.userId} = ${userId})`,
  });
}

export async function listRounds(ctx: Ctx, scope: RowScope, q: RoundListQuery) {
  const where = and(roundWhere(scope), q.status ? eq(evaluationRounds.status, q.status) : undefined, q.level ? eq(evaluationRounds.level, q.level) : undefined);
  const db = exec(ctx);
  const [items, [count]] = await Promise.all([
    db.select({
      r: evaluationRounds,
      dossierCount: sql<number>`(select count(*)::int from ${roundDossiers} x where x.round_id = ${evaluationRounds.id})`,
    }).from(evaluationRounds).where(where)
      .orderBy(desc(evaluationRounds.sessionDate), desc(evaluationRounds.createdAt), asc(evaluationRounds.id))
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(evaluationRounds).where(where),
  ]);
  return { items, total: Number(count?.n ?? 0) };
}

export async function dossierCount(ctx: Ctx, roundId: string): Promise<number> {
  const [row] = await exec(ctx).select({ n: sql<number>`count(*)::int` }).from(roundDossiers).where(eq(roundDossiers.roundId, roundId));
  return Number(row?.n ?? 0);
}

/** End of the cut-off day in Vietnam (UTC+7): dossiers submitted before it are in time. */
const cutoffEnd = (cutoff: string) => sql`((${cutoff}::date + 1)::text || ' 00:00:00+07')::timestamptz`;

/**
 * The dossiers a round may take now:
 * - province round, stage 1 (or single stage): received dossiers of its province, submitted on
 *   or before the cut-off day, with a scoring sheet;
 * - province stage 2: received dossiers the stage-1 round shortlisted;
 * - national round: recognised dossiers whose latest closed round result is potential 5★.
 */
export function eligibleCondition(round: RoundRow): SQL {
  if (round.stage === 2 && round.previousRoundId) {
    return sql`${dossiers.status} = 'received' and ${dossiers.sheetId} is not null and exists (
      select 1 from ${roundDossiers} p where p.round_id = ${round.previousRoundId} and p.dossier_id = ${dossiers.id} and p.shortlisted)`;
  }
  if (round.level === 'national') {
    return sql`${dossiers.status} = 'recognised' and ${dossiers.sheetId} is not null and coalesce((
      select p.potential_five_star from ${roundDossiers} p join ${evaluationRounds} r on r.id = p.round_id
      where p.dossier_id = ${dossiers.id} and r.status = 'closed' and p.status = 'closed'
      order by r.closed_at desc limit 1), false)`;
  }
  // A dossier a stage 1 shortlisted waits for its stage 2; no other round may take it.
  return sql`${dossiers.status} = 'received' and ${dossiers.sheetId} is not null
    and ${dossiers.provinceCode} = ${round.provinceCode}
    and ${dossiers.submittedAt} < ${cutoffEnd(round.cutoffDate)}
    and not exists (select 1 from ${roundDossiers} p where p.dossier_id = ${dossiers.id} and p.shortlisted)`;
}

export async function listEligible(ctx: Ctx, round: RoundRow, ids?: string[]) {
  return exec(ctx).select({
    id: dossiers.id, number: dossiers.number, producerId: dossiers.producerId, provinceCode: dossiers.provinceCode,
    sheetId: dossiers.sheetId, isService: dossiers.isService, submittedAt: dossiers.submittedAt,
    productName: products.name, producerName: producers.name,
  }).from(dossiers)
    .innerJoin(products, eq(products.id, dossiers.productId))
    .innerJoin(producers, eq(producers.id, dossiers.producerId))
    .where(and(eligibleCondition(round), ids ? inArray(dossiers.id, ids) : undefined))
    .orderBy(asc(dossiers.submittedAt), asc(dossiers.number))
    .limit(5000);
}

/**
 * The dossiers a round's organiser knows of but the round may not take — the facts each needs to
 * say why (src/domain/round-eligibility.ts): a province round looks at its province's dossiers
 * past the draft stage, a national round at recognised ones. Not those already in this round.
 */
export async function listCandidates(ctx: Ctx, round: RoundRow, limit = 50) {
  const scope = round.level === 'national' && !(round.stage === 2 && round.previousRoundId)
    ? sql`${dossiers.status} = 'recognised'`
    : sql`${dossiers.provinceCode} = ${round.provinceCode} and ${dossiers.status} <> 'draft'`;
  return exec(ctx).select({
    id: dossiers.id, number: dossiers.number, status: dossiers.status, provinceCode: dossiers.provinceCode,
    hasSheet: sql<boolean>`${dossiers.sheetId} is not null`,
    submittedOn: sql<string | null>`to_char(${dossiers.submittedAt} at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`,
    shortlistedSomewhere: sql<boolean>`exists (select 1 from ${roundDossiers} p where p.dossier_id = ${dossiers.id} and p.shortlisted)`,
    shortlistedByPrevious: round.previousRoundId
      ? sql<boolean>`exists (select 1 from ${roundDossiers} p where p.round_id = ${round.previousRoundId} and p.dossier_id = ${dossiers.id} and p.shortlisted)`
      : sql<boolean>`false`,
    potentialFiveStar: sql<boolean>`coalesce((
      select p.potential_five_star from ${roundDossiers} p join ${evaluationRounds} r on r.id = p.round_id
      where p.dossier_id = ${dossiers.id} and r.status = 'closed' and p.status = 'closed'
      order by r.closed_at desc limit 1), false)`,
    productName: products.name, producerName: producers.name,
  }).from(dossiers)
    .innerJoin(products, eq(products.id, dossiers.productId))
    .innerJoin(producers, eq(producers.id, dossiers.producerId))
    .where(and(scope, sql`not exists (select 1 from ${roundDossiers} x where x.round_id = ${round.id} and x.dossier_id = ${dossiers.id})`))
    .orderBy(desc(dossiers.submittedAt), asc(dossiers.number))
    .limit(limit);
}

/** Add the dossiers to the round (sheet = the dossier's sheet). */
export async function insertRoundDossiers(ctx: Ctx, roundId: string, list: { id: string; sheetId: string }[], at: Date) {
  if (!list.length) return;
  await exec(ctx).insert(roundDossiers).values(list.map((d) => ({ roundId, dossierId: d.id, sheetId: d.sheetId, assignedAt: at })));
}

/**
 * One sheet per scoring seat for each of the dossiers (or for one member on every dossier of the
 * round), except where the member declared a conflict with the dossier's producer.
 */
export async function insertSheets(ctx: Ctx, roundId: string, opts: { dossierIds?: string[]; memberId?: string }): Promise<number> {
  const dossierFilter = opts.dossierIds ? sql`and rd.dossier_id in ${opts.dossierIds}` : sql``;
  const memberFilter = opts.memberId ? sql`and m.id = ${opts.memberId}` : sql``;
  if (opts.dossierIds && !opts.dossierIds.length) return 0;
  const inserted = await rows<{ id: string }>(exec(ctx), sql`
    insert into ${scoreSheets} (round_id, dossier_id, member_id)
    select rd.round_id, rd.dossier_id, m.id
    from ${roundDossiers} rd
    join ${dossiers} d on d.id = rd.dossier_id
    join ${councilMembers} m on m.round_id = rd.round_id and m.council_role <> 'advisor'
    where rd.round_id = ${roundId} ${dossierFilter} ${memberFilter}
      and not exists (select 1 from ${conflictDeclarations} c where c.member_id = m.id and c.producer_id = d.producer_id)
    on conflict do nothing
    returning id`);
  return inserted.length;
}

export async function findSheet(ctx: Ctx, roundId: string, dossierId: string, memberId: string, opts: { forUpdate?: boolean } = {}): Promise<SheetRow | null> {
  const q = exec(ctx).select().from(scoreSheets)
    .where(and(eq(scoreSheets.roundId, roundId), eq(scoreSheets.dossierId, dossierId), eq(scoreSheets.memberId, memberId)));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

export async function findRoundDossier(ctx: Ctx, roundId: string, dossierId: string, opts: { forUpdate?: boolean } = {}) {
  if (!isUuid(dossierId)) return null;
  const q = exec(ctx).select({
    rd: roundDossiers, number: dossiers.number, producerId: dossiers.producerId, isService: dossiers.isService,
    productName: products.name, producerName: producers.name,
  }).from(roundDossiers)
    .innerJoin(dossiers, eq(dossiers.id, roundDossiers.dossierId))
    .innerJoin(products, eq(products.id, dossiers.productId))
    .innerJoin(producers, eq(producers.id, dossiers.producerId))
    .where(and(eq(roundDossiers.roundId, roundId), eq(roundDossiers.dossierId, dossierId)));
  const [row] = opts.forUpdate ? await q.for('update', { of: roundDossiers }) : await q;
  return row ?? null;
}

/** Every sheet of the round (or of one dossier) with the member's seat and name. */
export async function sheetsWithSeats(ctx: Ctx, roundId: string, dossierId?: string) {
  return exec(ctx).select({
    dossierId: scoreSheets.dossierId, memberId: scoreSheets.memberId, status: scoreSheets.status, total: scoreSheets.total,
    outcome: scoreSheets.outcome, attempt: scoreSheets.attempt, seat: councilMembers.councilRole, fullName: councilMembers.fullName,
  }).from(scoreSheets).innerJoin(councilMembers, eq(councilMembers.id, scoreSheets.memberId))
    .where(and(eq(scoreSheets.roundId, roundId), dossierId ? eq(scoreSheets.dossierId, dossierId) : undefined))
    .orderBy(asc(scoreSheets.dossierId), seatOrder, asc(councilMembers.fullName));
}

export async function scoringSeatCount(ctx: Ctx, roundId: string): Promise<number> {
  const [row] = await exec(ctx).select({ n: sql<number>`count(*)::int` }).from(councilMembers)
    .where(and(eq(councilMembers.roundId, roundId), sql`${councilMembers.councilRole} <> 'advisor'`));
  return Number(row?.n ?? 0);
}

/** The member's sheets across rounds (their "my sheets" list), newest round first. */
export async function listMySheets(ctx: Ctx, userId: string) {
  return exec(ctx).select({
    s: scoreSheets, roundName: evaluationRounds.name, roundStatus: evaluationRounds.status,
    number: dossiers.number, productName: products.name, producerName: producers.name,
  }).from(scoreSheets)
    .innerJoin(councilMembers, eq(councilMembers.id, scoreSheets.memberId))
    .innerJoin(evaluationRounds, eq(evaluationRounds.id, scoreSheets.roundId))
    .innerJoin(dossiers, eq(dossiers.id, scoreSheets.dossierId))
    .innerJoin(products, eq(products.id, dossiers.productId))
    .innerJoin(producers, eq(producers.id, dossiers.producerId))
    .where(eq(councilMembers.userId, userId))
    .orderBy(desc(evaluationRounds.sessionDate), asc(dossiers.number))
    .limit(500);
}

/** The user's area is the province or one of its communes. */
const userInProvince = (provinceCode: string) => sql`(${users.areaCode} = ${provinceCode} or exists (select 1 from areas a where a.code = ${users.areaCode} and a.parent_code = ${provinceCode}))`;

/**
 * Who may hold a seat in a round's council (one rule for the round page's list and the service):
 * in a province round, national administrators, council members of that province or of none, and
 * the province's own officers (province and its communes); in a national round (no province),
 * council members, national administrators and province officers of every province.
 */
function seatable(provinceCode: string | null): SQL {
  return provinceCode
    ? sql`(${users.role} = 'national_admin' or (${users.role} = 'council_member' and (${users.areaCode} is null or ${userInProvince(provinceCode)})) or (${users.role} in ('province_officer', 'commune_officer') and ${userInProvince(provinceCode)}))`
    : sql`${users.role} in ('council_member', 'national_admin', 'province_officer')`;
}

/** Users who may take a council seat (council members and officers), for the council form. */
export async function seatCandidates(ctx: Ctx, provinceCode: string | null) {
  return exec(ctx).select({ id: users.id, displayName: users.displayName, username: users.username, role: users.role })
    .from(users).where(and(eq(users.disabled, false), seatable(provinceCode)))
    .orderBy(asc(users.displayName), asc(users.username)).limit(500);
}

/** May this (enabled) user hold a seat in the council of a round of that province (null: national)? */
export async function isSeatable(ctx: Ctx, provinceCode: string | null, userId: string): Promise<boolean> {
  if (!isUuid(userId)) return false;
  const [row] = await exec(ctx).select({ id: users.id }).from(users)
    .where(and(eq(users.id, userId), eq(users.disabled, false), seatable(provinceCode)));
  return row !== undefined;
}

export async function findUser(ctx: Ctx, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).select({ id: users.id, displayName: users.displayName, username: users.username, role: users.role, disabled: users.disabled })
    .from(users).where(eq(users.id, id));
  return row ?? null;
}

// ---- writes of the round services ----

/** Close the round (closing already holds its row lock): status, who and when, version + 1. */
export async function markRoundClosed(ctx: Ctx, roundId: string, closedBy: string, at: Date): Promise<RoundRow> {
  const [row] = await exec(ctx).update(evaluationRounds)
    .set({ status: 'closed', closedAt: at, closedBy, version: sql`${evaluationRounds.version} + 1`, updatedAt: at })
    .where(eq(evaluationRounds.id, roundId)).returning();
  return row!;
}

/** A dossier's status and spread flag after its sheets changed. */
export async function setRoundDossierProgress(ctx: Ctx, roundId: string, dossierId: string, status: RoundDossierRow['status'], spreadFlag: boolean) {
  await exec(ctx).update(roundDossiers).set({ status, spreadFlag })
    .where(and(eq(roundDossiers.roundId, roundId), eq(roundDossiers.dossierId, dossierId)));
}

export async function deleteMember(ctx: Ctx, roundId: string, memberId: string) {
  const db = exec(ctx);
  await db.delete(scoreSheets).where(and(eq(scoreSheets.roundId, roundId), eq(scoreSheets.memberId, memberId)));
  await db.delete(conflictDeclarations).where(eq(conflictDeclarations.memberId, memberId));
  await db.delete(councilMembers).where(eq(councilMembers.id, memberId));
}

export async function findProducer(ctx: Ctx, id: string): Promise<{ id: string; name: string } | null> {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).select({ id: producers.id, name: producers.name }).from(producers).where(eq(producers.id, id));
  return row ?? null;
}

/** A province (level 'province') by code, or null. */
export async function findProvince(ctx: Ctx, code: string): Promise<{ code: string; name: string } | null> {
  const [row] = await exec(ctx).select({ code: areas.code, name: areas.name }).from(areas).where(and(eq(areas.code, code), eq(areas.level, 'province')));
  return row ?? null;
}

/** An area's name by code (the round page's caption), or null. */
export async function areaName(ctx: Ctx, code: string): Promise<string | null> {
  const [row] = await exec(ctx).select({ name: areas.name }).from(areas).where(eq(areas.code, code));
  return row?.name ?? null;
}

/** The member's sheets on these dossiers that were already submitted (a conflict can no longer withdraw them). */
export async function submittedSheetIds(ctx: Ctx, roundId: string, memberId: string, dossierIds: string[]): Promise<string[]> {
  if (!dossierIds.length) return [];
  const list = await exec(ctx).select({ id: scoreSheets.id }).from(scoreSheets).where(and(
    eq(scoreSheets.roundId, roundId), eq(scoreSheets.memberId, memberId), inArray(scoreSheets.dossierId, dossierIds), eq(scoreSheets.status, 'submitted'),
  ));
  return list.map((r) => r.id);
}

/** Withdraw the member's unsubmitted sheets on these dossiers. */
export async function withdrawSheets(ctx: Ctx, roundId: string, memberId: string, dossierIds: string[]) {
  if (!dossierIds.length) return;
  await exec(ctx).delete(scoreSheets).where(and(
    eq(scoreSheets.roundId, roundId), eq(scoreSheets.memberId, memberId), inArray(scoreSheets.dossierId, dossierIds), ne(scoreSheets.status, 'submitted'),
  ));
}

export type ConflictRow = typeof conflictDeclarations.$inferSelect;
export async function insertConflict(ctx: Ctx, values: typeof conflictDeclarations.$inferInsert): Promise<ConflictRow | null> {
  const [row] = await exec(ctx).insert(conflictDeclarations).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export type FieldVisitRow = typeof fieldVisits.$inferSelect;
export async function insertFieldVisit(ctx: Ctx, values: typeof fieldVisits.$inferInsert): Promise<FieldVisitRow> {
  const [row] = await exec(ctx).insert(fieldVisits).values(values).returning();
  return row!;
}
