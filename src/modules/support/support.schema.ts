import { z } from 'zod';
import { zodCode } from '../../errors';
import { SUPPORT_KINDS } from './support.tables';

export { SUPPORT_KINDS };

/** The largest single record (10^12 VND); the table checks it too. */
export const MAX_SUPPORT_VND = 1_000_000_000_000;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
const Line = (max: number) => z.string().trim().min(1).max(max).refine((s) => !/[\r\n]/.test(s), zodCode('support.one_line'));

export const SupportInputSchema = z.object({
  producerId: z.string().uuid(),
  kind: z.enum(SUPPORT_KINDS),
  /** Whole đồng, > 0 and ≤ 10^12. */
  amountVnd: z.number().int().positive().max(MAX_SUPPORT_VND),
  grantedOn: IsoDate,
  /** Where the money came from, e.g. "Ngân sách tỉnh". */
  source: Line(200),
  note: z.string().trim().max(2000).default(''),
});
export type SupportInput = z.input<typeof SupportInputSchema>;

export const SupportSchema = z.object({
  id: z.string(),
  producer: z.object({ id: z.string(), name: z.string() }),
  provinceCode: z.string(),
  communeCode: z.string(),
  communeName: z.string(),
  kind: z.enum(SUPPORT_KINDS),
  amountVnd: z.number().int(),
  grantedOn: z.string(),
  source: z.string(),
  note: z.string(),
  isSample: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  canDelete: z.boolean(),
});
export type SupportDto = z.infer<typeof SupportSchema>;

export const SupportListQuerySchema = z.object({
  kind: z.enum(SUPPORT_KINDS).optional(),
  producerId: z.string().uuid().optional(),
  /** A province or commune code inside the caller's scope. */
  area: z.string().trim().max(5).optional(),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type SupportListQuery = z.infer<typeof SupportListQuerySchema>;

export const TotalsQuerySchema = z.object({
  area: z.string().trim().max(5).optional(),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
});
export type TotalsQuery = z.infer<typeof TotalsQuerySchema>;

const Line2 = z.object({ count: z.number().int(), amountVnd: z.number() });
export const TotalsSchema = z.object({
  area: z.object({ code: z.string().nullable(), name: z.string(), level: z.enum(['country', 'province', 'commune']) }),
  from: z.string().nullable(),
  to: z.string().nullable(),
  records: z.number().int(),
  producers: z.number().int().describe('producers supported at least once'),
  amountVnd: z.number(),
  byKind: z.array(Line2.extend({ kind: z.enum(SUPPORT_KINDS) })),
  bySource: z.array(Line2.extend({ source: z.string() })),
  byCommune: z.array(Line2.extend({ communeCode: z.string(), communeName: z.string(), producers: z.number().int() })),
});
export type TotalsDto = z.infer<typeof TotalsSchema>;
