import { z } from 'zod';
import { errorResponses, pageOf } from '../../web/api-schemas';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import * as areas from './area.service';
import { createProducer, getProducer, listProducers, updateProducer } from './producer.service';
import { createProduct, getProduct, listProducts, listProductSets, updateProduct } from './product.service';
import {
  ProducerInputSchema, ProducerListQuerySchema, ProducerSchema, ProducerUpdateSchema,
} from './producer.schema';
import { ProductInputSchema, ProductListQuerySchema, ProductSchema, ProductUpdateSchema } from './product.schema';
import { registerRegistryPages } from './registry.pages';
import { registerProductImageRoutes } from './product-images.routes';


const AreaSchema = z.object({
  code: z.string(), name: z.string(), kind: z.string(), level: z.enum(['province', 'commune']), parentCode: z.string().nullable(),
});
const IdParams = z.object({ id: z.string().max(64) });

export function registerRegistryRoutes(app: App, deps: Deps) {
  app.get('/api/v1/areas', {
    config: { access: 'public' },
    schema: {
      tags: ['registry'], summary: 'Administrative units (34 provinces, 3,321 communes since 1 July 2025)',
      querystring: z.object({
        level: z.enum(['province', 'commune']).optional(),
        parent: z.string().max(5).optional(),
        q: z.string().max(200).optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(100).default(20),
      }),
      response: { 200: pageOf(AreaSchema), ...errorResponses(400) },
    },
  }, async (req) => {
    const q = req.query;
    const { items, total } = await areas.listAreas(req.ctx, { level: q.level, parent: q.parent, q: q.q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    return { items: items.map((a) => ({ code: a.code, name: a.name, kind: a.kind, level: a.level, parentCode: a.parentCode })), total, page: q.page, pageSize: q.pageSize };
  });

  app.get('/api/v1/areas/successors/:old', {
    config: { access: 'public' },
    schema: {
      tags: ['registry'], summary: 'Resolve a pre-2025 unit (old GSO code or name) to today\'s units',
      params: z.object({ old: z.string().min(1).max(200) }),
      response: {
        200: z.object({
          items: z.array(z.object({
            oldLevel: z.string(), oldCode: z.string(), oldName: z.string(), mergeType: z.string(), area: AreaSchema,
          })),
        }),
      },
    },
  }, async (req) => {
    const found = await areas.findSuccessors(req.ctx, req.params.old);
    return {
      items: found.map((r) => ({
        oldLevel: r.old_level, oldCode: r.old_code, oldName: r.old_name, mergeType: r.merge_type,
        area: { code: r.code, name: r.name, kind: '', level: r.level as 'province' | 'commune', parentCode: r.parent_code },
      })),
    };
  });

  app.get('/api/v1/product-sets', {
    config: { access: 'public' },
    schema: {
      tags: ['registry'], summary: 'Product sets of a classification (default: Decision 148/2023)',
      querystring: z.object({ classification: z.enum(['148-2023', '1048-2019']).default('148-2023') }),
      response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), group: z.string(), topGroup: z.string(), topGroupName: z.string() })) }) },
    },
  }, async (req) => {
    const sets = await listProductSets(req.ctx, req.query.classification);
    return { items: sets.map((s) => ({ code: s.code, name: s.name, group: s.groupName, topGroup: s.topGroup, topGroupName: s.topGroupName })) };
  });

  app.post('/api/v1/producers', {
    schema: { tags: ['registry'], summary: 'Register a producer', body: ProducerInputSchema, response: { 201: ProducerSchema, ...errorResponses(400, 401, 403, 409) } },
  }, async (req, reply) => reply.code(201).send(await createProducer(req.ctx, req.body)));

  app.get('/api/v1/producers', {
    schema: { tags: ['registry'], summary: 'Producers visible to the caller', querystring: ProducerListQuerySchema, response: { 200: pageOf(ProducerSchema), ...errorResponses(400, 401, 403) } },
  }, async (req) => listProducers(req.ctx, req.query));

  app.get('/api/v1/producers/:id', {
    schema: { tags: ['registry'], params: IdParams, response: { 200: ProducerSchema, ...errorResponses(401, 404) } },
  }, async (req) => getProducer(req.ctx, req.params.id));

  app.patch('/api/v1/producers/:id', {
    schema: { tags: ['registry'], params: IdParams, body: ProducerUpdateSchema, response: { 200: ProducerSchema, ...errorResponses(400, 401, 404, 409) } },
  }, async (req) => updateProducer(req.ctx, req.params.id, req.body));

  app.post('/api/v1/products', {
    schema: { tags: ['registry'], summary: 'Register a product', body: ProductInputSchema, response: { 201: ProductSchema, ...errorResponses(400, 401, 404, 409) } },
  }, async (req, reply) => reply.code(201).send(await createProduct(req.ctx, req.body)));

  app.get('/api/v1/products', {
    schema: { tags: ['registry'], summary: 'Products visible to the caller', querystring: ProductListQuerySchema, response: { 200: pageOf(ProductSchema), ...errorResponses(400, 401, 403) } },
  }, async (req) => listProducts(req.ctx, req.query));

  app.get('/api/v1/products/:id', {
    schema: { tags: ['registry'], params: IdParams, response: { 200: ProductSchema, ...errorResponses(401, 404) } },
  }, async (req) => getProduct(req.ctx, req.params.id));

  app.patch('/api/v1/products/:id', {
    schema: { tags: ['registry'], params: IdParams, body: ProductUpdateSchema, response: { 200: ProductSchema, ...errorResponses(400, 401, 404, 409) } },
  }, async (req) => updateProduct(req.ctx, req.params.id, req.body));

  registerProductImageRoutes(app, deps);
  registerRegistryPages(app, deps);
}
