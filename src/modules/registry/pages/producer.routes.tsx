import { z } from 'zod';
import type { App } from '../../../web/http';
import { redirect, requireActor } from '../../../web/http';
import { sendPage } from '../../../web/render';
import { viewOf } from '../../../web/view';
import { bool, formErrors, str, type FormBody } from '../../../web/forms';
import { createProducer, getProducer, listProducers, updateProducer } from '../producer.service';
import { listProducts } from '../product.service';
import { communeChoices } from '../area.service';
import { ProducerListQuerySchema, type ProducerInput } from '../producer.schema';
import { canCreateProducerIn } from '../registry.policy';
import { ProducerDetailPage, ProducerForm, ProducerListPage } from './producer.pages';

const WRITERS = ['national_admin', 'province_officer', 'commune_officer'] as const;

function formInput(body: FormBody): ProducerInput {
  return {
    name: str(body, 'name') ?? '',
    kind: (str(body, 'kind') ?? '') as ProducerInput['kind'],
    taxCode: str(body, 'taxCode') ?? null,
    communeCode: str(body, 'communeCode') ?? '',
    address: str(body, 'address') ?? '',
    representative: str(body, 'representative') ?? '',
    phone: str(body, 'phone') ?? null,
    email: str(body, 'email') ?? null,
    foundedYear: str(body, 'foundedYear') as unknown as number ?? null,
    members: str(body, 'members') as unknown as number ?? null,
    womenLed: bool(body, 'womenLed'),
    ethnicMinorityLed: bool(body, 'ethnicMinorityLed'),
  };
}

/** The producer pages of the back office: list, detail, new and edit. */
export function registerProducerPages(app: App) {
  app.get('/admin/producers', { schema: { hide: true, querystring: ProducerListQuerySchema } }, async (req, reply) => {
    const actor = requireActor(req);
    const result = await listProducers(req.ctx, req.query);
    const mayCreate = (WRITERS as readonly string[]).includes(actor.role);
    return sendPage(reply, <ProducerListPage view={viewOf(req)} query={req.query} result={result} mayCreate={mayCreate} />);
  });

  app.get('/admin/producers/new', { config: { access: WRITERS }, schema: { hide: true } }, async (req, reply) => {
    const view = viewOf(req);
    const values = req.ctx.actor?.role === 'commune_officer' ? { communeCode: req.ctx.actor.areaCode } : {};
    return sendPage(reply, <ProducerForm view={view} action="/admin/producers" title={view.t('producers.new')} values={values} errors={{}} communes={await communeChoices(req.ctx)} />);
  });

  app.post('/admin/producers', { config: { access: WRITERS }, schema: { hide: true } }, async (req, reply) => {
    const view = viewOf(req);
    const input = formInput(req.body as FormBody);
    try {
      const p = await createProducer(req.ctx, input);
      return redirect(reply, `/admin/producers/${p.id}?saved=1`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, view.locale);
      return sendPage(reply, <ProducerForm view={view} action="/admin/producers" title={view.t('producers.new')} values={input} errors={fields} summary={message} communes={await communeChoices(req.ctx)} />, status);
    }
  });

  const Id = z.object({ id: z.string().max(64) });

  app.get('/admin/producers/:id', { schema: { hide: true, params: Id, querystring: z.object({ saved: z.string().optional() }) } }, async (req, reply) => {
    const actor = requireActor(req);
    const p = await getProducer(req.ctx, req.params.id);
    const products = await listProducts(req.ctx, { producerId: p.id, page: 1, pageSize: 100, sort: 'name' });
    const mayEdit = actor.role === 'producer' ? actor.producerId === p.id : canCreateProducerIn(actor, p.provinceCode, p.communeCode);
    return sendPage(reply, <ProducerDetailPage view={viewOf(req)} producer={p} products={products.items} mayEdit={mayEdit} saved={Boolean(req.query.saved)} />);
  });

  app.get('/admin/producers/:id/edit', { schema: { hide: true, params: Id } }, async (req, reply) => {
    const view = viewOf(req);
    const p = await getProducer(req.ctx, req.params.id);
    return sendPage(reply, <ProducerForm view={view} action={`/admin/producers/${p.id}/edit`} title={view.t('producers.edit')} values={p} errors={{}} communes={await communeChoices(req.ctx)} />);
  });

  app.post('/admin/producers/:id/edit', { schema: { hide: true, params: Id } }, async (req, reply) => {
    const view = viewOf(req);
    const input = formInput(req.body as FormBody);
    try {
      await updateProducer(req.ctx, req.params.id, input);
      return redirect(reply, `/admin/producers/${req.params.id}?saved=1`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, view.locale);
      return sendPage(reply, <ProducerForm view={view} action={`/admin/producers/${req.params.id}/edit`} title={view.t('producers.edit')} values={input} errors={fields} summary={message} communes={await communeChoices(req.ctx)} />, status);
    }
  });
}
