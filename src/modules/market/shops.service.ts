/**
 * Shops and listings (docs/decisions/036): a producer opens one shop — or an officer opens it on
 * its behalf — with the bank account its buyers pay into directly; a listing puts one of the
 * producer's certified products on sale in variants (pack, price in whole đồng, stock). A
 * listing is on the floor only while its product holds a certificate valid today (computed on
 * each read: an expiry or revocation takes it off at once and a new certificate brings it back).
 */
import { inTx, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { validateEmail, validateVnPhone } from '../../domain/contact';
import { todayInVietnam } from '../../domain/dates';
import { isUuid } from '../../domain/ids';
import { gtinCheckDigit } from '../../domain/gtin';
import { AppError, notFound, problem, validation, type FieldErrors } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import { publicFactsChanged } from '../registry/public-facts-feed';
import { sha256, randomToken } from '../identity/tokens';
import * as repo from './market.repository';
import { canKeepShop, canReadShop, shopListScope } from './market.policy';
import type { ListingDto, ListingInput, ListingPatch, ListingQuery, ShopDto, ShopInput, ShopPatch } from './market.schema';
import { listingDto, shopDto as baseShopDto, withVariants } from './market.dto';
import { ACCOUNT_NUMBER, bankByBin } from './vietqr';
import { floorIndex, searchFloorIndex } from './floor.index';

const today = (ctx: Ctx) => todayInVietnam(ctx.deps.clock());
export const STALE = 'changed meanwhile: reload it';

// ─── Shops ────────────────────────────────────────────────────────────────────

/** The shop as the API shows it, with the bank-notification services it linked (never their key or secret). */
function shopDto(s: repo.ShopRow): ShopDto {
  const services = [...(s.notifyKeyHash !== null ? ['sepay' as const] : []), ...(s.notifySecret !== null ? ['casso' as const] : [])];
  return { ...baseShopDto(s), bankNotifications: services.length > 0, bankNotificationServices: services };
}

type ShopFields = Omit<ShopInput, 'producerId'>;

/** Checks a shop's fields (all problems in one answer); the columns to write. */
async function shopColumns(ctx: Ctx, f: Partial<ShopFields>, fields: FieldErrors) {
  const out: Record<string, unknown> = {};
  if (f.name !== undefined) out.name = f.name;
  if (f.description !== undefined) out.description = f.description;
  if (f.phone !== undefined) {
    const r = validateVnPhone(f.phone);
    if (r.ok) out.phone = r.value; else fields.phone = problem('market.phone');
  }
  if (f.email !== undefined) {
    if (!f.email) out.email = null;
    else {
      const r = validateEmail(f.email);
      if (r.ok) out.email = r.value; else fields.email = problem('market.email');
    }
  }
  if (f.pickup !== undefined) {
    const commune = await repo.findCommune(ctx, f.pickup.communeCode);
    if (!commune) fields['pickup.communeCode'] = problem('market.unknown_commune');
    else Object.assign(out, { pickupCommuneCode: commune.code, pickupProvinceCode: commune.provinceCode, pickupStreet: f.pickup.street });
  }
  if (f.bank !== undefined) {
    if (!bankByBin(f.bank.bin)) fields['bank.bin'] = problem('market.unknown_bank');
    const account = f.bank.accountNumber.replace(/[\s.-]/g, '').toUpperCase();
    if (!ACCOUNT_NUMBER.test(account)) fields['bank.accountNumber'] = problem('market.account_number');
    Object.assign(out, { bankBin: f.bank.bin, bankAccount: account, bankHolder: f.bank.holder.toUpperCase() });
  }
  if (f.shipping !== undefined) {
    Object.assign(out, { shipInProvince: f.shipping.inProvince, shipOtherProvinces: f.shipping.otherProvinces, shipFreeFrom: f.shipping.freeFrom });
  }
  if (f.returnDays !== undefined) out.returnDays = f.returnDays;
  if (f.returnPolicy !== undefined) out.returnPolicy = f.returnPolicy;
  if (f.payWithinHours !== undefined) out.payWithinHours = f.payWithinHours;
  return out;
}

/** The problems of a shop's fields beyond their schema (phone, e-mail, commune, bank), nothing written: a form shows them beside the schema's own. */
export async function shopFieldProblems(ctx: Ctx, f: Pick<ShopFields, 'phone' | 'email' | 'pickup' | 'bank'>): Promise<FieldErrors> {
  const fields: FieldErrors = {};
  await shopColumns(ctx, f, fields);
  return fields;
}

/** The producer (and where it is) a shop belongs to, when the actor may keep its shop; 404 otherwise. */
async function keptProducer(ctx: Ctx, producerId: string) {
  const producer = isUuid(producerId) ? await repo.findProducer(ctx, producerId) : null;
  if (!producer || !canKeepShop(requireActor(ctx), { provinceCode: producer.provinceCode, communeCode: producer.communeCode, producerId: producer.id })) {
    throw notFound('producer');
  }
  return producer;
}

export async function openShop(ctx: Ctx, input: ShopInput): Promise<ShopDto> {
  const actor = requireActor(ctx);
  const producerId = input.producerId ?? actor.producerId;
  if (!producerId) throw validation({ producerId: problem('market.producer_required') });
  return inTx(ctx, async (tx) => {
    const producer = await keptProducer(tx, producerId);
    if (await repo.shopOfProducer(tx, producer.id)) throw new AppError('duplicate', 'this producer has a shop already');
    const fields: FieldErrors = {};
    const columns = await shopColumns(tx, input, fields);
    if (Object.keys(fields).length) throw validation(fields);
    const id = await repo.insertShop(tx, { ...(columns as Parameters<typeof repo.insertShop>[1]), producerId: producer.id });
    await recordAudit(tx, { action: 'market.shop_open', entityType: 'shop', entityId: id, provinceCode: producer.provinceCode, after: columns });
    return shopDto((await repo.getShop(tx, id))!);
  });
}

/** The shop, when the actor may read it; 404 otherwise. */
export async function readShop(ctx: Ctx, id: string, keep = false): Promise<repo.ShopRow> {
  const shop = isUuid(id) ? await repo.getShop(ctx, id) : null;
  if (shop) {
    const located = { provinceCode: shop.producerProvinceCode, communeCode: shop.producerCommuneCode, producerId: shop.producerId };
    if ((keep ? canKeepShop : canReadShop)(requireActor(ctx), located)) return shop;
  }
  throw notFound('shop');
}

export const getShop = async (ctx: Ctx, id: string): Promise<ShopDto> => shopDto(await readShop(ctx, id));

/** The signed-in producer's own shop (404 when none yet). */
export async function myShop(ctx: Ctx): Promise<ShopDto> {
  const actor = requireActor(ctx);
  const shop = actor.producerId ? await repo.shopOfProducer(ctx, actor.producerId) : null;
  if (!shop) throw notFound('shop');
  return shopDto(shop);
}

export async function listShops(ctx: Ctx, page: number, pageSize: number) {
  const actor = requireActor(ctx);
  if (actor.role === 'producer') {
    const own = actor.producerId ? await repo.shopOfProducer(ctx, actor.producerId) : null;
    return { items: own ? [shopDto(own)] : [], total: own ? 1 : 0, page, pageSize };
  }
  const scope = shopListScope(actor);
  if (scope === undefined) return { items: [], total: 0, page, pageSize };
  const found = await repo.listShops(ctx, scope, page, pageSize);
  return { items: found.items.map(shopDto), total: found.total, page, pageSize };
}

export async function updateShop(ctx: Ctx, id: string, patch: ShopPatch): Promise<ShopDto> {
  return inTx(ctx, async (tx) => {
    const shop = await readShop(tx, id, true);
    const fields: FieldErrors = {};
    const columns = await shopColumns(tx, patch, fields);
    if (patch.status !== undefined) columns.status = patch.status;
    if (Object.keys(fields).length) throw validation(fields);
    if (!(await repo.updateShop(tx, shop.id, columns, patch.version ?? null))) throw new AppError('conflict', `the shop was ${STALE}`);
    await recordAudit(tx, { action: 'market.shop_update', entityType: 'shop', entityId: shop.id, provinceCode: shop.producerProvinceCode, after: columns });
    // Its listings' pages name the shop (the catalogue itself does not change).
    await publicFactsChanged(tx, {});
    return shopDto((await repo.getShop(tx, shop.id))!);
  });
}

/**
 * A new key for the shop's bank-notification service (sent by it as `Authorization: Apikey …`).
 * Shown once; only its SHA-256 is kept. A new key replaces the old one.
 */
export async function newNotifyKey(ctx: Ctx, id: string): Promise<{ key: string }> {
  return inTx(ctx, async (tx) => {
    const shop = await readShop(tx, id, true);
    const key = `ocopbank_${randomToken(24)}`;
    await repo.updateShop(tx, shop.id, { notifyKeyHash: sha256(key) }, null);
    await recordAudit(tx, { action: 'market.shop_notify_key', entityType: 'shop', entityId: shop.id, provinceCode: shop.producerProvinceCode });
    return { key };
  });
}

/**
 * The secret the shop's Casso Webhook V2 integration signs with (made on Casso, entered here; kept
 * as given: checking a signature needs it). Null unlinks Casso. Never shown back.
 */
export async function setNotifySecret(ctx: Ctx, id: string, secret: string | null): Promise<ShopDto> {
  return inTx(ctx, async (tx) => {
    const shop = await readShop(tx, id, true);
    await repo.updateShop(tx, shop.id, { notifySecret: secret }, null);
    await recordAudit(tx, { action: secret ? 'market.shop_notify_secret' : 'market.shop_notify_secret_clear', entityType: 'shop', entityId: shop.id, provinceCode: shop.producerProvinceCode });
    return shopDto((await repo.getShop(tx, shop.id))!);
  });
}

// ─── Listings ─────────────────────────────────────────────────────────────────

/** A GTIN of 8, 12, 13 or 14 digits by the GS1 check digit (src/domain/gtin.ts): written on 14 digits, the first weighs 3. */
export function isValidGtin(gtin: string): boolean {
  if (!/^\d{8}$|^\d{12,14}$/.test(gtin)) return false;
  const g = gtin.padStart(14, '0');
  return (gtinCheckDigit(g.slice(1, 13)) - 3 * Number(g[0]) + 30) % 10 === Number(g[13]);
}

/** Names unique in the listing, GTINs with their check digit, at least one variant on sale. */
function checkVariants(variants: ListingInput['variants'], fields: FieldErrors) {
  const names = new Set<string>();
  variants.forEach((v, i) => {
    const key = v.name.toLowerCase();
    if (names.has(key)) fields[`variants.${i}.name`] = problem('market.variant_twice');
    names.add(key);
    if (v.gtin && !isValidGtin(v.gtin)) fields[`variants.${i}.gtin`] = problem('market.gtin');
  });
  if (!variants.some((v) => v.active !== false)) fields.variants = problem('market.variant_active_one');
}

/**
 * Saves the variants as the complete list: changed, added, and those left out withdrawn. A variant
 * sent with the stock it was read at keeps the stock as it is now when that was not changed (sales
 * meanwhile stand), and a changed stock is written only if no sale moved it meanwhile (409).
 */
async function saveVariants(ctx: Ctx, listingId: string, variants: ListingInput['variants']) {
  const existing = await repo.variantsOf(ctx, [listingId], false);
  const mine = new Set(existing.map((v) => v.id));
  const fields: FieldErrors = {};
  variants.forEach((v, i) => { if (v.id && !mine.has(v.id)) fields[`variants.${i}.id`] = problem('market.variant_other_listing'); });
  if (Object.keys(fields).length) throw validation(fields);
  const kept = new Set<string>();
  for (const [position, v] of variants.entries()) {
    const values = { name: v.name, price: v.price, stock: v.stock, sku: v.sku ?? null, gtin: v.gtin ?? null, active: v.active, position };
    if (!v.id) { await repo.insertVariant(ctx, { ...values, listingId }); continue; }
    kept.add(v.id);
    const unchanged = v.stockWas !== undefined && v.stockWas === v.stock;
    const { stock: _stock, ...rest } = values;
    if (!(await repo.updateVariant(ctx, v.id, unchanged ? rest : values, unchanged ? undefined : v.stockWas))) {
      throw new AppError('conflict', `the stock of "${v.name}" moved meanwhile (a sale): reload it`, undefined, { variantId: v.id });
    }
  }
  for (const v of existing) if (!kept.has(v.id) && v.active) await repo.updateVariant(ctx, v.id, { active: false });
}

export async function createListing(ctx: Ctx, shopId: string, input: ListingInput): Promise<ListingDto> {
  return inTx(ctx, async (tx) => {
    const shop = await readShop(tx, shopId, true);
    const product = await repo.productForListing(tx, input.productId, today(tx));
    const fields: FieldErrors = {};
    if (!product || product.producerId !== shop.producerId) fields.productId = problem('market.other_producer');
    checkVariants(input.variants, fields);
    if (input.variants.some((v) => v.id)) fields['variants.0.id'] = problem('market.variant_other_listing');
    if (Object.keys(fields).length) throw validation(fields);
    if (!product!.certified) throw new AppError('not_certifiable', 'only products with an OCOP certificate valid today are sold on the floor');
    if (await repo.listingOfProduct(tx, product!.id)) throw new AppError('duplicate', 'this product is listed already: change its listing');
    const id = await repo.insertListing(tx, { shopId: shop.id, productId: product!.id, title: input.title ?? product!.name, description: input.description, isSample: shop.isSample });
    await saveVariants(tx, id, input.variants);
    await recordAudit(tx, { action: 'market.listing_create', entityType: 'listing', entityId: id, provinceCode: shop.producerProvinceCode, after: input });
    await publicFactsChanged(tx, { productIds: [product!.id] });
    return listingOf(tx, id);
  });
}

/** The listing, when the actor may keep (or read) its shop; 404 otherwise. */
async function readListing(ctx: Ctx, id: string, keep: boolean): Promise<repo.ListingRow> {
  const row = isUuid(id) ? await repo.getListing(ctx, id, today(ctx)) : null;
  if (!row) throw notFound('listing');
  await readShop(ctx, row.shop_id, keep);
  return row;
}

/** The listing as its shop sees it: every variant, those withdrawn from sale too (`active`). */
async function listingOf(ctx: Ctx, id: string): Promise<ListingDto> {
  const row = (await repo.getListing(ctx, id, today(ctx)))!;
  const all = await repo.variantsOf(ctx, [row.id], false);
  const dto = listingDto(row, all.filter((v) => v.active), today(ctx));
  return { ...dto, variants: all.map((v) => ({ id: v.id, name: v.name, price: v.price, stock: v.stock, sku: v.sku, gtin: v.gtin, active: v.active })) };
}

export async function getListingForShop(ctx: Ctx, id: string): Promise<ListingDto> {
  return listingOf(ctx, (await readListing(ctx, id, false)).id);
}

export async function updateListing(ctx: Ctx, id: string, patch: ListingPatch): Promise<ListingDto> {
  return inTx(ctx, async (tx) => {
    const row = await readListing(tx, id, true);
    const fields: FieldErrors = {};
    if (patch.variants) checkVariants(patch.variants, fields);
    if (Object.keys(fields).length) throw validation(fields);
    const values: Record<string, unknown> = {};
    if (patch.title !== undefined) values.title = patch.title;
    if (patch.description !== undefined) values.description = patch.description;
    if (patch.status !== undefined) values.status = patch.status;
    if (!(await repo.updateListing(tx, row.id, values, patch.version ?? null))) throw new AppError('conflict', `the listing was ${STALE}`);
    if (patch.variants) await saveVariants(tx, row.id, patch.variants);
    await recordAudit(tx, { action: 'market.listing_update', entityType: 'listing', entityId: row.id, provinceCode: row.shop_province_code, after: patch });
    await publicFactsChanged(tx, { productIds: [row.product_id] });
    return listingOf(tx, row.id);
  });
}

export async function listShopListings(ctx: Ctx, shopId: string, q: ListingQuery) {
  await readShop(ctx, shopId, false);
  return searchFloor(ctx, { ...q, shop: shopId }, { all: true });
}

// ─── The floor ────────────────────────────────────────────────────────────────

/**
 * Listings on the floor today (public): searched in memory (floor.index.ts), their details read for
 * the page; in SQL while the change feed is not heard. With `all`, a shop's own listings whether
 * on sale or not (SQL).
 */
export async function searchFloor(ctx: Ctx, q: ListingQuery, opts: { all?: boolean; exactStock?: boolean } = {}) {
  const index = opts.all ? null : await floorIndex(ctx);
  if (index) {
    const { entries, total } = searchFloorIndex(index, q);
    let items = entries.map((e) => e.dto);
    if (opts.exactStock && items.length) {
      const variants = await repo.variantsOf(ctx, items.map((i) => i.id));
      items = items.map((i) => withVariants(i, variants.filter((v) => v.listingId === i.id)));
    }
    return { items, total, page: q.page, pageSize: q.pageSize };
  }
  const all = opts.all ?? false;
  const found = await repo.searchListings(ctx, q, today(ctx), all);
  const variants = await repo.variantsOf(ctx, found.rows.map((r) => r.id));
  return { items: found.rows.map((r) => listingDto(r, variants.filter((v) => v.listingId === r.id), today(ctx))), total: found.total, page: q.page, pageSize: q.pageSize };
}

/** A listing on the floor today (public); 404 when it is not on sale. */
export async function publicListing(ctx: Ctx, id: string): Promise<ListingDto> {
  const row = isUuid(id) ? await repo.getListing(ctx, id, today(ctx)) : null;
  if (!row?.on_sale) throw notFound('listing');
  return listingDto(row, await repo.variantsOf(ctx, [row.id]), today(ctx));
}
