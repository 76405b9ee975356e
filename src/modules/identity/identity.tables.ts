import { sql } from 'drizzle-orm';
import {
  pgTable, text, integer, boolean, timestamp, uuid, index, uniqueIndex,
} from 'drizzle-orm/pg-core';
import { areas, producers } from '../registry/registry.tables';
import { ROLES } from '../../core/roles';
import { PRODUCER_KINDS } from '../../domain/producer-kind';


export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull(),
  displayName: text('display_name').notNull().default(''),
  email: text('email'),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  areaCode: text('area_code').references(() => areas.code),
  producerId: uuid('producer_id').references(() => producers.id),
  disabled: boolean('disabled').notNull().default(false),
  /** Why an administrator disabled the account (shown to administrators; the audit keeps who and when). */
  disabledReason: text('disabled_reason'),
  /** Set when an officer gave a temporary password: the next sign-in must choose a new one. */
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  isSample: boolean('is_sample').notNull().default(false),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('users_username_uq').on(t.username)]);

/** Server-side sessions. The cookie carries a random token; only its SHA-256 is stored. */
export const sessions = pgTable('sessions', {
  idHash: text('id_hash').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  csrfToken: text('csrf_token').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** The absolute end of the session, set at sign-in. */
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  /** Last request seen (written at most once a minute): the idle timeout counts from here. */
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  ip: text('ip'),
  userAgent: text('user_agent'),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull(),
  prefix: text('prefix').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  /** The token stops working at this time (docs/decisions/045): every token has an end. */
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  /** The create form's one-time key: a form sent twice (a reload) makes one token, not two. */
  formKey: text('form_key'),
}, (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash), uniqueIndex('api_tokens_form_key_uq').on(t.userId, t.formKey)]);

/**
 * Failed sign-ins per typed username (docs/decisions/045): progressive delays instead of a lock.
 * Keyed by the username as typed (normalised), whether or not such an account exists, so that the
 * answers never tell one from the other.
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
  /** Before this time, sign-in for this username is answered 429 (except from a known device). */
  nextAllowedAt: timestamp('next_allowed_at', { withTimezone: true }),
});

/**
 * Devices a user signed in from (a long-lived random cookie, only its SHA-256 kept): sign-in from
 * them is not held back by delays others caused by guessing that username.
 */
export const loginDevices = pgTable('login_devices', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  failures: integer('failures').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('login_devices_user_idx').on(t.userId)]);

/**
 * Password reset links: single-use and short-lived; only the SHA-256 of the token is stored.
 * `issuedBy` is the officer who issued a link to hand over (null: the user asked by e-mail).
 */
export const passwordResets = pgTable('password_resets', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  issuedBy: uuid('issued_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
}, (t) => [index('password_resets_user_idx').on(t.userId)]);

/**
 * A producer's request for an account, sent from the public form and decided by the officers of
 * its commune (or above). The password is stored as its argon2 hash from the start.
 */
export const accountRequests = pgTable('account_requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  producerName: text('producer_name').notNull(),
  kind: text('kind', { enum: PRODUCER_KINDS }).notNull(),
  taxCode: text('tax_code'),
  provinceCode: text('province_code').notNull().references(() => areas.code),
  communeCode: text('commune_code').notNull().references(() => areas.code),
  address: text('address').notNull().default(''),
  contactName: text('contact_name').notNull(),
  phone: text('phone').notNull(),
  email: text('email'),
  username: text('username').notNull(),
  passwordHash: text('password_hash').notNull(),
  status: text('status', { enum: ['pending', 'approved', 'rejected'] }).notNull().default('pending'),
  rejectReason: text('reject_reason'),
  decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  producerId: uuid('producer_id').references(() => producers.id),
  userId: uuid('user_id').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('account_requests_status_idx').on(t.status, t.communeCode),
  uniqueIndex('account_requests_pending_username_uq').on(t.username).where(sql`${t.status} = 'pending'`),
]);
