/**
 * Production lots (issue 17, item 1): a producer — or an officer keeping it — records a lot of one
 * of its products with its dates, quantity, facility and commune; its raw-material inputs (from a
 * registered producer, one of its raw-material areas, or a supplier written out with a delivery
 * document); and laboratory results, each of which is also a "quality test" event on the lot.
 * Every lot gets the platform's trace code (domain/trace.ts), unique, at creation.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { inTx, userIdOf, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { todayInVietnam } from '../../domain/dates';
import { DOCUMENT_EXTENSIONS, sniffDocumentType, uploadName } from '../../domain/image';
import { lotDatesProblems, makeTraceCode, traceCodeRandom, vietnamDayStart } from '../../domain/trace';
import { AppError, forbidden, notFound, problem, stringFieldsOf, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import type { UploadedFile } from '../../web/multipart';
import { recordAudit } from '../audit/audit.service';
import { publicFactsChanged } from '../registry/public-facts-feed';
import * as repo from './trace.repository';
import * as events from './trace-events.repository';
import { canReadLot, canWriteLot } from './trace.policy';
import {
  LabResultSchema, LotInputSchema, LotSchema, MaterialAreaSchema,
  type LotInput, type MaterialAreaInput,
} from './trace.schema';

/** Uploaded reports and documents: PDF or image, at most 10 MB. */
export const TRACE_FILE_MAX_BYTES = 10 * 1024 * 1024;

export const located = (l: { provinceCode: string; producerCommuneCode: string; producerId: string }) =>
  ({ provinceCode: l.provinceCode, communeCode: l.producerCommuneCode, producerId: l.producerId });

/** A lot the actor keeps (may record on); 404 when they may not even read it. */
export async function writableLot(ctx: Ctx, id: string): Promise<repo.LotView> {
  const actor = requireActor(ctx);
  const lot = await repo.findLot(ctx, id);
  if (!lot || !canReadLot(actor, located(lot))) throw notFound('lot');
  if (!canWriteLot(actor, located(lot))) throw forbidden();
  return lot;
}

/** A lot the actor may read in the back office; 404 otherwise. */
export async function readableLot(ctx: Ctx, id: string): Promise<repo.LotView> {
  const lot = await repo.findLot(ctx, id);
  if (!lot || !canReadLot(ctx.actor, located(lot))) throw notFound('lot');
  return lot;
}

/** The producer a write is for: the producer itself, or the one an officer names (and keeps). */
async function producerFor(ctx: Ctx, producerId: string | undefined): Promise<repo.ProducerFacts> {
  const actor = requireActor(ctx);
  const id = actor.role === 'producer' ? actor.producerId : producerId;
  const p = id ? await repo.findProducer(ctx, id) : null;
  if (!p) throw validation({ producerId: problem('trace.unknown_producer') });
  if (!canWriteLot(actor, { provinceCode: p.provinceCode, communeCode: p.communeCode, producerId: p.id })) throw forbidden();
  return p;
}

/** A stored upload (PDF or image, ≤ 10 MB), or the field's problem. */
export async function storeUpload(ctx: Ctx, folder: string, field: string, file: UploadedFile): Promise<{ key: string; name: string; mime: string }> {
  if (file.data.length === 0 || file.truncated || file.data.length > TRACE_FILE_MAX_BYTES) {
    throw new AppError(file.data.length ? 'payload_too_large' : 'validation_failed', 'choose a file of at most 10 MB', { [field]: problem('trace.file', { maxMb: 10 }) });
  }
  const mime = sniffDocumentType(file.data);
  if (!mime) throw new AppError('unsupported_media_type', 'send a PDF, JPEG, PNG or WebP file', { [field]: problem('trace.file', { maxMb: 10 }) });
  const key = `trace/${folder}/${randomUUID()}.${DOCUMENT_EXTENSIONS[mime]}`;
  await ctx.deps.storage.put(key, file.data);
  return { key, name: uploadName(file.name), mime };
}

// ─── Raw-material areas ────────────────────────────────────────────────────

export async function addMaterialArea(ctx: Ctx, raw: unknown): Promise<repo.AreaRecord> {
  const parsed = MaterialAreaSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const v: MaterialAreaInput = parsed.data;
  const producer = await producerFor(ctx, v.producerId);
  if (!(await repo.findCommune(ctx, v.communeCode))) throw validation({ communeCode: problem('trace.unknown_commune') });
  return inTx(ctx, async (tx) => {
    const area = await repo.insertArea(tx, {
      producerId: producer.id, name: v.name, communeCode: v.communeCode, hectares: v.hectares ?? null, crop: v.crop, certification: v.certification || null,
    });
    await recordAudit(tx, { action: 'trace_area.create', entityType: 'trace_material_area', entityId: area.id, provinceCode: producer.provinceCode, after: { name: v.name, communeCode: v.communeCode } });
    return area;
  });
}

export async function materialAreas(ctx: Ctx, producerId: string | undefined) {
  const producer = await producerFor(ctx, producerId);
  return repo.areasOf(ctx, producer.id);
}

// ─── Lots ──────────────────────────────────────────────────────────────────

/** A trace code no lot has (eight random characters: a clash is one in 10¹², tried again all the same). */
export async function freshTraceCode(ctx: Ctx, provinceCode: string): Promise<string> {
  for (;;) {
    const code = makeTraceCode(provinceCode, traceCodeRandom(randomBytes(8)));
    if (!(await repo.traceCodeTaken(ctx, code))) return code;
  }
}

/** The problems of a lot's fields against its product, producer and the calendar (all at once). */
export async function lotProblems(ctx: Ctx, v: Pick<LotInput, 'lotNumber' | 'producedOn' | 'expiresOn'>, productId: string, today: string, taken: ReadonlySet<string> = new Set()): Promise<FieldErrors> {
  const fields: FieldErrors = {};
  const dates = lotDatesProblems(v.producedOn, v.expiresOn ?? null, today);
  if (dates.includes('production_in_future')) fields.producedOn = problem('trace.produced_future');
  if (dates.includes('expiry_before_production')) fields.expiresOn = problem('trace.expiry_before_production');
  if (taken.has(v.lotNumber) || await repo.lotNumberTaken(ctx, productId, v.lotNumber)) fields.lotNumber = problem('trace.lot_number_taken');
  return fields;
}

/** Records a lot. A lot number used before for the product: 409 duplicate naming the field. */
export async function createLot(ctx: Ctx, raw: unknown, opts: { isSample?: boolean } = {}): Promise<repo.LotRecord> {
  const actor = requireActor(ctx);
  const parsed = LotSchema.safeParse(raw);
  // The schema's problems and those of the product, lot number, dates and commune, in one answer.
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  const s = stringFieldsOf(raw, ['productId', 'lotNumber', 'producedOn', 'expiresOn', 'communeCode'] as const);
  const productId = parsed.success ? parsed.data.productId : s.productId;
  const product = productId ? await repo.findProduct(ctx, productId) : null;
  if (!product || (actor.role === 'producer' && product.producerId !== actor.producerId)) {
    fields.productId ??= problem('trace.unknown_product');
  } else if (!canWriteLot(actor, { provinceCode: product.provinceCode, communeCode: product.communeCode, producerId: product.producerId })) {
    throw forbidden();
  }
  if (product) {
    const day = (k: 'producedOn' | 'expiresOn') => (fields[k] || !s[k] || !/^\d{4}-\d{2}-\d{2}$/.test(s[k]!.trim()) ? undefined : s[k]!.trim());
    const lotNumber = parsed.success ? parsed.data.lotNumber : fields.lotNumber ? undefined : s.lotNumber?.trim().toUpperCase();
    const producedOn = parsed.success ? parsed.data.producedOn : day('producedOn');
    if (lotNumber && producedOn) {
      const known = await lotProblems(ctx, { lotNumber, producedOn, expiresOn: parsed.success ? parsed.data.expiresOn : day('expiresOn') ?? null }, product.id, todayInVietnam(ctx.deps.clock()));
      for (const [k, v] of Object.entries(known)) fields[k] ??= v;
    }
    const communeCode = (parsed.success ? parsed.data.communeCode : fields.communeCode ? undefined : s.communeCode?.trim()) ?? product.communeCode;
    if (!fields.communeCode && !(await repo.findCommune(ctx, communeCode))) fields.communeCode = problem('trace.unknown_commune');
  }
  if (!parsed.success || !product || Object.keys(fields).length) {
    throw new AppError(fields.lotNumber?.code === 'trace.lot_number_taken' && Object.keys(fields).length === 1 ? 'duplicate' : 'validation_failed', 'the lot cannot be recorded as given', fields);
  }
  const v = parsed.data;
  try {
    return await writeLot(ctx, product, v, v.communeCode ?? product.communeCode, { isSample: opts.isSample ?? false });
  } catch (e) {
    // Two requests with the same lot number at once: the unique index answers the second.
    if (repo.lotClash(e) === 'number') throw new AppError('duplicate', 'this lot number is recorded for the product', { lotNumber: problem('trace.lot_number_taken') });
    throw e;
  }
}

/**
 * Writes a lot whose fields and product were checked (createLot, an EPCIS import): with a fresh
 * trace code unless one is given, and its audit row.
 */
export async function writeLot(ctx: Ctx, product: repo.ProductFacts, v: LotInput, communeCode: string, opts: { traceCode?: string; isSample: boolean; source?: 'epcis' }): Promise<repo.LotRecord> {
  const traceCode = opts.traceCode ?? await freshTraceCode(ctx, product.provinceCode);
  return inTx(ctx, async (tx) => {
    const lot = await repo.insertLot(tx, {
      productId: product.id, producerId: product.producerId, provinceCode: product.provinceCode, lotNumber: v.lotNumber, traceCode,
      producedOn: v.producedOn, expiresOn: v.expiresOn ?? null, quantity: v.quantity, unit: v.unit, facility: v.facility, communeCode,
      note: v.note || null, isSample: opts.isSample, createdBy: userIdOf(ctx.actor),
    });
    await recordAudit(tx, {
      action: 'trace_lot.create', entityType: 'trace_lot', entityId: lot.id, provinceCode: product.provinceCode,
      after: { lotNumber: lot.lotNumber, traceCode, productId: product.id, ...(opts.source ? { source: opts.source } : {}) },
    });
    return lot;
  });
}

// ─── Inputs and lab results ────────────────────────────────────────────────

/** Adds a raw-material input to a lot; a supplier written out needs its delivery document. */
export async function addInput(ctx: Ctx, lotId: string, raw: unknown, document: UploadedFile | null = null): Promise<repo.InputRecord> {
  const lot = await writableLot(ctx, lotId);
  const parsed = LotInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const v = parsed.data;
  const fields: FieldErrors = {};
  if (v.sourceKind === 'producer') {
    const p = v.supplierProducerId ? await repo.findProducer(ctx, v.supplierProducerId) : null;
    if (!p) fields.supplierProducerId = problem('trace.unknown_producer');
  } else if (v.sourceKind === 'area') {
    const a = v.materialAreaId ? await repo.findArea(ctx, v.materialAreaId) : null;
    if (!a || a.producerId !== lot.producerId) fields.materialAreaId = problem('trace.unknown_area');
  } else {
    if (!v.supplierText) fields.supplierText = problem('trace.supplier_required');
    if (!document || document.data.length === 0) fields.document = problem('trace.document_required');
  }
  if (v.quantity != null && !v.unit) fields.unit = problem('trace.unit_required');
  if (v.receivedOn && v.receivedOn > todayInVietnam(ctx.deps.clock())) fields.receivedOn = problem('trace.in_future');
  if (Object.keys(fields).length) throw validation(fields);
  const doc = document && document.data.length ? await storeUpload(ctx, `inputs/${lot.id}`, 'document', document) : null;
  return inTx(ctx, async (tx) => {
    const input = await repo.insertInput(tx, {
      lotId: lot.id, material: v.material, sourceKind: v.sourceKind,
      supplierProducerId: v.sourceKind === 'producer' ? v.supplierProducerId! : null,
      materialAreaId: v.sourceKind === 'area' ? v.materialAreaId! : null,
      supplierText: v.sourceKind === 'text' ? v.supplierText! : null,
      quantity: v.quantity ?? null, unit: v.quantity != null ? v.unit ?? null : null, receivedOn: v.receivedOn ?? null,
      documentKey: doc?.key ?? null, documentName: doc?.name ?? null, documentMime: doc?.mime ?? null,
    });
    await recordAudit(tx, { action: 'trace_lot.input_add', entityType: 'trace_lot', entityId: lot.id, provinceCode: lot.provinceCode, after: { inputId: input.id, material: v.material, sourceKind: v.sourceKind } });
    await publicFactsChanged(tx, {});
    return input;
  });
}

/** A laboratory's report: stored with its indicators, and a quality-test event on the lot the same day. */
export async function addLabResult(ctx: Ctx, lotId: string, raw: unknown, report: UploadedFile | null = null): Promise<repo.LabRecord> {
  const lot = await writableLot(ctx, lotId);
  const parsed = LabResultSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const v = parsed.data;
  const now = ctx.deps.clock();
  if (v.testedOn > todayInVietnam(now)) throw validation({ testedOn: problem('trace.in_future') });
  if (v.testedOn < lot.producedOn) throw validation({ testedOn: problem('trace.before_production') });
  const file = report && report.data.length ? await storeUpload(ctx, `lab/${lot.id}`, 'report', report) : null;
  const passed = v.indicators.every((i) => i.passed);
  // Noon of the test day in Vietnam, or now when that is still to come today.
  const noon = new Date(vietnamDayStart(v.testedOn).getTime() + 12 * 3600_000);
  const at = noon.getTime() > now.getTime() ? now : noon;
  return inTx(ctx, async (tx) => {
    const lab = await repo.insertLabResult(tx, {
      lotId: lot.id, laboratory: v.laboratory, reportNumber: v.reportNumber || null, testedOn: v.testedOn,
      indicators: v.indicators.map((i) => ({ name: i.name, result: i.result, limit: i.limit || null, passed: i.passed })), passed,
      reportKey: file?.key ?? null, reportName: file?.name ?? null, reportMime: file?.mime ?? null, createdBy: userIdOf(ctx.actor),
    });
    await events.insertEvent(tx, {
      kind: 'quality_test', producerId: lot.producerId, occurredAt: at, communeCode: lot.communeCode, facility: null,
      actor: v.laboratory, note: v.reportNumber ? `Phiếu kết quả ${v.reportNumber}` : null, labResultId: lab.id, recordedBy: userIdOf(ctx.actor),
    }, [{ lotId: lot.id, role: 'subject', quantity: null }]);
    await recordAudit(tx, { action: 'trace_lot.lab_add', entityType: 'trace_lot', entityId: lot.id, provinceCode: lot.provinceCode, after: { labResultId: lab.id, passed } });
    await publicFactsChanged(tx, {});
    return lab;
  });
}

/** A stored file of a lot (input document, lab report, event evidence) for whoever may read it; lab reports are public. */
export async function lotFile(ctx: Ctx, kind: 'input' | 'lab' | 'evidence', id: string): Promise<{ name: string; mime: string; data: Buffer }> {
  let key: string | null = null; let name = 'file'; let mime = 'application/octet-stream'; let lotIds: string[] = [];
  if (kind === 'lab') {
    const r = await repo.findLabResult(ctx, id);
    if (r) { key = r.reportKey; name = r.reportName ?? name; mime = r.reportMime ?? mime; lotIds = [r.lotId]; }
  } else if (kind === 'input') {
    const r = await repo.findInput(ctx, id);
    if (r) { key = r.documentKey; name = r.documentName ?? name; mime = r.documentMime ?? mime; lotIds = [r.lotId]; }
  } else {
    const r = await events.findEvent(ctx, id);
    if (r) { key = r.evidenceKey; name = r.evidenceName ?? name; mime = r.evidenceMime ?? mime; lotIds = r.lotIds; }
  }
  if (!key) throw notFound('file');
  if (kind !== 'lab') {
    const lots = await repo.lotsByIds(ctx, lotIds);
    if (!lots.some((l) => canReadLot(ctx.actor, located(l)))) throw notFound('file');
  }
  const data = await ctx.deps.storage.get(key);
  if (!data) throw notFound('file');
  return { name, mime, data };
}
