import { z } from 'zod';
import { zodCode } from '../../errors';
import { OUTLET_KINDS } from './outlets.tables';

export { OUTLET_KINDS };

/** Names of the kinds of points of sale (Vietnamese first). */
export const OUTLET_KIND_NAMES: Record<(typeof OUTLET_KINDS)[number], { vi: string; en: string }> = {
  ocop_centre: { vi: 'Trung tâm OCOP', en: 'OCOP centre' },
  showroom: { vi: 'Phòng trưng bày, giới thiệu sản phẩm', en: 'Showroom' },
  supermarket: { vi: 'Quầy/kệ trong siêu thị', en: 'Supermarket shelf' },
  shop: { vi: 'Cửa hàng', en: 'Shop' },
  hotel: { vi: 'Khách sạn', en: 'Hotel' },
  airport: { vi: 'Sân bay', en: 'Airport' },
  tourist_site: { vi: 'Điểm du lịch', en: 'Tourist site' },
  online: { vi: 'Bán trực tuyến', en: 'Online' },
};

const Text = (max: number) => z.string().trim().max(max).refine((s) => !/[\r\n]/.test(s), zodCode('outlet.one_line'));
/** Dates are checked in the service (real calendar dates, order), so every problem is reported at once. */
const DateText = z.string().max(20);

export const OutletInputSchema = z.object({
  name: Text(200).pipe(z.string().min(1)),
  kind: z.enum(OUTLET_KINDS),
  address: Text(300).default(''),
  communeCode: z.string().regex(/^\d{5}$/, '5-digit commune code'),
  openedOn: DateText.nullable().optional(),
  closedOn: DateText.nullable().optional(),
  website: z.string().trim().max(300).nullable().optional(),
  phone: z.string().trim().max(30).nullable().optional(),
});
export type OutletInput = z.infer<typeof OutletInputSchema>;

export const OutletPatchSchema = z.object({
  name: Text(200).pipe(z.string().min(1)).optional(),
  kind: z.enum(OUTLET_KINDS).optional(),
  address: Text(300).optional(),
  communeCode: z.string().regex(/^\d{5}$/, '5-digit commune code').optional(),
  openedOn: DateText.nullable().optional(),
  /** Closing an outlet: the day it stopped selling (it then disappears from "where to buy"). */
  closedOn: DateText.nullable().optional(),
  website: z.string().trim().max(300).nullable().optional(),
  phone: z.string().trim().max(30).nullable().optional(),
  /** Refuse with 409 conflict unless the outlet is still at this version (from GET). */
  version: z.number().int().positive().optional().describe('the version read (GET); a stale one → 409 conflict'),
});
export type OutletPatch = z.infer<typeof OutletPatchSchema>;

export const OutletProductsInputSchema = z.object({
  /** The complete set of products the outlet carries (replaces the current set). */
  productIds: z.array(z.string().uuid()).max(500),
  /** Refuse with 409 conflict unless the outlet is still at this version (from GET). */
  version: z.number().int().positive().optional().describe('the version read (GET); a stale one → 409 conflict'),
});
export type OutletProductsInput = z.infer<typeof OutletProductsInputSchema>;

export const CarriedProductSchema = z.object({
  id: z.string(),
  name: z.string(),
  producerName: z.string(),
  /** Stars of the certificate in force today; null when the product is no longer certified. */
  stars: z.number().int().nullable(),
  certifiedToday: z.boolean(),
  since: z.string().nullable(),
});
export type CarriedProductDto = z.infer<typeof CarriedProductSchema>;

export const OutletSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(OUTLET_KINDS),
  kindName: z.string().describe('Vietnamese name of the kind'),
  address: z.string(),
  communeCode: z.string(),
  communeName: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  openedOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  /** Open today: opened (or no opening date) and not closed. */
  open: z.boolean(),
  website: z.string().nullable(),
  phone: z.string().nullable(),
  isSample: z.boolean(),
  productCount: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int().describe('adds 1 on every change (fields or products carried); send it back with PATCH or PUT products'),
  actions: z.object({ edit: z.boolean(), delete: z.boolean() }),
});
export type OutletDto = z.infer<typeof OutletSchema>;

export const OutletDetailSchema = OutletSchema.extend({ products: z.array(CarriedProductSchema) });
export type OutletDetailDto = z.infer<typeof OutletDetailSchema>;

export const OutletListQuerySchema = z.object({
  /** A province (2 digits) or commune (5 digits) code. */
  area: z.string().regex(/^(\d{2}|\d{5})$/).optional(),
  kind: z.enum(OUTLET_KINDS).optional(),
  /** open: open today; closed: closed; all (default). */
  state: z.enum(['open', 'closed', 'all']).default('all'),
  /** Name or address. */
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type OutletListQuery = z.infer<typeof OutletListQuerySchema>;

export const CertifiedChoiceSchema = z.object({
  id: z.string(), name: z.string(), producerName: z.string(), stars: z.number().int(), communeName: z.string(),
});
export type CertifiedChoice = z.infer<typeof CertifiedChoiceSchema>;
