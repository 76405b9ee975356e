import { sql } from 'drizzle-orm';
import {
  pgTable, text, integer, timestamp, uuid, index, uniqueIndex, jsonb, smallint, numeric, boolean, date, primaryKey, check,
} from 'drizzle-orm/pg-core';
import type { PartMaxima } from '../../domain/scoring-sheet';
import { areas, producers } from '../registry/registry.tables';
import { users } from '../identity/identity.tables';
import { criteriaSheets } from '../criteria/criteria.tables';
import { dossiers, type StoredAnswers } from '../dossier/dossier.tables';

export const ROUND_LEVELS = ['province', 'national'] as const;
/** planning: council formed and dossiers assigned; scoring: the session is open; closed: results final. */
export const ROUND_STATUSES = ['planning', 'scoring', 'closed'] as const;

/**
 * An evaluation round (đợt đánh giá) of a province council or the national council, under the
 * regime in force on its session date. A two-stage round's stage 2 points at stage 1.
 */
export const evaluationRounds = pgTable('evaluation_rounds', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  level: text('level', { enum: ROUND_LEVELS }).notNull(),
  /** The province (level province); null for the national council. */
  provinceCode: text('province_code').references(() => areas.code),
  regimeCode: text('regime_code').notNull(),
  year: smallint('year').notNull(),
  cutoffDate: date('cutoff_date', { mode: 'string' }).notNull(),
  sessionDate: date('session_date', { mode: 'string' }).notNull(),
  stage: smallint('stage').notNull().default(1),
  twoStage: boolean('two_stage').notNull().default(false),
  previousRoundId: uuid('previous_round_id'),
  /** Members' totals may differ by at most this many points before a re-score is required. */
  spreadLimit: numeric('spread_limit', { precision: 5, scale: 2, mode: 'number' }).notNull().default(10),
  status: text('status', { enum: ROUND_STATUSES }).notNull().default('planning'),
  createdBy: text('created_by').notNull(),
  openedAt: timestamp('opened_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  closedBy: text('closed_by'),
  /**
   * The chair ended the scoring before every member had submitted (issue 13, confidentiality):
   * from then on the submitted sheets are compiled (totals visible to the council), unsubmitted
   * first sheets are no longer taken, and the round may close with the members who submitted.
   */
  scoringEndedAt: timestamp('scoring_ended_at', { withTimezone: true }),
  scoringEndedBy: text('scoring_ended_by'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('evaluation_rounds_province_idx').on(t.provinceCode, t.year),
  check('evaluation_rounds_level_chk', sql`(${t.level} = 'national') = (${t.provinceCode} is null)`),
]);

/** chair (chủ tịch), vice_chair, member, secretary (ủy viên thư ký) score; advisor (tổ tư vấn) assists, does not score. */
export const COUNCIL_ROLES = ['chair', 'vice_chair', 'member', 'secretary', 'advisor'] as const;

/** A council seat in a round, held by a platform user (role council_member, or an officer). */
export const councilMembers = pgTable('council_members', {
  id: uuid('id').primaryKey().defaultRandom(),
  roundId: uuid('round_id').notNull().references(() => evaluationRounds.id),
  userId: uuid('user_id').notNull().references(() => users.id),
  councilRole: text('council_role', { enum: COUNCIL_ROLES }).notNull(),
  fullName: text('full_name').notNull(),
  organisation: text('organisation').notNull().default(''),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('council_members_round_user_uq').on(t.roundId, t.userId),
  uniqueIndex('council_members_one_chair_uq').on(t.roundId).where(sql`${t.councilRole} = 'chair'`),
]);

/** A member's declared conflict of interest with a producer: they may not score its products. */
export const conflictDeclarations = pgTable('conflict_declarations', {
  id: uuid('id').primaryKey().defaultRandom(),
  roundId: uuid('round_id').notNull().references(() => evaluationRounds.id),
  memberId: uuid('member_id').notNull().references(() => councilMembers.id),
  producerId: uuid('producer_id').notNull().references(() => producers.id),
  reason: text('reason').notNull(),
  declaredAt: timestamp('declared_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('conflict_declarations_uq').on(t.memberId, t.producerId)]);

export const ROUND_DOSSIER_STATUSES = ['assigned', 'scoring', 'rescoring', 'scored', 'closed', 'excluded'] as const;

/**
 * A dossier in a round, and after closing its result: mean of the members' totals → star band →
 * what this level recognises, flags potential 5★ and forwarding.
 */
export const roundDossiers = pgTable('round_dossiers', {
  roundId: uuid('round_id').notNull().references(() => evaluationRounds.id),
  dossierId: uuid('dossier_id').notNull().references(() => dossiers.id),
  sheetId: uuid('sheet_id').notNull().references(() => criteriaSheets.id),
  status: text('status', { enum: ROUND_DOSSIER_STATUSES }).notNull().default('assigned'),
  /** Stage 1 of a two-stage round: shortlisted for stage 2. */
  shortlisted: boolean('shortlisted'),
  spreadFlag: boolean('spread_flag').notNull().default(false),
  meanScore: numeric('mean_score', { precision: 5, scale: 2, mode: 'number' }),
  bandStars: smallint('band_stars'),
  recognisedStars: smallint('recognised_stars'),
  potentialFiveStar: boolean('potential_five_star').notNull().default(false),
  forwarded: boolean('forwarded').notNull().default(false),
  eliminated: boolean('eliminated').notNull().default(false),
  assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.roundId, t.dossierId] }),
  index('round_dossiers_dossier_idx').on(t.dossierId),
]);

export const SCORE_SHEET_STATUSES = ['assigned', 'draft', 'submitted'] as const;

/**
 * One member's sheet for one dossier in a round. Created at assignment; autosaved drafts; locked
 * on submit. A re-score after a spread flag reopens it with a written reason, the submitted
 * version kept in score_sheet_versions. `row_version` guards against lost updates.
 */
export const scoreSheets = pgTable('score_sheets', {
  id: uuid('id').primaryKey().defaultRandom(),
  roundId: uuid('round_id').notNull().references(() => evaluationRounds.id),
  dossierId: uuid('dossier_id').notNull().references(() => dossiers.id),
  memberId: uuid('member_id').notNull().references(() => councilMembers.id),
  status: text('status', { enum: SCORE_SHEET_STATUSES }).notNull().default('assigned'),
  answers: jsonb('answers').$type<StoredAnswers>().notNull().default({ options: [], knockOuts: [] }),
  parts: jsonb('parts').$type<PartMaxima | null>(),
  total: numeric('total', { precision: 5, scale: 2, mode: 'number' }),
  outcome: text('outcome', { enum: ['scored', 'eliminated', 'stopped'] }),
  /** 1 for the first scoring, +1 on every re-score. */
  attempt: smallint('attempt').notNull().default(1),
  rescoreReason: text('rescore_reason'),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  rowVersion: integer('row_version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('score_sheets_round_dossier_member_uq').on(t.roundId, t.dossierId, t.memberId),
  index('score_sheets_member_idx').on(t.memberId, t.status),
]);

/** Every submitted version of a score sheet (kept when a re-score reopens it). */
export const scoreSheetVersions = pgTable('score_sheet_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  scoreSheetId: uuid('score_sheet_id').notNull().references(() => scoreSheets.id),
  attempt: smallint('attempt').notNull(),
  answers: jsonb('answers').$type<StoredAnswers>().notNull(),
  parts: jsonb('parts').$type<PartMaxima>().notNull(),
  total: numeric('total', { precision: 5, scale: 2, mode: 'number' }).notNull(),
  outcome: text('outcome', { enum: ['scored', 'eliminated', 'stopped'] }).notNull(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
  /** Why this version was superseded by a re-score (null while current). */
  supersededReason: text('superseded_reason'),
}, (t) => [uniqueIndex('score_sheet_versions_uq').on(t.scoreSheetId, t.attempt)]);

/** Field assessment at the site of a tourism service before scoring. */
export const fieldVisits = pgTable('field_visits', {
  id: uuid('id').primaryKey().defaultRandom(),
  roundId: uuid('round_id').notNull().references(() => evaluationRounds.id),
  dossierId: uuid('dossier_id').notNull().references(() => dossiers.id),
  visitedOn: date('visited_on', { mode: 'string' }).notNull(),
  participants: text('participants').notNull(),
  findings: text('findings').notNull(),
  recordedBy: text('recorded_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('field_visits_round_dossier_idx').on(t.roundId, t.dossierId)]);
