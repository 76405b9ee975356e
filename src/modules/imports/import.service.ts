/**
 * Imports: read a spreadsheet, check every row, then write everything in one transaction (all
 * or nothing) with multi-row statements. Each run is an import_jobs row; a successful run writes
 * one audit row. Row errors carry the 1-based spreadsheet row (header = 1) and the column.
 */
import { publicFactsChanged } from '../registry/public-facts-feed';
import { inTx, userIdOf, type Actor, type Ctx } from '../../context';
import { AppError, problem, type ErrorCode } from '../../errors';
import { fieldMessage } from '../../web/field-errors';
import { controlCharFields } from '../../web/input-hygiene';
import { todayInVietnam } from '../../domain/dates';
import { t } from '../../core/i18n';
import { recordAudit } from '../audit/audit.service';
import { IMPORT_KINDS, isTabularKind, type ImportKind, type TabularKind } from './columns';
import { ErrorList, loadReference, Progress, type ImportPlan, type KindContext, type RowError } from './import.context';
import * as repo from './import.repository';
import type { ImportDetails } from './imports.tables';

export type { ImportDecisionNote } from './imports.tables';
import { FileProblem, FileProblems, MAX_IMPORT_BYTES, readSheet } from '../../files/sheet-reader';
import { toTable, type DataRow, type FileProblemCode } from './parse';
import { clearProgress, getProgress, setProgress } from './progress';
import { heartbeatIsStale, interruptedErrors, isInterrupted, localiseErrors, startHeartbeat, STALE_HEARTBEAT_MS } from './import.jobs';
import { planAreas } from './areas.import';
import { planProducers } from './producers.import';
import { planProducts } from './products.import';
import { planCertified } from './certified.import';
import { isZip, readCriteriaFile } from '../criteria/criteria.file';
import { checkCriteriaFile, writeCriteriaPlan } from '../criteria/criteria.import';
import { locateInWorkbook, readCriteriaWorkbook } from '../criteria/criteria.xlsx';

export { IMPORT_KINDS, type ImportKind, type RowError };

export type ImportOutcome =
  | { ok: true; jobId: string; kind: ImportKind; rows: number; summary: Record<string, number> }
  | { ok: false; jobId: string; kind: ImportKind; rows: number; errors: RowError[] };

export interface ImportFile { name: string; data: Buffer }

export interface ImportOptions {
  /**
   * Called with (rows written, total rows) as the write transaction proceeds: (0, total) when
   * writing starts, then after each batch. Must not query the database (on PGlite it would wait
   * for the import's own transaction).
   */
  onProgress?: (done: number, total: number) => void;
  /** How often the running job's heartbeat is written (PostgreSQL; default import.jobs.ts HEARTBEAT_MS). */
  heartbeatMs?: number;
}


const PLANNERS: Record<TabularKind, (k: KindContext, rows: DataRow[]) => Promise<ImportPlan | null>> = {
  areas: planAreas,
  producers: planProducers,
  products: planProducts,
  'certified-products': planCertified,
};

/** File problems that are about the upload itself (HTTP 413 / 415), not its contents (422). */
const FILE_STATUS: Partial<Record<FileProblemCode, ErrorCode>> = {
  too_large: 'payload_too_large',
  unsupported_type: 'unsupported_media_type',
  old_xls: 'unsupported_media_type',
  utf16: 'unsupported_media_type',
  not_utf8: 'unsupported_media_type',
  unreadable: 'unsupported_media_type',
};

/** Who may import what; throws before any job is recorded. */
function authorise(ctx: Ctx, kind: ImportKind): Actor {
  const actor = ctx.actor;
  if (!actor) throw new AppError('unauthenticated', 'authentication required');
  if (actor.role !== 'national_admin' && actor.role !== 'province_officer') {
    throw new AppError('forbidden', 'Your role may not import data.', { kind: problem('import.role_forbidden') });
  }
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw new AppError('not_found', `unknown import kind "${kind}"`);
  // The rulebook is the same in every province: only national administrators load it (decision 006).
  if (kind === 'criteria' && actor.role !== 'national_admin') {
    throw new AppError('forbidden', 'Only national administrators import criteria.', { kind: problem('import.criteria_admin_only') });
  }
  if (kind === 'areas' && actor.role !== 'national_admin') {
    throw new AppError('forbidden', 'Only national administrators may import administrative units.', { kind: problem('import.areas_admin_only') });
  }
  return actor;
}

/** Run an import to the end. Throws AppError for an unusable upload (413/415) or a conflict (409). */
export async function runImport(ctx: Ctx, kind: ImportKind, file: ImportFile, opts: ImportOptions = {}): Promise<ImportOutcome> {
  const started = await startImport(ctx, kind, file, opts);
  return started.done;
}

/** Record the job and start the import; `done` settles like runImport's promise. */
export async function startImport(
  ctx: Ctx, kind: ImportKind, file: ImportFile, opts: ImportOptions = {},
): Promise<{ jobId: string; done: Promise<ImportOutcome> }> {
  const actor = authorise(ctx, kind);
  const job = await repo.insertJob(ctx, {
    kind, fileName: file.name.slice(0, 255) || 'upload', status: 'validating',
    createdBy: userIdOf(actor), heartbeatAt: ctx.deps.clock(),
  });
  setProgress(job.id, { status: 'validating', done: 0, total: 0 });
  const stopHeartbeat = startHeartbeat(ctx, job.id, opts.heartbeatMs);
  const done = execute(ctx, actor, kind, job.id, file, opts).finally(() => {
    stopHeartbeat();
    clearProgress(job.id);
  });
  return { jobId: job.id, done };
}

/** A running job whose heartbeat is older than this many minutes has no worker any more (import.jobs.ts). */
export const STALE_JOB_MINUTES = STALE_HEARTBEAT_MS / 60_000;

export { failInterruptedJobs } from './import.jobs';

/** Thrown inside the write transaction when the job was failed meanwhile (its worker was declared gone). */
class JobInterrupted extends Error {}

async function markFailed(ctx: Ctx, jobId: string, errors: RowError[]): Promise<void> {
  await repo.updateJob(ctx, jobId, { status: 'failed', errors, finishedAt: ctx.deps.clock() });
}

async function readTable(ctx: Ctx, kind: TabularKind, jobId: string, file: ImportFile, errors: ErrorList) {
  try {
    return toTable(await readSheet(file.data), kind);
  } catch (e) {
    if (!(e instanceof FileProblem) && !(e instanceof FileProblems)) throw e;
    const problems: FileProblem<FileProblemCode>[] = e instanceof FileProblem ? [e as FileProblem<FileProblemCode>] : (e as FileProblems<FileProblemCode>).problems;
    for (const p of problems) errors.add(p.row, p.field, `import_file.${p.problem}`, p.params);
    await markFailed(ctx, jobId, errors.sorted());
    const status = problems.map((p) => FILE_STATUS[p.problem]).find(Boolean);
    if (status) {
      const message = errors.errors[0]!.message;
      throw new AppError(status, message, { file: problem('import.finding', { message }) });
    }
    return null;
  }
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string } } | null;
  return err?.code === '23505' || err?.cause?.code === '23505';
}

type Prepared = { total: number; plan: ImportPlan | null };

async function prepareTabular(ctx: Ctx, actor: Actor, kind: TabularKind, jobId: string, file: ImportFile, errors: ErrorList): Promise<Prepared | null> {
  const table = await readTable(ctx, kind, jobId, file, errors);
  if (!table) return null;
  const total = table.rows.length;
  await repo.updateRunningJob(ctx, jobId, { totalRows: total, heartbeatAt: ctx.deps.clock() });
  setProgress(jobId, { status: 'validating', done: 0, total });
  const k: KindContext = { ctx, actor, ref: await loadReference(ctx), errors, today: todayInVietnam(ctx.deps.clock()) };
  return { total, plan: await PLANNERS[kind](k, table.rows) };
}

/**
 * Criteria arrive as one JSON file (decision 006 "Import format"); its "rows" are its sheets and
 * each error names its place in the file (row 0, field = the JSON path).
 */
async function prepareCriteria(ctx: Ctx, jobId: string, file: ImportFile, errors: ErrorList): Promise<Prepared | null> {
  const refuse = async (code: ErrorCode, message: string): Promise<never> => {
    await markFailed(ctx, jobId, [{ row: 0, field: 'file', message }]);
    throw new AppError(code, message, { file: problem('import.finding', { message }) });
  };
  if (file.data.length > MAX_IMPORT_BYTES) await refuse('payload_too_large', fieldMessage(problem('import_file.too_large', { mb: MAX_IMPORT_BYTES / 1024 / 1024 }), ctx.locale));
  // A workbook (decision 006 "XLSX template") is read into the JSON file's shape; its problems name rows.
  let value: unknown;
  let locate = (path: string) => ({ row: 0, field: path });
  if (isZip(file.data) && !/\.json$/i.test(file.name)) {
    const book = await readCriteriaWorkbook(file.data);
    if (!book.ok) {
      for (const p of book.problems) errors.add(p.row, p.field, p.code, p.params);
      await markFailed(ctx, jobId, errors.sorted());
      return null;
    }
    value = book.value;
    locate = (path) => locateInWorkbook(path, book.rowOf);
  } else {
    const read = readCriteriaFile(file.name, file.data);
    if (!read.ok && read.unsupported) await refuse('unsupported_media_type', t(ctx.locale, 'criteria.err.jsonOnly'));
    if (!read.ok) {
      if (!read.unsupported) errors.add(0, read.problem.path, read.problem.code, read.problem.params);
      await markFailed(ctx, jobId, errors.sorted());
      return null;
    }
    value = read.value;
  }
  // Control characters in the file's text (decision 042): each a problem at its place, nothing checked further.
  const dirty = Object.entries(controlCharFields(value));
  if (dirty.length) {
    for (const [path, p] of dirty) {
      const at = locate(path.replace(/\.(\d+)(?=\.|$)/g, '[$1]'));
      errors.add(at.row, at.field, p.code, p.params);
    }
    await markFailed(ctx, jobId, errors.sorted());
    return null;
  }
  const check = await checkCriteriaFile(ctx, value, file.name);
  const total = check.ok ? check.plan.sheets.length : check.sheets;
  await repo.updateRunningJob(ctx, jobId, { totalRows: total, heartbeatAt: ctx.deps.clock() });
  setProgress(jobId, { status: 'validating', done: 0, total });
  if (!check.ok) {
    for (const p of check.problems) {
      const at = locate(p.path);
      errors.add(at.row, at.field, p.code, p.params);
    }
    return { total, plan: null };
  }
  const { plan } = check;
  return { total, plan: { work: plan.sheets.length, write: (tx, progress) => writeCriteriaPlan(tx, plan, progress.advance) } };
}

async function execute(
  ctx: Ctx, actor: Actor, kind: ImportKind, jobId: string, file: ImportFile, opts: ImportOptions,
): Promise<ImportOutcome> {
  const errors = new ErrorList(ctx.locale);
  const prepared = isTabularKind(kind)
    ? await prepareTabular(ctx, actor, kind, jobId, file, errors)
    : await prepareCriteria(ctx, jobId, file, errors);
  if (!prepared) return { ok: false, jobId, kind, rows: 0, errors: errors.sorted() };
  const { total, plan } = prepared;
  if (!plan || errors.size) {
    const list = errors.sorted();
    await markFailed(ctx, jobId, list);
    return { ok: false, jobId, kind, rows: total, errors: list };
  }

  const interrupted = (): ImportOutcome => ({ ok: false, jobId, kind, rows: total, errors: interruptedErrors(ctx.locale) });
  // Failed by a sweep meanwhile (this worker was taken for gone): it stays failed, nothing is written.
  if (!await repo.moveJob(ctx, jobId, 'validating', { status: 'importing', heartbeatAt: ctx.deps.clock() })) return interrupted();
  const progress = new Progress(total, plan.work, progressReporter(ctx, jobId, opts));
  try {
    const summary = await inTx(ctx, async (tx) => {
      await repo.lockImports(tx);
      progress.start();
      const summary = await plan.write(tx, progress);
      const finished = await repo.moveJob(tx, jobId, 'importing', {
        status: 'succeeded', processedRows: total, summary, details: plan.details ?? null, finishedAt: ctx.deps.clock(),
      });
      // The job was failed meanwhile (its worker declared gone): roll everything back, as it says.
      if (!finished) throw new JobInterrupted();
      await recordAudit(tx, {
        action: `import.${kind}`, entityType: 'import_job', entityId: jobId, provinceCode: actor.provinceCode,
        after: { kind, fileName: file.name, rows: total, summary },
      });
      // Producers, products and certificates in bulk: the portal rebuilds its catalogue.
      await publicFactsChanged(tx, { all: true });
      return summary;
    });
    return { ok: true, jobId, kind, rows: total, summary };
  } catch (e) {
    if (ctx.tx) throw e; // the caller's transaction is aborted; it records nothing more
    if (e instanceof JobInterrupted) return interrupted();
    // A row written meanwhile by another operation (a unique index, or a sequence that ran out).
    if (isUniqueViolation(e) || (e instanceof AppError && e.code === 'conflict')) {
      errors.add(0, 'file', 'import.conflict');
      await markFailed(ctx, jobId, errors.sorted());
      throw new AppError('conflict', t(ctx.locale, 'imports.conflict'));
    }
    await markFailed(ctx, jobId, [{ row: 0, field: 'file', message: `internal error (request id ${ctx.requestId})` }]).catch(() => {});
    throw e;
  }
}

/**
 * Progress goes to this process's live table and the caller. On PostgreSQL it is also written to
 * import_jobs.processed_rows through another pooled connection (throttled), so other app
 * processes can show it; on PGlite (one connection, held by the transaction) it cannot be.
 */
function progressReporter(ctx: Ctx, jobId: string, opts: ImportOptions) {
  const outside = ctx.deps.database.engine === 'postgres' && !ctx.tx;
  let last = 0;
  let pending: Promise<void> = Promise.resolve();
  return (done: number, total: number) => {
    setProgress(jobId, { status: 'importing', done, total });
    opts.onProgress?.(done, total);
    const now = Date.now();
    if (outside && now - last > 500) {
      last = now;
      pending = pending.then(() => repo.updateRunningJob({ ...ctx, tx: null }, jobId, { processedRows: done, heartbeatAt: ctx.deps.clock() }))
        .then(() => {}, () => {});
    }
  };
}

/** A summary for the CLI: counts, or every row error as "row N, field F: message". */
export function formatOutcome(o: ImportOutcome): string {
  const unit = o.kind === 'criteria' ? 'sheets' : 'rows';
  if (o.ok) {
    const lines = Object.entries(o.summary).map(([k, v]) => `  ${k}: ${v}`);
    return [`Imported ${o.rows} ${unit} of ${o.kind} (job ${o.jobId}).`, ...lines].join('\n');
  }
  const rows = new Set(o.errors.map((e) => e.row)).size;
  const lines = o.errors.map((e) => (e.row > 0 ? `  row ${e.row}, field ${e.field}: ${e.message}` : `  ${e.field}: ${e.message}`));
  const where = o.kind === 'criteria' ? '' : ` in ${rows} rows`;
  return [`Import of ${o.kind} failed (job ${o.jobId}): ${o.errors.length} errors${where}; nothing was imported.`, ...lines].join('\n');
}

// ---- jobs ----------------------------------------------------------------------------------

export interface ImportJobDto {
  id: string; kind: string; fileName: string; status: 'validating' | 'importing' | 'succeeded' | 'failed';
  totalRows: number; processedRows: number; errorCount: number;
  errors: RowError[]; summary: Record<string, number> | null;
  details: ImportDetails | null;
  createdAt: string; finishedAt: string | null;
  /** Still marked running, but its worker has not shown it is alive for minutes: the process was stopped (the sweep will fail it). */
  stale: boolean;
  /** Failed because its worker stopped mid-way (nothing was written), not because of the file. */
  interrupted: boolean;
}

function canSeeJob(actor: Actor, createdBy: string | null): boolean {
  return actor.role === 'national_admin' || (createdBy !== null && createdBy === actor.userId);
}

/** A job's status (404 for jobs of other users, except to national administrators). */
export async function getJob(ctx: Ctx, id: string): Promise<ImportJobDto> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('unauthenticated', 'authentication required');
  const job = await repo.findJob(ctx, id);
  if (!job || !canSeeJob(actor, job.createdBy)) throw new AppError('not_found', 'import job not found');
  const live = getProgress(job.id);
  const running = job.status === 'validating' || job.status === 'importing';
  return {
    id: job.id, kind: job.kind, fileName: job.fileName,
    status: running && live ? live.status : job.status,
    totalRows: job.totalRows, processedRows: running && live ? live.done : job.processedRows,
    errorCount: job.errors.length, errors: localiseErrors(job.errors, ctx.locale), summary: job.summary ?? null, details: job.details ?? null,
    createdAt: job.createdAt.toISOString(), finishedAt: job.finishedAt?.toISOString() ?? null,
    stale: running && !live && heartbeatIsStale(job, ctx.deps.clock()),
    interrupted: job.status === 'failed' && isInterrupted(job.errors),
  };
}

/** Recent jobs the actor may see (own jobs; national administrators see all). */
export async function listRecentJobs(ctx: Ctx, limit = 20) {
  const actor = ctx.actor;
  if (!actor) throw new AppError('unauthenticated', 'authentication required');
  const rows = await repo.listJobs(ctx, actor.role === 'national_admin' ? undefined : actor.userId, limit);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null }));
}
