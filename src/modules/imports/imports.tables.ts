import { pgTable, text, integer, timestamp, uuid, jsonb } from 'drizzle-orm/pg-core';
import { users } from '../identity/identity.tables';

/** One import run. Rows are validated first, then written in one transaction: all or nothing. */
export const importJobs = pgTable('import_jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull(),
  fileName: text('file_name').notNull(),
  status: text('status', { enum: ['validating', 'importing', 'succeeded', 'failed'] }).notNull(),
  totalRows: integer('total_rows').notNull().default(0),
  processedRows: integer('processed_rows').notNull().default(0),
  errors: jsonb('errors').$type<{ row: number; field: string; message: string }[]>().notNull().default([]),
  summary: jsonb('summary').$type<Record<string, number>>(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});
