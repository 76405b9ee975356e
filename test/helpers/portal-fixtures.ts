/**
 * A small public catalogue for portal tests, made through the real paths: a certified-products
 * import (the public format), product details and a photo through the registry services, points
 * of sale through the outlets repository, one certificate revoked through the API. With the clock
 * at 2026-07-02 it holds:
 *
 *   valid today (8): three honey products (3★ Thanh Hóa, 4★ Tuyên Quang with a GTIN and a photo,
 *     5★ Thanh Hóa household), a turmeric-honey powder (Hà Nội, cooperative group), fish sauce,
 *     Shan tuyết tea, nem chua (enterprise), a Bát Tràng tea set (enterprise, Hà Nội);
 *   not listed: an expired honey (decided 2022), a revoked honey, an uncertified honey.
 */
import { eq, inArray } from 'drizzle-orm';
import sharp from 'sharp';
import type { Ctx } from '../../src/context';
import { makeTaxCode } from '../../src/domain/tax-code';
import { makeGtin13 } from '../../src/domain/gtin';
import { runImport } from '../../src/modules/imports/import.service';
import { updateProduct } from '../../src/modules/registry/product.service';
import { addProductImage } from '../../src/modules/registry/product-images.service';
import { products } from '../../src/modules/registry/registry.tables';
import { addOutletProducts, insertOutlet } from '../../src/modules/outlets/outlets.repository';
import type { TestApp } from './app';
import { asUser } from './app';
import { buildProduct } from './builders';

export const PORTAL_NOW = new Date('2026-07-02T03:00:00Z');

const HEADER = 'product_name,product_set,producer_name,producer_kind,tax_code,commune_code,address,stars,decision_number,decision_date,certificate_number,potential_five_star';
const TAX = (n: number) => makeTaxCode(38_500_000 + n);

export const NAMES = {
  honeyMeoVac: 'Mật ong bạc hà Mèo Vạc',
  honeyCamThuy: 'Mật ong hoa nhãn Cẩm Thủy',
  honeyPuLuong: 'Mật ong rừng Pù Luông',
  turmericHoney: 'Tinh bột nghệ mật ong Hoàn Kiếm',
  fishSauce: 'Nước mắm cá cơm Ba Làng',
  tea: 'Chè Shan tuyết Lũng Phìn',
  nem: 'Nem chua Hạc Thành',
  teaSet: 'Bộ ấm chén men lam Bát Tràng',
  expired: 'Mật ong hoa cà phê Thọ Xuân',
  revoked: 'Mật ong keo Thiệu Toán',
  uncertified: 'Mật ong chưa chứng nhận',
} as const;

export const GTIN_MEO_VAC = makeGtin13('893', 604_512_005);

const ROWS = [
  `${NAMES.honeyMeoVac},4,Hợp tác xã Ong mật bạc hà Mèo Vạc,hợp tác xã,${TAX(1)},00769,,4,0215/QĐ-UBND,2025-09-10,OCOP-08-2025-00001,không`,
  `${NAMES.honeyCamThuy},4,Hợp tác xã Nuôi ong Cẩm Tú,hợp tác xã,${TAX(2)},15148,,3,1234/QĐ-UBND,2025-08-15,OCOP-38-2025-00001,không`,
  `${NAMES.honeyPuLuong},4,Hộ kinh doanh Lò Văn Pọm,hộ kinh doanh,,14956,,5,1234/QĐ-UBND,2025-08-15,OCOP-38-2025-00002,không`,
  `${NAMES.fishSauce},9,Hợp tác xã Chế biến hải sản Ba Làng,hợp tác xã,${TAX(3)},16561,,4,1234/QĐ-UBND,2025-08-15,OCOP-38-2025-00003,không`,
  `${NAMES.nem},8,Công ty TNHH Nem chua Hạc Thành,doanh nghiệp,${TAX(4)},14797,,3,1234/QĐ-UBND,2025-08-15,OCOP-38-2025-00004,không`,
  `${NAMES.revoked},4,Hợp tác xã Dịch vụ nông nghiệp Thiệu Toán,hợp tác xã,${TAX(5)},15820,,3,1234/QĐ-UBND,2025-08-15,OCOP-38-2025-00005,không`,
  `${NAMES.expired},4,Hộ kinh doanh Nguyễn Văn Tám,hộ kinh doanh,,15499,,3,0999/QĐ-UBND,2022-05-10,OCOP-38-2022-00001,không`,
  `${NAMES.tea},11,Hợp tác xã Chè Shan tuyết Lũng Phìn,hợp tác xã,${TAX(6)},00763,,3,0215/QĐ-UBND,2025-09-10,OCOP-08-2025-00002,không`,
  `${NAMES.teaSet},21,Công ty TNHH Gốm sứ Bát Tràng Xưa,doanh nghiệp,${TAX(7)},00577,,4,2861/QĐ-UBND,2024-03-01,OCOP-01-2024-00001,không`,
  `${NAMES.turmericHoney},7,Tổ hợp tác Nghệ Hoàn Kiếm,tổ hợp tác,,00070,,3,2861/QĐ-UBND,2024-03-01,OCOP-01-2024-00002,không`,
];

export interface PortalCatalogue {
  ids: Record<keyof typeof NAMES, string>;
  producerIds: Record<'meoVac' | 'turmeric', string>;
  outletIds: string[];
}

async function idsByName(ctx: Ctx): Promise<Record<string, string>> {
  const found = await ctx.deps.database.db.select({ id: products.id, name: products.name }).from(products)
    .where(inArray(products.name, Object.values(NAMES)));
  return Object.fromEntries(found.map((r) => [r.name, r.id]));
}

/** A red-ish 640×480 PNG photo. */
const photo = () => sharp({ create: { width: 640, height: 480, channels: 3, background: '#c8902a' } }).png().toBuffer();

export async function seedPortalCatalogue(t: TestApp): Promise<PortalCatalogue> {
  const data = Buffer.from(`${[HEADER, ...ROWS].join('\n')}\n`, 'utf8');
  const outcome = await runImport(t.ctx, 'certified-products', { name: 'catalogue.csv', data });
  if (!outcome.ok) throw new Error(`catalogue import failed: ${JSON.stringify(outcome.errors.slice(0, 3))}`);
  await buildProduct(t.ctx, { name: NAMES.uncertified });

  const byName = await idsByName(t.ctx);
  const ids = Object.fromEntries(Object.entries(NAMES).map(([k, name]) => [k, byName[name]!])) as PortalCatalogue['ids'];
  await updateProduct(t.ctx, ids.honeyMeoVac, {
    gtin: GTIN_MEO_VAC,
    description: 'Mật ong từ hoa bạc hà dại trên cao nguyên đá Đồng Văn, vị ngọt thanh.',
    story: 'Hoa bạc hà nở trắng các sườn núi đá mỗi mùa đông. Hợp tác xã gồm 48 hộ người Mông nuôi ong nội.',
    ingredients: 'Mật ong hoa bạc hà nguyên chất', packaging: 'Chai thủy tinh 500 ml', shelfLife: '24 tháng',
  });
  await updateProduct(t.ctx, ids.honeyPuLuong, { description: 'Mật ong rừng nguyên chất, dùng thay đường khi pha chè Shan tuyết.' });
  await addProductImage(t.ctx, ids.honeyMeoVac, { name: 'mat-ong.png', data: await photo() });

  const province = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38' });
  const r = await t.app.inject({
    method: 'POST', url: `/api/v1/certificates/OCOP-38-2025-00005/revoke`, headers: province.headers(),
    payload: { reason: 'Hậu kiểm: không duy trì chất lượng', legalBasis: 'Điều 10 Quyết định 26/2026/QĐ-TTg' },
  });
  if (r.statusCode !== 200) throw new Error(`revoke failed: ${r.statusCode} ${r.body}`);

  const outletIds = [
    await insertOutlet(t.ctx, {
      name: 'Trung tâm OCOP Hà Nội (thử nghiệm)', kind: 'ocop_centre', address: 'Phố Hàng Đường', communeCode: '00070', provinceCode: '01',
      openedOn: '2024-01-01', website: 'https://example.org/ocop', phone: '024 0000 0001', createdBy: 'test',
    }),
    await insertOutlet(t.ctx, {
      name: 'Cửa hàng đã đóng cửa', kind: 'shop', address: '', communeCode: '00769', provinceCode: '08',
      openedOn: '2023-01-01', closedOn: '2026-01-01', createdBy: 'test',
    }),
  ];
  await addOutletProducts(t.ctx, outletIds[0]!, [ids.honeyMeoVac, ids.teaSet], '2025-01-01');
  await addOutletProducts(t.ctx, outletIds[1]!, [ids.honeyMeoVac], '2023-01-01');

  const producerOf = async (id: string) => (await t.deps.database.db.select({ id: products.producerId }).from(products)
    .where(eq(products.id, id)).limit(1))[0]!.id;
  return { ids, producerIds: { meoVac: await producerOf(ids.honeyMeoVac), turmeric: await producerOf(ids.turmericHoney) }, outletIds };
}
