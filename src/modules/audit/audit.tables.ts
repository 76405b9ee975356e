import { pgTable, text, timestamp, uuid, index, jsonb, bigserial } from 'drizzle-orm/pg-core';

/** Every write: who, when, what, before → after. Written in the same transaction as the change. */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actorUserId: uuid('actor_user_id'),
  actorLabel: text('actor_label').notNull(),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id').notNull(),
  provinceCode: text('province_code'),
  before: jsonb('before'),
  after: jsonb('after'),
  requestId: text('request_id'),
}, (t) => [
  index('audit_entity_idx').on(t.entityType, t.entityId),
  index('audit_province_at_idx').on(t.provinceCode, t.at),
  index('audit_at_idx').on(t.at),
]);
