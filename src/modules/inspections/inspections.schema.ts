import { z } from 'zod';
import { zodCode } from '../../errors';
import { INSPECTION_FINDINGS, INSPECTION_OUTCOMES, INSPECTION_PLAN_STATUSES, REVOCATION_PROPOSAL_STATUSES } from './inspections.tables';

export { INSPECTION_FINDINGS, INSPECTION_OUTCOMES };
import { PLAN_ACTIONS } from './inspection-plan';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
const Line = (max: number) => z.string().trim().min(1).max(max).refine((s) => !/[\r\n]/.test(s), zodCode('insp.one_line'));
const Page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};

export const PlanInputSchema = z.object({
  title: Line(300),
  provinceCode: z.string().regex(/^\d{2}$/, 'a province code (2 digits)'),
  periodStart: IsoDate,
  periodEnd: IsoDate,
  plannedProducers: z.number().int().min(1).max(100_000).nullable().optional(),
});
export type PlanInput = z.input<typeof PlanInputSchema>;

export const PlanPatchSchema = z.object({
  title: Line(300).optional(),
  periodStart: IsoDate.optional(),
  periodEnd: IsoDate.optional(),
  plannedProducers: z.number().int().min(1).max(100_000).nullable().optional(),
  /** Refuse with 409 conflict unless the plan is still at this version. */
  version: z.number().int().positive(),
});
export type PlanPatch = z.input<typeof PlanPatchSchema>;

export const TransitionInputSchema = z.object({
  action: z.enum(PLAN_ACTIONS),
  comment: z.string().trim().max(2000).optional(),
  version: z.number().int().positive().optional(),
});
export type TransitionInput = z.input<typeof TransitionInputSchema>;

export const MemberInputSchema = z.object({
  fullName: Line(200),
  /** Agriculture, industry and trade, health, market surveillance… */
  agency: Line(200),
  role: z.enum(['lead', 'member']).default('member'),
});
export type MemberInput = z.input<typeof MemberInputSchema>;

export const CheckInputSchema = z.object({
  productId: z.string().uuid(),
  /** null (or omitted): nothing wrong. */
  finding: z.enum(INSPECTION_FINDINGS).nullable().optional(),
  note: z.string().trim().max(2000).optional(),
});

export const VisitInputSchema = z.object({
  producerId: z.string().uuid(),
  visitedOn: IsoDate,
  note: z.string().trim().max(4000).optional(),
  checks: z.array(CheckInputSchema).max(200).default([]),
  outcome: z.enum(INSPECTION_OUTCOMES),
  /** Required with outcome revocation_proposal: a checked product with a certificate, and the written reason. */
  proposal: z.object({ productId: z.string().uuid(), reason: z.string().trim().min(1).max(4000) }).optional(),
});
export type VisitInput = z.input<typeof VisitInputSchema>;

export const DismissInputSchema = z.object({ note: z.string().trim().min(1).max(2000) });
export const ProposalRevokeInputSchema = z.object({
  reason: z.string().trim().min(1).max(2000),
  legalBasis: z.string().trim().min(1).max(1000),
  revokedOn: IsoDate.optional(),
});

const Counts = <T extends readonly [string, ...string[]]>(keys: T) => z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<T[number], z.ZodNumber>);

export const StatsSchema = z.object({
  visits: z.number().int(),
  producersVisited: z.number().int(),
  /** Planned producers of the plans counted (null: not planned, e.g. a commune). */
  producersPlanned: z.number().int().nullable(),
  productsChecked: z.number().int().describe('distinct products checked'),
  checks: z.number().int(),
  findings: Counts([...INSPECTION_FINDINGS, 'none'] as const),
  outcomes: Counts([...INSPECTION_OUTCOMES, 'pending'] as const),
  /** "41 of 50 producers, 334 products inspected" (Vietnamese). */
  text: z.string(),
});
export type StatsDto = z.infer<typeof StatsSchema>;

export const MemberSchema = z.object({ id: z.string(), fullName: z.string(), agency: z.string(), role: z.enum(['lead', 'member']) });

export const PlanSchema = z.object({
  id: z.string(),
  title: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  plannedProducers: z.number().int().nullable(),
  status: z.enum(INSPECTION_PLAN_STATUSES),
  isSample: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  version: z.number().int(),
  team: z.array(MemberSchema),
  stats: StatsSchema,
  actions: z.object({ manage: z.boolean(), transitions: z.array(z.enum(PLAN_ACTIONS)), recordVisit: z.boolean() }),
});
export type PlanDto = z.infer<typeof PlanSchema>;

export const CheckSchema = z.object({
  product: z.object({ id: z.string(), name: z.string() }),
  certificate: z.object({ number: z.string(), stars: z.number().int(), expiresOn: z.string(), state: z.string() }).nullable(),
  finding: z.enum(INSPECTION_FINDINGS).nullable(),
  note: z.string(),
});

export const VisitSchema = z.object({
  id: z.string(),
  plan: z.object({ id: z.string(), title: z.string() }),
  producer: z.object({ id: z.string(), name: z.string() }),
  provinceCode: z.string(),
  communeCode: z.string(),
  communeName: z.string(),
  visitedOn: z.string(),
  outcome: z.enum(INSPECTION_OUTCOMES).nullable(),
  note: z.string(),
  isSample: z.boolean().describe('invented demo data'),
  createdBy: z.string(),
  createdAt: z.string(),
  version: z.number().int(),
  checks: z.array(CheckSchema),
  proposals: z.array(z.object({ id: z.string(), certificateNumber: z.string(), status: z.enum(REVOCATION_PROPOSAL_STATUSES) })),
});
export type VisitDto = z.infer<typeof VisitSchema>;

export const ProposalSchema = z.object({
  id: z.string(),
  /** open, revoked (also when the certificate was revoked by other means) or dismissed. */
  status: z.enum(REVOCATION_PROPOSAL_STATUSES),
  certificate: z.object({ number: z.string(), stars: z.number().int(), state: z.string(), revokedOn: z.string().nullable(), revokedReason: z.string().nullable() }),
  product: z.object({ id: z.string(), name: z.string() }),
  producer: z.object({ id: z.string(), name: z.string() }),
  visit: z.object({ id: z.string(), visitedOn: z.string(), planId: z.string(), planTitle: z.string() }).nullable(),
  provinceCode: z.string(),
  provinceName: z.string(),
  reason: z.string(),
  isSample: z.boolean().describe('invented demo data'),
  proposedBy: z.string(),
  proposedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  actions: z.object({ revoke: z.boolean(), dismiss: z.boolean() }),
});
export type ProposalDto = z.infer<typeof ProposalSchema>;

export const PlanListQuerySchema = z.object({
  status: z.enum(INSPECTION_PLAN_STATUSES).optional(),
  province: z.string().regex(/^\d{2}$/).optional(),
  ...Page,
});
export type PlanListQuery = z.infer<typeof PlanListQuerySchema>;

export const VisitListQuerySchema = z.object({
  planId: z.string().uuid().optional(),
  producerId: z.string().uuid().optional(),
  outcome: z.enum(INSPECTION_OUTCOMES).optional(),
  ...Page,
});
export type VisitListQuery = z.infer<typeof VisitListQuerySchema>;

export const ProposalListQuerySchema = z.object({
  status: z.enum([...REVOCATION_PROPOSAL_STATUSES, 'all']).default('open'),
  ...Page,
});
export type ProposalListQuery = z.infer<typeof ProposalListQuerySchema>;

export const StatsQuerySchema = z.object({
  planId: z.string().uuid().optional(),
  area: z.string().trim().max(5).optional(),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
});
export type StatsQuery = z.infer<typeof StatsQuerySchema>;
