/**
 * A listing in the shop's back office (`/admin/cua-hang/:id/san-pham/:listing`): its title,
 * description and state, and its variants — pack size, price in whole đồng, stock, SKU, barcode
 * (GTIN), on sale or withdrawn — each changed, a new one added, any withdrawn. Built for a phone:
 * one card of fields per variant.
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { StatusBadge } from '../../web/components/badges';
import { Checkbox, CsrfField, ErrorSummary, SelectField, TextArea, TextField } from '../../web/components/form';
import { BackLink, Notice, PageHeader } from '../../web/components/page';
import type { ListingDto } from './market.schema';
import { SHOP_ADMIN, listingEditPath } from './shop-admin.pages';

/** The fields of one variant row of the form. */
export const VARIANT_FIELDS = ['id', 'name', 'price', 'stock', 'stockWas', 'sku', 'gtin', 'active'] as const;
export const variantField = (row: number, f: (typeof VARIANT_FIELDS)[number]) => `v${row}_${f}`;

/** The form's values as the listing stands, with an empty row for a new variant at the end. */
export function listingValues(l: ListingDto): Record<string, string> {
  const values: Record<string, string> = { title: l.title, description: l.description, status: l.status, version: String(l.version) };
  l.variants.forEach((v, i) => Object.assign(values, {
    [variantField(i, 'id')]: v.id, [variantField(i, 'name')]: v.name, [variantField(i, 'price')]: String(v.price), [variantField(i, 'stock')]: String(v.stock),
    [variantField(i, 'stockWas')]: String(v.stock), [variantField(i, 'sku')]: v.sku ?? '', [variantField(i, 'gtin')]: v.gtin ?? '',
    [variantField(i, 'active')]: v.active === false ? '' : 'on',
  }));
  values[variantField(l.variants.length, 'active')] = 'on';
  return values;
}

/** How many variant rows the values hold (the last one may be the empty new row). */
export const rowCount = (values: Record<string, string>) => {
  let n = 0;
  while (variantField(n, 'name') in values || variantField(n, 'active') in values || variantField(n, 'id') in values) n++;
  return n;
};

export interface ListingEditProps {
  view: View; shopId: string; shopName: string; listing: ListingDto;
  values: Record<string, string>; errors: Record<string, string>; done?: string | undefined; error?: string | undefined;
}

export function ListingEditPage({ view, shopId, shopName, listing, values, errors, done, error }: ListingEditProps) {
  const { t } = view;
  const v = (k: string) => values[k] ?? '';
  const rows = Math.max(rowCount(values), 1);
  const rowTitle = (i: number) => (v(variantField(i, 'id')) ? t('shop.variant.n', { n: i + 1 }) : t('shop.variant.new'));
  const labels: Record<string, string> = { title: t('shop.listingTitle'), description: t('shop.description'), status: t('shop.listingStatus') };
  for (let i = 0; i < rows; i++) {
    const named = { name: t('shop.variantName'), price: t('shop.price'), stock: t('shop.stock'), sku: t('shop.sku'), gtin: t('shop.gtin'), active: t('shop.variant.active') };
    for (const [f, label] of Object.entries(named)) labels[variantField(i, f as 'name')] = `${rowTitle(i)} — ${label}`;
  }
  return (
    <Layout view={view} title={listing.title} active={SHOP_ADMIN}>
      <BackLink href={`${SHOP_ADMIN}/${shopId}#listings-title`}>{t('shop.backToShop', { shop: shopName })}</BackLink>
      <PageHeader title={listing.title} caption={t('shop.listingEdit')}
        lead={listing.onSale ? <StatusBadge tone="success">{t('shop.onSale.yes')}</StatusBadge> : <StatusBadge tone="neutral">{t('shop.onSale.no')}</StatusBadge>} />
      {done ? <Notice tone="success">{done}</Notice> : null}
      {error ? <Notice tone="danger">{error}</Notice> : null}
      <ErrorSummary errors={errors} labels={labels} title={t('shop.listingErrors')} />
      <form method="post" action={listingEditPath(shopId, listing.id)} class="form-section" novalidate>
        <CsrfField token={view.csrfToken} />
        <input type="hidden" name="version" value={v('version')} />
        <fieldset>
          <legend>{t('shop.listingAbout')}</legend>
          <TextField name="title" label={labels.title!} value={v('title')} error={errors.title} required maxLength={160} />
          <TextArea name="description" label={labels.description!} value={v('description')} error={errors.description} rows={3} maxLength={3000} optionalLabel={t('form.optional')} />
          <SelectField name="status" label={labels.status!} hint={t('shop.listingStatusHint')} value={v('status')} error={errors.status} required
            options={[{ value: 'active', label: t('shop.listing.active') }, { value: 'hidden', label: t('shop.listing.hidden') }]} />
        </fieldset>
        <h2>{t('shop.variants')}</h2>
        <p class="muted">{t('shop.variantsLead')}</p>
        {Array.from({ length: rows }, (_, i) => {
          const f = (name: (typeof VARIANT_FIELDS)[number]) => variantField(i, name);
          const existing = !!v(f('id'));
          return (
            <div class="card">
              <fieldset class="card-body">
                <legend>{rowTitle(i)}</legend>
                {existing ? <><input type="hidden" name={f('id')} value={v(f('id'))} /><input type="hidden" name={f('stockWas')} value={v(f('stockWas'))} /></> : null}
                {!existing ? <p class="field-hint">{t('shop.variant.newHint')}</p> : null}
                <TextField name={f('name')} label={t('shop.variantName')} hint={i === 0 ? t('shop.variantNameHint') : undefined} value={v(f('name'))} error={errors[f('name')]} required={existing} maxLength={80} />
                <TextField name={f('price')} label={t('shop.price')} value={v(f('price'))} error={errors[f('price')]} required={existing} inputMode="numeric" maxLength={16} width="sm" />
                <TextField name={f('stock')} label={t('shop.stock')} value={v(f('stock'))} error={errors[f('stock')]} required={existing} inputMode="numeric" maxLength={8} width="sm" />
                <TextField name={f('sku')} label={t('shop.sku')} value={v(f('sku'))} error={errors[f('sku')]} maxLength={60} width="md" spellcheck={false} optionalLabel={t('form.optional')} />
                <TextField name={f('gtin')} label={t('shop.gtin')} hint={t('shop.gtinHint')} value={v(f('gtin'))} error={errors[f('gtin')]} inputMode="numeric" maxLength={14} width="md" spellcheck={false} optionalLabel={t('form.optional')} />
                <Checkbox name={f('active')} label={t('shop.variant.active')} hint={t('shop.variant.activeHint')} checked={v(f('active')) === 'on'} error={errors[f('active')]} />
              </fieldset>
            </div>
          );
        })}
        <button type="submit" class="btn btn-primary">{t('shop.listingSave')}</button>
      </form>
    </Layout>
  );
}
