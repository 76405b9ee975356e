/**
 * Lot traceability over the API and the pages' forms (issue 17; api.md "Traceability"). The
 * services check every input with these schemas, so every problem is told at once with its field
 * code; dates and quantities are checked again against the lot (domain/trace.ts).
 */
import { z } from 'zod';
import { zodCode } from '../../errors';
import { INPUT_SOURCE_KINDS, TRACE_EVENT_KINDS, TRACE_UNITS, type TraceEventKind, type TraceUnit } from '../../domain/trace';

/** Names of kinds and units: the messages `trace.kind.<kind>` and `trace.unit.<unit>` (one wording everywhere). */

export { TRACE_EVENT_KINDS, TRACE_UNITS };

const NUL = String.fromCharCode(0);
const Line = (max: number) => z.string().trim().max(max).refine((s) => !/[\r\n]/.test(s) && !s.includes(NUL), zodCode('trace.one_line'));
const Required = (max: number) => Line(max).pipe(z.string().min(1));
const Text = (max: number) => z.string().trim().max(max).refine((s) => !s.includes(NUL), zodCode('trace.one_line'));
const Day = z.string().trim().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`))
  && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), zodCode('trace.not_date'));
/** An instant with its offset (ISO 8601), or a day (then noon in Vietnam). */
const Instant = z.string().trim().max(40).refine((s) => !Number.isNaN(Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T12:00:00+07:00` : s)), zodCode('trace.not_instant'));
const CommuneCode = z.string().trim().refine((s) => /^\d{5}$/.test(s), zodCode('trace.unknown_commune'));
const Uuid = z.string().trim().refine((s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s), zodCode('trace.unknown_ref'));
/** A quantity: positive, three decimals at most (checked against the lot by the service). */
export const Quantity = z.number()
  .refine((n) => Number.isFinite(n) && n > 0, zodCode('trace.quantity_positive'))
  .refine((n) => n <= 1_000_000_000, zodCode('trace.quantity_too_large'))
  .refine((n) => Math.abs(n * 1000 - Math.round(n * 1000)) < 1e-6, zodCode('trace.quantity_precision'));
export const LotNumber = z.string().trim().toUpperCase().max(100)
  .refine((s) => /^[A-Z0-9][A-Z0-9./-]{0,19}$/.test(s), zodCode('trace.lot_number'));

// ─── Inputs ────────────────────────────────────────────────────────────────

export const MaterialAreaSchema = z.object({
  producerId: Uuid.optional(),
  name: Required(200),
  communeCode: CommuneCode,
  hectares: z.number().refine((n) => Number.isFinite(n) && n > 0 && n <= 1_000_000, zodCode('trace.hectares')).nullable().optional(),
  crop: Required(200),
  certification: Line(300).nullable().optional(),
});
export type MaterialAreaInput = z.infer<typeof MaterialAreaSchema>;

export const LotSchema = z.object({
  productId: Uuid,
  lotNumber: LotNumber,
  producedOn: Day,
  expiresOn: Day.nullable().optional(),
  quantity: Quantity,
  unit: z.enum(TRACE_UNITS),
  facility: Required(300),
  /** Defaults to the producer's commune. */
  communeCode: CommuneCode.optional(),
  note: Text(2000).nullable().optional(),
});
export type LotInput = z.infer<typeof LotSchema>;

export const LotInputSchema = z.object({
  material: Required(200),
  sourceKind: z.enum(INPUT_SOURCE_KINDS),
  supplierProducerId: Uuid.nullable().optional(),
  materialAreaId: Uuid.nullable().optional(),
  supplierText: Line(300).nullable().optional(),
  quantity: Quantity.nullable().optional(),
  unit: z.enum(TRACE_UNITS).nullable().optional(),
  receivedOn: Day.nullable().optional(),
});
export type LotInputInput = z.infer<typeof LotInputSchema>;

export const IndicatorSchema = z.object({
  name: Required(200),
  result: Required(100),
  limit: Line(100).nullable().optional(),
  passed: z.boolean(),
});

export const LabResultSchema = z.object({
  laboratory: Required(300),
  reportNumber: Line(100).nullable().optional(),
  testedOn: Day,
  indicators: z.array(IndicatorSchema).min(1).max(100),
});
export type LabResultInput = z.infer<typeof LabResultSchema>;

// ─── Events ────────────────────────────────────────────────────────────────

/** An event of one lot (every kind but transformation). */
export const EventSchema = z.object({
  kind: z.enum(TRACE_EVENT_KINDS).refine((k) => k !== 'transformation', zodCode('trace.use_transformation')),
  occurredAt: Instant,
  communeCode: CommuneCode,
  facility: Line(300).nullable().optional(),
  actor: Required(200),
  note: Text(2000).nullable().optional(),
  counterparty: Line(300).nullable().optional(),
  container: Line(100).nullable().optional(),
  /** A correction names the event it corrects. */
  correctsId: Uuid.nullable().optional(),
});
export type EventInput = z.infer<typeof EventSchema>;

/** A new lot a transformation makes (of the same producer). */
export const OutputLotSchema = LotSchema.omit({ communeCode: true, facility: true }).extend({ facility: Line(300).optional() });

export const TransformationSchema = z.object({
  occurredAt: Instant,
  communeCode: CommuneCode,
  facility: Line(300).nullable().optional(),
  actor: Required(200),
  note: Text(2000).nullable().optional(),
  inputs: z.array(z.object({ lotId: Uuid, quantity: Quantity })).min(1).max(50),
  outputs: z.array(OutputLotSchema).min(1).max(50),
});
export type TransformationInput = z.infer<typeof TransformationSchema>;

export const RecallSchema = z.object({
  reason: Required(1000),
  scope: Required(1000),
  instructions: Required(2000),
});
export type RecallInput = z.infer<typeof RecallSchema>;

export const CloseRecallSchema = z.object({ note: Required(1000) });

export const LotListQuerySchema = z.object({
  product: z.string().trim().max(40).optional(),
  q: Line(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type LotListQuery = z.infer<typeof LotListQuerySchema>;

// ─── What is read ──────────────────────────────────────────────────────────

export interface LotRef { id: string; lotNumber: string; traceCode: string; productName: string; producerName: string }

export interface TraceEventDto {
  id: string;
  kind: TraceEventKind;
  occurredAt: string;
  communeCode: string;
  communeName: string;
  provinceName: string;
  facility: string | null;
  actor: string;
  note: string | null;
  counterparty: string | null;
  container: string | null;
  labResultId: string | null;
  correctsId: string | null;
  /** Set when a later event corrects this one. */
  correctedBy: string | null;
  /** The lots of the event: the subject, or a transformation's inputs (with what it consumed) and outputs. */
  lots: { id: string; lotNumber: string; traceCode: string; productName: string; role: 'subject' | 'input' | 'output'; quantity: number | null; unit: TraceUnit }[];
  /** Evidence files are shown to those who keep the lot (null for the public). */
  evidence: { url: string; name: string } | null;
  recordedAt: string;
}

export interface LotInputDto {
  id: string;
  material: string;
  sourceKind: 'producer' | 'area' | 'text';
  supplier: { name: string; communeName: string | null; provinceName: string | null; url: string | null };
  area: { id: string; name: string; crop: string; hectares: number | null; certification: string | null } | null;
  quantity: number | null;
  unit: TraceUnit | null;
  receivedOn: string | null;
  document: { url: string; name: string } | null;
}

export interface LabResultDto {
  id: string;
  laboratory: string;
  reportNumber: string | null;
  testedOn: string;
  passed: boolean;
  indicators: { name: string; result: string; limit: string | null; passed: boolean }[];
  report: { url: string; name: string } | null;
}

export interface RecallDto {
  id: string;
  lotId: string;
  lotNumber: string;
  traceCode: string;
  productName: string;
  producerName: string;
  provinceCode: string;
  reason: string;
  scope: string;
  instructions: string;
  status: 'open' | 'closed';
  recalledAt: string;
  acknowledgedAt: string | null;
  closedAt: string | null;
  closeNote: string | null;
  buyersNotified: number;
}

/** What every answer about a lot says of it (lists and the lot itself). */
interface LotFacts {
  id: string;
  lotNumber: string;
  traceCode: string;
  product: { id: string; name: string; gtin: string | null };
  producer: { id: string; name: string };
  producedOn: string;
  expiresOn: string | null;
  quantity: number;
  unit: TraceUnit;
  isSample: boolean;
  /** An open recall of this lot (lists) or of this lot or a lot it was made from (the lot). */
  recalled: boolean;
}

/** api.md: `{"id","lotNumber","product":{"id","name","gtin"},"producedOn","expiresOn","quantity","unit","recalled":bool,"events":[…],"inputs":[…]}`. */
export interface LotDto extends LotFacts {
  facility: string;
  communeCode: string;
  communeName: string;
  provinceName: string;
  note: string | null;
  recalls: RecallDto[];
  events: TraceEventDto[];
  /** One step back: raw-material inputs, and the lots a transformation made it from. */
  inputs: LotInputDto[];
  inputLots: LotRef[];
  /** One step forward: lots made from this one. */
  outputLots: LotRef[];
  labResults: LabResultDto[];
  /** What is left for transformations (its quantity less what they consumed). */
  remaining: number;
  links: { trace: string; digitalLink: string | null; epcis: string };
  /** For those who keep the lot: what they may do. */
  actions: { record: boolean; recall: boolean };
}

export interface LotSummaryDto extends LotFacts {
  /** How many events concern it. */
  events: number;
}
