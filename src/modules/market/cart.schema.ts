/**
 * The cart quote (docs/decisions/036): what an app shows before checkout — the cart split by shop
 * with each shop's shipping fee to the delivery province, as things stand. Money in whole đồng.
 */
import { z } from 'zod';
import { MAX_QUANTITY } from '../../domain/market';

export const CartQuoteSchema = z.object({
  items: z.array(z.object({ variantId: z.string().uuid(), quantity: z.number().int().min(1).max(MAX_QUANTITY) })).min(1).max(50),
  communeCode: z.string().regex(/^\d{5}$/, '5-digit commune code').optional().describe('the delivery commune: without it, no shipping fee is quoted'),
});
export type CartQuoteInput = z.infer<typeof CartQuoteSchema>;

const CartLineSchema = z.object({
  variantId: z.string(), listingId: z.string(), title: z.string(), variantName: z.string(), url: z.string(),
  price: z.number().int(), quantity: z.number().int(), lineTotal: z.number().int(),
  stock: z.number().int(),
  problem: z.enum(['not_on_sale', 'out_of_stock']).nullable().describe('why checkout would refuse this line now (null: it would not)'),
});

export const CartQuoteResultSchema = z.object({
  shops: z.array(z.object({
    shop: z.object({ id: z.string(), name: z.string() }),
    items: z.array(CartLineSchema),
    subtotal: z.number().int().describe('the lines that can be bought now'),
    shippingFee: z.number().int().nullable().describe('null without a delivery commune'),
    total: z.number().int().nullable(),
  })),
  unknown: z.array(z.string()).describe('variant ids that do not exist'),
  total: z.number().int().nullable().describe('what checkout would charge now, all shops together (null without a delivery commune)'),
  ready: z.boolean().describe('true when checkout would take every line as it stands'),
});
export type CartQuote = z.infer<typeof CartQuoteResultSchema>;
