import { pgTable, text, jsonb, timestamp } from 'drizzle-orm/pg-core';

/** Small key/value store for instance settings (reference-data version, generated secrets). */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
