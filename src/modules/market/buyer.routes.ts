/**
 * A buyer's account over the API (issue 15): signing up (public, rate-limited), the addresses
 * kept and the orders placed from the account (`buyer` role only; another buyer's address is 404).
 * The pages are in buyer-pages.routes.tsx; review photos in review-photo.routes.ts.
 */
import { z } from 'zod';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { errorResponses, pageOf } from '../../web/api-schemas';
import { BUYERS } from './buyer.policy';
import { AddressBody, AddressPatchBody, AddressSchema, BuyerSchema, BuyerSignupBody, MAX_ADDRESSES, MyOrdersQuerySchema } from './buyer.schema';
import { addAddress, deleteAddress, getMyAddress, listMyAddresses, myOrders, signUpBuyer, updateAddress } from './buyer.service';
import { OrderSchema } from './market.schema';
import { registerBuyerPages, SIGNUP_LIMIT } from './buyer-pages.routes';

const tags = ['market'];
const IdParams = z.object({ id: z.string().max(64) });

export function registerBuyerRoutes(app: App, deps: Deps) {
  registerBuyerPages(app, deps);

  app.post('/api/v1/market/buyers', {
    config: { access: 'public', rateLimit: SIGNUP_LIMIT },
    schema: {
      tags, summary: 'Create a buyer account at once (no approval: a buyer can only buy). The login is the username given, else the phone\'s digits '
        + '(domestic form, e.g. 0912345678); then sign in with POST /api/v1/auth/login. Field codes: market.phone, market.email, username.format, '
        + 'buyer.username_other_phone, password.*; a login in use → 409 duplicate (username.taken, or buyer.phone_registered on phone)',
      body: BuyerSignupBody, response: { 201: BuyerSchema, ...errorResponses(400, 409, 429) },
    },
  }, async (req, reply) => reply.code(201).send(await signUpBuyer(req.ctx, req.body)));

  app.get('/api/v1/market/me/addresses', {
    config: { access: BUYERS },
    schema: { tags, summary: 'The signed-in buyer\'s delivery addresses, the default first', response: { 200: z.object({ items: z.array(AddressSchema) }), ...errorResponses(401, 403) } },
  }, async (req) => ({ items: await listMyAddresses(req.ctx) }));

  app.post('/api/v1/market/me/addresses', {
    config: { access: BUYERS },
    schema: {
      tags, summary: `Keep a delivery address (at most ${MAX_ADDRESSES}: 409 conflict beyond). The first one, or one sent with isDefault: true, becomes the default (only one is)`,
      body: AddressBody, response: { 201: AddressSchema, ...errorResponses(400, 401, 403, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await addAddress(req.ctx, req.body)));

  app.get('/api/v1/market/me/addresses/:id', {
    config: { access: BUYERS },
    schema: { tags, summary: 'One of the buyer\'s addresses (another buyer\'s: 404)', params: IdParams, response: { 200: AddressSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getMyAddress(req.ctx, req.params.id));

  app.patch('/api/v1/market/me/addresses/:id', {
    config: { access: BUYERS },
    schema: {
      tags, summary: 'Change an address (the fields sent); isDefault: true makes it the default (the previous default stops being one; false changes nothing)',
      params: IdParams, body: AddressPatchBody, response: { 200: AddressSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => updateAddress(req.ctx, req.params.id, req.body));

  app.delete('/api/v1/market/me/addresses/:id', {
    config: { access: BUYERS },
    schema: {
      tags, summary: 'Delete an address; when it was the default, the newest of the others becomes the default',
      params: IdParams, response: { 204: z.null().describe('deleted'), ...errorResponses(401, 403, 404) },
    },
  }, async (req, reply) => {
    await deleteAddress(req.ctx, req.params.id);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/market/me/orders', {
    config: { access: BUYERS },
    schema: {
      tags, summary: 'The orders placed while signed in to this buyer account, newest first (each opens without the phone: GET /api/v1/market/orders/:code)',
      querystring: MyOrdersQuerySchema, response: { 200: pageOf(OrderSchema), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => myOrders(req.ctx, req.query));
}
