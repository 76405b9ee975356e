/**
 * SAMPLE shops and listings for the demo (seed/demo/shops.json): opened and stocked through the
 * same services as a producer would, then marked `is_sample`. Their bank accounts are invented
 * and say so in the holder's name. A product not certified on the day the demo is loaded is left
 * out (the floor sells only products certified today).
 */
import type { Ctx } from '../../context';
import { AppError } from '../../errors';
import * as repo from './market.repository';
import type { ListingInput, ShopInput } from './market.schema';
import { createListing, openShop } from './shops.service';

export interface DemoShop extends Omit<ShopInput, 'producerId'> {
  producer: string;
  listings: (Omit<ListingInput, 'productId'> & { product: string })[];
}

export async function loadDemoMarket(ctx: Ctx, entries: readonly DemoShop[]): Promise<{ shops: number; listings: number }> {
  let listings = 0;
  for (const { producer, listings: items, ...fields } of entries) {
    const producerId = await repo.producerIdByName(ctx, producer);
    if (!producerId) throw new Error(`demo shops: producer "${producer}" not found`);
    const shop = await openShop(ctx, { ...fields, producerId });
    await repo.updateShop(ctx, shop.id, { isSample: true }, null);
    for (const { product, ...listing } of items) {
      const productId = await repo.productIdByName(ctx, producerId, product);
      if (!productId) throw new Error(`demo shops: product "${product}" of "${producer}" not found`);
      try {
        await createListing(ctx, shop.id, { ...listing, productId });
        listings++;
      } catch (e) {
        if (!(e instanceof AppError && e.code === 'not_certifiable')) throw e;
      }
    }
  }
  return { shops: entries.length, listings };
}
