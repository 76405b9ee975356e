import { z } from 'zod';
import type { App } from '../../../web/http';
import { redirect, requireActor } from '../../../web/http';
import { sendPage } from '../../../web/render';
import { viewOf } from '../../../web/view';
import { formErrors, str, type FormBody } from '../../../web/forms';
import type { Ctx } from '../../../context';
import { AppError } from '../../../errors';
import { createProduct, getProduct, listProducts, listProductSets, updateProduct } from '../product.service';
import { getProducer } from '../producer.service';
import { ProductListQuerySchema, type ProductDto, type ProductInput } from '../product.schema';
import { can } from '../registry.policy';
import { addProductImage, deleteProductImage, listProductImages, setMainProductImage } from '../product-images.service';
import { readImageUpload, type ImageUploadBody } from '../product-images.routes';
import { ProductDetail, ProductForm, ProductListPage } from './product.pages';

const IMAGE_NOTICES = { added: 'images.added', deleted: 'images.deleted', main: 'images.mainSet' } as const;

function formInput(body: FormBody): ProductInput {
  return {
    producerId: str(body, 'producerId') ?? '',
    name: str(body, 'name') ?? '',
    productSetCode: str(body, 'productSetCode') ?? '',
    description: str(body, 'description') ?? '',
    story: str(body, 'story') ?? '',
    ingredients: str(body, 'ingredients') ?? '',
    packaging: str(body, 'packaging') ?? '',
    shelfLife: str(body, 'shelfLife') ?? '',
    gtin: str(body, 'gtin') ?? null,
  };
}

const setOptions = async (ctx: Ctx) => (await listProductSets(ctx)).map((s) => ({ value: s.code, label: `${s.code}. ${s.name}` }));

const mayEdit = (ctx: Ctx, p: ProductDto) => ctx.actor !== null && can(ctx.actor, 'write', p);

/** The product pages of the back office: list, detail with its images, new and edit. */
export function registerProductPages(app: App) {
  app.get('/admin/products', { schema: { hide: true, querystring: ProductListQuerySchema } }, async (req, reply) => {
    requireActor(req);
    const [result, sets] = await Promise.all([listProducts(req.ctx, req.query), setOptions(req.ctx)]);
    return sendPage(reply, <ProductListPage view={viewOf(req)} query={req.query} result={result} sets={sets} />);
  });

  app.get('/admin/products/new', { schema: { hide: true, querystring: z.object({ producerId: z.string().max(64).default('') }) } }, async (req, reply) => {
    const actor = requireActor(req);
    const view = viewOf(req);
    const producerId = req.query.producerId || actor.producerId || '';
    const producer = await getProducer(req.ctx, producerId);
    return sendPage(reply, <ProductForm view={view} action="/admin/products" title={view.t('products.new')} values={{ producerId: producer.id }} errors={{}} sets={await setOptions(req.ctx)} producerName={producer.name} />);
  });

  app.post('/admin/products', { schema: { hide: true } }, async (req, reply) => {
    const view = viewOf(req);
    const input = formInput(req.body as FormBody);
    try {
      const p = await createProduct(req.ctx, input);
      return redirect(reply, `/admin/products/${p.id}?saved=1`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, view.locale);
      const producer = await getProducer(req.ctx, input.producerId).catch(() => null);
      return sendPage(reply, <ProductForm view={view} action="/admin/products" title={view.t('products.new')} values={input} errors={fields} summary={message} sets={await setOptions(req.ctx)} producerName={producer?.name ?? ''} />, status);
    }
  });

  const Id = z.object({ id: z.string().max(64) });

  const ImageQuery = z.object({ saved: z.string().optional(), image: z.enum(['added', 'deleted', 'main']).optional() });

  app.get('/admin/products/:id', { schema: { hide: true, params: Id, querystring: ImageQuery } }, async (req, reply) => {
    const view = viewOf(req);
    const p = await getProduct(req.ctx, req.params.id);
    const images = await listProductImages(req.ctx, p.id);
    const notice = req.query.saved ? view.t('products.saved')
      : req.query.image ? view.t(IMAGE_NOTICES[req.query.image]) : undefined;
    return sendPage(reply, <ProductDetail view={view} product={p} images={images} canEdit={mayEdit(req.ctx, p)} notice={notice} />);
  });

  app.post('/admin/products/:id/images', {
    preValidation: readImageUpload,
    schema: { hide: true, params: Id },
  }, async (req, reply) => {
    const view = viewOf(req);
    const { file } = req.body as ImageUploadBody;
    try {
      await addProductImage(req.ctx, req.params.id, file);
      return redirect(reply, `/admin/products/${req.params.id}?image=added#images`);
    } catch (e) {
      // File problems (type, size, damaged, too many) come back on the form; anything else is an error page.
      if (!(e instanceof AppError) || !e.fields?.file) throw e;
      const { fields } = formErrors(e, view.locale, [e.code]);
      const p = await getProduct(req.ctx, req.params.id);
      const images = await listProductImages(req.ctx, p.id);
      return sendPage(reply, <ProductDetail view={view} product={p} images={images} canEdit={mayEdit(req.ctx, p)} imageError={fields.file} />, e.status);
    }
  });

  const ImageId = z.object({ id: z.string().max(64), imageId: z.string().max(64) });

  app.post('/admin/products/:id/images/:imageId/delete', { schema: { hide: true, params: ImageId } }, async (req, reply) => {
    await deleteProductImage(req.ctx, req.params.id, req.params.imageId);
    return redirect(reply, `/admin/products/${req.params.id}?image=deleted#images`);
  });

  app.post('/admin/products/:id/images/:imageId/main', { schema: { hide: true, params: ImageId } }, async (req, reply) => {
    await setMainProductImage(req.ctx, req.params.id, req.params.imageId);
    return redirect(reply, `/admin/products/${req.params.id}?image=main#images`);
  });

  app.get('/admin/products/:id/edit', { schema: { hide: true, params: Id } }, async (req, reply) => {
    const view = viewOf(req);
    const p = await getProduct(req.ctx, req.params.id);
    return sendPage(reply, <ProductForm view={view} action={`/admin/products/${p.id}/edit`} title={view.t('products.edit')} values={p} errors={{}} sets={await setOptions(req.ctx)} producerName={p.producerName} />);
  });

  app.post('/admin/products/:id/edit', { schema: { hide: true, params: Id } }, async (req, reply) => {
    const view = viewOf(req);
    const { producerId: _ignored, ...input } = formInput(req.body as FormBody);
    try {
      await updateProduct(req.ctx, req.params.id, input);
      return redirect(reply, `/admin/products/${req.params.id}?saved=1`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, view.locale);
      const p = await getProduct(req.ctx, req.params.id);
      return sendPage(reply, <ProductForm view={view} action={`/admin/products/${req.params.id}/edit`} title={view.t('products.edit')} values={{ ...input, producerId: p.producerId }} errors={fields} summary={message} sets={await setOptions(req.ctx)} producerName={p.producerName} />, status);
    }
  });
}
