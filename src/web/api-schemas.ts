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
