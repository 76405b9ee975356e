/** Notices: the dispatcher's reads of the audit log and the records it names, preferences, held mail. */
import { and, asc, count, desc, eq, gt, inArray, isNull, lte, notExists, sql, type SQL } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { auditLog } from '../audit/audit.tables';
import { users } from '../identity/identity.tables';
import { producers, products } from '../registry/registry.tables';
import { dossierEvents, dossiers } from '../dossier/dossier.tables';
import { evaluationRounds, roundDossiers } from '../council/council.tables';
import { certificates } from '../certification/certification.tables';
import { fakeReports } from '../portal/portal.tables';
import { noticeChannelPreferences, noticeCursor, noticeDispatched, noticeHeldMail, noticePreferences, noticeQuietHours } from './notices.tables';
import { notifications } from '../certification/certification.tables';
import { buyerOrgMembers, buyerOrgs } from '../trade/trade.tables';
import type { AuditEvent, CertificateFacts, DossierFacts, QuietHours, ReportFacts } from './notices.policy';

const CURSOR = 'audit';
/** One dispatcher at a time across processes (pg_try_advisory_xact_lock key: "notices"). */
const LOCK_KEY = 0x6e6f7469;

/** Take the dispatcher's lock for this transaction; false when another process holds it. */
export async function tryLockDispatcher(ctx: Ctx): Promise<boolean> {
  const rows = await exec(ctx).execute(sql`select pg_try_advisory_xact_lock(${LOCK_KEY}) as ok`);
  const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { ok: boolean }[];
  return list[0]?.ok === true;
}

export async function cursorPosition(ctx: Ctx): Promise<number> {
  const [row] = await exec(ctx).select({ lastId: noticeCursor.lastId }).from(noticeCursor).where(eq(noticeCursor.name, CURSOR));
  return row?.lastId ?? 0;
}

/** Relevant audit rows above `after` that no pass has handled yet. */
const waitingRows = (ctx: Ctx, after: number | SQL, actions: readonly string[]) => and(gt(auditLog.id, after), inArray(auditLog.action, [...actions]),
  notExists(exec(ctx).select({ one: sql`1` }).from(noticeDispatched).where(eq(noticeDispatched.auditId, auditLog.id))));

/** Whether a relevant audit row above the cursor waits to be handled (one indexed probe). */
export async function eventsWaiting(ctx: Ctx, actions: readonly string[]): Promise<boolean> {
  const cursor = exec(ctx).select({ lastId: noticeCursor.lastId }).from(noticeCursor).where(eq(noticeCursor.name, CURSOR));
  const [row] = await exec(ctx).select({ one: sql<number>`1` }).from(auditLog)
    .where(waitingRows(ctx, sql`coalesce((${cursor}), 0)`, actions)).limit(1);
  return row !== undefined;
}

/** Relevant audit rows above the cursor not yet handled, oldest first. */
export async function pendingEvents(ctx: Ctx, after: number, actions: readonly string[], limit: number): Promise<AuditEvent[]> {
  return exec(ctx).select({
    id: auditLog.id, action: auditLog.action, entityType: auditLog.entityType, entityId: auditLog.entityId,
    provinceCode: auditLog.provinceCode, after: auditLog.after, actorUserId: auditLog.actorUserId,
  }).from(auditLog)
    .where(waitingRows(ctx, after, actions))
    .orderBy(asc(auditLog.id)).limit(limit);
}

export async function markDispatched(ctx: Ctx, ids: number[]): Promise<void> {
  if (!ids.length) return;
  await exec(ctx).insert(noticeDispatched).values(ids.map((auditId) => ({ auditId }))).onConflictDoNothing();
}

/**
 * Move the cursor up to the newest audit row older than the safety margin (a transaction still
 * open may yet commit rows with lower ids than visible ones), never past `cap`; forget the
 * handled rows it passes.
 */
export async function advanceCursor(ctx: Ctx, cap: number, marginSeconds: number): Promise<void> {
  const horizon = sql`(select coalesce(max(${auditLog.id}), 0) from ${auditLog} where ${auditLog.at} < now() - make_interval(secs => ${marginSeconds}))`;
  await exec(ctx).insert(noticeCursor).values({ name: CURSOR, lastId: 0 }).onConflictDoNothing();
  const [row] = await exec(ctx).update(noticeCursor)
    .set({ lastId: sql`greatest(${noticeCursor.lastId}, least(${cap}::bigint, ${horizon}))`, updatedAt: sql`now()` })
    .where(eq(noticeCursor.name, CURSOR)).returning({ lastId: noticeCursor.lastId });
  if (row) await exec(ctx).delete(noticeDispatched).where(lte(noticeDispatched.auditId, row.lastId));
}

// ---- facts ---------------------------------------------------------------------------------

/** The dossier an audit row names, with the comment of that very step and its latest round. */
export async function dossierFacts(ctx: Ctx, event: AuditEvent): Promise<DossierFacts | null> {
  const db = exec(ctx);
  const [d] = await db.select({
    id: dossiers.id, number: dossiers.number, productName: products.name, producerId: dossiers.producerId,
    communeCode: dossiers.communeCode, provinceCode: dossiers.provinceCode,
  }).from(dossiers).innerJoin(products, eq(products.id, dossiers.productId)).where(eq(dossiers.id, event.entityId));
  if (!d) return null;
  // The timeline row of this step: its n-th of the same action is the audit's n-th (both written together).
  const step = event.action.slice('dossier.'.length);
  const [nth] = await db.select({ n: count() }).from(auditLog)
    .where(and(eq(auditLog.entityType, 'dossier'), eq(auditLog.entityId, d.id), eq(auditLog.action, event.action), lte(auditLog.id, event.id)));
  const [ev] = await db.select({ comment: dossierEvents.comment }).from(dossierEvents)
    .where(and(eq(dossierEvents.dossierId, d.id), eq(dossierEvents.action, step)))
    .orderBy(asc(dossierEvents.id)).offset(Math.max(0, (nth?.n ?? 1) - 1)).limit(1);
  const [round] = await db.select({ name: evaluationRounds.name, sessionDate: evaluationRounds.sessionDate })
    .from(roundDossiers).innerJoin(evaluationRounds, eq(evaluationRounds.id, roundDossiers.roundId))
    .where(eq(roundDossiers.dossierId, d.id)).orderBy(desc(roundDossiers.assignedAt)).limit(1);
  return { type: 'dossier', ...d, comment: ev?.comment ?? null, round: round ?? null };
}

export async function certificateFacts(ctx: Ctx, id: string): Promise<CertificateFacts | null> {
  const [c] = await exec(ctx).select({
    number: certificates.number, productName: products.name, producerId: products.producerId, stars: certificates.stars, reason: certificates.revokedReason,
  }).from(certificates).innerJoin(products, eq(products.id, certificates.productId)).where(eq(certificates.id, id));
  return c ? { type: 'certificate', ...c } : null;
}

export async function reportFacts(ctx: Ctx, id: string): Promise<ReportFacts | null> {
  const [r] = await exec(ctx).select({ reference: fakeReports.reference, code: fakeReports.code, provinceCode: fakeReports.provinceCode })
    .from(fakeReports).where(eq(fakeReports.id, id));
  return r ? { type: 'fake_report', reference: r.reference ?? '', code: r.code, provinceCode: r.provinceCode } : null;
}

// ---- recipients ------------------------------------------------------------------------------

/** A producer's users without an e-mail of their own get the producer's; a buyer's, the organisation's. */
const addressSql = sql<string | null>`coalesce(nullif(trim(${users.email}), ''), nullif(trim(${producers.email}), ''), nullif(trim(${buyerOrgs.email}), ''))`;

/** Where a user's e-mail goes: their own address, else their producer's or organisation's (as the dispatcher does). */
export async function addressOf(ctx: Ctx, userId: string): Promise<string | null> {
  const [row] = await exec(ctx).select({ email: addressSql }).from(users).leftJoin(producers, eq(producers.id, users.producerId))
    .leftJoin(buyerOrgMembers, eq(buyerOrgMembers.userId, users.id)).leftJoin(buyerOrgs, eq(buyerOrgs.id, buyerOrgMembers.orgId))
    .where(eq(users.id, userId));
  return row?.email ?? null;
}

// ---- preferences -------------------------------------------------------------------------------

/** Each user's e-mail choice per kind (only the kinds they chose). */
export async function emailChoices(ctx: Ctx, userIds: string[]): Promise<Map<string, Map<string, boolean>>> {
  const out = new Map<string, Map<string, boolean>>();
  if (!userIds.length) return out;
  const rows = await exec(ctx).select().from(noticePreferences).where(inArray(noticePreferences.userId, userIds));
  for (const r of rows) out.set(r.userId, (out.get(r.userId) ?? new Map<string, boolean>()).set(r.kind, r.email));
  return out;
}

export async function quietHoursOf(ctx: Ctx, userIds: string[]): Promise<Map<string, QuietHours>> {
  if (!userIds.length) return new Map();
  const rows = await exec(ctx).select().from(noticeQuietHours).where(inArray(noticeQuietHours.userId, userIds));
  return new Map(rows.map((r) => [r.userId, { startMinute: r.startMinute, endMinute: r.endMinute }]));
}

export async function saveChoices(ctx: Ctx, userId: string, choices: { kind: string; email: boolean }[]): Promise<void> {
  if (!choices.length) return;
  await exec(ctx).insert(noticePreferences).values(choices.map((c) => ({ userId, kind: c.kind, email: c.email, updatedAt: ctx.deps.clock() })))
    .onConflictDoUpdate({ target: [noticePreferences.userId, noticePreferences.kind], set: { email: sql`excluded.email`, updatedAt: sql`excluded.updated_at` } });
}

/** Each user's text-message choice per kind (only the kinds they chose). */
export async function textChoices(ctx: Ctx, userId: string): Promise<Map<string, boolean>> {
  const rows = await exec(ctx).select().from(noticeChannelPreferences).where(eq(noticeChannelPreferences.userId, userId));
  return new Map(rows.map((r) => [r.kind, r.enabled]));
}

export async function saveTextChoices(ctx: Ctx, userId: string, choices: { kind: string; enabled: boolean }[]): Promise<void> {
  if (!choices.length) return;
  await exec(ctx).insert(noticeChannelPreferences).values(choices.map((c) => ({ userId, kind: c.kind, enabled: c.enabled, updatedAt: ctx.deps.clock() })))
    .onConflictDoUpdate({ target: [noticeChannelPreferences.userId, noticeChannelPreferences.kind], set: { enabled: sql`excluded.enabled`, updatedAt: sql`excluded.updated_at` } });
}

/** The phone text messages go to: the user's producer's, else their organisation's. */
export async function phoneOf(ctx: Ctx, userId: string): Promise<string | null> {
  const [row] = await exec(ctx).select({ phone: sql<string | null>`coalesce(nullif(trim(${producers.phone}), ''), nullif(trim(${buyerOrgs.phone}), ''))` })
    .from(users).leftJoin(producers, eq(producers.id, users.producerId))
    .leftJoin(buyerOrgMembers, eq(buyerOrgMembers.userId, users.id)).leftJoin(buyerOrgs, eq(buyerOrgs.id, buyerOrgMembers.orgId))
    .where(eq(users.id, userId));
  return row?.phone ?? null;
}

export async function saveQuietHours(ctx: Ctx, userId: string, q: QuietHours | null): Promise<void> {
  if (!q) {
    await exec(ctx).delete(noticeQuietHours).where(eq(noticeQuietHours.userId, userId));
    return;
  }
  await exec(ctx).insert(noticeQuietHours).values({ userId, ...q, updatedAt: ctx.deps.clock() })
    .onConflictDoUpdate({ target: noticeQuietHours.userId, set: { startMinute: q.startMinute, endMinute: q.endMinute, updatedAt: ctx.deps.clock() } });
}

// ---- the bell ----------------------------------------------------------------------------------

/** A user's unread notices, counted up to `cap` (the bell shows "9+"): reads at most `cap` index entries' rows. */
export async function unreadUpTo(ctx: Ctx, userId: string, cap: number): Promise<number> {
  const capped = exec(ctx).select({ one: sql`1` }).from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).limit(cap).as('unread');
  const [row] = await exec(ctx).select({ n: sql<number>`count(*)::int` }).from(capped);
  return row?.n ?? 0;
}

/** Mark every unread notice of a user read; returns how many. */
export async function markAllRead(ctx: Ctx, userId: string, at: Date): Promise<number> {
  const done = await exec(ctx).update(notifications).set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).returning({ id: notifications.id });
  return done.length;
}

// ---- held mail ---------------------------------------------------------------------------------

export type HeldMail = typeof noticeHeldMail.$inferSelect;

export async function holdMail(ctx: Ctx, value: typeof noticeHeldMail.$inferInsert): Promise<boolean> {
  const rows = await exec(ctx).insert(noticeHeldMail).values(value).onConflictDoNothing().returning({ id: noticeHeldMail.id });
  return rows.length > 0;
}

/** Users with mail held, and their quiet hours (none when they have since removed them). */
export async function usersWithHeldMail(ctx: Ctx): Promise<{ userId: string; startMinute: number | null; endMinute: number | null }[]> {
  return exec(ctx).selectDistinct({ userId: noticeHeldMail.userId, startMinute: noticeQuietHours.startMinute, endMinute: noticeQuietHours.endMinute })
    .from(noticeHeldMail).leftJoin(noticeQuietHours, eq(noticeQuietHours.userId, noticeHeldMail.userId));
}

/** Take (delete and return) a user's held mail, oldest first. */
export async function takeHeldMail(ctx: Ctx, userId: string): Promise<HeldMail[]> {
  const rows = await exec(ctx).delete(noticeHeldMail).where(eq(noticeHeldMail.userId, userId)).returning();
  return rows.sort((a, b) => a.id - b.id);
}
