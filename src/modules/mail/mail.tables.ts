import { pgTable, text, timestamp, index, uniqueIndex, smallint, bigserial } from 'drizzle-orm/pg-core';

/**
 * Outgoing e-mail, written in the same transaction as what caused it and delivered afterwards
 * (SMTP_URL, or a .eml file in <data dir>/outbox/ when no SMTP is configured).
 */
export const mailOutbox = pgTable('mail_outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  dedupeKey: text('dedupe_key').notNull(),
  status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
  attempts: smallint('attempts').notNull().default(0),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('mail_outbox_dedupe_uq').on(t.toAddress, t.dedupeKey),
  index('mail_outbox_status_idx').on(t.status, t.id),
]);
