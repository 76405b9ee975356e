import {
  pgTable, text, timestamp, uuid, index, uniqueIndex,
} from 'drizzle-orm/pg-core';
import { areas } from '../registry/registry.tables';

export const FAKE_REPORT_STATUSES = ['new', 'reviewing', 'closed'] as const;

/**
 * "Report a suspected fake" from the public verification page: the code that was scanned, what
 * the reporter says, an optional photo (stored under the data dir) and contact. Lands in the queue
 * of the province officers and inspectors of the province it concerns (null when the code is
 * unknown: national queue). The reporter's address is kept only as a salted hash for spam limits.
 */
export const fakeReports = pgTable('fake_reports', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** "BC-<year>-<6 digits>", given to the reporter to follow the report (verify/reports.service.ts). */
  reference: text('reference'),
  code: text('code').notNull(),
  /** What the code verified as when reported (valid / expired / revoked / unknown). */
  verifiedStatus: text('verified_status').notNull(),
  provinceCode: text('province_code').references(() => areas.code),
  message: text('message').notNull(),
  placeSeen: text('place_seen').notNull().default(''),
  contact: text('contact'),
  photoKey: text('photo_key'),
  photoType: text('photo_type'),
  reporterHash: text('reporter_hash').notNull(),
  status: text('status', { enum: FAKE_REPORT_STATUSES }).notNull().default('new'),
  handledBy: text('handled_by'),
  handledAt: timestamp('handled_at', { withTimezone: true }),
  resolution: text('resolution'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('fake_reports_province_status_idx').on(t.provinceCode, t.status, t.createdAt),
  index('fake_reports_reporter_idx').on(t.reporterHash, t.createdAt),
  uniqueIndex('fake_reports_reference_idx').on(t.reference),
]);
