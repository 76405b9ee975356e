/** Response schemas every API module shares (api.md "HTTP basics"), for validation and OpenAPI. */
import { z } from 'zod';

/**
 * `{"error":{"code","message","fields"?,"fieldCodes"?,"details"?}}` — fields: English text per
 * field; fieldCodes: the stable code per field (e.g. `tax_code.check_digit`); details carry
 * structured extras (e.g. import row errors).
 */
export const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
    fieldCodes: z.record(z.string(), z.string()).optional(),
    details: z.unknown().optional(),
  }),
});

/** The error answers a route can give, keyed by status (for `schema.response`). */
/** `?version=` of a delete: refused with 409 conflict when the record changed since it was read. */
export const VersionQuerySchema = z.object({ version: z.coerce.number().int().positive().optional() });

export const errorResponses = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, ErrorSchema]));

/** api.md list envelope: `{"items":[…],"total":N,"page":P,"pageSize":S}`. */
export const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

/**
 * A certificate's two end dates in API answers (docs/decisions/019-one-end-date.md): `expiresOn`
 * is the stored day it expires (api.md: 36 months after the decision; the first day no longer
 * valid, so `status` is `expired` from that day), `validUntil` the last valid day — the one date
 * people are shown, as "Hiệu lực đến hết ngày DD/MM/YYYY".
 */
export const CertificateExpiresOn = z.string().describe(
  'YYYY-MM-DD: the day the certificate expires, 36 months after the decision — the first day it is no longer valid (exclusive end). Show validUntil to people, not this.',
);
export const CertificateValidUntil = z.string().describe(
  'YYYY-MM-DD: the last day the certificate is valid (the day before expiresOn). Shown as "Hiệu lực đến hết ngày DD/MM/YYYY" / "Valid until the end of DD/MM/YYYY".',
);
