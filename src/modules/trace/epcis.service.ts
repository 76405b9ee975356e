/**
 * GS1 EPCIS 2.0 export and import of trace events (issue 17, item 6; the mapping in epcis.ts).
 *
 * Export: a lot's document holds the events of the lot and of every lot it was made from (its
 * journey, as the public trace page shows it, so that it imports alone into another platform); it
 * is as public as the lot itself. The range export (`?product=&from=&to=`) holds the events of
 * the actor's lots (a producer its own, officers their area's), at most EPCIS_EXPORT_MAX_EVENTS:
 * more is refused (narrow the range), never cut silently.
 *
 * Import, all or nothing: the document is checked against GS1's schema (every problem listed,
 * nothing else done), read into commands (epcis-read.ts), its identifiers checked against the
 * database (epcis-import.service.ts), then written in one transaction by the services' own rules
 * (epcis-apply.service.ts); any problem undoes it all and is listed with the event's index and
 * place. An event whose eventID is recorded already, and a lot record of a lot that exists, is
 * skipped and reported as such, so importing a document twice records it once.
 */
import { z } from 'zod';
import { requireActor } from '../../core/actor';
import { t } from '../../core/i18n';
import type { Ctx } from '../../context';
import { isUuid } from '../../domain/ids';
import { parseTraceCode, vietnamDayStart } from '../../domain/trace';
import { AppError, notFound, problem, validation, zodFieldErrors, type FieldErrors, type FieldProblem } from '../../errors';
import { fieldMessage } from '../../web/field-errors';
import * as repo from './trace.repository';
import * as events from './trace-events.repository';
import * as erepo from './epcis.repository';
import { traceScope } from './trace.policy';
import { epcisDocument, type EpcisDocument, type ExportEvent } from './epcis';
import { commandsOf, type ImportProblem } from './epcis-read';
import { epcisSchemaProblems } from './epcis-schema';
import { planImport, type ImportOutcome } from './epcis-import.service';
import { applyImport } from './epcis-apply.service';

export type { ImportOutcome };

/** The most events one range export holds (a larger range is refused: narrow it). */
export const EPCIS_EXPORT_MAX_EVENTS = 50_000;

// ─── Export ─────────────────────────────────────────────────────────────────

/** More events than one document holds are refused, never cut. */
function capped(list: ExportEvent[]): ExportEvent[] {
  if (list.length <= EPCIS_EXPORT_MAX_EVENTS) return list;
  throw validation({ to: problem('epcis.too_many_events', { max: EPCIS_EXPORT_MAX_EVENTS }) }, 'more events than one document holds: narrow the range');
}

async function documentOf(ctx: Ctx, list: ExportEvent[]): Promise<EpcisDocument> {
  const inDocument = new Set(list.map((e) => e.id));
  const [lots, labs, producers, correctedIds] = await Promise.all([
    erepo.lotsForExport(ctx, [...new Set(list.flatMap((e) => e.lots.map((l) => l.lotId)))]),
    erepo.labsForExport(ctx, list.map((e) => e.labResultId).filter((id): id is string => !!id)),
    erepo.producersForExport(ctx, [...new Set(list.map((e) => e.producerId))]),
    erepo.eventIdsOf(ctx, list.map((e) => e.correctsId).filter((id): id is string => !!id && !inDocument.has(id))),
  ]);
  return epcisDocument({ events: list, lots: new Map(lots.map((l) => [l.id, l])), labs, producers, correctedIds }, ctx.deps.clock());
}

/** The document of a lot (by id or trace code): its events and those of every lot it was made from. */
export async function lotEpcis(ctx: Ctx, ref: string): Promise<EpcisDocument> {
  const code = parseTraceCode(ref);
  const lot = isUuid(ref) ? await repo.findLot(ctx, ref) : code.ok ? await repo.findLotByCode(ctx, code.code) : null;
  if (!lot) throw notFound('lot');
  const up = await events.lineage(ctx, [lot.id], 'up');
  return documentOf(ctx, capped(await erepo.eventsForExport(ctx, { lotIds: [lot.id, ...up.map((u) => u.lot_id)] }, EPCIS_EXPORT_MAX_EVENTS + 1)));
}

const Day = /^\d{4}-\d{2}-\d{2}$/;
/** The instant a `from`/`to` names: a day (Vietnam's calendar) or an instant with its offset. */
const instantOf = (s: string) => (Day.test(s) ? vietnamDayStart(s) : new Date(s));
/**
 * A day (Vietnam's calendar; `to` includes it) or an instant with its offset, in the years the
 * database stores as written (year 0000 or 275760 reached PostgreSQL as a 500).
 */
const When = z.string().trim().max(40).refine((s) => {
  const at = instantOf(s);
  return !Number.isNaN(at.getTime()) && at.getUTCFullYear() >= 1 && at.getUTCFullYear() <= 9999;
}, { params: { code: 'trace.not_instant' } });

export const EpcisRangeSchema = z.object({
  product: z.string().trim().max(40).optional(),
  from: When.optional(),
  to: When.optional(),
});

/** The document of the actor's events of a product (id or GTIN-13) and/or a period. */
export async function rangeEpcis(ctx: Ctx, raw: unknown): Promise<EpcisDocument> {
  const actor = requireActor(ctx);
  const parsed = EpcisRangeSchema.safeParse(raw ?? {});
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const q = parsed.data;
  let productId: string | undefined;
  if (q.product) {
    const product = isUuid(q.product) ? await repo.findProduct(ctx, q.product) : /^\d{13}$/.test(q.product) ? await repo.findProductByGtin(ctx, q.product) : null;
    if (!product) throw validation({ product: problem('epcis.unknown_product') });
    productId = product.id;
  }
  const from = q.from ? (Day.test(q.from) ? vietnamDayStart(q.from) : new Date(q.from)) : undefined;
  const to = q.to ? (Day.test(q.to) ? new Date(vietnamDayStart(q.to).getTime() + 86_400_000) : new Date(q.to)) : undefined;
  if (from && to && from.getTime() >= to.getTime()) throw validation({ to: problem('epcis.range_reversed') });
  return documentOf(ctx, capped(await erepo.eventsForExport(ctx, { scope: traceScope(actor), productId, from, to }, EPCIS_EXPORT_MAX_EVENTS + 1)));
}

// ─── Import ─────────────────────────────────────────────────────────────────

export type ImportStage = 'schema' | 'document' | 'identifiers' | 'rules';

/**
 * The 422 of a refused document: each problem as a field named by its place in the document
 * (`epcisBody.eventList[3].bizLocation.id`), and in `details.problems` with the event's index,
 * the code and the message in the reader's language.
 */
export function importFailed(ctx: Ctx, stage: ImportStage, problems: readonly ImportProblem[]): AppError {
  const fields: FieldErrors = {};
  for (const p of problems) {
    const next: FieldProblem = p.params ? { code: p.code, params: p.params } : { code: p.code };
    const had = fields[p.path];
    if (!had) fields[p.path] = next;
    else if (had.code === 'epcis.schema' && next.code === 'epcis.schema') {
      fields[p.path] = { code: 'epcis.schema', params: { message: `${String(had.params?.message)}; ${String(next.params?.message)}` } };
    }
  }
  const details = {
    stage,
    problems: problems.map((p) => ({
      index: p.index, path: p.path, code: p.code,
      message: fieldMessage(p.params ? { code: p.code, params: p.params } : { code: p.code }, ctx.locale),
    })),
  };
  return new AppError('import_failed', t(ctx.locale, 'epcis.import.failed', { count: problems.length }), fields, details);
}

/** Imports one EPCIS document, all or nothing. */
export async function importEpcis(ctx: Ctx, doc: unknown): Promise<ImportOutcome> {
  requireActor(ctx);
  const schema = epcisSchemaProblems(doc);
  if (schema.length) {
    throw importFailed(ctx, 'schema', schema.map((s) => ({ index: s.index, path: s.path || 'document', code: 'epcis.schema', params: { message: s.message } })));
  }
  const read = commandsOf(doc);
  if (read.problems.length) throw importFailed(ctx, 'document', read.problems);
  const plan = await planImport(ctx, read.commands);
  if (plan.problems.length) throw importFailed(ctx, 'identifiers', plan.problems);
  const outcome = await applyImport(ctx, plan);
  if (!outcome.ok) throw importFailed(ctx, 'rules', outcome.problems);
  return outcome.result;
}
