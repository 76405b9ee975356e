/**
 * The shop's settings in the back office (`/admin/cua-hang/:id/cai-dat`, shop-settings.routes.tsx):
 * every setting in one form (saved with the version read: a change made meanwhile by someone else
 * is a clear refusal, nothing overwritten), the pickup commune chosen from its province's list,
 * and the bank-notification services — SePay (a key made here, shown once) or Casso (its webhook
 * v2 secret entered here) — with the address each posts to.
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { SampleBadge } from '../../web/components/badges';
import { CsrfField, ErrorSummary, fieldId, SelectField, TextArea, TextField } from '../../web/components/form';
import { BackLink, Card, Notice, PageHeader } from '../../web/components/page';
import type { ShopDto } from './market.schema';
import { BANKS } from './vietqr';
import { SHOP_ADMIN, settingsPath } from './shop-admin.pages';

/** The form's values as the shop stands (money in plain digits). */
export function settingsValues(s: ShopDto): Record<string, string> {
  return {
    name: s.name, description: s.description, status: s.status, phone: s.phone, email: s.email ?? '',
    communeCode: s.pickup.communeCode, street: s.pickup.street, bankBin: s.bank.bin, bankAccount: s.bank.accountNumber, bankHolder: s.bank.holder,
    shipIn: String(s.shipping.inProvince), shipOut: String(s.shipping.otherProvinces), shipFreeFrom: s.shipping.freeFrom === null ? '' : String(s.shipping.freeFrom),
    returnDays: String(s.returnDays), returnPolicy: s.returnPolicy, payWithinHours: String(s.payWithinHours), version: String(s.version),
  };
}

type Place = { code: string; name: string };

export interface ShopSettingsProps {
  view: View; shop: ShopDto; provinces: Place[]; communes: Place[]; province: string;
  values: Record<string, string>; errors: Record<string, string>;
  done?: string | undefined; error?: string | undefined;
  /** A notification key just made: shown this once. */
  newKey?: string | undefined;
  /** Where SePay and Casso post (absolute). */
  webhooks: { sepay: string; casso: string };
}

export function settingsLabels(view: View): Record<string, string> {
  const { t } = view;
  return {
    name: t('shop.name'), description: t('shop.description'), status: t('shop.status'), phone: t('shop.phone'), email: t('shop.email'),
    communeCode: t('shop.pickupCommune'), street: t('shop.street'), bankBin: t('shop.bank'), bankAccount: t('shop.account'), bankHolder: t('shop.holder'),
    shipIn: t('shop.shipIn'), shipOut: t('shop.shipOut'), shipFreeFrom: t('shop.shipFreeFrom'), returnDays: t('shop.returnDays'),
    returnPolicy: t('shop.returnPolicy'), payWithinHours: t('shop.payWithinHours'), secret: t('shop.notify.secret'),
  };
}

function PickupProvince({ view, provinces, province, formId }: { view: View; provinces: Place[]; province: string; formId: string }) {
  const { t } = view;
  // Belongs to the GET form `formId` (outside the settings form): choosing a province lists its communes.
  return (
    <div class="field">
      <label class="field-label" for={fieldId('tinh')}>{t('shop.province')}</label>
      <p class="field-hint" id={`${fieldId('tinh')}-hint`}>{t('shop.provinceHint')}</p>
      <div class="inline-form">
        <select class="select" id={fieldId('tinh')} name="tinh" form={formId} data-module="autosubmit" aria-describedby={`${fieldId('tinh')}-hint`}>
          {provinces.map((p) => <option value={p.code} selected={p.code === province}>{p.name}</option>)}
        </select>
        <button type="submit" form={formId} class="btn btn-secondary btn-sm">{t('shop.provinceShow')}</button>
      </div>
    </div>
  );
}

function NotifySection({ view, shop, webhooks, errors }: Pick<ShopSettingsProps, 'view' | 'shop' | 'webhooks' | 'errors'>) {
  const { t } = view;
  const services = shop.bankNotificationServices ?? [];
  const base = `${settingsPath(shop.id)}/bao-co`;
  return (
    <section aria-labelledby="notify-title" id="bao-co">
      <h2 id="notify-title">{t('shop.notifications')}</h2>
      <p>{t('shop.notify.lead')}</p>
      <Card title={t('shop.notify.sepay')} level={3}>
        <p>{services.includes('sepay') ? t('shop.notify.keySet') : t('shop.notify.keyNone')}</p>
        <ol>
          <li>{t('shop.notify.sepay1')}</li>
          <li>{t('shop.notify.url')} <code>{webhooks.sepay}</code></li>
          <li>{t('shop.notify.sepay2')}</li>
        </ol>
        <form method="post" action={`${base}/khoa`} class="inline-form">
          <CsrfField token={view.csrfToken} />
          <button type="submit" class="btn btn-secondary btn-sm">{services.includes('sepay') ? t('shop.notify.keyRenew') : t('shop.notify.keyMake')}</button>
        </form>
        {services.includes('sepay') ? <p class="muted">{t('shop.notify.keyRenewHint')}</p> : null}
      </Card>
      <Card title={t('shop.notify.casso')} level={3}>
        <p>{services.includes('casso') ? t('shop.notify.secretSet') : t('shop.notify.secretNone')}</p>
        <ol>
          <li>{t('shop.notify.casso1')}</li>
          <li>{t('shop.notify.url')} <code>{webhooks.casso}</code></li>
          <li>{t('shop.notify.casso2')}</li>
        </ol>
        <form method="post" action={`${base}/bi-mat`} class="form-narrow" novalidate>
          <CsrfField token={view.csrfToken} />
          <TextField name="secret" label={t('shop.notify.secret')} hint={t('shop.notify.secretHint')} error={errors.secret} type="password"
            autocomplete="off" maxLength={200} spellcheck={false} required />
          <button type="submit" class="btn btn-primary btn-sm">{t('shop.notify.secretSave')}</button>
        </form>
        {services.includes('casso') ? (
          <form method="post" action={`${base}/bi-mat/go`} class="inline-form">
            <CsrfField token={view.csrfToken} />
            <button type="submit" class="btn btn-secondary btn-sm">{t('shop.notify.secretClear')}</button>
          </form>
        ) : null}
      </Card>
    </section>
  );
}

export function ShopSettingsPage(p: ShopSettingsProps) {
  const { view, shop, values, errors } = p;
  const { t } = view;
  const v = (k: string) => values[k] ?? '';
  const labels = settingsLabels(view);
  const money = (name: string, hint?: string, optional = false) => (
    <TextField name={name} label={labels[name]!} hint={hint} value={v(name)} error={errors[name]} required={!optional} inputMode="numeric" maxLength={16} width="sm"
      optionalLabel={optional ? t('form.optional') : undefined} />
  );
  return (
    <Layout view={view} title={t('shop.settings')} active={SHOP_ADMIN}>
      <BackLink href={`${SHOP_ADMIN}/${shop.id}`}>{t('shop.backToShop', { shop: shop.name })}</BackLink>
      <PageHeader title={t('shop.settings')} caption={shop.name} lead={shop.isSample ? <SampleBadge label={t('portal.sample')} /> : undefined} />
      {p.done ? <Notice tone="success">{p.done}</Notice> : null}
      {p.error ? <Notice tone="danger">{p.error}</Notice> : null}
      {p.newKey ? (
        <Notice tone="warning" title={t('shop.notify.keyOnce')}>
          <p><code>{p.newKey}</code></p>
          <p>{t('shop.notify.url')} <code>{p.webhooks.sepay}</code></p>
          <p><a href="#bao-co">{t('shop.notify.howTo')}</a></p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} labels={labels} title={t('shop.errors')} />
      <form id="pickup-province" method="get" action={settingsPath(shop.id)} />
      <form method="post" action={settingsPath(shop.id)} class="form-section" novalidate>
        <CsrfField token={view.csrfToken} />
        <input type="hidden" name="version" value={v('version')} />
        <fieldset>
          <legend>{t('shop.settings.general')}</legend>
          <TextField name="name" label={labels.name!} value={v('name')} error={errors.name} required maxLength={120} />
          <TextArea name="description" label={labels.description!} value={v('description')} error={errors.description} rows={3} maxLength={3000} optionalLabel={t('form.optional')} />
          <SelectField name="status" label={labels.status!} hint={t('shop.statusHint')} value={v('status')} error={errors.status} required
            options={[{ value: 'open', label: t('shop.status.open') }, { value: 'paused', label: t('shop.status.paused') }]} />
          <TextField name="phone" label={labels.phone!} value={v('phone')} error={errors.phone} required type="tel" inputMode="tel" maxLength={30} />
          <TextField name="email" label={labels.email!} hint={t('shop.emailHint')} value={v('email')} error={errors.email} type="email" maxLength={254} optionalLabel={t('form.optional')} />
        </fieldset>
        <fieldset>
          <legend>{t('shop.settings.pickup')}</legend>
          <PickupProvince view={view} provinces={p.provinces} province={p.province} formId="pickup-province" />
          <SelectField name="communeCode" label={labels.communeCode!} value={v('communeCode')} error={errors.communeCode} required placeholder="—"
            options={p.communes.map((c) => ({ value: c.code, label: c.name }))} />
          <TextField name="street" label={labels.street!} value={v('street')} error={errors.street} required maxLength={300} />
        </fieldset>
        <fieldset>
          <legend>{t('shop.settings.bank')}</legend>
          <SelectField name="bankBin" label={labels.bankBin!} value={v('bankBin')} error={errors.bankBin} required placeholder="—" options={BANKS.map((b) => ({ value: b.bin, label: `${b.shortName} — ${b.name}` }))} />
          <TextField name="bankAccount" label={labels.bankAccount!} value={v('bankAccount')} error={errors.bankAccount} required inputMode="numeric" maxLength={19} spellcheck={false} />
          <TextField name="bankHolder" label={labels.bankHolder!} hint={t('shop.holderHint')} value={v('bankHolder')} error={errors.bankHolder} required maxLength={100} />
        </fieldset>
        <fieldset>
          <legend>{t('shop.settings.shipping')}</legend>
          {money('shipIn')}
          {money('shipOut')}
          {money('shipFreeFrom', t('shop.shipFreeFromHint'), true)}
        </fieldset>
        <fieldset>
          <legend>{t('shop.settings.terms')}</legend>
          <TextField name="returnDays" label={labels.returnDays!} hint={t('shop.returnDaysHint')} value={v('returnDays')} error={errors.returnDays} required inputMode="numeric" maxLength={2} width="xs" />
          <TextArea name="returnPolicy" label={labels.returnPolicy!} value={v('returnPolicy')} error={errors.returnPolicy} rows={3} maxLength={3000} optionalLabel={t('form.optional')} />
          <TextField name="payWithinHours" label={labels.payWithinHours!} hint={t('shop.payWithinHoursHint')} value={v('payWithinHours')} error={errors.payWithinHours} required inputMode="numeric" maxLength={3} width="xs" />
        </fieldset>
        <button type="submit" class="btn btn-primary">{t('shop.settings.save')}</button>
      </form>
      <NotifySection view={view} shop={shop} webhooks={p.webhooks} errors={errors} />
    </Layout>
  );
}
