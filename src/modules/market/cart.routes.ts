/**
 * The cart in the API (docs/decisions/036): an app keeps the cart itself and asks for its quote —
 * split by shop, each shop's shipping fee, what checkout would refuse now — before it checks out.
 */
import type { App } from '../../web/http';
import { errorResponses } from '../../web/api-schemas';
import { CartQuoteResultSchema, CartQuoteSchema } from './cart.schema';
import { quoteCart } from './cart.service';

export function registerCartRoutes(app: App) {
  app.post('/api/v1/market/cart', {
    config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
    schema: {
      tags: ['market'],
      summary: 'Quote a cart: one part per shop (as checkout splits it) with that shop\'s shipping fee to the delivery commune\'s province, the total, '
        + 'and per line why checkout would refuse it now (not_on_sale, out_of_stock). Nothing is held: stock is taken at checkout',
      body: CartQuoteSchema, response: { 200: CartQuoteResultSchema, ...errorResponses(400, 429) },
    },
  }, async (req) => quoteCart(req.ctx, req.body));
}
