/**
 * Sample points of sale for the demo (seed/demo/outlets.json, SAMPLE data: invented outlets,
 * stored with is_sample = true). Products are named by producer and product name, as in
 * products.json.
 */
import type { Ctx } from '../../context';
import { addOutletProducts, findCommune, insertOutlet, productIdByNames, type OutletKind } from './outlets.repository';

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
  const id = await productIdByNames(ctx, producer, product);
  if (!id) throw new Error(`demo outlets: product "${product}" of "${producer}" not found`);
  return id;
}

export async function loadDemoOutlets(ctx: Ctx, entries: DemoOutlet[]): Promise<number> {
  for (const o of entries) {
    const commune = await findCommune(ctx, o.communeCode);
    if (!commune) throw new Error(`demo outlets: commune ${o.communeCode} not found`);
    const id = await insertOutlet(ctx, {
      name: o.name, kind: o.kind, address: o.address, communeCode: o.communeCode, provinceCode: commune.provinceCode,
      openedOn: o.openedOn ?? null, website: o.website ?? null, phone: o.phone ?? null, isSample: true,
      createdBy: ctx.actor?.label ?? 'demo',
    });
    const ids: string[] = [];
    for (const p of o.products) ids.push(await productId(ctx, p.producer, p.product));
    await addOutletProducts(ctx, id, ids, o.openedOn ?? null);
  }
  return entries.length;
}
