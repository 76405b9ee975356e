import { z } from 'zod';
import { REVIEW_ACTIONS, REVIEW_STATUSES, TRANSITION_ACTIONS } from '../../domain/review-cycle';
import { CYCLE_SUBJECTS } from './cycle.tables';

const text = (max: number) => z.string().trim().max(max);
/** A required free-text section: empty reads as missing (min(1) before any longer minimum). */
const section = (max: number) => text(max).min(1);

export const IdeaInputSchema = z.object({
  /** Required for officers registering on a producer's behalf; a producer's own by default. */
  producerId: z.string().uuid().optional(),
  productId: z.string().uuid().optional().nullable(),
  name: text(300).min(1).min(2),
  productSetCode: z.string().trim().min(1).max(10),
  description: section(5000),
  rawMaterials: section(5000),
  expectedMarket: section(5000),
});
export type IdeaInput = z.input<typeof IdeaInputSchema>;

export const IdeaUpdateSchema = IdeaInputSchema.omit({ producerId: true }).partial();
export type IdeaUpdate = z.input<typeof IdeaUpdateSchema>;

export const PlanInputSchema = z.object({
  productDescription: section(10000),
  marketAndCustomers: section(10000),
  productionCapacity: section(10000),
  investmentAndFunding: section(10000),
  salesChannels: section(10000),
});
export type PlanInput = z.input<typeof PlanInputSchema>;

export const TransitionInputSchema = z.object({
  action: z.enum(TRANSITION_ACTIONS),
  comment: text(5000).optional().nullable(),
});
export type TransitionInput = z.input<typeof TransitionInputSchema>;

export const IdeaListQuerySchema = z.object({
  status: z.enum(REVIEW_STATUSES).optional(),
  planStatus: z.enum([...REVIEW_STATUSES, 'none']).optional(),
  /** `review`: ideas whose idea or plan waits for a reviewer. */
  queue: z.enum(['review']).optional(),
  producerId: z.string().uuid().optional(),
  province: z.string().regex(/^\d{2}$/).optional(),
  commune: z.string().regex(/^\d{5}$/).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type IdeaListQuery = z.infer<typeof IdeaListQuerySchema>;

const Status = z.enum(REVIEW_STATUSES);
const Actions = z.array(z.enum(REVIEW_ACTIONS));

export const CycleEventSchema = z.object({
  id: z.number().int(),
  subject: z.enum(CYCLE_SUBJECTS),
  action: z.string(),
  fromStatus: Status.nullable(),
  toStatus: Status,
  comment: z.string().nullable(),
  actorLabel: z.string(),
  actorRole: z.string(),
  at: z.string(),
});
export type CycleEventDto = z.infer<typeof CycleEventSchema>;

export const PlanSchema = z.object({
  id: z.string().uuid(),
  ideaId: z.string().uuid(),
  status: Status,
  productDescription: z.string(),
  marketAndCustomers: z.string(),
  productionCapacity: z.string(),
  investmentAndFunding: z.string(),
  salesChannels: z.string(),
  /** What the caller may do now (from the transition table and the policy). */
  allowedActions: Actions,
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PlanDto = z.infer<typeof PlanSchema>;

const IdeaBase = z.object({
  id: z.string().uuid(),
  producerId: z.string().uuid(),
  producerName: z.string(),
  productId: z.string().uuid().nullable(),
  name: z.string(),
  classification: z.string(),
  productSetCode: z.string(),
  productSetName: z.string(),
  status: Status,
  provinceCode: z.string(),
  communeCode: z.string(),
  communeName: z.string(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const IdeaSummarySchema = IdeaBase.extend({ planStatus: Status.nullable() });
export type IdeaSummaryDto = z.infer<typeof IdeaSummarySchema>;

export const IdeaSchema = IdeaBase.extend({
  description: z.string(),
  rawMaterials: z.string(),
  expectedMarket: z.string(),
  allowedActions: Actions,
  /** True when the caller may file (or edit) the business plan now. */
  mayFilePlan: z.boolean(),
  plan: PlanSchema.nullable(),
  /** Timeline of the idea and its plan, oldest first. */
  history: z.array(CycleEventSchema),
});
export type IdeaDto = z.infer<typeof IdeaSchema>;
