/**
 * Query and response schemas of the public catalogue (pages and the JSON API share the query
 * grammar, so a page's address and an API call read the same: ?q=&stars=&group=&set=&province=
 * &kind=&sort=&page=&pageSize=).
 */
import { z } from 'zod';
import { CertificateExpiresOn, CertificateValidUntil } from '../../web/api-schemas';
import { PRODUCER_KINDS } from '../../domain/producer-kind';
import { CERTIFICATE_STATUSES } from '../../domain/certificate';
import { CATALOGUE_SORTS } from './catalogue.index';

/** Empty form fields ("stars=") mean "not set". */
const opt = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const GROUPS = ['I', 'II', 'III', 'IV', 'V', 'VI'] as const;

export const CatalogueQuerySchema = z.object({
  q: opt(z.string().max(200)).describe('Words of the name or description, with or without diacritics; small typos are forgiven'),
  stars: opt(z.coerce.number().int().min(3).max(5)),
  group: opt(z.enum(GROUPS)).describe('Product group (I food … VI tourism services)'),
  set: opt(z.string().regex(/^\d{1,2}$/)).describe('Product set code (1–26, classification 148/2023)'),
  province: opt(z.string().regex(/^\d{2}$/)).describe('Province code'),
  kind: opt(z.enum(PRODUCER_KINDS)).describe('Producer kind'),
  sort: opt(z.enum(CATALOGUE_SORTS)).describe('relevance (default), name, stars, newest'),
  page: opt(z.coerce.number().int().min(1).max(1000)),
  pageSize: opt(z.coerce.number().int().min(1).max(100)),
});
export type CatalogueQueryInput = z.infer<typeof CatalogueQuerySchema>;

const Item = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  stars: z.number().int(),
  certificate: z.object({ number: z.string(), issuedOn: z.string(), expiresOn: CertificateExpiresOn, validUntil: CertificateValidUntil }),
  producer: z.object({ id: z.string(), name: z.string(), kind: z.enum(PRODUCER_KINDS), url: z.string() }),
  province: z.object({ code: z.string(), name: z.string() }),
  communeName: z.string(),
  productSet: z.object({ code: z.string(), name: z.string().nullable() }),
  description: z.string(),
  /** `sample`: an illustration drawn for demo data ("Ảnh minh họa mẫu"), not a photo of the product. */
  image: z.object({ thumb: z.string(), full: z.string(), sample: z.boolean() }).nullable(),
  isSample: z.boolean(),
});

const Facet = z.array(z.object({ value: z.string(), label: z.string(), count: z.number().int() }));

export const CatalogueListSchema = z.object({
  items: z.array(Item),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  q: z.string(),
  match: z.enum(['all', 'prefix', 'fuzzy']).describe('all: no words; prefix: every word starts a word; fuzzy: words corrected by similarity'),
  corrected: z.string().nullable(),
  sort: z.enum(CATALOGUE_SORTS),
  facets: z.object({ stars: Facet, group: Facet, set: Facet, province: Facet, kind: Facet })
    .describe('Counts per value; each facet is counted with the other filters applied but not its own'),
  asOf: z.string(),
});

export const PublicProductSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  description: z.string(),
  story: z.string(),
  ingredients: z.string(),
  packaging: z.string(),
  shelfLife: z.string(),
  gtin: z.string().nullable(),
  isSample: z.boolean(),
  updatedAt: z.string(),
  productSet: z.object({ code: z.string(), name: z.string().nullable() }),
  group: z.object({ code: z.string().nullable(), name: z.string().nullable() }),
  producer: z.object({ id: z.string(), name: z.string(), kind: z.enum(PRODUCER_KINDS), url: z.string() }),
  communeName: z.string(),
  province: z.object({ code: z.string(), name: z.string(), url: z.string() }),
  certificate: z.object({
    number: z.string(), stars: z.number().int(), issuedOn: z.string(), expiresOn: CertificateExpiresOn, validUntil: CertificateValidUntil,
    status: z.enum(CERTIFICATE_STATUSES), revokedOn: z.string().nullable(), level: z.string(),
    issuer: z.string().describe('the issuing body as signed, never its successor'), issuerKey: z.string(),
  }),
  certified: z.boolean().describe('Listed in the catalogue today (its certificate is valid today)'),
  images: z.array(z.object({ id: z.string(), thumb: z.string(), full: z.string(), width: z.number().int(), height: z.number().int(), sample: z.boolean() })),
  listing: z.object({ url: z.string(), priceFrom: z.number().int().nullable() }).nullable().describe('on sale on the OCOP market today: the listing\'s page and lowest price (whole đồng)'),
  outlets: z.array(z.object({
    id: z.string(), name: z.string(), kind: z.string(), address: z.string(), communeName: z.string(), provinceName: z.string(),
    website: z.string().nullable(), phone: z.string().nullable(), isSample: z.boolean(),
  })),
  links: z.object({ verify: z.string(), qrSvg: z.string().nullable(), qrPng: z.string().nullable(), digitalLink: z.string().nullable() }),
});

export const FiguresSchema = z.object({
  asOf: z.string(),
  products: z.number().int(),
  byStars: z.object({ 3: z.number().int(), 4: z.number().int(), 5: z.number().int() }),
  producers: z.number().int(),
  producersByKind: z.object({ enterprise: z.number().int(), cooperative: z.number().int(), cooperative_group: z.number().int(), household: z.number().int() }),
  provinces: z.number().int(),
  communes: z.number().int(),
});

export const QrQuerySchema = z.object({
  size: opt(z.string().max(12)).describe('Print size: "30mm" (default), or pixels: "600px" / "600"'),
  dpi: opt(z.coerce.number().int().min(72).max(1200)).describe('Print resolution for mm sizes and the PNG file (default 300)'),
});
