/**
 * Test-data builders (engineering.md §11): each call creates a valid object graph with unique
 * values through the real services, so tests state only what they care about.
 *
 *   const producer = await buildProducer(ctx);                      // commune in the actor's area
 *   const product = await buildProduct(ctx, { producerId: producer.id });
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Ctx } from '../../src/context';
import { makeTaxCode } from '../../src/domain/tax-code';
import { areas } from '../../src/modules/registry/registry.tables';
import { createProducer } from '../../src/modules/registry/producer.service';
import type { ProducerDto, ProducerInput } from '../../src/modules/registry/producer.schema';
import type { ProductDto } from '../../src/modules/registry/product.schema';

/** Real codes from seed/areas (2025 units). */
export const AREAS = {
  /** Tỉnh Thanh Hóa */
  thanhHoa: '38',
  /** Thành phố Hà Nội */
  haNoi: '01',
  /** Phường Hàm Rồng, Thanh Hóa */
  hamRong: '14758',
  /** Phường Hạc Thành, Thanh Hóa */
  hacThanh: '14797',
  /** Phường Hoàn Kiếm, Hà Nội */
  hoanKiem: '00070',
} as const;

/** A product set of the current classification (148/2023): "Mật ong, mật khác và …". */
export const DEFAULT_PRODUCT_SET = '4';

let seq = 0;
/** Unique within a test file (each file has its own database). */
export const nextSeq = () => ++seq;

/** The first commune (by code) of a province, read from the database. */
export async function communeIn(ctx: Ctx, provinceCode: string): Promise<string> {
  const [row] = await ctx.deps.database.db.select({ code: areas.code }).from(areas)
    .where(and(eq(areas.level, 'commune'), eq(areas.parentCode, provinceCode)))
    .orderBy(asc(areas.code)).limit(1);
  if (!row) throw new Error(`no commune in province ${provinceCode}`);
  return row.code;
}

/** A commune the ctx's actor may register producers in (their own area), else Hàm Rồng (38). */
async function defaultCommune(ctx: Ctx): Promise<string> {
  const a = ctx.actor;
  if (a?.role === 'commune_officer' && a.areaCode) return a.areaCode;
  if (a?.role === 'province_officer' && a.areaCode) return communeIn(ctx, a.areaCode);
  return AREAS.hamRong;
}

const KINDS = ['cooperative', 'enterprise', 'household', 'cooperative_group'] as const;

export async function buildProducer(ctx: Ctx, overrides: Partial<ProducerInput> = {}): Promise<ProducerDto> {
  const n = nextSeq();
  return createProducer(ctx, {
    name: `Hợp tác xã Thử nghiệm Số ${n}`,
    kind: KINDS[n % KINDS.length]!,
    taxCode: makeTaxCode(10_000_000 + n),
    communeCode: overrides.communeCode ?? await defaultCommune(ctx),
    address: `Thôn ${n}`,
    representative: `Nguyễn Văn ${n}`,
    ...overrides,
  });
}

export interface ProductOverrides {
  producerId?: string;
  name?: string;
  productSetCode?: string;
  description?: string;
  story?: string;
  ingredients?: string;
  packaging?: string;
  shelfLife?: string;
  gtin?: string | null;
}


/**
 * A product (and its producer, unless `producerId` is given). The product service is imported
 * lazily so producer-only tests keep working while that module is being changed.
 */
export async function buildProduct(ctx: Ctx, overrides: ProductOverrides = {}): Promise<ProductDto> {
  const { createProduct } = await import('../../src/modules/registry/product.service');
  const producerId = overrides.producerId ?? (await buildProducer(ctx)).id;
  const n = nextSeq();
  return createProduct(ctx, {
    name: `Mật ong rừng thử nghiệm ${n}`,
    productSetCode: DEFAULT_PRODUCT_SET,
    description: `Sản phẩm thử nghiệm số ${n}`,
    ...overrides,
    producerId,
  });
}
