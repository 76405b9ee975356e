/**
 * What the traceability pages of the back office share: their addresses, how a quantity, a trace
 * code and a recall read, and the form parts a phone needs (a date-and-time picker, a commune from
 * the list or typed, an evidence file). Components only: data comes as props.
 */
import type { ComponentChildren } from 'preact';
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { StatusBadge } from '../../web/components/badges';
import { ErrorSummary, FileField, fieldId, SelectField, TextField } from '../../web/components/form';
import { BackLink, Notice, PageHeader } from '../../web/components/page';
import { formatTraceCode, type TraceUnit } from '../../domain/trace';
import type { DoneKey } from './trace-forms';
import { TRACE_FILE_MAX_BYTES } from './lots.service';

export const TRACE_ADMIN = '/admin/truy-xuat';
export const NEW_LOT = `${TRACE_ADMIN}/lo/moi`;
export const AREAS_PATH = `${TRACE_ADMIN}/vung-nguyen-lieu`;
export const RECALLS_PATH = `${TRACE_ADMIN}/thu-hoi`;
export const lotHref = (id: string) => `${TRACE_ADMIN}/lo/${id}`;
/** The sub-pages of a lot: one form each (a phone shows one thing at a time). */
export const LOT_FORMS = { event: 'su-kien', input: 'nguyen-lieu', lab: 'kiem-nghiem', transform: 'che-bien', recall: 'thu-hoi' } as const;
export type LotForm = keyof typeof LOT_FORMS;
export const lotFormHref = (id: string, form: LotForm) => `${lotHref(id)}/${LOT_FORMS[form]}`;
/** The label sheet of a lot (PDF, built by the labels route). */
export const labelsHref = (id: string) => `${lotHref(id)}/nhan.pdf`;

/** Roles that record on lots (the others of TRACE_STAFF read). */
export const LOT_WRITERS = ['national_admin', 'province_officer', 'commune_officer', 'producer'] as const;
/** Roles that may recall a lot of their area. */
export const RECALLERS = ['national_admin', 'province_officer', 'commune_officer', 'inspector', 'producer'] as const;

/** A quantity in the reader's way of writing numbers (at most three decimals), with its unit's name. */
export function qty(view: View, n: number, unit: TraceUnit | null): string {
  const figure = new Intl.NumberFormat(view.locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 3 }).format(n);
  return unit ? `${figure} ${view.t(`trace.unit.${unit}`)}` : figure;
}

/** A number as a form shows it again ("12,5" in Vietnamese). */
export const numberValue = (view: View, n: number | null | undefined) =>
  n === null || n === undefined ? '' : view.locale === 'vi' ? String(n).replace('.', ',') : String(n);

/** The trace code as printed (46-7K2M-Q9XR-C), in a monospace face. */
export const TraceCode = ({ code }: { code: string }) => <span class="stamp-code nowrap">{formatTraceCode(code)}</span>;

export const RecalledBadge = ({ view }: { view: View }) => <StatusBadge tone="danger">{view.t('traceAdmin.recalled')}</StatusBadge>;

/** The units of a lot for a select, by their names. */
export const unitOptions = (view: View, units: readonly TraceUnit[]) => units.map((u) => ({ value: u, label: view.t(`trace.unit.${u}`) }));

const DONE_TEXT: Record<DoneKey, Parameters<View['t']>[0]> = {
  created: 'traceAdmin.done.created', event: 'traceAdmin.done.event', corrected: 'traceAdmin.done.corrected', input: 'traceAdmin.done.input',
  lab: 'traceAdmin.done.lab', transformed: 'traceAdmin.done.transformed', recalled: 'traceAdmin.done.recalled',
  acknowledged: 'traceAdmin.done.acknowledged', closed: 'traceAdmin.done.closed', area: 'traceAdmin.done.area',
};
export const DoneNotice = ({ view, done }: { view: View; done: DoneKey | undefined }) =>
  (done ? <Notice tone="success">{view.t(DONE_TEXT[done])}</Notice> : null);

/** A date and time (`datetime-local`, Vietnam's wall clock), with label, hint and error like the other fields. */
export function DateTimeField({ view, name, label, value, error, hint }: { view: View; name: string; label: string; value: string; error?: string | undefined; hint?: string }) {
  const id = fieldId(name);
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label class="field-label" for={id}>{label}</label>
      {hint ? <p class="field-hint" id={`${id}-hint`}>{hint}</p> : null}
      {error ? <p class="field-error-message" id={`${id}-error`}><span class="visually-hidden">{`${view.t('form.errorPrefix')}: `}</span>{error}</p> : null}
      <input class={error ? 'input input--md input--error' : 'input input--md'} type="datetime-local" id={id} name={name} value={value} required
        aria-invalid={error ? 'true' : undefined} aria-describedby={described} />
    </div>
  );
}

export interface CommuneChoice { value: string; label: string }

/**
 * Where something happened: a commune of the province from the list (the lot's own first), or —
 * somewhere else in the country — its five-digit code typed below, which wins.
 */
export function CommuneFields({ view, name = 'communeCode', label, choices, values, errors, other = true }: {
  view: View; name?: string; label: string; choices: CommuneChoice[]; values: Record<string, string>; errors: Record<string, string>; other?: boolean;
}) {
  const { t } = view;
  return (
    <>
      <SelectField name={name} label={label} value={values[name] ?? ''} options={choices} error={values[`${name}Other`] ? undefined : errors[name]} required placeholder="—" />
      {other ? (
        <TextField name={`${name}Other`} label={t('traceAdmin.communeOther')} hint={t('traceAdmin.communeOtherHint')} value={values[`${name}Other`] ?? ''}
          error={values[`${name}Other`] ? errors[name] : undefined} width="sm" inputMode="numeric" maxLength={5} optionalLabel={t('form.optional')} />
      ) : null}
    </>
  );
}

/** The form's file (PDF or photo, ≤ 10 MB), sent as the multipart part `file`. */
export function EvidenceField({ view, label, hint, error, required }: { view: View; label: string; hint?: string; error?: string | undefined; required?: boolean }) {
  return (
    <FileField name="file" label={label} hint={hint ?? view.t('traceAdmin.fileHint')} accept=".pdf,image/jpeg,image/png,image/webp"
      maxBytes={TRACE_FILE_MAX_BYTES} error={error} required={required} optionalLabel={view.t('form.optional')} />
  );
}

/** A lot's sub-page: back to the lot, the title, the refusals summed up at the top, then the form. */
export function LotFormLayout({ view, lot, title, lead, errors, labels, children }: {
  view: View; lot: { id: string; lotNumber: string; product: { name: string } }; title: string; lead?: string;
  errors: Record<string, string>; labels: Record<string, string>; children: ComponentChildren;
}) {
  const { t } = view;
  return (
    <Layout view={view} title={`${title} · ${lot.lotNumber}`} active={TRACE_ADMIN}>
      <BackLink href={lotHref(lot.id)}>{t('traceAdmin.backToLot', { lot: lot.lotNumber })}</BackLink>
      <PageHeader title={title} caption={`${lot.product.name} · ${t('traceAdmin.lotN', { lot: lot.lotNumber })}`} lead={lead} />
      <ErrorSummary errors={errors} labels={labels} title={t('form.errorSummary')} />
      {children}
    </Layout>
  );
}

/** Labels of repeated rows for the error summary ("Chỉ tiêu, dòng 2"). */
export function rowLabels(view: View, part: string, rows: number[], names: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [row, i] of rows.map((r, k) => [r, k] as const)) {
    for (const [n, label] of Object.entries(names)) out[`${part}.${row}.${n}`] = view.t('traceAdmin.rowLabel', { label, row: i + 1 });
  }
  return out;
}
