import { z } from 'zod';
import { PRODUCER_KINDS } from '../../domain/producer-kind';
import { zodCode } from '../../errors';

const text = (max: number) => z.string().trim().max(max);

/** The earliest founding year a producer may give; the latest is the current year. */
export const FOUNDED_YEAR_MIN = 1900;

export const ProducerInputSchema = z.object({
  name: text(300).min(1).min(2), // min(1) first: an empty name reads as missing, not too short
  kind: z.enum(PRODUCER_KINDS),
  taxCode: text(20).optional().nullable(),
  // Nothing chosen reads "Chọn xã/phường", not a format rule.
  communeCode: z.string().trim().refine((v) => v !== '', zodCode('commune.required'))
    .refine((v) => v === '' || /^\d{5}$/.test(v), zodCode('commune.format')),
  address: text(500).default(''),
  representative: text(200).default(''),
  phone: text(30).optional().nullable(),
  email: text(254).optional().nullable(),
  /** Between FOUNDED_YEAR_MIN and the current year (checked by the service, which knows the clock). */
  foundedYear: z.coerce.number().int().optional().nullable(),
  members: z.coerce.number().int().min(0).max(1_000_000).optional().nullable(),
  womenLed: z.boolean().optional(),
  ethnicMinorityLed: z.boolean().optional(),
});
export type ProducerInput = z.input<typeof ProducerInputSchema>;
export const ProducerUpdateSchema = ProducerInputSchema.partial();
export type ProducerUpdate = z.input<typeof ProducerUpdateSchema>;

export const ProducerListQuerySchema = z.object({
  province: z.string().regex(/^\d{2}$/).optional(),
  commune: z.string().regex(/^\d{5}$/).optional(),
  kind: z.enum(PRODUCER_KINDS).optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(['name', '-name', 'created', '-created']).default('name'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ProducerListQuery = z.infer<typeof ProducerListQuerySchema>;

export const ProducerSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  kind: z.enum(PRODUCER_KINDS),
  taxCode: z.string().nullable(),
  communeCode: z.string(),
  communeName: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  address: z.string(),
  representative: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  foundedYear: z.number().nullable(),
  members: z.number().nullable(),
  womenLed: z.boolean(),
  ethnicMinorityLed: z.boolean(),
  isSample: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProducerDto = z.infer<typeof ProducerSchema>;
