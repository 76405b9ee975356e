/**
 * Stamp batches (tem OCOP): issuing a batch for a product whose certificate is in force (and, when
 * named, for one production lot of that product: a scan of its stamps leads to the lot), its
 * lifecycle issued → delivered, issued|delivered → voided (final; a reason is required), the
 * printable sheets, and the alerts board. Transitions are conditional updates (status and,
 * when given, version), so of two concurrent voids exactly one wins; each writes an audit row and
 * signals verificationChanged (cached verification answers of the batch are dropped) in the same
 * transaction.
 */
import { inTx, type Ctx } from '../../context';
import { AppError, problem, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import { isValidOn } from '../../domain/certificate';
import { isIsoDate, todayInVietnam } from '../../domain/dates';
import { makeSerial, newBatchCode } from '../../domain/stamp-serial';
import { UOM_OF_UNIT } from '../../domain/trace';
import { requireActor } from '../../core/actor';
import { recordAudit } from '../audit/audit.service';
import * as repo from './stamps.repository';
import { canAcknowledgeAlert, canManageStamps, canReadStamps, stampScope } from './stamps.policy';
import {
  BatchInputSchema, DeliverInputSchema, MAX_SHEET_STAMPS, VoidInputSchema, type AlertDto, type AlertListQuery, type BatchDto,
  type BatchListQuery, type DeliverInput, type SheetQuery, type VoidInput,
} from './stamps.schema';
import { renderStampSheet } from './stamps.sheet';
import { lotTracePath, stampSecret } from './stamp-lookup';
import { verificationChanged } from '../certification/verification-feed';

const targetOf = (v: repo.BatchView) => ({ provinceCode: v.batch.provinceCode, communeCode: v.communeCode });
/** A delivery day as a timestamp: midnight in Vietnam. */
const vnMidnight = (day: string) => new Date(`${day}T00:00:00+07:00`);

export function toBatchDto(ctx: Ctx, v: repo.BatchView, secret: string): BatchDto {
  const b = v.batch;
  const manage = ctx.actor ? canManageStamps(ctx.actor, targetOf(v)) : false;
  return {
    id: b.id, code: b.code, status: b.status, quantity: b.quantity, printer: b.printer, issuedOn: b.issuedOn,
    deliveredOn: b.deliveredAt ? todayInVietnam(b.deliveredAt) : null,
    voidedAt: b.voidedAt?.toISOString() ?? null, voidReason: b.voidReason,
    product: { id: b.productId, name: v.productName },
    producer: { id: v.producerId, name: v.producerName },
    certificate: { number: v.certificateNumber, stars: v.certificateStars, expiresOn: v.certificateExpiresOn, state: v.certificateState },
    lot: b.lotId && v.lotNumber && v.lotTraceCode ? { id: b.lotId, lotNumber: v.lotNumber, traceCode: v.lotTraceCode, tracePath: lotTracePath(v.lotTraceCode) } : null,
    provinceCode: b.provinceCode, provinceName: v.provinceName, createdBy: b.createdBy, createdAt: b.createdAt.toISOString(), version: b.version,
    firstSerial: makeSerial(secret, b.code, 1), lastSerial: makeSerial(secret, b.code, b.quantity),
    scans: { serials: v.scanSerials, total: v.scanTotal }, openAlerts: v.openAlerts,
    actions: { deliver: manage && b.status === 'issued', void: manage && b.status !== 'voided' },
  };
}

async function readable(ctx: Ctx, id: string): Promise<repo.BatchView> {
  const actor = requireActor(ctx);
  const v = await repo.findBatch(ctx, id);
  if (!v || !canReadStamps(actor, targetOf(v))) throw new AppError('not_found', 'stamp batch not found');
  return v;
}

async function manageable(ctx: Ctx, id: string): Promise<repo.BatchView> {
  const v = await readable(ctx, id);
  if (!canManageStamps(requireActor(ctx), targetOf(v))) throw new AppError('forbidden', 'only the province of the batch may do this');
  return v;
}

export async function getBatch(ctx: Ctx, id: string): Promise<BatchDto> {
  return toBatchDto(ctx, await readable(ctx, id), await stampSecret(ctx.deps));
}

export async function listBatches(ctx: Ctx, q: BatchListQuery) {
  const actor = requireActor(ctx);
  const [{ items, total }, secret] = await Promise.all([repo.listBatches(ctx, stampScope(actor), q), stampSecret(ctx.deps)]);
  return { items: items.map((v) => toBatchDto(ctx, v, secret)), total, page: q.page, pageSize: q.pageSize };
}

/** A string field of raw input, for checks that still run when the schema failed (all errors in one answer). */
const rawString = (raw: unknown, key: string): string | undefined => {
  const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : undefined;
};

/**
 * The problems of issuing `quantity` stamps for a lot of `productId`: the lot must be of that
 * product and not recalled, and a lot counted in units (boxes, bottles, packs, pieces) takes at
 * most one stamp per unit.
 */
function lotProblems(lot: repo.LotForStamps | null, productId: string, quantity: number): FieldErrors {
  if (!lot) return { lotId: problem('stamps.unknown_lot') };
  if (lot.productId !== productId) return { lotId: problem('stamps.lot_of_other_product') };
  if (lot.recalled) return { lotId: problem('stamps.lot_recalled') };
  if (UOM_OF_UNIT[lot.unit] === null && quantity > lot.quantity) return { quantity: problem('stamps.more_than_lot', { quantity: lot.quantity }) };
  return {};
}

/**
 * Issue a batch: a province officer of the product's certificate's province (a national
 * administrator anywhere); the product needs a certificate in force today (else 409). With
 * `lotId`, the batch is for that production lot of the product (else 400 naming `lotId`). The
 * batch code is drawn at random and redrawn if taken.
 */
export async function issueBatch(ctx: Ctx, raw: unknown): Promise<BatchDto> {
  const actor = requireActor(ctx);
  const today = todayInVietnam(ctx.deps.clock());
  const parsed = BatchInputSchema.safeParse(raw);
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  const issuedOn = rawString(raw, 'issuedOn');
  if (issuedOn !== undefined && !fields.issuedOn) {
    if (!isIsoDate(issuedOn)) fields.issuedOn = problem('stamps.not_a_date');
    else if (issuedOn > today) fields.issuedOn = problem('stamps.date_in_future');
  }
  if (!parsed.success || Object.keys(fields).length) throw validation(fields);
  const input = parsed.data;

  const found = await repo.productWithCertificates(ctx, input.productId);
  if (!found || !canManageStamps(actor, { provinceCode: found.product.provinceCode })) throw new AppError('not_found', 'product not found');
  const cert = found.certificates.find((c) => isValidOn(c, today));
  if (!cert) throw new AppError('conflict', 'the product has no certificate in force: stamps are issued only for certified products');
  if (!canManageStamps(actor, { provinceCode: cert.provinceCode })) throw new AppError('not_found', 'product not found');
  const problems: FieldErrors = input.issuedOn < cert.issuedOn ? { issuedOn: problem('stamps.before_certificate') } : {};
  const lot = input.lotId ? await repo.findLotForStamps(ctx, input.lotId) : null;
  if (input.lotId) Object.assign(problems, lotProblems(lot, found.product.id, input.quantity));
  if (Object.keys(problems).length) throw validation(problems);

  const batch = await inTx(ctx, async (tx) => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const row = await repo.insertBatch(tx, {
        code: newBatchCode(cert.provinceCode), certificateId: cert.id, productId: found.product.id, lotId: lot?.id ?? null, provinceCode: cert.provinceCode,
        quantity: input.quantity, printer: input.printer, issuedOn: input.issuedOn, createdBy: actor.label,
        createdAt: ctx.deps.clock(), updatedAt: ctx.deps.clock(),
      });
      if (row) {
        await recordAudit(tx, {
          action: 'stamp_batch.issue', entityType: 'stamp_batch', entityId: row.id, provinceCode: row.provinceCode,
          after: {
            code: row.code, quantity: row.quantity, printer: row.printer, issuedOn: row.issuedOn, productId: row.productId, certificate: cert.number,
            ...(lot ? { lotId: lot.id, lotNumber: lot.lotNumber } : {}),
          },
        });
        await verificationChanged(tx, { batchIds: [row.id] });
        return row;
      }
    }
    throw new AppError('service_unavailable', 'no free batch code: try again');
  });
  return getBatch(ctx, batch.id);
}

async function transition(ctx: Ctx, v: repo.BatchView, from: readonly repo.BatchStatus[], version: number | undefined,
  values: Parameters<typeof repo.updateBatchIf>[4], action: string): Promise<BatchDto> {
  const b = v.batch;
  if (!from.includes(b.status)) throw new AppError('invalid_transition', `the batch is ${b.status}`);
  if (version !== undefined && version !== b.version) throw new AppError('conflict', 'the batch was changed meanwhile: reload it');
  await inTx(ctx, async (tx) => {
    const row = await repo.updateBatchIf(tx, b.id, from, version, values);
    if (!row) {
      const now = await repo.findBatch(tx, b.id);
      if (now && !from.includes(now.batch.status)) throw new AppError('invalid_transition', `the batch is ${now.batch.status}`);
      throw new AppError('conflict', 'the batch was changed meanwhile: reload it');
    }
    await recordAudit(tx, {
      action, entityType: 'stamp_batch', entityId: b.id, provinceCode: b.provinceCode,
      before: { status: b.status, version: b.version },
      after: { status: row.status, version: row.version, deliveredAt: row.deliveredAt, voidedAt: row.voidedAt, voidReason: row.voidReason },
    });
    // Cached verification answers of the batch's serials are dropped in every process on commit.
    await verificationChanged(tx, { batchIds: [b.id] });
  });
  return getBatch(ctx, b.id);
}

/** The printed stamps reached the producer (issued → delivered). */
export async function deliverBatch(ctx: Ctx, id: string, raw: DeliverInput | undefined): Promise<BatchDto> {
  const v = await manageable(ctx, id);
  const parsed = DeliverInputSchema.safeParse(raw ?? {});
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const today = todayInVietnam(ctx.deps.clock());
  const day = parsed.data.deliveredOn ?? today;
  if (!isIsoDate(day)) throw validation({ deliveredOn: problem('stamps.not_a_date') });
  if (day > today) throw validation({ deliveredOn: problem('stamps.date_in_future') });
  if (day < v.batch.issuedOn) throw validation({ deliveredOn: problem('stamps.before_batch') });
  return transition(ctx, v, ['issued'], parsed.data.version, { status: 'delivered', deliveredAt: vnMidnight(day) }, 'stamp_batch.deliver');
}

/** Void a batch (lost, stolen, misprinted): its serials stop verifying. Final. */
export async function voidBatch(ctx: Ctx, id: string, raw: VoidInput): Promise<BatchDto> {
  const v = await manageable(ctx, id);
  const parsed = VoidInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  return transition(ctx, v, ['issued', 'delivered'], parsed.data.version,
    { status: 'voided', voidedAt: ctx.deps.clock(), voidReason: parsed.data.reason }, 'stamp_batch.void');
}

/** The range of stamps a sheet request prints: from…to within the batch, at most MAX_SHEET_STAMPS. */
export function sheetRange(quantity: number, q: SheetQuery): { from: number; to: number } {
  const from = q.from ?? 1;
  const to = q.to ?? Math.min(quantity, from + MAX_SHEET_STAMPS - 1);
  const fields: FieldErrors = {};
  if (from > quantity) fields.from = problem('stamps.beyond_batch', { quantity });
  if (to > quantity) fields.to = problem('stamps.beyond_batch', { quantity });
  if (to < from) fields.to = problem('stamps.before_from');
  else if (to - from + 1 > MAX_SHEET_STAMPS) fields.to = problem('stamps.sheet_too_long', { max: MAX_SHEET_STAMPS });
  if (Object.keys(fields).length) throw validation(fields, 'invalid stamp range');
  return { from, to };
}

/** Label sheets (A4 PDF) of stamps from…to of a batch; a voided batch is not printed (409). */
export async function batchSheet(ctx: Ctx, id: string, q: SheetQuery, baseUrl: string): Promise<{ bytes: Buffer; name: string }> {
  const v = await manageable(ctx, id);
  if (v.batch.status === 'voided') throw new AppError('invalid_transition', 'the batch is voided: its stamps are not printed');
  const { from, to } = sheetRange(v.batch.quantity, q);
  const { bytes } = await renderStampSheet(await stampSecret(ctx.deps), {
    batchCode: v.batch.code, productName: v.productName, stars: v.certificateStars, provinceName: v.provinceName,
    quantity: v.batch.quantity, from, to, baseUrl, printedOn: todayInVietnam(ctx.deps.clock()),
  });
  return { bytes, name: `tem-ocop-${v.batch.code}-${from}-${to}.pdf` };
}

// ---- alerts ------------------------------------------------------------------------------

function toAlertDto(v: repo.AlertView): AlertDto {
  const a = v.alert;
  return {
    id: a.id, kind: a.kind, serial: a.serial, batch: { id: a.batchId, code: v.batchCode, status: v.batchStatus },
    product: { id: v.productId, name: v.productName }, provinceCode: a.provinceCode, provinceName: v.provinceName, scans: v.scans,
    details: a.details, createdAt: a.createdAt.toISOString(), acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null, acknowledgedBy: a.acknowledgedBy,
  };
}

export async function listAlerts(ctx: Ctx, q: AlertListQuery) {
  const actor = requireActor(ctx);
  const { items, total } = await repo.listAlerts(ctx, stampScope(actor), q);
  return { items: items.map(toAlertDto), total, page: q.page, pageSize: q.pageSize };
}

/** Mark an alert seen and handled (audited); twice → 409. */
export async function acknowledgeAlert(ctx: Ctx, id: string): Promise<AlertDto> {
  const actor = requireActor(ctx);
  const v = await repo.findAlert(ctx, id);
  if (!v || !canAcknowledgeAlert(actor, { provinceCode: v.alert.provinceCode, communeCode: v.communeCode })) throw new AppError('not_found', 'alert not found');
  if (v.alert.acknowledgedAt) throw new AppError('invalid_transition', 'the alert is already acknowledged');
  await inTx(ctx, async (tx) => {
    const row = await repo.acknowledgeAlertIf(tx, id, actor.label);
    if (!row) throw new AppError('invalid_transition', 'the alert is already acknowledged');
    await recordAudit(tx, {
      action: 'stamp_alert.acknowledge', entityType: 'stamp_alert', entityId: id, provinceCode: row.provinceCode,
      before: { acknowledgedAt: null }, after: { kind: row.kind, serial: row.serial, acknowledgedAt: row.acknowledgedAt, acknowledgedBy: row.acknowledgedBy },
    });
  });
  return toAlertDto((await repo.findAlert(ctx, id))!);
}

/**
 * What the issue form shows about a product: its certificate in force (404 outside the actor's
 * province, 409 without one) and its production lots (the lot a batch may be issued for).
 */
export async function issuePreview(ctx: Ctx, productId: string) {
  const actor = requireActor(ctx);
  const today = todayInVietnam(ctx.deps.clock());
  const found = await repo.productWithCertificates(ctx, productId);
  if (!found || !canManageStamps(actor, { provinceCode: found.product.provinceCode })) throw new AppError('not_found', 'product not found');
  const cert = found.certificates.find((c) => isValidOn(c, today));
  if (!cert) throw new AppError('conflict', 'the product has no certificate in force: stamps are issued only for certified products');
  const lots = await repo.lotsOfProduct(ctx, found.product.id);
  return {
    productId: found.product.id, productName: found.product.name, certificateNumber: cert.number, stars: cert.stars, issuedOn: cert.issuedOn, expiresOn: cert.expiresOn,
    lots: lots.map((l) => ({ id: l.id, lotNumber: l.lotNumber, traceCode: l.traceCode, producedOn: l.producedOn, expiresOn: l.expiresOn, recalled: l.recalled })),
  };
}
