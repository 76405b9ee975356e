import { z } from 'zod';
import { isIsoDate, MAX_INPUT_YEAR } from '../../domain/dates';
import { PRODUCER_KINDS } from '../../domain/producer-kind';
import { zodCode } from '../../errors';

/** The earliest day a report may ask about: the programme began in 2018 (Decision 490/QĐ-TTg). */
export const REPORT_MIN_DATE = '2018-01-01';
export const REPORT_MAX_DATE = `${MAX_INPUT_YEAR}-12-31`;

/** A real calendar date written YYYY-MM-DD within the range reports cover. */
export const ReportDate = z.string().max(10)
  .refine(isIsoDate, zodCode('report.real_date'))
  .refine((d) => d >= REPORT_MIN_DATE && d <= REPORT_MAX_DATE, zodCode('report.date_between', { min: REPORT_MIN_DATE, max: REPORT_MAX_DATE }));

export const AreaQuery = z.string().max(16).optional()
  .describe('a province (2 digits) or commune (5 digits) code; omitted: the caller\'s own area (the whole country for unscoped national roles)');

export const SummaryQuerySchema = z.object({
  area: AreaQuery,
  asOf: ReportDate.optional().describe('the day the figures are true for (default: today in Vietnam)'),
});

export const SummaryUnitsQuerySchema = SummaryQuerySchema.extend({
  units: z.enum(['now', 'then']).optional()
    .describe('now (default): today\'s units, every record placed by the successor of its unit; then: the units in force on asOf '
      + '(before 1/7/2025 the old provinces, districts (3-digit codes) and communes; `area` is a code of that date)'),
});

const Stars = z.object({ 3: z.number().int(), 4: z.number().int(), 5: z.number().int() });
const KindCounts = z.object({ producers: z.number().int(), products: z.number().int() });

export const SummarySchema = z.object({
  area: z.object({ code: z.string().nullable(), name: z.string() }),
  asOf: z.string(),
  products: z.object({ certified: z.number().int(), byStars: Stars, potentialFiveStar: z.number().int() }),
  producers: z.object({
    withCertifiedProducts: z.number().int(),
    byKind: z.object(Object.fromEntries(PRODUCER_KINDS.map((k) => [k, KindCounts])) as Record<(typeof PRODUCER_KINDS)[number], typeof KindCounts>),
  }),
  communes: z.object({ withCertifiedProducts: z.number().int(), total: z.number().int() }),
  units: z.literal('then').optional().describe('present when counted in the units of asOf'),
  unitsListedOn: z.string().optional().describe('the date of the administrative-unit list the figures are placed by'),
  districts: z.object({ withCertifiedProducts: z.number().int(), total: z.number().int() }).optional()
    .describe('with units=then while districts existed (before 1/7/2025)'),
});

export const ReportQuerySchema = SummaryQuerySchema.extend({
  from: ReportDate.optional().describe('first day of the period (default: 1 January of the year of `to`)'),
  to: ReportDate.optional().describe('last day of the period, included (default: asOf); at most 10 years after `from`'),
});

export const ReportExportQuerySchema = ReportQuerySchema.extend({
  format: z.enum(['xlsx', 'pdf']).describe('xlsx: one sheet per table and the list of certified products; pdf: print-ready A4'),
});

const Breakdown = z.object({
  key: z.string(), name: z.string(), products: z.number().int(), byStars: Stars,
  potentialFiveStar: z.number().int(), producers: z.number().int(),
});
const Tally = z.object({ total: z.number().int(), byStars: Stars });

export const ReportDetailSchema = SummarySchema.extend({
  byGroup: z.array(Breakdown),
  byProductSet: z.array(Breakdown.extend({ group: z.string() })),
  byCommune: z.array(Breakdown),
  byOldDistrict: z.array(Breakdown).describe('certified products whose province list named an old district (records from before 1 July 2025)'),
  period: z.object({
    from: z.string(),
    to: z.string(),
    changes: z.object({
      new: Tally.describe('first certificate of the product issued in the period'),
      upgraded: Tally.describe('issued in the period, superseding a lower-star certificate of the product'),
      reissued: Tally.describe('other certificates issued in the period (re-evaluation, same or lower star)'),
      expired: Tally.describe('validity ended by date in the period (not revoked or superseded before)'),
      revoked: Tally.describe('revoked in the period'),
    }),
  }),
  pipeline: z.object({
    ideasSubmitted: z.number().int(),
    plansSubmitted: z.number().int(),
    dossiersSubmitted: z.number().int(),
    certified: z.number().int().describe('certificates issued in the period on an evaluated dossier'),
  }),
});
