import { pgTable, text, timestamp, uuid, boolean, smallint, bigint, bigserial, primaryKey, uniqueIndex, index } from 'drizzle-orm/pg-core';
import { users } from '../identity/identity.tables';

/**
 * A user's choice per kind of notice: e-mail on or off (in-app notices are always kept). No row
 * = the kind's default (e-mail on).
 */
export const noticePreferences = pgTable('notice_preferences', {
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  email: boolean('email').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.userId, t.kind] })]);

/**
 * A user's quiet hours for e-mail, in minutes after local midnight (Asia/Ho_Chi_Minh); start >
 * end spans midnight (22:00–06:30). No row = no quiet hours.
 */
export const noticeQuietHours = pgTable('notice_quiet_hours', {
  userId: uuid('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  startMinute: smallint('start_minute').notNull(),
  endMinute: smallint('end_minute').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * E-mails held during a user's quiet hours, sent together as one digest when they end (then
 * deleted). `dedupe_key` is the notice's, so a dispatcher that runs again holds nothing twice.
 */
export const noticeHeldMail = pgTable('notice_held_mail', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  dedupeKey: text('dedupe_key').notNull(),
  heldAt: timestamp('held_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('notice_held_mail_uq').on(t.userId, t.dedupeKey),
  index('notice_held_mail_user_idx').on(t.userId, t.id),
]);

/**
 * Where the dispatcher is in the audit log: every relevant row at or below `last_id` has been
 * handled. Rows above it that were handled already are in notice_dispatched (ids are given out
 * at insert but become visible at commit, so the cursor trails by a safety margin).
 */
export const noticeCursor = pgTable('notice_cursor', {
  name: text('name').primaryKey(),
  lastId: bigint('last_id', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Audit rows above the cursor that have been turned into notices already. */
export const noticeDispatched = pgTable('notice_dispatched', {
  auditId: bigint('audit_id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});
