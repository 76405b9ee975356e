/**
 * The public catalogue's SQL. Reads go to `readDb` (the read replica when DATABASE_READ_URL is
 * set). Nothing here selects a producer's phone, e-mail, tax code, address or representative.
 *
 * "Certified" is computed from the dates on the day asked about (a certificate is valid on
 * issuedOn <= d < expiresOn while active), never from the stored product status, which does not
 * follow expiry by itself. The lifecycle keeps at most one active certificate per product
 * (decisions/008: a new one supersedes the old in the same transaction).
 */
import { sql, type SQL } from 'drizzle-orm';
import { readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { normalizeVi } from '../../domain/text';
import type { ProducerKind } from '../../domain/producer-kind';
import { isUuid } from '../../domain/ids';

/** A text array literal ('{"a","b"}') for one parameter; the same on both drivers. */
export const pgArray = (items: readonly string[]) => `{${items.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;

export interface ListingOfProduct { id: string; title: string; price_from: string | number | null }

/** The product's listing on the OCOP market when it is on sale (active, in an open shop); certification is the caller's check. */
export async function listingOfProduct(ctx: Ctx, productId: string): Promise<ListingOfProduct | null> {
  const [r] = await rows<ListingOfProduct>(readDb(ctx), sql`
    select l.id, l.title, (select min(v.price) from listing_variants v where v.listing_id = l.id and v.active) as price_from
    from listings l join shops s on s.id = l.shop_id
    where l.product_id = ${productId}::uuid and l.status = 'active' and s.status = 'open'`);
  return r ?? null;
}

/** Active certificates valid on `today`. */
export const validCertificates = (today: string) => sql`
  select c.product_id, c.number, c.stars, c.issued_on, c.expires_on, c.decision_id, c.issuer_key
  from certificates c
  where c.state = 'active' and c.issued_on <= ${today}::date and c.expires_on > ${today}::date`;

// ─── The catalogue snapshot and search ───────────────────────────────────────

/**
 * What changes the set of certified products: the certificates' row count, active count and
 * newest change. One scan of the certificates table (a few ms at national scale); a revocation,
 * a new certificate or a replacement always moves it.
 */
export async function certificatesFingerprint(ctx: Ctx): Promise<string> {
  const [r] = await rows<{ f: string }>(readDb(ctx), sql`
    select count(*) || '/' || count(*) filter (where state = 'active') || '/' || coalesce(max(updated_at)::text, '') as f
    from certificates`);
  return r?.f ?? '';
}

export interface SnapshotRow {
  id: string; name: string; producer_id: string; producer_name: string; province_code: string; commune_code: string;
  set_code: string; top_group: string; kind: ProducerKind; stars: number; issued_on: string; expires_on: string; number: string;
  commune_name: string; description: string; is_sample: boolean; image_id: string | null; image_key: string | null;
  /** The lexemes of the product's GIN-indexed `search_words` (name and description): what word search matches. */
  words: string[];
}

/** Products per snapshot read: bounds the memory one read takes (the embedded engine keeps what it grows to). */
const SNAPSHOT_CHUNK = 2_000;

/**
 * Products certified on `today` (only those of `productIds` when given, else those after the id
 * `after`, at most SNAPSHOT_CHUNK of them in id order), with what search sorts and counts by, the
 * main photo and the lexemes word search matches — one JSON value per read. `set_code` is empty
 * for a product classified under another classification than `classification` (the facets'
 * labels): its code would name another set there.
 */
async function snapshotChunk(ctx: Ctx, today: string, classification: string, only: SQL): Promise<SnapshotRow[]> {
  const [r] = await rows<{ j: SnapshotRow[] | string | null }>(readDb(ctx), sql`
    select json_agg(x) as j from (
      select p.id, p.name, p.producer_id, pr.name as producer_name, p.province_code, p.commune_code,
             case when p.classification = ${classification} then p.product_set_code else '' end as set_code,
             coalesce(ps.top_group, '') as top_group, pr.kind, v.stars, v.issued_on, v.expires_on, v.number,
             com.name as commune_name, left(p.description, 220) as description, p.is_sample,
             mi.id as image_id, mi.storage_key as image_key, tsvector_to_array(p.search_words) as words
      from (${validCertificates(today)}) v
      join products p on p.id = v.product_id
      join producers pr on pr.id = p.producer_id
      join areas com on com.code = p.commune_code
      left join product_sets ps on ps.classification = p.classification and ps.code = p.product_set_code
      left join lateral (
        select i.id, i.storage_key from product_images i where i.product_id = p.id order by i.position, i.created_at, i.id limit 1
      ) mi on true
      ${only}
    ) x`);
  const j = r?.j ?? [];
  return typeof j === 'string' ? JSON.parse(j) as SnapshotRow[] : j;
}

/** Every product certified on `today`, or only those of `productIds`. */
export async function snapshotRows(ctx: Ctx, today: string, classification: string, productIds?: readonly string[]): Promise<SnapshotRow[]> {
  if (productIds) {
    const ids = productIds.filter(isUuid);
    return ids.length ? snapshotChunk(ctx, today, classification, sql`where p.id = any(${pgArray(ids)}::uuid[])`) : [];
  }
  const out: SnapshotRow[] = [];
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const chunk = await snapshotChunk(ctx, today, classification, sql`where p.id > ${after}::uuid order by p.id limit ${SNAPSHOT_CHUNK}`);
    for (const row of chunk) out.push(row);
    if (chunk.length < SNAPSHOT_CHUNK) return out;
    after = chunk[chunk.length - 1]!.id;
  }
}

/** The products these certificates are of, and those of these producers (a change to them re-reads these products). */
export async function productsTouched(ctx: Ctx, ids: { certificateIds: readonly string[]; producerIds: readonly string[] }): Promise<string[]> {
  const certificates = ids.certificateIds.filter(isUuid);
  const producers = ids.producerIds.filter(isUuid);
  if (!certificates.length && !producers.length) return [];
  const found = await rows<{ id: string }>(readDb(ctx), sql`
    select product_id::text as id from certificates where id = any(${pgArray(certificates)}::uuid[])
    union select id::text from products where producer_id = any(${pgArray(producers)}::uuid[])`);
  return found.map((f) => f.id);
}

/** A number in scientific notation directly followed by a word ("5e4gam"): to_tsquery reads two words there. */
const NUMBER_THEN_WORD = /^(\d+e\d+)([a-z].*)$/;

/**
 * Query words: normalizeVi leaves only [a-z0-9] and spaces, so no quoting is needed; "5e4gam" is
 * read as "5e4" and "gam", as the database's parser reads it (so the in-memory match and the SQL
 * agree: catalogue.words.ts).
 */
export function queryWords(q: string): string[] {
  return normalizeVi(q.slice(0, 200)).split(' ').filter(Boolean)
    .flatMap((w) => NUMBER_THEN_WORD.exec(w)?.slice(1) ?? [w]).slice(0, 8);
}

/**
 * Products (any status) in which every word starts a word of the name or description: the
 * GIN-indexed `search_words` tsvector. The catalogue answers this in memory (catalogue.words.ts);
 * this is the reference test/http/catalogue-words.test.ts holds it to.
 */
export async function prefixMatches(ctx: Ctx, words: string[]): Promise<string[]> {
  if (!words.length) return [];
  const tsq = words.map((w) => `${w}:*`).join(' & ');
  // One text value rather than thousands of rows: a broad word ("tra") matches a fifth of the table.
  const [r] = await rows<{ ids: string | null }>(readDb(ctx), sql`
    select string_agg(id::text, ',') as ids from products where search_words @@ to_tsquery('simple', ${tsq})`);
  return r?.ids ? r.ids.split(',') : [];
}

/**
 * For each query word, the most similar word of the catalogue's vocabulary by pg_trgm similarity
 * (above the extension's threshold), or the word itself when nothing is close: "ongg" → "ong".
 * The catalogue answers this in memory; this is the reference its test compares with.
 */
export async function closestWords(ctx: Ctx, words: string[], vocabulary: string[]): Promise<string[]> {
  if (!words.length || !vocabulary.length) return words;
  const found = await rows<{ q: string; w: string | null }>(readDb(ctx), sql`
    select q, (select w from unnest(${pgArray(vocabulary)}::text[]) w where w % q order by similarity(w, q) desc, w limit 1) as w
    from unnest(${pgArray(words)}::text[]) with ordinality as t(q, i) order by i`);
  return found.map((r) => r.w ?? r.q);
}

export interface LabelRow { kind: 'province' | 'set' | 'group'; code: string; name: string }

/** Names for facet values: provinces, product sets and groups of a classification. */
export async function facetLabels(ctx: Ctx, classification: string): Promise<LabelRow[]> {
  return rows<LabelRow>(readDb(ctx), sql`
    select 'province' as kind, code, name from areas where level = 'province'
    union all select 'set', code, name from product_sets where classification = ${classification}
    union all select distinct 'group', top_group, top_group_name from product_sets where classification = ${classification}`);
}

// ─── One product, producer, province ─────────────────────────────────────────

export interface PublicProductRow {
  id: string; name: string; description: string; story: string; ingredients: string; packaging: string;
  shelf_life: string; gtin: string | null; is_sample: boolean; updated_at: string;
  set_code: string; set_name: string | null; group_code: string | null; group_name: string | null;
  producer_id: string; producer_name: string; producer_kind: ProducerKind;
  commune_code: string; commune_name: string; province_code: string; province_name: string;
  number: string; stars: number; issued_on: string; expires_on: string; state: 'active' | 'revoked' | 'superseded';
  revoked_on: string | null; superseded_on: string | null; decision_level: string; issuer: string; issuer_key: string;
  /** Its photos in order (at most 12), read with it (one round trip for the product page). */
  images: ImageRow[] | string;
}

const productSelect = sql`
  select p.id, p.name, p.description, p.story, p.ingredients, p.packaging, p.shelf_life, p.gtin, p.is_sample,
         to_char(p.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as updated_at,
         p.product_set_code as set_code, ps.name as set_name, ps.top_group as group_code, ps.top_group_name as group_name,
         pr.id as producer_id, pr.name as producer_name, pr.kind as producer_kind,
         p.commune_code, com.name as commune_name, p.province_code, prov.name as province_name,
         c.number, c.stars, to_char(c.issued_on, 'YYYY-MM-DD') as issued_on, to_char(c.expires_on, 'YYYY-MM-DD') as expires_on,
         c.state, to_char(c.revoked_on, 'YYYY-MM-DD') as revoked_on, to_char(c.superseded_on, 'YYYY-MM-DD') as superseded_on,
         d.level as decision_level, d.issuer, c.issuer_key,
         coalesce((select json_agg(i) from (
           select i.id, i.width, i.height, i.storage_key from product_images i where i.product_id = p.id
           order by i.position, i.created_at, i.id limit 12) i), '[]'::json) as images
  from products p
  join producers pr on pr.id = p.producer_id
  join areas prov on prov.code = p.province_code
  join areas com on com.code = p.commune_code
  left join product_sets ps on ps.classification = p.classification and ps.code = p.product_set_code
  join lateral (
    select * from certificates c where c.product_id = p.id and c.state <> 'superseded'
    order by c.issued_on desc, c.created_at desc limit 1
  ) c on true
  join decisions d on d.id = c.decision_id and d.status = 'approved'`;


/** A product with a certificate (its current one: the newest not superseded), or null. */
export async function findPublicProduct(ctx: Ctx, id: string): Promise<PublicProductRow | null> {
  if (!isUuid(id)) return null;
  const [r] = await rows<PublicProductRow>(readDb(ctx), sql`${productSelect} where p.id = ${id}::uuid`);
  return r ?? null;
}

/** The product whose GTIN-13 this is (with a certificate), or null. */
export async function findPublicProductByGtin(ctx: Ctx, gtin: string): Promise<PublicProductRow | null> {
  const [r] = await rows<PublicProductRow>(readDb(ctx), sql`${productSelect} where p.gtin = ${gtin}`);
  return r ?? null;
}

export interface ImageRow { id: string; width: number; height: number; storage_key: string }

/** Whether the product has ever been certified (its public page exists). */
export async function hasCertificate(ctx: Ctx, productId: string): Promise<boolean> {
  if (!isUuid(productId)) return false;
  const r = await rows<{ ok: boolean }>(readDb(ctx), sql`
    select exists (select 1 from certificates where product_id = ${productId}::uuid) as ok`);
  return Boolean(r[0]?.ok);
}

export interface PublicProducerRow {
  id: string; name: string; kind: ProducerKind; commune_code: string; commune_name: string;
  province_code: string; province_name: string; is_sample: boolean;
}

/** A producer with at least one certified (ever) product, or null. Public facts only. */
export async function findPublicProducer(ctx: Ctx, id: string): Promise<PublicProducerRow | null> {
  if (!isUuid(id)) return null;
  const [r] = await rows<PublicProducerRow>(readDb(ctx), sql`
    select pr.id, pr.name, pr.kind, pr.commune_code, com.name as commune_name, pr.province_code, prov.name as province_name, pr.is_sample
    from producers pr
    join areas com on com.code = pr.commune_code
    join areas prov on prov.code = pr.province_code
    where pr.id = ${id}::uuid
      and exists (select 1 from products p join certificates c on c.product_id = p.id where p.producer_id = pr.id)`);
  return r ?? null;
}


export async function findProvince(ctx: Ctx, code: string): Promise<{ code: string; name: string } | null> {
  if (!/^\d{2}$/.test(code)) return null;
  const [r] = await rows<{ code: string; name: string }>(readDb(ctx), sql`
    select code, name from areas where code = ${code} and level = 'province'`);
  return r ?? null;
}


// ─── Whole-catalogue lists: sitemap, open data ────────────────────────────────


export interface OpenDataRow {
  certificate_number: string; stars: number; issued_on: string; expires_on: string;
  decision_number: string; decision_date: string; decision_level: string; issuer: string; issuer_key: string;
  product_id: string; product_name: string; product_set_code: string; product_set_name: string | null;
  product_group: string | null; gtin: string | null; description: string;
  producer_id: string; producer_name: string; producer_kind: string;
  commune_code: string; commune_name: string; province_code: string; province_name: string; is_sample: boolean;
}

export async function openDataRows(ctx: Ctx, today: string): Promise<OpenDataRow[]> {
  return rows<OpenDataRow>(readDb(ctx), sql`
    with v as (${validCertificates(today)})
    select v.number as certificate_number, v.stars, to_char(v.issued_on, 'YYYY-MM-DD') as issued_on,
           to_char(v.expires_on, 'YYYY-MM-DD') as expires_on,
           d.number as decision_number, to_char(d.decision_date, 'YYYY-MM-DD') as decision_date, d.level as decision_level,
           d.issuer, v.issuer_key,
           p.id as product_id, p.name as product_name, p.product_set_code, ps.name as product_set_name,
           ps.top_group_name as product_group, p.gtin, p.description,
           pr.id as producer_id, pr.name as producer_name, pr.kind as producer_kind,
           p.commune_code, com.name as commune_name, p.province_code, prov.name as province_name, p.is_sample
    from v
    join decisions d on d.id = v.decision_id
    join products p on p.id = v.product_id
    join producers pr on pr.id = p.producer_id
    join areas com on com.code = p.commune_code
    join areas prov on prov.code = p.province_code
    left join product_sets ps on ps.classification = p.classification and ps.code = p.product_set_code
    order by p.province_code, v.number`);
}
