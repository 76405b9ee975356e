import type { IneligibleReason } from '../../domain/round-eligibility';
import { z } from 'zod';
import { isIsoDate } from '../../domain/dates';
import { zodCode } from '../../errors';
import { COUNCIL_ROLES, ROUND_DOSSIER_STATUSES, ROUND_LEVELS, ROUND_STATUSES, SCORE_SHEET_STATUSES } from './council.tables';

const text = (max: number) => z.string().trim().max(max);
/**
 * A real calendar day the database can store (domain isIsoDate): 2026-02-30 and year 0000 are
 * refused here, not by the regime lookup or the database as a 500.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine(isIsoDate, zodCode('council.not_a_date'));
const Stars = z.number().int().min(1).max(5);

export const RoundInputSchema = z.object({
  name: text(300).min(2),
  level: z.enum(ROUND_LEVELS),
  /** Required for a province round (a province officer's own by default); absent for national. */
  provinceCode: z.string().regex(/^\d{2}$/).optional().nullable(),
  sessionDate: isoDate,
  /** Default: the regime level's latest cut-off day on or before the session, else the session date. */
  cutoffDate: isoDate.optional().nullable(),
  twoStage: z.boolean().optional(),
  /** Stage 2 of a two-stage round: the stage-1 round it continues. */
  previousRoundId: z.string().uuid().optional().nullable(),
  spreadLimit: z.number().min(0).max(100).optional(),
});
export type RoundInput = z.input<typeof RoundInputSchema>;

export const RoundListQuerySchema = z.object({
  status: z.enum(ROUND_STATUSES).optional(),
  level: z.enum(ROUND_LEVELS).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type RoundListQuery = z.infer<typeof RoundListQuerySchema>;

export const MemberInputSchema = z.object({
  userId: z.string().uuid(),
  councilRole: z.enum(COUNCIL_ROLES),
  /** Defaults to the user's display name. */
  fullName: text(200).optional(),
  organisation: text(300).optional(),
});
export type MemberInput = z.input<typeof MemberInputSchema>;

export const ConflictInputSchema = z.object({
  memberId: z.string().uuid(),
  producerId: z.string().uuid(),
  reason: text(2000).min(3),
});
export type ConflictInput = z.input<typeof ConflictInputSchema>;

export const AssignInputSchema = z.object({
  /** The dossiers to take; absent: every eligible dossier. */
  dossierIds: z.array(z.string().uuid()).max(5000).optional(),
});
export type AssignInput = z.input<typeof AssignInputSchema>;

export const FieldVisitInputSchema = z.object({
  dossierId: z.string().uuid(),
  visitedOn: isoDate,
  participants: text(2000).min(2),
  findings: text(10000).min(2),
});
export type FieldVisitInput = z.input<typeof FieldVisitInputSchema>;

export const AnswersSchema = z.object({
  options: z.array(z.string().max(80)).max(2000),
  knockOuts: z.array(z.string().max(80)).max(500).default([]),
});

export const SheetSaveSchema = z.object({
  answers: AnswersSchema,
  /** The version the member loaded; a stale one is refused with 409 conflict (another tab saved meanwhile). */
  rowVersion: z.number().int().min(1),
  /** Optional: the scoring sheet the answers were made on; another sheet is refused. */
  sheetId: z.string().uuid().optional(),
});
export type SheetSaveInput = z.input<typeof SheetSaveSchema>;

export const SheetSubmitSchema = SheetSaveSchema.extend({
  /** Absent: submit the saved draft. */
  answers: AnswersSchema.optional(),
});
export type SheetSubmitInput = z.input<typeof SheetSubmitSchema>;

export const RescoreInputSchema = z.object({ reason: text(2000).min(3) });
export type RescoreInput = z.input<typeof RescoreInputSchema>;

export const CloseInputSchema = z.object({ version: z.number().int().min(1).optional() });

// ---- responses ----

const Seat = z.enum(COUNCIL_ROLES);

export const MemberSchema = z.object({
  id: z.string().uuid(),
  userId: z.string().uuid(),
  councilRole: Seat,
  fullName: z.string(),
  organisation: z.string(),
  scoring: z.boolean(),
});
export type MemberDto = z.infer<typeof MemberSchema>;

export const ConflictSchema = z.object({
  id: z.string().uuid(),
  memberId: z.string().uuid(),
  memberName: z.string(),
  producerId: z.string().uuid(),
  producerName: z.string(),
  reason: z.string(),
  declaredAt: z.string(),
});
export type ConflictDto = z.infer<typeof ConflictSchema>;

export const FieldVisitSchema = z.object({
  id: z.string().uuid(),
  dossierId: z.string().uuid(),
  visitedOn: z.string(),
  participants: z.string(),
  findings: z.string(),
  recordedBy: z.string(),
});
export type FieldVisitDto = z.infer<typeof FieldVisitSchema>;

/**
 * A dossier's tally, once its totals may be shown (every seat that scores it submitted, or the
 * chair ended the scoring; docs/decisions/030): each member's total (null while not submitted),
 * the mean and spread of the submitted sheets. Null before: nobody sees totals, mean or spread.
 */
export const TallySchema = z.object({
  mean: z.number().nullable().describe('mean of the submitted totals (provisional until the round closes)'),
  spread: z.number().nullable(),
  spreadFlag: z.boolean(),
  sheets: z.array(z.object({
    memberId: z.string().uuid(), fullName: z.string(), councilRole: Seat, status: z.enum(SCORE_SHEET_STATUSES), attempt: z.number().int(),
    total: z.number().nullable(), outcome: z.enum(['scored', 'eliminated', 'stopped']).nullable(),
  })),
});
export type TallyDto = z.infer<typeof TallySchema>;

export const RoundDossierSchema = z.object({
  dossierId: z.string().uuid(),
  number: z.string(),
  productId: z.string().uuid(),
  productName: z.string(),
  producerId: z.string().uuid(),
  producerName: z.string(),
  isService: z.boolean(),
  status: z.enum(ROUND_DOSSIER_STATUSES),
  shortlisted: z.boolean().nullable(),
  fieldVisitRecorded: z.boolean(),
  /** How many sheets have been submitted: what every seat may know while scoring is open (no totals, no spread). */
  submittedSheets: z.number().int(),
  /** The caller's own sheet on it (council members), null when they have none. */
  mySheet: z.object({ status: z.enum(SCORE_SHEET_STATUSES), attempt: z.number().int() }).nullable(),
  /** The members' totals once they may be shown; null before (only submittedSheets is known then). */
  tally: TallySchema.nullable(),
});
export type RoundDossierDto = z.infer<typeof RoundDossierSchema>;

export const ROUND_ACTIONS = ['manage', 'open', 'end_scoring', 'close', 'board', 'rescore', 'declare_conflict', 'field_visit', 'results'] as const;
export type RoundAction = (typeof ROUND_ACTIONS)[number];

export const RoundSummarySchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  level: z.enum(ROUND_LEVELS),
  provinceCode: z.string().nullable(),
  regimeCode: z.string(),
  year: z.number().int(),
  sessionDate: z.string(),
  cutoffDate: z.string(),
  stage: z.number().int(),
  twoStage: z.boolean(),
  previousRoundId: z.string().uuid().nullable(),
  spreadLimit: z.number(),
  status: z.enum(ROUND_STATUSES),
  dossierCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type RoundSummaryDto = z.infer<typeof RoundSummarySchema>;

export const RoundSchema = RoundSummarySchema.extend({
  regimeName: z.string().describe('the regime\'s decision as people name it, e.g. "Quyết định 26/2026/QĐ-TTg (22/05/2026)"'),
  openedAt: z.string().nullable(),
  /** When the chair ended the scoring (null while members may still submit first sheets), and who. */
  scoringEndedAt: z.string().nullable(),
  scoringEndedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  members: z.array(MemberSchema),
  /** Organisers and the secretary/chair see every declaration; a member sees their own. */
  conflicts: z.array(ConflictSchema),
  dossiers: z.array(RoundDossierSchema),
  fieldVisits: z.array(FieldVisitSchema),
  /** The caller's seat, when they hold one. */
  mySeat: MemberSchema.nullable(),
  allowedActions: z.array(z.enum(ROUND_ACTIONS)),
});
export type RoundDto = z.infer<typeof RoundSchema>;

export const PartsSchema = z.object({ A: z.number(), B: z.number(), C: z.number() });

export const SheetScoreSchema = z.object({
  parts: PartsSchema,
  bonus: z.number(),
  total: z.number(),
  outcome: z.enum(['scored', 'eliminated', 'stopped']),
  knockOut: z.object({ code: z.string(), effect: z.enum(['eliminate', 'stop']) }).nullable(),
});

export const ScoreSheetSchema = z.object({
  id: z.string().uuid(),
  roundId: z.string().uuid(),
  dossierId: z.string().uuid(),
  memberId: z.string().uuid(),
  sheetId: z.string().uuid(),
  status: z.enum(SCORE_SHEET_STATUSES),
  attempt: z.number().int(),
  rescoreReason: z.string().nullable(),
  answers: z.object({ options: z.array(z.string()), knockOuts: z.array(z.string()) }),
  /** The member's own subtotals of the current answers (live while drafting; final once submitted). */
  score: SheetScoreSchema.nullable(),
  rowVersion: z.number().int(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
  /** True while the member may change the answers (round open, not submitted, field visit done). */
  editable: z.boolean(),
  fieldVisitRequired: z.boolean(),
  fieldVisitRecorded: z.boolean(),
  roundStatus: z.enum(ROUND_STATUSES),
  /** The chair ended the scoring: a sheet never submitted is no longer taken (a reopened one still is). */
  scoringEnded: z.boolean(),
  dossier: z.object({ number: z.string(), productName: z.string(), producerName: z.string(), isService: z.boolean() }),
});
export type ScoreSheetDto = z.infer<typeof ScoreSheetSchema>;

export const MySheetSchema = z.object({
  roundId: z.string().uuid(),
  roundName: z.string(),
  roundStatus: z.enum(ROUND_STATUSES),
  dossierId: z.string().uuid(),
  number: z.string(),
  productName: z.string(),
  producerName: z.string(),
  status: z.enum(SCORE_SHEET_STATUSES),
  attempt: z.number().int(),
  rescoreReason: z.string().nullable(),
  updatedAt: z.string(),
});
export type MySheetDto = z.infer<typeof MySheetSchema>;

export const BoardItemSchema = z.object({
  dossierId: z.string().uuid(),
  number: z.string(),
  productName: z.string(),
  producerName: z.string(),
  isService: z.boolean(),
  fieldVisit: z.enum(['not_needed', 'missing', 'recorded']),
  expected: z.number().int(),
  submitted: z.number().int(),
  quorumMet: z.boolean(),
  /**
   * Highest minus lowest total, once every seated member has submitted (null before: the spread of
   * the first sheets would tell their totals apart); no individual totals before the round closes.
   */
  spread: z.number().nullable().describe('highest minus lowest total; null until every seated member has submitted or the chair ended the scoring'),
  spreadFlag: z.boolean(),
  status: z.enum(ROUND_DOSSIER_STATUSES),
  /** Who has submitted (progress), never what they scored. */
  sheets: z.array(z.object({
    memberId: z.string().uuid(), fullName: z.string(), councilRole: Seat,
    status: z.enum(SCORE_SHEET_STATUSES), attempt: z.number().int(),
  })),
  /** The totals, once they may be shown (see TallySchema); null before. */
  tally: TallySchema.nullable(),
});
export type BoardItemDto = z.infer<typeof BoardItemSchema>;

export const BoardSchema = z.object({
  roundId: z.string().uuid(),
  status: z.enum(ROUND_STATUSES),
  scoringSeats: z.number().int(),
  quorumNeeded: z.number().int(),
  spreadLimit: z.number(),
  scoringEndedAt: z.string().nullable(),
  /** True when every dossier has its quorum, is compiled (all sheets in, or scoring ended) and has no open spread flag (close would succeed). */
  readyToClose: z.boolean(),
  items: z.array(BoardItemSchema),
});
export type BoardDto = z.infer<typeof BoardSchema>;

export const ResultItemSchema = z.object({
  dossierId: z.string().uuid(),
  number: z.string(),
  productId: z.string().uuid(),
  productName: z.string(),
  producerName: z.string(),
  meanScore: z.number().nullable(),
  bandStars: Stars.nullable(),
  recognisedStars: Stars.nullable(),
  potentialFiveStar: z.boolean(),
  forwarded: z.boolean(),
  eliminated: z.boolean(),
  shortlisted: z.boolean().nullable(),
  sheets: z.array(z.object({
    memberId: z.string().uuid(), fullName: z.string(), councilRole: Seat,
    total: z.number().nullable(), outcome: z.enum(['scored', 'eliminated', 'stopped']).nullable(), attempt: z.number().int(),
  })),
});
export type ResultItemDto = z.infer<typeof ResultItemSchema>;

export const ResultsSchema = z.object({
  roundId: z.string().uuid(),
  regimeCode: z.string(),
  level: z.enum(ROUND_LEVELS),
  closedAt: z.string().nullable(),
  items: z.array(ResultItemSchema),
});
export type ResultsDto = z.infer<typeof ResultsSchema>;

export const EligibleSchema = z.object({
  dossierId: z.string().uuid(), number: z.string(), productName: z.string(), producerName: z.string(), isService: z.boolean(),
  submittedAt: z.string().nullable(),
});
export type EligibleDto = z.infer<typeof EligibleSchema>;

/** A dossier the round cannot take, and why (the round page explains an empty eligible list). */
export interface IneligibleDto {
  dossierId: string; number: string; productName: string; producerName: string; status: string;
  submittedOn: string | null; reason: IneligibleReason;
}

export const UserOptionSchema = z.object({ id: z.string().uuid(), displayName: z.string(), username: z.string(), role: z.string() });
