import { z } from 'zod';
import type { App } from '../../../web/http';
import { redirect, requireActor } from '../../../web/http';
import { sendPage } from '../../../web/render';
import { viewOf, type View } from '../../../web/view';
import { bool, formErrors, str, type FormBody } from '../../../web/forms';
import { Layout } from '../../../web/components/layout';
import { CsrfField, ErrorSummary, TextField, SelectField, Checkbox, SubmitRow } from '../../../web/components/form';
import { DataTable } from '../../../web/components/table';
import { Pagination } from '../../../web/components/pagination';
import { FilterBar, SearchInput } from '../../../web/components/filter-bar';
import { PageHeader, Notice, DescriptionList, Card, BackLink } from '../../../web/components/page';
import { SampleBadge } from '../../../web/components/badges';
import { PRODUCER_KINDS, PRODUCER_KIND_LABELS } from '../../../domain/producer-kind';
import type { FieldErrors } from '../../../errors';
import { createProducer, getProducer, listProducers, updateProducer } from '../producer.service';
import { listProducts } from '../product.service';
import { ProducerListQuerySchema, type ProducerDto, type ProducerInput } from '../producer.schema';
import { canCreateProducerIn } from '../registry.policy';
import { listAreas } from '../area.repository';
import { ProductTable } from './product.pages';
import { listHref, pagerLabels } from '../../../web/components/pager';

const kindOptions = (view: View) => PRODUCER_KINDS.map((k) => ({ value: k, label: PRODUCER_KIND_LABELS[k][view.locale] }));

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

interface FormProps {
  view: View;
  action: string;
  title: string;
  values: Partial<Record<keyof ProducerInput, unknown>>;
  errors: FieldErrors;
  summary?: string;
  communes: { value: string; label: string }[] | null;
}

function ProducerForm({ view, action, title, values, errors, summary, communes }: FormProps) {
  const { t } = view;
  const v = (k: keyof ProducerInput) => (values[k] === undefined || values[k] === null ? '' : String(values[k]));
  const labels = {
    name: t('producer.name'), kind: t('producer.kind'), taxCode: t('producer.taxCode'), communeCode: t('producer.communeCode'),
    phone: t('producer.phone'), email: t('producer.email'), foundedYear: t('producer.foundedYear'), members: t('producer.members'),
  };
  return (
    <Layout view={view} title={title} active="/admin/producers">
      <BackLink href="/admin/producers">{t('common.back')}</BackLink>
      <PageHeader title={title} />
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      <form method="post" action={action} novalidate class="form-narrow">
        <CsrfField token={view.csrfToken} />
        <TextField name="name" label={labels.name} value={v('name')} error={errors.name} required maxLength={300} />
        <SelectField name="kind" label={labels.kind} value={v('kind')} options={kindOptions(view)} error={errors.kind} required placeholder="—" />
        <TextField name="taxCode" label={labels.taxCode} hint={t('producer.taxCodeHint')} value={v('taxCode')} error={errors.taxCode} inputMode="numeric" width="sm" spellcheck={false} optionalLabel={t('form.optional')} />
        {communes
          ? <SelectField name="communeCode" label={t('producer.commune')} value={v('communeCode')} options={communes} error={errors.communeCode} required placeholder="—" />
          : <TextField name="communeCode" label={labels.communeCode} hint={t('producer.communeHint')} value={v('communeCode')} error={errors.communeCode} required inputMode="numeric" width="xs" maxLength={5} />}
        <TextField name="address" label={t('producer.address')} value={v('address')} error={errors.address} optionalLabel={t('form.optional')} />
        <TextField name="representative" label={t('producer.representative')} value={v('representative')} error={errors.representative} optionalLabel={t('form.optional')} />
        <TextField name="phone" label={labels.phone} type="tel" value={v('phone')} error={errors.phone} autocomplete="tel" width="sm" optionalLabel={t('form.optional')} />
        <TextField name="email" label={labels.email} type="email" value={v('email')} error={errors.email} autocomplete="email" optionalLabel={t('form.optional')} />
        <TextField name="foundedYear" label={labels.foundedYear} value={v('foundedYear')} error={errors.foundedYear} inputMode="numeric" width="xs" maxLength={4} optionalLabel={t('form.optional')} />
        <TextField name="members" label={labels.members} value={v('members')} error={errors.members} inputMode="numeric" width="xs" optionalLabel={t('form.optional')} />
        <Checkbox name="womenLed" label={t('producer.womenLed')} checked={values.womenLed === true} />
        <Checkbox name="ethnicMinorityLed" label={t('producer.ethnicMinorityLed')} checked={values.ethnicMinorityLed === true} />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{t('common.save')}</button>
          <a class="btn btn-ghost" href="/admin/producers">{t('common.cancel')}</a>
        </SubmitRow>
      </form>
    </Layout>
  );
}

/** Officers scoped to a province pick from its communes; others type the code. */
async function communeOptions(req: Parameters<typeof viewOf>[0]) {
  const actor = req.ctx.actor;
  const province = actor?.role === 'province_officer' ? actor.areaCode : actor?.role === 'commune_officer' ? actor.provinceCode : null;
  if (!province) return null;
  const { items } = await listAreas(req.ctx, { level: 'commune', parent: province, limit: 500, offset: 0 });
  return items
    .filter((a) => actor?.role !== 'commune_officer' || a.code === actor.areaCode)
    .map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }));
}

export function registerProducerPages(app: App) {
  app.get('/admin/producers', { schema: { hide: true, querystring: ProducerListQuerySchema } }, async (req, reply) => {
    const actor = requireActor(req);
    const view = viewOf(req);
    const { t } = view;
    const q = req.query;
    const r = await listProducers(req.ctx, q);
    const mayCreate = actor.role === 'national_admin' || actor.role === 'province_officer' || actor.role === 'commune_officer';
    return sendPage(reply, (
      <Layout view={view} title={t('producers.title')} active="/admin/producers">
        <PageHeader title={t('producers.title')} caption={t('common.total', { total: r.total })}
          actions={mayCreate ? <a class="btn btn-primary" href="/admin/producers/new">{t('producers.new')}</a> : undefined} />
        <FilterBar action="/admin/producers" submitLabel={t('common.search')} reset={{ href: '/admin/producers', label: t('common.all') }}>
          <SearchInput name="q" label={t('common.search')} value={q.q} placeholder={t('producers.search')} />
          <SelectField name="kind" label={t('producer.kind')} value={q.kind} options={kindOptions(view)} placeholder={t('common.all')} autoSubmit />
          <SelectField name="sort" label={t('common.sortBy')} value={q.sort} autoSubmit options={[
            { value: 'name', label: `${t('producer.name')} A→Z` }, { value: '-name', label: `${t('producer.name')} Z→A` },
            { value: '-created', label: '↓ ' + t('common.create') }, { value: 'created', label: '↑ ' + t('common.create') },
          ]} />
        </FilterBar>
        <DataTable<ProducerDto>
          caption={t('producers.title')} captionHidden rows={r.items} empty={t('common.empty')} rowKey={(p) => p.id}
          columns={[
            { key: 'name', label: t('producer.name'), render: (p) => <><a href={`/admin/producers/${p.id}`}>{p.name}</a>{p.isSample && <> <SampleBadge label={t('common.sample')} /></>}</> },
            { key: 'kind', label: t('producer.kind'), render: (p) => PRODUCER_KIND_LABELS[p.kind][view.locale] },
            { key: 'tax', label: t('producer.taxCode'), render: (p) => p.taxCode ?? '—' },
            { key: 'area', label: t('producer.commune'), render: (p) => `${p.communeName}, ${p.provinceName}` },
          ]}
        />
        <Pagination page={r.page} pageSize={r.pageSize} total={r.total} href={listHref('/admin/producers', q)} labels={pagerLabels(view)} />
      </Layout>
    ));
  });

  app.get('/admin/producers/new', { config: { access: ['national_admin', 'province_officer', 'commune_officer'] }, schema: { hide: true } }, async (req, reply) => {
    const view = viewOf(req);
    const values = req.ctx.actor?.role === 'commune_officer' ? { communeCode: req.ctx.actor.areaCode } : {};
    return sendPage(reply, <ProducerForm view={view} action="/admin/producers" title={view.t('producers.new')} values={values} errors={{}} communes={await communeOptions(req)} />);
  });

  app.post('/admin/producers', { config: { access: ['national_admin', 'province_officer', 'commune_officer'] }, schema: { hide: true } }, async (req, reply) => {
    const view = viewOf(req);
    const input = formInput(req.body as FormBody);
    try {
      const p = await createProducer(req.ctx, input);
      return redirect(reply, `/admin/producers/${p.id}?saved=1`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, view.locale);
      return sendPage(reply, <ProducerForm view={view} action="/admin/producers" title={view.t('producers.new')} values={input} errors={fields} summary={message} communes={await communeOptions(req)} />, status);
    }
  });

  const Id = z.object({ id: z.string().max(64) });

  app.get('/admin/producers/:id', { schema: { hide: true, params: Id, querystring: z.object({ saved: z.string().optional() }) } }, async (req, reply) => {
    const actor = requireActor(req);
    const view = viewOf(req);
    const { t } = view;
    const p = await getProducer(req.ctx, req.params.id);
    const prods = await listProducts(req.ctx, { producerId: p.id, page: 1, pageSize: 100, sort: 'name' });
    const mayEdit = actor.role === 'producer' ? actor.producerId === p.id : canCreateProducerIn(actor, p.provinceCode, p.communeCode);
    return sendPage(reply, (
      <Layout view={view} title={p.name} active="/admin/producers">
        <BackLink href="/admin/producers">{t('producers.title')}</BackLink>
        {req.query.saved && <Notice tone="success">{t('producers.saved')}</Notice>}
        <PageHeader title={p.name} caption={PRODUCER_KIND_LABELS[p.kind][view.locale]}
          actions={<>
            {mayEdit && <a class="btn btn-secondary" href={`/admin/producers/${p.id}/edit`}>{t('common.edit')}</a>}
            {mayEdit && <a class="btn btn-primary" href={`/admin/products/new?producerId=${p.id}`}>{t('products.new')}</a>}
          </>} />
        {p.isSample && <Notice tone="info">{t('common.sampleNote')}</Notice>}
        <Card>
          <DescriptionList items={[
            { term: t('producer.taxCode'), detail: p.taxCode ?? '—' },
            { term: t('producer.commune'), detail: `${p.communeName} (${p.communeCode}), ${p.provinceName}` },
            { term: t('producer.address'), detail: p.address || '—' },
            { term: t('producer.representative'), detail: p.representative || '—' },
            { term: t('producer.phone'), detail: p.phone ?? '—' },
            { term: t('producer.email'), detail: p.email ?? '—' },
            { term: t('producer.foundedYear'), detail: p.foundedYear ?? '—' },
            { term: t('producer.members'), detail: p.members ?? '—' },
            { term: t('producer.womenLed'), detail: p.womenLed ? t('common.yes') : t('common.no') },
            { term: t('producer.ethnicMinorityLed'), detail: p.ethnicMinorityLed ? t('common.yes') : t('common.no') },
          ]} />
        </Card>
        <h2>{t('producer.products')}</h2>
        <ProductTable view={view} rows={prods.items} />
      </Layout>
    ));
  });

  app.get('/admin/producers/:id/edit', { schema: { hide: true, params: Id } }, async (req, reply) => {
    const view = viewOf(req);
    const p = await getProducer(req.ctx, req.params.id);
    return sendPage(reply, <ProducerForm view={view} action={`/admin/producers/${p.id}/edit`} title={view.t('producers.edit')} values={p} errors={{}} communes={await communeOptions(req)} />);
  });

  app.post('/admin/producers/:id/edit', { schema: { hide: true, params: Id } }, async (req, reply) => {
    const view = viewOf(req);
    const input = formInput(req.body as FormBody);
    try {
      await updateProducer(req.ctx, req.params.id, input);
      return redirect(reply, `/admin/producers/${req.params.id}?saved=1`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, view.locale);
      return sendPage(reply, <ProducerForm view={view} action={`/admin/producers/${req.params.id}/edit`} title={view.t('producers.edit')} values={input} errors={fields} summary={message} communes={await communeOptions(req)} />, status);
    }
  });
}
