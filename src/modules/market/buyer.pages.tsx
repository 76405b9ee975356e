/**
 * A buyer's own pages on the market (issue 15): signing up (/dang-ky-mua-hang), the account
 * (/tai-khoan), the delivery addresses kept (/tai-khoan/dia-chi …) and the orders placed from
 * the account (/tai-khoan/don-hang), each order opening on its own page (/don-hang/<code>).
 * Public chrome (the portal's), phone first; every form works without JavaScript.
 */
import type { ComponentChildren } from 'preact';
import type { View } from '../../web/view';
import { SampleBadge, StatusBadge } from '../../web/components/badges';
import { Checkbox, CsrfField, ErrorSummary, SelectField, SubmitRow, TextField } from '../../web/components/form';
import { Card, EmptyState, Notice } from '../../web/components/page';
import { Pagination } from '../../web/components/pagination';
import { formatDateTimeVi } from '../../domain/dates';
import { PortalShell } from '../portal/portal-page';
import type { OrderDto } from './market.schema';
import type { AddressDto } from './buyer.schema';
import { FLOOR_PATH } from './market.dto';
import { dong, STATUS_TONE } from './market.pages';
import { addressLine } from './buyer-checkout.pages';

export const ACCOUNT_PATH = '/tai-khoan';
export const ADDRESSES_PATH = '/tai-khoan/dia-chi';
export const MY_ORDERS_PATH = '/tai-khoan/don-hang';
export const SIGNUP_PATH = '/dang-ky-mua-hang';
export const orderPath = (code: string) => `/don-hang/${code}`;

type Place = { code: string; name: string };

function AccountNav({ view, active }: { view: View; active: 'account' | 'addresses' | 'orders' }) {
  const { t } = view;
  // Then a buyer organisation's demands and agreements (trade connection, /tai-khoan/nhu-cau …).
  const items = [
    ['account', ACCOUNT_PATH, t('buyer.nav.account')], ['addresses', ADDRESSES_PATH, t('buyer.nav.addresses')], ['orders', MY_ORDERS_PATH, t('buyer.nav.orders')],
    ['demands', '/tai-khoan/nhu-cau', t('tradeUi.nav.demands')], ['agreements', '/tai-khoan/hop-dong', t('tradeUi.nav.agreements')],
    // Password and sessions (identity's page, /tai-khoan/bao-mat).
    ['security', '/tai-khoan/bao-mat', t('account.security.nav')],
  ] as const;
  return (
    <nav class="active-filters account-nav" aria-label={t('buyer.nav')}>
      <ul>{items.map(([key, href, label]) => <li><a class="chip" href={href} aria-current={key === active ? 'page' : undefined}>{label}</a></li>)}</ul>
    </nav>
  );
}

function AccountShell({ view, title, active, children }: { view: View; title: string; active: 'account' | 'addresses' | 'orders'; children: ComponentChildren }) {
  return (
    <PortalShell view={view} title={title} active="market">
      <div class="portal-page buyer-page">
        <AccountNav view={view} active={active} />
        <h1>{title}</h1>
        {children}
      </div>
    </PortalShell>
  );
}

// ─── Signing up ───────────────────────────────────────────────────────────────

export interface SignupProps { view: View; token: string; next: string; values: Record<string, string>; errors: Record<string, string> }

export function SignupPage({ view, token, next, values, errors }: SignupProps) {
  const { t } = view;
  const label = (k: 'name' | 'phone' | 'email' | 'username' | 'password' | 'passwordAgain') => t(`buyer.signup.${k}`);
  return (
    <PortalShell view={view} title={t('buyer.signup.title')} active="market">
      <div class="auth-card auth-card--wide">
        <h1>{t('buyer.signup.title')}</h1>
        <p>{t('buyer.signup.lead')}</p>
        <ErrorSummary errors={errors} title={t('buyer.signup.errors')}
          labels={{ name: label('name'), phone: label('phone'), email: label('email'), username: label('username'), password: label('password'), passwordAgain: label('passwordAgain') }} />
        <form method="post" action={SIGNUP_PATH} novalidate>
          <CsrfField token={token} />
          {next ? <input type="hidden" name="next" value={next} /> : null}
          <TextField name="name" label={label('name')} value={values.name} error={errors.name} required maxLength={100} autocomplete="name" />
          <TextField name="phone" label={label('phone')} hint={t('buyer.signup.phoneHint')} value={values.phone} error={errors.phone} required type="tel" inputMode="tel" maxLength={30} autocomplete="tel" />
          <TextField name="email" label={label('email')} hint={t('buyer.signup.emailHint')} value={values.email} error={errors.email} type="email" maxLength={254} autocomplete="email" optionalLabel={t('form.optional')} />
          <TextField name="username" label={label('username')} hint={t('buyer.signup.usernameHint')} value={values.username} error={errors.username} maxLength={64} autocomplete="username" spellcheck={false} optionalLabel={t('form.optional')} />
          <TextField name="password" label={label('password')} hint={t('buyer.signup.passwordHint')} error={errors.password} required type="password" maxLength={256} autocomplete="new-password" />
          <TextField name="passwordAgain" label={label('passwordAgain')} error={errors.passwordAgain} required type="password" maxLength={256} autocomplete="new-password" />
          <SubmitRow><button type="submit" class="btn btn-primary">{t('buyer.signup.submit')}</button></SubmitRow>
        </form>
        <div class="auth-alt">
          <a class="btn btn-secondary" href={`/login${next ? `?next=${encodeURIComponent(next)}` : ''}`}>{t('buyer.invite.login')}</a>
        </div>
      </div>
    </PortalShell>
  );
}

// ─── The account ──────────────────────────────────────────────────────────────

function OrderRow({ view, o }: { view: View; o: OrderDto }) {
  const { t } = view;
  const units = o.items.reduce((n, i) => n + i.quantity, 0);
  return (
    <li class="card order-card my-order">
      <div class="card-body">
        <header class="order-head">
          <h2><a href={orderPath(o.code)}>{t('market.order')} <code>{o.code}</code></a></h2>
          <StatusBadge tone={STATUS_TONE[o.status]}>{t(`market.status.${o.status}`)}</StatusBadge>
          {o.isSample ? <SampleBadge label={t('portal.sample')} /> : null}
        </header>
        <p>{t('market.soldBy')} <strong>{o.shop.name}</strong></p>
        <p class="muted">{t('buyer.orders.placedAt', { at: formatDateTimeVi(new Date(o.placedAt)) })} · {t('buyer.orders.items', { n: units })}</p>
        <p>{t('market.total')}: <strong>{dong(o.total)}</strong> — {o.payment.paid ? t('market.paid') : t('market.unpaid')}</p>
      </div>
    </li>
  );
}

export function AccountPage({ view, login, address, orders, created }: { view: View; login: string; address: AddressDto | null; orders: OrderDto[]; created: boolean }) {
  const { t } = view;
  return (
    <AccountShell view={view} title={t('buyer.account.title')} active="account">
      {created ? <Notice tone="success">{t('buyer.account.created', { login })}</Notice> : null}
      <p><strong>{view.actor?.displayName}</strong> · {t('buyer.account.login')}: <code>{login}</code></p>
      <Card title={t('buyer.account.defaultAddress')}>
        {address ? <p>{address.recipientName} · {address.phone}<br />{addressLine(address)}</p> : <p class="muted">{t('buyer.addresses.empty')}</p>}
        <p><a href={ADDRESSES_PATH}>{t('buyer.account.manageAddresses')}</a></p>
      </Card>
      <section aria-labelledby="recent-orders">
        <h2 id="recent-orders">{t('buyer.account.recentOrders')}</h2>
        {orders.length ? <ul class="plain-list">{orders.map((o) => <OrderRow view={view} o={o} />)}</ul> : <p class="muted">{t('buyer.orders.empty')}</p>}
        <p class="cluster"><a href={MY_ORDERS_PATH}>{t('buyer.account.allOrders')}</a> <a class="btn btn-primary btn-sm" href={FLOOR_PATH}>{t('buyer.account.toMarket')}</a></p>
      </section>
    </AccountShell>
  );
}

export function MyOrdersPage({ view, orders, total, page, pageSize }: { view: View; orders: OrderDto[]; total: number; page: number; pageSize: number }) {
  const { t } = view;
  return (
    <AccountShell view={view} title={t('buyer.nav.orders')} active="orders">
      <p class="search-count" role="status">{t('buyer.orders.count', { n: total.toLocaleString('vi-VN') })}</p>
      {orders.length ? <ul class="plain-list">{orders.map((o) => <OrderRow view={view} o={o} />)}</ul>
        : <EmptyState action={<a class="btn btn-primary" href={FLOOR_PATH}>{t('buyer.account.toMarket')}</a>}>{t('buyer.orders.empty')}</EmptyState>}
      <Pagination page={page} pageSize={pageSize} total={total} href={(p) => (p > 1 ? `${MY_ORDERS_PATH}?trang=${p}` : MY_ORDERS_PATH)}
        labels={{ prev: t('market.prev'), next: t('market.next'), page: (p, n) => t('market.pageOf', { page: p, pages: n }), nav: t('market.pages') }} />
    </AccountShell>
  );
}

// ─── Addresses ────────────────────────────────────────────────────────────────

export function AddressesPage({ view, addresses, done }: { view: View; addresses: AddressDto[]; done?: string | undefined }) {
  const { t } = view;
  return (
    <AccountShell view={view} title={t('buyer.nav.addresses')} active="addresses">
      {done ? <Notice tone="success">{done}</Notice> : null}
      <p class="muted">{t('buyer.addresses.lead')}</p>
      <p><a class="btn btn-primary" href={`${ADDRESSES_PATH}/them`}>{t('buyer.addresses.add')}</a></p>
      {addresses.length ? (
        <ul class="plain-list address-list">
          {addresses.map((a) => {
            const line = addressLine(a);
            return (
              <li class="card address-card">
                <div class="card-body">
                  <p><strong>{a.recipientName}</strong> · {a.phone} {a.isDefault ? <StatusBadge tone="success">{t('buyer.addresses.default')}</StatusBadge> : null}</p>
                  <p>{line}</p>
                  <div class="cluster">
                    <a class="btn btn-secondary btn-sm" href={`${ADDRESSES_PATH}/${a.id}/sua`} aria-label={t('buyer.addresses.editLabel', { address: line })}>{t('buyer.addresses.edit')}</a>
                    {a.isDefault ? null : (
                      <form method="post" action={`${ADDRESSES_PATH}/${a.id}/mac-dinh`} class="inline-form">
                        <CsrfField token={view.csrfToken} />
                        <button type="submit" class="btn btn-secondary btn-sm" aria-label={t('buyer.addresses.makeDefaultLabel', { address: line })}>{t('buyer.addresses.makeDefault')}</button>
                      </form>
                    )}
                    <form method="post" action={`${ADDRESSES_PATH}/${a.id}/xoa`} class="inline-form">
                      <CsrfField token={view.csrfToken} />
                      <button type="submit" class="btn btn-ghost btn-sm" aria-label={t('buyer.addresses.deleteLabel', { address: line })}>{t('buyer.addresses.delete')}</button>
                    </form>
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      ) : <EmptyState>{t('buyer.addresses.empty')}</EmptyState>}
    </AccountShell>
  );
}

export interface AddressFormProps {
  view: View; action: string; title: string; provinces: Place[]; communes: Place[];
  values: Record<string, string>; errors: Record<string, string>; canBeDefault: boolean;
}

/** Province first (a GET form: the communes follow it without JavaScript), then the address. */
export function AddressFormPage({ view, action, title, provinces, communes, values, errors, canBeDefault }: AddressFormProps) {
  const { t } = view;
  const v = (k: string) => values[k] ?? '';
  return (
    <AccountShell view={view} title={title} active="addresses">
      <ErrorSummary errors={errors} title={t('buyer.addresses.errors')}
        labels={{ recipientName: t('market.buyer.name'), phone: t('market.buyer.phone'), communeCode: t('market.address.commune'), street: t('market.address.street') }} />
      <form method="get" action={action} class="checkout-province">
        <SelectField name="tinh" label={t('market.address.province')} value={v('province')} placeholder="—" autoSubmit options={provinces.map((p) => ({ value: p.code, label: p.name }))} />
        <button type="submit" class="btn btn-secondary btn-sm">{t('market.address.chooseProvince')}</button>
      </form>
      <form method="post" action={action} class="checkout-form" novalidate>
        <CsrfField token={view.csrfToken} />
        <input type="hidden" name="province" value={v('province')} />
        <TextField name="recipientName" label={t('market.buyer.name')} value={v('recipientName')} error={errors.recipientName} required maxLength={100} autocomplete="name" />
        <TextField name="phone" label={t('market.buyer.phone')} value={v('phone')} error={errors.phone} required type="tel" inputMode="tel" maxLength={30} autocomplete="tel" />
        {communes.length
          ? <SelectField name="communeCode" label={t('market.address.commune')} value={v('communeCode')} error={errors.communeCode} required placeholder="—" options={communes.map((c) => ({ value: c.code, label: c.name }))} />
          : <p class="field-hint" id="field-communeCode">{errors.communeCode ? <strong class="field-error-message">{errors.communeCode}</strong> : null} {t('market.address.provinceFirst')}</p>}
        <TextField name="street" label={t('market.address.street')} hint={t('market.address.streetHint')} value={v('street')} error={errors.street} required maxLength={300} autocomplete="street-address" />
        {canBeDefault ? <Checkbox name="isDefault" label={t('buyer.addresses.isDefault')} checked={v('isDefault') === 'on'} /> : null}
        {errors.form ? <p class="field-error-message" id="field-form">{errors.form}</p> : null}
        <SubmitRow>
          <button type="submit" class="btn btn-primary" disabled={!communes.length}>{t('buyer.addresses.save')}</button>
          <a class="btn btn-link" href={ADDRESSES_PATH}>{t('buyer.addresses.back')}</a>
        </SubmitRow>
      </form>
    </AccountShell>
  );
}
