import { sql } from 'drizzle-orm';
import { pgTable, text, integer, timestamp, uuid, jsonb, index } from 'drizzle-orm/pg-core';
import { users } from '../identity/identity.tables';

export interface ImportDecisionNote { number: string; date: string; level: string; issuer: string; inferred: boolean }
export interface ImportDetails { decisions?: ImportDecisionNote[] }

/**
 * One import run. Rows are validated first, then written in one transaction: all or nothing.
 * A running job's worker shows it is alive through `heartbeat_at` (import.jobs.ts): a job
 * still "validating" or "importing" whose heartbeat is old is failed by the sweep.
 */
export const importJobs = pgTable('import_jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull(),
  fileName: text('file_name').notNull(),
  status: text('status', { enum: ['validating', 'importing', 'succeeded', 'failed'] }).notNull(),
  totalRows: integer('total_rows').notNull().default(0),
  processedRows: integer('processed_rows').notNull().default(0),
  errors: jsonb('errors').$type<{ row: number; field: string; message: string }[]>().notNull().default([]),
  summary: jsonb('summary').$type<Record<string, number>>(),
  /** What the import inferred, for the result page (certified-products: each decision's level and issuer). */
  details: jsonb('details').$type<ImportDetails>(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  /** When the worker last showed it was alive (null in rows older than the column: created_at counts). */
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
}, (t) => [
  // The sweep reads running jobs only.
  index('import_jobs_running_idx').on(t.heartbeatAt).where(sql`${t.status} in ('validating', 'importing')`),
]);
