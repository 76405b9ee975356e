import { pgTable, text, jsonb, timestamp } from 'drizzle-orm/pg-core';

/** The platform's small key/value store about itself (reference-data version, generated secrets): infrastructure every module may read, owned by none. */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
