/**
 * The shop in the back office (`/admin/cua-hang`), built for a producer on a phone: open the shop,
 * put a certified product on sale, and work the orders queue — mark a transfer received, confirm,
 * ship with the carrier and tracking number, mark delivered, cancel with a reason. Officers see
 * the shops of their area and act on a producer's behalf.
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { SampleBadge, Stars, StatusBadge } from '../../web/components/badges';
import { CsrfField, ErrorSummary, SelectField, TextField } from '../../web/components/form';
import { DescriptionList, EmptyState, Notice, PageHeader } from '../../web/components/page';
import { DataTable } from '../../web/components/table';
import { formatDateTimeVi } from '../../domain/dates';
import type { ListingDto, OrderDto, ShopDto } from './market.schema';
import { dong, ReviewPhoto } from './market.pages';
import { BANKS } from './vietqr';
import type { ReviewDto } from './reviews.service';
import { LOW_STOCK } from './checkout.service';
import { SHOP_KEEPERS } from './market.policy';

export const SHOP_ADMIN = '/admin/cua-hang';
export const settingsPath = (shopId: string) => `${SHOP_ADMIN}/${shopId}/cai-dat`;
export const listingEditPath = (shopId: string, listingId: string) => `${SHOP_ADMIN}/${shopId}/san-pham/${listingId}`;

export function ShopListPage({ view, shops }: { view: View; shops: ShopDto[] }) {
  const { t } = view;
  return (
    <Layout view={view} title={t('shop.title')} active={SHOP_ADMIN}>
      <PageHeader title={t('shop.list')} lead={t('shop.listLead')} />
      <DataTable caption={t('shop.list')} captionHidden rows={shops} empty={<EmptyState>{t('shop.noneInArea')}</EmptyState>} rowKey={(s) => s.id}
        columns={[
          { key: 'name', label: t('shop.name'), render: (s) => <><a href={`${SHOP_ADMIN}/${s.id}`}>{s.name}</a>{s.isSample ? <> <SampleBadge label={t('portal.sample')} /></> : null}</> },
          { key: 'producer', label: t('shop.producer'), render: (s) => s.producer.name },
          { key: 'place', label: t('shop.place'), render: (s) => s.pickup.provinceName },
          { key: 'status', label: t('shop.status'), render: (s) => t(`shop.status.${s.status}`) },
        ]} />
    </Layout>
  );
}

export function OpenShopPage({ view, values, errors }: { view: View; values: Record<string, string>; errors: Record<string, string> }) {
  const { t } = view;
  const v = (k: string) => values[k] ?? '';
  const labels: Record<string, string> = {
    name: t('shop.name'), phone: t('shop.phone'), email: t('shop.email'), communeCode: t('shop.commune'), street: t('shop.street'),
    bankBin: t('shop.bank'), bankAccount: t('shop.account'), bankHolder: t('shop.holder'), shipIn: t('shop.shipIn'), shipOut: t('shop.shipOut'),
  };
  return (
    <Layout view={view} title={t('shop.open')} active={SHOP_ADMIN}>
      <PageHeader title={t('shop.open')} lead={t('shop.openLead')} />
      <ErrorSummary errors={errors} labels={labels} title={t('shop.errors')} />
      <form method="post" action={SHOP_ADMIN} class="form-narrow" novalidate>
        <CsrfField token={view.csrfToken} />
        <TextField name="name" label={labels.name!} value={v('name')} error={errors.name} required maxLength={120} />
        <TextField name="phone" label={labels.phone!} value={v('phone')} error={errors.phone} required type="tel" inputMode="tel" maxLength={30} />
        <TextField name="email" label={labels.email!} hint={t('shop.emailHint')} value={v('email')} error={errors.email} type="email" maxLength={254} optionalLabel={t('form.optional')} />
        <TextField name="communeCode" label={labels.communeCode!} hint={t('shop.communeHint')} value={v('communeCode')} error={errors.communeCode} required inputMode="numeric" maxLength={5} width="sm" />
        <TextField name="street" label={labels.street!} value={v('street')} error={errors.street} required maxLength={300} />
        <SelectField name="bankBin" label={labels.bankBin!} value={v('bankBin')} error={errors.bankBin} required placeholder="—" options={BANKS.map((b) => ({ value: b.bin, label: `${b.shortName} — ${b.name}` }))} />
        <TextField name="bankAccount" label={labels.bankAccount!} value={v('bankAccount')} error={errors.bankAccount} required inputMode="numeric" maxLength={19} spellcheck={false} />
        <TextField name="bankHolder" label={labels.bankHolder!} hint={t('shop.holderHint')} value={v('bankHolder')} error={errors.bankHolder} required maxLength={100} />
        <TextField name="shipIn" label={labels.shipIn!} value={v('shipIn') || '20000'} error={errors.shipIn} required inputMode="numeric" maxLength={9} width="sm" />
        <TextField name="shipOut" label={labels.shipOut!} value={v('shipOut') || '35000'} error={errors.shipOut} required inputMode="numeric" maxLength={9} width="sm" />
        <Notice tone="info">{t('shop.noCommission')}</Notice>
        <button type="submit" class="btn btn-primary">{t('shop.openSubmit')}</button>
      </form>
    </Layout>
  );
}

const ACTIONS_LABEL = (view: View, a: string) => view.t(`market.action.${a}` as 'market.action.confirm');

function OrderRow({ view, shopId, o }: { view: View; shopId: string; o: OrderDto }) {
  const { t } = view;
  const payable = o.payment.method === 'vietqr' && !o.payment.paid && (o.status === 'placed' || o.status === 'confirmed');
  return (
    <li class="card shop-order" id={`order-${o.code}`}>
      <div class="card-body">
        <header class="order-head">
          <h3><code>{o.code}</code></h3>
          <StatusBadge tone={o.status === 'placed' ? 'warning' : 'info'}>{t(`market.status.${o.status}`)}</StatusBadge>
          {o.payment.paid ? <StatusBadge tone="success">{t('market.paid')}</StatusBadge> : <StatusBadge tone="neutral">{o.payment.method === 'cod' ? t('market.pay.cod') : t('market.unpaid')}</StatusBadge>}
        </header>
        <p>{o.items.map((i) => `${i.title} · ${i.variantName} × ${i.quantity}`).join('; ')}</p>
        <p>{t('market.total')}: <strong>{dong(o.total)}</strong> · {formatDateTimeVi(new Date(o.placedAt))}</p>
        <p>{o.buyer.name} · <a href={`tel:${o.buyer.phone}`}>{o.buyer.phone}</a> · {o.address.street}, {o.address.communeName}, {o.address.provinceName}</p>
        {o.note ? <p class="muted">{o.note}</p> : null}
        {(payable || o.actions.length) ? (
          <form method="post" action={`${SHOP_ADMIN}/${shopId}/don/${o.code}`} class="order-actions">
            <CsrfField token={view.csrfToken} />
            {o.actions.includes('ship') ? (
              <>
                <TextField name="carrier" label={t('market.carrier')} maxLength={80} width="sm" />
                <TextField name="trackingNumber" label={t('market.tracking')} maxLength={80} width="sm" />
              </>
            ) : null}
            {o.actions.includes('cancel') || o.actions.includes('refuse_return') ? <TextField name="comment" label={t('market.reason')} maxLength={500} optionalLabel={t('shop.reasonHint')} /> : null}
            {payable ? <button type="submit" name="action" value="paid" class="btn btn-primary btn-sm">{t('shop.markPaid')}</button> : null}
            {o.actions.map((a) => <button type="submit" name="action" value={a} class={a === 'cancel' ? 'btn btn-secondary btn-sm' : 'btn btn-primary btn-sm'}>{ACTIONS_LABEL(view, a)}</button>)}
          </form>
        ) : null}
      </div>
    </li>
  );
}

export interface ShopPageProps {
  view: View; shop: ShopDto; listings: ListingDto[]; orders: OrderDto[]; reviews: ReviewDto[];
  products: { id: string; name: string }[]; done?: string; error?: string; values?: Record<string, string>;
}

/** Variants on sale running low or out (the levels the stock e-mails use), of the listings the shop sells. */
function StockAlerts({ view, shop, listings }: { view: View; shop: ShopDto; listings: ListingDto[] }) {
  const { t } = view;
  const low = listings.filter((l) => l.status === 'active').flatMap((l) => l.variants.filter((v) => v.stock <= LOW_STOCK).map((v) => ({ l, v })));
  if (!low.length) return null;
  return (
    <Notice tone="warning" title={t('shop.stockAlerts', { n: low.length })}>
      <ul>{low.map(({ l, v }) => (
        <li><a href={listingEditPath(shop.id, l.id)}>{l.title} · {v.name}</a>: {v.stock <= 0 ? t('market.soldOut') : t('shop.stockLeft', { n: v.stock })}</li>
      ))}</ul>
    </Notice>
  );
}

export function ShopPage({ view, shop, listings, orders, reviews, products, done, error, values = {} }: ShopPageProps) {
  const { t } = view;
  const keeper = (SHOP_KEEPERS as readonly string[]).includes(view.actor?.role ?? '');
  return (
    <Layout view={view} title={shop.name} active={SHOP_ADMIN}>
      <PageHeader title={shop.name} caption={t('shop.title')} lead={shop.isSample ? <SampleBadge label={t('portal.sample')} /> : undefined}
        actions={keeper ? <a class="btn btn-secondary" href={settingsPath(shop.id)}>{t('shop.settings')}</a> : undefined} />
      {done ? <Notice tone="success">{done}</Notice> : null}
      {error ? <Notice tone="danger">{error}</Notice> : null}
      {shop.status === 'paused' ? <Notice tone="info">{t('shop.pausedNotice')}</Notice> : null}
      <StockAlerts view={view} shop={shop} listings={listings} />
      <section aria-labelledby="orders-title">
        <h2 id="orders-title">{t('shop.orders')}</h2>
        {orders.length ? <ul class="shop-orders">{orders.map((o) => <OrderRow view={view} shopId={shop.id} o={o} />)}</ul> : <EmptyState>{t('shop.noOrders')}</EmptyState>}
      </section>
      <section aria-labelledby="listings-title">
        <h2 id="listings-title">{t('shop.listings')}</h2>
        <DataTable caption={t('shop.listings')} captionHidden rows={listings} empty={<EmptyState>{t('shop.noListings')}</EmptyState>} rowKey={(l) => l.id}
          columns={[
            { key: 'title', label: t('shop.product'), render: (l) => l.onSale ? <a href={l.url}>{l.title}</a> : l.title },
            { key: 'state', label: t('shop.onSale'), render: (l) => l.onSale ? <StatusBadge tone="success">{t('shop.onSale.yes')}</StatusBadge> : <StatusBadge tone="neutral">{t(l.certificate && l.certificate.status !== 'valid' ? 'shop.onSale.certificate' : 'shop.onSale.no')}</StatusBadge> },
            { key: 'variants', label: t('shop.variants'), render: (l) => <ul class="plain-list">{l.variants.map((v) => (
              <li>{v.name}: {dong(v.price)} ({t('shop.stock')} {v.stock}){v.stock <= LOW_STOCK ? <> <StatusBadge tone={v.stock <= 0 ? 'danger' : 'warning'}>{v.stock <= 0 ? t('market.soldOut') : t('shop.lowStock')}</StatusBadge></> : null}</li>
            ))}</ul> },
            ...(keeper ? [{ key: 'edit', label: t('shop.actions'), render: (l: ListingDto) => <a href={listingEditPath(shop.id, l.id)} aria-label={t('shop.editListingOf', { title: l.title })}>{t('shop.editListing')}</a> }] : []),
          ]} />
        {products.length ? (
          <form method="post" action={`${SHOP_ADMIN}/${shop.id}/san-pham`} class="form-narrow add-listing">
            <h3>{t('shop.addListing')}</h3>
            <CsrfField token={view.csrfToken} />
            <SelectField name="productId" label={t('shop.product')} value={values.productId} required placeholder="—" options={products.map((p) => ({ value: p.id, label: p.name }))} />
            <TextField name="variant" label={t('shop.variantName')} hint={t('shop.variantHint')} value={values.variant} required maxLength={80} />
            <TextField name="price" label={t('shop.price')} value={values.price} required inputMode="numeric" maxLength={13} width="sm" />
            <TextField name="stock" label={t('shop.stock')} value={values.stock} required inputMode="numeric" maxLength={8} width="sm" />
            <button type="submit" class="btn btn-primary">{t('shop.addListingSubmit')}</button>
          </form>
        ) : <Notice tone="info">{t('shop.noCertifiedLeft')}</Notice>}
      </section>
      <section aria-labelledby="reviews-title">
        <h2 id="reviews-title">{t('shop.reviews')}</h2>
        {reviews.length ? (
          <ul class="review-list">
            {reviews.map((r) => (
              <li class="review card"><div class="card-body">
                <p><Stars count={r.stars} /> <strong>{r.author}</strong> · {listings.find((l) => l.id === r.listingId)?.title ?? ''}</p>
                {r.text ? <p class="review-text">{r.text}</p> : null}
                {r.photo ? <ReviewPhoto view={view} photo={r.photo} author={r.author} /> : null}
                {r.hidden ? <p class="muted">{t('shop.hiddenBecause', { reason: r.hiddenReason ?? '' })}</p> : null}
                {r.reply ? <p class="review-reply"><strong>{shop.name}:</strong> {r.reply}</p> : (
                  <form method="post" action={`${SHOP_ADMIN}/${shop.id}/danh-gia/${r.id}`} class="inline-form">
                    <CsrfField token={view.csrfToken} />
                    <TextField name="reply" label={t('shop.reply')} maxLength={2000} />
                    <button type="submit" class="btn btn-secondary btn-sm">{t('shop.replySubmit')}</button>
                  </form>
                )}
              </div></li>
            ))}
          </ul>
        ) : <EmptyState>{t('shop.noReviews')}</EmptyState>}
      </section>
      <section aria-labelledby="shop-facts">
        <h2 id="shop-facts">{t('shop.facts')}</h2>
        <DescriptionList items={[
          { term: t('shop.bank'), detail: `${shop.bank.name} · ${shop.bank.accountNumber} · ${shop.bank.holder}` },
          { term: t('shop.shipIn'), detail: dong(shop.shipping.inProvince) },
          { term: t('shop.shipOut'), detail: dong(shop.shipping.otherProvinces) },
          { term: t('shop.shipFreeFrom'), detail: shop.shipping.freeFrom === null ? t('shop.shipFreeNever') : dong(shop.shipping.freeFrom) },
          { term: t('shop.returns'), detail: shop.returnDays ? t('market.returnsWithin', { days: shop.returnDays }) : t('market.noReturns') },
          { term: t('shop.payWithinHours'), detail: String(shop.payWithinHours) },
          { term: t('shop.notifications'), detail: shop.bankNotifications ? t('shop.notifications.on') : t('shop.notifications.off') },
        ]} />
        {keeper ? <p><a href={settingsPath(shop.id)}>{t('shop.settingsEdit')}</a></p> : null}
      </section>
    </Layout>
  );
}
