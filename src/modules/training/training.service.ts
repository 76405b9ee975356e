/**
 * Training courses for producers (lớp tập huấn): the course (title, framework, area, dates,
 * trainer, venue), its sessions, participants (from the area's producers or named persons) and
 * attendance per session, with the course summary counted in reports. Area-scoped like the
 * points of sale (outlets.policy.ts); every change is one transaction with an audit row and adds
 * 1 to the course's version. Writes that replace what is there (the course's fields, a session's
 * attendance) are guarded by it: a stale `version`, or a change between read and write, is a 409
 * conflict. Adding a session or a participant overwrites nothing, so it is not refused.
 */
import { inTx, type Ctx } from '../../context';
import { isIsoDate, todayInVietnam } from '../../domain/dates';
import { validateVnPhone } from '../../domain/contact';
import { AppError, forbidden, notFound, problem, stringFieldsOf, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import { requireActor } from '../../core/actor';
import { recordAudit } from '../audit/audit.service';
import { findCommune, communesOf } from '../outlets/outlets.repository';
import { areaRowScope, canManageArea, canReadArea } from '../outlets/outlets.policy';
import * as repo from './training.repository';
import {
  AttendanceInputSchema, CourseInputSchema, CoursePatchSchema, ParticipantInputSchema, SessionInputSchema,
  type CourseDetailDto, type CourseDto, type CourseListQuery, type ParticipantDto, type SessionDto,
} from './training.schema';

import { TRAINING_READERS, TRAINING_WRITERS } from './training.policy';

export { TRAINING_READERS, TRAINING_WRITERS };

/** The message of a stale write (409 conflict); the pages show it in the user's language (training.err.stale). */
export const STALE = 'the training course was changed meanwhile: reload it';

const targetOf = (c: repo.CourseRecord) => ({ provinceCode: c.provinceCode, communeCode: c.communeCode });
const today = (ctx: Ctx) => todayInVietnam(ctx.deps.clock());
const hoursOf = (h: string | null) => (h === null ? null : Number(h));

function toDto(ctx: Ctx, v: repo.CourseView): CourseDto {
  const c = v.course;
  const manage = ctx.actor ? canManageArea(ctx.actor, targetOf(c)) : false;
  const denominator = v.participants * v.sessionsHeld;
  return {
    id: c.id, title: c.title, framework: c.framework, provinceCode: c.provinceCode, provinceName: v.provinceName,
    communeCode: c.communeCode, communeName: v.communeName, startsOn: c.startsOn, endsOn: c.endsOn, trainer: c.trainer, venue: c.venue,
    isSample: c.isSample, createdBy: c.createdBy, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(), version: c.version,
    summary: {
      sessions: v.sessions, sessionsHeld: v.sessionsHeld, hoursHeld: Number(v.hoursHeld), participants: v.participants,
      attendanceRate: denominator > 0 ? Math.round((v.presentMarks / denominator) * 1000) / 1000 : null,
      producersReached: v.producersReached,
    },
    actions: { edit: manage, delete: manage && !v.anyAttendance },
  };
}

async function readable(ctx: Ctx, id: string): Promise<repo.CourseView> {
  const actor = requireActor(ctx);
  const v = await repo.findCourse(ctx, id, today(ctx));
  if (!v || !canReadArea(actor, targetOf(v.course))) throw notFound('training course');
  return v;
}

async function manageable(ctx: Ctx, id: string): Promise<repo.CourseView> {
  const v = await readable(ctx, id);
  if (!canManageArea(requireActor(ctx), targetOf(v.course))) throw new AppError('forbidden', 'only officers of the course\'s area may change it');
  return v;
}

export async function getCourse(ctx: Ctx, id: string): Promise<CourseDetailDto> {
  const v = await readable(ctx, id);
  const day = today(ctx);
  const [sessions, participants, attendance] = await Promise.all([
    repo.sessionsOf(ctx, v.course.id), repo.participantsOf(ctx, v.course.id), repo.attendanceOf(ctx, v.course.id),
  ]);
  return {
    ...toDto(ctx, v),
    sessions: sessions.map((s): SessionDto => ({
      id: s.session.id, courseId: s.session.courseId, heldOn: s.session.heldOn, topic: s.session.topic, hours: hoursOf(s.session.hours),
      held: s.session.heldOn <= day, present: s.present,
    })),
    participants: participants.map((p): ParticipantDto => ({
      id: p.participant.id, courseId: p.participant.courseId, producerId: p.participant.producerId, producerName: p.producerName,
      fullName: p.participant.fullName, position: p.participant.position, phone: p.participant.phone, attended: p.attended,
    })),
    attendance,
  };
}

export async function listCourses(ctx: Ctx, q: CourseListQuery) {
  const actor = requireActor(ctx);
  const { items, total } = await repo.listCourses(ctx, areaRowScope(actor), { ...q, today: today(ctx) });
  return { items: items.map((v) => toDto(ctx, v)), total, page: q.page, pageSize: q.pageSize };
}

function checkCourseDates(fields: FieldErrors, startsOn: string | undefined, endsOn: string | undefined) {
  if (startsOn !== undefined && !isIsoDate(startsOn)) fields.startsOn ??= problem('training.not_date');
  if (endsOn !== undefined && !isIsoDate(endsOn)) fields.endsOn ??= problem('training.not_date');
  if (startsOn && endsOn && isIsoDate(startsOn) && isIsoDate(endsOn) && endsOn < startsOn) fields.endsOn ??= problem('training.ends_before_start');
}

/** The course's area: a commune (its province follows) or a province; it must exist and be in the caller's scope. */
async function resolveArea(ctx: Ctx, fields: FieldErrors, provinceCode: string | undefined, communeCode: string | null | undefined) {
  const actor = requireActor(ctx);
  if (communeCode) {
    const c = await findCommune(ctx, communeCode);
    if (!c) { fields.communeCode ??= problem('training.unknown_commune'); return null; }
    if (provinceCode && provinceCode !== c.provinceCode) { fields.communeCode ??= problem('training.commune_not_in_province'); return null; }
    if (!canManageArea(actor, { provinceCode: c.provinceCode, communeCode: c.code })) { fields.communeCode ??= problem('training.outside_area'); return null; }
    return { provinceCode: c.provinceCode, communeCode: c.code };
  }
  const province = provinceCode ?? (actor.role === 'province_officer' ? actor.provinceCode ?? undefined : undefined);
  if (!province) {
    fields[actor.role === 'commune_officer' ? 'communeCode' : 'provinceCode'] ??= problem('training.area_required');
    return null;
  }
  const communes = await communesOf(ctx, province);
  if (!communes.length) { fields.provinceCode ??= problem('training.unknown_province'); return null; }
  if (!canManageArea(actor, { provinceCode: province, communeCode: null })) { fields[provinceCode ? 'provinceCode' : 'communeCode'] ??= problem('training.outside_area'); return null; }
  return { provinceCode: province, communeCode: null };
}

const snapshot = (c: repo.CourseRecord) => ({
  title: c.title, framework: c.framework, provinceCode: c.provinceCode, communeCode: c.communeCode, startsOn: c.startsOn, endsOn: c.endsOn, trainer: c.trainer, venue: c.venue,
  version: c.version,
});

export async function createCourse(ctx: Ctx, raw: unknown): Promise<CourseDetailDto> {
  const actor = requireActor(ctx);
  if (!(TRAINING_WRITERS as readonly string[]).includes(actor.role)) throw forbidden();
  const parsed = CourseInputSchema.safeParse(raw);
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  const s = stringFieldsOf(raw, ['startsOn', 'endsOn', 'provinceCode', 'communeCode'] as const);
  checkCourseDates(fields, s.startsOn, s.endsOn);
  const area = fields.provinceCode || fields.communeCode ? null : await resolveArea(ctx, fields, s.provinceCode, s.communeCode || null);
  if (!parsed.success || Object.keys(fields).length || !area) throw validation(fields);
  const input = parsed.data;
  const id = await inTx(ctx, async (tx) => {
    const now = ctx.deps.clock();
    const row = await repo.insertCourse(tx, {
      title: input.title, framework: input.framework, ...area, startsOn: input.startsOn, endsOn: input.endsOn,
      trainer: input.trainer, venue: input.venue, createdBy: actor.label, createdAt: now, updatedAt: now,
    });
    await recordAudit(tx, { action: 'training_course.create', entityType: 'training_course', entityId: row.id, provinceCode: row.provinceCode, after: snapshot(row) });
    return row.id;
  });
  return getCourse(ctx, id);
}

export async function updateCourse(ctx: Ctx, id: string, raw: unknown): Promise<CourseDetailDto> {
  const v = await manageable(ctx, id);
  const c = v.course;
  const parsed = CoursePatchSchema.safeParse(raw ?? {});
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  const input = parsed.success ? parsed.data : {};
  const s = stringFieldsOf(raw, ['startsOn', 'endsOn', 'communeCode'] as const);
  const startsOn = s.startsOn ?? c.startsOn;
  const endsOn = s.endsOn ?? c.endsOn;
  checkCourseDates(fields, startsOn, endsOn);
  const has = (k: string) => !!raw && typeof raw === 'object' && k in raw;
  const area = has('communeCode') && !fields.communeCode ? await resolveArea(ctx, fields, c.provinceCode, s.communeCode || null) : null;
  if (!fields.startsOn && !fields.endsOn && isIsoDate(startsOn) && isIsoDate(endsOn)) {
    const outside = (await repo.sessionsOf(ctx, c.id)).filter((x) => x.session.heldOn < startsOn || x.session.heldOn > endsOn);
    if (outside.length) fields[s.startsOn && outside.some((x) => x.session.heldOn < startsOn) ? 'startsOn' : 'endsOn'] = problem('training.sessions_outside');
  }
  if (!parsed.success || Object.keys(fields).length) throw validation(fields);
  if (input.version !== undefined && input.version !== c.version) throw new AppError('conflict', STALE);
  await inTx(ctx, async (tx) => {
    const row = await repo.updateCourseIf(tx, c.id, c.version, {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.framework !== undefined ? { framework: input.framework } : {}),
      ...(input.trainer !== undefined ? { trainer: input.trainer } : {}),
      ...(input.venue !== undefined ? { venue: input.venue } : {}),
      ...(area ? { communeCode: area.communeCode } : {}),
      startsOn, endsOn, updatedAt: ctx.deps.clock(),
    });
    if (!row) throw new AppError('conflict', STALE);
    await recordAudit(tx, { action: 'training_course.update', entityType: 'training_course', entityId: c.id, provinceCode: c.provinceCode, before: snapshot(c), after: snapshot(row) });
  });
  return getCourse(ctx, c.id);
}

/** Delete a course entered by mistake; once attendance was recorded it is history (409). */
export async function deleteCourse(ctx: Ctx, id: string, version?: number): Promise<void> {
  const v = await manageable(ctx, id);
  if (v.anyAttendance) throw new AppError('conflict', 'attendance was recorded for this course: it is kept as history');
  // Like an edit: never delete what someone changed (a session or participant added) after the caller read it.
  if (version !== undefined && version !== v.course.version) throw new AppError('conflict', STALE);
  await inTx(ctx, async (tx) => {
    if (!(await repo.deleteCourseIf(tx, v.course.id, v.course.version))) throw new AppError('conflict', STALE);
    await recordAudit(tx, { action: 'training_course.delete', entityType: 'training_course', entityId: v.course.id, provinceCode: v.course.provinceCode, before: snapshot(v.course) });
  });
}

export async function addSession(ctx: Ctx, courseId: string, raw: unknown): Promise<SessionDto> {
  const v = await manageable(ctx, courseId);
  const c = v.course;
  const parsed = SessionInputSchema.safeParse(raw);
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  const heldOn = stringFieldsOf(raw, ['heldOn'] as const).heldOn;
  if (heldOn !== undefined && !fields.heldOn) {
    if (!isIsoDate(heldOn)) fields.heldOn = problem('training.not_date');
    else if (heldOn < c.startsOn || heldOn > c.endsOn) fields.heldOn = problem('training.outside_course_dates', { from: c.startsOn, to: c.endsOn });
  }
  if (fields.hours) fields.hours = problem('training.hours');
  if (!parsed.success || Object.keys(fields).length) throw validation(fields);
  const input = parsed.data;
  const row = await inTx(ctx, async (tx) => {
    const s = await repo.insertSession(tx, { courseId: c.id, heldOn: input.heldOn, topic: input.topic, hours: input.hours === undefined ? null : String(input.hours) });
    await repo.updateCourseIf(tx, c.id, null, { updatedAt: ctx.deps.clock() });
    await recordAudit(tx, {
      action: 'training_session.create', entityType: 'training_session', entityId: s.id, provinceCode: c.provinceCode,
      after: { courseId: c.id, heldOn: s.heldOn, topic: s.topic, hours: input.hours ?? null },
    });
    return s;
  });
  return { id: row.id, courseId: c.id, heldOn: row.heldOn, topic: row.topic, hours: hoursOf(row.hours), held: row.heldOn <= today(ctx), present: 0 };
}

export async function addParticipant(ctx: Ctx, courseId: string, raw: unknown): Promise<ParticipantDto> {
  const v = await manageable(ctx, courseId);
  const c = v.course;
  const parsed = ParticipantInputSchema.safeParse(raw);
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  const input = parsed.success ? parsed.data : null;
  let producer: Awaited<ReturnType<typeof repo.findProducer>> = null;
  if (input?.producerId) {
    producer = await repo.findProducer(ctx, input.producerId);
    if (!producer) fields.producerId = problem('training.unknown_producer');
    else if (producer.provinceCode !== c.provinceCode) fields.producerId = problem('training.producer_outside');
  }
  const fullName = input?.fullName || producer?.representative || '';
  if (input && !fullName && !fields.fullName) fields.fullName = problem('training.name_required');
  let phone: string | null = null;
  const rawPhone = input?.phone;
  if (rawPhone) {
    const r = validateVnPhone(rawPhone);
    if (r.ok) phone = r.value; else fields.phone = problem('training.phone');
  }
  if (!input || Object.keys(fields).length) throw validation(fields);
  const producerId = producer?.id ?? null;
  if (await repo.findSameParticipant(ctx, c.id, fullName, producerId)) throw new AppError('duplicate', 'already a participant of this course', { fullName: problem('training.already_participant') });
  const row = await inTx(ctx, async (tx) => {
    const p = await repo.insertParticipant(tx, { courseId: c.id, producerId, fullName, position: input.position, phone });
    if (!p) throw new AppError('duplicate', 'already a participant of this course', { fullName: problem('training.already_participant') });
    await repo.updateCourseIf(tx, c.id, null, { updatedAt: ctx.deps.clock() });
    await recordAudit(tx, {
      action: 'training_participant.create', entityType: 'training_participant', entityId: p.id, provinceCode: c.provinceCode,
      after: { courseId: c.id, producerId, fullName, position: input.position, phone },
    });
    return p;
  });
  return {
    id: row.id, courseId: c.id, producerId, producerName: producer?.name ?? null, fullName: row.fullName, position: row.position, phone: row.phone, attended: 0,
  };
}

/**
 * Record attendance of one session: the listed participants present, the course's others absent.
 * Only for a session already held (409 invalid_transition before its day). It replaces the
 * session's record, so it is guarded by the course's version (stale → 409 conflict).
 */
export async function setAttendance(ctx: Ctx, sessionId: string, raw: unknown) {
  const session = await repo.findSession(ctx, sessionId);
  if (!session) throw notFound('training session');
  let v: repo.CourseView;
  try {
    v = await manageable(ctx, session.courseId);
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') throw notFound('training session');
    throw e;
  }
  const parsed = AttendanceInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  if (parsed.data.version !== undefined && parsed.data.version !== v.course.version) throw new AppError('conflict', STALE);
  if (session.heldOn > today(ctx)) throw new AppError('invalid_transition', 'the session has not taken place yet: record attendance on or after its day');
  const all = await repo.participantIdsOf(ctx, v.course.id);
  const known = new Set(all);
  const present = new Set(parsed.data.present.map((p) => p.toLowerCase()));
  const strangers = [...present].filter((p) => !known.has(p));
  if (strangers.length) throw validation({ present: problem('training.not_participant', { ids: strangers.join(', ') }) });
  await inTx(ctx, async (tx) => {
    if (!(await repo.updateCourseIf(tx, v.course.id, v.course.version, { updatedAt: ctx.deps.clock() }))) throw new AppError('conflict', STALE);
    await repo.replaceAttendance(tx, session.id, all, present);
    await recordAudit(tx, {
      action: 'training_session.attendance', entityType: 'training_session', entityId: session.id, provinceCode: v.course.provinceCode,
      after: { courseId: v.course.id, heldOn: session.heldOn, present: [...present], absent: all.filter((p) => !present.has(p)) },
    });
  });
  const course = await getCourse(ctx, v.course.id);
  return {
    session: course.sessions.find((s) => s.id === session.id)!,
    attendance: course.attendance.filter((a) => a.sessionId === session.id).map((a) => ({ participantId: a.participantId, present: a.present })),
  };
}

/** Producers of the course's area not yet taking part, for the participant picker. */
export async function producerChoices(ctx: Ctx, courseId: string, q: string | undefined) {
  const v = await manageable(ctx, courseId);
  const [list, participants] = await Promise.all([
    repo.producersOfArea(ctx, v.course.provinceCode, v.course.communeCode, q, 100),
    repo.participantsOf(ctx, v.course.id),
  ]);
  const taken = new Set(participants.map((p) => p.participant.producerId).filter(Boolean));
  return list.filter((p) => !taken.has(p.id)).slice(0, 50);
}

/**
 * The attendance grid of a course, saved at once: the grid was drawn at `version`; the first
 * session's save checks it, the others follow in the same transaction. Sessions not of the
 * course are ignored.
 */
export async function saveAttendanceGrid(ctx: Ctx, courseId: string, grid: { sessionId: string; present: string[] }[], version: number | undefined): Promise<void> {
  const course = await getCourse(ctx, courseId);
  let at = version;
  await inTx(ctx, async (tx) => {
    for (const g of grid) {
      if (!course.sessions.some((x) => x.id === g.sessionId)) continue;
      await setAttendance(tx, g.sessionId, { present: g.present, version: at });
      at = undefined;
    }
  });
}
