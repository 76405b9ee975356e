/**
 * Routes of imports and exports: the JSON API (upload, job status, templates, exports) and the
 * back-office pages. Uploads are multipart; the route's preValidation hook reads the parts into
 * `req.body` so that the auth plugin's CSRF check (which reads `req.body._csrf`) sees the form's
 * token before the handler runs.
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import { AppError, problem, type FieldErrors, type FieldMessages } from '../../errors';
import { formErrors } from '../../web/forms';
import { fieldMessages } from '../../web/field-errors';
import { errorResponses } from '../../web/api-schemas';
import { readMultipart, type MultipartBody } from '../../web/multipart';
import { redirect, type App } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { t, type Locale } from '../../core/i18n';
import type { Role } from '../../core/roles';
import { EXPORT_KINDS, IMPORT_KINDS, TABULAR_KINDS, type ImportKind } from './columns';
import { MAX_IMPORT_BYTES } from '../../files/sheet-reader';
import { getJob, listRecentJobs, runImport, startImport, type ImportOutcome } from './import.service';
import { buildTemplate } from './templates';
import { exportData } from './export.service';
import type { FileDownload } from '../../files/spreadsheet';
import { ImportsPage, JobPage } from './imports.pages';

/** AppErrors of startImport that re-render the upload form (any other is the error page's). */
const UPLOAD_REFUSALS = ['validation_failed', 'bad_request', 'forbidden', 'not_found', 'conflict', 'unauthenticated', 'payload_too_large', 'unsupported_media_type'];

const IMPORTERS: readonly Role[] = ['national_admin', 'province_officer'];
const READERS: readonly Role[] = ['national_admin', 'province_officer', 'commune_officer', 'inspector', 'council_member', 'producer'];


const RowErrorSchema = z.object({ row: z.number().int(), field: z.string(), message: z.string() });
const JobSchema = z.object({
  id: z.string(), kind: z.string(), fileName: z.string(),
  status: z.enum(['validating', 'importing', 'succeeded', 'failed']),
  totalRows: z.number().int(), processedRows: z.number().int(), errorCount: z.number().int(),
  errors: z.array(RowErrorSchema), summary: z.record(z.string(), z.number()).nullable(),
  details: z.object({
    decisions: z.array(z.object({
      number: z.string(), date: z.string(), level: z.string(), issuer: z.string(),
      inferred: z.boolean().describe('the issuing body was inferred from the regime and the units of the decision date'),
    })).optional(),
  }).nullable().describe('what the import inferred (certified-products: each decision\'s level and issuing body, at most 500)'),
  createdAt: z.string(), finishedAt: z.string().nullable(),
  stale: z.boolean().describe('still marked running, but its worker has not shown it is alive for minutes (the sweep will fail it)'),
  interrupted: z.boolean().describe('failed because the process running it stopped mid-way; nothing of it was written'),
});
const JobListSchema = z.object({
  items: z.array(z.object({
    id: z.string(), kind: z.string(), fileName: z.string(), status: z.enum(['validating', 'importing', 'succeeded', 'failed']),
    totalRows: z.number().int(), processedRows: z.number().int(), errorCount: z.number().int(),
    createdAt: z.string(), finishedAt: z.string().nullable(),
  })),
});
/** For the OpenAPI document; the multipart parts are read by readUpload before validation. */
const UploadSchema = z.object({
  file: z.any().meta({ type: 'string', format: 'binary', description: 'CSV (UTF-8, "," or ";") or XLSX (first sheet); criteria: JSON or the criteria XLSX template' }),
});
const FormatQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') });
const IdParams = z.object({ id: z.string().max(64) });

type UploadBody = MultipartBody<'_csrf' | 'kind'>;

/** preValidation: the multipart parts into `req.body` (`_csrf`, `kind` and the buffered `file`). */
async function readUpload(req: FastifyRequest) {
  req.body = await readMultipart(req, { maxBytes: MAX_IMPORT_BYTES, tooLarge: 'throw', fields: ['_csrf', 'kind'], what: 'the file' });
}

/** The 422 answer: every row error as a field "row N.column" (and in details for richer clients). */
export function importFailedError(locale: Locale, o: Extract<ImportOutcome, { ok: false }>): AppError {
  // The job's findings were translated when it ran (in the requester's language); they travel as
  // the parameter of one carrier code, joined per field.
  const messages: Record<string, string> = {};
  for (const e of o.errors) {
    const key = e.row > 0 ? `row ${e.row}.${e.field}` : e.field;
    messages[key] = messages[key] ? `${messages[key]}; ${e.message}` : e.message;
  }
  const fields: FieldErrors = Object.fromEntries(Object.entries(messages).map(([k, message]) => [k, problem('import.finding', { message })]));
  const rows = new Set(o.errors.map((e) => e.row)).size;
  const message = o.kind === 'criteria'
    ? t(locale, 'criteria.import.failedSummary', { count: o.errors.length })
    : t(locale, 'imports.failedSummary', { count: o.errors.length, rows });
  return new AppError('import_failed', message, fields,
    { jobId: o.jobId, rows: o.errors });
}

function sendDownload(reply: FastifyReply, file: FileDownload) {
  return reply
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'no-store')
    .type(file.contentType)
    .send(file.body);
}

const importableKinds = (role: Role): readonly ImportKind[] =>
  role === 'national_admin' ? [...TABULAR_KINDS, 'criteria'] : TABULAR_KINDS.filter((k) => k !== 'areas');

export function registerImportRoutes(app: App, _deps: Deps) {
  // ---- JSON API ------------------------------------------------------------------------------

  app.post('/api/v1/imports/:kind', {
    config: { access: IMPORTERS },
    preValidation: readUpload,
    schema: {
      tags: ['imports'],
      summary: 'Import a CSV (UTF-8) or XLSX file (multipart field "file"); all rows or none',
      description: 'Every row is validated first; any error answers 422 with each bad row as a field '
        + '`"row N.column": "reason"` and nothing is written. Wrong file type → 415, too large → 413. '
        + 'Kind `criteria` (national administrators only, else 403) takes a JSON criteria file (see `CriteriaFile`) '
        + 'or the criteria XLSX template (one row per part, section, criterion and option, as `?format=xlsx` on a sheet '
        + 'downloads it; CSV answers 415): a JSON problem is a field named by its path, e.g. '
        + '`"sheets[0].parts[1].children[2].options[0].points"`, a workbook problem by its row, e.g. `"row 12.points"`; '
        + 'the sheets become draft revisions.',
      consumes: ['multipart/form-data'],
      params: z.object({ kind: z.enum(IMPORT_KINDS) }),
      body: UploadSchema,
      response: {
        200: z.object({ jobId: z.string(), kind: z.enum(IMPORT_KINDS), rows: z.number().int(), summary: z.record(z.string(), z.number()) }),
        ...errorResponses(400, 401, 403, 409, 413, 415, 422),
      },
    },
  }, async (req) => {
    const { file } = req.body as UploadBody;
    if (!file) throw new AppError('validation_failed', 'a file is required', { file: problem('import.file_required') });
    const outcome = await runImport(req.ctx, req.params.kind, file);
    if (!outcome.ok) throw importFailedError(req.ctx.locale, outcome);
    return { jobId: outcome.jobId, kind: outcome.kind, rows: outcome.rows, summary: outcome.summary };
  });

  app.get('/api/v1/imports', {
    config: { access: IMPORTERS },
    schema: { tags: ['imports'], summary: 'Recent import jobs (own jobs; national administrators see all)', response: { 200: JobListSchema, ...errorResponses(401, 403) } },
  }, async (req) => ({ items: await listRecentJobs(req.ctx, 50) }));

  app.get('/api/v1/imports/:id', {
    config: { access: IMPORTERS },
    schema: { tags: ['imports'], summary: 'Status of an import job (poll for progress)', params: IdParams, response: { 200: JobSchema, ...errorResponses(401, 403, 404) } },
  }, async (req) => getJob(req.ctx, req.params.id));

  app.get('/api/v1/imports/templates/:kind', {
    config: { access: IMPORTERS },
    schema: {
      tags: ['imports'], summary: 'Import template (header row, one example row marked with #; XLSX adds notes)',
      params: z.object({ kind: z.enum(IMPORT_KINDS) }), querystring: FormatQuery,
      response: errorResponses(400, 401, 403, 404),
    },
  }, async (req, reply) => sendDownload(reply, await buildTemplate(req.params.kind, req.query.format)));

  app.get('/api/v1/exports/:kind', {
    config: { access: READERS },
    schema: {
      tags: ['imports'], summary: 'Export in the import format (CSV UTF-8 with BOM, or XLSX), limited to your area',
      params: z.object({ kind: z.enum(EXPORT_KINDS) }), querystring: FormatQuery,
      response: errorResponses(400, 401, 403),
    },
  }, async (req, reply) => sendDownload(reply, await exportData(req.ctx, req.params.kind, req.query.format)));

  // ---- pages ---------------------------------------------------------------------------------

  const page = async (req: FastifyRequest, reply: FastifyReply, extra: { errors?: FieldMessages; kind?: string } = {}, status = 200) => {
    const view = viewOf(req);
    const jobs = await listRecentJobs(req.ctx, 20);
    return sendPage(reply, <ImportsPage view={view} jobs={jobs} kinds={importableKinds(req.ctx.actor!.role)} {...extra} />, status);
  };

  app.get('/admin/imports', { config: { access: IMPORTERS }, schema: { hide: true } }, async (req, reply) => page(req, reply));

  app.post('/admin/imports', {
    config: { access: IMPORTERS },
    preValidation: readUpload,
    schema: { hide: true },
  }, async (req, reply) => {
    const { kind, file } = req.body as UploadBody;
    const missing: FieldErrors = {};
    if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind)) missing.kind = problem('import.kind_required');
    if (!file) missing.file = problem('import.file_required');
    if (Object.keys(missing).length) return page(req, reply, { errors: fieldMessages(missing, req.ctx.locale), ...(kind ? { kind } : {}) }, 400);
    let started: Awaited<ReturnType<typeof startImport>>;
    try {
      started = await startImport(req.ctx, kind as ImportKind, file!);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      // Refusals of the whole upload (role, size, type) are shown at the field they concern.
      const failure = formErrors(e, req.ctx.locale, UPLOAD_REFUSALS);
      const field = e.code === 'bad_request' || e.code === 'forbidden' ? 'kind' : 'file';
      return page(req, reply, { errors: { [field]: failure.fields[field] ?? failure.message }, kind: kind! }, failure.status);
    }
    const log = req.log;
    started.done.catch((e: unknown) => { if (!(e instanceof AppError)) log.error({ err: e }, 'import failed'); });
    // Small files finish at once; large ones continue and the job page shows progress.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      started.done.then(() => undefined, () => undefined),
      new Promise<void>((resolve) => { timer = setTimeout(resolve, 3000); }),
    ]);
    clearTimeout(timer);
    return redirect(reply, `/admin/imports/${started.jobId}`);
  });

  app.get('/admin/imports/:id', {
    config: { access: IMPORTERS },
    schema: { hide: true, params: IdParams },
  }, async (req, reply) => {
    const job = await getJob(req.ctx, req.params.id);
    if ((job.status === 'validating' || job.status === 'importing') && !job.stale) reply.header('refresh', '2');
    return sendPage(reply, <JobPage view={viewOf(req)} job={job} />);
  });
}
