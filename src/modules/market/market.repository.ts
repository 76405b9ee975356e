/**
 * The marketplace's shops and listings: the only queries of them. "On the floor" is computed on
 * the day asked about — an active listing of an open shop whose product holds a certificate
 * valid that day (portal's validCertificates) — so an expiry or a revocation takes a listing off
 * at once, and a new certificate brings it back, without anything being rewritten.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { exec, readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { normalizeVi } from '../../domain/text';
import { validCertificates } from '../portal/catalogue.repository';
import { producers, products } from '../registry/registry.tables';
import { listings, listingVariants, shops } from './market.tables';
import type { ListingQuery } from './market.schema';
import { stockMayHaveComeBack } from './stock-epoch';

export type ShopRecord = typeof shops.$inferSelect;
export type ListingRecord = typeof listings.$inferSelect;
export type VariantRecord = typeof listingVariants.$inferSelect;

export interface ShopRow extends ShopRecord {
  producerName: string; producerProvinceCode: string; producerCommuneCode: string; communeName: string; provinceName: string;
}

export async function findCommune(ctx: Ctx, code: string): Promise<{ code: string; name: string; provinceCode: string; provinceName: string } | null> {
  const [row] = await rows<{ code: string; name: string; province_code: string; province_name: string }>(exec(ctx), sql`
    select c.code, c.name, p.code as province_code, p.name as province_name
    from areas c join areas p on p.code = c.parent_code
    where c.code = ${code} and c.level = 'commune'`);
  return row ? { code: row.code, name: row.name, provinceCode: row.province_code, provinceName: row.province_name } : null;
}

/** The provinces, by name (the floor's filter, the buyer's address). */
export async function provinces(ctx: Ctx): Promise<{ code: string; name: string }[]> {
  return rows<{ code: string; name: string }>(readDb(ctx), sql`select code, name from areas where level = 'province' order by name`);
}

/** The communes of a province, by name. */
export async function communesOf(ctx: Ctx, provinceCode: string): Promise<{ code: string; name: string }[]> {
  return rows<{ code: string; name: string }>(readDb(ctx), sql`select code, name from areas where level = 'commune' and parent_code = ${provinceCode} order by name`);
}

/** The producer's products certified on `today` that have no listing yet (what the shop can put on sale). */
export async function unlistedCertifiedProducts(ctx: Ctx, producerId: string, today: string): Promise<{ id: string; name: string }[]> {
  return rows<{ id: string; name: string }>(exec(ctx), sql`
    select p.id, p.name from products p join (${validCertificates(today)}) v on v.product_id = p.id
    where p.producer_id = ${producerId}::uuid and not exists (select 1 from listings l where l.product_id = p.id)
    order by p.name`);
}

export async function producerIdByName(ctx: Ctx, name: string): Promise<string | null> {
  const [row] = await exec(ctx).select({ id: producers.id }).from(producers).where(eq(producers.name, name)).limit(1);
  return row?.id ?? null;
}

export async function productIdByName(ctx: Ctx, producerId: string, name: string): Promise<string | null> {
  const [row] = await exec(ctx).select({ id: products.id }).from(products).where(and(eq(products.producerId, producerId), eq(products.name, name))).limit(1);
  return row?.id ?? null;
}

export async function findProducer(ctx: Ctx, id: string): Promise<{ id: string; name: string; provinceCode: string; communeCode: string } | null> {
  const [row] = await exec(ctx).select({ id: producers.id, name: producers.name, provinceCode: producers.provinceCode, communeCode: producers.communeCode })
    .from(producers).where(eq(producers.id, id)).limit(1);
  return row ?? null;
}

const shopSelect = sql`
  select s.*, pr.name as producer_name, pr.province_code as producer_province_code, pr.commune_code as producer_commune_code,
    c.name as commune_name, p.name as province_name
  from shops s join producers pr on pr.id = s.producer_id
  join areas c on c.code = s.pickup_commune_code join areas p on p.code = s.pickup_province_code`;

type RawShop = Record<string, unknown>;
const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
function toShop(r: RawShop): ShopRow {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[camel(k)] = v;
  for (const k of ['shipInProvince', 'shipOtherProvinces', 'shipFreeFrom']) if (out[k] !== null) out[k] = Number(out[k]);
  for (const k of ['createdAt', 'updatedAt']) if (!(out[k] instanceof Date)) out[k] = new Date(String(out[k]));
  return out as unknown as ShopRow;
}

export async function getShop(ctx: Ctx, id: string): Promise<ShopRow | null> {
  const [r] = await rows<RawShop>(exec(ctx), sql`${shopSelect} where s.id = ${id}::uuid`);
  return r ? toShop(r) : null;
}

export async function shopOfProducer(ctx: Ctx, producerId: string): Promise<ShopRow | null> {
  const [r] = await rows<RawShop>(exec(ctx), sql`${shopSelect} where s.producer_id = ${producerId}::uuid`);
  return r ? toShop(r) : null;
}

/** Shops in a scope (officers: their province; null = national), newest first. */
export async function listShops(ctx: Ctx, provinceCode: string | null, page: number, pageSize: number): Promise<{ items: ShopRow[]; total: number }> {
  const where = provinceCode ? sql`where s.pickup_province_code = ${provinceCode}` : sql``;
  const found = await rows<RawShop & { total: string }>(readDb(ctx), sql`
    ${shopSelect} ${where} order by s.created_at desc, s.id limit ${pageSize} offset ${(page - 1) * pageSize}`);
  const [count] = await rows<{ n: string }>(readDb(ctx), sql`select count(*) as n from shops s ${where}`);
  return { items: found.map(toShop), total: Number(count?.n ?? 0) };
}

export async function insertShop(ctx: Ctx, values: typeof shops.$inferInsert): Promise<string> {
  const [row] = await exec(ctx).insert(shops).values(values).returning({ id: shops.id });
  return row!.id;
}

/** Writes `values` when the shop is still at `version` (null: any); false when it moved on. */
export async function updateShop(ctx: Ctx, id: string, values: Partial<typeof shops.$inferInsert>, version: number | null): Promise<boolean> {
  const where = version === null ? eq(shops.id, id) : and(eq(shops.id, id), eq(shops.version, version));
  const done = await exec(ctx).update(shops).set({ ...values, version: sql`${shops.version} + 1`, updatedAt: new Date(ctx.deps.clock()) })
    .where(where).returning({ id: shops.id });
  return done.length > 0;
}

export async function shopByNotifyKeyHash(ctx: Ctx, hash: string): Promise<ShopRecord | null> {
  const [row] = await exec(ctx).select().from(shops).where(eq(shops.notifyKeyHash, hash)).limit(1);
  return row ?? null;
}

// ─── Listings ─────────────────────────────────────────────────────────────────

export interface ListingRow {
  id: string; title: string; description: string; status: 'active' | 'hidden'; is_sample: boolean; version: number; created_at: string;
  shop_id: string; shop_name: string; shop_status: 'open' | 'paused'; shop_province_code: string; shop_province_name: string;
  product_id: string; product_name: string; product_set_code: string | null; producer_id: string;
  cert_number: string | null; cert_stars: number | null;
  /** The product's newest certificate when none is valid today (its number and state, for the seller's view). */
  last_cert_number: string | null; last_cert_state: string | null; last_cert_expires_on: string | null; last_cert_issued_on: string | null;
  photo_id: string | null;
  on_sale: boolean;
}

/**
 * The certificate valid on `today` of the product aliased `p` (one row at most; the catalogue's
 * validCertificates, looked up by product: a listing page or a checkout reads a few, not all).
 */
export const certificateValidOn = (today: string) => sql`
  select c.number, c.stars from certificates c
  where c.product_id = p.id and c.state = 'active' and c.issued_on <= ${today}::date and c.expires_on > ${today}::date
  order by c.stars desc limit 1`;

const listingSelect = (today: string) => sql`
  select l.id, l.title, l.description, l.status, l.is_sample, l.version, l.created_at,
    s.id as shop_id, s.name as shop_name, s.status as shop_status, s.pickup_province_code as shop_province_code, sp.name as shop_province_name,
    p.id as product_id, p.name as product_name, p.product_set_code, p.producer_id,
    v.number as cert_number, v.stars as cert_stars,
    lc.number as last_cert_number, lc.state as last_cert_state,
    to_char(lc.expires_on, 'YYYY-MM-DD') as last_cert_expires_on, to_char(lc.issued_on, 'YYYY-MM-DD') as last_cert_issued_on,
    (select i.id from product_images i where i.product_id = p.id order by i.position, i.created_at limit 1) as photo_id,
    (l.status = 'active' and s.status = 'open' and v.number is not null) as on_sale
  from listings l
  join shops s on s.id = l.shop_id
  join areas sp on sp.code = s.pickup_province_code
  join products p on p.id = l.product_id
  left join lateral (${certificateValidOn(today)}) v on true
  left join lateral (
    select c.number, c.state, c.expires_on, c.issued_on from certificates c
    where c.product_id = p.id order by c.issued_on desc, c.created_at desc limit 1
  ) lc on true`;

export type FloorRow = ListingRow & { variants: string | VariantRecord[] | null };

/** Every listing on the floor on `today`, as getListing reads it, with its active variants (floor.index.ts). */
export async function floorRows(ctx: Ctx, today: string): Promise<(ListingRow & { variants: VariantRecord[] })[]> {
  const found = await rows<FloorRow>(readDb(ctx), sql`
    select b.*, (select json_agg(json_build_object('id', lv.id, 'listingId', lv.listing_id, 'name', lv.name, 'price', lv.price, 'stock', lv.stock,
        'sku', lv.sku, 'gtin', lv.gtin, 'position', lv.position, 'active', lv.active) order by lv.position, lv.name)
      from listing_variants lv where lv.listing_id = b.id and lv.active) as variants
    from (${listingSelect(today)}) b where b.on_sale`);
  // A JSON value: text on one driver, parsed on the other.
  return found.map((r) => ({ ...r, variants: (typeof r.variants === 'string' ? JSON.parse(r.variants) as VariantRecord[] : r.variants ?? []).map((v) => ({ ...v, price: Number(v.price) })) }));
}

export async function getListing(ctx: Ctx, id: string, today: string): Promise<ListingRow | null> {
  const [r] = await rows<ListingRow>(exec(ctx), sql`${listingSelect(today)} where l.id = ${id}::uuid`);
  return r ?? null;
}

export async function listingRecord(ctx: Ctx, id: string): Promise<ListingRecord | null> {
  const [row] = await exec(ctx).select().from(listings).where(eq(listings.id, id)).limit(1);
  return row ?? null;
}

export async function listingOfProduct(ctx: Ctx, productId: string): Promise<ListingRecord | null> {
  const [row] = await exec(ctx).select().from(listings).where(eq(listings.productId, productId)).limit(1);
  return row ?? null;
}

export async function variantsOf(ctx: Ctx, listingIds: readonly string[], activeOnly = true): Promise<VariantRecord[]> {
  if (!listingIds.length) return [];
  const where = activeOnly ? and(inArray(listingVariants.listingId, [...listingIds]), eq(listingVariants.active, true)) : inArray(listingVariants.listingId, [...listingIds]);
  const found = await exec(ctx).select().from(listingVariants).where(where).orderBy(listingVariants.position, listingVariants.name);
  return found.map((v) => ({ ...v, price: Number(v.price) }));
}

export async function insertListing(ctx: Ctx, values: typeof listings.$inferInsert): Promise<string> {
  const [row] = await exec(ctx).insert(listings).values(values).returning({ id: listings.id });
  return row!.id;
}

export async function updateListing(ctx: Ctx, id: string, values: Partial<typeof listings.$inferInsert>, version: number | null): Promise<boolean> {
  const where = version === null ? eq(listings.id, id) : and(eq(listings.id, id), eq(listings.version, version));
  const done = await exec(ctx).update(listings).set({ ...values, version: sql`${listings.version} + 1`, updatedAt: new Date(ctx.deps.clock()) })
    .where(where).returning({ id: listings.id });
  return done.length > 0;
}

export async function insertVariant(ctx: Ctx, values: typeof listingVariants.$inferInsert): Promise<void> {
  await exec(ctx).insert(listingVariants).values(values);
}

/** Writes `values`; with `stockWas`, only while the stock is still that (false when a sale moved it). */
export async function updateVariant(ctx: Ctx, id: string, values: Partial<typeof listingVariants.$inferInsert>, stockWas?: number): Promise<boolean> {
  // Stock, price or sale may change: the checkout desk forgets what it saw sold out.
  stockMayHaveComeBack(ctx.deps);
  const where = stockWas === undefined ? eq(listingVariants.id, id) : and(eq(listingVariants.id, id), eq(listingVariants.stock, stockWas));
  const done = await exec(ctx).update(listingVariants).set({ ...values, updatedAt: new Date(ctx.deps.clock()) }).where(where).returning({ id: listingVariants.id });
  return done.length > 0;
}

/** The product, its producer and whether a certificate of it is valid on `today`. */
export async function productForListing(ctx: Ctx, productId: string, today: string): Promise<{ id: string; name: string; producerId: string; certified: boolean } | null> {
  const [r] = await rows<{ id: string; name: string; producer_id: string; certified: boolean }>(exec(ctx), sql`
    select p.id, p.name, p.producer_id, exists (select 1 from (${validCertificates(today)}) v where v.product_id = p.id) as certified
    from ${products} p where p.id = ${productId}::uuid`);
  return r ? { id: r.id, name: r.name, producerId: r.producer_id, certified: r.certified } : null;
}

// ─── The floor: public search ─────────────────────────────────────────────────

/**
 * Listings on the floor on `today` (with `all`, whether on sale or not: a shop's own view) matching the query: words (diacritics optional) in the title,
 * the product's name or the shop's name; stars, province of the shop, product set, price range
 * (any variant on sale within it), in stock.
 */
export async function searchListings(ctx: Ctx, q: ListingQuery, today: string, all = false): Promise<{ rows: (ListingRow & { price_from: number | null; in_stock: boolean })[]; total: number }> {
  const cond: SQL[] = [all ? sql`true` : sql`x.on_sale`];
  const words = q.q ? normalizeVi(q.q).split(' ').filter(Boolean).slice(0, 8) : [];
  for (const w of words) cond.push(sql`ocop_norm(x.title || ' ' || x.product_name || ' ' || x.shop_name) like ${`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (q.stars) cond.push(sql`x.cert_stars = ${q.stars}`);
  if (q.province) cond.push(sql`x.shop_province_code = ${q.province}`);
  if (q.set) cond.push(sql`x.product_set_code = ${q.set}`);
  if (q.shop) cond.push(sql`x.shop_id = ${q.shop}::uuid`);
  const price: SQL[] = [];
  if (q.priceMin !== undefined) price.push(sql`lv.price >= ${q.priceMin}`);
  if (q.priceMax !== undefined) price.push(sql`lv.price <= ${q.priceMax}`);
  if (price.length) cond.push(sql`exists (select 1 from listing_variants lv where lv.listing_id = x.id and lv.active and ${sql.join(price, sql` and `)})`);
  if (q.inStock !== undefined) cond.push(q.inStock ? sql`x.in_stock` : sql`not x.in_stock`);
  const base = sql`
    select * from (
      select b.*,
        (select min(lv.price) from listing_variants lv where lv.listing_id = b.id and lv.active) as price_from,
        exists (select 1 from listing_variants lv where lv.listing_id = b.id and lv.active and lv.stock > 0) as in_stock
      from (${listingSelect(today)}) b
    ) x where ${sql.join(cond, sql` and `)}`;
  const found = await rows<ListingRow & { price_from: string | null; in_stock: boolean; total: string }>(readDb(ctx), sql`
    select y.*, count(*) over () as total from (${base}) y
    order by ${sql.raw(ORDER_BY[q.sort])}
    limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`);
  const total = found.length ? Number(found[0]!.total) : q.page === 1 ? 0 : await countListings(ctx, base);
  return { rows: found.map((r) => ({ ...r, price_from: r.price_from === null ? null : Number(r.price_from) })), total };
}

/** The orders of a result page (fixed text, chosen by the validated sort). */
const ORDER_BY: Record<ListingQuery['sort'], string> = {
  relevance: 'y.cert_stars desc nulls last, y.title, y.id',
  price_asc: 'y.price_from asc nulls last, y.title, y.id',
  price_desc: 'y.price_from desc nulls last, y.title, y.id',
  stars: 'y.cert_stars desc nulls last, y.title, y.id',
  newest: 'y.created_at desc, y.id',
};

async function countListings(ctx: Ctx, base: SQL): Promise<number> {
  const [r] = await rows<{ n: string }>(readDb(ctx), sql`select count(*) as n from (${base}) y`);
  return Number(r?.n ?? 0);
}

