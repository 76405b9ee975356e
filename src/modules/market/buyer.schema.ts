/**
 * A buyer's account on the market (issue 15): signing up at once, the delivery addresses they
 * keep (one default) and their orders. The API's bodies (`…Body`) fix types and lengths; the
 * services check the rest with the full schemas, for the API and the pages' forms alike, so that
 * every problem is told in one answer.
 */
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../identity/password';

const NUL = String.fromCharCode(0);
const Line = (max: number) => z.string().trim().max(max).refine((s) => !/[\r\n]/.test(s) && !s.includes(NUL), { message: 'one line of text' });
// min(1) first: an empty answer reads as missing, not as too short.
const Required = (min: number, max: number) => Line(max).pipe(z.string().min(1).min(min));
const Optional = (max: number) => z.string().trim().max(max).nullable().optional().transform((s) => s || null);

export const BuyerSignupSchema = z.object({
  name: Required(2, 100),
  phone: z.string().trim().min(1).max(30),
  email: Optional(254),
  username: Optional(64),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type BuyerSignupInput = z.input<typeof BuyerSignupSchema>;

export const BuyerSignupBody = z.object({
  name: z.string().max(100).describe('the buyer\'s full name, 2–100 characters (shown on their orders)'),
  phone: z.string().max(30).describe('a Vietnamese phone number (mobile or landline; +84 accepted)'),
  email: z.string().max(254).nullable().optional().describe('optional: for the e-mails of each order step'),
  username: z.string().max(64).nullable().optional().describe('optional: the login name; left out, the phone number (digits, e.g. 0912345678) is the login'),
  password: z.string().max(PASSWORD_MAX_LENGTH).describe('at least 12 characters, not containing the login, not a common or breached password'),
});

export const BuyerSchema = z.object({
  id: z.string(),
  username: z.string().describe('what the buyer signs in with (POST /api/v1/auth/login)'),
  name: z.string(),
  phone: z.string().describe('the phone given, in its domestic form'),
  email: z.string().nullable(),
  role: z.literal('buyer'),
});
export type BuyerDto = z.infer<typeof BuyerSchema>;

export const AddressInputSchema = z.object({
  recipientName: Required(2, 100),
  phone: z.string().trim().min(1).max(30),
  communeCode: z.string().trim().min(1).max(10),
  street: Required(3, 300),
  isDefault: z.boolean().optional(),
});
export type AddressInput = z.input<typeof AddressInputSchema>;

export const AddressBody = z.object({
  recipientName: z.string().max(100).describe('2–100 characters'),
  phone: z.string().max(30).describe('a Vietnamese phone number'),
  communeCode: z.string().max(10).describe('the 5-digit code of a commune of today\'s units (GET /api/v1/areas?level=commune&parent=…)'),
  street: z.string().max(300).describe('house number, street, village (not the commune or province), 3–300 characters'),
  isDefault: z.boolean().optional().describe('true: make it the default address (the first address kept is the default; false changes nothing)'),
});
export const AddressPatchBody = AddressBody.partial();
export type AddressPatch = z.input<typeof AddressPatchBody>;

export const AddressSchema = z.object({
  id: z.string(),
  recipientName: z.string(),
  phone: z.string(),
  communeCode: z.string(), communeName: z.string(),
  provinceCode: z.string(), provinceName: z.string(),
  street: z.string(),
  isDefault: z.boolean(),
  createdAt: z.string(), updatedAt: z.string(),
});
export type AddressDto = z.infer<typeof AddressSchema>;

export const MyOrdersQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type MyOrdersQuery = z.infer<typeof MyOrdersQuerySchema>;

/** A buyer keeps at most this many addresses. */
export const MAX_ADDRESSES = 20;
