/**
 * The floor's public pages (docs/decisions/036): the floor with its search and filters, a
 * listing, and the buyer's cart, checkout and orders. Listing pages are shared pages (cached like
 * the catalogue's): they show "in stock", "only N left" (N ≤ 5) or "sold out", never a count
 * that every sale would change. Adding to the cart is a GET form (the page stays shareable); the
 * cart, checkout and orders are the buyer's own pages.
 */
import type { View } from '../../web/view';
import { SampleBadge, Stars, StatusBadge, type Tone } from '../../web/components/badges';
import { Checkbox, CsrfField, ErrorSummary, FileField, SelectField, TextArea, TextField } from '../../web/components/form';
import { Notice } from '../../web/components/page';
import { formatDateTimeVi } from '../../domain/dates';
import { IMAGE_LIMITS } from '../../domain/image';
import type { OrderStatus } from '../../domain/order';
import { PortalShell } from '../portal/portal-page';
import type { ListingDto, ListingQuery, OrderDto } from './market.schema';
import { FLOOR_PATH } from './market.dto';
import type { CartLine } from './floor.service';
import type { CheckoutAccount } from './buyer.service';
import { CheckoutWho, SavedAddresses } from './buyer-checkout.pages';

/** Whole đồng as people read them: "120.000 ₫". */
export const dong = (n: number) => `${n.toLocaleString('vi-VN')} ₫`;
export const LOW_STOCK_SHOWN = 5;

function StockNote({ view, stock }: { view: View; stock: number }) {
  const { t } = view;
  if (stock <= 0) return <span class="stock stock--out">{t('market.soldOut')}</span>;
  if (stock <= LOW_STOCK_SHOWN) return <span class="stock stock--low">{t('market.onlyLeft', { n: stock })}</span>;
  return <span class="stock stock--in">{t('market.inStock')}</span>;
}

export function ListingCard({ view, l }: { view: View; l: ListingDto }) {
  const { t } = view;
  return (
    <li class="product-card listing-card">
      <div class="product-card-media" aria-hidden={l.photo ? undefined : 'true'}>
        {l.photo ? <img src={l.photo} alt="" width={320} height={320} loading="lazy" decoding="async" /> : <span class="product-card-placeholder">{l.title.slice(0, 1)}</span>}
      </div>
      <div class="product-card-body">
        <h3 class="product-card-title"><a href={l.url}>{l.title}</a></h3>
        {l.product.stars ? <Stars count={l.product.stars} showText /> : null}
        <p class="listing-price">{l.priceFrom !== null ? (l.variants.length > 1 ? t('market.priceFrom', { price: dong(l.priceFrom) }) : dong(l.priceFrom)) : '—'}</p>
        <p class="product-card-producer">{l.shop.name}</p>
        <p class="product-card-place">{l.shop.provinceName}</p>
        <p>{l.inStock ? <span class="stock stock--in">{t('market.inStock')}</span> : <span class="stock stock--out">{t('market.soldOut')}</span>}</p>
        {l.isSample ? <SampleBadge label={t('portal.sample')} /> : null}
      </div>
    </li>
  );
}

export interface FloorProps { view: View; q: ListingQuery; items: ListingDto[]; total: number; provinces: { code: string; name: string }[] }

export function FloorPage({ view, q, items, total, provinces }: FloorProps) {
  const { t } = view;
  const pages = Math.max(1, Math.ceil(total / q.pageSize));
  const href = (page: number) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...q, page })) if (v !== undefined && v !== '' && !(k === 'sort' && v === 'relevance') && !(k === 'pageSize' && v === 20) && !(k === 'page' && v === 1)) p.set(k, String(v));
    const s = p.toString();
    return s ? `${FLOOR_PATH}?${s}` : FLOOR_PATH;
  };
  return (
    <PortalShell view={view} title={t('market.floor.title')} active="market">
      <div class="portal-page market-floor">
        <header class="portal-hero portal-hero--compact">
          <h1>{t('market.floor.title')}</h1>
          <p class="portal-lead">{t('market.floor.lead')}</p>
          <p><a class="btn btn-secondary btn-sm" href="/gio-hang">{t('market.cart.title')}</a> <a class="btn btn-link btn-sm" href="/don-hang">{t('market.follow.title')}</a></p>
          <p><a href="/ket-noi/dang-ky">{t('tradeUi.invite')}</a></p>
        </header>
        <form method="get" action={FLOOR_PATH} class="market-search" role="search">
          <TextField name="q" label={t('market.search')} value={q.q} type="search" maxLength={200} />
          <div class="market-filters">
            <SelectField name="stars" label={t('market.stars')} value={q.stars ? String(q.stars) : ''} placeholder={t('common.all')}
              options={[3, 4, 5].map((s) => ({ value: String(s), label: t('market.starsN', { n: s }) }))} />
            <SelectField name="province" label={t('market.province')} value={q.province ?? ''} placeholder={t('common.all')}
              options={provinces.map((p) => ({ value: p.code, label: p.name }))} />
            <TextField name="priceMin" label={t('market.priceMin')} value={q.priceMin} inputMode="numeric" width="sm" maxLength={13} />
            <TextField name="priceMax" label={t('market.priceMax')} value={q.priceMax} inputMode="numeric" width="sm" maxLength={13} />
            <SelectField name="inStock" label={t('market.availability')} value={q.inStock === undefined ? '' : String(q.inStock)} placeholder={t('common.all')}
              options={[{ value: 'true', label: t('market.inStock') }]} />
            <SelectField name="sort" label={t('market.sort')} value={q.sort}
              options={(['relevance', 'price_asc', 'price_desc', 'stars', 'newest'] as const).map((s) => ({ value: s, label: t(`market.sort.${s}`) }))} />
          </div>
          <button type="submit" class="btn btn-primary">{t('market.searchSubmit')}</button>
        </form>
        <p class="search-count" role="status">{t('market.count', { n: total.toLocaleString('vi-VN') })}</p>
        {items.length
          ? <ul class="product-grid" aria-label={t('market.floor.title')}>{items.map((l) => <ListingCard key={l.id} view={view} l={l} />)}</ul>
          : <Notice tone="info">{t('market.empty')}</Notice>}
        {pages > 1 ? (
          <nav class="pager" aria-label={t('market.pages')}>
            {q.page > 1 ? <a href={href(q.page - 1)} rel="prev">{t('market.prev')}</a> : null}
            <span>{t('market.pageOf', { page: q.page, pages })}</span>
            {q.page < pages ? <a href={href(q.page + 1)} rel="next">{t('market.next')}</a> : null}
          </nav>
        ) : null}
      </div>
    </PortalShell>
  );
}

export interface ReviewsView {
  average: number | null; count: number;
  items: { id: string; stars: number; text: string; author: string; createdAt: string; reply: string | null; photo: { thumb: string; full: string } | null }[];
}

/** A review's photo as a thumbnail opening the display copy (for the shop's list of reviews too). */
export function ReviewPhoto({ view, photo, author }: { view: View; photo: { thumb: string; full: string }; author: string }) {
  return (
    <a class="review-photo" href={photo.full}>
      <img src={photo.thumb} alt={view.t('market.review.photoAlt', { author })} width={160} height={160} loading="lazy" decoding="async" />
    </a>
  );
}

function Reviews({ view, reviews, shopName }: { view: View; reviews: ReviewsView; shopName: string }) {
  const { t } = view;
  return (
    <section class="listing-reviews" aria-labelledby="reviews-title">
      <h2 id="reviews-title">{t('market.reviews')}</h2>
      {reviews.count ? <p>{t('market.reviews.summary', { average: String(reviews.average ?? '').replace('.', ','), count: reviews.count })}</p> : <p class="muted">{t('market.reviews.none')}</p>}
      <ul class="review-list">
        {reviews.items.map((r) => (
          <li class="review">
            <p><Stars count={r.stars} /> <strong>{r.author}</strong> · <span class="muted">{formatDateTimeVi(new Date(r.createdAt))}</span></p>
            {r.text ? <p class="review-text">{r.text}</p> : null}
            {r.photo ? <ReviewPhoto view={view} photo={r.photo} author={r.author} /> : null}
            {r.reply ? <p class="review-reply"><strong>{shopName}:</strong> {r.reply}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ListingPage({ view, l, shopPhone, returnDays, returnPolicy, reviews }: { view: View; l: ListingDto; shopPhone: string; returnDays: number; returnPolicy: string; reviews: ReviewsView }) {
  const { t } = view;
  return (
    <PortalShell view={view} title={l.title} active="market">
      <article class="portal-page listing-page">
        <p class="breadcrumbs"><a href={FLOOR_PATH}>{t('market.floor.title')}</a></p>
        <div class="listing-layout">
          <div class="listing-media">
            {l.photo ? <img src={l.photo.replace(/\/thumb$/, '/full')} alt={l.title} width={640} height={640} decoding="async" /> : <span class="product-card-placeholder">{l.title.slice(0, 1)}</span>}
          </div>
          <div class="listing-main">
            <h1>{l.title}</h1>
            {l.isSample ? <SampleBadge label={t('portal.sample')} /> : null}
            {l.product.stars ? <Stars count={l.product.stars} showText /> : null}
            {l.certificate ? (
              <p class="listing-certificate">
                {t('market.certificate')}: <strong>{l.certificate.number}</strong> · <a href={l.certificate.verifyUrl}>{t('market.verifyLive')}</a>
              </p>
            ) : null}
            <p class="listing-shop">{t('market.soldBy')} <strong>{l.shop.name}</strong> · {l.shop.provinceName}</p>
            <form method="get" action="/gio-hang/them" class="listing-buy">
              <fieldset>
                <legend>{t('market.chooseVariant')}</legend>
                {l.variants.map((v, i) => (
                  <label class="variant-option">
                    <input type="radio" name="v" value={v.id} checked={i === l.variants.findIndex((x) => x.stock > 0)} disabled={v.stock <= 0} required />
                    <span class="variant-name">{v.name}</span> <span class="variant-price">{dong(v.price)}</span> <StockNote view={view} stock={v.stock} />
                  </label>
                ))}
              </fieldset>
              <TextField name="sl" label={t('market.quantity')} value={1} type="number" inputMode="numeric" width="xs" maxLength={5} />
              <button type="submit" class="btn btn-primary" disabled={!l.inStock}>{t('market.addToCart')}</button>
            </form>
            {l.description ? <p class="listing-description">{l.description}</p> : null}
            <dl class="listing-terms">
              <dt>{t('market.returns')}</dt><dd>{returnDays > 0 ? t('market.returnsWithin', { days: returnDays }) : t('market.noReturns')}{returnPolicy ? ` ${returnPolicy}` : ''}</dd>
              <dt>{t('market.shopPhone')}</dt><dd><a href={`tel:${shopPhone}`}>{shopPhone}</a></dd>
              <dt>{t('market.payment')}</dt><dd>{t('market.paymentNote')}</dd>
            </dl>
          </div>
        </div>
        <Reviews view={view} reviews={reviews} shopName={l.shop.name} />
      </article>
    </PortalShell>
  );
}

// ─── The buyer's own pages ────────────────────────────────────────────────────


export interface CartProps {
  view: View; token: string; lines: CartLine[];
  provinces: { code: string; name: string }[]; communes: { code: string; name: string }[];
  values: Record<string, string>; errors: Record<string, string>; message?: { tone: 'info' | 'warning' | 'danger'; text: string };
  /** A signed-in buyer's account (null: a guest); `useSaved`: deliver to one of its kept addresses. */
  account?: (CheckoutAccount & { useSaved: boolean }) | null;
}

export function CartPage({ view, token, lines, provinces, communes, values, errors, message, account }: CartProps) {
  const { t } = view;
  const useSaved = account?.useSaved === true;
  const emailField = <TextField name="email" label={t('market.buyer.email')} hint={t('market.buyer.emailHint')} value={values.email} error={errors.email} type="email" maxLength={254} autocomplete="email" optionalLabel={t('form.optional')} />;
  const shops = [...new Set(lines.map((l) => l.shopId))];
  const total = lines.filter((l) => l.onSale).reduce((n, l) => n + l.price * l.quantity, 0);
  const v = (k: string) => values[k] ?? '';
  return (
    <PortalShell view={view} title={t('market.cart.title')} active="market">
      <div class="portal-page cart-page">
        <h1>{t('market.cart.title')}</h1>
        {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
        {!lines.length ? <Notice tone="info">{t('market.cart.empty')} <a href={FLOOR_PATH}>{t('market.floor.title')}</a></Notice> : (
          <>
            <form method="post" action="/gio-hang/cap-nhat" class="cart-lines">
              <CsrfField token={token} />
              {shops.map((shopId) => {
                const mine = lines.filter((l) => l.shopId === shopId);
                return (
                  <section class="card cart-shop" aria-label={mine[0]!.shopName}>
                    <div class="card-body">
                      <h2 class="cart-shop-name">{mine[0]!.shopName}</h2>
                      <ul class="cart-items">
                        {mine.map((l) => (
                          <li class={l.onSale ? 'cart-item' : 'cart-item cart-item--off'}>
                            <a href={l.url}>{l.title}</a> · {l.variantName} · {dong(l.price)}
                            {!l.onSale ? <p class="field-error">{t('market.cart.notOnSale')}</p> : null}
                            <label class="cart-qty">{t('market.quantity')}{' '}
                              <input class="input input--xs" type="number" name={`q_${l.variantId}`} value={l.quantity} min={0} max={10000} inputMode="numeric" />
                            </label>
                          </li>
                        ))}
                      </ul>
                    </div>
                  </section>
                );
              })}
              <p class="cart-total">{t('market.cart.subtotal')}: <strong>{dong(total)}</strong> <span class="muted">{t('market.cart.feesLater')}</span></p>
              <button type="submit" class="btn btn-secondary btn-sm">{t('market.cart.update')}</button>
            </form>
            <section class="card checkout" aria-labelledby="checkout-title">
              <div class="card-body">
                <h2 id="checkout-title">{t('market.checkout.title')}</h2>
                <CheckoutWho view={view} account={account ?? null} />
                <ErrorSummary errors={errors} labels={{ name: t('market.buyer.name'), phone: t('market.buyer.phone'), email: t('market.buyer.email'), communeCode: t('market.address.commune'), street: t('market.address.street'), addressId: t('buyer.checkout.savedAddresses') }} title={t('market.checkout.errors')} />
                {useSaved ? null : (
                  <form method="get" action="/gio-hang" class="checkout-province">
                    <SelectField name="tinh" label={t('market.address.province')} value={v('province')} placeholder="—" autoSubmit
                      options={provinces.map((p) => ({ value: p.code, label: p.name }))} />
                    <button type="submit" class="btn btn-secondary btn-sm">{t('market.address.chooseProvince')}</button>
                  </form>
                )}
                <form method="post" action="/gio-hang/dat-hang" class="checkout-form" novalidate>
                  <CsrfField token={token} />
                  {lines.filter((l) => l.onSale).map((l) => <input type="hidden" name={`p_${l.variantId}`} value={String(l.price)} />)}
                  {account && useSaved ? <><SavedAddresses view={view} account={account} chosen={v('addressId')} error={errors.addressId} />{emailField}</> : (
                    <>
                      <TextField name="name" label={t('market.buyer.name')} value={v('name')} error={errors.name} required maxLength={100} autocomplete="name" />
                      <TextField name="phone" label={t('market.buyer.phone')} value={v('phone')} error={errors.phone} required type="tel" inputMode="tel" maxLength={30} autocomplete="tel" />
                      {emailField}
                      {communes.length
                        ? <SelectField name="communeCode" label={t('market.address.commune')} value={v('communeCode')} error={errors.communeCode} required placeholder="—" options={communes.map((c) => ({ value: c.code, label: c.name }))} />
                        : <p class="field-hint">{t('market.address.provinceFirst')}</p>}
                      <TextField name="street" label={t('market.address.street')} hint={t('market.address.streetHint')} value={v('street')} error={errors.street} required maxLength={300} autocomplete="street-address" />
                      {account ? <Checkbox name="save" label={t('buyer.checkout.save')} checked={v('save') === 'on'} /> : null}
                      {account?.addresses.length ? <a href="/gio-hang">{t('buyer.checkout.useSaved')}</a> : null}
                    </>
                  )}
                  <fieldset class="payment-choice">
                    <legend>{t('market.payment')}</legend>
                    <label><input type="radio" name="payment" value="vietqr" checked={v('payment') !== 'cod'} /> {t('market.pay.vietqr')}</label>
                    <label><input type="radio" name="payment" value="cod" checked={v('payment') === 'cod'} /> {t('market.pay.cod')}</label>
                  </fieldset>
                  <TextArea name="note" label={t('market.note')} value={v('note')} rows={2} maxLength={500} optionalLabel={t('form.optional')} />
                  <button type="submit" class="btn btn-primary" disabled={!useSaved && !communes.length}>{t('market.checkout.submit')}</button>
                </form>
              </div>
            </section>
          </>
        )}
      </div>
    </PortalShell>
  );
}

export const STATUS_TONE: Record<OrderStatus, Tone> = {
  placed: 'info', confirmed: 'info', shipped: 'info', delivered: 'success', completed: 'success', cancelled: 'neutral', expired: 'neutral', return_requested: 'warning', returned: 'neutral',
};

/** A review form sent back with what the buyer wrote and why it was refused (its photo, most often). */
export interface ReviewState { listingId: string; stars: string; text: string; error: string }

export function OrderCard({ view, o, qr, token, phone, review }: { view: View; o: OrderDto; qr: string | null; token: string; phone: string; review?: ReviewState | undefined }) {
  const { t } = view;
  const showQr = o.payment.vietqr && !o.payment.paid && (o.status === 'placed' || o.status === 'confirmed');
  return (
    <section class="card order-card" id={`order-${o.code}`} aria-labelledby={`order-${o.code}-title`}>
      <div class="card-body">
        <header class="order-head">
          <h2 id={`order-${o.code}-title`}>{t('market.order')} <code>{o.code}</code></h2>
          <StatusBadge tone={STATUS_TONE[o.status]}>{t(`market.status.${o.status}`)}</StatusBadge>
          {o.isSample ? <SampleBadge label={t('portal.sample')} /> : null}
        </header>
        <p>{t('market.soldBy')} <strong>{o.shop.name}</strong> · <a href={`tel:${o.shop.phone}`}>{o.shop.phone}</a></p>
        <ul class="order-items">{o.items.map((i) => <li>{i.title} · {i.variantName} × {i.quantity} = {dong(i.lineTotal)}</li>)}</ul>
        <p>{t('market.shippingFee')}: {dong(o.shippingFee)} · {t('market.total')}: <strong>{dong(o.total)}</strong></p>
        <p>{t('market.payment')}: {o.payment.method === 'cod' ? t('market.pay.cod') : t('market.pay.vietqr')} — {o.payment.paid ? <StatusBadge tone="success">{t('market.paid')}</StatusBadge> : <StatusBadge tone="warning">{t('market.unpaid')}</StatusBadge>}</p>
        {showQr && o.payment.vietqr ? (
          <div class="vietqr">
            {qr ? <img class="vietqr-code" src={qr} width={240} height={240} alt={t('market.qr.alt', { code: o.code })} /> : null}
            <dl class="vietqr-text">
              <dt>{t('market.qr.bank')}</dt><dd>{o.payment.vietqr.bankName}</dd>
              <dt>{t('market.qr.account')}</dt><dd><code>{o.payment.vietqr.accountNumber}</code></dd>
              <dt>{t('market.qr.holder')}</dt><dd>{o.payment.vietqr.accountHolder}</dd>
              <dt>{t('market.qr.amount')}</dt><dd><strong>{dong(o.payment.vietqr.amount)}</strong></dd>
              <dt>{t('market.qr.memo')}</dt><dd><code>{o.payment.vietqr.memo}</code></dd>
            </dl>
            <p class="muted">{t('market.qr.note')}{o.payment.payBy ? ` ${t('market.qr.payBy', { at: formatDateTimeVi(new Date(o.payment.payBy)) })}` : ''}</p>
          </div>
        ) : null}
        {o.shipping.carrier ? <p>{t('market.carrier')}: {o.shipping.carrier} · {t('market.tracking')}: <code>{o.shipping.trackingNumber}</code></p> : null}
        {o.reason ? <p>{t('market.reason')}: {o.reason}</p> : null}
        <ol class="order-history">{o.history.map((h) => <li>{formatDateTimeVi(new Date(h.at))} — {t(`market.step.${h.action}` as 'market.step.place')}</li>)}</ol>
        {o.status === 'completed' ? o.items.filter((i) => !i.reviewed).map((i) => {
          const back = review?.listingId === i.listingId ? review : undefined;
          return (
            <form method="post" action={`/don-hang/${o.code}/danh-gia`} class="review-form" enctype="multipart/form-data">
              <CsrfField token={token} />
              <input type="hidden" name="phone" value={phone} />
              <input type="hidden" name="listingId" value={i.listingId} />
              <h3 class="review-form-title">{t('market.review.title', { title: i.title })}</h3>
              <SelectField name="stars" label={t('market.review.stars')} value={back?.stars ?? '5'} required options={[5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: t('market.starsN', { n }) }))} />
              <TextArea name="text" label={t('market.review.text')} value={back?.text} rows={3} maxLength={2000} optionalLabel={t('form.optional')} />
              <FileField name="file" label={t('market.review.photo')} hint={t('market.review.photoHint', { mb: IMAGE_LIMITS.maxBytes / 1024 / 1024 })} error={back?.error}
                accept="image/jpeg,image/png,image/webp" maxBytes={IMAGE_LIMITS.maxBytes} optionalLabel={t('form.optional')} />
              <button type="submit" class="btn btn-primary btn-sm">{t('market.review.submit')}</button>
            </form>
          );
        }) : null}
        {o.actions.length ? (
          <form method="post" action={`/don-hang/${o.code}`} class="order-actions">
            <CsrfField token={token} />
            <input type="hidden" name="phone" value={phone} />
            {o.actions.includes('request_return') ? <TextField name="comment" label={t('market.returnReason')} maxLength={500} optionalLabel={t('market.returnReasonHint')} /> : null}
            {o.actions.map((a) => <button type="submit" name="action" value={a} class={a === 'cancel' ? 'btn btn-secondary btn-sm' : 'btn btn-primary btn-sm'}>{t(`market.action.${a}` as 'market.action.cancel')}</button>)}
          </form>
        ) : null}
      </div>
    </section>
  );
}

export function OrdersPage({ view, token, orders, qrs, phone, placed, values, notFound, message, done, review, hint }: {
  view: View; token: string; orders: OrderDto[]; qrs: Record<string, string>; phone: string; placed?: boolean;
  values: { code?: string; phone?: string }; notFound?: boolean; message?: string; done?: string; review?: ReviewState | undefined;
  /** Said over the look-up form (an order of another account, opened by its address). */
  hint?: string | undefined;
}) {
  const { t } = view;
  return (
    <PortalShell view={view} title={t('market.follow.title')} active="market">
      <div class="portal-page orders-page">
        <h1>{placed ? t('market.placed.title') : t('market.follow.title')}</h1>
        {placed ? <Notice tone="success">{t('market.placed.lead', { n: orders.length })}</Notice> : null}
        {message ? <Notice tone="danger">{message}</Notice> : null}
        {done ? <Notice tone="success">{done}</Notice> : null}
        {notFound ? <Notice tone="warning">{t('market.follow.notFound')}</Notice> : null}
        {hint ? <Notice tone="info">{hint}</Notice> : null}
        {orders.map((o) => <OrderCard view={view} o={o} qr={qrs[o.code] ?? null} token={token} phone={phone} review={review} />)}
        <form method="post" action="/don-hang" class="follow-form">
          <CsrfField token={token} />
          <h2>{t('market.follow.another')}</h2>
          <TextField name="code" label={t('market.follow.code')} value={values.code} maxLength={20} spellcheck={false} autocomplete="off" />
          <TextField name="phone" label={t('market.buyer.phone')} value={values.phone} type="tel" inputMode="tel" maxLength={30} />
          <button type="submit" class="btn btn-primary">{t('market.follow.submit')}</button>
        </form>
      </div>
    </PortalShell>
  );
}
