/**
 * Sample points of sale for the demo (seed/demo/outlets.json, SAMPLE data: invented outlets,
 * stored with is_sample = true). Products are named by producer and product name, as in
 * products.json.
 */
import { and, eq } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { areas, producers, products } from '../registry/registry.tables';
import { addOutletProducts, insertOutlet, type OutletKind } from './outlets.repository';

export interface DemoOutlet {
  name: string;
  kind: OutletKind;
  address: string;
  communeCode: string;
  openedOn?: string;
  website?: string;
  phone?: string;
  products: { producer: string; product: string }[];
}

async function productId(ctx: Ctx, producer: string, product: string): Promise<string> {
  const [row] = await exec(ctx).select({ id: products.id }).from(products)
    .innerJoin(producers, eq(producers.id, products.producerId))
    .where(and(eq(producers.name, producer), eq(products.name, product))).limit(1);
  if (!row) throw new Error(`demo outlets: product "${product}" of "${producer}" not found`);
  return row.id;
}

export async function loadDemoOutlets(ctx: Ctx, entries: DemoOutlet[]): Promise<number> {
  for (const o of entries) {
    const [commune] = await exec(ctx).select({ parent: areas.parentCode }).from(areas).where(eq(areas.code, o.communeCode)).limit(1);
    if (!commune?.parent) throw new Error(`demo outlets: commune ${o.communeCode} not found`);
    const id = await insertOutlet(ctx, {
      name: o.name, kind: o.kind, address: o.address, communeCode: o.communeCode, provinceCode: commune.parent,
      openedOn: o.openedOn ?? null, website: o.website ?? null, phone: o.phone ?? null, isSample: true,
      createdBy: ctx.actor?.label ?? 'demo',
    });
    const ids: string[] = [];
    for (const p of o.products) ids.push(await productId(ctx, p.producer, p.product));
    await addOutletProducts(ctx, id, ids, o.openedOn ?? null);
  }
  return entries.length;
}
