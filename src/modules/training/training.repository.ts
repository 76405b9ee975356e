/** Queries of training courses, their sessions, participants and attendance (the only training file that builds SQL). */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { RowScope } from '../../core/scope';
import { scopeWhere } from '../../db/scope';
import { exec, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { isUuid } from '../../domain/ids';
import { areas, producers } from '../registry/registry.tables';
import { trainingAttendance, trainingCourses, trainingParticipants, trainingSessions } from './training.tables';

export type CourseRecord = typeof trainingCourses.$inferSelect;
export type NewCourse = typeof trainingCourses.$inferInsert;
export type SessionRecord = typeof trainingSessions.$inferSelect;
export type ParticipantRecord = typeof trainingParticipants.$inferSelect;

const provAreas = alias(areas, 'prov');
const comAreas = alias(areas, 'com');

/** Per-course figures as of `today` (see CourseSummarySchema). */
const summaryColumns = (today: string) => ({
  sessions: sql<number>`(select count(*)::int from ${trainingSessions} s where s.course_id = ${trainingCourses.id})`,
  sessionsHeld: sql<number>`(select count(*)::int from ${trainingSessions} s where s.course_id = ${trainingCourses.id} and s.held_on <= ${today}::date)`,
  hoursHeld: sql<string>`(select coalesce(sum(s.hours), 0)::text from ${trainingSessions} s where s.course_id = ${trainingCourses.id} and s.held_on <= ${today}::date)`,
  participants: sql<number>`(select count(*)::int from ${trainingParticipants} p where p.course_id = ${trainingCourses.id})`,
  presentMarks: sql<number>`(select count(*)::int from ${trainingAttendance} a join ${trainingSessions} s on s.id = a.session_id
    where s.course_id = ${trainingCourses.id} and a.present and s.held_on <= ${today}::date)`,
  producersReached: sql<number>`(select count(distinct p.producer_id)::int from ${trainingParticipants} p
    join ${trainingAttendance} a on a.participant_id = p.id and a.present where p.course_id = ${trainingCourses.id})`,
  anyAttendance: sql<boolean>`exists (select 1 from ${trainingAttendance} a join ${trainingSessions} s on s.id = a.session_id where s.course_id = ${trainingCourses.id})`,
});

function courseQuery(ctx: Ctx, today: string) {
  return exec(ctx).select({ course: trainingCourses, provinceName: provAreas.name, communeName: comAreas.name, ...summaryColumns(today) })
    .from(trainingCourses)
    .innerJoin(provAreas, eq(provAreas.code, trainingCourses.provinceCode))
    .leftJoin(comAreas, eq(comAreas.code, trainingCourses.communeCode));
}
export type CourseView = NonNullable<Awaited<ReturnType<typeof findCourse>>>;

export async function findCourse(ctx: Ctx, id: string, today: string) {
  if (!isUuid(id)) return null;
  const [row] = await courseQuery(ctx, today).where(eq(trainingCourses.id, id));
  return row ?? null;
}

export interface CourseFilter { year?: number | undefined; area?: string | undefined; q?: string | undefined; page: number; pageSize: number; today: string }

export async function listCourses(ctx: Ctx, scope: RowScope, f: CourseFilter) {
  const where = and(
    scopeWhere(scope, { province: trainingCourses.provinceCode, commune: trainingCourses.communeCode }),
    f.year ? sql`(extract(year from ${trainingCourses.startsOn}) = ${f.year} or extract(year from ${trainingCourses.endsOn}) = ${f.year})` : undefined,
    f.area ? (f.area.length === 2 ? eq(trainingCourses.provinceCode, f.area) : eq(trainingCourses.communeCode, f.area)) : undefined,
    f.q ? sql`(ocop_norm(${trainingCourses.title}) like '%' || ocop_norm(${f.q}) || '%' or ocop_norm(${trainingCourses.trainer}) like '%' || ocop_norm(${f.q}) || '%')` : undefined,
  );
  const [items, [count]] = await Promise.all([
    courseQuery(ctx, f.today).where(where).orderBy(desc(trainingCourses.startsOn), asc(trainingCourses.title), asc(trainingCourses.id))
      .limit(f.pageSize).offset((f.page - 1) * f.pageSize),
    exec(ctx).select({ n: sql<number>`count(*)::int` }).from(trainingCourses).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function insertCourse(ctx: Ctx, values: NewCourse): Promise<CourseRecord> {
  const [row] = await exec(ctx).insert(trainingCourses).values(values).returning();
  return row!;
}

/**
 * Update the course and add 1 to its version: only when still at `version` (a replacing write),
 * or whatever it is (`version` null: adding a session or participant overwrites nothing).
 * Null when the version moved on (or the course is gone).
 */
export async function updateCourseIf(ctx: Ctx, id: string, version: number | null, values: Partial<NewCourse>): Promise<CourseRecord | null> {
  const [row] = await exec(ctx).update(trainingCourses).set({ ...values, version: sql`${trainingCourses.version} + 1` })
    .where(and(eq(trainingCourses.id, id), version === null ? undefined : eq(trainingCourses.version, version))).returning();
  return row ?? null;
}

/** Delete when still at `version`; false when it moved on (or is gone). */
export async function deleteCourseIf(ctx: Ctx, id: string, version: number): Promise<boolean> {
  return (await exec(ctx).delete(trainingCourses).where(and(eq(trainingCourses.id, id), eq(trainingCourses.version, version)))
    .returning({ id: trainingCourses.id })).length > 0;
}

export async function sessionsOf(ctx: Ctx, courseId: string) {
  return exec(ctx).select({
    session: trainingSessions,
    present: sql<number>`(select count(*)::int from ${trainingAttendance} a where a.session_id = ${trainingSessions.id} and a.present)`,
  }).from(trainingSessions).where(eq(trainingSessions.courseId, courseId)).orderBy(asc(trainingSessions.heldOn), asc(trainingSessions.id));
}

export async function participantsOf(ctx: Ctx, courseId: string) {
  return exec(ctx).select({
    participant: trainingParticipants,
    producerName: producers.name,
    attended: sql<number>`(select count(*)::int from ${trainingAttendance} a where a.participant_id = ${trainingParticipants.id} and a.present)`,
  }).from(trainingParticipants).leftJoin(producers, eq(producers.id, trainingParticipants.producerId))
    .where(eq(trainingParticipants.courseId, courseId)).orderBy(asc(trainingParticipants.fullName), asc(trainingParticipants.id));
}

export async function attendanceOf(ctx: Ctx, courseId: string) {
  return exec(ctx).select({ sessionId: trainingAttendance.sessionId, participantId: trainingAttendance.participantId, present: trainingAttendance.present })
    .from(trainingAttendance).innerJoin(trainingSessions, eq(trainingSessions.id, trainingAttendance.sessionId))
    .where(eq(trainingSessions.courseId, courseId));
}

export async function findSession(ctx: Ctx, id: string): Promise<SessionRecord | null> {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).select().from(trainingSessions).where(eq(trainingSessions.id, id)).limit(1);
  return row ?? null;
}

export async function insertSession(ctx: Ctx, values: typeof trainingSessions.$inferInsert): Promise<SessionRecord> {
  const [row] = await exec(ctx).insert(trainingSessions).values(values).returning();
  return row!;
}

export async function insertParticipant(ctx: Ctx, values: typeof trainingParticipants.$inferInsert): Promise<ParticipantRecord | null> {
  const [row] = await exec(ctx).insert(trainingParticipants).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

/** A participant of the course with the same name (case and accents ignored) and producer. */
export async function findSameParticipant(ctx: Ctx, courseId: string, fullName: string, producerId: string | null): Promise<boolean> {
  const found = await rows<{ id: string }>(exec(ctx), sql`
    select id from ${trainingParticipants}
    where course_id = ${courseId}::uuid and ocop_norm(full_name) = ocop_norm(${fullName})
      and coalesce(producer_id::text, '') = ${producerId ?? ''} limit 1`);
  return found.length > 0;
}

/** Record who was present at a session: `present` true for the listed participants, false for the others of the course. */
export async function replaceAttendance(ctx: Ctx, sessionId: string, participantIds: string[], presentIds: Set<string>): Promise<void> {
  await exec(ctx).delete(trainingAttendance).where(eq(trainingAttendance.sessionId, sessionId));
  if (!participantIds.length) return;
  await exec(ctx).insert(trainingAttendance).values(participantIds.map((participantId) => ({ sessionId, participantId, present: presentIds.has(participantId) })));
}

export async function findProducer(ctx: Ctx, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).select({ id: producers.id, name: producers.name, provinceCode: producers.provinceCode, communeCode: producers.communeCode, representative: producers.representative, phone: producers.phone })
    .from(producers).where(eq(producers.id, id)).limit(1);
  return row ?? null;
}

/** Producers of an area (a commune's course: its commune first, then the province), for the participant picker. */
export async function producersOfArea(ctx: Ctx, provinceCode: string, communeCode: string | null, q: string | undefined, limit: number) {
  return exec(ctx).select({ id: producers.id, name: producers.name, representative: producers.representative, communeName: areas.name })
    .from(producers).innerJoin(areas, eq(areas.code, producers.communeCode))
    .where(and(eq(producers.provinceCode, provinceCode), q ? sql`ocop_norm(${producers.name} || ' ' || ${producers.representative}) like '%' || ocop_norm(${q}) || '%'` : undefined))
    .orderBy(communeCode ? sql`(${producers.communeCode} = ${communeCode}) desc` : asc(producers.name), asc(producers.name)).limit(limit);
}

export async function participantIdsOf(ctx: Ctx, courseId: string): Promise<string[]> {
  const found = await exec(ctx).select({ id: trainingParticipants.id }).from(trainingParticipants).where(eq(trainingParticipants.courseId, courseId));
  return found.map((r) => r.id);
}

export async function sessionsByIds(ctx: Ctx, ids: string[]): Promise<SessionRecord[]> {
  if (!ids.length) return [];
  return exec(ctx).select().from(trainingSessions).where(inArray(trainingSessions.id, ids));
}

/** A producer by name (the demo's seed names them so); null when unknown. */
export async function producerByName(ctx: Ctx, name: string) {
  const [row] = await exec(ctx).select().from(producers).where(eq(producers.name, name)).limit(1);
  return row ?? null;
}
