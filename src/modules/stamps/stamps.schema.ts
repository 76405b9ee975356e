import { z } from 'zod';
import { zodCode } from '../../errors';
import { ALERT_KINDS, STAMP_BATCH_STATUSES } from './stamps.tables';

/** The statuses of a batch (for filters and views, which do not read tables). */
export const BATCH_STATUSES = STAMP_BATCH_STATUSES;

/** Stamps a province may issue in one batch (a bigger order is several batches). */
export const MAX_BATCH_QUANTITY = 100_000;
/** Stamps one sheet request may render (a 100,000-stamp batch is printed in parts). */
export const MAX_SHEET_STAMPS = 2_000;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
const Line = (max: number) => z.string().trim().min(1).max(max).refine((s) => !/[\r\n]/.test(s), zodCode('stamps.one_line'));

export const BatchInputSchema = z.object({
  productId: z.string().uuid(),
  quantity: z.number().int().min(1).max(MAX_BATCH_QUANTITY),
  /** The printing house. */
  printer: Line(200),
  issuedOn: IsoDate,
  /** The production lot the stamps are for (issue 17): a lot of the same product; its scans open the lot's trace page. */
  lotId: z.string().refine((s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s), zodCode('stamps.unknown_lot')).nullable().optional(),
});
export type BatchInput = z.infer<typeof BatchInputSchema>;

export const DeliverInputSchema = z.object({
  /** Day the printed stamps reached the producer; default today. */
  deliveredOn: IsoDate.optional(),
  /** Refuse with 409 conflict unless the batch is still at this version. */
  version: z.number().int().positive().optional(),
}).default({});
export type DeliverInput = z.infer<typeof DeliverInputSchema>;

export const VoidInputSchema = z.object({
  reason: z.string().trim().min(1).max(2000),
  version: z.number().int().positive().optional(),
});
export type VoidInput = z.infer<typeof VoidInputSchema>;

export const BatchSchema = z.object({
  id: z.string(),
  code: z.string().describe('printed on every stamp; serials are <code>-<seq 6>-<check 6>'),
  status: z.enum(STAMP_BATCH_STATUSES),
  quantity: z.number().int(),
  printer: z.string(),
  issuedOn: z.string(),
  deliveredOn: z.string().nullable(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
  product: z.object({ id: z.string(), name: z.string() }),
  producer: z.object({ id: z.string(), name: z.string() }),
  certificate: z.object({ number: z.string(), stars: z.number().int(), expiresOn: z.string(), state: z.enum(['active', 'revoked', 'superseded']) }),
  /** The production lot the batch was issued for, with its public trace page; null for a batch of the product as a whole. */
  lot: z.object({ id: z.string(), lotNumber: z.string(), traceCode: z.string(), tracePath: z.string() }).nullable(),
  provinceCode: z.string(),
  provinceName: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  version: z.number().int(),
  /** First and last serial of the batch (samples for checking a print). */
  firstSerial: z.string(),
  lastSerial: z.string(),
  scans: z.object({ serials: z.number().int(), total: z.number().int() }),
  openAlerts: z.number().int(),
  actions: z.object({ deliver: z.boolean(), void: z.boolean() }),
});
export type BatchDto = z.infer<typeof BatchSchema>;

export const BatchListQuerySchema = z.object({
  status: z.enum(STAMP_BATCH_STATUSES).optional(),
  productId: z.string().uuid().optional(),
  /** The batches issued for one production lot. */
  lotId: z.string().uuid().optional(),
  province: z.string().regex(/^\d{2}$/).optional(),
  /** Batch code, product name or certificate number. */
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type BatchListQuery = z.infer<typeof BatchListQuerySchema>;

export const SheetQuerySchema = z.object({
  from: z.coerce.number().int().min(1).optional(),
  to: z.coerce.number().int().min(1).optional(),
});
export type SheetQuery = z.infer<typeof SheetQuerySchema>;

export const AlertSchema = z.object({
  id: z.string(),
  kind: z.enum(ALERT_KINDS),
  serial: z.string(),
  batch: z.object({ id: z.string(), code: z.string(), status: z.enum(STAMP_BATCH_STATUSES) }),
  product: z.object({ id: z.string(), name: z.string() }),
  provinceCode: z.string(),
  provinceName: z.string(),
  /** Scans of the serial counted so far. */
  scans: z.number().int(),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
});
export type AlertDto = z.infer<typeof AlertSchema>;

export const AlertListQuerySchema = z.object({
  kind: z.enum(ALERT_KINDS).optional(),
  /** open (default): not acknowledged; acknowledged; all. */
  state: z.enum(['open', 'acknowledged', 'all']).default('open'),
  batchId: z.string().uuid().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type AlertListQuery = z.infer<typeof AlertListQuerySchema>;
