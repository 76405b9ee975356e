/** The marketplace's rows as the API shows them (market.schema.ts). */
import { imagePath, listingPath } from '../portal/catalogue.service';
import type { ListingRow, ShopRow, VariantRecord } from './market.repository';
import type { ListingDto, ShopDto } from './market.schema';
import { bankByBin } from './vietqr';

/** Addresses of the floor (docs/decisions/036). */
export const FLOOR_PATH = '/cho-ocop';
export { listingPath };
export const verifyPath = (certificateNumber: string) => `/v/${encodeURIComponent(certificateNumber)}`;
/** A review's photo (display copy or thumbnail): public while the review is shown. */
export const reviewPhotoPath = (reviewId: string, variant: 'thumb' | 'full') => `/anh/danh-gia/${reviewId}/${variant}`;

export function shopDto(s: ShopRow): ShopDto {
  return {
    id: s.id, name: s.name, description: s.description, status: s.status,
    producer: { id: s.producerId, name: s.producerName },
    phone: s.phone, email: s.email,
    pickup: { communeCode: s.pickupCommuneCode, communeName: s.communeName, provinceCode: s.pickupProvinceCode, provinceName: s.provinceName, street: s.pickupStreet },
    bank: { bin: s.bankBin, name: bankByBin(s.bankBin)?.shortName ?? s.bankBin, accountNumber: s.bankAccount, holder: s.bankHolder },
    shipping: { inProvince: s.shipInProvince, otherProvinces: s.shipOtherProvinces, freeFrom: s.shipFreeFrom },
    returnDays: s.returnDays, returnPolicy: s.returnPolicy, payWithinHours: s.payWithinHours,
    bankNotifications: s.notifyKeyHash !== null, isSample: s.isSample, version: s.version,
  };
}

/** The certificate a listing shows: the one valid today, else the product's newest (with why it is not valid). */
function certificateOf(r: ListingRow, today: string): ListingDto['certificate'] {
  if (r.cert_number) return { number: r.cert_number, status: 'valid', verifyUrl: verifyPath(r.cert_number) };
  if (!r.last_cert_number) return null;
  const state = r.last_cert_state;
  const status = state === 'revoked' ? 'revoked' : state === 'superseded' ? 'superseded'
    : r.last_cert_issued_on && r.last_cert_issued_on > today ? 'not_yet_valid' : 'expired';
  return { number: r.last_cert_number, status, verifyUrl: verifyPath(r.last_cert_number) };
}

export function listingDto(r: ListingRow & { price_from?: number | null; in_stock?: boolean }, variants: readonly VariantRecord[], today = ''): ListingDto {
  const prices = variants.map((v) => v.price);
  return {
    id: r.id, title: r.title, url: listingPath(r.id, r.title),
    shop: { id: r.shop_id, name: r.shop_name, provinceCode: r.shop_province_code, provinceName: r.shop_province_name },
    product: { id: r.product_id, name: r.product_name, stars: r.cert_stars, productSetCode: r.product_set_code },
    certificate: certificateOf(r, today),
    variants: variants.map((v) => ({ id: v.id, name: v.name, price: v.price, stock: v.stock, sku: v.sku, gtin: v.gtin })),
    priceFrom: r.price_from ?? (prices.length ? Math.min(...prices) : null),
    inStock: r.in_stock ?? variants.some((v) => v.stock > 0),
    onSale: r.on_sale, status: r.status, description: r.description,
    photo: r.photo_id ? imagePath(r.product_id, r.photo_id, 'thumb') : null,
    isSample: r.is_sample, version: r.version,
  };
}

/** The listing with its variants as they stand now (exact stock). */
export function withVariants(l: ListingDto, variants: readonly VariantRecord[]): ListingDto {
  const prices = variants.map((v) => v.price);
  return {
    ...l, variants: variants.map((v) => ({ id: v.id, name: v.name, price: v.price, stock: v.stock, sku: v.sku, gtin: v.gtin })),
    priceFrom: prices.length ? Math.min(...prices) : null, inStock: variants.some((v) => v.stock > 0),
  };
}
