/**
 * On an exhibitor's registration page: the agreements it signed at the event (trade agreements
 * with the event's id, decision 038) and the form that records one.
 */
import type { View } from '../../web/view';
import { CsrfField, SelectField, SubmitRow, TextField } from '../../web/components/form';
import { Card } from '../../web/components/page';
import { formatDateVi } from '../../domain/dates';
import type { FieldMessages } from '../../errors';
import type { AgreementDto } from './trade.schema';
import type { RegistrationDto } from './events.schema';
import { dong } from './events.pages';

export const AGREEMENT_FIELDS = ['buyerName', 'productId', 'quantity', 'unit', 'unitPrice', 'signedOn'] as const;

export function EventAgreementsCard({ view, r, action, agreements, values, errors, today }: {
  view: View; r: RegistrationDto; action: string; agreements: AgreementDto[]; values: Record<string, string>; errors: FieldMessages; today: string;
}) {
  const { t } = view;
  return (
    <Card title={t('events.agreements.title')}>
      <p>{t('events.agreements.lead')}</p>
      {agreements.length
        ? <ul class="council-list">{agreements.map((a) => (
          <li><strong>{a.buyer.name}</strong> · {a.items.map((i) => `${i.productName}: ${i.quantity} ${i.unit}`).join('; ')} · {t('events.agreements.value')} {dong(a.value)}
            {a.signedOn ? ` · ${t('events.agreements.signedOn')} ${formatDateVi(a.signedOn)}` : ''} · {a.code}</li>))}</ul>
        : <p class="muted">{t('events.agreements.none')}</p>}
      <form method="post" action={action} novalidate class="form-narrow">
        <CsrfField token={view.csrfToken} />
        <TextField name="buyerName" label={t('events.agreements.buyerName')} value={values.buyerName ?? ''} error={errors.buyerName} required maxLength={200} />
        <SelectField name="productId" label={t('events.agreements.product')} value={values.productId ?? r.products[0]?.id ?? ''} error={errors.productId} required
          options={r.products.map((p) => ({ value: p.id, label: p.name }))} />
        <TextField name="quantity" type="number" label={t('events.agreements.quantity')} value={values.quantity ?? ''} error={errors.quantity} required width="sm" />
        <TextField name="unit" label={t('events.agreements.unit')} hint={t('events.agreements.unitHint')} value={values.unit ?? ''} error={errors.unit} required width="sm" maxLength={30} />
        <TextField name="unitPrice" label={t('events.agreements.unitPrice')} value={values.unitPrice ?? ''} error={errors.unitPrice} required width="md" inputMode="numeric" maxLength={20} />
        <TextField name="signedOn" type="date" label={t('events.agreements.signedOn')} value={values.signedOn ?? today} error={errors.signedOn} required width="md" />
        <SubmitRow><button type="submit" class="btn btn-primary">{t('events.agreements.save')}</button></SubmitRow>
      </form>
    </Card>
  );
}
