/**
 * Two forms of one lot: "Chế biến thành lô mới" (/che-bien — how much is taken from this lot, other
 * input lots of the producer if any, and the output lots made, in rows: a row left empty is left
 * out) and "Thu hồi lô" (/thu-hoi — reason, scope, instructions, and a box to tick: a recall is
 * shown at once to every shopper who scans the lot or a lot made from it).
 */
import type { View } from '../../web/view';
import { Checkbox, CsrfField, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { Notice } from '../../web/components/page';
import { TRACE_UNITS } from '../../domain/trace';
import type { LotDto, LotSummaryDto } from './trace.schema';
import { EXTRA_INPUT_ROWS, OUTPUT_ROWS } from './trace-forms';
import {
  CommuneFields, DateTimeField, lotFormHref, LotFormLayout, lotHref, qty, rowLabels, unitOptions, type CommuneChoice,
} from './trace-admin-shared.pages';

interface FormState { values: Record<string, string>; errors: Record<string, string> }

const EXTRA_ROWS = Array.from({ length: EXTRA_INPUT_ROWS }, (_, i) => i + 1);
const OUT_ROWS = Array.from({ length: OUTPUT_ROWS }, (_, i) => i);
/** Output rows shown at once (a lot split in two is common); the others wait folded. */
const OUTPUTS_OPEN = 2;

export const transformLabels = (view: View): Record<string, string> => {
  const { t } = view;
  return {
    form: t('traceAdmin.transform.title'), occurredAt: t('traceAdmin.transform.occurredAt'), communeCode: t('traceAdmin.event.commune'),
    facility: t('traceAdmin.facility'), actor: t('traceAdmin.event.actor'), note: t('traceAdmin.note'),
    inputs: t('traceAdmin.transform.inputLots'), outputs: t('traceAdmin.transform.outputLots'), 'inputs.0.quantity': t('traceAdmin.transform.taken'),
    'inputs.0.lotId': t('traceAdmin.transform.thisLot'),
    ...rowLabels(view, 'inputs', EXTRA_ROWS, { lotId: t('traceAdmin.transform.otherLot'), quantity: t('traceAdmin.transform.takenOther') }),
    ...rowLabels(view, 'outputs', OUT_ROWS, {
      productId: t('traceAdmin.product'), lotNumber: t('traceAdmin.lotNumber'), producedOn: t('traceAdmin.producedOn'), expiresOn: t('traceAdmin.expiresOn'),
      quantity: t('traceAdmin.quantity'), unit: t('traceAdmin.unit'),
    }),
  };
};

export interface TransformFormProps extends FormState {
  view: View; lot: LotDto; communes: CommuneChoice[];
  /** The producer's other lots (possible inputs besides this one). */
  otherLots: LotSummaryDto[];
  /** The producer's products (what the output lots are of). */
  products: { id: string; name: string }[];
}

function OutputRow({ view, i, products, values, errors }: { view: View; i: number; products: TransformFormProps['products'] } & FormState) {
  const { t } = view;
  const n = (k: string) => `outputs.${i}.${k}`;
  const v = (k: string) => values[n(k)] ?? '';
  return (
    <fieldset class="sheet-part" id={i === 0 ? 'field-outputs' : undefined}>
      <legend>{t('traceAdmin.transform.outputN', { n: i + 1 })}</legend>
      <SelectField name={n('productId')} label={t('traceAdmin.product')} value={v('productId') || (products.length === 1 ? products[0]!.id : '')} error={errors[n('productId')]} placeholder="—"
        options={products.map((p) => ({ value: p.id, label: p.name }))} />
      <TextField name={n('lotNumber')} label={t('traceAdmin.lotNumber')} hint={i === 0 ? t('traceAdmin.lotNumberHint') : undefined} value={v('lotNumber')} error={errors[n('lotNumber')]} width="md" maxLength={20} spellcheck={false} autocomplete="off" />
      <div class="grid grid-2">
        <TextField name={n('producedOn')} type="date" label={t('traceAdmin.producedOn')} value={v('producedOn')} error={errors[n('producedOn')]} width="md" />
        <TextField name={n('expiresOn')} type="date" label={t('traceAdmin.expiresOn')} value={v('expiresOn')} error={errors[n('expiresOn')]} width="md" optionalLabel={t('form.optional')} />
        <TextField name={n('quantity')} label={t('traceAdmin.quantity')} value={v('quantity')} error={errors[n('quantity')]} width="sm" inputMode="decimal" maxLength={16} />
        <SelectField name={n('unit')} label={t('traceAdmin.unit')} value={v('unit') || 'pack'} error={errors[n('unit')]} options={unitOptions(view, TRACE_UNITS)} width="sm" />
      </div>
    </fieldset>
  );
}

export function TransformFormPage({ view, lot, communes, otherLots, products, values, errors }: TransformFormProps) {
  const { t } = view;
  const labels = transformLabels(view);
  const v = (k: string) => values[k] ?? '';
  const opt = t('form.optional');
  const others = otherLots.filter((l) => l.id !== lot.id);
  return (
    <LotFormLayout view={view} lot={lot} title={t('traceAdmin.transform.title')} lead={t('traceAdmin.transform.lead')} errors={errors} labels={labels}>
      {lot.remaining <= 0 ? <Notice tone="warning">{t('traceAdmin.transform.nothingLeft')}</Notice> : null}
      <form method="post" action={lotFormHref(lot.id, 'transform')} novalidate class="form-section">
        <CsrfField token={view.csrfToken} />
        <DateTimeField view={view} name="occurredAt" label={labels.occurredAt!} value={v('occurredAt')} error={errors.occurredAt} />
        <CommuneFields view={view} label={labels.communeCode!} choices={communes} values={values} errors={errors} />
        <TextField name="facility" label={labels.facility!} value={v('facility')} error={errors.facility} maxLength={300} optionalLabel={opt} />
        <TextField name="actor" label={labels.actor!} hint={t('traceAdmin.event.actorHint')} value={v('actor')} error={errors.actor} required maxLength={200} />
        <fieldset class="sheet-part" id="field-inputs">
          <legend>{t('traceAdmin.transform.inputLots')}</legend>
          {errors.inputs ? <p class="field-error-message">{errors.inputs}</p> : null}
          {errors['inputs.0.lotId'] ? <p class="field-error-message">{errors['inputs.0.lotId']}</p> : null}
          <TextField name="inputs.0.quantity" label={t('traceAdmin.transform.takenFrom', { lot: lot.lotNumber })}
            hint={t('traceAdmin.transform.remainingHint', { remaining: qty(view, lot.remaining, lot.unit) })} value={v('inputs.0.quantity')}
            error={errors['inputs.0.quantity']} required width="sm" inputMode="decimal" maxLength={16} />
          {others.length ? (
            <details class="field" open={EXTRA_ROWS.some((i) => values[`inputs.${i}.lotId`] || errors[`inputs.${i}.lotId`] || errors[`inputs.${i}.quantity`]) || undefined}>
              <summary>{t('traceAdmin.transform.moreInputs')}</summary>
              {EXTRA_ROWS.map((i) => (
                <div class="grid grid-2">
                  <SelectField name={`inputs.${i}.lotId`} label={t('traceAdmin.transform.otherLotN', { n: i })} value={v(`inputs.${i}.lotId`)} error={errors[`inputs.${i}.lotId`]} placeholder="—"
                    options={others.map((l) => ({ value: l.id, label: `${l.lotNumber} — ${l.product.name} (${qty(view, l.quantity, l.unit)})` }))} />
                  <TextField name={`inputs.${i}.quantity`} label={t('traceAdmin.transform.takenOther')} value={v(`inputs.${i}.quantity`)} error={errors[`inputs.${i}.quantity`]} width="sm" inputMode="decimal" maxLength={16} />
                </div>
              ))}
            </details>
          ) : null}
        </fieldset>
        <h2>{t('traceAdmin.transform.outputLots')}</h2>
        <p class="field-hint">{t('traceAdmin.transform.outputsHint')}</p>
        {errors.outputs ? <p class="field-error-message">{errors.outputs}</p> : null}
        {OUT_ROWS.slice(0, OUTPUTS_OPEN).map((i) => <OutputRow view={view} i={i} products={products} values={values} errors={errors} />)}
        <details class="field" open={OUT_ROWS.slice(OUTPUTS_OPEN).some((i) => values[`outputs.${i}.lotNumber`] || Object.keys(errors).some((k) => k.startsWith(`outputs.${i}.`))) || undefined}>
          <summary>{t('traceAdmin.transform.moreOutputs')}</summary>
          {OUT_ROWS.slice(OUTPUTS_OPEN).map((i) => <OutputRow view={view} i={i} products={products} values={values} errors={errors} />)}
        </details>
        <TextArea name="note" label={labels.note!} value={v('note')} error={errors.note} rows={3} maxLength={2000} optionalLabel={opt} />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{t('traceAdmin.transform.save')}</button>
          <a href={lotHref(lot.id)}>{t('common.cancel')}</a>
        </SubmitRow>
      </form>
    </LotFormLayout>
  );
}

// ─── Recall ──────────────────────────────────────────────────────────────────

export const recallLabels = (view: View): Record<string, string> => {
  const { t } = view;
  return {
    form: t('traceAdmin.recall.title'), reason: t('traceAdmin.recall.reason'), scope: t('traceAdmin.recall.scope'),
    instructions: t('traceAdmin.recall.instructions'), confirm: t('traceAdmin.recall.confirmLabel'),
  };
};

export function RecallFormPage({ view, lot, values, errors }: { view: View; lot: LotDto } & FormState) {
  const { t } = view;
  const labels = recallLabels(view);
  const v = (k: string) => values[k] ?? '';
  return (
    <LotFormLayout view={view} lot={lot} title={t('traceAdmin.recall.title')} lead={t('traceAdmin.recall.lead')} errors={errors} labels={labels}>
      {lot.outputLots.length > 0 && <Notice tone="warning">{t('traceAdmin.recall.warning', { n: lot.outputLots.length })}</Notice>}
      <form method="post" action={lotFormHref(lot.id, 'recall')} novalidate class="form-section">
        <CsrfField token={view.csrfToken} />
        <TextArea name="reason" label={labels.reason!} hint={t('traceAdmin.recall.reasonHint')} value={v('reason')} error={errors.reason} required rows={3} maxLength={1000} />
        <TextArea name="scope" label={labels.scope!} hint={t('traceAdmin.recall.scopeHint')} value={v('scope')} error={errors.scope} required rows={3} maxLength={1000} />
        <TextArea name="instructions" label={labels.instructions!} hint={t('traceAdmin.recall.instructionsHint')} value={v('instructions')} error={errors.instructions} required rows={4} maxLength={2000} />
        <Checkbox name="confirm" label={t('traceAdmin.recall.confirmText', { lot: lot.lotNumber, product: lot.product.name })} checked={v('confirm') === 'on'} error={errors.confirm} />
        <SubmitRow>
          <button type="submit" class="btn btn-danger" data-module="confirm" data-confirm={t('traceAdmin.recall.confirmDialog', { lot: lot.lotNumber })}>{t('traceAdmin.recall.submit')}</button>
          <a href={lotHref(lot.id)}>{t('common.cancel')}</a>
        </SubmitRow>
      </form>
    </LotFormLayout>
  );
}
