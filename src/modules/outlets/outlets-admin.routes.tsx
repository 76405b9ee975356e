/**
 * Back-office pages of the points of sale: /admin/outlets (the register with filters),
 * /admin/outlets/new and /admin/outlets/:id/edit (the form), /admin/outlets/:id (details, the
 * products carried with a picker of the province's certified products, close or delete); the
 * views are in outlets.pages.tsx. Every form works without JavaScript (post/redirect/get).
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { formErrors, formVersion, str, type FormBody, wholeFormFailure } from '../../web/forms';
import { AppError, type FieldMessages } from '../../errors';
import type { MessageKey } from '../../core/i18n';
import { OUTLET_READERS, OUTLET_WRITERS } from './outlets.policy';
import { OUTLET_KINDS } from './outlets.schema';
import {
  communeChoices, createOutlet, deleteOutlet, getOutlet, listOutlets, productChoices, setOutletProducts, updateOutlet,
} from './outlets.service';
import { OutletFormPage, OutletListPage, OutletPage, outletHref } from './outlets.pages';

const Id = z.object({ id: z.string().max(64) });
const ListQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  kind: z.enum(OUTLET_KINDS).optional().catch(undefined),
  state: z.enum(['open', 'closed', 'all']).default('all').catch('all'),
  area: z.string().regex(/^(\d{2}|\d{5})$/).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  done: z.string().max(20).optional(),
});
const DetailQuery = z.object({ done: z.string().max(20).optional(), pq: z.string().trim().max(100).optional().catch(undefined) });
const FIELDS = ['name', 'kind', 'address', 'communeCode', 'openedOn', 'closedOn', 'website', 'phone', 'version'] as const;

/** A whole-form failure (a conflict, a product that cannot be listed) said in the page's language. */
const wholeForm = (req: FastifyRequest, e: unknown, key: MessageKey) => wholeFormFailure(e, viewOf(req).t(key));

/** Form failures: a stale version (409 conflict) in the page's language; the rest as every form shows them. */
function failure(req: FastifyRequest, e: unknown) {
  if (e instanceof AppError && e.code === 'conflict') return wholeForm(req, e, 'outlets.err.stale');
  return formErrors(e, viewOf(req).locale);
}

export function registerOutletsPages(app: App, _deps: Deps) {
  app.get('/admin/outlets', { config: { access: OUTLET_READERS }, schema: { hide: true, querystring: ListQuery } }, async (req, reply) => {
    const { done, ...q } = req.query;
    const [list, communes] = await Promise.all([listOutlets(req.ctx, { ...q, pageSize: 20 }), communeChoices(req.ctx)]);
    return sendPage(reply, <OutletListPage view={viewOf(req)} query={q} done={done} list={list} communes={communes} />);
  });

  // ---- the form ------------------------------------------------------------------------------

  const formPage = async (req: FastifyRequest, o: Awaited<ReturnType<typeof getOutlet>> | null, values: Record<string, string>, errors: FieldMessages = {}, summary?: string) =>
    <OutletFormPage view={viewOf(req)} o={o} values={values} communes={await communeChoices(req.ctx)} errors={errors} summary={summary} />;

  const formValues = (body: FormBody) => Object.fromEntries(FIELDS.map((k) => [k, str(body, k) ?? ''])) as Record<(typeof FIELDS)[number], string>;
  const emptyToNull = (s: string) => (s === '' ? null : s);

  app.get('/admin/outlets/new', { config: { access: OUTLET_WRITERS }, schema: { hide: true } }, async (req, reply) => {
    const communes = await communeChoices(req.ctx);
    return sendPage(reply, await formPage(req, null, { communeCode: communes?.length === 1 ? communes[0]!.code : '' }));
  });

  app.post('/admin/outlets', { config: { access: OUTLET_WRITERS }, schema: { hide: true } }, async (req, reply) => {
    const values = formValues(req.body as FormBody);
    try {
      const o = await createOutlet(req.ctx, {
        name: values.name, kind: values.kind || undefined, address: values.address, communeCode: values.communeCode,
        openedOn: emptyToNull(values.openedOn), website: emptyToNull(values.website), phone: emptyToNull(values.phone),
      });
      return redirect(reply, `${outletHref(o.id)}?done=created`);
    } catch (e) {
      const { fields, message, status } = failure(req, e);
      return sendPage(reply, await formPage(req, null, values, fields, message), status);
    }
  });

  app.get('/admin/outlets/:id/edit', { config: { access: OUTLET_WRITERS }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const o = await getOutlet(req.ctx, req.params.id);
    const values = {
      name: o.name, kind: o.kind, address: o.address, communeCode: o.communeCode, openedOn: o.openedOn ?? '', closedOn: o.closedOn ?? '',
      website: o.website ?? '', phone: o.phone ?? '', version: String(o.version),
    };
    return sendPage(reply, await formPage(req, o, values));
  });

  app.post('/admin/outlets/:id', { config: { access: OUTLET_WRITERS }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const values = formValues(req.body as FormBody);
    try {
      await updateOutlet(req.ctx, req.params.id, {
        name: values.name, kind: values.kind || undefined, address: values.address, communeCode: values.communeCode,
        openedOn: emptyToNull(values.openedOn), closedOn: emptyToNull(values.closedOn), website: emptyToNull(values.website), phone: emptyToNull(values.phone),
        version: formVersion(values.version),
      });
      return redirect(reply, `${outletHref(req.params.id)}?done=saved`);
    } catch (e) {
      const { fields, message, status } = failure(req, e);
      return sendPage(reply, await formPage(req, await getOutlet(req.ctx, req.params.id), values, fields, message), status);
    }
  });

  // ---- one outlet ------------------------------------------------------------------------------

  const detail = async (req: FastifyRequest, id: string, q: { done?: string | undefined; pq?: string | undefined }, errors: FieldMessages = {}, summary?: string) => {
    const o = await getOutlet(req.ctx, id);
    const choices = o.actions.edit ? await productChoices(req.ctx, id, q.pq) : [];
    return <OutletPage view={viewOf(req)} o={o} choices={choices} q={q} errors={errors} summary={summary} />;
  };

  app.get('/admin/outlets/:id', { config: { access: OUTLET_READERS }, schema: { hide: true, params: Id, querystring: DetailQuery } }, async (req, reply) =>
    sendPage(reply, await detail(req, req.params.id, req.query)));

  /**
   * The buttons add or remove one product to the list as it is now (a change of one product
   * cannot undo another's); the version read with the list guards the write against a
   * replacement between this read and the save. An unreadable outlet is the error page's (404);
   * a product that is unknown or not certified today, or a stale list, is said on the page.
   */
  const products = (path: string, change: (ids: string[], productId: string) => string[], done: string) => {
    app.post(path, { config: { access: OUTLET_WRITERS }, schema: { hide: true, params: Id } }, async (req, reply) => {
      const { id } = req.params;
      const productId = str(req.body as FormBody, 'productId') ?? '';
      const now = await getOutlet(req.ctx, id);
      try {
        await setOutletProducts(req.ctx, id, { productIds: change(now.products.map((p) => p.id), productId), version: now.version });
        return redirect(reply, `${outletHref(id)}?done=${done}`);
      } catch (e) {
        const cannotList = e instanceof AppError && (e.code === 'not_certifiable' || e.code === 'not_found');
        const { fields, message, status } = cannotList ? wholeForm(req, e, 'outlets.err.notCertifiable') : failure(req, e);
        return sendPage(reply, await detail(req, id, {}, fields, message), status);
      }
    });
  };
  products('/admin/outlets/:id/products/add', (ids, productId) => [...ids, productId], 'added');
  products('/admin/outlets/:id/products/remove', (ids, productId) => ids.filter((p) => p !== productId), 'removed');

  app.post('/admin/outlets/:id/delete', { config: { access: OUTLET_WRITERS }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const { id } = req.params;
    try {
      await deleteOutlet(req.ctx, id, formVersion(str(req.body as FormBody, 'version')));
      return redirect(reply, '/admin/outlets?done=deleted');
    } catch (e) {
      // A conflict is a stale version, or an outlet with history (opened, or listed products): kept, to be closed.
      const conflict = e instanceof AppError && e.code === 'conflict';
      const history = conflict && !(await getOutlet(req.ctx, id)).actions.delete;
      const { fields, message, status } = conflict ? wholeForm(req, e, history ? 'outlets.err.history' : 'outlets.err.stale') : failure(req, e);
      return sendPage(reply, await detail(req, id, {}, fields, message), status);
    }
  });
}
