/**
 * The forms of one lot that carry a file (multipart): an event — or the correction of one, the form
 * filled in from it — with its evidence (/su-kien), a raw-material input with its supplier and,
 * for a supplier outside the register, its delivery document (/nguyen-lieu), and a lab report with
 * its indicators in rows, empty rows left out, so it works without script (/kiem-nghiem).
 */
import type { View } from '../../web/view';
import { CsrfField, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { FilterBar, SearchInput } from '../../web/components/filter-bar';
import { Card, Notice } from '../../web/components/page';
import { formatDateTimeVi } from '../../domain/dates';
import { INPUT_SOURCE_KINDS, TRACE_EVENT_KINDS, TRACE_UNITS } from '../../domain/trace';
import type { LotDto, TraceEventDto } from './trace.schema';
import { LAB_ROWS } from './trace-forms';
import {
  AREAS_PATH, CommuneFields, DateTimeField, EvidenceField, lotFormHref, LotFormLayout, lotHref, rowLabels, unitOptions, type CommuneChoice,
} from './trace-admin-shared.pages';

interface FormState { values: Record<string, string>; errors: Record<string, string> }
const Cancel = ({ view, lot }: { view: View; lot: LotDto }) => <a href={lotHref(lot.id)}>{view.t('common.cancel')}</a>;

// ─── Event ───────────────────────────────────────────────────────────────────

export const eventLabels = (view: View): Record<string, string> => {
  const { t } = view;
  return {
    form: t('traceAdmin.event.add'), kind: t('traceAdmin.event.kind'), occurredAt: t('traceAdmin.event.occurredAt'), communeCode: t('traceAdmin.event.commune'),
    facility: t('traceAdmin.facility'), actor: t('traceAdmin.event.actor'), note: t('traceAdmin.note'), counterparty: t('traceAdmin.event.counterparty'),
    container: t('traceAdmin.event.container'), correctsId: t('traceAdmin.event.correcting'), file: t('traceAdmin.event.evidenceFile'),
  };
};

export interface EventFormProps extends FormState { view: View; lot: LotDto; communes: CommuneChoice[]; correcting: TraceEventDto | null }

export function EventFormPage({ view, lot, communes, correcting, values, errors }: EventFormProps) {
  const { t } = view;
  const labels = eventLabels(view);
  const v = (k: string) => values[k] ?? '';
  const opt = t('form.optional');
  const title = correcting ? t('traceAdmin.event.correctTitle') : t('traceAdmin.event.add');
  return (
    <LotFormLayout view={view} lot={lot} title={title} lead={t(correcting ? 'traceAdmin.event.correctLead' : 'traceAdmin.event.lead')} errors={errors} labels={labels}>
      {correcting ? (
        <Notice tone="info" title={t('traceAdmin.event.correcting')}>
          <p>{t(`trace.kind.${correcting.kind}`)} · {formatDateTimeVi(new Date(correcting.occurredAt))} · {correcting.actor}</p>
        </Notice>
      ) : null}
      <form method="post" action={lotFormHref(lot.id, 'event')} enctype="multipart/form-data" novalidate class="form-section">
        <CsrfField token={view.csrfToken} />
        {correcting ? <input type="hidden" name="correctsId" value={correcting.id} /> : null}
        <SelectField name="kind" label={labels.kind!} value={v('kind')} error={errors.kind} required placeholder="—"
          options={TRACE_EVENT_KINDS.filter((k) => k !== 'transformation').map((k) => ({ value: k, label: t(`trace.kind.${k}`) }))} />
        <DateTimeField view={view} name="occurredAt" label={labels.occurredAt!} hint={t('traceAdmin.event.occurredAtHint')} value={v('occurredAt')} error={errors.occurredAt} />
        <CommuneFields view={view} label={labels.communeCode!} choices={communes} values={values} errors={errors} />
        <TextField name="facility" label={labels.facility!} value={v('facility')} error={errors.facility} maxLength={300} optionalLabel={opt} />
        <TextField name="actor" label={labels.actor!} hint={t('traceAdmin.event.actorHint')} value={v('actor')} error={errors.actor} required maxLength={200} />
        <TextField name="counterparty" label={labels.counterparty!} hint={t('traceAdmin.event.counterpartyHint')} value={v('counterparty')} error={errors.counterparty} maxLength={300} optionalLabel={opt} />
        <TextField name="container" label={labels.container!} hint={t('traceAdmin.event.containerHint')} value={v('container')} error={errors.container} maxLength={100} optionalLabel={opt} spellcheck={false} />
        <TextArea name="note" label={labels.note!} value={v('note')} error={errors.note} rows={3} maxLength={2000} optionalLabel={opt} />
        <EvidenceField view={view} label={labels.file!} error={errors.file} />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{t(correcting ? 'traceAdmin.event.saveCorrection' : 'traceAdmin.event.save')}</button>
          <Cancel view={view} lot={lot} />
        </SubmitRow>
      </form>
    </LotFormLayout>
  );
}

// ─── Raw-material input ──────────────────────────────────────────────────────

export const inputLabels = (view: View): Record<string, string> => {
  const { t } = view;
  return {
    form: t('traceAdmin.input.add'), material: t('traceAdmin.input.material'), sourceKind: t('traceAdmin.input.source'), supplierProducerId: t('traceAdmin.input.supplierProducer'),
    materialAreaId: t('traceAdmin.input.area'), supplierText: t('traceAdmin.input.supplierText'), quantity: t('traceAdmin.quantity'), unit: t('traceAdmin.unit'),
    receivedOn: t('traceAdmin.input.receivedOn'), file: t('traceAdmin.input.documentFile'),
  };
};

export interface InputFormProps extends FormState {
  view: View; lot: LotDto;
  areas: { id: string; name: string; crop: string; communeName: string }[];
  /** Registered producers found by the supplier search (null: no search made). */
  suppliers: { q: string; producers: { id: string; name: string; place: string }[] } | null;
}

export function InputFormPage({ view, lot, areas, suppliers, values, errors }: InputFormProps) {
  const { t } = view;
  const labels = inputLabels(view);
  const v = (k: string) => values[k] ?? '';
  const opt = t('form.optional');
  const action = lotFormHref(lot.id, 'input');
  return (
    <LotFormLayout view={view} lot={lot} title={t('traceAdmin.input.add')} lead={t('traceAdmin.input.lead')} errors={errors} labels={labels}>
      <Card title={t('traceAdmin.input.findSupplier')} level={2}>
        <FilterBar action={action} submitLabel={t('common.search')} label={t('traceAdmin.input.findSupplier')}>
          <SearchInput name="tim" label={t('traceAdmin.input.supplierSearch')} hint={t('traceAdmin.input.findSupplierHint')} value={suppliers?.q} />
        </FilterBar>
        {suppliers && !suppliers.producers.length ? <p class="muted">{t('traceAdmin.noProducers')}</p> : null}
      </Card>
      <form method="post" action={action} enctype="multipart/form-data" novalidate class="form-section">
        <CsrfField token={view.csrfToken} />
        <TextField name="material" label={labels.material!} hint={t('traceAdmin.input.materialHint')} value={v('material')} error={errors.material} required maxLength={200} />
        <SelectField name="sourceKind" label={labels.sourceKind!} hint={t('traceAdmin.input.sourceHint')} value={v('sourceKind') || (suppliers?.producers.length ? 'producer' : areas.length ? 'area' : '')}
          error={errors.sourceKind} required placeholder="—" options={INPUT_SOURCE_KINDS.map((k) => ({ value: k, label: t(`trace.source.${k}`) }))} />
        <fieldset class="sheet-part">
          <legend>{t('trace.source.producer')}</legend>
          {suppliers?.producers.length ? (
            <SelectField name="supplierProducerId" label={labels.supplierProducerId!} value={v('supplierProducerId')} error={errors.supplierProducerId} placeholder="—"
              options={suppliers.producers.map((p) => ({ value: p.id, label: `${p.name} — ${p.place}` }))} />
          ) : (
            <TextField name="supplierProducerId" label={labels.supplierProducerId!} hint={t('traceAdmin.input.supplierIdHint')} value={v('supplierProducerId')}
              error={errors.supplierProducerId} maxLength={40} spellcheck={false} autocomplete="off" />
          )}
        </fieldset>
        <fieldset class="sheet-part">
          <legend>{t('trace.source.area')}</legend>
          {areas.length ? (
            <SelectField name="materialAreaId" label={labels.materialAreaId!} value={v('materialAreaId') || (areas.length === 1 ? areas[0]!.id : '')} error={errors.materialAreaId} placeholder="—"
              options={areas.map((a) => ({ value: a.id, label: `${a.name} — ${a.crop}, ${a.communeName}` }))} />
          ) : <p class="muted" id="field-materialAreaId">{t('traceAdmin.input.noAreas')}{errors.materialAreaId ? ` ${errors.materialAreaId}` : ''}</p>}
          <p class="small"><a href={AREAS_PATH}>{t('traceAdmin.areas.manage')}</a></p>
        </fieldset>
        <fieldset class="sheet-part">
          <legend>{t('trace.source.text')}</legend>
          <TextField name="supplierText" label={labels.supplierText!} hint={t('traceAdmin.input.supplierTextHint')} value={v('supplierText')} error={errors.supplierText} maxLength={300} />
          <EvidenceField view={view} label={labels.file!} hint={t('traceAdmin.input.documentHint')} error={errors.file} />
        </fieldset>
        <TextField name="quantity" label={labels.quantity!} hint={t('traceAdmin.quantityHint')} value={v('quantity')} error={errors.quantity} width="sm" inputMode="decimal" maxLength={16} optionalLabel={opt} />
        <SelectField name="unit" label={labels.unit!} value={v('unit') || lot.unit} error={errors.unit} options={unitOptions(view, TRACE_UNITS)} width="sm" />
        <TextField name="receivedOn" type="date" label={labels.receivedOn!} value={v('receivedOn')} error={errors.receivedOn} width="md" optionalLabel={opt} />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{t('traceAdmin.input.save')}</button>
          <Cancel view={view} lot={lot} />
        </SubmitRow>
      </form>
    </LotFormLayout>
  );
}

// ─── Lab result ──────────────────────────────────────────────────────────────

/** Rows shown at once; the others wait folded under "more indicators" (open when one is filled or refused). */
const LAB_ROWS_OPEN = 2;

export const labLabels = (view: View): Record<string, string> => {
  const { t } = view;
  const rows = Array.from({ length: LAB_ROWS }, (_, i) => i);
  return {
    form: t('traceAdmin.lab.add'), laboratory: t('traceAdmin.lab.laboratory'), reportNumber: t('traceAdmin.lab.reportNumber'), testedOn: t('traceAdmin.lab.testedOn'),
    indicators: t('traceAdmin.lab.indicators'), file: t('traceAdmin.lab.reportFile'),
    ...rowLabels(view, 'indicators', rows, { name: t('traceAdmin.lab.indicator'), result: t('traceAdmin.lab.result'), limit: t('traceAdmin.lab.limit'), passed: t('traceAdmin.lab.verdict') }),
  };
};

function IndicatorRow({ view, i, values, errors }: { view: View; i: number } & FormState) {
  const { t } = view;
  const n = (k: string) => `indicators.${i}.${k}`;
  return (
    <fieldset class="sheet-part" id={i === 0 ? 'field-indicators' : undefined}>
      <legend>{t('traceAdmin.lab.indicatorN', { n: i + 1 })}</legend>
      <TextField name={n('name')} label={t('traceAdmin.lab.indicator')} value={values[n('name')] ?? ''} error={errors[n('name')]} maxLength={200} />
      <div class="grid grid-3">
        <TextField name={n('result')} label={t('traceAdmin.lab.result')} value={values[n('result')] ?? ''} error={errors[n('result')]} maxLength={100} />
        <TextField name={n('limit')} label={t('traceAdmin.lab.limit')} value={values[n('limit')] ?? ''} error={errors[n('limit')]} maxLength={100} optionalLabel={t('form.optional')} />
        <SelectField name={n('passed')} label={t('traceAdmin.lab.verdict')} value={values[n('passed')] || 'yes'} error={errors[n('passed')]}
          options={[{ value: 'yes', label: t('traceAdmin.lab.passed') }, { value: 'no', label: t('traceAdmin.lab.failed') }]} />
      </div>
    </fieldset>
  );
}

export function LabFormPage({ view, lot, values, errors }: { view: View; lot: LotDto } & FormState) {
  const { t } = view;
  const labels = labLabels(view);
  const v = (k: string) => values[k] ?? '';
  const rows = Array.from({ length: LAB_ROWS }, (_, i) => i);
  const folded = rows.slice(LAB_ROWS_OPEN);
  const used = folded.some((i) => ['name', 'result', 'limit'].some((k) => values[`indicators.${i}.${k}`]) || Object.keys(errors).some((k) => k.startsWith(`indicators.${i}.`)));
  return (
    <LotFormLayout view={view} lot={lot} title={t('traceAdmin.lab.add')} lead={t('traceAdmin.lab.lead')} errors={errors} labels={labels}>
      <form method="post" action={lotFormHref(lot.id, 'lab')} enctype="multipart/form-data" novalidate class="form-section">
        <CsrfField token={view.csrfToken} />
        <TextField name="laboratory" label={labels.laboratory!} hint={t('traceAdmin.lab.laboratoryHint')} value={v('laboratory')} error={errors.laboratory} required maxLength={300} />
        <TextField name="reportNumber" label={labels.reportNumber!} value={v('reportNumber')} error={errors.reportNumber} width="md" maxLength={100} optionalLabel={t('form.optional')} />
        <TextField name="testedOn" type="date" label={labels.testedOn!} value={v('testedOn')} error={errors.testedOn} required width="md" />
        <p class="field-hint">{t('traceAdmin.lab.rowsHint')}</p>
        {errors.indicators ? <p class="field-error-message">{errors.indicators}</p> : null}
        {rows.slice(0, LAB_ROWS_OPEN).map((i) => <IndicatorRow view={view} i={i} values={values} errors={errors} />)}
        <details class="field" open={used || undefined}>
          <summary>{t('traceAdmin.lab.moreRows', { n: folded.length })}</summary>
          {folded.map((i) => <IndicatorRow view={view} i={i} values={values} errors={errors} />)}
        </details>
        <EvidenceField view={view} label={labels.file!} hint={t('traceAdmin.lab.reportHint')} error={errors.file} />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{t('traceAdmin.lab.save')}</button>
          <Cancel view={view} lot={lot} />
        </SubmitRow>
      </form>
      <p class="muted small">{t('traceAdmin.lab.eventNote')}</p>
    </LotFormLayout>
  );
}
