import type { View } from '../../../web/view';
import type { FieldMessages } from '../../../errors';
import { Layout } from '../../../web/components/layout';
import { CsrfField, ErrorSummary, FileField, TextField, TextArea, SelectField, SubmitRow } from '../../../web/components/form';
import { DataTable } from '../../../web/components/table';
import { Pagination } from '../../../web/components/pagination';
import { FilterBar, SearchInput } from '../../../web/components/filter-bar';
import { PageHeader, Notice, DescriptionList, Card, BackLink } from '../../../web/components/page';
import { SampleBadge, Stars, StatusBadge } from '../../../web/components/badges';
import { listHref, pagerLabels } from '../../../web/components/pager';
import { ValidUntilDate, validUntilLabel } from '../../../web/components/valid-until';
import { IMAGE_LIMITS } from '../../../domain/image';
import { PRODUCT_STATUSES, type ProductDto, type ProductInput, type ProductListQuery } from '../product.schema';
import type { ProductImageDto } from '../product-images.schema';

/** The product pages of the back office: components that receive their data as props. */

const CERT_TONE = { valid: 'success', not_yet_valid: 'warning', expired: 'warning', revoked: 'danger', superseded: 'neutral' } as const;

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

interface FormProps {
  view: View;
  action: string;
  title: string;
  values: Partial<Record<keyof ProductInput, unknown>>;
  errors: FieldMessages;
  summary?: string;
  sets: { value: string; label: string }[];
  producerName: string;
}

export function ProductForm({ view, action, title, values, errors, summary, sets, producerName }: FormProps) {
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

interface ImagesCardProps {
  view: View;
  product: ProductDto;
  images: ProductImageDto[];
  canEdit: boolean;
  error?: string | undefined;
}

function ImagesCard({ view, product: p, images, canEdit, error }: ImagesCardProps) {
  const { t } = view;
  const max = IMAGE_LIMITS.maxPerProduct;
  const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString(view.locale === 'vi' ? 'vi-VN' : 'en-GB')} KB`;
  return (
    <section id="images" aria-labelledby="images-title" class="card">
      <div class="card-header">
        <h2 class="card-title" id="images-title">{t('images.title')}</h2>
        <div class="card-actions muted">{t('images.count', { count: images.length, max })}</div>
      </div>
      <div class="card-body">
        <p class="muted">{t('images.lead')}</p>
        {images.length === 0 ? <p>{t('images.none')}</p> : (
          <div class="grid grid-3">
            {images.map((img, i) => {
              const n = i + 1;
              return (
                <figure class="card" key={img.id}>
                  <a href={img.url} title={t('images.openLabel', { n })}>
                    <img src={img.thumbUrl} alt={t('images.alt', { name: p.name, n })} loading="lazy" decoding="async" />
                  </a>
                  <figcaption class="stack">
                    <p class="small muted mb-0">
                      {img.isMain ? <><StatusBadge tone="success">{t('images.main')}</StatusBadge>{' '}</> : null}
                      {img.sample ? <><SampleBadge label={t('portal.samplePicture')} />{' '}</> : null}
                      {`${img.width} × ${img.height} · ${kb(img.bytes)}`}
                    </p>
                    {canEdit ? (
                      <div class="cluster">
                        {img.isMain ? null : (
                          <form method="post" action={`/admin/products/${p.id}/images/${img.id}/main`} class="inline-form">
                            <CsrfField token={view.csrfToken} />
                            <button type="submit" class="btn btn-secondary btn-sm" aria-label={t('images.makeMainLabel', { n })}>{t('images.makeMain')}</button>
                          </form>
                        )}
                        <form method="post" action={`/admin/products/${p.id}/images/${img.id}/delete`} class="inline-form"
                          data-module="confirm" data-confirm={t('images.confirmDelete')}>
                          <CsrfField token={view.csrfToken} />
                          <button type="submit" class="btn btn-danger btn-sm" aria-label={t('images.deleteLabel', { n })}>{t('images.delete')}</button>
                        </form>
                      </div>
                    ) : null}
                  </figcaption>
                </figure>
              );
            })}
          </div>
        )}
        {canEdit && images.length >= max && !error ? <Notice tone="info">{t('images.full', { max })}</Notice> : null}
        {canEdit && (images.length < max || error) ? (
          <form method="post" action={`/admin/products/${p.id}/images`} enctype="multipart/form-data" novalidate>
            <CsrfField token={view.csrfToken} />
            <FileField name="file" label={t('images.file')} required accept="image/jpeg,image/png,image/webp" error={error}
              maxBytes={IMAGE_LIMITS.maxBytes} hint={t('images.fileHint', { mb: IMAGE_LIMITS.maxBytes / 1024 / 1024, max })} />
            <SubmitRow><button type="submit" class="btn btn-primary">{t('images.upload')}</button></SubmitRow>
          </form>
        ) : null}
      </div>
    </section>
  );
}

export interface ProductDetailProps {
  view: View;
  product: ProductDto;
  images: ProductImageDto[];
  canEdit: boolean;
  notice?: string | undefined;
  imageError?: string | undefined;
}

export function ProductDetail({ view, product: p, images, canEdit, notice, imageError }: ProductDetailProps) {
  const { t } = view;
  const c = p.certificate;
  return (
    <Layout view={view} title={p.name} active="/admin/products">
      <BackLink href="/admin/products">{t('products.title')}</BackLink>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      {imageError ? <ErrorSummary title={t('form.errorSummary')} errors={{ file: imageError }} labels={{ file: t('images.title') }} /> : null}
      <PageHeader title={p.name} caption={p.producerName}
        actions={canEdit ? <a class="btn btn-secondary" href={`/admin/products/${p.id}/edit`}>{t('common.edit')}</a> : undefined} />
      {p.isSample && <Notice tone="info">{t('common.sampleNote')}</Notice>}
      <p class="cluster"><a class="btn btn-secondary" href={`/admin/products/${p.id}/self-assessment`}>{t('selfAssessment.link')}</a> <a class="btn btn-ghost" href={`/admin/dossiers?productId=${p.id}`}>{t('nav.dossiers')}</a></p>
      <Card title={t('product.certificate')}>
        {c ? (
          <DescriptionList items={[
            { term: t('product.stars'), detail: <Stars count={c.stars} showText /> },
            { term: t('product.certificate'), detail: <>{c.number} <StatusBadge tone={CERT_TONE[c.status]}>{t(`cert.${c.status}`)}</StatusBadge></> },
            { term: validUntilLabel(t), detail: <ValidUntilDate expiresOn={c.expiresOn} /> },
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
      <ImagesCard view={view} product={p} images={images} canEdit={canEdit} error={imageError} />
    </Layout>
  );
}

export interface ProductListProps {
  view: View;
  query: ProductListQuery;
  result: { items: ProductDto[]; total: number; page: number; pageSize: number };
  sets: { value: string; label: string }[];
}

export function ProductListPage({ view, query: q, result: r, sets }: ProductListProps) {
  const { t } = view;
  return (
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
  );
}
