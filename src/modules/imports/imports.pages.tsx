/** Back-office pages of imports: the upload form with templates, exports and recent jobs; a job's result. */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, FileField, SelectField, SubmitRow } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { Card, Notice, PageHeader, StatGrid } from '../../web/components/page';
import { StatusBadge, type Tone } from '../../web/components/badges';
import { formatDateTimeVi, formatDateVi } from '../../domain/dates';
import type { MessageKey } from '../../core/i18n';
import { COLUMNS, EXPORT_KINDS, isTabularKind, TABULAR_KINDS, type ImportKind, type TabularKind } from './columns';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '../../files/sheet-reader';
import type { ImportDecisionNote, ImportJobDto, RowError } from './import.service';

export interface JobListItem {
  id: string; kind: string; fileName: string; status: ImportJobDto['status']; totalRows: number; createdAt: string;
}

const STATUS_TONE: Record<ImportJobDto['status'], Tone> = {
  validating: 'info', importing: 'info', succeeded: 'success', failed: 'danger',
};

const kindLabel = (view: View, kind: string) =>
  (TABULAR_KINDS as readonly string[]).includes(kind) || kind === 'criteria' ? view.t(`imports.kind.${kind as ImportKind}`) : kind;

function Status({ view, status }: { view: View; status: ImportJobDto['status'] }) {
  return <StatusBadge tone={STATUS_TONE[status]}>{view.t(`imports.status.${status}`)}</StatusBadge>;
}

export interface ImportsPageProps {
  view: View;
  jobs: JobListItem[];
  /** Kinds the actor may import. */
  kinds: readonly ImportKind[];
  errors?: Record<string, string>;
  kind?: string;
}

export function ImportsPage({ view, jobs, kinds, errors = {}, kind }: ImportsPageProps) {
  const { t } = view;
  return (
    <Layout view={view} title={t('imports.title')} active="/admin/imports">
      <PageHeader title={t('imports.title')} lead={t('imports.intro')} />
      <ErrorSummary errors={errors} title={t('form.errorSummary')} />
      <Card>
        <form method="post" action="/admin/imports" enctype="multipart/form-data" novalidate>
          <CsrfField token={view.csrfToken} />
          <SelectField name="kind" label={t('imports.kind')} required value={kind ?? null} error={errors.kind}
            placeholder="—" options={kinds.map((k) => ({ value: k, label: t(`imports.kind.${k}`) }))} />
          <FileField name="file" label={t('imports.file')} required accept={kinds.includes('criteria') ? '.csv,.xlsx,.json,text/csv,application/json' : '.csv,.xlsx,text/csv'} error={errors.file}
            maxBytes={MAX_IMPORT_BYTES}
            hint={t('imports.fileHint', { mb: MAX_IMPORT_BYTES / 1024 / 1024, rows: MAX_IMPORT_ROWS.toLocaleString(view.locale === 'vi' ? 'vi-VN' : 'en-GB') })} />
          <SubmitRow><button type="submit" class="btn btn-primary">{t('imports.submit')}</button></SubmitRow>
        </form>
      </Card>
      <Card title={t('imports.templates')}>
        <p>{t('imports.templatesHint')}</p>
        <ul>
          {kinds.filter(isTabularKind).map((k) => (
            <li key={k}>
              {t(`imports.kind.${k}`)}: <a href={`/api/v1/imports/templates/${k}?format=xlsx`}>Excel (.xlsx)</a>
              {' · '}<a href={`/api/v1/imports/templates/${k}?format=csv`}>CSV</a>
            </li>
          ))}
          {kinds.includes('criteria') ? (
            <li>{t('imports.kind.criteria')}: <a href="/admin/criteria">{t('criteria.importAnnex')}</a> — {t('criteria.importHint')}</li>
          ) : null}
        </ul>
      </Card>
      <Card title={t('imports.exports')}>
        <p>{t('imports.exportsHint')}</p>
        <ul>
          {EXPORT_KINDS.map((k) => (
            <li key={k}>
              {t(`imports.kind.${k}`)}: <a href={`/api/v1/exports/${k}?format=xlsx`}>Excel (.xlsx)</a>
              {' · '}<a href={`/api/v1/exports/${k}?format=csv`}>CSV</a>
            </li>
          ))}
        </ul>
      </Card>
      <DataTable<JobListItem>
        caption={t('imports.recent')}
        empty={t('imports.noJobs')}
        rows={jobs}
        rowKey={(j) => j.id}
        columns={[
          { key: 'createdAt', label: t('imports.createdAt'), render: (j) => <a href={`/admin/imports/${j.id}`}>{formatDateTimeVi(new Date(j.createdAt))}</a> },
          { key: 'kind', label: t('imports.kind'), render: (j) => kindLabel(view, j.kind) },
          { key: 'fileName', label: t('imports.fileName'), render: (j) => j.fileName },
          { key: 'rows', label: t('imports.rows'), numeric: true, render: (j) => j.totalRows },
          { key: 'status', label: t('imports.status'), render: (j) => <Status view={view} status={j.status} /> },
        ]}
      />
    </Layout>
  );
}

const SUMMARY_KEYS = new Set<string>([
  'rows', 'created', 'updated', 'producersCreated', 'producersMatched', 'producersUpdated', 'productsCreated',
  'productsMatched', 'decisionsCreated', 'decisionsMatched', 'decisionsDistrict', 'decisionsProvince', 'decisionsNational', 'issuersInferred', 'certificatesCreated', 'certificatesSuperseded',
  'numbersGenerated', 'expired', 'sheets', 'draftsCreated', 'draftsReplaced',
]);

/** A column as the spreadsheet names it: the Vietnamese header (and its key) in Vietnamese, the key in English. */
function ColumnName({ view, kind, field }: { view: View; kind: string; field: string }) {
  const spec = (TABULAR_KINDS as readonly string[]).includes(kind)
    ? COLUMNS[kind as TabularKind].find((c) => c.key === field) : undefined;
  if (!spec || view.locale !== 'vi') return <code>{field}</code>;
  return <>{spec.vi} <code>{field}</code></>;
}

export function JobPage({ view, job }: { view: View; job: ImportJobDto }) {
  const { t } = view;
  const running = (job.status === 'validating' || job.status === 'importing') && !job.stale;
  return (
    <Layout view={view} title={t('imports.jobTitle')} active="/admin/imports">
      {running ? <meta http-equiv="refresh" content="2" /> : null}
      <PageHeader title={t('imports.jobTitle')} caption={`${kindLabel(view, job.kind)} · ${job.fileName}`}
        actions={<a class="btn btn-secondary" href="/admin/imports">{t('imports.again')}</a>} />
      <p><Status view={view} status={job.status} /></p>
      {running ? (
        <Notice tone="info" title={t('imports.running')}>
          <p>{t('imports.progress', { done: job.processedRows, total: job.totalRows })}</p>
          <progress max={Math.max(1, job.totalRows)} value={job.processedRows} />
        </Notice>
      ) : null}
      {job.stale ? <Notice tone="warning">{t('imports.stale')}</Notice> : null}
      {job.status === 'succeeded' && job.summary ? (
        <>
          <Notice tone="success">{t('imports.succeeded', { rows: job.totalRows })}</Notice>
          <h2>{t('imports.summary')}</h2>
          <StatGrid items={Object.entries(job.summary).map(([k, v]) => ({
            label: SUMMARY_KEYS.has(k) ? t(`imports.sum.${k}` as MessageKey) : k, value: v,
          }))} />
          {job.details?.decisions?.length ? (
            <DataTable<ImportDecisionNote>
              caption={t('imports.decisionsTable')}
              empty={t('common.empty')}
              rows={job.details.decisions}
              columns={[
                { key: 'number', label: t('imports.dec.number'), render: (d) => d.number },
                { key: 'date', label: t('imports.dec.date'), render: (d) => formatDateVi(d.date) },
                { key: 'level', label: t('imports.dec.level'), render: (d) => t(`imports.level.${d.level}` as MessageKey) },
                { key: 'issuer', label: t('imports.dec.issuer'), render: (d) => d.issuer },
                { key: 'inferred', label: t('imports.dec.source'), render: (d) => t(d.inferred ? 'imports.dec.inferred' : 'imports.dec.fromFile') },
              ]}
            />
          ) : null}
        </>
      ) : null}
      {job.status === 'failed' && job.interrupted ? (
        // Its worker stopped mid-way: the file was not at fault, and nothing of it was written.
        <Notice tone="danger" title={t('imports.interruptedTitle')}><p>{job.errors[0]?.message}</p></Notice>
      ) : null}
      {job.status === 'failed' && !job.interrupted ? (
        <>
          <div class="error-summary" role="alert">
            <h2 class="error-summary-title">{t('form.errorSummary')}</h2>
            <p>{t('imports.failed', { count: job.errors.length })}</p>
          </div>
          <DataTable<RowError>
            caption={t('imports.errorsTable')}
            empty={t('common.empty')}
            rows={job.errors}
            columns={[
              { key: 'row', label: t('imports.row'), numeric: true, render: (e) => (e.row > 0 ? e.row : '—') },
              { key: 'field', label: t('imports.field'), render: (e) => <ColumnName view={view} kind={job.kind} field={e.field} /> },
              { key: 'message', label: t('imports.message'), render: (e) => e.message },
            ]}
          />
        </>
      ) : null}
      <p><a href="/admin/imports">{t('imports.back')}</a></p>
    </Layout>
  );
}
