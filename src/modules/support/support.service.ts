/**
 * Support to producers (hỗ trợ chủ thể): funding records per producer — what for (kind), how much
 * (integer VND), when and from which source — and their totals for an area and period. A record
 * is written once and may be deleted (a mistake) by whoever may record it; both are audited.
 */
import { inTx, type Ctx } from '../../context';
import { AppError, problem, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import type { FieldCode } from '../../core/i18n';
import { isIsoDate, todayInVietnam } from '../../domain/dates';
import { requireActor } from '../../core/actor';
import { recordAudit } from '../audit/audit.service';
import { areaRows, resolveReportArea } from '../reports/report-scope';
import * as repo from './support.repository';
import { canReadSupport, canWriteSupport, supportScope } from './support.policy';
import {
  MAX_SUPPORT_VND, SupportInputSchema, type SupportDto, type SupportListQuery, type TotalsDto, type TotalsQuery,
} from './support.schema';

const targetOf = (r: repo.SupportRow) => ({ provinceCode: r.provinceCode, communeCode: r.communeCode });

function toDto(ctx: Ctx, v: repo.SupportView): SupportDto {
  const r = v.record;
  return {
    id: r.id, producer: { id: r.producerId, name: v.producerName }, provinceCode: r.provinceCode, communeCode: r.communeCode,
    communeName: v.communeName, kind: r.kind, amountVnd: Number(r.amountVnd), grantedOn: r.grantedOn, source: r.source, note: r.note,
    isSample: r.isSample, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(),
    canDelete: ctx.actor ? canWriteSupport(ctx.actor, targetOf(r)) : false,
  };
}

export async function getSupport(ctx: Ctx, id: string): Promise<SupportDto> {
  const actor = requireActor(ctx);
  const v = await repo.findRecord(ctx, id);
  if (!v || !canReadSupport(actor, targetOf(v.record))) throw new AppError('not_found', 'support record not found');
  return toDto(ctx, v);
}

/** A period filter: real dates, from ≤ to (400 otherwise). */
export function periodOf(from: string | undefined, to: string | undefined): { from?: string; to?: string } {
  const fields: FieldErrors = {};
  const f = from?.trim() || undefined;
  const t = to?.trim() || undefined;
  if (f !== undefined && !isIsoDate(f)) fields.from = problem('support.period_date');
  if (t !== undefined && !isIsoDate(t)) fields.to = problem('support.period_date');
  if (!fields.from && !fields.to && f && t && f > t) fields.to = problem('support.period_order');
  if (Object.keys(fields).length) throw validation(fields, 'invalid period');
  return { from: f, to: t };
}

async function areaFilter(ctx: Ctx, code: string | undefined) {
  const area = await resolveReportArea(ctx, code || null);
  return { area, cond: areaRows(area) };
}

export async function listSupport(ctx: Ctx, q: SupportListQuery) {
  const actor = requireActor(ctx);
  const period = periodOf(q.from, q.to);
  const area = q.area ? (await areaFilter(ctx, q.area)).cond : undefined;
  const { items, total } = await repo.listRecords(ctx, supportScope(actor), {
    kind: q.kind, producerId: q.producerId, area, q: q.q, ...period, page: q.page, pageSize: q.pageSize,
  });
  return { items: items.map((v) => toDto(ctx, v)), total, page: q.page, pageSize: q.pageSize };
}

export async function supportTotals(ctx: Ctx, q: TotalsQuery): Promise<TotalsDto> {
  const actor = requireActor(ctx);
  const period = periodOf(q.from, q.to);
  const { area, cond } = await areaFilter(ctx, q.area);
  const t = await repo.totals(ctx, supportScope(actor), { area: cond, ...period });
  return { area: { code: area.code, name: area.name, level: area.level }, from: period.from ?? null, to: period.to ?? null, ...t };
}

const rawOf = (raw: unknown, key: string): unknown => (raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined);

/**
 * The schema's problems named for this form: a missing amount or date is required; any other
 * problem of the amount, producer, kind or date is the field's own code (zod's English kept).
 */
function supportFieldErrors(raw: unknown, fields: FieldErrors): FieldErrors {
  const own: Record<string, FieldCode> = { amountVnd: 'support.amount', producerId: 'support.producer', kind: 'support.kind', grantedOn: 'support.not_date' };
  for (const [k, code] of Object.entries(own)) {
    const p = fields[k];
    if (!p) continue;
    const missing = (k === 'amountVnd' || k === 'grantedOn') && (rawOf(raw, k) === undefined || rawOf(raw, k) === '');
    fields[k] = { ...p, code: missing ? 'required' : code };
  }
  return fields;
}

/** Record support: every problem of the input in one 400; a producer outside the caller's area → 400 (not offered). */
export async function createSupport(ctx: Ctx, raw: unknown): Promise<SupportDto> {
  const actor = requireActor(ctx);
  const today = todayInVietnam(ctx.deps.clock());
  const parsed = SupportInputSchema.safeParse(raw);
  const fields: FieldErrors = parsed.success ? {} : supportFieldErrors(raw, zodFieldErrors(parsed.error.issues));
  const grantedOn = rawOf(raw, 'grantedOn');
  if (typeof grantedOn === 'string' && !fields.grantedOn) {
    if (!isIsoDate(grantedOn)) fields.grantedOn = problem('support.not_date');
    else if (grantedOn > today) fields.grantedOn = problem('support.future');
  }
  const amount = rawOf(raw, 'amountVnd');
  if (typeof amount === 'number' && amount > MAX_SUPPORT_VND) fields.amountVnd = problem('support.amount_max');
  const producerId = rawOf(raw, 'producerId');
  const producer = typeof producerId === 'string' ? await repo.findProducer(ctx, producerId) : null;
  if (typeof producerId === 'string' && !fields.producerId && (!producer || !canWriteSupport(actor, producer))) {
    fields.producerId = problem('support.producer');
  }
  if (!parsed.success || Object.keys(fields).length || !producer) throw validation(fields);
  const input = parsed.data;
  const id = await inTx(ctx, async (tx) => {
    const row = await repo.insertRecord(tx, {
      producerId: producer.id, provinceCode: producer.provinceCode, communeCode: producer.communeCode, kind: input.kind,
      amountVnd: input.amountVnd, grantedOn: input.grantedOn, source: input.source, note: input.note, createdBy: actor.label,
      createdAt: ctx.deps.clock(),
    });
    await recordAudit(tx, {
      action: 'support.create', entityType: 'support_record', entityId: row.id, provinceCode: row.provinceCode,
      after: { producerId: row.producerId, kind: row.kind, amountVnd: row.amountVnd, grantedOn: row.grantedOn, source: row.source, note: row.note },
    });
    return row.id;
  });
  return getSupport(ctx, id);
}

export async function deleteSupport(ctx: Ctx, id: string): Promise<void> {
  const actor = requireActor(ctx);
  const v = await repo.findRecord(ctx, id);
  if (!v || !canReadSupport(actor, targetOf(v.record))) throw new AppError('not_found', 'support record not found');
  if (!canWriteSupport(actor, targetOf(v.record))) throw new AppError('forbidden', 'only an officer of the producer\'s area may delete it');
  await inTx(ctx, async (tx) => {
    const row = await repo.deleteRecord(tx, id);
    if (!row) throw new AppError('not_found', 'support record not found');
    await recordAudit(tx, {
      action: 'support.delete', entityType: 'support_record', entityId: id, provinceCode: row.provinceCode,
      before: { producerId: row.producerId, kind: row.kind, amountVnd: row.amountVnd, grantedOn: row.grantedOn, source: row.source },
    });
  });
}

/** Producers the form offers: those the caller may record support for. */
export async function supportableProducers(ctx: Ctx) {
  const actor = requireActor(ctx);
  return repo.producersIn(ctx, supportScope(actor));
}
