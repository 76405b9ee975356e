import { sql } from 'drizzle-orm';
import {
  pgTable, text, integer, timestamp, uuid, index, uniqueIndex, date, numeric, boolean, primaryKey, check,
} from 'drizzle-orm/pg-core';
import { areas, producers } from '../registry/registry.tables';

/** A training course for producers (lớp tập huấn), e.g. "Xây dựng câu chuyện sản phẩm OCOP". */
export const trainingCourses = pgTable('training_courses', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: text('title').notNull(),
  /** The programme or framework it belongs to, e.g. "Chương trình OCOP giai đoạn 2021–2025". */
  framework: text('framework').notNull().default(''),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  /** Where it is held when it is a commune's course. */
  communeCode: text('commune_code').references(() => areas.code),
  startsOn: date('starts_on', { mode: 'string' }).notNull(),
  endsOn: date('ends_on', { mode: 'string' }).notNull(),
  trainer: text('trainer').notNull().default(''),
  venue: text('venue').notNull().default(''),
  isSample: boolean('is_sample').notNull().default(false),
  createdBy: text('created_by').notNull(),
  /** Optimistic concurrency: every change of the course or its sessions, participants and attendance adds 1. */
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('training_courses_area_idx').on(t.provinceCode, t.endsOn),
  check('training_courses_dates_chk', sql`${t.endsOn} >= ${t.startsOn}`),
]);

/** One session (buổi học) of a course. */
export const trainingSessions = pgTable('training_sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  courseId: uuid('course_id').notNull().references(() => trainingCourses.id, { onDelete: 'cascade' }),
  heldOn: date('held_on', { mode: 'string' }).notNull(),
  topic: text('topic').notNull(),
  hours: numeric('hours', { precision: 4, scale: 1 }),
}, (t) => [index('training_sessions_course_idx').on(t.courseId, t.heldOn)]);

/** A participant: a person, usually from a producer. */
export const trainingParticipants = pgTable('training_participants', {
  id: uuid('id').primaryKey().defaultRandom(),
  courseId: uuid('course_id').notNull().references(() => trainingCourses.id, { onDelete: 'cascade' }),
  producerId: uuid('producer_id').references(() => producers.id),
  fullName: text('full_name').notNull(),
  position: text('position').notNull().default(''),
  phone: text('phone'),
}, (t) => [
  index('training_participants_course_idx').on(t.courseId),
  index('training_participants_producer_idx').on(t.producerId),
  uniqueIndex('training_participants_name_uq').on(t.courseId, t.fullName, sql`coalesce(${t.producerId}::text, '')`),
]);

/** Who attended which session. */
export const trainingAttendance = pgTable('training_attendance', {
  sessionId: uuid('session_id').notNull().references(() => trainingSessions.id, { onDelete: 'cascade' }),
  participantId: uuid('participant_id').notNull().references(() => trainingParticipants.id, { onDelete: 'cascade' }),
  present: boolean('present').notNull(),
}, (t) => [primaryKey({ columns: [t.sessionId, t.participantId] })]);
