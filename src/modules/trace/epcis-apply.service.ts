/**
 * Writes an EPCIS import's plan (epcis-import.service.ts) in one transaction, by the services'
 * rules, and collects every problem with its place in the document; any problem undoes it all.
 *
 * - New lots (lot records, a harvest's ILMD): createLot's checks (LotSchema, the lot's dates, its
 *   number free for the product), with the document's trace code.
 * - Plain events: recordEvent's checks — EventSchema, the domain's eventDateProblem against the
 *   lot's production day, a correction naming an event of the same lot that is not a
 *   transformation — and written many per statement with their audit rows (10,000 events one by
 *   one would hold the embedded database for minutes).
 * - A quality test with its laboratory's report: addLabResult's checks, at the document's time.
 * - Transformations: recordTransformation itself, with the document's eventID and output trace
 *   codes (it locks the input lots and checks what each still holds).
 */
import { randomUUID } from 'node:crypto';
import { inTx, userIdOf, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { todayInVietnam } from '../../domain/dates';
import { eventDateProblem, type TraceEventKind } from '../../domain/trace';
import { AppError, problem, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import { recordAudit, recordAudits, type AuditEntry } from '../audit/audit.service';
import { publicFactsChanged } from '../registry/public-facts-feed';
import * as repo from './trace.repository';
import * as events from './trace-events.repository';
import * as erepo from './epcis.repository';
import { lotProblems, writableLot, writeLot } from './lots.service';
import { recordTransformation } from './trace-events.service';
import { EventSchema, LabResultSchema, LotSchema } from './trace.schema';
import { refKey, type EventCommand, type ImportCommand, type ImportProblem, type LabSpec, type LotSpec, type TransformationCommand } from './epcis-read';
import { at, usesOf, type Creation, type ImportOutcome, type ImportPlan, type Run } from './epcis-import.service';

const EVENT_FIELDS: Readonly<Record<string, string>> = {
  occurredAt: 'eventTime', communeCode: 'bizLocation.id', actor: 'ocop:actor', note: 'ocop:note', facility: 'ocop:facility',
  counterparty: 'ocop:counterparty', container: 'ocop:container', correctsId: 'ocop:corrects', kind: 'ocop:eventKind',
  laboratory: 'ocop:labResult.ocop:laboratory', reportNumber: 'ocop:labResult.ocop:reportNumber', testedOn: 'ocop:labResult.ocop:testedOn',
  indicators: 'ocop:labResult.ocop:indicators',
};
const LOT_FIELDS: Readonly<Record<string, string>> = {
  lotNumber: 'cbvmda:lotNumber', producedOn: 'ocop:producedOn', expiresOn: 'cbvmda:itemExpirationDate', quantity: 'ocop:quantity', unit: 'ocop:unit',
  facility: 'ocop:facility', note: 'ocop:note', communeCode: 'ocop:commune', traceCode: 'ocop:traceCode',
};
const lotPlace = (s: LotSpec, field: string) => (field === 'productId' ? s.path : `${s.path}.${LOT_FIELDS[field] ?? field}`);

/** Where a service's field problem is in the document. */
function placeOf(c: ImportCommand, field: string, lot: LotSpec | null): string {
  if (lot) return lotPlace(lot, field);
  const ev = `epcisBody.eventList[${c.index}]`;
  const input = /^inputs\.(\d+)\.(lotId|quantity)$/.exec(field);
  if (input) return `${ev}.inputQuantityList[${input[1]}].${input[2] === 'lotId' ? 'epcClass' : 'quantity'}`;
  const output = /^outputs\.(\d+)\.(\w+)$/.exec(field);
  if (output && c.type === 'transformation' && c.outputs[Number(output[1])]) return lotPlace(c.outputs[Number(output[1])]!, output[2]!);
  const indicator = /^indicators\.(\d+)\.(\w+)$/.exec(field);
  if (indicator) return `${ev}.ocop:labResult.ocop:indicators[${indicator[1]}].ocop:${indicator[2]}`;
  if (field === 'inputs') return `${ev}.inputQuantityList`;
  if (field === 'outputs') return `${ev}.outputQuantityList`;
  return `${ev}.${EVENT_FIELDS[field] ?? field}`;
}

class Rollback extends Error {
  constructor(readonly problems: ImportProblem[]) { super('the EPCIS import is undone'); }
}

const eventFields = (c: EventCommand, actor: string, correctsId: string | null) => ({
  kind: c.kind, occurredAt: c.occurredAt, communeCode: c.communeCode, facility: c.facility, actor, note: c.note,
  counterparty: c.counterparty, container: c.container, correctsId,
});

type LotFacts = Pick<repo.LotRecord, 'id' | 'producedOn' | 'producerId' | 'provinceCode'>;

/** One import's writing: what is known of lots and events as it goes, and the problems met. */
class Writer {
  readonly problems: ImportProblem[] = [];
  readonly lotIds = new Map<string, string>();
  readonly lots = new Map<string, LotFacts>();
  readonly eventIds: Map<string, string>;
  readonly facts = new Map<string, { kind: TraceEventKind; lotIds: string[] }>();
  readonly failed = new Set<number>();
  readonly ids = new Map<number, string>();
  readonly lotsCreated: ImportOutcome['lotsCreated'] = [];
  private pending: Parameters<typeof erepo.insertEvents>[1][number][] = [];
  private audits: AuditEntry[] = [];
  private readonly now: Date;

  constructor(private readonly ctx: Ctx, private readonly plan: ImportPlan) {
    for (const [k, l] of plan.known) { this.lotIds.set(k, l.id); this.lots.set(l.id, l); }
    this.eventIds = new Map(plan.recorded);
    this.now = ctx.deps.clock();
  }

  private madeLot(key: string, lot: repo.LotRecord) {
    this.lotIds.set(key, lot.id);
    this.lots.set(lot.id, lot);
    this.lotsCreated.push({ id: lot.id, traceCode: lot.traceCode, lotNumber: lot.lotNumber, productId: lot.productId });
  }

  /** A service's refusal as problems of the command; false when the transaction cannot go on. */
  private refused(c: ImportCommand, e: unknown, lot: LotSpec | null, subject: string): boolean {
    if (!(e instanceof AppError)) throw e;
    this.failed.add(c.index);
    if (e.fields && Object.keys(e.fields).length) this.fieldProblems(c, e.fields, lot);
    else this.problems.push({ index: c.index, path: at(c.index, subject), code: e.code === 'forbidden' ? 'trace.not_your_lot' : 'trace.unknown_lot' });
    return e.code !== 'duplicate';
  }

  private fieldProblems(c: ImportCommand, fields: FieldErrors, lot: LotSpec | null) {
    this.failed.add(c.index);
    for (const [f, p] of Object.entries(fields)) this.problems.push({ index: c.index, path: placeOf(c, f, lot), code: p.code, ...(p.params ? { params: p.params } : {}) });
  }

  /** The facts of the events recorded before this import that the document's corrections name. */
  async load() {
    const named = this.plan.runs.flatMap((c) => (c.type === 'event' && c.corrects && this.plan.recorded.has(c.corrects) ? [this.plan.recorded.get(c.corrects)!] : []));
    for (const [id, f] of await erepo.eventFacts(this.ctx, named)) this.facts.set(id, f);
  }

  async createLots() {
    for (const m of this.plan.creations) {
      try {
        const lot = await createLotOf(this.ctx, m);
        this.madeLot(refKey(m.spec.ref), lot);
        if (m.cmd.type === 'lot') this.ids.set(m.cmd.index, lot.id);
      } catch (e) {
        if (!this.refused(m.cmd, e, m.spec, '')) throw new Rollback(this.problems);
      }
    }
  }

  async run(c: Run) {
    if (this.failed.has(c.index)) return;
    const lots = usesOf(c).map(([r, path]) => ({ id: this.lotIds.get(refKey(r)), path, key: refKey(r) }));
    const missing = lots.find((l) => !l.id);
    const correctsId = c.type === 'event' && c.corrects ? this.eventIds.get(c.corrects) ?? null : null;
    if (missing || (c.type === 'event' && c.corrects && !correctsId)) {
      this.problems.push({ index: c.index, path: at(c.index, missing ? missing.path : 'ocop:corrects'), code: 'epcis.after_failed' });
      this.failed.add(c.index);
      return;
    }
    const who = c.actor ?? this.plan.producerNames.get(lots[0]?.key ?? '') ?? '';
    if (c.type === 'event' && !c.lab) return this.plain(c, lots[0]!.id!, who, correctsId);
    await this.flush();
    try {
      if (c.type === 'event') {
        const e = await recordLab(this.ctx, lots[0]!.id!, c, c.lab!, who, correctsId);
        this.recorded(c, e.id, 'quality_test', [lots[0]!.id!]);
      } else {
        await this.transformation(c, lots.map((l) => l.id!));
      }
    } catch (e) {
      if (!this.refused(c, e, null, c.type === 'event' ? c.subjectPath : 'inputQuantityList')) throw new Rollback(this.problems);
    }
  }

  private recorded(c: Run, id: string, kind: TraceEventKind, lotIds: string[]) {
    this.eventIds.set(c.eventId, id);
    this.facts.set(id, { kind, lotIds });
    this.ids.set(c.index, id);
  }

  /** recordEvent's checks; the event waits to be written with others. */
  private plain(c: EventCommand, lotId: string, who: string, correctsId: string | null) {
    const parsed = EventSchema.safeParse(eventFields(c, who, correctsId));
    const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
    const lot = this.lots.get(lotId)!;
    const occurredAt = new Date(c.occurredAt);
    const when = eventDateProblem(c.kind, occurredAt, lot.producedOn, this.now);
    if (when) fields.occurredAt = problem(when === 'in_future' ? 'trace.in_future' : 'trace.before_production');
    if (correctsId) {
      const original = this.facts.get(correctsId);
      if (!original || !original.lotIds.includes(lotId)) fields.correctsId = problem('trace.unknown_event');
      else if (original.kind === 'transformation') fields.correctsId = problem('trace.transformation_not_correctable');
    }
    if (!parsed.success || Object.keys(fields).length) return this.fieldProblems(c, fields, null);
    const v = parsed.data;
    const id = randomUUID();
    this.pending.push({
      values: {
        id, kind: v.kind, producerId: lot.producerId, occurredAt, communeCode: v.communeCode, facility: v.facility || null, actor: v.actor,
        note: v.note || null, counterparty: v.counterparty || null, container: v.container || null, correctsId, epcisId: c.eventId,
        recordedBy: userIdOf(this.ctx.actor),
      },
      lots: [{ lotId, role: 'subject', quantity: null }],
    });
    this.audits.push({
      action: correctsId ? 'trace_event.correct' : 'trace_event.create', entityType: 'trace_lot', entityId: lotId, provinceCode: lot.provinceCode,
      after: { eventId: id, kind: v.kind, correctsId, source: 'epcis' },
    });
    this.recorded(c, id, v.kind, [lotId]);
  }

  /** The plain events checked so far, many per statement, with their audit rows. */
  async flush() {
    if (!this.pending.length) return;
    // Written even when a problem was met (the transaction is undone then): the checks after it see every event before it.
    await erepo.insertEvents(this.ctx, this.pending);
    // recordAudits writes one statement: 500 rows at a time keep it under PostgreSQL's 65,535 parameters.
    for (let i = 0; i < this.audits.length; i += 500) await recordAudits(this.ctx, this.audits.slice(i, i + 500));
    this.pending = [];
    this.audits = [];
  }

  private async transformation(c: TransformationCommand, inputIds: string[]) {
    const products = this.plan.outputProducts.get(c.index) ?? [];
    const done = await recordTransformation(this.ctx, {
      occurredAt: c.occurredAt, communeCode: c.communeCode, facility: c.facility, actor: c.actor ?? products[0]?.producerName ?? '', note: c.note,
      inputs: c.inputs.map((i, k) => ({ lotId: inputIds[k]!, quantity: i.quantity })),
      outputs: c.outputs.map((o, k) => ({
        productId: products[k]!.id, lotNumber: o.lotNumber, producedOn: o.producedOn, expiresOn: o.expiresOn, quantity: o.quantity, unit: o.unit,
        facility: o.facility, note: o.note,
      })),
    }, { epcisId: c.eventId, outputCodes: c.outputs.map((o) => o.traceCode ?? undefined), isSample: c.outputs.some((o) => o.isSample) });
    done.outputs.forEach((o, k) => this.madeLot(refKey(c.outputs[k]!.ref), o));
    this.recorded(c, done.event.id, 'transformation', [...inputIds, ...done.outputs.map((o) => o.id)]);
  }
}

/** A lot the document creates (outside a transformation): createLot's checks, with the document's trace code. */
async function createLotOf(ctx: Ctx, m: Creation): Promise<repo.LotRecord> {
  const s = m.spec;
  const parsed = LotSchema.safeParse({
    productId: m.product.id, lotNumber: s.lotNumber, producedOn: s.producedOn, expiresOn: s.expiresOn, quantity: s.quantity, unit: s.unit,
    facility: s.facility, communeCode: m.communeCode, note: s.note,
  });
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const v = parsed.data;
  const fields = await lotProblems(ctx, v, m.product.id, todayInVietnam(ctx.deps.clock()));
  if (Object.keys(fields).length) throw validation(fields);
  return writeLot(ctx, m.product, v, m.communeCode, { traceCode: s.traceCode ?? undefined, isSample: s.isSample, source: 'epcis' });
}

/** A quality test with its laboratory's report: addLabResult's checks, at the document's time. */
async function recordLab(ctx: Ctx, lotId: string, c: EventCommand, lab: LabSpec, actor: string, correctsId: string | null): Promise<events.EventRecord> {
  const lot = await writableLot(ctx, lotId);
  const base = EventSchema.safeParse(eventFields(c, actor, correctsId));
  const report = LabResultSchema.safeParse(lab);
  const fields: FieldErrors = { ...(base.success ? {} : zodFieldErrors(base.error.issues)), ...(report.success ? {} : zodFieldErrors(report.error.issues)) };
  const now = ctx.deps.clock();
  const occurredAt = new Date(c.occurredAt);
  const when = eventDateProblem('quality_test', occurredAt, lot.producedOn, now);
  if (when) fields.occurredAt = problem(when === 'in_future' ? 'trace.in_future' : 'trace.before_production');
  if (lab.testedOn > todayInVietnam(now)) fields.testedOn = problem('trace.in_future');
  else if (lab.testedOn < lot.producedOn) fields.testedOn = problem('trace.before_production');
  if (correctsId) {
    const original = await events.findEvent(ctx, correctsId);
    if (!original || !original.lotIds.includes(lot.id)) fields.correctsId = problem('trace.unknown_event');
  }
  if (!base.success || !report.success || Object.keys(fields).length) throw validation(fields);
  const v = base.data;
  const indicators = report.data.indicators.map((i) => ({ name: i.name, result: i.result, limit: i.limit || null, passed: i.passed }));
  const passed = indicators.every((i) => i.passed);
  const stored = await repo.insertLabResult(ctx, {
    lotId: lot.id, laboratory: report.data.laboratory, reportNumber: report.data.reportNumber || null, testedOn: report.data.testedOn,
    indicators, passed, createdBy: userIdOf(ctx.actor),
  });
  const e = await events.insertEvent(ctx, {
    kind: 'quality_test', producerId: lot.producerId, occurredAt, communeCode: v.communeCode, facility: v.facility || null, actor: v.actor,
    note: v.note || null, counterparty: v.counterparty || null, container: v.container || null, labResultId: stored.id, correctsId,
    epcisId: c.eventId, recordedBy: userIdOf(ctx.actor),
  }, [{ lotId: lot.id, role: 'subject', quantity: null }]);
  await recordAudit(ctx, { action: 'trace_lot.lab_add', entityType: 'trace_lot', entityId: lot.id, provinceCode: lot.provinceCode, after: { labResultId: stored.id, passed, eventId: e.id, source: 'epcis' } });
  return e;
}

/** Writes the plan in one transaction; every problem of the services' rules, or the outcome. */
export async function applyImport(ctx: Ctx, plan: ImportPlan): Promise<{ ok: true; result: ImportOutcome } | { ok: false; problems: ImportProblem[] }> {
  const actor = requireActor(ctx);
  try {
    const result = await inTx(ctx, async (tx) => {
      const w = new Writer(tx, plan);
      await w.load();
      await w.createLots();
      for (const c of plan.runs) await w.run(c);
      await w.flush();
      if (w.problems.length) throw new Rollback(w.problems);
      const list: ImportOutcome['events'] = plan.commands.map((c) => ({
        index: c.index, eventID: c.eventId, status: plan.skipped.has(c.index) ? 'skipped' as const : 'recorded' as const, id: w.ids.get(c.index) ?? null,
      }));
      const outcome: ImportOutcome = {
        recorded: list.filter((e) => e.status === 'recorded').length, skipped: list.filter((e) => e.status === 'skipped').length,
        lotsCreated: w.lotsCreated, events: list,
      };
      await recordAudit(tx, {
        action: 'trace_epcis.import', entityType: 'trace_epcis_import', entityId: ctx.requestId, provinceCode: actor.provinceCode,
        after: { events: list.length, recorded: outcome.recorded, skipped: outcome.skipped, lotsCreated: w.lotsCreated.length },
      });
      await publicFactsChanged(tx, {});
      return outcome;
    });
    return { ok: true, result };
  } catch (e) {
    if (e instanceof Rollback) return { ok: false, problems: e.problems };
    throw e;
  }
}
