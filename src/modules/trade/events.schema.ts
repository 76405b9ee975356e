/**
 * Trade events over the API and the pages' forms (issue 16, item 3): events, producers'
 * registrations with the products they bring, booths, results and the event's report. The
 * bodies (`…Body`) fix types and lengths for OpenAPI; the services check everything with the full
 * schemas (`…Schema`), so every problem of an input is told at once with its field code.
 */
import { z } from 'zod';
import { isIsoDate } from '../../domain/dates';
import { zodCode } from '../../errors';
import { EVENT_STATUSES, REGISTRATION_STATUSES, TRADE_EVENT_KINDS, type TradeEventKind } from '../../domain/trade';

export { TRADE_EVENT_KINDS };

/** Vietnamese and English names of the kinds of event (one wording everywhere: pages, exports). */
export const EVENT_KIND_NAMES: Record<TradeEventKind, { vi: string; en: string }> = {
  fair: { vi: 'Hội chợ', en: 'Fair' },
  product_week: { vi: 'Tuần hàng', en: 'Product week' },
  exhibition: { vi: 'Triển lãm', en: 'Exhibition' },
  trade_conference: { vi: 'Hội nghị kết nối giao thương', en: 'Trade-connection conference' },
  ocop_corner: { vi: 'Điểm/góc OCOP tại siêu thị', en: 'OCOP corner in a retailer' },
};

const NUL = String.fromCharCode(0);
const Line = (max: number) => z.string().trim().max(max).refine((s) => !/[\r\n]/.test(s) && !s.includes(NUL), zodCode('trade_event.one_line'));
const Required = (max: number) => Line(max).pipe(z.string().min(1));
const Text = (max: number) => z.string().trim().max(max).refine((s) => !s.includes(NUL), zodCode('trade_event.one_line')).default('');
/** Dates are checked in the service too (real calendar days, their order). */
/** A real calendar day the database can store (2026-02-30 and year 0000 reached PostgreSQL from the lists' filters: a 500). */
const Day = z.string().trim().refine(isIsoDate, zodCode('trade_event.not_date'));
const CommuneCode = z.string().trim().refine((s) => /^\d{5}$/.test(s), zodCode('trade_event.unknown_commune'));

/** A booth fee in whole đồng: 0 (free) or more; fractions and negatives are refused with their own codes. */
export const BoothFee = z.number()
  .refine(Number.isInteger, zodCode('trade_event.whole_dong'))
  .refine((n) => n >= 0, zodCode('trade_event.fee_negative'))
  .refine((n) => n <= 1_000_000_000_000, zodCode('trade_event.fee_too_large'));
/** A booth quota: a whole number of booths from 1 (null: no quota). */
export const BoothQuota = z.number()
  .refine(Number.isInteger, zodCode('trade_event.quota_whole'))
  .refine((n) => n >= 1, zodCode('trade_event.quota_positive'))
  .refine((n) => n <= 100_000, zodCode('trade_event.quota_too_large'));
const Coordinate = (max: number) => z.number().refine((n) => Number.isFinite(n) && Math.abs(n) <= max, zodCode('trade_event.coordinate'));
/** Sales in whole đồng, 0 or more. */
const Sales = z.number()
  .refine(Number.isInteger, zodCode('trade_event.whole_dong'))
  .refine((n) => n >= 0, zodCode('trade_event.sales_negative'))
  .refine((n) => n <= 1_000_000_000_000, zodCode('trade_event.fee_too_large'));
const Visitors = z.number()
  .refine(Number.isInteger, zodCode('trade_event.visitors_whole'))
  .refine((n) => n >= 0 && n <= 100_000_000, zodCode('trade_event.visitors_whole'));

/** Every field of an event (create); an update takes any subset. */
export const EventFieldsSchema = z.object({
  kind: z.enum(TRADE_EVENT_KINDS),
  title: Required(200),
  summary: Text(500),
  /** HTML of the safe rich-text subset; sanitised when stored. */
  body: z.string().max(50_000).default(''),
  startsOn: Day,
  endsOn: Day,
  registrationClosesOn: Day.nullable().optional(),
  venueName: Line(200).default(''),
  venueAddress: Required(300),
  venueCommuneCode: CommuneCode,
  latitude: Coordinate(90).nullable().optional(),
  longitude: Coordinate(180).nullable().optional(),
  organiser: Required(200),
  boothQuota: BoothQuota.nullable().optional(),
  boothFee: BoothFee.default(0),
  support: Text(2000),
});
export type EventFields = z.infer<typeof EventFieldsSchema>;

export const EventPatchSchema = EventFieldsSchema.partial().extend({
  version: z.number().int().positive().optional(),
});

const fieldDocs = {
  kind: z.string().max(40).describe(`one of ${TRADE_EVENT_KINDS.join(' | ')} (checked with the other fields: every problem is told at once)`),
  title: z.string().max(200),
  summary: z.string().max(500).optional().describe('plain text, shown in lists and link previews'),
  body: z.string().max(50_000).optional().describe('HTML of the safe subset (paragraphs, headings, emphasis, lists, quotes, links, https images); anything else is removed when stored'),
  startsOn: z.string().max(20).describe('YYYY-MM-DD'),
  endsOn: z.string().max(20).describe('YYYY-MM-DD, on or after startsOn'),
  registrationClosesOn: z.string().max(20).nullable().optional().describe('YYYY-MM-DD, the last day producers may register (inclusive); null: until the day before the event starts'),
  venueName: z.string().max(200).optional(),
  venueAddress: z.string().max(300),
  venueCommuneCode: z.string().max(10).describe('5-digit commune code of today\'s units; province officers: a commune of their province'),
  latitude: z.number().nullable().optional().describe('WGS 84, with longitude (both or neither)'),
  longitude: z.number().nullable().optional(),
  organiser: z.string().max(200),
  boothQuota: z.number().nullable().optional().describe('the number of booths (whole, ≥ 1); null: no quota. Approving beyond it → 409 quota_full'),
  boothFee: z.number().optional().describe('fee per booth in whole đồng; 0: free. A fraction → 400 trade_event.whole_dong, negative → 400 trade_event.fee_negative'),
  support: z.string().max(2000).optional().describe('what the programme supports (transport, booth, accommodation …)'),
};
export const EventBody = z.object(fieldDocs);
export const EventPatchBody = EventBody.partial().extend({ version: z.number().int().positive().optional().describe('the version read; a stale one → 409 conflict') });
export const VersionBody = z.object({ version: z.number().int().positive().optional().describe('the version read; a stale one → 409 conflict') });
export const CancelSchema = z.object({ reason: Text(500), version: z.number().int().positive().optional() });
export const CancelBody = VersionBody.extend({ reason: z.string().max(500).optional().describe('why (kept in the audit log, shown to registered producers)') });

// ─── Registrations ───────────────────────────────────────────────────────────

export const RegistrationInputSchema = z.object({
  /** Officers name the producer they register; a producer account registers itself. */
  producerId: z.string().uuid().optional(),
  productIds: z.array(z.string().uuid()).min(1).max(30),
  note: Text(1000),
});
export type RegistrationInput = z.infer<typeof RegistrationInputSchema>;
export const RegistrationBody = z.object({
  producerId: z.string().max(64).optional().describe('officers: the producer registered on its behalf; a producer account: left out (itself)'),
  productIds: z.array(z.string().max(64)).max(30).describe('1–30 of the producer\'s own products with an OCOP certificate in force today'),
  note: z.string().max(1000).optional(),
});

export const RejectSchema = z.object({ reason: Required(500), version: z.number().int().positive().optional() });
export const RejectBody = z.object({ reason: z.string().max(500).describe('shown to the producer'), version: z.number().int().positive().optional() });
export const BoothSchema = z.object({ booth: z.string().max(40).nullable(), version: z.number().int().positive().optional() });
export const BoothBody = z.object({
  booth: z.string().max(40).nullable().describe('the booth number or name ("A 12"), kept trimmed and in capitals; null frees it. Held by another exhibitor → 409 booth_taken'),
  version: z.number().int().positive().optional(),
});
export const ResultSchema = z.object({ salesValue: Sales, visitors: Visitors.nullable().optional(), note: Text(1000) });
export type ResultInput = z.infer<typeof ResultSchema>;
export const ResultBody = z.object({
  salesValue: z.number().describe('sales at the event in whole đồng (≥ 0)'),
  visitors: z.number().nullable().optional().describe('visitors to the booth (whole, ≥ 0), if counted'),
  note: z.string().max(1000).optional(),
});

// ─── Answers ─────────────────────────────────────────────────────────────────

export const ExhibitorSchema = z.object({
  producer: z.object({ id: z.string(), name: z.string() }),
  booth: z.string().nullable().describe('null until a booth is allocated'),
  products: z.array(z.object({
    id: z.string(), name: z.string(),
    stars: z.number().int().nullable().describe('stars of the OCOP certificate in force today; null when it lapsed'),
    url: z.string().describe('the product\'s public catalogue page'),
  })),
});
export type ExhibitorDto = z.infer<typeof ExhibitorSchema>;

export const VenueSchema = z.object({
  name: z.string(), address: z.string(), communeCode: z.string(), communeName: z.string(), provinceCode: z.string(), provinceName: z.string(),
  latitude: z.number().nullable(), longitude: z.number().nullable(),
  mapUrl: z.string().nullable().describe('OpenStreetMap at the venue (when it has coordinates)'),
});

/** api.md "Trade connection and events": one event of the public list. */
export const EventItemSchema = z.object({
  id: z.string(),
  kind: z.enum(TRADE_EVENT_KINDS),
  kindName: z.string().describe('Vietnamese name of the kind'),
  title: z.string(),
  summary: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.enum(EVENT_STATUSES),
  venue: VenueSchema,
  organiser: z.string(),
  url: z.string().describe('the public event page (site-relative)'),
  exhibitors: z.array(ExhibitorSchema).describe('approved exhibitors, by booth'),
  isSample: z.boolean(),
});
export type EventItemDto = z.infer<typeof EventItemSchema>;

export const EventDetailSchema = EventItemSchema.extend({
  body: z.string().describe('HTML of the safe subset, as stored (sanitised)'),
  registrationClosesOn: z.string().nullable(),
  registrationOpen: z.boolean().describe('published, before the closing day and below the quota today'),
  boothQuota: z.number().int().nullable(),
  boothFee: z.number().int(),
  support: z.string(),
  approved: z.number().int().describe('approved exhibitors'),
  boothPlan: z.string().nullable().describe('the booth plan image, when one was uploaded'),
  ownerProvinceCode: z.string().nullable().describe('the province whose office runs it; null: the national office'),
  ownerProvinceName: z.string().nullable(),
  national: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: z.object({ edit: z.boolean(), publish: z.boolean(), cancel: z.boolean(), register: z.boolean() }).describe('what the caller may do now'),
});
export type EventDetailDto = z.infer<typeof EventDetailSchema>;

export const EventListQuerySchema = z.object({
  from: Day.optional().describe('events ending on or after this day'),
  to: Day.optional().describe('events starting on or before this day'),
  province: z.string().regex(/^\d{2}$/).optional().describe('the venue\'s province (2 digits)'),
  kind: z.enum(TRADE_EVENT_KINDS).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type EventListQuery = z.infer<typeof EventListQuerySchema>;

export const ManagedListQuerySchema = EventListQuerySchema.extend({
  status: z.enum(EVENT_STATUSES).optional(),
  q: z.string().trim().max(100).optional(),
});
export type ManagedListQuery = z.infer<typeof ManagedListQuerySchema>;

export const RegistrationSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventTitle: z.string(),
  producer: z.object({ id: z.string(), name: z.string(), provinceCode: z.string(), provinceName: z.string() }),
  status: z.enum(REGISTRATION_STATUSES),
  booth: z.string().nullable(),
  note: z.string(),
  decisionNote: z.string().nullable().describe('the officer\'s reason when rejected'),
  products: z.array(z.object({ id: z.string(), name: z.string(), stars: z.number().int().nullable() })),
  result: z.object({ salesValue: z.number().int(), visitors: z.number().int().nullable(), note: z.string(), reportedAt: z.string() }).nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  version: z.number().int(),
  actions: z.object({ approve: z.boolean(), reject: z.boolean(), booth: z.boolean(), withdraw: z.boolean(), result: z.boolean() }),
});
export type RegistrationDto = z.infer<typeof RegistrationSchema>;

export const RegistrationListQuerySchema = z.object({
  status: z.enum(REGISTRATION_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});
export type RegistrationListQuery = z.infer<typeof RegistrationListQuerySchema>;

const Agreements = z.object({ count: z.number().int(), value: z.number().int().describe('whole đồng') });
export const EventReportSchema = z.object({
  event: z.object({ id: z.string(), title: z.string(), kind: z.enum(TRADE_EVENT_KINDS), startsOn: z.string(), endsOn: z.string(), venue: z.string(), organiser: z.string(), status: z.enum(EVENT_STATUSES), isSample: z.boolean() }),
  rows: z.array(z.object({
    registrationId: z.string(),
    producer: z.object({ id: z.string(), name: z.string() }),
    booth: z.string().nullable(),
    products: z.number().int(),
    reported: z.boolean(),
    salesValue: z.number().int().nullable().describe('null until reported'),
    visitors: z.number().int().nullable(),
    agreements: Agreements.describe('trade agreements signed at the event (signed, delivering or completed)'),
  })),
  totals: z.object({
    exhibitors: z.number().int(), reported: z.number().int(), salesValue: z.number().int(), visitors: z.number().int(),
    agreements: Agreements.describe('every agreement of the event counted as a result, exhibitors or not'),
  }),
});
export type EventReportDto = z.infer<typeof EventReportSchema>;
