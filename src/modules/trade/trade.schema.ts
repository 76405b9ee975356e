/**
 * Trade connection over the API and the pages' forms (issue 16): buyer organisations, demands,
 * offers, question threads and trade agreements. The bodies (`…Body`) fix types and lengths for
 * OpenAPI; the services check everything with the full schemas so every problem is told at once.
 */
import { z } from 'zod';
import { isIsoDate } from '../../domain/dates';
import { zodCode } from '../../errors';
import { AGREEMENT_ACTIONS, AGREEMENT_STATUSES, BUYER_ORG_KINDS, BUYER_ORG_STATUSES, DEMAND_STATUSES, OFFER_STATUSES } from '../../domain/trade';
import { PASSWORD_MAX_LENGTH } from '../identity/password';

const NUL = String.fromCharCode(0);
const Line = (max: number) => z.string().trim().max(max).refine((s) => !/[\r\n]/.test(s) && !s.includes(NUL), { message: 'one line of text' });
const Required = (min: number, max: number) => Line(max).pipe(z.string().min(1).min(min));
const Optional = (max: number) => z.string().trim().max(max).nullable().optional().transform((s) => s || null);
const Text = (max: number) => z.string().trim().max(max).refine((s) => !s.includes(NUL), { message: 'no NUL' }).optional().default('');
/** A real calendar day the database can store: 2026-02-30 and year 0000 are refused here, not by PostgreSQL (a 500). */
const Day = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date' })
  .refine(isIsoDate, zodCode('trade_event.not_date'));
/** A count or quantity: a whole number from 1 (quantities of a demand or an offer). */
const Count = z.coerce.number().int().positive().max(1_000_000_000);
/** Money in whole đồng (≤ 10^12, as the market's). */
const Dong = z.coerce.number().int().min(0).max(1_000_000_000_000);

// ─── Buyer organisations ─────────────────────────────────────────────────────

export const BuyerOrgSignupSchema = z.object({
  name: Required(2, 200),
  kind: z.enum(BUYER_ORG_KINDS),
  taxCode: z.string().trim().min(1).max(20),
  communeCode: z.string().trim().min(1).max(10),
  address: Required(3, 300),
  contactName: Required(2, 100),
  phone: z.string().trim().min(1).max(30),
  email: z.string().trim().min(1).max(254),
  website: Optional(300),
  username: Optional(64),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type BuyerOrgSignupInput = z.input<typeof BuyerOrgSignupSchema>;

export const BuyerOrgSignupBody = z.object({
  name: z.string().max(200).describe('the organisation\'s registered name'),
  kind: z.enum(BUYER_ORG_KINDS).describe('supermarket, distributor, exporter, hotel, restaurant or airport'),
  taxCode: z.string().max(20).describe('10 digits (or NNNNNNNNNN-NNN for a branch), check digit verified as for producers'),
  communeCode: z.string().max(10).describe('5-digit commune code of today\'s units'),
  address: z.string().max(300).describe('street address, without commune and province'),
  contactName: z.string().max(100),
  phone: z.string().max(30).describe('a Vietnamese phone number'),
  email: z.string().max(254).describe('the organisation\'s e-mail (notices about offers go there)'),
  website: z.string().max(300).nullable().optional(),
  username: z.string().max(64).nullable().optional().describe('the login of the first member account; left out: the tax code'),
  password: z.string().max(PASSWORD_MAX_LENGTH).describe('at least 12 characters, not containing the login, not a common or breached password'),
});

export const BuyerOrgSchema = z.object({
  id: z.string(), name: z.string(), kind: z.enum(BUYER_ORG_KINDS), taxCode: z.string(),
  communeCode: z.string(), provinceCode: z.string(), provinceName: z.string(), address: z.string(),
  contactName: z.string(), phone: z.string(), email: z.string(), website: z.string().nullable(),
  status: z.enum(BUYER_ORG_STATUSES), reviewNote: z.string().nullable(), reviewedAt: z.string().nullable(),
  isSample: z.boolean(), version: z.number().int(), createdAt: z.string(),
  /** The login of the member account created with it (only in the sign-up answer). */
  username: z.string().optional(),
});
export type BuyerOrgDto = z.infer<typeof BuyerOrgSchema>;

export const BuyerOrgQuerySchema = z.object({
  status: z.enum(BUYER_ORG_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type BuyerOrgQuery = z.infer<typeof BuyerOrgQuerySchema>;

export const ReviewBody = z.object({
  decision: z.enum(['verify', 'reject']),
  reason: z.string().max(1000).nullable().optional().describe('required to reject: shown to the organisation'),
  version: z.number().int().positive().optional(),
});
export type ReviewInput = z.infer<typeof ReviewBody>;

// ─── Demands ─────────────────────────────────────────────────────────────────

export const DemandInputSchema = z.object({
  title: Required(3, 200),
  description: Text(4000),
  productSetCode: Optional(20),
  minStars: z.union([z.literal(''), z.null(), z.coerce.number().int().min(3).max(5)]).optional().transform((v) => (v === '' || v === undefined ? null : v)),
  quantity: Count,
  unit: Required(1, 30),
  packaging: Text(300),
  deliveryProvinceCode: z.string().trim().min(1).max(10),
  neededBy: z.union([z.literal(''), z.null(), Day]).optional().transform((v) => v || null),
  certifications: z.array(Line(60).pipe(z.string().min(1))).max(10).optional().default([]),
  deadline: Day,
});
export type DemandInput = z.input<typeof DemandInputSchema>;

export const DemandBody = z.object({
  title: z.string().max(200).describe('what is wanted, 3–200 characters (also the words matched to product names when no product set is given)'),
  description: z.string().max(4000).optional(),
  productSetCode: z.string().max(20).nullable().optional().describe('a product set code (GET /api/v1/product-sets); null: free text'),
  minStars: z.number().int().min(3).max(5).nullable().optional(),
  quantity: z.number().int().positive().describe('a whole number of units'),
  unit: z.string().max(30).describe('kg, hộp, chai, thùng …'),
  packaging: z.string().max(300).optional(),
  deliveryProvinceCode: z.string().max(10).describe('2-digit province code where goods are delivered'),
  neededBy: z.string().nullable().optional().describe('YYYY-MM-DD'),
  certifications: z.array(z.string().max(60)).max(10).optional().describe('certifications wanted beside OCOP (VietGAP, HACCP …)'),
  deadline: z.string().describe('YYYY-MM-DD, the last day offers are accepted (today or later)'),
});

/** api.md "Trade connection and events": the minimum, plus what the pages need. */
export const DemandSchema = z.object({
  id: z.string(),
  buyer: z.object({ id: z.string(), name: z.string() }),
  title: z.string(),
  productSet: z.string().nullable().describe('the product set code, null for a free-text demand'),
  productSetName: z.string().nullable(),
  minStars: z.number().int().nullable(),
  quantity: z.number().int(),
  unit: z.string(),
  deliveryProvince: z.string().describe('the delivery province\'s code'),
  deliveryProvinceName: z.string(),
  deadline: z.string(),
  status: z.enum(DEMAND_STATUSES),
  offers: z.number().int().describe('offers made (withdrawn ones aside); a producer sees the count too, never the others\' offers'),
  description: z.string(),
  packaging: z.string(),
  neededBy: z.string().nullable(),
  certifications: z.array(z.string()),
  matched: z.number().int().describe('certified products matched when it was posted'),
  isSample: z.boolean(),
  createdAt: z.string(),
});
export type DemandDto = z.infer<typeof DemandSchema>;

export const DemandQuerySchema = z.object({
  status: z.enum(DEMAND_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type DemandQuery = z.infer<typeof DemandQuerySchema>;

export const MatchSchema = z.object({
  product: z.object({ id: z.string(), name: z.string(), stars: z.number().int(), productSet: z.string() }),
  producer: z.object({ id: z.string(), name: z.string(), provinceCode: z.string(), provinceName: z.string() }),
  inStock: z.boolean().describe('a listing of it on the OCOP market has stock'),
  sameProvince: z.boolean(),
});
export type MatchDto = z.infer<typeof MatchSchema>;

// ─── Offers ──────────────────────────────────────────────────────────────────

export const OfferInputSchema = z.object({
  productId: z.string().trim().min(1).max(64),
  unitPrice: Dong.refine((n) => n > 0, { message: 'positive' }),
  quantity: Count,
  deliveryOn: Day,
  note: Text(2000),
  producerId: Optional(64),
});
export type OfferInput = z.input<typeof OfferInputSchema>;

export const OfferBody = z.object({
  productId: z.string().max(64).describe('one of the producer\'s products certified today in the demand\'s set, with its stars'),
  unitPrice: z.number().int().positive().describe('price per unit of the demand, whole đồng'),
  quantity: z.number().int().positive(),
  deliveryOn: z.string().describe('YYYY-MM-DD'),
  note: z.string().max(2000).optional(),
  producerId: z.string().max(64).nullable().optional().describe('an officer offering on a producer\'s behalf names the producer'),
});

export const OfferFileSchema = z.object({ id: z.string(), filename: z.string(), mime: z.string(), size: z.number().int(), url: z.string() });

export const OfferSchema = z.object({
  id: z.string(), demandId: z.string(),
  producer: z.object({ id: z.string(), name: z.string(), provinceName: z.string() }),
  product: z.object({ id: z.string(), name: z.string(), stars: z.number().int().nullable(), certificateNumber: z.string().nullable() }),
  unitPrice: z.number().int(), quantity: z.number().int(), total: z.number().int().describe('unitPrice × quantity, whole đồng'),
  deliveryOn: z.string(), note: z.string(), status: z.enum(OFFER_STATUSES), decisionNote: z.string().nullable(),
  files: z.array(OfferFileSchema), agreementId: z.string().nullable(), isSample: z.boolean(), createdAt: z.string(), version: z.number().int(),
});
export type OfferDto = z.infer<typeof OfferSchema>;

export const OfferDecisionBody = z.object({
  reason: z.string().max(1000).nullable().optional().describe('declining: optional, shown to the producer'),
  startsOn: z.string().nullable().optional().describe('accepting: the agreement\'s period (YYYY-MM-DD), optional'),
  endsOn: z.string().nullable().optional(),
});
export type OfferDecisionInput = z.infer<typeof OfferDecisionBody>;

// ─── Threads ─────────────────────────────────────────────────────────────────

export const MessageBody = z.object({
  body: z.string().max(4000).describe('the question or answer, 1–4000 characters'),
  producerId: z.string().max(64).nullable().optional().describe('the buyer (or an officer) names the producer of the thread; a producer writes in their own'),
});
export type MessageInput = z.infer<typeof MessageBody>;

export const MessageSchema = z.object({
  id: z.number().int(), side: z.enum(['buyer', 'producer']), author: z.string(), body: z.string(), createdAt: z.string(),
});
export type MessageDto = z.infer<typeof MessageSchema>;

export const ThreadSchema = z.object({
  demandId: z.string(), producer: z.object({ id: z.string(), name: z.string() }), messages: z.array(MessageSchema),
});
export type ThreadDto = z.infer<typeof ThreadSchema>;

// ─── Agreements ──────────────────────────────────────────────────────────────

export const AgreementSchema = z.object({
  id: z.string(), code: z.string(),
  buyer: z.object({ id: z.string().nullable(), name: z.string() }),
  producer: z.object({ id: z.string(), name: z.string() }),
  demandId: z.string().nullable(), offerId: z.string().nullable(), eventId: z.string().nullable(),
  items: z.array(z.object({ productId: z.string(), productName: z.string(), quantity: z.number().int(), unit: z.string(), unitPrice: z.number().int() })),
  value: z.number().int().describe('whole đồng'),
  startsOn: z.string().nullable(), endsOn: z.string().nullable(), signedOn: z.string().nullable(),
  status: z.enum(AGREEMENT_STATUSES), counted: z.boolean().describe('a programme result ("hợp đồng tiêu thụ"): signed, delivering or completed'),
  cancelReason: z.string().nullable(), provinceCode: z.string(), productSet: z.string().nullable(), stars: z.number().int().nullable(),
  actions: z.array(z.enum(AGREEMENT_ACTIONS)).describe('what the reader may do now'),
  history: z.array(z.object({ from: z.string().nullable(), to: z.string(), action: z.string(), side: z.string(), comment: z.string().nullable(), at: z.string() })),
  isSample: z.boolean(), version: z.number().int(), createdAt: z.string(),
});
export type AgreementDto = z.infer<typeof AgreementSchema>;

export const AgreementQuerySchema = z.object({
  status: z.enum(AGREEMENT_STATUSES).optional(),
  eventId: z.string().max(64).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type AgreementQuery = z.infer<typeof AgreementQuerySchema>;

export const AgreementActionBody = z.object({
  action: z.enum(AGREEMENT_ACTIONS),
  comment: z.string().max(1000).nullable().optional().describe('required to cancel'),
  version: z.number().int().positive().optional(),
});
export type AgreementActionInput = z.infer<typeof AgreementActionBody>;

/** An agreement signed at an event, recorded by the exhibitor or an officer (no demand behind it). */
export const EventAgreementBody = z.object({
  eventId: z.string().max(64),
  producerId: z.string().max(64).nullable().optional(),
  buyerName: z.string().max(200).describe('the buyer as named on the agreement'),
  buyerOrgId: z.string().max(64).nullable().optional().describe('when the buyer is a registered organisation'),
  productId: z.string().max(64),
  quantity: z.number().int().positive(),
  unit: z.string().max(30),
  unitPrice: z.number().int().min(0),
  signedOn: z.string().describe('YYYY-MM-DD'),
  startsOn: z.string().nullable().optional(),
  endsOn: z.string().nullable().optional(),
});
export const EventAgreementSchema = z.object({
  eventId: z.string().trim().min(1).max(64),
  producerId: Optional(64),
  buyerName: Required(2, 200),
  buyerOrgId: Optional(64),
  productId: z.string().trim().min(1).max(64),
  quantity: Count,
  unit: Required(1, 30),
  unitPrice: Dong,
  signedOn: Day,
  startsOn: z.union([z.literal(''), z.null(), Day]).optional().transform((v) => v || null),
  endsOn: z.union([z.literal(''), z.null(), Day]).optional().transform((v) => v || null),
});
export type EventAgreementInput = z.input<typeof EventAgreementSchema>;
