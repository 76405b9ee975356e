import { z } from 'zod';
import type { App } from '../../../web/http';
import { redirect, requireActor } from '../../../web/http';
import { sendPage } from '../../../web/render';
import { viewOf, type View } from '../../../web/view';
import { formErrors, str, type FormBody } from '../../../web/forms';
import { Layout } from '../../../web/components/layout';
import { CsrfField, ErrorSummary, TextField, TextArea, SelectField, SubmitRow } from '../../../web/components/form';
import { DataTable } from '../../../web/components/table';
import { Pagination } from '../../../web/components/pagination';
import { FilterBar, SearchInput } from '../../../web/components/filter-bar';
import { PageHeader, Notice, DescriptionList, Card, BackLink } from '../../../web/components/page';
import { SampleBadge, Stars, StatusBadge } from '../../../web/components/badges';
import { formatDateVi } from '../../../domain/dates';
import type { FieldErrors } from '../../../errors';
import { createProduct, getProduct, listProducts, listProductSets, updateProduct } from '../product.service';
import { getProducer } from '../producer.service';
import { ProductListQuerySchema, type ProductDto, type ProductInput } from '../product.schema';
import { PRODUCT_STATUSES } from '../registry.tables';
import { listHref, pagerLabels } from './shared';

const CERT_TONE = { valid: 'success', expired: 'warning', revoked: 'danger', superseded: 'neutral' } as const;

function CertificateCell({ view, p }: { view: View; p: ProductDto }) {
  const c = p.certificate;
  if (!c) return <span class="muted">{view.t('product.noCertificate')}</span>;
  return (
    <span class="cert-cell">
      <Stars count={c.stars} />{' '}
      <StatusBadge tone={CERT_TONE[c.status]}>{view.t(`cert.${c.status}`)}</StatusBadge>
    </span>
  );
}

export function ProductTable({ view, rows }: { view: View; rows: ProductDto[] }) {
  const { t } = view;
  return (
    <DataTable<ProductDto>
      caption={t('products.title')} captionHidden rows={rows} empty={t('common.empty')} rowKey={(p) => p.id}
      columns={[
        { key: 'name', label: t('product.name'), render: (p) => <><a href={`/admin/products/${p.id}`}>{p.name}</a>{p.isSample && <> <SampleBadge label={t('common.sample')} /></>}</> },
        { key: 'producer', label: t('product.producer'), render: (p) => p.producerName },
        { key: 'set', label: t('product.set'), render: (p) => p.productSetName },
        { key: 'cert', label: t('product.certificate'), render: (p) => <CertificateCell view={view} p={p} /> },
      ]}
    />
  );
}

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

interface FormProps {
  view: View;
  action: string;
  title: string;
  values: Partial<Record<keyof ProductInput, unknown>>;
  errors: FieldErrors;
  summary?: string;
  sets: { value: string; label: string }[];
  producerName: string;
}

function ProductForm({ view, action, title, values, errors, summary, sets, producerName }: FormProps) {
  const { t } = view;
  const v = (k: keyof ProductInput) => (values[k] === undefined || values[k] === null ? '' : String(values[k]));
  const labels = { name: t('product.name'), productSetCode: t('product.set'), gtin: t('product.gtin'), producerId: t('product.producer') };
  return (
    <Layout view={view} title={title} active="/admin/products">
      <BackLink href="/admin/products">{t('common.back')}</BackLink>
      <PageHeader title={title} caption={producerName} />
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      <form method="post" action={action} novalidate class="form-narrow">
        <CsrfField token={view.csrfToken} />
        <input type="hidden" name="producerId" value={v('producerId')} />
        <TextField name="name" label={labels.name} value={v('name')} error={errors.name} required maxLength={300} />
        <SelectField name="productSetCode" label={labels.productSetCode} value={v('productSetCode')} options={sets} error={errors.productSetCode} required placeholder="—" />
        <TextField name="gtin" label={labels.gtin} hint={t('product.gtinHint')} value={v('gtin')} error={errors.gtin} inputMode="numeric" width="md" maxLength={14} optionalLabel={t('form.optional')} spellcheck={false} />
        <TextArea name="description" label={t('product.description')} value={v('description')} error={errors.description} rows={4} optionalLabel={t('form.optional')} />
        <TextArea name="story" label={t('product.story')} value={v('story')} error={errors.story} rows={5} optionalLabel={t('form.optional')} />
        <TextArea name="ingredients" label={t('product.ingredients')} value={v('ingredients')} error={errors.ingredients} rows={3} optionalLabel={t('form.optional')} />
        <TextField name="packaging" label={t('product.packaging')} value={v('packaging')} error={errors.packaging} optionalLabel={t('form.optional')} />
        <TextField name="shelfLife" label={t('product.shelfLife')} value={v('shelfLife')} error={errors.shelfLife} width="md" optionalLabel={t('form.optional')} />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{t('common.save')}</button>
          <a class="btn btn-ghost" href="/admin/products">{t('common.cancel')}</a>
        </SubmitRow>
      </form>
    </Layout>
  );
}

export function registerProductPages(app: App) {
  const setOptions = async (req: Parameters<typeof viewOf>[0]) =>
    (await listProductSets(req.ctx)).map((s) => ({ value: s.code, label: `${s.code}. ${s.name}` }));

  app.get('/admin/products', { schema: { hide: true, querystring: ProductListQuerySchema } }, async (req, reply) => {
    requireActor(req);
    const view = viewOf(req);
    const { t } = view;
    const q = req.query;
    const [r, sets] = await Promise.all([listProducts(req.ctx, q), setOptions(req)]);
    return sendPage(reply, (
      <Layout view={view} title={t('products.title')} active="/admin/products">
        <PageHeader title={t('products.title')} caption={t('common.total', { total: r.total })} />
        <FilterBar action="/admin/products" submitLabel={t('common.search')} reset={{ href: '/admin/products', label: t('common.all') }}>
          <SearchInput name="q" label={t('common.search')} value={q.q} placeholder={t('products.search')} />
          <SelectField name="productSet" label={t('product.set')} value={q.productSet} options={sets} placeholder={t('common.all')} autoSubmit />
          <SelectField name="status" label={t('product.status')} value={q.status} placeholder={t('common.all')} autoSubmit
            options={PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
          <SelectField name="stars" label={t('product.stars')} value={q.stars ? String(q.stars) : ''} placeholder={t('common.all')} autoSubmit
            options={['3', '4', '5'].map((s) => ({ value: s, label: `${s} ★` }))} />
        </FilterBar>
        <ProductTable view={view} rows={r.items} />
        <Pagination page={r.page} pageSize={r.pageSize} total={r.total} href={listHref('/admin/products', q)} labels={pagerLabels(view)} />
      </Layout>
    ));
  });

  app.get('/admin/products/new', { schema: { hide: true, querystring: z.object({ producerId: z.string().max(64).default('') }) } }, async (req, reply) => {
    const actor = requireActor(req);
    const view = viewOf(req);
    const producerId = req.query.producerId || actor.producerId || '';
    const producer = await getProducer(req.ctx, producerId);
    return sendPage(reply, <ProductForm view={view} action="/admin/products" title={view.t('products.new')} values={{ producerId: producer.id }} errors={{}} sets={await setOptions(req)} producerName={producer.name} />);
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
      return sendPage(reply, <ProductForm view={view} action="/admin/products" title={view.t('products.new')} values={input} errors={fields} summary={message} sets={await setOptions(req)} producerName={producer?.name ?? ''} />, status);
    }
  });

  const Id = z.object({ id: z.string().max(64) });

  app.get('/admin/products/:id', { schema: { hide: true, params: Id, querystring: z.object({ saved: z.string().optional() }) } }, async (req, reply) => {
    const view = viewOf(req);
    const { t } = view;
    const p = await getProduct(req.ctx, req.params.id);
    const c = p.certificate;
    return sendPage(reply, (
      <Layout view={view} title={p.name} active="/admin/products">
        <BackLink href="/admin/products">{t('products.title')}</BackLink>
        {req.query.saved && <Notice tone="success">{t('products.saved')}</Notice>}
        <PageHeader title={p.name} caption={p.producerName}
          actions={<a class="btn btn-secondary" href={`/admin/products/${p.id}/edit`}>{t('common.edit')}</a>} />
        {p.isSample && <Notice tone="info">{t('common.sampleNote')}</Notice>}
        <Card title={t('product.certificate')}>
          {c ? (
            <DescriptionList items={[
              { term: t('product.stars'), detail: <Stars count={c.stars} showText /> },
              { term: t('product.certificate'), detail: <>{c.number} <StatusBadge tone={CERT_TONE[c.status]}>{t(`cert.${c.status}`)}</StatusBadge></> },
              { term: t('product.validUntil', { date: '' }).trim(), detail: `${formatDateVi(c.issuedOn)} – ${formatDateVi(c.expiresOn)}` },
              ...(c.potentialFiveStar ? [{ term: t('product.potentialFiveStar'), detail: t('common.yes') }] : []),
            ]} />
          ) : <p>{t('product.noCertificate')}</p>}
        </Card>
        <Card>
          <DescriptionList items={[
            { term: t('product.producer'), detail: <a href={`/admin/producers/${p.producerId}`}>{p.producerName}</a> },
            { term: t('product.set'), detail: `${p.productSetCode}. ${p.productSetName}` },
            { term: t('product.status'), detail: t(`status.${p.status}`) },
            { term: t('product.gtin'), detail: p.gtin ?? '—' },
            { term: t('product.description'), detail: p.description || '—' },
            { term: t('product.story'), detail: p.story || '—' },
            { term: t('product.ingredients'), detail: p.ingredients || '—' },
            { term: t('product.packaging'), detail: p.packaging || '—' },
            { term: t('product.shelfLife'), detail: p.shelfLife || '—' },
          ]} />
        </Card>
      </Layout>
    ));
  });

  app.get('/admin/products/:id/edit', { schema: { hide: true, params: Id } }, async (req, reply) => {
    const view = viewOf(req);
    const p = await getProduct(req.ctx, req.params.id);
    return sendPage(reply, <ProductForm view={view} action={`/admin/products/${p.id}/edit`} title={view.t('products.edit')} values={p} errors={{}} sets={await setOptions(req)} producerName={p.producerName} />);
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
      return sendPage(reply, <ProductForm view={view} action={`/admin/products/${req.params.id}/edit`} title={view.t('products.edit')} values={{ ...input, producerId: p.producerId }} errors={fields} summary={message} sets={await setOptions(req)} producerName={p.producerName} />, status);
    }
  });
}
