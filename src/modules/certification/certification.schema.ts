import { CERTIFICATE_STATUSES } from '../../domain/certificate';
import { z } from 'zod';
import { zodCode } from '../../errors';
import { CertificateExpiresOn, CertificateValidUntil } from '../../web/api-schemas';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
const Line = (max: number) => z.string().trim().min(1, 'required').max(max).refine((s) => !/[\r\n]/.test(s), zodCode('certification.one_line'));

export const DecisionDraftInputSchema = z.object({
  roundId: z.string().uuid(),
  number: Line(40),
  decisionDate: IsoDate,
  signerName: Line(120),
  signerTitle: Line(200),
  title: z.string().trim().min(1, 'required').max(500),
});
export type DecisionDraftInput = z.infer<typeof DecisionDraftInputSchema>;

export const DecisionUpdateSchema = z.object({
  number: Line(40).optional(),
  decisionDate: IsoDate.optional(),
  signerName: Line(120).optional(),
  signerTitle: Line(200).optional(),
  title: z.string().trim().min(1, 'required').max(500).optional(),
  /** Refuse with 409 conflict unless the decision is still at this version. */
  version: z.number().int().positive().optional(),
});
export type DecisionUpdate = z.infer<typeof DecisionUpdateSchema>;

export const AddItemSchema = z.object({
  dossierId: z.string().uuid().optional(),
  productId: z.string().uuid().optional(),
}).refine((v) => v.dossierId || v.productId, { ...zodCode('decision.item_missing'), path: ['dossierId'] });
export type AddItemInput = z.infer<typeof AddItemSchema>;

/** Approving: a decision dated after today is approved only when marked scheduled (signed ahead, in force from its date). */
export const ApproveInputSchema = z.object({
  version: z.number().int().positive().optional(),
  scheduled: z.boolean().optional().describe('the decision is signed ahead of its date: its certificates are in force from that date'),
}).default({});
export type ApproveInput = z.infer<typeof ApproveInputSchema>;

export const DecisionItemSchema = z.object({
  dossierId: z.string(),
  dossierNumber: z.string().nullable(),
  productId: z.string(),
  productName: z.string(),
  producerName: z.string(),
  stars: z.number().int(),
  score: z.number(),
  potentialFiveStar: z.boolean(),
  certificateNumber: z.string().nullable(),
  certificateExpiresOn: CertificateExpiresOn.nullable(),
});
export type DecisionItemDto = z.infer<typeof DecisionItemSchema>;

export const DecisionSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  decisionDate: z.string(),
  level: z.enum(['district', 'province', 'national']),
  areaCode: z.string().nullable().describe('the deciding province; null for a national decision'),
  issuer: z.string().describe('the issuing body as signed ("UBND huyện Hoằng Hóa", "UBND tỉnh Hà Giang", "Bộ Nông nghiệp và Môi trường"), never its successor'),
  areaName: z.string().nullable(),
  status: z.enum(['draft', 'approved']),
  published: z.boolean(),
  title: z.string().nullable(),
  roundId: z.string().nullable(),
  itemCount: z.number().int(),
});
export type DecisionSummaryDto = z.infer<typeof DecisionSummarySchema>;

export const DecisionSchema = DecisionSummarySchema.extend({
  signerName: z.string(),
  signerTitle: z.string(),
  draftedBy: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  version: z.number().int(),
  roundName: z.string().nullable(),
  items: z.array(DecisionItemSchema),
  /** Passing results of the round not listed (the drafter removed them); may be added back. */
  candidates: z.array(DecisionItemSchema),
  /** The decision's date is after today: approving it needs `scheduled: true`. */
  dateAhead: z.boolean(),
  actions: z.object({ edit: z.boolean(), approve: z.boolean(), publish: z.boolean() }),
});
export type DecisionDto = z.infer<typeof DecisionSchema>;

export const DecisionListQuerySchema = z.object({
  status: z.enum(['draft', 'approved']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type DecisionListQuery = z.infer<typeof DecisionListQuerySchema>;

export { CERTIFICATE_STATUSES };

export const CertificateSchema = z.object({
  number: z.string(),
  stars: z.number().int(),
  score: z.number().nullable(),
  potentialFiveStar: z.boolean(),
  issuedOn: z.string(),
  expiresOn: CertificateExpiresOn,
  validUntil: CertificateValidUntil,
  /** On today's date: valid, not yet valid (before its issue date), expired (by date), revoked or superseded. */
  status: z.enum(CERTIFICATE_STATUSES),
  state: z.enum(['active', 'revoked', 'superseded']),
  product: z.object({ id: z.string(), name: z.string() }),
  producer: z.object({ id: z.string(), name: z.string(), address: z.string() }),
  provinceCode: z.string(),
  provinceName: z.string(),
  communeName: z.string(),
  /** `level`: district, province or national; `issuer`: the body as signed ("UBND tỉnh Hà Giang"), never its successor. */
  decision: z.object({ id: z.string(), number: z.string(), decisionDate: z.string(), level: z.string(), issuer: z.string() }),
  /** The key its number is unique under ("province:02", "district:399", "national"): `?issuer=` names it where a number is shared. */
  issuerKey: z.string(),
  dossierId: z.string().nullable(),
  revokedOn: z.string().nullable(),
  revokedReason: z.string().nullable(),
  revocationBasis: z.string().nullable(),
  supersededOn: z.string().nullable(),
  supersededBy: z.object({ number: z.string(), stars: z.number().int() }).nullable(),
  /** The caller may revoke it (the authority of its star level, and it is still in force). */
  canRevoke: z.boolean(),
});
export type CertificateDto = z.infer<typeof CertificateSchema>;

export const CertificateListQuerySchema = z.object({
  status: z.enum(CERTIFICATE_STATUSES).optional(),
  stars: z.coerce.number().int().min(1).max(5).optional(),
  province: z.string().regex(/^\d{2}$/).optional(),
  decisionId: z.string().uuid().optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type CertificateListQuery = z.infer<typeof CertificateListQuerySchema>;

export const RevokeInputSchema = z.object({
  reason: z.string().trim().min(1, 'required').max(2000),
  legalBasis: z.string().trim().min(1, 'required').max(1000),
  revokedOn: IsoDate.optional(),
});
export type RevokeInput = z.infer<typeof RevokeInputSchema>;

export const ResultSchema = z.object({
  dossierId: z.string(),
  roundId: z.string(),
  roundName: z.string(),
  level: z.enum(['province', 'national']),
  meanScore: z.number().nullable(),
  stars: z.number().int().nullable(),
  recognisedStars: z.number().int().nullable(),
  potentialFiveStar: z.boolean(),
  forwarded: z.boolean(),
  eliminated: z.boolean(),
  published: z.boolean(),
  certificateNumber: z.string().nullable(),
});
export type ResultDto = z.infer<typeof ResultSchema>;

export const NotificationSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationDto = z.infer<typeof NotificationSchema>;

export const NotificationListQuerySchema = z.object({
  unread: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuerySchema>;
