/**
 * Back-office pages of the points of sale: /admin/outlets (the register with filters),
 * /admin/outlets/new and /admin/outlets/:id/edit (the form), /admin/outlets/:id (details, the
 * products carried with a picker of the province's certified products, close or delete).
 * Every form works without JavaScript (post/redirect/get).
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf, type View } from '../../web/view';
import { formErrors as baseFormErrors, formVersion, str, type FormBody } from '../../web/forms';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SelectField, SubmitRow, TextField } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import { FilterBar, SearchInput } from '../../web/components/filter-bar';
import { BackLink, Card, DescriptionList, Notice, PageHeader } from '../../web/components/page';
import { SampleBadge, Stars, StatusBadge } from '../../web/components/badges';
import { AppError, type FieldErrors } from '../../errors';
import { type Locale } from '../../core/i18n';
import { formatDateVi } from '../../domain/dates';
import { listHref, pagerLabels } from '../../web/components/pager';
import { OUTLET_READERS, OUTLET_WRITERS } from './outlets.policy';
import { OUTLET_KINDS } from './outlets.tables';
import { OUTLET_KIND_NAMES, type OutletDetailDto, type OutletDto } from './outlets.schema';
import {
  communeChoices, createOutlet, deleteOutlet, getOutlet, listOutlets, productChoices, setOutletProducts, STALE, updateOutlet,
} from './outlets.service';

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

const outletHref = (id: string) => `/admin/outlets/${id}`;
export const kindName = (locale: Locale, kind: OutletDto['kind']) => OUTLET_KIND_NAMES[kind][locale];
const isWriter = (view: View) => (OUTLET_WRITERS as readonly string[]).includes(view.actor?.role ?? '');

/** Field problems of this module in Vietnamese; the rest as every form shows them. */
function formErrors(e: unknown, view: View) {
  if (e instanceof AppError && (e.code === 'not_certifiable' || e.code === 'not_found' && /^product/.test(e.message))) {
    const message = view.t('outlets.err.notCertifiable');
    return { fields: { form: message } as FieldErrors, message, status: e.status };
  }
  if (e instanceof AppError && e.code === 'conflict') {
    const message = view.t(e.message === STALE ? 'outlets.err.stale' : 'outlets.err.history');
    return { fields: { form: message } as FieldErrors, message, status: e.status };
  }
  const own = e instanceof AppError && e.fields ? { ...e.fields } : {};
  const out = baseFormErrors(e, view.locale);
  for (const [k, m] of Object.entries(own)) {
    if (/^not a date/.test(m)) out.fields[k] = view.t('outlets.err.date');
    else if (/before the opening date/.test(m)) out.fields[k] = view.t('outlets.err.closedBefore');
    else if (/web address/.test(m)) out.fields[k] = view.t('outlets.err.website');
  }
  return out;
}

function StateBadge({ view, o }: { view: View; o: OutletDto }) {
  if (o.open) return <StatusBadge tone="success">{view.t('outlets.state.open')}</StatusBadge>;
  if (o.closedOn) return <StatusBadge tone="neutral">{view.t('outlets.state.closed')}</StatusBadge>;
  return <StatusBadge tone="info">{view.t('outlets.state.notYet')}</StatusBadge>;
}

function PostButton({ view, action, label, hidden, hiddenLabel, variant = 'btn-secondary' }: {
  view: View; action: string; label: string; hidden?: Record<string, string>; hiddenLabel?: string; variant?: string;
}) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={view.csrfToken} />
      {Object.entries(hidden ?? {}).map(([k, v]) => <input type="hidden" name={k} value={v} />)}
      <button type="submit" class={`btn btn-sm ${variant}`}>{label}{hiddenLabel && <span class="visually-hidden"> {hiddenLabel}</span>}</button>
    </form>
  );
}

export function registerOutletsPages(app: App, _deps: Deps) {
  app.get('/admin/outlets', { config: { access: OUTLET_READERS }, schema: { hide: true, querystring: ListQuery } }, async (req, reply) => {
    const view = viewOf(req);
    const { t } = view;
    const { done, ...q } = req.query;
    const [list, communes] = await Promise.all([listOutlets(req.ctx, { ...q, pageSize: 20 }), communeChoices(req.ctx)]);
    return sendPage(reply, (
      <Layout view={view} title={t('outlets.title')} active="/admin/programme">
        <BackLink href="/admin/programme">{t('nav.programme')}</BackLink>
        <PageHeader title={t('outlets.title')} lead={t('outlets.lead')}
          actions={isWriter(view) ? <a class="btn btn-primary" href="/admin/outlets/new">{t('outlets.new')}</a> : undefined} />
        {done === 'deleted' && <Notice tone="success">{t('outlets.done.deleted')}</Notice>}
        <FilterBar action="/admin/outlets" submitLabel={t('common.filter')} reset={{ href: '/admin/outlets', label: t('common.all') }}>
          <SearchInput name="q" label={t('outlets.search')} value={q.q} />
          <SelectField name="kind" label={t('outlets.kind')} value={q.kind} placeholder={t('common.all')}
            options={OUTLET_KINDS.map((k) => ({ value: k, label: kindName(view.locale, k) }))} />
          {communes && communes.length > 1
            ? <SelectField name="area" label={t('outlets.commune')} value={q.area} placeholder={t('common.all')} options={communes.map((c) => ({ value: c.code, label: c.name }))} />
            : !communes ? <TextField name="area" label={t('outlets.area')} hint={t('outlets.communeHint')} value={q.area} width="sm" inputMode="numeric" /> : null}
          <SelectField name="state" label={t('outlets.state')} value={q.state === 'all' ? '' : q.state} placeholder={t('common.all')}
            options={(['open', 'closed'] as const).map((s) => ({ value: s, label: t(`outlets.filterState.${s}`) }))} />
        </FilterBar>
        <p class="muted">{t('common.total', { total: list.total })}</p>
        <DataTable<OutletDto>
          caption={t('outlets.list')} captionHidden rows={list.items} empty={t('outlets.empty')} rowKey={(o) => o.id}
          columns={[
            { key: 'name', label: t('outlets.name'), render: (o) => <><a href={outletHref(o.id)}>{o.name}</a>{o.isSample && <> <SampleBadge label={t('common.sample')} /></>}</> },
            { key: 'kind', label: t('outlets.kind'), render: (o) => kindName(view.locale, o.kind) },
            { key: 'area', label: t('outlets.area'), render: (o) => `${o.communeName}, ${o.provinceName}` },
            { key: 'openedOn', label: t('outlets.openedOn'), render: (o) => (o.openedOn ? formatDateVi(o.openedOn) : '—') },
            { key: 'state', label: t('outlets.state'), render: (o) => <StateBadge view={view} o={o} /> },
            { key: 'products', label: t('outlets.productCount'), numeric: true, render: (o) => o.productCount },
          ]}
        />
        <Pagination page={list.page} pageSize={list.pageSize} total={list.total}
          href={listHref('/admin/outlets', { ...q, state: q.state === 'all' ? undefined : q.state })} labels={pagerLabels(view)} />
      </Layout>
    ));
  });

  // ---- the form ------------------------------------------------------------------------------

  const formPage = async (req: FastifyRequest, o: OutletDetailDto | null, values: Record<string, string>, errors: FieldErrors = {}, summary?: string) => {
    const view = viewOf(req);
    const { t } = view;
    const communes = await communeChoices(req.ctx);
    const title = o ? t('outlets.edit') : t('outlets.new');
    const labels: Record<string, string> = {
      name: t('outlets.name'), kind: t('outlets.kind'), address: t('outlets.address'), communeCode: communes ? t('outlets.commune') : t('outlets.communeCode'),
      openedOn: t('outlets.openedOn'), closedOn: t('outlets.closedOn'), website: t('outlets.website'), phone: t('outlets.phone'), form: title,
    };
    const v = (k: string) => values[k] ?? '';
    return (
      <Layout view={view} title={title} active="/admin/programme">
        <BackLink href={o ? outletHref(o.id) : '/admin/outlets'}>{t('common.back')}</BackLink>
        <PageHeader title={title} caption={o?.name} />
        {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
        <form method="post" action={o ? outletHref(o.id) : '/admin/outlets'} novalidate class="form-narrow">
          <CsrfField token={view.csrfToken} />
          {o && <input type="hidden" name="version" value={v('version') || String(o.version)} />}
          <TextField name="name" label={labels.name!} hint={t('outlets.nameHint')} value={v('name')} error={errors.name} required maxLength={200} />
          <SelectField name="kind" label={labels.kind!} value={v('kind')} error={errors.kind} required placeholder="—"
            options={OUTLET_KINDS.map((k) => ({ value: k, label: kindName(view.locale, k) }))} />
          {communes
            ? <SelectField name="communeCode" label={labels.communeCode!} value={v('communeCode')} error={errors.communeCode} required placeholder={communes.length > 1 ? '—' : undefined}
              options={communes.map((c) => ({ value: c.code, label: c.name }))} />
            : <TextField name="communeCode" label={labels.communeCode!} hint={t('outlets.communeHint')} value={v('communeCode')} error={errors.communeCode} required width="sm" inputMode="numeric" maxLength={5} />}
          <TextField name="address" label={labels.address!} hint={t('outlets.addressHint')} value={v('address')} error={errors.address} maxLength={300} optionalLabel={t('form.optional')} />
          <TextField name="openedOn" type="date" label={labels.openedOn!} value={v('openedOn')} error={errors.openedOn} width="md" optionalLabel={t('form.optional')} />
          {o && <TextField name="closedOn" type="date" label={labels.closedOn!} hint={t('outlets.closedOnHint')} value={v('closedOn')} error={errors.closedOn} width="md" optionalLabel={t('form.optional')} />}
          <TextField name="website" type="url" label={labels.website!} hint={t('outlets.websiteHint')} value={v('website')} error={errors.website} maxLength={300} optionalLabel={t('form.optional')} spellcheck={false} />
          <TextField name="phone" type="tel" label={labels.phone!} value={v('phone')} error={errors.phone} width="md" maxLength={30} optionalLabel={t('form.optional')} autocomplete="tel" />
          <SubmitRow>
            <button type="submit" class="btn btn-primary">{o ? t('outlets.save') : t('outlets.new')}</button>
            <a class="btn btn-ghost" href={o ? outletHref(o.id) : '/admin/outlets'}>{t('common.cancel')}</a>
          </SubmitRow>
        </form>
      </Layout>
    );
  };

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
      const { fields, message, status } = formErrors(e, viewOf(req));
      if (fields.communeCode && !values.communeCode) fields.communeCode = viewOf(req).t('outlets.err.chooseCommune');
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
      const { fields, message, status } = formErrors(e, viewOf(req));
      return sendPage(reply, await formPage(req, await getOutlet(req.ctx, req.params.id), values, fields, message), status);
    }
  });

  // ---- one outlet ------------------------------------------------------------------------------

  const detail = async (req: FastifyRequest, id: string, q: { done?: string | undefined; pq?: string | undefined }, errors: FieldErrors = {}, summary?: string) => {
    const view = viewOf(req);
    const o = await getOutlet(req.ctx, id);
    const choices = o.actions.edit ? await productChoices(req.ctx, id, q.pq) : [];
    return <OutletPage view={view} o={o} choices={choices} q={q} errors={errors} summary={summary} />;
  };

  app.get('/admin/outlets/:id', { config: { access: OUTLET_READERS }, schema: { hide: true, params: Id, querystring: DetailQuery } }, async (req, reply) =>
    sendPage(reply, await detail(req, req.params.id, req.query)));

  const act = (path: string, run: (req: FastifyRequest, id: string, body: FormBody) => Promise<string>) => {
    app.post(path, { config: { access: OUTLET_WRITERS }, schema: { hide: true, params: Id } }, async (req, reply) => {
      const { id } = req.params;
      try {
        return redirect(reply, await run(req, id, req.body as FormBody));
      } catch (e) {
        const { fields, message, status } = formErrors(e, viewOf(req));
        return sendPage(reply, await detail(req, id, {}, fields, message), status);
      }
    });
  };
  /**
   * The buttons add or remove one product to the list as it is now (a change of one product
   * cannot undo another's); the version read with the list guards the write against a
   * replacement between this read and the save.
   */
  const carried = async (req: FastifyRequest, id: string) => {
    const o = await getOutlet(req.ctx, id);
    return { ids: o.products.map((p) => p.id), version: o.version };
  };
  act('/admin/outlets/:id/products/add', async (req, id, body) => {
    const productId = str(body, 'productId') ?? '';
    const now = await carried(req, id);
    await setOutletProducts(req.ctx, id, { productIds: [...now.ids, productId], version: now.version });
    return `${outletHref(id)}?done=added`;
  });
  act('/admin/outlets/:id/products/remove', async (req, id, body) => {
    const productId = str(body, 'productId') ?? '';
    const now = await carried(req, id);
    await setOutletProducts(req.ctx, id, { productIds: now.ids.filter((p) => p !== productId), version: now.version });
    return `${outletHref(id)}?done=removed`;
  });
  act('/admin/outlets/:id/delete', async (req, id, body) => {
    await deleteOutlet(req.ctx, id, formVersion(str(body, 'version')));
    return '/admin/outlets?done=deleted';
  });
}

function OutletPage({ view, o, choices, q, errors, summary }: {
  view: View; o: OutletDetailDto; choices: Awaited<ReturnType<typeof productChoices>>; q: { done?: string | undefined; pq?: string | undefined }; errors: FieldErrors; summary?: string | undefined;
}) {
  const { t } = view;
  const doneKey = q.done && ['created', 'saved', 'added', 'removed'].includes(q.done) ? q.done : null;
  const base = outletHref(o.id);
  return (
    <Layout view={view} title={o.name} active="/admin/programme">
      <BackLink href="/admin/outlets">{t('outlets.title')}</BackLink>
      <PageHeader title={o.name} caption={kindName(view.locale, o.kind)}
        actions={o.actions.edit ? <a class="btn btn-secondary" href={`${base}/edit`}>{t('common.edit')}</a> : undefined} />
      {doneKey && <Notice tone="success">{t(`outlets.done.${doneKey}` as 'outlets.done.created')}</Notice>}
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={{ form: t('outlets.products') }} />}
      {o.isSample && <Notice tone="info">{t('common.sampleNote')}</Notice>}
      {!o.actions.edit && <Notice tone="info">{t('outlets.readOnly')}</Notice>}
      <Card>
        <DescriptionList items={[
          { term: t('outlets.state'), detail: <StateBadge view={view} o={o} /> },
          { term: t('outlets.kind'), detail: kindName(view.locale, o.kind) },
          { term: t('outlets.address'), detail: [o.address, o.communeName, o.provinceName].filter(Boolean).join(', ') },
          { term: t('outlets.openedOn'), detail: o.openedOn ? formatDateVi(o.openedOn) : '—' },
          ...(o.closedOn ? [{ term: t('outlets.closedOn'), detail: formatDateVi(o.closedOn) }] : []),
          { term: t('outlets.website'), detail: o.website ? <a href={o.website} rel="nofollow noopener">{o.website}</a> : '—' },
          { term: t('outlets.phone'), detail: o.phone ? <a href={`tel:${o.phone.replace(/[^\d+]/g, '')}`}>{o.phone}</a> : '—' },
          { term: t('outlets.createdBy'), detail: o.createdBy },
        ]} />
      </Card>
      <section aria-labelledby="products-h" class="stamp-section">
        <h2 id="products-h">{t('outlets.products')} ({o.products.length})</h2>
        <DataTable
          caption={t('outlets.products')} captionHidden rows={o.products} empty={t('outlets.productsEmpty')} rowKey={(p) => p.id}
          columns={[
            { key: 'name', label: t('outlets.product'), render: (p) => <><strong>{p.name}</strong><br /><span class="muted">{p.producerName}</span></> },
            { key: 'stars', label: t('outlets.stars'), render: (p) => (p.stars !== null ? <Stars count={p.stars} showText /> : <StatusBadge tone="warning">{t('outlets.notCertified')}</StatusBadge>) },
            { key: 'since', label: t('outlets.since'), render: (p) => (p.since ? formatDateVi(p.since) : '—') },
            ...(o.actions.edit ? [{ key: 'remove', label: t('common.actions'), render: (p: OutletDetailDto['products'][number]) => (
              <PostButton view={view} action={`${base}/products/remove`} hidden={{ productId: p.id }} label={t('outlets.remove')} hiddenLabel={p.name} />
            ) }] : []),
          ]}
        />
      </section>
      {o.actions.edit && (
        <Card title={t('outlets.addTitle')} variant="accent">
          <p>{t('outlets.addLead')}</p>
          <FilterBar action={base} submitLabel={t('common.search')} label={t('outlets.pickSearch')}>
            <SearchInput name="pq" label={t('outlets.pickSearch')} value={q.pq} />
          </FilterBar>
          <DataTable
            caption={t('outlets.addTitle')} captionHidden rows={choices} empty={t('outlets.noChoices')} rowKey={(c) => c.id}
            columns={[
              { key: 'name', label: t('outlets.product'), render: (c) => <><strong>{c.name}</strong><br /><span class="muted">{c.producerName} · {c.communeName}</span></> },
              { key: 'stars', label: t('outlets.stars'), render: (c) => <Stars count={c.stars} showText /> },
              { key: 'add', label: t('common.actions'), render: (c) => (
                <form method="post" action={`${base}/products/add`} class="inline-form">
                  <CsrfField token={view.csrfToken} />
                  <input type="hidden" name="productId" value={c.id} />
                  <button type="submit" class="btn btn-sm btn-primary">{t('outlets.add')}<span class="visually-hidden"> {c.name}</span></button>
                </form>
              ) },
            ]}
          />
        </Card>
      )}
      {o.actions.edit && (o.actions.delete ? (
        <Card title={t('outlets.delete')}>
          <p>{t('outlets.deleteLead')}</p>
          <PostButton view={view} action={`${base}/delete`} hidden={{ version: String(o.version) }} label={t('outlets.delete')} variant="btn-danger" />
        </Card>
      ) : !o.closedOn && (
        <Card title={t('outlets.close')}>
          <p>{t('outlets.closeLead')}</p>
          <a class="btn btn-secondary" href={`${base}/edit#field-closedOn`}>{t('outlets.close')}</a>
        </Card>
      ))}
    </Layout>
  );
}
