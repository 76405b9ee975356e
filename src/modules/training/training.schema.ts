import { z } from 'zod';
import { zodCode } from '../../errors';

const Line = (max: number) => z.string().trim().max(max).refine((s) => !/[\r\n]/.test(s), zodCode('training.one_line'));
/** Dates are checked in the service (real calendar dates, order), so every problem is reported at once. */
const DateText = z.string().max(20);
const AreaCode = z.string().regex(/^\d{2}$/, '2-digit province code');
const CommuneCode = z.string().regex(/^\d{5}$/, '5-digit commune code');

export const MIN_HOURS = 0.5;
export const MAX_HOURS = 24;

export const CourseInputSchema = z.object({
  title: Line(300).pipe(z.string().min(1)),
  /** The programme or framework, e.g. "Chương trình OCOP giai đoạn 2021–2025". */
  framework: Line(300).default(''),
  /** The province of a province's course; may be left out when communeCode is given. */
  provinceCode: AreaCode.optional(),
  /** The commune of a commune's course. */
  communeCode: CommuneCode.nullable().optional(),
  startsOn: DateText,
  endsOn: DateText,
  trainer: Line(300).default(''),
  venue: Line(300).default(''),
});
export type CourseInput = z.infer<typeof CourseInputSchema>;

export const CoursePatchSchema = z.object({
  title: Line(300).pipe(z.string().min(1)).optional(),
  framework: Line(300).optional(),
  communeCode: CommuneCode.nullable().optional(),
  startsOn: DateText.optional(),
  endsOn: DateText.optional(),
  trainer: Line(300).optional(),
  venue: Line(300).optional(),
  /** Refuse with 409 conflict unless the course is still at this version (from GET). */
  version: z.number().int().positive().optional().describe('the version read (GET); a stale one → 409 conflict'),
});
export type CoursePatch = z.infer<typeof CoursePatchSchema>;

export const SessionInputSchema = z.object({
  heldOn: DateText,
  topic: Line(300).pipe(z.string().min(1)),
  hours: z.number().min(MIN_HOURS).max(MAX_HOURS).multipleOf(0.5).optional(),
});
export type SessionInput = z.infer<typeof SessionInputSchema>;

export const ParticipantInputSchema = z.object({
  /** The producer the person comes from (of the course's province); optional for others (officers, guests). */
  producerId: z.string().uuid().nullable().optional(),
  /** The person; defaults to the producer's representative when a producer is given. */
  fullName: Line(200).optional(),
  position: Line(200).default(''),
  phone: z.string().trim().max(30).nullable().optional(),
});
export type ParticipantInput = z.infer<typeof ParticipantInputSchema>;

export const AttendanceInputSchema = z.object({
  /** The participants present at the session; every other participant of the course is recorded absent. */
  present: z.array(z.string().uuid()).max(1000),
  /** Refuse with 409 conflict unless the course is still at this version (from GET). */
  version: z.number().int().positive().optional().describe('the course\'s version read (GET); a stale one → 409 conflict'),
});
export type AttendanceInput = z.infer<typeof AttendanceInputSchema>;

export const CourseSummarySchema = z.object({
  sessions: z.number().int(),
  /** Sessions held so far (on or before today). */
  sessionsHeld: z.number().int(),
  hoursHeld: z.number(),
  participants: z.number().int(),
  /** Present marks ÷ (participants × sessions held); null before any session was held. */
  attendanceRate: z.number().nullable(),
  /** Distinct producers with a participant present at least once. */
  producersReached: z.number().int(),
});
export type CourseSummary = z.infer<typeof CourseSummarySchema>;

export const CourseSchema = z.object({
  id: z.string(),
  title: z.string(),
  framework: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  communeCode: z.string().nullable(),
  communeName: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  trainer: z.string(),
  venue: z.string(),
  isSample: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int().describe('adds 1 on every change of the course, its sessions, participants or attendance; send it back with PATCH or attendance'),
  summary: CourseSummarySchema,
  actions: z.object({ edit: z.boolean(), delete: z.boolean() }),
});
export type CourseDto = z.infer<typeof CourseSchema>;

export const SessionSchema = z.object({
  id: z.string(), courseId: z.string(), heldOn: z.string(), topic: z.string(), hours: z.number().nullable(),
  /** Held on or before today (attendance can be recorded). */
  held: z.boolean(),
  present: z.number().int(),
});
export type SessionDto = z.infer<typeof SessionSchema>;

export const ParticipantSchema = z.object({
  id: z.string(), courseId: z.string(), producerId: z.string().nullable(), producerName: z.string().nullable(),
  fullName: z.string(), position: z.string(), phone: z.string().nullable(),
  /** Sessions this participant was present at. */
  attended: z.number().int(),
});
export type ParticipantDto = z.infer<typeof ParticipantSchema>;

export const CourseDetailSchema = CourseSchema.extend({
  sessions: z.array(SessionSchema),
  participants: z.array(ParticipantSchema),
  attendance: z.array(z.object({ sessionId: z.string(), participantId: z.string(), present: z.boolean() })),
});
export type CourseDetailDto = z.infer<typeof CourseDetailSchema>;

export const SessionAttendanceSchema = z.object({
  session: SessionSchema,
  attendance: z.array(z.object({ participantId: z.string(), present: z.boolean() })),
});

export const CourseListQuerySchema = z.object({
  /** Courses running in that year (starting or ending in it). */
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  /** A province (2 digits) or commune (5 digits) code. */
  area: z.string().regex(/^(\d{2}|\d{5})$/).optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type CourseListQuery = z.infer<typeof CourseListQuerySchema>;
