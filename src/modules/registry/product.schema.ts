import { z } from 'zod';
import { PRODUCT_STATUSES } from './registry.tables';
import { CertificateExpiresOn, CertificateValidUntil } from '../../web/api-schemas';
import { CERTIFICATE_STATUSES } from '../../domain/certificate';

export { PRODUCT_STATUSES };

const text = (max: number) => z.string().trim().max(max);

export const ProductInputSchema = z.object({
  producerId: z.string().uuid(),
  name: text(300).min(1).min(2), // min(1) first: an empty name reads as missing, not too short
  productSetCode: z.string().trim().min(1).max(10),
  description: text(5000).default(''),
  story: text(20000).default(''),
  ingredients: text(5000).default(''),
  packaging: text(2000).default(''),
  shelfLife: text(200).default(''),
  gtin: text(20).optional().nullable(),
});
export type ProductInput = z.input<typeof ProductInputSchema>;

export const ProductUpdateSchema = ProductInputSchema.omit({ producerId: true }).partial().extend({
  status: z.enum(['idea', 'developing', 'registered']).optional(),
});
export type ProductUpdate = z.input<typeof ProductUpdateSchema>;

export const ProductListQuerySchema = z.object({
  province: z.string().regex(/^\d{2}$/).optional(),
  commune: z.string().regex(/^\d{5}$/).optional(),
  producerId: z.string().uuid().optional(),
  productSet: z.string().max(10).optional(),
  status: z.enum(PRODUCT_STATUSES).optional(),
  stars: z.coerce.number().int().min(3).max(5).optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(['name', '-name', 'created', '-created']).default('name'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ProductListQuery = z.infer<typeof ProductListQuerySchema>;

export const CertificateSummarySchema = z.object({
  number: z.string(),
  stars: z.number().int(),
  issuedOn: z.string(),
  expiresOn: CertificateExpiresOn,
  validUntil: CertificateValidUntil,
  status: z.enum(CERTIFICATE_STATUSES),
  potentialFiveStar: z.boolean(),
});

export const ProductSchema = z.object({
  id: z.string().uuid(),
  producerId: z.string().uuid(),
  producerName: z.string(),
  name: z.string(),
  classification: z.string(),
  productSetCode: z.string(),
  productSetName: z.string(),
  description: z.string(),
  story: z.string(),
  ingredients: z.string(),
  packaging: z.string(),
  shelfLife: z.string(),
  gtin: z.string().nullable(),
  status: z.enum(PRODUCT_STATUSES),
  provinceCode: z.string(),
  communeCode: z.string(),
  isSample: z.boolean(),
  certificate: CertificateSummarySchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProductDto = z.infer<typeof ProductSchema>;
