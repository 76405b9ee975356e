/**
 * The public catalogue (no sign-in): search over certified products with facets, the public facts
 * of a product (with where to buy), a producer and a province, and national / provincial figures.
 * Only products with a certificate valid today are listed; a product whose certificate expired or
 * was revoked keeps a page that says so (an old jar's barcode still leads somewhere honest).
 */
import type { Ctx } from '../../context';
import { AppError } from '../../errors';
import { todayInVietnam } from '../../domain/dates';
import { certificateStatusOn, lastValidDay, type CertificateStatus } from '../../domain/certificate';
import { certificateVerifyUrl } from '../../domain/decision';
import { PRODUCER_KIND_LABELS, type ProducerKind } from '../../domain/producer-kind';
import { slugify } from '../../domain/text';
import { listOutletsForProduct, type PublicOutlet } from '../outlets/outlets.service';
import { findImage, isSamplePictureKey, readFile } from '../registry/product-images.repository';
import type { ImageVariant } from '../registry/product-images.schema';
import * as repo from './catalogue.repository';
import { isEmpty, postingsOf, searchPostings, wordMatches } from './catalogue.postings';
import { closestWords } from './catalogue.words';
import { type CatalogueIndex, type CatalogueSort, type Entry, type FacetName, type IndexQuery, type Labels } from './catalogue.index';
import { catalogueIndex } from './catalogue.snapshot';

// ─── Addresses (Vietnamese paths; decisions recorded in docs/decisions/011-public-catalogue.md) ───

const tail = (name: string) => slugify(name) || 'san-pham';
export const productPath = (id: string, name: string) => `/san-pham/${tail(name)}-${id}`;
export const producerPath = (id: string, name: string) => `/chu-the/${tail(name)}-${id}`;
const provinceWords = (name: string) => name.replace(/^(Tỉnh|Thành phố)\s+/u, '');
export const provincePath = (code: string, name: string) => `/tinh/${code}-${slugify(provinceWords(name))}`;
export const imagePath = (productId: string, imageId: string, variant: 'thumb' | 'full') => `/anh/san-pham/${productId}/${imageId}/${variant}`;
/** A listing of the OCOP market (chợ OCOP, the market module: docs/decisions/036). */
export const listingPath = (id: string, title: string) => `/cho-ocop/${tail(title)}-${id}`;
export const qrPath = (productId: string, format: 'svg' | 'png') => `/api/v1/catalogue/products/${productId}/qr.${format}`;

/** The id at the end of `/san-pham/<slug>-<uuid>` (or a bare uuid). */
export function idFromRef(ref: string): string {
  const m = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(ref);
  return m ? m[1]!.toLowerCase() : '';
}

/** The province code at the start of `/tinh/<code>-<slug>`. */
export const codeFromRef = (ref: string) => /^(\d{2})(?:-|$)/.exec(ref)?.[1] ?? '';

export const shortProvinceName = provinceWords;

// ─── Search ──────────────────────────────────────────────────────────────────

export interface CatalogueQuery {
  q?: string | undefined;
  stars?: number | undefined;
  group?: string | undefined;
  set?: string | undefined;
  province?: string | undefined;
  kind?: ProducerKind | undefined;
  sort?: CatalogueSort | undefined;
  page: number;
  pageSize: number;
}

export interface CatalogueItem {
  id: string;
  name: string;
  url: string;
  stars: number;
  certificate: { number: string; issuedOn: string; expiresOn: string; validUntil: string };
  producer: { id: string; name: string; kind: ProducerKind; url: string };
  province: { code: string; name: string };
  communeName: string;
  productSet: { code: string; name: string | null };
  description: string;
  /** `sample`: an illustration drawn for demo data ("Ảnh minh họa mẫu"), not a photo of the product. */
  image: { thumb: string; full: string; sample: boolean } | null;
  isSample: boolean;
}

export interface FacetValue { value: string; label: string; count: number }

/** How the words matched: all (no words), prefix (every word starts a word), fuzzy (after correcting typos). */
export type MatchMode = 'all' | 'prefix' | 'fuzzy';

export interface CatalogueResult {
  items: CatalogueItem[];
  total: number;
  page: number;
  pageSize: number;
  q: string;
  match: MatchMode;
  /** The corrected words searched for when match is "fuzzy". */
  corrected: string | null;
  sort: CatalogueSort;
  facets: Record<FacetName, FacetValue[]>;
  asOf: string;
}

function toItem(e: Entry, labels: Labels): CatalogueItem {
  const image = e.image;
  return {
    id: e.id, name: e.name, url: productPath(e.id, e.name), stars: e.stars,
    certificate: { number: e.number, issuedOn: e.issuedOn, expiresOn: e.expiresOn, validUntil: lastValidDay(e.expiresOn) },
    producer: { id: e.producerId, name: e.producerName, kind: e.kind, url: producerPath(e.producerId, e.producerName) },
    province: { code: e.provinceCode, name: labels.province.get(e.provinceCode) ?? e.provinceCode },
    communeName: e.communeName,
    productSet: { code: e.setCode, name: labels.set.get(e.setCode) ?? null },
    description: e.description,
    image: image
      ? { thumb: imagePath(e.id, image.id, 'thumb'), full: imagePath(e.id, image.id, 'full'), sample: isSamplePictureKey(image.storageKey) }
      : null,
    isSample: e.isSample,
  };
}

function facetValues(index: CatalogueIndex, counts: Record<FacetName, Map<string, number>>, locale: Ctx['locale']): Record<FacetName, FacetValue[]> {
  const list = (f: FacetName, label: (v: string) => string) => [...counts[f]].map(([value, count]) => ({ value, label: label(value), count }));
  return {
    stars: list('stars', (v) => v).sort((a, b) => Number(b.value) - Number(a.value)),
    group: list('group', (v) => index.labels.group.get(v) ?? v).sort((a, b) => a.value.localeCompare(b.value)),
    set: list('set', (v) => index.labels.set.get(v) ?? v).sort((a, b) => Number(a.value) - Number(b.value)),
    province: list('province', (v) => index.labels.province.get(v) ?? v).sort((a, b) => shortProvinceName(a.label).localeCompare(shortProvinceName(b.label), 'vi')),
    kind: list('kind', (v) => PRODUCER_KIND_LABELS[v as ProducerKind]?.[locale] ?? v).sort((a, b) => b.count - a.count),
  };
}

/**
 * Search the products certified today, in memory (no database: catalogue.snapshot.ts keeps the
 * index true). Words match word beginnings without diacritics: the lexemes of each product's
 * GIN-indexed `search_words` (name and description; "mat o" finds "Mật ong") and the words of the
 * producer's name; under "relevance" products whose name has every word come first, then those
 * whose name and producer's name have them, then those found only in their description. When
 * nothing certified matches that way, each word is replaced by the closest word of the
 * catalogue's names by trigram similarity, as pg_trgm measures it, and the search runs again
 * ("mât ongg" → "mat ong"). Filters, facet counts, order and page come from the postings.
 */
export async function searchCatalogue(ctx: Ctx, query: CatalogueQuery, opts: { facets?: boolean; producerId?: string } = {}): Promise<CatalogueResult> {
  const index = await catalogueIndex(ctx);
  const q = (query.q ?? '').trim().slice(0, 200);
  const sort = query.sort ?? 'relevance';
  const words = repo.queryWords(q);
  const base: Omit<IndexQuery, 'words'> = {
    stars: query.stars, group: query.group, set: query.set, province: query.province, kind: query.kind,
    producerId: opts.producerId, sort, page: query.page, pageSize: query.pageSize, facets: opts.facets ?? true, matched: null,
  };
  let match: MatchMode = words.length ? 'prefix' : 'all';
  let corrected: string | null = null;
  const postings = postingsOf(index);
  const matched = words.length ? wordMatches(postings, words) : undefined;
  let found = searchPostings(postings, { ...base, words }, matched);
  if (matched && found.total === 0 && isEmpty(matched)) {
    const closer = closestWords(words, index.vocabulary);
    if (closer.join(' ') !== words.join(' ')) {
      const again = searchPostings(postings, { ...base, words: closer }, wordMatches(postings, closer));
      if (again.total > 0 || [...again.facets.stars.values()].some((n) => n > 0)) {
        found = again; match = 'fuzzy'; corrected = closer.join(' ');
      }
    }
  }
  return {
    items: found.items.map((e) => toItem(e, index.labels)), total: found.total, page: query.page, pageSize: query.pageSize,
    q, match, corrected, sort, facets: facetValues(index, found.facets, ctx.locale), asOf: index.today,
  };
}

// ─── One product ─────────────────────────────────────────────────────────────

export interface PublicProduct {
  id: string;
  name: string;
  url: string;
  description: string;
  story: string;
  ingredients: string;
  packaging: string;
  shelfLife: string;
  gtin: string | null;
  isSample: boolean;
  updatedAt: string;
  productSet: { code: string; name: string | null };
  group: { code: string | null; name: string | null };
  producer: { id: string; name: string; kind: ProducerKind; url: string };
  communeName: string;
  province: { code: string; name: string; url: string };
  certificate: {
    number: string; stars: number; issuedOn: string; expiresOn: string; validUntil: string;
    status: CertificateStatus; revokedOn: string | null; level: string;
    /** The body that signed the decision, as signed ("UBND tỉnh Hà Giang"), never its successor. */
    issuer: string; issuerKey: string;
  };
  /** Listed in the catalogue today: a certificate valid today. */
  certified: boolean;
  /** `sample`: an illustration drawn for demo data ("Ảnh minh họa mẫu"), not a photo of the product. */
  images: { id: string; thumb: string; full: string; width: number; height: number; sample: boolean }[];
  outlets: PublicOutlet[];
  /** On sale on the OCOP market today ("Mua ngay"): its listing and lowest price. */
  listing: { url: string; priceFrom: number | null } | null;
  links: { verify: string; qrSvg: string | null; qrPng: string | null; digitalLink: string | null };
}

/** The photos read with a product row (a JSON value: text on one driver, parsed on the other). */
const imagesOf = (r: repo.PublicProductRow): repo.ImageRow[] => (typeof r.images === 'string' ? JSON.parse(r.images) as repo.ImageRow[] : r.images);

function toProduct(r: repo.PublicProductRow, today: string, images: repo.ImageRow[], outlets: PublicOutlet[], listing: repo.ListingOfProduct | null = null): PublicProduct {
  const status = certificateStatusOn({ issuedOn: r.issued_on, expiresOn: r.expires_on, revokedOn: r.revoked_on, supersededOn: r.superseded_on }, today);
  const certified = status === 'valid' && r.issued_on <= today;
  return {
    id: r.id, name: r.name, url: productPath(r.id, r.name), description: r.description, story: r.story,
    ingredients: r.ingredients, packaging: r.packaging, shelfLife: r.shelf_life, gtin: r.gtin, isSample: r.is_sample,
    updatedAt: r.updated_at,
    productSet: { code: r.set_code, name: r.set_name }, group: { code: r.group_code, name: r.group_name },
    producer: { id: r.producer_id, name: r.producer_name, kind: r.producer_kind, url: producerPath(r.producer_id, r.producer_name) },
    communeName: r.commune_name,
    province: { code: r.province_code, name: r.province_name, url: provincePath(r.province_code, r.province_name) },
    certificate: {
      number: r.number, stars: r.stars, issuedOn: r.issued_on, expiresOn: r.expires_on, validUntil: lastValidDay(r.expires_on),
      status, revokedOn: status === 'revoked' ? r.revoked_on : null, level: r.decision_level, issuer: r.issuer, issuerKey: r.issuer_key,
    },
    certified,
    images: images.map((i) => ({ id: i.id, thumb: imagePath(r.id, i.id, 'thumb'), full: imagePath(r.id, i.id, 'full'), width: i.width, height: i.height, sample: isSamplePictureKey(i.storage_key) })),
    outlets: certified ? outlets : [],
    listing: certified && listing ? { url: listingPath(listing.id, listing.title), priceFrom: listing.price_from === null ? null : Number(listing.price_from) } : null,
    links: {
      verify: certificateVerifyUrl('', r.number, r.issuer_key),
      qrSvg: certified ? qrPath(r.id, 'svg') : null,
      qrPng: certified ? qrPath(r.id, 'png') : null,
      digitalLink: r.gtin ? `/01/${r.gtin}` : null,
    },
  };
}

/** A product that has (had) a certificate; 404 for anything else, including ids that are not ids. */
export async function getPublicProduct(ctx: Ctx, id: string): Promise<PublicProduct> {
  const row = await repo.findPublicProduct(ctx, id);
  if (!row) throw new AppError('not_found', 'product not found');
  const today = todayInVietnam(ctx.deps.clock());
  const outlets = await listOutletsForProduct(ctx, row.id);
  return toProduct(row, today, imagesOf(row), outlets, await repo.listingOfProduct(ctx, row.id));
}

/** The product behind a GTIN-13, or null (the GS1 resolver answers 404). */
export async function productByGtin(ctx: Ctx, gtin: string): Promise<PublicProduct | null> {
  const row = await repo.findPublicProductByGtin(ctx, gtin);
  if (!row) return null;
  return toProduct(row, todayInVietnam(ctx.deps.clock()), [], []);
}

// ─── Producer, province, figures ─────────────────────────────────────────────

export interface PublicProducer {
  id: string; name: string; kind: ProducerKind; url: string; communeName: string;
  province: { code: string; name: string; url: string }; isSample: boolean;
  products: CatalogueItem[];
}

/** A producer's products certified today, best first (from memory). */
export async function productsOfProducer(ctx: Ctx, producerId: string): Promise<CatalogueItem[]> {
  return (await searchCatalogue(ctx, { page: 1, pageSize: 100, sort: 'stars' }, { facets: false, producerId })).items;
}

export async function getPublicProducer(ctx: Ctx, id: string): Promise<PublicProducer> {
  const row = await repo.findPublicProducer(ctx, id);
  if (!row) throw new AppError('not_found', 'producer not found');
  const products = await productsOfProducer(ctx, row.id);
  return {
    id: row.id, name: row.name, kind: row.kind, url: producerPath(row.id, row.name), communeName: row.commune_name,
    province: { code: row.province_code, name: row.province_name, url: provincePath(row.province_code, row.province_name) },
    isSample: row.is_sample, products,
  };
}

export interface Figures {
  asOf: string;
  products: number;
  byStars: { '3': number; '4': number; '5': number };
  producers: number;
  producersByKind: Record<ProducerKind, number>;
  provinces: number;
  communes: number;
}

/** Certified products today by star, their producers (by kind), provinces and communes. */
export function figuresOf(index: CatalogueIndex, province?: string): Figures {
  const byStars = { 3: 0, 4: 0, 5: 0 } as Figures['byStars'];
  const producers = new Map<string, ProducerKind>();
  const provinces = new Set<string>();
  const communes = new Set<string>();
  let products = 0;
  for (const e of index.orders.name) {
    if (province && e.provinceCode !== province) continue;
    products++;
    const k = String(e.stars) as keyof Figures['byStars'];
    if (k in byStars) byStars[k]++;
    producers.set(e.producerId, e.kind);
    provinces.add(e.provinceCode);
    communes.add(e.communeCode);
  }
  const producersByKind: Record<ProducerKind, number> = { enterprise: 0, cooperative: 0, cooperative_group: 0, household: 0 };
  for (const kind of producers.values()) producersByKind[kind]++;
  return { asOf: index.today, products, byStars, producers: producers.size, producersByKind, provinces: provinces.size, communes: communes.size };
}

export async function catalogueFigures(ctx: Ctx, province?: string): Promise<Figures> {
  return figuresOf(await catalogueIndex(ctx), province);
}

export interface ProvinceLink { code: string; name: string; url: string; products: number }

/** Every province (by name) with its count of certified products today. */
export async function provinceLinks(ctx: Ctx): Promise<ProvinceLink[]> {
  const index = await catalogueIndex(ctx);
  const counts = new Map<string, number>();
  for (const e of index.orders.name) counts.set(e.provinceCode, (counts.get(e.provinceCode) ?? 0) + 1);
  return [...index.labels.province].map(([code, name]) => ({ code, name, url: provincePath(code, name), products: counts.get(code) ?? 0 }))
    .sort((a, b) => shortProvinceName(a.name).localeCompare(shortProvinceName(b.name), 'vi'));
}

export async function getProvince(ctx: Ctx, code: string): Promise<{ code: string; name: string; url: string; figures: Figures }> {
  const area = await repo.findProvince(ctx, code);
  if (!area) throw new AppError('not_found', 'province not found');
  return { ...area, url: provincePath(area.code, area.name), figures: await catalogueFigures(ctx, area.code) };
}

/** What the home page features: the newest five-star products and the most recently certified. */
export async function featured(ctx: Ctx): Promise<{ fiveStar: CatalogueItem[]; recent: CatalogueItem[] }> {
  const [fiveStar, recent] = await Promise.all([
    searchCatalogue(ctx, { stars: 5, sort: 'newest', page: 1, pageSize: 4 }, { facets: false }),
    searchCatalogue(ctx, { sort: 'newest', page: 1, pageSize: 8 }, { facets: false }),
  ]);
  return { fiveStar: fiveStar.items, recent: recent.items };
}

export interface SitemapEntry { path: string; lastmod: string }

/** Every listed product and every producer with one, with the day they last changed (their certificate). */
export async function sitemapEntries(ctx: Ctx): Promise<{ today: string; version: number; entries: SitemapEntry[] }> {
  const index = await catalogueIndex(ctx);
  const entries: SitemapEntry[] = [];
  const producers = new Map<string, SitemapEntry>();
  for (const e of index.orders.name) {
    entries.push({ path: productPath(e.id, e.name), lastmod: e.issuedOn });
    const p = producers.get(e.producerId);
    if (!p) producers.set(e.producerId, { path: producerPath(e.producerId, e.producerName), lastmod: e.issuedOn });
    else if (p.lastmod < e.issuedOn) p.lastmod = e.issuedOn;
  }
  for (const [code, name] of index.labels.province) entries.push({ path: provincePath(code, name), lastmod: index.today });
  // The index's build (or patch) stamp: it moves with every change the catalogue hears.
  return { today: index.today, version: index.builtAt, entries: entries.concat([...producers.values()]) };
}

/**
 * A photo of a product with a certificate (valid or not: the product page shows them), for
 * anyone: its bytes, type and entity tag; 404 for anything else.
 */
export async function publicProductImage(ctx: Ctx, productId: string, imageId: string, variant: ImageVariant): Promise<{ data: Buffer; mime: string; etag: string }> {
  if (!(await repo.hasCertificate(ctx, productId))) throw new AppError('not_found', 'image not found');
  const row = await findImage(ctx, productId, imageId);
  const data = row ? await readFile(ctx, variant === 'thumb' ? row.thumbKey : row.storageKey) : null;
  if (!row || !data) throw new AppError('not_found', 'image not found');
  return { data, mime: variant === 'thumb' ? 'image/webp' : row.mime, etag: `"${row.id}-${variant}"` };
}
