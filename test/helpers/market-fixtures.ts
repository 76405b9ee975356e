/**
 * Two shops on the portal test catalogue (portal-fixtures.ts), opened and stocked through the
 * API by their producers' own accounts:
 *   A — the Mèo Vạc honey cooperative (Tuyên Quang, 08), Vietcombank, 25,000 đ in its province,
 *       40,000 đ elsewhere, free from 500,000 đ: "Mật ong bạc hà Mèo Vạc" in 250 g (120,000 đ,
 *       stock 10) and 500 g (220,000 đ, stock 4);
 *   B — the Pù Luông honey household (Thanh Hóa, 38), BIDV, 20,000 / 35,000 đ: "Mật ong rừng
 *       Pù Luông" 500 ml (180,000 đ, stock 10).
 */
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { products } from '../../src/modules/registry/registry.tables';
import type { ListingDto, ShopDto } from '../../src/modules/market/market.schema';
import { asUser, json, type AuthedUser, type TestApp } from './app';
import { seedPortalCatalogue, type PortalCatalogue } from './portal-fixtures';

export interface MarketFixture {
  cat: PortalCatalogue;
  sellerA: AuthedUser; sellerB: AuthedUser;
  shopA: ShopDto; shopB: ShopDto;
  listingA: ListingDto; listingB: ListingDto;
  /** Variant ids: A 250 g, A 500 g, B 500 ml. */
  a250: string; a500: string; b500: string;
}

export const shopInput = (over: Record<string, unknown> = {}) => ({
  name: 'Gian hàng thử nghiệm', description: 'Mật ong nguyên chất', phone: '0912 345 678', email: 'shop@example.org',
  pickup: { communeCode: '00769', street: 'Thôn Pả Vi' },
  bank: { bin: '970436', accountNumber: '0011004455667', holder: 'HTX ONG MAT MEO VAC' },
  shipping: { inProvince: 25_000, otherProvinces: 40_000, freeFrom: 500_000 },
  returnDays: 7, returnPolicy: 'Đổi trả trong 7 ngày nếu hàng lỗi.', payWithinHours: 24,
  ...over,
});

export async function producerOf(t: TestApp, productId: string): Promise<string> {
  const [row] = await t.deps.database.db.select({ id: products.producerId }).from(products).where(eq(products.id, productId)).limit(1);
  return row!.id;
}

export async function seedMarket(t: TestApp): Promise<MarketFixture> {
  const cat = await seedPortalCatalogue(t);
  const sellerA = await asUser(t.app, t.deps, { role: 'producer', producerId: cat.producerIds.meoVac });
  const sellerB = await asUser(t.app, t.deps, { role: 'producer', producerId: await producerOf(t, cat.ids.honeyPuLuong) });
  const post = async (user: AuthedUser, url: string, payload: unknown) => {
    const res = await t.app.inject({ method: 'POST', url, headers: user.headers(), payload: payload as object });
    expect(res.statusCode, res.body).toBe(201);
    return json(res);
  };
  const shopA = await post(sellerA, '/api/v1/market/shops', shopInput({ name: 'HTX Ong mật Mèo Vạc' })) as ShopDto;
  const shopB = await post(sellerB, '/api/v1/market/shops', shopInput({
    name: 'Mật ong rừng Pù Luông', pickup: { communeCode: '14956', street: 'Bản Đôn' }, email: 'puluong@example.org',
    bank: { bin: '970418', accountNumber: '21510001234567', holder: 'LO VAN POM' }, shipping: { inProvince: 20_000, otherProvinces: 35_000, freeFrom: null },
  })) as ShopDto;
  const listingA = await post(sellerA, `/api/v1/market/shops/${shopA.id}/listings`, {
    productId: cat.ids.honeyMeoVac, description: 'Mật ong hoa bạc hà thu hoạch mùa đông.',
    variants: [{ name: 'Chai 250 g', price: 120_000, stock: 10 }, { name: 'Chai 500 g', price: 220_000, stock: 4 }],
  }) as ListingDto;
  const listingB = await post(sellerB, `/api/v1/market/shops/${shopB.id}/listings`, {
    productId: cat.ids.honeyPuLuong, variants: [{ name: 'Chai 500 ml', price: 180_000, stock: 10 }],
  }) as ListingDto;
  const v = (l: ListingDto, name: string) => l.variants.find((x) => x.name === name)!.id;
  return {
    cat, sellerA, sellerB, shopA, shopB, listingA, listingB,
    a250: v(listingA, 'Chai 250 g'), a500: v(listingA, 'Chai 500 g'), b500: v(listingB, 'Chai 500 ml'),
  };
}

/** A guest's checkout body: a Hà Nội address (province 01: both shops ship out of province). */
export const guestCheckout = (items: { variantId: string; quantity: number; price?: number }[], payment: 'cod' | 'vietqr' = 'vietqr') => ({
  buyer: { name: 'Nguyễn Thị Mua', phone: '0987 654 321', email: 'mua@example.org' },
  address: { communeCode: '00070', street: '12 Hàng Đường' },
  items, payment,
});
