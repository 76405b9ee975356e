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

/**
 * A user's choice per kind for the text-message channel (SMS or Zalo OA, whichever the platform
 * is set up with): off unless chosen. Kept beside the e-mail choice.
 */
export const noticeChannelPreferences = pgTable('notice_channel_preferences', {
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  enabled: boolean('enabled').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.userId, t.kind] })]);

/**
 * Messages waiting for, or given to, the text-message provider: written in the transaction of the
 * notice, sent by a worker after it commits, retried with backoff when the provider fails or does
 * not answer in time (the user's action never waits on it).
 */
export const noticeChannelOutbox = pgTable('notice_channel_outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  channel: text('channel').notNull(),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
  toPhone: text('to_phone').notNull(),
  body: text('body').notNull(),
  dedupeKey: text('dedupe_key').notNull(),
  status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
  attempts: smallint('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  lastError: text('last_error'),
  providerId: text('provider_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('notice_channel_outbox_uq').on(t.channel, t.toPhone, t.dedupeKey),
  index('notice_channel_outbox_due_idx').on(t.status, t.nextAttemptAt),
]);
