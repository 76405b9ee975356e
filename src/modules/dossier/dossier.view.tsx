/**
 * Views of the dossier module: the list of dossiers, a new dossier, and a dossier (summary,
 * checklist with uploads, self-assessment summary, the caller's actions with the commune
 * assessment form, timeline). Components only: dossier-pages.routes.tsx loads the data.
 */
import type { View } from '../../web/view';
import { str, type FormBody } from '../../web/forms';
import { Layout } from '../../web/components/layout';
import { Checkbox, CsrfField, ErrorSummary, SelectField, SubmitRow, TextArea } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import { FilterBar } from '../../web/components/filter-bar';
import { BackLink, Card, DescriptionList, Notice, PageHeader } from '../../web/components/page';
import { StatusBadge, Stars, type Tone } from '../../web/components/badges';
import { listHref, pagerLabels } from '../../web/components/pager';
import type { FieldMessages } from '../../errors';
import { formatDateTimeVi } from '../../domain/dates';
import { DOSSIER_KINDS, DOSSIER_STATUSES, type DossierStatus } from '../../domain/dossier';
import { BlankFormsCard, NextStepCard, UploadForm } from './dossier-guidance.view';
import { AssistedFilingCard, OnBehalfBadge } from './dossier-assisted.view';
import type { DossierDto, DossierListQuery, DossierResultDto, DossierSummaryDto } from './dossier.schema';

const TONES: Record<DossierStatus, Tone> = {
  draft: 'neutral', submitted: 'info', returned: 'warning', forwarded: 'info', received: 'info', in_round: 'info',
  evaluated: 'info', recognised: 'success', not_recognised: 'danger', withdrawn: 'neutral',
};
const statusBadge = (view: View, s: DossierStatus) => <StatusBadge tone={TONES[s]}>{view.t(`dossier.status.${s}`)}</StatusBadge>;
/** A dossier's status as a coloured badge (also on the producer's dashboard). */
export const DossierStatusBadge = ({ view, status }: { view: View; status: DossierStatus }) => statusBadge(view, status);
const when = (iso: string | null) => (iso ? formatDateTimeVi(new Date(iso)) : '—');
const fmt = (view: View, n: number) => new Intl.NumberFormat(view.locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(n);

// ─── dossier detail ─────────────────────────────────────────────────────────

/** Timeline steps taken by the commune, the council and the decision (labels `dossier.event.*`). */
const EVENT_LABELS = ['create', 'create_on_behalf', 'handover', 'samples_received', 'extra_tests', 'assign', 'unassign', 'evaluate', 'recognise', 'reject'];

function Timeline({ view, d }: { view: View; d: DossierDto }) {
  const { t } = view;
  if (!d.timeline.length) return <p class="muted">{t('dossier.timelineEmpty')}</p>;
  const label = (a: string) => (EVENT_LABELS.includes(a) ? t(`dossier.event.${a as 'create'}`)
    : (['submit', 'withdraw', 'return', 'forward', 'receive'].includes(a) ? t(`dossier.action.${a as 'submit'}`) : a));
  return (
    <ol class="timeline">
      {d.timeline.map((e) => (
        <li class="timeline-item" key={e.id}>
          <p class="timeline-head">
            <time dateTime={e.at}>{formatDateTimeVi(new Date(e.at))}</time>{' · '}<strong>{label(e.action)}</strong>{' '}{statusBadge(view, e.toStatus)}
          </p>
          <p class="timeline-who muted">{e.actorName}</p>
          {e.comment ? <blockquote class="timeline-comment">{e.comment}</blockquote> : null}
        </li>
      ))}
    </ol>
  );
}

const UNANSWERED = 'unanswered: ';

/** The checklist's self-assessment note (a code, or the criteria left unanswered) in the reader's language. */
function selfAssessmentNote(view: View, note: string): string {
  if (note === 'not_saved') return view.t('dossier.note.not_saved');
  if (note === 'sheet_not_available') return view.t('dossier.note.sheet_not_available');
  if (note.startsWith(UNANSWERED)) return view.t('dossier.note.unanswered', { codes: note.slice(UNANSWERED.length) });
  return note;
}

function Checklist({ view, d }: { view: View; d: DossierDto }) {
  const { t } = view;
  const title = (i: { title: string; titleEn: string }) => (view.locale === 'en' ? i.titleEn : i.title);
  return (
    <Card title={t('dossier.checklist')}>
      <p>{d.checklist.complete ? t('dossier.checklistComplete') : t('dossier.checklistMissing', { count: d.checklist.missing.length })}</p>
      <ul class="checklist">
        {d.checklist.items.map((i) => {
          const files = d.documents.filter((f) => f.docType === i.code);
          return (
            <li class="checklist-item" id={`doc-${i.code}`} key={i.code}>
              <p class="cluster mb-0">
                <strong>{title(i)}</strong>
                {i.provided === 'samples' && !i.satisfied
                  ? <StatusBadge tone="info">{t('dossier.samplesPending')}</StatusBadge>
                  : <StatusBadge tone={i.satisfied ? 'success' : i.required ? 'danger' : 'neutral'}>{i.satisfied ? t('dossier.satisfied') : i.required ? t('dossier.missing') : t('dossier.optional')}</StatusBadge>}
                {i.required ? <span class="small muted">{t('dossier.required')}</span> : null}
                {i.carried ? <StatusBadge tone="info">{t('dossier.carried')}</StatusBadge> : null}
              </p>
              {i.provided === 'samples' ? <p class="small">{i.note === 'received' ? t('dossier.samplesReceived') : t('dossier.samplesNote')}</p> : null}
              {i.provided === 'self_assessment' ? (
                <p class="small">
                  {d.selfAssessment ? t('dossier.selfAssessmentFrozen', { total: fmt(view, d.selfAssessment.total), stars: d.selfAssessment.estimatedStars }) + ' ' : ''}
                  {i.note && !i.satisfied ? <span class="muted">{selfAssessmentNote(view, i.note)} </span> : null}
                  <a href={`/admin/products/${d.product.id}/self-assessment`}>{t('dossier.selfAssessmentOpen')}</a>
                </p>
              ) : null}
              {i.provided === 'note' ? <p class="small">{d.changesNote ?? '—'}</p> : null}
              {files.length ? (
                <ul class="small" aria-label={t('dossier.files')}>
                  {files.map((f) => (
                    <li key={f.id}>
                      <a href={f.url}>{f.fileName}</a> <span class="muted">({Math.ceil(f.sizeBytes / 1024)} KB{f.carriedFrom ? ` · ${t('dossier.carried')}` : ''})</span>
                      {d.editable ? (
                        <form method="post" action={`/admin/dossiers/${d.id}/documents/${f.id}/delete`} class="inline-form" data-module="confirm" data-confirm={t('dossier.deleteConfirm')}>
                          <CsrfField token={view.csrfToken} />
                          <button type="submit" class="btn btn-ghost btn-sm">{t('dossier.deleteFile')}<span class="visually-hidden"> {f.fileName}</span></button>
                        </form>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : null}
              {(d.editable && i.provided === 'upload') || (d.mayAddExtraTests && i.code === 'lab_tests')
                ? <UploadForm view={view} dossierId={d.id} code={i.code} title={title(i)} /> : null}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

function Actions({ view, d, values }: { view: View; d: DossierDto; values: FormBody }) {
  const { t } = view;
  if (!d.allowedActions.length) return null;
  const needsComment = d.allowedActions.includes('return');
  const forward = d.allowedActions.includes('forward');
  const yesNo = (name: string, label: string) => (
    <SelectField name={name} label={label} value={str(values, name) ?? ''} required placeholder="—"
      options={[{ value: 'yes', label: t('common.yes') }, { value: 'no', label: t('common.no') }]} />
  );
  return (
    <Card title={t('dossier.actions')}>
      <form method="post" action={`/admin/dossiers/${d.id}/transitions`} novalidate>
        <CsrfField token={view.csrfToken} />
        <input type="hidden" name="version" value={String(d.version)} />
        {forward ? (
          <fieldset class="form-section">
            <legend class="field-label">{t('dossier.communeAssessment')}</legend>
            {d.communeAssessmentRequired ? <p class="field-hint">{t('dossier.communeAssessmentLead')}</p> : null}
            {d.communeAssessmentRequired ? (
              <>
                {yesNo('localOrigin', t('dossier.localOrigin'))}
                {yesNo('localLabour', t('dossier.localLabour'))}
                {yesNo('localIdea', t('dossier.localIdea'))}
                {yesNo('localIdentity', t('dossier.localIdentity'))}
                <TextArea name="report" label={t('dossier.report')} value={str(values, 'report') ?? ''} rows={4} maxLength={20000} />
              </>
            ) : null}
            {!d.isService ? <Checkbox name="samplesReceived" label={t('dossier.samplesReceivedLabel')} checked={values.samplesReceived === 'on'} /> : null}
          </fieldset>
        ) : null}
        {needsComment || d.allowedActions.includes('submit') ? (
          <TextArea name="comment" label={t('dossier.comment')} hint={needsComment ? t('dossier.commentHint') : undefined} value={str(values, 'comment') ?? ''} rows={3} maxLength={5000} optionalLabel={t('form.optional')} />
        ) : null}
        <SubmitRow>
          {d.allowedActions.map((a) => (
            <button type="submit" name="action" value={a} key={a}
              class={a === 'withdraw' || a === 'return' ? 'btn btn-secondary' : 'btn btn-primary'}
              data-module={a === 'withdraw' ? 'confirm' : undefined} data-confirm={a === 'withdraw' ? t('dossier.withdrawConfirm') : undefined}>
              {t(`dossier.action.${a as 'submit'}`)}
            </button>
          ))}
        </SubmitRow>
      </form>
    </Card>
  );
}

function ResultCard({ view, r }: { view: View; r: DossierResultDto }) {
  const { t } = view;
  return (
    <Card title={t('dossier.result')} variant="accent">
      <DescriptionList items={[
        { term: t('dossier.result.round'), detail: r.roundName },
        { term: t('dossier.result.mean'), detail: r.meanScore === null ? '—' : fmt(view, r.meanScore) },
        { term: t('dossier.result.recognised'), detail: r.recognisedStars ? <Stars count={r.recognisedStars} showText /> : t(r.eliminated ? 'dossier.result.eliminated' : 'dossier.result.none') },
        ...(r.potentialFiveStar ? [{ term: t('dossier.result.potential'), detail: t('common.yes') }] : []),
        ...(r.certificateNumber ? [{ term: t('dossier.result.certificate'), detail: <a href={`/admin/certificates/${encodeURIComponent(r.certificateNumber)}`}>{r.certificateNumber}</a> }] : []),
      ]} />
    </Card>
  );
}

/** A failed step shown on the dossier page: the translated summary and field errors, the documents still missing. */
export interface DossierFailure {
  message: string;
  fields: FieldMessages;
  /** A submission refused for an incomplete checklist lists the documents it lacks. */
  missing?: { code: string; title: string; titleEn: string }[] | undefined;
}

/** The lines of the error summary: the field errors, else the missing documents, else the message itself. */
function failureLines(view: View, d: DossierDto, f: DossierFailure): FieldMessages {
  if (Object.keys(f.fields).length) {
    // A refused file is told once, at its checklist item: "Bản sao giấy đăng ký kinh doanh: Tệp … không phải …".
    const items = new Map(d.checklist.items.map((i) => [`upload-${i.code}`, view.locale === 'en' ? i.titleEn : i.title]));
    return Object.fromEntries(Object.entries(f.fields).map(([k, m]) => [k, items.has(k) ? `${items.get(k)}: ${m}` : m]));
  }
  if (f.missing?.length) return Object.fromEntries(f.missing.map((m) => [`doc-${m.code}`, view.locale === 'en' ? m.titleEn : m.title]));
  return { form: f.message };
}

interface DossierPageProps { view: View; d: DossierDto; result?: DossierResultDto | null; flash?: string | undefined; failure?: DossierFailure | undefined; values?: FormBody }

/** The summary's title: the missing documents under the refusal itself; anything else under "Có lỗi cần sửa" (each problem said once, in the list). */
const failureTitle = (view: View, f: DossierFailure) => (!Object.keys(f.fields).length && f.missing?.length ? f.message : view.t('form.errorSummary'));

export function DossierPage({ view, d, result, flash, failure, values }: DossierPageProps) {
  const { t } = view;
  const title = `${t('dossier.number')} ${d.number}`;
  return (
    <Layout view={view} title={title} active="/admin/dossiers">
      <BackLink href="/admin/dossiers">{t('common.back')}</BackLink>
      <PageHeader title={title} caption={`${t(`dossier.kind.${d.kind}`)} · ${d.product.name}`} />
      {flash && flash !== 'submit' ? <Notice tone="success">{t('dossier.done')}</Notice> : null}
      {failure ? <ErrorSummary title={failureTitle(view, failure)} errors={failureLines(view, d, failure)} /> : null}
      <NextStepCard view={view} d={d} justSubmitted={flash === 'submit'} />
      <DescriptionList items={[
        { term: t('dossier.status'), detail: statusBadge(view, d.status) },
        { term: t('dossier.product'), detail: <a href={`/admin/products/${d.product.id}`}>{d.product.name}</a> },
        { term: t('dossier.producer'), detail: d.producer.name },
        { term: t('dossier.kind'), detail: t(`dossier.kind.${d.kind}`) },
        { term: t('dossier.regime'), detail: d.regimeName },
        { term: t('dossier.submittedAt'), detail: when(d.submittedAt) },
        ...(d.isService ? [{ term: t('dossier.isService'), detail: t('common.yes') }] : []),
        ...(d.selfAssessment ? [{ term: t('dossier.selfAssessment'), detail: <span>{fmt(view, d.selfAssessment.total)} · <Stars count={d.selfAssessment.estimatedStars} showText /></span> }] : []),
      ]} />
      <AssistedFilingCard view={view} d={d} errors={failure?.fields} />
      {result ? <ResultCard view={view} r={result} /> : null}
      {d.communeAssessment ? (
        <Card title={t('dossier.communeAssessment')}>
          <DescriptionList items={[
            { term: t('dossier.localOrigin'), detail: t(d.communeAssessment.localOrigin ? 'common.yes' : 'common.no') },
            { term: t('dossier.localLabour'), detail: t(d.communeAssessment.localLabour ? 'common.yes' : 'common.no') },
            { term: t('dossier.localIdea'), detail: t(d.communeAssessment.localIdea ? 'common.yes' : 'common.no') },
            { term: t('dossier.localIdentity'), detail: t(d.communeAssessment.localIdentity ? 'common.yes' : 'common.no') },
            { term: t('dossier.report'), detail: d.communeAssessment.report },
          ]} />
        </Card>
      ) : null}
      {d.editable ? <BlankFormsCard view={view} dossierId={d.id} regimeName={d.regimeName} /> : null}
      <Checklist view={view} d={d} />
      {d.kind !== 'first' && d.editable ? (
        <Card title={t('dossier.changesNote')}>
          <form method="post" action={`/admin/dossiers/${d.id}`} novalidate>
            <CsrfField token={view.csrfToken} />
            <TextArea name="changesNote" label={t('dossier.changesNote')} hint={t('dossier.changesNoteHint')} value={d.changesNote ?? ''} required rows={4} maxLength={5000} />
            <SubmitRow><button type="submit" class="btn btn-secondary">{t('common.save')}</button></SubmitRow>
          </form>
        </Card>
      ) : null}
      <Actions view={view} d={d} values={values ?? {}} />
      <Card title={t('dossier.timeline')}><Timeline view={view} d={d} /></Card>
    </Layout>
  );
}


interface DossiersPageProps {
  view: View;
  /** The caller is a producer (their own dossiers; no producer column, no queues). */
  producer: boolean;
  query: DossierListQuery;
  result: { items: DossierSummaryDto[]; total: number; page: number; pageSize: number };
}

export function DossiersPage({ view, producer, query: q, result: r }: DossiersPageProps) {
  const { t } = view;
  const title = producer ? t('dossiers.mine') : t('dossiers.title');
  return (
    <Layout view={view} title={title} active="/admin/dossiers">
      <PageHeader title={title} lead={t('dossiers.lead')} caption={t('common.total', { total: r.total })}
        actions={<a class="btn btn-primary" href="/admin/dossiers/new">{t('dossiers.new')}</a>} />
      <FilterBar action="/admin/dossiers" submitLabel={t('common.filter')} reset={{ href: '/admin/dossiers', label: t('common.all') }}>
        {!producer ? <SelectField name="queue" label={t('dossiers.queue')} value={q.queue} autoSubmit placeholder={t('common.all')}
          options={[{ value: 'commune', label: t('dossiers.queue.commune') }, { value: 'province', label: t('dossiers.queue.province') }]} /> : null}
        <SelectField name="status" label={t('dossier.status')} value={q.status} autoSubmit placeholder={t('common.all')}
          options={DOSSIER_STATUSES.map((s) => ({ value: s, label: t(`dossier.status.${s}`) }))} />
      </FilterBar>
      <div class="dossier-table"><DataTable<DossierSummaryDto> caption={title} captionHidden empty={t('dossiers.empty')} rows={r.items} rowKey={(d) => d.id}
        columns={[
          { key: 'number', label: t('dossier.number'), render: (d) => <><a href={`/admin/dossiers/${d.id}`} class="mono">{d.number}</a>{d.filedOnBehalf ? <> <OnBehalfBadge view={view} /></> : null}</> },
          { key: 'product', label: t('dossier.product'), render: (d) => d.product.name },
          ...(producer ? [] : [{ key: 'producer', label: t('dossier.producer'), render: (d: DossierSummaryDto) => d.producer.name }]),
          { key: 'kind', label: t('dossier.kind'), render: (d) => t(`dossier.kind.${d.kind}`) },
          { key: 'status', label: t('dossier.status'), render: (d) => statusBadge(view, d.status) },
          { key: 'submittedAt', label: t('dossier.submittedAt'), render: (d) => when(d.submittedAt) },
        ]} /></div>
      <Pagination page={r.page} pageSize={r.pageSize} total={r.total} href={listHref('/admin/dossiers', q)} labels={pagerLabels(view)} />
    </Layout>
  );
}

interface NewDossierPageProps {
  view: View;
  /** The products the caller may open a dossier for. */
  products: { id: string; name: string; producerName?: string }[];
  values: FormBody;
  errors?: FieldMessages | undefined;
  message?: string | undefined;
  /** The regime in force, named by its decision (the blank forms are its forms). */
  regimeName: string;
}

export function NewDossierPage({ view, products, values, errors, message, regimeName }: NewDossierPageProps) {
  const { t } = view;
  const label = (p: { name: string; producerName?: string }) => (p.producerName ? `${p.name} — ${p.producerName}` : p.name);
  return (
    <Layout view={view} title={t('dossiers.new')} active="/admin/dossiers">
      <BackLink href="/admin/dossiers">{t('common.back')}</BackLink>
      <PageHeader title={t('dossiers.new')} lead={t('dossier.kindHint')} />
      {view.actor && view.actor.role !== 'producer' ? <Notice tone="info">{t('assisted.newLead')}</Notice> : null}
      {errors ? <ErrorSummary title={message ?? t('form.errorSummary')} errors={errors} labels={{ productId: t('dossier.product'), kind: t('dossier.kind') }} /> : null}
      {products.length ? (
        <form method="post" action="/admin/dossiers" novalidate class="form-narrow">
          <CsrfField token={view.csrfToken} />
          <SelectField name="productId" label={t('dossier.product')} value={str(values, 'productId') ?? ''} required placeholder="—" error={errors?.productId}
            options={products.map((p) => ({ value: p.id, label: label(p) }))} />
          <SelectField name="kind" label={t('dossier.kind')} value={str(values, 'kind') ?? 'first'} required error={errors?.kind}
            options={DOSSIER_KINDS.map((k) => ({ value: k, label: t(`dossier.kind.${k}`) }))} />
          <SubmitRow>
            <button type="submit" class="btn btn-primary">{t('dossiers.new')}</button>
            <a class="btn btn-ghost" href="/admin/dossiers">{t('common.cancel')}</a>
          </SubmitRow>
        </form>
      ) : <p>{t('dossier.noProducts')}</p>}
      <BlankFormsCard view={view} regimeName={regimeName} />
    </Layout>
  );
}
