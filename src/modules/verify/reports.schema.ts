/** Shapes of "suspected fake" reports: what the public sends, what officers read and change. */
import { z } from 'zod';
import { FAKE_REPORT_STATUSES } from '../portal/portal.tables';

export const REPORT_LIMITS = {
  messageMin: 10,
  messageMax: 2000,
  placeMin: 3,
  placeMax: 300,
  contactMax: 200,
  codeMax: 200,
  /** Valid reports per address per hour (the form route also has a per-IP request limit). */
  perHour: 5,
  /** Requests per IP per hour to the submit routes, valid or not. */
  requestsPerHour: 20,
  /** Links in a message: more looks like spam. */
  maxLinks: 2,
} as const;

/** Public submission (JSON API; the HTML form sends the same fields, plus `_csrf` and an optional `photo`). */
export const ReportInputSchema = z.object({
  code: z.string().max(2000).default(''),
  message: z.string().max(10_000).default(''),
  placeSeen: z.string().max(2000).default(''),
  contact: z.string().max(2000).optional(),
  /** Honeypot: a field people never see; anything in it marks the sender as a bot. */
  website: z.string().max(2000).optional(),
});
export type ReportInput = z.infer<typeof ReportInputSchema>;

export const ReportStatusSchema = z.enum(FAKE_REPORT_STATUSES);

export const ReportSchema = z.object({
  id: z.string(),
  /** "BC-2026-000123": the reporter follows the report by it (reports filed before it existed have none). */
  reference: z.string().nullable(),
  code: z.string(),
  verifiedStatus: z.string(),
  provinceCode: z.string().nullable(),
  provinceName: z.string().nullable(),
  message: z.string(),
  placeSeen: z.string(),
  contact: z.string().nullable(),
  hasPhoto: z.boolean(),
  photoUrl: z.string().nullable(),
  status: ReportStatusSchema,
  handledBy: z.string().nullable(),
  handledAt: z.string().nullable(),
  resolution: z.string().nullable(),
  createdAt: z.string(),
});
export type ReportDto = z.infer<typeof ReportSchema>;

export const ReportListQuerySchema = z.object({
  status: ReportStatusSchema.optional(),
  province: z.string().regex(/^\d{2}$/).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ReportListQuery = z.infer<typeof ReportListQuerySchema>;

export const ReportUpdateSchema = z.object({
  status: ReportStatusSchema,
  resolution: z.string().max(2000).optional(),
});
export type ReportUpdate = z.infer<typeof ReportUpdateSchema>;
